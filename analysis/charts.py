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
from typing import ClassVar

import altair as alt
import polars as pl

from analysis.vocabulary import ADHERENCE, ATTENDANCE, BOUND, REGIONAL_GROUPS, STATUSES, Labels

# Okabe-Ito: blue = bound by the Protocol, orange = signed only, vermillion = neither.
STATUS_COLOURS = dict(zip(STATUSES, ("#0072B2", "#E69F00", "#D55E00", "#BBBBBB"), strict=True))
ATTENDANCE_COLOURS = dict(zip(ATTENDANCE, ("#0072B2", "#E69F00", "#D55E00", "#E4E4E4"),
                              strict=True))
# The gap behind discussion point 1, from bound (blue) to unbound (vermillion); reddish
# purple marks Convention parties one instrument away from the Protocol.
ADHERENCE_COLOURS = dict(zip(ADHERENCE, ("#0072B2", "#E69F00", "#CC79A7", "#D55E00",
                                         "#BBBBBB"), strict=True))
BOUND_COLOURS = dict(zip(BOUND, ("#0072B2", "#D55E00", "#BBBBBB"), strict=True))
VOICE_COLOURS = {"attended": "#C8C8C8", "made_statement": "#009E73", "led_panel": "#CC79A7"}
WIDTH = 620


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
        "axis": {"labelFontSize": 11, "titleFontSize": 11, "gridColor": "#EEEEEE"},
        "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom",
                   "direction": "horizontal", "columns": 2, "labelLimit": 320},
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
                title[part] = _isolated(title[part])
    return out


def _isolated(text: str | list[str]) -> str | list[str]:
    # Each line of a title is its own right-to-left paragraph (RLI ... PDI): otherwise
    # the rasteriser reorders Arabic words across the lines of a multi-line subtitle.
    if isinstance(text, list):
        return [_isolated(line) for line in text]
    return f"\u2067{text}\u2069"


def _finish(chart: alt.TopLevelMixin, title: str, subtitle: str, source: str,
            labels: Labels) -> alt.TopLevelMixin:
    return chart.properties(
        title=alt.Title(title, subtitle=[*subtitle.split("\n"), source]),
    ).configure(**theme_config(labels))


def _groups(labels: Labels) -> dict[str, str]:
    return {g: labels.group(g) for g in REGIONAL_GROUPS}


def _legend_scale(colours: dict[str, str], prefix: str, labels: Labels) -> alt.Scale:
    return alt.Scale(domain=list(labels.keys_of(prefix, list(colours)).values()),
                     range=list(colours.values()))


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


