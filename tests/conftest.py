"""Shared fixtures: the real report, the English rendering, and a CLI runner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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
