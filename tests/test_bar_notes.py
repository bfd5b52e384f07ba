"""What the bar figures say about their marks: the unknown named, the marks on the bars,
one colour one meaning, and the engagement grid where reading starts."""

import datetime as dt
import re

import pytest

from analysis.figures import figure_specs
from analysis.reference import COUNTED_WITH, load_member_states
from analysis.render import to_svg
from analysis.vocabulary import PALETTE, label_languages, load_labels
from tests.conftest import spec_nodes

# Luxembourg's consent to the Protocol is known only by its bounds (treaty_participation).
LUX_AFTER, LUX_BY = dt.date(2020, 5, 1), dt.date(2022, 10, 31)
LUXEMBOURG = {"en": "Luxembourg", "fr": "Luxembourg", "es": "Luxemburgo", "ru": "Люксембург",
              "zh": "卢森堡", "ar": "لكسمبرغ"}
STATUS = ("protocol_party", "protocol_signatory", "convention_only", "convention_unknown",
          "neither", "unknown")


def _spec(tables, lang: str, name: str) -> dict:
    return dict(figure_specs(tables, load_labels(lang), [name]))[name]


def _rows(spec: dict) -> list[dict]:
    """Every inline data row of a spec, whatever layer holds it."""
    return [row for node in spec_nodes(spec) if isinstance(node.get("values"), list)
            for row in node["values"] if isinstance(row, dict)]


def _note(spec: dict, lang: str) -> str:
    """The subtitle as one text: wrapped lines joined, isolation marks dropped."""
    text = ("" if lang == "zh" else " ").join(spec["title"]["subtitle"])
    return re.sub("[\u2066-\u2069]", "", text)


@pytest.mark.parametrize("lang", label_languages())
def test_the_gap_figure_names_the_unknown_state_and_its_bounds(shipped_tables, lang):
    labels = load_labels(lang)
    note = _note(_spec(shipped_tables, lang, "ratification_gap_by_group"), lang)
    unknown = note[note.index(labels.texts["unknown.note"].split("{states}")[0]):]
    assert LUXEMBOURG[lang] in unknown
    for day in (LUX_AFTER, LUX_BY):
        assert re.sub("[\u2066-\u2069]", "", labels.date(day)) in unknown, (lang, day)


def test_the_english_note_reads_as_a_sentence(shipped_tables):
    note = _note(_spec(shipped_tables, "en", "ratification_gap_by_group"), "en")
    assert ("Unknown: Luxembourg (became a party to the Protocol after 1 May 2020 and by "
            "31 October 2022).") in note
    # Luxembourg is grey on the meeting date only: a party on the latest date.
    rows = _rows(_spec(shipped_tables, "en", "ratification_gap_by_group"))
    grey = {(row["day"], row["group"]) for row in rows if row["adherence"] == "unknown"
            and row["states"]}
    assert grey == {("16 July 2020", "Western European and other States (29)")}


def test_no_unknown_note_where_no_attending_state_is_unknown(shipped_tables):
    # Every State that attended in 2020 has a dated standing: no grey segment, no note.
    note = _note(_spec(shipped_tables, "en", "regional_participation"), "en")
    assert "Unknown:" not in note


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_the_segment_holding_iran_carries_the_mark(shipped_tables, lang):
    labels = load_labels(lang)
    spec = _spec(shipped_tables, lang, "regional_participation")
    marks = [row for row in _rows(spec) if "mark" in row]
    # Iran, the Asia-Pacific group's one attending State party to neither instrument,
    # rests on a secondary source: its segment ends at the group's 19th attending State.
    assert marks == [{"end": 19, "group": labels.group("Asia-Pacific"), "mark": "*"}]


def test_the_gap_counts_carry_the_mark_of_the_states_they_hold(shipped_tables):
    spec = _spec(shipped_tables, "en", "ratification_gap_by_group")
    rows = {(row["day"], row["regional_group"], row["adherence"]): row["count"]
            for row in _rows(spec)}
    # Luxembourg (a secondary source) is the one unknown WEOG State in 2020; Iran is
    # among the Asia-Pacific States party to neither instrument on both dates.
    assert rows[("16 July 2020", "WEOG", "unknown")] == "1*"
    assert rows[("4 May 2024", "Asia-Pacific", "neither")].endswith("*")
    # Depositary records only: Eastern European parties carry no mark.
    assert rows[("4 May 2024", "Eastern European", "protocol_party")] == "21"


def test_the_voice_figure_draws_attendance_in_no_grey_and_no_status_colour(shipped_tables):
    spec = _spec(shipped_tables, "en", "voice_by_group")
    scale = next(node["encoding"]["color"]["scale"] for node in spec_nodes(spec)
                 if "scale" in (node.get("encoding", {}).get("color") or {}))
    attended = dict(zip(scale["domain"], scale["range"], strict=True))["Attended"]
    assert attended != PALETTE["unknown"].colour
    red, green, blue = (int(attended[i:i + 2], 16) for i in (1, 3, 5))
    assert max(red, green, blue) - min(red, green, blue) > 40  # not a grey
    assert attended not in {PALETTE[code].colour for code in STATUS}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_participation_figure_says_turkiye_is_counted_with_weog(shipped_tables, lang):
    # The reference table puts Türkiye in WEOG (it sits in Asia-Pacific too).
    states = load_member_states()
    assert states.filter(states["iso3"] == "TUR")["regional_group"].item() == "WEOG"
    assert COUNTED_WITH["TUR"] == "WEOG"
    note = _note(_spec(shipped_tables, lang, "regional_participation"), lang)
    # Russian: "Тюркийе", the UN's Russian short name since June 2022 (the label notes).
    assert {"en": "Türkiye", "ru": "Тюркийе"}[lang] in note


def _grid(svg: str) -> tuple[float, float, float]:
    """The canvas width and the left and right edges of the engagement grid's cells."""
    width = float(re.search(r'<svg[^>]*?width="([\d.]+)"', svg).group(1))
    start = svg.index("concat_0_layer_0_marks")
    offset = sum(float(x) for x in re.findall(r'translate\(([-\d.]+),', svg[:start]))
    cells = [(float(x), float(w)) for x, w in re.findall(
        r'd="M([\d.]+),[\d.]+h([\d.]+)v', svg[start:svg.index("</g>", start)])]
    return width, offset + min(x for x, _ in cells), offset + max(x + w for x, w in cells)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_engagement_grid_spans_the_canvas_from_where_reading_starts(shipped_tables, lang):
    width, left, right = _grid(to_svg(_spec(shipped_tables, lang, "engagement_matrix")))
    axis = 210  # the group names beside the grid
    if lang == "ar":
        # The group names at the right edge, the grid from them to the left edge.
        assert right + axis >= width - 20 and left <= 20, (width, left, right)
    else:
        assert left <= axis + 20 and right >= width - 20, (width, left, right)
