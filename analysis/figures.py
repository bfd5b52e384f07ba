"""Figure export: the figure set of a study as SVG, PNG (2x) and self-contained HTML.

Owns which figures make up the set (the series figures too when a study holds two or
more meetings), drawing each from the tables ``tables.figure_tables`` builds (and the
display names of the label language), writing the files, the glyphs a label language
embeds; the tables behind the figures are written by ``export.write_tables``. Rendering
is ``render.Renderer``: pinned fonts, no network (the HTML pages embed the Vega
libraries), the same bytes every run.
"""

from __future__ import annotations

import base64
import html
import json
import string
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

import altair as alt
import polars as pl
from altair.utils.schemapi import debug_mode

from analysis import charts, paths
from analysis.charts.bars import unknown_note
from analysis.charts.series import symbol_list
from analysis.errors import BadArgumentError
from analysis.export import make_folder, write_tables
from analysis.findings import provenance_note
from analysis.participation import accession_labels
from analysis.reference import display_names
from analysis.render import EMBEDDABLE_FONTS, FONT_SAMPLES, Renderer, cut_font, to_svg
from analysis.series import SeriesTables, drawn_from_fixture
from analysis.study import Study, build_study
from analysis.svg import visible_text, with_style
from analysis.tables import (
    FigureTables,
    figure_tables,
    marked,
    marked_segments,
    open_consents,
    provenance,
)
from analysis.treaty import data_as_of
from analysis.vocabulary import Labels, load_labels

FORMATS = ("svg", "png", "html")
FIGURES = ("regional_participation", "ratification_gap_by_group", "engagement_matrix",
           "accession_timeline", "status_map", "pending_signatories", "voice_by_group")
SERIES_FIGURES = ("participation_by_meeting", "attendance_grid", "engagement_then_accession")
"""Added to the set when a study holds two or more meetings."""


def html_page(spec: dict, title: str, bundle: str, lang: str = "en", css: str = "",
              font: str | None = None) -> str:
    """A self-contained HTML page showing a Vega-Lite spec: no script or data from a network.

    Args:
        spec: The Vega-Lite spec.
        title: The page title.
        bundle: The Vega JavaScript (``render.vega_bundle``).
        lang: The page's language.
        css: Style rules to embed (an ``@font-face`` with the glyphs used).
        font: The embedded font's family; the chart waits for it to load.

    Example:
        >>> page = html_page({"mark": "point"}, "Demo", bundle="/* vega */")
        >>> "<script src=" in page, page.startswith("<!DOCTYPE html>")
        (False, True)
    """
    # "</" inside a script would end it early; JSON allows the escaped form.
    spec_json = json.dumps(spec, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    # Vega measures labels when it draws: wait for an embedded font to load first.
    ready = (f"document.fonts.load('12px \"{font}\"', '{FONT_SAMPLES[font]}')" if css and font
             else "Promise.resolve()")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>body {{ margin: 24px; }} {css}</style>\n"
        f"<script>{bundle}</script>\n</head>\n<body>\n<div id=\"chart\"></div>\n"
        f"<script>{ready}.then(() => vegaEmbed('#chart', {spec_json}, "
        '{"renderer": "svg", "actions": false})).catch(console.error);</script>\n'
        "</body>\n</html>\n"
    )


def embedded_font_css(text: str, family: str | None) -> str:
    """An ``@font-face`` rule carrying just the glyphs of ``family`` that ``text`` uses.

    Label languages whose script a viewer may lack (``Labels.embed_font``, e.g. Noto
    Sans SC for Chinese) embed it, so an SVG or HTML viewer without that font still
    shows the text; a subset of a few hundred characters (``render.cut_font``) is tens
    of kilobytes, the same bytes every time. Other languages get an empty string.

    Example:
        >>> embedded_font_css("缔约方", "Noto Sans SC").startswith("@font-face")
        True
        >>> embedded_font_css("Party", None)
        ''
    """
    if family is None:
        return ""
    return _font_face("".join(sorted(set(text) | set(string.printable))), family)


