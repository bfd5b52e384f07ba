"""The series figures, across meetings: participation, attendance grid, accession.

Participation by meeting (stacked bars per group), the attendance grid (State ×
meeting) and engagement then accession (a line per State to its consent or today).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal

import altair as alt
import polars as pl

from analysis.charts import direction
from analysis.charts.bars import _standing_bars
from analysis.charts.layout import _PADDING, _SLACK, CANVAS, WIDTH, _wrapped_labels
from analysis.charts.theme import (
    INK,
    _as_text,
    _data,
    _display_names,
    _finish,
    _groups,
    _in_list_order,
    _legend_scale,
    _outline_scale,
    _set,
    _tip,
    palette_labels,
)
from analysis.measure import wrap
from analysis.vocabulary import ADHERENCE, STANDING, Labels

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


def symbol_list(symbols: Iterable[str], labels: Labels) -> str:
    """Document symbols as the language lists them, each a left-to-right run of its own.

    In Arabic a run of symbols and commas would be drawn as one left-to-right run, the
    last symbol read first; isolated (LRI ... PDI), they are met in list order.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> symbol_list(["A/1", "B/2"], load_labels("en"))
        'A/1, B/2'
        >>> symbol_list(["A/1", "B/2"], load_labels("ar"))
        '\u2066A/1\u2069، \u2066B/2\u2069'
    """
    return labels("list.separator").join(
        direction.isolate_left_to_right(symbol, labels) for symbol in symbols)


def _span(meetings: pl.DataFrame) -> tuple[str, str]:
    return (meetings["meeting_date"].min().isoformat(), meetings["meeting_date"].max().isoformat())


def _group_header(labels: Labels, padding: int = 4) -> alt.Header:
    """A regional group's name above its rows, at the side the language starts from.

    ``padding`` px between the name and the rows (room for the meetings' names there).
    """
    # right_to_left flips the alignment; the anchor is set here.
    return alt.Header(labelFontSize=12, labelAngle=0, labelOrient="top",
                      labelAnchor=direction.start_anchor(labels), labelAlign="left",
                      labelPadding=padding, labelFontWeight="bold", labelLimit=WIDTH)


def participation_series_chart(table: pl.DataFrame, *, source: str, labels: Labels,
                               marked: pl.DataFrame | None = None) -> alt.FacetChart:
    """Stacked bars per regional group, one bar per meeting: how Member States attended.

    Coloured as the single-meeting participation figure (Protocol party, signatory,
    Convention party only, neither, unknown, did not attend); categories no State is
    in are left out.

    Args:
        table: ``series.participation_by_meeting`` output.
        source: The source line (``source_line`` with every meeting's symbol).
        labels: The label language.
        marked: ``meeting, regional_group, adherence`` of the attending States whose
            standing rests on an inference or a secondary source: their segment carries
            the mark (``provenance.mark``) at its end, as in ``regional_participation``.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> frame = pl.DataFrame({"meeting": ["A", "B"], "meeting_date": [
        ...     dt.date(2020, 7, 16), dt.date(2022, 5, 10)], "regional_group": ["WEOG"] * 2,
        ...     "attended_as": ["party"] * 2, "standing": ["protocol_party"] * 2,
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
    # Each segment's end, and the mark on the segments holding a marked State.
    order = {s: i for i, s in enumerate(STANDING)}
    held = (pl.DataFrame(schema={"meeting": pl.String, "regional_group": pl.String,
                                 "adherence": pl.String})
            if marked is None else marked.select("meeting", "regional_group", "adherence"))
    table = (table.sort("meeting", "regional_group",
                        pl.col("standing").replace_strict(order, return_dtype=pl.Int8))
             .with_columns(end=pl.col("states").cum_sum().over("meeting", "regional_group"))
             .join(held.unique().rename({"adherence": "standing"}).with_columns(
                 mark=pl.lit(labels("provenance.mark"))),
                 on=["meeting", "regional_group", "standing"], how="left")
             .with_columns(mark=pl.when((pl.col("states") > 0)
                                        & (pl.col("standing") != "absent")).then("mark")))
    _, chart = _standing_bars(
        table.with_columns(meeting_label=pl.col("meeting").replace_strict(names)), labels,
        y=alt.Y("meeting_label:N", sort=list(names.values()), title=None,
                axis=alt.Axis(minExtent=axis, maxExtent=axis, labelLimit=axis)),
        tips=[_tip("group:N", "tooltip.group", labels),
              _tip("meeting_label:N", "series.meeting", labels)])
    # The bars' data, lifted to the layer: a faceted layer takes its data at the top.
    data, chart.data = chart.data, alt.Undefined
    stars = alt.Chart().mark_text(
        align="left", baseline="middle", dx=2, dy=-1, fontSize=15, fontWeight="bold",
        color=INK).encode(
        y=alt.Y("meeting_label:N", sort=list(names.values()), title=None),
        x=alt.X("end:Q"), text=alt.Text("mark:N")).transform_filter("isValid(datum.mark)")
    chart = _set(alt.layer(chart, stars, data=data),
                 width=CANVAS - 2 * _PADDING - axis, height=alt.Step(20)).facet(
        row=alt.Row("group:N", sort=list(_groups(labels).values()), title=None,
                    header=_group_header(labels)),
        spacing=6)
    first, last = _span(table)
    title = labels("series.participation.title", first=first, last=last)
    subtitle = labels("series.participation.subtitle", meetings=len(names))
    return _finish(chart, title, subtitle, source, labels)


def _named(table: pl.DataFrame, names: pl.DataFrame, labels: Labels) -> pl.DataFrame:
    """``table`` with each State's ``display_name``, ``sort_key`` and named ``group``.

    A State without a name keeps its id; one outside the groups is under
    ``series.grid.no_group``.
    """
    shown = _display_names(names)
    if "sort_key" in names.columns:
        shown = shown.with_columns(names["sort_key"])
    return (table.join(shown, on="entity_id", how="left", maintain_order="left")
            .with_columns(
                display_name=pl.col("display_name").fill_null(pl.col("entity_id")),
                group=pl.col("regional_group").replace_strict(
                    _groups(labels), default=labels("series.grid.no_group"))))


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
    data = (_named(grid, names, labels)
            .with_columns(
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
                sort=direction.reading_order(list(meetings.values()), labels),
                axis=alt.Axis(orient="top", labelAngle=0, domain=False, ticks=False)),
        y=alt.Y("display_name:N", sort=alt.EncodingSortField("rank", op="min"), title=None,
                # maintain_order: the names in the axis expression in one order every run
                axis=_name_axis(data["display_name"].unique(maintain_order=True).to_list(),
                                labels, _GRID_NAMES, domain=False, ticks=False)),
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
    chart = _set(
        alt.layer(cells, dots),
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
    data = (_named(table, names, labels)
            .with_columns(
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
    chart = _set(alt.layer(rules, rule_text, lines, starts, ends, years_text, data=_data(rows)),
                 width=plot, height=alt.Step(step)).facet(
        row=alt.Row("group:N", sort=drawn, title=None, header=_group_header(labels)),
        spacing=14).resolve_scale(y="independent")
    joined = int(table["joined"].sum())
    title = labels("series.accession.title")
    subtitle = labels.plural("series.accession.subtitle", joined, engaged=table.height,
                             latest=latest.isoformat())
    return _finish(chart, title, subtitle, source, labels)
