"""The study: every table the analyses, figures, notebooks and commands share, built once.

Owns turning one or more reports into the tables every consumer reads: the meetings
(document symbol, meeting date, language), attendance, speaking roles and voice, and
treaty status on each meeting's date and on the latest date. Each table carries the
meeting key (``meeting`` = document symbol, or venue and days where no symbol can be
read: ``report.meeting_key``; never a file name; and ``meeting_date``), so a second
report is a new file in ``data/raw/`` and a longer table, not new code, and two copies
or editions of one report are one meeting. ``build_study`` is the
only place that goes from report to attendance to status; the command line, the
figures and the notebooks take a ``Study``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, NoReturn

import polars as pl

from analysis.attendance import parse_attendance
from analysis.errors import (
    AnalysisError,
    EditionMismatchError,
    MissingSectionError,
    NotSupportedError,
)
from analysis.report import (
    Report,
    check_symbol,
    meeting_key,
    read_report,
    shipped_reports,
    venue_and_days,
)
from analysis.schemas import validate_study
from analysis.treaty import check_as_of, status_on
from analysis.vocabulary import PROTOCOL, TREATY_IDS
from analysis.voice import parse_voice, voice_by_entity


def treaty_status_functions() -> dict[str, Callable[[dt.date], pl.DataFrame]]:
    """Status on a date for each treaty the study follows, by treaty id.

    This is the one place the study asks ``treaty.status_on`` for statuses: the
    Firearms Protocol and its parent Convention (UNTOC).

    Example:
        >>> list(treaty_status_functions())
        ['firearms-protocol', 'untoc']
    """
    return {treaty: partial(status_on, treaty=treaty) for treaty in TREATY_IDS}


@dataclass(frozen=True)
class Study:
    """The shared tables of one or more meetings (see ``build_study``).

    Attributes:
        meetings: ``meeting, meeting_date, meeting_end, status_date, language, source``,
            oldest first; ``status_date`` is the date "status at the meeting" refers to.
        attendance: ``parse_attendance`` rows with the meeting key in front.
        mentions: ``parse_voice`` rows with the meeting key (meetings whose speaking
            roles could be read).
        voice: ``voice_by_entity`` rows with the meeting key.
        statuses: ``{treaty id: {date: status_on(date)}}`` for every status date and
            the latest date.
        latest: The latest date of the treaty data the study uses.
        voice_errors: ``{meeting: error}`` for meetings whose speaking roles cannot
            be read (a language not supported yet, or no speakers named).
    """

    meetings: pl.DataFrame
    attendance: pl.DataFrame
    mentions: pl.DataFrame
    voice: pl.DataFrame
    statuses: Mapping[str, Mapping[dt.date, pl.DataFrame]]
    latest: dt.date
    voice_errors: Mapping[str, AnalysisError]

    def _only(self, column: str) -> Any:
        if self.meetings.height != 1:
            raise ValueError(f"the study holds {self.meetings.height} meetings; pick one "
                             "with for_meeting()")
        return self.meetings[column].item()

    @property
    def meeting(self) -> str:
        """The study's one meeting: its document symbol, or venue and days (``meeting_key``)."""
        return str(self._only("meeting"))

    @property
    def meeting_date(self) -> dt.date:
        """The first day of the study's one meeting."""
        return self._only("meeting_date")

    @property
    def meeting_end(self) -> dt.date:
        """The last day of the study's one meeting (as its report states it)."""
        return self._only("meeting_end")

    @property
    def status_date(self) -> dt.date:
        """The date "status at the meeting" refers to (the meeting date unless ``as_of``)."""
        return self._only("status_date")

    def status(self, on: dt.date | None = None, treaty: str = PROTOCOL) -> pl.DataFrame:
        """Treaty status on ``on`` (default: at the study's one meeting).

        Example:
            >>> from analysis.report import default_report
            >>> study = build_study(default_report())
            >>> study.status(study.latest).filter(pl.col("status") == "party").height
            123
        """
        day = self._only("status_date") if on is None else on
        return self.statuses[treaty][day]

    @property
    def meeting_status(self) -> pl.DataFrame:
        """Protocol status at the study's one meeting."""
        return self.status()

    @property
    def latest_status(self) -> pl.DataFrame:
        """Protocol status on the latest date."""
        return self.status(self.latest)

    def for_meeting(self, meeting: str | None = None) -> Study:
        """The same study restricted to one meeting (default: the latest meeting).

        Example:
            >>> from analysis.report import default_report
            >>> build_study(default_report()).for_meeting().meeting
            'CTOC/COP/WG.6/2020/3'
        """
        meeting = meeting or self.meetings["meeting"][-1]
        if meeting not in self.meetings["meeting"]:
            raise ValueError(f"no meeting {meeting!r} in the study")

        def one(table: pl.DataFrame) -> pl.DataFrame:
            return table.filter(pl.col("meeting") == meeting) if table.width else table

        return replace(self, meetings=one(self.meetings), attendance=one(self.attendance),
                       mentions=one(self.mentions), voice=one(self.voice),
                       voice_errors={k: v for k, v in self.voice_errors.items()
                                     if k == meeting})

    def tables(self) -> dict[str, pl.DataFrame]:
        """The tables behind the figures, for export.

        They are attendance, status at each meeting and on the latest date, and voice
        (when any meeting's speaking roles were read).

        Example:
            >>> from analysis.report import default_report
            >>> sorted(build_study(default_report()).tables())
            ['attendance', 'status_latest', 'status_meeting', 'voice']
        """
        at_meetings = pl.concat([
            self.statuses[PROTOCOL][row["status_date"]].select(
                pl.lit(row["meeting"]).alias("meeting"),
                pl.lit(row["meeting_date"]).alias("meeting_date"), pl.all())
            for row in self.meetings.iter_rows(named=True)])
        tables = {"attendance": self.attendance, "status_meeting": at_meetings,
                  "status_latest": self.latest_status}
        if self.voice.height:
            tables["voice"] = self.voice
        return tables


