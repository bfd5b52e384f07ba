import pytest

from tests.conftest import ROOT


def test_layout_the_users_asked_for():
    for entry in ["pyproject.toml", "requirements.lock", "Makefile", "README.md", ".ci/run",
                  "analysis", "notebooks", "data/raw", "data/reference", "data/processed",
                  "figures", "tests"]:
        assert (ROOT / entry).exists(), entry


def test_raw_report_is_unchanged():
    import hashlib

    digest = hashlib.sha256((ROOT / "data/raw/wg-firearms-2020-report.zh.txt").read_bytes())
    assert digest.hexdigest() == (
        "f2a4cfdb7b059d3a1e6bb631cafe49a22152b327a8257f65fbaff27be7adda7b")


def test_every_module_says_what_it_owns():
    import ast

    for module in sorted((ROOT / "analysis").rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{module.name} has no module docstring"


# Issue 23. Until the charts branch makes charts.py a package, charts.py alone is too long;
# strict, so the mark fails the day charts.py goes and the test then guards every module.
@pytest.mark.xfail((ROOT / "analysis" / "charts.py").is_file(), strict=True,
                   reason="charts.py is split into a package on another branch (issue 23)")
def test_no_module_exceeds_700_lines():
    lengths = {module.relative_to(ROOT).as_posix(): len(module.read_text(encoding="utf-8")
                                                        .splitlines())
               for module in (ROOT / "analysis").rglob("*.py")}
    assert {name: n for name, n in lengths.items() if n > 700} == {}
