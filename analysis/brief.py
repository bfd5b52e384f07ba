"""The briefing pack: one self-contained, printable HTML page per label language.

Owns the headline numbers of a study (``findings.headline_numbers``, the same the
notebooks state) written as sentences in the label language, and the page:
the sentences, every figure inline as SVG, the sources and as-of dates, A4 print
styles, and the glyphs of a script a reader may lack. The page loads nothing from a
network and is the same bytes for the same inputs.
"""

from __future__ import annotations

import html
from pathlib import Path

from analysis.errors import BadDateError, OutputError
from analysis.figures import embedded_font_css, figure_svgs, figure_tables
from analysis.findings import headline_numbers, named
from analysis.render import Renderer
from analysis.study import Study
from analysis.treaty import data_as_of
from analysis.vocabulary import Labels, load_labels

_PAGE_CSS = """
@page { size: A4; margin: 16mm 14mm; }
body { font-family: %(font)s; color: #111; max-width: 182mm; margin: 12mm auto;
       line-height: 1.45; font-size: 11pt; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 8mm 0 3mm; }
.meta { color: #444; margin: 0 0 4mm; }
li { margin-bottom: 2mm; }
/* Vega placed the figures' text for left-to-right anchoring; an rtl page would flip
   every text-anchor inside the inline SVG. The Arabic text itself still reads rtl. */
figure { margin: 0 0 7mm; break-inside: avoid; page-break-inside: avoid; direction: ltr; }
figure svg { width: 100%%; height: auto; }
.sources { font-size: 9.5pt; color: #333; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
"""


def findings(study: Study, labels: Labels) -> list[str]:
    """The headline sentences in the label language.

    Example:
        >>> from analysis.study import build_study
        >>> study = build_study("data/raw/wg-firearms-2020-report.zh.txt")
        >>> findings(study, load_labels("en"))[1][:56]
        'On 4 May 2024 the Protocol had 123 parties. 71 Member St'
    """
    numbers = headline_numbers(study)
    study = study.for_meeting()
    sentences = [
        labels("brief.attendance", **{k: numbers[k] for k in (
            "participants", "states", "parties", "signatories", "non_parties", "igos",
            "un_entities")}),
        labels("brief.parties", latest=study.latest, protocol_parties=numbers["protocol_parties"],
               outside=numbers["outside"], signatories=numbers["latest_signatories"],
               convention_only=numbers["convention_only"], neither=numbers["neither"],
               unknown=numbers["unknown"]),
        labels("brief.closest", closest=numbers["closest"], latest=study.latest,
               names=named(numbers["closest_ids"], labels, in_list_order=True)),
    ]
    if numbers["protocol_undecided"]:
        sentences.append(labels("brief.undecided", count=numbers["protocol_undecided"],
                                latest=study.latest))
    sentences.append(labels("brief.joined", names=named(numbers["joined_ids"], labels))
                     if numbers["joined_ids"] else labels("brief.joined_none"))
    return sentences


def brief_html(study: Study, labels: Labels, svgs: dict[str, str]) -> str:
    """The briefing page: sentences, the figures inline, sources; nothing from a network.

    Args:
        study: The study (its latest meeting is briefed).
        labels: The label language.
        svgs: The figures as SVG text (``figures.figure_svgs``), in display order.

    Example:
        >>> from analysis.study import build_study
        >>> page = brief_html(build_study("data/raw/wg-firearms-2020-report.zh.txt"),
        ...                   load_labels("ar"), {})
        >>> '<html lang="ar" dir="rtl">' in page, "<script" in page
        (True, False)
    """
    study = study.for_meeting()
    meta = labels("brief.meeting", meeting=study.meeting_date, report=study.meeting,
                  latest=study.latest)
    sources = labels("brief.sources_text", report=study.meeting, meeting=study.meeting_date,
                     latest=data_as_of())
    items = "".join(f"<li>{html.escape(s)}</li>\n" for s in findings(study, labels))
    figures = "".join(f"<figure>{svg}</figure>\n" for svg in svgs.values())
    text = " ".join([labels("brief.title"), meta, items, sources, *svgs.values()])
    css = _PAGE_CSS % {"font": labels.font} + embedded_font_css(text, labels.embed_font)
    direction = "rtl" if labels.rtl else "ltr"
    headings = {key: html.escape(labels(key)) for key in (
        "brief.title", "brief.findings", "brief.figures", "brief.sources")}
    return (
        f'<!DOCTYPE html>\n<html lang="{labels.lang}" dir="{direction}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{headings["brief.title"]}</title>\n'
        f"<style>{css}</style>\n</head>\n<body>\n"
        f'<h1>{headings["brief.title"]}</h1>\n'
        f'<p class="meta">{html.escape(meta)}</p>\n'
        f'<h2>{headings["brief.findings"]}</h2>\n<ul>\n{items}</ul>\n'
        f'<h2>{headings["brief.figures"]}</h2>\n{figures}'
        f'<h2>{headings["brief.sources"]}</h2>\n'
        f'<p class="sources">{html.escape(sources)}</p>\n</body>\n</html>\n')


def write_briefs(study: Study, langs: list[str], out: Path) -> list[Path]:
    """Write the briefing pack for each language.

    Args:
        study: The study.
        langs: Label languages.
        out: A file (one language) or a folder (``brief.LANG.html`` per language).

    Returns:
        The files written.

    Example:
        >>> import tempfile
        >>> from analysis.study import build_study
        >>> study = build_study("data/raw/wg-firearms-2020-report.zh.txt")
        >>> [p.name for p in write_briefs(study, ["en"], Path(tempfile.mkdtemp()))]
        ['brief.en.html']
    """
    if study.for_meeting().latest < study.for_meeting().meeting_date:
        # The sentences speak of States "still" not parties and of those that joined
        # "since" the meeting: a status date before it has no such reading.
        raise BadDateError(study.latest.isoformat(), "before the meeting of "
                           f"{study.for_meeting().meeting_date.isoformat()}; the briefing "
                           "describes the meeting and what followed")
    many = len(langs) > 1 or out.is_dir() or out.suffix == ""
    if len(langs) > 1 and out.suffix:
        raise OutputError(out, "several languages need a folder, not a file name")
    tables = figure_tables(study)
    written = []
    with Renderer() as renderer:
        for lang in langs:
            labels = load_labels(lang)
            page = brief_html(study, labels, figure_svgs(tables, labels, renderer))
            path = out / f"brief.{lang}.html" if many else out
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")
            written.append(path)
    return written
