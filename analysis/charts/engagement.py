"""The engagement matrix: who attended and who is bound, by group, and the States named."""

from __future__ import annotations

import datetime as dt
import json

import altair as alt
import polars as pl

from analysis.charts import direction
from analysis.charts.layout import _PADDING, WIDTH, _wrapped_labels
from analysis.charts.theme import (
    INK,
    _data,
    _display_names,
    _finish,
    _groups,
    _in_list_order,
    _legend_scale,
    _set,
    _tip,
    palette_labels,
)
from analysis.measure import wrap
from analysis.vocabulary import ADHERENCE, BOUND, PALETTE, REGIONAL_GROUPS, Labels

_GROUP_AXIS = 210  # the engagement matrix's group names, wrapped to fit
_CONTINUED = 13  # px from a wrapped name's line to its next (two names: a row apart)
_BOLD = 1.1  # bold 11 px text runs about a tenth wider than the regular face measured


def _heading_lines(labels: Labels, width: float) -> pl.DataFrame:
    """``regional_group, line, text``: each group's name (bold) in lines of ``width`` px.

    A name that fits the room before the roster's first column of names keeps one line
    ("Latin American and Caribbean States"); a longer one takes a second.
    """
    return pl.DataFrame(
        [(group, i, part) for group, name in _groups(labels).items()
         for i, part in enumerate(wrap(name, width / _BOLD, 11, labels.font))],
        schema=["regional_group", "line", "text"], orient="row")


def _name_list(closest: pl.DataFrame, names: pl.DataFrame, labels: Labels, *,
               row: int, gap: int, column: int, first: int
               ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Where each named State goes: one column per adherence, a block of rows per group.

    A group takes as many rows as its longest column or its name, whichever is longer.

    Returns:
        The States' lines (``display_name, text, part, …, x, y, top, bottom, line``:
        a wrapped name takes a row per line) and the group names
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
    # A name too long for its column wraps; its further lines hang (indented) and sit
    # closer than two names, so that a wrapped name never reads as two States.
    room = column - 14
    parts = {t: wrap(t, room, 11, labels.font) for t in listed["display_name"].unique()}
    listed = listed.with_columns(parts=pl.col("display_name").replace_strict(
        parts, return_dtype=pl.List(pl.String)))
    taken = row + (pl.col("parts").list.len() - 1) * _CONTINUED
    listed = listed.with_columns(
        offset=(taken.cum_sum() - taken).over("regional_group", "adherence"), taken=taken)
    heading_lines = _heading_lines(labels, first - 10)
    heading = heading_lines.group_by("regional_group").agg(heading=pl.len())
    # Each group takes as much room as its longest column or its name, in the groups' order.
    blocks = (pl.DataFrame({"regional_group": list(REGIONAL_GROUPS)})
              .join(listed.group_by("regional_group", "adherence").agg(pl.col("taken").sum())
                    .group_by("regional_group").agg(room=pl.col("taken").max()),
                    on="regional_group", how="inner", maintain_order="left")
              .join(heading, on="regional_group", how="left", maintain_order="left")
              .with_columns(room=pl.max_horizontal("room", pl.col("heading") * row))
              .with_columns(top=(pl.col("room") + gap).cum_sum() - pl.col("room") - gap
                            + gap // 2, bottom=(pl.col("room") + gap).cum_sum() - gap
                            + gap // 2))
    placed = (listed.join(blocks, on="regional_group", how="left")
              .with_columns(
                  y=pl.col("top") + pl.col("offset") + row // 2,
                  x=first + pl.col("slot") * column,
                  group=pl.col("regional_group").replace_strict(_groups(labels)),
                  adherence_label=pl.col("adherence").replace_strict(
                      palette_labels(present, labels)))
              .with_columns(text=pl.col("parts"), part=pl.int_ranges(pl.col("parts").list.len()))
              .explode("text", "part")
              .with_columns(
                  y=pl.col("y") + pl.col("part") * _CONTINUED,
                  # En spaces (no white space a renderer collapses) make the hang.
                  text=pl.when(pl.col("part") > 0).then(pl.lit("\u2002\u2002") + pl.col("text"))
                  .otherwise("text"))
              .select("display_name", "text", "part", "regional_group", "group",
                      "adherence_label", "x", "y", "top", "bottom", "line"))
    row_y = pl.col("top") + pl.col("line") * row + row // 2
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
    # each line is a run of its own, or the rasteriser jumbles the second line's words.
    bound = {key: direction.isolate(text, labels)
             for key, text in labels.keys_of("bound", BOUND).items()}
    attended = {key: direction.isolate(text, labels)
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
    # The first column next to the group names (at the right, right to left).
    order = direction.reading_order(order, labels)
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
    matrix = alt.layer(cells, highlight, quiet, loud)

    row, gap, column, first = 17, 10, 215, 240
    listed, headings = _name_list(closest, names, labels, row=row, gap=gap, column=column,
                                  first=first)
    height = int(listed["bottom"].max() or 0) + 4
    width = max(WIDTH, first + column * listed["x"].n_unique())
    # The grid spans the list below it, from the group names to the canvas's far edge:
    # it starts where reading starts and leaves no blank beside it, in every language.
    matrix = _set(matrix, width=width, height=150)
    # Right to left, the matrix's group names stand right of its cells, and the list
    # below (aligned with the cells' left edge) spans them too, as wide as from left to right.
    axis_right = direction.axis_side(labels) == "right"
    if axis_right:
        width += _GROUP_AXIS
    present = [a for a in ADHERENCE if a in set(closest["adherence"])]
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[0, width], nice=False, zero=True))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[0, height], nice=False, reverse=True))
    rules = alt.Chart(_data(headings.filter(pl.col("line") == 0).select(
        y=pl.col("top") - gap // 2))).mark_rule(color="#E4E4E4").encode(y=y)
    group_names = alt.Chart(_data(headings.select("text", "x", "y"))).mark_text(
        align="left", baseline="middle", fontSize=11, fontWeight="bold", color="#333333",
        limit=first - 10).encode(x=x, y=y, text=alt.Text("text:N"))
    # A square for each name, at its first line.
    firsts = listed.filter(pl.col("part") == 0)
    points = alt.Chart(_data(firsts)).mark_square(size=70, opacity=1).encode(
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
        ).encode(x=x, y=y, text=alt.Text("text:N"))
    roster = _set(
        alt.layer(rules, group_names, points, state_names), width=width, height=height,
        title=alt.Title(
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
                   width=(0 if axis_right else _GROUP_AXIS) + width + 2 * _PADDING)
