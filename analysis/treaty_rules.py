"""The treaties' own facts and the rules that follow from them, for writer and reader alike.

Owns each treaty's dates (adoption, signature period, entry into force by article 18 of
the Protocol and article 38 of the Convention), the totals of parties others published
(``published_totals``), and the two rules, as polars expressions, that turn a
participant's record into dates and statuses: the day the treaty enters into force for
a party (``entry_into_force``) and its status on a day (``status_expression``). It reads
no derived table, so the build step (``analysis.build.derive``, which writes the treaty
record with these rules) and ``treaty`` (which reads the record back with the same
rules) both stand on it, and the writer never imports the reader.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from analysis import paths
from analysis.errors import BadArgumentError
from analysis.reference import dt_date, read_sidecar
from analysis.vocabulary import CONVENTION, PROTOCOL


@dataclass(frozen=True)
class Treaty:
    """The facts of one treaty that its status rules need."""

    id: str
    name: str
    short_name: str
    mtdsg: str
    adopted: dt.date
    signature_opened: dt.date
    signature_closed: dt.date
    entry_into_force: dt.date
    """The treaty's own entry into force; for a later party it enters into force on the
    30th day after its deposit."""


TREATIES: dict[str, Treaty] = {
    PROTOCOL: Treaty(
        id=PROTOCOL, mtdsg="XVIII-12-c", short_name="Firearms Protocol",
        name="Protocol against the Illicit Manufacturing of and Trafficking in Firearms, "
             "Their Parts and Components and Ammunition",
        # GA res. 55/255; art. 17(1): open from the thirtieth day after adoption until
        # 12 December 2002; art. 18(1): ninetieth day after the fortieth instrument.
        adopted=dt.date(2001, 5, 31), signature_opened=dt.date(2001, 6, 30),
        signature_closed=dt.date(2002, 12, 12), entry_into_force=dt.date(2005, 7, 3)),
    CONVENTION: Treaty(
        id=CONVENTION, mtdsg="XVIII-12", short_name="Convention (UNTOC)",
        name="United Nations Convention against Transnational Organized Crime",
        # GA res. 55/25; art. 36(1): open at Palermo from 12 December 2000, then in New
        # York until 12 December 2002; art. 38(1): ninetieth day after the fortieth.
        adopted=dt.date(2000, 11, 15), signature_opened=dt.date(2000, 12, 12),
        signature_closed=dt.date(2002, 12, 12), entry_into_force=dt.date(2003, 9, 29)),
}
DEFAULT_TREATY = PROTOCOL


def treaty_of(treaty: str | Treaty) -> Treaty:
    """Return the ``Treaty`` for an id such as ``untoc`` (a ``Treaty`` is returned as is).

    Raises:
        BadArgumentError: an id the package does not know (a ``ValueError`` too).

    Example:
        >>> treaty_of("untoc").entry_into_force
        datetime.date(2003, 9, 29)
    """
    if isinstance(treaty, Treaty):
        return treaty
    if treaty not in TREATIES:
        raise BadArgumentError("treaty", treaty, "unknown", tuple(TREATIES))
    return TREATIES[treaty]


def data_as_of() -> dt.date:
    """The date the treaty record is true as of (from its provenance sidecar).

    The sidecar is the record's metadata, which the build step writes beside it; reading
    it here keeps every date check (``analysis.inputs``) below the record's reader.

    Example:
        >>> data_as_of()
        datetime.date(2024, 5, 4)
    """
    return dt_date(read_sidecar(paths.TREATY_PARTICIPATION)["as_of"])


def published_totals(treaty: str | Treaty | None = None,
                     path: Path = paths.TREATY_ANCHORS) -> pl.DataFrame:
    """Totals of parties (and signatories) published by others, with the day they hold.

    Month-only totals ("116 in October 2018") are placed on the month's last day, the
    latest day they can describe.

    Returns:
        ``treaty, as_of, date, parties, signatories, publisher, source, primary``.

    Example:
        >>> totals = published_totals("firearms-protocol")
        >>> totals.filter(pl.col("date") == dt.date(2008, 9, 26))["parties"].item()
        77
    """
    table = pl.read_csv(path, infer_schema=False)
    day = pl.when(pl.col("as_of").str.len_chars() == 7).then(
        pl.col("as_of").str.to_date("%Y-%m").dt.month_end()
    ).otherwise(pl.col("as_of").str.to_date("%Y-%m-%d"))
    table = table.select("treaty", "as_of", date=day,
                         parties=pl.col("parties").cast(pl.Int64),
                         signatories=pl.col("signatories").cast(pl.Int64),
                         publisher="publisher", source="source",
                         primary=pl.col("primary") == "yes")
    if treaty is not None:
        table = table.filter(pl.col("treaty") == treaty_of(treaty).id)
    return table.sort("treaty", "date")


def entry_into_force(consent_date: pl.Expr, treaty: str | Treaty = DEFAULT_TREATY) -> pl.Expr:
    """Entry into force for a party: 30 days after deposit, not before the treaty's own.

    Article 18(2) of the Protocol and article 38(2) of the Convention.

    Example:
        >>> pl.select(entry_into_force(pl.lit(dt.date(2019, 2, 28)))).item()
        datetime.date(2019, 3, 30)
        >>> pl.select(entry_into_force(pl.lit(dt.date(2003, 9, 9)))).item()
        datetime.date(2005, 7, 3)
        >>> pl.select(entry_into_force(pl.lit(dt.date(2003, 7, 1)), "untoc")).item()
        datetime.date(2003, 9, 29)
    """
    own = pl.lit(treaty_of(treaty).entry_into_force)
    return pl.when(consent_date.is_not_null()).then(
        pl.max_horizontal(consent_date + pl.duration(days=30), own))


def status_expression(day: pl.Expr) -> pl.Expr:
    """The status of a participant (one record row) on ``day``, as a polars expression.

    ``day`` may be a literal or a column, so the same rule serves one date or a grid
    of dates (see ``party_counts``). A consent without a date is a party from
    ``party_by`` on, not one up to ``party_after``, and ``unknown`` in between.

    Example:
        >>> from analysis.reference import load_treaty_participation
        >>> record = load_treaty_participation("firearms-protocol")
        >>> lux = record.filter(pl.col("entity_id") == "LUX")
        >>> [lux.select(status_expression(pl.lit(dt.date(y, 1, 1)))).item()
        ...  for y in (2019, 2021, 2023)]
        ['signatory', 'unknown', 'party']
    """
    is_party = (pl.col("consent_date") <= day) | (pl.col("party_by") <= day)
    open_case = pl.col("consent_date").is_null() & (pl.col("party_after") < day)
    return (pl.when(is_party.fill_null(False)).then(pl.lit("party"))
            .when(open_case.fill_null(False)).then(pl.lit("unknown"))
            .when((pl.col("signature_date") <= day).fill_null(False)).then(pl.lit("signatory"))
            .otherwise(pl.lit("none")))
