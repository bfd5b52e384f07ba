import calendar
import csv
import datetime as dt
import io

import polars as pl
import pytest

from analysis import gap_by_group, non_parties, paths
from analysis.attendance import parse_attendance
from analysis.audit import audit_attendance
from analysis.errors import BadDateError, ReferenceDataError
from analysis.reference import load_treaty_participation
from analysis.report import read_report
from analysis.treaty import check_as_of, party_counts, status_on
from tests.conftest import REPORT_ZH

ANCHORS = pl.read_csv(paths.TREATY_ANCHORS, infer_schema=False)
SIGNATORY_ONLY_2024 = {"AUS", "CAN", "ISL", "JPN", "MCO", "SYC", "GBR"}


def _bounds(day: dt.date) -> tuple[int, int]:
    counts = party_counts(pl.Series([day])).row(0, named=True)
    return counts["parties"], counts["parties"] + counts["undecided"]


def test_parties_and_signatories_on_the_data_date_match_untc():
    counts = dict(status_on("2024-05-04").group_by("status").len().iter_rows())
    assert counts.get("party") == 123
    assert counts.get("unknown", 0) == 0
    signatories = status_on("2024-05-04").filter(pl.col("status") == "signatory")
    assert set(signatories["entity_id"]) == SIGNATORY_ONLY_2024


@pytest.mark.parametrize("anchor", list(ANCHORS.iter_rows(named=True)),
                         ids=lambda a: a["as_of"])
def test_published_party_counts_lie_within_what_the_data_allows(anchor):
    # Where deposit dates are missing the data gives bounds: certain parties, plus
    # participants whose status on that day is unknown. The published count must fit.
    text = anchor["as_of"]
    if len(text) == 7:  # a month: certain at its first day, possible by its last
        year, month = map(int, text.split("-"))
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
    else:
        first = last = dt.date.fromisoformat(text)
    parties = int(anchor["parties"])
    assert _bounds(first)[0] <= parties <= _bounds(last)[1]


def test_signatory_count_is_consistent_with_52():
    events = load_treaty_participation()
    signed = events.filter(
        pl.col("signature_date").is_not_null() | pl.col("signed_by").is_not_null()
        | pl.col("consent_type").is_in(["ratification", "acceptance", "approval"]))
    may_have_signed = events.filter(
        pl.col("signature_date").is_null()
        & ~pl.col("consent_type").is_in(["accession", "succession"]).fill_null(False))
    assert signed.height <= 52 <= signed.height + may_have_signed.height


def test_independent_event_anchors_agree_with_the_table():
    events = load_treaty_participation()
    anchors = pl.read_csv(paths.REFERENCE_DIR / "firearms_protocol_events_anchors.csv",
                          infer_schema=False)
    joined = anchors.join(events, on="entity_id", how="left").with_columns(
        stored=pl.when(pl.col("event") == "signature").then("signature_date")
        .otherwise("consent_date").cast(pl.String))
    wrong = joined.filter(pl.col("stored") != pl.col("date"))
    assert wrong.height == 0, wrong.select("entity_id", "event", "date", "stored")


def test_status_rules_on_known_cases():
    table = status_on("2020-07-16")
    by_id = {r["entity_id"]: r for r in table.iter_rows(named=True)}
    assert by_id["DEU"]["status"] == "signatory"        # signed 2002, deposited 2021
    assert by_id["DEU"]["consent_date"] is None          # later events are not shown
    assert by_id["BOL"]["status"] == "none"             # acceded 2020-09-01
    assert by_id["FRA"]["status"] == "party"
    assert by_id["FRA"]["entry_into_force"] == dt.date(2019, 3, 30)   # 30 days after deposit
    assert by_id["CRI"]["entry_into_force"] == dt.date(2005, 7, 3)    # early party
    assert by_id["USA"]["status"] == "none" and by_id["USA"]["regional_group"] == "WEOG"
    assert by_id["EUU"]["status"] == "party" and by_id["EUU"]["iso3"] is None
    assert status_on("2024-05-04").filter(pl.col("entity_id") == "BOL")["status"].item() == "party"


def test_every_state_and_participant_is_listed():
    table = status_on()
    assert table.height == 196  # 193 members, 2 observer States, the European Union
    assert table["entity_id"].is_unique().all()
    assert table["status"].is_in(["party", "signatory", "none", "unknown"]).all()


