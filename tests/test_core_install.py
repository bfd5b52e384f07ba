"""A core install and the docstring examples, from the built wheel, outside the repository.

The core (``pip install firearms-wg-participation``, requirements-core.lock) has no
figure stack: names, codes, treaty status and panels work; a figure says in one line
which extra to install. Every docstring example runs against the installed wheel: the
core modules' in the core install, the figure modules' with every dependency.
"""

import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT

CORE_SCRIPT = """
import analysis, polars as pl
print(analysis.normalise_name("Allemagne"), analysis.normalise_name("276"))
print(analysis.convert(["DE", "Viet Nam"], to="iso3"))
print(analysis.status_on("2020-07-16").filter(pl.col("entity_id") == "DEU")["status"].item())
panel = analysis.status_panel(pl.date_range(pl.date(2005, 1, 1), pl.date(2024, 5, 4), "1d",
                                            eager=True))
print(panel.filter(pl.col("date") == analysis.data_as_of())
      .filter(pl.col("status") == "party").height)
print(analysis.parse_attendance(analysis.read_report(analysis.default_report())).height)
"""

DOCTESTS = """
import doctest, importlib, pkgutil, sys
import analysis
from analysis.extras import MissingExtraError
mode, names = sys.argv[1], set(sys.argv[2:])
failed, ran, skipped = 0, 0, []
for info in pkgutil.iter_modules(analysis.__path__):
    if info.name.startswith("_") or (info.name in names) != (mode == "only"):
        continue
    try:
        module = importlib.import_module(f"analysis.{info.name}")
    except MissingExtraError:
        skipped.append(info.name)
        continue
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    failed, ran = failed + result.failed, ran + result.attempted
print(f"ran {ran} failed {failed} skipped {','.join(skipped)}")
"""
pytestmark = pytest.mark.slow

FIGURE_MODULES = {"brief", "cards", "charts", "figures", "fonts", "measure", "render", "svg",
                  "typeset"}
# extract's examples read PDF and Word files; style's draw with Altair.
EXTRA_MODULES = {*FIGURE_MODULES, "extract", "style"}


def _run(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), *args], capture_output=True, text=True, cwd=cwd,
                          check=False)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(wheels), str(ROOT)], check=True,
                   capture_output=True)
    return next(wheels.glob("*.whl"))


@pytest.fixture(scope="module")
def core(tmp_path_factory, wheel) -> Path:
    """A fresh venv with the core lock and the wheel: no altair, no pypdf."""
    env = tmp_path_factory.mktemp("core") / "env"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    for args in (["--require-hashes", "-r", str(ROOT / "requirements-core.lock")],
                 [str(wheel)]):
        subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                        "--quiet", "--disable-pip-version-check", "--no-deps", "--no-compile",
                        *args],
                       check=True, capture_output=True)
    return python


def test_the_core_install_has_no_figure_stack_and_still_answers(core, tmp_path):
    assert _run(core, "-c", "import altair", cwd=tmp_path).returncode != 0
    result = _run(core, "-c", CORE_SCRIPT, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["DEU DEU", "['DEU', 'VNM']", "signatory", "123", "90"]


def test_a_figure_without_its_extra_says_which_extra_in_one_line(core, tmp_path):
    result = _run(core, "-m", "analysis", "figures", "--lang", "en", "--out", "out",
                  cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert "from the figures extra: pip install 'firearms-wg-participation[figures]'" in (
        result.stderr)
    result = _run(core, "-c", "import analysis.charts", cwd=tmp_path)
    assert result.stderr.splitlines()[-1] == (
        "analysis.extras.MissingExtraError: this needs 'altair', from the figures extra: "
        "pip install 'firearms-wg-participation[figures]'")


def test_docstring_examples_run_from_the_core_install(core, tmp_path):
    result = _run(core, "-c", DOCTESTS, "except", *sorted(EXTRA_MODULES), cwd=tmp_path)
    last = result.stdout.splitlines()[-1] if result.stdout else ""
    assert result.returncode == 0 and last.startswith("ran "), result.stdout + result.stderr
    ran, failed, skipped = last.split()[1], last.split()[3], last.split()[5:]
    assert failed == "0", result.stdout[-3000:]
    assert int(ran) > 150
    assert skipped == []


def test_docstring_examples_of_the_extras_modules_run_from_the_full_wheel(wheel, tmp_path):
    env = tmp_path / "env"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--quiet", "--no-deps", "--no-compile", str(wheel)], check=True,
                   capture_output=True)
    # Dependencies from the test environment (offline), as in test_wheel; its .pth
    # files are not processed, so the checkout's editable install stays invisible.
    target = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                       cwd=tmp_path).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    (target / "zz_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    result = _run(python, "-c", DOCTESTS, "only", *sorted(EXTRA_MODULES), cwd=tmp_path)
    last = result.stdout.splitlines()[-1] if result.stdout else ""
    assert last.startswith("ran ") and " failed 0 " in f"{last} ", result.stdout[-3000:] + (
        result.stderr)
    assert last.endswith("skipped ")
