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
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import ClassVar

import altair as alt
import polars as pl

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
# purple = a Convention party only, vermillion = neither instrument, grey = unknown).
# A highlight is a neutral emphasis, never a status colour: the engagement matrix's key
# column is the sand of "attended" with a dark outline.
INK = "#111111"
WIDTH = 620
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


_FLIPPED_ALIGN = {"left": "right", "right": "left"}


def right_to_left(spec: dict) -> dict:
    """Mirror a Vega-Lite spec for a language written right to left (Arabic).

    Category axes move to the right, quantity and time axes run from right to left,
    text anchored at one side of a point is anchored at the other, and each title line
    is isolated as a right-to-left paragraph, so the chart reads in the direction of
    its labels. The map and the marks themselves are left
    as they are. Returns a new spec; ``spec`` is not changed.

    Example:
        >>> spec = {"mark": {"type": "text", "align": "left", "dx": 4}, "encoding": {
        ...     "y": {"field": "g", "type": "nominal"}, "x": {"field": "v",
        ...     "type": "quantitative"}}}
        >>> mirrored = right_to_left(spec)
        >>> mirrored["encoding"]["y"]["axis"], mirrored["encoding"]["x"]["scale"]
        ({'orient': 'right'}, {'reverse': True})
        >>> mirrored["mark"]["align"], mirrored["mark"]["dx"]
        ('right', -4)
        >>> right_to_left({"title": {"text": "عنوان"}})["title"]["text"] == "\u2067عنوان\u2069"
        True
    """
    if isinstance(spec, list):
        return [right_to_left(item) for item in spec]
    if not isinstance(spec, dict):
        return spec
    out = {key: right_to_left(value) for key, value in spec.items()}
    encoding = out.get("encoding")
    if isinstance(encoding, dict):
        y, x = encoding.get("y"), encoding.get("x")
        if isinstance(y, dict) and y.get("type") in ("nominal", "ordinal") and (
                y.get("axis", {}) is not None):
            y["axis"] = {**(y.get("axis") or {}), "orient": "right"}
        if isinstance(x, dict) and x.get("type") in ("quantitative", "temporal"):
            x["scale"] = {**(x.get("scale") or {}), "reverse": True}
    mark = out.get("mark")
    if isinstance(mark, dict):
        if mark.get("align") in _FLIPPED_ALIGN:
            mark["align"] = _FLIPPED_ALIGN[mark["align"]]
        if isinstance(mark.get("dx"), int | float):
            mark["dx"] = -mark["dx"]
    if out.get("labelAlign") in _FLIPPED_ALIGN:
        out["labelAlign"] = _FLIPPED_ALIGN[out["labelAlign"]]
    title = out.get("title")
    if isinstance(title, dict):
        for part in ("text", "subtitle"):
            if part in title:
                # Each line of a title is its own right-to-left paragraph.
                title[part] = ([isolate_rtl(line) for line in title[part]]
                               if isinstance(title[part], list) else isolate_rtl(title[part]))
    return out


def _finish(chart: alt.TopLevelMixin, title: str, subtitle: str, source: str,
            labels: Labels) -> alt.TopLevelMixin:
    return chart.properties(
        title=alt.Title(title, subtitle=[*subtitle.split("\n"), source]),
    ).configure(**theme_config(labels))


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
        {'neither': 'Aucun des deux instruments'}
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


