"""A typed surface: py.typed, __version__, and exports type checkers see with their signatures."""

import ast
import subprocess
import sys
from importlib.metadata import version

import pytest

import analysis
from tests.conftest import ROOT

STUDY = '''
import datetime as dt

import polars as pl

import analysis

panel: pl.DataFrame = analysis.status_panel(["2020-07-16", "latest"], treaty="untoc")
codes: list[str | None] = analysis.convert(["Germany", "FR"], to="iso2")
one: str | None = analysis.convert("Germany")
day: dt.date = analysis.data_as_of()
gap: pl.DataFrame = analysis.gap_by_group(analysis.status_on("latest"),
                                          analysis.status_on("latest", treaty="untoc"))
'''
WRONG = '''
import analysis

count: int = analysis.normalise_name("Chile")
analysis.status_panel(["2020-07-16"], treaty=3)
'''


def test_version_comes_from_the_package_metadata():
    assert analysis.__version__ == version("firearms-wg-participation")
    assert (ROOT / "analysis" / "py.typed").is_file()


def test_every_export_is_imported_for_type_checkers():
    tree = ast.parse((ROOT / "analysis" / "__init__.py").read_text())
    block = next(node for node in tree.body if isinstance(node, ast.If)
                 and getattr(node.test, "id", "") == "TYPE_CHECKING")
    seen = {alias.asname or alias.name for node in ast.walk(block)
            if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert set(analysis._EXPORTS) | set(analysis._MODULES) <= seen
    assert set(analysis.__all__) == {*analysis._EXPORTS, *analysis._MODULES, "__version__"}


@pytest.mark.slow  # mypy reads polars' types: eight seconds
def test_mypy_sees_the_public_signatures_and_catches_a_wrong_type(tmp_path):
    (tmp_path / "study.py").write_text(STUDY)
    (tmp_path / "wrong.py").write_text(WRONG)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--follow-imports=silent", "--no-error-summary",
         "--cache-dir", str(tmp_path / "cache"), "study.py", "wrong.py"],
        capture_output=True, text=True, cwd=tmp_path, check=False)
    errors = result.stdout.splitlines()
    assert not [line for line in errors if line.startswith("study.py")], result.stdout
    assert any(line.startswith("wrong.py:4: error: Incompatible types in assignment "
                               '(expression has type "str", variable has type "int")')
               for line in errors), result.stdout
    assert any(line.startswith("wrong.py:5: error: Argument \"treaty\"") for line in errors), (
        result.stdout)


def test_no_docstring_example_reads_a_path_of_the_checkout():
    # Examples must run from an installed wheel (tests/test_core_install.py runs them):
    # the shipped report is analysis.default_report(), not "data/raw/...".
    offenders = [f"{path.name}:{n}" for path in sorted((ROOT / "analysis").glob("*.py"))
                 for n, line in enumerate(path.read_text().splitlines(), start=1)
                 if line.lstrip().startswith((">>>", "...")) and "data/" in line]
    assert offenders == []
