"""Convert names or codes of States to other codes, names or regional groups.

In the spirit of ``country_converter.convert``, on this package's name index: any name
form in the six UN languages, or an ISO 3166-1 alpha-3, alpha-2 or numeric (UN M49)
code, goes to ``iso3``, ``iso2``, ``m49``, the UN ``name`` in a language, or the UN
``regional_group``. A string gives a string, a list a list, a polars Series a Series
and a polars expression an expression, so it works inside ``with_columns``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import overload

import polars as pl

from analysis.errors import AnalysisError, BadArgumentError
from analysis.inputs import parse_language
from analysis.names import NameIndex, default_name_index, normalise_names

TARGETS: tuple[str, ...] = ("iso3", "iso2", "m49", "name", "regional_group")
"""What ``convert`` converts to."""
REASONS: tuple[str, ...] = ("unknown", "ambiguous", "not_in_universe")
"""Why ``convert`` found no value: no known name, a name of two entities, or an entity
the target does not cover (``m49`` of an organization, ``regional_group`` of a
territory or an observer State)."""


class NotInUniverseError(AnalysisError):
    """Names that resolve, to entities the conversion's target does not cover."""

    def __init__(self, to: str, names: dict[str, str]) -> None:
        self.to = to
        self.names = dict(names)
        listed = ", ".join(f"{name!r} ({entity_id})" for name, entity_id in
                           list(self.names.items())[:20])
        more = f" and {len(names) - 20} more" if len(names) > 20 else ""
        super().__init__(f"no {to} for {listed}{more} (allow_unknown=True gives null)")


@cache
def targets(lang: str = "en") -> pl.DataFrame:
    """``entity_id, iso3, iso2, m49, name, regional_group`` for every entity known by name.

    ``name`` is the UN short name in ``lang`` (an organization's UN name; for a
    territory with no UN short name, its CLDR name); ``regional_group`` the UN regional
    group a State is counted with (none for observer States, territories and
    organizations).

    Example:
        >>> targets("fr").filter(pl.col("entity_id") == "CIV").row(0)
        ('CIV', 'CIV', 'CI', '384', "Côte d'Ivoire", 'African')
    """
    import pycountry

    from analysis.reference import entity_names, load_member_states

    lang = parse_language(lang)
    iso = pl.DataFrame([(c.alpha_3, c.alpha_3, c.alpha_2, c.numeric) for c in pycountry.countries],
                       schema=["entity_id", "iso3", "iso2", "m49"], orient="row")
    forms = default_name_index().forms
    cldr = (forms.filter((pl.col("source") == "cldr") & (pl.col("lang") == lang))
            .sort("form").unique("entity_id", keep="first")
            .select("entity_id", cldr_name="form"))
    groups = load_member_states().select(entity_id="iso3", regional_group="regional_group")
    ids = forms.select("entity_id").unique()
    return (ids.join(iso, on="entity_id", how="left")
            .join(entity_names(lang), on="entity_id", how="left")
            .join(cldr, on="entity_id", how="left")
            .join(groups, on="entity_id", how="left")
            .select("entity_id", "iso3", "iso2", "m49", name=pl.coalesce("name", "cldr_name"),
                    regional_group="regional_group")
            .sort("entity_id"))


