"""The pinned fonts: the files charts draw and pages embed with, and the cut charts draw.

Owns which font files the package draws with (Noto Sans, Noto Sans SC and Noto Sans
Arabic, from their font packages), which characters the charts draw with each, and the
copies of those fonts, cut to those characters and laid out for vl-convert, that the
renderer registers (``chart_font_dir``) and text measurement reads (``measure``). It
sits below both, so the layout of text (``measure``, for ``charts``) and its drawing
(``render``, for ``figures``) read one font table and neither imports the other.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
import pylopdf_fonts_zh_cn

from analysis import paths
from analysis.errors import AnalysisError

ARABIC_FONT_DIR = Path(fontpkg_noto_sans_arabic.__file__).parent / "files"
"""The folder of Noto Sans Arabic (charts draw with every glyph of it)."""
EMBEDDABLE_FONTS = {"Noto Sans SC": pylopdf_fonts_zh_cn.sans_path(),
                    "Noto Sans Arabic": ARABIC_FONT_DIR / "NotoSansArabic[wdth,wght].ttf",
                    "Noto Sans": Path(fontpkg_noto_sans.__file__).parent / "files"
                    / "NotoSans[wdth,wght].ttf"}
"""Font files whose glyphs a label language may embed (``Labels.embed_font``)."""

# What the charts draw with each font, as (first, last) code point ranges; the glyphs of
# these characters, with their outlines, variations and layout rules, are kept whole.
# Noto Sans: Latin, IPA, combining marks, Greek, Cyrillic, Latin Extended Additional,
# general punctuation, currency, letterlike symbols, arrows, mathematical operators,
# geometric shapes. Noto Sans SC: GB 2312 (the 6,763 hanzi of the standard repertoire
# of simplified Chinese, with its symbols), CJK and full-width punctuation, Latin.
_LATIN_GREEK_CYRILLIC = ((0x20, 0x7E), (0xA0, 0x36F), (0x370, 0x3FF), (0x400, 0x52F),
                         (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF),
                         (0x2100, 0x214F), (0x2190, 0x22FF), (0x25A0, 0x25FF))
_CHINESE = ("GB 2312", (0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x3000, 0x303F),
            (0xFF00, 0xFFEF))
CHART_FONTS = {
    "NotoSans[wdth,wght].ttf": (
        Path(fontpkg_noto_sans.__file__).parent / "files" / "NotoSans[wdth,wght].ttf",
        _LATIN_GREEK_CYRILLIC),
    "NotoSansSC-Regular.otf": (pylopdf_fonts_zh_cn.sans_path(), _CHINESE),
    "NotoSansArabic[wdth,wght].ttf": (ARABIC_FONT_DIR / "NotoSansArabic[wdth,wght].ttf", None),
}
"""``{file name: (source, character ranges)}`` of the chart fonts; None keeps every glyph."""


def _code_points(ranges: tuple) -> list[int]:
    """The code points of ``(first, last)`` ranges and of the named character sets."""
    points = set()
    for part in ranges:
        if part == "GB 2312":  # every valid two-byte code of rows 0xA1-0xF7
            for row in range(0xA1, 0xF8):
                for cell in range(0xA1, 0xFF):
                    points.update(map(ord, bytes((row, cell)).decode("gb2312", "ignore")))
        else:
            points.update(range(part[0], part[1] + 1))
    return sorted(points)


def cut_font(source: Path, code_points: Iterable[int], *, whole: bool = False) -> bytes:
    """The font file ``source`` with just the glyphs of ``code_points`` (fontTools).

    The font's names and licence stay with its glyphs, and no timestamp is written,
    so the same input gives the same bytes. ``whole`` keeps every layout feature, the
    empty-glyph outline and the glyph names (a font to draw with); otherwise only the
    features horizontal text uses (a font to embed: a third of the size and time).

    Example:
        >>> len(cut_font(EMBEDDABLE_FONTS["Noto Sans SC"], map(ord, "缔约方"))) < 20_000
        True
    """
    from fontTools import subset  # a tenth of a second to import; few runs need it

    options = subset.Options()
    options.recalc_timestamp = False
    options.name_IDs = ["*"]
    if whole:
        options.layout_features = ["*"]
        options.notdef_outline = True
        options.glyph_names = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=list(code_points))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    font.close()
    return buffer.getvalue()


def drawing_font(source: Path, ranges: tuple | None) -> bytes:
    """The font file charts draw with: ``source`` cut to ``ranges``, laid out for vl-convert.

    ``ranges`` None keeps every glyph.

    vl-convert opens and maps the file again for every glyph it measures or draws, and
    reads the start of nearly every table each time; the kernel maps 64 KB around each
    page first read. With the tables smallest first and the glyph names left out (no
    renderer reads them; ``post`` shrinks from 24 KB to 32 bytes) those starts share the
    first 64 KB, and the glyph outlines come last: an English figure set takes a third
    of the page faults and half the kernel time. The glyphs, metrics and layout rules are the
    source's, byte for byte, so the figures are the same bytes as with the whole fonts.

    Example:
        >>> from fontTools.ttLib import TTFont
        >>> font = TTFont(io.BytesIO(drawing_font(EMBEDDABLE_FONTS["Noto Sans"], ((48, 57),))))
        >>> tables = font.reader.tables
        >>> sorted(tables, key=lambda tag: tables[tag].offset)[-2:], font["post"].formatType
        (['glyf', 'gvar'], 3.0)
    """
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.ttFont import reorderFontTables

    data = source.read_bytes() if ranges is None else cut_font(
        source, _code_points(ranges), whole=True)
    font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
    font["post"].formatType = 3.0  # no glyph names
    named = io.BytesIO()
    font.save(named, reorderTables=False)
    font.close()
    tables = TTFont(io.BytesIO(named.getvalue()), lazy=True)
    order = sorted(tables.reader.tables, key=lambda tag: (tables.reader.tables[tag].length, tag))
    tables.close()
    laid_out = io.BytesIO()
    reorderFontTables(io.BytesIO(named.getvalue()), laid_out, tableOrder=order)
    return laid_out.getvalue()


MANIFEST = "sizes.json"
"""In a folder of cut fonts: each file's size, written last; a folder without it is partial."""
_LAYOUT = "tables smallest first, no glyph names"
"""Part of the chart fonts' recipe: a folder laid out otherwise is not reused."""


