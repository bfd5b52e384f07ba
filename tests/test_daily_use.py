"""The analyst's daily use: files in and out (CSV, Excel), names in six languages."""

import csv
import io
import re
import shutil
import subprocess

import polars as pl
import pytest

from tests.conftest import REPORT_ZH, ROOT

ROWS = "country,value\nViet Nam,1\nKorea,2\nAtlantis,3\n,4\nGermany,5\nViet Nam,6\n"


def test_normalise_a_csv_keeps_every_row_and_adds_ids_beside_the_names(cli, tmp_path):
    source = tmp_path / "list.csv"
    source.write_text(ROWS, encoding="utf-8")
    result = cli("normalise", "--in", source, "--column", "country", "--to", "regional_group")
    assert result.returncode == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["country", "entity_id", "entity_kind", "iso3", "regional_group",
                             "value"]
    assert [r["value"] for r in rows] == ["1", "2", "3", "4", "5", "6"]
    assert [r["entity_id"] for r in rows] == ["VNM", "", "", "", "DEU", "VNM"]
    assert rows[4]["regional_group"] == "WEOG"
    # Every unknown or ambiguous row, with its row number as a spreadsheet shows it.
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{source}: row 3: 'Korea': ambiguous: Republic of Korea (KOR)")
    assert lines[1].startswith(f"{source}: row 4: 'Atlantis': unknown")
    assert lines[2] == (f"error: {source}: 2 rows have names that are unknown or ambiguous "
                        "(listed above)")


@pytest.mark.parametrize("separator", [";", "\t"])
def test_normalise_reads_the_semicolon_and_tab_csvs_excel_writes_in_other_locales(
        cli, tmp_path, separator):
    source = tmp_path / "pays.csv"
    source.write_text(f"Pays{separator}Valeur\nAllemagne{separator}1\n"
                      f"Côte d’Ivoire{separator}2\n", encoding="utf-8-sig")
    result = cli("normalise", "--in", source, "--column", "Pays")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["Pays"], r["entity_id"], r["Valeur"]) for r in rows] == [
        ("Allemagne", "DEU", "1"), ("Côte d’Ivoire", "CIV", "2")]


def test_normalise_an_excel_file_to_excel_with_the_unknown_rows_in_a_file(cli, tmp_path):
    source = tmp_path / "list.xlsx"
    pl.read_csv(io.StringIO(ROWS), infer_schema=False).write_excel(source)
    out, unknown = tmp_path / "out.xlsx", tmp_path / "unknown.csv"
    result = cli("normalise", "--in", source, "--column", "country", "--to", "iso2",
                     "--out", out, "--unknown", unknown)
    assert result.returncode == 1
    assert result.stderr == (f"error: {source}: 2 rows have names that are unknown or "
                             f"ambiguous, listed in {unknown}\n")
    table = pl.read_excel(out, engine="openpyxl", infer_schema_length=0)
    assert table.columns == ["country", "entity_id", "entity_kind", "iso3", "iso2", "value"]
    assert table["iso2"].to_list() == ["VN", None, None, None, "DE", "VN"]
    listed = pl.read_csv(unknown)
    assert listed["row"].to_list() == [3, 4] and listed["name"].to_list() == ["Korea",
                                                                                "Atlantis"]
    allowed = cli("normalise", "--in", source, "--column", "country", "--to", "m49",
                      "--allow-unknown", "--out", tmp_path / "m49.csv", "--unknown", unknown)
    assert (allowed.returncode, allowed.stderr) == (0, "")
    assert pl.read_csv(tmp_path / "m49.csv", infer_schema=False)["m49"][0] == "704"


def test_normalise_file_errors_name_the_file_and_the_column(cli, tmp_path):
    source = tmp_path / "list.csv"
    source.write_text(ROWS, encoding="utf-8")
    wrong = cli("normalise", "--in", source, "--column", "Country")
    assert wrong.returncode == 1 and wrong.stderr.count("\n") == 1
    assert "no column 'Country' (the columns are 'country', 'value')" in wrong.stderr
    unsaid = cli("normalise", "--in", source)
    assert unsaid.returncode == 1 and "say which holds the names with --column" in unsaid.stderr
    missing = cli("normalise", "--in", tmp_path / "none.csv", "--column", "x")
    assert missing.returncode == 1 and "no such file" in missing.stderr
    stdout_xlsx = cli("normalise", "--in", source, "--column", "country", "--format", "xlsx")
    assert stdout_xlsx.returncode == 1 and "needs a file: add --out FILE.xlsx" in \
        stdout_xlsx.stderr


