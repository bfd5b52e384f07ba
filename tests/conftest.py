"""Shared fixtures: the real report, the English rendering, and two CLI runners.

What many test files need and costs seconds to make is made once per session here: the
shipped study, the figure tables and status tables drawn from it, a renderer, and the
English figures. Each is read-only for the tests that share it. Tests about what a
command computes run it in this process (``cli``); tests about the command line itself
(exit codes of a real process, pipes, encodings, the entry point) run it in a
subprocess (``run_cli``).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# One polars thread in the tests and the commands they start: the tables are small, and
# a second thread only waits (a seventh of the suite's polars time, same results).
# Set before any test module imports polars; a caller's own setting is kept.
os.environ.setdefault("POLARS_MAX_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
REPORT_ZH = ROOT / "data" / "raw" / "wg-firearms-2020-report.zh.txt"
REPORT_EN = ROOT / "tests" / "fixtures" / "wg-firearms-2020-excerpt.en.txt"

# The UN short name of Germany (which joined the Protocol after the 2020 meeting, so the
# timeline and the briefing name it) in each UN language, as UNTERM gives it.
GERMANY = {"en": "Germany", "fr": "Allemagne", "es": "Alemania", "ru": "Германия",
           "ar": "ألمانيا", "zh": "德国"}


def _run(*args: str, stdin: str | None = None, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *map(str, args)],
        input=stdin, capture_output=True, text=True, cwd=cwd or ROOT, check=False)


@pytest.fixture
def run_cli():
    """Run ``python -m analysis ARGS`` in a subprocess; returns the CompletedProcess."""
    return _run


@pytest.fixture(scope="module")
def run_cli_module():
    """``run_cli`` for module-scoped fixtures (one slow command shared by several tests)."""
    return _run


@dataclass(frozen=True)
class CliResult:
    """What a command run in this process returned and printed (as ``CompletedProcess``)."""

    returncode: int
    stdout: str
    stderr: str


class _Drawn(tuple):
    """``(svg, png)`` as a ``Renderer``'s future gives it, the PNG made when first read.

    Most tests read only the SVG (``figure_svgs``, the briefing); a command that writes
    the PNG file unpacks the pair, and only then is the SVG rasterised (two fifths of the
    work of a figure, saved everywhere else).
    """

    def __new__(cls, svg: str, png) -> _Drawn:
        drawn = super().__new__(cls, (svg, None))
        drawn._png = png
        return drawn

    def __getitem__(self, index):
        if index in (0, -2):
            return tuple.__getitem__(self, 0)
        return tuple(self)[index]

    def __iter__(self):
        yield tuple.__getitem__(self, 0)
        yield self._png()


class _Done:
    """A finished future: ``result()`` gives the same ``_Drawn`` every time."""

    def __init__(self, shared: _SharedRenderer, key: str) -> None:
        self._shared, self._key = shared, key

    def result(self, timeout: float | None = None) -> _Drawn:
        return self._shared.drawn(self._key)

    def done(self) -> bool:
        return True


class _SharedRenderer:
    """The session's ``Renderer``, rendering each distinct spec once, its PNG on demand.

    Vega's output is the same bytes for the same spec (tests/test_figures.py checks it
    with renderers of their own), so a figure drawn by one test is reused by the next:
    most tests draw the same few figure sets. A spec is drawn as SVG only; its PNG (the
    same bytes as ``Renderer.submit`` gives, from that SVG) is made the first time a
    caller reads it. It stands in for the ``Renderer`` class in commands run by ``cli``;
    entering and leaving it does not stop the workers.
    """

    def __init__(self, start) -> None:
        self._start, self._real = start, None
        self._svgs: dict[str, object] = {}
        self._pngs: dict[str, bytes] = {}

    def _renderer(self):
        if self._real is None:
            self._real = self._start()
        return self._real

    def submit(self, spec: dict, png: bool = True) -> _Done:
        import json

        key = json.dumps(spec, sort_keys=True)
        if key not in self._svgs:
            self._svgs[key] = self._renderer().submit(spec, png=False)
        return _Done(self, key)

    def drawn(self, key: str) -> _Drawn:
        svg = self._svgs[key].result()[0]

        def png() -> bytes:
            if key not in self._pngs:
                self._pngs[key] = self._renderer().submit_png(svg).result()
            return self._pngs[key]

        return _Drawn(svg, png)

    def submit_png(self, svg: str):
        return self._renderer().submit_png(svg)

    def bundle(self) -> str:
        return self._renderer().bundle()

    def __call__(self, workers: int | None = None) -> _SharedRenderer:  # as ``Renderer()``
        return self

    def __enter__(self) -> _SharedRenderer:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def close(self) -> None:
        if self._real is not None:
            self._real.__exit__(None, None, None)


def _main(args: tuple, stdin: str | None, cwd: Path | None, renderer: _SharedRenderer
          ) -> CliResult:
    """``analysis.cli.main(ARGS)`` in this process, its output captured.

    What a subprocess would print besides the command's own lines is kept: log records
    of level WARNING and above go to standard error, as Python's last-resort handler
    prints them, so a stray library warning still breaks a one-line check.
    """
    import contextlib

    from analysis.cli import main
    from analysis.render import Renderer

    class Records(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.WARNING)
            self.lines: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.lines.append(f"{record.getMessage()}\n")

    out, err = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="") for _ in "12")
    records, here = Records(), os.getcwd()
    with pytest.MonkeyPatch.context() as patch:
        # Every module that took the Renderer class by name draws with the session's.
        for name, module in list(sys.modules.items()):
            if name.split(".")[0] == "analysis" and getattr(module, "Renderer", None) is Renderer:
                patch.setattr(module, "Renderer", renderer)
        if stdin is not None:
            patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        logging.getLogger().addHandler(records)
        os.chdir(cwd or ROOT)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main([str(arg) for arg in args])
                except SystemExit as exit_:  # usage errors: argparse exits with status 2
                    code = exit_.code
        finally:
            os.chdir(here)
            logging.getLogger().removeHandler(records)
    out.flush()
    err.flush()
    return CliResult(code, out.buffer.getvalue().decode("utf-8"),
                     "".join(records.lines) + err.buffer.getvalue().decode("utf-8"))


def _fingerprint(obj: object, digest) -> None:
    """Feed ``digest`` the content of a figure table, a study or a part of one."""
    import dataclasses

    import polars as pl

    if isinstance(obj, pl.DataFrame):
        buffer = io.BytesIO()
        obj.write_ipc(buffer)
        digest.update(repr(obj.schema).encode() + buffer.getvalue())
    elif dataclasses.is_dataclass(obj):
        digest.update(type(obj).__qualname__.encode())
        for field in dataclasses.fields(obj):
            digest.update(field.name.encode())
            _fingerprint(getattr(obj, field.name), digest)
    elif hasattr(obj, "items"):
        for key, value in sorted(obj.items(), key=lambda item: repr(item[0])):
            digest.update(repr(key).encode())
            _fingerprint(value, digest)
    else:
        digest.update(repr(obj).encode())


class _Built:
    """A figure builder whose spec the session keeps (``_drawn`` looks for ``key``)."""

    def __init__(self, build, key: tuple) -> None:
        self.build, self.key = build, key

    def __call__(self):
        return self.build()


@pytest.fixture(scope="session", autouse=True)
def built_specs():
    """Each figure spec built once per session: ``{(tables, labels, name): spec}``.

    Building a language's specs (Altair, the map's layout) costs more than rendering
    them, and a dozen test files build the shipped study's six languages again, through
    the figures and briefing commands or ``figure_specs``. A spec is keyed on the
    content of the figure tables it is drawn from (so a study built again from the same
    reports finds it), the ``Labels`` object (``load_labels`` keeps one per language) and
    the figure, and is shared read-only like ``shipped_specs``. Tests of chart functions
    call them directly and are not affected.
    """
    import hashlib

    from analysis import figures
    from analysis.tables import FigureTables

    kept: dict[tuple, dict] = {}
    labels_kept: list = []  # alive, so that no other Labels takes an id of a key
    real_builders, real_drawn = figures.figure_builders, figures._drawn

    def figure_builders(study, labels):
        tables = study if isinstance(study, FigureTables) else figures.figure_tables(study)
        digest = hashlib.sha1()
        _fingerprint(tables, digest)
        labels_kept.append(labels)
        return {name: _Built(build, (digest.hexdigest(), id(labels), name))
                for name, build in real_builders(tables, labels).items()}

    def drawn(build, labels):
        key = getattr(build, "key", None)
        if key is None:
            return real_drawn(build, labels)
        if key not in kept:
            kept[key] = real_drawn(build.build, labels)
        return kept[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(figures, "figure_builders", figure_builders)
        patch.setattr(figures, "_drawn", drawn)
        yield kept


@pytest.fixture(scope="session")
def renderer():
    """One renderer for the session (its workers warm Vega up once), each spec drawn once.

    Tests that check that rendering gives the same bytes twice start their own.
    """
    from analysis.render import Renderer

    shared = _SharedRenderer(lambda: Renderer().__enter__())
    yield shared
    shared.close()


@pytest.fixture
def cli(renderer):
    """Run ``analysis.cli.main(ARGS)`` in this process; returns a ``CliResult``.

    ``cli(*args, stdin=None, cwd=None)``: ``cwd`` defaults to the checkout. Half a
    second to two seconds cheaper than ``run_cli`` (no interpreter, no imports), and
    figures are drawn by the session's renderer.
    """
    def run(*args: object, stdin: str | None = None, cwd: Path | None = None) -> CliResult:
        return _main(args, stdin, cwd, renderer)

    return run


@pytest.fixture(scope="module")
def cli_module(renderer):
    """``cli`` for module-scoped fixtures (one command shared by several tests)."""
    def run(*args: object, stdin: str | None = None, cwd: Path | None = None) -> CliResult:
        return _main(args, stdin, cwd, renderer)

    return run


@pytest.fixture(scope="session")
def shipped_study():
    """``build_study()``: every report shipped in data/raw (the 2020 meeting)."""
    from analysis.study import build_study

    return build_study()


@pytest.fixture(scope="session")
def shipped_tables(shipped_study):
    """``figure_tables`` of the shipped study: what each figure draws."""
    from analysis.tables import figure_tables

    return figure_tables(shipped_study)


@pytest.fixture(scope="session")
def status_tables() -> dict[tuple[str, dt.date], object]:
    """``status_on`` of both treaties on the meeting date and the latest date, by
    ``(treaty, date)``."""
    from analysis.treaty import data_as_of, status_on
    from analysis.vocabulary import TREATY_IDS

    days = (dt.date(2020, 7, 16), data_as_of())
    return {(treaty, day): status_on(day, treaty=treaty) for treaty in TREATY_IDS
            for day in days}


@pytest.fixture(scope="session")
def shipped_specs(shipped_tables) -> dict[str, dict[str, dict]]:
    """The shipped study's figure specs as the figures command draws them, in every label
    language: ``{lang: {name: spec}}`` (a second and a half per language to build)."""
    from analysis.figures import figure_specs
    from analysis.vocabulary import load_labels

    class ByLanguage(dict):  # each language built when a test first asks for it
        def __missing__(self, lang: str) -> dict[str, dict]:
            self[lang] = dict(figure_specs(shipped_tables, load_labels(lang)))
            return self[lang]

    return ByLanguage()


@pytest.fixture(scope="session")
def english_svgs(shipped_tables, renderer) -> dict[str, str]:
    """The shipped study's figures drawn with the English labels: ``{name: svg}``."""
    from analysis.figures import figure_svgs
    from analysis.vocabulary import load_labels

    return figure_svgs(shipped_tables, load_labels("en"), renderer)


