"""Table export: a table written as CSV, JSON or an Excel workbook, and the figure tables.

Owns how the package writes a table (``write_table``: to a file or standard output, the
format from the file's suffix or the one asked for, the UTF-8 byte order mark Excel
needs), the date and treaty a status table leads with (``dated``), and the one export of
the tables behind the figures (``write_tables``), which ``python -m analysis figures
--tables``, ``make figures`` and ``figures.write_figures`` all use: every table with its
provenance sidecar (``provenance.write_sidecars``).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from analysis.errors import BadArgumentError, OutputError
from analysis.vocabulary import PROTOCOL

if TYPE_CHECKING:
    from analysis.study import Study

FORMATS = ("csv", "json", "xlsx")
"""The formats a table is written in."""



def _output_format(fmt: str | None, out: Path | None) -> str:
    """The format asked for (``--format``), else the suffix of ``out`` (.xlsx, .json), else CSV."""
    if fmt:
        return fmt
    suffix = out.suffix.lower() if out else ""
    return {".xlsx": "xlsx", ".json": "json"}.get(suffix, "csv")


def write_table(table: pl.DataFrame, fmt: str | None = None, out: Path | None = None,
                bom: bool = False) -> None:
    """Write a table as CSV, JSON or an Excel workbook to a file or standard output.

    Args:
        table: The table.
        fmt: ``csv``, ``json`` or ``xlsx`` (default: from the suffix of ``out``, .xlsx or
            .json, else CSV).
        out: The file (its own folder is created if needed, ``make_folder``); None
            writes standard output.
        bom: Start a CSV with the UTF-8 byte order mark, which Excel needs to read
            Arabic, Chinese or Russian names as UTF-8 rather than in the computer's
            code page.

    Raises:
        BadArgumentError: ``fmt`` is no format written here.
        OutputError: an Excel workbook asked for on standard output, ``out`` is a
            folder, its folder's folder does not exist, or the file cannot be written.

    Example:
        >>> write_table(pl.DataFrame({"entity_id": ["VNM"], "iso2": ["VN"]}))
        entity_id,iso2
        VNM,VN
    """
    out = None if out is None else Path(out)
    fmt = _output_format(fmt, out)
    if fmt not in FORMATS:
        raise BadArgumentError("format", fmt, "not a table format written here", FORMATS)
    if fmt == "xlsx" and out is None:
        raise OutputError("standard output", "an Excel workbook needs a file: add --out FILE.xlsx")
    if out is not None and out.is_dir():
        raise OutputError(out, "it is a folder; give a file name")
    if fmt == "xlsx":
        import xlsxwriter  # noqa: F401  (polars writes with it; a core install is told its extra)

        # Built in memory, then written to exactly the path given (polars would add
        # ".xlsx" to a name without it). Headers in the first row, frozen in view.
        workbook = io.BytesIO()
        table.write_excel(workbook, worksheet="table", autofit=True, freeze_panes=(1, 0))
        make_folder(out.parent, out)
        try:
            out.write_bytes(workbook.getvalue())
        except OSError as error:
            raise OutputError(out, error.strerror or type(error).__name__) from None
        return
    text = table.write_json() + "\n" if fmt == "json" else table.write_csv()
    if bom and fmt == "csv":
        text = "\ufeff" + text
    if out is None:
        sys.stdout.write(text)
        return
    make_folder(out.parent, out)
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise OutputError(out, error.strerror or type(error).__name__) from None


def make_folder(folder: str | Path, target: str | Path | None = None, *,
                create: bool = True) -> Path:
    """Create ``folder`` if it is missing and its own folder exists, and return it.

    The folder of an output is created, as users expect; a missing tree above it is
    not: a mistyped path (``/tmp/reprots/2024/x.csv``) gets an error naming the first
    folder that does not exist, rather than a new tree of folders.

    Args:
        folder: The folder to write in.
        target: What the error names as not written (default: ``folder``).
        create: False to check only: a command writing to two folders checks both
            before it makes either.

    Raises:
        OutputError: a folder above ``folder`` does not exist, or ``folder`` cannot be
            created.

    Example:
        >>> import tempfile
        >>> base = Path(tempfile.mkdtemp())
        >>> make_folder(base / "tables").is_dir()
        True
        >>> try:
        ...     make_folder(base / "typo" / "tables", base / "typo" / "tables" / "x.csv")
        ... except OutputError as error:
        ...     print(str(error).replace(str(base), "BASE"))
        BASE/typo/tables/x.csv: cannot write (folder BASE/typo does not exist)
    """
    folder = Path(folder)
    target = folder if target is None else target
    if folder.is_dir():
        return folder
    missing = [p for p in reversed(folder.parents) if not p.exists()]
    if missing:
        raise OutputError(target, f"folder {missing[0]} does not exist")
    if not create:
        return folder
    try:
        folder.mkdir()
    except OSError as error:
        raise OutputError(target, error.strerror or type(error).__name__) from None
    return folder


def dated(table: pl.DataFrame, as_of: object, treaty: str) -> pl.DataFrame:
    """Lead a status table with ``as_of`` (a date or an expression) and ``treaty``.

    A table that says what it holds: a status is only true on its date, for one treaty.
    A status table from ``status_on`` leads with them already (a study's
    ``status_meeting`` has its meeting first): they are kept, or moved to the front, so
    every saved table starts with what it holds, as it does in memory.

    Example:
        >>> import datetime
        >>> table = pl.DataFrame({"entity_id": ["DEU"], "status": ["signatory"]})
        >>> dated(table, datetime.date(2020, 7, 16), "firearms-protocol").columns
        ['as_of', 'treaty', 'entity_id', 'status']
    """
    lead = {"as_of": as_of if isinstance(as_of, pl.Expr) else pl.lit(as_of),
            "treaty": pl.lit(treaty)}
    first = [pl.col(name) if name in table.columns else value.alias(name)
             for name, value in lead.items()]
    return table.select(*first, pl.exclude(*lead))


def write_tables(study: Study, out_dir: Path, fmt: str = "csv", bom: bool = False
                 ) -> list[Path]:
    """Write the tables the figures are drawn from, each with its provenance sidecar.

    One file per table of ``tables.export_tables`` (attendance, status on the meeting
    date and on the latest date, voice, gap by group, and the series for two or more
    meetings), ``NAME.csv`` or ``NAME.xlsx``, and ``NAME.source.json`` beside each
    (``provenance.write_sidecars``). A status table leads with its date and treaty, and
    the gap names its treaty.

    Args:
        study: The study (``study.build_study``).
        out_dir: The folder (created if needed).
        fmt: ``csv`` (default), ``json`` or ``xlsx``.
        bom: Start each CSV with the UTF-8 byte order mark, for Excel.

    Returns:
        The files written: the tables, then their sidecars.

    Raises:
        OutputError: ``out_dir`` is a file, or a table cannot be written.

    Example:
        >>> from analysis.report import default_report
        >>> import tempfile
        >>> from analysis.study import build_study
        >>> study = build_study(default_report())
        >>> [p.name for p in write_tables(study, Path(tempfile.mkdtemp()))][:6]
        ['attendance.csv', 'status_meeting.csv', 'status_latest.csv', 'voice.csv', \
'gap_by_group.csv', 'attendance.source.json']
    """
    # Imported here: writing one table (python -m analysis normalise) needs no study.
    from analysis.provenance import write_sidecars
    from analysis.tables import export_tables

    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(out_dir, "it is a file; give a folder")
    make_folder(out_dir)  # before any table is written: a mistyped tree is refused whole
    # Each status table leads with its date and treaty; the gap's date is its `date`.
    status_date = dict(study.meetings.select("meeting", "status_date").iter_rows())
    written = []
    for name, table in export_tables(study).items():
        if name == "status_meeting":
            table = dated(table, pl.col("meeting").replace_strict(status_date,
                                                                  return_dtype=pl.Date),
                          PROTOCOL)
        elif name == "status_latest":
            table = dated(table, study.latest, PROTOCOL)
        elif name == "gap_by_group":  # many dates: its `date` leads, then the treaty
            table = table.select("date", pl.lit(PROTOCOL).alias("treaty"), pl.exclude("date"))
        path = out_dir / f"{name}.{fmt}"
        write_table(table, fmt, path, bom)
        written.append(path)
    return [*written, *write_sidecars(written, study)]
