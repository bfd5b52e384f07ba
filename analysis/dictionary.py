"""The data dictionary: every declared table, its columns, dtypes and their meaning.

``data_dictionary()`` reads each table's columns, dtypes (an Enum with its categories),
nullability and key from its declaration (``analysis.schemas``), the same declaration
the package validates the table against, so the dictionary cannot drift from the code.
Meanings live in ``MEANINGS`` only: a declared column without one is an error (a test
checks it, and that every public function returns its declared table). ``make docs``
writes it as ``docs/data-dictionary.md``.
"""

from __future__ import annotations

import dataframely as dy
import polars as pl

from analysis.errors import AnalysisError
from analysis.schemas import TABLES

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
    "consent_confidence": "how the consent date is known (untc, high, medium, derived, "
                          "or bound: dated only by bounds, party_after and party_by)",
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
    "attended_as": "how it attended: the report's category (party, signatory, non_party, "
                   "igo, un_entity); absent (participation tables, series) or null (the "
                   "not-bound States, voice) if it did not attend",
    "states": "number of States in the row's cell",
    "share": "states / members (0..1)",
    "bound": "bound by the Protocol on the date (a party: consent deposited, in force or "
             "not): party, not_party (not bound: a signatory or none) or unknown "
             "(undecided: consent dated only by bounds)",
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
    "meeting_end": "the meeting's last day (as its report states it)",
    "status_date": "the date \"status at the meeting\" refers to (the first day unless as_of)",
    "language": "the report's language (ISO 639-1: ar, en, es, fr, ru, zh)",
    "meetings.source": "the report file read (its path)",
    "chaired": "whether the participant chaired the meeting",
    "led_panel": "whether the participant's representative was a panellist",
    "made_statement": "whether the participant made a statement",
    "agenda_items": "the agenda items it spoke under, joined by commas (null if none)",
    "persons": "the persons named for it, joined by commas (null if none)",
    "voice.group_stated": "the regional groups the report names for its panellists, joined "
                          "by commas (null if none)",
    "voice_by_entity.group_stated": "the regional groups the report names for its "
                                    "panellists, joined by commas (null if none)",
    "basis": "what the shown standing rests on, the weaker of its records: depositary, "
             "gazette, secondary or inferred",
    "instrument": "the record the basis comes from: protocol or convention",
    "voice_by_group.attended": "attending Member States of the group",
    "voice_by_group.made_statement": "attending Member States of the group that made a "
                                     "statement",
    "voice_by_group.led_panel": "attending Member States of the group that led a panel",
    "voice_by_group.spoke": "attending Member States of the group that took the floor "
                            "(statement, panel or chair)",
    "took_floor": "attending Member States that made a statement or led a panel",
    "panels_for_group": "panellists who spoke on behalf of the group, as the report states",
    "share_spoke": "spoke / attended (0..1, four places)",
    "accession_labels.parties": "Protocol parties on the consent date (the timeline's height)",
    "meetings_attended": "meetings of the series the State attended",
    "first_meeting": "the first meeting of the series the State attended as a non-party",
    "first_attended": "that meeting's first day",
    "status_then": "Protocol status on that day",
    "adherence_then": "standing towards both instruments on that day",
    "meetings_as_non_party": "meetings of the series it attended as a non-party",
    "joined": "whether the State is a Protocol party on the latest date",
    "years_to_accession": "years from first_attended to consent_date, one decimal (null "
                          "unless joined, or the consent is undated)",
    "load_member_states.membership": "UN membership today: member or observer",
}
"""What every column of every declared table means: one meaning per column name, or
per ``table.column`` where a table uses the name otherwise (a count, not a flag)."""


def declarations() -> dict[str, type[dy.Schema]]:
    """Every declared table by name: ``schemas.TABLES`` and the treaty record.

    Example:
        >>> declarations()["status_panel"].primary_key()
        ['date', 'entity_id']
    """
    from analysis.reference import TreatyParticipationSchema

    return {**TABLES, "load_treaty_participation": TreatyParticipationSchema}


