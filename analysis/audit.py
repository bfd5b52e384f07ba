"""Audit: the report's own classification of attending states against the treaty data.

Owns the comparison, for each state or regional organization listed as a party,
signatory or neither, of the category the report gives with the status the treaty
data derives for the meeting date. Every row is kept and labelled ``agree``,
``disagree`` or ``unverifiable`` (the data cannot decide on that date), so a
disagreement is never hidden.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from analysis.attendance import with_names
from analysis.treaty import participant_status
from analysis.vocabulary import REPORTED_STATUS


def audit_attendance(attendance: pl.DataFrame, meeting_date: dt.date,
                     events: pl.DataFrame | None = None) -> pl.DataFrame:
    """Compare each listed participant's category with its treaty status on the meeting date.

    Args:
        attendance: The table from ``parse_attendance``.
        meeting_date: The first day of the meeting (``Report.meeting_date``).
        events: Participation events (default: the shipped table).

    Returns:
        ``paragraph, entity_id, raw_name, attended_as, reported_status, data_status,
        consent_date, verdict, name_en`` for the party, signatory and non-party
        paragraphs, in report order; ``name_en`` is the UN English short name, so a
        reader of a report in another language can tell who ``raw_name`` is.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> report = read_report(default_report())
        >>> audit = audit_attendance(parse_attendance(report), report.meeting_date)
        >>> audit.filter(pl.col("verdict") == "disagree").height
        0
        >>> civ = audit.filter(pl.col("entity_id") == "CIV")
        >>> civ.select("raw_name", "name_en", "verdict").row(0)
        ('科特迪瓦', "Côte d'Ivoire", 'agree')
    """
    status = participant_status(meeting_date, events).select(
        "entity_id", data_status="status", consent_date="consent_date")
    # Named from the reference tables, not taken from the input, so that an attendance
    # frame built by other code (without ``name_en``) is audited the same way.
    listed = with_names(attendance.filter(pl.col("attended_as").is_in(list(REPORTED_STATUS))), "en")
    return (
        listed.join(status, on="entity_id", how="left", maintain_order="left")
        .with_columns(
            reported_status=pl.col("attended_as").replace_strict(REPORTED_STATUS),
            data_status=pl.col("data_status").fill_null("none"))
        .with_columns(verdict=pl.when(pl.col("data_status") == "unknown")
                      .then(pl.lit("unverifiable"))
                      .when(pl.col("data_status") == pl.col("reported_status"))
                      .then(pl.lit("agree")).otherwise(pl.lit("disagree")))
        .select("paragraph", "entity_id", "raw_name", "attended_as", "reported_status",
                "data_status", "consent_date", "verdict", "name_en")
    )