@lru_cache(maxsize=64)
def _font_face(characters: str, family: str) -> str:
    # Kept per character set: a notebook or a run drawing the same text again (a
    # briefing and its figures, every chart of a language) cuts the font once.
    data = base64.b64encode(cut_font(EMBEDDABLE_FONTS[family], map(ord, characters))
                            ).decode("ascii")
    truetype = EMBEDDABLE_FONTS[family].suffix == ".ttf"
    kind = ("ttf", "truetype") if truetype else ("otf", "opentype")
    return (f'@font-face {{ font-family: "{family}"; '
            f'src: url(data:font/{kind[0]};base64,{data}) format("{kind[1]}"); }}')


def figure_builders(study: Study | FigureTables, labels: Labels
                    ) -> dict[str, Callable[[], alt.TopLevelMixin]]:
    """The figure set: name -> a function drawing the chart (so a subset can be drawn).

    ``voice_by_group`` is included when the meeting's speaking roles could be read,
    and ``SERIES_FIGURES`` when the study holds two or more meetings.

    Args:
        study: The study, or its ``figure_tables`` when several languages are drawn.
        labels: The label language.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> study = build_study(default_report())
        >>> list(figure_builders(study, load_labels("en")))[:2]
        ['regional_participation', 'ratification_gap_by_group']
    """
    tables = study if isinstance(study, FigureTables) else figure_tables(study)
    meeting, latest = tables.study.meeting_date, tables.study.latest
    meeting_end = tables.study.meeting_end
    status_date = tables.study.status_date
    gap_days = sorted({status_date, latest})
    # The source line names the date the treaty data is true as of, whatever date the
    # study draws status on.
    source = charts.source_line(tables.study.meeting, data_as_of(), labels)
    names = display_names(labels, sort_key=True)
    attendance = tables.study.attendance

    def noted(marked: pl.DataFrame | None, unknown: pl.DataFrame | None = None) -> str:
        """The source line, after the notes naming the statuses it marks and the unknown."""
        note = provenance_note(marked, labels)
        unknown_text = unknown_note(unknown, names, labels) if unknown is not None else ""
        line = (charts.source_line(tables.study.meeting, data_as_of(), labels, marked=True)
                if note else source)
        return "\n".join(part for part in (note, unknown_text, line) if part)

    def starred(marked: pl.DataFrame | None) -> pl.DataFrame:
        """The States' names, those of the marked statuses with the mark."""
        if marked is None or not marked.height:
            return names
        return names.with_columns(name=pl.when(pl.col("entity_id").is_in(
            marked["entity_id"].implode())).then(pl.col("name") + labels("provenance.mark"))
            .otherwise("name"))
    builders: dict[str, Callable[[], alt.TopLevelMixin]] = {
        "regional_participation": lambda: charts.regional_participation_chart(
            tables.regional, meeting_date=meeting, meeting_end=meeting_end,
            source=noted(tables.marked_regional, open_consents(
                tables.study, [status_date], attendance)), labels=labels,
            marked=marked_segments(tables.study, [status_date], tables.marked_regional)),
        "ratification_gap_by_group": lambda: charts.ratification_gap_chart(
            tables.gap, source=noted(tables.marked_gap, open_consents(
                tables.study, gap_days)), labels=labels,
            marked=marked_segments(tables.study, gap_days)),
        "engagement_matrix": lambda: charts.engagement_matrix_chart(
            tables.engagement, tables.engaged_not_bound, starred(tables.marked_engagement),
            meeting_date=meeting, latest_date=latest, source=noted(tables.marked_engagement),
            labels=labels),
        "accession_timeline": lambda: charts.accession_timeline_chart(
            tables.timeline, tables.anchors, tables.joined, names, meeting_date=meeting,
            meeting_end=meeting_end, source=source, labels=labels),
        "status_map": lambda: charts.status_map_chart(
            tables.adherence, attendance, starred(tables.marked_latest), tables.topology,
            as_of=latest, meeting_date=meeting, meeting_end=meeting_end,
            source=noted(tables.marked_latest), labels=labels, basis=tables.basis_latest),
        "pending_signatories": lambda: charts.pending_signatories_chart(
            tables.pending, names, as_of=latest, meeting_date=meeting, source=source,
            labels=labels),
    }
    if tables.voice is not None:
        voice = tables.voice
        builders["voice_by_group"] = lambda: charts.voice_by_group_chart(
            voice, meeting_date=meeting, meeting_end=meeting_end, source=source,
            labels=labels)
    if tables.series is not None:
        builders.update(_series_builders(
            tables.series, tables.study, names, labels, (tables.timeline, tables.anchors)))
    # A figure drawn from a test fixture's invented meeting says so in its title.
    if drawn_from_fixture(tables.study.meetings) or (
            tables.series is not None and tables.series.fixture):
        return {name: partial(_test_data, build, labels) for name, build in builders.items()}
    return builders


