"""Where the known name forms come from, and the forms table every name index is built on.

Owns the sources of name forms and their order of precedence: the curated alias table;
the UN's own names (Member States, UN country names in six languages, organizations);
World Bank country names and CLDR territory names in the six languages (from Babel);
pycountry (ISO names, official and common names, their translations, and ISO 3166-3
former names of renamed States); and forms derived from those (with and without a
parenthesised or comma-inverted part, an organization's name followed by its acronym).
``keyed_forms`` adds the derived forms, the key (``name_key``), the precedence and the
script; ``default_forms`` is every source's forms, keyed, which ``names`` builds the
default index from (and keeps on disk).
"""

from __future__ import annotations

import gettext

import polars as pl

from analysis.languages import LANGUAGES
from analysis.name_key import SCRIPT_RANGES, name_key

_GETTEXT_LOCALES = {"ar": "ar", "es": "es", "fr": "fr", "ru": "ru", "zh": "zh_CN"}
_BABEL_LOCALES = {"ar": "ar", "en": "en", "es": "es", "fr": "fr", "ru": "ru", "zh": "zh_Hans"}
# Chinese in traditional characters (美國, 俄羅斯, 南韓): CLDR's zh_Hant names, matched as
# Chinese forms. Babel ships them; no traditional-to-simplified converter is needed.
_TRADITIONAL_CHINESE = "zh_Hant"
# ISO 3166-3 former names whose State was renamed, not split or merged (the alpha-4
# code is former alpha-2 + current alpha-2): Burma, Zaire, East Timor, Dahomey, Upper
# Volta, Southern Rhodesia, New Hebrides.
RENAMED = ("BUMM", "ZRCD", "TPTL", "DYBJ", "HVBF", "RHZW", "NHVU")

PRECEDENCE = {"alias": 0, "un": 1, "worldbank": 2, "cldr": 2, "pycountry": 3, "derived": 4}
"""The precedence of each source: a key that points to two ids is decided by the best."""


def _pycountry_forms() -> pl.DataFrame:
    """ISO names, official and common names and translations; former names of renamed States."""
    import pycountry

    english = [(getattr(c, field), c.alpha_3) for c in pycountry.countries
               for field in ("name", "official_name", "common_name") if hasattr(c, field)]
    rows = [(form, "en", iso3) for form, iso3 in english]
    for lang, locale in _GETTEXT_LOCALES.items():
        translate = gettext.translation("iso3166-1", pycountry.LOCALES_DIR,
                                        languages=[locale]).gettext
        rows += [(translate(form), lang, iso3) for form, iso3 in english
                 if translate(form) != form]
    for former in pycountry.historic_countries:
        if former.alpha_4 in RENAMED:
            successor = pycountry.countries.get(alpha_2=former.alpha_4[2:])
            rows.append((former.name, "en", successor.alpha_3))
    return pl.DataFrame(rows, schema=["form", "lang", "entity_id"], orient="row").with_columns(
        entity_kind=pl.lit("state"), source=pl.lit("pycountry"))


def _cldr_forms() -> pl.DataFrame:
    """CLDR territory names in the six languages for ISO countries and the EU.

    Standard names come from Babel; the short and variant names Babel leaves out
    ("UK", "Ivory Coast", "刚果民主共和国") from the shipped CLDR variants table.
    """
    import pycountry
    from babel import Locale

    from analysis.reference import load_cldr_variants

    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    locales = [*_BABEL_LOCALES.items(), ("zh", _TRADITIONAL_CHINESE)]
    names = [(code, lang, name) for lang, locale in locales
             for code, name in Locale.parse(locale).territories.items()]
    names += load_cldr_variants().select("code", "lang", "name").rows()
    rows = []
    for code, lang, name in names:
        if code == "EU":
            rows.append((name, lang, "EUU", "regional_organization"))
        elif code in iso3:
            rows.append((name, lang, iso3[code], "state"))
    return pl.DataFrame(rows, schema=["form", "lang", "entity_id", "entity_kind"],
                        orient="row").with_columns(source=pl.lit("cldr"))