def glyphs_missing(path: Path) -> list[str]:
    """The characters an HTML or SVG file shows that none of its embedded fonts has.

    What the file shows: its text outside ``<style>`` and, of its scripts, only the last
    (a figure page's spec: titles, labels, tooltips; the first is the Vega library).
    Printable ASCII and invisible format characters (right-to-left marks) are left out.
    """
    import base64
    import html
    import io
    import re
    import unicodedata

    from fontTools.ttLib import TTFont

    page = path.read_text(encoding="utf-8")
    cmap: set[int] = set()
    for data in re.findall(r"base64,([A-Za-z0-9+/=]+)", page):
        cmap |= set(TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap())
    text = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    scripts = re.findall(r"<script>(.*?)</script>", text, flags=re.S)
    text = html.unescape(re.sub(r"<script>.*?</script>", "", text, flags=re.S)
                         + (scripts[-1] if scripts else ""))
    return sorted({c for c in text if ord(c) > 127 and unicodedata.category(c) != "Cf"
                   and ord(c) not in cmap})


def spec_nodes(spec: object):
    """Every dict inside a Vega-Lite spec, however deep its layers and facets nest."""
    if isinstance(spec, dict):
        yield spec
        for child in spec.values():
            yield from spec_nodes(child)
    elif isinstance(spec, list):
        for child in spec:
            yield from spec_nodes(child)


