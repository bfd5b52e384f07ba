"""Reference tables: loading and validating the facts that come from elsewhere.

Owns every CSV in ``data/reference/``: UN member states with regional groups, UN
country names in the six languages, organizations, curated name aliases and the
treaty record of the Firearms Protocol and the Convention (derived by
``analysis.build.derive``). Each loader reads a file (``path=`` defaults from
``analysis.paths``), checks that its provenance sidecar exists, validates the schema
with dataframely plus the domain rules (unique keys, ISO codes pycountry knows, group
sizes, dates in order) and raises ``ReferenceDataError`` naming the file and
the offending rows. Loaded tables, and the name tables built from them, are cached
(one frame per path or language, shared by every caller).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import dataframely as dy
import polars as pl
import polars.selectors as cs
import pycountry

from analysis import paths
from analysis.errors import ReferenceDataError
from analysis.languages import LANGUAGES
from analysis.vocabulary import (
    CONSENT_TYPES,
    ORGANIZATION_KINDS,
    REGIONAL_GROUPS,
    TREATY_IDS,
    Labels,
    collation_key,
    load_labels,
)

SIDECAR_KEYS = ("producer", "title", "url", "as_of", "retrieved", "licence", "notes")

# Group sizes of UN Member States (DGACM). The United States belongs to no group but
# attends WEOG as an observer and is counted with it for electoral purposes; Türkiye
# sits in both WEOG and Asia-Pacific and is counted with WEOG. These are the only
# documented exceptions, so they are named here and nowhere else.
GROUP_SIZES = {"African": 54, "Asia-Pacific": 54, "Eastern European": 23, "GRULAC": 33,
               "WEOG": 28}
GROUP_OBSERVERS = {"USA": "WEOG"}
COUNTED_WITH = {"USA": "WEOG", "TUR": "WEOG"}  # the group each exception is listed under
UN_MEMBER_COUNT = 193
UN_FOUNDED = date(1945, 10, 24)  # the Charter's entry into force: the first admission date
MEMBERSHIP = ("member", "observer", "not_member")
"""A State's UN membership on a day (``membership_on``)."""

_ISO3 = frozenset(c.alpha_3 for c in pycountry.countries)
_ISO3_PATTERN = r"^[A-Z]{3}$"


def read_sidecar(csv_path: Path) -> dict:
    """Return the provenance sidecar (``NAME.source.json``) of the reference CSV ``csv_path``.

    Returns:
        The sidecar as a dict with at least the keys in ``SIDECAR_KEYS``.

    Raises:
        ReferenceDataError: when the sidecar is missing, not JSON or lacks a key.

    Example:
        >>> read_sidecar(paths.MEMBER_STATES)["as_of"]  # doctest: +SKIP
        '2024-03-19'
    """
    sidecar = csv_path.with_name(csv_path.stem + ".source.json")
    if not sidecar.is_file():
        raise ReferenceDataError(csv_path, f"provenance file {sidecar.name} is missing")
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ReferenceDataError(sidecar, f"not valid JSON ({error.msg}, line {error.lineno})"
                                 ) from None
    missing = [key for key in SIDECAR_KEYS if key not in meta]
    if missing:
        raise ReferenceDataError(sidecar, f"missing keys: {', '.join(missing)}")
    return meta


def _read_csv(path: Path, schema: type[dy.Schema], dates: tuple[str, ...] = ()) -> pl.DataFrame:
    """Read a reference CSV as strings, parse ``dates`` and validate against ``schema``."""
    if not path.is_file():
        raise ReferenceDataError(path, "file is missing")
    read_sidecar(path)
    try:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8")
    except pl.exceptions.PolarsError as error:
        raise ReferenceDataError(path, f"cannot be read as CSV ({error})") from None
    missing = [c for c in schema.column_names() if c not in frame.columns]
    if missing:
        raise ReferenceDataError(path, f"missing columns: {', '.join(missing)}")
    frame = frame.select(schema.column_names())
    malformed = frame.filter(pl.any_horizontal(
        pl.col(c).is_not_null() & pl.col(c).str.to_date("%Y-%m-%d", strict=False).is_null()
        for c in dates)) if dates else frame.clear()
    _fail_rows(path, malformed, "dates that are not YYYY-MM-DD", frame.columns[0])
    frame = frame.with_columns(pl.col(c).str.to_date("%Y-%m-%d") for c in dates)
    return validated(frame, schema, path)


