"""The command line: ``python -m analysis COMMAND`` (and ``firearms-wg``).

Owns argument parsing (argparse) and turning the package's errors into one line on
standard error with an exit status: 1 for bad input, 2 for bad usage. No traceback
reaches the user. What each command does is ``cli_commands``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from analysis.cli_commands import COMMANDS, EXIT_BAD_INPUT, EXIT_BUG, EXIT_USAGE
from analysis.cli_io import TO_COLUMNS, TO_RENAMED
from analysis.errors import AnalysisError, missing_dependency
from analysis.languages import LANGUAGES
from analysis.vocabulary import TREATY_IDS, label_languages


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        """Print one line naming the usage problem and exit with status 2."""
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _add_language_option(command: argparse.ArgumentParser, help: str) -> None:
    """``--lang LANG ...|all``: the label languages, read from the label files present."""
    # extend: ``--lang fr --lang ru`` means both (argparse's default keeps only the last).
    command.add_argument("--lang", nargs="+", action="extend",
                         choices=(*label_languages(), "all"), metavar="LANG", help=help)



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
    parse.set_defaults(run=COMMANDS["parse"])

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
    normalise.add_argument("--to", choices=(*TO_COLUMNS, *TO_RENAMED),
                           help="also give the ISO alpha-2 code, the M49 code, the UN name "
                           "(in --names LANG, default English; column un_name) or the UN "
                           "regional group (regional_group; 'group' is its old spelling); "
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
    normalise.set_defaults(run=COMMANDS["normalise"])

    status = commands.add_parser(
        "status", help="treaty status on a date for every UN member state and participant")
    status.add_argument("--treaty", choices=TREATY_IDS, default="firearms-protocol",
                        help="the Firearms Protocol (default) or its parent Convention")
    status.add_argument("--as-of", metavar="YYYY-MM-DD",
                        help="the date (default: the date the treaty data is true as of)")
    _add_output_options(status)
    status.add_argument("--names", choices=LANGUAGES, metavar="LANG",
                        help=_NAMES_HELP)
    status.set_defaults(run=COMMANDS["status"])

    gap = commands.add_parser(
        "gap", help="per regional group: Member States that are Protocol parties, Protocol "
        "signatories, Convention parties only, neither, or unknown")
    gap.add_argument("--as-of", metavar="YYYY-MM-DD",
                     help="the date (default: the date the treaty data is true as of)")
    _add_output_options(gap)
    gap.add_argument("--names", choices=LANGUAGES, metavar="LANG",
                        help="add group_name_LANG, the regional group's name in that UN language")
    gap.set_defaults(run=COMMANDS["gap"])

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
    audit.set_defaults(run=COMMANDS["audit"])

    voice = commands.add_parser(
        "voice", help="who chaired, led panels and made statements, joined to attendance "
        "and treaty status")
    voice.add_argument("report", type=Path, help="the report: plain text, PDF or Word (.docx)")
    voice.add_argument("--by", choices=("entity", "group", "mention"), default="entity",
                       help="one row per participant (default), per regional group, or per "
                       "mention in the report")
    _add_output_options(voice)
    _add_symbol_option(voice)
    voice.set_defaults(run=COMMANDS["voice"])

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
    series.set_defaults(run=COMMANDS["series"])

    figures = commands.add_parser(
        "figures", help="write every figure as SVG, PNG (2x) and self-contained HTML")
    figures.add_argument("--report", type=Path, nargs="+", action="extend", metavar="REPORT",
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
    figures.set_defaults(run=COMMANDS["figures"])

    brief = commands.add_parser(
        "brief", help="write the briefing pack: one page per language with the headline "
        "numbers as sentences, every figure and the sources (HTML for the screen, or PDF)")
    brief.add_argument("--report", type=Path,
                       help="report to brief, text, PDF or Word (default: the newest report "
                       "in data/raw)")
    _add_language_option(brief, f"one or more languages: {', '.join(label_languages())}, or all")
    brief.add_argument("--as-of", metavar="YYYY-MM-DD",
                       help="treaty status date (default: the date the treaty data is true as of)")
    brief.add_argument("--out", type=Path,
                       help="output file, or folder for several languages (brief.LANG.html "
                       "or .pdf); default: briefs/ (which git ignores)")
    brief.add_argument("--format", choices=("html", "pdf"), default="html",
                       help="html: a self-contained page for the screen (default); pdf: "
                       "the printed briefing on A4, typeset with the package's fonts")
    _add_symbol_option(brief)
    brief.set_defaults(run=COMMANDS["brief"])

    cards = commands.add_parser(
        "cards", help="one printed A4 page per State not yet a party to the Protocol "
        "(discussion point 1), in the State's UN language: card.ISO3.LANG.pdf, with "
        "index.csv and index.html")
    cards.add_argument("states", nargs="*", metavar="ISO3", help="States by ISO3 code")
    cards.add_argument("--not-bound", action="store_true",
                       help="every UN Member or observer State not bound on the date: a "
                       "signatory or no status; undecided States (consent dated only by "
                       "bounds) are named, not carded (with codes: parties and undecided "
                       "States are skipped)")
    cards.add_argument("--lang", nargs="+", action="extend", metavar="LANG",
                       choices=("ar", "en", "es", "fr", "ru", "zh", "auto"),
                       help="card languages, or auto: each State's UN official language(s) "
                       "(CLDR, corrected by data/reference/state_card_languages.csv); default en")
    cards.add_argument("--as-of", metavar="YYYY-MM-DD",
                       help="status date (default: the date the treaty data is true as of)")
    cards.add_argument("--report", type=Path, nargs="+", action="extend", metavar="REPORT",
                       help="meeting reports for participation (default: every report in "
                       "data/raw)")
    cards.add_argument("--format", choices=("pdf", "html"), default="pdf",
                       help="pdf: one printed A4 page per State (default); html: a page "
                       "for the screen")
    cards.add_argument("--out", type=Path, default=Path("cards"),
                       help="output folder (default: cards)")
    cards.set_defaults(run=COMMANDS["cards"])
    # make data: maintainers' step, after a raw source changes (analysis/build/).
    data = commands.add_parser(
        "data", help="re-derive the treaty record, the dates of UN membership and the world "
        "map from data/raw (review the diff before committing it)")
    data.set_defaults(run=COMMANDS["data"])
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
    if getattr(args, "to", None) in TO_RENAMED:
        print(f"warning: --to {args.to} is deprecated; use --to {TO_RENAMED[args.to]}",
              file=sys.stderr)
        args.to = TO_RENAMED[args.to]
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