def _spoke(report: Report) -> set[str] | None:
    """The ids of the States and bodies a report records speaking, or None if unreadable."""
    try:
        spoken = parse_voice(report)
    except (MissingSectionError, NotSupportedError):
        return None
    return set(spoken["entity_id"].drop_nulls())


def agreed_edition(editions: Sequence[Report], meeting: str | None = None) -> Report:
    """The edition to read of a meeting given in several editions, once they agree.

    Editions agree when they give the same meeting date, list the same participants in
    the same capacities and, where the speaking roles of both can be read, record the
    same speakers. The first edition whose speaking roles can be read is kept.

    Args:
        editions: Reports of one meeting (e.g. the English and Chinese ones, or two
            copies of one file).
        meeting: The meeting's key in error messages (default: ``meeting_key`` of the
            first edition).

    Raises:
        EditionMismatchError: the first difference, naming the meeting, the file and
            the participant (or the meeting date).

    Example:
        >>> from analysis.report import default_report
        >>> zh = read_report(default_report())
        >>> agreed_edition([zh]) is zh
        True
    """
    first, *others = editions
    if not others:
        return first
    listed = parse_attendance(first).select("entity_id", "name_en", "attended_as")
    spoke = _spoke(first)
    kept = first if spoke is not None else None
    for other in others:
        def mismatch(what: str, said: str, says: str, report: Report = other) -> NoReturn:
            raise EditionMismatchError(meeting or meeting_key(first), report.source,
                                       first.source, what, said, says)
        if other.meeting_date != first.meeting_date:
            mismatch("the meeting date", f"says {first.meeting_date.isoformat()}",
                     f"says {other.meeting_date.isoformat()}")
        theirs = parse_attendance(other).select("entity_id", "name_en", "attended_as")
        both = (listed.join(theirs, on="entity_id", how="full", coalesce=True,
                            suffix="_other")
                .with_columns(pl.coalesce("name_en", "name_en_other").alias("name"))
                .filter(pl.col("attended_as").ne_missing(pl.col("attended_as_other")))
                .sort("entity_id"))
        if both.height:
            row = both.row(0, named=True)
            mismatch(f"{row['entity_id']} ({row['name']})",
                     _as_listed(row["attended_as"]), _as_listed(row["attended_as_other"]))
        other_spoke = _spoke(other)
        if spoke is not None and other_spoke is not None and spoke != other_spoke:
            entity = sorted(spoke ^ other_spoke)[0]
            mismatch(entity, _spoken(entity in spoke), _spoken(entity in other_spoke))
        if kept is None and other_spoke is not None:
            kept, spoke = other, other_spoke
    return kept or first


def _as_listed(category: str | None) -> str:
    return f"lists it as {category}" if category else "does not list it"


def _spoken(spoke: bool) -> str:
    return "records it speaking" if spoke else "does not record it speaking"


def _keyed(table: pl.DataFrame, report: Report, meeting: str) -> pl.DataFrame:
    return table.select(pl.lit(meeting).alias("meeting"),
                        pl.lit(report.meeting_date).alias("meeting_date"), pl.all())