def validated(frame: pl.DataFrame, schema: type[dy.Schema], path: Path) -> pl.DataFrame:
    """Validate ``frame`` (the rows of the CSV at ``path``) against ``schema``.

    Raises:
        ReferenceDataError: naming each failed rule, and the first offending rows by
            their line in the file and their key.

    Example:
        >>> frame = pl.DataFrame({"alias": ["X", "X"], "lang": ["en", "en"],
        ...     "entity_id": ["FRA", "DEU"], "reason": ["seen", "seen"]})
        >>> try:
        ...     validated(frame, NameAliasSchema, Path("aliases.csv"))
        ... except ReferenceDataError as error:
        ...     print(str(error).split("; ")[1])
        first offending rows: line 2 (X en), line 3 (X en)
    """
    good, failure = schema.filter(frame, cast=True)
    if failure.invalid().height:
        keys = schema.primary_key() or [frame.columns[0]]
        # Line numbers come from the file's order (header = line 1), not the failures'.
        lines = frame.with_row_index("line", offset=2).join(
            failure.invalid().select(keys).unique().with_columns(pl.col(keys).cast(pl.String)),
            on=keys, how="semi").sort("line").head(5)
        rules = ", ".join(f"{rule} ({n} rows)" for rule, n in failure.counts().items())
        label = pl.concat_str([pl.col(k).cast(pl.String) for k in keys], separator=" ")
        where = ", ".join(f"line {n} ({k})" for n, k in lines.select("line", label).iter_rows())
        raise ReferenceDataError(path, f"failed checks {rules}; first offending rows: {where}")
    # Enums validated the vocabulary; plain strings join and concatenate freely.
    return good.with_columns(cs.enum().cast(pl.String))


def _fail_rows(path: Path, frame: pl.DataFrame, problem: str, key: str) -> None:
    """Raise naming up to ten keys of ``frame`` when it is not empty."""
    if frame.height:
        keys = ", ".join(frame[key].head(10).to_list())
        raise ReferenceDataError(path, f"{problem}: {keys}")


class MemberStateSchema(dy.Schema):
    """UN Member States and observer States with their regional group and M49 region.

    ``membership`` is the membership today; ``admission_date`` (a Member's) and
    ``observer_since`` (an observer State's) date it, so ``membership_on`` can say
    what a State was on any earlier day.
    """

    iso3 = dy.String(primary_key=True, regex=_ISO3_PATTERN)
    m49 = dy.String(regex=r"^\d{3}$")
    membership = dy.Enum(["member", "observer"])
    regional_group = dy.Enum(list(REGIONAL_GROUPS), nullable=True)
    m49_region = dy.String()
    m49_subregion = dy.String()
    admission_date = dy.Date(nullable=True, min=UN_FOUNDED)
    observer_since = dy.Date(nullable=True)

    @dy.rule()
    def membership_is_dated(cls) -> pl.Expr:
        """A Member has an admission date, an observer State its observer date, never both."""
        member = pl.col("membership") == "member"
        return (pl.when(member).then(pl.col("admission_date").is_not_null()
                                     & pl.col("observer_since").is_null())
                .otherwise(pl.col("observer_since").is_not_null()
                           & pl.col("admission_date").is_null()))

    @dy.rule()
    def iso3_known_to_pycountry(cls) -> pl.Expr:
        """Every code is an ISO 3166-1 alpha-3 code."""
        return pl.col("iso3").is_in(sorted(_ISO3))

    @dy.rule()
    def members_have_a_group(cls) -> pl.Expr:
        """Every Member State sits in a regional group."""
        return (pl.col("membership") != "member") | pl.col("regional_group").is_not_null()


