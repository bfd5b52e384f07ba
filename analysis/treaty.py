"""Treaty status on any date, for the Firearms Protocol and its parent Convention (UNTOC).

Owns treaty status on a date, computed from the treaty record with the rules of
``treaty_rules`` (each treaty's dates, and the one expression that turns a
participant's record into a status on a date): ``party`` (consent deposited),
``signatory`` (signed, no consent yet), ``none``, or ``unknown`` only between the
bounds of a consent whose date nobody could verify (``party_after`` < day <
``party_by``). Consent and entry into force are two dates: a party (bound, in the
glossary's word) has deposited its consent; ``entry_into_force`` is the day the treaty
enters into force for it (the 30th day after its deposit, never before the treaty's
own entry into force), and ``in_force`` says whether that day has come. A State
counts as a UN Member only from its admission (``membership``). Nothing here stores a
status; everything is computed for the date asked.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from analysis.inputs import DateLike, DatesLike, parse_date, parse_dates
from analysis.reference import (
    entity_names,
    load_member_states,
    load_treaty_participation,
    membership_on,
)
from analysis.schemas import TABLES

# The treaties' facts and rules live a layer down, where the build step that writes the
# treaty record reads them too; they are part of this module's public face.
from analysis.treaty_rules import DEFAULT_TREATY, TREATIES, Treaty, treaty_of
from analysis.treaty_rules import data_as_of as data_as_of
from analysis.treaty_rules import entry_into_force as entry_into_force
from analysis.treaty_rules import published_totals as published_totals
from analysis.treaty_rules import status_expression as status_expression
from analysis.vocabulary import STATUS_BASES as STATUS_BASES

SIGNATURE_CLOSED = TREATIES[DEFAULT_TREATY].signature_closed
"""The Protocol's close of signature: the latest a signature date can be."""

STAMP_COLUMNS = ["as_of", "treaty"]
"""What every status table leads with: the date it holds for and the treaty."""
STATUS_COLUMNS = [c for c in TABLES["status_on"].column_names() if c not in STAMP_COLUMNS]
"""The rest of a status table's columns, in order (declared in ``schemas.TABLES``)."""




def status_basis() -> pl.Expr:
    """What a record row's status rests on (``STATUS_BASES``), from its evidence columns.

    The row's consent evidence decides for every day, since the same evidence places
    the day a State became a party; a row with no consent rests on the depositary.

    Example:
        >>> record = load_treaty_participation("untoc")
        >>> dict(record.filter(pl.col("entity_id").is_in(["ITA", "JPN", "TUV"]))
        ...      .select("entity_id", status_basis()).iter_rows())
        {'ITA': 'depositary', 'JPN': 'secondary', 'TUV': 'inferred'}
    """
    return (pl.when(pl.col("inference").is_not_null()).then(pl.lit("inferred"))
            .when(pl.col("consent_confidence").is_in(["high", "derived"])).then(pl.lit("gazette"))
            .when(pl.col("consent_confidence").is_in(["medium", "bound"]))
            .then(pl.lit("secondary"))
            .otherwise(pl.lit("depositary")).alias("status_basis"))


def check_as_of(as_of: DateLike | None, treaty: str | Treaty = DEFAULT_TREATY) -> dt.date:
    """Return ``as_of`` as a date within the data's range (default: the data's as-of date).

    ``as_of`` is a ``date``, a ``datetime``, ``YYYY-MM-DD`` or ``"latest"`` (see
    ``analysis.inputs.parse_date``).

    Raises:
        BadDateError: malformed, before the treaty was adopted, or after the data's
            as-of date.

    Example:
        >>> check_as_of("2020-07-16")
        datetime.date(2020, 7, 16)
    """
    return parse_date(as_of, treaty_of(treaty).id)


def published_party_counts(treaty: str | Treaty = DEFAULT_TREATY, *,
                           primary: bool = True) -> pl.DataFrame:
    """``date, parties, publisher``: the published totals of one treaty, for charts.

    Args:
        treaty: The treaty.
        primary: Only totals a primary source published (UN Treaty Collection, UNODC,
            UN Information Service), not copies of Wikipedia articles (``primary=False`` keeps
            them all).

    Example:
        >>> published_party_counts().head(1)["parties"].item()
        42
        >>> published_party_counts()["publisher"].unique().sort().to_list()
        ['UNIS/CP/517', 'UNODC', 'UNTC']
    """
    totals = published_totals(treaty)
    if primary:
        totals = totals.filter(pl.col("primary"))
    return totals.select("date", "parties", "publisher")


