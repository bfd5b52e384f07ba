"""Canvas layout: the canvas every figure shares, and text measured and wrapped to fit it.

Widths come from the pinned fonts (``measure``), so a label language's longer names
take more lines, never a wider canvas.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable

from analysis.charts import direction
from analysis.measure import text_width, wrap
from analysis.vocabulary import Labels

WIDTH = 620
CANVAS = 820
"""The width of a figure's canvas, the same in every label language (the map and the
engagement matrix have their own): titles, subtitles and source lines wrap to it, and
the plot takes what the category axis leaves."""
_PADDING = 5  # Vega's padding around the canvas
_SLACK = 4  # room for what measuring a line may miss (kerning)


def _legend_columns(entries: Iterable[str], room: float, labels: Labels) -> int:
    """2 if a legend of ``entries`` fits ``room`` px in two columns, else 1."""
    # An entry is its symbol (about 16 px with the gap to the label) and its label;
    # columns are 10 px apart.
    widest = max(text_width(entry, 11, labels.font) for entry in entries) + 16
    return 2 if 2 * widest + 10 <= room else 1


def _plot_room(categories: Iterable[str], labels: Labels) -> float:
    """The plot's width on a ``CANVAS`` whose category axis holds ``categories``."""
    return CANVAS - 2 * _PADDING - _axis_extent(list(categories), labels)


def _wrapped_labels(texts: Iterable[str], width: float, labels: Labels) -> str:
    """A ``labelExpr`` drawing each text in lines no wider than ``width`` px.

    Each line is a run of its own right to left (``direction.isolate``).
    """
    lookup = {text: [direction.isolate(part, labels) for part in wrap(text, width, 11, labels.font)]
              for text in texts}
    return f"{json.dumps(lookup, ensure_ascii=False)}[datum.label] || datum.label"


def _axis_extent(texts: list[str], labels: Labels, limit: float = 360) -> float:
    """How wide a category axis is: its longest label (cut at ``limit``), tick and padding."""
    return min(limit, max(text_width(text, 11, labels.font) for text in texts)) + 8


def _balanced(text: str, width: float, size: int, labels: Labels) -> list[str]:
    """``text`` in as few lines of ``width`` px as ``wrap`` gives; two lines made even.

    "Bolivia (Plurinational / State of)", not "Bolivia (Plurinational State / of)".
    """
    lines = wrap(text, width, size, labels.font)
    if len(lines) != 2:
        return lines
    words = text.split(" ")
    splits = ([(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
              if len(words) > 1 else  # Chinese: between characters, not before punctuation
              [(text[:i], text[i:]) for i in range(1, len(text))
               if unicodedata.category(text[i])[0] != "P"])
    return list(min(splits, key=lambda pair: max(text_width(part, size, labels.font)
                                                 for part in pair)))
