"""The series across meetings: the table, the editions of one meeting, the series figures.

Only one real report exists (2020). The second meeting is a TEST FIXTURE,
``tests/fixtures/wg-firearms-2022-test-meeting.en.txt``: the English rendering of the 2020
report with an invented symbol (CTOC/COP/WG.6/2022/99), invented dates (10-11 May 2022)
and changed lists: Albania, Angola, Kuwait, Malawi and Oman absent; Bolivia and Germany
(parties since 2020-09-01 and 2021-10-14) listed as parties, with Comoros and Ghana;
Iceland a signatory; Malta and Nepal absent; Singapore and Thailand new non-parties;
no Gulf Cooperation Council. It is never shipped as data or figures.
"""

import datetime as dt
import json
import re
from pathlib import Path

import polars as pl
import pytest

from analysis.errors import EditionMismatchError
from analysis.figures import SERIES_FIGURES, figure_builders, figure_specs
from analysis.participation import regional_participation
from analysis.reference import display_names
from analysis.series import (
    attendance_grid,
    engagement_then_accession,
    participation_by_meeting,
    series_table,
)
from analysis.study import build_study
from analysis.tables import export_tables, figure_tables
from analysis.vocabulary import PALETTE, load_labels
from tests.conftest import REPORT_EN, REPORT_ZH, ROOT

LATER = ROOT / "tests" / "fixtures" / "wg-firearms-2022-test-meeting.en.txt"
FIRST, SECOND = "CTOC/COP/WG.6/2020/3", "CTOC/COP/WG.6/2022/99"
STATES = 195  # 193 Member States and the two observer States


@pytest.fixture(scope="module")
def study():
    # Given newest first: the study orders meetings oldest first all the same.
    return build_study([LATER, REPORT_ZH])


@pytest.fixture(scope="module")
def series(study):
    return series_table(study)


def _row(series, meeting, entity):
    return series.filter((pl.col("meeting") == meeting)
                         & (pl.col("entity_id") == entity)).row(0, named=True)


def test_one_row_per_meeting_and_state_plus_the_organizations_present(series):
    # 2020: the European Union, 9 intergovernmental organizations, 2 UN entities;
    # 2022 (fixture): the Gulf Cooperation Council did not come.
    assert series.height == 2 * STATES + 12 + 11 == 413
    per_meeting = dict(series.group_by("meeting").len().iter_rows())
    assert per_meeting == {FIRST: STATES + 12, SECOND: STATES + 11}
    assert series["meeting"].unique(maintain_order=True).to_list() == [FIRST, SECOND]
    assert series.columns[:2] == ["meeting", "meeting_date"]
    assert {"entity_id", "iso3", "regional_group", "attended_as", "protocol_status",
            "convention_status", "spoke"} <= set(series.columns)


def test_absent_states_have_rows(series):
    absent = dict(series.filter(pl.col("attended_as") == "absent")
                  .group_by("meeting").len().iter_rows())
    assert absent == {FIRST: STATES - 78, SECOND: STATES - 76}
    # Thailand first came in 2022; Malta came in 2020 only.
    assert _row(series, FIRST, "THA")["attended_as"] == "absent"
    assert _row(series, SECOND, "THA")["attended_as"] == "non_party"
    assert _row(series, SECOND, "MLT")["attended_as"] == "absent"
    # Absent States with no regional group are there too (the Holy See).
    assert _row(series, FIRST, "VAT")["attended_as"] == "absent"
    assert _row(series, FIRST, "GCC")["attended_as"] == "igo"
    assert series.filter(pl.col("entity_id") == "GCC").height == 1


def test_status_is_each_meetings_own(series):
    # Germany deposited on 2021-10-14, between the two meetings.
    germany = [_row(series, m, "DEU") for m in (FIRST, SECOND)]
    assert [g["attended_as"] for g in germany] == ["signatory", "party"]
    assert [g["protocol_status"] for g in germany] == ["signatory", "party"]
    # Bolivia deposited on 2020-09-01; it is a Convention party throughout.
    bolivia = [_row(series, m, "BOL") for m in (FIRST, SECOND)]
    assert [b["protocol_status"] for b in bolivia] == ["none", "party"]
    assert [b["convention_status"] for b in bolivia] == ["party", "party"]
    # Luxembourg's consent is known only to lie between 2020-05-01 and 2022-10-31.
    assert _row(series, SECOND, "LUX")["protocol_status"] == "unknown"
    # Organizations that are no treaty participant have no status; the EU has one.
    assert _row(series, FIRST, "INTERPOL")["protocol_status"] is None
    assert _row(series, FIRST, "EUU")["protocol_status"] == "party"
    assert _row(series, SECOND, "DEU")["meeting_date"] == dt.date(2022, 5, 10)


