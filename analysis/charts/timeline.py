"""The accession timeline: parties over time, and its labels placed off every line."""

from __future__ import annotations

import datetime as dt
import json
import math
import re

import altair as alt
import polars as pl

from analysis.charts import direction
from analysis.charts.layout import _PADDING, CANVAS, WIDTH, _balanced
from analysis.charts.theme import _as_text, _data, _display_names, _finish, _set, _tip
from analysis.measure import text_width
from analysis.vocabulary import PALETTE, Labels

# The labels are drawn at the figure's smallest text size (11 px), on screen and in
# print alike, so that where they are placed is where they are measured: a label drawn
# larger than it was measured would run off the canvas or into its neighbour.
_LABEL_SIZE = 11
_LABEL_LINE = 13  # px from one line of a timeline label to the next
_LABEL_GAP = 6  # px kept free between two labels, and between a label and the meeting rule
_NAME_WIDTH = 140  # px: a State's name on the timeline wraps to lines this wide
# px: a publisher's name wraps to lines this wide, so that a long one ("Collection des
# traités des Nations Unies") still fits between the meeting rule and the plot's end.
_PUBLISHER_WIDTH = 125
_RULE_PAD = 3  # px between a label (its halo) and where a meeting rule stops under it


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
                          end: dt.date, placed: list[dict] | None = None,
                          start: dt.date | None = None, top: float | None = None
                          ) -> list[dict]:
    """Where each label of the accession timeline goes: beside its step, off every line.

    A label (``date, value, lines, width`` in ``marks``: its point, its lines and its
    width in px) is put just above (``side="above"``) or below the step line of
    ``timeline`` (``date, parties, possible``), starting a few px right of its point
    (left of it at the plot's end), on the same side of the meeting ``rule`` as its
    point, and moved further up or down until it overlaps no label placed before (nor
    comes within ``_LABEL_GAP`` px of one); a vertical leader joins it to its point.
    It stays inside the plot: between ``start`` and ``end``, and under ``top`` parties
    or above 0. Labels are few (a dozen), so they are placed
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
    gap, margin = _LABEL_GAP / px_per_day, 4 * parties_per_px
    last, meeting = end.toordinal(), rule.toordinal()
    bounds = (-math.inf if start is None else start.toordinal(), last,
              0.0, math.inf if top is None else top)
    # Placed one by one, latest first (the line rises to the right, so a wide early label
    # would stand in the way of every later point's leader), or earliest first where
    # that leaves fewer labels overlapping.
    arrangements = [_place(steps, marks.sort("date", descending=descending), side=side,
                           gap=gap, margin=margin, last=last, meeting=meeting,
                           px_per_day=px_per_day, parties_per_px=parties_per_px,
                           placed=list(placed or []), bounds=bounds)
                    for descending in (True, False)]
    boxes = min(arrangements, key=lambda boxes: sum(
        _overlaps(a, b, gap, margin / 2) for i, a in enumerate(boxes) for b in boxes[i + 1:]))
    return sorted(boxes, key=lambda box: box["x"])


def _place(steps: list[tuple[int, int, int]], marks: pl.DataFrame, *, side: str, gap: float,
           margin: float, last: int, meeting: int, px_per_day: float, parties_per_px: float,
           placed: list[dict], bounds: tuple[float, float, float, float]) -> list[dict]:
    """``place_timeline_labels`` for the labels in the order of ``marks``.

    ``bounds``: the plot's first and last day, its least and greatest value.
    """
    first, _, low, high = bounds
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
            # Never off the plot: where the meeting line leaves too little room before
            # the end, the label crosses the line rather than being cut at the edge.
            x0 = max(min(x0, last - w), first)
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
        # Places inside the plot (all of them, should none be).
        inside = [place for place in places if place["y0"] >= low and place["y1"] <= high]
        # The nearest place that overlaps no label, else the one that overlaps fewest.
        box = min(inside or places, key=lambda place: sum(
            _overlaps(place, other, gap, margin / 2) for other in placed))
        placed.append(box)
        boxes.append(box)
    return boxes


def _label_lines(marks: pl.DataFrame, width: float | None, size: int, labels: Labels
                 ) -> pl.DataFrame:
    """``date, value, lines, width``: each ``text`` in lines of ``width`` px and its widest line.

    A right-to-left language's lines are each a run of its own. Labels are few (a dozen).
    """
    lines = [[direction.isolate(part, labels) for part in (_label_wrap(text, width, size, labels)
                                               if width else [text])]
             for text in marks["text"]]
    return marks.select("date", "value").with_columns(
        lines=pl.Series(lines, dtype=pl.List(pl.String)),
        width=pl.Series([max(text_width(line, size, labels.font) for line in group)
                         for group in lines], dtype=pl.Float64))


def _label_wrap(text: str, width: float, size: int, labels: Labels) -> list[str]:
    """A label's lines: ``_balanced`` at spaces, a text without spaces only before a bracket.

    Chinese has no spaces: a name or a term is never broken inside.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> _label_wrap("联合国维也纳新闻处（UNIS/CP/517）", 110, 11, load_labels("zh"))
        ['联合国维也纳新闻处', '（UNIS/CP/517）']
    """
    if " " in text.strip():
        return _balanced(text, width, size, labels)
    lines: list[str] = []
    for part in re.split(r"(?=[（(])", text):
        if lines and text_width(lines[-1] + part, size, labels.font) <= width:
            lines[-1] += part
        elif part:
            lines.append(part)
    return lines


def _rule_segments(x: float, boxes: list[dict], *, top: float, pad_x: float, pad_y: float
                   ) -> list[tuple[float, float]]:
    """The stretches ``(y0, y1)`` of a rule at day ``x`` that pass through no label box.

    The rule runs from 0 to ``top`` parties; each box is widened by ``pad_x`` days and
    ``pad_y`` parties.

    Example:
        >>> _rule_segments(10, [{"x0": 5, "x1": 15, "y0": 40, "y1": 60}], top=100,
        ...                pad_x=1, pad_y=2)
        [(0.0, 38.0), (62.0, 100.0)]
    """
    cuts = sorted((float(box["y0"] - pad_y), float(box["y1"] + pad_y)) for box in boxes
                  if box["x0"] - pad_x <= x <= box["x1"] + pad_x)
    segments, low = [], 0.0
    for y0, y1 in cuts:
        if y0 > low:
            segments.append((low, min(y0, top)))
        low = max(low, y1)
    if low < top:
        segments.append((low, float(top)))
    return [(y0, y1) for y0, y1 in segments if y1 > y0]


def _overlaps(box: dict, other: dict, pad_x: float = 0.0, pad_y: float = 0.0) -> bool:
    """Whether two label boxes overlap, or one's leader runs through the other's box.

    Boxes closer than ``pad_x`` days side by side or ``pad_y`` parties one above the
    other count as overlapping: two labels never touch.
    """
    def leader_through(a: dict, b: dict) -> bool:
        low, high = sorted((a["leader_from"], a["leader_to"]))
        return b["x0"] <= a["x"] <= b["x1"] and low < b["y1"] and high > b["y0"]

    return (box["x0"] < other["x1"] + pad_x and other["x0"] < box["x1"] + pad_x
            and box["y0"] < other["y1"] + pad_y and other["y0"] < box["y1"] + pad_y
            ) or leader_through(box, other) or leader_through(other, box)


def accession_timeline_chart(timeline: pl.DataFrame, anchors: pl.DataFrame,
                             joined_after: pl.DataFrame, names: pl.DataFrame, *,
                             meeting_date: dt.date, source: str, labels: Labels,
                             meeting_end: dt.date | None = None,
                             meetings: pl.DataFrame | None = None) -> alt.LayerChart:
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
        meetings: A series' meetings (``meeting_date, meeting_end``, oldest first, the
            last being ``meeting_date``): each is marked with a rule and its days.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> day = dt.date(2024, 5, 4)
        >>> chart = accession_timeline_chart(
        ...     pl.DataFrame({"date": [day], "parties": [120], "possible": [123]}),
        ...     pl.DataFrame({"date": [day], "parties": [123], "publisher": ["UNTC"]}),
        ...     pl.DataFrame({"entity_id": ["CHN"], "consent_date": [day], "parties": [120]}),
        ...     pl.DataFrame({"entity_id": ["CHN"], "name": ["China"]}),
        ...     meeting_date=dt.date(2020, 7, 16), source="x", labels=load_labels("en"))
        >>> [layer["data"]["values"][0]["lines"] for layer in chart.to_dict()["layer"][-3::2]]
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
    # Each meeting a dashed rule, its days at its foot left of it; a series' earlier
    # meetings' days stand a line higher each, so that no two overlap.
    days = ([(meeting_date, meeting_end)] if meetings is None else
            list(meetings.select("meeting_date", "meeting_end").iter_rows()))
    rule_rows = pl.DataFrame(
        [{"day": start.isoformat(), "text": labels("timeline.meeting", meeting=labels.days(
            start, end)), "y": 290 - 14 * (len(days) - 1 - i)}
         for i, (start, end) in enumerate(days)],
        schema={"day": pl.String, "text": pl.String, "y": pl.Int64})
    # A white halo: where a label must cross a line, it stays legible.
    rule_text = alt.Chart(_data(rule_rows)).mark_text(
        align="right", dx=-4, color="#555555", stroke="#FFFFFF", strokeWidth=3,
        strokeJoin="round").encode(x=alt.X("day:T"), y=alt.Y("y:Q", scale=None),
                                  text=alt.Text("text:N"))
    rule_ink = rule_text.mark_text(align="right", dx=-4, color="#555555")
    # Labels sit beside their points, off the step line and the meeting rule, each
    # joined to its point by a leader: published totals below the line, States above.
    first = timeline["date"].min()
    px_per_day = (CANVAS - 2 * _PADDING - 56) / max(1, (latest - first).days)
    publishers = _label_lines(totals.select("date", value="parties", text="publisher"),
                              _PUBLISHER_WIDTH, _LABEL_SIZE, labels)
    named = _label_lines(
        joined_after.sort("consent_date")
        .join(_display_names(names), on="entity_id", how="left", maintain_order="left")
        .select(date="consent_date", value="parties",
                text=pl.col("display_name").fill_null(pl.col("entity_id"))),
        _NAME_WIDTH, _LABEL_SIZE, labels)
    per_px = top / 300
    # The meeting rules' own labels (11 px, their baselines ``y`` px from the plot's
    # top, each ending 4 px before its rule) stand in the way of the labels too.
    rule_labels = []
    for start, end, y in rule_rows.select(pl.col("day").str.to_date(), "text", "y").iter_rows():
        rule_end = start.toordinal() - 4 / px_per_day
        y0 = (300 - y - 3) * per_px
        rule_labels.append({"x0": rule_end - text_width(end, 11, labels.font) / px_per_day,
                            "x1": rule_end, "y0": y0, "y1": y0 + 15 * per_px, "x": rule_end,
                            "leader_from": y0, "leader_to": y0})
    # A label stays on its point's side of the first meeting's rule: every State named
    # joined after it; a later meeting's rule it may cross (its halo keeps it legible).
    kept = {"rule": days[0][0], "px_per_day": px_per_day, "parties_per_px": per_px,
            "start": first, "end": latest, "top": top}
    below = place_timeline_labels(timeline, publishers, side="below", placed=rule_labels,
                                  **kept)
    above = place_timeline_labels(timeline, named, side="above", placed=[*rule_labels, *below],
                                  **kept)
    # Each rule stops under every label it would cross (a label crossing a later
    # meeting's rule, a meeting's days crossing an earlier one's): no line runs through
    # a label, halo or not.
    # One row per meeting, its stretches as lists (flattened in the chart).
    segments = [_rule_segments(day.toordinal(), [*rule_labels, *below, *above], top=top,
                               pad_x=_RULE_PAD / px_per_day, pad_y=_RULE_PAD * per_px)
                for day, _ in days]
    rule_segments = pl.DataFrame(
        [{"day": day.isoformat(), "y0": [y0 for y0, _ in stretches],
          "y1": [y1 for _, y1 in stretches]}
         for (day, _), stretches in zip(days, segments, strict=True)],
        schema={"day": pl.String, "y0": pl.List(pl.Float64), "y1": pl.List(pl.Float64)})
    rule = alt.Chart(_data(rule_segments)).mark_rule(
        strokeDash=[4, 3], color="#555555").encode(
        x=alt.X("day:T"), y=alt.Y("y0:Q"), y2=alt.Y2("y1:Q")).transform_flatten(["y0", "y1"])
    boxes = pl.DataFrame(
        [{"size": size, "day": dt.date.fromordinal(round(box["x0"])).isoformat(),
          "point": dt.date.fromordinal(box["x"]).isoformat(), "top": box["y1"],
          "leader_from": box["leader_from"], "leader_to": box["leader_to"],
          "lines": box["lines"]} for size, group in ((9, below), (10, above))
         for box in group],
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
    # Each label twice: a white halo under its ink, so that a label crossing the
    # meeting rule (where there is no room beside it) stays legible.
    texts = [alt.Chart(_data(boxes.filter(pl.col("size") == size))).mark_text(
        align="left", baseline="top", fontSize=_LABEL_SIZE, lineHeight=_LABEL_LINE,
        color="#333333" if size == 9 else "#000000",
        **({"stroke": "#FFFFFF", "strokeWidth": 3, "strokeJoin": "round"} if halo else {})
    ).encode(x=alt.X("day:T"), y=alt.Y("top:Q"), text=alt.Text("lines:N"))
        for size in (9, 10) for halo in (True, False)]
    chart = _set(alt.layer(band, line, points, rule, rule_text, rule_ink, leaders, *texts),
                 width=WIDTH, height=300)
    title = labels("timeline.title", year=latest.year)
    # The sentence on the names above the line only where some are drawn.
    subtitle = labels("timeline.subtitle" if joined_after.height else "timeline.subtitle_unnamed")
    return _finish(chart, title, subtitle,
                   source, labels, fit=True, legend=keys, room=CANVAS - 70)