def in_force_expression(day: pl.Expr, treaty: str | Treaty = DEFAULT_TREATY) -> pl.Expr:
    """Whether the treaty is in force for a participant (one record row) on ``day``.

    True from ``entry_into_force``; for a party whose deposit date is known only by
    its bounds, true once the treaty is certainly in force (30 days after
    ``party_by``, and not before the treaty's own entry into force), null (unknown)
    before that; false for a signatory or a State that never consented; null while
    the consent itself is open (``unknown``).

    Example:
        >>> record = load_treaty_participation("firearms-protocol")
        >>> chn = record.filter(pl.col("entity_id") == "CHN")  # deposited 2023-12-19
        >>> [chn.select(in_force_expression(pl.lit(dt.date(2024, 1, d)))).item() for d in (1, 31)]
        [False, True]
    """
    status = status_expression(day)
    certain = pl.max_horizontal(pl.col("party_by") + pl.duration(days=30),
                                pl.lit(treaty_of(treaty).entry_into_force))
    return (pl.when(pl.col("entry_into_force").is_not_null() & (pl.col("consent_date") <= day))
            .then(pl.col("entry_into_force") <= day)
            .when(status == "party").then(pl.when(certain <= day).then(pl.lit(True)))
            .when(status == "unknown").then(pl.lit(None, pl.Boolean))
            .otherwise(pl.lit(False)))


def party_counts(dates: DatesLike, treaty: str | Treaty = DEFAULT_TREATY,
                 record: pl.DataFrame | None = None) -> pl.DataFrame:
    """Parties and signatories on each of ``dates``, and the cases still open.

    Args:
        dates: Dates (a list or Series; see ``analysis.inputs.parse_dates``).
        treaty: ``firearms-protocol`` (default) or ``untoc``.
        record: The treaty's record (default: the shipped table).

    Returns:
        ``date, parties, signatories, undecided`` sorted by date: ``parties`` had
        certainly deposited their consent by that date (the treaty enters into force
        for each 30 days later); ``undecided`` participants may or may not have, so the
        true count lies between ``parties`` and ``parties + undecided``.

    Example:
        >>> party_counts(pl.Series([dt.date(2024, 5, 4)]))["parties"].item()
        123
    """
    spec = treaty_of(treaty)
    record = load_treaty_participation(spec.id) if record is None else record
    status = status_expression(pl.col("date"))
    return (parse_dates(dates, spec.id).to_frame().unique()
            .join(record, how="cross")
            .group_by("date")
            .agg(parties=(status == "party").sum(),
                 signatories=(status == "signatory").sum(),
                 undecided=(status == "unknown").sum())
            .sort("date"))


def party_counts_over_time(start: DateLike | None = None, end: DateLike | None = None,
                           treaty: str | Treaty = DEFAULT_TREATY,
                           record: pl.DataFrame | None = None) -> pl.DataFrame:
    """``party_counts`` on every day a count changes, from ``start`` to ``end``.

    The days are the treaty's adoption, every deposit and bound in the record, and
    ``end``, so a step line drawn through them is exact.

    Example:
        >>> party_counts_over_time().tail(1)["parties"].item()
        123
    """
    spec = treaty_of(treaty)
    record = load_treaty_participation(spec.id) if record is None else record
    start = spec.adopted if start is None else parse_date(start, spec.id)
    end = parse_date(end, spec.id)
    days = pl.concat([
        pl.Series([start, end]),
        record["consent_date"], record["party_by"], record["party_after"],
        record["party_after"].dt.offset_by("1d"),
    ]).drop_nulls()
    return party_counts(days.filter((days >= start) & (days <= end)), spec, record)


def dated_columns(day: pl.Expr, treaty: str | Treaty = DEFAULT_TREATY) -> dict[str, pl.Expr]:
    """The columns of a status table that depend on the date, for a record row on ``day``.

    ``day`` is a literal (``participant_status``) or a column (``status_panel``), so one
    date and a panel of dates are computed by the same expressions.
    """
    status = status_expression(day)
    known = pl.col("consent_date") <= day
    # The bounds say why an answer is open, or why a party has no deposit date.
    bounded = (status == "unknown") | ((status == "party") & pl.col("consent_date").is_null())
    return {
        "status": status,
        "signature_date": pl.when(pl.col("signature_date") <= day).then("signature_date"),
        "consent_date": pl.when(known).then("consent_date"),
        "consent_type": pl.when(known).then("consent_type"),
        "entry_into_force": pl.when(known).then("entry_into_force"),
        "in_force": in_force_expression(day, treaty),
        "party_after": pl.when(bounded).then("party_after"),
        "party_by": pl.when(bounded).then("party_by"),
    }