def source_line(report_symbol: str, as_of: dt.date, labels: Labels) -> str:
    """The source line every figure carries.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> source_line("CTOC/COP/WG.6/2020/3", dt.date(2024, 5, 4), load_labels("en")
        ...             ).startswith("Sources:")
        True
    """
    return labels("source", report=report_symbol, as_of=as_of.isoformat())


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
    shown = [s for s in STANDING
             if table.filter((pl.col("standing") == s) & (pl.col("states") > 0)).height]
    data = table.filter(pl.col("standing").is_in(shown)).with_columns(
        group=pl.col("regional_group").replace_strict(_groups(labels)),
        standing_label=pl.col("standing").replace_strict(palette_labels(shown, labels)),
        order=pl.col("standing").replace_strict(
            {a: i for i, a in enumerate(STANDING)}, return_dtype=pl.Int8),
        share_text=_as_text(table, "share", labels.percent))
    chart = alt.Chart(_data(data)).mark_bar().encode(
        y=alt.Y("group:N", sort=list(_groups(labels).values()), title=None),
        x=alt.X("states:Q", title=labels("axis.states")),
        color=alt.Color("standing_label:N", title=None, scale=_legend_scale(shown, labels)),
        # Same field and title as the colour: Vega-Lite merges the two into one legend,
        # whose "did not attend" symbol is then a white square with a grey outline.
        stroke=alt.Stroke("standing_label:N", title=None,
                          scale=_outline_scale(shown, labels)),
        order=alt.Order("order:O"),
        tooltip=[_tip("group:N", "tooltip.group", labels),
                 _tip("standing_label:N", "tooltip.adherence", labels),
                 _tip("states:Q", "axis.states", labels),
                 _tip("share_text:N", "axis.share", labels)],
    ).properties(width=WIDTH, height=220)
    title = labels("regional_participation.title",
                   meeting=labels.days(meeting_date, meeting_end or meeting_date))
    # The attending Member States by the categories the legend shows, each count in the
    # form its number takes in the language.
    attended = [s for s in shown if s != "absent"]
    phrases = {"protocol_party": "regional_participation.party",
               "protocol_signatory": "regional_participation.signatory",
               "convention_only": "regional_participation.convention_only",
               "neither": "regional_participation.neither",
               "unknown": "regional_participation.unknown"}
    subtitle = labels(
        "regional_participation.subtitle",
        states=labels.plural("regional_participation.states", sum(counts.values())),
        standing=labels.texts["list.clauses"].join(
            labels.plural(phrases[s], standing.get(s, 0)) for s in attended))
    return _finish(chart, title, subtitle, source, labels)


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
        >>> spec["spec"]["encoding"]["color"]["scale"]["domain"]
        ['Party to the Protocol', 'Neither instrument']
    """
    present = [a for a in ADHERENCE
               if table.filter((pl.col("adherence") == a) & (pl.col("states") > 0)).height]
    dates = sorted(table["date"].unique().to_list())
    data = table.filter(pl.col("adherence").is_in(present)).with_columns(
        group=pl.col("regional_group").replace_strict(_groups(labels)),
        adherence_label=pl.col("adherence").replace_strict(palette_labels(present, labels)),
        order=pl.col("adherence").replace_strict({a: i for i, a in enumerate(ADHERENCE)},
                                                 return_dtype=pl.Int8),
        day=pl.col("date").replace_strict({d: labels.date(d) for d in dates},
                                          return_dtype=pl.String),
        share_text=_as_text(table, "share", labels.percent))
    chart = alt.Chart(_data(data)).mark_bar().encode(
        y=alt.Y("group:N", sort=list(_groups(labels).values()), title=None),
        x=alt.X("share:Q", title=labels("axis.share"), axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("adherence_label:N", title=None,
                        scale=_legend_scale(present, labels)),
        order=alt.Order("order:O"),
        tooltip=[_tip("day:N", "axis.date", labels), _tip("group:N", "tooltip.group", labels),
                 _tip("adherence_label:N", "tooltip.adherence", labels),
                 _tip("states:Q", "axis.states", labels),
                 _tip("members:Q", "tooltip.members", labels),
                 _tip("share_text:N", "axis.share", labels)],
    ).properties(width=WIDTH, height=170).facet(
        row=alt.Row("day:N", title=None, header=alt.Header(labelFontSize=12, labelAngle=0,
                                                            labelAlign="left")))
    title = labels("gap.title", meeting=dates[0].isoformat(), latest=dates[-1].isoformat())
    return _finish(chart, title, labels("gap.subtitle"), source, labels)


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
    Protocol signatory, a Convention party only: one instrument away, …).

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
        group=pl.col("regional_group").replace_strict(_groups(labels)),
        column=pl.concat_str(
            pl.col("attended").cast(pl.String).replace_strict(attended),
            pl.lit(" · "),
            pl.col("bound").replace_strict(bound)),
        key=pl.col("attended") & (pl.col("bound") == "not_party"))
    order = [f"{attended[a]} · {bound[b]}" for a in ("true", "false") for b in BOUND
             if b in set(shown["bound"])]
    groups = list(_groups(labels).values())
    base = alt.Chart(_data(data)).encode(
        y=alt.Y("group:N", sort=groups, title=None, axis=alt.Axis(labelLimit=360)),
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
        tooltip=[_tip("group:N", "tooltip.group", labels),
                 _tip("column:N", "tooltip.cell", labels),
                 _tip("states:Q", "axis.states", labels)])
    key_label = labels("engagement.key", year=meeting_date.year)
    attended_swatch = PALETTE["attended"]
    highlight = base.mark_rect(stroke=attended_swatch.outline, strokeWidth=1.5).encode(
        color=alt.Color("legend:N", title=None, scale=alt.Scale(
            domain=[key_label], range=[attended_swatch.colour]), legend=alt.Legend(
            symbolType="square", symbolStrokeColor=attended_swatch.outline,
            symbolStrokeWidth=1.5)),
        tooltip=[_tip("group:N", "tooltip.group", labels),
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
                 _tip("adherence_label:N", "tooltip.adherence", labels)])
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
                          ("neither", "engagement.neither"),
                          ("unknown", "engagement.unknown"))
        if counts.get(kind, 0)]
    subtitle = labels(
        "engagement.subtitle",
        closest=labels.plural("engagement.closest", total, year=meeting_date.year),
        standing=labels.texts["list.clauses"].join(clauses))
    return _finish(chart, title, subtitle, source, labels)


def accession_timeline_chart(timeline: pl.DataFrame, anchors: pl.DataFrame,
                             joined_after: pl.DataFrame, names: pl.DataFrame, *,
                             meeting_date: dt.date, source: str, labels: Labels
                             ) -> alt.LayerChart:
    """Parties over time as a step line, with the band of bounded consents and published totals.

    The meeting date is marked, published totals are labelled by their publisher
    below the line and later accessions of attending States by name above it;
    neighbouring labels alternate between two rows, so none overlaps.

    Args:
        timeline: ``accession_timeline`` output.
        anchors: Published totals (``date, parties, publisher``).
        joined_after: Where to label later accessions: ``entity_id, consent_date,
            parties`` (``accession_labels``; ``parties`` puts the label on the line).
        names: ``entity_id, name`` in the label language (``reference.entity_names``).
        meeting_date: Marked with a rule.
        source: The source line.
        labels: The label language.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> day = dt.date(2024, 5, 4)
        >>> chart = accession_timeline_chart(
        ...     pl.DataFrame({"date": [day], "parties": [120], "possible": [123]}),
        ...     pl.DataFrame({"date": [day], "parties": [123], "publisher": ["UNTC"]}),
        ...     pl.DataFrame({"entity_id": ["CHN"], "consent_date": [day], "parties": [120]}),
        ...     pl.DataFrame({"entity_id": ["CHN"], "name": ["China"]}),
        ...     meeting_date=dt.date(2020, 7, 16), source="x", labels=load_labels("en"))
        >>> [layer["data"]["values"][0]["text"] for layer in chart.to_dict()["layer"][-2:]]
        ['UN Treaty Collection', 'China']
    """
    latest = timeline["date"].max()
    top = 10 * (int(timeline["possible"].max()) // 10 + 2)
    series = timeline.with_columns(day=pl.col("date").cast(pl.String),
                                   day_text=_as_text(timeline, "date", labels.date))
    base = alt.Chart(_data(series))
    x = alt.X("day:T", title=labels("axis.date"), axis=alt.Axis(format="%Y"))
    # Line, band and dots share one legend: each layer names its series, one scale.
    kinds = {labels("timeline.line"): PALETTE["protocol_party"].colour,
             labels("timeline.band"): PALETTE["unknown"].colour,
             labels("timeline.total"): PALETTE["published_total"].colour}
    keys = list(kinds)
    colour = alt.Color("series:N", title=None, legend=alt.Legend(symbolType="square",
                                                                 symbolOpacity=1),
                       scale=alt.Scale(domain=keys, range=list(kinds.values())))
    band = base.mark_area(interpolate="step-after").encode(
        x=x, y=alt.Y("parties:Q", title=labels("axis.parties"),
                     scale=alt.Scale(domain=[0, top])), y2=alt.Y2("possible:Q"),
        color=colour).transform_calculate(series=json.dumps(keys[1]))
    line = base.mark_line(strokeWidth=2, interpolate="step-after").encode(
        x=x, y=alt.Y("parties:Q"), color=colour,
        tooltip=[_tip("day_text:N", "axis.date", labels),
                 _tip("parties:Q", "axis.parties", labels),
                 _tip("possible:Q", "tooltip.possible", labels)],
    ).transform_calculate(series=json.dumps(keys[0]))
    # Neighbouring labels alternate between two rows (in parties, the y unit).
    stagger = (pl.int_range(pl.len()) % 2).cast(pl.Int32)
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
              .with_columns(day=pl.col("date").cast(pl.String),
                            label_y=pl.col("parties") - 7 - 9 * stagger))
    points = alt.Chart(_data(totals.select("day", "parties", "publisher", day_text=_as_text(
            totals, "date", labels.date)))).mark_point(
        filled=True, size=60, opacity=1).encode(
        x=alt.X("day:T"), y=alt.Y("parties:Q"), color=colour,
        tooltip=[_tip("day_text:N", "axis.date", labels),
                 _tip("parties:Q", "axis.parties", labels),
                 _tip("publisher:N", "tooltip.publisher", labels)],
    ).transform_calculate(series=json.dumps(keys[2]))
    rule_data = alt.Data(values=[{"day": meeting_date.isoformat(), "text": labels(
        "timeline.meeting", meeting=meeting_date.isoformat())}])
    rule = alt.Chart(rule_data).mark_rule(strokeDash=[4, 3], color="#555555").encode(
        x=alt.X("day:T"))
    rule_text = alt.Chart(rule_data).mark_text(align="right", dx=-4, y=290, color="#555555"
                                               ).encode(x=alt.X("day:T"), text=alt.Text("text:N"))
    # Mixed scripts ("UNODC، …") read from the right only as an rtl run (isolate_rtl).
    text = pl.format("\u2067{}\u2069", "publisher") if labels.rtl else pl.col("publisher")
    publishers = alt.Chart(_data(totals.select("day", "label_y", text=text))).mark_text(
        align="center", fontSize=9, color="#333333").encode(
        x=alt.X("day:T"), y=alt.Y("label_y:Q"), text=alt.Text("text:N"))
    later = (joined_after.sort("consent_date")
             .join(_display_names(names), on="entity_id", how="left", maintain_order="left")
             .with_columns(day=pl.col("consent_date").cast(pl.String),
                           label_y=pl.col("parties") + 5 + 7 * stagger))
    marks = alt.Chart(_data(later.select(
        "day", "label_y", text=pl.col("display_name").fill_null(pl.col("entity_id"))
    ))).mark_text(align="right", dx=4, fontSize=10).encode(
        x=alt.X("day:T"), y=alt.Y("label_y:Q"), text=alt.Text("text:N"))
    chart = alt.layer(band, line, points, rule, rule_text, publishers, marks).properties(
        width=WIDTH, height=300)
    title = labels("timeline.title", year=latest.year)
    return _finish(chart, title, labels("timeline.subtitle", latest=latest.isoformat()),
                   source, labels)


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


def status_map_chart(status: pl.DataFrame, attendance: pl.DataFrame, names: pl.DataFrame,
                     topology: str, *, as_of: dt.date, meeting_date: dt.date, source: str,
                     labels: Labels) -> alt.LayerChart:
    """World map of each State's standing on a date; states that attended are outlined.

    States that are not Protocol parties are split as in the gap figure (signatory,
    Convention party only, neither). States are drawn as the UN counts them
    (``reference.load_world_topology``): a shape each, or a dot in the standing colour
    for a State too small to draw at this scale. The legend explains every mark: the
    standing colours, the light grey of territories that are not States, and the dark
    outline of the States that attended the meeting. One line under the map says that
    the boundaries and names imply no endorsement by the United Nations.

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
    came = labels("map.attended", meeting=meeting_date.isoformat())
    records = (status.join(_display_names(names, "iso3"), on="iso3", how="left")
               .with_columns(
                   status_label=pl.col("adherence").replace_strict(
                       palette_labels(ADHERENCE, labels)),
                   attended=pl.col("iso3").is_in(present["iso3"].implode()))
               .with_columns(outline=pl.when(pl.col("attended")).then(pl.lit(came))
                             .otherwise(pl.lit("")),
                             attended_text=pl.col("attended").cast(pl.String).replace_strict(
                                 labels.keys_of("attended", ["true", "false"])))
               .select("iso3", "display_name", "status_label", "attended", "outline",
                       "attended_text"))
    # The topology goes in once, as one string (Vega-Lite parses it), for the layers
    # that draw shapes: Altair then has one value to copy instead of every coordinate
    # of the world.
    shapes = alt.InlineData(values=topology,
                            format=alt.DataFormat(type="topojson", feature="countries"))
    status_of = alt.LookupData(data=_data(records), key="iso3",
                               fields=["display_name", "status_label", "attended", "outline",
                                       "attended_text"])
    # Territories that are not States share the status legend as their own, lighter
    # grey entry.
    no_data = labels("map.no_data")
    shown = [a for a in ADHERENCE if a in set(status["adherence"])]
    colours = {labels(PALETTE[k].label): PALETTE[k].colour for k in shown} | {
        no_data: PALETTE["no_status"].colour}
    colour_scale = alt.Scale(domain=list(colours), range=list(colours.values()))
    # Squares for areas, outlined so that the light "no status" entry shows on white.
    area_legend = alt.Legend(symbolType="square", symbolStrokeColor="#999999",
                             symbolStrokeWidth=0.5)
    outline_scale = alt.Scale(domain=[came, ""], range=[PALETTE["attended"].outline, "#FFFFFF"])
    tips = [_tip("display_name:N", "pending.state", labels),
            _tip("status_label:N", "tooltip.adherence", labels),
            _tip("attended_text:N", "tooltip.attendance", labels)]
    land = alt.Chart().mark_geoshape(stroke="#FFFFFF", strokeWidth=0.3).encode(
        color=alt.Color("no_data:N", title=None, scale=colour_scale, legend=area_legend),
    ).transform_calculate(no_data=json.dumps(no_data))
    states = alt.Chart().mark_geoshape().transform_lookup(
        lookup="id", from_=status_of,
    ).transform_filter("isValid(datum.status_label)").encode(
        color=alt.Color("status_label:N", title=None, scale=colour_scale, legend=area_legend),
        # The attendance outline has a legend of its own: one entry, a white square
        # with the dark outline the map draws.
        stroke=alt.Stroke("outline:N", title=None, scale=outline_scale, legend=alt.Legend(
            values=[came], symbolType="square", symbolFillColor="#FFFFFF",
            symbolStrokeWidth=1.5, symbolSize=160)),
        strokeWidth=alt.condition("datum.attended", alt.value(1.1), alt.value(0.3)),
        tooltip=tips,
    )
    # States too small for a shape: a dot in the same colours and outline, no legend of
    # its own (the subtitle says what a dot is).
    dots = alt.Chart(_data(_points(topology, "small_states").join(
        records, on="iso3", how="inner"))).mark_circle(size=26, opacity=1).encode(
        longitude="lon:Q", latitude="lat:Q",
        color=alt.Color("status_label:N", scale=colour_scale, legend=None),
        stroke=alt.Stroke("outline:N", scale=outline_scale, legend=None),
        strokeWidth=alt.condition("datum.attended", alt.value(1.1), alt.value(0.6)),
        tooltip=tips,
    )
    width, height = WIDTH + 80, 360
    # One line under the map, centred (so it reads the same in either direction).
    note = alt.Chart(_data(pl.DataFrame({"note": [_line(labels("map.note"), labels)]}))
                     ).mark_text(align="center", baseline="top", fontSize=10,
                                 color="#555555").encode(
        x=alt.value(width / 2), y=alt.value(height + 4), text="note:N")
    chart = alt.layer(land, states, dots, note, data=shapes).project("equalEarth").properties(
        width=width, height=height)
    title = labels("map.title", latest=as_of.isoformat())
    return _finish(chart, title, labels("map.subtitle", meeting=meeting_date.isoformat()),
                   source, labels)


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
    years = pending["years_since_signature"].round(1).cast(pl.String)
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
                # Numeric months read the same in every label language.
                axis=alt.Axis(format="%Y-%m", labelAngle=0, tickCount=alt.TimeIntervalStep(
                    interval="month", step=3))))
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
                   labels("pending.subtitle", latest=as_of.isoformat()), source, labels)


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
        x=alt.X("states:Q", title=labels("axis.states")))
    bars = base.mark_bar().encode(
        color=alt.Color("measure_label:N", title=None, sort=domain,
                        scale=_legend_scale(list(keys), labels)),
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
    title = labels("voice.title", meeting=labels.days(meeting_date, meeting_end or meeting_date))
    subtitle = labels("voice.subtitle",
                      spoke=labels.plural("voice.spoke_count", took_floor),
                      attended=attended,
                      statements=labels.plural("voice.statements", statements),
                      panels=labels.plural("voice.panels", panels),
                      both=labels.plural("voice.both", statements + panels - took_floor))
    return _finish(chart, title, subtitle, source, labels)


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


def _group_header(labels: Labels) -> alt.Header:
    """A regional group's name above its rows, at the side the language starts from."""
    # right_to_left flips the alignment; the anchor is set here.
    return alt.Header(labelFontSize=12, labelAngle=0, labelOrient="top",
                      labelAnchor="end" if labels.rtl else "start", labelAlign="left",
                      labelPadding=4, labelFontWeight="bold", labelLimit=WIDTH)


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
    shown = [s for s in STANDING
             if table.filter((pl.col("standing") == s) & (pl.col("states") > 0)).height]
    data = table.filter(pl.col("standing").is_in(shown)).with_columns(
        group=pl.col("regional_group").replace_strict(_groups(labels)),
        meeting_label=pl.col("meeting").replace_strict(names),
        standing_label=pl.col("standing").replace_strict(palette_labels(shown, labels)),
        order=pl.col("standing").replace_strict(
            {a: i for i, a in enumerate(STANDING)}, return_dtype=pl.Int8),
        share_text=_as_text(table, "share", labels.percent))
    chart = alt.Chart(_data(data)).mark_bar().encode(
        y=alt.Y("meeting_label:N", sort=list(names.values()), title=None),
        x=alt.X("states:Q", title=labels("axis.states")),
        color=alt.Color("standing_label:N", title=None, scale=_legend_scale(shown, labels)),
        stroke=alt.Stroke("standing_label:N", title=None,
                          scale=_outline_scale(shown, labels)),
        order=alt.Order("order:O"),
        tooltip=[_tip("group:N", "tooltip.group", labels),
                 _tip("meeting_label:N", "series.meeting", labels),
                 _tip("standing_label:N", "tooltip.adherence", labels),
                 _tip("states:Q", "axis.states", labels),
                 _tip("share_text:N", "axis.share", labels)],
    ).properties(width=WIDTH, height=alt.Step(20)).facet(
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
        ['Signed the Protocol only', 'Party to the Protocol']
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
                axis=alt.Axis(domain=False, ticks=False, labelLimit=220)),
        tooltip=[_tip("display_name:N", "pending.state", labels),
                 _tip("meeting_label:N", "series.meeting", labels),
                 _tip("attendance_label:N", "tooltip.attendance", labels),
                 _tip("status_label:N", "tooltip.status", labels)])
    cells = base.mark_square(size=150, opacity=1, strokeWidth=1).encode(
        color=alt.Color("attendance_label:N", title=None, scale=_legend_scale(squares, labels)),
        stroke=alt.Stroke("attendance_label:N", title=None,
                          scale=_outline_scale(squares, labels)))
    # The dots' colour is a scale and a legend of its own (fill, not colour), so the
    # squares' colour and outline still share one legend.
    dots = base.mark_circle(size=28, opacity=1).encode(
        fill=alt.Fill("status_label:N", title=labels("series.grid.dot"),
                      scale=_legend_scale(present, labels),
                      legend=alt.Legend(titleLimit=WIDTH, orient="bottom", direction="vertical",
                                        columns=1))
    ).transform_filter("!datum.attended")
    chart = alt.layer(cells, dots).properties(
        width=alt.Step(70), height=alt.Step(16)).facet(
        row=alt.Row("group:N", sort=groups, title=None,
                    header=_group_header(labels)),
        spacing=8).resolve_scale(y="independent")
    first, last = _span(grid)
    title = labels("series.grid.title", first=first, last=last)
    subtitle = labels("series.grid.subtitle", states=grid["entity_id"].n_unique(),
                      meetings=len(meetings))
    return _finish(chart, title, subtitle, source, labels)


