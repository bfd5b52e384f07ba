"""Direction: every decision a chart makes for a language written right to left (Arabic).

The one owner of direction: the figure modules never test the label language's
direction themselves, they ask this module where the start of a line is
(``start_anchor``, ``start_x``), on which side a category axis stands (``axis_side``),
in what order a row of categories reads (``reading_order``), and for a text drawn as a
run of its own (``isolate``). A finished spec is mirrored here too (``oriented``,
``right_to_left``): axes, legends, alignments and every text drawn.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Literal, TypeVar

from analysis.vocabulary import Labels, isolate_rtl

T = TypeVar("T")


def start_anchor(labels: Labels) -> Literal["start", "end"]:
    """The anchor of the side a line of the language starts from: ``start``, or ``end`` in rtl.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> start_anchor(load_labels("en")), start_anchor(load_labels("ar"))
        ('start', 'end')
    """
    return "end" if labels.rtl else "start"


def axis_side(labels: Labels) -> Literal["left", "right"]:
    """The side a category axis stands on: the right in a language written right to left.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> axis_side(load_labels("en")), axis_side(load_labels("ar"))
        ('left', 'right')
    """
    return "right" if labels.rtl else "left"


def start_x(labels: Labels, width: float, *lengths: float) -> float:
    """Where a block placed at the start of a line begins, on a canvas ``width`` px wide.

    At the left edge (0) left to right; right to left, at the right edge less each of
    ``lengths`` (px, taken off in turn: the block's extent from its anchor point).

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> start_x(load_labels("en"), 700, 120, 11), start_x(load_labels("ar"), 700, 120, 11)
        (0, 569)
    """
    if not labels.rtl:
        return 0
    x = width
    for length in lengths:
        x = x - length
    return x


def reading_order(items: list[T], labels: Labels) -> list[T]:
    """``items`` from the side the language starts reading: reversed right to left.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> reading_order(["2020", "2022"], load_labels("ar"))
        ['2022', '2020']
    """
    return items[::-1 if labels.rtl else 1]


def isolate(text: str, labels: Labels) -> str:
    """A text drawn on its own (a line, an axis label): a run of its own right to left.

    Left to right the text is unchanged.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> en, ar = load_labels("en"), load_labels("ar")
        >>> isolate("2020", en), isolate("2020", ar) == "\u20672020\u2069"
        ('2020', True)
    """
    return isolate_rtl(text) if labels.rtl else text


def isolate_left_to_right(text: str, labels: Labels) -> str:
    """A left-to-right run (a document symbol) in a right-to-left text: isolated (LRI, PDI).

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> isolate_left_to_right("A/1", load_labels("ar")) == "\u2066A/1\u2069"
        True
    """
    return f"\u2066{text}\u2069" if labels.rtl else text


def isolate_if_right_to_left(text: str, labels: Labels) -> str:
    """``isolate`` for a text holding a right-to-left letter; any other text as it is.

    A text kept in a left-to-right script (a map note in English among the Arabic
    labels) stays a left-to-right run.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> isolate_if_right_to_left("Kosovo", load_labels("ar"))
        'Kosovo'
    """
    return isolate(text, labels) if _has_rtl(text) else text


def oriented(spec: dict, labels: Labels) -> dict:
    """A Vega-Lite spec as the language reads: mirrored (``right_to_left``) in rtl.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> spec = {"encoding": {"y": {"field": "g", "type": "nominal"}}}
        >>> oriented(spec, load_labels("en")) is spec
        True
        >>> oriented(spec, load_labels("ar"))["encoding"]["y"]["axis"]["orient"]
        'right'
    """
    return right_to_left(spec) if labels.rtl else spec


_FLIPPED_ALIGN = {"left": "right", "right": "left"}
_LEGEND_CHANNELS = ("color", "fill", "stroke", "shape", "size", "opacity", "strokeDash")
_ISOLATED_LABEL = "'\u2067' + datum.label + '\u2069'"
_BLANK = "\u2063"
"""A legend entry that holds a place (an invisible separator, hidden with its symbol)."""


def rtl_legend_order(entries: list[str], columns: int) -> list[str]:
    """Legend entries reordered so that a grid of ``columns`` reads from the right.

    Vega fills a legend's grid row by row from the left; each row is reversed, and a
    short last row is filled up with blank entries (``_BLANK`` and more of it) on its
    left, so that the first entry of every row stands at the right.

    Example:
        >>> rtl_legend_order(["a", "b", "c"], 2) == ["b", "a", "\u2063", "c"]
        True
        >>> rtl_legend_order(["a", "b"], 1)
        ['a', 'b']
    """
    if columns <= 1:
        return list(entries)
    rows = [entries[i:i + columns] for i in range(0, len(entries), columns)]
    blanks = [_BLANK * (n + 1) for n in range(columns - len(rows[-1]))] if rows else []
    rows[-1:] = [rows[-1] + blanks] if rows else []
    return [entry for row in rows for entry in reversed(row)]


def _rtl_legend(channel: dict, columns: int) -> None:
    """Symbol right of its label, entries from the right, every label an rtl run."""
    legend = channel.get("legend", {})
    if legend is None:
        return
    legend = dict(legend)
    domain = legend.get("values") or (channel.get("scale") or {}).get("domain")
    columns = legend.get("columns", columns)
    if isinstance(domain, list) and legend.get("direction") != "vertical":
        legend["values"] = rtl_legend_order(domain, columns)
        legend["encode"] = {"symbols": {"update": {"opacity": {
            "signal": f"indexof(datum.value, '{_BLANK}') === 0 ? 0 : 1"}}}}
    # The label ends a few pixels left of its symbol: Vega places a label at the symbol's
    # width (plus stroke) and the offset, aligned at its right end.
    size = legend.get("symbolSize", 100)
    legend |= {"labelAlign": "right", "labelOffset": -round(size ** 0.5 + 8),
               "labelExpr": _ISOLATED_LABEL, "titleAnchor": "end", "titleAlign": "right"}
    for holder in (legend, channel):
        if isinstance(holder.get("title"), str):
            holder["title"] = isolate_rtl(holder["title"])
    channel["legend"] = legend


def _rtl_text(spec: dict) -> None:
    """A text mark's text as an rtl run of its own (a calculated copy of its field)."""
    text = spec["encoding"].get("text")
    if not isinstance(text, dict) or text.get("type") not in ("nominal", None) or (
            "field" not in text and "value" not in text):
        return
    if "value" in text:
        spec["encoding"]["text"] = {**text, "value": isolate_rtl(str(text["value"]))}
        return
    field = text["field"]
    if field == "lines":  # lines of a label, each isolated already (``isolate``)
        return
    spec["transform"] = [*spec.get("transform", []), {
        "calculate": f"'\u2067' + datum[{json.dumps(field)}] + '\u2069'", "as": f"{field}_rtl"}]
    spec["encoding"]["text"] = {**text, "field": f"{field}_rtl"}


def right_to_left(spec: dict) -> dict:
    """Mirror a Vega-Lite spec for a language written right to left (Arabic).

    Category axes move to the right, quantity and time axes run from right to left,
    text anchored at one side of a point is anchored at the other, legends stand at
    the right with each symbol right of its label and their entries read from the
    right (``rtl_legend_order``), and every text drawn (titles, axis and legend labels,
    text marks) is isolated as a right-to-left run: the rasteriser lays a text out left
    to right unless told, which puts "22,5" before "سنة" and a date before the word it
    follows. The map and the marks themselves are left as they are. Returns a new spec;
    ``spec`` is not changed.

    Example:
        >>> spec = {"mark": {"type": "text", "align": "left", "dx": 4}, "encoding": {
        ...     "y": {"field": "g", "type": "nominal"}, "x": {"field": "v",
        ...     "type": "quantitative"}}}
        >>> mirrored = right_to_left(spec)
        >>> mirrored["encoding"]["y"]["axis"]["orient"], mirrored["encoding"]["x"]["scale"]
        ('right', {'reverse': True})
        >>> mirrored["mark"]["align"], mirrored["mark"]["dx"]
        ('right', -4)
        >>> right_to_left({"title": {"text": "عنوان"}})["title"]["text"] == "\u2067عنوان\u2069"
        True
    """
    config = spec.get("config", {}) if isinstance(spec, dict) else {}
    out = _mirror(spec, (config.get("legend") or {}).get("columns", 1))
    if isinstance(out, dict) and "config" in out:
        legend = out["config"].setdefault("legend", {})
        # Legends below or above a chart stand at its right end.
        layout = legend.setdefault("layout", {})
        for side in ("bottom", "top"):
            layout[side] = {**layout.get(side, {}), "anchor": "end"}
    return out


def _mirror(spec: object, columns: int) -> object:
    if isinstance(spec, list):
        return [_mirror(item, columns) for item in spec]
    if not isinstance(spec, dict):
        return spec
    out = {key: _mirror(value, columns) for key, value in spec.items()}
    encoding = out.get("encoding")
    if isinstance(encoding, dict):
        y, x = encoding.get("y"), encoding.get("x")
        # Category axes stand on the right, and so does a quantity axis beside a time
        # axis that runs leftwards (the timeline's parties start where time does).
        leftwards = isinstance(x, dict) and x.get("type") == "temporal"
        if isinstance(y, dict) and (y.get("type") in ("nominal", "ordinal") or leftwards) and (
                y.get("axis", {}) is not None):
            y["axis"] = {**(y.get("axis") or {}), "orient": "right"}
        if isinstance(x, dict) and x.get("type") in ("quantitative", "temporal"):
            x["scale"] = {**(x.get("scale") or {}), "reverse": True}
        for channel in (x, y):
            if isinstance(channel, dict) and channel.get("axis", {}) is not None:
                axis = channel.get("axis") or {}
                # A label split into lines has each line isolated already (``_line``).
                channel["axis"] = {"labelExpr": _ISOLATED_LABEL, **axis}
            if isinstance(channel, dict) and isinstance(channel.get("title"), str):
                channel["title"] = isolate_rtl(channel["title"])
        for name in _LEGEND_CHANNELS:
            if isinstance(encoding.get(name), dict) and "field" in encoding[name]:
                _rtl_legend(encoding[name], columns)
    mark = out.get("mark")
    if isinstance(mark, dict):
        if mark.get("align") in _FLIPPED_ALIGN:
            mark["align"] = _FLIPPED_ALIGN[mark["align"]]
        if isinstance(mark.get("dx"), int | float):
            mark["dx"] = -mark["dx"]
    if (mark == "text" or (isinstance(mark, dict) and mark.get("type") == "text")) and isinstance(
            encoding, dict):
        _rtl_text(out)
    if out.get("labelAlign") in _FLIPPED_ALIGN:
        out["labelAlign"] = _FLIPPED_ALIGN[out["labelAlign"]]
    title = out.get("title")
    if isinstance(title, dict) and title.get("anchor") == "start":
        title["anchor"] = "end"
    if isinstance(title, dict):
        for part in ("text", "subtitle"):
            if part in title:
                # Each line of a title is its own right-to-left paragraph.
                title[part] = ([isolate_rtl(line) for line in title[part]]
                               if isinstance(title[part], list) else isolate_rtl(title[part]))
    return out


def _has_rtl(text: str) -> bool:
    """Whether a text holds a right-to-left letter (Arabic, Hebrew).

    Example:
        >>> _has_rtl("Kosovo"), _has_rtl("كوسوفو")
        (False, True)
    """
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)
