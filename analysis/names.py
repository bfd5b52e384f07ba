"""Name normalisation: any UN name form of a state or organization to a stable id.

Owns the lexicon of known name forms and the matching key. Forms come from, in order
of precedence: the curated alias table, the UN's own names (UN country names in six
languages, organizations), pycountry (names, official and common names
and their translations into the six languages), and forms derived from those (with
and without a parenthesised or comma-inverted part). A form whose key points to two
different ids at the same precedence is ambiguous and is left out rather than guessed.

The key folds what should not matter: Unicode compatibility forms (full-width
brackets), case, accents and Arabic diacritics, typographic apostrophes and dashes,
spacing, a leading article, and Cyrillic letters that look like Latin ones.
Matching works on polars columns: each distinct value is keyed once, then joined.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from functools import cache

import polars as pl
import pycountry
from rapidfuzz import fuzz, process

from analysis.errors import UnknownNameError
from analysis.languages import LANGUAGES
from analysis.reference import (
    load_country_names,
    load_name_aliases,
    load_organizations,
)

# Cyrillic letters (after lower-casing) that render like Latin ones; folding both
# scripts onto one letter makes "Сhile" typed with a Cyrillic С match "Chile".
_LOOKALIKES = {"а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o",
               "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j",
               "ѕ": "s", "һ": "h", "ԛ": "q", "ԝ": "w"}
_APOSTROPHES_AND_DASHES = {"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "ʻ": "'",
                           "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-",
                           "−": "-"}
_APOSTROPHE_TABLE = str.maketrans({k: v for k, v in _APOSTROPHES_AND_DASHES.items()
                                   if v == "'"})
_GETTEXT_LOCALES = {"ar": "ar", "es": "es", "fr": "fr", "ru": "ru", "zh": "zh_CN"}

PRECEDENCE = {"alias": 0, "un": 1, "pycountry": 2, "derived": 3}


def name_key(names: pl.Expr) -> pl.Expr:
    """Return the matching key of a column of names (vectorised).

    Args:
        names: A string expression.

    Returns:
        The folded key: equal keys mean "the same name".

    Example:
        >>> pl.select(name_key(pl.lit("  CÔTE D’IVOIRE "))).item()
        "cote d'ivoire"
    """
    return (
        names.str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.to_lowercase()
        .str.replace_many(_APOSTROPHES_AND_DASHES)
        .str.replace_many(_LOOKALIKES)
        .str.replace_all(r"\s+", " ")
        .str.replace_all(r" ?([()\-]) ?", "$1")
        .str.replace_all(r"\)(\S)", ") $1")
        .str.replace_all(r"(\S)\(", "$1 (")
        .str.replace_all(r"(\p{Han}) (\p{Han})", "$1$2")
        .str.strip_chars(" .,;:")
        .str.replace(r"^(?:the|l'|la|le|les|el|los|las) ", "")
        .str.replace(r"^l'", "")
    )


@dataclass(frozen=True)
class NameIndex:
    """The known name forms and how to resolve names against them.

    ``forms`` has one row per (form, language, id): ``form, lang, entity_id,
    entity_kind, source, precedence, key``.
    """

    forms: pl.DataFrame
    _lexicons: dict[str | None, pl.DataFrame] = field(default_factory=dict, repr=False,
                                                      compare=False)
    _scanners: dict[str, tuple[re.Pattern, dict[str, tuple[str, str]]]] = field(
        default_factory=dict, repr=False, compare=False)

    def lexicon(self, lang: str | None = None) -> pl.DataFrame:
        """Unambiguous ``key -> entity_id, entity_kind`` for one language or all.

        Example:
            >>> zh = default_name_index().lexicon("zh")
            >>> zh.filter(pl.col("key") == "捷克")["entity_id"].item()
            'CZE'
        """
        if lang not in self._lexicons:
            forms = self.forms if lang is None else self.forms.filter(pl.col("lang") == lang)
            best = (forms.filter(pl.col("precedence") == pl.col("precedence").min().over("key"))
                    .unique(["key", "entity_id"]))
            self._lexicons[lang] = (best.filter(pl.len().over("key") == 1)
                                    .select("key", "entity_id", "entity_kind").sort("key"))
        return self._lexicons[lang]

    def ambiguous(self, lang: str | None = None) -> pl.DataFrame:
        """Keys that point to two or more ids at their best precedence (left out).

        Example:
            >>> "entity_ids" in default_name_index().ambiguous().columns
            True
        """
        forms = self.forms if lang is None else self.forms.filter(pl.col("lang") == lang)
        best = forms.filter(pl.col("precedence") == pl.col("precedence").min().over("key"))
        return (best.group_by("key").agg(entity_ids=pl.col("entity_id").unique().sort())
                .filter(pl.col("entity_ids").list.len() > 1).sort("key"))

    def resolve(self, names: pl.Series, lang: str | None = None) -> pl.DataFrame:
        """Map each distinct name to its id (null when unknown).

        Args:
            names: Names as written.
            lang: Restrict matching to forms in this language (None: all six).

        Returns:
            ``name, entity_id, entity_kind, iso3`` with one row per distinct name.

        Example:
            >>> index = default_name_index()
            >>> index.resolve(pl.Series(["Viet Nam", "越南"]))["entity_id"].to_list()
            ['VNM', 'VNM']
        """
        distinct = pl.DataFrame({"name": names.cast(pl.String)}).unique(maintain_order=True)
        return (
            distinct.with_columns(key=name_key(pl.col("name")))
            .join(self.lexicon(lang), on="key", how="left", maintain_order="left")
            .select(
                "name", "entity_id", "entity_kind",
                iso3=pl.when(pl.col("entity_kind") == "state").then(pl.col("entity_id")),
            )
        )

    def find_in_text(self, text: str, lang: str) -> list[tuple[int, str, str, str]]:
        """Known names of ``lang`` mentioned in running text, longest match first.

        Used where a report names States inside a sentence rather than in a list.
        Latin and Cyrillic names must stand as whole words; Chinese and Arabic names
        are matched anywhere.

        Returns:
            ``(offset, form, entity_id, entity_kind)`` per mention, in text order.

        Example:
            >>> default_name_index().find_in_text("国际刑警组织和西班牙的代表作了发言", "zh")
            [(0, '国际刑警组织', 'INTERPOL', 'igo'), (7, '西班牙', 'ESP', 'state')]
        """
        if lang not in self._scanners:
            lexicon = self.lexicon(lang)
            forms = (self.forms.filter((pl.col("lang") == lang) & (pl.col("form").str.len_chars()
                                                                    >= 2))
                     .join(lexicon.select("key"), on="key", how="semi")
                     .unique("form").with_columns(length=pl.col("form").str.len_chars())
                     .sort("length", "form", descending=[True, False]))
            ids = {k: (e, kind) for k, e, kind in lexicon.iter_rows()}
            by_form = {f.translate(_APOSTROPHE_TABLE): ids[k]
                       for f, k in forms.select("form", "key").iter_rows()}
            alternatives = "|".join(map(re.escape, by_form))
            if lang in ("zh", "ar"):
                pattern = re.compile(f"(?:{alternatives})")
            else:
                pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
            self._scanners[lang] = (pattern, by_form)
        pattern, by_form = self._scanners[lang]
        folded = text.translate(_APOSTROPHE_TABLE)  # same length: offsets stay valid
        return [(m.start(), text[m.start():m.end()], *by_form[m.group(0)])
                for m in pattern.finditer(folded)]

    def is_known(self, name: str, lang: str | None = None) -> bool:
        """Whether a single name resolves.

        Example:
            >>> default_name_index().is_known("Czechia")
            True
        """
        return self.resolve(pl.Series([name]), lang)["entity_id"].item() is not None

    def suggestions(self, name: str, limit: int = 3, lang: str | None = None) -> list[str]:
        """Up to ``limit`` close known forms, as ``"form (ID)"``, best first.

        Uses rapidfuzz's normalised edit-distance ratio on the folded keys; only forms
        that resolve (in ``lang`` when given) are offered.

        Example:
            >>> default_name_index().suggestions("Venezuella")[0]
            'Venezuela (VEN)'
        """
        key = pl.select(name_key(pl.lit(name))).item()
        forms = (self.forms if lang is None else self.forms.filter(pl.col("lang") == lang))
        forms = (forms.join(self.lexicon(lang).select("key"), on="key", how="semi")
                 .sort("precedence", "key").unique("key", keep="first", maintain_order=True))
        matches = process.extract(key, forms["key"].to_list(), scorer=fuzz.ratio, limit=40,
                                  score_cutoff=50)
        found: list[str] = []
        seen: set[str] = set()
        for _, _score, row in matches:
            entity_id = forms["entity_id"][row]
            if entity_id in seen:
                continue
            seen.add(entity_id)
            found.append(f"{forms['form'][row]} ({entity_id})")
            if len(found) == limit:
                break
        return found


def normalise_names(
    frame: pl.DataFrame,
    column: str,
    *,
    lang: str | None = None,
    allow_unknown: bool = False,
    index: NameIndex | None = None,
    where: str = "",
) -> pl.DataFrame:
    """Add ``entity_id, entity_kind, iso3`` for the names in ``column``.

    Each distinct name is resolved once, then joined back, so millions of rows cost
    little more than their distinct values.

    Args:
        frame: Any frame with a string column of names.
        column: The column holding the names.
        lang: Only match forms in this language (None: any of the six).
        allow_unknown: Keep unknown names with null ids instead of raising.
        index: The name index (default: the shipped reference data).
        where: Names the input in error messages (file, paragraph).

    Returns:
        ``frame`` with the three columns added, rows in the same order.

    Raises:
        UnknownNameError: listing every unknown name with up to three suggestions.

    Example:
        >>> frame = pl.DataFrame({"name": ["Türkiye", "Turkey", "委内瑞拉玻利瓦尔共和国"]})
        >>> normalise_names(frame, "name")["entity_id"].to_list()
        ['TUR', 'TUR', 'VEN']
    """
    index = index or default_name_index()
    mapping = index.resolve(frame[column], lang)
    unknown = mapping.filter(pl.col("entity_id").is_null())["name"]
    if unknown.len() and not allow_unknown:
        shown = UnknownNameError.SHOWN
        raise UnknownNameError(
            {str(n): index.suggestions(str(n or ""), lang=lang) if i < shown else []
             for i, n in enumerate(unknown.to_list())}, where=where)
    return frame.join(mapping.rename({"name": column}), on=column, how="left",
                      maintain_order="left", nulls_equal=True)


def normalise_name(name: str, lang: str | None = None) -> str:
    """Return the id of one name.

    Raises:
        UnknownNameError: when the name is unknown (with suggestions).

    Example:
        >>> normalise_name("Bolivia (Plurinational State of)")
        'BOL'
        >>> normalise_name("Organization of American States")
        'OAS'
    """
    frame = normalise_names(pl.DataFrame({"name": [name]}), "name", lang=lang)
    return frame["entity_id"].item()


def _pycountry_forms() -> pl.DataFrame:
    """English names, official and common names of every ISO country, and translations."""
    english = [(getattr(c, field), c.alpha_3) for c in pycountry.countries
               for field in ("name", "official_name", "common_name") if hasattr(c, field)]
    rows = [(form, "en", iso3) for form, iso3 in english]
    for lang, locale in _GETTEXT_LOCALES.items():
        translate = gettext.translation("iso3166-1", pycountry.LOCALES_DIR,
                                        languages=[locale]).gettext
        rows += [(translate(form), lang, iso3) for form, iso3 in english
                 if translate(form) != form]
    return pl.DataFrame(rows, schema=["form", "lang", "entity_id"], orient="row").with_columns(
        entity_kind=pl.lit("state"), source=pl.lit("pycountry"))


def _un_forms() -> pl.DataFrame:
    """The UN's own names: UN country names (six languages) and organizations."""
    names = load_country_names()
    orgs = load_organizations()
    parts = [
        names.select(form="short_name", lang="lang", entity_id="iso3"),
        names.select(form="formal_name", lang="lang", entity_id="iso3"),
    ]
    un_states = pl.concat(parts).with_columns(entity_kind=pl.lit("state"))
    org_forms = orgs.unpivot(
        index=["org_id", "kind"], on=[f"{k}_{lang}" for lang in LANGUAGES
                                     for k in ("name", "acronym")],
        variable_name="field", value_name="form",
    ).select("form", lang=pl.col("field").str.split("_").list.last(), entity_id="org_id",
             entity_kind="kind")
    return pl.concat([un_states, org_forms]).with_columns(source=pl.lit("un"))