# Docstring examples of three seconds or more (each draws a figure set): a mark cannot
# stand beside a doctest, so it is given here. tests/test_core_install.py runs them too,
# from the wheel.
_SLOW_DOCTESTS = ("analysis.brief.write_briefs", "analysis.figures.figure_svgs",
                  "analysis.figures.write_figures")


@pytest.hookimpl(tryfirst=True)  # before -m chooses the session's tests
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow the docstring examples ``_SLOW_DOCTESTS`` names."""
    for item in items:
        if isinstance(item, pytest.DoctestItem) and item.name in _SLOW_DOCTESTS:
            item.add_marker(pytest.mark.slow)


class _EachExampleOnce:
    """Run each docstring example once in a session.

    tests/test_core_install.py runs the examples of the package's modules from the
    installed wheel (the core modules' in the core install, the others' with every
    extra). Where the session runs that test, those examples are not run a second time
    in the checkout (about ten CPU-seconds); elsewhere (``make test-fast``, a single
    module) they are run here.
    """

    @pytest.hookimpl(trylast=True)  # after -m and -k have chosen the session's tests
    def pytest_collection_modifyitems(self, config: pytest.Config,
                                      items: list[pytest.Item]) -> None:
        from tests import test_core_install as wheel

        extras = wheel.test_docstring_examples_of_the_extras_modules_run_from_the_full_wheel
        core = wheel.test_docstring_examples_run_from_the_core_install
        wheel_runs = {item.name for item in items} & {extras.__name__, core.__name__}

        def run_from_the_wheel(item: pytest.Item) -> bool:
            module = item.path.stem
            if (not isinstance(item, pytest.DoctestItem) or item.path.parent != ROOT / "analysis"
                    or module.startswith("_") or item.name in wheel.DRAWN_IN_THE_CHECKOUT):
                return False  # the wheel's run reads the package's top-level modules only
            return (extras if module in wheel.EXTRA_MODULES else core).__name__ in wheel_runs

        twice = [item for item in items if run_from_the_wheel(item)]
        if twice:
            config.hook.pytest_deselected(items=twice)
            items[:] = [item for item in items if not run_from_the_wheel(item)]


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(_EachExampleOnce(), "each-example-once")


# The built wheel and one venv that installs it (tests/test_wheel.py,
# tests/test_core_install.py): made once per session.

@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """The package's wheel, built from the checkout without network or isolation."""
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(wheels), str(ROOT)], check=True,
                   capture_output=True)
    return next(wheels.glob("*.whl"))


