"""The arguments every public function takes the same way: dates, treaty ids, languages.

One parser per kind, so ``status_on``, ``status_panel``, ``convert``, ``gap_by_group``…
accept the same forms and refuse a bad value with the same error type
(``BadArgumentError``; ``BadDateError``, one of them, for a date), in one sentence that
lists the valid values.

A date is a ``datetime.date``, a ``datetime.datetime`` (its day), an ISO string
``YYYY-MM-DD`` or ``"latest"``: the date the treaty record is true as of
(``data_as_of()``). A date must lie between the treaty's adoption and that date: the
record says nothing about later days, so a later date is refused, not answered with
the latest status.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import polars as pl

from analysis.errors import BadArgumentError, BadDateError
from analysis.languages import LANGUAGES
from analysis.treaty_rules import TREATIES, Treaty, data_as_of
from analysis.vocabulary import TREATY_IDS

LATEST = "latest"
"""The date the treaty record is true as of, wherever a date is asked for."""

DateLike = dt.date | dt.datetime | str
"""One date: a ``date``, a ``datetime`` (its day), ``YYYY-MM-DD`` or ``"latest"``."""
DatesLike = DateLike | Iterable[DateLike] | pl.Series
"""One date or many: a list, tuple or polars Series of them."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_treaty(treaty: str | Treaty) -> str:
    """The treaty id of ``treaty`` (an id such as ``untoc``, or a ``Treaty``).

    Raises:
        BadArgumentError: an id the package does not know, listing the known ones.

    Example:
        >>> parse_treaty("untoc")
        'untoc'
        >>> parse_treaty("UNTOC")
        Traceback (most recent call last):
        analysis.errors.BadArgumentError: treaty 'UNTOC': unknown; valid: firearms-protocol, untoc
    """
    treaty_id = getattr(treaty, "id", treaty)
    if treaty_id not in TREATY_IDS:
        raise BadArgumentError("treaty", treaty_id, "unknown", TREATY_IDS)
    return treaty_id


def parse_language(lang: str | None, *, optional: bool = False) -> str | None:
    """A UN language code (``ar, en, es, fr, ru, zh``); None only when ``optional``.

    Raises:
        BadArgumentError: any other value, listing the six.

    Example:
        >>> parse_language("fr")
        'fr'
        >>> parse_language("de")
        Traceback (most recent call last):
        analysis.errors.BadArgumentError: language 'de': unknown; valid: ar, en, es, fr, ru, zh
    """
    if lang is None and optional:
        return None
    if lang not in LANGUAGES:
        raise BadArgumentError("language", lang, "unknown", LANGUAGES)
    return lang


def _latest() -> dt.date:
    return data_as_of()


def _adopted(treaty: str | Treaty | None) -> tuple[dt.date, str]:
    if treaty is None:  # any treaty the package knows: the earliest adoption
        spec = min(TREATIES.values(), key=lambda t: t.adopted)
    else:
        spec = TREATIES[parse_treaty(treaty)]
    return spec.adopted, spec.short_name


def _check_range(day: dt.date, treaty: str | Treaty | None) -> dt.date:
    adopted, short_name = _adopted(treaty)
    if day < adopted:
        raise BadDateError(day.isoformat(), f"before {adopted.isoformat()}, the day the "
                           f"{short_name} was adopted")
    latest = _latest()
    if day > latest:
        raise BadDateError(day.isoformat(), f"after {latest.isoformat()}, the date the treaty "
                           f"record is true as of (ask for {LATEST!r} for that date)")
    return day


def parse_date(value: DateLike | None, treaty: str | Treaty | None = None) -> dt.date:
    """One date, checked against the treaty record's range (None: ``"latest"``).

    Args:
        value: A ``date``, ``datetime``, ``YYYY-MM-DD`` or ``"latest"``.
        treaty: The treaty whose adoption is the earliest date (None: the earliest of
            the treaties the package knows).

    Raises:
        BadDateError: malformed, before the treaty was adopted, or after the date the
            treaty record is true as of.

    Example:
        >>> parse_date("2020-07-16")
        datetime.date(2020, 7, 16)
        >>> parse_date("latest") == parse_date(None)
        True
        >>> parse_date("2099-01-01")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        analysis.errors.BadDateError: date '2099-01-01': after 2024-05-04, ...'latest'...)
    """
    if value is None or value == LATEST:
        return _latest()
    if isinstance(value, dt.datetime):
        value = value.date()
    elif isinstance(value, str):
        if not _ISO_DATE.fullmatch(value):
            raise BadDateError(value, f"not a date in the form YYYY-MM-DD, nor {LATEST!r}")
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise BadDateError(value, "no such day in the calendar") from None
    elif not isinstance(value, dt.date):
        raise BadDateError(repr(value), "not a date, a YYYY-MM-DD string or 'latest'")
    return _check_range(value, treaty)


