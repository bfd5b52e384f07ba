"""Participation analyses: who attended, by UN regional group, against treaty status.

Owns the tables behind the figures and notebooks: regional participation, the
ratification gap by group decomposed for discussion point 1 (each State's adherence to
the Protocol and its parent Convention, per date, and on the meeting date against the
latest date), the non-parties and whether they attended, the engagement matrix (attended ×
Protocol party, i.e. consent deposited) and the States it names (attended, not a party),
states that joined after the meeting, the accession timeline and pending signatories.
Member States are those admitted to the UN by the day of the status table. Polars frames
in, polars frames out; the United States counts with WEOG and the European Union is
reported apart.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Mapping, Sequence

import polars as pl

from analysis.inputs import DateLike, TableMismatchError, parse_date, same_date, status_stamp
from analysis.reference import load_member_states
from analysis.schemas import order
from analysis.treaty import SIGNATURE_CLOSED, party_counts, party_counts_over_time, status_on
from analysis.vocabulary import (
    ADHERENCE,
    BOUND,
    CONVENTION,
    PROTOCOL,
    REGIONAL_GROUPS,
    STATE_CATEGORIES,
    not_bound,
)

STANDING_KINDS = pl.DataFrame({
    "attended_as": ["party", "signatory", "non_party", "non_party", "non_party", "absent"],
    "standing": ["protocol_party", "protocol_signatory", "convention_only",
                 "convention_unknown", "neither", "absent"]})
"""The (report category, ``STANDING``) pairs every participation table lists, zeros
included: those of a report that agrees with the treaty data. A State whose standing
disagrees with its category (``audit_attendance``) adds its pair; it is never dropped."""


def _checked_pair(protocol: pl.DataFrame, convention: pl.DataFrame) -> None:
    """Refuse a Convention status where the Protocol's belongs (or back), or two dates."""
    status_stamp(protocol, "protocol", PROTOCOL)
    status_stamp(convention, "convention", CONVENTION)
    same_date(protocol=protocol, convention=convention)


def _members(states: pl.DataFrame | None) -> pl.DataFrame:
    states = load_member_states() if states is None else states
    return states.filter(pl.col("membership") == "member").select("iso3", "regional_group")


def adherence_of(protocol_status: pl.Expr, convention_status: pl.Expr) -> pl.Expr:
    """A State's ``ADHERENCE`` category from its status under the two instruments.

    ``unknown`` is kept for an open Protocol consent; a State certainly not a party to
    the Protocol whose Convention consent is open is ``convention_unknown``, so an open
    Convention record never hides a certain Protocol status.

    Example:
        >>> frame = pl.DataFrame({"p": ["party", "none", "none", "signatory", "unknown"],
        ...                       "c": ["party", "party", "unknown", "unknown", "party"]})
        >>> frame.select(adherence_of(pl.col("p"), pl.col("c"))).to_series().to_list()
        ['protocol_party', 'convention_only', 'convention_unknown', 'protocol_signatory', 'unknown']
    """
    return (pl.when(protocol_status == "party").then(pl.lit("protocol_party"))
            .when(protocol_status == "unknown").then(pl.lit("unknown"))
            .when(protocol_status == "signatory").then(pl.lit("protocol_signatory"))
            .when(convention_status == "party").then(pl.lit("convention_only"))
            .when(convention_status == "unknown").then(pl.lit("convention_unknown"))
            .otherwise(pl.lit("neither")))


def standing_of(attended_as: pl.Expr, adherence: pl.Expr) -> pl.Expr:
    """How a Member State took part in a meeting (``STANDING``).

    Its ``adherence`` on the meeting date (``adherence_of``) if it attended in a State's
    category, ``absent`` if it did not; null for a category that is no State's (an
    organization). No rule of its own: the adherence rules decide.

    Example:
        >>> frame = pl.DataFrame({"a": ["party", "non_party", "absent", "igo"],
        ...                       "p": ["party", "none", "none", None],
        ...                       "c": ["party", "party", "none", None]})
        >>> frame.select(standing_of(pl.col("a"), adherence_of(pl.col("p"), pl.col("c")))
        ...              ).to_series().to_list()
        ['protocol_party', 'convention_only', 'absent', None]
    """
    return (pl.when(attended_as == "absent").then(pl.lit("absent"))
            .when(attended_as.is_in(list(STATE_CATEGORIES))).then(adherence)
            .otherwise(pl.lit(None, pl.String)))