def _test_data(build: Callable[[], alt.TopLevelMixin], labels: Labels) -> alt.TopLevelMixin:
    return charts.mark_test_data(build(), labels)


def _series_builders(series: SeriesTables, study: Study, names: pl.DataFrame,
                     labels: Labels, timeline: tuple[pl.DataFrame, pl.DataFrame]
                     ) -> dict[str, Callable[[], alt.TopLevelMixin]]:
    """The series figures: every meeting's symbol in the source line, weak statuses marked.

    A status resting on an inference or a secondary source is marked, with the note
    saying so.

    ``study`` holds the statuses of every meeting's date; ``timeline`` is the accession
    timeline's steps and published totals (its series version marks every meeting).
    """
    symbols = symbol_list(series.meetings["meeting"], labels)
    source = charts.source_line(symbols, data_as_of(), labels)
    # Each State on each meeting's status date: what its standing rests on.
    weak = pl.concat([
        provenance(study.status(day), study.status(day, treaty="untoc")).with_columns(
            meeting=pl.lit(meeting))
        for meeting, day in series.meetings.select("meeting", "status_date").iter_rows()])
    weak = weak.filter(pl.col("basis").is_in(["inferred", "secondary"])).join(
        series.grid.select("meeting", "entity_id", "attended_as", "regional_group",
                           "adherence"), on=["meeting", "entity_id"])
    # The bars split only the attending non-parties by the treaty data (as
    # regional_participation does); the grid draws the absent States' standing too.
    in_bars = weak.filter(pl.col("attended_as") == "non_party")
    in_grid = weak.filter(pl.col("attended_as").is_in(["non_party", "absent"]))
    in_lines = marked(pl.concat([weak.select("entity_id", "basis", "instrument"),
                                 provenance(study.latest_status, study.status(
                                     series.latest, treaty="untoc"))]),
                      series.accession.select("entity_id"))

    def noted(rows: pl.DataFrame) -> str:
        rows = marked(rows.select("entity_id", "basis", "instrument"))
        note = provenance_note(rows, labels)
        line = (charts.source_line(symbols, data_as_of(), labels, marked=True) if note
                else source)
        return "\n".join(part for part in (note, line) if part)

    def starred(rows: pl.DataFrame) -> pl.DataFrame:
        return names.with_columns(name=pl.when(pl.col("entity_id").is_in(
            rows["entity_id"].implode())).then(pl.col("name") + labels("provenance.mark"))
            .otherwise("name"))
    steps, anchors = timeline
    joined = series.accession.filter(pl.col("joined"))
    return {
        "participation_by_meeting": lambda: charts.participation_series_chart(
            series.participation, source=noted(in_bars), labels=labels,
            marked=in_bars.select("meeting", "regional_group", "adherence")),
        "attendance_grid": lambda: charts.attendance_grid_chart(
            series.grid, starred(in_grid), source=noted(in_grid), labels=labels),
        "engagement_then_accession": lambda: charts.engagement_accession_chart(
            series.accession, series.meetings, starred(in_lines), latest=series.latest,
            source=noted(in_lines), labels=labels),
        # Every meeting marked, and every State that joined after attending one named.
        "accession_timeline": lambda: charts.accession_timeline_chart(
            steps, anchors, accession_labels(joined), names,
            meeting_date=series.meetings["meeting_date"][-1],
            meeting_end=series.meetings["meeting_end"][-1],
            source=source, labels=labels, meetings=series.meetings),
    }