def _alias_forms() -> pl.DataFrame:
    """The curated aliases, with the kind of the entity each points to."""
    aliases = load_name_aliases()
    orgs = load_organizations().select(entity_id="org_id", entity_kind="kind")
    return (aliases.join(orgs, on="entity_id", how="left")
            .select("alias", "lang", "entity_id",
                    entity_kind=pl.col("entity_kind").fill_null("state"))
            .rename({"alias": "form"}).with_columns(source=pl.lit("alias")))


def derived_forms(forms: pl.DataFrame) -> pl.DataFrame:
    """Forms derived from names with a parenthesised or comma-inverted part.

    "Bolivia (Plurinational State of)" gives "Bolivia" and "Plurinational State of
    Bolivia"; "Korea, Republic of" gives "Republic of Korea" (and "Korea", which is
    ambiguous and so dropped later).

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
    both = pl.concat([paren, comma])
    # Chinese and Arabic put the qualifier after the name; Latin and Cyrillic before.
    inverted = both.select(
        "lang", "entity_id", "entity_kind",
        form=pl.when(pl.col("lang").is_in(["zh", "ar"]))
        .then(pl.col("base") + pl.col("inner"))
        .otherwise(pl.col("inner") + pl.lit(" ") + pl.col("base")))
    base = both.select("lang", "entity_id", "entity_kind", form="base")
    return pl.concat([base, inverted], how="diagonal").with_columns(source=pl.lit("derived"))


def build_name_index(forms: pl.DataFrame) -> NameIndex:
    """Build an index from ``form, lang, entity_id, entity_kind, source`` rows.

    Derived forms are added, keys computed once, duplicates dropped.

    Example:
        >>> frame = pl.DataFrame({"form": ["Chile"], "lang": ["en"], "entity_id": ["CHL"],
        ...     "entity_kind": ["state"], "source": ["un"]})
        >>> build_name_index(frame).is_known("CHILE")
        True
    """
    columns = ["form", "lang", "entity_id", "entity_kind", "source"]
    forms = forms.select(columns).filter(pl.col("form").is_not_null() & (pl.col("form") != ""))
    everything = pl.concat([forms, derived_forms(forms).select(columns)])
    return NameIndex(
        everything.with_columns(
            precedence=pl.col("source").replace_strict(PRECEDENCE, return_dtype=pl.Int8),
            key=name_key(pl.col("form")))
        .filter(pl.col("key") != "")
        .unique(["key", "lang", "entity_id", "source"], keep="first", maintain_order=True)
    )


@cache
def default_name_index() -> NameIndex:
    """The index built from pycountry and the shipped reference tables (cached).

    Example:
        >>> default_name_index().is_known("Viet Nam")
        True
    """
    return build_name_index(pl.concat([_alias_forms(), _un_forms(), _pycountry_forms()]))
