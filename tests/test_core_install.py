"""A core install and the docstring examples, from the built wheel, outside the repository.

The core (``pip install firearms-wg-participation``, requirements-core.lock) has no
figure stack: names, codes, treaty status and panels work; a figure says in one line
which extra to install. Every docstring example runs against the installed wheel: the
core modules' in the core install, the figure modules' with every dependency.
The wheel is built and installed once per session (``wheel_env`` in conftest.py); the
core venv links the core lock's distributions from the test environment rather than
installing them again, and a test checks that the wheel needs nothing beyond them.
"""

import pytest

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
import doctest, functools, importlib, pkgutil, sys
import analysis
from analysis.extras import MissingExtraError


class Finder(doctest.DocTestFinder):
    # The standard finder skips a cached_property's docstring (cpython#107995); pytest's
    # reads it, so the examples of NameIndex.codes and Report.symbol run here too.
    def _from_module(self, module, object):
        if isinstance(object, functools.cached_property):
            object = object.func
        return super()._from_module(module, object)

# Arguments: "only" or "except", then module names; a dotted name is an example left out.
mode, names = sys.argv[1], {a for a in sys.argv[2:] if "." not in a}
left_out = {a for a in sys.argv[2:] if "." in a}
runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
skipped = []
for info in pkgutil.iter_modules(analysis.__path__):
    if info.name.startswith("_") or (info.name in names) != (mode == "only"):
        continue
    try:
        module = importlib.import_module(f"analysis.{info.name}")
    except MissingExtraError:
        skipped.append(info.name)
        continue
    for test in Finder().find(module):
        if test.name not in left_out:
            runner.run(test)
failed, ran = runner.summarize(verbose=False)
print(f"ran {ran} failed {failed} skipped {','.join(skipped)}")
"""
pytestmark = pytest.mark.slow

FIGURE_MODULES = {"brief", "cards", "charts", "figures", "fonts", "measure", "render", "svg",
                  "typeset"}
# extract's examples read PDF and Word files; style's draw with Altair.
EXTRA_MODULES = {*FIGURE_MODULES, "extract", "style"}
# Two examples draw the whole English figure set (ten CPU-seconds from the wheel); they
# run in the checkout (--doctest-modules). From the wheel, what they read there is
# read by the others: brief_html's template and labels, figure_specs' specs, and
# write_figures' workers, Vega bundle and HTML page.
DRAWN_IN_THE_CHECKOUT = ("analysis.brief.write_briefs", "analysis.figures.figure_svgs")


def test_the_core_install_has_no_figure_stack_and_still_answers(wheel_env):
    assert wheel_env.run("-c", "import altair").returncode != 0
    result = wheel_env.run("-c", CORE_SCRIPT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["DEU DEU", "['DEU', 'VNM']", "signatory", "123", "90"]


def test_the_wheel_needs_nothing_beyond_the_core_lock(wheel_env):
    """What pip would pull for ``pip install firearms-wg-participation``: every
    requirement of the wheel and of what it pulls, extras aside, is met in the core
    venv, which holds the core lock's distributions and nothing from an extra."""
    import importlib.metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    here = {canonicalize_name(d.metadata["Name"]): d
            for d in importlib.metadata.distributions(path=[str(wheel_env.site)])}
    assert "firearms-wg-participation" in here
    assert not {"altair", "vl-convert-python", "pypdf", "typst", "fonttools"} & set(here)
    unmet = []
    for name, dist in here.items():
        for requirement in map(Requirement, dist.requires or []):
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            found = here.get(canonicalize_name(requirement.name))
            if found is None or not requirement.specifier.contains(found.version,
                                                                   prereleases=True):
                unmet.append(f"{name} needs {requirement}")
    assert unmet == []


def test_a_figure_without_its_extra_says_which_extra_in_one_line(wheel_env):
    result = wheel_env.run("-m", "analysis", "figures", "--lang", "en", "--out", "out")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert "from the figures extra: pip install 'firearms-wg-participation[figures]'" in (
        result.stderr)
    result = wheel_env.run("-c", "import analysis.charts")
    assert result.stderr.splitlines()[-1] == (
        "analysis.extras.MissingExtraError: this needs 'altair', from the figures extra: "
        "pip install 'firearms-wg-participation[figures]'")


def test_docstring_examples_run_from_the_core_install(wheel_env):
    result = wheel_env.run("-c", DOCTESTS, "except", *sorted(EXTRA_MODULES))
    last = result.stdout.splitlines()[-1] if result.stdout else ""
    assert result.returncode == 0 and last.startswith("ran "), result.stdout + result.stderr
    ran, failed, skipped = last.split()[1], last.split()[3], last.split()[5:]
    assert failed == "0", result.stdout[-3000:]
    assert int(ran) > 150
    assert skipped == []


def test_docstring_examples_of_the_extras_modules_run_from_the_full_wheel(wheel_env):
    # Dependencies from the test environment (offline), as in test_wheel.
    result = wheel_env.run("-c", DOCTESTS, "only", *sorted(EXTRA_MODULES),
                           *DRAWN_IN_THE_CHECKOUT, full=True)
    last = result.stdout.splitlines()[-1] if result.stdout else ""
    assert last.startswith("ran ") and " failed 0 " in f"{last} ", result.stdout[-3000:] + (
        result.stderr)
    assert last.endswith("skipped ")