def test_spoke_is_read_per_meeting_and_null_where_it_cannot_be(series, tmp_path):
    assert _row(series, FIRST, "DEU")["spoke"] is True
    assert _row(series, FIRST, "THA")["spoke"] is False  # absent
    assert _row(series, SECOND, "THA")["spoke"] is True  # paragraph 30 of the fixture
    assert _row(series, SECOND, "ESP")["spoke"] is True
    # The fixture without the paragraphs naming speakers: attendance only.
    text = LATER.read_text(encoding="utf-8")
    head, _, rest = text.partition("9. The discussion")
    silent = tmp_path / "attendance-only.en.txt"
    silent.write_text(head + "24. The ninth meeting of the Working Group on Firearms was "
                      "held in Vienna on 10 and 11 May 2022.\n\n"
                      + rest[rest.index("D. Attendance"):], encoding="utf-8")
    table = series_table(build_study([REPORT_ZH, silent]))
    spoke = table.filter(pl.col("meeting") == SECOND)["spoke"]
    assert spoke.null_count() == spoke.len() == STATES + 11
    assert table.filter(pl.col("meeting") == FIRST)["spoke"].sum() == 17


def test_two_editions_of_one_meeting_are_one_meeting():
    both = build_study([REPORT_ZH, REPORT_EN])
    assert both.meetings["meeting"].to_list() == [FIRST]
    assert series_table(both).height == STATES + 12


def test_editions_that_disagree_name_the_meeting_the_file_and_the_entity(tmp_path, cli):
    edited = tmp_path / "excerpt-without-malta.en.txt"
    text = REPORT_EN.read_text(encoding="utf-8")
    edited.write_text(text.replace("Malaysia, Malta, Myanmar", "Malaysia, Myanmar")
                      .replace("following 19 States", "following 18 States"), encoding="utf-8")
    with pytest.raises(EditionMismatchError) as caught:
        build_study([REPORT_ZH, edited])
    assert (caught.value.meeting, caught.value.source) == (FIRST, str(edited))
    result = cli("series", REPORT_ZH, edited)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert FIRST in lines[0] and str(edited) in lines[0] and "MLT (Malta)" in lines[0]
    assert "lists it as non_party" in lines[0] and "does not list it" in lines[0]


def test_editions_must_give_the_same_meeting_date(tmp_path):
    edited = tmp_path / "excerpt-other-date.en.txt"
    edited.write_text(REPORT_EN.read_text(encoding="utf-8").replace(
        "16 and 17 July 2020", "17 and 18 July 2020"), encoding="utf-8")
    with pytest.raises(EditionMismatchError, match=r"meeting date: .* says 2020-07-16, "
                       r"this edition says 2020-07-17"):
        build_study([REPORT_ZH, edited])


def test_series_command_writes_csv_and_json(cli, tmp_path):
    out = tmp_path / "series.csv"
    result = cli("series", LATER, REPORT_ZH, "--out", out)
    assert result.returncode == 0, result.stderr
    table = pl.read_csv(out)
    assert table.height == 413
    assert table["meeting"].unique(maintain_order=True).to_list() == [FIRST, SECOND]
    as_json = cli("series", REPORT_ZH, "--format", "json")
    rows = json.loads(as_json.stdout)
    assert len(rows) == STATES + 12
    assert {r["attended_as"] for r in rows} == {"party", "signatory", "non_party", "igo",
                                                "un_entity", "absent"}