class FontCacheError(AnalysisError):
    """The cut chart fonts are missing or damaged and cannot be cut again."""

    def __init__(self, folder: Path, problem: str) -> None:
        self.folder = folder
        super().__init__(f"{folder}: the chart fonts {problem}; no figure is drawn with "
                         "other fonts (check that the folder can be written)")


def chart_fonts_intact(folder: Path) -> bool:
    """Whether ``folder`` holds every cut font, each of the size it was written with.

    File sizes are compared (no font is read), so a worker can ask before and
    after every figure it draws.

    Example:
        >>> chart_fonts_intact(chart_font_dir())
        True
    """
    try:
        sizes = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return sizes.keys() == CHART_FONTS.keys() and all(
            (folder / name).stat().st_size == size for name, size in sizes.items())
    except (OSError, ValueError, AttributeError):
        return False


def chart_font_dir() -> Path | None:
    """A folder of the chart fonts as charts draw with them (``drawing_font``; built once).

    Noto Sans and Noto Sans SC are cut to the scripts charts draw, Noto Sans Arabic kept
    whole. vl-convert opens and maps a font file afresh for every glyph it measures or
    draws, so the size of the file and the place of its tables are paid again and
    again: cut and laid out, an English figure renders with about a third of the
    kernel time of the whole font. Every glyph of those characters is kept whole
    (outlines, variations, layout rules), so the figures are the same bytes as with the
    whole fonts. The folder is kept in ``paths.CACHE_DIR`` under a digest of the font
    and fontTools versions, the character lists and the layout (``make`` builds it at
    set-up, in about ten seconds; a folder of an older recipe, about 4 MB, is left for
    whatever process may still use it).

    A folder that is missing, partial or damaged (``chart_fonts_intact``) is cut
    again, at the same place, so a worker that registered it draws with the same
    glyphs; a damaged one is moved aside first. None when the cache cannot be written
    and holds no intact cut: then the whole fonts are used, the same faces.

    Example:
        >>> sorted(f.name for f in chart_font_dir().iterdir())  # doctest: +NORMALIZE_WHITESPACE
        ['NotoSansArabic[wdth,wght].ttf', 'NotoSansSC-Regular.otf',
         'NotoSans[wdth,wght].ttf', 'sizes.json']
    """
    from importlib.metadata import version  # a twentieth of a second; workers skip it

    # The manifest's name is part of the recipe: a folder cut before there was one gets
    # a new name, and is left to whatever process may still draw with it.
    recipe = repr([(name, ranges) for name, (_, ranges) in CHART_FONTS.items()]) + ";".join(
        version(package) for package in ("fontpkg-noto-sans", "fontpkg-noto-sans-arabic",
                                         "pylopdf-fonts-zh-cn", "fonttools")
    ) + MANIFEST + _LAYOUT
    folder = paths.CACHE_DIR / f"chart-fonts-{hashlib.sha256(recipe.encode()).hexdigest()[:12]}"
    if chart_fonts_intact(folder):
        return folder
    partial = folder.with_name(f"{folder.name}.{os.getpid()}.partial")
    try:
        partial.mkdir(parents=True, exist_ok=True)
        sizes = {}
        for name, (source, ranges) in CHART_FONTS.items():
            sizes[name] = (partial / name).write_bytes(drawing_font(source, ranges))
        (partial / MANIFEST).write_text(json.dumps(sizes, sort_keys=True), encoding="utf-8")
        if folder.exists() and not chart_fonts_intact(folder):
            # Partial or damaged (a file deleted or cut short): set aside, not reused.
            folder.rename(folder.with_name(f"{folder.name}.{os.getpid()}.damaged"))
            shutil.rmtree(folder.with_name(f"{folder.name}.{os.getpid()}.damaged"),
                          ignore_errors=True)
        # Renamed at once: a worker starting at the same moment sees all or nothing.
        # A folder cut by an older recipe stays: a process still running may be drawing
        # with it, and vl-convert opens its files again for every glyph.
        partial.rename(folder)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)
    # Another process may have renamed its cut into place first: as good as ours.
    return folder if chart_fonts_intact(folder) else None
