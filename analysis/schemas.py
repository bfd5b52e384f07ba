"""Every table the package hands on, declared once: its columns, dtypes and nullability.

Owns the declarations (dataframely schemas) of the derived tables: the study's tables,
treaty status on one date or many, the participation and series tables, voice, and
what ``figures --tables`` exports; ``TABLES`` names them all. The reference files
are declared where they are read (``analysis.reference``).

A coded column is declared a ``pl.Enum`` of its vocabulary (``analysis.vocabulary``):
the categories are the values it may hold, in display order. The package still
returns such columns as plain strings (they join with any table; ``as_enums``
casts them, by ``ENUMS``, derived from the declarations); ``order`` sorts by an
Enum's order. ``validate`` checks a table where it crosses a layer (the study, the
figure tables, the export) and raises ``TableSchemaError`` naming the table and the
column. ``analysis.dictionary`` writes the data dictionary from these declarations.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import dataframely as dy
import polars as pl

from analysis.errors import TableSchemaError
from analysis.vocabulary import (
    ADHERENCE,
    ATTENDED_AS,
    BOUND,
    CATEGORIES,
    CONSENT_TYPES,
    ENTITY_KINDS,
    INSTRUMENTS,
    MEMBERSHIPS,
    REGIONAL_GROUPS,
    ROLES,
    STANDING,
    STATUS_BASES,
    STATUSES,
    TREATY_IDS,
    UNRESOLVED,
)


# Column factories: a dataframely column belongs to one schema, so each declaration
# calls these for fresh columns.
def _id(nullable: bool = False) -> dy.String:
    return dy.String(nullable=nullable, regex=r"^[A-Z][A-Z0-9_]*$")


def _iso3() -> dy.String:
    return dy.String(nullable=True, regex=r"^[A-Z]{3}$")


def _group(nullable: bool = True) -> dy.Enum:
    return dy.Enum(list(REGIONAL_GROUPS), nullable=nullable)


def _text(nullable: bool = False) -> dy.String:
    return dy.String(nullable=nullable)


def _count() -> dy.UInt32:
    return dy.UInt32()


def _share() -> dy.Float64:
    return dy.Float64(min=0, max=1)


def _meeting() -> dict[str, dy.Column]:
    return {"meeting": _text(), "meeting_date": dy.Date()}


def _status() -> dict[str, dy.Column]:
    """The columns of a status table (``treaty.status_on``), its date and treaty first."""
    return {
        "as_of": dy.Date(), "treaty": dy.Enum(list(TREATY_IDS)),
        "entity_id": _id(), "iso3": _iso3(), "name": _text(), "regional_group": _group(),
        "status": dy.Enum(list(STATUSES)), "signature_date": dy.Date(nullable=True),
        "consent_date": dy.Date(nullable=True),
        "consent_type": dy.Enum(list(CONSENT_TYPES), nullable=True),
        "entry_into_force": dy.Date(nullable=True), "in_force": dy.Bool(nullable=True),
        "membership": dy.Enum(list(MEMBERSHIPS), nullable=True),
        "party_after": dy.Date(nullable=True), "party_by": dy.Date(nullable=True),
        "status_basis": dy.Enum(list(STATUS_BASES))}


def _attendance() -> dict[str, dy.Column]:
    """The columns of ``parse_attendance``, in order."""
    return {
        "paragraph": dy.Int32(min=1), "attended_as": dy.Enum(list(CATEGORIES)),
        "stated_count": dy.Int32(nullable=True, min=0), "position": dy.Int32(min=1),
        "raw_name": _text(), "entity_id": _id(), "entity_kind": dy.Enum(list(ENTITY_KINDS)),
        "iso3": _iso3(), "regional_group": _group(), "name_en": _text(),
        "name_local": _text()}


def _mentions() -> dict[str, dy.Column]:
    """The columns of ``parse_voice``, in order."""
    return {
        "paragraph": dy.Int32(min=1), "agenda_item": _text(nullable=True),
        "role": dy.Enum(list(ROLES)), "person": _text(nullable=True), "raw_name": _text(),
        "entity_id": _id(), "entity_kind": dy.Enum(list(ENTITY_KINDS)),
        "group_stated": _group(), "group_stated_raw": _text(nullable=True), "iso3": _iso3()}


def _voice() -> dict[str, dy.Column]:
    """The columns of ``voice.voice_by_entity``, in order."""
    return {
        "entity_id": _id(), "name": _text(), "entity_kind": dy.Enum(list(ENTITY_KINDS)),
        "regional_group": _group(), "attended_as": dy.Enum(list(CATEGORIES), nullable=True),
        "status": dy.Enum(list(STATUSES), nullable=True), "chaired": dy.Bool(),
        "led_panel": dy.Bool(), "made_statement": dy.Bool(), "spoke": dy.Bool(),
        "agenda_items": _text(nullable=True), "persons": _text(nullable=True),
        "group_stated": _text(nullable=True)}


def _series() -> dict[str, dy.Column]:
    """The columns of ``series.series_table``, in order."""
    return {
        **_meeting(), "entity_id": _id(), "entity_kind": dy.Enum(list(ENTITY_KINDS)),
        "iso3": _iso3(), "name": _text(), "regional_group": _group(),
        "membership": dy.Enum(list(MEMBERSHIPS), nullable=True),
        "attended_as": dy.Enum(list(ATTENDED_AS)),
        "protocol_status": dy.Enum(list(STATUSES), nullable=True),
        "convention_status": dy.Enum(list(STATUSES), nullable=True),
        "adherence": dy.Enum(list(ADHERENCE), nullable=True),
        "standing": dy.Enum(list(STANDING), nullable=True), "spoke": dy.Bool()}


def _regional() -> dict[str, dy.Column]:
    """The columns of ``participation.regional_participation``, in order."""
    return {"regional_group": _group(nullable=False),
            "attended_as": dy.Enum(list(ATTENDED_AS)), "standing": dy.Enum(list(STANDING)),
            "states": _count(), "members": _count(), "share": _share()}


def _provenance() -> dict[str, dy.Column]:
    return {"entity_id": _id(), "basis": dy.Enum(list(STATUS_BASES)),
            "instrument": dy.Enum(list(INSTRUMENTS))}


def declare(name: str, doc: str, columns: Mapping[str, dy.Column],
            primary_key: tuple[str, ...] = ()) -> type[dy.Schema]:
    """A dataframely schema named ``name`` with ``columns`` in order.

    Example:
        >>> declare("Pair", "Two columns.", {"a": dy.String(), "b": dy.Int64()}).column_names()
        ['a', 'b']
    """
    for column in primary_key:
        columns[column].primary_key = True  # fresh columns (the factories'): ours to set
    return type(name, (dy.Schema,), {"__doc__": doc, "__module__": __name__, **columns})


TABLES: dict[str, type[dy.Schema]] = {
    # The study (analysis.study): one row per meeting, then each meeting's rows.
    "meetings": declare(
        "MeetingSchema", "The study's meetings, oldest first.",
        {**_meeting(), "meeting_end": dy.Date(), "status_date": dy.Date(),
         "language": _text(), "source": _text()}, ("meeting",)),
    "parse_attendance": declare(
        "AttendanceSchema", "The attendance lists of one report, in report order.",
        _attendance(), ("entity_id",)),
    "attendance": declare(
        "StudyAttendanceSchema", "The attendance lists of every meeting of a study.",
        {**_meeting(), **_attendance()}, ("meeting", "entity_id")),
    "parse_voice": declare(
        "MentionSchema", "Every chair, panellist and statement a report names.",
        _mentions()),
    "mentions": declare(
        "StudyMentionSchema", "The mentions of every meeting whose speakers were read.",
        {**_meeting(), **_mentions()}),
    "voice_by_entity": declare(
        "VoiceSchema", "Who spoke at a meeting, one row per State or body.",
        _voice(), ("entity_id",)),
    "voice": declare(
        "StudyVoiceSchema", "Who spoke at each meeting of a study.",
        {**_meeting(), **_voice()}, ("meeting", "entity_id")),
    # Treaty status (analysis.treaty, analysis.panel).
    "status_on": declare(
        "StatusSchema", "Treaty status of every State and the EU on one date.",
        _status(), ("entity_id",)),
    "status_panel": declare(
        "StatusPanelSchema", "Treaty status on many dates, one row per date and State.",
        {"date": dy.Date(), **_status()}, ("date", "entity_id")),
    "status_meeting": declare(
        "MeetingStatusSchema", "Protocol status at each meeting of a study.",
        {**_meeting(), **_status()}, ("meeting", "entity_id")),
    "participant_status": declare(
        "ParticipantStatusSchema", "Status of every participant in the treaty record.",
        {"entity_id": _id(), "participant": _text(), "status": dy.Enum(list(STATUSES)),
         "signature_date": dy.Date(nullable=True), "consent_date": dy.Date(nullable=True),
         "consent_type": dy.Enum(list(CONSENT_TYPES), nullable=True),
         "entry_into_force": dy.Date(nullable=True), "in_force": dy.Bool(nullable=True),
         "party_after": dy.Date(nullable=True), "party_by": dy.Date(nullable=True),
         "status_basis": dy.Enum(list(STATUS_BASES))}, ("entity_id",)),
    "party_counts": declare(
        "PartyCountSchema", "Parties and signatories on each date.",
        {"date": dy.Date(), "parties": _count(), "signatories": _count(),
         "undecided": _count()}, ("date",)),
    "published_totals": declare(
        "PublishedTotalSchema", "Party counts published by others, for comparison.",
        {"treaty": dy.Enum(list(TREATY_IDS)), "as_of": _text(), "date": dy.Date(),
         "parties": dy.Int64(min=0), "signatories": dy.Int64(min=0), "publisher": _text(),
         "source": _text(), "primary": dy.Bool()}),
    "published_party_counts": declare(
        "PublishedPartyCountSchema", "Published totals of one treaty, as charts draw them.",
        {"date": dy.Date(), "parties": dy.Int64(min=0), "publisher": _text()}),
    # Names and codes (analysis.names, analysis.codes).
    "normalise_names": declare(
        "NormalisedNameSchema", "The columns normalise_names adds (explain=True: "
        "with unresolved), after the input's columns (here one, name).",
        {"name": _text(nullable=True), "entity_id": _id(nullable=True),
         "entity_kind": dy.Enum(list(ENTITY_KINDS), nullable=True), "iso3": _iso3(),
         "unresolved": dy.Enum(list(UNRESOLVED), nullable=True)}),
    "convert_table": declare(
        "ConvertedSchema", "Names or codes converted to ids, one row per input (to="
        "iso3, the default: another target names the third column).",
        {"input": _text(nullable=True), "entity_id": _id(nullable=True), "iso3": _iso3(),
         "unresolved": dy.Enum(list(UNRESOLVED), nullable=True)}),
    "load_member_states": declare(
        "MemberStateTableSchema", "UN Member and observer States with their groups.",
        {"iso3": dy.String(regex=r"^[A-Z]{3}$"), "m49": dy.String(regex=r"^\d{3}$"),
         "membership": dy.Enum(["member", "observer"]), "regional_group": _group(),
         "m49_region": _text(), "m49_subregion": _text(),
         "admission_date": dy.Date(nullable=True), "observer_since": dy.Date(nullable=True),
         "group_membership": dy.Enum(["member", "observer"], nullable=True),
         "name_en": _text()}, ("iso3",)),
    # Participation (analysis.participation).
    "adherence": declare(
        "AdherenceSchema", "Each State's adherence to the Protocol and the Convention.",
        {**_status(), "convention_status": dy.Enum(list(STATUSES)),
         "adherence": dy.Enum(list(ADHERENCE))}, ("entity_id",)),
    "gap_by_group": declare(
        "GapByGroupSchema", "Member States by regional group and adherence, one row a group.",
        {"as_of": dy.Date(), "treaty": dy.Enum(list(TREATY_IDS)),
         "regional_group": _group(nullable=False), "members": _count(),
         **{category: _count() for category in ADHERENCE},
         **{f"share_{category}": _share() for category in ADHERENCE}},
        ("regional_group",)),
    "ratification_gap": declare(
        "RatificationGapSchema", "The gap by group and adherence on each date (long).",
        {"date": dy.Date(), "regional_group": _group(nullable=False),
         "adherence": dy.Enum(list(ADHERENCE)), "states": _count(), "members": _count(),
         "share": _share(), "parties_gained": _count()},
        ("date", "regional_group", "adherence")),
    "not_bound_states": declare(
        "NotBoundStateSchema", "States not bound by the Protocol, and whether they attended.",
        {"entity_id": _id(), "name": _text(), "regional_group": _group(),
         "status": dy.Enum(list(STATUSES)), "attended": dy.Bool(),
         "attended_as": dy.Enum(list(CATEGORIES), nullable=True)}, ("entity_id",)),
    "regional_participation": declare(
        "RegionalParticipationSchema", "Member States by group, attended_as and standing.",
        _regional(), ("regional_group", "attended_as", "standing")),
    "engagement": declare(
        "EngagementSchema", "Member States by group, attendance and whether bound.",
        {"regional_group": _group(nullable=False), "attended": dy.Bool(),
         "bound": dy.Enum(list(BOUND)), "states": _count()},
        ("regional_group", "attended", "bound")),
    "engaged_not_bound": declare(
        "EngagedNotBoundSchema", "States that attended but are not bound by the Protocol.",
        {"entity_id": _id(), "regional_group": _group(nullable=False),
         "status": dy.Enum(list(STATUSES)), "convention_status": dy.Enum(list(STATUSES)),
         "adherence": dy.Enum(list(ADHERENCE))}, ("entity_id",)),
    "joined_after_meeting": declare(
        "JoinedAfterMeetingSchema", "Attending non-parties that joined the Protocol later.",
        {"entity_id": _id(), "name": _text(), "regional_group": _group(),
         "attended_as": dy.Enum(list(CATEGORIES)), "consent_date": dy.Date(),
         "consent_type": dy.Enum(list(CONSENT_TYPES)), "entry_into_force": dy.Date()},
        ("entity_id",)),
    "accession_labels": declare(
        "AccessionLabelSchema", "Dated accessions and the party count on their day.",
        {"entity_id": _id(), "consent_date": dy.Date(), "parties": _count()},
        ("entity_id",)),
    "pending_signatories": declare(
        "PendingSignatorySchema", "Signatories not yet parties, longest pending first.",
        {"entity_id": _id(), "name": _text(), "regional_group": _group(),
         "signature_date": dy.Date(), "signature_known": dy.Bool(),
         "years_since_signature": dy.Float64(min=0), "attended": dy.Bool()},
        ("entity_id",)),
    "accession_timeline": declare(
        "AccessionTimelineSchema", "Parties on every day the count changes.",
        {"date": dy.Date(), "parties": _count(), "signatories": _count(),
         "undecided": _count(), "possible": _count()}, ("date",)),
    "provenance": declare(
        "ProvenanceSchema", "What each State's shown adherence rests on.",
        _provenance(), ("entity_id",)),
    "marked": declare(
        "MarkedSchema", "States whose adherence rests on an inference or a secondary source.",
        _provenance(), ("entity_id",)),
    # Voice by group (analysis.voice).
    "voice_by_group": declare(
        "VoiceByGroupSchema", "Attending Member States that spoke, by regional group.",
        {"regional_group": _group(nullable=False), "attended": _count(),
         "made_statement": _count(), "led_panel": _count(), "spoke": _count(),
         "took_floor": _count(), "panels_for_group": _count(), "share_spoke": _share()},
        ("regional_group",)),
    # The series across meetings (analysis.series).
    "series_table": declare(
        "SeriesSchema", "One row per meeting and State (and organization present).",
        _series(), ("meeting", "entity_id")),
    "series_meetings": declare(
        "SeriesMeetingSchema", "The meetings of a series, oldest first.",
        {**_meeting(), "meeting_end": dy.Date(), "status_date": dy.Date()}, ("meeting",)),
    "series_participation": declare(
        "SeriesParticipationSchema", "Regional participation at each meeting.",
        {**_meeting(), **_regional()},
        ("meeting", "regional_group", "attended_as", "standing")),
    "series_grid": declare(
        "SeriesGridSchema", "The series' States that attended at least once.",
        {**_series(), "meetings_attended": _count()}, ("meeting", "entity_id")),
    "series_accession": declare(
        "SeriesAccessionSchema", "Attending non-parties and whether they joined later.",
        {"entity_id": _id(), "name": _text(), "regional_group": _group(),
         "first_meeting": _text(), "first_attended": dy.Date(),
         "status_then": dy.Enum(list(STATUSES)), "meetings_as_non_party": _count(),
         "status": dy.Enum(list(STATUSES)), "consent_date": dy.Date(nullable=True),
         "joined": dy.Bool(), "years_to_accession": dy.Float64(nullable=True, min=0),
         "adherence_then": dy.Enum(list(ADHERENCE)), "adherence": dy.Enum(list(ADHERENCE))},
        ("entity_id",)),
}
"""Every derived table, by the name the dictionary gives it (mostly its function)."""

EXPORTED: dict[str, str] = {
    "attendance": "attendance", "status_meeting": "status_meeting",
    "status_latest": "status_on", "voice": "voice", "gap_by_group": "ratification_gap",
    "series": "series_table"}
"""The declared table behind each file ``figures --tables`` writes (by file stem)."""

FIGURE_TABLES: dict[str, str] = {
    "regional": "regional_participation", "gap": "ratification_gap",
    "timeline": "accession_timeline", "anchors": "published_party_counts",
    "joined": "accession_labels", "pending": "pending_signatories",
    "voice": "voice_by_group", "marked_gap": "marked", "marked_latest": "marked",
    "marked_regional": "marked", "marked_engagement": "marked",
    "basis_latest": "provenance",
    # tables.SeriesTables
    "meetings": "series_meetings", "participation": "series_participation",
    "grid": "series_grid", "accession": "series_accession"}
"""The declared table behind each table field of ``FigureTables`` and ``SeriesTables``."""


def _enums() -> dict[str, pl.Enum]:
    """Each coded column's ``pl.Enum``, from every table declaring it: the widest.

    A column declared with other values in two tables (``membership``: ``member,
    observer`` in the Member States table, with ``not_member`` in status tables) takes
    the declaration holding every value of the others; two that neither holds raise.
    """
    enums: dict[str, list[str]] = {}
    for schema in TABLES.values():
        for name, column in schema.columns().items():
            if not isinstance(column, dy.Enum):
                continue
            values, known = list(column.categories), enums.get(name)
            if known is None or set(known) < set(values):
                enums[name] = values
            elif not set(values) <= set(known):
                raise TypeError(f"column {name} is declared with two vocabularies: "
                                f"{', '.join(known)} and {', '.join(values)}")
    return {name: pl.Enum(values) for name, values in sorted(enums.items())}


ENUMS: dict[str, pl.Enum] = _enums()
"""The ``pl.Enum`` of each coded column the package returns (see ``as_enums``), derived
from ``TABLES``: ``status``, ``adherence``, ``regional_group``, ``attended_as``,
``consent_type``, ``status_basis``, ``membership`` …"""


def as_enums(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its coded columns (``ENUMS``) cast to their ``pl.Enum``.

    The package returns plain strings, which join with any table; an Enum column sorts
    in display order (regional groups, adherence from most to least bound), costs less
    memory and refuses a value outside the vocabulary.

    Raises:
        polars.exceptions.InvalidOperationError: a value outside the vocabulary.

    Example:
        >>> from analysis.treaty import status_on
        >>> from analysis.vocabulary import RegionalGroup, Status
        >>> table = as_enums(status_on("2020-07-16"))
        >>> table.schema["regional_group"] == ENUMS["regional_group"]
        True
        >>> table["status"].dtype.categories.to_list()
        ['party', 'signatory', 'unknown', 'none']
        >>> table["consent_type"].dtype.categories.to_list()[:2]
        ['ratification', 'accession']
        >>> Status.PARTY == "party", list(RegionalGroup)[0]
        (True, <RegionalGroup.AFRICAN: 'African'>)
    """
    return frame.with_columns(pl.col(name).cast(dtype) for name, dtype in ENUMS.items()
                              if name in frame.columns)