def participation_counts(members: pl.DataFrame, keys: pl.DataFrame | None = None
                         ) -> pl.DataFrame:
    """Member States per regional group by (``attended_as``, ``standing``), zeros included.

    The one count behind ``regional_participation`` (one meeting) and
    ``series.participation_by_meeting`` (each meeting, ``keys`` its ``meeting`` and
    ``meeting_date``).

    Args:
        members: One row per Member State (and per meeting, with the ``keys`` columns):
            ``regional_group, attended_as, standing``.
        keys: The meetings to cover (one row each); none for a single meeting.

    Returns:
        The ``keys`` columns, then ``regional_group, attended_as, standing, states,
        members, share``: every group and ``STANDING_KINDS`` pair (and any other pair
        a State has, so that none is dropped) for every row of ``keys``.

    Example:
        >>> frame = pl.DataFrame({"regional_group": ["WEOG", "WEOG"],
        ...     "attended_as": ["party", "absent"], "standing": ["protocol_party", "absent"]})
        >>> table = participation_counts(frame)
        >>> table.height, table["states"].sum()
        (30, 2)
        >>> table.filter(pl.col("states") > 0)["share"].to_list()
        [0.5, 0.5]
    """
    by = [] if keys is None else keys.columns
    pair = ["regional_group", "attended_as", "standing"]
    counts = members.group_by(*by, *pair).agg(states=pl.len())
    kinds = pl.concat([STANDING_KINDS, counts.select("attended_as", "standing")]).unique(
        maintain_order=True)
    groups = pl.DataFrame({"regional_group": list(REGIONAL_GROUPS)})
    grid = (groups if keys is None else keys.join(groups, how="cross")).join(kinds, how="cross")
    within = [*by, "regional_group"]
    return (grid.join(counts, on=[*by, *pair], how="left", maintain_order="left")
            .with_columns(pl.col("states").fill_null(0).cast(pl.UInt32))
            .with_columns(members=pl.col("states").sum().over(within))
            .with_columns(share=pl.col("states") / pl.col("members")))


def adherence(protocol: pl.DataFrame, convention: pl.DataFrame) -> pl.DataFrame:
    """Each State's adherence to the two instruments on one date.

    Args:
        protocol: ``status_on(day)`` for the Firearms Protocol.
        convention: ``status_on(day, treaty="untoc")`` for the same day.

    Returns:
        The ``protocol`` table with ``convention_status`` and ``adherence`` added:
        ``protocol_party``, ``protocol_signatory``, ``convention_only`` (a Convention
        party that has neither signed nor joined the Protocol), ``convention_unknown``
        (not a Protocol party; its Convention consent is open), ``neither``, or
        ``unknown`` (its Protocol consent is open).

    Raises:
        TableMismatchError: a status of the wrong treaty in either place, or the two
            statuses of different dates.

    Example:
        >>> from analysis.treaty import status_on
        >>> table = adherence(status_on("2020-07-16"), status_on("2020-07-16", treaty="untoc"))
        >>> picked = table.filter(pl.col("entity_id").is_in(["ITA", "DEU", "USA"]))
        >>> dict(picked.select("entity_id", "adherence").iter_rows())
        {'DEU': 'protocol_signatory', 'ITA': 'protocol_party', 'USA': 'convention_only'}
    """
    _checked_pair(protocol, convention)
    convention_status = convention.select("entity_id", convention_status="status")
    category = adherence_of(pl.col("status"), pl.col("convention_status"))
    return (protocol.join(convention_status, on="entity_id", how="left")
            .with_columns(convention_status=pl.col("convention_status").fill_null("none"))
            .with_columns(adherence=category))


