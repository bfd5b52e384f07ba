"""The commands' bodies: each reads its arguments, calls the package and writes its output.

Owns what each command of ``python -m analysis`` does once its arguments are parsed
(``COMMANDS``, one function per command) and the exit statuses they return; the parser
and the one line an error becomes are ``cli``'s, the tables read and the columns added
``cli_io``'s, writing a table ``export``'s.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from analysis.cli_io import (
    TO_COLUMNS,
    conversions,
    read_table,
    unknown_rows,
    with_group_names,
    with_names,
)
from analysis.errors import NotSupportedError, OutputError
from analysis.export import dated, write_table
from analysis.vocabulary import CONVENTION, PROTOCOL, label_languages

EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_BUG = 3


def _cmd_parse(args: argparse.Namespace) -> int:
    from analysis.attendance import parse_attendance
    from analysis.report import read_report

    table = parse_attendance(read_report(args.report))
    write_table(with_names(table, args.names, table.columns[-1]), args.format, args.out,
                 args.bom)
    return 0


def _cmd_normalise_file(args: argparse.Namespace) -> int:
    """``normalise --in FILE --column NAME``: the table with id columns beside the names."""
    import polars as pl

    from analysis.names import default_name_index, normalise_names

    source = str(args.input)
    table = read_table(args.input)
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
        added.append(TO_COLUMNS[args.to])
    clash = [c for c in added if c in table.columns]
    if clash:
        raise NotSupportedError(source, f"already has a column {clash[0]!r}, which normalise "
                                "adds; rename it first")
    index = default_name_index()
    names = table.select(pl.col(column).cast(pl.String))
    resolved = normalise_names(names, column, lang=args.lang, allow_unknown=True, index=index)
    if args.to not in (None, "iso3"):
        resolved = resolved.join(conversions(args.to, args.names or "en"), on="entity_id",
                                 how="left", maintain_order="left")
    # The id columns go right after the names, every other column keeps its place.
    at = table.columns.index(column) + 1
    result = pl.concat([table.select(table.columns[:at]), resolved.select(added),
                        table.select(table.columns[at:])], how="horizontal")
    write_table(result, args.format, args.out, args.bom)
    unknown = unknown_rows(index, resolved, column, args.lang)
    if not unknown.height:
        return 0
    if args.unknown:
        write_table(unknown, None, args.unknown, args.bom)
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
        value = TO_COLUMNS[args.to]
        resolved = resolved.join(conversions(args.to, args.names or "en"), on="entity_id",
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
    table = dated(status_on(day, treaty=args.treaty), day, args.treaty)
    write_table(with_names(table, args.names, "name"), args.format, args.out, args.bom)
    return 0


def _cmd_gap(args: argparse.Namespace) -> int:

    from analysis.participation import gap_by_group
    from analysis.treaty import check_as_of, status_on

    day = check_as_of(args.as_of)
    table = gap_by_group(status_on(day), status_on(day, treaty=CONVENTION))
    # The gap is the Protocol's, split by the Convention (discussion point 1).
    table = with_group_names(dated(table, day, PROTOCOL), args.names)
    write_table(table, args.format, args.out, args.bom)
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
    audit = with_names(audit, args.names, "name_en")
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
    write_table(table, args.format, args.out, args.bom)
    return 0


def _cmd_series(args: argparse.Namespace) -> int:
    from analysis.series import series_table
    from analysis.study import build_study

    table = series_table(build_study(args.reports, symbol=args.symbol))
    write_table(with_names(table, args.names, "name"), args.format, args.out, args.bom)
    return 0


def _cmd_figures(args: argparse.Namespace) -> int:
    # Start the renderers before the heavy imports: their warm-up overlaps the study.
    from analysis.render import Renderer

    with Renderer() as renderer:
        from analysis.figures import write_figures
        from analysis.study import build_study

        study = build_study(args.report or None, symbol=args.symbol)
        for path in write_figures(study, args.out, langs=_chosen_languages(args),
                                  renderer=renderer, tables_dir=args.tables,
                                  tables_format=args.tables_format, bom=args.bom):
            print(path)
    for error in study.voice_errors.values():  # the study says why; this is the figure
        print(f"note: voice_by_group not drawn: {error}", file=sys.stderr)
    return 0


def _cmd_brief(args: argparse.Namespace) -> int:
    from analysis.brief import write_briefs
    from analysis.report import default_report
    from analysis.study import build_study

    study = build_study(args.report or default_report(), latest=args.as_of, symbol=args.symbol)
    langs = _chosen_languages(args)
    # briefs/ by default, which git ignores: a briefing run leaves the checkout clean.
    out = args.out or Path("briefs")
    try:
        written = write_briefs(study, langs, out, args.format)
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
    chosen = args.lang or ["en"]
    langs = "auto" if chosen == ["auto"] else list(dict.fromkeys(chosen))
    if langs != "auto" and "auto" in langs:
        raise NotSupportedError("cards", "--lang auto cannot be combined with languages")
    for path in write_cards(batch, states, langs, args.out, args.format):
        print(path)
    if args.not_bound and not args.states and batch.undecided():  # said, not dropped
        print(f"cards: {', '.join(batch.undecided())} undecided on {batch.as_of.isoformat()} "
              "(consent dated only by bounds), not carded by --not-bound; name a State to "
              "card it", file=sys.stderr)
    if parties:  # named with --not-bound: skipped, and said so
        undecided = set(batch.undecided())
        raise AlreadyPartyError([c for c in parties if c not in undecided], batch.as_of,
                                [c for c in parties if c in undecided])
    return 0


def _cmd_data(args: argparse.Namespace) -> int:
    from analysis.build.derive import write_derived_tables

    for path in write_derived_tables():
        print(f"wrote {path}")
    return 0


def _chosen_languages(args: argparse.Namespace) -> list[str]:
    """The label languages ``--lang`` names, each once, in the order given (or all)."""
    chosen = args.lang or ["en"]
    return list(label_languages()) if "all" in chosen else list(dict.fromkeys(chosen))


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "parse": _cmd_parse, "normalise": _cmd_normalise, "status": _cmd_status, "gap": _cmd_gap,
    "audit": _cmd_audit, "voice": _cmd_voice, "series": _cmd_series, "figures": _cmd_figures,
    "brief": _cmd_brief, "cards": _cmd_cards, "data": _cmd_data,
}
"""Each command's body: it returns the exit status (0, or ``EXIT_BAD_INPUT``)."""
