"""Figures do not depend on the machine's fonts.

vl-convert loads the system's fonts as well as the ones registered with it, and a system
font that claims a pinned family name wins: with Debian's fonts-noto-core installed
(Chromium pulls it in) every Latin letter, "/" and bracket in the Arabic figures became
an empty box. Here decoy fonts claiming "Noto Sans", "Noto Sans Arabic" and "Noto Sans
SC" (Noto Sans cut to the ten digits, so anything drawn with them shows) sit in the
user's font folders of a temporary home, and the figures drawn there must be the
committed files in figures/, byte for byte (the comparison is with the committed files:
a change that legitimately alters these figures regenerates them).
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import paths
from analysis.render import EMBEDDABLE_FONTS, cut_font
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # decoy fonts are cut and a figure set drawn beside them

FIGURES = ("ratification_gap_by_group", "regional_participation")
LANGUAGES = {"en": "", "ar": ".ar", "zh": ".zh"}
DECOY_FAMILIES = ("Noto Sans", "Noto Sans Arabic", "Noto Sans SC")


@functools.cache
def _digits() -> bytes:
    """Noto Sans cut to the ten digits (a second of fontTools work: done once)."""
    return cut_font(EMBEDDABLE_FONTS["Noto Sans"], map(ord, "0123456789"))


@functools.cache
def _decoy(family: str) -> bytes:
    """Noto Sans with only the digits, calling itself ``family``."""
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(_digits()))
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16, 21):
            names.setName(family, record.nameID, record.platformID, record.platEncID,
                          record.langID)
        elif record.nameID in (6, 20):
            names.setName(family.replace(" ", "") + "-Decoy", record.nameID,
                          record.platformID, record.platEncID, record.langID)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def decoy_home(tmp_path_factory) -> dict[str, str]:
    """An environment whose home and XDG data folder hold the decoy fonts."""
    home = tmp_path_factory.mktemp("home")
    data = home / "xdg-data"
    for folder in (home / ".local" / "share" / "fonts", home / ".fonts", data / "fonts"):
        folder.mkdir(parents=True)
        for family in DECOY_FAMILIES:
            (folder / f"{family.replace(' ', '')}-Regular.ttf").write_bytes(_decoy(family))
    # The chart fonts and the Vega bundle stay where set-up cut and cached them.
    return {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(data),
            "XDG_CACHE_HOME": str(paths.CACHE_DIR.parent)}


def test_figures_drawn_beside_decoy_system_fonts_are_the_committed_ones(decoy_home, tmp_path):
    # Rendered in the process itself (no workers to start): its fonts are set up the
    # same way, and the same bytes come out (test_parallel_rendering_...).
    script = ("import sys; from pathlib import Path;"
              "from analysis.figures import write_figures;"
              "from analysis.render import Renderer;"
              "from analysis.study import build_study;"
              "write_figures(build_study(), Path(sys.argv[1]), langs=sys.argv[2].split(','),"
              " only=sys.argv[3].split(','), renderer=Renderer(workers=0))")
    subprocess.run([sys.executable, "-c", script, str(tmp_path), ",".join(LANGUAGES),
                    ",".join(FIGURES)], env=decoy_home, cwd=ROOT, check=True,
                   capture_output=True)
    # The PNGs show what was drawn with which font; the English SVGs too (the Arabic and
    # Chinese ones embed the glyphs of the whole figure set, so drawing two figures of
    # the set gives other bytes whatever the fonts).
    drawn = [tmp_path / f"{name}{suffix}.png" for name in FIGURES
             for suffix in LANGUAGES.values()] + [tmp_path / f"{name}.svg" for name in FIGURES]
    assert len(drawn) == 8
    for path in drawn:
        assert path.read_bytes() == (ROOT / "figures" / path.name).read_bytes(), (
            f"{path.name} differs from figures/{path.name} beside decoy fonts")


def test_the_decoys_would_be_drawn_if_the_system_fonts_were_loaded(decoy_home):
    # The decoys are real fonts under the pinned names: the check above means something.
    from fontTools.ttLib import TTFont

    folder = Path(decoy_home["XDG_DATA_HOME"]) / "fonts"
    families = sorted(TTFont(path)["name"].getDebugName(1) for path in folder.iterdir())
    assert families == sorted(DECOY_FAMILIES)
