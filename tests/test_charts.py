"""Each chart drawn from a small inline table: what it shows is what it was given."""

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest

from analysis import brief, charts, findings, vocabulary
from analysis.participation import adherence_of
from analysis.vocabulary import PALETTE, load_labels
from tests.conftest import spec_nodes

EN, ZH = load_labels("en"), load_labels("zh")
MEETING, LATEST = dt.date(2020, 7, 16), dt.date(2024, 5, 4)
MEETING_END = dt.date(2020, 7, 17)
NAMES = pl.DataFrame({"entity_id": ["AUS", "FRA", "CHN"],
                      "name": ["Australia", "France", "China"]})


def values(spec: dict) -> list[dict]:
    """Every inline data row of a spec, whatever layer holds it."""
    return [row for node in spec_nodes(spec) if isinstance(node.get("values"), list)
            for row in node["values"] if isinstance(row, dict)]


def test_regional_participation_counts_and_group_names():
    table = pl.DataFrame({"regional_group": ["WEOG", "WEOG", "African", "African"],
                          "attended_as": ["party", "absent", "signatory", "non_party"],
                          "standing": ["protocol_party", "absent", "protocol_signatory",
                                       "convention_only"],
                          "states": [19, 10, 2, 3], "members": [29, 29, 54, 54],
                          "share": [19 / 29, 10 / 29, 2 / 54, 3 / 54]})
    spec = charts.regional_participation_chart(table, meeting_date=MEETING, source="src",
                                               labels=ZH, meeting_end=MEETING_END).to_dict()
    assert spec["title"]["text"].endswith("2020年7月16日至17日")
    assert spec["title"]["subtitle"][0].startswith(
        "24个会员国出席（2020年7月16日：缔约方19个、签署国2个、仅为《公约》缔约方3个）")
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
        "Gap in Protocol parties by regional group: 16 July 2020 and 4 May 2024")
    assert {row["day"] for row in values(spec)} == {"16 July 2020", "4 May 2024"}
    # A category no State is in on either date takes no room in the legend.
    assert {row["adherence_label"] for row in values(spec)} == {
        "Party to the Protocol", "Party to the Convention only"}


def test_engagement_matrix_counts_and_names_the_attending_states_not_bound():
    table = pl.DataFrame({"regional_group": ["WEOG", "African", "African"],
                          "attended": [True, True, False],
                          "bound": ["not_party", "not_party", "party"], "states": [3, 4, 9]})
    closest = pl.DataFrame({"entity_id": ["AUS", "FRA", "CHN"],
                            "regional_group": ["WEOG", "WEOG", "Asia-Pacific"],
                            "adherence": ["protocol_signatory", "convention_only",
                                          "convention_only"]})
    spec = charts.engagement_matrix_chart(table, closest, NAMES, meeting_date=dt.date(2019, 5, 1),
                                          latest_date=LATEST, source="s", labels=EN).to_dict()
    subtitle = spec["title"]["subtitle"]
    assert subtitle[0].startswith("7 Member States attended in 2019")
    assert subtitle[1].startswith("1 has signed the Protocol, 2 are parties to the Convention only")
    matrix, roster = spec["vconcat"]
    assert sorted(row["states"] for row in values(matrix)) == [3, 4, 9]
    # Only the "attended · not a party" column stands out, in the neutral sand of
    # "attended" with a dark outline (no status colour); the other cells are white.
    fills = [layer for layer in matrix["layer"] if "color" in layer.get("encoding", {})]
    assert [f["transform"][0]["filter"] for f in fills] == ["datum.key"]
    assert fills[0]["encoding"]["color"]["scale"]["range"] == [PALETTE["attended"].colour]
    assert fills[0]["mark"]["stroke"] == PALETTE["attended"].outline
    assert matrix["layer"][0]["mark"]["fill"] == "#FFFFFF"
    # The names are drawn, each with its adherence, under its group.
    named = {row["display_name"]: (row["group"], row["adherence_label"])
             for row in values(roster) if "display_name" in row}
    assert named == {
        "Australia": ("Western European and other States",
                      "Signatory of the Protocol, not a party"),
        "France": ("Western European and other States", "Party to the Convention only"),
        "China": ("Asia-Pacific States", "Party to the Convention only")}
    legend = next(layer["encoding"]["color"] for layer in roster["layer"]
                  if "color" in layer.get("encoding", {}))
    assert legend["scale"]["range"] == [PALETTE["protocol_signatory"].colour,
                                        PALETTE["convention_only"].colour]
    # Names never overlap: each has a place of its own (the dot and the name share it).
    places = {row["display_name"]: (row["x"], row["y"]) for row in values(roster)
              if "display_name" in row}
    assert len(set(places.values())) == 3