@dataclass(frozen=True)
class WheelEnv:
    """A venv holding the wheel and the core lock's distributions, nothing else.

    ``run(*args, full=False)`` runs its Python outside the checkout; ``full=True`` adds
    the test environment's site-packages (every extra) behind it, their ``.pth`` files
    unprocessed, so the checkout's editable install stays invisible.
    """

    env: Path
    python: Path
    site: Path
    cwd: Path

    def run(self, *args: str, full: bool = False) -> subprocess.CompletedProcess:
        import site
        import sysconfig

        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        if full:
            deps = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
            env["PYTHONPATH"] = os.pathsep.join(sorted(deps))
        return subprocess.run([str(self.python), *args], capture_output=True, text=True,
                              cwd=self.cwd, env=env, check=False)


@pytest.fixture(scope="session")
def wheel_env(tmp_path_factory, wheel) -> WheelEnv:
    """The wheel installed by pip (no dependencies) into a fresh venv, beside the core.

    The core lock's distributions are the test environment's own files (the two locks pin
    them alike), linked in rather than installed again: a copy of the same files.
    """
    import importlib.metadata
    import re
    import sysconfig
    import venv

    root = tmp_path_factory.mktemp("wheel-env")
    env = root / "env"
    venv.create(env, with_pip=False, symlinks=True)
    site = Path(sysconfig.get_path("purelib", "venv", vars={"base": str(env)}))
    lock = (ROOT / "requirements-core.lock").read_text(encoding="utf-8")
    for name, version in re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", lock, flags=re.M):
        dist = importlib.metadata.distribution(name)
        assert dist.version == version, f"{name} {dist.version} here, {version} in the core lock"
        base = Path(dist.locate_file(""))
        for top in sorted({f.parts[0] for f in dist.files if f.parts[0] != ".."}):
            (site / top).symlink_to(base / top)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(env / "bin" / "python"),
                    "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                    "--no-compile", str(wheel)], check=True, capture_output=True)
    (root / "cwd").mkdir()
    return WheelEnv(env, env / "bin" / "python", site, root / "cwd")
