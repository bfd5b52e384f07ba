"""The data behind each figure, and the files the figure command writes."""

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import altair as alt
import polars as pl
import pytest
from altair.utils.schemapi import debug_mode

from analysis.figures import (
    FIGURES,
    figure_builders,
    figure_svgs,
    figure_tables,
    html_page,
    save_charts,
    show_charts_as_svg,
    write_figures,
)
from analysis.participation import (
    accession_timeline,
    engaged_not_bound,
    engagement,
    gaps_by_date,
    joined_after_meeting,
    pending_signatories,
    ratification_gap,
    regional_participation,
)
from analysis.reference import display_names
from analysis.study import build_study
from analysis.vocabulary import PALETTE, label_languages, load_labels
from tests.conftest import GERMANY, REPORT_EN, REPORT_ZH, ROOT, glyphs_missing

MEETING, LATEST = dt.date(2020, 7, 16), dt.date(2024, 5, 4)


@pytest.fixture(scope="module")
def study(shipped_study):
    assert shipped_study.attendance.equals(build_study(REPORT_ZH).attendance)  # the one report
    return shipped_study


def test_participation_counts_the_78_attending_states_by_group(study):
    table = regional_participation(study.attendance)
    attending = table.filter(pl.col("attended_as") != "absent")
    assert attending["states"].sum() == 78  # 54 + 6 + 19 listed, less the European Union
    by_kind = dict(attending.group_by("attended_as").agg(pl.col("states").sum()).iter_rows())
    assert by_kind == {"party": 53, "signatory": 6, "non_party": 19}
    weog = table.filter(pl.col("regional_group") == "WEOG")
    assert weog["members"].unique().to_list() == [29]  # 28 members plus the United States
    assert table.group_by("regional_group").agg(pl.col("states").sum())["states"].sum() == 193
    asia = dict(table.filter(pl.col("regional_group") == "Asia-Pacific")
                .group_by("attended_as").agg(pl.col("states").sum()).iter_rows())
    assert asia == {"party": 7, "signatory": 2, "non_party": 10, "absent": 35}
    # The 10 non-parties split: 9 Convention parties only, Iran party to neither.
    split = dict(table.filter((pl.col("regional_group") == "Asia-Pacific")
                              & (pl.col("attended_as") == "non_party"))
                 .select("standing", "states").iter_rows())
    assert split == {"convention_only": 9, "neither": 1, "convention_unknown": 0}


def _gap(study):
    return ratification_gap(gaps_by_date(study.statuses, [MEETING, LATEST]))


def test_gap_on_both_dates(study):
    gap = _gap(study)
    latest = gap.filter(pl.col("date") == LATEST)
    assert latest.filter(pl.col("adherence") == "protocol_party")["states"].sum() == 122
    assert latest.filter(pl.col("adherence") == "protocol_signatory")["states"].sum() == 7
    shares = latest.group_by("regional_group").agg(pl.col("share").sum())["share"]
    assert (shares - 1).abs().max() < 1e-3
    meeting = gap.filter(pl.col("date") == MEETING)
    # On the meeting date only Luxembourg's Protocol consent is open; the rest of the
    # grey share is Convention consents after the 2014 table that no source dates.
    assert meeting.filter(pl.col("adherence") == "protocol_party")["states"].sum() == 117
    gained = dict(gap.select("regional_group", "parties_gained").unique().iter_rows())
    assert gained == {"African": 1, "Asia-Pacific": 1, "Eastern European": 0, "GRULAC": 1,
                      "WEOG": 2}


