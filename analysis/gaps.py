"""Ratification gaps: who is not yet bound by the Firearms Protocol, by regional group.

Owns the per-group counts and shares of parties, signatories only and states that
are neither (discussion point 1 of the 2020 report), and the list of non-parties
with whether they attended a meeting. Takes and returns polars frames.
"""

from __future__ import annotations

import polars as pl

GAP_STATUSES = ("party", "signatory", "none", "unknown")


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
                   **{s: (pl.col("status") == s).sum() for s in GAP_STATUSES})
              .sort("regional_group"))
    return counts.with_columns(
        (pl.col(s) / pl.col("members")).alias(f"share_{s}") for s in GAP_STATUSES)


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
