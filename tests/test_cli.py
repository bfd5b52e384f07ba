import csv
import io
import json
import subprocess
import sys

import pytest

from tests.conftest import REPORT_EN, REPORT_ZH, ROOT

COLUMNS = ["paragraph", "attended_as", "stated_count", "position", "raw_name", "entity_id",
           "entity_kind", "iso3"]
# The readable names come last, so that the columns other code reads keep their places.
NAMED_COLUMNS = [*COLUMNS, "regional_group", "name_en", "name_local"]


def test_parse_writes_csv_to_stdout(cli):
    result = cli("parse", REPORT_ZH)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[:8] == COLUMNS
    assert len(rows) == 90
    assert rows[19]["entity_id"] == "EUU" and rows[19]["iso3"] == ""
    assert rows[-1]["entity_id"] == "CTED" and rows[-1]["entity_kind"] == "un_entity"


def test_parse_names_the_chinese_report_in_english_and_in_chinese(cli):
    result = cli("parse", REPORT_ZH)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == NAMED_COLUMNS
    by_id = {row["entity_id"]: row for row in rows}
    # The UN short names (un_country_names.csv, organizations.csv), not pycountry's.
    assert (by_id["CIV"]["raw_name"], by_id["CIV"]["name_en"], by_id["CIV"]["name_local"]) \
        == ("科特迪瓦", "Côte d'Ivoire", "科特迪瓦")
    assert (by_id["BOL"]["name_en"], by_id["BOL"]["name_local"]) \
        == ("Bolivia (Plurinational State of)", "多民族玻利维亚国")
    assert (by_id["EUU"]["name_en"], by_id["EUU"]["name_local"]) == ("European Union", "欧洲联盟")
    assert (by_id["CTED"]["name_en"], by_id["CTED"]["name_local"]) \
        == ("Counter-Terrorism Committee Executive Directorate", "反恐怖主义委员会执行局")
    assert all(row["name_en"] and row["name_local"] for row in rows)


def test_parse_of_an_english_report_gives_english_local_names(cli):
    result = cli("parse", REPORT_EN)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == NAMED_COLUMNS and len(rows) == 90
    assert all(row["name_local"] == row["name_en"] != "" for row in rows)
    turkey = next(row for row in rows if row["entity_id"] == "TUR")
    assert (turkey["raw_name"], turkey["name_en"]) == ("Turkey", "Türkiye")


def test_audit_verbose_names_every_participant_in_english(cli):
    result = cli("audit", REPORT_ZH, "--verbose")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 80 and sum(line.startswith("agree: ") for line in lines) == 79
    assert "agree: CIV Côte d'Ivoire (科特迪瓦): paragraph 39 lists it as party" in result.stdout
    assert "agree: USA United States of America (美国): paragraph 41 lists it as none" \
        in result.stdout
    assert "79 agree, 0 disagree" in lines[-1]
    quiet = cli("audit", REPORT_ZH)
    assert quiet.stdout.splitlines() == lines[-1:]


def test_audit_names_a_disagreement_in_english(cli, tmp_path):
    # Bangladesh, not a party on the meeting date, listed among the parties instead of Albania.
    report = tmp_path / "report.zh.txt"
    report.write_text(REPORT_ZH.read_text(encoding="utf-8").replace("阿尔巴尼亚", "孟加拉国"),
                      encoding="utf-8")
    result = cli("audit", report)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "disagree: BGD Bangladesh (孟加拉国): paragraph 39 lists it as party, the treaty data "
        "says none on 2020-07-16")
    english = cli("audit", REPORT_EN, "--verbose").stdout
    # An English report's own name is not repeated beside the English name.
    assert "agree: CHL Chile: paragraph" in english and "(Chile)" not in english


def test_voice_by_group_shares_are_rounded(cli):
    result = cli("voice", REPORT_ZH, "--by", "group")
    assert result.returncode == 0, result.stderr
    shares = {row["regional_group"]: row["share_spoke"]
              for row in csv.DictReader(io.StringIO(result.stdout))}
    # Printed as read: 6 of GRULAC's 17 attending States spoke.
    assert shares["GRULAC"] == "0.3529" and shares["African"] == "0.0909"
    assert all(len(share.partition(".")[2]) <= 4 for share in shares.values())
    records = json.loads(cli("voice", REPORT_ZH, "--by", "group", "--format", "json").stdout)
    assert {r["regional_group"]: r["share_spoke"] for r in records}["WEOG"] == 0.2105