def engagement_accession_chart(table: pl.DataFrame, meetings: pl.DataFrame,
                               names: pl.DataFrame, *, latest: dt.date, source: str,
                               labels: Labels) -> alt.LayerChart:
    """A line per State that attended while not a party: to its accession, or to today.

    Each line starts at the first meeting the State attended while not a party (a dot
    in its status then) and ends at its accession (a blue dot labelled with the years
    between) or, for a State not yet a party, at ``latest``, in its status then
    (its standing towards both instruments, as every figure colours it).
    The meetings are marked with dashed rules.

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
        ...     "first_attended": [dt.date(2020, 7, 16)] * 2,
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
    # Years to one decimal, each in the form its number takes in the language.
    years = table["years_to_accession"].round(1).cast(pl.String).drop_nulls()
    data = (table.join(_display_names(names), on="entity_id", how="left",
                       maintain_order="left")
            .with_columns(
                display_name=pl.col("display_name").fill_null(pl.col("entity_id")),
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
            .filter(pl.col("end").is_not_null()))
    data = (data.with_columns(end_text=_as_text(data, "end", labels.date))
            .select("display_name", "start", "end", "joined", "status_label", "then_label",
                    "years", "start_text", "end_text"))
    present = [s for s in ADHERENCE
               if s in set(table["adherence"]) | set(table["adherence_then"])]
    colour = _legend_scale(present, labels)
    legend = alt.Legend(title=labels("series.accession.legend", latest=latest.isoformat()),
                        titleLimit=WIDTH)
    first_day = min([*table["first_attended"], *meetings["meeting_date"]])
    domain = [(first_day - dt.timedelta(days=90)).isoformat(),
              (latest + dt.timedelta(days=240)).isoformat()]
    x = alt.X("start:T", title=labels("axis.date"), scale=alt.Scale(domain=domain),
              axis=alt.Axis(format="%Y", labelAngle=0, tickCount=alt.TimeIntervalStep(
                  interval="year", step=1)))
    y = alt.Y("display_name:N", sort=data["display_name"].to_list(), title=None,
              axis=alt.Axis(labelLimit=220, ticks=False, domain=False, grid=True))
    tips = [_tip("display_name:N", "pending.state", labels),
            _tip("start_text:N", "series.accession.first", labels),
            _tip("end_text:N", "series.accession.joined", labels),
            _tip("status_label:N", "tooltip.status", labels),
            _tip("years:N", "axis.years", labels)]
    base = alt.Chart(_data(data))
    # The accessions stand out; the lines still open are thinner.
    lines = base.mark_rule().encode(
        x=x, x2=alt.X2("end:T"), y=y, tooltip=tips,
        strokeWidth=alt.condition("datum.joined", alt.value(3), alt.value(1.5)),
        color=alt.Color("status_label:N", scale=colour, legend=legend))
    starts = base.mark_point(filled=True, size=90, opacity=1, stroke="#FFFFFF",
                             strokeWidth=1).encode(
        x=x, y=y, tooltip=tips, color=alt.Color("then_label:N", scale=colour, legend=legend))
    ends = base.mark_point(filled=True, size=90, opacity=1).encode(
        x=alt.X("end:T"), y=y, tooltip=tips,
        color=alt.Color("status_label:N", scale=colour, legend=legend)
    ).transform_filter("datum.joined")
    years = base.mark_text(align="left", dx=9, fontSize=11, color="#333333").encode(
        x=alt.X("end:T"), y=y, text=alt.Text("years:N")).transform_filter("datum.joined")
    marked = meeting_labels(meetings, labels)
    rule_data = _data(meetings.select(
        day=pl.col("meeting_date").cast(pl.String),
        text=pl.col("meeting").replace_strict(marked)))
    rules = alt.Chart(rule_data).mark_rule(strokeDash=[4, 3], color="#555555").encode(
        x=alt.X("day:T"))
    rule_text = alt.Chart(rule_data).mark_text(align="left", dx=3, y=-6, fontSize=10,
                                               color="#555555").encode(
        x=alt.X("day:T"), text=alt.Text("text:N"))
    chart = alt.layer(rules, rule_text, lines, starts, ends, years).properties(
        width=WIDTH - 160, height=max(22 * data.height, 40))
    joined = int(table["joined"].sum())
    title = labels("series.accession.title")
    subtitle = labels.plural("series.accession.subtitle", joined, engaged=table.height,
                             latest=latest.isoformat())
    return _finish(chart, title, subtitle, source, labels)
