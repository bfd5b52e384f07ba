"""Figure export: every chart as SVG, PNG (2x) and self-contained HTML, offline.

Owns which figures make up the set, the tables each is built from (one report plus
the reference data), and writing the files with vl-convert. Noto Sans (English) and
Noto Sans SC (Chinese) come from pinned dependencies and are registered with the
renderer, so labels render identically on every machine. No file refers to a network
address: the HTML pages embed the Vega libraries. The same inputs give the same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import json
import os
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import altair as alt
import fontpkg_noto_sans
import polars as pl
import pylopdf_fonts_zh_cn
import vl_convert as vlc
from fontTools import subset

from analysis import charts, paths
from analysis.attendance import parse_attendance
from analysis.errors import MissingSectionError, NotSupportedError
from analysis.gaps import gap_by_group
from analysis.participation import (
    accession_timeline,
    engagement,
    joined_after_meeting,
    pending_signatories,
    ratification_gap,
    regional_participation,
)
from analysis.report import Report, read_report
from analysis.treaty import (
    check_as_of,
    data_as_of,
    published_totals,
    status_on,
)
from analysis.voice import parse_voice, voice_by_entity, voice_by_group

FORMATS = ("svg", "png", "html")
VEGA_LITE_VERSION = "6.4"
_SYMBOL = re.compile(r"\b[A-Z]{1,5}/[A-Z]{2,5}/[A-Z0-9./]+/\d{4}/\d+\b")


@cache
def register_fonts() -> tuple[Path, ...]:
    """Register Noto Sans and Noto Sans SC with vl-convert (once per process).

    Returns:
        The font directories registered.

    Example:
        >>> [d.name for d in register_fonts()]
        ['files', 'pylopdf_fonts_zh_cn']
    """
    folders = (Path(fontpkg_noto_sans.__file__).parent / "files",
               pylopdf_fonts_zh_cn.sans_path().parent)
    for folder in folders:
        vlc.register_font_directory(str(folder))
    return folders


def report_symbol(report: Report) -> str:
    """The report's document symbol: from its provenance sidecar, its text, or its file name.

    Example:
        >>> report_symbol(read_report("data/raw/wg-firearms-2020-report.zh.txt"))
        'CTOC/COP/WG.6/2020/3'
    """
    path = Path(report.source)
    sidecar = path.with_name(path.stem + ".source.json")
    if sidecar.is_file():
        symbol = json.loads(sidecar.read_text(encoding="utf-8")).get("document_symbol")
        if symbol:
            return symbol
    head = _SYMBOL.search(report.text[:3000])
    return head.group(0) if head else path.name


@cache
def vega_bundle() -> str:
    """The Vega, Vega-Lite and Vega-Embed JavaScript, bundled by vl-convert.

    Bundling takes about a second, so the result is kept in ``paths.CACHE_DIR`` keyed by
    the vl-convert and Vega-Lite versions (``make`` builds it during set-up).

    Example:
        >>> "vegaEmbed" in vega_bundle()
        True
    """
    cached = paths.CACHE_DIR / f"vega-bundle-{vlc.__version__}-vl{VEGA_LITE_VERSION}.js"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    bundle = vlc.javascript_bundle(vl_version=VEGA_LITE_VERSION)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(bundle, encoding="utf-8")
        partial.replace(cached)
    except OSError:
        pass  # a read-only home only costs the second next time
    return bundle


def html_page(spec: dict, title: str, lang: str = "en", css: str = "") -> str:
    """A self-contained HTML page showing a Vega-Lite spec: no script or data from a network.

    Example:
        >>> page = html_page({"mark": "point"}, "Demo")
        >>> "<script src=" in page, page.startswith("<!DOCTYPE html>")
        (False, True)
    """
    # "</" inside a script would end it early; JSON allows the escaped form.
    spec_json = json.dumps(spec, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    # Vega measures labels when it draws: wait for an embedded font to load first.
    ready = ("document.fonts.load('12px \"Noto Sans SC\"', '国')" if css
             else "Promise.resolve()")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>body {{ margin: 24px; }} {css}</style>\n"
        f"<script>{vega_bundle()}</script>\n</head>\n<body>\n<div id=\"chart\"></div>\n"
        f"<script>{ready}.then(() => vegaEmbed('#chart', {spec_json}, "
        '{"renderer": "svg", "actions": false})).catch(console.error);</script>\n'
        "</body>\n</html>\n"
    )


@dataclass(frozen=True)
class FigureInputs:
    """Everything the figure set is drawn from, computed once."""

    report: Report
    attendance: pl.DataFrame
    meeting_date: dt.date
    latest_date: dt.date
    meeting_status: pl.DataFrame
    latest_status: pl.DataFrame
    meeting_convention: pl.DataFrame
    """Convention (UNTOC) status on the meeting date."""
    latest_convention: pl.DataFrame
    symbol: str
    voice: pl.DataFrame | None
    """Speaking roles (``parse_voice``), or None for a language not supported yet."""
    voice_skipped: str | None = None
    """Why ``voice_by_group`` cannot be drawn for this report, if it cannot."""


def figure_inputs(report: Report) -> FigureInputs:
    """Parse the report and compute treaty status on its meeting date and the latest date.

    Example:
        >>> inputs = figure_inputs(read_report("data/raw/wg-firearms-2020-report.zh.txt"))
        >>> inputs.meeting_date, inputs.latest_date
        (datetime.date(2020, 7, 16), datetime.date(2024, 5, 4))
    """
    meeting = check_as_of(report.meeting_date)
    latest = data_as_of()
    voice, skipped = None, None
    try:
        voice = parse_voice(report)
    except (MissingSectionError, NotSupportedError) as error:
        skipped = f"voice_by_group not drawn: {error}"
    return FigureInputs(report, parse_attendance(report), meeting, latest, status_on(meeting),
                        status_on(latest), status_on(meeting, treaty="untoc"),
                        status_on(latest, treaty="untoc"), report_symbol(report), voice,
                        skipped)


def gaps_by_date(inputs: FigureInputs) -> dict[dt.date, pl.DataFrame]:
    """``gap_by_group`` on the meeting date and on the latest date of the treaty data.

    Example:
        >>> inputs = figure_inputs(read_report("data/raw/wg-firearms-2020-report.zh.txt"))
        >>> [int(g["protocol_party"].sum()) for g in gaps_by_date(inputs).values()]
        [117, 122]
    """
    return {inputs.meeting_date: gap_by_group(inputs.meeting_status, inputs.meeting_convention),
            inputs.latest_date: gap_by_group(inputs.latest_status, inputs.latest_convention)}


def figure_builders(inputs: FigureInputs, lang: str = "en"
                    ) -> dict[str, Callable[[], alt.TopLevelMixin]]:
    """The figure set: name -> a function building the chart (so a subset can be drawn).

    ``voice_by_group`` is included when the report's speaking roles can be read.

    Example:
        >>> inputs = figure_inputs(read_report("data/raw/wg-firearms-2020-report.zh.txt"))
        >>> sorted(figure_builders(inputs))[:2]
        ['accession_timeline', 'engagement_matrix']
    """
    source = charts.source_line(inputs.symbol, inputs.latest_date, lang)
    meeting, latest = inputs.meeting_date, inputs.latest_date
    joined = joined_after_meeting(inputs.attendance, inputs.latest_status, meeting)
    builders: dict[str, Callable[[], alt.TopLevelMixin]] = {
        "regional_participation": lambda: charts.regional_participation_chart(
            regional_participation(inputs.attendance), meeting_date=meeting, source=source,
            lang=lang),
        "ratification_gap_by_group": lambda: charts.ratification_gap_chart(
            ratification_gap(gaps_by_date(inputs)),
            source=source, lang=lang),
        "engagement_matrix": lambda: charts.engagement_matrix_chart(
            engagement(inputs.attendance, inputs.latest_status), latest_date=latest,
            source=source, lang=lang),
        "accession_timeline": lambda: charts.accession_timeline_chart(
            accession_timeline(), published_totals("firearms-protocol"), joined,
            meeting_date=meeting,
            source=source, lang=lang),
        "status_map": lambda: charts.status_map_chart(
            inputs.latest_status, inputs.attendance, as_of=latest, meeting_date=meeting,
            source=source, lang=lang),
        "pending_signatories": lambda: charts.pending_signatories_chart(
            pending_signatories(inputs.latest_status, inputs.attendance, latest), as_of=latest,
            source=source, lang=lang),
    }
    if inputs.voice is not None:
        builders["voice_by_group"] = lambda: charts.voice_by_group_chart(
            voice_by_group(voice_by_entity(inputs.voice, inputs.attendance,
                                           inputs.meeting_status)),
            meeting_date=meeting, source=source, lang=lang)
    return builders


def embedded_font_css(text: str, lang: str) -> str:
    """An ``@font-face`` rule carrying just the Noto Sans SC glyphs that ``text`` uses.

    Chinese figures embed it so that an SVG or HTML viewer without a Chinese font still
    shows the text (a subset of a few hundred characters is tens of kilobytes).
    English figures need none and get an empty string. The subset is deterministic.

    Example:
        >>> embedded_font_css("缔约方", "zh").startswith("@font-face")
        True
    """
    if lang != "zh":
        return ""
    options = subset.Options()
    options.recalc_timestamp = False
    options.name_IDs = ["*"]
    options.layout_features = ["*"]
    font = subset.load_font(str(pylopdf_fonts_zh_cn.sans_path()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text) | set(string.printable))))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    font.close()
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return ('@font-face { font-family: "Noto Sans SC"; '
            f'src: url(data:font/otf;base64,{data}) format("opentype"); }}')


def _with_css(svg: str, css: str) -> str:
    """Insert a ``<style>`` right after the opening ``<svg …>`` tag."""
    if not css:
        return svg
    end = svg.index(">", svg.index("<svg")) + 1
    return f"{svg[:end]}<defs><style>{css}</style></defs>{svg[end:]}"


def save_charts(charts_by_name: dict[str, alt.TopLevelMixin], out_dir: Path,
                lang: str = "en", suffix: str = "") -> list[Path]:
    """Write charts as ``NAME{suffix}.svg``, ``.png`` (2x) and ``.html``.

    Args:
        charts_by_name: The charts to write.
        out_dir: The folder (created if needed).
        lang: Label language; Chinese files embed the glyphs they use.
        suffix: Added to each name (``.zh`` for Chinese).

    Returns:
        The files written, three per chart, in order.

    Example:
        >>> import tempfile
        >>> chart = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q")
        >>> [p.name for p in save_charts({"demo": chart}, Path(tempfile.mkdtemp()))]
        ['demo.svg', 'demo.png', 'demo.html']
    """
    register_fonts()
    # The chart functions' specs are schema-validated by the tests; skipping it here
    # saves a second per map (its boundaries are inline).
    specs = {name: chart.to_dict(validate=False) for name, chart in charts_by_name.items()}
    svgs = {name: vlc.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[])
            for name, spec in specs.items()}
    # One subset of the visible text for the whole set: a single pass over the font.
    # (Tooltip text in the HTML pages falls back to the viewer's fonts.)
    css = embedded_font_css(html.unescape("".join(re.findall(r">([^<]+)<",
                                                             "".join(svgs.values())))), lang)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, spec in specs.items():
        # Names are built by hand: with_suffix would eat the ".zh" of "status_map.zh".
        svg_path, png_path, html_path = (Path(out_dir) / f"{name}{suffix}.{fmt}"
                                         for fmt in FORMATS)
        svg_path.write_text(_with_css(svgs[name], css), encoding="utf-8")
        png_path.write_bytes(vlc.svg_to_png(svgs[name], scale=2))
        title = spec.get("title", {})
        heading = title.get("text", name) if isinstance(title, dict) else name
        html_path.write_text(html_page(spec, heading, lang, css), encoding="utf-8")
        written += [svg_path, png_path, html_path]
    return written


def write_figures(report: Report, out_dir: Path = paths.FIGURES_DIR, lang: str = "en",
                  only: list[str] | None = None, tables_dir: Path | None = None,
                  inputs: FigureInputs | None = None) -> list[Path]:
    """Draw and write the whole figure set for a report.

    Args:
        report: The report (any language ``parse`` accepts).
        out_dir: Where to write (created if needed).
        lang: ``en`` or ``zh`` labels; Chinese files are named ``NAME.zh.EXT``.
        only: Draw just these figures.
        tables_dir: Also write the tables behind the figures here (``write_tables``).
        inputs: ``figure_inputs(report)`` when the caller already has them.

    Returns:
        The files written, in order.

    Example:
        >>> import tempfile
        >>> files = write_figures(read_report("data/raw/wg-firearms-2020-report.zh.txt"),
        ...                       Path(tempfile.mkdtemp()), only=["pending_signatories"])
        >>> [f.name for f in files]
        ['pending_signatories.svg', 'pending_signatories.png', 'pending_signatories.html']
    """
    inputs = inputs or figure_inputs(report)
    builders = figure_builders(inputs, lang)
    chosen = {name: build() for name, build in builders.items() if only is None or name in only}
    written = save_charts(chosen, Path(out_dir), lang, "" if lang == "en" else f".{lang}")
    return written + (write_tables(inputs, tables_dir) if tables_dir else [])


def write_tables(inputs: FigureInputs, out_dir: Path) -> list[Path]:
    """Write the tables the figures are drawn from as CSV (attendance, status, voice).

    Example:
        >>> import tempfile
        >>> inputs = figure_inputs(read_report("data/raw/wg-firearms-2020-report.zh.txt"))
        >>> [p.stem for p in write_tables(inputs, Path(tempfile.mkdtemp()))]
        ['attendance', 'status_meeting', 'status_latest', 'gap_by_group', 'voice']
    """
    tables = {"attendance": inputs.attendance, "status_meeting": inputs.meeting_status,
              "status_latest": inputs.latest_status,
              "gap_by_group": ratification_gap(gaps_by_date(inputs))}
    if inputs.voice is not None:
        tables["voice"] = voice_by_entity(inputs.voice, inputs.attendance, inputs.meeting_status)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        path = Path(out_dir) / f"{name}.csv"
        table.write_csv(path)
        written.append(path)
    return written


def default_report() -> Report:
    """The 2020 report shipped with the package.

    Example:
        >>> default_report().language
        'zh'
    """
    return read_report(paths.REPORT_2020_ZH)