def test_parse_json_to_a_file(cli, tmp_path):
    out = tmp_path / "sub" / "attendance.json"
    result = cli("parse", REPORT_EN, "--format", "json", "--out", out)
    assert result.returncode == 0 and result.stdout == ""
    records = json.loads(out.read_text(encoding="utf-8"))
    assert len(records) == 90
    assert records[53]["raw_name"] == "Venezuela (Bolivarian Republic of)"
    assert records[53]["entity_id"] == "VEN"


def test_normalise_arguments_and_stdin(cli):
    result = cli("normalise", "Viet Nam", "委内瑞拉玻利瓦尔共和国")
    assert result.returncode == 0
    assert result.stdout == "Viet Nam\tVNM\n委内瑞拉玻利瓦尔共和国\tVEN\n"
    piped = cli("normalise", "--lang", "fr", stdin="Allemagne\nChili\n")
    assert piped.stdout == "Allemagne\tDEU\nChili\tCHL\n"


def test_normalise_unknown_names_exit_1_after_listing_them(cli):
    result = cli("normalise", stdin="Chile\nAtlantis\nVenezuella\n")
    assert result.returncode == 1
    assert result.stdout == "Chile\tCHL\nAtlantis\t\nVenezuella\t\n"
    assert result.stderr.count("\n") == 1
    assert "2 unknown names: 'Atlantis'" in result.stderr and "Venezuela (VEN)" in result.stderr


def test_pasted_lines_are_read_as_meant_and_one_bad_line_never_rejects_the_rest(cli):
    # Stray TABs, spaces, quotes and separators are not part of a name; a line of two
    # TAB-separated cells (a pasted spreadsheet row) gives its first cell and a warning
    # naming the line. NAME<TAB>ID cannot carry a TAB: such a line prints the name read.
    pasted = 'Germany\t\n"Chile",\nPeru\tPER\n  «Pérou» \n\nAtlantis;\n\tViet Nam\n'
    result = cli("normalise", stdin=pasted)
    assert result.returncode == 1
    assert result.stdout == ('Germany\tDEU\n"Chile",\tCHL\nPeru\tPER\n  «Pérou» \tPER\n\t\n'
                             "Atlantis;\t\nViet Nam\tVNM\n")
    assert result.stderr.splitlines() == [
        "warning: standard input: line 3: 2 TAB-separated cells; the first ('Peru') was read "
        "as the name",
        "error: standard input: 1 unknown name: 'Atlantis;' (did you mean: Åland Islands "
        "(ALA), Albania (ALB), Falkland Islands (FLK)?)"]
    broken = cli("normalise", "Chile", "Viet\nNam")
    assert (broken.returncode, broken.stdout) == (0, "Chile\tCHL\nViet Nam\tVNM\n")


def test_every_unknown_name_is_listed_however_many(cli):
    names = [f"Atlantis {i}" for i in range(75)]
    result = cli("normalise", stdin="\n".join(names) + "\n")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "75 unknown names" in result.stderr
    assert all(f"'{name}'" in result.stderr for name in names)


def test_normalise_allow_unknown_prints_empty_id(cli):
    result = cli("normalise", "--allow-unknown", "Atlantis")
    assert (result.returncode, result.stdout, result.stderr) == (0, "Atlantis\t\n", "")