def convert_table(names: pl.Series, to: str = "iso3", lang: str = "en", *,
                  allow_unknown: bool = False, index: NameIndex | None = None) -> pl.DataFrame:
    """``input, entity_id, <to>, unresolved``: ``convert`` with the reason for each gap.

    Args:
        names: Names or codes as written.
        to: One of ``TARGETS``.
        lang: The language of ``name`` (``to="name"``).
        allow_unknown: Keep names with no value (``unresolved`` says why: one of
            ``REASONS``) instead of raising.
        index: The name index (default: the shipped reference data).

    Raises:
        UnknownNameError: unknown or ambiguous names (without ``allow_unknown``).
        NotInUniverseError: names of entities ``to`` does not cover (likewise).

    Example:
        >>> table = convert_table(pl.Series(["DE", "Korea", "INTERPOL"]), "m49",
        ...                       allow_unknown=True)
        >>> table["m49"].to_list(), table["unresolved"].to_list()
        (['276', None, None], [None, 'ambiguous', 'not_in_universe'])
    """
    if to not in TARGETS:
        raise BadArgumentError("target", to, "unknown", TARGETS)
    values = targets(lang).select("entity_id", to)
    frame = pl.DataFrame({"input": names.cast(pl.String)})
    out = (normalise_names(frame, "input", allow_unknown=True, explain=True, index=index)
           .join(values, on="entity_id", how="left", maintain_order="left")
           .select("input", "entity_id", to, unresolved=pl.coalesce(
               "unresolved",
               pl.when(pl.col("entity_id").is_not_null() & pl.col(to).is_null())
               .then(pl.lit("not_in_universe")))))
    if not allow_unknown:
        unknown = out.filter(pl.col("unresolved").is_in(["unknown", "ambiguous"]))
        normalise_names(unknown.select("input"), "input", index=index)  # raises, listing them
        outside = out.filter(pl.col("unresolved") == "not_in_universe").unique("input")
        if outside.height:
            raise NotInUniverseError(to, dict(outside.select("input", "entity_id").iter_rows()))
    return out


@overload
def convert(names: str, to: str = ..., lang: str = ..., *, allow_unknown: bool = ...,
            index: NameIndex | None = ...) -> str | None: ...
@overload
def convert(names: pl.Series, to: str = ..., lang: str = ..., *, allow_unknown: bool = ...,
            index: NameIndex | None = ...) -> pl.Series: ...
@overload
def convert(names: pl.Expr, to: str = ..., lang: str = ..., *, allow_unknown: bool = ...,
            index: NameIndex | None = ...) -> pl.Expr: ...
@overload
def convert(names: Sequence[str], to: str = ..., lang: str = ..., *,
            allow_unknown: bool = ..., index: NameIndex | None = ...) -> list[str | None]: ...
def convert(names: str | Sequence[str] | pl.Series | pl.Expr, to: str = "iso3",
            lang: str = "en", *, allow_unknown: bool = False,
            index: NameIndex | None = None) -> str | list[str | None] | pl.Series | pl.Expr | None:
    """Names or codes of States and organizations, converted to ``to``.

    Args:
        names: A string, a list of strings, a polars Series or a polars expression.
        to: ``iso3`` (default), ``iso2``, ``m49`` (three digits), ``name`` (the UN
            short name in ``lang``) or ``regional_group``.
        lang: The language of ``name``: ``ar, en, es, fr, ru, zh``.
        allow_unknown: Give null where there is no value (see ``convert_table`` for
            why) instead of raising.
        index: The name index (default: the shipped reference data).

    Returns:
        The same shape as ``names``: a string (or None), a list, a Series (same name)
        or an expression.

    Raises:
        UnknownNameError: an unknown or ambiguous name (without ``allow_unknown``).
        NotInUniverseError: a name whose entity has no ``to`` (likewise).
        BadArgumentError: ``to`` or ``lang`` not among the valid values.

    Example:
        >>> convert("Allemagne")
        'DEU'
        >>> convert(["DEU", "FR", "840"], to="name", lang="es")
        ['Alemania', 'Francia', 'Estados Unidos de América']
        >>> frame = pl.DataFrame({"country": ["Viet Nam", "Türkiye"]})
        >>> frame.select(convert(pl.col("country"), to="regional_group")).to_series().to_list()
        ['Asia-Pacific', 'WEOG']
    """
    if isinstance(names, pl.Expr):
        return names.map_batches(
            lambda batch: convert(batch, to, lang, allow_unknown=allow_unknown, index=index),
            return_dtype=pl.String)
    if isinstance(names, str):
        return convert([names], to, lang, allow_unknown=allow_unknown, index=index)[0]
    series = names if isinstance(names, pl.Series) else pl.Series("name", list(names),
                                                                  dtype=pl.String)
    table = convert_table(series, to, lang, allow_unknown=allow_unknown, index=index)
    converted = table[to].alias(series.name)
    return converted if isinstance(names, pl.Series) else converted.to_list()