def test_a_long_group_name_in_the_roster_wraps_and_its_block_grows_to_fit():
    # "Государства Латинской Америки и Карибского бассейна" is too long for the 230 px
    # before the first column: two lines, each level with a row, and the next group
    # starts below the second line even though the group names one State.
    ru = load_labels("ru")
    table = pl.DataFrame({"regional_group": ["GRULAC"], "attended": [True],
                          "bound": ["not_party"], "states": [1]})
    closest = pl.DataFrame({"entity_id": ["COL", "FRA"], "regional_group": ["GRULAC", "WEOG"],
                            "adherence": ["convention_only", "convention_only"]})
    spec = charts.engagement_matrix_chart(table, closest, NAMES, meeting_date=MEETING,
                                          latest_date=LATEST, source="s", labels=ru).to_dict()
    roster = spec["vconcat"][1]
    # The group names (a State's line has its name too).
    headings = [(row["text"], row["y"]) for row in values(roster)
                if "text" in row and "display_name" not in row]
    assert headings == [("Государства Латинской Америки и", 13),
                        ("Карибского бассейна", 30),
                        ("Государства Западной Европы и", 57),
                        ("другие государства", 74)]
    rows = {row["display_name"]: row["y"] for row in values(roster) if "display_name" in row}
    assert rows == {"COL": 13, "France": 57}  # a State without a name shows its id


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
    leaders = {row["lines"][0]: (row["point"], row["leader_from"], row["leader_to"])
               for row in values(spec) if "lines" in row}
    # Names sit above the line at their deposit, joined to it by a leader going up; the
    # published total is labelled by its publisher below its point, its leader going down.
    assert {name: (day, start) for name, (day, start, _) in leaders.items()} == {
        "XYZ": ("2022-01-03", 95), "China": ("2023-12-19", 99),
        "UN Treaty Collection": ("2024-05-04", 100)}
    assert leaders["XYZ"][2] > 95 and leaders["China"][2] > 99
    assert leaders["UN Treaty Collection"][2] < 100
    assert spec["title"]["text"] == "Parties to the Firearms Protocol, 2001–2024"
    # Line, band and dots are explained in one legend; the band is the "unknown" grey.
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True)) == {
        "Parties on each day": PALETTE["protocol_party"].colour,
        "Unknown: consent known only to lie between two dates": PALETTE["unknown"].colour,
        "Published total, labelled by source": PALETTE["published_total"].colour}


def test_one_count_published_twice_within_two_months_is_one_labelled_dot():
    timeline = pl.DataFrame({"date": [dt.date(2005, 1, 1), LATEST], "parties": [40, 123],
                             "possible": [40, 123]})
    anchors = pl.DataFrame({
        "date": [dt.date(2018, 10, 19), dt.date(2018, 10, 31), dt.date(2020, 5, 31),
                 dt.date(2022, 10, 31)],
        "parties": [116, 116, 118, 118],
        "publisher": ["UNODC", "Wikipedia mirror", "Wikipedia mirror", "UNTC"]})
    none_joined = pl.DataFrame(schema={"entity_id": pl.String, "consent_date": pl.Date,
                                       "parties": pl.Int64})
    spec = charts.accession_timeline_chart(timeline, anchors, none_joined, NAMES,
                                           meeting_date=MEETING, source="s",
                                           labels=EN).to_dict()
    labelled = sorted({(row["point"], " ".join(row["lines"])) for row in values(spec)
                       if "lines" in row})
    # 118 published twice, but two years apart: two dots, two labels.
    assert labelled == [("2018-10-19", "UNODC, Wikipedia mirror"),
                        ("2020-05-31", "Wikipedia mirror"), ("2022-10-31", "UN Treaty Collection")]


