"""The look shared by every figure: font, colours, scales, and the title and source lines.

One font per label language, one colour per status that means the same thing in every
figure (the Okabe-Ito colour-blind-safe palette of ``vocabulary.PALETTE``), and the
pieces every figure function is built from: its data, tooltips, count axis, and the
finish (title, subtitle and source line wrapped to the canvas).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import ClassVar, TypeVar

import altair as alt
import polars as pl

from analysis.charts import direction
from analysis.charts.layout import _PADDING, _SLACK, CANVAS, _legend_columns
from analysis.measure import wrap
from analysis.vocabulary import PALETTE, REGIONAL_GROUPS, Labels, collation_key

ChartT = TypeVar("ChartT", bound=alt.TopLevelMixin)


def _class_table_built_once() -> None:
    """Make Altair build its table of schema classes once per process, not per channel.

    Altair 6.3 hashes the schema of each of its ~570 classes every time it turns a
    shorthand such as ``"lon:Q"`` or ``alt.value(1)`` into a channel (``from_dict``):
    5 ms a channel, most of the time it takes to build a map of 50 layers. The table
    never changes, so it is kept per set of classes; Altair's own fix is pending
    (vega/altair#3547). The specs are the same either way (the tests compare them).
    """
    from altair.utils import schemapi

    converter = getattr(schemapi, "_FromDict", None)
    # Fixed upstream (the table a class attribute) or changed: Altair as it comes.
    if converter is None or getattr(converter, "hash_tps", None) is not None:
        return
    build = converter.__init__
    tables: dict[tuple, dict] = {}

    def init(self: object, wrapper_classes: Iterable[type], /) -> None:
        classes = tuple(wrapper_classes)
        if classes not in tables:
            build(self, classes)
            tables[classes] = self.class_dict  # type: ignore[attr-defined]
        self.class_dict = tables[classes]  # type: ignore[attr-defined]

    converter.__init__ = init


_class_table_built_once()


# One meaning per colour across every figure: every colour comes from
# ``vocabulary.PALETTE`` (blue = party to the Protocol, orange = signed it only, reddish
# purple = a Convention party only, vermillion = a party to neither, grey = unknown).
# A highlight is a neutral emphasis, never a status colour: the engagement matrix's key
# column is the sand of "attended" with a dark outline. Being present, as a count (the
# voice figure), is a darker sand: attendance is never grey, the colour of "unknown".
INK = "#111111"


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
                  "anchor": direction.start_anchor(labels),
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


def _set(chart: ChartT, **properties: object) -> ChartT:
    """``chart`` with its top-level ``properties`` set where it stands (Altair's ``properties``).

    Altair's ``properties`` and ``configure`` copy the chart first, and copying a layered
    chart deep-copies every layer twice (its constructor merges their parameters): a
    third of the time a figure's spec took. Every chart of this package is built by one
    function and handed on, so none is shared, and it is changed in place. Each value is
    checked against the schema with the whole spec (``to_dict``; the tests validate
    every figure), not one by one.

    Example:
        >>> chart = alt.layer(alt.Chart().mark_point(), alt.Chart().mark_rule())
        >>> _set(chart, width=200) is chart, chart.to_dict()["width"]
        (True, 200)
    """
    for key, value in properties.items():
        setattr(chart, key, value)
    return chart


def _finish(chart: alt.TopLevelMixin, title: str, subtitle: str, source: str,
            labels: Labels, *, width: int = CANVAS, fit: bool = False,
            legend: Iterable[str] = (), room: float | None = None
            ) -> alt.TopLevelMixin:
    """Title, subtitle and source wrapped to the canvas; the legend in as many columns as fit.

    Set on ``chart`` in place (``_set``) and returned.

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
    _set(chart, title=alt.Title(
        heading[0] if len(heading) == 1 else heading,
        subtitle=[part for line in [*subtitle.split("\n"), *source.split("\n")]
                  for part in wrap(line, lines, 11, labels.font, labels.date_phrase)]))
    if fit:
        _set(chart, width=width, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return _set(chart, config=alt.Config(**config))


def _groups(labels: Labels) -> dict[str, str]:
    return {g: labels.group(g) for g in REGIONAL_GROUPS}


def palette_labels(codes: list[str] | tuple[str, ...], labels: Labels) -> dict[str, str]:
    """``{code: legend text}`` for ``PALETTE`` categories, in the label language.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> palette_labels(["neither"], load_labels("fr"))
        {'neither': 'Ni partie à la Convention ni au Protocole'}
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

    def __init__(self, frame: pl.DataFrame | list[dict]) -> None:
        if isinstance(frame, list):  # rows already as the spec writes them (map features)
            self.rows = frame
            return
        dates = [name for name, dtype in frame.schema.items() if dtype == pl.Date]
        self.rows = frame.with_columns(
            pl.struct(year=pl.col(d).dt.year().cast(pl.Int64),
                      month=pl.col(d).dt.month().cast(pl.Int64),
                      date=pl.col(d).dt.day().cast(pl.Int64)).alias(d) for d in dates
        ).to_dicts()

    def to_dict(self, *_: object, **__: object) -> list[dict]:
        """The rows, for the spec."""
        return self.rows


def _data(frame: pl.DataFrame | list[dict]) -> alt.Data:
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

    The title is set on ``chart`` in place (``_set``: a chart is built for one figure)
    and ``chart`` returned.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> chart = _finish(alt.Chart().mark_point(), "Title", "", "x", load_labels("en"))
        >>> mark_test_data(chart, load_labels("en")).to_dict()["title"]["text"][0][:9]
        'TEST DATA'
    """
    title = chart.title.copy()
    text = title.text
    title.text = [direction.isolate(labels("test_data"), labels),
                  *(text if isinstance(text, list) else [text])]
    return _set(chart, title=title)


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


def _in_list_order(names: pl.DataFrame, labels: Labels) -> pl.Expr:
    """The order UN documents list States in.

    The names table's ``sort_key`` if it has one (``reference.display_names(labels,
    sort_key=True)``), else the language's alphabetical order of the names shown.
    """
    if "sort_key" in names.columns:
        return pl.col("sort_key")
    return collation_key(pl.col("display_name"), labels.lang)