def meeting_keys(reports: Sequence[Report], symbol: str | None = None) -> list[str]:
    """The meeting of each report: its document symbol, else its venue and days.

    A report that states no symbol is of the meeting whose report does, held at the
    same venue on the same days (a copy of a shipped report without its sidecar);
    otherwise its venue and days name its meeting (``report.meeting_key``). A file name
    never does.

    Args:
        reports: The reports.
        symbol: The symbol of the reports that state none (``--symbol``).

    Raises:
        NotSupportedError: a report with neither a symbol nor a venue; ``symbol`` is no
            document symbol, or names none of the reports when all state their own; a
            report without a symbol whose venue and days are those of two meetings with
            different symbols.

    Example:
        >>> from analysis.report import default_report, report_from_text
        >>> zh = read_report(default_report())
        >>> copy = report_from_text(zh.text, source="/tmp/copy.txt")  # no sidecar
        >>> meeting_keys([zh, copy])
        ['CTOC/COP/WG.6/2020/3', 'CTOC/COP/WG.6/2020/3']
    """
    if symbol is not None:
        symbol = check_symbol(symbol)
        stated = {report.symbol for report in reports}
        if None not in stated and symbol not in stated:
            raise NotSupportedError(
                f"--symbol {symbol}", "every report states its own document symbol ("
                + ", ".join(sorted(stated)) + "); --symbol is for a report that states none")
    keys = [meeting_key(report, symbol) for report in reports]
    symbols_held: dict[str, set[str]] = {}
    for report, key in zip(reports, keys, strict=True):
        if report.symbol or symbol:
            held = venue_and_days(report)
            if held:
                symbols_held.setdefault(held, set()).add(key)
    matched = []
    for report, key in zip(reports, keys, strict=True):
        symbols = sorted(symbols_held.get(key, ())) if not (report.symbol or symbol) else []
        if len(symbols) > 1:
            raise NotSupportedError(
                report.source, f"states no document symbol, and {' and '.join(symbols)} "
                f"were both held in {key}; give its symbol with --symbol")
        matched.append(symbols[0] if symbols else key)
    return matched


def _concat(tables: list[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat(tables) if tables else pl.DataFrame()


def build_study(reports: str | Path | Report | Sequence[str | Path | Report] | None = None,
                *, as_of: dt.date | str | None = None,
                latest: dt.date | str | None = None, symbol: str | None = None) -> Study:
    """Read the reports, parse attendance and voice, and compute treaty statuses, once.

    Args:
        reports: A report (path or ``Report``) or several; default: every report
            shipped in ``data/raw/`` (``report.shipped_reports``).
        as_of: The date "status at the meeting" refers to (default: each meeting's
            first day).
        latest: The second date every analysis shows (default: the date the treaty
            data is true as of).
        symbol: The document symbol of the reports that state none (no sidecar, none at
            the head of the text; ``meeting_keys``).

    Returns:
        The study.

    Two editions of one meeting (the same document symbol, e.g. the English and the
    Chinese report, or two copies of one file) are one meeting: they must agree
    (``agreed_edition``). A report's file name is never its meeting (``meeting_keys``).

    Raises:
        AnalysisError: a report that cannot be read or parsed or whose meeting cannot
            be told, two editions of the same meeting that disagree, or a date outside
            the treaty data.

    Example:
        >>> from analysis.report import default_report
        >>> study = build_study(default_report())
        >>> study.meeting, study.meeting_date, study.latest, study.attendance.height
        ('CTOC/COP/WG.6/2020/3', datetime.date(2020, 7, 16), datetime.date(2024, 5, 4), 90)
    """
    if reports is None:
        reports = shipped_reports()
    if isinstance(reports, str | Path | Report):
        reports = [reports]
    read = [r if isinstance(r, Report) else read_report(r) for r in reports]
    editions: dict[str, list[Report]] = {}
    for key, report in sorted(zip(meeting_keys(read, symbol), read, strict=True),
                              key=lambda pair: (pair[1].meeting_date, pair[0])):
        editions.setdefault(key, []).append(report)
    keys = list(editions)
    loaded = [agreed_edition(same, key) for key, same in editions.items()]
    if not loaded:
        raise MissingSectionError("build_study", "report")
    latest_day = check_as_of(latest)
    status_dates = [check_as_of(as_of if as_of is not None else r.meeting_date)
                    for r in loaded]
    statuses = {treaty: {day: status(day) for day in dict.fromkeys([*status_dates, latest_day])}
                for treaty, status in treaty_status_functions().items()}
    attendance, mentions, voice, errors = [], [], [], {}
    for key, report, day in zip(keys, loaded, status_dates, strict=True):
        listed = parse_attendance(report)
        attendance.append(_keyed(listed, report, key))
        try:
            spoken = parse_voice(report)
        except (MissingSectionError, NotSupportedError) as error:
            errors[key] = error
            continue
        mentions.append(_keyed(spoken, report, key))
        voice.append(_keyed(voice_by_entity(spoken, listed, statuses[PROTOCOL][day]),
                            report, key))
    meetings = pl.DataFrame({
        "meeting": keys, "meeting_date": [r.meeting_date for r in loaded],
        "meeting_end": [r.meeting_end for r in loaded],
        "status_date": status_dates, "language": [r.language for r in loaded],
        "source": [r.source for r in loaded]})
    study = Study(meetings, _concat(attendance), _concat(mentions), _concat(voice), statuses,
                  latest_day, errors)
    validate_study(study)  # the analyses take these tables as declared (analysis.schemas)
    return study
