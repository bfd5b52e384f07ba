"""Bar and dot figures of one meeting: participation, gap, pending signatories, voice.

Regional participation and the ratification gap by group (stacked bars), the
signatories not yet parties (a dot each, on a month axis), and the voice by group
(grouped bars).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import altair as alt
import polars as pl

from analysis.charts import direction
from analysis.charts.layout import WIDTH, _plot_room
from analysis.charts.theme import (
    INK,
    _as_text,
    _data,
    _display_names,
    _finish,
    _groups,
    _legend_scale,
    _outline_scale,
    _set,
    _tip,
    count_axis,
    palette_labels,
)
from analysis.vocabulary import ADHERENCE, PALETTE, REGIONAL_GROUPS, STANDING, Labels


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
                                 meeting_end: dt.date | None = None,
                                 marked: pl.DataFrame | None = None) -> alt.LayerChart:
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
        marked: ``regional_group, adherence`` of the attending States whose standing
            rests on an inference or a secondary source (``tables.marked_segments``):
            their segment carries the mark (``provenance.mark``) at its end.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> frame = pl.DataFrame({"regional_group": ["WEOG", "WEOG", "WEOG"],
        ...     "attended_as": ["party", "non_party", "absent"],
        ...     "standing": ["protocol_party", "convention_only", "absent"],
        ...     "states": [19, 1, 9], "members": [29] * 3, "share": [19 / 29, 1 / 29, 9 / 29]})
        >>> spec = regional_participation_chart(frame, meeting_date=dt.date(2020, 7, 16),
        ...     source="x", labels=load_labels("en")).to_dict()
        >>> spec["layer"][0]["encoding"]["color"]["scale"]["range"]
        ['#0072B2', '#CC79A7', '#FFFFFF']
    """
    present = table.filter(pl.col("attended_as") != "absent")
    counts = dict(present.group_by("attended_as").agg(pl.col("states").sum()).iter_rows())
    standing = dict(present.group_by("standing").agg(pl.col("states").sum()).iter_rows())
    shown, chart = _standing_bars(
        table, labels, y=alt.Y("group:N", sort=list(_groups(labels).values()), title=None),
        tips=[_tip("day:N", "axis.date", labels), _tip("group:N", "tooltip.group", labels)])
    # Every count in a tooltip names the day it holds for: the standing on the meeting date.
    chart = _set(alt.layer(
        chart.transform_calculate(day=json.dumps(labels.date(meeting_date))),
        _segment_marks(table, marked, labels)), width=WIDTH, height=220)
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


def _segment_marks(table: pl.DataFrame, marked: pl.DataFrame | None,
                   labels: Labels) -> alt.Chart:
    """The mark (``provenance.mark``) just past the end of each segment holding a marked State.

    ``table`` is ``regional_participation`` output; a segment is a group's attending
    States of one standing, so a marked State's segment is its group and adherence.
    """
    order = {s: i for i, s in enumerate(STANDING)}
    ends = (table.filter(pl.col("states") > 0)
            .sort("regional_group", pl.col("standing").replace_strict(
                order, return_dtype=pl.Int8))
            .with_columns(end=pl.col("states").cum_sum().over("regional_group")))
    held = (pl.DataFrame(schema={"regional_group": pl.String, "adherence": pl.String})
            if marked is None else marked.select("regional_group", "adherence"))
    stars = (ends.join(held.unique().rename({"adherence": "standing"}),
                       on=["regional_group", "standing"], how="semi")
             .filter(pl.col("standing") != "absent")
             .select("end", group=pl.col("regional_group").replace_strict(_groups(labels)),
                     mark=pl.lit(labels("provenance.mark"))))
    return alt.Chart(_data(stars)).mark_text(
        align="left", baseline="middle", dx=2, dy=-1, fontSize=15, fontWeight="bold",
        color=INK).encode(
        y=alt.Y("group:N", sort=list(_groups(labels).values()), title=None),
        x=alt.X("end:Q", title=labels("axis.states")), text=alt.Text("mark:N"))


