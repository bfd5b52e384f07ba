"""Layout that survives translation, and right to left throughout (drawn figures and specs)."""

import datetime as dt
import re

import polars as pl
import pytest

from analysis import charts
from analysis.figures import figure_builders, figure_specs, figure_svgs
from analysis.measure import text_width, wrap
from analysis.vocabulary import label_languages, load_labels

MEETING = dt.date(2020, 7, 16)
RLI = "\u2067"


@pytest.fixture(scope="module")
def tables(shipped_tables):
    return shipped_tables


@pytest.fixture(scope="module")
def svgs(shipped_tables, renderer, english_svgs):
    # The whole figure set in six languages: the tests that draw it are marked slow.
    return {lang: english_svgs if lang == "en"
            else figure_svgs(shipped_tables, load_labels(lang), renderer)
            for lang in label_languages()}


def canvas_width(svg: str) -> float:
    return float(re.search(r'<svg[^>]*?width="([\d.]+)"', svg).group(1))


@pytest.mark.slow
def test_every_figure_is_as_wide_in_every_language(svgs):
    # Subtitles and sources wrap to the canvas and plots take what the axis leaves, so a
    # long French or Russian sentence never widens a figure (a blank band elsewhere).
    for name in svgs["en"]:
        widths = {lang: canvas_width(svgs[lang][name]) for lang in svgs}
        assert max(widths.values()) - min(widths.values()) <= 3, (name, widths)


@pytest.mark.slow
def test_arabic_legend_symbols_stand_right_of_their_labels(svgs):
    entries = 0
    for name, svg in svgs["ar"].items():
        pairs = re.findall(
            r'role-legend-symbol[^>]*><path transform="translate\(([-\d.]+),[^>]*></g>'
            r'<g class="mark-text role-legend-label"[^>]*><text text-anchor="(\w+)" '
            r'transform="translate\(([-\d.]+),', svg)
        assert pairs, name
        for symbol_x, anchor, label_x in pairs:
            # The label ends (text-anchor end) left of its symbol.
            assert (anchor, float(symbol_x) > float(label_x)) == ("end", True), name
        entries += len(pairs)
    assert entries >= 15
    english = re.findall(r'role-legend-label[^>]*><text text-anchor="(\w+)"',
                         svgs["en"]["regional_participation"])
    assert set(english) == {"start"}


def test_arabic_legend_entries_read_from_the_right():
    assert charts.rtl_legend_order(["a", "b", "c", "d"], 2) == ["b", "a", "d", "c"]
    # A short last row keeps its entry at the right: blanks fill its left.
    order = charts.rtl_legend_order(["a", "b", "c"], 2)
    assert order[:2] == ["b", "a"] and order[3] == "c" and not order[2].strip("\u2063")


@pytest.mark.slow
def test_every_arabic_text_is_a_right_to_left_run(svgs):
    # The rasteriser lays a text out left to right unless it is isolated as rtl: a date
    # then stands before the word it follows, and "22,5 سنة" reads unit first.
    arabic = re.compile(r"[\u0600-\u06FF]")
    texts = [text for svg in svgs["ar"].values()
             for text in re.findall(r"<t(?:ext|span)[^>]*>([^<]+)<", svg) if arabic.search(text)]
    assert len(texts) > 100
    assert [text for text in texts if not text.startswith(RLI)] == []
    assert f"{RLI}22,5 سنة\u2069" in texts
    # The timeline's "Meeting <date>": the whole label an rtl run, its date one inside it.
    assert f"{RLI}الاجتماع، {RLI}16 و17 تموز/يوليه 2020\u2069\u2069" in texts


def test_arabic_matrix_columns_run_from_the_right_and_dates_head_the_gap_rows(tables):
    def spec(lang: str, name: str) -> dict:
        return figure_builders(tables, load_labels(lang))[name]().to_dict()

    english, arabic = (spec(lang, "engagement_matrix")["vconcat"][0]["layer"][0]["encoding"]
                       ["x"]["sort"] for lang in ("en", "ar"))
    assert english[0] == "Attended · Party" and arabic[-1] == "\u2067حضرت\u2069 · \u2067طرف\u2069"
    assert len(arabic) == len(english) == 4
    for lang, anchor in (("en", "start"), ("ar", "end")):
        header = spec(lang, "ratification_gap_by_group")["facet"]["row"]["header"]
        assert (header["labelOrient"], header["labelAnchor"]) == ("top", anchor)


@pytest.mark.parametrize(("lang", "january"), [
    ("en", "Jan 2002"), ("fr", "janv. 2002"), ("es", "ene 2002"), ("ru", "янв. 2002\u202fг."),
    ("zh", "2002年1月"), ("ar", "\u2067كانون الثاني/يناير 2002\u2069")])