def _spec(chart: alt.TopLevelMixin, labels: Labels) -> dict:
    # The chart functions' specs are schema-validated by the tests; skipping it here
    # saves a tenth of a second per figure. A right-to-left language is mirrored.
    spec = chart.to_dict(validate=False)
    return charts.oriented(spec, labels)


def _write_set(rendered: dict[str, tuple[dict, Future]], out_dir: Path, labels: Labels,
               suffix: str, bundle: Callable[[], str]) -> list[Path]:
    """Write one language's figures once their SVG and PNG are ready."""
    results = {name: future.result() for name, (_, future) in rendered.items()}
    # One subset for the whole set, a single pass over the font: the text the SVGs show
    # and every string of the specs, which the HTML pages show in tooltips.
    css = embedded_font_css(visible_text(svg for svg, _ in results.values()) + "".join(
        json.dumps(spec, ensure_ascii=False) for spec, _ in rendered.values()),
        labels.embed_font)
    # Tooltips are HTML the Vega tooltip plugin styles in sans-serif: the page's fonts.
    tooltip_css = (f" body #vg-tooltip-element {{ font-family: {labels.font};"
                   f"{' direction: rtl;' if labels.rtl else ''}"
                   + "".join(f" {k}: {v};" for k, v in charts.TOOLTIP_STYLE.items()) + " }"
                   " body #vg-tooltip-element td.key { color: #555555; }")
    make_folder(out_dir)  # the folder, not a tree a typo would make
    written: list[Path] = []
    for name, (spec, _) in rendered.items():
        svg, png = results[name]
        # Names are built by hand: with_suffix would eat the ".zh" of "status_map.zh".
        svg_path, png_path, html_path = (out_dir / f"{name}{suffix}.{fmt}" for fmt in FORMATS)
        svg_path.write_text(with_style(svg, css), encoding="utf-8")
        png_path.write_bytes(png)
        title = spec.get("title", {})
        heading = title.get("text", name) if isinstance(title, dict) else name
        if isinstance(heading, list):  # a title wrapped onto several lines
            heading = " ".join(heading)
        html_path.write_text(html_page(spec, heading, bundle(), labels.lang,
                                       css + tooltip_css, labels.embed_font),
                             encoding="utf-8")
        written += [svg_path, png_path, html_path]
    return written


def _suffix(lang: str) -> str:
    return "" if lang == "en" else f".{lang}"


def save_charts(charts_by_name: dict[str, alt.TopLevelMixin], out_dir: Path,
                labels: Labels, suffix: str = "", renderer: Renderer | None = None
                ) -> list[Path]:
    """Write charts as ``NAME{suffix}.svg``, ``.png`` (2x) and ``.html``.

    Args:
        charts_by_name: The charts to write.
        out_dir: The folder (created if needed).
        labels: The label language; a language with an ``embed_font`` embeds its glyphs.
        suffix: Added to each name (``.zh`` for Chinese).
        renderer: A running ``Renderer`` (default: one for these charts).

    Returns:
        The files written, three per chart, in order.

    Example:
        >>> import tempfile
        >>> chart = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q")
        >>> [p.name for p in save_charts({"demo": chart}, Path(tempfile.mkdtemp()),
        ...                              load_labels("en"))]
        ['demo.svg', 'demo.png', 'demo.html']
    """
    if renderer is None:
        with Renderer(workers=0) as own:
            return save_charts(charts_by_name, out_dir, labels, suffix, own)
    specs = {name: _spec(chart, labels) for name, chart in charts_by_name.items()}
    rendered = {name: (spec, renderer.submit(spec)) for name, spec in specs.items()}
    return _write_set(rendered, Path(out_dir), labels, suffix, renderer.bundle)