def _tips(*fields: str | alt.Tooltip) -> list[alt.Tooltip]:
    # Channel objects, not shorthand strings: Altair matches a string against the whole
    # Vega-Lite schema, a hundredth of a second each, and the spec is the same.
    return [f if isinstance(f, alt.Tooltip) else alt.Tooltip(f) for f in fields]


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
                                 source: str, labels: Labels) -> alt.Chart:
    """Stacked bars: each group's Member States by how they attended.

    Args:
        table: ``regional_participation`` output.
        meeting_date: For the title.
        source: The source line (``source_line``).
        labels: The label language (``vocabulary.load_labels``).

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> frame = pl.DataFrame({"regional_group": ["WEOG", "WEOG"],
        ...     "attendance": ["party", "absent"], "states": [19, 10], "members": [29, 29],
        ...     "share": [19 / 29, 10 / 29]})
        >>> regional_participation_chart(frame, meeting_date=dt.date(2020, 7, 16), source="x",
        ...     labels=load_labels("en")).to_dict()["mark"]["type"]
        'bar'
    """
    present = table.filter(pl.col("attendance") != "absent")
    counts = dict(present.group_by("attendance").agg(pl.col("states").sum()).iter_rows())
    data = table.with_columns(
        group=pl.col("regional_group").replace_strict(_groups(labels)),
        attendance_label=pl.col("attendance").replace_strict(
            labels.keys_of("attendance", ATTENDANCE)),
        order=pl.col("attendance").replace_strict(
            {a: i for i, a in enumerate(ATTENDANCE)}, return_dtype=pl.Int8))
    chart = alt.Chart(_data(data)).mark_bar().encode(
        y=alt.Y("group:N", sort=list(_groups(labels).values()), title=None),
        x=alt.X("states:Q", title=labels("axis.states")),
        color=alt.Color("attendance_label:N", title=None,
                        scale=_legend_scale(ATTENDANCE_COLOURS, "attendance", labels)),
        order=alt.Order("order:O"),
        tooltip=_tips("group:N", "attendance_label:N", "states:Q",
                 alt.Tooltip("share:Q", format=".0%")),
    ).properties(width=WIDTH, height=220)
    title = labels("regional_participation.title", meeting=meeting_date.isoformat())
    subtitle = labels("regional_participation.subtitle",
                      states=sum(counts.values()), party=counts.get("party", 0),
                      signatory=counts.get("signatory", 0),
                      non_party=counts.get("non_party", 0))
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
    colours = {a: ADHERENCE_COLOURS[a] for a in present}
    dates = sorted(table["date"].unique().to_list())
    data = table.filter(pl.col("adherence").is_in(present)).with_columns(
        group=pl.col("regional_group").replace_strict(_groups(labels)),
        adherence_label=pl.col("adherence").replace_strict(labels.keys_of("adherence", present)),
        order=pl.col("adherence").replace_strict({a: i for i, a in enumerate(ADHERENCE)},
                                                 return_dtype=pl.Int8),
        day=pl.col("date").replace_strict({d: labels.date(d) for d in dates},
                                          return_dtype=pl.String))
    chart = alt.Chart(_data(data)).mark_bar().encode(
        y=alt.Y("group:N", sort=list(_groups(labels).values()), title=None),
        x=alt.X("share:Q", title=labels("axis.share"), axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("adherence_label:N", title=None,
                        scale=_legend_scale(colours, "adherence", labels)),
        order=alt.Order("order:O"),
        tooltip=_tips("day:N", "group:N", "adherence_label:N", "states:Q", "members:Q",
                      alt.Tooltip("share:Q", format=".0%")),
    ).properties(width=WIDTH, height=170).facet(
        row=alt.Row("day:N", title=None, header=alt.Header(labelFontSize=12, labelAngle=0,
                                                            labelAlign="left")))
    title = labels("gap.title", meeting=dates[0].isoformat(), latest=dates[-1].isoformat())
    return _finish(chart, title, labels("gap.subtitle"), source, labels)


def engagement_matrix_chart(table: pl.DataFrame, *, meeting_date: dt.date,
                            latest_date: dt.date, source: str, labels: Labels
                            ) -> alt.LayerChart:
    """Heat map of Member States per group: attended or not × party or not.

    Args:
        table: ``engagement`` output.
        meeting_date: The meeting attended (its year is in the subtitle).
        latest_date: The status date (for the title).
        source: The source line.
        labels: The label language.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> frame = pl.DataFrame({"regional_group": ["WEOG"], "attended": [True],
        ...     "bound": ["not_party"], "states": [7]})
        >>> engagement_matrix_chart(frame, meeting_date=dt.date(2020, 7, 16),
        ...     latest_date=dt.date(2024, 5, 4), source="x", labels=load_labels("en")
        ...     ).to_dict()["title"]["subtitle"][0][:33]
        '7 Member States attended in 2020 '
    """
    shown = table.filter(pl.col("bound") != "unknown") if table.filter(
        pl.col("bound") == "unknown")["states"].sum() == 0 else table
    bound = labels.keys_of("bound", BOUND)
    attended = {"true": labels("attended.true"), "false": labels("attended.false")}
    data = shown.with_columns(
        group=pl.col("regional_group").replace_strict(_groups(labels)),
        column=pl.concat_str(
            pl.col("attended").cast(pl.String).replace_strict(attended),
            pl.lit(" · "),
            pl.col("bound").replace_strict(bound)),
        bound_label=pl.col("bound").replace_strict(bound))
    order = [f"{attended[a]} · {bound[b]}" for a in ("true", "false") for b in BOUND
             if b in set(shown["bound"])]
    base = alt.Chart(_data(data)).encode(
        y=alt.Y("group:N", sort=list(_groups(labels).values()), title=None),
        x=alt.X("column:N", sort=order, title=None,
                axis=alt.Axis(labelAngle=0, orient="top", labelLimit=200)))
    present = {b: c for b, c in BOUND_COLOURS.items() if b in set(shown["bound"])}
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("bound_label:N", title=labels("axis.bound"),
                        scale=_legend_scale(present, "bound", labels)),
        opacity=alt.Opacity("states:Q", scale=alt.Scale(range=[0.25, 1]), legend=None),
        tooltip=_tips("group:N", "column:N", "states:Q"))
    text = base.mark_text(fontSize=14, fontWeight="bold").encode(
        text=alt.Text("states:Q"), color=alt.value("#111111"))
    chart = (cells + text).properties(width=WIDTH, height=230)
    closest = int(table.filter(pl.col("attended") & (pl.col("bound") == "not_party"))
                  ["states"].sum())
    title = labels("engagement.title", latest=latest_date.isoformat())
    subtitle = labels("engagement.subtitle", closest=closest, year=meeting_date.year)
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
        ['UNTC', 'China']
    """
    latest = timeline["date"].max()
    top = 10 * (int(timeline["possible"].max()) // 10 + 2)
    series = timeline.with_columns(day=pl.col("date").cast(pl.String))
    base = alt.Chart(_data(series))
    x = alt.X("day:T", title=labels("axis.date"), axis=alt.Axis(format="%Y"))
    band = base.mark_area(color=STATUS_COLOURS["unknown"], opacity=0.5,
                          interpolate="step-after").encode(
        x=x, y=alt.Y("parties:Q", title=labels("axis.parties"),
                     scale=alt.Scale(domain=[0, top])), y2=alt.Y2("possible:Q"))
    line = base.mark_line(color=STATUS_COLOURS["party"], strokeWidth=2,
                          interpolate="step-after").encode(
        x=x, y=alt.Y("parties:Q"), tooltip=_tips("day:T", "parties:Q", "possible:Q"))
    # Neighbouring labels alternate between two rows (in parties, the y unit).
    stagger = (pl.int_range(pl.len()) % 2).cast(pl.Int32)
    totals = anchors.sort("date").with_columns(
        day=pl.col("date").cast(pl.String), label_y=pl.col("parties") - 7 - 6 * stagger)
    points = alt.Chart(_data(totals.select("day", "parties", "publisher"))).mark_point(
        filled=True, size=60, color="#000000").encode(
        x=alt.X("day:T"), y=alt.Y("parties:Q"),
        tooltip=_tips("day:T", "parties:Q", "publisher:N"))
    rule_data = alt.Data(values=[{"day": meeting_date.isoformat(), "text": labels(
        "timeline.meeting", meeting=meeting_date.isoformat())}])
    rule = alt.Chart(rule_data).mark_rule(strokeDash=[4, 3], color="#555555").encode(
        x=alt.X("day:T"))
    rule_text = alt.Chart(rule_data).mark_text(align="right", dx=-4, y=290, color="#555555"
                                               ).encode(x=alt.X("day:T"), text=alt.Text("text:N"))
    # A publisher's name is kept as published unless the language has a word for it.
    publisher = pl.col("publisher").replace(
        {p: labels.texts[f"publisher.{p}"] for p in totals["publisher"].unique()
         if f"publisher.{p}" in labels.texts})
    publishers = alt.Chart(_data(totals.select("day", "label_y", text=publisher))).mark_text(
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


def topology_ids(topology: str, feature: str = "countries") -> set[str]:
    """The ids (M49 codes) of the shapes a TopoJSON text draws.

    Example:
        >>> topology_ids('{"objects": {"countries": {"geometries": [{"id": "004"}, {}]}}}')
        {'004'}
    """
    geometries = json.loads(topology)["objects"][feature]["geometries"]
    return {g["id"] for g in geometries if g.get("id")}


def status_map_chart(status: pl.DataFrame, attendance: pl.DataFrame, m49: pl.DataFrame,
                     names: pl.DataFrame, topology: str, *, as_of: dt.date,
                     meeting_date: dt.date, source: str, labels: Labels) -> alt.LayerChart:
    """World map of treaty status on a date; states that attended are outlined.

    Args:
        status: ``status_on(as_of)``.
        attendance: ``parse_attendance`` output.
        m49: ``iso3, m49``: the code each State's shape carries.
        names: ``entity_id, name`` in the label language.
        topology: TopoJSON text with a ``countries`` object whose ids are M49 codes
            (``reference.load_world_topology``); it goes into the spec as it is.
        as_of: The status date (for the title).
        meeting_date: For the subtitle.
        source: The source line.
        labels: The label language.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> topology = ('{"type": "Topology", "arcs": [], "objects": {"countries": '
        ...             '{"type": "GeometryCollection", "geometries": []}}}')
        >>> chart = status_map_chart(
        ...     pl.DataFrame({"iso3": ["FRA"], "status": ["party"], "membership": ["member"]}),
        ...     pl.DataFrame({"iso3": ["FRA"]}), pl.DataFrame({"iso3": ["FRA"], "m49": ["250"]}),
        ...     pl.DataFrame({"entity_id": ["FRA"], "name": ["France"]}), topology,
        ...     as_of=dt.date(2024, 5, 4), meeting_date=dt.date(2020, 7, 16), source="x",
        ...     labels=load_labels("en"))
        >>> chart.to_dict()["title"]["subtitle"][0][:50]
        'Dark outline: attended the 16 July 2020 meeting. 1'
    """
    present = attendance.select("iso3").drop_nulls()
    records = (status.join(m49, on="iso3", how="inner")
               .join(_display_names(names, "iso3"), on="iso3", how="left")
               .with_columns(
                   status_label=pl.col("status").replace_strict(
                       labels.keys_of("status", STATUSES)),
                   attended=pl.col("iso3").is_in(present["iso3"].implode()))
               .select("m49", "display_name", "status_label", "attended", "membership"))
    # The topology goes in as one string (Vega-Lite parses it): Altair then has one
    # value to copy instead of every coordinate of the world.
    shapes = alt.InlineData(values=topology,
                            format=alt.DataFormat(type="topojson", feature="countries"))
    not_antarctica = alt.datum.id != "010"  # no state; it would only shrink the map
    land = alt.Chart(shapes).mark_geoshape(fill="#EEEEEE", stroke="#FFFFFF",
                                           strokeWidth=0.3).transform_filter(not_antarctica)
    states = alt.Chart(shapes).mark_geoshape().transform_filter(not_antarctica).transform_lookup(
        lookup="id", from_=alt.LookupData(data=_data(records), key="m49",
                                          fields=["display_name", "status_label", "attended"]),
    ).transform_filter("isValid(datum.status_label)").encode(
        color=alt.Color("status_label:N", title=None, scale=_legend_scale(
            {k: c for k, c in STATUS_COLOURS.items() if k in set(status["status"])},
            "status", labels)),
        stroke=alt.condition("datum.attended", alt.value("#111111"), alt.value("#FFFFFF")),
        strokeWidth=alt.condition("datum.attended", alt.value(1.1), alt.value(0.3)),
        tooltip=_tips("display_name:N", "status_label:N", "attended:N"),
    )
    chart = alt.layer(land, states).project("equalEarth").properties(width=WIDTH + 80,
                                                                     height=360)
    missing = records.filter((pl.col("membership") == "member")
                             & ~pl.col("m49").is_in(sorted(topology_ids(topology)))).height
    title = labels("map.title", latest=as_of.isoformat())
    return _finish(chart, title, labels("map.subtitle", meeting=meeting_date.isoformat(),
                                        missing=missing), source, labels)


def pending_signatories_chart(pending: pl.DataFrame, names: pl.DataFrame, *, as_of: dt.date,
                              meeting_date: dt.date, source: str, labels: Labels
                              ) -> alt.LayerChart:
    """Bars of years since signature for signatories not yet parties.

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
        >>> chart.to_dict()["data"]["values"][0]["note"]
        'attended 2020'
    """
    data = (pending.join(_display_names(names), on="entity_id", how="left")
            .with_columns(
                display_name=pl.col("display_name").fill_null(pl.col("entity_id")),
                note=pl.when(pl.col("attended"))
                .then(pl.lit(labels("pending.attended", year=meeting_date.year)))
                .otherwise(pl.lit("")),
                signed=pl.col("signature_date").cast(pl.String)))
    base = alt.Chart(_data(data)).encode(
        y=alt.Y("display_name:N", sort=alt.EncodingSortField("years_since_signature",
                                                               order="descending"),
                title=None, axis=alt.Axis(labelLimit=320)))
    bars = base.mark_bar(color=STATUS_COLOURS["signatory"]).encode(
        x=alt.X("years_since_signature:Q", title=labels("axis.years")),
        opacity=alt.condition("datum.signature_known", alt.value(1.0), alt.value(0.45)),
        tooltip=_tips("display_name:N", "signed:N", "years_since_signature:Q", "note:N"))
    notes = base.mark_text(align="left", dx=4, fontSize=10, color="#333333").encode(
        x=alt.X("years_since_signature:Q"), text=alt.Text("note:N"))
    chart = alt.layer(bars, notes).properties(width=WIDTH - 120, height=28 * data.height)
    return _finish(chart, labels("pending.title", latest=as_of.isoformat()),
                   labels("pending.subtitle"), source, labels)


def voice_by_group_chart(table: pl.DataFrame, *, meeting_date: dt.date, source: str,
                         labels: Labels) -> alt.Chart:
    """Grouped bars per regional group: Member States that attended, spoke, led panels.

    Args:
        table: ``voice_by_group`` output.
        meeting_date: For the title.
        source: The source line.
        labels: The label language.

    Example:
        >>> from analysis.vocabulary import load_labels
        >>> frame = pl.DataFrame({"regional_group": ["WEOG"], "attended": [19],
        ...     "made_statement": [3], "led_panel": [2], "spoke": [4], "share_spoke": [0.21]})
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
                                                       return_dtype=pl.Int8)))
    domain = [labels(v) for v in keys.values()]
    chart = alt.Chart(_data(data)).mark_bar().encode(
        y=alt.Y("group:N", sort=list(_groups(labels).values()), title=None),
        yOffset=alt.YOffset("measure_label:N", sort=domain),
        x=alt.X("states:Q", title=labels("axis.states")),
        color=alt.Color("measure_label:N", title=None, sort=domain,
                        scale=alt.Scale(domain=domain, range=list(VOICE_COLOURS.values()))),
        tooltip=_tips("group:N", "measure_label:N", "states:Q",
                 alt.Tooltip("share_spoke:Q", format=".0%")),
    ).properties(width=WIDTH, height=300)
    spoke = int(table["spoke"].sum())
    attended = int(table["attended"].sum())
    title = labels("voice.title", meeting=meeting_date.isoformat())
    subtitle = labels("voice.subtitle", spoke=spoke, attended=attended)
    return _finish(chart, title, subtitle, source, labels)