def test_participation_by_meeting_counts_member_states_per_group(series, study):
    table = participation_by_meeting(series)
    first = table.filter(pl.col("meeting") == FIRST).drop("meeting", "meeting_date")
    alone = regional_participation(study.attendance.filter(pl.col("meeting") == FIRST))
    assert first.sort("regional_group", "attended_as", "standing").equals(
        alone.sort("regional_group", "attended_as", "standing"))
    second = table.filter((pl.col("meeting") == SECOND) & (pl.col("attended_as") != "absent"))
    assert second["states"].sum() == 76  # 52 parties (no EU), 6 signatories, 18 neither
    weog = dict(second.filter(pl.col("regional_group") == "WEOG")
                .group_by("attended_as").agg(pl.col("states").sum()).iter_rows())
    assert weog == {"party": 12, "signatory": 4, "non_party": 3}
    # Split as the gap figure splits "not a party": all three are Convention parties.
    split = dict(second.filter((pl.col("regional_group") == "WEOG")
                               & (pl.col("attended_as") == "non_party"))
                 .select("standing", "states").iter_rows())
    assert split == {"convention_only": 3, "neither": 0, "convention_unknown": 0}


def test_grid_holds_every_state_that_came_at_least_once(series):
    grid = attendance_grid(series)
    # 78 in 2020, plus Comoros, Ghana, Iceland, Singapore and Thailand in 2022.
    assert grid["entity_id"].n_unique() == 83 and grid.height == 2 * 83
    both = grid.filter(pl.col("meetings_attended") == 2)["entity_id"].n_unique()
    assert both == 78 - 7  # Albania, Angola, Kuwait, Malawi, Oman, Malta, Nepal missed 2022


def test_engagement_then_accession(series, study):
    table = engagement_then_accession(series, study.latest_status, study.latest)
    # 25 non-parties in 2020 (6 signatories, 19 neither), plus Iceland, Singapore and
    # Thailand in 2022.
    assert table.height == 28
    joined = table.filter(pl.col("joined"))
    assert joined["entity_id"].to_list() == ["BOL", "DEU", "CHN"]
    germany = joined.filter(pl.col("entity_id") == "DEU").row(0, named=True)
    assert germany["first_attended"] == dt.date(2020, 7, 16)
    assert germany["consent_date"] == dt.date(2021, 10, 14)
    assert germany["years_to_accession"] == 1.2
    thailand = table.filter(pl.col("entity_id") == "THA").row(0, named=True)
    assert (thailand["first_attended"], thailand["joined"]) == (dt.date(2022, 5, 10), False)


def test_series_figures_are_drawn_for_two_meetings_and_not_for_one(study, shipped_study):
    labels = load_labels("en")
    one = figure_builders(shipped_study, labels)
    assert not set(SERIES_FIGURES) & set(one)
    two = figure_builders(study, labels)
    assert list(two)[-3:] == list(SERIES_FIGURES)
    specs = {name: two[name]().to_dict() for name in SERIES_FIGURES}
    grid = specs["attendance_grid"]
    assert len({row["display_name"] for row in grid["data"]["values"]}) == 83
    assert grid["title"]["subtitle"][0].startswith("The 83 States that attended at least one "
                                                   "of the 2 meetings")
    accession = specs["engagement_then_accession"]
    assert accession["title"]["subtitle"][0].startswith(
        "3 of the 28 States that attended a meeting while not parties")
    assert "CTOC/COP/WG.6/2020/3, CTOC/COP/WG.6/2022/99" in " ".join(
        accession["title"]["subtitle"])
    bars = specs["participation_by_meeting"]
    assert bars["title"]["text"] == ["TEST DATA: an invented meeting, not a UN document",
                                     "Who attended, meeting by meeting: 16 July 2020 to "
                                     "10 May 2022"]
    # The single-meeting figures draw the newest meeting.
    assert figure_tables(study).study.meeting == SECOND


@pytest.mark.parametrize("lang", ["ar", "fr", "zh"])
def test_series_figures_speak_the_label_language(study, lang):
    labels = load_labels(lang)
    builders = figure_builders(figure_tables(study), labels)
    text = json.dumps([builders[name]().to_dict(validate=False) for name in SERIES_FIGURES],
                      ensure_ascii=False)
    for key in ("series.grid.dot", "series.accession.title"):
        # The legend title wraps: its first words, at least, stand together.
        assert labels(key)[:20] in text
    assert "Did not attend" not in text or lang == "en"


def test_tables_export_the_series_for_two_meetings_only(study, shipped_study):
    assert "series" in export_tables(study)
    assert "series" not in export_tables(shipped_study)


