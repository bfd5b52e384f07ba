"""The command line: ``python -m analysis COMMAND``.

Owns argument parsing (argparse) and turning the package's errors into one line on
standard error with an exit status: 1 for bad input, 2 for bad usage. No traceback
reaches the user.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from analysis.errors import (
    AnalysisError,
    NotSupportedError,
    OutputError,
    missing_dependency,
)
from analysis.languages import LANGUAGES
from analysis.vocabulary import TREATY_IDS, label_languages

if TYPE_CHECKING:
    import polars as pl

    from analysis.study import Study

EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_BUG = 3


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        """Print one line naming the usage problem and exit with status 2."""
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _output_format(fmt: str | None, out: Path | None) -> str:
    """The format asked for: ``--format``, else the ``--out`` suffix (.xlsx, .json), else CSV."""
    if fmt:
        return fmt
    suffix = out.suffix.lower() if out else ""
    return {".xlsx": "xlsx", ".json": "json"}.get(suffix, "csv")


def _write_table(table: pl.DataFrame, fmt: str | None, out: Path | None,
                 bom: bool = False) -> None:
    """Write a table as CSV, JSON or an Excel workbook to a file or standard output.

    ``bom`` starts a CSV with the UTF-8 byte order mark, which Excel needs to read
    Arabic, Chinese or Russian names as UTF-8 rather than in the computer's code page.
    """
    fmt = _output_format(fmt, out)
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
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
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
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise OutputError(out, error.strerror or type(error).__name__) from None


def _read_table(path: Path) -> pl.DataFrame:
    """A CSV file (UTF-8, with or without BOM) or the first sheet of an .xlsx, all as text."""
    import polars as pl

    if path.is_dir():
        raise NotSupportedError(str(path), "is a folder; give a CSV or .xlsx file")
    if not path.is_file():
        raise NotSupportedError(str(path), "no such file")
    with path.open("rb") as start:
        zipped = start.read(4) == b"PK\x03\x04"  # an .xlsx is a zip archive, whatever its name
    if zipped or path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl  # noqa: F401  (polars reads with it; a core install is told its extra)

        try:
            # Every cell as text: a code such as "004" keeps its zeros.
            return pl.read_excel(io.BytesIO(path.read_bytes()), engine="openpyxl",
                                 infer_schema_length=0)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise NotSupportedError(str(path), f"cannot be read as an Excel workbook "
                                    f"({type(error).__name__})") from None
    if path.suffix.lower() == ".xls":
        raise NotSupportedError(str(path), "old .xls workbooks are not read; save it as .xlsx "
                                "or CSV")
    try:
        return pl.read_csv(path, infer_schema=False, encoding="utf8",
                           separator=_csv_separator(path))
    except pl.exceptions.ComputeError as error:
        if "utf-8" in str(error).lower() or "utf8" in str(error).lower():
            raise NotSupportedError(str(path), "is not UTF-8 text (save it as CSV UTF-8)") \
                from None
        raise NotSupportedError(str(path), f"cannot be read as CSV: {str(error).splitlines()[0]}") \
            from None
    except pl.exceptions.NoDataError:
        raise NotSupportedError(str(path), "is empty") from None


def _csv_separator(path: Path) -> str:
    """The separator of a CSV file, read from its header line.

    A comma, or the semicolon or TAB Excel writes in locales whose decimal mark is a
    comma (French, Spanish, Russian).
    """
    import csv

    with path.open("rb") as start:
        header = start.read(65536).decode("utf-8", errors="replace").lstrip("\ufeff")
    header = header.splitlines()[0] if header else ""
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:  # one column: no separator in the header
        return ","


def _cmd_parse(args: argparse.Namespace) -> int:
    from analysis.attendance import parse_attendance
    from analysis.report import read_report

    table = parse_attendance(read_report(args.report))
    _write_table(_with_names(table, args.names, table.columns[-1]), args.format, args.out,
                 args.bom)
    return 0


def _dated(table: pl.DataFrame, as_of: object, treaty: str) -> pl.DataFrame:
    """Lead a status table with ``as_of`` (a date or an expression) and ``treaty``.

    A table that says what it holds: a status is only true on its date, for one treaty.
    A status table from ``status_on`` ends with these columns already; they are moved
    to the front, so every saved table starts with what it holds.
    """
    import polars as pl

    lead = {"as_of": as_of if isinstance(as_of, pl.Expr) else pl.lit(as_of),
            "treaty": pl.lit(treaty)}
    first = [pl.col(name) if name in table.columns else value.alias(name)
             for name, value in lead.items()]
    return table.select(*first, pl.exclude(*lead))


def _with_names(table: pl.DataFrame, lang: str | None, after: str) -> pl.DataFrame:
    """``--names LANG``: add ``name_LANG``, the UN short name in that language, after ``after``.

    Nothing is added when the table has that column already (``parse`` has ``name_en``).
    """
    from analysis.reference import entity_names

    column = f"name_{lang}"
    if lang is None or column in table.columns:
        return table
    names = entity_names(lang).rename({"name": column})
    joined = table.join(names, on="entity_id", how="left", maintain_order="left")
    at = table.columns.index(after) + 1
    return joined.select(*table.columns[:at], column, *table.columns[at:])


def _with_group_names(table: pl.DataFrame, lang: str | None) -> pl.DataFrame:
    """``--names LANG`` for tables by regional group: ``group_name_LANG`` after the group."""
    import polars as pl

    from analysis.vocabulary import load_labels

    if lang is None:
        return table
    texts = load_labels(lang).texts
    column = f"group_name_{lang}"
    at = table.columns.index("regional_group") + 1
    groups = {key.removeprefix("group."): text for key, text in texts.items()
              if key.startswith("group.") and isinstance(text, str)}
    named = table.with_columns(pl.col("regional_group").replace_strict(
        groups, default=pl.col("regional_group"), return_dtype=pl.String).alias(column))
    return named.select(*table.columns[:at], column, *table.columns[at:])


# --to: the column each target adds. The lead folds this into analysis.convert (helper
# "library") when merging; until then it is this one small mapping from the reference tables.
_TO_COLUMNS = {"iso3": "iso3", "iso2": "iso2", "m49": "m49", "name": "un_name",
               "group": "regional_group"}


def _conversions(to: str, names_lang: str = "en") -> pl.DataFrame:
    """``entity_id`` and the ``--to`` column: ISO alpha-2, M49 code, UN name or regional group.

    ISO alpha-2 and M49 (the ISO 3166-1 numeric code, which M49 uses for countries and
    areas) come from pycountry; the UN name from the UN names table in ``names_lang``;
    the regional group from the Member States table (null outside the five groups).
    """
    import polars as pl
    import pycountry

    from analysis.reference import entity_names, load_member_states

    column = _TO_COLUMNS[to]
    if to in ("iso2", "m49", "iso3"):
        field = {"iso2": "alpha_2", "m49": "numeric", "iso3": "alpha_3"}[to]
        rows = [(c.alpha_3, getattr(c, field)) for c in pycountry.countries]
        return pl.DataFrame(rows, schema=["entity_id", column], orient="row")
    if to == "name":
        return entity_names(names_lang).rename({"name": column})
    return load_member_states().select(entity_id="iso3", regional_group="regional_group")


def _unknown_rows(index: object, frame: pl.DataFrame, column: str, lang: str | None
                  ) -> pl.DataFrame:
    """``row, name, reason``: every row whose name is unknown or ambiguous, in file order."""
    import polars as pl

    from analysis.names import name_key

    missing = frame.with_row_index("row", offset=2).filter(
        pl.col("entity_id").is_null()
        & (name_key(pl.col(column).cast(pl.String).fill_null("")) != ""))
    if not missing.height:
        return pl.DataFrame(schema={"row": pl.UInt32, "name": pl.String, "reason": pl.String})
    distinct = list(dict.fromkeys(missing[column].cast(pl.String)))
    error = index.unknown_error(distinct, lang)
    reasons = {}
    for name, hints in error.unknown.items():
        if name in error.ambiguous:
            reasons[name] = f"ambiguous: {', '.join(hints)}"
        else:
            note = error.notes.get(name) if hasattr(error, "notes") else None
            reasons[name] = note or ("unknown" + (f"; did you mean: {', '.join(hints)}?"
                                                  if hints else ""))
    return missing.select("row", name=pl.col(column).cast(pl.String)).with_columns(
        reason=pl.col("name").replace_strict(reasons, return_dtype=pl.String))


def _cmd_normalise_file(args: argparse.Namespace) -> int:
    """``normalise --in FILE --column NAME``: the table with id columns beside the names."""
    import polars as pl

    from analysis.names import default_name_index, normalise_names

    source = str(args.input)
    table = _read_table(args.input)
    column = args.column
    if column is None:
        if table.width != 1:
            raise NotSupportedError(source, f"{table.width} columns; say which holds the names "
                                    f"with --column ({', '.join(table.columns)})")
        column = table.columns[0]
    if column not in table.columns:
        raise NotSupportedError(source, f"no column {column!r} (the columns are "
                                f"{', '.join(repr(c) for c in table.columns)})")
    added = ["entity_id", "entity_kind", "iso3"]
    if args.to not in (None, "iso3"):
        added.append(_TO_COLUMNS[args.to])
    clash = [c for c in added if c in table.columns]
    if clash:
        raise NotSupportedError(source, f"already has a column {clash[0]!r}, which normalise "
                                "adds; rename it first")
    index = default_name_index()
    names = table.select(pl.col(column).cast(pl.String))
    resolved = normalise_names(names, column, lang=args.lang, allow_unknown=True, index=index)
    if args.to not in (None, "iso3"):
        resolved = resolved.join(_conversions(args.to, args.names or "en"), on="entity_id",
                                 how="left", maintain_order="left")
    # The id columns go right after the names, every other column keeps its place.
    at = table.columns.index(column) + 1
    result = pl.concat([table.select(table.columns[:at]), resolved.select(added),
                        table.select(table.columns[at:])], how="horizontal")
    _write_table(result, args.format, args.out, args.bom)
    unknown = _unknown_rows(index, resolved, column, args.lang)
    if not unknown.height:
        return 0
    if args.unknown:
        _write_table(unknown, None, args.unknown, args.bom)
    else:
        for row, name, reason in unknown.iter_rows():
            print(f"{source}: row {row}: {name!r}: {reason}", file=sys.stderr)
    if args.allow_unknown:
        return 0
    listed = f", listed in {args.unknown}" if args.unknown else " (listed above)"
    what = ("row has a name that is" if unknown.height == 1
            else "rows have names that are")
    print(f"error: {source}: {unknown.height} {what} unknown or ambiguous{listed}",
          file=sys.stderr)
    return EXIT_BAD_INPUT


def _cmd_normalise(args: argparse.Namespace) -> int:
    import polars as pl

    from analysis.names import default_name_index, normalise_names, pasted_cells

    if args.input is not None:
        if args.names_given:
            raise NotSupportedError("arguments", "give names or --in FILE, not both")
        return _cmd_normalise_file(args)
    if args.names_given:
        names = list(args.names_given)
    else:
        # One name per line, split at "\n" only (str.splitlines would also split at
        # U+2028, U+2029 and U+0085 inside a line); blank lines are kept, so that the
        # output lines up with the input line for line.
        text = sys.stdin.buffer.read().decode("utf-8-sig", errors="strict")
        names = text.removesuffix("\n").split("\n") if text else []
    where = "arguments" if args.names_given else "standard input"
    place = "argument" if args.names_given else "line"
    # Read the way a person means a pasted line: a Windows line ending, stray TABs,
    # spaces, quotes and trailing separators are not part of the name. A line that
    # holds a TAB or a line break prints the name read (NAME<TAB>ID cannot carry them);
    # every other line prints as given, so the output lines up with the input.
    # (The key folds stray spaces, quotes and separators itself: only lines with a TAB
    # or a line break need reading cell by cell, which keeps a long paste fast.)
    lines = pl.DataFrame({"name": pl.Series(names, dtype=pl.String).str.strip_suffix("\r")})
    read = lines.with_row_index("at", offset=1)
    split = (read.filter(pl.col("name").str.contains(r"[\t\r\n\v\f]"))
             .with_columns(cells=pasted_cells(pl.col("name"))))
    for at, cells in split.filter(pl.col("cells").list.len() > 1).select("at", "cells").rows():
        print(f"warning: {where}: {place} {at}: {len(cells)} TAB-separated cells; the first "
              f"({cells[0]!r}) was read as the name", file=sys.stderr)
    frame = read.update(split.select("at", name=pl.col("cells").list.first().fill_null("")),
                        on="at").select("name")
    index = default_name_index()
    resolved = normalise_names(frame, "name", lang=args.lang, allow_unknown=True, index=index)
    value = "entity_id"
    if args.to not in (None, "iso3"):
        value = _TO_COLUMNS[args.to]
        resolved = resolved.join(_conversions(args.to, args.names or "en"), on="entity_id",
                                 how="left", maintain_order="left")
    out = resolved.select("name", pl.col(value).fill_null(""))
    sys.stdout.write(out.write_csv(separator="\t", include_header=False, quote_style="never"))
    sys.stdout.flush()
    if not args.allow_unknown:
        # Raises UnknownNameError: every unknown name, with suggestions, after the output.
        normalise_names(resolved.filter(pl.col("entity_id").is_null()).select("name"), "name",
                        lang=args.lang, index=index, where=where)
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    from analysis.treaty import check_as_of, status_on

    day = check_as_of(args.as_of, treaty=args.treaty)
    table = _dated(status_on(day, treaty=args.treaty), day, args.treaty)
    _write_table(_with_names(table, args.names, "name"), args.format, args.out, args.bom)
    return 0


def _cmd_gap(args: argparse.Namespace) -> int:

    from analysis.participation import gap_by_group
    from analysis.treaty import check_as_of, status_on

    day = check_as_of(args.as_of)
    table = gap_by_group(status_on(day), status_on(day, treaty="untoc"))
    # The gap is the Protocol's, split by the Convention (discussion point 1).
    table = _with_group_names(_dated(table, day, "firearms-protocol"), args.names)
    _write_table(table, args.format, args.out, args.bom)
    return 0


def _who(row: dict, names: str = "name_en") -> str:
    """``CIV Côte d'Ivoire (科特迪瓦)``: the id, the UN name, the report's own form.

    The UN name is the English one, or the one in ``--names LANG`` (column ``names``);
    the report's form is left out when it is that name already.
    """
    listed = "" if row["raw_name"] == row[names] else f" ({row['raw_name']})"
    return f"{row['entity_id']} {row[names]}{listed}"


def _cmd_audit(args: argparse.Namespace) -> int:
    import polars as pl

    from analysis.audit import audit_attendance
    from analysis.study import build_study

    study = build_study(args.report, symbol=args.symbol)
    meeting = study.status_date
    audit = audit_attendance(study.attendance, meeting)
    names = f"name_{args.names or 'en'}"
    audit = _with_names(audit, args.names, "name_en")
    verdicts = dict(audit.group_by("verdict").len().iter_rows())
    # Disagreements always; --verbose lists every participant checked, in report order,
    # so that a reader can see what "agree" covered and what the data cannot decide.
    shown = audit if args.verbose else audit.filter(pl.col("verdict") == "disagree")
    day = meeting.isoformat()
    for row in shown.iter_rows(named=True):
        listed = (f"{row['verdict']}: {_who(row, names)}: paragraph {row['paragraph']} lists it as "
                  f"{row['reported_status']}")
        print(listed + {
            "agree": f", as does the treaty data on {day}",
            "disagree": f", the treaty data says {row['data_status']} on {day}",
            "unverifiable": "; the treaty data lacks the dates to decide",
        }[row["verdict"]])
    source = f"{study.meeting} ({study.meetings['source'].item()})"
    print(f"audit of {source} on {meeting.isoformat()}: {audit.height} listed participants "
          "checked, "
          f"{verdicts.get('agree', 0)} agree, {verdicts.get('disagree', 0)} disagree, "
          f"{verdicts.get('unverifiable', 0)} unverifiable (dates missing in the treaty data)")
    return EXIT_BAD_INPUT if verdicts.get("disagree", 0) else 0


def _cmd_voice(args: argparse.Namespace) -> int:
    from analysis.study import build_study
    from analysis.voice import voice_by_group

    study = build_study(args.report, symbol=args.symbol)
    for error in study.voice_errors.values():
        raise error
    # The study's tables lead with the meeting key; this command reads one report.
    key = ["meeting", "meeting_date"]
    if args.by == "mention":
        table = study.mentions.drop(key)
    elif args.by == "group":
        table = voice_by_group(study.voice)
    else:
        table = study.voice.drop(key)
    _write_table(table, args.format, args.out, args.bom)
    return 0


def _cmd_series(args: argparse.Namespace) -> int:
    from analysis.series import series_table
    from analysis.study import build_study

    table = series_table(build_study(args.reports, symbol=args.symbol))
    _write_table(_with_names(table, args.names, "name"), args.format, args.out, args.bom)
    return 0


def _cmd_figures(args: argparse.Namespace) -> int:
    # Start the renderers before the heavy imports: their warm-up overlaps the study.
    from analysis.render import Renderer

    with Renderer() as renderer:
        from analysis.figures import write_figures
        from analysis.study import build_study

        study = build_study(args.report or None, symbol=args.symbol)
        for path in write_figures(study, args.out, langs=_chosen_languages(args),
                                  renderer=renderer):
            print(path)
    if args.tables:
        for path in _write_figure_tables(study, args.tables, args.tables_format, args.bom):
            print(path)
    for error in study.voice_errors.values():  # the study says why; this is the figure
        print(f"note: voice_by_group not drawn: {error}", file=sys.stderr)
    return 0


def _write_figure_tables(study: Study, folder: Path, fmt: str, bom: bool) -> list[Path]:
    """Write the tables behind the figures (``figures --tables``), one file per table."""
    from analysis.tables import export_tables

    if folder.exists() and not folder.is_dir():
        raise OutputError(folder, "it is a file; give a folder")
    import polars as pl

    # Each status table leads with its date and treaty; the gap's date is its `date`.
    status_date = dict(study.meetings.select("meeting", "status_date").iter_rows())
    written = []
    for name, table in export_tables(study).items():
        if name == "status_meeting":
            table = _dated(table, pl.col("meeting").replace_strict(status_date,
                                                                   return_dtype=pl.Date),
                           "firearms-protocol")
        elif name == "status_latest":
            table = _dated(table, study.latest, "firearms-protocol")
        elif name == "gap_by_group":
            table = table.select(pl.all(), treaty=pl.lit("firearms-protocol"))
        path = folder / f"{name}.{fmt}"
        _write_table(table, fmt, path, bom)
        written.append(path)
    from analysis.provenance import write_sidecars

    return [*written, *write_sidecars(written, study)]


def _cmd_brief(args: argparse.Namespace) -> int:
    from analysis.brief import write_briefs
    from analysis.errors import OutputError
    from analysis.report import default_report
    from analysis.study import build_study

    study = build_study(args.report or default_report(), latest=args.as_of, symbol=args.symbol)
    langs = _chosen_languages(args)
    # briefs/ by default, which git ignores: a briefing run leaves the checkout clean.
    out = args.out or Path("briefs")
    try:
        written = write_briefs(study, langs, out)
    except OSError as error:
        raise OutputError(out, error.strerror or type(error).__name__) from None
    for path in written:
        print(path)
    return 0


def _cmd_cards(args: argparse.Namespace) -> int:
    from analysis.cards import AlreadyPartyError, card_batch, select_states, write_cards

    if not args.states and not args.not_bound:
        raise NotSupportedError("cards", "name one or more States (ISO3 codes) or give "
                                "--not-bound")
    from analysis.cards import UnknownStateError
    from analysis.reference import load_member_states

    # A code no table knows fails before the study is built (a second saved).
    unknown = sorted(set(map(str.upper, args.states)) - set(load_member_states()["iso3"]))
    if unknown:
        raise UnknownStateError(unknown)
    batch = card_batch(args.as_of, args.report)
    states, parties = select_states(batch, args.states, args.not_bound)
    langs = "auto" if args.lang == ["auto"] else list(dict.fromkeys(args.lang))
    if langs != "auto" and "auto" in langs:
        raise NotSupportedError("cards", "--lang auto cannot be combined with languages")
    for path in write_cards(batch, states, langs, args.out, args.format):
        print(path)
    if parties:  # named with --not-bound: skipped, and said so
        raise AlreadyPartyError(parties, batch.as_of)
def _cmd_data(args: argparse.Namespace) -> int:
    from analysis.build.derive import write_derived_tables

    for path in write_derived_tables():
        print(f"wrote {path}")
    return 0


def _add_language_option(command: argparse.ArgumentParser, help: str) -> None:
    """``--lang LANG ...|all``: the label languages, read from the label files present."""
    command.add_argument("--lang", nargs="+", choices=(*label_languages(), "all"),
                         default=["en"], metavar="LANG", help=help)


def _chosen_languages(args: argparse.Namespace) -> list[str]:
    """The label languages ``--lang`` names, each once, in the order given (or all)."""
    return list(label_languages()) if "all" in args.lang else list(dict.fromkeys(args.lang))


def _add_symbol_option(command: argparse.ArgumentParser) -> None:
    """``--symbol SYMBOL``: the meeting of a report that states no document symbol."""
    command.add_argument("--symbol", metavar="SYMBOL",
                         help="document symbol (e.g. CTOC/COP/WG.6/2020/3) of a report that "
                         "states none (no NAME.source.json beside it, none at the head of its "
                         "text); without one, a report is known by its venue and days")


def _add_output_options(command: argparse.ArgumentParser,
                        out_help: str = "write here instead of standard output") -> None:
    """``--format``, ``--out FILE`` and ``--bom``, shared by every command that writes a table."""
    command.add_argument("--format", choices=("csv", "json", "xlsx"),
                         help="csv (default), json, or xlsx (an Excel workbook, needs --out); "
                         "default: from the --out suffix, else csv")
    command.add_argument("--out", type=Path, metavar="FILE", help=out_help)
    command.add_argument("--bom", action="store_true",
                         help="start CSV with a UTF-8 byte order mark, so that Excel shows "
                         "Arabic, Chinese and Russian names correctly")


def _prog() -> str:
    """The name the command was called by: ``firearms-wg``, or ``python -m analysis``."""
    called = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return called if called and called not in ("__main__.py", "-c") else "python -m analysis"


def _version() -> str:
    """The installed package version (the wheel's or the editable checkout's)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("firearms-wg-participation")
    except PackageNotFoundError:
        return "(not installed)"