def test_status_map_outlines_attending_states_and_draws_small_states_as_dots():
    # France has a shape, Malta only a point (quantized: 388 * 0.5 - 180 = 14.0 E).
    topology = ('{"type": "Topology", "arcs": [], "transform": {"scale": [0.5, 0.25], '
                '"translate": [-180, -90]}, "objects": {"countries": {"type": '
                '"GeometryCollection", "geometries": [{"type": null, "id": "FRA"}]}, '
                '"small_states": {"type": "GeometryCollection", "geometries": [{"type": '
                '"Point", "id": "MLT", "coordinates": [388, 502]}]}}}')
    status = pl.DataFrame({"iso3": ["FRA", "AUS", "MLT"],
                           "adherence": ["protocol_party", "convention_only", "neither"],
                           "membership": ["member", "member", "member"]})
    names = pl.concat([NAMES, pl.DataFrame({"entity_id": ["MLT"], "name": ["Malta"]})])
    spec = charts.status_map_chart(status, pl.DataFrame({"iso3": ["FRA", "MLT"]}), names,
                                   topology, as_of=LATEST, meeting_date=MEETING, source="s",
                                   labels=EN).to_dict()
    rows = {row["display_name"]: row["attended"] for row in values(spec)
            if "display_name" in row and "lon" not in row}
    assert rows == {"France": True, "Australia": False, "Malta": True}
    # The globe's edge first, then the territories and the States.
    land, states, note = spec["layer"][1], spec["layer"][2], spec["layer"][-1]
    # Malta is in the Europe inset: its dot is drawn there only.
    dots = next(layer for layer in spec["layer"] if layer["mark"].get("type") == "circle"
                and layer["mark"].get("stroke") and layer.get("data", {}).get("values"))
    # The shapes are looked up by ISO alpha-3 code, the topology is inlined once.
    assert states["transform"][0]["from"]["key"] == "iso3"
    assert spec["data"]["format"]["feature"] == "countries"
    # Malta, too small for a shape, is a dot at its position in the status colours.
    dot_rows = dots["data"]["values"]
    assert [(r["display_name"], r["lon"], r["lat"], r["status_label"]) for r in dot_rows] == [
        ("Malta", 14.0, 35.5, "Not a party to the Convention or the Protocol")]
    assert dots["encoding"]["color"]["scale"] == states["encoding"]["color"]["scale"]
    assert "Dots: States too small" in spec["title"]["subtitle"][0]
    # Under the map and its legend: the standard notes, then the disclaimer, last.
    lines = [row["lines"] for row in note["data"]["values"]]
    assert lines[0].startswith("Dotted line represents approximately the Line of Control")
    assert lines[-1].endswith("do not imply official endorsement or acceptance by the "
                              "United Nations.")
    assert min(row["y"] for row in note["data"]["values"]) > 360
    # The legend explains the outline (one entry) and the grey of land with no status.
    stroke = states["encoding"]["stroke"]
    assert stroke["legend"]["values"] == ["Outlined: attended the meeting (16 July 2020)"]
    assert stroke["scale"]["range"][0] == "#111111"
    colour = states["encoding"]["color"]["scale"]
    assert colour["domain"][-1] == EN("map.no_data") == land["transform"][0]["calculate"][1:-1]
    assert colour["range"][-1] == PALETTE["no_status"].colour != PALETTE["unknown"].colour
    # Not a party is split as in the gap figure: a Convention party only is pink.
    assert dict(zip(colour["domain"], colour["range"], strict=True))[
        EN("adherence.convention_only")] == PALETTE["convention_only"].colour


def test_pending_signatories_dots_on_a_date_axis_that_does_not_start_at_zero():
    pending = pl.DataFrame({"entity_id": ["FRA", "AUS"], "signature_known": [False, True],
                            "years_since_signature": [21.4, 22.44], "attended": [False, True],
                            "signature_date": [dt.date(2002, 12, 12), dt.date(2001, 12, 21)]})
    spec = charts.pending_signatories_chart(pending, NAMES, as_of=LATEST, meeting_date=MEETING,
                                            source="s", labels=ZH).to_dict()
    rows = {row["display_name"]: (row["note"], row["years"]) for row in values(spec)
            if "display_name" in row}
    assert rows == {"Australia": ("出席2020年会议", "22.4年"),
                    "France": ("未出席2020年会议", "21.4年")}
    dots = spec["layer"][0]
    x = dots["encoding"]["x"]
    # A date axis around the signatures (not years from zero), earliest signature on top.
    assert x["type"] == "temporal"
    assert x["scale"]["domain"] == ["2001-11-20", "2003-04-11"]
    assert dots["encoding"]["y"]["sort"] == ["Australia", "France"]
    # Every dot a signatory (its outline); filled = attended, white = did not attend.
    assert dots["encoding"]["fill"]["scale"] == {
        "domain": ["出席2020年会议", "未出席2020年会议"],
        "range": [PALETTE["protocol_signatory"].colour, PALETTE["absent"].colour]}
    assert dots["mark"]["stroke"] == PALETTE["protocol_signatory"].colour
    # An unverified date has its own mark, explained in the legend.
    assert dots["encoding"]["shape"]["scale"]["domain"] == [ZH("pending.known"),
                                                            ZH("pending.unverified")]


