"""Inputs checked: a table where another belongs, or of another date, is refused."""

import pytest

from analysis.attendance import parse_attendance
from analysis.errors import AnalysisError, BadArgumentError
from analysis.panel import status_panel
from analysis.participation import (
    adherence,
    engaged_not_bound,
    engagement,
    gap_by_group,
    pending_signatories,
    regional_participation,
)
from analysis.report import default_report, read_report
from analysis.treaty import party_counts, party_counts_over_time, status_on


@pytest.fixture(scope="module")
def tables():
    return {"p20": status_on("2020-07-16"), "c20": status_on("2020-07-16", treaty="untoc"),
            "p24": status_on("latest"), "c24": status_on("latest", treaty="untoc")}


def test_gap_by_group_refuses_swapped_treaties(tables):
    with pytest.raises(AnalysisError, match="'protocol': a status of untoc, where the "
                                            "firearms-protocol status belongs"):
        gap_by_group(tables["c20"], tables["p20"])


def test_gap_by_group_refuses_statuses_of_two_dates(tables):
    with pytest.raises(AnalysisError, match="'convention': of 2024-05-04, but protocol is of "
                                            "2020-07-16"):
        gap_by_group(tables["p20"], tables["c24"])


def test_the_checked_pair_still_gives_the_gap(tables):
    assert gap_by_group(tables["p24"], tables["c24"])["members"].sum() == 193
    assert adherence(tables["p20"], tables["c20"]).height == tables["p20"].height


def test_a_panel_where_one_dates_status_belongs_is_refused(tables):
    panel = status_panel(["2020-07-16", "2021-07-16"]).drop("date")
    with pytest.raises(AnalysisError, match="holds 1 treaties and 2 dates"):
        adherence(panel, tables["c20"])


def test_functions_on_attendance_refuse_the_wrong_treaty(tables):
    attendance = parse_attendance(read_report(default_report()))
    with pytest.raises(AnalysisError, match="'status': a status of untoc"):
        engagement(attendance, tables["c24"])
    with pytest.raises(AnalysisError, match="'convention': a status of firearms-protocol"):
        regional_participation(attendance, convention=tables["p20"])
    with pytest.raises(AnalysisError, match="'protocol': a status of untoc"):
        engaged_not_bound(attendance, tables["c24"], tables["c24"])
    with pytest.raises(AnalysisError, match="of 2024-05-04, but as_of is 2020-07-16"):
        pending_signatories(tables["p24"], attendance, "2020-07-16")


def test_dates_are_taken_the_same_way_everywhere():
    assert party_counts(["2008-09-26"])["parties"].item() == 77
    assert party_counts_over_time("2024-01-01", "latest").tail(1)["parties"].item() == 123
    with pytest.raises(BadArgumentError, match="after 2024-05-04"):
        party_counts_over_time(end="2030-01-01")
    with pytest.raises(BadArgumentError, match="valid: firearms-protocol, untoc"):
        party_counts(["2008-09-26"], treaty="protocol")
