"""The data dictionary: every table a public function returns, its columns and their meaning.

``data_dictionary()`` builds each table on the shipped data (the 2020 report, the treaty
record on its as-of date) and reads its columns and dtypes from the result, so the
dictionary cannot drift from the code: a column without a meaning in ``MEANINGS`` is an
error (a test checks it). ``make docs`` writes it as ``docs/data-dictionary.md``.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from analysis.errors import AnalysisError

_GROUP_COUNT = "Member States of the group in this adherence category"
_GROUP_SHARE = "share of the group's Member States in this adherence category (0..1)"
MEANINGS: dict[str, str] = {
    "entity_id": "stable id: ISO 3166-1 alpha-3 for a State or territory, EUU for the "
                 "European Union, an upper-case id for an organization (INTERPOL)",
    "iso3": "ISO 3166-1 alpha-3 code (null for organizations and the European Union)",
    "name": "UN English short name (for a non-State, the organization's UN name)",
    "name_en": "UN English short name",
    "name_local": "the name in the report's language (UN short name, else as written)",
    "participant": "the participant's name as the treaty record gives it",
    "regional_group": "UN regional group the State is counted with (African, "
                      "Asia-Pacific, Eastern European, GRULAC, WEOG); null outside groups",
    "group_membership": "member of its regional group, or observer (the United States in WEOG)",
    "membership": "UN membership on the date: member (from admission), observer, "
                  "not_member (not yet admitted); null for non-States",
    "m49": "UN M49 numeric code, three digits",
    "m49_region": "UN M49 region",
    "m49_subregion": "UN M49 sub-region",
    "treaty": "treaty id: firearms-protocol or untoc (the Convention)",
    "as_of": "the date the row's status holds for (not the data as-of date)",
    "date": "the date the row holds for",
    "status": "status towards one treaty on the date: party, signatory, unknown (consent "
              "dated only by bounds) or none",
    "protocol_status": "status towards the Firearms Protocol on the meeting's status date",
    "convention_status": "status towards the Convention (UNTOC) on the same date",
    "adherence": "adherence to both instruments on the date: protocol_party, "
                 "protocol_signatory, convention_only, convention_unknown, neither, unknown",
    "standing": "how a Member State took part: its adherence on the meeting date if it "
                "attended, else absent",
    "signature_date": "date of signature, if signed by the date (null if unknown or later)",
    "signature_known": "whether the signature date is known (else the close of signature "
                       "stands in, and the years are a minimum)",
    "signature_evidence": "the source of the signature",
    "consent_date": "date consent to be bound was deposited (if by the date; null when "
                    "known only by bounds)",
    "consent_type": "ratification, accession, acceptance, approval or succession",
    "consent_confidence": "how the consent date is known (untc, high, medium, derived, bound)",
    "consent_evidence": "the source of the consent",
    "entry_into_force": "the day the treaty entered into force for the party",
    "in_force": "whether the treaty is in force for the participant on the date (from "
                "entry_into_force; null while that is open)",
    "admission_date": "the day the State was admitted to the UN (null for non-members)",
    "observer_since": "the day a non-member observer State took that status",
    "party_after": "lower bound: not a party on or before this day (undated consent)",
    "party_by": "upper bound: a party from this day on (undated consent)",
    "status_basis": "what the status rests on: depositary, gazette (an official "
                    "publication), secondary (news, statements) or inferred",
    "inference": "why a status rests on an inference rather than a source stating it",
    "note": "free-text note of the record",
    "parties": "number of parties on the date",
    "signatories": "number of signatories (not parties) on the date",
    "undecided": "participants whose consent is dated only by bounds spanning the date",
    "possible": "parties + undecided: the most there can have been",
    "publisher": "who published the total",
    "source": "where the total was published",
    "primary": "whether the publisher is a primary source (UNTC, UNODC, UNIS)",
    "paragraph": "the report's paragraph number",
    "category": "attendance category: party, signatory, non_party, igo, un_entity",
    "stated_count": "the count the paragraph states (null if it states none)",
    "position": "position of the name in the paragraph's list (from 1)",
    "raw_name": "the name as written in the report",
    "entity_kind": "state, territory, regional_organization, igo or un_entity",
    "unresolved": "why a name has no id: unknown, ambiguous or not_in_universe",
    "input": "the name or code as given",
    "members": "Member States of the regional group",
    "protocol_party": _GROUP_COUNT, "protocol_signatory": _GROUP_COUNT,
    "convention_only": _GROUP_COUNT, "convention_unknown": _GROUP_COUNT,
    "neither": _GROUP_COUNT, "unknown": _GROUP_COUNT,
    "share_protocol_party": _GROUP_SHARE, "share_protocol_signatory": _GROUP_SHARE,
    "share_convention_only": _GROUP_SHARE, "share_convention_unknown": _GROUP_SHARE,
    "share_neither": _GROUP_SHARE, "share_unknown": _GROUP_SHARE,
    "attended": "whether the State attended the meeting",
    "attended_as": "attendance: the report's category it attended as (party, signatory, "
                   "non_party, igo, un_entity); absent, or null, if it did not attend",
    "attendance": "the report's category the State attended as (attended_as), or absent",
    "states": "number of States in the row's cell",
    "share": "states / members (0..1)",
    "bound": "bound by the Protocol on the date (a party: consent deposited, in force or "
             "not): party, not_party or unknown",
    "years_since_signature": "years from signature to the date, one decimal",
    "parties_gained": "Protocol parties on the last date minus on the first, per group",
    "meeting": "the meeting's document symbol",
    "meeting_date": "the meeting's first day",
    "spoke": "whether the participant took the floor (statement or panel)",
    "agenda_item": "the agenda item the paragraph belongs to",
    "role": "what the participant did: statement, panel, chair…",
    "person": "the person named, if any",
    "group_stated": "the regional group the report names for a panellist (code)",
    "group_stated_raw": "that group as written in the report",
}
"""What every column of every public table means (one meaning per column name)."""


def _tables() -> dict[str, Callable[[], pl.DataFrame]]:
    """How to build each public table on the shipped data."""
    import analysis
    from analysis import participation, reference, treaty, voice
    from analysis.series import series_table

    def attendance() -> pl.DataFrame:
        return analysis.parse_attendance(analysis.read_report(analysis.default_report()))

    def protocol() -> pl.DataFrame:
        return analysis.status_on("latest")

    def convention() -> pl.DataFrame:
        return analysis.status_on("latest", treaty="untoc")

    days = ["2020-07-16", "latest"]
    return {
        "status_on": protocol,
        "status_panel": lambda: analysis.status_panel(days),
        "participant_status": lambda: treaty.participant_status("latest"),
        "party_counts": lambda: treaty.party_counts(days),
        "published_totals": treaty.published_totals,
        "parse_attendance": attendance,
        "parse_voice": lambda: voice.parse_voice(analysis.read_report(analysis.default_report())),
        "normalise_names": lambda: analysis.normalise_names(
            pl.DataFrame({"name": ["Chile"]}), "name", explain=True),
        "convert_table": lambda: analysis.convert_table(pl.Series(["Chile"])),
        "adherence": lambda: participation.adherence(protocol(), convention()),
        "gap_by_group": lambda: participation.gap_by_group(protocol(), convention()),
        "ratification_gap": lambda: participation.ratification_gap({
            day: participation.gap_by_group(analysis.status_on(day),
                                            analysis.status_on(day, treaty="untoc"))
            for day in analysis.parse_dates(days)}),
        "non_parties": lambda: participation.non_parties(protocol(), attendance()),
        "regional_participation": lambda: participation.regional_participation(
            attendance(), convention=analysis.status_on("2020-07-16", treaty="untoc")),
        "engagement": lambda: participation.engagement(attendance(), protocol()),
        "engaged_not_bound": lambda: participation.engaged_not_bound(
            attendance(), protocol(), convention()),
        "joined_after_meeting": lambda: participation.joined_after_meeting(
            attendance(), protocol(), "2020-07-16"),
        "pending_signatories": lambda: participation.pending_signatories(
            protocol(), attendance(), "latest"),
        "accession_timeline": participation.accession_timeline,
        "series_table": lambda: series_table(analysis.build_study(analysis.default_report())),
        "load_member_states": reference.load_member_states,
        "load_treaty_participation": reference.load_treaty_participation,
    }


def data_dictionary() -> pl.DataFrame:
    """``table, column, dtype, meaning`` for every column of every public table.

    Raises:
        AnalysisError: a column with no meaning in ``MEANINGS``.

    Example:
        >>> dictionary = data_dictionary()
        >>> dictionary.filter((pl.col("table") == "status_panel")
        ...                   & (pl.col("column") == "date"))["dtype"].item()
        'Date'
    """
    rows = [(name, column, str(dtype), MEANINGS.get(column))
            for name, build in _tables().items() for column, dtype in build().schema.items()]
    table = pl.DataFrame(rows, schema=["table", "column", "dtype", "meaning"], orient="row")
    missing = table.filter(pl.col("meaning").is_null())
    if missing.height:
        listed = ", ".join(f"{t}.{c}" for t, c in missing.select("table", "column").rows())
        raise AnalysisError(f"columns without a meaning in dictionary.MEANINGS: {listed}")
    return table


def markdown(dictionary: pl.DataFrame) -> str:
    """The dictionary as Markdown: one section per table.

    Example:
        >>> frame = pl.DataFrame({"table": ["t"], "column": ["c"], "dtype": ["String"],
        ...                       "meaning": ["m"]})
        >>> print(markdown(frame).splitlines()[-1])
        | `c` | String | m |
    """
    lines = ["# Data dictionary", "",
             "Every table a public function returns (built on the shipped data by "
             "`analysis.dictionary.data_dictionary()`; regenerate with `make docs`).", ""]
    for (name,), part in dictionary.group_by("table", maintain_order=True):
        lines += [f"## `{name}`", "", "| column | dtype | meaning |", "| --- | --- | --- |"]
        lines += [f"| `{c}` | {d} | {m} |" for c, d, m in
                  part.select("column", "dtype", "meaning").iter_rows()]
        lines.append("")
    return "\n".join(lines).rstrip("\n")


if __name__ == "__main__":  # make docs: python -m analysis.dictionary docs/data-dictionary.md
    import sys
    from pathlib import Path

    out = Path(sys.argv[1])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown(data_dictionary()) + "\n", encoding="utf-8")
