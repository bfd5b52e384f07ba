"""The command line: ``python -m analysis COMMAND``.

Owns argument parsing (argparse) and turning the package's errors into one line on
standard error with an exit status: 1 for bad input, 2 for bad usage. No traceback
reaches the user.
"""

from __future__ import annotations

import argparse
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

EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_BUG = 3


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        """Print one line naming the usage problem and exit with status 2."""
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _write_table(table: pl.DataFrame, fmt: str, out: Path | None) -> None:
    """Write a table as CSV or JSON to a file or standard output."""
    text = table.write_json() + "\n" if fmt == "json" else table.write_csv()
    if out is None:
        sys.stdout.write(text)
        return
    if out.is_dir():
        raise OutputError(out, "it is a folder; give a file name")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise OutputError(out, error.strerror or type(error).__name__) from None


def _cmd_parse(args: argparse.Namespace) -> int:
    from analysis.attendance import parse_attendance
    from analysis.report import read_report

    table = parse_attendance(read_report(args.report))
    _write_table(table, args.format, args.out)
    return 0


def _cmd_normalise(args: argparse.Namespace) -> int:
    import polars as pl

    from analysis.names import default_name_index, normalise_names

    if args.names:
        names = list(args.names)
    else:
        # One name per line, split at "\n" only (str.splitlines would also split at
        # U+2028, U+2029 and U+0085 inside a line); blank lines are kept, so that the
        # output lines up with the input line for line.
        text = sys.stdin.buffer.read().decode("utf-8-sig", errors="strict")
        names = text.removesuffix("\n").split("\n") if text else []
    # A Windows line ending ("\r\n") is not part of the name.
    frame = pl.DataFrame({"name": pl.Series(names, dtype=pl.String).str.strip_suffix("\r")})
    # NAME<TAB>ID, one line per name, cannot carry a TAB or a line break inside a name.
    unfit = (frame.with_row_index("line", offset=1)
             .filter(pl.col("name").str.contains(r"[\t\r\n]")))
    if unfit.height:
        place = "argument" if args.names else "line"
        raise NotSupportedError(
            "arguments" if args.names else "standard input",
            f"{place} {unfit['line'][0]}: a name contains a TAB or a line break, which the "
            "NAME<TAB>ID output cannot carry (replace it with a space)")
    index = default_name_index()
    resolved = normalise_names(frame, "name", lang=args.lang, allow_unknown=True, index=index)
    out = resolved.select("name", pl.col("entity_id").fill_null(""))
    sys.stdout.write(out.write_csv(separator="\t", include_header=False, quote_style="never"))
    sys.stdout.flush()
    if not args.allow_unknown:
        # Raises UnknownNameError: every unknown name, with suggestions, after the output.
        normalise_names(resolved.filter(pl.col("entity_id").is_null()).select("name"), "name",
                        lang=args.lang, index=index,
                        where="arguments" if args.names else "standard input")
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    from analysis.treaty import status_on

    _write_table(status_on(args.as_of, treaty=args.treaty), args.format, args.out)
    return 0


def _cmd_gap(args: argparse.Namespace) -> int:
    import polars as pl

    from analysis.participation import gap_by_group
    from analysis.treaty import check_as_of, status_on

    day = check_as_of(args.as_of)
    table = gap_by_group(status_on(day), status_on(day, treaty="untoc"))
    _write_table(table.select(pl.lit(day).alias("as_of"), pl.all()), args.format, args.out)
    return 0


def _who(row: dict) -> str:
    """``CIV Côte d'Ivoire (科特迪瓦)``: the id, the UN English name, the report's own form.

    The report's form is left out when it is the English name already (English reports).
    """
    listed = "" if row["raw_name"] == row["name_en"] else f" ({row['raw_name']})"
    return f"{row['entity_id']} {row['name_en']}{listed}"