def column_dtypes(table: str, columns: tuple[str, ...] | None = None) -> dict[str, pl.DataType]:
    """The polars dtypes of a declared table's ``columns`` (default: all), in order.

    A coded column is ``pl.String``, as the package returns it: the frame a reader
    builds row by row takes these (``parse_attendance``, ``parse_voice``).

    Example:
        >>> column_dtypes("parse_attendance", ("paragraph", "attended_as"))
        {'paragraph': Int32, 'attended_as': String}
    """
    declared = TABLES[table].columns()
    return {name: pl.String if isinstance(declared[name], dy.Enum) else declared[name].dtype
            for name in (columns or tuple(declared))}


def order(column: str, vocabulary: tuple[str, ...]) -> pl.Expr:
    """``column`` as the ``pl.Enum`` of ``vocabulary``: sorts in the vocabulary's order.

    A null stays null; a value outside the vocabulary raises (it has no place).

    Example:
        >>> frame = pl.DataFrame({"regional_group": ["WEOG", "African", None]})
        >>> frame.sort(order("regional_group", REGIONAL_GROUPS), nulls_last=True
        ...            )["regional_group"].to_list()
        ['African', 'WEOG', None]
    """
    return pl.col(column).cast(pl.Enum(vocabulary))


def validate(frame: pl.DataFrame, table: str, name: str | None = None) -> pl.DataFrame:
    """``frame`` unchanged if it is the declared table ``table``, else raise.

    Checks the columns (names and order), the dtypes (an Enum column may hold its
    categories as strings), nullability, the vocabulary, value ranges and the primary
    key. ``name`` is what the error calls the table (default: ``table``).

    Raises:
        TableSchemaError: naming the table and the first column that fails.

    Example:
        >>> import datetime as dt
        >>> frame = pl.DataFrame({"date": [dt.date(2020, 7, 16)], "parties": [1],
        ...                       "publisher": ["UNODC"]})
        >>> validate(frame, "published_party_counts").height
        1
        >>> try:
        ...     validate(frame.with_columns(publisher=pl.lit(None, pl.String)),
        ...              "published_party_counts")
        ... except TableSchemaError as error:
        ...     print(error)
        table published_party_counts: column publisher is null in 1 row
    """
    if table not in TABLES:  # a new table: declare it (the dictionary then lists it)
        raise KeyError(f"no table {table!r} is declared in analysis.schemas.TABLES")
    schema = TABLES[table]
    name = name or table
    declared = schema.column_names()
    if frame.columns != declared:
        extra = [c for c in frame.columns if c not in declared]
        missing = [c for c in declared if c not in frame.columns]
        if missing:
            raise TableSchemaError(name, missing[0], "is missing")
        if extra:
            raise TableSchemaError(name, extra[0], "is not declared")
        moved = next(c for c, d in zip(frame.columns, declared, strict=True) if c != d)
        raise TableSchemaError(name, moved, f"is not where declared ({', '.join(declared)})")
    for column, spec in schema.columns().items():
        dtype = frame.schema[column]
        if not (dtype == spec.dtype or (isinstance(spec, dy.Enum) and dtype == pl.String)
                or (dtype == pl.Null and spec.nullable)):
            raise TableSchemaError(name, column, f"is {dtype}, declared {spec.dtype}")
    # A valid table (nearly always) is answered by one query; only an invalid one is
    # filtered again to name its first failing rule.
    if schema.is_valid(frame, cast=True):
        return frame
    _, failure = schema.filter(frame, cast=True)
    if failure.invalid().height:
        rule, rows = next(iter(failure.counts().items()))
        column, _, check = rule.partition("|")
        if not check:  # a rule of the whole row: the primary key
            key = schema.primary_key()
            raise TableSchemaError(name, ", ".join(key), f"has {rows} rows with a "
                                   "duplicate key" if rule == "primary_key" else rule)
        raise TableSchemaError(name, column, _problem(schema, column, check, rows))
    # dataframely's two answers disagree: never let such a table pass unnamed.
    raise TableSchemaError(name, ", ".join(declared), "fails its declaration (dataframely)")