@pytest.mark.slow  # draws the whole English figure set of two meetings
def test_figures_command_draws_the_series_for_two_reports(cli, tmp_path):
    result = cli("figures", "--report", REPORT_ZH, LATER, "--lang", "en", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    written = {Path(line).name for line in result.stdout.splitlines()}
    for name in SERIES_FIGURES:
        assert {f"{name}.svg", f"{name}.png", f"{name}.html"} <= written
    svg = (tmp_path / "engagement_then_accession.svg").read_text(encoding="utf-8")
    assert re.search(r">\s*3\.4 years\s*<", svg)  # China: 2020-07-16 to 2023-12-19


ALL_LANGS = ("ar", "en", "es", "fr", "ru", "zh")


@pytest.fixture(scope="module")
def tables(study):
    return figure_tables(study)


def _states(spec):
    return [row for row in spec["data"]["values"] if row.get("kind") == "state"]


@pytest.mark.parametrize(("lang", "weog"), [
    ("en", ["Australia", "Canada", "Germany", "Iceland", "Ireland", "Malta", "New Zealand",
            "United Kingdom", "United States of America"]),
    ("ru", ["Австралия", "Германия", "Ирландия", "Исландия", "Канада", "Мальта",
            "Новая Зеландия", "Соединенное Королевство", "Соединенные Штаты Америки"])])
def test_engagement_then_accession_lists_states_by_group_in_un_order(tables, lang, weog):
    labels = load_labels(lang)
    spec = figure_builders(tables, labels)["engagement_then_accession"]().to_dict()
    # One panel per regional group, headed by its name, in the groups' order.
    groups = [labels.group(g) for g in ("African", "Asia-Pacific", "Eastern European",
                                         "GRULAC", "WEOG")]
    assert spec["facet"]["row"]["field"] == "group"
    assert spec["facet"]["row"]["sort"] == groups
    rows = _states(spec)
    assert len(rows) == 28
    listed = [row["display_name"] for row in sorted(rows, key=lambda row: row["rank"])
              if row["group"] == groups[-1]]
    assert listed == weog


def test_no_status_colour_before_a_states_consent(tables):
    labels = load_labels("en")
    spec = figure_builders(tables, labels)["engagement_then_accession"]().to_dict()
    party = labels("adherence.protocol_party")
    layers = spec["spec"]["layer"]
    # The line between the dots (a rule from start to end) has no status colour.
    line = next(layer for layer in layers if "x2" in layer.get("encoding", {}))
    assert "color" not in line["encoding"]
    assert line["mark"]["color"] not in {swatch.colour for swatch in PALETTE.values()}
    # The dot at the first meeting is the status then: never "party" for a State that
    # became one later (Bolivia, Germany, China).
    joined = {row["display_name"]: row for row in _states(spec) if row["joined"]}
    assert set(joined) == {"Bolivia (Plurinational State of)", "Germany", "China"}
    assert all(row["then_label"] != party and row["status_label"] == party
               for row in joined.values())


@pytest.fixture(scope="module")
def series_svgs(tables, renderer):
    """The series figures drawn in every language: ``{lang: {name: svg}}``.

    As the figures command draws them (mirrored for Arabic), by the session's renderer;
    each language's specs are built once for the session (the English ones validated
    against the schema by ``test_the_series_specs_are_valid_vega_lite``).
    """
    futures = {lang: {name: renderer.submit(spec, png=False) for name, spec in figure_specs(
        tables, load_labels(lang), SERIES_FIGURES)} for lang in ALL_LANGS}
    return {lang: {name: future.result()[0] for name, future in drawn.items()}
            for lang, drawn in futures.items()}


def test_the_series_specs_are_valid_vega_lite(tables):
    builders = figure_builders(tables, load_labels("en"))
    for name in SERIES_FIGURES:
        assert builders[name]().to_dict()["title"], name  # to_dict validates


@pytest.mark.slow  # the series figures drawn in six languages
@pytest.mark.parametrize("lang", ALL_LANGS)
def test_series_figures_cut_no_name(series_svgs, lang):
    svgs = series_svgs[lang]
    for name, svg in svgs.items():
        assert "…" not in svg, (lang, name)
    # A long name is wrapped onto two lines, not cut.
    if lang == "ru":
        assert re.search(r">\s*Боливия \(Многонациональное\s*<",
                         svgs["engagement_then_accession"])


@pytest.mark.slow
@pytest.mark.parametrize("lang", ALL_LANGS)
def test_series_figures_are_as_wide_in_every_language(series_svgs, lang):
    for name, width in (("attendance_grid", 660), ("engagement_then_accession", 820)):
        svg = series_svgs[lang][name]
        assert re.search(r'<svg[^>]*\bwidth="(\d+)"', svg).group(1) == str(width), name


def test_figures_from_the_test_fixture_carry_a_test_data_mark(tables, shipped_tables):
    for lang in ("en", "zh"):
        labels = load_labels(lang)
        for name, spec in figure_specs(tables, labels):  # as the figures command draws
            title = spec["title"]["text"]
            assert isinstance(title, list) and title[0] == labels("test_data"), (lang, name)
    # The shipped report's figures carry none.
    for name, spec in figure_specs(shipped_tables, load_labels("en")):
        assert "TEST DATA" not in json.dumps(spec["title"]), name


def test_the_series_table_casts_to_its_enums_absent_included(shipped_study):
    """``as_enums`` on a series table: a State that missed the meeting is ``absent``
    (the Enum once lacked it, and the cast raised)."""
    from analysis.schemas import as_enums
    from analysis.series import series_table

    table = as_enums(series_table(shipped_study))
    absent = table.filter(pl.col("attended_as") == "absent")
    assert table.schema["attended_as"] == pl.Enum(
        ["party", "signatory", "non_party", "igo", "un_entity", "absent"])
    # 193 Member States and 2 observer States, of which 78 States attended in 2020.
    assert absent.height == table.filter(pl.col("entity_kind") == "state").height - 78 == 117


# --- Issue 25 items 3 and 5: the series figures as finished as the single-meeting ones ---

def _subtitle(spec):
    return " ".join(spec["title"]["subtitle"])


@pytest.mark.parametrize("lang", ALL_LANGS)
def test_series_figures_mark_inferred_statuses_and_say_what_the_mark_means(tables, lang):
    # Iran (Islamic Republic of): its standing rests on a secondary source (review N-S3).
    labels = load_labels(lang)
    builders = figure_builders(tables, labels)
    note = labels("provenance.note")
    specs = {name: builders[name]().to_dict(validate=False) for name in SERIES_FIGURES}
    for name, spec in specs.items():
        assert note in _subtitle(spec), name
    iran = dict(display_names(labels).iter_rows())["IRN"] + "*"
    assert iran in {row["display_name"] for row in specs["attendance_grid"]["data"]["values"]}
    assert iran in {row["display_name"] for row in _states(specs["engagement_then_accession"])}
    # The bars: a mark at the end of the Asia-Pacific "neither" segment, at both meetings.
    marks = [row for row in specs["participation_by_meeting"]["data"]["values"]
             if row.get("mark")]
    assert {(row["regional_group"], row["standing"], row["meeting"]) for row in marks} == {
        ("Asia-Pacific", "neither", FIRST), ("Asia-Pacific", "neither", SECOND)}
    assert {row["end"] for row in marks} == {19, 18}  # the segment ends the bars draw


@pytest.mark.parametrize("lang", ALL_LANGS)
def test_participation_by_meeting_says_how_turkiye_and_the_united_states_count(tables, lang):
    # The same note as regional_participation's, with Türkiye's name as the figures show it
    # (review S13; Russian "Тюркийе", the UN's Russian short name since June 2022).
    labels = load_labels(lang)
    turkiye = dict(display_names(labels).iter_rows())["TUR"]
    spec = figure_builders(tables, labels)["participation_by_meeting"]().to_dict()
    assert turkiye in _subtitle(spec)
    assert turkiye in labels.texts["regional_participation.subtitle"]
    assert "Турция" not in _subtitle(spec)


def test_series_timeline_marks_every_meeting_and_names_every_state_that_joined(tables):
    labels = load_labels("en")
    spec = figure_builders(tables, labels)["accession_timeline"]().to_dict(validate=False)
    rules = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"
                 and layer["encoding"]["x"]["field"] == "day")
    assert [row["day"] for row in rules["data"]["values"]] == ["2020-07-16", "2022-05-10"]
    named = [line for layer in spec["layer"] for row in layer.get("data", {}).get("values", [])
             if isinstance(row, dict) and row.get("lines") for line in row["lines"]]
    for state in ("Bolivia (Plurinational", "Germany", "China"):
        assert any(line.startswith(state) for line in named), state
    text = _subtitle(spec)
    assert f"{FIRST}, {SECOND}" in text