def participant_status(as_of: DateLike, record: pl.DataFrame | None = None,
                       treaty: str | Treaty = DEFAULT_TREATY) -> pl.DataFrame:
    """Status of every treaty participant on ``as_of``, with the events known by then.

    Args:
        as_of: The date.
        record: The treaty's record (default: the shipped table).
        treaty: ``firearms-protocol`` (default) or ``untoc``.

    Returns:
        ``entity_id, participant, status, signature_date, consent_date, consent_type,
        entry_into_force, in_force, party_after, party_by, status_basis``; events after
        ``as_of`` are blanked, and the bounds are shown where they leave the answer open
        or stand in for the deposit date of a party. ``entry_into_force`` is the day the treaty
        enters into force for a party whose deposit is known by ``as_of`` (it may be
        after ``as_of``: a deposit less than 30 days before, or before the treaty's own
        entry into force); ``in_force`` says whether it is in force for the participant
        on ``as_of`` (``in_force_expression``).

    Example:
        >>> table = participant_status(dt.date(2020, 7, 16))
        >>> table.filter(pl.col("entity_id") == "DEU")["status"].item()
        'signatory'
    """
    spec = treaty_of(treaty)
    record = load_treaty_participation(spec.id) if record is None else record
    return record.select("entity_id", "participant",
                         **dated_columns(pl.lit(check_as_of(as_of, spec)), spec),
                         status_basis=status_basis())


def status_on(as_of: DateLike | None = None, record: pl.DataFrame | None = None,
              states: pl.DataFrame | None = None,
              treaty: str | Treaty = DEFAULT_TREATY) -> pl.DataFrame:
    """Treaty status on a date for every UN Member and observer State and every participant.

    Args:
        as_of: The date (default: the data's as-of date).
        record: The treaty's record (default: the shipped table).
        states: UN Member States (default: the shipped table).
        treaty: ``firearms-protocol`` (default) or ``untoc``.

    Returns:
        ``as_of, treaty``, then ``STATUS_COLUMNS``: ``entity_id, iso3, name,
        regional_group, status`` (``party``
        means consent deposited), ``signature_date, consent_date, consent_type,
        entry_into_force`` (the day the treaty enters into force for the State: the
        30th day after its deposit, never before the treaty's own entry into force),
        ``in_force`` (whether it is in force for the State on ``as_of``; null while
        that is open), ``membership`` on ``as_of`` (``member`` of the UN from its
        admission, ``observer`` for a non-member observer State, ``not_member`` for a
        State not yet admitted, or the State of Palestine before 29 November 2012;
        null for others such as the European Union) and the bounds ``party_after,
        party_by`` where the status is ``unknown``, and ``status_basis``
        (``STATUS_BASES``), sorted by ``entity_id``. States that never took part have
        status ``none``, on the depositary's record. Only rows with ``membership ==
        "member"`` are UN Member States on that day: 191 on 2005-01-01, 193 since
        South Sudan's admission on 2011-07-14.
        ``as_of`` and ``treaty`` (the ``STAMP_COLUMNS``) say which
        treaty and date it holds for, so functions combining two tables can refuse a
        mismatch.

    Raises:
        BadDateError: a date before the treaty was adopted or after the data's as-of date.

    Example:
        >>> table = status_on("2024-05-04")
        >>> table.filter(pl.col("status") == "party").height
        123
        >>> status_on("2014-01-27", treaty="untoc").filter(
        ...     pl.col("entity_id") == "JPN")["status"].item()
        'signatory'
        >>> status_on("2005-01-01").filter(pl.col("membership") == "member").height
        191
    """
    spec = treaty_of(treaty)
    day = check_as_of(as_of, spec)
    states = load_member_states() if states is None else states
    status = participant_status(day, record, spec)
    others = (status.join(states, left_on="entity_id", right_on="iso3", how="anti")
              .join(entity_names(), on="entity_id", how="left")
              .select("entity_id", name=pl.coalesce("name", "participant"),
                      regional_group=pl.lit(None, pl.String),
                      membership=pl.lit(None, pl.String)))
    universe = pl.concat([
        states.select(entity_id="iso3", name="name_en", regional_group="regional_group",
                      membership=membership_on(day)),
        others,
    ])
    return (universe.join(status.drop("participant"), on="entity_id", how="left")
            .with_columns(status=pl.col("status").fill_null("none"),
                          status_basis=pl.col("status_basis").fill_null("depositary"),
                          iso3=pl.when(pl.col("entity_id") != "EUU").then("entity_id"))
            .with_columns(in_force=pl.when(pl.col("status") == "none").then(pl.lit(False))
                          .otherwise("in_force"))
            .select(pl.lit(day).alias("as_of"), pl.lit(spec.id).alias("treaty"), *STATUS_COLUMNS)
            .sort("entity_id"))