def _problem(schema: type[dy.Schema], column: str, check: str, rows: int) -> str:
    noun = "row" if rows == 1 else "rows"
    spec = schema.columns()[column]
    if check == "nullability":
        return f"is null in {rows} {noun}"
    if check == "dtype" and isinstance(spec, dy.Enum):
        return (f"holds a value outside its vocabulary ({', '.join(spec.categories)}) "
                f"in {rows} {noun}")
    return f"fails its {check} check in {rows} {noun}"


def validate_all(tables: Mapping[str, pl.DataFrame], declared: Mapping[str, str],
                 where: str) -> None:
    """Validate each table of ``tables`` as the table ``declared`` names for its key.

    A key ``declared`` does not name is itself a declared table's name. ``where``
    prefixes the table in errors (``figure tables``, ``export``). A table with no
    columns stands for one not built (no meeting's speakers read) and is skipped.

    Example:
        >>> try:
        ...     validate_all({"status_latest": pl.DataFrame({"name": ["France"]})},
        ...                  EXPORTED, "export")
        ... except TableSchemaError as error:
        ...     print(error)
        table export status_latest: column as_of is missing
    """
    for key, frame in tables.items():
        if frame.width:
            validate(frame, declared.get(key, key), f"{where} {key}")


def validate_study(study: object) -> None:
    """Validate a study's tables (``study.Study``) and each of its status tables.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> validate_study(build_study(default_report()))  # build_study did it already
    """
    validate_all({name: getattr(study, name) for name in
                  ("meetings", "attendance", "mentions", "voice")}, {}, "study")
    for treaty, by_date in study.statuses.items():  # type: ignore[attr-defined]
        validate_all({f"{treaty} {day}": frame for day, frame in by_date.items()},
                     {f"{treaty} {day}": "status_on" for day in by_date}, "study status")


def validate_fields(holder: object, where: str) -> None:
    """Validate every table field of a dataclass (``FigureTables``, ``SeriesTables``).

    A field holding None is skipped; a field holding a dataclass is validated in turn.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> from analysis.tables import figure_tables
        >>> validate_fields(figure_tables(build_study(default_report())), "figure tables")
    """
    for field in dataclasses.fields(holder):  # type: ignore[arg-type]
        value = getattr(holder, field.name)
        if isinstance(value, pl.DataFrame):
            validate(value, FIGURE_TABLES.get(field.name, field.name),
                     f"{where} {field.name}")
        elif dataclasses.is_dataclass(value) and field.name != "study":
            validate_fields(value, where)