_NAMES_HELP = "add name_LANG, the UN short name in that UN language (ar, en, es, fr, ru, zh)"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command.

    Example:
        >>> build_parser().parse_args(["parse", "report.txt", "--names", "fr"]).names
        'fr'
    """
    parser = _Parser(prog=_prog(), description="State participation in the UN Working Group "
                     "on Firearms: attendance, names, treaty status and figures.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}",
                        help="print the package version and exit")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    parse = commands.add_parser("parse", help="attendance table of a report, one row per "
                                "listed participant")
    parse.add_argument("report", type=Path, help="the report: plain text, PDF or Word (.docx), "
                       "in any of the six UN languages")
    parse.add_argument("--names", choices=LANGUAGES, metavar="LANG",
                        help=_NAMES_HELP)
    _add_output_options(parse)
    parse.set_defaults(run=_cmd_parse)

    normalise = commands.add_parser(
        "normalise", help="ids for names: NAME<TAB>ID for names given as arguments or read "
        "from standard input (one per line), or a CSV/Excel file with id columns added")
    normalise.add_argument("names_given", nargs="*", metavar="NAME",
                           help="names to look up (default: one per line on standard input)")
    normalise.add_argument("--in", dest="input", type=Path, metavar="FILE",
                           help="a CSV (UTF-8) or .xlsx file: every row is kept, in its order, "
                           "with entity_id, entity_kind, iso3 added after the names")
    normalise.add_argument("--column", metavar="NAME",
                           help="the column of --in FILE that holds the names (needed when "
                           "the file has more than one column)")
    normalise.add_argument("--to", choices=tuple(_TO_COLUMNS),
                           help="also give the ISO alpha-2 code, the M49 code, the UN name "
                           "(in --names LANG, default English) or the UN regional group; "
                           "for names on standard input it replaces the id")
    normalise.add_argument("--lang", choices=LANGUAGES, help="only match names in this language")
    normalise.add_argument("--names", choices=LANGUAGES, metavar="LANG",
                           help="the language of the UN name --to name gives")
    normalise.add_argument("--allow-unknown", action="store_true",
                           help="give an empty id for unknown and ambiguous names and exit 0")
    normalise.add_argument("--unknown", type=Path, metavar="FILE",
                           help="with --in: write the unknown and ambiguous rows (row, name, "
                           "reason) to this CSV or .xlsx file instead of standard error")
    _add_output_options(normalise, "with --in: write the table here (default: standard "
                        "output; the format follows --format or the suffix)")
    normalise.set_defaults(run=_cmd_normalise)

    status = commands.add_parser(
        "status", help="treaty status on a date for every UN member state and participant")
    status.add_argument("--treaty", choices=TREATY_IDS, default="firearms-protocol",
                        help="the Firearms Protocol (default) or its parent Convention")
    status.add_argument("--as-of", metavar="YYYY-MM-DD",
                        help="the date (default: the date the treaty data is true as of)")
    _add_output_options(status)
    status.add_argument("--names", choices=LANGUAGES, metavar="LANG",
                        help=_NAMES_HELP)
    status.set_defaults(run=_cmd_status)

    gap = commands.add_parser(
        "gap", help="per regional group: Member States that are Protocol parties, Protocol "
        "signatories, Convention parties only, neither, or unknown")
    gap.add_argument("--as-of", metavar="YYYY-MM-DD",
                     help="the date (default: the date the treaty data is true as of)")
    _add_output_options(gap)
    gap.add_argument("--names", choices=LANGUAGES, metavar="LANG",
                        help="add group_name_LANG, the regional group's name in that UN language")
    gap.set_defaults(run=_cmd_gap)

    audit = commands.add_parser(
        "audit", help="compare the report's party/signatory/non-party lists with the treaty "
        "data on the meeting date")
    audit.add_argument("report", type=Path, help="the report: plain text, PDF or Word (.docx)")
    audit.add_argument("--verbose", action="store_true",
                       help="list every participant checked (agreeing ones and those the "
                       "data cannot decide too), with its UN English name")
    audit.add_argument("--names", choices=LANGUAGES, metavar="LANG",
                        help="name each participant in that UN language instead of English")
    _add_symbol_option(audit)
    audit.set_defaults(run=_cmd_audit)

    voice = commands.add_parser(
        "voice", help="who chaired, led panels and made statements, joined to attendance "
        "and treaty status")
    voice.add_argument("report", type=Path, help="the report: plain text, PDF or Word (.docx)")
    voice.add_argument("--by", choices=("entity", "group", "mention"), default="entity",
                       help="one row per participant (default), per regional group, or per "
                       "mention in the report")
    _add_output_options(voice)
    _add_symbol_option(voice)
    voice.set_defaults(run=_cmd_voice)

    series = commands.add_parser(
        "series", help="the meetings side by side: one row per meeting and per UN Member or "
        "observer State (absent ones included) and per organization that attended, with "
        "treaty status on the meeting date and whether it spoke")
    series.add_argument("reports", type=Path, nargs="+", metavar="REPORT",
                        help="reports (plain text, PDF or Word), one or more per meeting "
                        "(editions of one meeting must agree)")
    _add_output_options(series)
    series.add_argument("--names", choices=LANGUAGES, metavar="LANG",
                        help=_NAMES_HELP)
    _add_symbol_option(series)
    series.set_defaults(run=_cmd_series)

    figures = commands.add_parser(
        "figures", help="write every figure as SVG, PNG (2x) and self-contained HTML")
    figures.add_argument("--report", type=Path, nargs="+", metavar="REPORT",
                         help="report(s) to draw (default: every report in data/raw); the "
                         "newest meeting is drawn, and two or more meetings add the series "
                         "figures")
    figures.add_argument("--out", type=Path, default=Path("figures"),
                         help="output folder (default: figures)")
    _add_language_option(figures, "one or more label languages: "
                         f"{', '.join(label_languages())}, or all; files other than English "
                         "are named NAME.LANG.EXT")
    figures.add_argument("--tables", type=Path, metavar="DIR",
                         help="also write the tables behind the figures here (NAME.csv)")
    figures.add_argument("--tables-format", choices=("csv", "xlsx"), default="csv",
                         help="the tables as CSV (default) or Excel workbooks (NAME.xlsx)")
    figures.add_argument("--bom", action="store_true",
                         help="start each CSV table with a UTF-8 byte order mark, for Excel")
    _add_symbol_option(figures)
    figures.set_defaults(run=_cmd_figures)

    brief = commands.add_parser(
        "brief", help="write the briefing pack: one printable, self-contained HTML page with "
        "the headline numbers as sentences, every figure and the sources")
    brief.add_argument("--report", type=Path,
                       help="report to brief, text, PDF or Word (default: the newest report "
                       "in data/raw)")
    _add_language_option(brief, f"one or more languages: {', '.join(label_languages())}, or all")
    brief.add_argument("--as-of", metavar="YYYY-MM-DD",
                       help="treaty status date (default: the date the treaty data is true as of)")
    brief.add_argument("--out", type=Path,
                       help="output file, or folder for several languages (brief.LANG.html); "
                       "default: briefs/ (which git ignores)")
    _add_symbol_option(brief)
    brief.set_defaults(run=_cmd_brief)

    cards = commands.add_parser(
        "cards", help="one printed A4 page per State not yet a party to the Protocol "
        "(discussion point 1), in the State's UN language: card.ISO3.LANG.pdf, with "
        "index.csv and index.html")
    cards.add_argument("states", nargs="*", metavar="ISO3", help="States by ISO3 code")
    cards.add_argument("--not-bound", action="store_true",
                       help="every UN Member or observer State not a party on the date "
                       "(with codes: those of them not parties; parties are skipped)")
    cards.add_argument("--lang", nargs="+", default=["en"], metavar="LANG",
                       choices=("ar", "en", "es", "fr", "ru", "zh", "auto"),
                       help="card languages, or auto: each State's UN official language(s) "
                       "(CLDR, corrected by data/reference/state_card_languages.csv); default en")
    cards.add_argument("--as-of", metavar="YYYY-MM-DD",
                       help="status date (default: the date the treaty data is true as of)")
    cards.add_argument("--report", type=Path, nargs="+", metavar="REPORT",
                       help="meeting reports for participation (default: every report in "
                       "data/raw)")
    cards.add_argument("--format", choices=("pdf", "html"), default="pdf",
                       help="pdf: one printed A4 page per State (default); html: a page "
                       "for the screen")
    cards.add_argument("--out", type=Path, default=Path("cards"),
                       help="output folder (default: cards)")
    cards.set_defaults(run=_cmd_cards)
    # make data: maintainers' step, after a raw source changes (analysis/build/).
    data = commands.add_parser(
        "data", help="re-derive the treaty record, the dates of UN membership and the world "
        "map from data/raw (review the diff before committing it)")
    data.set_defaults(run=_cmd_data)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).

    Returns:
        0 on success, 1 for bad input, 2 for bad usage, 3 for a bug.

    Example:
        >>> main(["normalise", "Viet Nam"])  # doctest: +SKIP
        Viet Nam	VNM
        0
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except AnalysisError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except UnicodeDecodeError as error:
        print(f"error: input is not UTF-8 text (byte {error.start})", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0
    except ModuleNotFoundError as error:  # run by a Python without the dependencies
        print(missing_dependency(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"error: {error.filename or 'input/output'}: {error.strerror or error}",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:
        print(f"internal error (please report it): {type(error).__name__}: {error}",
              file=sys.stderr)
        return EXIT_BUG
