"""The cut chart fonts live in a cache: a cache that vanishes or is cut short while
figures are drawn must never change a figure, nor let one be drawn in another font."""

import io
import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("vl_convert")

SCRIPT = textwrap.dedent("""
    import shutil
    from analysis import fonts, render
    from analysis.fonts import FontCacheError

    spec = {"data": {"values": [{"x": "Parties 缔约方 Участники"}]}, "mark": "text",
            "encoding": {"text": {"field": "x", "type": "nominal"}}}

    def drawn():
        svg = render.to_svg(spec)
        return svg, render.to_png(svg)

    first = drawn()
    cut = render.register_fonts()[0]
    assert cut.name.startswith("chart-fonts-"), cut
    # Cut again from the files set-up cut (five CPU-seconds of fontTools saved); that a
    # real cut gives those bytes is checked wherever a fresh set-up's figures are
    # compared with the committed ones (tests/test_fonts.py).
    kept = {source: (cut / name).read_bytes()
            for name, (source, _) in fonts.CHART_FONTS.items()}
    recut = []
    fonts.drawing_font = lambda source, ranges: recut.append(source) or kept[source]
    shutil.rmtree(cut)                                # the whole cache folder gone
    after_deletion = drawn()
    print(first == after_deletion, len(recut))
    # A cache that cannot be cut again stops the run; no figure in other fonts.
    render.chart_font_dir = lambda: None
    shutil.rmtree(cut)
    try:
        drawn()
    except FontCacheError as error:
        print("stopped:", error)
""")


@pytest.mark.slow
def test_a_vanished_font_cache_is_cut_again_and_gives_the_same_bytes(tmp_path):
    # The first figure is drawn with a copy of the cut set-up made; the script then
    # deletes it while drawing, and it is cut again (from that copy's bytes) at the same
    # place. A folder damaged rather than deleted takes the same path
    # (``test_a_damaged_cut_is_set_aside...``).
    import shutil

    from analysis.fonts import chart_font_dir

    cut = chart_font_dir()
    shutil.copytree(cut, tmp_path / "firearms-wg" / cut.name)
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)}, timeout=600)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "True 3"  # the same bytes, every chart font cut again once
    assert lines[1].startswith("stopped: ") and "chart fonts vanished" in lines[1]


def test_a_damaged_cut_is_set_aside_and_cut_again(tmp_path, monkeypatch):
    # A font cut short (a disk filled up, a cache cleaner) or a missing manifest makes
    # the folder not intact; it is set aside and every font cut again, the same files.
    from analysis import fonts, paths

    monkeypatch.setattr(paths, "CACHE_DIR", tmp_path)
    cuts = []
    monkeypatch.setattr(fonts, "drawing_font", lambda source, ranges: cuts.append(
        source.name) or f"{source.name}:{ranges}".encode())
    folder = fonts.chart_font_dir()
    assert folder is not None and fonts.chart_fonts_intact(folder)
    assert len(cuts) == 3
    made = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert fonts.chart_font_dir() == folder and len(cuts) == 3  # intact: kept as it is
    for damage in (lambda: (folder / "NotoSansSC-Regular.otf").write_bytes(b""),
                   lambda: (folder / fonts.MANIFEST).unlink()):
        damage()
        assert not fonts.chart_fonts_intact(folder)
        assert fonts.chart_font_dir() == folder
        assert {path.name: path.read_bytes() for path in folder.iterdir()} == made
    assert len(cuts) == 9
    # Nothing is left beside it: no partial folder, no damaged one.
    assert [path.name for path in tmp_path.iterdir()] == [folder.name]



def test_the_chart_fonts_keep_every_table_of_their_cut_byte_for_byte():
    # The chart fonts are laid out for vl-convert (tables smallest first, no glyph
    # names): every table a renderer reads is the cut's, byte for byte, so the layout
    # cannot change a figure. Noto Sans Arabic is laid out whole: its source's tables.
    from fontTools.ttLib import TTFont

    from analysis.fonts import CHART_FONTS, EMBEDDABLE_FONTS, chart_font_dir, cut_font, drawing_font

    latin, chinese = EMBEDDABLE_FONTS["Noto Sans"], EMBEDDABLE_FONTS["Noto Sans SC"]
    for drawn, kept in (
            (drawing_font(latin, ((48, 57),)), cut_font(latin, range(48, 58), whole=True)),
            (drawing_font(chinese, ((0x56FD, 0x56FD),)),  # 国, in the CFF font
             cut_font(chinese, [0x56FD], whole=True)),
            ((chart_font_dir() / "NotoSansArabic[wdth,wght].ttf").read_bytes(),
             EMBEDDABLE_FONTS["Noto Sans Arabic"].read_bytes())):
        drawn, kept = TTFont(io.BytesIO(drawn)), TTFont(io.BytesIO(kept))
        assert sorted(drawn.reader.tables) == sorted(kept.reader.tables)
        for tag in set(drawn.reader.tables) - {"post", "head"}:
            assert drawn.reader[tag] == kept.reader[tag], tag
        # head differs only in the whole file's checksum (bytes 8-11).
        assert drawn.reader["head"][:8] + drawn.reader["head"][12:] == (
            kept.reader["head"][:8] + kept.reader["head"][12:])
        # post keeps its header (italic angle, underline, fixed pitch); only the names go.
        assert drawn.reader["post"][4:32] == kept.reader["post"][4:32]
    # Each chart font as registered: no glyph names, the tables smallest first, so that
    # each table but the largest three starts in the first 64 KB the kernel maps.
    for name in CHART_FONTS:
        with TTFont(chart_font_dir() / name, lazy=True) as font:
            assert font["post"].formatType == 3.0, name
            tables = sorted(font.reader.tables.values(), key=lambda entry: entry.offset)
        assert [entry.length for entry in tables] == sorted(entry.length for entry in tables)
        assert all(entry.offset < 65_536 for entry in tables[:-3]), name