def gap_by_group(protocol: pl.DataFrame, convention: pl.DataFrame) -> pl.DataFrame:
    """Per regional group: Member States by adherence to the Protocol and the Convention.

    Args:
        protocol: ``status_on(day)`` for the Firearms Protocol.
        convention: ``status_on(day, treaty="untoc")`` for the same day. The States
            that were UN Members on that day count (``membership == "member"``: 191 on
            2005-01-01, 193 since 2011-07-14); the United States is counted with WEOG,
            as in UN electoral practice.

    Returns:
        ``as_of, treaty`` (the Protocol's status date and id: the gap is the Protocol's,
        split by the Convention), ``regional_group, members`` and one count per
        ``ADHERENCE`` category, then ``share_<category>`` (0..1 of that day's Member
        States, rounded to 4 places), one row per group in alphabetical order.

    Raises:
        TableMismatchError: the statuses swapped, of another treaty, or of two dates.

    Example:
        >>> from analysis.treaty import status_on
        >>> gaps = gap_by_group(status_on("2024-05-04"), status_on("2024-05-04", treaty="untoc"))
        >>> gaps["members"].sum(), gaps["protocol_party"].sum()
        (193, 122)
        >>> gap_by_group(status_on("2005-01-01"), status_on("2005-01-01", treaty="untoc"))[
        ...     "members"].sum()
        191
    """
    members = adherence(protocol, convention).filter(pl.col("membership") == "member")
    counts = (members.group_by("as_of", "treaty", "regional_group")
              .agg(members=pl.len(),
                   **{c: (pl.col("adherence") == c).sum() for c in ADHERENCE})
              .sort("regional_group"))
    return counts.with_columns(
        (pl.col(c) / pl.col("members")).round(4).alias(f"share_{c}") for c in ADHERENCE)


def gaps_by_date(statuses: Mapping[str, Mapping[dt.date, pl.DataFrame]],
                 days: Sequence[dt.date]) -> dict[dt.date, pl.DataFrame]:
    """``gap_by_group`` on each of ``days``, from statuses of both treaties.

    Args:
        statuses: ``{treaty id: {date: status_on(date, treaty=...)}}``, as a study holds
            them (``Study.statuses``).
        days: The dates (each must be in both treaties' statuses).

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> study = build_study(default_report())
        >>> gaps = gaps_by_date(study.statuses, [study.status_date, study.latest])
        >>> [int(g["protocol_party"].sum()) for g in gaps.values()]
        [117, 122]
    """
    return {day: gap_by_group(statuses[PROTOCOL][day], statuses[CONVENTION][day])
            for day in days}


def not_bound_states(status: pl.DataFrame, attendance: pl.DataFrame) -> pl.DataFrame:
    """States not bound by the Protocol on the status date, with whether they attended.

    Not bound is ``vocabulary.not_bound``: a signatory or no status, certainly not a
    party. A State whose consent is dated only by bounds (``unknown``, undecided) is not
    listed: ``status_on(day).filter(pl.col("status") == "unknown")`` lists those.

    Args:
        status: The table from ``status_on``.
        attendance: The table from ``parse_attendance``.

    Returns:
        ``entity_id, name, regional_group, status, attended, attended_as`` for
        every UN Member or observer State of the status date that is not bound, sorted
        by group and name.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> from analysis.treaty import status_on
        >>> report = read_report(default_report())
        >>> gaps = not_bound_states(status_on("2024-05-04"), parse_attendance(report))
        >>> gaps.height, gaps.filter(pl.col("entity_id") == "USA")["attended_as"].item()
        (73, 'non_party')
    """
    status_stamp(status, "status", PROTOCOL)
    present = attendance.select("entity_id", "attended_as")
    # Only Member and observer States of that day: not a State admitted later.
    return (status.filter(not_bound() & pl.col("membership").is_in(["member", "observer"]))
            .join(present, on="entity_id", how="left")
            .with_columns(attended=pl.col("attended_as").is_not_null())
            .select("entity_id", "name", "regional_group", "status", "attended", "attended_as")
            .sort("regional_group", "name", nulls_last=True))


def non_parties(status: pl.DataFrame, attendance: pl.DataFrame) -> pl.DataFrame:
    """Deprecated: ``not_bound_states`` (the report's ``non_party`` is another thing).

    Example:
        >>> import warnings
        >>> with warnings.catch_warnings(record=True):
        ...     warnings.simplefilter("always")
        ...     from analysis.attendance import parse_attendance
        ...     from analysis.report import default_report, read_report
        ...     from analysis.treaty import status_on
        ...     non_parties(status_on("2024-05-04"), parse_attendance(
        ...         read_report(default_report()))).height
        73
    """
    warnings.warn("participation.non_parties is renamed not_bound_states (undecided "
                  "States, status unknown, are no longer listed)", DeprecationWarning,
                  stacklevel=2)
    return not_bound_states(status, attendance)


