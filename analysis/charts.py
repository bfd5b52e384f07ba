"""Charts: Altair figures drawn from the tables they are given, in any label language.

Owns the look shared by every figure (one font per label language, one colour per
status that means the same thing everywhere, the Okabe-Ito colour-blind-safe palette)
and one function per figure. Each function takes every table it draws (the analysis
table, display names, M49 codes, map topology, label positions) and a ``Labels``
(``vocabulary.load_labels``), and returns an Altair chart. Nothing here reads a file:
the notebooks and ``figures`` pass the same tables, so a briefing shows exactly the
chart an analyst saw, and a test can draw any chart from a small inline table.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import unicodedata
from collections.abc import Callable, Iterable
from decimal import Decimal
from itertools import pairwise
from typing import ClassVar

import altair as alt
import polars as pl

from analysis.measure import text_width, wrap
from analysis.vocabulary import (
    ADHERENCE,
    BOUND,
    PALETTE,
    REGIONAL_GROUPS,
    STANDING,
    Labels,
    collation_key,
    isolate_rtl,
)

# One meaning per colour across every figure: every colour comes from
# ``vocabulary.PALETTE`` (blue = party to the Protocol, orange = signed it only, reddish
# purple = a Convention party only, vermillion = a party to neither, grey = unknown).
# A highlight is a neutral emphasis, never a status colour: the engagement matrix's key
# column is the sand of "attended" with a dark outline.
INK = "#111111"
WIDTH = 620
CANVAS = 820
"""The width of a figure's canvas, the same in every label language (the map and the
engagement matrix have their own): titles, subtitles and source lines wrap to it, and
the plot takes what the category axis leaves."""
_PADDING = 5  # Vega's padding around the canvas
_SLACK = 4  # room for what measuring a line may miss (kerning)
_GROUP_AXIS = 210  # the engagement matrix's group names, wrapped to fit
# About as many characters of 11 px bold text as fit the 230 px before the engagement
# roster's first column of names; a longer group name takes a second line.
_HEADING_CHARACTERS = 34


def theme_config(labels: Labels) -> dict:
    """The shared Vega-Lite config: font, sizes, background (one look for every figure).

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> theme_config(load_labels("en"))["font"].split(",")[0]
        '"Noto Sans"'
    """
    return {
        "font": labels.font, "background": "white",
        "title": {"fontSize": 15, "subtitleFontSize": 11,
                  "anchor": "end" if labels.rtl else "start",
                  "subtitleColor": "#444444", "offset": 10},
        # Group and State names run longer in French, Spanish and Russian than in English.
        "axis": {"labelFontSize": 11, "titleFontSize": 11, "gridColor": "#EEEEEE",
                 "labelLimit": 360},
        "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom",
                   "direction": "horizontal", "columns": 2, "labelLimit": 440},
        "view": {"stroke": None},
    }


# The HTML pages' tooltips (the Vega tooltip plugin's element): readable at 13 px, on
# an opaque white ground with a dark outline, so a tooltip over a coloured map or bar
# reads as clearly as the chart's own text (the plugin's default is 11 px on a
# see-through ground).
TOOLTIP_STYLE = {"font-size": "13px", "line-height": "1.4", "color": "#1A1A1A",
                 "background-color": "#FFFFFF", "border": "1px solid #555555",
                 "box-shadow": "0 1px 4px rgba(0, 0, 0, 0.25)"}


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
    if field == "lines":  # lines of a label, each isolated already (``_line``)
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


def _finish(chart: alt.TopLevelMixin, title: str, subtitle: str, source: str,
            labels: Labels, *, width: int = CANVAS, fit: bool = False,
            legend: Iterable[str] = (), room: float | None = None
            ) -> alt.TopLevelMixin:
    """Title, subtitle and source wrapped to the canvas; the legend in as many columns as fit.

    ``width`` is the canvas the figure has in every language. With ``fit`` (a single or
    layered view) Vega sizes the plot so that the canvas is exactly ``width``; otherwise
    the chart's own widths must add up to it. A legend of ``legend`` entries takes two
    columns where two fit in ``room`` pixels (the plot's width), else one.
    """
    lines = width - 2 * _PADDING - _SLACK
    config = theme_config(labels)
    legend = list(legend)
    if legend:
        config["legend"] = {**config["legend"],
                            "columns": _legend_columns(legend, room or lines, labels)}

    heading = wrap(title, lines, 15, labels.font, labels.date_phrase)
    chart = chart.properties(title=alt.Title(
        heading[0] if len(heading) == 1 else heading,
        subtitle=[part for line in [*subtitle.split("\n"), *source.split("\n")]
                  for part in wrap(line, lines, 11, labels.font, labels.date_phrase)]))
    if fit:
        chart = chart.properties(width=width, autosize=alt.AutoSizeParams(
            type="fit-x", contains="padding"))
    return chart.configure(**config)


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
    """A ``labelExpr`` drawing each text in lines no wider than ``width`` px (rtl runs in rtl)."""
    lookup = {text: [_line(part, labels) for part in wrap(text, width, 11, labels.font)]
              for text in texts}
    return f"{json.dumps(lookup, ensure_ascii=False)}[datum.label] || datum.label"


def _axis_extent(texts: list[str], labels: Labels, limit: float = 360) -> float:
    """How wide a category axis is: its longest label (cut at ``limit``), tick and padding."""
    return min(limit, max(text_width(text, 11, labels.font) for text in texts)) + 8


def _line(text: str, labels: Labels) -> str:
    """A line of a multi-line text: a right-to-left run of its own in an rtl language."""
    return isolate_rtl(text) if labels.rtl else text


def _groups(labels: Labels) -> dict[str, str]:
    return {g: labels.group(g) for g in REGIONAL_GROUPS}


def palette_labels(codes: list[str] | tuple[str, ...], labels: Labels) -> dict[str, str]:
    """``{code: legend text}`` for ``PALETTE`` categories, in the label language.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> palette_labels(["neither"], load_labels("fr"))
        {'neither': 'Hors de la Convention et du Protocole'}
    """
    return {code: labels(PALETTE[code].label) for code in codes}


def _legend_scale(codes: list[str] | tuple[str, ...], labels: Labels) -> alt.Scale:
    """A colour scale of ``PALETTE`` categories: their legend texts and their colours."""
    return alt.Scale(domain=list(palette_labels(codes, labels).values()),
                     range=[PALETTE[code].colour for code in codes])


def _outline_scale(codes: list[str] | tuple[str, ...], labels: Labels) -> alt.Scale:
    """Each category's outline: its own colour, or the outline of a fill that is white."""
    return alt.Scale(domain=list(palette_labels(codes, labels).values()),
                     range=[PALETTE[code].outline or PALETTE[code].colour for code in codes])


class _Rows:
    """Inline rows Altair passes on as they are.

    Altair otherwise copies and inspects every value of a chart's data at each step
    (``encode``, ``properties``, ``layer``), most of the time it takes to draw a chart.
    The rows are those Altair itself would write: dates as Vega-Lite ``DateTime``.
    """

    _schema: ClassVar[dict[str, str]] = {"type": "array"}

    def __init__(self, frame: pl.DataFrame) -> None:
        dates = [name for name, dtype in frame.schema.items() if dtype == pl.Date]
        self.rows = frame.with_columns(
            pl.struct(year=pl.col(d).dt.year().cast(pl.Int64),
                      month=pl.col(d).dt.month().cast(pl.Int64),
                      date=pl.col(d).dt.day().cast(pl.Int64)).alias(d) for d in dates
        ).to_dicts()

    def to_dict(self, *_: object, **__: object) -> list[dict]:
        """The rows, for the spec."""
        return self.rows


def _data(frame: pl.DataFrame) -> alt.Data:
    return alt.Data(values=_Rows(frame))


def _tip(field: str, key: str, labels: Labels) -> alt.Tooltip:
    """A tooltip line titled in the label language (never a raw column name)."""
    return alt.Tooltip(field, title=labels(key))


def _as_text(frame: pl.DataFrame, column: str, write: Callable[[object], str]) -> pl.Expr:
    """A column's values as the language writes them (a tooltip's value).

    Each distinct value is written once.
    """
    return pl.col(column).replace_strict(
        {v: write(v) for v in frame[column].drop_nulls().unique()}, default=None,
        return_dtype=pl.String)


def _display_names(names: pl.DataFrame, key: str = "entity_id") -> pl.DataFrame:
    return names.select(pl.col("entity_id").alias(key), display_name="name")


def source_line(report_symbol: str, as_of: dt.date, labels: Labels, *,
                marked: bool = False) -> str:
    """The source line every figure carries.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> source_line("CTOC/COP/WG.6/2020/3", dt.date(2024, 5, 4), load_labels("en")
        ...             ).startswith("Sources:")
        True
    """
    # A figure that marks statuses resting on secondary sources names those too.
    return labels("source_marked" if marked else "source", report=report_symbol,
                  as_of=as_of.isoformat())


def mark_test_data(chart: alt.TopLevelMixin, labels: Labels) -> alt.TopLevelMixin:
    """``chart`` with "test data" as the first line of its title (``series.drawn_from_fixture``).

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> chart = _finish(alt.Chart().mark_point(), "Title", "", "x", load_labels("en"))
        >>> mark_test_data(chart, load_labels("en")).to_dict()["title"]["text"][0][:9]
        'TEST DATA'
    """
    title = chart.title.copy()
    text = title.text
    title.text = [_line(labels("test_data"), labels), *(text if isinstance(text, list) else [text])]
    return chart.properties(title=title)


def count_axis(most: int) -> tuple[alt.Scale, alt.Axis]:
    """A count axis from 0 past ``most``, ticked every 10 (or 5, 20, 50), in every language.

    Vega would choose the ticks by the plot's width, which the category labels of each
    language make differ; the data alone decides here.

    Example:
        >>> scale, axis = count_axis(54)
        >>> scale.domain, axis.values
        ([0, 60], [0, 10, 20, 30, 40, 50, 60])
    """
    step = next((s for s in (5, 10, 20, 50, 100) if most / s <= 8), 100)
    top = step * max(1, -(-most // step))
    return (alt.Scale(domain=[0, top], nice=False),
            alt.Axis(values=list(range(0, top + 1, step))))


def _standing_bars(table: pl.DataFrame, labels: Labels, *, y: alt.Y,
                   tips: list[alt.Tooltip]) -> tuple[list[str], alt.Chart]:
    """Stacked bars of Member States by ``STANDING``, for the participation figures.

    Only the categories some State is in are drawn and named in the legend. ``tips``
    come first in the tooltip, before the standing, the count and the share.
    """
    shown = [s for s in STANDING
             if table.filter((pl.col("standing") == s) & (pl.col("states") > 0)).height]
    data = table.filter(pl.col("standing").is_in(shown)).with_columns(
        group=pl.col("regional_group").replace_strict(_groups(labels)),
        standing_label=pl.col("standing").replace_strict(palette_labels(shown, labels)),
        order=pl.col("standing").replace_strict(
            {a: i for i, a in enumerate(STANDING)}, return_dtype=pl.Int8),
        share_text=_as_text(table, "share", labels.percent))
    scale, axis = count_axis(int(table.group_by(*[c for c in ("meeting", "regional_group")
                                                   if c in table.columns])
                                 .agg(pl.col("states").sum())["states"].max() or 0))
    return shown, alt.Chart(_data(data)).mark_bar().encode(
        y=y, x=alt.X("states:Q", title=labels("axis.states"), scale=scale, axis=axis),
        color=alt.Color("standing_label:N", title=None, scale=_legend_scale(shown, labels)),
        # Same field and title as the colour: Vega-Lite merges the two into one legend,
        # whose "did not attend" symbol is then a white square with a grey outline.
        stroke=alt.Stroke("standing_label:N", title=None,
                          scale=_outline_scale(shown, labels)),
        order=alt.Order("order:O"),
        tooltip=[*tips, _tip("standing_label:N", "tooltip.adherence", labels),
                 _tip("states:Q", "axis.states", labels),
                 _tip("share_text:N", "axis.share", labels)])


def regional_participation_chart(table: pl.DataFrame, *, meeting_date: dt.date,
                                 source: str, labels: Labels,
                                 meeting_end: dt.date | None = None) -> alt.Chart:
    """Stacked bars: each group's Member States by how they attended, and their standing.

    The attending States are coloured as every figure colours them (Protocol party,
    signatory, Convention party only, neither, unknown); categories no State is in are
    left out of the bars and the legend.

    Args:
        table: ``regional_participation`` output.
        meeting_date: The first day of the meeting (for the title).
        source: The source line (``source_line``).
        labels: The label language (``vocabulary.load_labels``).
        meeting_end: The last day of the meeting, if the report states it.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> frame = pl.DataFrame({"regional_group": ["WEOG", "WEOG", "WEOG"],
        ...     "attendance": ["party", "non_party", "absent"],
        ...     "standing": ["protocol_party", "convention_only", "absent"],
        ...     "states": [19, 1, 9], "members": [29] * 3, "share": [19 / 29, 1 / 29, 9 / 29]})
        >>> spec = regional_participation_chart(frame, meeting_date=dt.date(2020, 7, 16),
        ...     source="x", labels=load_labels("en")).to_dict()
        >>> spec["encoding"]["color"]["scale"]["range"]
        ['#0072B2', '#CC79A7', '#FFFFFF']
    """
    present = table.filter(pl.col("attendance") != "absent")
    counts = dict(present.group_by("attendance").agg(pl.col("states").sum()).iter_rows())
    standing = dict(present.group_by("standing").agg(pl.col("states").sum()).iter_rows())
    shown, chart = _standing_bars(
        table, labels, y=alt.Y("group:N", sort=list(_groups(labels).values()), title=None),
        tips=[_tip("day:N", "axis.date", labels), _tip("group:N", "tooltip.group", labels)])
    # Every count in a tooltip names the day it holds for: the standing on the meeting date.
    chart = chart.transform_calculate(day=json.dumps(labels.date(meeting_date))).properties(
        width=WIDTH, height=220)
    title = labels("regional_participation.title",
                   meeting=labels.days(meeting_date, meeting_end))
    # The attending Member States by the categories the legend shows, each count in the
    # form its number takes in the language.
    attended = [s for s in shown if s != "absent"]
    phrases = {"protocol_party": "regional_participation.party",
               "protocol_signatory": "regional_participation.signatory",
               "convention_only": "regional_participation.convention_only",
               "convention_unknown": "regional_participation.convention_unknown",
               "neither": "regional_participation.neither",
               "unknown": "regional_participation.unknown"}
    subtitle = labels(
        "regional_participation.subtitle", day=meeting_date.isoformat(),
        states=labels.plural("regional_participation.states", sum(counts.values())),
        standing=labels.texts["list.clauses"].join(
            labels.plural(phrases[s], standing.get(s, 0)) for s in attended))
    return _finish(chart, title, subtitle, source, labels, fit=True,
                   legend=palette_labels(shown, labels).values(),
                   room=_plot_room(_groups(labels).values(), labels))


def ratification_gap_chart(table: pl.DataFrame, *, source: str, labels: Labels
                           ) -> alt.FacetChart:
    """Stacked shares by group, one row of bars per date (meeting and latest).

    Categories with no State on either date are left out of the bars and the legend.

    Args:
        table: ``ratification_gap`` output (``date, regional_group, adherence, states,
            members, share``).
        source: The source line.
        labels: The label language.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> frame = pl.DataFrame({"date": [dt.date(2020, 7, 16)] * 2,
        ...     "regional_group": ["WEOG"] * 2, "adherence": ["protocol_party", "neither"],
        ...     "states": [20, 9], "members": [29, 29], "share": [20 / 29, 9 / 29]})
        >>> spec = ratification_gap_chart(frame, source="x", labels=load_labels("en")).to_dict()
        >>> bars, white, ink = spec["spec"]["layer"]
        >>> bars["encoding"]["color"]["scale"]["domain"]
        ['Party to the Protocol', 'Not a party to the Convention or the Protocol']
        >>> sorted({row["group"] for row in spec["data"]["values"]})
        ['Western European and other States (29)']
    """
    present = [a for a in ADHERENCE
               if table.filter((pl.col("adherence") == a) & (pl.col("states") > 0)).height]
    dates = sorted(table["date"].unique().to_list())
    order = {a: i for i, a in enumerate(ADHERENCE)}
    # Each group named with its Member States on that date (53 African States before
    # South Sudan's admission on 14 July 2011).
    sizes = table.select("date", "regional_group", "members").unique()
    named = {(d, g): labels("gap.group", group=_groups(labels)[g], members=m)
             for d, g, m in sizes.iter_rows()}
    data = (table.filter(pl.col("adherence").is_in(present))
            .sort("date", "regional_group",
                  pl.col("adherence").replace_strict(order, return_dtype=pl.Int8))
            .with_columns(
                group=pl.struct("date", "regional_group").map_elements(
                    lambda row: named[(row["date"], row["regional_group"])],
                    return_dtype=pl.String),
                group_order=pl.col("regional_group").replace_strict(
                    {g: i for i, g in enumerate(REGIONAL_GROUPS)}, return_dtype=pl.Int8),
                adherence_label=pl.col("adherence").replace_strict(
                    palette_labels(present, labels)),
                order=pl.col("adherence").replace_strict(order, return_dtype=pl.Int8),
                day=pl.col("date").replace_strict({d: labels.date(d) for d in dates},
                                                  return_dtype=pl.String),
                share_text=_as_text(table, "share", labels.percent),
                # The middle of each segment, where its count is written.
                middle=pl.col("share").cum_sum().over("date", "regional_group")
                - pl.col("share") / 2,
                # White on the dark colours, ink on the light ones.
                ink=pl.when(pl.col("adherence").is_in(["protocol_party", "neither"]))
                .then(pl.lit("#FFFFFF")).otherwise(pl.lit(INK))))
    room = round(_plot_room(named.values(), labels))
    # The same scale and ticks in every language: shares of 0 to 100 %, each tick
    # written as the language writes a percentage.
    ticks = [0, 0.25, 0.5, 0.75, 1]
    percent = {str(t): labels.percent(t) for t in ticks} | {"1.0": labels.percent(1)}
    x = alt.X("share:Q", title=labels("axis.share"), stack="zero",
              scale=alt.Scale(domain=[0, 1], nice=False),
              axis=alt.Axis(values=ticks, labelExpr=f"{json.dumps(percent, ensure_ascii=False)}"
                                                    "[toString(datum.value)] || datum.label"))
    y = alt.Y("group:N", sort=alt.EncodingSortField("group_order", op="min"), title=None)
    bars = alt.Chart().mark_bar().encode(
        y=y, x=x,
        color=alt.Color("adherence_label:N", title=None,
                        scale=_legend_scale(present, labels)),
        order=alt.Order("order:O"),
        tooltip=[_tip("day:N", "axis.date", labels), _tip("group:N", "tooltip.group", labels),
                 _tip("adherence_label:N", "tooltip.adherence", labels),
                 _tip("states:Q", "axis.states", labels),
                 _tip("members:Q", "tooltip.members", labels),
                 _tip("share_text:N", "axis.share", labels)])
    # Each segment's count of States, written in it (a layer per ink: a colour encoding
    # would take the status legend's place).
    counts = [alt.Chart().mark_text(fontSize=10, baseline="middle", color=ink).encode(
        y=y, x=alt.X("middle:Q"), text=alt.Text("states:Q")
    ).transform_filter(f"datum.states > 0 && datum.ink === '{ink}'")
        for ink in ("#FFFFFF", INK)]
    chart = alt.layer(bars, *counts, data=_data(data)).properties(width=room, height=170).facet(
        # Each date heads its row of bars, at the side its group names stand on: a header
        # beside them would push the figure wider in every language but Chinese.
        row=alt.Row("day:N", title=None, sort=[labels.date(d) for d in dates],
                    header=alt.Header(labelFontSize=12, labelAngle=0, labelOrient="top",
                                      labelAnchor="end" if labels.rtl else "start"))
    ).resolve_scale(y="independent")
    title = (labels("gap.title", meeting=dates[0].isoformat(), latest=dates[-1].isoformat())
             if dates[0] != dates[-1] else labels("gap.title_one", day=dates[0].isoformat()))
    subtitle = (labels("gap.subtitle") if dates[0] != dates[-1]
                else labels("gap.subtitle_one", day=dates[0].isoformat()))
    return _finish(chart, title, subtitle, source, labels,
                   legend=labels.keys_of("adherence", present).values(), room=room)


def _in_list_order(names: pl.DataFrame, labels: Labels) -> pl.Expr:
    """The order UN documents list States in.

    The names table's ``sort_key`` if it has one (``reference.display_names(labels,
    sort_key=True)``), else the language's alphabetical order of the names shown.
    """
    if "sort_key" in names.columns:
        return pl.col("sort_key")
    return collation_key(pl.col("display_name"), labels.lang)


def wrapped(text: str, width: int) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` (a wide character counts two).

    A single word longer than ``width`` keeps a line of its own.

    Example:
        >>> wrapped("Государства Латинской Америки и Карибского бассейна", 34)
        ['Государства Латинской Америки и', 'Карибского бассейна']
        >>> wrapped("拉丁美洲和加勒比国家", 34)
        ['拉丁美洲和加勒比国家']
    """
    def size(part: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in part)

    lines: list[str] = []
    for word in text.split(" "):
        if lines and size(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _heading_lines(labels: Labels, width: int) -> pl.DataFrame:
    """``regional_group, line, text``: each group's name in lines of ``width`` characters."""
    return pl.DataFrame(
        [(group, i, part) for group, name in _groups(labels).items()
         for i, part in enumerate(wrapped(name, width))],
        schema=["regional_group", "line", "text"], orient="row")


def _name_list(closest: pl.DataFrame, names: pl.DataFrame, labels: Labels, *,
               row: int, gap: int, column: int, first: int
               ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Where each named State goes: one column per adherence, a block of rows per group.

    A group takes as many rows as its longest column or its name, whichever is longer.

    Returns:
        The States (``display_name, …, x, y, top, lines, line``) and the group names
        (``text, x, y, top, line``: a long name on two lines, each level with a row).
    """
    present = [a for a in ADHERENCE if a in set(closest["adherence"])]
    shown = _display_names(names)
    if "sort_key" in names.columns:
        shown = shown.with_columns(names["sort_key"])
    listed = (closest.join(shown, on="entity_id", how="left", maintain_order="left")
              .with_columns(display_name=pl.col("display_name").fill_null(pl.col("entity_id")))
              .sort(_in_list_order(names, labels), "display_name")
              .with_columns(line=pl.int_range(pl.len()).over("regional_group", "adherence"),
                            slot=pl.col("adherence").replace_strict(
                                {a: i for i, a in enumerate(present)}, return_dtype=pl.Int32)))
    heading_lines = _heading_lines(labels, _HEADING_CHARACTERS)
    heading = heading_lines.group_by("regional_group").agg(heading=pl.len())
    # Each group takes as many rows as its longest column or its name, in the groups' order.
    blocks = (pl.DataFrame({"regional_group": list(REGIONAL_GROUPS)})
              .join(listed.group_by("regional_group").agg(lines=pl.col("line").max() + 1),
                    on="regional_group", how="inner", maintain_order="left")
              .join(heading, on="regional_group", how="left", maintain_order="left")
              .with_columns(lines=pl.max_horizontal("lines", "heading"))
              .with_columns(top=(pl.col("lines") * row + gap).cum_sum()
                            - pl.col("lines") * row - gap + gap // 2))
    row_y = pl.col("top") + pl.col("line") * row + row // 2
    placed = (listed.join(blocks, on="regional_group", how="left")
              .with_columns(
                  y=row_y,
                  x=first + pl.col("slot") * column,
                  group=pl.col("regional_group").replace_strict(_groups(labels)),
                  adherence_label=pl.col("adherence").replace_strict(
                      palette_labels(present, labels)))
              .select("display_name", "regional_group", "group", "adherence_label", "x", "y",
                      "top", "lines", "line"))
    headings = (placed.filter(pl.col("line") == 0).unique("group", maintain_order=True)
                .select("regional_group", "top")
                .join(heading_lines, on="regional_group", how="inner", maintain_order="left")
                .select("text", "top", "line", x=pl.lit(0), y=row_y))
    return placed, headings


def engagement_matrix_chart(table: pl.DataFrame, closest: pl.DataFrame, names: pl.DataFrame,
                            *, meeting_date: dt.date, latest_date: dt.date, source: str,
                            labels: Labels) -> alt.VConcatChart:
    """Counts of Member States per group (attended or not × party or not), and the names.

    The count matrix is kept quiet except for the column that matters (attended, not a
    party); below it those States are named, by group, one column per adherence (a
    Protocol signatory, a party to the Convention only, …).

    Args:
        table: ``engagement`` output.
        closest: ``engaged_not_bound`` output (``entity_id, regional_group, adherence``).
        names: ``entity_id, name`` in the label language.
        meeting_date: The meeting attended (its year is in the subtitle).
        latest_date: The status date (for the title).
        source: The source line.
        labels: The label language.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> frame = pl.DataFrame({"regional_group": ["WEOG"], "attended": [True],
        ...     "bound": ["not_party"], "states": [1]})
        >>> closest = pl.DataFrame({"entity_id": ["USA"], "regional_group": ["WEOG"],
        ...     "adherence": ["convention_only"]})
        >>> spec = engagement_matrix_chart(frame, closest, pl.DataFrame(
        ...     {"entity_id": ["USA"], "name": ["United States of America"]}),
        ...     meeting_date=dt.date(2020, 7, 16), latest_date=dt.date(2024, 5, 4),
        ...     source="x", labels=load_labels("en")).to_dict()
        >>> spec["title"]["subtitle"][0][:33]
        '1 Member State attended in 2020 a'
        >>> spec["vconcat"][1]["layer"][-1]["data"]["values"][0]["display_name"]
        'United States of America'
    """
    shown = table.filter(pl.col("bound") != "unknown") if table.filter(
        pl.col("bound") == "unknown")["states"].sum() == 0 else table
    # Each header is two lines ("Attended", "Not a party"); in a right-to-left language
    # each line is its own rtl run, or the rasteriser jumbles the second line's words.
    bound = {key: _line(text, labels) for key, text in labels.keys_of("bound", BOUND).items()}
    attended = {key: _line(text, labels)
                for key, text in labels.keys_of("attended", ["true", "false"]).items()}
    data = shown.with_columns(
        day=pl.lit(labels.date(latest_date)),
        group=pl.col("regional_group").replace_strict(_groups(labels)),
        column=pl.concat_str(
            pl.col("attended").cast(pl.String).replace_strict(attended),
            pl.lit(" · "),
            pl.col("bound").replace_strict(bound)),
        key=pl.col("attended") & (pl.col("bound") == "not_party"))
    order = [f"{attended[a]} · {bound[b]}" for a in ("true", "false") for b in BOUND
             if b in set(shown["bound"])]
    if labels.rtl:  # the first column at the right, next to the group names
        order.reverse()
    groups = list(_groups(labels).values())
    base = alt.Chart(_data(data)).encode(
        # The group names take the same room in every language: a long name wraps.
        y=alt.Y("group:N", sort=groups, title=None, axis=alt.Axis(
            minExtent=_GROUP_AXIS, labelExpr=_wrapped_labels(groups, _GROUP_AXIS - 10, labels),
            # A name on two lines is centred on its row, not hung from it.
            labelOffset={"condition": {"test": "indexof({}, datum.label) >= 0".format(
                json.dumps([g for g in groups if len(wrap(g, _GROUP_AXIS - 10, 11,
                                                          labels.font)) > 1],
                           ensure_ascii=False)), "value": -7}, "value": 0})),
        x=alt.X("column:N", sort=order, title=None,
                # "Attended · not a party" on two lines, so that long words in other
                # languages do not run into the next column's header.
                axis=alt.Axis(labelAngle=0, orient="top", labelLimit=200,
                              labelExpr="split(datum.label, ' · ')",
                              labelPadding=18, domain=False, ticks=False)))
    # Every cell a plain table cell; only "attended · not a party" stands out, in a
    # neutral emphasis that is no status colour: the sand of "attended" in every figure,
    # with the dark outline the map draws around the States that attended.
    cells = base.mark_rect(fill="#FFFFFF", stroke="#DDDDDD", strokeWidth=1).encode(
        tooltip=[_tip("day:N", "axis.date", labels),
                 _tip("group:N", "tooltip.group", labels),
                 _tip("column:N", "tooltip.cell", labels),
                 _tip("states:Q", "axis.states", labels)])
    key_label = labels("engagement.key", year=meeting_date.year)
    attended_swatch = PALETTE["attended"]
    highlight = base.mark_rect(stroke=attended_swatch.outline, strokeWidth=1.5).encode(
        color=alt.Color("legend:N", title=None, scale=alt.Scale(
            domain=[key_label], range=[attended_swatch.colour]), legend=alt.Legend(
            symbolType="square", symbolStrokeColor=attended_swatch.outline,
            symbolStrokeWidth=1.5)),
        tooltip=[_tip("day:N", "axis.date", labels),
                 _tip("group:N", "tooltip.group", labels),
                 _tip("column:N", "tooltip.cell", labels),
                 _tip("states:Q", "axis.states", labels)],
    ).transform_filter("datum.key").transform_calculate(legend=json.dumps(key_label))
    quiet = base.mark_text(fontSize=13, color="#777777").encode(
        text=alt.Text("states:Q")).transform_filter("!datum.key")
    loud = base.mark_text(fontSize=14, fontWeight="bold", color=INK).encode(
        text=alt.Text("states:Q")).transform_filter("datum.key")
    matrix = alt.layer(cells, highlight, quiet, loud).properties(width=WIDTH - 180, height=150)

    row, gap, column, first = 17, 10, 215, 240
    listed, headings = _name_list(closest, names, labels, row=row, gap=gap, column=column,
                                  first=first)
    height = int(listed.select((pl.col("top") + pl.col("lines") * row).max()).item() or 0) + 4
    width = max(WIDTH, first + column * listed["x"].n_unique())
    # Right to left, the matrix's group names stand right of its cells, and the list
    # below (aligned with the cells' left edge) spans them too, as wide as from left to right.
    if labels.rtl:
        width += _GROUP_AXIS
    present = [a for a in ADHERENCE if a in set(closest["adherence"])]
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[0, width], nice=False, zero=True))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[0, height], nice=False, reverse=True))
    rules = alt.Chart(_data(headings.filter(pl.col("line") == 0).select(
        y=pl.col("top") - gap // 2))).mark_rule(color="#E4E4E4").encode(y=y)
    group_names = alt.Chart(_data(headings.select("text", "x", "y"))).mark_text(
        align="left", baseline="middle", fontSize=11, fontWeight="bold", color="#333333",
        limit=first - 10).encode(x=x, y=y, text=alt.Text("text:N"))
    points = alt.Chart(_data(listed)).mark_square(size=70, opacity=1).encode(
        x=x, y=y, color=alt.Color(
            "adherence_label:N", title=labels("engagement.adherence"),
            scale=_legend_scale(present, labels),
            # Above the names it explains, one entry a line (a row would be wider
            # than the list).
            legend=alt.Legend(orient="top", titleLimit=WIDTH, columns=1, symbolType="square",
                              direction="vertical")),
        tooltip=[_tip("display_name:N", "pending.state", labels),
                 _tip("group:N", "tooltip.group", labels),
                 _tip("day:N", "axis.date", labels),
                 _tip("adherence_label:N", "tooltip.adherence", labels)],
    ).transform_calculate(day=json.dumps(labels.date(latest_date)))
    state_names = alt.Chart(_data(listed)).mark_text(
        align="left", baseline="middle", dx=9, fontSize=11, color="#111111",
        limit=column - 14).encode(x=x, y=y, text=alt.Text("display_name:N"))
    roster = alt.layer(rules, group_names, points, state_names).properties(
        width=width, height=height, title=alt.Title(
            labels.plural("engagement.names", closest.height, year=meeting_date.year,
                          latest=latest_date.isoformat()),
            fontSize=12, anchor="start", offset=6))
    chart = alt.vconcat(matrix, roster, spacing=18).resolve_scale(color="independent")
    counts = dict(closest.group_by("adherence").len().iter_rows())
    # The count the matrix's key column adds up to (the list below names the same States).
    total = int(table.filter(pl.col("attended") & (pl.col("bound") == "not_party"))
                ["states"].sum())
    title = labels("engagement.title", latest=latest_date.isoformat())
    clauses = [
        labels.plural(key, counts.get(kind, 0))
        for kind, key in (("protocol_signatory", "engagement.signatory"),
                          ("convention_only", "engagement.convention_only"),
                          ("convention_unknown", "engagement.convention_unknown"),
                          ("neither", "engagement.neither"),
                          ("unknown", "engagement.unknown"))
        if counts.get(kind, 0)]
    subtitle = labels(
        "engagement.subtitle",
        closest=labels.plural("engagement.not_bound", total, year=meeting_date.year,
                              latest=latest_date.isoformat()),
        standing=labels.texts["list.clauses"].join(clauses))
    return _finish(chart, title, subtitle, source, labels,
                   width=(0 if labels.rtl else _GROUP_AXIS) + width + 2 * _PADDING)


_LABEL_LINE = 12  # px from one line of a 10 px timeline label to the next
_NAME_WIDTH = 130  # px: a State's name on the timeline wraps to lines this wide
# px: a publisher's name wraps to lines this wide, so that a long one ("Collection des
# traités des Nations Unies") still fits between the meeting rule and the plot's end.
_PUBLISHER_WIDTH = 110


def _step_value(steps: list[tuple[int, int, int]], x: float, column: int) -> int:
    """The step line's (1) or the band's top (2) value at day ``x`` (0 before the first)."""
    value = 0
    for step in steps:
        if step[0] > x:
            break
        value = step[column]
    return value


def _step_range(steps: list[tuple[int, int, int]], x0: float, x1: float, column: int
                ) -> tuple[int, int]:
    """The least and greatest value of a step series over days ``x0`` to ``x1``."""
    inside = [step[column] for step in steps if x0 < step[0] <= x1]
    values = [_step_value(steps, x0, column), *inside]
    return min(values), max(values)


def place_timeline_labels(timeline: pl.DataFrame, marks: pl.DataFrame, *, side: str,
                          rule: dt.date, px_per_day: float, parties_per_px: float,
                          end: dt.date, placed: list[dict] | None = None) -> list[dict]:
    """Where each label of the accession timeline goes: beside its step, off every line.

    A label (``date, value, lines, width`` in ``marks``: its point, its lines and its
    width in px) is put just above (``side="above"``) or below the step line of
    ``timeline`` (``date, parties, possible``), starting a few px right of its point
    (left of it at the plot's end), on the same side of the meeting ``rule`` as its
    point, and moved further up or down until it overlaps no label placed before; a
    vertical leader joins it to its point. Labels are few (a dozen), so they are placed
    one by one; each is a box in data units: days (``x0, x1``) and parties
    (``y0`` bottom, ``y1`` top), with its leader from ``(x, leader_from)`` to ``(x, leader_to)``.

    Example:
        >>> steps = pl.DataFrame({"date": [dt.date(2001, 1, 1), dt.date(2010, 1, 1)],
        ...                       "parties": [0, 50], "possible": [0, 50]})
        >>> marks = pl.DataFrame({"date": [dt.date(2012, 1, 1)], "value": [50],
        ...                       "lines": [["China"]], "width": [30.0]})
        >>> box = place_timeline_labels(steps, marks, side="above", rule=dt.date(2005, 1, 1),
        ...     px_per_day=0.1, parties_per_px=0.5, end=dt.date(2020, 1, 1))[0]
        >>> box["y0"] > 50, box["x0"] > dt.date(2012, 1, 1).toordinal()
        (True, True)
    """
    steps = [(d.toordinal(), p, q) for d, p, q in
             timeline.select("date", "parties", "possible").iter_rows()]
    gap, margin = 4 / px_per_day, 4 * parties_per_px
    last, meeting = end.toordinal(), rule.toordinal()
    # Placed one by one, latest first (the line rises to the right, so a wide early label
    # would stand in the way of every later point's leader), or earliest first where
    # that leaves fewer labels overlapping.
    arrangements = [_place(steps, marks.sort("date", descending=descending), side=side,
                           gap=gap, margin=margin, last=last, meeting=meeting,
                           px_per_day=px_per_day, parties_per_px=parties_per_px,
                           placed=list(placed or []))
                    for descending in (True, False)]
    boxes = min(arrangements, key=lambda boxes: sum(
        _overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]))
    return sorted(boxes, key=lambda box: box["x"])


def _place(steps: list[tuple[int, int, int]], marks: pl.DataFrame, *, side: str, gap: float,
           margin: float, last: int, meeting: int, px_per_day: float, parties_per_px: float,
           placed: list[dict]) -> list[dict]:
    """``place_timeline_labels`` for the labels in the order of ``marks``."""
    boxes: list[dict] = []
    for day, value, lines, width in marks.select("date", "value", "lines", "width").iter_rows():
        x = day.toordinal()
        w, h = width / px_per_day, len(lines) * _LABEL_LINE * parties_per_px
        # Right of its point (left of it at the plot's end), else left of it, else under it.
        candidates = []
        for x0 in (min(x + gap, last - w), x - gap - w, min(x - w / 2, last - w)):
            if x > meeting:  # never across the meeting line from its point
                x0 = max(x0, meeting + gap)
            else:
                x0 = min(x0, meeting - gap - w)
            span = (min(x, x0), max(x, x0 + w))
            if side == "above":
                y0 = max(_step_range(steps, *span, 2)[1], value) + margin
            else:
                y0 = min(_step_range(steps, *span, 1)[0], value) - margin - h
            candidates.append({"x0": x0, "x1": x0 + w, "y0": y0, "y1": y0 + h, "x": x,
                               "lines": lines, "leader_from": value if side == "above" else
                               min(value, _step_value(steps, x, 1))})
        step = h + margin if side == "above" else -(h + margin)
        places = []
        for row in range(8):  # moving away from the line, row by row
            for candidate in candidates:
                moved = {**candidate, "y0": candidate["y0"] + row * step,
                         "y1": candidate["y1"] + row * step}
                moved["leader_to"] = moved["y0"] if side == "above" else moved["y1"]
                places.append(moved)
        # The nearest place that overlaps no label, else the one that overlaps fewest.
        box = min(places, key=lambda place: sum(_overlaps(place, other) for other in placed))
        placed.append(box)
        boxes.append(box)
    return boxes


def _label_lines(marks: pl.DataFrame, width: float | None, size: int, labels: Labels
                 ) -> pl.DataFrame:
    """``date, value, lines, width``: each ``text`` in lines of ``width`` px and its widest line.

    A right-to-left language's lines are each an rtl run. Labels are few (a dozen).
    """
    lines = [[_line(part, labels) for part in (_balanced(text, width, size, labels)
                                               if width else [text])]
             for text in marks["text"]]
    return marks.select("date", "value").with_columns(
        lines=pl.Series(lines, dtype=pl.List(pl.String)),
        width=pl.Series([max(text_width(line, size, labels.font) for line in group)
                         for group in lines], dtype=pl.Float64))


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


def _overlaps(box: dict, other: dict) -> bool:
    """Whether two label boxes overlap, or one's leader runs through the other's box."""
    def leader_through(a: dict, b: dict) -> bool:
        low, high = sorted((a["leader_from"], a["leader_to"]))
        return b["x0"] <= a["x"] <= b["x1"] and low < b["y1"] and high > b["y0"]

    return (box["x0"] < other["x1"] and other["x0"] < box["x1"]
            and box["y0"] < other["y1"] and other["y0"] < box["y1"]) or leader_through(
        box, other) or leader_through(other, box)


def accession_timeline_chart(timeline: pl.DataFrame, anchors: pl.DataFrame,
                             joined_after: pl.DataFrame, names: pl.DataFrame, *,
                             meeting_date: dt.date, source: str, labels: Labels,
                             meeting_end: dt.date | None = None) -> alt.LayerChart:
    """Parties over time as a step line, with the band of bounded consents and published totals.

    The meeting date is marked, published totals are labelled by their publisher
    below the line and later accessions of attending States by name above it, each
    label beside its point, joined to it by a leader, crossed by neither the line nor
    the meeting rule (``place_timeline_labels``).

    Args:
        timeline: ``accession_timeline`` output.
        anchors: Published totals (``date, parties, publisher``).
        joined_after: Where to label later accessions: ``entity_id, consent_date,
            parties`` (``accession_labels``; ``parties`` puts the label on the line).
        names: ``entity_id, name`` in the label language (``reference.entity_names``).
        meeting_date: Marked with a rule.
        source: The source line.
        labels: The label language.
        meeting_end: The meeting's last day, if the report states it.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> day = dt.date(2024, 5, 4)
        >>> chart = accession_timeline_chart(
        ...     pl.DataFrame({"date": [day], "parties": [120], "possible": [123]}),
        ...     pl.DataFrame({"date": [day], "parties": [123], "publisher": ["UNTC"]}),
        ...     pl.DataFrame({"entity_id": ["CHN"], "consent_date": [day], "parties": [120]}),
        ...     pl.DataFrame({"entity_id": ["CHN"], "name": ["China"]}),
        ...     meeting_date=dt.date(2020, 7, 16), source="x", labels=load_labels("en"))
        >>> [layer["data"]["values"][0]["lines"] for layer in chart.to_dict()["layer"][-2:]]
        [['UN Treaty Collection'], ['China']]
    """
    latest = timeline["date"].max()
    # The scale comes from the data alone, the same in every language: 40 % headroom
    # above the most parties there can be, for the States' labels, rounded up to a tick.
    most = int(timeline["possible"].max())
    tick = 20 if most <= 150 else 50
    top = tick * -(-(most * 14 // 10) // tick)
    series = timeline.with_columns(day=pl.col("date").cast(pl.String),
                                   day_text=_as_text(timeline, "date", labels.date))
    base = alt.Chart(_data(series))
    # The plot spans the data exactly: labels are placed by its days per pixel.
    # A tick every second year (every fifth over a longer span), in every language.
    start = timeline["date"].min()
    every = 2 if latest.year - start.year <= 24 else 5
    years = [y for y in range(start.year + 1, latest.year + 1) if y % every == 0]
    x = alt.X("day:T", title=labels("axis.date"), scale=alt.Scale(
        domain=[start.isoformat(), latest.isoformat()], nice=False),
        axis=alt.Axis(format="%Y", values=[alt.DateTime(year=y, month=1, date=1)
                                           for y in years]))
    # Line, band and dots share one legend: each layer names its series, one scale.
    kinds = {labels("timeline.line"): PALETTE["protocol_party"].colour,
             labels("timeline.band"): PALETTE["unknown"].colour,
             labels("timeline.total"): PALETTE["published_total"].colour}
    keys = list(kinds)
    colour = alt.Color("series:N", title=None, legend=alt.Legend(symbolType="square",
                                                                 symbolOpacity=1),
                       scale=alt.Scale(domain=keys, range=list(kinds.values())))
    line = base.mark_line(strokeWidth=2, interpolate="step-after").encode(
        x=x, y=alt.Y("parties:Q"), color=colour,
        tooltip=[_tip("day_text:N", "axis.date", labels),
                 _tip("parties:Q", "axis.parties", labels),
                 _tip("possible:Q", "tooltip.possible", labels)],
    ).transform_calculate(series=json.dumps(keys[0]))
    # A publisher's name is kept as published unless the language has a word for it.
    publisher = pl.col("publisher").replace(
        {p: labels.texts[f"publisher.{p}"] for p in anchors["publisher"].unique()
         if f"publisher.{p}" in labels.texts})
    # The same count published again within two months (UNODC and a mirror in October
    # 2018) is one dot, at the first date, with one label naming every publisher, not
    # labels on top of each other.
    new_count = ((pl.col("parties") != pl.col("parties").shift())
                 | (pl.col("date") - pl.col("date").shift() > pl.duration(days=62)))
    totals = (anchors.sort("date", "publisher").with_columns(publisher=publisher,
                                                run=new_count.fill_null(True).cum_sum())
              .group_by("run", maintain_order=True)
              .agg(pl.col("date").first(), pl.col("parties").first(),
                   pl.col("publisher").unique(maintain_order=True)
                   .str.join(labels("list.separator")))
              .with_columns(day=pl.col("date").cast(pl.String)))
    points = alt.Chart(_data(totals.select("day", "parties", "publisher", day_text=_as_text(
            totals, "date", labels.date)))).mark_point(
        filled=True, size=60, opacity=1).encode(
        x=alt.X("day:T"), y=alt.Y("parties:Q"), color=colour,
        tooltip=[_tip("day_text:N", "axis.date", labels),
                 _tip("parties:Q", "axis.parties", labels),
                 _tip("publisher:N", "tooltip.publisher", labels)],
    ).transform_calculate(series=json.dumps(keys[2]))
    rule_data = alt.Data(values=[{"day": meeting_date.isoformat(), "text": labels(
        "timeline.meeting", meeting=labels.days(meeting_date, meeting_end))}])
    rule = alt.Chart(rule_data).mark_rule(strokeDash=[4, 3], color="#555555").encode(
        x=alt.X("day:T"))
    rule_text = alt.Chart(rule_data).mark_text(align="right", dx=-4, y=290, color="#555555"
                                               ).encode(x=alt.X("day:T"), text=alt.Text("text:N"))
    # Labels sit beside their points, off the step line and the meeting rule, each
    # joined to its point by a leader: published totals below the line, States above.
    first = timeline["date"].min()
    px_per_day = (CANVAS - 2 * _PADDING - 56) / max(1, (latest - first).days)
    publishers = _label_lines(totals.select("date", value="parties", text="publisher"),
                              _PUBLISHER_WIDTH, 9, labels)
    named = _label_lines(
        joined_after.sort("consent_date")
        .join(_display_names(names), on="entity_id", how="left", maintain_order="left")
        .select(date="consent_date", value="parties",
                text=pl.col("display_name").fill_null(pl.col("entity_id"))),
        _NAME_WIDTH, 10, labels)
    per_px = top / 300
    below = place_timeline_labels(timeline, publishers, side="below", rule=meeting_date,
                                  px_per_day=px_per_day, parties_per_px=per_px, end=latest)
    above = place_timeline_labels(timeline, named, side="above", rule=meeting_date,
                                  px_per_day=px_per_day, parties_per_px=per_px, end=latest,
                                  placed=below)
    boxes = pl.DataFrame(
        [{"size": size, "day": dt.date.fromordinal(round(box["x0"])).isoformat(),
          "point": dt.date.fromordinal(box["x"]).isoformat(), "top": box["y1"],
          "leader_from": box["leader_from"], "leader_to": box["leader_to"],
          "lines": box["lines"]} for size, group in ((9, below), (10, above)) for box in group],
        schema={"size": pl.Int64, "day": pl.String, "point": pl.String, "top": pl.Float64,
                "leader_from": pl.Float64, "leader_to": pl.Float64,
                "lines": pl.List(pl.String)})
    band = base.mark_area(interpolate="step-after").encode(
        x=x, y=alt.Y("parties:Q", title=labels("axis.parties"),
                     scale=alt.Scale(domain=[0, top], nice=False),
                     axis=alt.Axis(values=list(range(0, top + 1, 2 * tick)))),
        y2=alt.Y2("possible:Q"),
        color=colour).transform_calculate(series=json.dumps(keys[1]))
    leaders = alt.Chart(_data(boxes)).mark_rule(color="#999999", strokeWidth=0.8).encode(
        x=alt.X("point:T"), y=alt.Y("leader_from:Q"), y2=alt.Y2("leader_to:Q"))
    texts = [alt.Chart(_data(boxes.filter(pl.col("size") == size))).mark_text(
        align="left", baseline="top", fontSize=size, lineHeight=_LABEL_LINE,
        color="#333333" if size == 9 else "#000000").encode(
        x=alt.X("day:T"), y=alt.Y("top:Q"), text=alt.Text("lines:N")) for size in (9, 10)]
    chart = alt.layer(band, line, points, rule, rule_text, leaders, *texts).properties(
        width=WIDTH, height=300)
    title = labels("timeline.title", year=latest.year)
    # The sentence on the names above the line only where some are drawn.
    subtitle = labels("timeline.subtitle" if joined_after.height else "timeline.subtitle_unnamed")
    return _finish(chart, title, subtitle,
                   source, labels, fit=True, legend=keys, room=CANVAS - 70)


def month_ticks(start: dt.date, end: dt.date, step: int) -> list[dt.date]:
    """The first days of every ``step``-th month (counted from January) from ``start`` to ``end``.

    Example:
        >>> [d.isoformat() for d in month_ticks(dt.date(2001, 11, 20), dt.date(2002, 8, 1), 3)]
        ['2002-01-01', '2002-04-01', '2002-07-01']
    """
    first = start.year * 12 + start.month - 1 + (start.day > 1)
    months = range(first + (-first) % step, end.year * 12 + end.month, step)
    return [dt.date(m // 12, m % 12 + 1, 1) for m in months]


def _month_axis(start: dt.date, end: dt.date, width: float, labels: Labels) -> alt.Axis:
    """A date axis ticked at months, each labelled as the language writes a month and year.

    Vega formats dates in English only: the ticks and their labels are computed here and
    looked up by the axis (``labelExpr``). Every third month, or every sixth or twelfth
    where that gives too many ticks: the span decides, not the labels' widths, so the
    ticks are the same in every language (``width`` is kept for the callers).
    """
    for step in (3, 6, 12):
        ticks = month_ticks(start, end, step) or [dt.date(start.year, start.month, 1)]
        # Four labels fit the plot in every language (the Arabic double month names).
        if len(ticks) <= 4:
            break
    lookup = {d.strftime("%Y-%m"): _line(labels.month_year(d), labels) for d in ticks}
    return alt.Axis(values=[alt.DateTime(year=d.year, month=d.month, date=1) for d in ticks],
                    labelExpr=f"{json.dumps(lookup, ensure_ascii=False)}"
                              "[timeFormat(datum.value, '%Y-%m')]",
                    labelAngle=0)


def _points(topology: str, feature: str) -> pl.DataFrame:
    """``iso3, lon, lat`` of the points of a TopoJSON object (its grid undone).

    Example:
        >>> _points('{"transform": {"scale": [0.5, 0.25], "translate": [-180, -90]}, '
        ...         '"objects": {"p": {"geometries": [{"type": "Point", "id": "MLT", '
        ...         '"coordinates": [388, 502]}]}}}', "p").row(0)
        ('MLT', 14.0, 35.5)
    """
    world = json.loads(topology)
    grid = world.get("transform", {"scale": [1, 1], "translate": [0, 0]})
    (sx, sy), (tx, ty) = grid["scale"], grid["translate"]
    points = world["objects"].get(feature, {"geometries": []})["geometries"]
    return pl.DataFrame({"iso3": [p["id"] for p in points],
                         "lon": [round(p["coordinates"][0] * sx + tx, 4) for p in points],
                         "lat": [round(p["coordinates"][1] * sy + ty, 4) for p in points]},
                        schema={"iso3": pl.String, "lon": pl.Float64, "lat": pl.Float64})


# The Equal Earth projection (Šavrič, Patterson and Jenny 2018), as d3 and Vega draw it.
_EE_A = (1.340264, -0.081106, 0.000893, 0.003796)
_EE_M = math.sqrt(3) / 2


def _equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth coordinates (unit scale, y up) of a point in degrees.

    Example:
        >>> _equal_earth(0.0, 0.0)
        (0.0, 0.0)
    """
    a1, a2, a3, a4 = _EE_A
    t = math.asin(_EE_M * math.sin(math.radians(lat)))
    t2 = t * t
    t6 = t2 ** 3
    x = math.radians(lon) * math.cos(t) / (_EE_M * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
    return x, t * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))


def _equal_earth_inverse(x: float, y: float) -> tuple[float, float]:
    """The longitude and latitude (degrees) of Equal Earth coordinates (Newton, as d3).

    Example:
        >>> [round(v, 6) for v in _equal_earth_inverse(*_equal_earth(-61.0, 13.9))]
        [-61.0, 13.9]
    """
    a1, a2, a3, a4 = _EE_A
    t = y
    for _ in range(20):
        t2 = t * t
        t6 = t2 ** 3
        step = ((t * (a1 + a2 * t2 + t6 * (a3 + a4 * t2)) - y)
                / (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
        t -= step
        if abs(step) < 1e-12:
            break
    t2 = t * t
    t6 = t2 ** 3
    lon = _EE_M * x * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)) / math.cos(t)
    return math.degrees(lon), math.degrees(math.asin(math.sin(t) / _EE_M))


def _map_lines(topology: dict) -> tuple[dict[str, list[list[tuple[float, float]]]],
                                         list[dict]]:
    """Each shape's rings and the special boundaries (GeoJSON features), in degrees."""
    grid = topology.get("transform", {"scale": [1, 1], "translate": [0, 0]})
    (sx, sy), (tx, ty) = grid["scale"], grid["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def line(refs: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for ref in refs:
            part = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
            points.extend(part[1:] if points else part)
        return points

    rings = {g["id"]: [line(ring) for polygon in g.get("arcs", []) for ring in polygon]
             for g in topology["objects"]["countries"]["geometries"]}
    boundaries = [{"type": "Feature", "id": g["id"], "properties": g["properties"],
                   "geometry": {"type": "LineString",
                                "coordinates": [[round(x, 4), round(y, 4)]
                                                for x, y in line(g["arcs"])]}}
                  for g in topology["objects"].get("boundaries", {"geometries": []})
                  ["geometries"]]
    return rings, boundaries


def _spread(points: list[tuple[float, float]], apart: float) -> list[tuple[float, float]]:
    """Points (px) moved the least so that no two are closer than ``apart`` (repulsion).

    Deterministic: pairs are pushed apart symmetrically, in a fixed order, until none
    overlaps (or after 500 rounds).

    Example:
        >>> [(round(x, 1), y) for x, y in _spread([(0.0, 0.0), (1.0, 0.0)], 4.0)]
        [(-1.5, 0.0), (2.5, 0.0)]
    """
    moved = [list(p) for p in points]
    for _ in range(500):
        clash = False
        for i in range(len(moved)):
            for j in range(i + 1, len(moved)):
                dx, dy = moved[j][0] - moved[i][0], moved[j][1] - moved[i][1]
                gap = math.hypot(dx, dy)
                if gap >= apart - 1e-9:
                    continue
                clash = True
                ux, uy = (dx / gap, dy / gap) if gap else (1.0, 0.0)
                push = (apart - gap) / 2 + 0.01
                moved[i][0] -= ux * push
                moved[i][1] -= uy * push
                moved[j][0] += ux * push
                moved[j][1] += uy * push
        if not clash:
            break
    return [(x, y) for x, y in moved]


def _has_rtl(text: str) -> bool:
    """Whether a text holds a right-to-left letter (Arabic, Hebrew).

    Example:
        >>> _has_rtl("Kosovo"), _has_rtl("كوسوفو")
        (False, True)
    """
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def _shoelace(ring: list[tuple[float, float]]) -> float:
    """The signed area of a closed ring."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)) / 2


def _centroid_of(ring: list[tuple[float, float]]) -> tuple[float, float]:
    """The area-weighted centroid of a closed ring (its first point if it has no area)."""
    area = _shoelace(ring)
    if not area:
        return ring[0]
    pairs = list(pairwise(ring))
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs)
    return cx / (6 * area), cy / (6 * area)


_TINY = 8.0  # px²: a shape this small is mostly outline; the State gets a dot too
_SMALL = 40.0  # px²: under this, the attendance outline is a ring outside the shape
_DOT = 22  # a small State's dot: its area in px² (about 5.3 px across)
_RING = 56  # the dark ring under an attending small State's dot (about 8.4 px across)
_DOTS_APART = 9.0  # px between dot centres: rings never touch


def map_layout(topology: str, width: float) -> dict:
    """Where the status map puts the world and the small States' dots, in pixels.

    The projection is fitted to the shapes and dots (Antarctica is not drawn), so the
    map fills the width with no blank band above or below. Dots that would overlap at
    this scale are pushed apart (``_spread``) and keep a leader line to their place.

    Returns:
        ``scale``, ``translate`` and ``height`` of the map; ``dots``, a frame ``iso3,
        lon, lat, x, y, dot_lon, dot_lat`` (place, and where the dot is drawn);
        ``small``, the shapes under 40 px² (mostly outline at this scale);
        ``boundaries``, the special boundaries as GeoJSON features.

    Example:
        >>> world = ('{"transform": {"scale": [1, 1], "translate": [0, 0]}, "arcs": [], '
        ...          '"objects": {"countries": {"geometries": []}, "small_states": '
        ...          '{"geometries": [{"type": "Point", "id": "KNA", "coordinates": '
        ...          '[-62.7, 17.3]}, {"type": "Point", "id": "ATG", "coordinates": '
        ...          '[-61.8, 17.1]}]}}}')
        >>> layout = map_layout(world, 700)
        >>> round(layout["height"]), layout["dots"]["iso3"].to_list()
        (225, ['KNA', 'ATG'])
    """
    world = json.loads(topology)
    rings, boundaries = _map_lines(world)
    dots = _points(topology, "small_states")
    projected = {code: [[_equal_earth(lon, lat) for lon, lat in ring] for ring in shape]
                 for code, shape in rings.items()}
    places = [_equal_earth(lon, lat) for lon, lat in dots.select("lon", "lat").iter_rows()]
    xs = [x for shape in projected.values() for ring in shape for x, _ in ring]
    ys = [y for shape in projected.values() for ring in shape for _, y in ring]
    xs += [x for x, _ in places]
    ys += [y for _, y in places]
    if len(set(xs)) < 2 or len(set(ys)) < 2:  # nothing to fit to: the whole world
        corners = [_equal_earth(lon, lat) for lon in (-180, 0, 180) for lat in (-90, 0, 90)]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
    margin = 6.0
    scale = (width - 2 * margin) / (max(xs) - min(xs))
    translate = (margin - min(xs) * scale, margin + max(ys) * scale)
    height = (max(ys) - min(ys)) * scale + 2 * margin

    def to_px(point: tuple[float, float]) -> tuple[float, float]:
        return translate[0] + point[0] * scale, translate[1] - point[1] * scale

    areas = {code: sum(abs(_shoelace(ring)) for ring in shape) * scale * scale
             for code, shape in projected.items()}
    kinds = {g["id"]: (g.get("properties") or {}).get("kind") for g in world["objects"]
             ["countries"]["geometries"]}
    # States whose shape is a few pixels (Luxembourg, Lebanon, Cyprus...) get a dot
    # too, at their largest ring's centroid, so their colour shows.
    tiny = sorted(code for code, area in areas.items()
                  if 0 < area < _TINY and kinds[code] != "territory")
    for code in tiny:
        ring = max(projected[code], key=lambda r: abs(_shoelace(r)))
        places.append(_centroid_of(ring))
    dots = pl.concat([dots, pl.DataFrame(
        {"iso3": tiny, "lon": [round(_equal_earth_inverse(*places[-len(tiny) + i])[0], 4)
                               for i in range(len(tiny))],
         "lat": [round(_equal_earth_inverse(*places[-len(tiny) + i])[1], 4)
                 for i in range(len(tiny))]},
        schema=dots.schema)]) if tiny else dots
    spread = _spread([to_px(p) for p in places], _DOTS_APART)
    back = [_equal_earth_inverse((x - translate[0]) / scale, (translate[1] - y) / scale)
            for x, y in spread]
    return {"scale": scale, "translate": list(translate), "height": height,
            "boundaries": boundaries, "tiny": tiny,
            "small": sorted(code for code, area in areas.items() if _TINY <= area < _SMALL),
            "dots": dots.with_columns(
                x=pl.Series([x for x, _ in spread]), y=pl.Series([y for _, y in spread]),
                dot_lon=pl.Series([round(lon, 4) for lon, _ in back]),
                dot_lat=pl.Series([round(lat, 4) for _, lat in back]))}


def status_map_chart(status: pl.DataFrame, attendance: pl.DataFrame, names: pl.DataFrame,
                     topology: str, *, as_of: dt.date, meeting_date: dt.date, source: str,
                     labels: Labels, meeting_end: dt.date | None = None,
                     basis: pl.DataFrame | None = None) -> alt.LayerChart:
    """World map of each State's standing on a date; states that attended are outlined.

    States that are not Protocol parties are split as in the gap figure (signatory,
    Convention party only, neither). States are drawn as the UN counts them
    (``reference.load_world_topology``): a shape each, or a dot in the standing colour
    for a State too small to draw at this scale (``map_layout``: dots pushed apart where
    they would overlap). The special boundaries are drawn in the UN's dashes over the
    shapes. One legend block under the map explains every mark: the standing colours,
    the light grey of territories that are not States, and the dark outline of the
    States that attended the meeting. Under it, the UN's standard notes and the full
    disclaimer, last.

    Args:
        status: ``participation.adherence`` on ``as_of`` (``iso3, membership, adherence``).
        attendance: ``parse_attendance`` output.
        names: ``entity_id, name`` in the label language.
        topology: TopoJSON text with a ``countries`` object of shapes and a
            ``small_states`` object of points, both keyed by ISO alpha-3 code
            (``reference.load_world_topology``); it goes into the spec as it is.
        as_of: The status date (for the title).
        meeting_date: For the subtitle.
        source: The source line.
        labels: The label language.
        meeting_end: The meeting's last day, if the report states it.
        basis: ``tables.provenance`` on ``as_of``: what each State's status rests on,
            a line of its tooltip.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> topology = ('{"type": "Topology", "arcs": [], "objects": {"countries": '
        ...             '{"type": "GeometryCollection", "geometries": []}, "small_states": '
        ...             '{"type": "GeometryCollection", "geometries": []}}}')
        >>> chart = status_map_chart(
        ...     pl.DataFrame({"iso3": ["FRA"], "adherence": ["protocol_party"],
        ...                   "membership": ["member"]}),
        ...     pl.DataFrame({"iso3": ["FRA"]}),
        ...     pl.DataFrame({"entity_id": ["FRA"], "name": ["France"]}), topology,
        ...     as_of=dt.date(2024, 5, 4), meeting_date=dt.date(2020, 7, 16), source="x",
        ...     labels=load_labels("en"))
        >>> chart.to_dict()["layer"][-1]["mark"]["type"]
        'text'
    """
    present = attendance.select("iso3").drop_nulls()
    basis = basis if basis is not None else pl.DataFrame(
        schema={"entity_id": pl.String, "basis": pl.String})
    came = labels("map.attended", meeting=labels.days(meeting_date, meeting_end))
    width = WIDTH + 80
    layout = map_layout(topology, width)
    records = (status.join(_display_names(names, "iso3"), on="iso3", how="left")
               .with_columns(
                   status_label=pl.col("adherence").replace_strict(
                       palette_labels(ADHERENCE, labels)),
                   attended=pl.col("iso3").is_in(present["iso3"].implode()),
                   small_shape=pl.col("iso3").is_in([*layout["small"], *layout["tiny"]]),
                   ringed=pl.col("iso3").is_in(layout["small"]))
               .with_columns(outline=pl.when(pl.col("attended")).then(pl.lit(came))
                             .otherwise(pl.lit("")),
                             attended_text=pl.col("attended").cast(pl.String).replace_strict(
                                 labels.keys_of("attended", ["true", "false"])))
               .join(basis.select(iso3="entity_id", basis_text=pl.col("basis").replace_strict(
                   {b: labels(f"basis.{b}") for b in basis["basis"].unique()},
                   return_dtype=pl.String)), on="iso3", how="left")
               .with_columns(pl.col("basis_text").fill_null(labels("basis.depositary")),
                             day=pl.lit(labels.date(as_of)))
               .select("iso3", "display_name", "status_label", "attended", "small_shape",
                       "ringed", "outline", "attended_text", "basis_text", "day"))
    # The topology goes in once, as one string (Vega-Lite parses it), for the layers
    # that draw shapes: Altair then has one value to copy instead of every coordinate
    # of the world.
    shapes = alt.InlineData(values=topology,
                            format=alt.DataFormat(type="topojson", feature="countries"))
    status_of = alt.LookupData(data=_data(records), key="iso3",
                               fields=["display_name", "status_label", "attended",
                                       "small_shape", "ringed", "outline", "attended_text",
                                       "basis_text", "day"])
    # Territories that are not States share the status legend as their own, lighter
    # grey entry.
    no_data = labels("map.no_data")
    shown = [a for a in ADHERENCE if a in set(status["adherence"])]
    colours = {labels(PALETTE[k].label): PALETTE[k].colour for k in shown} | {
        no_data: PALETTE["no_status"].colour}
    colour_scale = alt.Scale(domain=list(colours), range=list(colours.values()))
    dark = PALETTE["attended"].outline
    # One legend block under the map: the colours, then the outline's single entry,
    # placed by hand (orient "none") so the notes and the disclaimer can come after it.
    columns = _legend_columns(list(colours), width, labels)
    rows = -(-len(colours) // columns)
    top = layout["height"] + 6
    # In a right-to-left legend each label hangs left of its symbol (``_rtl_legend``),
    # so the block is placed by its symbols: the rightmost column's at the right edge,
    # the columns a label, a symbol and a gap apart (as Vega lays them out).
    step = max(text_width(entry, 11, labels.font) for entry in colours) + 30
    left = width - (columns - 1) * step - 11 if labels.rtl else 0
    area_legend = alt.Legend(symbolType="square", symbolStrokeColor="#999999",
                             symbolStrokeWidth=0.5, orient="none", legendX=left,
                             legendY=top)
    outline_scale = alt.Scale(domain=[came, ""], range=[dark, "#FFFFFF"])
    outline_legend = alt.Legend(orient="none", values=[came], symbolType="square",
                                symbolFillColor="#FFFFFF", symbolStrokeWidth=1.5,
                                symbolSize=160, legendY=top + rows * 14 + 4,
                                legendX=width - text_width(came, 11, labels.font) - 47
                                if labels.rtl else 0)
    tips = [_tip("display_name:N", "pending.state", labels),
            _tip("day:N", "axis.date", labels),
            _tip("status_label:N", "tooltip.adherence", labels),
            _tip("attended_text:N", "tooltip.attendance", labels),
            _tip("basis_text:N", "tooltip.basis", labels)]
    colour = alt.Color("status_label:N", title=None, scale=colour_scale, legend=area_legend)
    land = alt.Chart().mark_geoshape(clip=False, stroke="#FFFFFF", strokeWidth=0.3).encode(
        color=alt.Color("no_data:N", title=None, scale=colour_scale, legend=area_legend),
    ).transform_calculate(no_data=json.dumps(no_data))
    # The attendance outline is drawn on the State's edge, except for the States that
    # are mostly edge at this scale (Lebanon, Cyprus...): a thin line there, and the
    # outline as a ring around the shape, under a second fill, so it never covers the
    # State's colour.
    states = alt.Chart().mark_geoshape(clip=False).transform_lookup(
        lookup="id", from_=status_of,
    ).transform_filter("isValid(datum.status_label)").encode(
        color=colour,
        stroke=alt.Stroke("outline:N", title=None, scale=outline_scale,
                          legend=outline_legend),
        strokeWidth=alt.condition("datum.attended && !datum.small_shape", alt.value(1.1),
                                  alt.value(0.3)),
        tooltip=tips,
    )
    small = alt.Chart().transform_lookup(lookup="id", from_=status_of).transform_filter(
        "isValid(datum.status_label) && datum.attended && datum.ringed")
    ring = small.mark_geoshape(clip=False, filled=False, stroke=dark, strokeWidth=2.2)
    refill = small.mark_geoshape(clip=False, strokeWidth=0).encode(color=colour, tooltip=tips)
    # Special boundaries: first a white line that cuts the attendance outline there,
    # then the line in its UN style (dashed, or dotted for the Line of Control).
    lines = alt.Data(values=layout["boundaries"])
    erase = alt.Chart(lines).mark_geoshape(clip=False, filled=False, stroke="#FFFFFF",
                                           strokeWidth=1.8)
    dashed = alt.Chart(lines).mark_geoshape(
        clip=False, filled=False, stroke="#333333", strokeWidth=0.9, strokeDash=[3, 2]
    ).transform_filter("datum.properties.style == 'dashed'")
    dotted = alt.Chart(lines).mark_geoshape(
        clip=False, filled=False, stroke="#333333", strokeWidth=1.1, strokeDash=[0.1, 2.2],
        strokeCap="round").transform_filter("datum.properties.style == 'dotted'")
    # States too small for a shape: a dot in the standing colour, with a dark ring
    # under it if the State attended (the ring never covers the colour). Dots that
    # would overlap are pushed apart, with a leader line to their place.
    dot_data = _data(layout["dots"].join(records, on="iso3", how="inner"))
    leaders = alt.Chart(dot_data).mark_rule(clip=False, color="#777777", strokeWidth=0.5).encode(
        longitude="lon:Q", latitude="lat:Q", longitude2="dot_lon:Q", latitude2="dot_lat:Q")
    dot_rings = alt.Chart(dot_data).mark_circle(
        clip=False, size=_RING, opacity=1, color=dark).encode(
        longitude="dot_lon:Q", latitude="dot_lat:Q").transform_filter("datum.attended")
    dots = alt.Chart(dot_data).mark_circle(
        clip=False, size=_DOT, opacity=1, stroke="#FFFFFF", strokeWidth=0.4).encode(
        longitude="dot_lon:Q", latitude="dot_lat:Q", color=colour, tooltip=tips)
    # The notes UN maps carry, then the full disclaimer last, under the legend. The
    # English forms are the UN Geospatial Information Section's wording; their official
    # French, Spanish, Russian, Chinese and Arabic forms were not found, so those label
    # files hold the English text (never a translation of our own) until they are.
    notes = [labels("map.note_kashmir"), labels("map.note_sudan"),
             labels("map.note_falklands"), labels("map.note_kosovo")]
    lines_of_text = [part for text in [*notes, labels("map.note")]
                     for part in wrap(text, width - _SLACK, 10, labels.font)]
    first = top + rows * 14 + 4 + 16 + 10
    # Written left-aligned at the start side: the right-to-left mirror flips the
    # alignment. Each line is a run of its own (the field is "lines", which the mirror
    # leaves as it is); a note kept in English (see the labels) stays a left-to-right run.
    note = alt.Chart(_data(pl.DataFrame({
        "lines": [_line(t, labels) if _has_rtl(t) else t for t in lines_of_text],
        "y": [first + 13 * i for i in range(len(lines_of_text))]}))).mark_text(
        align="left", baseline="top", fontSize=10, color="#555555").encode(
        x=alt.value(width if labels.rtl else 0), y=alt.Y("y:Q", scale=None, axis=None),
        text="lines:N")
    height = first + 13 * len(lines_of_text)
    chart = alt.layer(land, states, ring, refill, erase, dashed, dotted, leaders,
                      dot_rings, dots, note, data=shapes).project(
        "equalEarth", scale=layout["scale"], translate=layout["translate"]).properties(
        width=width, height=height)
    title = labels("map.title", latest=as_of.isoformat())
    return _finish(chart, title, labels("map.subtitle", meeting=meeting_date.isoformat()),
                   source, labels, width=WIDTH + 80 + 2 * _PADDING, legend=list(colours),
                   room=WIDTH + 80)


def pending_signatories_chart(pending: pl.DataFrame, names: pl.DataFrame, *, as_of: dt.date,
                              meeting_date: dt.date, source: str, labels: Labels
                              ) -> alt.LayerChart:
    """A dot per signatory not yet a party, at its signature date, longest wait on top.

    Every signatory signed in the Protocol's signature period (2001-2002), so the
    waits differ by months, not decades: the date axis spans just those dates, and
    each dot is labelled with the years since signature. Every dot is outlined in the
    signatory colour; a filled dot attended the meeting, an empty (white) one did not. A
    triangle marks a signature date that is not verified (the close of signature is
    used, so the wait shown is a minimum).

    Args:
        pending: ``pending_signatories`` output.
        names: ``entity_id, name`` in the label language.
        as_of: The status date (for the title).
        meeting_date: The meeting attended (its year marks the States that came).
        source: The source line.
        labels: The label language.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> frame = pl.DataFrame({"entity_id": ["AUS"], "signature_known": [True],
        ...     "years_since_signature": [22.4], "attended": [True],
        ...     "signature_date": [dt.date(2001, 12, 21)]})
        >>> chart = pending_signatories_chart(frame, pl.DataFrame(
        ...     {"entity_id": ["AUS"], "name": ["Australia"]}), as_of=dt.date(2024, 5, 4),
        ...     meeting_date=dt.date(2020, 7, 16), source="x", labels=load_labels("en"))
        >>> row = chart.to_dict()["data"]["values"][0]
        >>> row["note"], row["years"]
        ('Attended the 2020 meeting', '22.4 years')
    """
    came = labels("pending.attended", year=meeting_date.year)
    stayed = labels("pending.absent", year=meeting_date.year)
    known, unverified = labels("pending.known"), labels("pending.unverified")
    # Years to one decimal, each in the form its number takes in the language.
    years = pending["years_since_signature"].round(1).cast(pl.String).drop_nulls()
    data = (pending.join(_display_names(names), on="entity_id", how="left",
                         maintain_order="left")
            .with_columns(
                display_name=pl.col("display_name").fill_null(pl.col("entity_id")),
                note=pl.when(pl.col("attended")).then(pl.lit(came)).otherwise(pl.lit(stayed)),
                dating=pl.when(pl.col("signature_known")).then(pl.lit(known))
                .otherwise(pl.lit(unverified)),
                years=pl.col("years_since_signature").round(1).cast(pl.String).replace_strict(
                    {y: labels.plural("pending.years", Decimal(y)) for y in years.unique()},
                    return_dtype=pl.String),
                signed=pl.col("signature_date").cast(pl.String),
                signed_text=_as_text(pending, "signature_date", labels.date))
            .sort("signature_date", "display_name"))
    # The axis spans the signature dates (a month either side, more on the right for
    # the labels), not zero: the differences are months.
    first, last = data["signature_date"].min(), data["signature_date"].max()
    domain = [(first - dt.timedelta(days=31)).isoformat(),
              (last + dt.timedelta(days=120)).isoformat()]
    base = alt.Chart(_data(data)).encode(
        y=alt.Y("display_name:N", sort=data["display_name"].to_list(), title=None,
                axis=alt.Axis(labelLimit=220, ticks=False, domain=False, grid=True)),
        x=alt.X("signed:T", title=labels("axis.signed"),
                scale=alt.Scale(domain=domain),
                axis=_month_axis(first - dt.timedelta(days=31), last + dt.timedelta(days=120),
                                 _plot_room(data["display_name"].to_list(), labels) - 60,
                                 labels)))
    # Every dot is a signatory, outlined in the signatory colour of every figure; a
    # filled dot attended the meeting, an empty one (white, as "did not attend" is in
    # every figure) did not. One legend: the fill's, with the signatory outline.
    signatory = PALETTE["protocol_signatory"].colour
    notes = [came, stayed]
    shapes = {known: "circle", unverified: "triangle-left"}
    present = [k for k in shapes if k in set(data["dating"])]
    dots = base.mark_point(filled=True, size=150, strokeWidth=1.5, opacity=1,
                           stroke=signatory).encode(
        fill=alt.Fill("note:N", title=None, sort=notes, scale=alt.Scale(
            domain=notes, range=[signatory, PALETTE["absent"].colour]),
            legend=alt.Legend(symbolStrokeColor=signatory, symbolStrokeWidth=1.5)),
        shape=alt.Shape("dating:N", title=None, scale=alt.Scale(
            domain=present, range=[shapes[k] for k in present]),
            # A single kind of date needs no legend: every dot is then a verified date.
            legend=alt.Legend() if len(present) > 1 else None),
        tooltip=[_tip("display_name:N", "pending.state", labels),
                 _tip("signed_text:N", "axis.signed", labels),
                 _tip("years:N", "axis.years", labels),
                 _tip("note:N", "tooltip.attendance", labels)])
    years = base.mark_text(align="left", dx=12, fontSize=11, color="#333333").encode(
        text=alt.Text("years:N"))
    chart = alt.layer(dots, years).properties(width=WIDTH - 160, height=30 * data.height)
    return _finish(chart, labels("pending.title", latest=as_of.isoformat()),
                   labels("pending.subtitle", latest=as_of.isoformat()), source, labels,
                   fit=True, legend=[*notes, *present],
                   room=_plot_room(data["display_name"].to_list(), labels))


def voice_by_group_chart(table: pl.DataFrame, *, meeting_date: dt.date, source: str,
                         labels: Labels, meeting_end: dt.date | None = None
                         ) -> alt.LayerChart:
    """Grouped bars per regional group: Member States that attended, spoke, led panels.

    Every bar carries its count, so a group where no State led a panel shows a 0, not
    an empty slot; the subtitle adds up from the bars (States that did both counted once).

    Args:
        table: ``voice_by_group`` output.
        meeting_date: The first day of the meeting (for the title).
        source: The source line.
        labels: The label language.
        meeting_end: The last day of the meeting, if the report states it.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> frame = pl.DataFrame({"regional_group": ["WEOG"], "attended": [19],
        ...     "made_statement": [3], "led_panel": [2], "spoke": [4], "took_floor": [4],
        ...     "share_spoke": [0.21]})
        >>> voice_by_group_chart(frame, meeting_date=dt.date(2020, 7, 16), source="x",
        ...     labels=load_labels("en")).to_dict()["title"]["subtitle"][0][:25]
        '4 of the 19 Member States'
    """
    keys = {"attended": "voice.attended", "made_statement": "voice.spoke",
            "led_panel": "voice.panel"}
    data = (table.unpivot(index=["regional_group", "share_spoke"], on=list(keys),
                          variable_name="measure", value_name="states")
            .with_columns(
                group=pl.col("regional_group").replace_strict(_groups(labels)),
                measure_label=pl.col("measure").replace_strict(
                    {k: labels(v) for k, v in keys.items()}),
                order=pl.col("measure").replace_strict({k: i for i, k in enumerate(keys)},
                                                       return_dtype=pl.Int8),
                share_text=_as_text(table, "share_spoke", labels.percent)))
    domain = [labels(v) for v in keys.values()]
    base = alt.Chart(_data(data)).encode(
        y=alt.Y("group:N", sort=list(_groups(labels).values()), title=None),
        yOffset=alt.YOffset("measure_label:N", sort=domain),
        # Room right of the longest bar for its count.
        x=alt.X("states:Q", title=labels("axis.states"),
                **dict(zip(("scale", "axis"), count_axis(int(table["attended"].max()) + 2),
                           strict=True))))
    bars = base.mark_bar().encode(
        color=alt.Color("measure_label:N", title=None, sort=domain,
                        scale=_legend_scale(["present", "made_statement", "led_panel"],
                                            labels)),
        tooltip=[_tip("group:N", "tooltip.group", labels),
                 _tip("measure_label:N", "tooltip.measure", labels),
                 _tip("states:Q", "axis.states", labels),
                 _tip("share_text:N", "tooltip.share_spoke", labels)],
    )
    # The count at the end of every bar, 0 included.
    counts = base.mark_text(align="left", dx=3, fontSize=10, color="#333333").encode(
        text=alt.Text("states:Q"))
    chart = alt.layer(bars, counts).properties(width=WIDTH, height=300)
    statements, panels = int(table["made_statement"].sum()), int(table["led_panel"].sum())
    took_floor = int(table["took_floor"].sum())
    attended = labels.plural("voice.attended_count", int(table["attended"].sum()))
    title = labels("voice.title", meeting=labels.days(meeting_date, meeting_end))
    subtitle = labels("voice.subtitle",
                      spoke=labels.plural("voice.spoke_count", took_floor),
                      attended=attended,
                      statements=labels.plural("voice.statements", statements),
                      panels=labels.plural("voice.panels", panels),
                      both=labels.plural("voice.both", statements + panels - took_floor),
                      rest=labels.plural("voice.rest", int(table["attended"].sum()) - took_floor))
    return _finish(chart, title, subtitle, source, labels, fit=True, legend=domain,
                   room=_plot_room(_groups(labels).values(), labels))


_NAME_AXIS = 240  # px: the series figures' column of State names, the same in every language
_GRID_NAMES = 290  # px: the grid's names, room for the longest short names on one line
# px: the grid's canvas, for up to four meetings: the names, and the legends under the
# squares (their longest label, in Russian, is about 330 px).
_GRID_CANVAS = 660
_NAME_LINE = 13  # px from one line of an 11 px axis label to the next


def _name_axis(texts: list[str], labels: Labels, width: int = _NAME_AXIS, **axis: object
               ) -> alt.Axis:
    """A category axis of State names ``width`` px wide in every language, long names wrapped.

    A name too long for the column takes two lines (or more), centred on its row; none is cut.
    """
    room = width - 12
    lines = {text: len(wrap(text, room, 11, labels.font)) for text in texts}
    offsets = {text: -(n - 1) * _NAME_LINE / 2 for text, n in lines.items() if n > 1}
    conditions = [{"test": "indexof({}, datum.label) >= 0".format(json.dumps(
        [t for t, o in offsets.items() if o == value], ensure_ascii=False)), "value": value}
        for value in sorted(set(offsets.values()))]
    offset: object = {"condition": conditions if len(conditions) > 1 else conditions[0],
                      "value": 0} if conditions else 0
    return alt.Axis(labelExpr=_wrapped_labels(texts, room, labels), labelOffset=offset,
                    minExtent=width, maxExtent=width, labelLimit=width, **axis)


def _row_step(texts: list[str], labels: Labels, step: int, width: int = _NAME_AXIS) -> int:
    """A row's height: ``step``, or room for the most lines a name of ``texts`` takes."""
    most = max((len(wrap(t, width - 12, 11, labels.font)) for t in texts), default=1)
    return max(step, most * _NAME_LINE + 6)


def meeting_labels(meetings: pl.DataFrame, labels: Labels) -> dict[str, str]:
    """How a series chart names each meeting: its year, or its date when a year has two.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> meeting_labels(pl.DataFrame({"meeting": ["A", "B"], "meeting_date": [
        ...     dt.date(2020, 7, 16), dt.date(2022, 5, 10)]}), load_labels("en"))
        {'A': '2020', 'B': '2022'}
    """
    rows = meetings.unique("meeting").sort("meeting_date", "meeting")
    years = [day.year for day in rows["meeting_date"]]
    unique = len(set(years)) == len(years)
    return {meeting: str(day.year) if unique else labels.date(day)
            for meeting, day in rows.select("meeting", "meeting_date").iter_rows()}


def _span(meetings: pl.DataFrame) -> tuple[str, str]:
    return (meetings["meeting_date"].min().isoformat(), meetings["meeting_date"].max().isoformat())


def _group_header(labels: Labels, padding: int = 4) -> alt.Header:
    """A regional group's name above its rows, at the side the language starts from.

    ``padding`` px between the name and the rows (room for the meetings' names there).
    """
    # right_to_left flips the alignment; the anchor is set here.
    return alt.Header(labelFontSize=12, labelAngle=0, labelOrient="top",
                      labelAnchor="end" if labels.rtl else "start", labelAlign="left",
                      labelPadding=padding, labelFontWeight="bold", labelLimit=WIDTH)


def participation_series_chart(table: pl.DataFrame, *, source: str, labels: Labels
                               ) -> alt.FacetChart:
    """Stacked bars per regional group, one bar per meeting: how Member States attended.

    Coloured as the single-meeting participation figure (Protocol party, signatory,
    Convention party only, neither, unknown, did not attend); categories no State is
    in are left out.

    Args:
        table: ``series.participation_by_meeting`` output.
        source: The source line (``source_line`` with every meeting's symbol).
        labels: The label language.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> frame = pl.DataFrame({"meeting": ["A", "B"], "meeting_date": [
        ...     dt.date(2020, 7, 16), dt.date(2022, 5, 10)], "regional_group": ["WEOG"] * 2,
        ...     "attendance": ["party"] * 2, "standing": ["protocol_party"] * 2,
        ...     "states": [11, 12], "members": [29, 29],
        ...     "share": [11 / 29, 12 / 29]})
        >>> spec = participation_series_chart(frame, source="x", labels=load_labels("en")
        ...                                   ).to_dict()
        >>> spec["title"]["text"]
        'Who attended, meeting by meeting: 16 July 2020 to 10 May 2022'
    """
    names = meeting_labels(table, labels)
    # The meetings' names take the same room in every language (a year, or a date when
    # a year holds two meetings), and the bars the rest of the canvas.
    axis = 40 if all(name.isdigit() for name in names.values()) else 130
    _, chart = _standing_bars(
        table.with_columns(meeting_label=pl.col("meeting").replace_strict(names)), labels,
        y=alt.Y("meeting_label:N", sort=list(names.values()), title=None,
                axis=alt.Axis(minExtent=axis, maxExtent=axis, labelLimit=axis)),
        tips=[_tip("group:N", "tooltip.group", labels),
              _tip("meeting_label:N", "series.meeting", labels)])
    chart = chart.properties(width=CANVAS - 2 * _PADDING - axis, height=alt.Step(20)).facet(
        row=alt.Row("group:N", sort=list(_groups(labels).values()), title=None,
                    header=_group_header(labels)),
        spacing=6)
    first, last = _span(table)
    title = labels("series.participation.title", first=first, last=last)
    subtitle = labels("series.participation.subtitle", meetings=len(names))
    return _finish(chart, title, subtitle, source, labels)


def attendance_grid_chart(grid: pl.DataFrame, names: pl.DataFrame, *, source: str,
                          labels: Labels) -> alt.FacetChart:
    """State × meeting: a square per meeting, coloured by how a State attended.

    The squares are coloured as the participation figure's bars (the report's
    category, its non-parties split by the Convention). A meeting a State missed is an
    empty square (white, grey outline, as "did not attend" is everywhere) with a dot in
    the colour of its standing towards both instruments on that meeting's date; States
    are grouped by regional group, in the order UN documents list them.

    Args:
        grid: ``series.attendance_grid`` output.
        names: ``entity_id, name`` in the label language.
        source: The source line.
        labels: The label language.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> frame = pl.DataFrame({"meeting": ["A", "B"], "meeting_date": [
        ...     dt.date(2020, 7, 16), dt.date(2022, 5, 10)], "entity_id": ["DEU"] * 2,
        ...     "regional_group": ["WEOG"] * 2, "attended_as": ["signatory", "absent"],
        ...     "standing": ["protocol_signatory", "absent"],
        ...     "adherence": ["protocol_signatory", "protocol_party"]})
        >>> spec = attendance_grid_chart(frame, pl.DataFrame({"entity_id": ["DEU"],
        ...     "name": ["Germany"]}), source="x", labels=load_labels("en")).to_dict()
        >>> [row["status_label"] for row in spec["data"]["values"]]
        ['Signatory of the Protocol, not a party', 'Party to the Protocol']
    """
    meetings = meeting_labels(grid, labels)
    squares = [s for s in STANDING if s in set(grid["standing"])]
    present = [s for s in ADHERENCE
               if s in set(grid.filter(pl.col("attended_as") == "absent")["adherence"])]
    groups = [*_groups(labels).values(), labels("series.grid.no_group")]
    shown = _display_names(names)
    if "sort_key" in names.columns:
        shown = shown.with_columns(names["sort_key"])
    data = (grid.join(shown, on="entity_id", how="left", maintain_order="left")
            .with_columns(
                display_name=pl.col("display_name").fill_null(pl.col("entity_id")),
                group=pl.col("regional_group").replace_strict(
                    _groups(labels), default=groups[-1]),
                meeting_label=pl.col("meeting").replace_strict(meetings),
                attended=pl.col("attended_as") != "absent",
                attendance_label=pl.col("standing").replace_strict(
                    palette_labels(squares, labels)),
                status_label=pl.col("adherence").replace_strict(
                    palette_labels(ADHERENCE, labels)))
            # In the order UN documents in the label language list States.
            .with_columns(rank=pl.struct(_in_list_order(names, labels).alias("key"),
                                         "display_name").rank("dense").cast(pl.Int32))
            .select("display_name", "rank", "group", "meeting_label", "attended",
                    "attendance_label", "status_label"))
    base = alt.Chart(_data(data)).encode(
        # Oldest first in the direction the language reads.
        x=alt.X("meeting_label:N", title=None,
                sort=list(meetings.values())[::-1 if labels.rtl else 1],
                axis=alt.Axis(orient="top", labelAngle=0, domain=False, ticks=False)),
        y=alt.Y("display_name:N", sort=alt.EncodingSortField("rank", op="min"), title=None,
                axis=_name_axis(data["display_name"].unique().to_list(), labels,
                                _GRID_NAMES, domain=False, ticks=False)),
        tooltip=[_tip("display_name:N", "pending.state", labels),
                 _tip("meeting_label:N", "series.meeting", labels),
                 _tip("attendance_label:N", "tooltip.attendance", labels),
                 _tip("status_label:N", "tooltip.status", labels)])
    # A compact canvas: the names, a column per meeting, and the legends under them.
    width = max(_GRID_CANVAS, _GRID_NAMES + 90 * len(meetings) + 2 * _PADDING)
    # The legends stand under the squares, right of the names.
    room = width - 2 * _PADDING - _GRID_NAMES - _SLACK
    # Colour and outline share one legend, so both have the same legend properties. It
    # stands above the grid, the dots' legend below it (side by side, the two would
    # widen the canvas).
    squares_legend = alt.Legend(orient="top", direction="vertical", columns=1,
                                labelLimit=room)
    cells = base.mark_square(size=150, opacity=1, strokeWidth=1).encode(
        color=alt.Color("attendance_label:N", title=None, scale=_legend_scale(squares, labels),
                        legend=squares_legend),
        stroke=alt.Stroke("attendance_label:N", title=None,
                          scale=_outline_scale(squares, labels), legend=squares_legend))
    # The dots' colour is a scale and a legend of its own (fill, not colour), so the
    # squares' colour and outline still share one legend.
    dots = base.mark_circle(size=28, opacity=1).encode(
        fill=alt.Fill("status_label:N",
                      title=wrap(labels("series.grid.dot"), room, 11, labels.font),
                      scale=_legend_scale(present, labels),
                      legend=alt.Legend(titleLimit=room, orient="bottom", direction="vertical",
                                        columns=1, labelLimit=room))
    ).transform_filter("!datum.attended")
    chart = alt.layer(cells, dots).properties(
        # The columns share what the names leave: the canvas is as wide in every language.
        width=width - 2 * _PADDING - _GRID_NAMES,
        height=alt.Step(_row_step(data["display_name"].to_list(), labels, 16, _GRID_NAMES))
    ).facet(
        row=alt.Row("group:N", sort=groups, title=None,
                    header=_group_header(labels)),
        spacing=8).resolve_scale(y="independent")
    first, last = _span(grid)
    title = labels("series.grid.title", first=first, last=last)
    subtitle = labels("series.grid.subtitle", states=grid["entity_id"].n_unique(),
                      meetings=len(meetings))
    return _finish(chart, title, subtitle, source, labels, width=width)


def engagement_accession_chart(table: pl.DataFrame, meetings: pl.DataFrame,
                               names: pl.DataFrame, *, latest: dt.date, source: str,
                               labels: Labels) -> alt.FacetChart:
    """A line per State that attended while not a party: to its accession, or to today.

    One panel per regional group, its States in the order UN documents in the label
    language list them. Each line starts at the first meeting the State attended while
    not a party (a dot in its standing then) and ends at its consent (a blue dot,
    labelled with the years between) or, for a State not yet a party, at ``latest`` (a
    dot in its standing then); the line itself is plain ink, since no status holds for
    the whole span. The meetings are marked with dashed rules. Long names wrap.

    Args:
        table: ``series.engagement_then_accession`` output.
        meetings: ``meeting, meeting_date`` of the study.
        names: ``entity_id, name`` in the label language.
        latest: The status date the lines run to.
        source: The source line.
        labels: The label language.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> frame = pl.DataFrame({"entity_id": ["DEU", "USA"],
        ...     "regional_group": ["WEOG", "WEOG"], "first_attended": [dt.date(2020, 7, 16)] * 2,
        ...     "status_then": ["signatory", "none"], "status": ["party", "none"],
        ...     "adherence_then": ["protocol_signatory", "convention_only"],
        ...     "adherence": ["protocol_party", "convention_only"],
        ...     "consent_date": [dt.date(2021, 10, 14), None], "joined": [True, False],
        ...     "years_to_accession": [1.2, None]})
        >>> chart = engagement_accession_chart(frame, pl.DataFrame({"meeting": ["A"],
        ...     "meeting_date": [dt.date(2020, 7, 16)]}), pl.DataFrame({"entity_id": ["DEU"],
        ...     "name": ["Germany"]}), latest=dt.date(2024, 5, 4), source="x",
        ...     labels=load_labels("en"))
        >>> chart.to_dict()["title"]["subtitle"][0][:48]
        '1 of the 2 States that attended a meeting while '
    """
    statuses = palette_labels(ADHERENCE, labels)
    groups = [*_groups(labels).values(), labels("series.grid.no_group")]
    # Years to one decimal, each in the form its number takes in the language.
    years = table["years_to_accession"].round(1).cast(pl.String).drop_nulls()
    shown = _display_names(names)
    if "sort_key" in names.columns:
        shown = shown.with_columns(names["sort_key"])
    data = (table.join(shown, on="entity_id", how="left", maintain_order="left")
            .with_columns(
                display_name=pl.col("display_name").fill_null(pl.col("entity_id")),
                group=pl.col("regional_group").replace_strict(
                    _groups(labels), default=groups[-1]),
                start=pl.col("first_attended").cast(pl.String),
                end=pl.when(pl.col("joined")).then(pl.col("consent_date"))
                .otherwise(pl.lit(latest)).cast(pl.String),
                status_label=pl.col("adherence").replace_strict(statuses),
                then_label=pl.col("adherence_then").replace_strict(statuses),
                start_text=_as_text(table, "first_attended", labels.date),
                years=pl.col("years_to_accession").round(1).cast(pl.String).replace_strict(
                    {y: labels.plural("pending.years", Decimal(y)) for y in years.unique()},
                    default="", return_dtype=pl.String))
            # A State whose consent date is not known has no line end to draw.
            .filter(pl.col("end").is_not_null())
            # By group, then in the order UN documents in the label language list States.
            .with_columns(rank=pl.struct(_in_list_order(names, labels).alias("key"),
                                         "display_name").rank("dense").cast(pl.Int32)))
    data = (data.with_columns(end_text=_as_text(data, "end", labels.date), kind=pl.lit("state"))
            .select("kind", "group", "display_name", "rank", "start", "end", "joined",
                    "status_label", "then_label", "years", "start_text", "end_text"))
    marked = meeting_labels(meetings, labels)
    drawn = [g for g in groups if g in set(data["group"])]
    # Each group's panel marks every meeting: a dashed rule, named above the first panel.
    rule_rows = (meetings.select(day=pl.col("meeting_date").cast(pl.String),
                                 text=pl.col("meeting").replace_strict(marked))
                 .join(pl.DataFrame({"group": drawn}), how="cross")
                 # A State's name of the panel, so that no empty row is added to it.
                 .join(data.group_by("group").agg(pl.col("display_name", "rank").first()),
                       on="group", how="left")
                 .with_columns(kind=pl.lit("meeting"),
                               text=pl.when(pl.col("group") == drawn[0] if drawn else False)
                               .then("text").otherwise(pl.lit(""))))
    rows = pl.concat([data, rule_rows], how="diagonal")
    present = [s for s in ADHERENCE
               if s in set(table["adherence"]) | set(table["adherence_then"])]
    colour = _legend_scale(present, labels)
    legend = alt.Legend(title=wrap(labels("series.accession.legend",
                                          latest=latest.isoformat()),
                                   CANVAS - 2 * _PADDING - _NAME_AXIS - _SLACK, 11,
                                   labels.font),
                        titleLimit=CANVAS, orient="bottom", direction="vertical", columns=1)
    # The same span and yearly ticks in every language: from the data's dates alone.
    first_day = min([*table["first_attended"], *meetings["meeting_date"]])
    domain = [(first_day - dt.timedelta(days=90)).isoformat(),
              (latest + dt.timedelta(days=240)).isoformat()]
    x = alt.X("start:T", title=labels("axis.date"), scale=alt.Scale(domain=domain, nice=False),
              axis=alt.Axis(format="%Y", labelAngle=0, values=[
                  alt.DateTime(year=y, month=1, date=1)
                  for y in range(first_day.year + 1, latest.year + 1)]))
    texts = data["display_name"].to_list()
    y = alt.Y("display_name:N", sort=alt.EncodingSortField("rank", op="min"), title=None,
              axis=_name_axis(texts, labels, ticks=False, domain=False, grid=True))
    tips = [_tip("display_name:N", "pending.state", labels),
            _tip("start_text:N", "series.accession.first", labels),
            _tip("end_text:N", "series.accession.joined", labels),
            _tip("status_label:N", "tooltip.status", labels),
            _tip("years:N", "axis.years", labels)]
    states = "datum.kind === 'state'"
    # The line is the time between: no status colour (a State's standing holds at the
    # dots, and before its consent it was no party). Accessions are the thicker lines.
    lines = alt.Chart().mark_rule(color="#555555").encode(
        x=x, x2=alt.X2("end:T"), y=y, tooltip=tips,
        strokeWidth=alt.condition("datum.joined", alt.value(2.5), alt.value(1))
    ).transform_filter(states)
    starts = alt.Chart().mark_point(filled=True, size=90, opacity=1, stroke="#FFFFFF",
                                    strokeWidth=1).encode(
        x=x, y=y, tooltip=tips, color=alt.Color("then_label:N", scale=colour, legend=legend)
    ).transform_filter(states)
    # The other end: the State's standing on the day it became a party, or on ``latest``.
    ends = alt.Chart().mark_point(filled=True, size=90, opacity=1, stroke="#FFFFFF",
                                  strokeWidth=1).encode(
        x=alt.X("end:T"), y=y, tooltip=tips,
        color=alt.Color("status_label:N", scale=colour, legend=legend)
    ).transform_filter(states)
    years_text = alt.Chart().mark_text(align="left", dx=9, fontSize=11,
                                       color="#333333").encode(
        x=alt.X("end:T"), y=y, text=alt.Text("years:N")
    ).transform_filter(f"{states} && datum.joined")
    rules = alt.Chart().mark_rule(strokeDash=[4, 3], color="#555555").encode(
        x=alt.X("day:T")).transform_filter("datum.kind === 'meeting'")
    rule_text = alt.Chart().mark_text(align="left", dx=3, y=-6, fontSize=10,
                                      color="#555555").encode(
        x=alt.X("day:T"), text=alt.Text("text:N")).transform_filter("datum.kind === 'meeting'")
    step = _row_step(texts, labels, 22)
    plot = CANVAS - 2 * _PADDING - _NAME_AXIS
    chart = alt.layer(rules, rule_text, lines, starts, ends, years_text, data=_data(rows)
                      ).properties(width=plot, height=alt.Step(step)).facet(
        row=alt.Row("group:N", sort=drawn, title=None, header=_group_header(labels)),
        spacing=14).resolve_scale(y="independent")
    joined = int(table["joined"].sum())
    title = labels("series.accession.title")
    subtitle = labels.plural("series.accession.subtitle", joined, engaged=table.height,
                             latest=latest.isoformat())
    return _finish(chart, title, subtitle, source, labels)