@cache
def load_member_states(path: Path = paths.MEMBER_STATES,
                       names: Path = paths.COUNTRY_NAMES) -> pl.DataFrame:
    """Load the UN Member States table, validated.

    Columns: ``iso3, m49, membership, regional_group, m49_region, m49_subregion,
    admission_date, observer_since, group_membership, name_en``. ``membership`` is the
    membership today (``member`` or ``observer``); ``admission_date`` is the day a Member
    State was admitted and ``observer_since`` the day an observer State's status began
    (see ``membership_on`` for the membership on an earlier day). ``group_membership``
    is ``observer`` for the United States in WEOG and ``member`` for every other
    grouped state. ``name_en`` is the UN English short name from the country names
    table (names are stored once, there).

    Args:
        path: The CSV; defaults to the shipped ``un_member_states.csv``.
        names: The country names CSV (``load_country_names``).

    Returns:
        One row per state (193 members, plus the observer States).

    Raises:
        ReferenceDataError: on any failed check, naming the rows.

    Example:
        >>> states = load_member_states()
        >>> states.filter(pl.col("iso3") == "TUR")["regional_group"].item()
        'WEOG'
    """
    path = Path(path)
    frame = _read_csv(path, MemberStateSchema, dates=("admission_date", "observer_since"))
    as_of = dt_date(read_sidecar(path)["as_of"])
    _fail_rows(path, frame.filter((pl.col("admission_date") > as_of)
                                  | (pl.col("observer_since") > as_of)),
               f"admission or observer dates after the table's as-of date {as_of}", "iso3")
    frame = frame.with_columns(
        group_membership=pl.when(pl.col("iso3").is_in(list(GROUP_OBSERVERS)))
        .then(pl.lit("observer"))
        .when(pl.col("regional_group").is_not_null())
        .then(pl.lit("member")),
    ).join(english_names(names), on="iso3", how="left")
    _fail_rows(path, frame.filter(pl.col("name_en").is_null()),
               f"States without an English name in {Path(names).name}", "iso3")
    members = frame.filter(pl.col("membership") == "member")
    if members.height != UN_MEMBER_COUNT:
        raise ReferenceDataError(path, f"{members.height} Member States, expected "
                                 f"{UN_MEMBER_COUNT}")
    sizes = dict(members.filter(pl.col("group_membership") == "member")
                 .group_by("regional_group").len().iter_rows())
    wrong = {g: sizes.get(g, 0) for g, n in GROUP_SIZES.items() if sizes.get(g, 0) != n}
    if wrong:
        detail = ", ".join(f"{g} has {n}, expected {GROUP_SIZES[g]}" for g, n in wrong.items())
        raise ReferenceDataError(path, f"regional group sizes are wrong: {detail}")
    for iso3, group in COUNTED_WITH.items():
        row = frame.filter(pl.col("iso3") == iso3)
        if row.height != 1 or row["regional_group"].item() != group:
            raise ReferenceDataError(path, f"{iso3} must be listed with {group}, the group it "
                                     "is counted with for electoral purposes")
    return frame


def membership_on(day: pl.Expr | date) -> pl.Expr:
    """A State's UN membership on ``day`` (a date or a date column), one of ``MEMBERSHIP``.

    ``member`` from its admission date, ``observer`` (a non-member observer State) from
    the day that status began, ``not_member`` before either: a State not yet admitted,
    or the State of Palestine before 29 November 2012, when it took part as an observer
    entity rather than a State. Evaluated on ``load_member_states`` rows.

    Example:
        >>> states = load_member_states().filter(pl.col("iso3").is_in(["SSD", "PSE", "FRA"]))
        >>> dict(states.select("iso3", membership_on(date(2010, 1, 1))).iter_rows())
        {'FRA': 'member', 'PSE': 'not_member', 'SSD': 'not_member'}
    """
    day = pl.lit(day) if isinstance(day, date) else day
    return (pl.when(pl.col("admission_date") <= day).then(pl.lit("member"))
            .when(pl.col("observer_since") <= day).then(pl.lit("observer"))
            .otherwise(pl.lit("not_member")).alias("membership"))


