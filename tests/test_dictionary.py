"""Every table is declared once: the dictionary is written from the declarations, and
every public function returns its declared table."""

from collections.abc import Callable

import polars as pl
import pytest

import analysis
from analysis import participation, reference, treaty, voice
from analysis.dictionary import data_dictionary, declarations, markdown
from analysis.errors import TableSchemaError
from analysis.schemas import EXPORTED, TABLES, validate, validate_fields
from analysis.series import series_table
from analysis.study import build_study
from analysis.tables import export_tables, figure_tables
from tests.conftest import REPORT_ZH, ROOT

LATER = ROOT / "tests" / "fixtures" / "wg-firearms-2022-test-meeting.en.txt"
DAYS = ["2020-07-16", "latest"]


def _attendance() -> pl.DataFrame:
    return analysis.parse_attendance(analysis.read_report(REPORT_ZH))


def _protocol() -> pl.DataFrame:
    return analysis.status_on("latest")


def _convention() -> pl.DataFrame:
    return analysis.status_on("latest", treaty="untoc")


# How to build each public table on the shipped data: what the declarations must match.
PUBLIC: dict[str, Callable[[], pl.DataFrame]] = {
    "status_on": _protocol,
    "status_panel": lambda: analysis.status_panel(DAYS),
    "participant_status": lambda: treaty.participant_status("latest"),
    "party_counts": lambda: treaty.party_counts(DAYS),
    "published_totals": treaty.published_totals,
    "published_party_counts": treaty.published_party_counts,
    "parse_attendance": _attendance,
    "parse_voice": lambda: voice.parse_voice(analysis.read_report(REPORT_ZH)),
    "voice_by_entity": lambda: voice.voice_by_entity(
        voice.parse_voice(analysis.read_report(REPORT_ZH)), _attendance(),
        analysis.status_on("2020-07-16")),
    "normalise_names": lambda: analysis.normalise_names(
        pl.DataFrame({"name": ["Chile", "Atlantis"]}), "name", explain=True,
        allow_unknown=True),
    "convert_table": lambda: analysis.convert_table(pl.Series(["Chile", "Atlantis"]),
                                                   allow_unknown=True),
    "adherence": lambda: participation.adherence(_protocol(), _convention()),
    "gap_by_group": lambda: participation.gap_by_group(_protocol(), _convention()),
    "ratification_gap": lambda: participation.ratification_gap({
        day: participation.gap_by_group(analysis.status_on(day),
                                        analysis.status_on(day, treaty="untoc"))
        for day in analysis.parse_dates(DAYS)}),
    "not_bound_states": lambda: participation.not_bound_states(_protocol(), _attendance()),
    "regional_participation": lambda: participation.regional_participation(
        _attendance(), convention=analysis.status_on("2020-07-16", treaty="untoc")),
    "engagement": lambda: participation.engagement(_attendance(), _protocol()),
    "engaged_not_bound": lambda: participation.engaged_not_bound(
        _attendance(), _protocol(), _convention()),
    "joined_after_meeting": lambda: participation.joined_after_meeting(
        _attendance(), _protocol(), "2020-07-16"),
    "pending_signatories": lambda: participation.pending_signatories(
        _protocol(), _attendance(), "latest"),
    "accession_timeline": participation.accession_timeline,
    "load_member_states": reference.load_member_states,
    "load_treaty_participation": reference.load_treaty_participation,
}


def test_every_declared_column_has_a_meaning_and_every_table_a_section():
    dictionary = data_dictionary()  # raises, listing them, if a column has none
    assert set(dictionary["table"]) == set(declarations()) >= set(TABLES) | set(PUBLIC)
    panel = dictionary.filter(pl.col("table") == "status_panel")
    assert panel["column"].to_list()[:2] == ["date", "as_of"]
    assert panel.filter(pl.col("column") == "as_of")["dtype"].item() == "Date"
    assert panel.filter(pl.col("column") == "status")["dtype"].item() == (
        "Enum(party, signatory, unknown, none)")
    assert panel.filter(pl.col("key"))["column"].to_list() == ["date", "entity_id"]
    assert panel.filter(pl.col("nullable"))["column"].to_list() == [
        "iso3", "regional_group", "signature_date", "consent_date", "consent_type",
        "entry_into_force", "in_force", "membership", "party_after", "party_by"]
    text = markdown(dictionary)
    assert text.count("\n## `") == len(declarations())
    assert ("| `regional_group` | Enum(African, Asia-Pacific, Eastern European, GRULAC, "
            "WEOG) | yes |") in text


@pytest.mark.parametrize("table", sorted(PUBLIC))
def test_every_public_function_returns_its_declared_table(table):
    frame = PUBLIC[table]()
    if table in TABLES:
        validate(frame, table)
    else:  # a reference file's table, declared where it is read
        schema = declarations()[table]
        assert frame.columns == schema.column_names() and schema.is_valid(frame, cast=True)
    # The package returns coded columns as strings (documented in the dictionary).
    assert pl.Enum not in {type(dtype) for dtype in frame.schema.values()}


def test_study_figure_and_exported_tables_are_declared():
    # Two meetings: the series tables too (build_study validates the study's own).
    study = build_study([LATER, REPORT_ZH])
    tables = figure_tables(study)  # validates, and so does export_tables
    assert tables.series is not None
    validate_fields(tables, "figure tables")
    assert set(export_tables(study)) == set(EXPORTED)
    validate(series_table(study), "series_table")


def test_a_table_unlike_its_declaration_is_named_with_its_column():
    status = analysis.status_on("2020-07-16")
    cases = {
        "column regional_group holds a value outside its vocabulary (African, Asia-Pacific, "
        "Eastern European, GRULAC, WEOG) in 196 rows": status.with_columns(
            regional_group=pl.lit("Europe")),
        "column entity_id has 2 rows with a duplicate key": pl.concat([status,
                                                                       status.head(1)]),
        "column name is missing": status.drop("name"),
        "column status is null in 1 row": status.with_columns(
            status=pl.when(pl.col("entity_id") == "FRA").then(None).otherwise("status")),
        "column in_force is String, declared Boolean": status.with_columns(
            in_force=pl.lit("yes")),
    }
    for message, frame in cases.items():
        with pytest.raises(TableSchemaError) as caught:
            validate(frame, "status_on", "export status_latest")
        assert str(caught.value) == f"table export status_latest: {message}"
