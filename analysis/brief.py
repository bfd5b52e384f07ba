"""The briefing pack: one self-contained, printable HTML page per label language.

Owns the page around the headline sentences (``findings.finding_sentences``, the
same the notebooks show, from ``findings.headline_numbers``, computed once):
the sentences, every figure inline as SVG, the sources and as-of dates, A4 print
styles, and the glyphs of a script a reader may lack. The page loads nothing from a
network and is the same bytes for the same inputs.
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

import polars as pl

from analysis.errors import BadDateError, OutputError
from analysis.export import make_folder
from analysis.figures import embedded_font_css, figure_specs, figure_svgs, figure_tables
from analysis.findings import finding_sentences, headline_numbers, provenance_note
from analysis.measure import text_width
from analysis.reference import display_names
from analysis.render import Renderer
from analysis.study import Study
from analysis.svg import font_sizes, svg_size, title_text
from analysis.tables import FigureTables
from analysis.treaty import data_as_of
from analysis.typeset import font_families, markup, render_html, typeset
from analysis.vocabulary import REGIONAL_GROUPS, Labels, load_labels

TEMPLATE = "brief.typ"
PAGE_TEMPLATE = "brief.html.j2"
FORMATS = ("html", "pdf")
"""What ``brief --format`` writes: the screen page, or the printed briefing."""

_PAGE_CSS = """
@page { size: A4; margin: 10mm 9mm; }
body { font-family: %(font)s; color: #111; max-width: 192mm; margin: 12mm auto;
       line-height: 1.45; font-size: 11pt; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 8mm 0 3mm; }