@pytest.mark.parametrize(("args", "content", "code", "message"), [
    (["parse", "{dir}/missing.txt"], None, 1, "no such file"),
    (["parse", "{file}"], b"", 1, "file is empty"),
    (["parse", "{file}"], b"\x00\x01binary", 1, "binary, not text"),
    (["parse", "{file}"], b"39. Caf\xe9", 1, "not UTF-8 text"),
    (["parse", "{file}"], "1. 工作组在维也纳举行了会议。".encode(), 1, "no attendance section"),
    (["parse", "{file}"], "39. 下列 3 个缔约方出席了会议：智利和秘鲁。".encode(), 1,
     "paragraph 39 (party) states 3 participants but lists 2"),
    (["parse"], None, 2, "the following arguments are required: report"),
    (["parse", "{file}", "--format", "xml"], b"x", 2, "invalid choice: 'xml'"),
    (["frobnicate"], None, 2, "invalid choice: 'frobnicate'"),
    (["normalise", "--lang", "de", "x"], None, 2, "invalid choice: 'de'"),
])
def test_errors_are_one_line_with_exit_code(cli, tmp_path, args, content, code, message):
    path = tmp_path / "report.txt"
    if content is not None:
        path.write_bytes(content)
    args = [a.format(dir=tmp_path, file=path) for a in args]
    result = cli(*args)
    assert result.returncode == code
    assert message in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_output_to_a_folder_or_unwritable_place_is_one_clear_line(cli, tmp_path):
    result = cli("status", "--out", tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"error: {tmp_path}: cannot write (it is a folder; give a file name)\n"


def test_blank_lines_on_stdin_are_kept_and_are_not_unknown_names(cli):
    result = cli("normalise", stdin="Chile\n\n  \nPeru\n")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "Chile\tCHL\n\t\n  \t\nPeru\tPER\n"


def test_one_output_line_per_input_line_even_with_unicode_line_separators(cli):
    # U+2028, U+2029 and U+0085 are not newlines for this command: each input line
    # gives exactly one output line, so the output can be pasted beside the input.
    lines = ["Chile", "Peru\u2028Spain", "", "Peru\u0085", "\u200fالعراق", "Viet\u00a0Nam",
             "Atlantis\u2029"]
    result = cli("normalise", "--allow-unknown", stdin="\n".join(lines) + "\n")
    out = result.stdout.split("\n")[:-1]
    assert len(out) == len(lines)
    assert [line.rsplit("\t", 1)[1] for line in out] == ["CHL", "", "", "PER", "IRQ", "VNM", ""]


def test_ambiguous_name_lists_its_candidates(cli):
    result = cli("normalise", "Korea")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "'Korea' (ambiguous: Republic of Korea (KOR), Democratic People's Republic" \
        in result.stderr


def test_reading_a_folder_or_a_pipe(run_cli, tmp_path):
    folder = run_cli("parse", tmp_path)
    assert folder.returncode == 1 and "is a folder, not a report file" in folder.stderr
    piped = run_cli("parse", "/dev/stdin", stdin=REPORT_EN.read_text(encoding="utf-8"))
    assert piped.returncode == 0 and piped.stdout.count("\n") == 91


def test_a_python_without_the_dependencies_says_what_to_do():
    # -S leaves site-packages out: the system Python outside .venv, in effect.
    result = subprocess.run([sys.executable, "-S", "-m", "analysis", "figures", "--lang", "en"],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "source .venv/bin/activate" in result.stderr and "has no '" in result.stderr


def test_repeated_list_options_add_up_rather_than_the_last_winning():
    """``--report a --report b`` is two reports (argparse's default kept only b, and the
    series figures silently became one meeting's figures)."""
    from analysis.cli import build_parser

    args = build_parser().parse_args(
        ["figures", "--report", "a.txt", "--report", "b.txt", "--lang", "fr", "--lang", "ru"])
    assert [p.name for p in args.report] == ["a.txt", "b.txt"]
    assert args.lang == ["fr", "ru"]
    cards = build_parser().parse_args(["cards", "--lang", "fr", "--lang", "es"])
    assert cards.lang == ["fr", "es"]
    assert build_parser().parse_args(["cards"]).lang is None  # the command reads it as en


def test_out_creates_the_files_folder_but_not_a_missing_tree(tmp_path, capsys):
    """A mistyped --out names the first missing folder; the file's own folder is made."""
    from analysis.cli import main

    made = tmp_path / "tables" / "attendance.csv"
    assert main(["parse", str(REPORT_ZH), "--out", str(made)]) == 0
    assert made.read_text(encoding="utf-8").startswith("paragraph,attended_as,")
    typo = tmp_path / "nonexistent" / "dir" / "x.csv"
    assert main(["parse", str(REPORT_ZH), "--out", str(typo)]) == 1
    assert capsys.readouterr().err == (f"error: {typo}: cannot write (folder "
                                       f"{tmp_path / 'nonexistent'} does not exist)\n")
    assert not (tmp_path / "nonexistent").exists()


@pytest.mark.parametrize("command", [
    ["figures", "--lang", "en", "--out", "{typo}/figures"],
    ["figures", "--lang", "en", "--out", "{ok}", "--tables", "{typo}/tables"],
    ["brief", "--lang", "en", "--out", "{typo}/deeper/brief.en.html"],
])
def test_figures_and_brief_refuse_a_mistyped_folder_tree_before_any_work(
        tmp_path, cli, command):
    """figures and brief, like the table commands, make their folder but no tree above it."""
    typo = tmp_path / "nonexistent"
    args = [part.format(typo=typo, ok=tmp_path / "ok") for part in command]
    result = cli(*args)
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert f"(folder {typo} does not exist)" in result.stderr
    assert not typo.exists() and not (tmp_path / "ok").exists()