class CountryNameSchema(dy.Schema):
    """UN short and formal country names in the six languages (UNTERM / M49)."""

    iso3 = dy.String(primary_key=True, regex=_ISO3_PATTERN)
    lang = dy.Enum(list(LANGUAGES), primary_key=True)
    short_name = dy.String(min_length=1)
    formal_name = dy.String(nullable=True)

    @dy.rule()
    def iso3_known_to_pycountry(cls) -> pl.Expr:
        """Every code is an ISO 3166-1 alpha-3 code."""
        return pl.col("iso3").is_in(sorted(_ISO3))


@cache
def load_country_names(path: Path = paths.COUNTRY_NAMES) -> pl.DataFrame:
    """Load the UN country names table (``iso3, lang, short_name, formal_name``), validated.

    Args:
        path: The CSV; defaults to the shipped ``un_country_names.csv``.

    Returns:
        One row per state and language.

    Example:
        >>> names = load_country_names()
        >>> names.filter((pl.col("iso3") == "BOL") & (pl.col("lang") == "zh"))["short_name"].item()
        '多民族玻利维亚国'
    """
    return _read_csv(Path(path), CountryNameSchema)


@cache
def english_names(path: Path = paths.COUNTRY_NAMES) -> pl.DataFrame:
    """``iso3, name_en``: every State's UN English short name (built once, shared).

    Example:
        >>> dict(english_names().iter_rows())["VAT"]
        'Holy See'
    """
    return load_country_names(path).filter(pl.col("lang") == "en").select(
        "iso3", name_en="short_name")


class OrganizationSchema(dy.Schema):
    """Organizations and UN entities with names and acronyms in the six languages."""

    org_id = dy.String(primary_key=True, regex=r"^[A-Z][A-Z0-9_]*$")
    kind = dy.Enum(list(ORGANIZATION_KINDS))
    name_ar = dy.String(nullable=True)
    acronym_ar = dy.String(nullable=True)
    name_en = dy.String(min_length=2)
    acronym_en = dy.String(nullable=True)
    name_es = dy.String(nullable=True)
    acronym_es = dy.String(nullable=True)
    name_fr = dy.String(nullable=True)
    acronym_fr = dy.String(nullable=True)
    name_ru = dy.String(nullable=True)
    acronym_ru = dy.String(nullable=True)
    name_zh = dy.String(nullable=True)
    acronym_zh = dy.String(nullable=True)


@cache
def load_organizations(path: Path = paths.ORGANIZATIONS) -> pl.DataFrame:
    """Load the organizations table, validated.

    Columns: ``org_id, kind`` and ``name_LANG``/``acronym_LANG`` for the six languages.

    Args:
        path: The CSV; defaults to the shipped ``organizations.csv``.

    Returns:
        One row per organization; the European Union is ``EUU``.

    Example:
        >>> load_organizations().filter(pl.col("org_id") == "EUU")["kind"].item()
        'regional_organization'
    """
    path = Path(path)
    frame = _read_csv(path, OrganizationSchema)
    _fail_rows(path, frame.filter(pl.col("org_id").is_in(sorted(_ISO3 - {"EUU"}))),
               "organization ids that are ISO country codes", "org_id")
    return frame