def test_figures_drawn_for_the_same_date_agree(study):
    gap = _gap(study)
    parties = {(d, g): n for d, g, n in gap.filter(pl.col("adherence") == "protocol_party")
               .select("date", "regional_group", "states").iter_rows()}
    # Attendance by status (regional_participation) against gap by group, meeting date:
    # every State the report lists as a party is a party in the data, so no group can
    # show more attending parties than it has parties.
    attending = regional_participation(study.attendance).filter(
        pl.col("attended_as") == "party")
    for group, states in attending.select("regional_group", "states").iter_rows():
        assert states <= parties[(MEETING, group)], group
    listed = study.attendance.filter(pl.col("attended_as") == "party").join(
        study.meeting_status, on="entity_id")
    assert listed["status"].unique().to_list() == ["party"]
    # Engagement matrix (latest) against gap by group (latest): same parties per group.
    bound = engagement(study.attendance, study.latest_status).filter(
        pl.col("bound") == "party").group_by("regional_group").agg(pl.col("states").sum())
    for group, states in bound.iter_rows():
        assert states == parties[(LATEST, group)], group
    # Timeline against status: the same count on both dates (the EU included).
    timeline = accession_timeline()
    on = dict(timeline.select("date", "parties").iter_rows())
    assert on[LATEST] == 123 == study.latest_status.filter(pl.col("status") == "party").height
    meeting_parties = timeline.filter(pl.col("date") <= MEETING).tail(1)["parties"].item()
    assert meeting_parties == study.meeting_status.filter(pl.col("status") == "party").height


def test_engagement_and_joined_and_pending(study):
    table = engagement(study.attendance, study.latest_status)
    closest = table.filter(pl.col("attended") & (pl.col("bound") == "not_party"))
    assert closest["states"].sum() == 22
    joined = joined_after_meeting(study.attendance, study.latest_status, MEETING)
    assert joined.select("entity_id", "consent_date").rows() == [
        ("BOL", dt.date(2020, 9, 1)), ("DEU", dt.date(2021, 10, 14)),
        ("CHN", dt.date(2023, 12, 19))]
    pending = pending_signatories(study.latest_status, study.attendance, LATEST)
    assert set(pending["entity_id"]) == {"AUS", "CAN", "ISL", "JPN", "MCO", "SYC", "GBR"}
    assert pending.filter(pl.col("attended"))["entity_id"].sort().to_list() == [
        "AUS", "CAN", "GBR", "JPN"]
    assert pending.filter(pl.col("entity_id") == "AUS")["years_since_signature"].item() == 22.4


def test_engagement_figure_names_exactly_the_22_attended_not_party_states(study):
    closest = engaged_not_bound(study.attendance, study.latest_status,
                                study.status(LATEST, treaty="untoc"))
    matrix = engagement(study.attendance, study.latest_status)
    assert closest.height == 22 == matrix.filter(
        pl.col("attended") & (pl.col("bound") == "not_party"))["states"].sum()
    assert dict(closest.group_by("adherence").len().iter_rows()) == {
        "protocol_signatory": 4, "convention_only": 17, "neither": 1}
    spec = figure_builders(study, load_labels("en"))["engagement_matrix"]().to_dict()
    roster = spec["vconcat"][1]
    named = {row["display_name"]: row["adherence_label"]
             for layer in roster["layer"] for row in layer["data"]["values"]
             if "display_name" in row}
    assert len(named) == 22
    assert named["United States of America"] == "Party to the Convention only"
    assert named["United Kingdom"] == "Signatory of the Protocol, not a party"
    assert named["Japan"] == "Signatory of the Protocol, not a party"
    assert spec["title"]["subtitle"][1].startswith("4 have signed the Protocol, 17 are")


def test_charts_use_un_short_names_with_the_label_files_shorter_forms(study):
    assert dict(display_names(load_labels("zh")).iter_rows())["GBR"] == "联合王国"
    spec = figure_builders(study, load_labels("en"))["pending_signatories"]().to_dict()
    shown = spec["layer"][0]["encoding"]["y"]["sort"]
    assert shown == ["Iceland", "Australia", "Canada", "United Kingdom", "Monaco",
                     "Seychelles", "Japan"]


# English in make test-fast; every language (a second and a half each) in make test.
@pytest.mark.parametrize("lang", [lang if lang == "en" else pytest.param(
    lang, marks=pytest.mark.slow) for lang in label_languages()])