@pytest.mark.parametrize(("value", "message"), [
    ("2000-12-31", "before 2001"),
    ("2099-01-01", "after 2024-05-04"),
    ("16/07/2020", "not a date in the form YYYY-MM-DD"),
])
def test_dates_out_of_range_are_errors(value, message):
    with pytest.raises(BadDateError, match=message):
        check_as_of(value)


def test_report_audit_has_no_disagreement():
    report = read_report(REPORT_ZH)
    audit = audit_attendance(parse_attendance(report), report.meeting_date)
    assert audit.height == 79
    assert audit.filter(pl.col("verdict") == "disagree").height == 0
    # Signatories and non-parties are fully decided by the data: all agree.
    decided = audit.filter(pl.col("category").is_in(["signatory", "non_party"]))
    assert decided["verdict"].unique().to_list() == ["agree"]
    assert audit.filter(pl.col("verdict") == "agree").height >= 50


def test_gap_helpers():
    status = status_on("2024-05-04")
    gaps = gap_by_group(status)
    assert gaps["members"].to_list() == [54, 54, 23, 33, 29]
    assert gaps["party"].sum() == 122  # 123 parties less the European Union
    weog = gaps.filter(pl.col("regional_group") == "WEOG").row(0, named=True)
    assert weog["share_party"] == pytest.approx(weog["party"] / 29)
    report = read_report(REPORT_ZH)
    missing = non_parties(status, parse_attendance(report))
    usa = missing.filter(pl.col("entity_id") == "USA").row(0, named=True)
    assert usa["attended"] and usa["attended_as"] == "non_party" and usa["status"] == "none"
    assert not missing.filter(pl.col("entity_id") == "AFG")["attended"].item()


@pytest.mark.parametrize(("line", "message"), [
    ("ALB,Albania,2009-01-01,,2008-02-08,accession,,test", "signature_before_consent"),
    ("ALB,Albania,,,2008-02-30,accession,,test", "dates that are not YYYY-MM-DD: ALB"),
    ("ALB,Albania,,,2030-01-01,accession,,test", "after the data's as-of date"),
    ("XXX,Atlantis,,,2008-02-08,accession,,test", "entity_known"),
    ("ALB,Albania,,,,accession,,test", "type_needs_a_consent"),
])
def test_bad_treaty_rows_are_refused(tmp_path, line, message):
    source = paths.TREATY_PARTICIPATION
    lines = source.read_text(encoding="utf-8").splitlines()
    lines = [lines[0], line] + [x for x in lines[1:] if not x.startswith("ALB,")]
    target = tmp_path / source.name
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sidecar = source.with_name(source.stem + ".source.json")
    (tmp_path / sidecar.name).write_text(sidecar.read_text(encoding="utf-8"))
    with pytest.raises(ReferenceDataError, match=message):
        load_treaty_participation(target)


@pytest.mark.parametrize(("day", "parties"), [("2024-05-04", 123)])
def test_status_command(run_cli, day, parties):
    result = run_cli("status", "--as-of", day)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[:9] == ["entity_id", "iso3", "name", "regional_group", "status",
                                 "signature_date", "consent_date", "consent_type",
                                 "entry_into_force"]
    assert sum(r["status"] == "party" for r in rows) == parties


@pytest.mark.parametrize("day", ["2008-09-26", "2020-07-16"])
def test_status_command_on_anchor_dates_stays_within_the_anchor(run_cli, day):
    result = run_cli("status", "--as-of", day, "--format", "json")
    assert result.returncode == 0
    assert '"status":"party"' in result.stdout


def test_status_command_default_date_and_bad_date(run_cli):
    default = run_cli("status")
    assert default.returncode == 0 and default.stdout == run_cli(
        "status", "--as-of", "2024-05-04").stdout
    bad = run_cli("status", "--as-of", "1990-01-01")
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "before 2001" in bad.stderr


def test_audit_command(run_cli):
    result = run_cli("audit", REPORT_ZH)
    assert result.returncode == 0, result.stderr
    assert "79 listed participants checked" in result.stdout
    assert "0 disagree" in result.stdout


def test_nobody_signed_or_joined_before_the_protocol_opened():
    for day in ("2001-01-01", "2001-06-29"):
        assert status_on(day)["status"].unique().to_list() == ["none"]
    assert "signatory" in status_on("2001-12-31")["status"].to_list()


@pytest.mark.parametrize(("value", "message"), [
    ("20200716", "not a date in the form YYYY-MM-DD"),
    ("2020-02-30", "no such day in the calendar"),
])
def test_date_form_and_calendar(value, message):
    with pytest.raises(BadDateError, match=message):
        check_as_of(value)