def regional_participation(attendance: pl.DataFrame, states: pl.DataFrame | None = None,
                           *, convention: pl.DataFrame | None = None,
                           protocol: pl.DataFrame | None = None) -> pl.DataFrame:
    """Member states per regional group by how they attended (or did not).

    Each attending State's ``standing`` is its adherence on the meeting date
    (``standing_of``): the report's "neither party nor signatory" States are split as the
    gap figure splits "not a party", a Convention party only, party to neither
    instrument, or unknown (its Convention consent is dated only by bounds).

    Args:
        attendance: The table from ``parse_attendance``.
        states: UN member states (default: the shipped table).
        convention: ``status_on(meeting date, treaty="untoc")`` (default: on the
            ``meeting_date`` the attendance table carries, as a study's does).
        protocol: ``status_on`` the same date for the Protocol (default: read here).

    Returns:
        ``regional_group, attended_as, standing, states, members, share``;
        ``attended_as`` is ``party``, ``signatory``, ``non_party`` (the report's
        categories) or ``absent``; ``standing`` is a ``STANDING`` category
        (``protocol_party``, ``protocol_signatory``, ``convention_only``, ``neither``,
        ``unknown`` or ``absent``). Every combination is present, zeros included
        (``participation_counts``, the same count as ``series.participation_by_meeting``).
        Observer States and the European Union are not group members and are left out
        (see ``attending_outside_groups``), and so are States not yet admitted to the UN
        on the day of ``convention``.

    Raises:
        ValueError: no ``convention`` (or ``protocol``) given and no date to take it on.
        TableMismatchError: the statuses swapped, of another treaty, or of two dates.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> from analysis.treaty import status_on
        >>> table = regional_participation(parse_attendance(read_report(
        ...     default_report())),
        ...     convention=status_on("2020-07-16", treaty="untoc"))
        >>> table.filter(pl.col("attended_as") != "absent")["states"].sum()
        78
        >>> table.filter(pl.col("standing") == "convention_only")["states"].sum()
        18
    """
    if convention is None:
        if "meeting_date" not in attendance.columns:
            raise ValueError("regional_participation needs the Convention status on the "
                             "meeting date (convention=status_on(day, treaty='untoc'))")
        convention = status_on(attendance["meeting_date"].min(), treaty=CONVENTION)
    stamp = status_stamp(convention, "convention", CONVENTION)
    if protocol is None:
        if stamp is None and "meeting_date" not in attendance.columns:
            raise ValueError("regional_participation needs the Protocol status on the "
                             "meeting date (protocol=status_on(day))")
        protocol = status_on(stamp[1] if stamp else attendance["meeting_date"].min())
    held = adherence(protocol, convention).select("iso3", "adherence")
    # Member States on the status table's day: a State admitted later is not counted.
    members = _members(states).join(
        convention.filter(pl.col("membership") == "member").select("iso3"), on="iso3",
        how="semi")
    present = attendance.filter(pl.col("iso3").is_not_null()).select(
        "iso3", "attended_as")
    rows = (members.join(present, on="iso3", how="left")
            .join(held, on="iso3", how="left")
            .with_columns(pl.col("attended_as").fill_null("absent"))
            .with_columns(standing=standing_of(pl.col("attended_as"), pl.col("adherence"))))
    return participation_counts(rows)


def attending_outside_groups(attendance: pl.DataFrame,
                             states: pl.DataFrame | None = None) -> pl.DataFrame:
    """Listed states and regional organizations that sit in no regional group.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> attending_outside_groups(parse_attendance(read_report(
        ...     default_report())))["entity_id"].to_list()
        ['EUU']
    """
    members = _members(states).select("iso3")
    listed = attendance.filter(pl.col("attended_as").is_in(list(STATE_CATEGORIES)))
    return listed.join(members, left_on="entity_id", right_on="iso3", how="anti").select(
        "entity_id", "raw_name", "attended_as", "entity_kind")