def test_every_chart_is_a_valid_vega_lite_spec_with_title_and_source(study, shipped_specs,
                                                                     lang):
    labels = load_labels(lang)
    builders = figure_builders(study, labels)
    assert tuple(builders) == FIGURES
    for name, build in builders.items():
        # The whole spec validated against the Vega-Lite schema (``to_dict``; the parts
        # are not checked again one by one as they are built): in English, Arabic (right
        # to left) and Chinese (its titles broken apart into pieces); French, Spanish and
        # Russian change the same specs' words only.
        if lang in ("en", "ar", "zh"):
            with debug_mode(False):
                chart = build()
            spec = chart.to_dict(validate=True)
        else:
            spec = shipped_specs[lang][name]
        subtitle = spec["title"]["subtitle"]
        # The source line closes the subtitle (wrapped to the canvas, a date never broken).
        assert "CTOC/COP/WG.6/2020/3" in " ".join(subtitle[-3:]), name
        assert labels.date("2024-05-04") in subtitle[-1], name
        assert spec["config"]["font"] == labels.font


def test_status_colours_are_drawn_from_the_one_palette(study):
    specs = [b().to_dict(validate=False)
             for b in figure_builders(study, load_labels("en")).values()]
    text = str(specs)
    for code in ("protocol_party", "protocol_signatory", "convention_only", "neither",
                 "unknown"):
        assert PALETTE[code].colour in text, code


@pytest.mark.slow
def test_figures_are_written_offline_and_reproducibly(tmp_path, renderer):
    study = build_study(REPORT_EN)  # any report parse accepts, here the English rendering
    # Two of the cheaper figures: every figure is drawn again, and compared byte for byte,
    # by a process of its own in test_without_a_writable_cache_... (Russian, Chinese).
    only = ["regional_participation", "accession_timeline"]
    # Three languages: left to right, right to left, and one whose font is embedded as a
    # subset (the other three draw as English does, in other words).
    langs = ["en", "ar", "zh"]
    # Drawn by the session's workers, then by a renderer of its own.
    first = write_figures(study, tmp_path / "a", langs=langs, only=only, renderer=renderer)
    second = write_figures(study, tmp_path / "b", langs=langs, only=only)
    assert {p.name for p in first} == {
        f"{name}{suffix}.{ext}" for name in only for ext in ("svg", "png", "html")
        for suffix in ("", ".ar", ".zh")}
    again = {p.name: p for p in second}
    for a in first:
        assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(
            again[a.name].read_bytes()).digest(), a.name
    by_name = {p.name: p for p in first}
    png = by_name["regional_participation.png"].read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width > 1200  # rendered at twice the chart's size
    page = by_name["regional_participation.html"].read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", page)
    assert "vegaEmbed('#chart'" in page


@pytest.mark.slow
def test_parallel_rendering_gives_the_same_bytes_as_one_by_one(tmp_path, study):
    # Shares such as 16/54 must reach Vega with every digit, whichever way they travel.
    labels = load_labels("en")
    name = "ratification_gap_by_group"
    alone = save_charts({name: figure_builders(study, labels)[name]()}, tmp_path / "a", labels)
    together = write_figures(study, tmp_path / "together", only=[name])
    assert [p.read_bytes() for p in alone] == [p.read_bytes() for p in together]


@pytest.mark.slow
def test_chinese_text_renders_as_glyphs_not_boxes(tmp_path):
    # A font without CJK glyphs draws every character as the same empty box, so two
    # different Chinese titles would give identical images. With the glyphs they differ.
    labels = load_labels("zh")

    def draw(title: str) -> list[Path]:
        chart = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q").properties(
            title=title).configure(font=labels.font)
        return save_charts({title: chart}, tmp_path, labels)

    first, second = draw("缔约方签署国"), draw("国家组会员国")
    assert first[1].read_bytes() != second[1].read_bytes()
    # SVG and HTML carry the glyphs themselves, for viewers without a Chinese font.
    for path in (first[0], first[2]):
        assert "@font-face" in path.read_text(encoding="utf-8")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [text for item in items for text in _strings(item)]


