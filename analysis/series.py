"""The series across meetings: who came, in which capacity, and who joined the Protocol after.

Owns the tables that set a study's meetings side by side: one row per meeting and per
UN Member or observer State (absent ones included) plus every organization that
attended (``series_table``), Member States per regional group at each meeting
(``participation_by_meeting``), the State × meeting grid (``attendance_grid``) and
"engagement, then accession": the States that attended while not parties and whether,
and how long after, they joined the Protocol (``engagement_then_accession``). Treaty
status is each meeting's own (``Study.statuses`` on its status date), so a State that
joined between two meetings is a non-party at the first and a party at the second.
The figures draw these tables only when a study holds two or more meetings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath

import polars as pl

from analysis.participation import adherence_of, participation_counts, standing_of
from analysis.schemas import TABLES, order
from analysis.study import Study
from analysis.treaty import status_on
from analysis.vocabulary import CONVENTION, ENTITY_KINDS, PROTOCOL, REGIONAL_GROUPS, not_bound

SERIES_COLUMNS: tuple[str, ...] = tuple(TABLES["series_table"].column_names())
"""The columns of ``series_table``, as ``schemas.TABLES`` declares them."""


def _status_by_meeting(study: Study, treaty: str, name: str,
                       column: str = "status") -> pl.DataFrame:
    """``meeting, entity_id, <name>``: each meeting's ``column`` of the status table."""
    return pl.concat([
        study.statuses[treaty][row["status_date"]].select(
            pl.lit(row["meeting"]).alias("meeting"), "entity_id", pl.col(column).alias(name))
        for row in study.meetings.iter_rows(named=True)])


def series_table(study: Study) -> pl.DataFrame:
    """One row per meeting and per UN Member or observer State, plus each organization present.

    Args:
        study: The study (``build_study``), of one or more meetings.

    Returns:
        ``SERIES_COLUMNS``, meetings oldest first, then States (by id), then the
        organizations that attended (the European Union, intergovernmental
        organizations, UN entities). ``attended_as`` is the report's category
        (``party``, ``signatory``, ``non_party``, ``igo``, ``un_entity``) or ``absent``;
        ``membership`` is the State's UN membership on the meeting's status date
        (``member``, ``observer``, ``not_member`` before its admission; null for an
        organization);
        ``protocol_status`` and ``convention_status`` are the status on the meeting's
        status date (null for a body that is no treaty participant); ``adherence`` is
        the State's adherence to both instruments then (``ADHERENCE``) and
        ``standing`` how it took part (``STANDING``: that adherence if it attended,
        ``absent`` if not; null for an organization); ``spoke`` is
        whether the report records it chairing, leading a panel or making a statement,
        null for a meeting whose speaking roles cannot be read.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> table = series_table(build_study(default_report()))
        >>> table.height, table.filter(pl.col("attended_as") == "absent").height
        (207, 117)
        >>> table.filter(pl.col("entity_id") == "DEU").select(
        ...     "attended_as", "protocol_status", "spoke").row(0)
        ('signatory', 'signatory', True)
    """
    meetings = study.meetings.select("meeting", "meeting_date")
    status = study.statuses[PROTOCOL][study.latest]
    states = status.filter(pl.col("membership").is_not_null()).select(
        "entity_id", "iso3", "name", "regional_group", entity_kind=pl.lit("state"))
    present = study.attendance.select("meeting", "entity_id", "attended_as")
    organizations = (study.attendance.filter(pl.col("entity_kind") != "state")
                     .select("meeting", "entity_id", "iso3", name="name_en",
                             regional_group=pl.lit(None, pl.String),
                             entity_kind="entity_kind"))
    rows = pl.concat([meetings.join(states, how="cross"),
                      organizations.join(meetings, on="meeting", how="left")],
                     how="diagonal")
    unread = list(study.voice_errors)
    voice = (study.voice.select("meeting", "entity_id", "spoke") if study.voice.height
             else pl.DataFrame(schema={"meeting": pl.String, "entity_id": pl.String,
                                       "spoke": pl.Boolean}))
    return (rows.join(present, on=["meeting", "entity_id"], how="left")
            # A State's UN membership is the meeting's own: none before its admission.
            .join(_status_by_meeting(study, PROTOCOL, "membership", "membership"),
                  on=["meeting", "entity_id"], how="left")
            .join(_status_by_meeting(study, PROTOCOL, "protocol_status"),
                  on=["meeting", "entity_id"], how="left")
            .join(_status_by_meeting(study, CONVENTION, "convention_status"),
                  on=["meeting", "entity_id"], how="left")
            .join(voice, on=["meeting", "entity_id"], how="left")
            .with_columns(attended_as=pl.col("attended_as").fill_null("absent"))
            .with_columns(
                adherence=pl.when(pl.col("protocol_status").is_not_null()).then(
                    adherence_of(pl.col("protocol_status"), pl.col("convention_status"))),
                standing=pl.when(pl.col("entity_kind") == "state").then(standing_of(
                    pl.col("attended_as"), adherence_of(pl.col("protocol_status"),
                                                        pl.col("convention_status")))),
                spoke=pl.when(pl.col("meeting").is_in(unread)).then(pl.lit(None, pl.Boolean))
                .otherwise(pl.col("spoke").fill_null(False)))
            .sort("meeting_date", "meeting",
                  order("entity_kind", ENTITY_KINDS), "entity_id")
            .select(SERIES_COLUMNS))


