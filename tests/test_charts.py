"""Each chart drawn from a small inline table: what it shows is what it was given."""

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from analysis import charts
from analysis.vocabulary import load_labels

EN, ZH = load_labels("en"), load_labels("zh")
MEETING, LATEST = dt.date(2020, 7, 16), dt.date(2024, 5, 4)
NAMES = pl.DataFrame({"entity_id": ["AUS", "FRA", "CHN"],
                      "name": ["Australia", "France", "China"]})


def values(spec: dict) -> list[dict]:
    """Every inline data row of a spec, whatever layer holds it."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("values"), list):
                found.extend(v for v in node["values"] if isinstance(v, dict))
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(spec)
    return found


def test_charts_read_no_files():
    text = Path(charts.__file__).read_text(encoding="utf-8")
    for loader in ("analysis.reference", "analysis.paths", "analysis.treaty", "open(",
                   "read_text", "read_csv"):
        assert loader not in text, loader


def test_regional_participation_counts_and_group_names():
    table = pl.DataFrame({"regional_group": ["WEOG", "WEOG", "African"],
                          "attendance": ["party", "absent", "signatory"],
                          "states": [19, 10, 2], "members": [29, 29, 54],
                          "share": [19 / 29, 10 / 29, 2 / 54]})
    spec = charts.regional_participation_chart(table, meeting_date=MEETING, source="src",
                                               labels=ZH).to_dict()
    assert spec["title"]["subtitle"][0].startswith("21 个会员国出席（缔约方 19 个、签署国 2 个")
    assert {row["group"] for row in values(spec)} == {"西欧和其他国家组", "非洲国家组"}
    assert spec["title"]["subtitle"][-1] == "src"


def test_ratification_gap_one_row_of_bars_per_date():
    table = pl.DataFrame({"date": [MEETING, MEETING, LATEST, LATEST],
                          "regional_group": ["GRULAC"] * 4,
                          "adherence": ["protocol_party", "convention_only", "protocol_party",
                                        "unknown"],
                          "states": [30, 3, 33, 0], "members": [33] * 4,
                          "share": [30 / 33, 3 / 33, 1.0, 0.0]})
    spec = charts.ratification_gap_chart(table, source="s", labels=EN).to_dict()
    assert spec["title"]["text"] == (
        "Ratification gap by regional group: 16 July 2020 and 4 May 2024")
    assert {row["day"] for row in values(spec)} == {"16 July 2020", "4 May 2024"}
    # A category no State is in on either date takes no room in the legend.
    assert {row["adherence_label"] for row in values(spec)} == {
        "Party to the Protocol", "Convention party only (one instrument away)"}


def test_engagement_matrix_counts_the_closest_states():
    table = pl.DataFrame({"regional_group": ["WEOG", "African", "African"],
                          "attended": [True, True, False],
                          "bound": ["not_party", "not_party", "party"], "states": [3, 4, 9]})
    spec = charts.engagement_matrix_chart(table, meeting_date=dt.date(2019, 5, 1),
                                          latest_date=LATEST, source="s", labels=EN).to_dict()
    assert spec["title"]["subtitle"][0].startswith("7 Member States attended in 2019")
    assert sorted(row["states"] for row in values(spec)) == [3, 4, 9]


def test_accession_timeline_labels_later_accessions_by_name():
    timeline = pl.DataFrame({"date": [dt.date(2005, 1, 1), LATEST], "parties": [40, 100],
                             "possible": [60, 123]})
    anchors = pl.DataFrame({"date": [LATEST], "parties": [123], "publisher": ["UNTC"]})
    joined = pl.DataFrame({"entity_id": ["CHN", "XYZ"],
                           "consent_date": [dt.date(2023, 12, 19), dt.date(2022, 1, 3)],
                           "parties": [99, 95]})
    spec = charts.accession_timeline_chart(timeline, anchors, joined, NAMES,
                                           meeting_date=MEETING, source="s",
                                           labels=EN).to_dict()
    texts = {row["text"]: row["label_y"] for row in values(spec) if "label_y" in row}
    # Names sit above the line at their deposit, neighbours on alternate rows; the
    # published total is labelled by its publisher below its point.
    assert texts == {"XYZ": 95 + 5, "China": 99 + 12, "UNTC": 123 - 7}
    assert spec["title"]["text"] == "Parties to the Firearms Protocol, 2001–2024"


def test_status_map_outlines_attending_states_and_counts_undrawn_ones():
    topology = ('{"type": "Topology", "arcs": [], "objects": {"countries": '
                '{"type": "GeometryCollection", "geometries": [{"type": null, "id": "250"}]}}}')
    status = pl.DataFrame({"iso3": ["FRA", "AUS"], "status": ["party", "signatory"],
                           "membership": ["member", "member"]})
    m49 = pl.DataFrame({"iso3": ["FRA", "AUS"], "m49": ["250", "036"]})
    spec = charts.status_map_chart(status, pl.DataFrame({"iso3": ["FRA"]}), m49, NAMES,
                                   topology, as_of=LATEST, meeting_date=MEETING, source="s",
                                   labels=EN).to_dict()
    rows = {row["display_name"]: row["attended"] for row in values(spec)
            if "display_name" in row}
    assert rows == {"France": True, "Australia": False}
    assert "1 small Member States are not drawn" in spec["title"]["subtitle"][0]


def test_pending_signatories_marks_those_that_attended():
    pending = pl.DataFrame({"entity_id": ["AUS", "FRA"], "signature_known": [True, False],
                            "years_since_signature": [22.4, 21.4], "attended": [True, False],
                            "signature_date": [dt.date(2001, 12, 21), dt.date(2002, 12, 12)]})
    spec = charts.pending_signatories_chart(pending, NAMES, as_of=LATEST, meeting_date=MEETING,
                                            source="s", labels=ZH).to_dict()
    notes = {row["display_name"]: row["note"] for row in values(spec)}
    assert notes == {"Australia": "出席2020年会议", "France": ""}


def test_voice_by_group_totals():
    table = pl.DataFrame({"regional_group": ["WEOG", "GRULAC"], "attended": [19, 17],
                          "made_statement": [3, 6], "led_panel": [2, 1], "spoke": [4, 6],
                          "share_spoke": [4 / 19, 6 / 17]})
    spec = charts.voice_by_group_chart(table, meeting_date=MEETING, source="s",
                                       labels=EN).to_dict()
    assert spec["title"]["subtitle"][0].startswith("10 of the 36 Member States")


@pytest.mark.parametrize("code", ["party", "signatory", "none", "unknown"])
def test_every_status_has_a_colour_and_a_label_in_every_language(code):
    assert code in charts.STATUS_COLOURS
    assert EN(f"status.{code}") and ZH(f"status.{code}")


def test_every_label_key_is_drawn_by_some_chart():
    source = Path(charts.__file__).read_text(encoding="utf-8")
    # Keys looked up by family: "status.party" through keys_of("status", ...), etc.
    families = {"group", "status", "attendance", "bound", "adherence", "publisher"}
    unused = [key for key in EN.texts
              if f'"{key}"' not in source and key.split(".")[0] not in families]
    assert not unused