def test_normalise_to_on_standard_input_gives_the_asked_code(cli):
    result = cli("normalise", "--to", "iso2", stdin="Viet Nam\nGermany\n")
    assert result.stdout == "Viet Nam\tVN\nGermany\tDE\n"
    named = cli("normalise", "--to", "name", "--names", "fr", "Viet Nam")
    assert named.stdout == "Viet Nam\tViet Nam\n"
    ru = cli("normalise", "--to", "name", "--names", "ru", "Germany")
    assert ru.stdout == "Germany\tГермания\n"


def test_normalise_to_regional_group_as_python_names_it_and_the_old_spelling_warns(cli):
    result = cli("normalise", "--to", "regional_group", "Germany")
    assert (result.returncode, result.stdout, result.stderr) == (0, "Germany\tWEOG\n", "")
    old = cli("normalise", "--to", "group", "Germany")
    assert old.stdout == "Germany\tWEOG\n"
    assert old.stderr == "warning: --to group is deprecated; use --to regional_group\n"


def test_every_table_command_writes_excel_and_csv_with_a_bom(cli, tmp_path):
    # By --format or by the --out suffix, with the same columns as the CSV.
    csv_out = cli("status", "--as-of", "2020-07-16")
    header = csv_out.stdout.splitlines()[0].split(",")
    by_suffix = cli("status", "--as-of", "2020-07-16", "--out", tmp_path / "status.xlsx")
    assert by_suffix.returncode == 0, by_suffix.stderr
    workbook = pl.read_excel(tmp_path / "status.xlsx", engine="openpyxl")
    assert workbook.columns == header and workbook.height == len(csv_out.stdout.splitlines()) - 1
    parse = cli("parse", REPORT_ZH, "--format", "xlsx", "--out", tmp_path / "parse")
    assert parse.returncode == 0, parse.stderr
    table = pl.read_excel(io.BytesIO((tmp_path / "parse").read_bytes()), engine="openpyxl")
    assert table.height == 90 and table["raw_name"][0] == "阿尔巴尼亚"
    bom = cli("gap", "--as-of", "2020-07-16", "--bom", "--out", tmp_path / "gap.csv")
    assert bom.returncode == 0, bom.stderr
    assert (tmp_path / "gap.csv").read_bytes().startswith(b"\xef\xbb\xbfas_of,")
    plain = cli("gap", "--as-of", "2020-07-16")
    assert plain.stdout.startswith("as_of,")


@pytest.mark.slow  # the English figure set, and a browser opening each page
def test_figure_tables_as_excel_and_pages_with_readable_tooltips(cli, tmp_path):
    result = cli("figures", "--lang", "en", "--out", tmp_path / "fig", "--tables",
                     tmp_path / "tables", "--tables-format", "xlsx")
    assert result.returncode == 0, result.stderr
    # Every HTML page's tooltip: at least 12 px, on an opaque ground.
    pages = sorted((tmp_path / "fig").glob("*.html"))
    assert len(pages) == 7
    for page in pages:
        rule = re.search(r"body #vg-tooltip-element \{([^}]*)\}", page.read_text("utf-8"))
        assert rule, page.name
        size = int(re.search(r"font-size: (\d+)px", rule.group(1)).group(1))
        ground = re.search(r"background-color: ([^;]+);", rule.group(1)).group(1)
        assert size >= 12 and ground == "#FFFFFF", page.name
    chromium = shutil.which("chromium")
    if chromium:  # no warning on the browser's console while the pages draw
        # One browser for the seven pages, each in a frame of one page (a frame's console
        # is logged with its file); the page's own line shows that the log is read.
        frames = tmp_path / "fig" / "all.html"
        frames.write_text("<!doctype html><html><body><script>console.log('frames')</script>"
                          + "".join(f'<iframe src="{page.name}" width="900" height="700">'
                                    "</iframe>" for page in pages) + "</body></html>")
        log = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                              "--enable-logging=stderr", "--v=0",
                              "--virtual-time-budget=5000", "--dump-dom", str(frames)],
                             capture_output=True, text=True, timeout=120, check=False)
        console = [line for line in log.stderr.splitlines() if "CONSOLE" in line]
        assert len(console) == 1 and '"frames"' in console[0], console
    written = sorted(p.name for p in (tmp_path / "tables").iterdir())
    names = ["attendance", "gap_by_group", "status_latest", "status_meeting", "voice"]
    assert written == sorted([*(f"{n}.xlsx" for n in names),
                              *(f"{n}.source.json" for n in names)])
    attendance = pl.read_excel(tmp_path / "tables" / "attendance.xlsx", engine="openpyxl")
    assert attendance.height == 90