def ratification_gap(gaps: dict[dt.date, pl.DataFrame]) -> pl.DataFrame:
    """The gap by group on several dates, long form, with the change in Protocol parties.

    Args:
        gaps: ``gap_by_group`` output for each date (typically the meeting date and
            the latest date of the treaty data).

    Returns:
        ``date, regional_group, adherence, states, members, share`` for every date
        and ``ADHERENCE`` category, plus ``parties_gained`` (Protocol parties on the
        last date minus on the first).

    Example:
        >>> from analysis.treaty import status_on
        >>> days = [dt.date(2020, 7, 16), dt.date(2024, 5, 4)]
        >>> gap = ratification_gap({d: gap_by_group(status_on(d), status_on(d, treaty="untoc"))
        ...                         for d in days})
        >>> gap.filter(pl.col("regional_group") == "African")["parties_gained"].first()
        1
    """
    long = pl.concat([
        table.unpivot(index=["regional_group", "members"], on=list(ADHERENCE),
                      variable_name="adherence", value_name="states")
        .with_columns(date=pl.lit(day), share=(pl.col("states") / pl.col("members")).round(4))
        for day, table in sorted(gaps.items())])
    first, last = min(gaps), max(gaps)
    parties = long.filter(pl.col("adherence") == "protocol_party")
    gained = (parties.filter(pl.col("date") == last).select("regional_group", last="states")
              .join(parties.filter(pl.col("date") == first)
                    .select("regional_group", first="states"), on="regional_group")
              .select("regional_group", parties_gained=pl.col("last") - pl.col("first")))
    return (long.join(gained, on="regional_group", how="left")
            .select("date", "regional_group", "adherence", "states", "members", "share",
                    "parties_gained")
            .sort("date", order("regional_group", REGIONAL_GROUPS),
                  order("adherence", ADHERENCE)))


def engagement(attendance: pl.DataFrame, status: pl.DataFrame) -> pl.DataFrame:
    """Per group: member states by attendance (attended / absent) × Protocol party or not.

    ``bound`` says whether consent was deposited (``vocabulary.BOUND``), not whether
    the Protocol was already in force for the State.

    Args:
        attendance: The table from ``parse_attendance``.
        status: ``status_on`` a date (the latest date gives the current picture).

    Returns:
        ``regional_group, attended, bound, states``; ``bound`` is ``party``,
        ``not_party`` or ``unknown``; every combination is present (zeros included).

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> from analysis.treaty import status_on
        >>> table = engagement(parse_attendance(read_report(
        ...     default_report())), status_on("2024-05-04"))
        >>> table.filter(pl.col("attended"))["states"].sum()
        78
    """
    status_stamp(status, "status", PROTOCOL)
    present = attendance.filter(pl.col("iso3").is_not_null()).select("iso3").unique()
    members = status.filter(pl.col("membership") == "member").with_columns(
        attended=pl.col("iso3").is_in(present["iso3"].implode()),
        bound=pl.when(not_bound()).then(pl.lit("not_party"))
        .otherwise(pl.col("status")))
    grid = (pl.DataFrame({"regional_group": list(REGIONAL_GROUPS)})
            .join(pl.DataFrame({"attended": [True, False]}), how="cross")
            .join(pl.DataFrame({"bound": list(BOUND)}), how="cross"))
    counts = members.group_by("regional_group", "attended", "bound").agg(states=pl.len())
    return (grid.join(counts, on=["regional_group", "attended", "bound"], how="left")
            .with_columns(pl.col("states").fill_null(0)))


def engaged_not_bound(attendance: pl.DataFrame, protocol: pl.DataFrame,
                      convention: pl.DataFrame) -> pl.DataFrame:
    """Member States that attended and are not bound by the Protocol, with their adherence.

    These are the States closest to acting on discussion point 1: the "attended · not
    a party" column of ``engagement``, one row per State, with how far each is from
    adhering to both instruments (a Protocol signatory, a Convention party only, …).

    Args:
        attendance: The table from ``parse_attendance``.
        protocol: ``status_on(day)`` for the Firearms Protocol (the latest date).
        convention: ``status_on(day, treaty="untoc")`` for the same day.

    Returns:
        ``entity_id, regional_group, status, convention_status, adherence``, by
        regional group, then adherence (nearest to the Protocol first), then id.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> from analysis.treaty import status_on
        >>> table = engaged_not_bound(parse_attendance(read_report(
        ...     default_report())), status_on("2024-05-04"),
        ...     status_on("2024-05-04", treaty="untoc"))
        >>> table.height, table.filter(pl.col("entity_id") == "USA")["adherence"].item()
        (22, 'convention_only')
    """
    present = attendance.filter(pl.col("iso3").is_not_null())["iso3"].unique().implode()
    # Not bound, as engagement's "not_party": an undecided State (consent dated only by
    # bounds) is "unknown" there, not counted among the closest.
    return (adherence(protocol, convention)
            .filter((pl.col("membership") == "member") & pl.col("iso3").is_in(present)
                    & not_bound())
            .sort(order("regional_group", REGIONAL_GROUPS), order("adherence", ADHERENCE),
                  "entity_id")
            .select("entity_id", "regional_group", "status", "convention_status",
                    "adherence"))


