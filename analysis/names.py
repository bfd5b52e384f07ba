"""Name normalisation: any name form of a State or organization to a stable id.

Owns the public normalising API (``normalise_names``, ``normalise_name``, reading pasted
lines, the message for a former State) and ``NameIndex``, which resolves names against
the known forms: a key (``name_key.name_key``) that points to two ids at its best
precedence is ambiguous: it is never guessed, and an input with that key gets an error
listing the candidates. Matching works on polars columns: each distinct value is keyed
once, then joined. Where the forms come from is ``name_forms``; the default index built
from them (``default_name_index``) keeps its forms and lexicons on disk per version of
the data and code, so a command line call does not rebuild them.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Mapping
from functools import cache, cached_property
from importlib.metadata import version
from pathlib import Path

import polars as pl

from analysis import paths
from analysis.errors import BadArgumentError, UnknownNameError
from analysis.inputs import parse_language
from analysis.name_forms import PRECEDENCE, RENAMED, default_forms, derived_forms, keyed_forms
from analysis.name_key import name_key, script_of

__all__ = [
    "ADDED_COLUMNS", "ALL", "PRECEDENCE", "NameIndex", "build_name_index", "default_name_index",
    "derived_forms", "former_state", "name_key", "normalise_name", "normalise_names",
    "pasted_cells",
]

_APOSTROPHE_TABLE = str.maketrans({k: "'" for k in "’‘ʼ`´ʻ"})
_LEXICON_SCHEMA = {"scope": pl.String, "key": pl.String, "entity_id": pl.String,
                   "entity_kind": pl.String}
ALL = "*"
"""The lexicon scope of "any of the six languages"."""


_DISPLAY_RANK = {"un": 0, "cldr": 1, "worldbank": 2, "pycountry": 3}
_SCRIPT_LANGUAGE = {"Han": "zh", "Arabic": "ar", "Cyrillic": "ru", "Latin": "en"}


class NameIndex:
    """The known name forms and how to resolve names against them.

    ``forms`` has one row per (form, language, id): ``form, lang, entity_id,
    entity_kind, source, origin, precedence, key`` (``origin`` is the source a derived
    form was derived from). ``lexicons`` has the unambiguous keys per scope (a
    language, or ``"*"`` for all six). With a ``cache_stem``, both are kept on disk
    (``STEM.forms.arrow``, ``STEM.lexicons.arrow``) and read back by the next process.
    """

    def __init__(self, forms: pl.DataFrame | Callable[[], pl.DataFrame],
                 cache_stem: Path | None = None) -> None:
        self._forms_source = forms
        self._cache_stem = cache_stem
        self._scanners: dict[str, tuple[re.Pattern, dict[str, tuple[str, str]]]] = {}
        self._keys: dict[str, frozenset[str]] = {}  # each scope's lexicon keys (is_known)

    def _kept(self, table: str, build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        """The table read from the cache, or built and kept there."""
        if self._cache_stem is None:
            return build()
        path = self._cache_stem.with_name(f"{self._cache_stem.name}.{table}.arrow")
        if path.is_file():
            try:
                return pl.read_ipc(path)
            except (OSError, pl.exceptions.PolarsError):
                pass  # a damaged cache is rebuilt below
        frame = build()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # A file of this process's own, renamed at once: two processes building
            # at the same time (make figures runs two) never read a half-written one.
            partial = path.with_suffix(f".{os.getpid()}.partial")
            frame.write_ipc(partial)
            partial.replace(path)
            for stale in path.parent.glob("name*.arrow"):  # built from older data or code
                if not stale.name.startswith(f"{self._cache_stem.name}."):
                    stale.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only cache only costs the rebuild next time
        return frame

    @cached_property
    def forms(self) -> pl.DataFrame:
        """Every known form with its key (built on first use)."""
        source = self._forms_source
        return source if isinstance(source, pl.DataFrame) else self._kept("forms", source)

    @cached_property
    def lexicons(self) -> pl.DataFrame:
        """``scope, key, entity_id, entity_kind`` for the unambiguous keys, every scope."""
        return self._kept("lexicons", self._unambiguous_keys)

    def _unambiguous_keys(self) -> pl.DataFrame:
        scoped = pl.concat([self.forms.with_columns(scope=pl.col("lang")),
                            self.forms.with_columns(scope=pl.lit(ALL))])
        best = (scoped.filter(pl.col("precedence")
                              == pl.col("precedence").min().over("scope", "key"))
                .unique(["scope", "key", "entity_id"]))
        return (best.filter(pl.len().over("scope", "key") == 1)
                .select(*_LEXICON_SCHEMA).sort("scope", "key"))

    def lexicon(self, lang: str | None = None) -> pl.DataFrame:
        """Unambiguous ``key -> entity_id, entity_kind`` for one language or all.

        Example:
            >>> zh = default_name_index().lexicon("zh")
            >>> zh.filter(pl.col("key") == "捷克")["entity_id"].item()
            'CZE'
        """
        scope = ALL if lang is None else lang
        return (self.lexicons.filter(pl.col("scope") == scope)
                .select("key", "entity_id", "entity_kind"))

    def ambiguous(self, lang: str | None = None) -> pl.DataFrame:
        """Keys that point to two or more ids at their best precedence (never guessed).

        Example:
            >>> amb = default_name_index().ambiguous()
            >>> amb.filter(pl.col("key") == "korea")["entity_ids"].item().to_list()
            ['KOR', 'PRK']
        """
        forms = self.forms if lang is None else self.forms.filter(pl.col("lang") == lang)
        best = forms.filter(pl.col("precedence") == pl.col("precedence").min().over("key"))
        return (best.group_by("key").agg(entity_ids=pl.col("entity_id").unique().sort())
                .filter(pl.col("entity_ids").list.len() > 1).sort("key"))

    def resolve(self, names: pl.Series, lang: str | None = None) -> pl.DataFrame:
        """Map each distinct name to its id (null when blank, unknown or ambiguous).

        A name with a parenthesised qualifier that no source lists as a whole, such as
        ``玻利维亚 (多民族国)``, resolves when the name before the brackets does and the
        qualifier is part of a known form of the same entity (so "Congo (Kinshasa)"
        never becomes the Republic of the Congo).

        Args:
            names: Names as written.
            lang: Restrict matching to forms in this language (None: all six).

        Returns:
            ``name, entity_id, entity_kind, iso3, key`` with one row per distinct name;
            ``key`` is null for a blank name (null, empty or only spaces).

        Example:
            >>> index = default_name_index()
            >>> index.resolve(pl.Series(["Viet Nam", "越南"]))["entity_id"].to_list()
            ['VNM', 'VNM']
        """
        lexicon = self.lexicon(lang)
        distinct = pl.DataFrame({"name": names.cast(pl.String)}).unique(maintain_order=True)
        keyed = distinct.with_columns(key=name_key(pl.col("name"))).with_columns(
            key=pl.when(pl.col("key") != "").then("key"))
        found = keyed.join(lexicon, on="key", how="left", maintain_order="left")
        missing = found.filter(pl.col("entity_id").is_null() & pl.col("key").is_not_null())
        if missing.height:
            found = found.update(self._qualified(missing.select("name", "key"), lexicon),
                                 on="name", how="left")
            found = found.update(self._coded(missing.select("name")), on="name", how="left")
        return found.select(
            "name", "entity_id", "entity_kind",
            iso3=pl.when(pl.col("entity_kind").is_in(["state", "territory"]))
            .then(pl.col("entity_id")),
            key="key")

    @cached_property
    def codes(self) -> pl.DataFrame:
        """``code, entity_id, entity_kind, code_type``: the codes that stand for an entity.

        ISO 3166-1 alpha-3, alpha-2 and numeric (= UN M49) codes of the States the index
        knows, ``EU`` for the European Union, and every id itself (``EUU``,
        ``INTERPOL``). An id that is also a State's ISO code (``EC``, ``AU``) stands for
        the State, as a name form that reads as a code does.

        Example:
            >>> codes = default_name_index().codes
            >>> codes.filter(pl.col("code").is_in(["276", "EC"])).sort("code").rows()
            [('276', 'DEU', 'state', 'm49'), ('EC', 'ECU', 'state', 'iso2')]
        """
        import pycountry

        iso = [(code, c.alpha_3, kind) for c in pycountry.countries
               for code, kind in ((c.alpha_3, "iso3"), (c.alpha_2, "iso2"), (c.numeric, "m49"))]
        kinds = self.forms.group_by("entity_id").agg(pl.col("entity_kind").first())
        return (pl.concat([
            pl.DataFrame([*iso, ("EU", "EUU", "iso2")],
                         schema=["code", "entity_id", "code_type"], orient="row"),
            kinds.select(code="entity_id", entity_id="entity_id", code_type=pl.lit("id"))])
            .unique("code", keep="first", maintain_order=True)
            .join(kinds, on="entity_id", how="inner")
            .select("code", "entity_id", "entity_kind", "code_type"))

    def _coded(self, missing: pl.DataFrame) -> pl.DataFrame:
        """Resolve names written as codes ("DEU", "DE", "276", "004"): upper case or digits.

        An M49 code is read only as its three digits: a bare "4" or "10" is far more
        often a row number than Afghanistan or Antarctica, so it stays unknown.
        """
        code = pl.col("name").str.strip_chars()
        return (missing.with_columns(code=code)
                .join(self.codes, on="code", how="inner")
                .select("name", "entity_id", "entity_kind"))

    @staticmethod
    def _qualified(missing: pl.DataFrame, lexicon: pl.DataFrame) -> pl.DataFrame:
        """Resolve ``base (qualifier)`` keys whose qualifier fits the base's entity."""
        parts = missing.with_columns(
            flat=pl.col("key").str.replace_all(r"[()]", "").str.replace_all(r"\s+", " "),
            base=pl.col("key").str.extract(r"^(.+?) ?\(([^()]+)\)$", 1),
            qualifier=pl.col("key").str.extract(r"^(.+?) ?\(([^()]+)\)$", 2))
        flat = parts.join(lexicon, left_on="flat", right_on="key", how="inner")
        based = (parts.filter(pl.col("base").is_not_null())
                 .join(lexicon, left_on="base", right_on="key", how="inner"))
        # The qualifier must occur in a known key of the same entity, around the base
        # ("多民族玻利维亚国" holds "多民族" + "国" around "玻利维亚").
        fitting = (based.join(lexicon.rename({"key": "known"}).select("known", "entity_id"),
                              on="entity_id", how="inner")
                   .filter(pl.col("known").str.split(pl.col("base")).list.join("")
                           .str.replace_all(" ", "").str.contains(
                               pl.col("qualifier").str.replace_all(" ", ""), literal=True)))
        columns = ["name", "entity_id", "entity_kind"]
        return (pl.concat([flat.select(columns), fitting.select(columns)])
                .unique("name", keep="first", maintain_order=True))

    def find_in_text(self, text: str, lang: str) -> list[tuple[int, str, str, str]]:
        """Known names of ``lang`` mentioned in running text, longest match first.

        Used where a report names States inside a sentence rather than in a list.
        Latin and Cyrillic names must stand as whole words; Chinese and Arabic names
        are matched anywhere. Only the UN's own forms, curated aliases and pycountry
        forms are looked for: CLDR and World Bank forms include everyday words.

        Returns:
            ``(offset, form, entity_id, entity_kind)`` per mention, in text order.

        Example:
            >>> default_name_index().find_in_text("国际刑警组织和西班牙的代表作了发言", "zh")
            [(0, '国际刑警组织', 'INTERPOL', 'igo'), (7, '西班牙', 'ESP', 'state')]
        """
        if lang not in self._scanners:
            lexicon = self.lexicon(lang)
            forms = (self.forms.filter((pl.col("lang") == lang)
                                       & (pl.col("form").str.len_chars() >= 2)
                                       & pl.col("origin").is_in(["alias", "un", "pycountry"]))
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
        """Whether a single name resolves (as ``resolve`` would have it).

        Splitting a list asks this of every reading of every name: a name whose key is
        in the lexicon is known, and one that is neither bracketed nor a code cannot be
        found another way, so only the rest take the whole ``resolve``.

        Example:
            >>> default_name_index().is_known("Czechia"), default_name_index().is_known("")
            (True, False)
        """
        written = pl.lit(name, dtype=pl.String)
        key, code = pl.select(name_key(written).alias("key"),
                              written.str.strip_chars().alias("code")).row(0)
        if not key:
            return False
        scope = ALL if lang is None else lang
        if scope not in self._keys:
            self._keys[scope] = frozenset(self.lexicon(lang)["key"])
        if key in self._keys[scope]:
            return True
        if "(" not in key and ")" not in key and code not in self._code_set:
            return False
        return self.resolve(pl.Series([name]), lang)["entity_id"].item() is not None

    @cached_property
    def _code_set(self) -> frozenset[str]:
        return frozenset(self.codes["code"])

    def candidates(self, name: str, lang: str | None = None) -> list[str]:
        """The entities an ambiguous name could mean, as ``"form (ID)"``; [] if not ambiguous.

        Example:
            >>> default_name_index().candidates("Corée")
            ['République de Corée (KOR)', 'République populaire démocratique de Corée (PRK)']
        """
        key = pl.select(name_key(pl.lit(name))).item()
        row = self.ambiguous(lang).filter(pl.col("key") == key)
        if not row.height:
            return []
        ids = row["entity_ids"].item().to_list()
        # Shown in the language the ambiguous form comes from ("Corée" gets French).
        langs = self.forms.filter(pl.col("key") == key)["lang"].mode().sort()
        return [f"{self.display_name(entity_id, name, langs[0])} ({entity_id})"
                for entity_id in ids]

    def display_name(self, entity_id: str, like: str = "", lang: str = "en") -> str:
        """The best-ranked form of an entity in ``lang`` and the script of ``like``.

        Example:
            >>> default_name_index().display_name("RUS", "Russie")
            'Russian Federation'
        """
        forms = self.forms.filter((pl.col("entity_id") == entity_id)
                                  & (pl.col("source") != "derived"))
        same = forms.filter(pl.col("script") == script_of(like))
        forms = same if same.height else forms
        # The UN's own name reads best; an alias ("ROK") is the last resort.
        rank = pl.col("source").replace_strict(_DISPLAY_RANK, default=len(_DISPLAY_RANK))
        return forms.sort(pl.col("lang") != lang, rank, "form")["form"][0]

    def suggestions(self, name: str, limit: int = 3, lang: str | None = None) -> list[str]:
        """Up to ``limit`` close known forms, as ``"form (ID)"``, best first.

        Uses rapidfuzz's normalised edit-distance ratio on the folded keys; only forms
        that resolve (in ``lang`` when given) and that are written in the script of
        ``name`` are offered, so a Latin name never gets a Cyrillic suggestion.

        Example:
            >>> default_name_index().suggestions("Venezuella")[0]
            'Venezuela (VEN)'
            >>> default_name_index().suggestions("RPC")
            []
        """
        from rapidfuzz import fuzz, process

        key = pl.select(name_key(pl.lit(name))).item() or ""
        if _ABBREVIATION.fullmatch(name.strip()):
            # A near miss of an abbreviation is another State's ("PRC" and "DRC", "USSR"
            # and "US"): no guess is better than a wrong one.
            return []
        script = script_of(name)
        forms = (self.forms if lang is None else self.forms.filter(pl.col("lang") == lang))
        forms = (forms.join(self.lexicon(lang).select("key"), on="key", how="semi")
                 .filter(pl.col("script") == script)
                 # The script's own UN language first: a Latin name gets English forms
                 # before French or Spanish ones (and "Russia" never "Russie").
                 .sort(pl.col("lang") != _SCRIPT_LANGUAGE[script], "precedence", "key")
                 .unique("key", keep="first", maintain_order=True))
        found: list[str] = []
        seen: set[str] = set()
        for preferred in (True, False):
            subset = forms.filter((pl.col("lang") == _SCRIPT_LANGUAGE[script]) == preferred)
            matches = process.extract(key, subset["key"].to_list(), scorer=fuzz.ratio,
                                      limit=40, score_cutoff=50 if script == "Han" else 60)
            for _, _score, row in matches:
                entity_id = subset["entity_id"][row]
                if entity_id not in seen and len(found) < limit:
                    seen.add(entity_id)
                    found.append(f"{subset['form'][row]} ({entity_id})")
        return found

    def unknown_error(self, names: list[str], lang: str | None = None, where: str = "",
                      places: dict[str, str] | None = None) -> UnknownNameError:
        """The error for names that do not resolve: candidates or suggestions for each.

        Example:
            >>> error = default_name_index().unknown_error(["Korea"])
            >>> error.unknown["Korea"][0], "Korea" in error.ambiguous
            ('Republic of Korea (KOR)', True)
        """
        shown = UnknownNameError.SHOWN
        ambiguous: set[str] = set()
        unknown: dict[str, list[str]] = {}
        notes = {name: note for name in names if (note := former_state(name))}
        for i, name in enumerate(names):
            if name in notes or i >= shown:
                unknown[name] = []
                continue
            candidates = self.candidates(name, lang)
            if candidates:
                ambiguous.add(name)
            unknown[name] = candidates or self.suggestions(name, lang=lang)
        return UnknownNameError(unknown, where=where, ambiguous=ambiguous, places=places or {},
                                notes=notes)


# Around a pasted name: spaces, TABs and quotes of every kind; after it, a separator too.
_STRAY = r"^[\s\"'“”‘’«»„‚「」『』]+|[\s\"'“”‘’«»„‚「」『』,;、，；]+$"


def pasted_cells(lines: pl.Expr) -> pl.Expr:
    r"""The non-blank TAB-separated cells of pasted lines, stray quotes and separators removed.

    What a person means by a line copied from a spreadsheet or a document: "Germany\t",
    '"Chile",' and "  «Pérou» " are the names Germany, Chile and Pérou. A line break or
    other control character inside a line reads as a space. The name is the first
    cell; a caller decides what to say about a line with more than one.

    Example:
        >>> lines = pl.Series(["Germany\t", '"Chile",', "Peru\tPER", " "])
        >>> pl.select(pasted_cells(pl.lit(lines))).to_series().to_list()
        [['Germany'], ['Chile'], ['Peru', 'PER'], []]
    """
    cell = pl.element().str.replace_all(r"[\r\n\v\f\x85\u2028\u2029]", " ")
    return (lines.str.split("\t")
            .list.eval(cell.str.replace_all(_STRAY, ""))
            .list.eval(pl.element().filter(pl.element() != "")))


# Upper-case letters with optional points, up to six: "PRC", "U.S.S.R.", "EEUU", "BiH".
_ABBREVIATION = re.compile(r"(?:[A-Z]\.?\s?){2,6}|[A-Z][a-z]?[A-Z]{1,4}")
# Successors of former States as the UN records them (Member States: growth in United
# Nations membership), for the message naming a former State; ISO 3166-3 gives the names.
_SUCCESSORS = {
    "SUHH": "the Russian Federation (RUS) continued its UN membership in December 1991; "
            "the other successor States have ids of their own",
    "CSHH": "split into Czechia (CZE) and Slovakia (SVK) on 1 January 1993",
    "DDDE": "joined the Federal Republic of Germany (DEU) on 3 October 1990",
    "YDYE": "united with Yemen (YEM) on 22 May 1990",
    "VDVN": "united with the south as Viet Nam (VNM) in 1976",
    "YUCS": "its successor States have ids of their own (Serbia: SRB)",
    "CSXX": "Serbia (SRB) continued its UN membership; Montenegro (MNE) was admitted "
            "on 28 June 2006",
}
# Everyday English names of former States that ISO 3166-3 does not list.
_FORMER_EXTRA = {"Soviet Union": "SUHH", "East Germany": "DDDE", "Yugoslavia": "YUCS",
                 "South Yemen": "YDYE", "North Vietnam": "VDVN"}


@cache
def _former_states() -> dict[str, tuple[str, str]]:
    """``key -> (ISO 3166-3 code, name)`` of former States that have no single successor."""
    import pycountry

    found: dict[str, tuple[str, str]] = {}
    for former in pycountry.historic_countries:
        if former.alpha_4 in RENAMED or former.alpha_4 not in _SUCCESSORS:
            continue
        # "USSR, Union of Soviet Socialist Republics" gives both names; "Viet-Nam,
        # Democratic Republic of" gives "Democratic Republic of Viet-Nam", never
        # "Viet-Nam", a current State's name.
        first, _, rest = former.name.partition(", ")
        rest = rest.split(", ")[-1]
        forms = ([former.name, f"{rest} {first}"] if rest.endswith(" of")
                 else [former.name, first, rest])
        forms += [extra for extra, code in _FORMER_EXTRA.items() if code == former.alpha_4]
        for form in filter(None, forms):
            found[form] = (former.alpha_4, former.name)
    keys = pl.select(name_key(pl.Series(list(found)))).to_series().to_list()
    return {key: found[form] for key, form in zip(keys, found, strict=True)}


def former_state(name: str) -> str | None:
    """Why a name of a former State with no single successor has no id, or None.

    Such names are never resolved: "USSR" is not the Russian Federation in most
    data, and Czechoslovakia is two States now. The message names the successors.

    Example:
        >>> former_state("USSR")[:60]
        'former State (ISO 3166-3: USSR, Union of Soviet Socialist Re'
        >>> former_state("Chile") is None
        True
    """
    key = pl.select(name_key(pl.lit(name))).item()
    if key not in _former_states():
        return None
    code, full = _former_states()[key]
    return f"former State (ISO 3166-3: {full}); {_SUCCESSORS[code]}"


def normalise_names(
    frame: pl.DataFrame,
    column: str,
    *,
    lang: str | None = None,
    allow_unknown: bool = False,
    index: NameIndex | None = None,
    where: str = "",
    into: Mapping[str, str] | None = None,
    explain: bool = False,
) -> pl.DataFrame:
    """Add ``entity_id, entity_kind, iso3`` for the names in ``column``.

    Each distinct name is resolved once, then joined back, so millions of rows cost
    little more than their distinct values. A blank name (null, "" or only spaces)
    stays null and is never an unknown name. Codes are names too: ISO 3166-1 alpha-3,
    alpha-2 and numeric (UN M49) codes written in capitals or digits ("DEU", "DE",
    "276") resolve to their State, an id to itself ("EUU").

    Args:
        frame: Any frame with a string column of names.
        column: The column holding the names.
        lang: Only match forms in this language (None: any of the six).
        allow_unknown: Keep unknown and ambiguous names with null ids instead of
            raising (the default raises, listing every such name).
        index: The name index (default: the shipped reference data).
        where: Names the input in error messages (file, paragraph).
        into: Other names for the added columns, e.g. ``{"entity_id": "partner_id"}``,
            where ``frame`` already has a column of that name.
        explain: Add a fourth column, ``unresolved``, saying why a name has no id:
            ``unknown`` or ``ambiguous`` (null for a resolved or blank name).

    Returns:
        ``frame`` with the three columns added (four with ``explain``), rows in the
        same order. A column is never overwritten nor suffixed.

    Raises:
        UnknownNameError: listing every unknown name with up to three suggestions, and
            every ambiguous name with the entities it could mean.
        BadArgumentError: an added column would take the name of one ``frame``
            already has (name others with ``into``), or ``into`` names no added column.

    Example:
        >>> frame = pl.DataFrame({"name": ["Türkiye", "Turkey", "委内瑞拉玻利瓦尔共和国", None]})
        >>> normalise_names(frame, "name")["entity_id"].to_list()
        ['TUR', 'TUR', 'VEN', None]
    """
    lang = parse_language(lang, optional=True)
    added = [*ADDED_COLUMNS, *(["unresolved"] if explain else [])]
    renamed = _output_names(frame, column, added, into or {})
    index = index or default_name_index()
    mapping = index.resolve(frame[column], lang)
    unknown = mapping.filter(pl.col("entity_id").is_null() & pl.col("key").is_not_null())
    if unknown.height and not allow_unknown:
        raise index.unknown_error([str(n) for n in unknown["name"]], lang, where)
    if explain:
        ambiguous = index.ambiguous(lang)["key"].implode() if unknown.height else []
        mapping = mapping.with_columns(unresolved=pl.when(
            pl.col("entity_id").is_null() & pl.col("key").is_not_null())
            .then(pl.when(pl.col("key").is_in(ambiguous)).then(pl.lit("ambiguous"))
                  .otherwise(pl.lit("unknown"))))
    return frame.join(mapping.select("name", *added).rename({"name": column, **renamed}),
                      on=column, how="left", maintain_order="left", nulls_equal=True)


ADDED_COLUMNS = ("entity_id", "entity_kind", "iso3")
"""The columns ``normalise_names`` adds (and ``unresolved`` with ``explain``)."""


def _output_names(frame: pl.DataFrame, column: str, added: list[str],
                  into: Mapping[str, str]) -> dict[str, str]:
    """``into`` checked: it renames added columns only, and no added column clashes."""
    if column not in frame.columns:
        raise BadArgumentError("column", column, "not in the frame", frame.columns[:20])
    stray = sorted(set(into) - set(added))
    if stray:
        raise BadArgumentError("into", stray[0], "not a column normalise_names adds", added)
    names = [into.get(name, name) for name in added]
    clash = [name for name in names if name in frame.columns]
    if clash or len(set(names)) < len(names):
        taken = clash[0] if clash else names[0]
        raise BadArgumentError(
            "column", taken, "already in the frame, and normalise_names would add a column of "
            f"that name; name the added columns with into={{{taken!r}: ...}}")
    return {name: new for name, new in into.items() if name != new}


def normalise_name(name: str, lang: str | None = None) -> str:
    """Return the id of one name.

    Raises:
        UnknownNameError: when the name is unknown (with suggestions) or ambiguous.
        BadArgumentError: when ``name`` is not text (``None``, a number).

    Example:
        >>> normalise_name("Bolivia (Plurinational State of)")
        'BOL'
        >>> normalise_name("International Criminal Police Organization (INTERPOL)")
        'INTERPOL'
    """
    if not isinstance(name, str):
        raise BadArgumentError("name", name, "not text; give a State's or organization's name")
    frame = normalise_names(pl.DataFrame({"name": [name]}), "name", lang=lang)
    return frame["entity_id"].item()

def build_name_index(forms: pl.DataFrame, cache_stem: Path | None = None) -> NameIndex:
    """Build an index from ``form, lang, entity_id, entity_kind, source`` rows.

    Derived forms are added, keys computed once, duplicates dropped.

    Example:
        >>> frame = pl.DataFrame({"form": ["Chile"], "lang": ["en"], "entity_id": ["CHL"],
        ...     "entity_kind": ["state"], "source": ["un"]})
        >>> build_name_index(frame).is_known("CHILE")
        True
    """
    return NameIndex(keyed_forms(forms), cache_stem)


def _fingerprint() -> str:
    """A digest of everything the default lexicons are built from."""
    digest = hashlib.sha256()
    for name in ("pycountry", "babel", "polars"):
        digest.update(f"{name}={version(name)};".encode())
    code = Path(__file__).parent
    for path in (code / "names.py", code / "name_forms.py", code / "name_key.py",
                 code / "reference.py", code / "languages.py",
                 paths.NAME_ALIASES, paths.MEMBER_STATES, paths.COUNTRY_NAMES,
                 paths.ORGANIZATIONS, paths.WORLD_BANK_NAMES, paths.CLDR_VARIANTS):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def default_name_index() -> NameIndex:
    """The index built from the shipped reference tables, CLDR and pycountry (cached).

    The forms and lexicons are kept on disk (``~/.cache/firearms-wg/``) under a digest
    of the data and library versions, so a new process reads them instead of rebuilding.

    Example:
        >>> default_name_index().is_known("Viet Nam")
        True
    """
    return NameIndex(default_forms, paths.CACHE_DIR / f"names-{_fingerprint()}")