@pytest.mark.parametrize("lang", label_languages())
def test_the_cut_chart_fonts_hold_every_character_a_chart_can_show(lang):
    # Charts render with Noto Sans and Noto Sans SC cut to a few scripts; a character
    # left out would silently be drawn in another font. Every label and every State
    # or organization name of the language must be in a font of its font list.
    from fontTools.ttLib import TTFont

    from analysis.render import chart_font_dir
    from analysis.vocabulary import LABELS_DIR

    folder = chart_font_dir()
    cmaps = {"Noto Sans": TTFont(folder / "NotoSans[wdth,wght].ttf").getBestCmap(),
             "Noto Sans SC": TTFont(folder / "NotoSansSC-Regular.otf").getBestCmap(),
             "Noto Sans Arabic": TTFont(folder / "NotoSansArabic[wdth,wght].ttf").getBestCmap()}
    labels = load_labels(lang)
    stack = [cmaps[family] for family in re.findall(r'"([^"]+)"', labels.font)
             if family in cmaps]
    data = json.loads((LABELS_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    del data["font"]
    text = "".join(_strings(data)) + "".join(display_names(labels)["name"])
    drawn = {c for c in text if not c.isspace() and unicodedata.category(c) != "Cf"}
    assert len(drawn) > 60
    assert sorted(c for c in drawn if not any(ord(c) in cmap for cmap in stack)) == []


def test_html_page_escapes_script_end():
    page = html_page({"title": "</script><b>"}, "x", bundle="")
    assert "</script><b>" not in page


def test_notebook_charts_are_static_svg():
    show_charts_as_svg()
    try:
        chart = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q")
        bundle = chart._repr_mimebundle_()
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        assert data["image/svg+xml"].startswith("<svg")
        assert "text/html" not in data
    finally:
        alt.renderers.enable("default")


@pytest.mark.slow
def test_figures_command(cli, tmp_path):
    result = cli("figures", "--report", REPORT_EN, "--out", tmp_path, "--lang", "zh",
                     "--tables", tmp_path / "tables")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    tables = ("attendance", "status_meeting", "status_latest", "voice", "gap_by_group")
    assert len(lines) == 31 and lines[0].endswith("regional_participation.zh.svg")
    # Each table, then its provenance sidecar (its checksum and its inputs').
    assert lines[-10:] == [str(tmp_path / "tables" / f"{n}.csv") for n in tables] + [
        str(tmp_path / "tables" / f"{n}.source.json") for n in tables]
    attendance = pl.read_csv(tmp_path / "tables" / "attendance.csv")
    assert attendance.height == 90 and attendance["entity_id"][53] == "VEN"
    assert attendance["meeting"].unique().to_list() == ["CTOC/COP/WG.6/2020/3"]
    bad = cli("figures", "--report", tmp_path / "missing.txt")
    assert bad.returncode == 1 and "no such file" in bad.stderr


def test_figures_lang_choices_are_the_label_files(cli):
    result = cli("figures", "--lang", "xx")
    assert result.returncode == 2
    assert "choose from 'ar', 'en', 'es', 'fr', 'ru', 'zh', 'all'" in result.stderr


@pytest.mark.slow
def test_a_spec_vega_rejects_is_one_error_and_the_workers_carry_on():
    from analysis.render import Renderer

    good = {"data": {"values": [{"x": 1}]}, "mark": "point",
            "encoding": {"x": {"field": "x", "type": "quantitative"}}}
    with Renderer(workers=1) as renderer:
        with pytest.raises(RuntimeError, match="rendering failed"):
            renderer.submit({"mark": {"type": "point"}, "data": {"url": "https://x.org/a.csv"},
                             "encoding": {"x": {"field": "x", "type": "quantitative"}}}
                            ).result()
        svg, png = renderer.submit(good).result()
    assert svg.startswith("<svg") and png[:4] == b"\x89PNG"




@pytest.fixture(scope="module")
def six_languages(tmp_path_factory, study, renderer):
    out = tmp_path_factory.mktemp("six")
    write_figures(study, out, langs=label_languages(),
                  only=["accession_timeline", "ratification_gap_by_group"], renderer=renderer)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("lang", sorted(GERMANY))
def test_each_language_draws_its_own_un_names_dates_and_glyphs(six_languages, lang):
    suffix = "" if lang == "en" else f".{lang}"
    svg = (six_languages / f"accession_timeline{suffix}.svg").read_text(encoding="utf-8")
    assert GERMANY[lang] in svg
    labels = load_labels(lang)
    # The meeting's days, written as the language writes them.
    assert labels.days("2020-07-16", "2020-07-17") in svg
    html = (six_languages / f"accession_timeline{suffix}.html").read_text(encoding="utf-8")
    if lang in ("ar", "zh"):  # scripts a viewer may lack carry their glyphs
        family = {"ar": "Noto Sans Arabic", "zh": "Noto Sans SC"}[lang]
        assert f'@font-face {{ font-family: "{family}"' in svg
        assert f'@font-face {{ font-family: "{family}"' in html
    else:
        assert "@font-face" not in svg and labels.font.startswith('"Noto Sans"')


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ar", "zh"])
def test_html_and_svg_figures_embed_every_glyph_they_show_tooltips_included(six_languages,
                                                                           lang):
    for name in ("accession_timeline", "ratification_gap_by_group"):
        for fmt in ("html", "svg"):
            assert glyphs_missing(six_languages / f"{name}.{lang}.{fmt}") == [], (name, fmt)
    # The HTML tooltips use the page's fonts, not the tooltip plugin's sans-serif.
    page = (six_languages / f"accession_timeline.{lang}.html").read_text(encoding="utf-8")
    assert f"#vg-tooltip-element {{ font-family: {load_labels(lang).font}" in page


@pytest.mark.slow
def test_arabic_figures_are_drawn_right_to_left(six_languages):
    arabic = (six_languages / "ratification_gap_by_group.ar.svg").read_text(encoding="utf-8")
    english = (six_languages / "ratification_gap_by_group.svg").read_text(encoding="utf-8")
    # Group names stand right of the bars (anchored at their start) in Arabic, left of
    # them (anchored at their end) in English; the share axis runs from 100% to 0%.
    assert re.search(r'text-anchor="start"[^>]*>\u2067الدول الأفريقية \(54\)\u2069<', arabic)
    assert re.search(r'text-anchor="end"[^>]*>African States \(54\)<', english)
    def tick_x(svg: str, text: str) -> float:
        return float(re.search(rf'translate\(([\d.]+),[\d.]+\)[^>]*>\u2067?{text}\u2069?<',
                               svg).group(1))

    assert tick_x(arabic, "0%") > tick_x(arabic, "100%")
    assert tick_x(english, "0%") < tick_x(english, "100%")
    assert load_labels("ar").rtl and not load_labels("en").rtl


@pytest.mark.slow
def test_every_line_of_a_multi_line_arabic_text_is_its_own_rtl_run(study, renderer):
    # The rasteriser jumbles the words of an Arabic line that is a <tspan> of a longer
    # text unless the line is isolated (RLI ... PDI): column headers, subtitles, sources.
    svgs = figure_svgs(figure_tables(study), load_labels("ar"), renderer)
    lines = [line for svg in svgs.values() for line in re.findall(r"<tspan[^>]*>([^<]*)<", svg)]
    assert len(lines) >= 20  # the matrix's four two-line headers among them
    assert "\u2067ليست طرفا\u2069" in lines
    assert [line for line in lines if not line.startswith("\u2067")] == []


@pytest.mark.slow
def test_without_a_writable_cache_the_whole_fonts_draw_the_same_figures(tmp_path, study,
                                                                          renderer):
    # Charts render with fonts cut to the characters they draw, kept in the cache; where
    # the cache cannot be written the whole fonts are used. The figures are the same bytes.
    # A process of its own (fonts are registered once per process), drawing the two
    # figures with the most kinds of text in Russian and Chinese (the cut Noto Sans and
    # Noto Sans SC): the roster of State names with its group and status headers, and
    # the timeline's names, dates and axis. A glyph, a kerning pair or a metric the cut
    # lost changes their bytes. (Every character a chart can show is checked against
    # the cut fonts by test_the_cut_chart_fonts_hold_every_character_a_chart_can_show.
    # Noto Sans Arabic is laid out, not cut: its tables are the source's, byte for byte,
    # by test_the_chart_fonts_keep_every_table_of_their_cut_byte_for_byte.)
    from analysis.render import register_fonts

    assert register_fonts()[0].name.startswith("chart-fonts-")
    whole = tmp_path / "whole"
    only = ["engagement_matrix", "accession_timeline"]
    env = {**os.environ, "XDG_CACHE_HOME": "/dev/null/cache"}  # can never be created
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                    "from analysis.figures import write_figures; "
                    "from analysis.render import Renderer; "
                    "from analysis.study import build_study; "
                    "write_figures(build_study(), Path(sys.argv[1]), langs=['ru', 'zh'], "
                    f"only={only!r}, renderer=Renderer(workers=0))", str(whole)],
                   env=env, check=True, capture_output=True, cwd=ROOT)
    drawn = [p for p in write_figures(study, tmp_path / "cut", langs=["ru", "zh"],
                                      only=only, renderer=renderer)
             if p.suffix in (".svg", ".png")]
    assert len(drawn) == 8
    for path in drawn:
        assert (whole / path.name).read_bytes() == path.read_bytes(), path.name