def test_signature_axis_months_are_written_as_the_language_writes_them(tables, lang, january):
    spec = figure_builders(tables, load_labels(lang))["pending_signatories"]().to_dict()
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    assert f'"2002-01": "{january}"' in axis["labelExpr"]
    # Ticks on the first of a month, never the ISO form "2002-01" as a label.
    assert {value["date"] for value in axis["values"]} == {1}
    assert '"2002-01": "2002-01"' not in axis["labelExpr"]


def test_subtitles_wrap_to_the_canvas_by_measured_width():
    ru = load_labels("ru")
    text = ru("gap.subtitle") + " " + ru("gap.subtitle")
    lines = wrap(text, 400, 11, ru.font)
    assert len(lines) >= 3 and " ".join(lines) == text
    assert all(text_width(line, 11, ru.font) <= 400 for line in lines)
    # Measured with the figure fonts: Chinese characters are as wide as they are tall.
    assert text_width("国" * 10, 11, load_labels("zh").font) == pytest.approx(110, abs=1)


def _steps(timeline: pl.DataFrame, column: str) -> list[tuple[int, int]]:
    return [(day.toordinal(), value) for day, value in timeline.select("date", column).iter_rows()]


def _range(steps: list[tuple[int, int]], x0: float, x1: float) -> tuple[int, int]:
    """Least and greatest value the step line takes between days x0 and x1."""
    before = [value for day, value in steps if day <= x0]
    values = [before[-1] if before else 0] + [value for day, value in steps if x0 < day <= x1]
    return min(values), max(values)


@pytest.mark.parametrize("lang", ["en", "ru", "ar"])
def test_timeline_labels_are_crossed_by_no_line(tables, lang):
    labels = load_labels(lang)
    timeline, latest = tables.timeline, tables.timeline["date"].max()
    published = tables.anchors.filter(pl.col("publisher") != "Wikipedia mirror")
    names = {"BOL": "Bolivia (Plurinational State of)", "DEU": "Germany", "CHN": "China"}
    marks = {
        "below": pl.DataFrame({"date": published["date"], "value": published["parties"],
                               "lines": [[p] for p in published["publisher"]],
                               "width": [text_width(p, 9, labels.font)
                                         for p in published["publisher"]]}),
        "above": pl.DataFrame({"date": tables.joined["consent_date"],
                               "value": tables.joined["parties"].cast(pl.Int64),
                               "lines": [wrap(names[e], 130, 10, labels.font)
                                         for e in tables.joined["entity_id"]],
                               "width": [max(text_width(line, 10, labels.font)
                                             for line in wrap(names[e], 130, 10, labels.font))
                                         for e in tables.joined["entity_id"]]})}
    px_per_day = 750 / (latest - timeline["date"].min()).days
    placed, boxes = [], []
    for side in ("below", "above"):
        boxes += [(side, box) for box in charts.place_timeline_labels(
            timeline, marks[side], side=side, rule=MEETING, px_per_day=px_per_day,
            parties_per_px=140 / 300, end=latest, placed=placed)]
        placed = [box for _, box in boxes]
    line, band = _steps(timeline, "parties"), _steps(timeline, "possible")
    meeting = MEETING.toordinal()
    assert len(boxes) == published.height + 3
    for side, box in boxes:
        low, _ = _range(line, box["x0"], box["x1"])
        _, high = _range(band, box["x0"], box["x1"])
        if side == "above":  # wholly above the line and the band, leader going up
            assert box["y0"] > high and box["leader_to"] > box["leader_from"], box
        else:  # wholly below the line, leader going down
            assert box["y1"] < low and box["leader_to"] < box["leader_from"], box
        # Never across the meeting rule, and on the side of it its point is on.
        assert (box["x1"] < meeting) == (box["x"] < meeting), box
        assert (box["x0"] > meeting) == (box["x"] > meeting), box
        assert box["x0"] <= latest.toordinal() + 1
    # No two labels overlap.
    for i, (_, a) in enumerate(boxes):
        for _, b in boxes[i + 1:]:
            assert not (a["x0"] < b["x1"] and b["x0"] < a["x1"]
                        and a["y0"] < b["y1"] and b["y0"] < a["y1"]), (a["lines"], b["lines"])
    # Bolivia joined after the meeting: its label stands right of the meeting rule.
    bolivia = next(box for side, box in boxes if side == "above" and box["x"] < meeting + 60)
    assert bolivia["x0"] > meeting