.meta { color: #444; margin: 0 0 4mm; }
li { margin-bottom: 2mm; }
/* Vega placed the figures' text for left-to-right anchoring; an rtl page would flip
   every text-anchor inside the inline SVG. The Arabic text itself still reads rtl. */
figure { margin: 0 0 7mm; break-inside: avoid; page-break-inside: avoid; direction: ltr; }
figure svg { width: 100%%; height: auto; }
/* A wide figure keeps its natural size on screen and scrolls sideways, rather than
   shrinking its text below SCREEN_MIN_PX. */
figure.wide { overflow-x: auto; }
figure.wide svg { width: auto; max-width: none; }
/* It leaves the column for the window's width (the engagement matrix, 1107 px, fits a
   1200 px window whole) and scrolls only in a narrower one: then from its start edge
   (the right in Arabic: the scroller takes the page's direction, its SVG stays ltr),
   with a shadow at each edge where more of it lies (the white covers scroll with the
   figure, the shadows stay; the SVG multiplies so its white lets them through). */
figure svg { direction: ltr; }
[dir="rtl"] figure.wide { direction: rtl; }
figure.wide {
  --fit: min(var(--screen-width), calc(100vw - 48px));
  width: var(--fit); margin-inline: calc((100%% - var(--fit)) / 2);
  background:
    linear-gradient(to right, #fff 40%%, rgba(255,255,255,0)) left / 32px 100%% no-repeat local,
    linear-gradient(to left, #fff 40%%, rgba(255,255,255,0)) right / 32px 100%% no-repeat local,
    radial-gradient(farthest-side at 0 50%%, rgba(0,0,0,.3), rgba(0,0,0,0))
      left / 16px 100%% no-repeat scroll,
    radial-gradient(farthest-side at 100%% 50%%, rgba(0,0,0,.3), rgba(0,0,0,0))
      right / 16px 100%% no-repeat scroll;
}
figure.wide svg { mix-blend-mode: multiply; }
.sources { font-size: 9.5pt; color: #333; }
.note { font-size: 9.5pt; color: #333; margin: 2mm 0 0; }
.nb { white-space: nowrap; }
.print-only { display: none; }
/* Print: at most three A4 pages, the findings on the first. Each figure prints at the
   width (--print-width) where its smallest text is 7 pt; one that would not fit the
   page at that width is left to the screen, and a printed note names it. */
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; line-height: 1.3; }
  h1 { font-size: 14pt; margin: 0 0 1mm; }
  h2 { font-size: 11pt; margin: 3mm 0 1.5mm; break-after: avoid; }
  .meta { margin: 0 0 1mm; }
  ul { margin: 0; padding-inline-start: 5mm; }
  li { margin-bottom: 1mm; }
  figure { margin: 0 0 3mm; }
  figure svg, figure.wide svg { width: var(--print-width); }
  figure.wide { width: auto; margin-inline: 0; background: none; }
  .screen-only { display: none; }
  .print-only { display: block; }
  .sources { font-size: 8pt; }
}
"""
SCREEN_MIN_PX = 8.5
"""The smallest text of a figure on screen, in CSS px, in the page's 192 mm column."""
_COLUMN_PX = 192 * 96 / 25.4


def is_wide(svg: str) -> bool:
    """Whether a figure scaled to the page's column would show text under ``SCREEN_MIN_PX``.

    Example:
        >>> is_wide('<svg width="1106" height="9"><text style="font-size: 11px">a</text></svg>')
        True
    """
    width, _ = svg_size(svg)
    smallest = min(font_sizes(svg), default=SCREEN_MIN_PX)
    return smallest * min(1.0, _COLUMN_PX / width) < SCREEN_MIN_PX


PRINT_MIN_PT = 7.0
"""The smallest printed text of the briefing, in points."""
PRINT_WIDTH_MM = 192.0
"""The printed page's text width: A4 (210 mm) less the 9 mm side margins."""


def print_width(svg: str) -> float | None:
    """The width in mm at which a figure prints its smallest text at ``PRINT_MIN_PT``.

    None when that is wider than the page: the figure cannot print legibly on A4.

    Example:
        >>> svg = '<svg width="400" height="300"><text style="font-size: 11px">a</text></svg>'
        >>> print_width(svg)
        89.8
        >>> print_width(svg.replace('width="400"', 'width="1000"')) is None
        True
    """
    width, _ = svg_size(svg)
    # A CSS pixel is 0.75 pt and 25.4 / 96 mm.
    scale = PRINT_MIN_PT / (0.75 * min(font_sizes(svg), default=PRINT_MIN_PT / 0.75))
    # Rounded up, so that no text ends up a hair under the minimum.
    millimetres = math.ceil(width * 25.4 / 96 * scale * 10) / 10
    return millimetres if millimetres <= PRINT_WIDTH_MM else None


PRINT_PAGES = 3
"""The briefing prints on at most this many A4 pages."""
_PAGE_HEIGHT_MM = 277.0  # A4 (297 mm) less the 10 mm top and bottom margins
_PT_MM = 25.4 / 72


def _text_mm(texts: list[str], size_pt: float, font: str, gap_mm: float = 0.0,
             indent_mm: float = 0.0) -> float:
    """The printed height of paragraphs (line-height 1.3), their lines measured.

    Each text is measured in the page's font (``measure.text_width``, the pinned fonts);
    its lines are that width over the column's (``indent_mm`` less), a tenth more for
    the room a line leaves at its end when the next word does not fit, and for bold.

    Example:
        >>> one = _text_mm(["Key findings"], 9.5, "Noto Sans")
        >>> round(one, 1), _text_mm(["word " * 200], 9.5, "Noto Sans") > 8 * one
        (4.8, True)
    """
    column_px = (PRINT_WIDTH_MM - indent_mm) * 96 / 25.4
    lines = sum(max(1, math.ceil(1.1 * text_width(text, size_pt / 0.75, font) / column_px))
                for text in texts)
    return 1.1 * (lines * size_pt * _PT_MM * 1.3 + gap_mm * len(texts))


def print_plan(svgs: dict[str, str], first: float, last: float) -> dict[str, float | None]:
    """Which figures print, and how wide (mm): in order, while they fit the pages.

    A figure prints at ``print_width`` (its smallest text at ``PRINT_MIN_PT``), never
    split across pages; one too wide for the page, or one that would need a page
    beyond ``PRINT_PAGES``, is left to the screen (None).

    Args:
        svgs: The figures as SVG text, in page order.
        first: Millimetres of page 1 the text before the figures takes.
        last: Millimetres the text after them needs on the last page.

    Example:
        >>> svg = '<svg width="400" height="600"><text style="font-size: 11px">a</text></svg>'
        >>> print_plan({"a": svg, "b": svg, "c": svg.replace("400", "2000")}, 100, 20)
        {'a': 89.8, 'b': 89.8, 'c': None}
    """
    pages, used, plan = 1, first, {}
    for name, svg in svgs.items():
        width = print_width(svg)
        plan[name] = None
        if width is None:
            continue
        natural_width, natural_height = svg_size(svg)
        height = width * natural_height / natural_width + 3  # and its margin
        if used + height > _PAGE_HEIGHT_MM:
            if pages == PRINT_PAGES:
                continue
            pages, used = pages + 1, 0.0
        plan[name], used = width, used + height
    if used + last > _PAGE_HEIGHT_MM and pages == PRINT_PAGES:
        # The sources would spill onto another page: the last figure stays on screen.
        plan[[name for name, width in plan.items() if width][-1]] = None
    return plan


def _unbroken_counts(text: str) -> str:
    """Chinese: a number and the counter or date word after it never part at a line end.

    Example:
        >>> _unbroken_counts("报告列出90个与会方")
        '报告列出<span class="nb">90个</span>与会方'
    """
    return re.sub(r"(\d[\d,.]*[个年月日项])", r'<span class="nb">\1</span>', text)


def findings(source: Study | FigureTables | dict[str, object], labels: Labels) -> list[str]:
    """The headline sentences in the label language (``findings.finding_sentences``).

    Args:
        source: The study, its ``figure_tables``, or their ``headline_numbers`` (compute
            those once when writing several languages).
        labels: The label language.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> study = build_study(default_report())
        >>> findings(study, load_labels("en"))[1][:64]
        'On 4 May 2024, 56 of these 78 States were parties to the Protoco'
    """
    numbers = source if isinstance(source, dict) else headline_numbers(source)
    return finding_sentences(numbers, labels)


def findings_and_note(source: Study | FigureTables | dict[str, object],
                      labels: Labels) -> tuple[list[str], str]:
    """The headline sentences a page lists, and the note on marked statuses set below them.

    The note ("* Status not taken from the depositary ...") explains the ``*`` of the
    sentences and figures; it is not a finding, so a page sets it apart from the list.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> listed, note = findings_and_note(build_study(default_report()), load_labels("en"))
        >>> note[:40], any(s.startswith("*") for s in listed)
        ('* Status not taken from the depositary o', False)
    """
    numbers = source if isinstance(source, dict) else headline_numbers(source)
    sentences = finding_sentences(numbers, labels)
    note = provenance_note(numbers["marked"], labels)
    if note and sentences and sentences[-1] == note:
        sentences = sentences[:-1]
    else:
        note = ""
    return sentences, note


def brief_html(study: Study, labels: Labels, svgs: dict[str, str],
               numbers: dict[str, object] | None = None) -> str:
    """The briefing page: sentences, the figures inline, sources; nothing from a network.

    Args:
        study: The study (its latest meeting is briefed).
        labels: The label language.
        svgs: The figures as SVG text (``figures.figure_svgs``), in display order.
        numbers: The study's ``headline_numbers`` (default: computed here).

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> page = brief_html(build_study(default_report()),
        ...                   load_labels("ar"), {})
        >>> '<html lang="ar" dir="rtl">' in page, "<script" in page
        (True, False)
    """
    study = study.for_meeting()
    days = labels.days(study.meeting_date, study.meeting_end)
    meta = labels("brief.meeting", report=study.meeting, meeting=days, latest=study.latest)
    sources = labels("brief.sources_text", report=study.meeting, meeting=days,
                     latest=data_as_of())
    sentences, note = findings_and_note(study if numbers is None else numbers, labels)
    # Page 1: the title, the meeting line and the findings; the last page: the sources.
    font = labels.font
    first = (_text_mm([labels("brief.title")], 14, font) + _text_mm([meta], 9.5, font, 1)
             + _text_mm(sentences, 9.5, font, 1, indent_mm=5) + _text_mm([note], 9.5, font)
             + 2 * 10)
    last = 10 + _text_mm([sources], 8, font) + _text_mm([labels.plural(
        "brief.screen_only", len(svgs), titles="x" * 200)], 9.5, font)
    widths = print_plan(svgs, first, last)
    screen_only = [title_text(svg) for name, svg in svgs.items() if widths[name] is None]
    page = {
        "lang": labels.lang, "direction": "rtl" if labels.rtl else "ltr",
        "title": labels("brief.title"), "meta": meta,
        "findings_heading": labels("brief.findings"),
        "findings": [markup(_unbroken_counts(html.escape(s))) for s in sentences],
        "findings_note": markup(_unbroken_counts(html.escape(note))),
        "figures_heading": labels("brief.figures"),
        "figures": [{"svg": markup(svg), "width": widths[name], "wide": is_wide(svg),
                     "px": math.ceil(svg_size(svg)[0])}
                    for name, svg in svgs.items()],
        "screen_only": labels.plural("brief.screen_only", len(screen_only), titles=labels(
            "list.separator").join(screen_only)) if screen_only else "",
        "sources_heading": labels("brief.sources"), "sources": sources,
    }
    # The embedded glyphs cover every character the file holds: headings, the title,
    # the sentences and the figures' text alike (the page drawn once without its style
    # sheet). Noto Sans is embedded in every language (Latin and Cyrillic text, and the
    # digits and Latin of the others), so the page prints the same lines on a machine
    # that lacks it.
    text = html.unescape(render_html(PAGE_TEMPLATE, css=None, **page))
    css = (_PAGE_CSS % {"font": labels.font} + embedded_font_css(text, "Noto Sans")
           + embedded_font_css(text, labels.embed_font))
    return render_html(PAGE_TEMPLATE, css=markup(css), **page)


def write_briefs(study: Study, langs: list[str], out: Path, fmt: str = "html") -> list[Path]:
    """Write the briefing for each language: the screen page (html) or the printed one (pdf).

    Args:
        study: The study.
        langs: Label languages.
        out: A file (one language) or a folder (``brief.LANG.html`` or ``.pdf`` per language).
        fmt: ``html`` (a self-contained page) or ``pdf`` (A4, typeset by Typst).

    Returns:
        The files written.

    Example:
        >>> from analysis.report import default_report
        >>> import tempfile
        >>> from analysis.study import build_study
        >>> study = build_study(default_report())
        >>> [p.name for p in write_briefs(study, ["en"], Path(tempfile.mkdtemp()))]
        ['brief.en.html']
    """
    if fmt not in FORMATS:
        raise OutputError(out, f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    if study.for_meeting().latest < study.for_meeting().meeting_date:
        # The sentences speak of States "still" not parties and of those that joined
        # "since" the meeting: a status date before it has no such reading.
        raise BadDateError(study.latest.isoformat(), "before the meeting of "
                           f"{study.for_meeting().meeting_date.isoformat()}; the briefing "
                           "describes the meeting and what followed")
    many = len(langs) > 1 or out.is_dir() or out.suffix == ""
    if len(langs) > 1 and out.suffix:
        raise OutputError(out, "several languages need a folder, not a file name")
    make_folder(out if many else out.parent, out)  # before the work; never a typo's tree
    tables = figure_tables(study)
    numbers = headline_numbers(tables)  # once, stated in every language
    written = []
    with Renderer() as renderer:
        for lang in langs:
            labels = load_labels(lang)
            path = out / f"brief.{lang}.{fmt}" if many else out
            if fmt == "pdf":
                # Each figure drawn again for print: its smallest text raised to 7 pt
                # at the page's width, its source line left to the sources at the end;
                # all queued before the first is awaited.
                # A bar chart is drawn a second time lower still: the template takes
                # that variant only where the pages would not hold the figures in order.
                specs, futures, lower = {}, {}, {}
                for name, spec in figure_specs(tables, labels):
                    spec = _without_source(spec, labels)
                    specs[name] = _print_spec(_compact(spec, _PRINT_HEIGHTS.get(name, 1.0)))
                    # The page takes the SVG; no PNG is made.
                    futures[name] = renderer.submit(specs[name], png=False)
                    if name in _LOWEST:
                        lower[name] = renderer.submit(_print_spec(_compact(
                            spec, _LOWEST[name])), png=False)
                svgs = {name: future.result()[0] for name, future in futures.items()}
                compact = {name: future.result()[0] for name, future in lower.items()}
                content = brief_pdf(brief_data(study, labels, tables, specs, svgs,
                                               numbers, compact))
            else:
                content = brief_html(study, labels, figure_svgs(tables, labels, renderer),
                                     numbers).encode("utf-8")
            path.write_bytes(content)
            written.append(path)
    return written


# --- The printed briefing: typeset by Typst, no browser involved ---------------------

PDF_TEXT_WIDTH_MM = 186.0
"""The PDF's text width: A4 (210 mm) less the 12 mm side margins of ``brief.typ``."""
_PRINT_MIN_PX = 11
"""The smallest text of a printed figure, in CSS px: 7 pt when 820 px fill the text width."""


def _print_spec(spec: object) -> object:
    """A figure's spec with no text under ``_PRINT_MIN_PX`` (timeline labels, counts).

    Example:
        >>> _print_spec({"mark": {"fontSize": 9}, "config": {"axis": {"labelFontSize": 12}}})
        {'mark': {'fontSize': 11}, 'config': {'axis': {'labelFontSize': 12}}}
    """
    if isinstance(spec, dict):
        return {key: max(value, _PRINT_MIN_PX) if key.lower().endswith("fontsize")
                and isinstance(value, int | float) else _print_spec(value)
                for key, value in spec.items()}
    if isinstance(spec, list):
        return [_print_spec(value) for value in spec]
    return spec


_PRINT_HEIGHTS = {"regional_participation": 0.5, "ratification_gap_by_group": 0.6,
                  "pending_signatories": 0.5, "voice_by_group": 0.6}
"""How much lower a bar or dot chart's plot is printed: its rows closer, its text the same."""
_LOWEST = {"regional_participation": 0.40, "ratification_gap_by_group": 0.46,
           "pending_signatories": 0.375, "voice_by_group": 0.5}
"""The lower variant's height, for a briefing whose pages are full: still a row for each
bar at least as high as its 7-pt label (18 px of the 11-px text for the attendance
bars, 16 px for the gap bars, 11 px between signatories, 10 px a voice bar, whose counts
stand beside it). The timeline places its labels on its 300-px plot: it has none; for
its pages the engagement tables are set closer instead."""
PRINT_ORDER = ("regional_participation", "ratification_gap_by_group", "engagement_matrix",
               "accession_timeline", "pending_signatories", "status_map", "voice_by_group")
"""The printed figures' order, the same in every language (others follow in their own)."""


def _compact(spec: dict, factor: float) -> dict:
    """The spec with its plot (or each repeated plot) ``factor`` times as high.

    Example:
        >>> _compact({"spec": {"height": 170}, "width": 600}, 0.7)
        {'spec': {'height': 119}, 'width': 600}
    """
    spec = dict(spec)
    if isinstance(spec.get("height"), int | float):
        spec["height"] = round(spec["height"] * factor)
    if isinstance(spec.get("spec"), dict):
        spec["spec"] = _compact(spec["spec"], factor)
    return spec


def _bidi_free(text: str) -> str:
    return re.sub("[\u2066-\u2069]", "", text)


def _source_prefix(labels: Labels) -> str:
    """How a figure's source line begins ("Sources: "), without direction marks."""
    return _bidi_free(labels("source", report="\0", as_of="2000-01-01")).split("\0")[0]


def _without_source(spec: dict, labels: Labels) -> dict:
    """The spec without its source line: the printed briefing names the sources once, last.

    The notes on marked statuses stay with the figure whose marks they explain.
    """
    title = spec.get("title")
    if not isinstance(title, dict) or not isinstance(title.get("subtitle"), list):
        return spec
    lines, prefix = title["subtitle"], _source_prefix(labels)
    start = next((i for i, line in enumerate(lines)
                  if _bidi_free(line).lstrip().startswith(prefix)), len(lines))
    return {**spec, "title": {**title, "subtitle": lines[:start]}}


def _unbroken(text: str, labels: Labels) -> str | list[str]:
    """Chinese: ``text`` in the pieces a line may end between, else ``text`` as it is.

    Chinese may otherwise break between any two characters, inside a name or a term;
    here a line ends only after punctuation or before an opening bracket (each piece is
    set unbreakable by ``templates/brief.typ``).

    Example:
        >>> _unbroken("未加入《公约》和《议定书》", load_labels("zh"))
        ['未加入', '《公约》和', '《议定书》']
        >>> _unbroken("《议定书》签署国，非缔约方", load_labels("zh"))
        ['《议定书》签署国，', '非缔约方']
    """
    if labels.lang != "zh":
        return text
    # After punctuation that does not run on into more; before an opening bracket that
    # does not follow another.
    pieces = re.split(r"(?<=[，、：；。）])(?![，、：；。）》])|(?<![《（])(?=[《（])",
                      text)
    return [piece for piece in pieces if piece]


def engagement_print(tables: FigureTables, subtitle: list[str], labels: Labels) -> dict:
    """The engagement figure laid out for print: its counts and its roster as two tables.

    The chart's matrix and list of names are wider than a page at 7 pt; printed, the
    counts are a small table and the States not bound are named in one column per
    standing, a row per regional group. Title and subtitle are the chart's own words
    (``subtitle``: the lines of its spec, the source line left out).

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> tables = figure_tables(build_study(default_report()))
        >>> part = engagement_print(tables, [], load_labels("en"))
        >>> [h["label"][:22] for h in part["roster"]["header"]]
        ['Signatory of the Proto', 'Party to the Conventio', 'Not a party to the Con']
        >>> part["roster"]["rows"][0]  # each cell's names in a list of their own
        ['African States', [[]], [['Egypt', 'Namibia']], [[]]]
    """
    from analysis.charts import ADHERENCE, BOUND, PALETTE, palette_labels

    study = tables.study
    shown = tables.engagement
    if not shown.filter(pl.col("bound") == "unknown")["states"].sum():
        shown = shown.filter(pl.col("bound") != "unknown")
    bound = labels.keys_of("bound", BOUND)
    attended = labels.keys_of("attended", ["true", "false"])
    columns = [(a, b) for a in (True, False) for b in BOUND if b in set(shown["bound"])]
    counts = {(g, a, b): n for g, a, b, n in shown.select(
        "regional_group", "attended", "bound", "states").iter_rows()}
    groups = [g for g in REGIONAL_GROUPS if g in set(shown["regional_group"])]
    names = display_names(labels, sort_key=True)
    closest = (tables.engaged_not_bound.join(names, on="entity_id", how="left")
               .with_columns(name=pl.col("name").fill_null(pl.col("entity_id")))
               .sort("sort_key", "name"))
    marked = tables.marked_engagement
    if marked is not None and marked.height:
        closest = closest.with_columns(name=pl.when(pl.col("entity_id").is_in(
            marked["entity_id"].implode())).then(pl.col("name") + labels("provenance.mark"))
            .otherwise("name"))
    present = [a for a in ADHERENCE if a in set(closest["adherence"])]
    listed = {(g, a): closest.filter((pl.col("regional_group") == g)
                                     & (pl.col("adherence") == a))["name"].to_list()
              for g in groups for a in present}
    return {
        "kind": "engagement",
        "title": labels("engagement.title", latest=study.latest.isoformat()),
        # The chart's subtitle lines, wrapped for its canvas: joined again (Chinese wraps
        # between any two characters, the others at a space).
        "subtitle": ("" if labels.lang == "zh" else " ").join(
            _bidi_free(line).strip() for line in subtitle),
        "matrix": {
            "header": ["", *(_unbroken(f"{attended[str(a).lower()]} · {bound[b]}", labels)
                             for a, b in columns)],
            "key": columns.index((True, "not_party")) + 1,
            "key_label": labels("engagement.key", year=study.meeting_date.year),
            "key_colour": PALETTE["attended"].colour,
            "key_outline": PALETTE["attended"].outline,
            "rows": [[labels.group(g), *(labels.number(counts.get((g, a, b), 0))
                                          for a, b in columns)] for g in groups]},
        "roster": {
            "heading": _unbroken(labels.plural("engagement.names", closest.height,
                                               year=study.meeting_date.year,
                                               latest=study.latest.isoformat()), labels),
            "header": [{"label": _unbroken(text, labels), "colour": PALETTE[code].colour}
                       for code, text in palette_labels(present, labels).items()],
            "rows": [[labels.group(g), *([[_unbroken(name, labels)
                                           for name in listed[(g, a)]]] for a in present)]
                     for g in groups if any(listed[(g, a)] for a in present)]},
    }


def _svg_part(svg: str, lower: str | None = None) -> dict:
    """A figure placed as its SVG, as wide as its smallest text needs for ``PRINT_MIN_PT``.

    ``lower``: the same figure with its plot lower, if it has such a variant.
    """
    width, _ = svg_size(svg)
    scale = PRINT_MIN_PT / (0.75 * min(font_sizes(svg), default=PRINT_MIN_PT / 0.75))
    millimetres = math.ceil(width * 25.4 / 96 * scale * 10) / 10
    if millimetres > PDF_TEXT_WIDTH_MM:
        raise OutputError(Path(title_text(svg) or "figure"),
                          f"is {millimetres} mm wide at 7 pt, wider than the page")
    part = {"kind": "svg", "title": title_text(svg), "svg": svg, "width": millimetres}
    if lower is not None:
        part["lower"] = _svg_part(lower)
    return part


def print_order(names: list[str]) -> list[str]:
    """The figures in ``PRINT_ORDER``, any other after them in the order given.

    Example:
        >>> print_order(["status_map", "x", "pending_signatories"])
        ['pending_signatories', 'status_map', 'x']
    """
    return sorted(names, key=lambda name: PRINT_ORDER.index(name) if name in PRINT_ORDER
                  else len(PRINT_ORDER))


def brief_data(study: Study, labels: Labels, tables: FigureTables,
               specs: dict[str, dict], svgs: dict[str, str],
               numbers: dict[str, object] | None = None,
               lower: dict[str, str] | None = None) -> dict:
    """What ``templates/brief.typ`` typesets: the sentences, every figure, the sources.

    Args:
        study: The study (its latest meeting is briefed).
        labels: The label language.
        tables: The study's ``figure_tables``.
        specs: The figures' specs for print (``_print_spec``), in order.
        svgs: Those specs drawn as SVG.
        numbers: The study's ``headline_numbers`` (default: taken from ``tables``).
        lower: Lower variants of some of ``svgs``, for pages that would not hold them.

    The figures are typeset in ``print_order``, the same in every language.
    """
    study = study.for_meeting()
    days = labels.days(study.meeting_date, study.meeting_end)
    lower = lower or {}
    sentences, note = findings_and_note(tables if numbers is None else numbers, labels)
    figures = [engagement_print(tables, specs[name]["title"]["subtitle"], labels)
               if name == "engagement_matrix"
               else _svg_part(svgs[name], lower.get(name)) for name in print_order(list(svgs))]
    return {
        "lang": labels.lang, "rtl": labels.rtl, "fonts": font_families(labels.lang),
        # Chinese headings are set apart by size, not weight: the pinned Noto Sans SC
        # has no bold face, and a bold Noto Sans would thicken only the digits.
        "strong": "regular" if labels.lang == "zh" else "bold",
        "title": labels("brief.title"),
        "meta": labels("brief.meeting", report=study.meeting, meeting=days,
                       latest=study.latest),
        "findings_heading": labels("brief.findings"),
        "findings": sentences, "findings_note": note,
        "figures_heading": labels("brief.figures"),
        "figures": figures,
        "sources_heading": labels("brief.sources"),
        "sources": labels("brief.sources_text", report=study.meeting, meeting=days,
                          latest=data_as_of()),
    }


def brief_pdf(data: dict) -> bytes:
    """The printed briefing: ``brief_data`` typeset on A4 with the pinned fonts, as PDF.

    Example:
        >>> brief_pdf({"lang": "en", "rtl": False, "fonts": ["Noto Sans"], "title": "T",
        ...     "meta": "", "findings_heading": "F", "findings": [], "figures_heading": "",
        ...     "figures": [], "sources_heading": "", "sources": ""})[:5]
        b'%PDF-'
    """
    return typeset(TEMPLATE, data)
