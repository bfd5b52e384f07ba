"""Participation is counted once: the single meeting is the series' count of one meeting."""

import polars as pl
import pytest

from analysis.participation import adherence, regional_participation, standing_of
from analysis.series import participation_by_meeting, series_table
from analysis.study import build_study
from tests.conftest import REPORT_ZH

MEETING = "CTOC/COP/WG.6/2020/3"


@pytest.fixture(scope="module")
def study():
    return build_study(REPORT_ZH)


def test_the_2020_meeting_alone_and_in_the_series_give_the_same_table(study):
    alone = regional_participation(study.attendance)
    in_series = (participation_by_meeting(series_table(study))
                 .filter(pl.col("meeting") == MEETING).drop("meeting", "meeting_date"))
    assert alone.equals(in_series)
    attended = dict(alone.filter(pl.col("attended_as") != "absent").group_by("regional_group")
                    .agg(pl.col("states").sum()).iter_rows())
    assert attended == {"African": 11, "Asia-Pacific": 19, "Eastern European": 12,
                        "GRULAC": 17, "WEOG": 19}
    members = dict(alone.select("regional_group", "members").unique().iter_rows())
    assert members == {"African": 54, "Asia-Pacific": 54, "Eastern European": 23,
                       "GRULAC": 33, "WEOG": 29}
    weog = dict(alone.filter((pl.col("regional_group") == "WEOG") & (pl.col("states") > 0))
                .select("standing", "states").iter_rows())
    assert weog == {"protocol_party": 11, "protocol_signatory": 4, "convention_only": 4,
                    "absent": 10}


def test_standing_is_the_adherence_on_the_meeting_date(study):
    # Every attending Member State's standing is its adherence that day, not a second
    # reading of the report's category; an absent one is "absent".
    held = adherence(study.meeting_status, study.status(study.status_date, treaty="untoc"))
    table = (study.attendance.filter(pl.col("entity_kind") == "state")
             .select("entity_id", "attended_as")
             .join(held.filter(pl.col("membership") == "member"), on="entity_id")
             .with_columns(standing=standing_of(pl.col("attended_as"), pl.col("adherence"))))
    assert table.height == 78
    assert table["standing"].equals(table["adherence"].alias("standing"))
    frame = pl.DataFrame({"a": ["absent", "party", "igo"], "h": ["protocol_party"] * 3})
    assert frame.select(standing_of(pl.col("a"), pl.col("h"))).to_series().to_list() == [
        "absent", "protocol_party", None]


def test_a_state_whose_report_category_disagrees_is_counted_not_dropped():
    # The report lists a State as a party while the treaty data holds its consent only
    # by bounds: its standing is "unknown", a pair outside the usual grid, still counted.
    from analysis.participation import participation_counts

    members = pl.DataFrame({"regional_group": ["WEOG", "WEOG"],
                            "attended_as": ["party", "absent"],
                            "standing": ["unknown", "absent"]})
    table = participation_counts(members)
    assert table["states"].sum() == 2
    odd = table.filter((pl.col("attended_as") == "party") & (pl.col("standing") == "unknown"))
    assert dict(odd.select("regional_group", "states").iter_rows()) == {
        "African": 0, "Asia-Pacific": 0, "Eastern European": 0, "GRULAC": 0, "WEOG": 1}


def test_not_bound_is_one_definition_and_leaves_undecided_states_apart():
    """Luxembourg's consent is dated only by bounds around the meeting: undecided, so
    neither the not-bound States, nor the engaged not bound, nor the cards' selection
    list it, and the engagement table counts it as unknown."""
    from analysis.attendance import parse_attendance
    from analysis.participation import engaged_not_bound, engagement, not_bound_states
    from analysis.report import default_report, read_report
    from analysis.treaty import status_on

    attendance = parse_attendance(read_report(default_report()))
    protocol, convention = status_on("2020-07-16"), status_on("2020-07-16", treaty="untoc")
    listed = not_bound_states(protocol, attendance)
    assert "LUX" not in set(listed["entity_id"])
    assert set(listed["status"]) == {"signatory", "none"}
    assert "LUX" not in set(engaged_not_bound(attendance, protocol, convention)["entity_id"])
    weog = engagement(attendance, protocol).filter(pl.col("regional_group") == "WEOG")
    assert weog.filter(pl.col("bound") == "unknown")["states"].sum() == 1
    members = protocol.filter(pl.col("membership") == "member")
    not_party = engagement(attendance, protocol).filter(pl.col("bound") == "not_party")
    assert not_party["states"].sum() == members.filter(
        pl.col("status").is_in(["signatory", "none"])).height