def test_arabic_series_sources_isolate_each_symbol_in_list_order(tables):
    labels = load_labels("ar")
    spec = figure_builders(tables, labels)["participation_by_meeting"]().to_dict()
    assert f"\u2066{FIRST}\u2069، \u2066{SECOND}\u2069" in _subtitle(spec)


@pytest.mark.parametrize("lang", ALL_LANGS)
def test_timeline_labels_stay_inside_the_plot_and_carry_a_halo(tables, lang):
    labels = load_labels(lang)
    spec = figure_builders(tables, labels)["accession_timeline"]().to_dict(validate=False)
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"
             and layer["encoding"].get("y", {}).get("field") == "top"]
    haloed = [layer for layer in texts if layer["mark"].get("stroke") == "#FFFFFF"]
    assert len(haloed) == len(texts) // 2 > 0
    domain = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    for layer in texts:
        for row in layer["data"]["values"]:
            assert domain[0] <= row["day"] <= domain[1]


def test_a_wrapped_name_in_the_engagement_roster_hangs_its_further_lines():
    import datetime as dt

    from analysis.charts import engagement_matrix_chart
    labels = load_labels("ru")
    frame = pl.DataFrame({"regional_group": ["WEOG"], "attended": [True],
                          "bound": ["not_party"], "states": [2]})
    closest = pl.DataFrame({"entity_id": ["GBR", "USA"], "regional_group": ["WEOG"] * 2,
                            "adherence": ["convention_only"] * 2})
    names = pl.DataFrame({"entity_id": ["GBR", "USA"], "name": [
        "Соединенное Королевство Великобритании и Северной Ирландии",
        "Соединенные Штаты Америки"]})
    spec = engagement_matrix_chart(frame, closest, names, meeting_date=dt.date(2020, 7, 16),
                                   latest_date=dt.date(2024, 5, 4), source="x",
                                   labels=labels).to_dict()
    rows = spec["vconcat"][1]["layer"][-1]["data"]["values"]
    uk = [row for row in rows if row["display_name"].startswith("Соединенное")]
    usa = next(row for row in rows if row["display_name"].startswith("Соединенные"))
    assert len(uk) > 1  # wrapped, never cut
    assert "".join(row["text"].strip("\u2002 ") + " " for row in uk).strip() == \
        names["name"][0]
    assert all(row["text"].startswith("\u2002") for row in uk[1:])  # the hang
    # Lines of one name closer than two names.
    assert uk[1]["y"] - uk[0]["y"] < usa["y"] - uk[-1]["y"]


