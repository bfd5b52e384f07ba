"""The tables every figure draws, built once per study in the analysis layer.

Owns going from a ``Study`` to each figure's input tables: the analyses of the latest
meeting (``participation``, ``voice``), the reference tables a chart needs (M49 codes,
the world map, published party counts), and, when the study holds two or more
meetings, the series tables (``series``). ``figures`` only draws these tables and
writes the files; ``export_tables`` is what ``figures --tables`` writes as CSV.
"""

from __future__ import annotations

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
from analysis.series import SeriesTables, series_table, series_tables
from analysis.study import Study
from analysis.treaty import published_party_counts
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
    standing: pl.DataFrame
    engagement: pl.DataFrame
    closest: pl.DataFrame
    timeline: pl.DataFrame
    anchors: pl.DataFrame
    joined: pl.DataFrame
    pending: pl.DataFrame
    voice: pl.DataFrame | None
    topology: str
    series: SeriesTables | None = None


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
    return FigureTables(
        study=study,
        regional=regional_participation(
            attendance, convention=study.status(status_date, treaty="untoc")),
        gap=ratification_gap(gaps_by_date(study.statuses, [status_date, latest])),
        standing=adherence(latest_status, study.status(latest, treaty="untoc")),
        engagement=engagement(attendance, latest_status),
        closest=engaged_not_bound(attendance, latest_status,
                                  study.status(latest, treaty="untoc")),
        timeline=accession_timeline(latest),
        anchors=published_party_counts(),
        joined=accession_labels(joined),
        pending=pending_signatories(latest_status, attendance, latest),
        voice=voice_by_group(study.voice) if study.voice.height else None,
        topology=load_world_topology(),
        series=series)


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
    return tables
