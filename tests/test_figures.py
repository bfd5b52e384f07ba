"""The data behind each chart, and the files the figure command writes."""

import datetime as dt
import hashlib
import re
from pathlib import Path

import polars as pl
import pytest

from analysis import charts
from analysis.figures import (
    figure_builders,
    figure_inputs,
    gaps_by_date,
    html_page,
    save_charts,
    write_figures,
)
from analysis.participation import (
    accession_timeline,
    engagement,
    joined_after_meeting,
    pending_signatories,
    ratification_gap,
    regional_participation,
)
from analysis.report import read_report
from tests.conftest import REPORT_EN, REPORT_ZH

MEETING, LATEST = dt.date(2020, 7, 16), dt.date(2024, 5, 4)
FIGURES = ["regional_participation", "ratification_gap_by_group", "engagement_matrix",
           "accession_timeline", "status_map", "pending_signatories", "voice_by_group"]


@pytest.fixture(scope="module")
def inputs():
    return figure_inputs(read_report(REPORT_ZH))


def test_participation_counts_the_78_attending_states_by_group(inputs):
    table = regional_participation(inputs.attendance)
    attending = table.filter(pl.col("attendance") != "absent")
    assert attending["states"].sum() == 78  # 54 + 6 + 19 listed, less the European Union
    by_kind = dict(attending.group_by("attendance").agg(pl.col("states").sum()).iter_rows())
    assert by_kind == {"party": 53, "signatory": 6, "non_party": 19}
    weog = table.filter(pl.col("regional_group") == "WEOG")
    assert weog["members"].unique().to_list() == [29]  # 28 members plus the United States
    assert table.group_by("regional_group").agg(pl.col("states").sum())["states"].sum() == 193
    asia = dict(table.filter(pl.col("regional_group") == "Asia-Pacific")
                .select("attendance", "states").iter_rows())
    assert asia == {"party": 7, "signatory": 2, "non_party": 10, "absent": 35}


def test_gap_on_both_dates(inputs):
    gap = ratification_gap(gaps_by_date(inputs))
    latest = gap.filter(pl.col("date") == LATEST)
    assert latest.filter(pl.col("adherence") == "protocol_party")["states"].sum() == 122
    assert latest.filter(pl.col("adherence") == "protocol_signatory")["states"].sum() == 7
    shares = latest.group_by("regional_group").agg(pl.col("share").sum())["share"]
    assert (shares - 1).abs().max() < 1e-3
    meeting = gap.filter(pl.col("date") == MEETING)
    # On the meeting date only Luxembourg's Protocol consent is open; the rest of the
    # grey share is Convention consents after the 2014 table that no source dates.
    assert meeting.filter(pl.col("adherence") == "protocol_party")["states"].sum() == 117
    gained = dict(gap.select("regional_group", "parties_gained").unique().iter_rows())
    assert gained == {"African": 1, "Asia-Pacific": 1, "Eastern European": 0, "GRULAC": 1,
                      "WEOG": 2}


def test_figures_drawn_for_the_same_date_agree(inputs):
    gap = ratification_gap(gaps_by_date(inputs))
    parties = {(d, g): n for d, g, n in gap.filter(pl.col("adherence") == "protocol_party")
               .select("date", "regional_group", "states").iter_rows()}
    # Attendance by status (regional_participation) against gap by group, meeting date:
    # every State the report lists as a party is a party in the data, so no group can
    # show more attending parties than it has parties.
    attending = regional_participation(inputs.attendance).filter(
        pl.col("attendance") == "party")
    for group, states in attending.select("regional_group", "states").iter_rows():
        assert states <= parties[(MEETING, group)], group
    listed = inputs.attendance.filter(pl.col("category") == "party").join(
        inputs.meeting_status, on="entity_id")
    assert listed["status"].unique().to_list() == ["party"]
    # Engagement matrix (latest) against gap by group (latest): same parties per group.
    bound = engagement(inputs.attendance, inputs.latest_status).filter(
        pl.col("bound") == "party").group_by("regional_group").agg(pl.col("states").sum())
    for group, states in bound.iter_rows():
        assert states == parties[(LATEST, group)], group
    # Timeline against status: the same count on both dates (the EU included).
    timeline = accession_timeline()
    on = dict(timeline.select("date", "parties").iter_rows())
    assert on[LATEST] == 123 == inputs.latest_status.filter(pl.col("status") == "party").height
    meeting_parties = timeline.filter(pl.col("date") <= MEETING).tail(1)["parties"].item()
    assert meeting_parties == inputs.meeting_status.filter(pl.col("status") == "party").height


