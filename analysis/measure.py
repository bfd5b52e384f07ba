"""Text measurement: how wide a label is drawn in the pinned chart fonts, and lines that fit.

Owns the widths charts lay text out by: the advance widths of the glyphs of Noto Sans,
Noto Sans SC and Noto Sans Arabic (the font files of ``fonts``, which ``render`` draws
with), taken from the font files with fontTools, each character from the first font of
the label language's list that has it, Arabic letters in their joined (initial, medial,
final) forms. The rasteriser also kerns and forms ligatures; measured widths are within
1 % of what vl-convert draws (within 3 px on a 1,000 px line). ``wrap`` breaks a
subtitle or a source line into lines no wider than a figure, so that no language's long
sentence widens its canvas.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from analysis.fonts import CHART_FONTS, EMBEDDABLE_FONTS, chart_font_dir

_FONT_FILES: dict[str, tuple[str, Path]] = {
    "Noto Sans": ("NotoSans[wdth,wght].ttf", CHART_FONTS["NotoSans[wdth,wght].ttf"][0]),
    "Noto Sans SC": ("NotoSansSC-Regular.otf", EMBEDDABLE_FONTS["Noto Sans SC"]),
    "Noto Sans Arabic": ("NotoSansArabic[wdth,wght].ttf", EMBEDDABLE_FONTS["Noto Sans Arabic"]),
}
_FALLBACK_EM = 0.6


@cache
def _font(family: str) -> tuple[dict[int, int], int] | None:
    """``{code point: advance}`` and units per em of a family's regular face, or None."""
    if family not in _FONT_FILES:
        return None
    name, whole = _FONT_FILES[family]
    cut = chart_font_dir()
    path = cut / name if cut and (cut / name).is_file() else whole
    font = TTFont(path, lazy=True)
    advances = font["hmtx"].metrics
    widths = {point: advances[glyph][0] for point, glyph in font.getBestCmap().items()}
    units = font["head"].unitsPerEm
    font.close()
    return widths, units


def _families(font: str) -> list[str]:
    return [part.strip().strip('"').strip("'") for part in font.split(",")]


@cache
def _arabic_forms() -> dict[tuple[str, str], str]:
    """``(letter, form) -> presentation form`` of Arabic letters (Unicode compatibility forms)."""
    forms = {}
    for point in [*range(0xFB50, 0xFDFF), *range(0xFE70, 0xFEFF)]:
        parts = unicodedata.decomposition(chr(point)).split()
        if len(parts) == 2 and parts[0] in ("<initial>", "<medial>", "<final>", "<isolated>"):
            forms.setdefault((chr(int(parts[1], 16)), parts[0][1:-1]), chr(point))
    return forms


def _joined(text: str) -> str:
    """``text`` with each Arabic letter in the form it takes next to its neighbours."""
    if not _ARABIC.search(text):  # most labels: nothing to join, nothing to look up
        return text
    forms = _arabic_forms()

    def joins_next(char: str) -> bool:  # dual-joining: has an initial form
        return (char, "initial") in forms

    def joins_prev(char: str) -> bool:  # joins the letter before it: has a final form
        return (char, "final") in forms

    letters = [c for c in text if unicodedata.category(c) != "Mn"]
    out = []
    for i, char in enumerate(letters):
        before = letters[i - 1] if i else ""
        after = letters[i + 1] if i + 1 < len(letters) else ""
        prev = bool(before) and joins_next(before) and joins_prev(char)
        nxt = bool(after) and joins_next(char) and joins_prev(after)
        form = {(True, True): "medial", (True, False): "final", (False, True): "initial",
                (False, False): "isolated"}[(prev, nxt)]
        out.append(forms.get((char, form), char))
    return "".join(out)


_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


@lru_cache(maxsize=8192)  # wrap() measures each growing line again
def text_width(text: str, size: float, font: str) -> float:
    """The width in pixels of one line of ``text`` at ``size`` px in a CSS font list.

    Args:
        text: One line.
        size: The font size in pixels.
        font: A CSS font list (``Labels.font``); the Noto families in it are measured.
            The renderer draws bold text with the regular glyphs' widths.

    Example:
        >>> round(text_width("Parties", 11, '"Noto Sans", sans-serif'))
        36
        >>> text_width("\u2067x\u2069", 11, "Noto Sans") == text_width("x", 11, "Noto Sans")
        True
    """
    fonts = [f for f in map(_font, _families(font)) if f] or [_font("Noto Sans")]
    total = 0.0
    for char in _joined(text.replace(_KEPT_SPACE, " ")):
        if unicodedata.category(char) in ("Cf", "Mn"):
            continue
        for widths, units in fonts:
            if ord(char) in widths:
                total += widths[ord(char)] / units
                break
        else:
            total += _FALLBACK_EM
    return total * size


_KEPT_SPACE = "\ue000"  # a space inside a phrase that must not break (a date)


def wrap(text: str, width: float, size: float, font: str,
         keep: re.Pattern[str] | None = None) -> list[str]:
    """``text`` broken into lines no wider than ``width`` px (at spaces; CJK anywhere).

    A word wider than ``width`` keeps a line of its own. Chinese has no spaces: it may
    break between any two characters, never before closing punctuation, after opening
    punctuation or between a number and the counter that follows it. Phrases that
    ``keep`` matches (dates) are never broken.

    Example:
        >>> wrap("one two three", 45, 11, "Noto Sans")
        ['one two', 'three']
        >>> wrap("met on 16 July 2020", 60, 11, "Noto Sans",
        ...      keep=re.compile("[0-9]+ July [0-9]+"))
        ['met on', '16 July 2020']
        >>> wrap("出席会议的会员国", 40, 11, "Noto Sans SC")
        ['出席会', '议的会', '员国']
        >>> wrap("数据库（数据截至", 50, 11, "Noto Sans SC")
        ['数据库', '（数据截', '至']
        >>> wrap("截至2024年5月4日", 60, 11, "Noto Sans SC", keep=re.compile("2024年5月4日"))
        ['截至', '2024年5月4日']
    """
    def wide(char: str) -> bool:
        return unicodedata.east_asian_width(char) in "WF"

    if keep is not None:
        text = keep.sub(lambda m: m.group(0).replace(" ", _KEPT_SPACE), text)
    # Inside a kept phrase no character starts a unit ("2024年5月4日" stays whole).
    inside = {i for m in (keep.finditer(text) if keep else ()) for i in range(m.start() + 1,
                                                                               m.end())}

    # Units that may not be split: a run of spaces, a word, or one wide character with
    # the punctuation that closes on it.
    units: list[str] = []
    for index, char in enumerate(text):
        last = units[-1][-1] if units else " "
        if index in inside:
            glued = True
        elif char != " " and unicodedata.category(last) in ("Ps", "Pi"):
            glued = True  # never a line ending in an opening bracket ("（")
        elif wide(char) and last.isdigit():
            glued = True  # a number keeps its counter or date word ("58个", "2024年")
        elif char == " ":
            glued = last == " "
        elif wide(char):
            glued = last != " " and unicodedata.category(char) in ("Pe", "Po")
        else:
            glued = last != " " and not wide(last)
        if glued:
            units[-1] += char
        else:
            units.append(char)
    lines: list[str] = []
    line = ""
    for unit in units:
        candidate = line + unit
        if line and unit != " " and text_width(candidate.rstrip(), size, font) > width:
            lines.append(line.rstrip())
            line = unit.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    return [line.replace(_KEPT_SPACE, " ") for line in lines]
