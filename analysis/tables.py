"""The tables every figure draws, built once per study in the analysis layer.

Owns going from a ``Study`` to each figure's input tables: the analyses of the latest
meeting (``participation``, ``voice``), the reference tables a chart needs (M49 codes,
the world map, published party counts), and, when the study holds two or more
meetings, the series tables (``series``). ``figures`` only draws these tables and
writes the files; ``export_tables`` is what ``figures --tables`` writes as CSV.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from analysis.participation import (
    accession_labels,
    accession_timeline,
    adherence,
    engaged_not_bound,
    engagement,
    gaps_by_date,
    joined_after_meeting,
    pending_signatories,
    ratification_gap,
    regional_participation,
)
from analysis.reference import load_world_topology
from analysis.schemas import EXPORTED, validate_all, validate_fields
from analysis.series import SeriesTables, series_table, series_tables
from analysis.study import Study
from analysis.treaty import STATUS_BASES, published_party_counts
from analysis.vocabulary import CONVENTION, PROTOCOL
from analysis.voice import voice_by_group


@dataclass(frozen=True)
class FigureTables:
    """What the figure set draws, in no particular language: computed once per study.

    ``study`` is the study's latest meeting; ``series`` holds the tables of the
    series figures, or None when the study holds one meeting.
    """

    study: Study
    regional: pl.DataFrame
    gap: pl.DataFrame
    adherence: pl.DataFrame
    """Every State's ``ADHERENCE`` on the latest date (the map)."""
    engagement: pl.DataFrame
    engaged_not_bound: pl.DataFrame
    """Attending Member States not parties on the latest date (``engaged_not_bound``)."""
    timeline: pl.DataFrame
    anchors: pl.DataFrame
    joined: pl.DataFrame
    """The accession timeline's labels (``accession_labels``)."""
    joined_after_meeting: pl.DataFrame
    """Attending States that became parties after the meeting (``joined_after_meeting``)."""
    pending: pl.DataFrame
    voice: pl.DataFrame | None
    topology: str
    series: SeriesTables | None = None
    marked_gap: pl.DataFrame | None = None
    """``marked`` Member States on either date of the gap figure."""
    marked_latest: pl.DataFrame | None = None
    """``marked`` States on the latest date (the map)."""
    marked_regional: pl.DataFrame | None = None
    """``marked`` attending non-parties: the participation figure splits them by the
    Convention on the meeting date."""
    basis_latest: pl.DataFrame | None = None
    """``provenance`` of every State on the latest date (the map's tooltips)."""
    marked_engagement: pl.DataFrame | None = None
    """``marked`` Member States of the engagement figure: a party status of any, and the
    adherence of those it names."""


_WEAK = ("secondary", "inferred")


def provenance(protocol: pl.DataFrame, convention: pl.DataFrame) -> pl.DataFrame:
    """What each State's shown adherence on one date rests on: ``entity_id, basis, instrument``.

    The adherence (``participation.adherence``) rests on the Protocol record, and on the
    Convention record too where the State is neither party nor signatory of the
    Protocol; ``basis`` is the weaker of the two (``treaty.STATUS_BASES``) and
    ``instrument`` (``protocol`` or ``convention``) the record it comes from.

    Example:
        >>> from analysis.treaty import status_on
        >>> table = provenance(status_on("2024-05-04"), status_on("2024-05-04", treaty="untoc"))
        >>> dict(table.filter(pl.col("entity_id").is_in(["TUV", "KOR", "ITA"]))
        ...      .select("entity_id", "basis").iter_rows())
        {'ITA': 'depositary', 'KOR': 'secondary', 'TUV': 'inferred'}
    """
    rank = {basis: i for i, basis in enumerate(STATUS_BASES)}
    table = (protocol.select("entity_id", "status", "status_basis")
             .join(convention.select("entity_id", convention_basis="status_basis"),
                   on="entity_id", how="left")
             .with_columns(pl.col("convention_basis").fill_null("depositary")))
    convention_decides = (pl.col("status") == "none") & (
        pl.col("convention_basis").replace_strict(rank, return_dtype=pl.Int8)
        > pl.col("status_basis").replace_strict(rank, return_dtype=pl.Int8))
    return table.select(
        "entity_id",
        basis=pl.when(convention_decides).then("convention_basis").otherwise("status_basis"),
        instrument=pl.when(convention_decides).then(pl.lit("convention"))
        .otherwise(pl.lit("protocol")))


def marked(provenance_table: pl.DataFrame, states: pl.DataFrame | None = None) -> pl.DataFrame:
    """The rows of ``provenance`` whose basis is an inference or a secondary source.

    Args:
        provenance_table: ``provenance`` output (one date or several, concatenated).
        states: Keep only these ``entity_id`` (default: every one).

    Example:
        >>> frame = pl.DataFrame({"entity_id": ["ITA", "TUV", "TUV"], "basis": [
        ...     "depositary", "inferred", "inferred"], "instrument": ["protocol"] + [
        ...     "convention"] * 2})
        >>> marked(frame)["entity_id"].to_list()
        ['TUV']
    """
    weak = provenance_table.filter(pl.col("basis").is_in(_WEAK))
    if states is not None:
        weak = weak.filter(pl.col("entity_id").is_in(states["entity_id"].implode()))
    # An inference outweighs a secondary source where the dates differ.
    return (weak.sort("entity_id", pl.col("basis") == "inferred", descending=[False, True])
            .unique("entity_id", keep="first", maintain_order=True))