# UN forms adopted after the UN country names table's as-of date (2022-06-01): Türkiye's
# Russian short and formal names since the name change the UN registered on 1 June 2022
# (the table still has "Турция", which stays a form of TUR; see the Russian label notes).
_LATER_UN_FORMS = (("Тюркийе", "ru", "TUR"), ("Республика Тюркийе", "ru", "TUR"))


def _un_forms() -> pl.DataFrame:
    """The UN's own names: UN country names (six languages) and organizations."""
    from analysis.reference import load_country_names, load_organizations

    names = load_country_names()
    orgs = load_organizations()
    parts = [
        names.select(form="short_name", lang="lang", entity_id="iso3"),
        names.select(form="formal_name", lang="lang", entity_id="iso3"),
    ]
    parts.append(pl.DataFrame(_LATER_UN_FORMS, schema=["form", "lang", "entity_id"],
                              orient="row"))
    un_states = pl.concat(parts).with_columns(entity_kind=pl.lit("state"))
    org_forms = orgs.unpivot(
        index=["org_id", "kind"], on=[f"{k}_{lang}" for lang in LANGUAGES
                                     for k in ("name", "acronym")],
        variable_name="field", value_name="form",
    ).select("form", lang=pl.col("field").str.split("_").list.last(), entity_id="org_id",
             entity_kind="kind")
    return pl.concat([un_states, org_forms]).with_columns(source=pl.lit("un"))


def _world_bank_forms() -> pl.DataFrame:
    """World Bank (WDI) country names of the Member States and Palestine."""
    from analysis.reference import load_world_bank_names

    return load_world_bank_names().select(
        form="name", lang=pl.lit("en"), entity_id="iso3", entity_kind=pl.lit("state"),
        source=pl.lit("worldbank"))


def _alias_forms() -> pl.DataFrame:
    """The curated aliases, with the kind of the entity each points to."""
    from analysis.reference import load_name_aliases, load_organizations

    aliases = load_name_aliases()
    orgs = load_organizations().select(entity_id="org_id", entity_kind="kind")
    return (aliases.join(orgs, on="entity_id", how="left")
            .select("alias", "lang", "entity_id",
                    entity_kind=pl.col("entity_kind").fill_null("state"))
            .rename({"alias": "form"}).with_columns(source=pl.lit("alias")))


def _acronym_forms() -> pl.DataFrame:
    """An organization's name followed by its acronym: "… Organization (INTERPOL)"."""
    from analysis.reference import load_organizations

    orgs = load_organizations()
    return pl.concat([
        orgs.select(form=pl.format("{} ({})", f"name_{lang}", acronym), lang=pl.lit(lang),
                    entity_id="org_id", entity_kind="kind")
        for lang in LANGUAGES for acronym in (f"acronym_{lang}", "acronym_en")
    ]).drop_nulls("form").with_columns(source=pl.lit("derived"), origin=pl.lit("un"))


def derived_forms(forms: pl.DataFrame) -> pl.DataFrame:
    """Forms derived from names with a parenthesised or comma-inverted part.

    "Bolivia (Plurinational State of)" gives "Bolivia" and "Plurinational State of
    Bolivia"; "Korea, Republic of" gives "Korea" (ambiguous, so never a match).

    Example:
        >>> frame = pl.DataFrame({"form": ["Bolivia (Plurinational State of)"], "lang": ["en"],
        ...     "entity_id": ["BOL"], "entity_kind": ["state"], "source": ["un"]})
        >>> sorted(derived_forms(frame)["form"].to_list())
        ['Bolivia', 'Plurinational State of Bolivia']
    """
    paren = forms.filter(pl.col("form").str.contains(r"^[^()]+\([^()]+\)$")).with_columns(
        base=pl.col("form").str.extract(r"^([^()]+?)\s*\(").str.strip_chars(),
        inner=pl.col("form").str.extract(r"\(([^()]+)\)").str.strip_chars())
    comma = forms.filter(pl.col("form").str.contains(r"^[^,]+, [^,]+$")
                         & (pl.col("lang") != "zh")).with_columns(
        base=pl.col("form").str.extract(r"^([^,]+),").str.strip_chars(),
        inner=pl.col("form").str.extract(r", (.+)$").str.strip_chars())
    # Chinese and Arabic put the qualifier after the name; Latin and Cyrillic before.
    inverted = paren.select(
        "lang", "entity_id", "entity_kind", "source",
        form=pl.when(pl.col("lang").is_in(["zh", "ar"]))
        .then(pl.col("base") + pl.col("inner"))
        .otherwise(pl.col("inner") + pl.lit(" ") + pl.col("base")))
    base = pl.concat([paren, comma]).select("lang", "entity_id", "entity_kind", "source",
                                            form="base")
    return (pl.concat([base, inverted], how="diagonal")
            .rename({"source": "origin"}).with_columns(source=pl.lit("derived")))