def write_figures(study: Study, out_dir: Path = paths.FIGURES_DIR,
                  langs: Iterable[str] = ("en",), only: Iterable[str] | None = None,
                  tables_dir: Path | None = None, renderer: Renderer | None = None,
                  tables_format: str = "csv", bom: bool = False) -> list[Path]:
    """Draw and write the figure set of a study in one or more label languages.

    Every chart of every language is queued for rendering as soon as it is built, so
    drawing, rendering and rasterising overlap.

    Args:
        study: The study (``study.build_study``).
        out_dir: Where to write (created if needed).
        langs: Label languages; English files are ``NAME.EXT``, others ``NAME.LANG.EXT``.
        only: Draw just these figures.
        tables_dir: Also write the tables behind the figures here (``write_tables``).
        renderer: A running ``Renderer`` (default: one started here).
        tables_format: The tables' format (``write_tables``).
        bom: Start text tables with a byte-order mark (``write_tables``).

    Returns:
        The files written, in order: each language's figures, then the tables and
        their sidecars.

    Example:
        >>> from analysis.report import default_report
        >>> import tempfile
        >>> from analysis.study import build_study
        >>> files = write_figures(build_study(default_report()),
        ...                       Path(tempfile.mkdtemp()), only=["pending_signatories"])
        >>> [f.name for f in files]
        ['pending_signatories.svg', 'pending_signatories.png', 'pending_signatories.html']
    """
    # The folders first, before any work: a mistyped tree is refused, never made.
    folders = [Path(out_dir), *([Path(tables_dir)] if tables_dir else [])]
    for create in (False, True):
        for folder in folders:
            make_folder(folder, create=create)
    if renderer is None:
        with Renderer() as own:
            return write_figures(study, out_dir, langs, only, tables_dir, own,
                                 tables_format, bom)
    chosen = None if only is None else set(only)
    tables = figure_tables(study)
    order = [load_labels(lang) for lang in langs]
    # A language that embeds a font is rendered first, so that subsetting its font
    # (half a second) runs here while the workers render the other languages.
    sets = []
    for labels in sorted(order, key=lambda labels: labels.embed_font is None):
        sets.append((labels, _submitted(tables, labels, renderer, chosen)))
    written = {labels.lang: _write_set(rendered, Path(out_dir), labels, _suffix(labels.lang),
                                       renderer.bundle) for labels, rendered in sets}
    files = [path for labels in order for path in written[labels.lang]]
    return files + (write_tables(study, tables_dir, tables_format, bom) if tables_dir else [])


def figure_svgs(tables: FigureTables, labels: Labels, renderer: Renderer) -> dict[str, str]:
    """The figure set drawn as SVG text in one label language (no font embedded).

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> tables = figure_tables(build_study(default_report()))
        >>> with Renderer(workers=0) as renderer:
        ...     svgs = figure_svgs(tables, load_labels("en"), renderer)
        >>> list(svgs)[:2], svgs["status_map"].startswith("<svg")
        (['regional_participation', 'ratification_gap_by_group'], True)
    """
    return {name: future.result()[0]
            for name, (_, future) in _submitted(tables, labels, renderer, png=False).items()}


def figure_specs(tables: FigureTables, labels: Labels, only: Iterable[str] | None = None
                 ) -> Iterator[tuple[str, dict]]:
    """Each figure's Vega-Lite spec in one label language, drawn one at a time.

    A generator, so that a caller can render each figure while the next is drawn.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> tables = figure_tables(build_study(default_report()))
        >>> [name for name, _ in figure_specs(tables, load_labels("en"), ["status_map"])]
        ['status_map']
    """
    chosen = None if only is None else set(only)
    for name, build in figure_builders(tables, labels).items():
        if chosen is None or name in chosen:
            yield name, _drawn(build, labels)


def _drawn(build: Callable[[], alt.TopLevelMixin], labels: Labels) -> dict:
    # Altair checks each part of a chart against the schema as it is built: a third
    # of a second per language. The tests build every chart with it on.
    with debug_mode(False):
        return _spec(build(), labels)


RENDER_FIRST = ("engagement_matrix", "status_map", "ratification_gap_by_group",
                "accession_timeline")
"""The figures that take longest to render, drawn and queued first so that no long
render is left for the end. The engagement matrix before the map: its spec takes a
tenth of a second to the map's half second, so one worker starts while the map's spec
is built (the map renders in about a quarter of an English set's time)."""