@pytest.mark.slow
def test_no_text_runs_off_the_right_or_left_edge(svgs):
    # A label wider than the room left for it would be cut at the canvas edge (the
    # French "Collection des traités des Nations Unies" at the timeline's end once was):
    # the outermost columns of every figure stay free of ink.
    import io

    import vl_convert
    from PIL import Image

    for lang in ("en", "fr", "es", "ru"):
        for name, svg in svgs[lang].items():
            image = Image.open(io.BytesIO(vl_convert.svg_to_png(svg, scale=1))).convert("L")
            width, height = image.size
            for columns in ((0, 2), (width - 2, width)):
                edge = image.crop((columns[0], 0, columns[1], height))
                assert edge.getextrema()[0] > 160, (lang, name, columns)


def test_arabic_timeline_counts_on_the_right_where_its_time_starts(tables):
    spec = dict(figure_specs(tables, load_labels("ar"), ["accession_timeline"]))[
        "accession_timeline"]
    orients = {layer["encoding"]["y"].get("axis", {}).get("orient")
               for layer in spec["layer"] if "y" in layer.get("encoding", {})}
    assert orients == {"right"}


def _text_boxes(svg: str, font: str) -> list[tuple[str, float, float, float, float]]:
    """Every text mark of a chart (not its axes or legend): ``(text, x0, y0, x1, y1)`` in
    canvas px, its width measured with the figure font at the size it is drawn."""
    import xml.etree.ElementTree as ET

    boxes = []

    def walk(node, dx, dy):
        move = re.match(r"translate\(([-\d.e]+),\s*([-\d.e]+)\)", node.get("transform", ""))
        if node.tag.endswith("}g") and move:
            dx, dy = dx + float(move[1]), dy + float(move[2])
        if node.tag.endswith("}text") and node.get("aria-roledescription") == "text mark":
            size = float(node.get("font-size", "11px").rstrip("px"))
            x, y = (float(v) for v in move.groups()) if move else (0.0, 0.0)
            spans = list(node) or [node]
            baseline, lines = y, []
            for span in spans:
                baseline += float(span.get("dy", 0))
                lines.append((span.text or "", baseline))
            width = max(text_width(text, size, font) for text, _ in lines)
            anchor = node.get("text-anchor", "start")
            x0 = dx + x - {"start": 0, "middle": width / 2, "end": width}[anchor]
            boxes.append((" ".join(t for t, _ in lines), x0, dy + lines[0][1] - 0.8 * size,
                          x0 + width, dy + lines[-1][1] + 0.2 * size))
        for child in node:
            walk(child, dx, dy)

    walk(ET.fromstring(svg), 0.0, 0.0)
    return boxes


@pytest.mark.slow  # the timeline drawn twice in six languages
@pytest.mark.parametrize("lang", label_languages())
def test_timeline_labels_stay_on_the_canvas_and_apart_on_screen_and_in_print(tables, lang,
                                                                             renderer):
    # Printed labels once ran off the figure ("UN Treaty Collectio") and into each other
    # ("AllemagneChine"): they were placed for 9-10 px text and printed at 11 px.
    from analysis.brief import _print_spec, _without_source
    from analysis.svg import svg_size

    labels = load_labels(lang)
    spec = dict(figure_specs(tables, labels, ["accession_timeline"]))["accession_timeline"]
    svgs = [renderer.submit(s).result()[0]
            for s in (spec, _print_spec(_without_source(spec, labels)))]
    for svg in svgs:
        width, _ = svg_size(svg)
        # A label's white halo is the same text in the same box: one label.
        boxes = list(dict.fromkeys(_text_boxes(svg, labels.font)))
        assert len(boxes) >= 8  # the meeting, five publishers' totals, three States
        for text, x0, _, x1, _ in boxes:
            assert 0 <= x0 and x1 <= width, (text, x0, x1, width)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                apart = a[3] + 2 <= b[1] or b[3] + 2 <= a[1] or a[4] <= b[2] or b[4] <= a[2]
                assert apart, (a, b)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_timeline_labels_stay_on_the_canvas_when_the_meeting_is_near_the_end(lang, renderer):
    # With a 2022 meeting the last total's label ("UN Treaty Collection", right of the
    # meeting line) had no room before the end and was cut at the figure's edge.
    from pathlib import Path

    from analysis.study import build_study
    from analysis.svg import svg_size
    from analysis.tables import figure_tables

    root = Path(__file__).resolve().parents[1]
    study = build_study([root / "data/raw/wg-firearms-2020-report.zh.txt",
                         root / "tests/fixtures/wg-firearms-2022-test-meeting.en.txt"])
    labels = load_labels(lang)
    spec = dict(figure_specs(figure_tables(study), labels,
                             ["accession_timeline"]))["accession_timeline"]
    svg = renderer.submit(spec).result()[0]
    width, _ = svg_size(svg)
    boxes = _text_boxes(svg, labels.font)
    assert any("Treaty" in text or "traités" in text for text, *_ in boxes)
    for text, x0, _, x1, _ in boxes:
        assert 0 <= x0 and x1 <= width, (text, x0, x1, width)