def _tooltips(node):
    """Every tooltip entry of a spec (``encoding.tooltip`` lists, at any depth)."""
    if isinstance(node, dict):
        tips = node.get("encoding", {}).get("tooltip", []) if isinstance(
            node.get("encoding"), dict) else []
        yield from (tips if isinstance(tips, list) else [tips])
        for value in node.values():
            yield from _tooltips(value)
    elif isinstance(node, list):
        for value in node:
            yield from _tooltips(value)


@pytest.mark.parametrize("lang", ["en", "fr", "ru", "zh"])
def test_tooltips_are_titled_in_the_language_and_show_written_values(shipped_specs, lang):
    labels = load_labels(lang)
    words = {text for text in labels.texts.values() if isinstance(text, str)}
    seen = 0
    for name, spec in shipped_specs[lang].items():
        for tip in _tooltips(spec):
            seen += 1
            # A human title from the label file, never the column name ("day", "share").
            assert tip.get("title") in words, (name, tip)
            # Dates and shares are written out as the language writes them, not left
            # to Vega's English formats.
            assert tip["type"] != "temporal" and "format" not in tip, (name, tip)
    assert seen >= 20
    # Shares as CLDR writes percentages: "35%" in English, "35 %" in French and Russian.
    spec = shipped_specs[lang]["regional_participation"]
    shares = {row["share_text"] for row in spec["layer"][0]["data"]["values"]}
    suffix = "\xa0%" if lang in ("fr", "ru") else "%"
    assert shares and all(re.fullmatch(r"\d+" + suffix, share) for share in shares), shares