class NameAliasSchema(dy.Schema):
    """Curated name forms that neither pycountry nor the UN names table knows."""

    alias = dy.String(primary_key=True, min_length=1)
    lang = dy.Enum(list(LANGUAGES), primary_key=True)
    entity_id = dy.String(regex=r"^[A-Z][A-Z0-9_]*$")
    reason = dy.String(min_length=3)


@cache
def load_name_aliases(path: Path = paths.NAME_ALIASES) -> pl.DataFrame:
    """Load the curated alias table (``alias, lang, entity_id, reason``), validated.

    Args:
        path: The CSV; defaults to the shipped ``name_aliases.csv``.

    Returns:
        One row per alias and language.

    Example:
        >>> load_name_aliases().filter(pl.col("alias") == "Turkey")["entity_id"].item()
        'TUR'
    """
    return _read_csv(Path(path), NameAliasSchema)


class WorldBankNameSchema(dy.Schema):
    """World Bank (WDI) names of the economies that have an ISO 3166-1 code.

    The UN Member States, the State of Palestine and non-State territories such as
    Hong Kong (``HKG``, "Hong Kong SAR, China"), each under its ISO alpha-3 code.
    """

    iso3 = dy.String(primary_key=True, regex=_ISO3_PATTERN)
    name = dy.String(min_length=2)

    @dy.rule()
    def iso3_known_to_pycountry(cls) -> pl.Expr:
        """Every code is an ISO 3166-1 alpha-3 code (no aggregates, no Kosovo XKX)."""
        return pl.col("iso3").is_in(sorted(_ISO3))


@cache
def load_world_bank_names(path: Path = paths.WORLD_BANK_NAMES) -> pl.DataFrame:
    """Load the World Bank country names (``iso3, name``), validated.

    Args:
        path: The CSV; defaults to the shipped ``world_bank_names.csv``.

    Returns:
        One row per economy with an ISO code, e.g. ``KOR, "Korea, Rep."``; join
        ``load_member_states()`` to keep the States only.

    Example:
        >>> names = load_world_bank_names()
        >>> names.filter(pl.col("iso3") == "PSE")["name"].item()
        'West Bank and Gaza'
        >>> names.filter(pl.col("iso3") == "HKG")["name"].item()
        'Hong Kong SAR, China'
    """
    path = Path(path)
    frame = _read_csv(path, WorldBankNameSchema)
    _fail_rows(path, frame.filter(pl.col("name").is_duplicated()), "names listed twice", "name")
    return frame


_ALPHA2 = frozenset(c.alpha_2 for c in pycountry.countries)


class CldrVariantSchema(dy.Schema):
    """CLDR short and variant territory names, which Babel does not ship."""

    code = dy.Enum(sorted(_ALPHA2), primary_key=True)  # ISO 3166-1 alpha-2 (pycountry)
    lang = dy.Enum(list(LANGUAGES), primary_key=True)
    alt = dy.Enum(["short", "variant"], primary_key=True)
    name = dy.String(min_length=1)


@cache
def load_cldr_variants(path: Path = paths.CLDR_VARIANTS) -> pl.DataFrame:
    """Load the CLDR short and variant territory names (``code, lang, alt, name``), validated.

    Args:
        path: The CSV; defaults to the shipped ``cldr_territory_variants.csv``.

    Returns:
        One row per territory, language and kind of alternative.

    Example:
        >>> variants = load_cldr_variants()
        >>> variants.filter((pl.col("code") == "CI") & (pl.col("lang") == "en"))["name"].item()
        'Ivory Coast'
    """
    return _read_csv(Path(path), CldrVariantSchema)