def _submitted(tables: FigureTables, labels: Labels, renderer: Renderer,
               only: Iterable[str] | None = None, png: bool = True
               ) -> dict[str, tuple[dict, Future]]:
    """Queue each figure for rendering as soon as it is drawn: ``name -> (spec, future)``.

    Drawn and queued longest render first (``RENDER_FIRST``); returned in the order
    of the set. ``png=False`` draws the SVG alone (two fifths of a render saved where
    no PNG is written).
    """
    builders = figure_builders(tables, labels)
    wanted = None if only is None else set(only)
    chosen = [name for name in builders if wanted is None or name in wanted]
    queued = {}
    # sorted() keeps the set's order among the figures not named in RENDER_FIRST.
    for name in sorted(chosen, key=lambda name: RENDER_FIRST.index(name)
                       if name in RENDER_FIRST else len(RENDER_FIRST)):
        spec = _drawn(builders[name], labels)
        queued[name] = (spec, renderer.submit(spec, png=png))
    return {name: queued[name] for name in chosen}


def show_charts_as_svg(labels: Labels | None = None) -> None:
    """Make notebooks show Altair charts as static SVG drawn offline by vl-convert.

    The output is an image (``image/svg+xml``), not a script loading Vega from a
    network, so a saved notebook shows its charts anywhere (GitHub, nbviewer, an
    air-gapped laptop). With a label language that embeds a font, the SVG carries
    the glyphs it uses.

    Example:
        >>> show_charts_as_svg()
        >>> alt.renderers.active
        'static-svg'
    """
    family = labels.embed_font if labels else None

    def render(spec: dict, **_: object) -> dict[str, str]:
        svg = to_svg(charts.oriented(spec, labels) if labels else spec)
        return {"image/svg+xml": with_style(svg, embedded_font_css(visible_text([svg]),
                                                                  family)),
                "text/plain": "<chart drawn as SVG>"}

    alt.renderers.register("static-svg", render)
    alt.renderers.enable("static-svg")


@dataclass(frozen=True)
class NotebookInputs:
    """What a notebook shows, built once: the tables and figures of ``make figures``.

    ``tables`` and ``builders`` are ``figure_tables`` and ``figure_builders`` in the
    label language; ``study`` holds every meeting read, ``tables.study`` its latest.
    """


    study: Study
    labels: Labels
    tables: FigureTables
    builders: dict[str, Callable[[], alt.TopLevelMixin]]

    def figure(self, name: str) -> alt.TopLevelMixin:
        """The figure ``name`` of the set, drawn as ``make figures`` draws it.

        Raises:
            BadArgumentError: a name not in the set, listing the names that are (the
                series figures are in it only for a study of two or more meetings).

        Example:
            >>> from analysis.report import default_report
            >>> try:
            ...     notebook_inputs(default_report()).figure("nope")
            ... except BadArgumentError as error:
            ...     print(str(error)[:77])
            figure 'nope': not in this set; valid: regional_participation, ratification_g
        """
        if name not in self.builders:
            raise BadArgumentError("figure", name, "not in this set", tuple(self.builders))
        return self.builders[name]()


def notebook_inputs(reports: str | Path | list[str | Path], latest: object = None,
                    lang: str = "en") -> NotebookInputs:
    """The one way a notebook wires its inputs to the tables and figures of the set.

    Builds the study, its figure tables (once) and the figure builders in the label
    language, and makes charts show as static SVG (``show_charts_as_svg``).

    Args:
        reports: A report file, or several (``build_study``).
        latest: The second date every analysis shows (default: the treaty data's date).
        lang: The label language of the figures and sentences.

    Example:
        >>> from analysis.report import default_report
        >>> inputs = notebook_inputs(default_report(), lang="zh")
        >>> inputs.tables.engaged_not_bound.height, "attendance_grid" in inputs.builders
        (22, False)
    """
    labels = load_labels(lang)
    show_charts_as_svg(labels)
    study = build_study(reports, latest=latest)
    tables = figure_tables(study)
    return NotebookInputs(study=study, labels=labels, tables=tables,
                          builders=figure_builders(tables, labels))