def figure_tables(study: Study) -> FigureTables:
    """The analysis and reference tables behind the figure set of a study.

    The single-meeting figures draw the study's latest meeting; a study of two or
    more meetings also gets the series tables.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> tables = figure_tables(build_study(default_report()))
        >>> tables.joined["entity_id"].to_list(), tables.series is None
        (['BOL', 'DEU', 'CHN'], True)
    """
    series = series_tables(study)
    study = study.for_meeting()
    latest, status_date = study.latest, study.status_date
    attendance, latest_status = study.attendance, study.latest_status
    joined = joined_after_meeting(attendance, latest_status, status_date)
    convention = study.status(latest, treaty=CONVENTION)
    closest = engaged_not_bound(attendance, latest_status, convention)
    on_latest = provenance(latest_status, convention)
    members = latest_status.filter(pl.col("membership") == "member")
    on_meeting = provenance(study.status(status_date),
                            study.status(status_date, treaty=CONVENTION))
    tables = FigureTables(
        study=study,
        regional=regional_participation(
            attendance, convention=study.status(status_date, treaty=CONVENTION)),
        gap=ratification_gap(gaps_by_date(study.statuses, [status_date, latest])),
        adherence=adherence(latest_status, convention),
        engagement=engagement(attendance, latest_status),
        engaged_not_bound=closest,
        timeline=accession_timeline(latest),
        anchors=published_party_counts(),
        joined=accession_labels(joined),
        joined_after_meeting=joined,
        pending=pending_signatories(latest_status, attendance, latest),
        voice=voice_by_group(study.voice) if study.voice.height else None,
        topology=load_world_topology(),
        series=series,
        marked_gap=marked(pl.concat([on_meeting, on_latest]), members),
        marked_latest=marked(on_latest),
        marked_regional=marked(on_meeting, attendance.filter(
            (pl.col("attended_as") == "non_party") & (pl.col("entity_kind") == "state"))),
        basis_latest=on_latest,
        marked_engagement=marked(pl.concat([
            on_latest.filter(pl.col("entity_id").is_in(closest["entity_id"].implode())),
            provenance(latest_status, convention.with_columns(
                status_basis=pl.lit("depositary")))]), members))
    validate_fields(tables, "figure tables")  # the charts draw them as declared
    return tables


def export_tables(study: Study) -> dict[str, pl.DataFrame]:
    """The tables the figures are drawn from, by file stem, for ``figures --tables``.

    Attendance, status at each meeting and on the latest date, voice (when read), the
    decomposed gap on every status date, and, for two or more meetings, the series.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> list(export_tables(build_study(default_report())))
        ['attendance', 'status_meeting', 'status_latest', 'voice', 'gap_by_group']
    """
    days = sorted({*study.meetings["status_date"], study.latest})
    tables = {**study.tables(),
              "gap_by_group": ratification_gap(gaps_by_date(study.statuses, days))}
    if study.meetings.height > 1:
        tables["series"] = series_table(study)
    validate_all(tables, EXPORTED, "export")  # the CSV files hold the declared tables
    return tables


def marked_segments(study: Study, days: list[dt.date],
                    states: pl.DataFrame | None = None) -> pl.DataFrame:
    """The ``marked`` Member States on each of ``days``, by the bar segment they are drawn in.

    A bar segment holding one of them carries the mark (``provenance.mark``), as the
    names of the engagement figure do; a State is marked on a day only if its adherence
    on that day rests on an inference or a secondary source.

    Args:
        study: The study (its ``statuses`` hold both treaties on each of ``days``).
        days: The status dates the figure draws.
        states: Keep only these ``entity_id`` (default: every Member State).

    Returns:
        ``date, entity_id, regional_group, adherence``.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> study = build_study(default_report())
        >>> segments = marked_segments(study, [study.status_date])
        >>> segments.filter(pl.col("entity_id") == "IRN").select(
        ...     "regional_group", "adherence").row(0)
        ('Asia-Pacific', 'neither')
    """
    frames = []
    for day in days:
        protocol = study.statuses[PROTOCOL][day]
        convention = study.statuses[CONVENTION][day]
        weak = marked(provenance(protocol, convention), states)
        frames.append(adherence(protocol, convention)
                      .filter(pl.col("membership") == "member")
                      .join(weak.select("entity_id"), on="entity_id", how="semi")
                      .select(pl.lit(day).alias("date"), "entity_id", "regional_group",
                              "adherence"))
    return pl.concat(frames)


def open_consents(study: Study, days: list[dt.date],
                  states: pl.DataFrame | None = None) -> pl.DataFrame:
    """Member States whose Protocol consent is known only by its bounds on any of ``days``.

    These are the "unknown" segments of the figures; a figure's note names each State
    and the two dates its consent lies between.

    Args:
        study: The study (its ``statuses`` hold the Protocol on each of ``days``).
        days: The status dates the figure draws.
        states: Keep only these ``entity_id`` (default: every Member State).

    Returns:
        ``entity_id, party_after, party_by``, one row per State.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> study = build_study(default_report())
        >>> open_consents(study, [study.status_date, study.latest])["entity_id"].to_list()
        ['LUX']
    """
    table = pl.concat([
        study.statuses[PROTOCOL][day]
        .filter((pl.col("status") == "unknown") & (pl.col("membership") == "member"))
        .select("entity_id", "party_after", "party_by") for day in days])
    if states is not None:
        table = table.filter(pl.col("entity_id").is_in(states["entity_id"].implode()))
    return table.unique(maintain_order=True).sort("entity_id")