@cache
def entity_names(lang: str = "en") -> pl.DataFrame:
    """``entity_id, name``: the UN short name of every State and organization in ``lang``.

    State names come from the UN country names table (one name per State and language);
    organizations fall back to English where the table has no name in ``lang``, and so
    do States for a language the names table lacks. Built once per language, shared.

    Example:
        >>> names = dict(entity_names("zh").iter_rows())
        >>> names["BOL"], names["COG"], names["INTERPOL"]
        ('多民族玻利维亚国', '刚果', '国际刑警组织')
    """
    names = load_country_names()
    local = names.filter(pl.col("lang") == lang).select("iso3", local="short_name")
    states = (english_names().join(local, on="iso3", how="left")
              .select(entity_id="iso3", name=pl.coalesce("local", "name_en")))
    org_column = f"name_{lang}"
    if org_column not in OrganizationSchema.column_names():
        org_column = "name_en"
    orgs = load_organizations().select(entity_id="org_id",
                                       name=pl.coalesce(org_column, "name_en"))
    return pl.concat([states, orgs])


def display_names(labels: Labels, sort_key: bool = False,
                  short_forms: bool = True) -> pl.DataFrame:
    """``entity_id, name``: the names figures and write-ups show, UN short names in a language.

    A label file may give a shorter form for a State whose UN short name is as long as
    its formal one (``name.GBR``: "United Kingdom", the form UN documents use after
    first mention), so it does not take a third of a chart's width. French names take
    the typographic apostrophe (U+2019, "Iran (République islamique d’)").

    Args:
        labels: The label language.
        sort_key: Add ``sort_key``, the order in which UN documents in the language
            list the names (``vocabulary.collation_key``; Chinese by the English names).
        short_forms: Use the label file's shorter forms (charts); False for running
            text, which names every State by its full UN short name.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> names = dict(display_names(load_labels("en")).iter_rows())
        >>> names["GBR"], names["USA"]
        ('United Kingdom', 'United States of America')
        >>> dict(display_names(load_labels("en"), short_forms=False).iter_rows())["GBR"]
        'United Kingdom of Great Britain and Northern Ireland'
        >>> dict(display_names(load_labels("fr")).iter_rows())["IRN"]
        'Iran (République islamique d’)'
        >>> zh = display_names(load_labels("zh"), sort_key=True)
        >>> zh.filter(pl.col("entity_id").is_in(["DEU", "CHN", "JPN"])).sort("sort_key")[
        ...     "name"].to_list()
        ['中国', '德国', '日本']
    """
    names = entity_names(labels.lang)
    shorter = pl.DataFrame(
        [(key.removeprefix("name."), text) for key, text in labels.texts.items()
         if short_forms and key.startswith("name.")],
        schema={"entity_id": pl.String, "short": pl.String}, orient="row")
    shown = (names.join(shorter, on="entity_id", how="left", maintain_order="left")
             .select("entity_id", name=pl.coalesce("short", "name")))
    if labels.lang == "fr":
        # The names table keeps the UN's ASCII apostrophe; French print uses ’.
        shown = shown.with_columns(pl.col("name").str.replace_all("'", "\u2019", literal=True))
    if not sort_key:
        return shown
    if labels.lang != "zh":
        return shown.with_columns(sort_key=collation_key(pl.col("name"), labels.lang))
    english = display_names(load_labels("en"), short_forms=short_forms).select(
        "entity_id", sort_key=collation_key(pl.col("name"), "en"))
    return shown.join(english, on="entity_id", how="left", maintain_order="left")


class SmallStatePositionSchema(dy.Schema):
    """Where the map draws a State it has no shape for (derived by ``make data``)."""

    iso3 = dy.String(primary_key=True, regex=_ISO3_PATTERN)
    longitude = dy.Float64(min=-180, max=180)
    latitude = dy.Float64(min=-90, max=90)
    polygons = dy.Int64(min=1)


