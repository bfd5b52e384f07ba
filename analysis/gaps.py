"""Ratification gaps: who is not yet bound by the Firearms Protocol, by regional group.

Owns the decomposition behind discussion point 1, which asks for adherence to the
Convention *and* its Protocol: each State is a Protocol party, a Protocol signatory,
a Convention party only (one instrument away), neither, or ``unknown`` where an
undated consent leaves the answer open; the per-group counts of those, and the list
of non-parties with whether they attended a meeting. Takes and returns polars frames.
"""

from __future__ import annotations

import polars as pl

ADHERENCE = ("protocol_party", "protocol_signatory", "convention_only", "neither", "unknown")
"""Adherence categories, from most to least bound (see ``adherence``)."""


def adherence(protocol: pl.DataFrame, convention: pl.DataFrame) -> pl.DataFrame:
    """Each State's standing towards the two instruments on one date.

    Args:
        protocol: ``status_on(day)`` for the Firearms Protocol.
        convention: ``status_on(day, treaty="untoc")`` for the same day.

    Returns:
        The ``protocol`` table with ``convention_status`` and ``adherence`` added:
        ``protocol_party``, ``protocol_signatory``, ``convention_only`` (a Convention
        party that has neither signed nor joined the Protocol), ``neither``, or
        ``unknown`` (an undated consent to either instrument leaves it open).

    Example:
        >>> from analysis.treaty import status_on
        >>> table = adherence(status_on("2020-07-16"), status_on("2020-07-16", treaty="untoc"))
        >>> picked = table.filter(pl.col("entity_id").is_in(["ITA", "DEU", "USA"]))
        >>> dict(picked.select("entity_id", "adherence").iter_rows())
        {'DEU': 'protocol_signatory', 'ITA': 'protocol_party', 'USA': 'convention_only'}
    """
    convention_status = convention.select("entity_id", convention_status="status")
    category = (pl.when(pl.col("status") == "party").then(pl.lit("protocol_party"))
                .when(pl.col("status") == "unknown").then(pl.lit("unknown"))
                .when(pl.col("status") == "signatory").then(pl.lit("protocol_signatory"))
                .when(pl.col("convention_status") == "party").then(pl.lit("convention_only"))
                .when(pl.col("convention_status") == "unknown").then(pl.lit("unknown"))
                .otherwise(pl.lit("neither")))
    return (protocol.join(convention_status, on="entity_id", how="left")
            .with_columns(convention_status=pl.col("convention_status").fill_null("none"))
            .with_columns(adherence=category))


def gap_by_group(protocol: pl.DataFrame, convention: pl.DataFrame) -> pl.DataFrame:
    """Per regional group: Member States by adherence to the Protocol and the Convention.

    Args:
        protocol: ``status_on(day)`` for the Firearms Protocol.
        convention: ``status_on(day, treaty="untoc")`` for the same day. UN Member
            States count; the United States is counted with WEOG, as in UN electoral
            practice.

    Returns:
        ``regional_group, members`` and one count per ``ADHERENCE`` category, then
        ``share_<category>`` (0..1, rounded to 4 places), one row per group in
        alphabetical order.

    Example:
        >>> from analysis.treaty import status_on
        >>> gaps = gap_by_group(status_on("2024-05-04"), status_on("2024-05-04", treaty="untoc"))
        >>> gaps["members"].sum(), gaps["protocol_party"].sum()
        (193, 122)
    """
    members = adherence(protocol, convention).filter(pl.col("membership") == "member")
    counts = (members.group_by("regional_group")
              .agg(members=pl.len(),
                   **{c: (pl.col("adherence") == c).sum() for c in ADHERENCE})
              .sort("regional_group"))
    return counts.with_columns(
        (pl.col(c) / pl.col("members")).round(4).alias(f"share_{c}") for c in ADHERENCE)


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