def unknown_note(open_consent: pl.DataFrame, names: pl.DataFrame, labels: Labels) -> str:
    """The note naming the States drawn as "unknown", each with the dates its consent lies between.

    Args:
        open_consent: ``entity_id, party_after, party_by`` (``tables.open_consents``).
        names: ``entity_id, name`` in the label language.
        labels: The label language (dates written as it writes them).

    Returns:
        One sentence, or "" when no State is unknown.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> frame = pl.DataFrame({"entity_id": ["LUX"], "party_after": [dt.date(2020, 6, 1)],
        ...     "party_by": [dt.date(2021, 1, 1)]})
        >>> note = unknown_note(frame, pl.DataFrame({"entity_id": ["LUX"],
        ...     "name": ["Luxembourg"]}), load_labels("en"))
        >>> note[:52]
        'Unknown: Luxembourg (became a party to the Protocol '
        >>> note[52:]
        'after 1 June 2020 and by 1 January 2021).'
    """
    if not open_consent.height:
        return ""
    rows = (open_consent.join(names.select("entity_id", "name"), on="entity_id", how="left",
                              maintain_order="left")
            .with_columns(pl.col("name").fill_null(pl.col("entity_id"))))
    return labels("unknown.note", states=labels.join([
        labels("unknown.state", name=name, after=after, by=by)
        for name, after, by in rows.select("name", "party_after", "party_by").iter_rows()]))


def ratification_gap_chart(table: pl.DataFrame, *, source: str, labels: Labels,
                           marked: pl.DataFrame | None = None) -> alt.FacetChart:
    """Stacked shares by group, one row of bars per date (meeting and latest).

    Categories with no State on either date are left out of the bars and the legend.

    Args:
        table: ``ratification_gap`` output (``date, regional_group, adherence, states,
            members, share``).
        source: The source line.
        labels: The label language.
        marked: ``date, regional_group, adherence`` of the States whose standing on
            that date rests on an inference or a secondary source
            (``tables.marked_segments``): their segment's count carries the mark.

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
    # A segment holding a marked State writes its count with the mark ("3*").
    held = (pl.DataFrame(schema={"date": pl.Date, "regional_group": pl.String,
                                 "adherence": pl.String})
            if marked is None else marked.select("date", "regional_group", "adherence"))
    starred = held.unique().with_columns(starred=pl.lit(labels("provenance.mark")))
    data = (table.filter(pl.col("adherence").is_in(present))
            .join(starred, on=["date", "regional_group", "adherence"], how="left",
                  maintain_order="left")
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
                count=pl.col("states").cast(pl.String) + pl.col("starred").fill_null(""),
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
        y=y, x=alt.X("middle:Q"), text=alt.Text("count:N")
    ).transform_filter(f"datum.states > 0 && datum.ink === '{ink}'")
        for ink in ("#FFFFFF", INK)]
    chart = _set(alt.layer(bars, *counts, data=_data(data)), width=room, height=170).facet(
        # Each date heads its row of bars, at the side its group names stand on: a header
        # beside them would push the figure wider in every language but Chinese.
        row=alt.Row("day:N", title=None, sort=[labels.date(d) for d in dates],
                    header=alt.Header(labelFontSize=12, labelAngle=0, labelOrient="top",
                                      labelAnchor=direction.start_anchor(labels)))
    ).resolve_scale(y="independent")
    title = (labels("gap.title", meeting=dates[0].isoformat(), latest=dates[-1].isoformat())
             if dates[0] != dates[-1] else labels("gap.title_one", day=dates[0].isoformat()))
    subtitle = (labels("gap.subtitle") if dates[0] != dates[-1]
                else labels("gap.subtitle_one", day=dates[0].isoformat()))
    return _finish(chart, title, subtitle, source, labels,
                   legend=labels.keys_of("adherence", present).values(), room=room)


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
    lookup = {d.strftime("%Y-%m"): direction.isolate(labels.month_year(d), labels) for d in ticks}
    return alt.Axis(values=[alt.DateTime(year=d.year, month=d.month, date=1) for d in ticks],
                    labelExpr=f"{json.dumps(lookup, ensure_ascii=False)}"
                              "[timeFormat(datum.value, '%Y-%m')]",
                    labelAngle=0)


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
    chart = _set(alt.layer(dots, years), width=WIDTH - 160, height=30 * data.height)
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
    chart = _set(alt.layer(bars, counts), width=WIDTH, height=300)
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