def test_engagement_and_joined_and_pending(inputs):
    table = engagement(inputs.attendance, inputs.latest_status)
    closest = table.filter(pl.col("attended") & (pl.col("bound") == "not_party"))
    assert closest["states"].sum() == 22
    joined = joined_after_meeting(inputs.attendance, inputs.latest_status, MEETING)
    assert joined.select("entity_id", "consent_date").rows() == [
        ("BOL", dt.date(2020, 9, 1)), ("DEU", dt.date(2021, 10, 14)),
        ("CHN", dt.date(2023, 12, 19))]
    pending = pending_signatories(inputs.latest_status, inputs.attendance, LATEST)
    assert set(pending["entity_id"]) == {"AUS", "CAN", "ISL", "JPN", "MCO", "SYC", "GBR"}
    assert pending.filter(pl.col("attended"))["entity_id"].sort().to_list() == [
        "AUS", "CAN", "GBR", "JPN"]
    assert pending.filter(pl.col("entity_id") == "AUS")["years_since_signature"].item() == 22.4


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_is_a_valid_vega_lite_spec_with_title_and_source(inputs, lang):
    builders = figure_builders(inputs, lang)
    assert list(builders) == FIGURES
    for name, build in builders.items():
        spec = build().to_dict()  # validates against the Vega-Lite schema
        subtitle = spec["title"]["subtitle"]
        assert "CTOC/COP/WG.6/2020/3" in subtitle[-1], name
        assert "2024-05-04" in spec["title"]["text"] + " ".join(subtitle), name
        assert spec["config"]["font"] == charts.FONTS[lang]


def test_status_colours_mean_the_same_in_every_figure(inputs):
    specs = [b().to_dict() for b in figure_builders(inputs).values()]
    text = str(specs)
    for status, colour in charts.STATUS_COLOURS.items():
        if status != "unknown":
            assert colour in text
    assert charts.STATUS_COLOURS["party"] == charts.ATTENDANCE_COLOURS["party"]
    assert charts.STATUS_COLOURS["none"] == charts.ATTENDANCE_COLOURS["non_party"]


def test_figures_are_written_offline_and_reproducibly(tmp_path):
    report = read_report(REPORT_EN)  # any report parse accepts, here the English rendering
    first = write_figures(report, tmp_path / "a", only=["regional_participation", "status_map"])
    second = write_figures(report, tmp_path / "b", only=["regional_participation", "status_map"])
    assert [p.name for p in first] == [
        "regional_participation.svg", "regional_participation.png", "regional_participation.html",
        "status_map.svg", "status_map.png", "status_map.html"]
    for a, b in zip(first, second, strict=True):
        assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    png = first[1].read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width > 1200  # rendered at twice the chart's size
    page = first[2].read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", page)
    assert "vegaEmbed('#chart'" in page


def test_chinese_text_renders_as_glyphs_not_boxes(tmp_path):
    # A font without CJK glyphs draws every character as the same empty box, so two
    # different Chinese titles would give identical images. With the glyphs they differ.
    import altair as alt

    def draw(title: str) -> list[Path]:
        chart = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q").properties(
            title=title).configure(font=charts.FONTS["zh"])
        return save_charts({title: chart}, tmp_path, "zh")

    first, second = draw("缔约方签署国"), draw("国家组会员国")
    assert first[1].read_bytes() != second[1].read_bytes()
    # SVG and HTML carry the glyphs themselves, for viewers without a Chinese font.
    for path in (first[0], first[2]):
        assert "@font-face" in path.read_text(encoding="utf-8")


def test_html_page_escapes_script_end():
    page = html_page({"title": "</script><b>"}, "x")
    assert "</script><b>" not in page


def test_figures_command(run_cli, tmp_path):
    result = run_cli("figures", "--report", REPORT_EN, "--out", tmp_path, "--lang", "zh",
                     "--tables", tmp_path / "tables")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 26 and lines[0].endswith("regional_participation.zh.svg")
    assert lines[-5:] == [str(tmp_path / "tables" / f"{n}.csv") for n in (
        "attendance", "status_meeting", "status_latest", "gap_by_group", "voice")]
    attendance = pl.read_csv(tmp_path / "tables" / "attendance.csv")
    assert attendance.height == 90 and attendance["entity_id"][53] == "VEN"
    bad = run_cli("figures", "--report", tmp_path / "missing.txt")
    assert bad.returncode == 1 and "no such file" in bad.stderr