def participation_by_meeting(series: pl.DataFrame) -> pl.DataFrame:
    """Member States per regional group at each meeting, by how they attended.

    The same count as ``participation.regional_participation`` (both are
    ``participation_counts``), for each meeting: UN Member States only, the United
    States with WEOG, the European Union apart.

    Args:
        series: ``series_table`` output.

    Returns:
        ``meeting, meeting_date, regional_group, attended_as, standing, states, members,
        share``, every group and (``attended_as``, ``STANDING``) pair at every meeting (zeros
        included).

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> table = participation_by_meeting(series_table(build_study(
        ...     default_report())))
        >>> table.filter(pl.col("attended_as") != "absent")["states"].sum()
        78
    """
    members = series.filter(pl.col("membership") == "member")
    meetings = (series.select("meeting", "meeting_date").unique(maintain_order=True)
                .sort("meeting_date", "meeting", maintain_order=True))
    return participation_counts(members, meetings)


def attendance_grid(series: pl.DataFrame) -> pl.DataFrame:
    """The State × meeting grid: every State that attended at least one meeting, at each.

    Args:
        series: ``series_table`` output.

    Returns:
        The ``series_table`` rows of those States (absent meetings included), with
        ``meetings_attended``, sorted by regional group, id and meeting.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> grid = attendance_grid(series_table(build_study(
        ...     default_report())))
        >>> grid.height, grid["meetings_attended"].max()
        (78, 1)
    """
    attended = pl.col("attended_as") != "absent"
    return (series.filter(pl.col("entity_kind") == "state")
            .with_columns(meetings_attended=attended.sum().over("entity_id"))
            .filter(pl.col("meetings_attended") > 0)
            .sort(order("regional_group", REGIONAL_GROUPS), "entity_id", "meeting_date",
                  nulls_last=True))


