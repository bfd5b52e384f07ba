"""Participation analyses: who attended, by UN regional group, against treaty status.

Owns the tables behind the figures and notebooks: regional participation, the
ratification gap by group (per date, and on the meeting date against the latest
date), the non-parties and whether they attended, the engagement matrix (attended ×
bound by the Protocol), states that joined after the meeting, the accession timeline
and pending signatories. Polars frames in, polars frames out; the United States
counts with WEOG and the European Union is reported apart.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from analysis.reference import load_member_states
from analysis.treaty import SIGNATURE_CLOSED, party_counts, party_counts_over_time
from analysis.vocabulary import ATTENDANCE, BOUND, REGIONAL_GROUPS, STATE_CATEGORIES, STATUSES


def _members(states: pl.DataFrame | None) -> pl.DataFrame:
    states = load_member_states() if states is None else states
    return states.filter(pl.col("membership") == "member").select("iso3", "regional_group")


def gap_by_group(status: pl.DataFrame) -> pl.DataFrame:
    """Per regional group: number and share of members by treaty status.

    Args:
        status: The table from ``status_on`` (UN Member States count; the United
            States is counted with WEOG, as in UN electoral practice).

    Returns:
        ``regional_group, members, party, signatory, none, unknown`` and
        ``share_party, share_signatory, share_none, share_unknown`` (0..1), one row
        per group in alphabetical order.

    Example:
        >>> from analysis.treaty import status_on
        >>> gaps = gap_by_group(status_on("2024-05-04"))
        >>> gaps["members"].sum()
        193
    """
    grouped = status.filter(pl.col("membership") == "member")
    counts = (grouped.group_by("regional_group")
              .agg(members=pl.len(),
                   **{s: (pl.col("status") == s).sum() for s in STATUSES})
              .sort("regional_group"))
    return counts.with_columns(
        (pl.col(s) / pl.col("members")).alias(f"share_{s}") for s in STATUSES)


def non_parties(status: pl.DataFrame, attendance: pl.DataFrame) -> pl.DataFrame:
    """States that are not parties on the status date, with whether they attended.

    Args:
        status: The table from ``status_on``.
        attendance: The table from ``parse_attendance``.

    Returns:
        ``entity_id, name, regional_group, status, attended, attended_as`` for
        every state whose status is not ``party``, sorted by group and name.

    Example:
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> from analysis.treaty import status_on
        >>> report = read_report("data/raw/wg-firearms-2020-report.zh.txt")
        >>> gaps = non_parties(status_on("2024-05-04"), parse_attendance(report))
        >>> gaps.filter(pl.col("entity_id") == "USA")["attended_as"].item()
        'non_party'
    """
    present = attendance.select("entity_id", attended_as="category")
    return (status.filter((pl.col("status") != "party") & pl.col("iso3").is_not_null())
            .join(present, on="entity_id", how="left")
            .with_columns(attended=pl.col("attended_as").is_not_null())
            .select("entity_id", "name", "regional_group", "status", "attended", "attended_as")
            .sort("regional_group", "name", nulls_last=True))


def regional_participation(attendance: pl.DataFrame,
                           states: pl.DataFrame | None = None) -> pl.DataFrame:
    """Member states per regional group by how they attended (or did not).

    Args:
        attendance: The table from ``parse_attendance``.
        states: UN member states (default: the shipped table).

    Returns:
        ``regional_group, attendance, states, members, share``; ``attendance`` is
        ``party``, ``signatory``, ``non_party`` (the report's categories) or
        ``absent``. Observer States and the European Union are not group members and
        are left out (see ``attending_outside_groups``).

    Example:
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> table = regional_participation(parse_attendance(read_report(
        ...     "data/raw/wg-firearms-2020-report.zh.txt")))
        >>> table.filter(pl.col("attendance") != "absent")["states"].sum()
        78
    """
    members = _members(states)
    present = attendance.filter(pl.col("iso3").is_not_null()).select(
        "iso3", attendance="category")
    grid = pl.DataFrame({"regional_group": list(REGIONAL_GROUPS)}).join(
        pl.DataFrame({"attendance": list(ATTENDANCE)}), how="cross")
    counts = (members.join(present, on="iso3", how="left")
              .with_columns(pl.col("attendance").fill_null("absent"))
              .group_by("regional_group", "attendance").agg(states=pl.len()))
    return (grid.join(counts, on=["regional_group", "attendance"], how="left")
            .with_columns(pl.col("states").fill_null(0))
            .with_columns(members=pl.col("states").sum().over("regional_group"))
            .with_columns(share=pl.col("states") / pl.col("members")))


def attending_outside_groups(attendance: pl.DataFrame,
                             states: pl.DataFrame | None = None) -> pl.DataFrame:
    """Listed states and regional organizations that sit in no regional group.

    Example:
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> attending_outside_groups(parse_attendance(read_report(
        ...     "data/raw/wg-firearms-2020-report.zh.txt")))["entity_id"].to_list()
        ['EUU']
    """
    members = _members(states).select("iso3")
    listed = attendance.filter(pl.col("category").is_in(list(STATE_CATEGORIES)))
    return listed.join(members, left_on="entity_id", right_on="iso3", how="anti").select(
        "entity_id", "raw_name", "category", "entity_kind")


def ratification_gap(meeting_status: pl.DataFrame, latest_status: pl.DataFrame,
                     meeting_date: dt.date, latest_date: dt.date) -> pl.DataFrame:
    """The gap by group on two dates, long form, with the change in parties.

    Args:
        meeting_status: ``status_on(meeting_date)``.
        latest_status: ``status_on(latest_date)``.
        meeting_date: The meeting's first day.
        latest_date: The latest date of the treaty data.

    Returns:
        ``date, regional_group, status, states, members, share`` for both dates,
        plus ``parties_gained`` (parties on the latest date minus on the meeting date,
        a lower bound when the meeting date has undecided states).

    Example:
        >>> from analysis.treaty import status_on
        >>> gap = ratification_gap(status_on("2020-07-16"), status_on("2024-05-04"),
        ...                        dt.date(2020, 7, 16), dt.date(2024, 5, 4))
        >>> sorted(gap["date"].unique().to_list())
        [datetime.date(2020, 7, 16), datetime.date(2024, 5, 4)]
    """
    def long(status: pl.DataFrame, day: dt.date) -> pl.DataFrame:
        gaps = gap_by_group(status)
        return gaps.unpivot(index=["regional_group", "members"],
                            on=list(STATUSES),
                            variable_name="status", value_name="states").with_columns(
            date=pl.lit(day), share=pl.col("states") / pl.col("members"))

    both = pl.concat([long(meeting_status, meeting_date), long(latest_status, latest_date)])
    parties = both.filter(pl.col("status") == "party").pivot(
        on="date", index="regional_group", values="states")
    gained = parties.select("regional_group", parties_gained=pl.col(str(latest_date))
                            - pl.col(str(meeting_date)))
    return (both.join(gained, on="regional_group", how="left")
            .select("date", "regional_group", "status", "states", "members", "share",
                    "parties_gained")
            .sort("date", "regional_group", "status"))


def engagement(attendance: pl.DataFrame, status: pl.DataFrame) -> pl.DataFrame:
    """Per group: member states by attendance (attended / absent) × bound (party or not).

    Args:
        attendance: The table from ``parse_attendance``.
        status: ``status_on`` a date (the latest date gives the current picture).

    Returns:
        ``regional_group, attended, bound, states``; ``bound`` is ``party``,
        ``not_party`` or ``unknown``; every combination is present (zeros included).

    Example:
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> from analysis.treaty import status_on
        >>> table = engagement(parse_attendance(read_report(
        ...     "data/raw/wg-firearms-2020-report.zh.txt")), status_on("2024-05-04"))
        >>> table.filter(pl.col("attended"))["states"].sum()
        78
    """
    present = attendance.filter(pl.col("iso3").is_not_null()).select("iso3").unique()
    members = status.filter(pl.col("membership") == "member").with_columns(
        attended=pl.col("iso3").is_in(present["iso3"].implode()),
        bound=pl.when(pl.col("status") == "party").then(pl.lit("party"))
        .when(pl.col("status") == "unknown").then(pl.lit("unknown"))
        .otherwise(pl.lit("not_party")))
    grid = (pl.DataFrame({"regional_group": list(REGIONAL_GROUPS)})
            .join(pl.DataFrame({"attended": [True, False]}), how="cross")
            .join(pl.DataFrame({"bound": list(BOUND)}), how="cross"))
    counts = members.group_by("regional_group", "attended", "bound").agg(states=pl.len())
    return (grid.join(counts, on=["regional_group", "attended", "bound"], how="left")
            .with_columns(pl.col("states").fill_null(0)))


def joined_after_meeting(attendance: pl.DataFrame, latest_status: pl.DataFrame,
                         meeting_date: dt.date) -> pl.DataFrame:
    """Attending signatories and non-parties that have since become parties, and when.

    Example:
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> from analysis.treaty import status_on
        >>> joined = joined_after_meeting(parse_attendance(read_report(
        ...     "data/raw/wg-firearms-2020-report.zh.txt")), status_on("2024-05-04"),
        ...     dt.date(2020, 7, 16))
        >>> joined["entity_id"].to_list()
        ['BOL', 'DEU', 'CHN']
    """
    observers = attendance.filter(pl.col("category").is_in(["signatory", "non_party"]))
    return (observers.join(latest_status, on="entity_id", how="inner")
            # A null deposit date is a party whose date is not verified; the report
            # lists it as not yet a party, so it joined after the meeting.
            .filter((pl.col("status") == "party")
                    & ((pl.col("consent_date") > meeting_date) | pl.col("consent_date").is_null()))
            .select("entity_id", "name", "regional_group", "category", "consent_date",
                    "consent_type", "entry_into_force")
            .sort("consent_date", nulls_last=True))


def accession_labels(joined: pl.DataFrame) -> pl.DataFrame:
    """Where the accession timeline labels each later accession: on its line.

    Args:
        joined: ``joined_after_meeting`` output.

    Returns:
        ``entity_id, consent_date, parties`` for the accessions with a verified date;
        ``parties`` is the verified party count on that day (the line's height).

    Example:
        >>> frame = pl.DataFrame({"entity_id": ["CHN"], "consent_date": [dt.date(2023, 12, 19)]})
        >>> accession_labels(frame).row(0)
        ('CHN', datetime.date(2023, 12, 19), 51)
    """
    dated = joined.filter(pl.col("consent_date").is_not_null())
    on_line = party_counts(dated["consent_date"]).select(consent_date="date", parties="parties")
    return dated.join(on_line, on="consent_date", how="left").select(
        "entity_id", "consent_date", "parties")


def accession_timeline(end: dt.date | None = None) -> pl.DataFrame:
    """Cumulative parties month by month from adoption (2001) to ``end``.

    Args:
        end: The last date (default: the treaty data's as-of date).

    Returns:
        ``date, parties, undecided, possible`` (see ``party_counts``;
        ``possible = parties + undecided``).

    Example:
        >>> accession_timeline().tail(1)["possible"].item()
        123
    """
    return party_counts_over_time(end=end).with_columns(
        possible=pl.col("parties") + pl.col("undecided"))


def pending_signatories(latest_status: pl.DataFrame, attendance: pl.DataFrame,
                        as_of: dt.date) -> pl.DataFrame:
    """Signatories that are not yet parties, with the years since they signed.

    Where the signature date is unknown the close of signature (12 December 2002) is
    used and ``signature_known`` is false: the years shown are then a minimum.

    Returns:
        ``entity_id, name, regional_group, signature_date, signature_known,
        years_since_signature, attended``, longest wait first.

    Example:
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> from analysis.treaty import status_on
        >>> pending = pending_signatories(status_on("2024-05-04"), parse_attendance(
        ...     read_report("data/raw/wg-firearms-2020-report.zh.txt")), dt.date(2024, 5, 4))
        >>> pending.height
        7
    """
    present = attendance.select("entity_id").unique()
    return (latest_status.filter(pl.col("status") == "signatory")
            .with_columns(
                signature_known=pl.col("signature_date").is_not_null(),
                signature_date=pl.col("signature_date").fill_null(SIGNATURE_CLOSED),
                attended=pl.col("entity_id").is_in(present["entity_id"].implode()))
            .with_columns(years_since_signature=(
                (pl.lit(as_of) - pl.col("signature_date")).dt.total_days() / 365.25).round(1))
            .select("entity_id", "name", "regional_group", "signature_date",
                    "signature_known", "years_since_signature", "attended")
            .sort("years_since_signature", "name", descending=[True, False]))