@pytest.mark.parametrize("lang", ["fr", "es", "zh", "ar"])
def test_neither_instrument_is_said_as_not_a_party(lang):
    legend = load_labels(lang)("adherence.neither")
    assert legend == {"fr": "Ni partie à la Convention ni au Protocole",
                      "es": "No es parte en la Convención ni en el Protocolo",
                      "zh": "非《公约》或《议定书》缔约方",
                      "ar": "ليست طرفا في الاتفاقية ولا في البروتوكول"}[lang]


@pytest.mark.parametrize(("lang", "start", "china"), [
    ("en", "**2 meetings**, from 16 July 2020 to 10 May 2022. **83 States**",
     "China (3.4 years after 16 July 2020)."),
    ("fr", "**2 réunions**, du 16 juillet 2020 au 10 mai 2022. **83 États**",
     "Chine (3,4 ans après le 16 juillet 2020)."),
    ("ru", "**Совещаний: 2**, с 16 июля 2020 года по 10 мая 2022 года.",
     "Китай (через 3,4 года после 16 июля 2020 года)."),
    ("zh", "**2次会议**，2020年7月16日至2022年5月10日。至少出席一次的有**83个国家**",
     "中国（2020年7月16日之后3.4年）。")])
def test_series_summary_speaks_the_label_language(study, lang, start, china):
    from analysis.findings import series_summary
    text = series_summary(study, load_labels(lang))
    assert text.startswith(start)
    assert text.endswith(china)


def test_russian_reports_after_june_2022_name_turkiye_as_the_un_does():
    from analysis.names import default_name_index
    resolved = default_name_index().resolve(
        pl.Series(["Тюркийе", "Республика Тюркийе", "Турция"]), lang="ru")
    assert resolved["entity_id"].to_list() == ["TUR", "TUR", "TUR"]
