"""Firearms Protocol status on any date, derived from the stored participation events.

Owns the treaty's dates and rules (adoption, close of signature, entry into force by
article 18) and the one function that turns events into a status on a date:
``party`` (consent deposited), ``signatory`` (signed, no consent yet), ``none``, or
``unknown`` when the events whose dates could not be verified leave the answer open.
Nothing here stores a status; everything is computed for the date asked.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl

from analysis import paths
from analysis.errors import BadDateError
from analysis.reference import (
    dt_date,
    entity_names,
    load_member_states,
    load_treaty_participation,
    read_sidecar,
)

ADOPTED = dt.date(2001, 5, 31)
"""General Assembly resolution 55/255."""
SIGNATURE_OPENED = ADOPTED + dt.timedelta(days=30)
"""Article 17(1): open for signature from the thirtieth day after adoption."""
SIGNATURE_CLOSED = dt.date(2002, 12, 12)
"""Article 17(1): open for signature until 12 December 2002."""
ENTRY_INTO_FORCE = dt.date(2005, 7, 3)
"""Article 18(1): the ninetieth day after the fortieth instrument."""
EARLIEST_QUERY = dt.date(2001, 1, 1)

_IMPLIES_SIGNATURE = ("ratification", "acceptance", "approval")

STATUS_COLUMNS = ["entity_id", "iso3", "name", "regional_group", "status", "signature_date",
                  "consent_date", "consent_type", "entry_into_force", "membership"]


def data_as_of() -> dt.date:
    """The date the treaty data is true as of (from its provenance sidecar).

    Example:
        >>> data_as_of()
        datetime.date(2024, 5, 4)
    """
    return dt_date(read_sidecar(paths.TREATY_PARTICIPATION)["as_of"])


def check_as_of(as_of: dt.date | str | None) -> dt.date:
    """Return ``as_of`` as a date within the data's range (default: the data's as-of date).

    Raises:
        BadDateError: malformed, before 2001, or after the data's as-of date.

    Example:
        >>> check_as_of("2020-07-16")
        datetime.date(2020, 7, 16)
    """
    latest = data_as_of()
    if as_of is None:
        return latest
    if isinstance(as_of, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of):
            raise BadDateError(as_of, "not a date in the form YYYY-MM-DD")
        try:
            as_of = dt.date.fromisoformat(as_of)
        except ValueError:
            raise BadDateError(as_of, "no such day in the calendar") from None
    if as_of < EARLIEST_QUERY:
        raise BadDateError(as_of.isoformat(), "before 2001; the Protocol was adopted on "
                           f"{ADOPTED.isoformat()}")
    if as_of > latest:
        raise BadDateError(as_of.isoformat(), f"after {latest.isoformat()}, the date the treaty "
                           "data is true as of")
    return as_of


def published_party_counts(path: Path = paths.TREATY_ANCHORS) -> pl.DataFrame:
    """Party counts published for an exact date (``date, parties``), for charts.

    Counts published for a month only are left out: they cannot be placed on a day.

    Example:
        >>> counts = published_party_counts()
        >>> counts.filter(pl.col("date") == dt.date(2008, 9, 26))["parties"].item()
        77
    """
    anchors = pl.read_csv(path, infer_schema=False)
    return (anchors.filter(pl.col("as_of").str.len_chars() == 10)
            .select(date=pl.col("as_of").str.to_date(), parties=pl.col("parties").cast(pl.Int64)))


def entry_into_force(consent_date: pl.Expr) -> pl.Expr:
    """Entry into force for a party by article 18: 30 days after deposit, not before 3 July 2005.

    Example:
        >>> pl.select(entry_into_force(pl.lit(dt.date(2019, 2, 28)))).item()
        datetime.date(2019, 3, 30)
        >>> pl.select(entry_into_force(pl.lit(dt.date(2003, 9, 9)))).item()
        datetime.date(2005, 7, 3)
    """
    return pl.max_horizontal(consent_date + pl.duration(days=30), pl.lit(ENTRY_INTO_FORCE))


def status_expression(day: pl.Expr) -> pl.Expr:
    """The status of a participant (one events row) on ``day``, as a polars expression.

    ``day`` may be a literal or a column, so the same rule serves one date or a grid
    of dates (see ``party_counts_over_time``).

    Example:
        >>> events = load_treaty_participation().filter(pl.col("entity_id") == "FRA")
        >>> events.select(status_expression(pl.lit(dt.date(2019, 3, 1)))).item()
        'party'
    """
    consent_known = pl.col("consent_date").is_not_null()
    is_party = (pl.col("consent_date") <= day) | (pl.col("party_by") <= day)
    # Before the Protocol was open for signature nobody could have signed or joined it.
    party_open = ~consent_known & pl.col("party_by").is_not_null() & (day >= SIGNATURE_OPENED)
    signed = ((pl.col("signature_date") <= day) | (pl.col("signed_by") <= day)
              | (pl.col("consent_type").is_in(_IMPLIES_SIGNATURE) & (day >= SIGNATURE_CLOSED)))
    signature_open = (pl.col("signature_date").is_null()
                      & ~pl.col("consent_type").is_in(["accession", "succession"]).fill_null(False)
                      & (day >= SIGNATURE_OPENED))
    return (pl.when(is_party.fill_null(False)).then(pl.lit("party"))
            .when(party_open).then(pl.lit("unknown"))
            .when(signed.fill_null(False)).then(pl.lit("signatory"))
            .when(signature_open).then(pl.lit("unknown"))
            .otherwise(pl.lit("none")))


def party_counts(dates: pl.Series, events: pl.DataFrame | None = None) -> pl.DataFrame:
    """Parties on each of ``dates``: those certainly bound and those still undecided.

    Args:
        dates: A series of dates.
        events: Participation events (default: the shipped table).

    Returns:
        ``date, parties, undecided`` sorted by date: ``parties`` were certainly bound
        on that date; ``undecided`` are parties at the data's as-of date whose deposit
        date is unknown, so the true count lies between ``parties`` and
        ``parties + undecided``.

    Example:
        >>> party_counts(pl.Series([dt.date(2024, 5, 4)]))["parties"].item()
        123
    """
    events = load_treaty_participation() if events is None else events
    day = pl.col("date")
    undecided = (pl.col("consent_date").is_null() & pl.col("party_by").is_not_null()
                 & (pl.col("party_by") > day))
    return (pl.DataFrame({"date": dates.cast(pl.Date)}).unique()
            .join(events, how="cross")
            .group_by("date")
            .agg(parties=(status_expression(day) == "party").sum(),
                 undecided=undecided.sum())
            .sort("date"))


def party_counts_over_time(start: dt.date = ADOPTED, end: dt.date | None = None,
                           events: pl.DataFrame | None = None) -> pl.DataFrame:
    """``party_counts`` on the first day of every month from ``start``, and on ``end``.

    Example:
        >>> party_counts_over_time().tail(1)["parties"].item()
        123
    """
    end = end or data_as_of()
    months = pl.date_range(start.replace(day=1), end, interval="1mo", eager=True)
    return party_counts(pl.concat([months.filter(months >= start), pl.Series([end])]), events)


def participant_status(as_of: dt.date, events: pl.DataFrame | None = None) -> pl.DataFrame:
    """Status of every treaty participant on ``as_of``, with the events known by then.

    Args:
        as_of: The date (checked with ``check_as_of``).
        events: Participation events (default: the shipped table).

    Returns:
        ``entity_id, status, signature_date, consent_date, consent_type,
        entry_into_force``; events after ``as_of`` are blanked.

    Example:
        >>> table = participant_status(dt.date(2020, 7, 16))
        >>> table.filter(pl.col("entity_id") == "DEU")["status"].item()
        'signatory'
    """
    events = load_treaty_participation() if events is None else events
    day = pl.lit(as_of)
    status = status_expression(day)
    return events.select(
        "entity_id",
        status=status,
        signature_date=pl.when(pl.col("signature_date") <= day).then("signature_date"),
        consent_date=pl.when(pl.col("consent_date") <= day).then("consent_date"),
        consent_type=pl.when(pl.col("consent_date") <= day).then("consent_type"),
        entry_into_force=pl.when(pl.col("consent_date") <= day)
        .then(entry_into_force(pl.col("consent_date"))),
    )


def status_on(as_of: dt.date | str | None = None, events: pl.DataFrame | None = None,
              states: pl.DataFrame | None = None) -> pl.DataFrame:
    """Treaty status on a date for every UN member and observer State and every participant.

    Args:
        as_of: The date (default: the data's as-of date).
        events: Participation events (default: the shipped table).
        states: UN member states (default: the shipped table).

    Returns:
        ``entity_id, iso3, name, regional_group, status, signature_date,
        consent_date, consent_type, entry_into_force, membership`` (``member`` or
        ``observer`` of the UN; null for the European Union), sorted by ``entity_id``.
        States that never took part have status ``none``.

    Raises:
        BadDateError: a date before 2001 or after the data's as-of date.

    Example:
        >>> table = status_on("2024-05-04")
        >>> table.filter(pl.col("status") == "party").height
        123
    """
    day = check_as_of(as_of)
    states = load_member_states() if states is None else states
    status = participant_status(day, events)
    universe = pl.concat([
        states.select(entity_id="iso3", name="name_en", regional_group="regional_group",
                      membership="membership"),
        status.join(states, left_on="entity_id", right_on="iso3", how="anti")
        .join(entity_names(), on="entity_id", how="left")
        .select("entity_id", "name", regional_group=pl.lit(None, pl.String),
                membership=pl.lit(None, pl.String)),
    ])
    return (universe.join(status, on="entity_id", how="left")
            .with_columns(status=pl.col("status").fill_null("none"),
                          iso3=pl.when(pl.col("entity_id") != "EUU").then("entity_id"))
            .select(STATUS_COLUMNS).sort("entity_id"))