def engagement_then_accession(series: pl.DataFrame, latest_status: pl.DataFrame,
                              latest: dt.date, latest_convention: pl.DataFrame | None = None
                              ) -> pl.DataFrame:
    """States that attended a meeting while not parties: did they join the Protocol, when?

    A State counts when it attended at least one meeting on whose status date it was a
    signatory or neither (a State whose consent is only bounded is ``unknown`` then
    and does not count).

    Args:
        series: ``series_table`` output.
        latest_status: Protocol ``status_on(latest)``.
        latest: The latest date of the treaty data the study uses.
        latest_convention: Convention ``status_on(latest, treaty="untoc")`` (default:
            read here).

    Returns:
        ``entity_id, name, regional_group, first_meeting, first_attended,
        status_then, meetings_as_non_party, status, consent_date, joined,
        years_to_accession``: ``first_attended`` is the first such meeting's date and
        ``status_then`` the status on it; ``status`` is on ``latest``; ``joined`` is
        whether the State is a party on ``latest``; ``adherence_then`` and
        ``adherence`` are its adherence to both instruments on those two dates
        (``ADHERENCE``); ``years_to_accession`` runs from
        ``first_attended`` to ``consent_date`` (one decimal; null when not joined or
        the consent date is not known). Joined States first, soonest first, then the
        others by group and id.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> from analysis.treaty import status_on
        >>> study = build_study(default_report())
        >>> table = engagement_then_accession(series_table(study), study.latest_status,
        ...                                   study.latest)
        >>> table.height, table.filter(pl.col("joined"))["entity_id"].to_list()
        (25, ['BOL', 'DEU', 'CHN'])
    """
    engaged = (series.filter((pl.col("entity_kind") == "state")
                             & (pl.col("attended_as") != "absent")
                             & not_bound("protocol_status"))
               .sort("meeting_date", "meeting")
               .group_by("entity_id", maintain_order=True)
               .agg(pl.col("name", "regional_group").first(),
                    first_meeting=pl.col("meeting").first(),
                    first_attended=pl.col("meeting_date").first(),
                    status_then=pl.col("protocol_status").first(),
                    adherence_then=pl.col("adherence").first(),
                    meetings_as_non_party=pl.len()))
    if latest_convention is None:
        latest_convention = status_on(latest, treaty=CONVENTION)
    now = (latest_status.select("entity_id", "status", "consent_date")
           .join(latest_convention.select("entity_id", convention_status="status"),
                 on="entity_id", how="left")
           .with_columns(adherence=adherence_of(pl.col("status"), pl.col("convention_status")))
           .drop("convention_status"))
    return (engaged.join(now, on="entity_id", how="left")
            .with_columns(joined=pl.col("status") == "party")
            .with_columns(years_to_accession=pl.when(pl.col("joined")).then(
                ((pl.col("consent_date") - pl.col("first_attended")).dt.total_days()
                 / 365.25).round(1)))
            .sort(~pl.col("joined"), "years_to_accession",
                  order("regional_group", REGIONAL_GROUPS), "entity_id", nulls_last=True)
            .select("entity_id", "name", "regional_group", "first_meeting", "first_attended",
                    "status_then", "meetings_as_non_party", "status", "consent_date", "joined",
                    "years_to_accession", "adherence_then", "adherence"))


def drawn_from_fixture(meetings: pl.DataFrame) -> bool:
    """Whether any meeting of a study was read from a test fixture, not from a UN report.

    A report read from a ``tests/fixtures`` folder is a test fixture (the repository's
    invented 2022 meeting, CTOC/COP/WG.6/2022/99, is one): every figure drawn from such a
    study carries a "test data" mark, so that no invented meeting passes for a real one.
    The folder decides, not the text: a fixture is made from a real report and reads
    like one.

    Args:
        meetings: ``Study.meetings`` (its ``source`` column: where each report was read).

    Example:
        >>> drawn_from_fixture(pl.DataFrame({"source": [
        ...     "reports/wg-firearms-2020-report.zh.txt",
        ...     "tests/fixtures/wg-firearms-2022-test-meeting.en.txt"]}))
        True
        >>> drawn_from_fixture(pl.DataFrame({"source": ["reports/report.en.txt"]}))
        False
    """
    def fixture(source: str) -> bool:
        parts = PurePath(source.replace("\\", "/")).parts
        return any(parts[i:i + 2] == ("tests", "fixtures") for i in range(len(parts)))

    return any(fixture(str(source)) for source in meetings["source"].drop_nulls())


@dataclass(frozen=True)
class SeriesTables:
    """What the series figures draw: computed from a study of two or more meetings."""

    meetings: pl.DataFrame
    """``meeting, meeting_date, meeting_end, status_date``, oldest first."""
    participation: pl.DataFrame
    grid: pl.DataFrame
    accession: pl.DataFrame
    latest: dt.date
    fixture: bool = False
    """Whether a meeting was read from a test fixture (``drawn_from_fixture``)."""


def series_tables(study: Study) -> SeriesTables | None:
    """The tables of the series figures, or None when the study holds one meeting.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> series_tables(build_study(default_report())) is None
        True
    """
    if study.meetings.height < 2:
        return None
    series = series_table(study)
    return SeriesTables(
        meetings=study.meetings.select("meeting", "meeting_date", "meeting_end", "status_date"),
        participation=participation_by_meeting(series),
        grid=attendance_grid(series),
        accession=engagement_then_accession(series, study.latest_status, study.latest,
                                            study.status(study.latest, treaty=CONVENTION)),
        latest=study.latest, fixture=drawn_from_fixture(study.meetings))