def meaning(table: str, column: str) -> str | None:
    """What ``column`` of ``table`` means: its own entry (``table.column``), else the column's.

    Example:
        >>> meaning("voice_by_group", "spoke")[:22], meaning("voice", "spoke")[:22]
        ('attending Member State', 'whether the participan')
    """
    return MEANINGS.get(f"{table}.{column}", MEANINGS.get(column))


def _dtype(column: dy.Column) -> str:
    """A declared dtype as the dictionary writes it (an Enum with its categories)."""
    if isinstance(column, dy.Enum):
        return f"Enum({', '.join(column.categories)})"
    return str(column.dtype)


def data_dictionary() -> pl.DataFrame:
    """``table, column, dtype, nullable, key, meaning`` for every declared table's columns.

    Built from the declarations (``analysis.schemas``), so it cannot drift from what
    the package validates; an Enum column is returned as String holding one of its
    categories (``schemas.as_enums`` casts it).

    Raises:
        AnalysisError: a column with no meaning in ``MEANINGS``.

    Example:
        >>> dictionary = data_dictionary()
        >>> dictionary.filter((pl.col("table") == "status_panel")
        ...                   & (pl.col("column") == "date"))["dtype"].item()
        'Date'
    """
    rows = [(name, column, _dtype(spec), spec.nullable, spec.primary_key,
             meaning(name, column))
            for name, schema in declarations().items()
            for column, spec in schema.columns().items()]
    table = pl.DataFrame(rows, schema=["table", "column", "dtype", "nullable", "key",
                                       "meaning"], orient="row")
    missing = table.filter(pl.col("meaning").is_null())
    if missing.height:
        listed = ", ".join(f"{t}.{c}" for t, c in missing.select("table", "column").rows())
        raise AnalysisError(f"columns without a meaning in dictionary.MEANINGS: {listed}")
    return table


def markdown(dictionary: pl.DataFrame) -> str:
    """The dictionary as Markdown: one section per table, its key and its columns.

    Example:
        >>> frame = pl.DataFrame({"table": ["t"], "column": ["c"], "dtype": ["String"],
        ...                       "nullable": [False], "key": [True], "meaning": ["m"]})
        >>> print(markdown(frame).splitlines()[-1])
        | `c` | String | no | m |
    """
    schemas = declarations()
    lines = ["# Data dictionary", "",
             "Every table the package declares (`analysis.schemas`; the treaty record in "
             "`analysis.reference`) and validates where it crosses a layer, written from "
             "the declarations by `analysis.dictionary.data_dictionary()` (regenerate "
             "with `make docs`). An `Enum(...)` column is returned as a String holding "
             "one of its categories, listed in display order; "
             "`analysis.as_enums` casts it to the `pl.Enum`.", ""]
    for (name,), part in dictionary.group_by("table", maintain_order=True):
        doc = (schemas[name].__doc__ or "").split("\n")[0] if name in schemas else ""
        key = ", ".join(f"`{c}`" for c in part.filter(pl.col("key"))["column"])
        lines += [f"## `{name}`", ""]
        lines += [" ".join(filter(None, [doc, f"Key: {key}." if key else ""])), ""]
        lines += ["| column | dtype | null | meaning |", "| --- | --- | --- | --- |"]
        lines += [f"| `{c}` | {d} | {'yes' if n else 'no'} | {m} |" for c, d, n, m in
                  part.select("column", "dtype", "nullable", "meaning").iter_rows()]
        lines.append("")
    return "\n".join(line for i, line in enumerate(lines)
                     if line or lines[i - 1]).rstrip("\n")


if __name__ == "__main__":  # make docs: python -m analysis.dictionary docs/data-dictionary.md
    import sys
    from pathlib import Path

    out = Path(sys.argv[1])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown(data_dictionary()) + "\n", encoding="utf-8")
