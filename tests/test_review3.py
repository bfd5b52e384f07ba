"""The third publications review: no meeting rule runs through a label of the timeline.

Read from the SVG as drawn (Arabic mirrored), in every language, for the series of two
meetings (the 2020 report and the 2022 TEST FIXTURE) and for the single 2020 meeting.
"""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from analysis.figures import figure_specs
from analysis.measure import text_width
from analysis.render import to_svg
from analysis.study import build_study
from analysis.tables import figure_tables
from analysis.vocabulary import load_labels
from tests.conftest import REPORT_ZH, ROOT

LATER = ROOT / "tests" / "fixtures" / "wg-firearms-2022-test-meeting.en.txt"
ALL_LANGS = ("ar", "en", "es", "fr", "ru", "zh")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def series_tables():
    return figure_tables(build_study([LATER, REPORT_ZH]))


def _translate(element):
    x, y = re.match(r"translate\(([-\d.e]+),([-\d.e]+)\)", element.get("transform")).groups()
    return float(x), float(y)


def _marks(svg: str, kind: str):
    """The elements of the plot's own marks (not axes, legends or titles) of ``kind``."""
    root = ET.fromstring(svg)
    for group in root.iter(f"{SVG}g"):
        if f"mark-{kind} role-mark" in (group.get("class") or ""):
            yield from group


def _rules(svg: str):
    """The meeting rules' dashed stretches: ``(x, y0, y1)`` in px."""
    for line in _marks(svg, "rule"):
        if line.get("stroke-dasharray"):
            x, y = _translate(line)
            yield x, y + min(0.0, float(line.get("y2", 0))), y + max(0.0, float(line.get("y2", 0)))


def _text_boxes(svg: str, font: str):
    """Each label's ink box ``(text, x0, x1, y0, y1)`` in px, from its lines and anchor."""
    for text in _marks(svg, "text"):
        x, y = _translate(text)
        size = float(text.get("font-size").removesuffix("px"))
        spans = list(text.iter(f"{SVG}tspan")) or [text]
        lines = ["".join(span.itertext()) if span is not text else (text.text or "")
                 for span in spans]
        drop = sum(float(span.get("dy", 0)) for span in spans[1:])
        width = max(text_width(line, int(size), font) for line in lines)
        anchor = text.get("text-anchor", "start")
        x0 = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
        yield " / ".join(lines), x0, x0 + width, y - 0.8 * size, y + drop + 0.25 * size


def _crossings(svg: str, font: str) -> list[str]:
    rules = list(_rules(svg))
    assert rules, "no meeting rule drawn"
    return [f"{text!r} crossed by the rule at x={x:.0f}"
            for text, x0, x1, y0, y1 in _text_boxes(svg, font)
            for x, r0, r1 in rules
            if x0 - 1 <= x <= x1 + 1 and r0 < y1 and r1 > y0]


@pytest.mark.slow  # the timeline drawn in six languages, twice
@pytest.mark.parametrize("lang", ALL_LANGS)
def test_no_meeting_rule_runs_through_a_timeline_label(series_tables, shipped_tables, lang):
    labels = load_labels(lang)
    for which, tables in (("series", series_tables), ("one meeting", shipped_tables)):
        spec = dict(figure_specs(tables, labels, ["accession_timeline"]))["accession_timeline"]
        svg = to_svg(spec)
        rules = {x for x, _, _ in _rules(svg)}
        assert len(rules) == (2 if which == "series" else 1), (which, rules)
        assert _crossings(svg, labels.font) == [], (lang, which)


def test_arabic_wide_matrix_opens_at_its_start_and_fits_a_1200_px_window(cli, tmp_path):
    assert cli("brief", "--lang", "ar", "--out", tmp_path / "brief.ar.html").returncode == 0
    page = (tmp_path / "brief.ar.html").read_text(encoding="utf-8")
    assert "<script" not in page
    wide = re.findall(r'<figure class="[^"]*\bwide\b[^"]*"[^>]*--screen-width: (\d+)px[^>]*>'
                      r'<svg[^>]*?width="(\d+)"', page)
    assert wide  # the engagement matrix, 1107 px
    for screen, svg in wide:
        # It leaves the 192 mm column for the window's width: whole in a 1200 px window.
        assert screen == svg and int(svg) <= 1200 - 48
    # The scroller takes the page's direction (opens at the right), its drawing stays ltr.
    assert '[dir="rtl"] figure.wide { direction: rtl; }' in page
    assert "figure svg { direction: ltr; }" in page
    # The cue where it scrolls: a shadow at each edge where more of it lies.
    assert page.count("no-repeat local") == 2 and page.count("no-repeat scroll") == 2


def _boxed(text: str, folder) -> list[str]:
    """What the printed briefing's unbreakable-number rule (brief.typ) keeps on one line in
    ``text``, matched by Typst's own regex engine."""
    import typst

    source = (ROOT / "analysis" / "templates" / "brief.typ").read_text(encoding="utf-8")
    rule = next(line for line in source.splitlines()
                if line.startswith("#show regex(") and line.endswith("box(it)"))
    pattern = rule.removeprefix("#show regex(").split("): it =>")[0]
    doc = folder / "boxed.typ"
    doc.write_text(f"#show regex({pattern}): it => [#metadata(it.text) <boxed>]\n{text}\n",
                   encoding="utf-8")
    return [match["value"] for match in json.loads(typst.query(str(doc), "<boxed>"))]


def test_a_printed_date_stays_on_one_line(tmp_path):
    # Review 3: "في 1 أيلول/ ⏎ سبتمبر 2020" broke after the slash of the double month name.
    arabic = "منذ الاجتماع في 1 أيلول/سبتمبر 2020، وفي 14 تشرين الأول/أكتوبر 2021"
    assert _boxed(arabic, tmp_path) == ["1 أيلول/سبتمبر 2020", "14 تشرين الأول/أكتوبر 2021"]
    english = "On 4 May 2024, 56 of these 78 States"
    assert _boxed(english, tmp_path) == ["4 May 2024", "56 of", "78 States"]

