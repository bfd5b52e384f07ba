"""A meeting is one meeting: known by its document symbol, else by its venue and days.

Found: two copies of the shipped report outside data/raw (no ``.source.json`` sidecar,
so no symbol) became two meetings on the same dates; the series figures doubled every
bar and the briefing named a file as the report. A file name never names a meeting.
The shipped Chinese text prints no symbol of its own (its head has none; the symbols
in paragraph 45 are the documents the meeting had before it), so a copy of it without
its sidecar is known by "Vienna 2020-07-16/17".
"""

from __future__ import annotations

import re
import shutil

import polars as pl
import pytest

from analysis.errors import NotSupportedError
from analysis.figures import figure_builders
from analysis.report import meeting_key, read_report, report_from_text
from analysis.series import participation_by_meeting, series_table, series_tables
from analysis.study import build_study, meeting_keys
from analysis.tables import figure_tables
from analysis.vocabulary import load_labels
from tests.conftest import REPORT_EN, REPORT_ZH, ROOT

SYMBOL = "CTOC/COP/WG.6/2020/3"
HELD = "Vienna 2020-07-16/17"
LATER = ROOT / "tests" / "fixtures" / "wg-firearms-2022-test-meeting.en.txt"
STATES = 195


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    """Two copies of the shipped report, under other names, with no sidecar."""
    folder = tmp_path_factory.mktemp("copies")
    a, b = folder / "A.txt", folder / "report (copy).txt"
    shutil.copy(REPORT_ZH, a)
    shutil.copy(REPORT_ZH, b)
    return a, b


def test_two_copies_are_one_meeting_in_the_series_command(copies, cli):
    result = cli("series", *copies)
    assert result.returncode == 0, result.stderr
    table = pl.read_csv(result.stdout.encode())
    assert table["meeting"].unique().to_list() == [HELD]
    assert table.height == STATES + 12
    assert "A.txt" not in result.stdout and "copy" not in result.stdout


def test_two_copies_are_one_meeting_in_the_study(copies):
    study = build_study(list(copies))
    assert study.meetings["meeting"].to_list() == [HELD]
    assert study.attendance.height == 90
    assert series_tables(study) is None  # one meeting: no series figures to double


def test_a_copy_and_the_shipped_report_are_the_shipped_meeting(copies):
    study = build_study([copies[0], REPORT_ZH])
    assert study.meetings["meeting"].to_list() == [SYMBOL]
    assert study.attendance.height == 90


def test_series_figures_with_copies_count_each_meeting_once_and_name_no_file(copies):
    study = build_study([*copies, LATER])
    assert study.meetings["meeting"].to_list() == [HELD, "CTOC/COP/WG.6/2022/99"]
    participation = participation_by_meeting(series_table(study))
    attended = (participation.filter(pl.col("attended_as") != "absent")
                .group_by("meeting", maintain_order=True).agg(pl.col("states").sum()))
    # The 78 Member States that came in 2020 count once, not twice.
    assert attended.row(0) == (HELD, 78)
    labels = load_labels("en")
    spec = figure_builders(figure_tables(study), labels)["participation_by_meeting"]().to_dict()
    text = str(spec)
    assert HELD in text and "CTOC/COP/WG.6/2022/99" in text
    assert "A.txt" not in text and "report (copy)" not in text


def test_a_report_without_its_symbol_is_known_by_venue_and_days(tmp_path):
    # The English rendering names its symbol at its head; without it, and without a
    # sidecar, its venue and days make it the same meeting as the Chinese report.
    text = REPORT_EN.read_text(encoding="utf-8").replace(SYMBOL, "the report")
    bare = tmp_path / "excerpt.en.txt"
    bare.write_text(text, encoding="utf-8")
    report = read_report(bare)
    assert report.symbol is None and report.venue == "Vienna"
    assert meeting_key(report) == HELD
    assert build_study([REPORT_ZH, bare]).meetings["meeting"].to_list() == [SYMBOL]


def test_a_report_with_neither_symbol_nor_venue_is_refused_unless_given_one(copies, cli,
                                                                            tmp_path):
    text = copies[0].read_text(encoding="utf-8")
    nowhere = tmp_path / "nowhere.zh.txt"
    nowhere.write_text(text.replace("在维也纳", ""), encoding="utf-8")
    assert read_report(nowhere).venue is None
    result = cli("series", nowhere)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {nowhere}: cannot tell which meeting")
    assert "--symbol" in result.stderr
    given = cli("series", nowhere, "--symbol", SYMBOL)
    assert given.returncode == 0, given.stderr
    assert pl.read_csv(given.stdout.encode())["meeting"].unique().to_list() == [SYMBOL]


def test_symbol_option_is_checked(cli, copies):
    bad = cli("audit", copies[0], "--symbol", "report 2020")
    assert bad.returncode == 1
    assert "is not a UN document symbol" in bad.stderr
    unused = cli("audit", REPORT_ZH, "--symbol", "CTOC/COP/WG.6/2020/9")
    assert unused.returncode == 1
    assert f"every report states its own document symbol ({SYMBOL})" in unused.stderr
    audit = cli("audit", copies[0], "--symbol", SYMBOL)
    assert audit.returncode == 0, audit.stderr
    assert f"audit of {SYMBOL} (" in audit.stdout


def test_a_copy_that_could_be_two_meetings_is_refused():
    title = "Report on the meeting of the Working Group held in Vienna on 16 and 17 July 2020"
    first = report_from_text(f"CTOC/COP/WG.6/2020/3\n{title}")
    other = report_from_text(f"CTOC/COP/WG.6/2020/8\n{title}")
    bare = report_from_text(title, source="bare.txt")
    assert meeting_keys([first, bare]) == [SYMBOL, SYMBOL]
    with pytest.raises(NotSupportedError, match=re.escape(
            "CTOC/COP/WG.6/2020/3 and CTOC/COP/WG.6/2020/8 were both held in " + HELD)):
        meeting_keys([first, other, bare])


@pytest.mark.parametrize(("lang", "title"), [
    ("ar", "تقرير عن اجتماع الفريق العامل المعني بالأسلحة النارية المعقود في فيينا يومي 16 "
           "و17 تموز/يوليه 2020"),
    ("en", "Report on the meeting of the Working Group on Firearms held in Vienna on 16 and "
           "17 July 2020"),
    ("es", "Informe sobre la reunión del Grupo de Trabajo sobre Armas de Fuego celebrada en "
           "Viena los días 16 y 17 de julio de 2020"),
    ("fr", "Rapport sur la réunion du Groupe de travail sur les armes à feu tenue à Vienne "
           "les 16 et 17 juillet 2020"),
    ("ru", "Доклад о работе совещания Рабочей группы по огнестрельному оружию, состоявшегося "
           "в Вене 16 и 17 июля 2020 года"),
    ("zh", "2020年7月16日和17日在维也纳举行的枪支问题工作组会议报告"),
])
def test_venue_and_days_are_read_in_every_language(lang, title):
    report = report_from_text(title)
    assert report.language == lang
    assert meeting_key(report) == HELD


def test_a_symbol_cited_in_the_body_is_not_the_reports():
    text = ("Report on the meeting held in Vienna on 16 and 17 July 2020\n\n"
            "1. The Working Group had before it CTOC/COP/WG.6/2020/2.")
    assert report_from_text(text).symbol is None