def keyed_forms(forms: pl.DataFrame) -> pl.DataFrame:
    """Add derived forms, keys, precedence and script to ``form, lang, entity_id, …`` rows.

    Rows without ``origin`` get their ``source`` as origin; blank forms and forms that
    fold to an empty key are dropped, and each (key, lang, id, source) is kept once.

    Example:
        >>> frame = pl.DataFrame({"form": ["Bolivia (Plurinational State of)"], "lang": ["en"],
        ...     "entity_id": ["BOL"], "entity_kind": ["state"], "source": ["un"]})
        >>> keyed_forms(frame).select("key", "source", "precedence").rows()
        [('bolivia (plurinational state of)', 'un', 1), ('bolivia', 'derived', 4), \
('plurinational state of bolivia', 'derived', 4)]
    """
    columns = ["form", "lang", "entity_id", "entity_kind", "source", "origin"]
    if "origin" not in forms.columns:
        forms = forms.with_columns(origin=pl.col("source"))
    forms = forms.select(columns).filter(pl.col("form").is_not_null() & (pl.col("form") != ""))
    everything = pl.concat([forms, derived_forms(forms.filter(pl.col("source") != "derived"))
                           .select(columns)])
    return (
        everything.with_columns(
            precedence=pl.col("source").replace_strict(PRECEDENCE, return_dtype=pl.Int8),
            key=name_key(pl.col("form")),
            script=pl.coalesce(
                *(pl.when(pl.col("form").str.contains(pattern)).then(pl.lit(script))
                  for script, pattern in SCRIPT_RANGES.items()), pl.lit("Latin")))
        .filter(pl.col("key") != "")
        .unique(["key", "lang", "entity_id", "source"], keep="first", maintain_order=True)
    )


def default_forms() -> pl.DataFrame:
    """Every source's forms, keyed: what the default name index is built from.

    The slow part of building the default index (about a second), which is why
    ``names.default_name_index`` keeps the result on disk. A form that reads as another
    State's ISO code is dropped, and an ISO 3166 entry that is no UN Member or observer
    State is a ``territory``.

    Example:
        >>> forms = default_forms()
        >>> forms.filter(pl.col("form") == "Burma")["entity_id"].unique().to_list()
        ['MMR']
    """
    import pycountry

    sources = pl.concat([_alias_forms(), _un_forms(), _world_bank_forms(), _cldr_forms(),
                         _pycountry_forms()], how="diagonal")
    forms = keyed_forms(pl.concat([sources.with_columns(origin=pl.col("source")),
                                    _acronym_forms()], how="diagonal"))
    # A form that reads as another country's ISO code is never kept: Spanish CLDR writes
    # "RU" for the United Kingdom, but "RU" is Russia's alpha-2 code.
    codes = pl.DataFrame(
        [(code.lower(), c.alpha_3) for c in pycountry.countries for code in (c.alpha_2, c.alpha_3)],
        schema=["key", "code_of"], orient="row")
    return (forms.join(codes, on="key", how="left", maintain_order="left")
            .filter(pl.col("code_of").is_null() | (pl.col("code_of") == pl.col("entity_id")))
            .drop("code_of").with_columns(entity_kind=_territory_kind()))


def _territory_kind() -> pl.Expr:
    """``territory`` for an ISO 3166 entry that is no UN Member or observer State."""
    from analysis.reference import load_member_states

    states = load_member_states()["iso3"].implode()
    return (pl.when((pl.col("entity_kind") == "state") & ~pl.col("entity_id").is_in(states))
            .then(pl.lit("territory")).otherwise(pl.col("entity_kind")))

