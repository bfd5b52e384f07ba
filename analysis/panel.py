"""Treaty status on many dates in one call: a long panel for studies that need a series.

``status_panel`` is ``status_on`` for every date at once. The date-free columns (name,
regional group) come from ``status_on`` itself; the dated ones are the record's own
expressions (``treaty.dated_columns``, ``reference.membership_on``) evaluated on a date
column after one cross join, so a daily panel over twenty years costs one vectorised
pass, not a loop over dates, and a row of the panel is the row ``status_on`` gives on its date.
"""

from __future__ import annotations

import polars as pl

from analysis.inputs import DatesLike, parse_dates
from analysis.reference import load_member_states, load_treaty_participation, membership_on
from analysis.treaty import (
    DEFAULT_TREATY,
    STAMP_COLUMNS,
    STATUS_COLUMNS,
    Treaty,
    dated_columns,
    status_on,
    treaty_of,
)

_DATED = list(dated_columns(pl.lit(None, pl.Date)))


def status_panel(dates: DatesLike, treaty: str | Treaty = DEFAULT_TREATY, *,
                 record: pl.DataFrame | None = None,
                 states: pl.DataFrame | None = None) -> pl.DataFrame:
    """``status_on`` on each of ``dates``, stacked into one long table.

    Args:
        dates: One date or many: ``date``, ``datetime``, ``YYYY-MM-DD`` strings or
            ``"latest"``, as a list, tuple or polars Series (a ``pl.date_range``
            gives a daily panel). Repeated dates are kept once.
        treaty: ``firearms-protocol`` (default) or ``untoc``.
        record: The treaty's record (default: the shipped table).
        states: UN Member States (default: the shipped table).

    Returns:
        ``date`` followed by ``status_on``'s columns (``as_of``, equal to ``date``,
        and ``treaty``, then ``STATUS_COLUMNS``), sorted by date then
        ``entity_id``: ``panel.filter(pl.col("date") == d).drop("date")`` equals
        ``status_on(d)``.

    Raises:
        BadDateError: a date the treaty record does not cover (before the treaty's
            adoption, after its as-of date) or that cannot be read.

    Example:
        >>> import datetime as dt
        >>> days = pl.date_range(dt.date(2020, 1, 1), dt.date(2023, 12, 31), "1y", eager=True)
        >>> panel = status_panel(days)
        >>> panel.group_by("date").agg(parties=(pl.col("status") == "party").sum()).sort(
        ...     "date")["parties"].to_list()
        [117, 119, 121, 122]
    """
    spec = treaty_of(treaty)
    days = parse_dates(dates, spec.id).unique().sort()
    record = load_treaty_participation(spec.id) if record is None else record
    states = load_member_states() if states is None else states
    fixed = status_on("latest", record, states, spec).drop(*_DATED, *STAMP_COLUMNS, "membership")
    # UN membership is dated too (admission, observer status), for States only.
    dates_of_states = states.select("admission_date", "observer_since", entity_id="iso3",
                                    is_state=pl.lit(True))
    rows = (fixed.join(record.select("entity_id", *(c for c in _DATED if c in record.columns)),
                       on="entity_id", how="left", maintain_order="left")
            .join(dates_of_states, on="entity_id", how="left", maintain_order="left"))
    day = pl.col("date")
    return (days.to_frame().lazy()
            .join(rows.lazy(), how="cross", maintain_order="left_right")
            .with_columns(**dated_columns(day, spec), treaty=pl.lit(spec.id), as_of=day,
                          membership=pl.when(pl.col("is_state")).then(membership_on(day)))
            .select("date", *STAMP_COLUMNS, *STATUS_COLUMNS)
            .collect())