def test_statuses_resting_on_an_inference_or_a_secondary_source_are_marked(study):
    builders = figure_builders(study, load_labels("en"))

    def spec(name: str) -> dict:  # content only: test_every_chart_... validates the specs
        return builders[name]().to_dict(validate=False)

    engagement = spec("engagement_matrix")
    subtitle = " ".join(engagement["title"]["subtitle"])
    # Iran attended and is party to neither instrument on 4 May 2024, by news of 2025.
    assert "22 Member States attended in 2020 and are not parties to the Protocol on" in subtitle
    assert "closest" not in json.dumps(engagement)
    named = [row["display_name"] for row in engagement["vconcat"][1]["layer"][-1]["data"]
             ["values"]]
    assert "Iran (Islamic Republic of)*" in named and "Japan" in named
    assert "Iran (Islamic Republic of) (Convention)" in subtitle
    assert "for statuses marked *, news reports, government statements" in subtitle
    gap = " ".join(spec("ratification_gap_by_group")["title"]["subtitle"])
    assert "Inferred: Palau (Protocol); Congo, Papua New Guinea, Solomon Islands and Tuvalu" in gap
    # The map says in every State's tooltip what its status rests on.
    world = json.dumps(spec("status_map"), ensure_ascii=False)
    assert '"title": "Status rests on"' in world
    assert "Inferred (from a published total of parties" in world
    # A figure that shows no such status carries the plain source line.
    timeline = " ".join(spec("accession_timeline")["title"]["subtitle"])
    assert "marked *" not in timeline and "Status not taken" not in timeline
    # Counts name their date: the participation figure's standing on the meeting date.
    regional = " ".join(spec("regional_participation")["title"]["subtitle"])
    assert regional.startswith("78 Member States attended (on 16 July 2020: 53 parties,")