def parse_dates(values: DatesLike, treaty: str | Treaty | None = None) -> pl.Series:
    """Many dates as a polars ``Date`` series named ``date``, each checked like ``parse_date``.

    Args:
        values: One date, or a list, tuple or polars Series of dates (``Date``,
            ``Datetime`` or ``YYYY-MM-DD``/``"latest"`` strings).
        treaty: As for ``parse_date``.

    Raises:
        BadDateError: the first bad value, as ``parse_date`` words it.

    Example:
        >>> parse_dates(["2020-07-16", "latest"]).to_list()
        [datetime.date(2020, 7, 16), datetime.date(2024, 5, 4)]
    """
    if isinstance(values, (str, dt.date)):
        values = [values]
    if not isinstance(values, pl.Series):
        values = list(values)
        if all(isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in values):
            series = pl.Series("date", values, dtype=pl.Date)
        else:
            series = pl.Series("date", [parse_date(v, treaty) for v in values], dtype=pl.Date)
    elif values.dtype == pl.Date:
        series = values.alias("date")
    elif isinstance(values.dtype, pl.Datetime):
        series = values.dt.date().alias("date")
    elif values.dtype == pl.String:
        text = values.replace(LATEST, _latest().isoformat())
        series = text.str.to_date("%Y-%m-%d", strict=False).alias("date")
        bad = text.filter(series.is_null() & text.is_not_null())
        if bad.len():
            parse_date(bad[0], treaty)  # raises, worded as for one date
    else:
        raise BadDateError(f"a {values.dtype} series", "not dates (Date, Datetime or "
                           "YYYY-MM-DD strings)")
    if series.null_count():
        raise BadDateError("null", f"a missing date at position {series.is_null().arg_max()}")
    if series.is_empty():  # no dates: an empty table, as a filter that matched nothing
        return series
    _check_range(series.min(), treaty)
    _check_range(series.max(), treaty)
    return series


class TableMismatchError(BadArgumentError):
    """A table where another belongs: another treaty's status, or a status of another date."""

    def __init__(self, what: str, problem: str) -> None:
        super().__init__("table", what, problem)


def status_stamp(table: pl.DataFrame, what: str,
                 treaty: str | None = None) -> tuple[str, dt.date] | None:
    """The ``(treaty, as_of)`` a status table holds for, checked against ``treaty``.

    Status tables (``status_on``) lead with ``as_of`` and ``treaty`` columns; a table
    without them (built by hand) is taken on trust and gives None.

    Args:
        table: The table passed to a public function.
        what: The argument's name, for the message (``"protocol"``).
        treaty: The treaty the table must be of (None: any).

    Raises:
        TableMismatchError: a table of another treaty, or of several treaties or dates
            (a panel where one date's table belongs).

    Example:
        >>> from analysis.treaty import status_on
        >>> status_stamp(status_on("2020-07-16"), "protocol", "firearms-protocol")
        ('firearms-protocol', datetime.date(2020, 7, 16))
        >>> status_stamp(status_on("2020-07-16", treaty="untoc"), "protocol",
        ...              "firearms-protocol")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        analysis.inputs.TableMismatchError: table 'protocol': a status of untoc, where ...
    """
    if not {"treaty", "as_of"} <= set(table.columns) or table.is_empty():
        return None
    stamps = table.select("treaty", "as_of").unique()
    if stamps.height > 1:
        raise TableMismatchError(what, f"holds {stamps['treaty'].n_unique()} treaties and "
                                 f"{stamps['as_of'].n_unique()} dates; pass one date's status "
                                 "of one treaty (status_on)")
    held, as_of = stamps.row(0)
    if treaty is not None and held != treaty:
        raise TableMismatchError(what, f"a status of {held}, where the {treaty} status belongs "
                                 f"(status_on(day, treaty={treaty!r}))")
    return held, as_of


def same_date(**tables: pl.DataFrame) -> dt.date | None:
    """The one date the status tables hold for; refuses tables of different dates.

    Raises:
        TableMismatchError: two tables of different dates, naming both.

    Example:
        >>> from analysis.treaty import status_on
        >>> same_date(protocol=status_on("2020-07-16"),
        ...           convention=status_on("2024-05-04", treaty="untoc"))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        analysis.inputs.TableMismatchError: table 'convention': of 2024-05-04, but protocol is ...
    """
    seen: dict[str, dt.date] = {}
    for what, table in tables.items():
        stamp = status_stamp(table, what)
        if stamp is None:
            continue
        for other, day in seen.items():
            if day != stamp[1]:
                raise TableMismatchError(what, f"of {stamp[1].isoformat()}, but {other} is of "
                                         f"{day.isoformat()}; pass statuses of one date")
        seen[what] = stamp[1]
    return next(iter(seen.values()), None)