def test_voice_by_group_totals():
    table = pl.DataFrame({"regional_group": ["WEOG", "GRULAC"], "attended": [19, 17],
                          "made_statement": [3, 6], "led_panel": [2, 1], "spoke": [5, 6],
                          "took_floor": [4, 6], "share_spoke": [5 / 19, 6 / 17]})
    spec = charts.voice_by_group_chart(table, meeting_date=MEETING, source="s",
                                       labels=EN).to_dict()
    # A State that only chaired (WEOG's fifth) is in no bar, so not in the count.
    assert spec["title"]["subtitle"][0].startswith(
        "10 of the 36 Member States that attended took the floor: 9 made a statement and "
        "3 spoke in a panel (2 did both)")
    assert spec["title"]["subtitle"][1] == (
        "The other 26 are not recorded in the report as having taken the floor.")


def test_grey_means_unknown_only_and_not_attending_has_no_colour():
    greys = {code for code, swatch in PALETTE.items() if swatch.colour == "#BBBBBB"}
    assert greys == {"unknown"}
    assert (PALETTE["absent"].colour, PALETTE["absent"].outline) == ("#FFFFFF", "#8C8C8C")


def test_regional_participation_draws_did_not_attend_white_with_a_grey_outline():
    table = pl.DataFrame({"regional_group": ["WEOG", "WEOG"], "attended_as": ["party", "absent"],
                          "standing": ["protocol_party", "absent"],
                          "states": [19, 10], "members": [29, 29], "share": [19 / 29, 10 / 29]})
    encoding = charts.regional_participation_chart(table, meeting_date=MEETING, source="s",
                                                   labels=EN).to_dict()["layer"][0]["encoding"]
    absent = EN("attendance.absent")
    fill = dict(zip(encoding["color"]["scale"]["domain"], encoding["color"]["scale"]["range"],
                    strict=True))
    outline = dict(zip(encoding["stroke"]["scale"]["domain"],
                       encoding["stroke"]["scale"]["range"], strict=True))
    assert (fill[absent], outline[absent]) == ("#FFFFFF", PALETTE["absent"].outline)
    # Same field, same (empty) title: Vega-Lite shows one legend with both.
    assert encoding["color"]["field"] == encoding["stroke"]["field"]


@pytest.mark.parametrize("code", list(PALETTE))
def test_every_category_has_a_colour_and_a_label_in_every_language(code):
    assert re.fullmatch(r"#[0-9A-F]{6}", PALETTE[code].colour)
    assert EN(PALETTE[code].label) and ZH(PALETTE[code].label)


def test_every_label_key_is_drawn_by_some_chart_or_the_brief():
    files = [*Path(charts.__file__).parent.glob("*.py"),
             *(Path(module.__file__) for module in (brief, findings, vocabulary))]
    source = "".join(path.read_text(encoding="utf-8") for path in files)
    # Keys looked up by family: "group.WEOG" through labels.group(...), etc.
    # "name.ISO3" keys are shorter State names reference.display_names puts in the names table.
    families = {"group", "attended", "bound", "adherence", "name", "publisher", "consent",
                "basis"}
    unused = [key for key in EN.texts
              if f'"{key}"' not in source and key.split(".")[0] not in families]
    assert not unused


def test_an_open_convention_consent_never_hides_a_certain_protocol_status():
    # Protocol "none" with the Convention open is its own category, labelled for what is
    # unknown and coloured apart from the grey of an open Protocol consent.
    frame = pl.DataFrame({"p": ["none", "signatory", "unknown"], "c": ["unknown"] * 3})
    assert frame.select(adherence_of(pl.col("p"), pl.col("c"))).to_series().to_list() == [
        "convention_unknown", "protocol_signatory", "unknown"]
    table = pl.DataFrame({"regional_group": ["WEOG", "WEOG"],
                          "attended_as": ["non_party", "absent"],
                          "standing": ["convention_unknown", "absent"],
                          "states": [1, 28], "members": [29, 29], "share": [1 / 29, 28 / 29]})
    spec = charts.regional_participation_chart(table, meeting_date=MEETING, source="s",
                                               labels=EN).to_dict()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    assert colours["Not a party to the Protocol; Convention status unknown"] == PALETTE[
        "convention_unknown"].colour != PALETTE["unknown"].colour
    assert "1 of unknown Convention status" in spec["title"]["subtitle"][0]


