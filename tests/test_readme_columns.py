"""The README's column lists are the columns the commands write, each one explained."""

import csv
import io
import re

import pytest

from tests.conftest import REPORT_ZH, ROOT

COMMANDS = {
    "parse": ["parse", REPORT_ZH],
    "status": ["status"],
    "gap": ["gap"],
    "series": ["series", REPORT_ZH],
    "voice": ["voice", REPORT_ZH],
    "voice --by group": ["voice", REPORT_ZH, "--by", "group"],
    "voice --by mention": ["voice", REPORT_ZH, "--by", "mention"],
}


def _readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text[text.index("### Output columns"):text.index("## From Python")]


def _documented() -> dict[str, list[str]]:
    lists = re.findall(r"^- `([a-z -]+)`: `([a-z_0-9, ]+)`$", _readme_section(), flags=re.M)
    return {command: columns.split(", ") for command, columns in lists}


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_lists_the_columns_each_command_writes(cli, command):
    result = cli(*COMMANDS[command])
    assert result.returncode == 0, result.stderr
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert _documented()[command] == header


def test_every_documented_column_is_explained():
    explained = set()
    for line in re.findall(r"^- ((?:`[a-z_0-9*]+`(?:, )?)+): ", _readme_section(), flags=re.M):
        explained |= set(re.findall(r"`([a-z_0-9*]+)`", line))
    columns = {c for listed in _documented().values() for c in listed}
    unexplained = {c for c in columns - explained
                   if not (c.startswith("share_") and "share_*" in explained)}
    assert unexplained == set()