def test_names_in_any_of_the_six_languages_on_every_table(cli):
    parse = cli("parse", REPORT_ZH, "--names", "ru")
    rows = list(csv.DictReader(io.StringIO(parse.stdout)))
    assert list(rows[0])[-1] == "name_ru" and rows[0]["name_ru"] == "Албания"
    status = cli("status", "--as-of", "2020-07-16", "--names", "ar")
    rows = list(csv.DictReader(io.StringIO(status.stdout)))
    assert list(rows[0])[2:6] == ["entity_id", "iso3", "name", "name_ar"]
    assert {r["entity_id"]: r["name_ar"] for r in rows}["DEU"] == "ألمانيا"
    gap = cli("gap", "--as-of", "2020-07-16", "--names", "fr")
    rows = list(csv.DictReader(io.StringIO(gap.stdout)))
    assert rows[0]["group_name_fr"] == "États d’Afrique"
    series = cli("series", REPORT_ZH, "--names", "es")
    rows = list(csv.DictReader(io.StringIO(series.stdout)))
    assert {r["entity_id"]: r["name_es"] for r in rows}["DEU"] == "Alemania"
    audit = cli("audit", REPORT_ZH, "--verbose", "--names", "fr")
    assert "agree: CIV Côte d'Ivoire (科特迪瓦): paragraph 39" in audit.stdout
    assert "agree: ALB Albanie (阿尔巴尼亚): paragraph 39 lists it as party" in audit.stdout


def test_brief_without_out_writes_into_briefs_which_git_ignores(cli, tmp_path):
    result = cli("brief", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "briefs/brief.en.html\n"
    assert (tmp_path / "briefs" / "brief.en.html").is_file()
    ignored = subprocess.run(["git", "check-ignore", "-q", "briefs/brief.en.html"], cwd=ROOT,
                             check=False)
    assert ignored.returncode == 0


def test_status_and_gap_tables_say_their_date_and_treaty(cli, tmp_path):
    status = cli("status", "--treaty", "untoc", "--as-of", "2020-07-16")
    rows = list(csv.DictReader(io.StringIO(status.stdout)))
    assert list(rows[0])[:3] == ["as_of", "treaty", "entity_id"]
    assert {(r["as_of"], r["treaty"]) for r in rows} == {("2020-07-16", "untoc")}
    latest = cli("status")
    assert latest.stdout.splitlines()[1].startswith("2024-05-04,firearms-protocol,")
    gap = cli("gap", "--as-of", "2020-07-16")
    assert gap.stdout.startswith("as_of,treaty,regional_group,")
    assert gap.stdout.splitlines()[1].startswith("2020-07-16,firearms-protocol,African,")


def test_version_prog_name_and_help_for_every_argument(run_cli):
    import argparse

    from analysis.cli import build_parser

    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.strip() == "python -m analysis 0.1.0"
    script = subprocess.run([str(ROOT / ".venv" / "bin" / "firearms-wg"), "--help"],
                            capture_output=True, text=True, check=False)
    if script.returncode == 0:  # the venv's console script
        assert script.stdout.startswith("usage: firearms-wg ")

    def undocumented(parser, name):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for command, sub in action.choices.items():
                    yield from undocumented(sub, command)
            elif not action.help:
                yield name, action.option_strings or action.dest

    assert list(undocumented(build_parser(), "")) == []
    parse = run_cli("parse", "--help").stdout
    assert "plain text, PDF or Word" in " ".join(parse.split())
    normalise = run_cli("normalise", "--help").stdout
    assert "standard input" in " ".join(normalise.split())