def _scales(spec: object, path: str = "") -> dict[str, object]:
    """Every explicit scale domain and axis tick list of a spec, by where it stands.

    Category domains (the language's own words) are left out: only numbers and dates.
    """
    found: dict[str, object] = {}
    if isinstance(spec, dict):
        for key, child in spec.items():
            # A channel drawn without an axis (the roster's positions) shows no scale.
            if key in ("scale", "axis") and isinstance(child, dict) and (
                    spec.get("axis", {}) is not None):
                for part in ("domain", "values"):
                    value = child.get(part)
                    if isinstance(value, list) and all(
                            isinstance(v, int | float | dict) or (
                                isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", v))
                            for v in value):
                        found[f"{path}/{key}.{part}"] = value
            if key not in ("data", "datasets"):
                found |= _scales(child, f"{path}/{key}")
    elif isinstance(spec, list):
        for i, child in enumerate(spec):
            found |= _scales(child, f"{path}/{i}")
    return found


@pytest.fixture(scope="module")
def two_meetings():
    from analysis.study import build_study
    from analysis.tables import figure_tables
    from tests.conftest import REPORT_ZH, ROOT
    return figure_tables(build_study(
        [REPORT_ZH, ROOT / "tests" / "fixtures" / "wg-firearms-2022-test-meeting.en.txt"]))


@pytest.mark.slow  # two meetings' figure sets in six languages
def test_every_figure_has_the_same_axes_in_every_language(two_meetings):
    from altair.utils.schemapi import debug_mode

    from analysis.figures import figure_builders, figure_specs
    # Scales only: every spec's validity is checked by tests/test_figures.py. Arabic's
    # charts as built, before they are mirrored; the others as the figures command draws
    # them (the same: a left-to-right spec is not rewritten), built once for the session.
    with debug_mode(False):
        scales = {"ar": {name: _scales(build().to_dict(validate=False)) for name, build
                         in figure_builders(two_meetings, load_labels("ar")).items()}}
    for lang in ("en", "es", "fr", "ru", "zh"):
        scales[lang] = {name: _scales(spec)
                        for name, spec in figure_specs(two_meetings, load_labels(lang))}
    english = scales["en"]
    for name in ("ratification_gap_by_group", "accession_timeline", "regional_participation",
                 "participation_by_meeting", "engagement_then_accession", "voice_by_group"):
        assert english[name], name  # the scale is set, not left to the plot's width
    # The timeline's scale comes from the data: 123 parties at most, 40 % headroom.
    timeline = english["accession_timeline"]
    assert [0, 180] in timeline.values()
    for lang, figures in scales.items():
        assert figures == english, lang


def test_gap_figure_shows_counts_and_dated_group_sizes():
    old, new = dt.date(2011, 7, 13), dt.date(2011, 7, 14)
    table = pl.DataFrame({"date": [old, old, new, new],
                          "regional_group": ["African"] * 4,
                          "adherence": ["protocol_party", "neither"] * 2,
                          "states": [30, 23, 30, 24], "members": [53, 53, 54, 54],
                          "share": [30 / 53, 23 / 53, 30 / 54, 24 / 54]})
    spec = charts.ratification_gap_chart(table, source="s", labels=EN).to_dict()
    rows = values(spec)
    # South Sudan joined the United Nations on 14 July 2011: 53 African States before.
    assert {(row["day"], row["group"]) for row in rows} == {
        ("13 July 2011", "African States (53)"), ("14 July 2011", "African States (54)")}
    _bars, *counts = spec["spec"]["layer"]
    # The count as written, with the mark where the segment holds a marked State.
    assert all(layer["encoding"]["text"]["field"] == "count" for layer in counts)
    assert sorted(row["count"] for row in rows) == ["23", "24", "30", "30"]
    assert sorted(row["states"] for row in rows) == [23, 24, 30, 30]
    # The count stands in the middle of its segment.
    neither = next(row for row in rows if row["states"] == 24)
    assert neither["middle"] == pytest.approx(30 / 54 + 12 / 54)
    # Percentages as CLDR writes them in French: "25 %" with a no-break space.
    french = charts.ratification_gap_chart(table, source="s", labels=load_labels("fr")
                                           ).to_dict()
    expr = french["spec"]["layer"][0]["encoding"]["x"]["axis"]["labelExpr"]
    assert "25\u00a0%" in expr and "100\u00a0%" in expr