def _cmd_audit(args: argparse.Namespace) -> int:
    import polars as pl

    from analysis.audit import audit_attendance
    from analysis.study import build_study

    study = build_study(args.report, symbol=args.symbol)
    meeting = study.status_date
    audit = audit_attendance(study.attendance, meeting)
    verdicts = dict(audit.group_by("verdict").len().iter_rows())
    # Disagreements always; --verbose lists every participant checked, in report order,
    # so that a reader can see what "agree" covered and what the data cannot decide.
    shown = audit if args.verbose else audit.filter(pl.col("verdict") == "disagree")
    day = meeting.isoformat()
    for row in shown.iter_rows(named=True):
        listed = (f"{row['verdict']}: {_who(row)}: paragraph {row['paragraph']} lists it as "
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
    _write_table(table, args.format, args.out)
    return 0


def _cmd_series(args: argparse.Namespace) -> int:
    from analysis.series import series_table
    from analysis.study import build_study

    _write_table(series_table(build_study(args.reports, symbol=args.symbol)), args.format,
                 args.out)
    return 0


def _cmd_figures(args: argparse.Namespace) -> int:
    # Start the renderers before the heavy imports: their warm-up overlaps the study.
    from analysis.render import Renderer

    with Renderer() as renderer:
        from analysis.figures import write_figures
        from analysis.study import build_study

        study = build_study(args.report or None, symbol=args.symbol)
        for path in write_figures(study, args.out, langs=_chosen_languages(args),
                                  tables_dir=args.tables,
                                  renderer=renderer):
            print(path)
    for error in study.voice_errors.values():  # the study says why; this is the figure
        print(f"note: voice_by_group not drawn: {error}", file=sys.stderr)
    return 0


def _cmd_brief(args: argparse.Namespace) -> int:
    from analysis.brief import write_briefs
    from analysis.errors import OutputError
    from analysis.report import default_report
    from analysis.study import build_study

    study = build_study(args.report or default_report(), latest=args.as_of, symbol=args.symbol)
    langs = _chosen_languages(args)
    out = args.out or Path("briefs" if len(langs) > 1 else f"brief.{langs[0]}.html")
    try:
        written = write_briefs(study, langs, out)
    except OSError as error:
        raise OutputError(out, error.strerror or type(error).__name__) from None
    for path in written:
        print(path)
    return 0


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


def _add_output_options(command: argparse.ArgumentParser) -> None:
    """``--format csv|json`` and ``--out FILE``, shared by every command that writes a table."""
    command.add_argument("--format", choices=("csv", "json"), default="csv")
    command.add_argument("--out", type=Path, help="write here instead of standard output")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command.

    Example:
        >>> build_parser().parse_args(["parse", "report.txt"]).format
        'csv'
    """
    parser = _Parser(prog="python -m analysis",
                     description="State participation in the UN Working Group on Firearms.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    parse = commands.add_parser("parse", help="attendance table of a report, one row per "
                                "listed participant")
    parse.add_argument("report", type=Path, help="report text file (any UN language)")
    _add_output_options(parse)
    parse.set_defaults(run=_cmd_parse)

    normalise = commands.add_parser(
        "normalise", help="print NAME<TAB>ID for names given or read from standard input")
    normalise.add_argument("names", nargs="*", metavar="NAME")
    normalise.add_argument("--lang", choices=LANGUAGES, help="only match names in this language")
    normalise.add_argument("--allow-unknown", action="store_true",
                           help="print an empty id for unknown names and exit 0")
    normalise.set_defaults(run=_cmd_normalise)

    status = commands.add_parser(
        "status", help="treaty status on a date for every UN member state and participant")
    status.add_argument("--treaty", choices=TREATY_IDS, default="firearms-protocol",
                        help="the Firearms Protocol (default) or its parent Convention")
    status.add_argument("--as-of", metavar="YYYY-MM-DD",
                        help="the date (default: the date the treaty data is true as of)")
    _add_output_options(status)
    status.set_defaults(run=_cmd_status)

    gap = commands.add_parser(
        "gap", help="per regional group: Member States that are Protocol parties, Protocol "
        "signatories, Convention parties only, neither, or unknown")
    gap.add_argument("--as-of", metavar="YYYY-MM-DD",
                     help="the date (default: the date the treaty data is true as of)")
    _add_output_options(gap)
    gap.set_defaults(run=_cmd_gap)

    audit = commands.add_parser(
        "audit", help="compare the report's party/signatory/non-party lists with the treaty "
        "data on the meeting date")
    audit.add_argument("report", type=Path)
    audit.add_argument("--verbose", action="store_true",
                       help="list every participant checked (agreeing ones and those the "
                       "data cannot decide too), with its UN English name")
    _add_symbol_option(audit)
    audit.set_defaults(run=_cmd_audit)

    voice = commands.add_parser(
        "voice", help="who chaired, led panels and made statements, joined to attendance "
        "and treaty status")
    voice.add_argument("report", type=Path)
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
                        help="report text files, one or more per meeting (editions of one "
                        "meeting must agree)")
    _add_output_options(series)
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
                         help="also write the tables behind the figures (CSV) here")
    _add_symbol_option(figures)
    figures.set_defaults(run=_cmd_figures)

    brief = commands.add_parser(
        "brief", help="write the briefing pack: one printable, self-contained HTML page with "
        "the headline numbers as sentences, every figure and the sources")
    brief.add_argument("--report", type=Path,
                       help="report to brief (default: the newest report in data/raw)")
    _add_language_option(brief, f"one or more languages: {', '.join(label_languages())}, or all")
    brief.add_argument("--as-of", metavar="YYYY-MM-DD",
                       help="treaty status date (default: the date the treaty data is true as of)")
    brief.add_argument("--out", type=Path,
                       help="output file, or folder for several languages (brief.LANG.html); "
                       "default: brief.LANG.html, or briefs/ for several")
    _add_symbol_option(brief)
    brief.set_defaults(run=_cmd_brief)

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
