"""Charts: Altair figures built from the analysis tables, in English or Chinese.

Owns the look shared by every figure (one font, one colour per status that means the
same thing everywhere, Okabe-Ito colour-blind-safe palette), the labels in both
languages, and one function per figure. Each function takes polars tables and
returns an ``alt.Chart``; the notebooks and ``figures`` call the same functions, so a
briefing shows exactly the chart an analyst saw.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

import altair as alt
import polars as pl

from analysis import paths
from analysis.participation import ATTENDANCE_ORDER, GROUP_ORDER
from analysis.reference import entity_names, load_member_states
from analysis.treaty import party_counts

# The first face is the one rendered into PNGs (shipped, pinned); the others are what an
# SVG or HTML viewer falls back to if it lacks it (Chinese figures embed their glyphs).
FONTS = {"en": '"Noto Sans", "Helvetica Neue", Arial, sans-serif',
         "zh": '"Noto Sans SC", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", '
               "sans-serif"}
# Okabe-Ito: blue = bound by the Protocol, orange = signed only, vermillion = neither.
STATUS_COLOURS = {"party": "#0072B2", "signatory": "#E69F00", "none": "#D55E00",
                  "unknown": "#BBBBBB"}
ATTENDANCE_COLOURS = {"party": "#0072B2", "signatory": "#E69F00", "non_party": "#D55E00",
                      "absent": "#E4E4E4"}
# The gap behind discussion point 1: bound (blue) to unbound (vermillion); reddish purple
# marks Convention parties one instrument away from the Protocol.
ADHERENCE_COLOURS = {"protocol_party": "#0072B2", "protocol_signatory": "#E69F00",
                     "convention_only": "#CC79A7", "neither": "#D55E00", "unknown": "#BBBBBB"}
BOUND_COLOURS = {"party": "#0072B2", "not_party": "#D55E00", "unknown": "#BBBBBB"}
WIDTH = 620

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "African": "African", "Asia-Pacific": "Asia-Pacific",
        "Eastern European": "Eastern European", "GRULAC": "Latin America & Caribbean",
        "WEOG": "Western Europe & others",
        "status.party": "Party", "status.signatory": "Signatory only",
        "status.none": "Neither", "status.unknown": "Unknown (deposit date not verified)",
        "adherence.protocol_party": "Party to the Protocol",
        "adherence.protocol_signatory": "Signed the Protocol only",
        "adherence.convention_only": "Convention party only (one instrument away)",
        "adherence.neither": "Neither instrument",
        "adherence.unknown": "Unknown (consent dated only by bounds)",
        "attendance.party": "Attended as party", "attendance.signatory":
        "Attended as signatory", "attendance.non_party": "Attended, neither party nor signatory",
        "attendance.absent": "Did not attend",
        "bound.party": "Party", "bound.not_party": "Not a party",
        "bound.unknown": "Unknown",
        "attended.true": "Attended", "attended.false": "Absent",
        "axis.states": "Member States", "axis.share": "Share of the group's Member States",
        "axis.group": "UN regional group", "axis.date": "Date", "axis.parties": "Parties",
        "axis.years": "Years since signature", "axis.status": "Status",
        "axis.attendance": "Attendance", "axis.bound": "Bound by the Protocol",
        "legend.attended": "Attended the 2020 meeting", "yes": "yes", "no": "no",
        "source": "Sources: {report}; UN Treaty Collection XVIII-12 and XVIII-12-c as compiled in "
                  "this package (data as of {as_of}).",
        "regional_participation.title": "Who attended the Working Group on Firearms, "
                                        "{meeting}",
        "regional_participation.subtitle": "{states} Member States attended ({party} parties, "
                                           "{signatory} signatories, {non_party} neither) — "
                                           "plus the European Union as a party. The United "
                                           "States is counted with WEOG.",
        "gap.title": "Ratification gap by regional group: {meeting} and {latest}",
        "gap.subtitle": "Each group's Member States by adherence to the Firearms Protocol and "
                        "its parent Convention (UNTOC).",
        "engagement.title": "Engaged but not bound: attendance × party status on {latest}",
        "engagement.subtitle": "{closest} Member States attended in 2020 and are still not "
                               "parties — the states closest to acceding (discussion point 1).",
        "timeline.title": "Parties to the Firearms Protocol, 2001–{year}",
        "timeline.subtitle": "Line: parties on each day. Band: consents known only to lie "
                             "between two dates. Dots: published totals, labelled by source.",
        "timeline.meeting": "Meeting {meeting}",
        "map.title": "Firearms Protocol status on {latest}",
        "map.subtitle": "Dark outline: attended the {meeting} meeting. {missing} small Member "
                        "States are not drawn at this scale.\nBoundaries: Natural Earth "
                        "(1:110m); they imply no position on the status of any territory.",
        "pending.title": "Signatories not yet bound, {latest}",
        "pending.subtitle": "Years since signature. Light bars: signature date not verified, "
                            "counted from the close of signature (12 December 2002), a minimum.",
        "pending.attended": "attended 2020",
        "voice.title": "Presence and voice by regional group, {meeting}",
        "voice.subtitle": "{spoke} of the {attended} Member States that attended made a "
                          "statement, led a panel or chaired; the rest were present but did "
                          "not take the floor (as the report records it).",
        "voice.attended": "Attended", "voice.spoke": "Made a statement",
        "voice.panel": "Led a panel",
    },
    "zh": {
        "African": "非洲国家组", "Asia-Pacific": "亚洲－太平洋国家组",
        "Eastern European": "东欧国家组", "GRULAC": "拉丁美洲和加勒比国家组",
        "WEOG": "西欧和其他国家组",
        "status.party": "缔约方", "status.signatory": "仅签署",
        "status.none": "既非缔约方也非签署国", "status.unknown": "未知（交存日期未核实）",
        "adherence.protocol_party": "议定书缔约方",
        "adherence.protocol_signatory": "仅签署议定书",
        "adherence.convention_only": "仅为《公约》缔约方（差一项文书）",
        "adherence.neither": "两项文书均未加入",
        "adherence.unknown": "未知（交存日期只有范围）",
        "attendance.party": "以缔约方身份出席", "attendance.signatory": "以签署国身份出席",
        "attendance.non_party": "以非缔约方和非签署方身份出席",
        "attendance.absent": "未出席",
        "bound.party": "缔约方", "bound.not_party": "非缔约方", "bound.unknown": "未知",
        "attended.true": "出席", "attended.false": "未出席",
        "axis.states": "会员国", "axis.share": "占本组会员国的比例",
        "axis.group": "联合国区域组", "axis.date": "日期", "axis.parties": "缔约方数目",
        "axis.years": "签署后的年数", "axis.status": "状态",
        "axis.attendance": "出席情况", "axis.bound": "受议定书约束",
        "legend.attended": "出席2020年会议", "yes": "是", "no": "否",
        "source": "资料来源：{report}；联合国条约汇编 XVIII-12 和 XVIII-12-c，由本软件包整理"
                  "（数据截至 {as_of}）。",
        "regional_participation.title": "枪支问题工作组会议出席情况，{meeting}",
        "regional_participation.subtitle": "{states} 个会员国出席（缔约方 {party} 个、"
                                           "签署国 {signatory} 个、非缔约方和非签署方 "
                                           "{non_party} 个），另有欧洲联盟以缔约方身份出席。"
                                           "美国计入西欧和其他国家组。",
        "gap.title": "各区域组的批准差距：{meeting} 与 {latest}",
        "gap.subtitle": "各组会员国加入《枪支议定书》及其母公约（《有组织犯罪公约》）的情况。",
        "engagement.title": "参与但未受约束：{latest} 的出席情况与缔约方状态",
        "engagement.subtitle": "{closest} 个会员国出席了2020年会议但仍不是缔约方，"
                               "是最接近加入的国家（讨论要点 1）。",
        "timeline.title": "《枪支议定书》缔约方，2001–{year}年",
        "timeline.subtitle": "线：每日的缔约方数目。带：交存日期只知道范围的缔约方。"
                             "点：已公布的总数，并注明来源。",
        "timeline.meeting": "会议 {meeting}",
        "map.title": "{latest} 的《枪支议定书》状态",
        "map.subtitle": "深色边框：出席了 {meeting} 会议。{missing} 个小会员国在此比例尺下"
                        "未绘出。\n边界：Natural Earth（1:110m），不代表对任何领土地位的立场。",
        "pending.title": "尚未受约束的签署国，{latest}",
        "pending.subtitle": "签署后的年数。浅色条：签署日期未核实，按签署截止日"
                            "（2002年12月12日）计算，为最少年数。",
        "pending.attended": "出席2020年会议",
        "voice.title": "各区域组的出席与发言，{meeting}",
        "voice.subtitle": "出席会议的 {attended} 个会员国中，{spoke} 个发言、主持专题讨论"
                          "或主持会议；其余出席但未发言（据报告记载）。",
        "voice.attended": "出席", "voice.spoke": "发言", "voice.panel": "主持专题讨论",
    },
}


def label(key: str, lang: str = "en", **values: object) -> str:
    """A figure label in ``lang`` (``en`` or ``zh``), with ``{placeholders}`` filled.

    Example:
        >>> label("status.party", "zh")
        '缔约方'
    """
    return LABELS[lang][key].format(**values)


def theme_config(lang: str = "en") -> dict:
    """The shared Vega-Lite config: font, sizes, background (one look for every figure).

    Noto Sans and Noto Sans SC share one design; the Chinese face is used only where
    Chinese text needs it because it measures text more slowly.

    Example:
        >>> theme_config("zh")["font"].split(",")[0]
        '"Noto Sans SC"'
    """
    return {
        "font": FONTS[lang], "background": "white",
        "title": {"fontSize": 15, "subtitleFontSize": 11, "anchor": "start",
                  "subtitleColor": "#444444", "offset": 10},
        "axis": {"labelFontSize": 11, "titleFontSize": 11, "gridColor": "#EEEEEE"},
        "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom",
                   "direction": "horizontal", "columns": 2, "labelLimit": 320},
        "view": {"stroke": None},
    }


def _finish(chart: alt.TopLevelMixin, title: str, subtitle: str, source: str, lang: str
            ) -> alt.TopLevelMixin:
    return chart.properties(
        title=alt.Title(title, subtitle=[*subtitle.split("\n"), source]),
    ).configure(**theme_config(lang))


def _group_sort(lang: str) -> list[str]:
    return [label(g, lang) for g in GROUP_ORDER]


def _legend_scale(colours: dict[str, str], prefix: str, lang: str) -> alt.Scale:
    return alt.Scale(domain=[label(f"{prefix}.{k}", lang) for k in colours],
                     range=list(colours.values()))


def source_line(report_symbol: str, as_of: dt.date, lang: str = "en") -> str:
    """The source line every figure carries.

    Example:
        >>> source_line("CTOC/COP/WG.6/2020/3", dt.date(2024, 5, 4)).startswith("Sources:")
        True
    """
    return label("source", lang, report=report_symbol, as_of=as_of.isoformat())


def regional_participation_chart(table: pl.DataFrame, *, meeting_date: dt.date,
                                 source: str, lang: str = "en") -> alt.Chart:
    """Stacked bars: each group's Member States by how they attended.

    Args:
        table: ``regional_participation`` output.
        meeting_date: For the title.
        source: The source line (``source_line``).
        lang: ``en`` or ``zh``.

    Example:
        >>> from analysis.participation import regional_participation
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> report = read_report("data/raw/wg-firearms-2020-report.zh.txt")
        >>> chart = regional_participation_chart(regional_participation(
        ...     parse_attendance(report)), meeting_date=report.meeting_date, source="x")
        >>> chart.to_dict()["mark"]["type"]
        'bar'
    """
    present = table.filter(pl.col("attendance") != "absent")
    counts = dict(present.group_by("attendance").agg(pl.col("states").sum()).iter_rows())
    data = table.with_columns(
        group=pl.col("regional_group").replace_strict({g: label(g, lang) for g in GROUP_ORDER}),
        attendance_label=pl.col("attendance").replace_strict(
            {a: label(f"attendance.{a}", lang) for a in ATTENDANCE_ORDER}),
        order=pl.col("attendance").replace_strict(
            {a: i for i, a in enumerate(ATTENDANCE_ORDER)}, return_dtype=pl.Int8))
    chart = alt.Chart(alt.Data(values=data.to_dicts())).mark_bar().encode(
        y=alt.Y("group:N", sort=_group_sort(lang), title=None),
        x=alt.X("states:Q", title=label("axis.states", lang)),
        color=alt.Color("attendance_label:N", title=None,
                        scale=_legend_scale(ATTENDANCE_COLOURS, "attendance", lang)),
        order=alt.Order("order:O"),
        tooltip=["group:N", "attendance_label:N", "states:Q",
                 alt.Tooltip("share:Q", format=".0%")],
    ).properties(width=WIDTH, height=220)
    title = label("regional_participation.title", lang, meeting=meeting_date.isoformat())
    subtitle = label("regional_participation.subtitle", lang,
                     states=sum(counts.values()), party=counts.get("party", 0),
                     signatory=counts.get("signatory", 0),
                     non_party=counts.get("non_party", 0))
    return _finish(chart, title, subtitle, source, lang)


def ratification_gap_chart(table: pl.DataFrame, *, source: str, lang: str = "en"
                           ) -> alt.FacetChart:
    """Stacked shares by group, one row of bars per date (meeting and latest).

    Args:
        table: ``ratification_gap`` output (``date, regional_group, adherence, states,
            members, share``).
        source: The source line.
        lang: ``en`` or ``zh``.

    Example:
        >>> frame = pl.DataFrame({"date": [dt.date(2020, 7, 16)] * 2,
        ...     "regional_group": ["WEOG"] * 2, "adherence": ["protocol_party", "neither"],
        ...     "states": [20, 9], "members": [29, 29], "share": [20 / 29, 9 / 29]})
        >>> spec = ratification_gap_chart(frame, source="x").to_dict()
        >>> spec["spec"]["encoding"]["color"]["scale"]["domain"][:2]
        ['Party to the Protocol', 'Neither instrument']
    """
    present = [a for a in ADHERENCE_COLOURS
               if table.filter((pl.col("adherence") == a) & (pl.col("states") > 0)).height]
    dates = sorted(table["date"].unique().to_list())
    data = table.filter(pl.col("adherence").is_in(present)).with_columns(
        group=pl.col("regional_group").replace_strict({g: label(g, lang) for g in GROUP_ORDER}),
        adherence_label=pl.col("adherence").replace_strict(
            {a: label(f"adherence.{a}", lang) for a in ADHERENCE_COLOURS}),
        order=pl.col("adherence").replace_strict(
            {a: i for i, a in enumerate(ADHERENCE_COLOURS)}, return_dtype=pl.Int8),
        day=pl.col("date").cast(pl.String))
    colours = {a: ADHERENCE_COLOURS[a] for a in present}
    chart = alt.Chart(alt.Data(values=data.to_dicts())).mark_bar().encode(
        y=alt.Y("group:N", sort=_group_sort(lang), title=None),
        x=alt.X("share:Q", title=label("axis.share", lang), axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("adherence_label:N", title=None,
                        scale=_legend_scale(colours, "adherence", lang),
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=320)),
        order=alt.Order("order:O"),
        tooltip=["day:N", "group:N", "adherence_label:N", "states:Q", "members:Q",
                 alt.Tooltip("share:Q", format=".0%")],
    ).properties(width=WIDTH, height=170).facet(
        row=alt.Row("day:N", title=None, header=alt.Header(labelFontSize=12, labelAngle=0,
                                                            labelAlign="left")))
    title = label("gap.title", lang, meeting=dates[0].isoformat(), latest=dates[-1].isoformat())
    return _finish(chart, title, label("gap.subtitle", lang), source, lang)


def engagement_matrix_chart(table: pl.DataFrame, *, latest_date: dt.date, source: str,
                            lang: str = "en") -> alt.Chart:
    """Heat map of Member States per group: attended or not × party or not.

    Args:
        table: ``engagement`` output.
        latest_date: The status date (for the title).
        source: The source line.
        lang: ``en`` or ``zh``.

    Example:
        >>> frame = pl.DataFrame({"regional_group": ["WEOG"], "attended": [True],
        ...     "bound": ["not_party"], "states": [7]})
        >>> engagement_matrix_chart(frame, latest_date=dt.date(2024, 5, 4),
        ...     source="x").to_dict()["title"]["text"].startswith("Engaged")
        True
    """
    shown = table.filter(pl.col("bound") != "unknown") if table.filter(
        pl.col("bound") == "unknown")["states"].sum() == 0 else table
    data = shown.with_columns(
        group=pl.col("regional_group").replace_strict({g: label(g, lang) for g in GROUP_ORDER}),
        column=pl.concat_str(
            pl.col("attended").cast(pl.String).replace_strict(
                {"true": label("attended.true", lang), "false": label("attended.false", lang)}),
            pl.lit(" · "),
            pl.col("bound").replace_strict({b: label(f"bound.{b}", lang) for b in BOUND_COLOURS})),
        bound_label=pl.col("bound").replace_strict(
            {b: label(f"bound.{b}", lang) for b in BOUND_COLOURS}))
    order = [f"{label(f'attended.{a}', lang)} · {label(f'bound.{b}', lang)}"
             for a in ("true", "false") for b in BOUND_COLOURS
             if b in set(shown["bound"])]
    base = alt.Chart(alt.Data(values=data.to_dicts())).encode(
        y=alt.Y("group:N", sort=_group_sort(lang), title=None),
        x=alt.X("column:N", sort=order, title=None,
                axis=alt.Axis(labelAngle=0, orient="top", labelLimit=200)))
    present = {b: c for b, c in BOUND_COLOURS.items() if b in set(shown["bound"])}
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("bound_label:N", title=label("axis.bound", lang),
                        scale=_legend_scale(present, "bound", lang)),
        opacity=alt.Opacity("states:Q", scale=alt.Scale(range=[0.25, 1]), legend=None),
        tooltip=["group:N", "column:N", "states:Q"])
    text = base.mark_text(fontSize=14, fontWeight="bold").encode(
        text="states:Q", color=alt.value("#111111"))
    chart = (cells + text).properties(width=WIDTH, height=230)
    closest = int(table.filter(pl.col("attended") & (pl.col("bound") == "not_party"))
                  ["states"].sum())
    title = label("engagement.title", lang, latest=latest_date.isoformat())
    return _finish(chart, title, label("engagement.subtitle", lang, closest=closest), source, lang)


def accession_timeline_chart(timeline: pl.DataFrame, anchors: pl.DataFrame,
                             joined_after: pl.DataFrame, *, meeting_date: dt.date,
                             source: str, lang: str = "en") -> alt.LayerChart:
    """Cumulative parties over time, with the band of undated parties and published totals.

    The meeting date is marked and later accessions of attending States are labelled.

    Args:
        timeline: ``accession_timeline`` output.
        anchors: Published totals (``date, parties, publisher``), labelled by publisher.
        joined_after: ``joined_after_meeting`` output (labelled on the chart).
        meeting_date: Marked with a rule.
        source: The source line.
        lang: ``en`` or ``zh``.

    Example:
        >>> from analysis.participation import accession_timeline
        >>> chart = accession_timeline_chart(accession_timeline(), pl.DataFrame(
        ...     {"date": [dt.date(2024, 5, 4)], "parties": [123], "publisher": ["UNTC"]}),
        ...     pl.DataFrame(
        ...     {"entity_id": [], "consent_date": []}, schema={"entity_id": pl.String,
        ...     "consent_date": pl.Date}), meeting_date=dt.date(2020, 7, 16), source="x")
        >>> len(chart.to_dict()["layer"])
        7
    """
    latest = timeline["date"].max()
    series = timeline.with_columns(day=pl.col("date").cast(pl.String))
    base = alt.Chart(alt.Data(values=series.to_dicts()))
    x = alt.X("day:T", title=label("axis.date", lang), axis=alt.Axis(format="%Y"))
    band = base.mark_area(color=STATUS_COLOURS["unknown"], opacity=0.5,
                          interpolate="step-after").encode(
        x=x, y=alt.Y("parties:Q", title=label("axis.parties", lang),
                     scale=alt.Scale(domain=[0, 140])), y2="possible:Q")
    line = base.mark_line(color=STATUS_COLOURS["party"], strokeWidth=2,
                          interpolate="step-after").encode(
        x=x, y="parties:Q", tooltip=["day:T", "parties:Q", "possible:Q"])
    # Neighbouring labels alternate between two rows so that close dates never overlap.
    stagger = (pl.int_range(pl.len()) % 2).cast(pl.Int32)
    totals = alt.Chart(alt.Data(values=anchors.sort("date").with_columns(
        day=pl.col("date").cast(pl.String), label_y=pl.col("parties") - 7 - 6 * stagger)
        .select("day", "parties", "publisher", "label_y").to_dicts()))
    points = totals.mark_point(filled=True, size=60, color="#000000").encode(
        x="day:T", y="parties:Q", tooltip=["day:T", "parties:Q", "publisher:N"])
    # Published totals are labelled below the line, later accessions above it, so the
    # two kinds of label never meet.
    point_labels = totals.mark_text(align="center", fontSize=9, color="#333333").encode(
        x="day:T", y="label_y:Q", text="publisher:N")
    rule_data = alt.Data(values=[{"day": meeting_date.isoformat(), "text": label(
        "timeline.meeting", lang, meeting=meeting_date.isoformat())}])
    rule = alt.Chart(rule_data).mark_rule(strokeDash=[4, 3], color="#555555").encode(x="day:T")
    rule_text = alt.Chart(rule_data).mark_text(align="right", dx=-4, y=290, color="#555555"
                                               ).encode(x="day:T", text="text:N")
    names = entity_names(lang).rename({"entity_id": "iso3", "name": "display_name"})
    # Each label sits on the line: the verified party count on that state's deposit date.
    joined_after = joined_after.filter(pl.col("consent_date").is_not_null())  # dated only
    on_line = party_counts(joined_after["consent_date"]).select(
        consent_date="date", parties="parties")
    later = (joined_after.join(names, left_on="entity_id", right_on="iso3", how="left")
             .join(on_line, on="consent_date", how="left")
             .sort("consent_date")
             .with_columns(day=pl.col("consent_date").cast(pl.String),
                           label_y=pl.col("parties") + 5 + 7 * stagger))
    labels = alt.Chart(alt.Data(values=later.select(
        "day", "label_y", text=pl.col("display_name").fill_null(pl.col("entity_id"))
    ).to_dicts() if later.height else [])).mark_text(align="right", dx=4, fontSize=10).encode(
        x="day:T", y="label_y:Q", text="text:N")
    chart = alt.layer(band, line, points, point_labels, rule, rule_text, labels).properties(
        width=WIDTH, height=300)
    title = label("timeline.title", lang, year=latest.year)
    return _finish(chart, title, label("timeline.subtitle", lang, latest=latest.isoformat()),
                   source, lang)


@cache
def _world_topology(path: Path = paths.WORLD_BOUNDARIES) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def status_map_chart(status: pl.DataFrame, attendance: pl.DataFrame, *, as_of: dt.date,
                     meeting_date: dt.date, source: str, lang: str = "en") -> alt.Chart:
    """World map of treaty status on a date; states that attended are outlined.

    Args:
        status: ``status_on(as_of)``.
        attendance: ``parse_attendance`` output.
        as_of: The status date (for the title).
        meeting_date: For the subtitle.
        source: The source line.
        lang: ``en`` or ``zh``.

    Example:
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> from analysis.treaty import status_on
        >>> chart = status_map_chart(status_on(), parse_attendance(read_report(
        ...     "data/raw/wg-firearms-2020-report.zh.txt")), as_of=dt.date(2024, 5, 4),
        ...     meeting_date=dt.date(2020, 7, 16), source="x")
        >>> chart.to_dict()["projection"]["type"]
        'equalEarth'
    """
    states = load_member_states().select("iso3", "m49")
    present = attendance.select("iso3").drop_nulls()
    records = (status.join(states, on="iso3", how="inner")
               .join(entity_names(lang).rename({"entity_id": "iso3", "name": "display_name"}),
                     on="iso3", how="left")
               .with_columns(
                   status_label=pl.col("status").replace_strict(
                       {s: label(f"status.{s}", lang) for s in STATUS_COLOURS}),
                   attended=pl.col("iso3").is_in(present["iso3"].implode()))
               .select("m49", "display_name", "status_label", "attended", "membership"))
    shapes = alt.InlineData(values=_world_topology(),
                            format=alt.DataFormat(type="topojson", feature="countries"))
    not_antarctica = alt.datum.id != "010"  # no state; it would only shrink the map
    land = alt.Chart(shapes).mark_geoshape(fill="#EEEEEE", stroke="#FFFFFF",
                                           strokeWidth=0.3).transform_filter(not_antarctica)
    states = alt.Chart(shapes).mark_geoshape().transform_filter(not_antarctica).transform_lookup(
        lookup="id", from_=alt.LookupData(data=alt.Data(values=records.to_dicts()), key="m49",
                                          fields=["display_name", "status_label", "attended"]),
    ).transform_filter("isValid(datum.status_label)").encode(
        color=alt.Color("status_label:N", title=None, scale=_legend_scale(
            {k: c for k, c in STATUS_COLOURS.items() if k in set(status["status"])},
            "status", lang)),
        stroke=alt.condition("datum.attended", alt.value("#111111"), alt.value("#FFFFFF")),
        strokeWidth=alt.condition("datum.attended", alt.value(1.1), alt.value(0.3)),
        tooltip=["display_name:N", "status_label:N", "attended:N"],
    )
    chart = alt.layer(land, states).project("equalEarth").properties(width=WIDTH + 80,
                                                                     height=360)
    drawn = {g.get("id") for g in _world_topology()["objects"]["countries"]["geometries"]}
    missing = records.filter((pl.col("membership") == "member")
                             & ~pl.col("m49").is_in(sorted(drawn - {None}))).height
    title = label("map.title", lang, latest=as_of.isoformat())
    return _finish(chart, title, label("map.subtitle", lang, meeting=meeting_date.isoformat(),
                                       missing=missing), source, lang)


def pending_signatories_chart(pending: pl.DataFrame, *, as_of: dt.date, source: str,
                              lang: str = "en") -> alt.Chart:
    """Bars of years since signature for signatories not yet parties.

    Example:
        >>> frame = pl.DataFrame({"entity_id": ["AUS"], "signature_known": [True],
        ...     "years_since_signature": [22.4], "attended": [True],
        ...     "signature_date": [dt.date(2001, 12, 21)]})
        >>> pending_signatories_chart(frame, as_of=dt.date(2024, 5, 4), source="x"
        ...     ).to_dict()["layer"][0]["mark"]["type"]
        'bar'
    """
    data = (pending.join(entity_names(lang).rename({"name": "display_name"}), on="entity_id",
                         how="left")
            .with_columns(
                display_name=pl.col("display_name").fill_null(pl.col("entity_id")),
                note=pl.when(pl.col("attended")).then(pl.lit(label("pending.attended", lang)))
                .otherwise(pl.lit("")),
                signed=pl.col("signature_date").cast(pl.String)))
    base = alt.Chart(alt.Data(values=data.to_dicts())).encode(
        y=alt.Y("display_name:N", sort=alt.EncodingSortField("years_since_signature",
                                                               order="descending"),
                title=None, axis=alt.Axis(labelLimit=320)))
    bars = base.mark_bar(color=STATUS_COLOURS["signatory"]).encode(
        x=alt.X("years_since_signature:Q", title=label("axis.years", lang)),
        opacity=alt.condition("datum.signature_known", alt.value(1.0), alt.value(0.45)),
        tooltip=["display_name:N", "signed:N", "years_since_signature:Q", "note:N"])
    notes = base.mark_text(align="left", dx=4, fontSize=10, color="#333333").encode(
        x="years_since_signature:Q", text="note:N")
    chart = alt.layer(bars, notes).properties(width=WIDTH - 120, height=28 * data.height)
    return _finish(chart, label("pending.title", lang, latest=as_of.isoformat()),
                   label("pending.subtitle", lang), source, lang)


VOICE_COLOURS = {"attended": "#C8C8C8", "made_statement": "#009E73", "led_panel": "#CC79A7"}


def voice_by_group_chart(table: pl.DataFrame, *, meeting_date: dt.date, source: str,
                         lang: str = "en") -> alt.Chart:
    """Grouped bars per regional group: Member States that attended, spoke, led panels.

    Args:
        table: ``voice_by_group`` output.
        meeting_date: For the title.
        source: The source line.
        lang: ``en`` or ``zh``.

    Example:
        >>> frame = pl.DataFrame({"regional_group": ["WEOG"], "attended": [19],
        ...     "made_statement": [3], "led_panel": [2], "spoke": [4], "share_spoke": [0.21]})
        >>> voice_by_group_chart(frame, meeting_date=dt.date(2020, 7, 16), source="x"
        ...     ).to_dict()["mark"]["type"]
        'bar'
    """
    keys = {"attended": "voice.attended", "made_statement": "voice.spoke",
            "led_panel": "voice.panel"}
    data = (table.unpivot(index=["regional_group", "share_spoke"], on=list(keys),
                          variable_name="measure", value_name="states")
            .with_columns(
                group=pl.col("regional_group").replace_strict(
                    {g: label(g, lang) for g in GROUP_ORDER}),
                measure_label=pl.col("measure").replace_strict(
                    {k: label(v, lang) for k, v in keys.items()}),
                order=pl.col("measure").replace_strict({k: i for i, k in enumerate(keys)},
                                                       return_dtype=pl.Int8)))
    domain = [label(v, lang) for v in keys.values()]
    chart = alt.Chart(alt.Data(values=data.to_dicts())).mark_bar().encode(
        y=alt.Y("group:N", sort=_group_sort(lang), title=None),
        yOffset=alt.YOffset("measure_label:N", sort=domain),
        x=alt.X("states:Q", title=label("axis.states", lang)),
        color=alt.Color("measure_label:N", title=None, sort=domain,
                        scale=alt.Scale(domain=domain, range=list(VOICE_COLOURS.values()))),
        tooltip=["group:N", "measure_label:N", "states:Q",
                 alt.Tooltip("share_spoke:Q", format=".0%")],
    ).properties(width=WIDTH, height=300)
    spoke = int(table["spoke"].sum())
    attended = int(table["attended"].sum())
    title = label("voice.title", lang, meeting=meeting_date.isoformat())
    subtitle = label("voice.subtitle", lang, spoke=spoke, attended=attended)
    return _finish(chart, title, subtitle, source, lang)