def joined_after_meeting(attendance: pl.DataFrame, latest_status: pl.DataFrame,
                         meeting_date: DateLike) -> pl.DataFrame:
    """Attending signatories and non-parties that have since become parties, and when.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> from analysis.treaty import status_on
        >>> joined = joined_after_meeting(parse_attendance(read_report(
        ...     default_report())), status_on("2024-05-04"),
        ...     dt.date(2020, 7, 16))
        >>> joined["entity_id"].to_list()
        ['BOL', 'DEU', 'CHN']
    """
    status_stamp(latest_status, "latest_status", PROTOCOL)
    meeting_date = parse_date(meeting_date, PROTOCOL)
    observers = attendance.filter(pl.col("attended_as").is_in(["signatory", "non_party"]))
    return (observers.join(latest_status, on="entity_id", how="inner")
            # A null deposit date is a party whose date is not verified; the report
            # lists it as not yet a party, so it joined after the meeting.
            .filter((pl.col("status") == "party")
                    & ((pl.col("consent_date") > meeting_date) | pl.col("consent_date").is_null()))
            .select("entity_id", "name", "regional_group", "attended_as", "consent_date",
                    "consent_type", "entry_into_force")
            .sort("consent_date", nulls_last=True))


def accession_labels(joined: pl.DataFrame) -> pl.DataFrame:
    """Where the accession timeline labels each later accession: on its line.

    Args:
        joined: ``joined_after_meeting`` output.

    Returns:
        ``entity_id, consent_date, parties`` for the accessions with a known date;
        ``parties`` is the party count on that day (the line's height).

    Example:
        >>> frame = pl.DataFrame({"entity_id": ["CHN"], "consent_date": [dt.date(2023, 12, 19)]})
        >>> accession_labels(frame).row(0)
        ('CHN', datetime.date(2023, 12, 19), 123)
    """
    dated = joined.filter(pl.col("consent_date").is_not_null())
    on_line = party_counts(dated["consent_date"]).select(consent_date="date", parties="parties")
    return dated.join(on_line, on="consent_date", how="left").select(
        "entity_id", "consent_date", "parties")


def accession_timeline(end: DateLike | None = None) -> pl.DataFrame:
    """Parties to the Protocol on every day the count changes, from adoption to ``end``.

    Args:
        end: The last date (default: the treaty data's as-of date).

    Returns:
        ``date, parties, signatories, undecided, possible`` (see ``party_counts``;
        ``possible = parties + undecided``: the band of consents dated only by bounds).

    Example:
        >>> accession_timeline().tail(1)["possible"].item()
        123
    """
    return party_counts_over_time(end=parse_date(end, PROTOCOL)).with_columns(
        possible=pl.col("parties") + pl.col("undecided"))


def pending_signatories(latest_status: pl.DataFrame, attendance: pl.DataFrame,
                        as_of: DateLike) -> pl.DataFrame:
    """Signatories that are not yet parties, with the years since they signed.

    Where the signature date is unknown the close of signature (12 December 2002) is
    used and ``signature_known`` is false: the years shown are then a minimum.

    Returns:
        ``entity_id, name, regional_group, signature_date, signature_known,
        years_since_signature, attended``, longest wait first.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> from analysis.treaty import status_on
        >>> pending = pending_signatories(status_on("2024-05-04"), parse_attendance(
        ...     read_report(default_report())), dt.date(2024, 5, 4))
        >>> pending.height
        7
    """
    as_of = parse_date(as_of, PROTOCOL)
    stamp = status_stamp(latest_status, "latest_status", PROTOCOL)
    if stamp is not None and stamp[1] != as_of:
        raise TableMismatchError("latest_status", f"of {stamp[1].isoformat()}, but as_of is "
                                 f"{as_of.isoformat()}; pass the status of that date")
    present = attendance.select("entity_id").unique()
    return (latest_status.filter(pl.col("status") == "signatory")
            .with_columns(
                signature_known=pl.col("signature_date").is_not_null(),
                signature_date=pl.col("signature_date").fill_null(SIGNATURE_CLOSED),
                attended=pl.col("entity_id").is_in(present["entity_id"].implode()))
            .with_columns(years_since_signature=(
                (pl.lit(as_of) - pl.col("signature_date")).dt.total_days() / 365.25).round(1))
            .select("entity_id", "name", "regional_group", "signature_date",
                    "signature_known", "years_since_signature", "attended")
            .sort("years_since_signature", "name", descending=[True, False]))