@cache
def load_world_topology(path: Path = paths.WORLD_BOUNDARIES,
                        dots: Path = paths.SMALL_STATE_POSITIONS) -> str:
    """The world the status map draws, as TopoJSON text, validated.

    Two objects, both keyed by ISO alpha-3 code: ``countries``, one shape per State
    (the units the UN counts as part of a State merged into it) and per territory that
    is not a State (``properties.kind`` is ``member``, ``observer`` or ``territory``),
    and ``small_states``, a point for every Member or observer State too small to have
    a shape at this scale (from ``world_map_small_states.csv``).

    Args:
        path: The derived topology (``analysis.build.worldmap``, ``make data``).
        dots: The positions of the small States.

    Raises:
        ReferenceDataError: a missing file or sidecar, a shape without an id or with an
            id that is no ISO 3166 code, an id drawn twice, a dot for a territory, or a
            Member or observer State with neither a shape nor a dot.

    Example:
        >>> world = json.loads(load_world_topology())
        >>> [g["id"] for g in world["objects"]["small_states"]["geometries"]][:3]
        ['AND', 'ATG', 'BHR']
    """
    path = Path(path)
    if not path.is_file():
        raise ReferenceDataError(path, "file is missing")
    read_sidecar(path)
    try:
        topology = json.loads(path.read_text(encoding="utf-8"))
        shapes = topology["objects"]["countries"]["geometries"]
        (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    except (json.JSONDecodeError, KeyError, TypeError, ValueError):
        raise ReferenceDataError(path, "not a quantized TopoJSON topology with a "
                                 "'countries' object") from None
    positions = _read_csv(Path(dots), SmallStatePositionSchema)
    kinds = dict(load_member_states().select("iso3", "membership").iter_rows())
    ids = [g.get("id") for g in shapes] + positions["iso3"].to_list()
    if None in ids:
        raise ReferenceDataError(path, "a shape without an id")
    twice = sorted(i for i, n in Counter(ids).items() if n > 1)
    if twice:
        raise ReferenceDataError(path, f"drawn more than once: {', '.join(twice)}")
    unknown = sorted(i for i in ids if i not in _ISO3)
    if unknown:
        raise ReferenceDataError(path, f"ids that are no ISO 3166 alpha-3 code: "
                                 f"{', '.join(unknown)}")
    territories = sorted(set(positions["iso3"]) - set(kinds))
    if territories:
        raise ReferenceDataError(Path(dots), f"dots for territories that are not "
                                 f"Member or observer States: {', '.join(territories)}")
    undrawn = sorted(set(kinds) - set(ids))
    if undrawn:
        raise ReferenceDataError(path, f"States with neither a shape nor a dot in "
                                 f"{Path(dots).name}: {', '.join(undrawn)}")
    # Points of a quantized topology are on its grid too.
    topology["objects"]["small_states"] = {"type": "GeometryCollection", "geometries": [
        {"type": "Point", "coordinates": [round((lon - tx) / sx), round((lat - ty) / sy)],
         "id": iso3, "properties": {"kind": kinds[iso3]}}
        for iso3, lon, lat in positions.select("iso3", "longitude", "latitude").iter_rows()]}
    return json.dumps(topology, separators=(",", ":"))


def reference_tables() -> dict[str, Path]:
    """Every reference CSV the package ships, by table name.

    Example:
        >>> sorted(reference_tables())[:2]
        ['cldr_territory_variants', 'firearms_protocol_events_anchors']
    """
    return {p.stem: p for p in sorted(paths.REFERENCE_DIR.glob("*.csv"))}


_TREATY_DATES = ("signature_date", "consent_date", "entry_into_force", "party_after",
                 "party_by")
CONFIDENCES = ("untc", "high", "medium", "derived", "bound")
"""How a consent date is known; ``bound``: dated only by bounds (not bound by the treaty)."""


class TreatyParticipationSchema(dy.Schema):
    """One row per treaty and participant: signature, consent and bounds (derived table)."""

    treaty = dy.Enum(list(TREATY_IDS), primary_key=True)
    entity_id = dy.String(primary_key=True, regex=_ISO3_PATTERN)
    participant = dy.String(min_length=2)
    signature_date = dy.Date(nullable=True)
    signature_evidence = dy.String(nullable=True)
    consent_date = dy.Date(nullable=True)
    consent_type = dy.Enum(list(CONSENT_TYPES), nullable=True)
    consent_confidence = dy.Enum(list(CONFIDENCES), nullable=True)
    consent_evidence = dy.String(nullable=True)
    entry_into_force = dy.Date(nullable=True)
    party_after = dy.Date(nullable=True)
    party_by = dy.Date(nullable=True)
    inference = dy.String(nullable=True)
    note = dy.String(nullable=True)

    @dy.rule()
    def entity_known(cls) -> pl.Expr:
        """States are ISO codes pycountry knows; the European Union is EUU."""
        return pl.col("entity_id").is_in(sorted(_ISO3 | {"EUU"}))

    @dy.rule()
    def signature_before_consent(cls) -> pl.Expr:
        """A signature never follows the deposit of consent."""
        return (pl.col("signature_date") <= pl.col("consent_date")).fill_null(True)

    @dy.rule()
    def consent_has_kind_and_evidence(cls) -> pl.Expr:
        """A dated consent names its evidence; a kind without a date is a typo."""
        dated = pl.col("consent_date").is_not_null()
        return (~dated | (pl.col("consent_evidence").is_not_null()
                          & pl.col("entry_into_force").is_not_null())) & (
            pl.col("consent_type").is_null() | dated)

    @dy.rule()
    def bounds_only_for_undated_consents(cls) -> pl.Expr:
        """Bounds stand in for a missing date, are ordered, and name their evidence."""
        bounded = pl.col("party_after").is_not_null() | pl.col("party_by").is_not_null()
        ordered = (pl.col("party_after") < pl.col("party_by")).fill_null(True)
        return ~bounded | (pl.col("consent_date").is_null() & ordered
                           & pl.col("consent_evidence").is_not_null())


@cache
def load_treaty_participation(treaty: str | None = None,
                              path: Path = paths.TREATY_PARTICIPATION) -> pl.DataFrame:
    """Load the treaty record (derived by ``analysis.build.derive``), validated.

    Columns: ``treaty, entity_id, participant, signature_date, signature_evidence,
    consent_date, consent_type, consent_confidence, consent_evidence,
    entry_into_force, party_after, party_by, inference, note``. ``party_after``/``party_by``
    are bounds for a consent whose date nobody could verify (see the sidecar's notes);
    ``inference`` says when a status rests on an inference (from a published total, or
    from a statement that implies it) rather than on a source that states it.

    Args:
        treaty: ``firearms-protocol`` or ``untoc`` (None: both).
        path: The CSV; defaults to ``treaty_participation.csv``.

    Returns:
        One row per treaty and participant, dates as ``pl.Date``.

    Raises:
        ReferenceDataError: malformed dates, dates after the data's as-of date,
            signature after consent, bounds beside a date, unknown ids or treaties.

    Example:
        >>> record = load_treaty_participation("firearms-protocol")
        >>> record.filter(pl.col("entity_id") == "EUU")["consent_type"].item()
        'approval'
    """
    path = Path(path)
    frame = _read_csv(path, TreatyParticipationSchema, dates=_TREATY_DATES)
    as_of = dt_date(read_sidecar(path)["as_of"])
    events = ("signature_date", "consent_date", "party_after", "party_by")
    late = frame.filter(pl.any_horizontal(pl.col(c) > as_of for c in events))
    _fail_rows(path, late, f"dates after the data's as-of date {as_of}", "entity_id")
    if treaty is None:
        return frame
    if treaty not in TREATY_IDS:
        raise ReferenceDataError(path, f"no treaty {treaty!r}; known: {', '.join(TREATY_IDS)}")
    return frame.filter(pl.col("treaty") == treaty)


def dt_date(text: str) -> date:
    """Parse an ISO date from a sidecar (``YYYY-MM-DD``).

    Example:
        >>> dt_date("2024-05-04")
        datetime.date(2024, 5, 4)
    """
    return date.fromisoformat(text)
