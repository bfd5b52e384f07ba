"""Findings: the numbers behind discussion point 1, written out as sentences.

Owns the short Markdown summaries the notebooks display (so every number in the
narrative is computed from the data, never typed in). Each function takes the
analysis tables and returns Markdown text.
"""

from __future__ import annotations

import datetime as dt

import polars as pl


def _names(frame: pl.DataFrame, column: str = "name") -> str:
    names = frame[column].to_list()
    return ", ".join(names) if names else "none"


def attendance_summary(attendance: pl.DataFrame) -> str:
    """One paragraph: how many attended in each capacity, as the report lists them.

    Example:
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> text = attendance_summary(parse_attendance(read_report(
        ...     "data/raw/wg-firearms-2020-report.zh.txt")))
        >>> text.startswith("**90 participants**")
        True
    """
    counts = dict(attendance.group_by("category").len().iter_rows())
    states = attendance.filter(pl.col("entity_kind") == "state").height
    return (
        f"**{attendance.height} participants** are listed: {counts.get('party', 0)} parties "
        f"to the Protocol (the European Union among them), {counts.get('signatory', 0)} "
        f"signatories and {counts.get('non_party', 0)} States that are neither, as "
        f"observers, plus {counts.get('igo', 0)} intergovernmental organizations and "
        f"{counts.get('un_entity', 0)} United Nations entities. That is **{states} States**."
    )


def participation_summary(regional: pl.DataFrame) -> str:
    """Markdown bullets: attendance share per regional group, highest first.

    Example:
        >>> frame = pl.DataFrame({"regional_group": ["WEOG", "WEOG"], "attendance":
        ...     ["party", "absent"], "states": [19, 10], "members": [29, 29],
        ...     "share": [19 / 29, 10 / 29]})
        >>> participation_summary(frame)
        '- **WEOG**: 19 of 29 Member States attended (66%)'
    """
    attended = (regional.filter(pl.col("attendance") != "absent")
                .group_by("regional_group")
                .agg(pl.col("states").sum(), pl.col("members").first())
                .with_columns(share=pl.col("states") / pl.col("members"))
                .sort("share", "regional_group", descending=[True, False]))
    return "\n".join(
        f"- **{r['regional_group']}**: {r['states']} of {r['members']} Member States attended "
        f"({r['share']:.0%})" for r in attended.iter_rows(named=True))


def discussion_point_1(meeting_status: pl.DataFrame, latest_status: pl.DataFrame,
                       joined: pl.DataFrame, closest: pl.DataFrame,
                       meeting_date: dt.date, latest_date: dt.date,
                       latest_gap: pl.DataFrame) -> str:
    """Markdown bullets: the ratification gap behind discussion point 1.

    Args:
        meeting_status: ``status_on(meeting_date)``.
        latest_status: ``status_on(latest_date)``.
        joined: ``joined_after_meeting`` output.
        closest: Attending Member States still not parties on the latest date
            (``non_parties(...).filter(attended)``).
        meeting_date: The meeting's first day.
        latest_date: The latest date of the treaty data.
        latest_gap: ``gap_by_group`` on the latest date (Protocol and Convention).

    Returns:
        Markdown text.

    Example:
        >>> from analysis.participation import gap_by_group
        >>> from analysis.treaty import status_on
        >>> empty = pl.DataFrame({"name": [], "consent_date": []})
        >>> latest = status_on("2024-05-04")
        >>> text = discussion_point_1(status_on("2020-07-16"), latest, empty, empty,
        ...     dt.date(2020, 7, 16), dt.date(2024, 5, 4),
        ...     gap_by_group(latest, status_on("2024-05-04", treaty="untoc")))
        >>> "123 parties" in text, "**54 Member States** are parties to the Convention" in text
        (True, True)
    """
    def members(status: pl.DataFrame, which: str) -> int:
        return status.filter((pl.col("membership") == "member")
                             & (pl.col("status") == which)).height

    latest_parties = latest_status.filter(pl.col("status") == "party").height
    outside = members(latest_status, "signatory") + members(latest_status, "none")
    unknown = members(meeting_status, "unknown")
    joined_text = "; ".join(f"{r['name']} ({r['consent_date']})"
                            for r in joined.iter_rows(named=True)) or "none"
    gap = {c: int(latest_gap[c].sum()) for c in
           ("convention_only", "neither", "unknown")}
    lines = [
        f"- On {latest_date} the Protocol had **{latest_parties} parties**; "
        f"**{outside} Member States** were not bound by it "
        f"({members(latest_status, 'signatory')} signatories only, "
        f"{members(latest_status, 'none')} neither signed nor joined).",
        f"- Of those, **{gap['convention_only']} Member States** are parties to the Convention "
        "but have neither signed nor joined the Protocol — one instrument away; "
        f"{gap['neither']} are party to neither, and for {gap['unknown']} the Convention "
        "record after its 2014 table is open (see the data notes).",
        f"- Attending observers that have since joined: {joined_text}.",
        f"- **{closest.height} Member States attended in {meeting_date.year} and were still not "
        f"parties on {latest_date}** — the states closest to acting on discussion point 1: "
        f"{_names(closest)}.",
    ]
    if unknown:
        lines.append(
            f"- Caveat: on {meeting_date} the treaty data leaves {unknown} Member State(s) "
            "undecided (a Protocol consent known only to lie between two dates); none of them "
            "is listed in the report.")
    return "\n".join(lines)


def voice_summary(by_group: pl.DataFrame) -> str:
    """Markdown bullets: share of each group's attending Member States that took the floor.

    Example:
        >>> frame = pl.DataFrame({"regional_group": ["WEOG"], "attended": [19], "spoke": [4],
        ...     "led_panel": [2], "share_spoke": [4 / 19]})
        >>> voice_summary(frame)
        '- **WEOG**: 4 of 19 attending Member States took the floor (21%), 2 led a panel'
    """
    ordered = by_group.sort("share_spoke", "regional_group", descending=[True, False])
    return "\n".join(
        f"- **{r['regional_group']}**: {r['spoke']} of {r['attended']} attending Member States "
        f"took the floor ({r['share_spoke']:.0%}), {r['led_panel']} led a panel"
        for r in ordered.iter_rows(named=True))
