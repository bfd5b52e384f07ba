"""Test fixtures: a report's text laid out as a UN document, written as PDF or Word.

The tests write these files at run time from the real report's text (the shipped
Chinese edition, the English rendering in ``tests/fixtures``); nothing here is data.
A page has the document symbol as its running header and the job number and page
("9/11") as its footer, as UN documents do; lines are wrapped here (not by the writer)
so that a test decides where a line or a page breaks: the attendance list runs across
a page break where the source text has one, chosen words are hyphenated at a line end
("Kyrgyz-" / "stan") and chosen dates wrap ("… 16 and 17 July" / "2020").
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

SYMBOL = "CTOC/COP/WG.6/2020/3"
JOB = "V.20-04143"
_JOB_LINE = re.compile(r"^\s*[A-Z]\.\d{2}-\d{5}\b.*$")
PAGE_BREAK = "\f"


@dataclass(frozen=True)
class Layout:
    """How lines break: characters per line, lines per page, forced breaks."""

    width: int = 80
    lines_per_page: int = 52
    hyphenate: dict[str, tuple[str, str]] = field(default_factory=dict)
    """A word as printed → its two halves at a line end ("Kyrgyzstan," → "Kyrgyz-", "stan,")."""
    break_after: tuple[str, ...] = ()
    """Words after which the line always breaks (to wrap a date line)."""


def blocks(text: str) -> list[str]:
    """The source text as blocks (paragraphs and headings), page breaks as ``PAGE_BREAK``.

    A job-number line of the source is a page footer: the page breaks there. A block
    ending in a list separator ("," or "、") runs on after a page break, as paragraph 39
    does in the published report.
    """
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        block = block.strip()
        if _JOB_LINE.match(block):
            out.append(PAGE_BREAK)
            continue
        if out and out[-1] != PAGE_BREAK and out[-1].endswith((",", "、")):
            out.append(PAGE_BREAK)
        out.append(block)
    return [b for i, b in enumerate(out) if not (b == PAGE_BREAK and out[i - 1] == PAGE_BREAK)]


def _words(block: str, cjk: bool) -> list[str]:
    if not cjk:
        return block.split()
    # Chinese breaks anywhere; Latin runs inside it ("COVID-19", "2020") stay whole.
    return re.findall(r"[A-Za-z0-9./\-()\[\]#*]+ ?|\s|.", block)


def wrap(block: str, layout: Layout, cjk: bool = False) -> list[str]:
    """A source line's lines: words filled up to ``layout.width`` characters, forced breaks
    kept."""
    lines: list[str] = []
    line = ""
    joiner = "" if cjk else " "
    for word in _words(block, cjk):
        if word in layout.hyphenate:
            head, tail = layout.hyphenate[word]
            lines.append(f"{line}{joiner if line else ''}{head}")
            line = tail
            continue
        if line and len(line) + len(joiner) + len(word) > layout.width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line = f"{line}{joiner if line else ''}{word}"
        if word.strip() in layout.break_after:
            lines.append(line.rstrip())
            line = ""
    if line.strip():
        lines.append(line.rstrip())
    return lines


def pages(text: str, layout: Layout, cjk: bool = False) -> list[list[str]]:
    """The text's lines, page by page, with a blank line between blocks."""
    result: list[list[str]] = [[]]
    for block in blocks(text):
        if block == PAGE_BREAK:
            result.append([])
            continue
        wrapped = [line for source in block.split("\n") for line in wrap(source, layout, cjk)]
        for line in [*wrapped, ""]:
            if len(result[-1]) >= layout.lines_per_page:
                result.append([])
            result[-1].append(line)
    return result


JUSTIFY_SLACK = 12
"""How much wider than the wrap a justified line is (in characters): its gaps widen."""


def _justified(line: str, width: int) -> str:
    """``line`` padded to ``width`` characters by widening its gaps, left ones first."""
    words = line.split(" ")
    gaps = len(words) - 1
    if gaps < 1 or len(line) >= width:
        return line
    wide, more = divmod(width - len(line), gaps)
    return "".join(word + " " * (1 + wide + (i < more)) for i, word in enumerate(words[:-1])) \
        + words[-1]


def write_pdf(text: str, path: Path, font: Path, layout: Layout, cjk: bool = False,
              justify: bool = False) -> Path:
    """Write ``text`` as an A4 PDF laid out like a UN document, with ``font`` embedded.

    ``justify`` pads every line a paragraph goes on after to the full width by widening
    the spaces between its words, as a justified line reads in a PDF's text layer.
    """
    from fpdf import FPDF

    laid = pages(text, layout, cjk)
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.add_font("body", fname=str(font))
    for number, lines in enumerate(laid, start=1):
        pdf.add_page()
        pdf.set_font("body", size=9)
        # Running header: the symbol, outside edge (right on odd pages, left on even).
        pdf.set_xy(20, 10)
        pdf.cell(170, 5, SYMBOL, align="R" if number % 2 else "L")
        pdf.set_font("body", size=10)
        for row, line in enumerate(lines):
            goes_on = justify and row + 1 < len(lines) and lines[row + 1].strip()
            pdf.set_xy(20, 22 + row * 5)
            pdf.cell(170, 5, _justified(line, layout.width + JUSTIFY_SLACK) if goes_on else line)
        # Footer: job number and page, in the UN order (job first on odd pages).
        pdf.set_font("body", size=8)
        pdf.set_xy(20, 285)
        left, right = (JOB, f"{number}/{len(laid)}") if number % 2 else \
            (f"{number}/{len(laid)}", JOB)
        pdf.cell(85, 5, left, align="L")
        pdf.cell(85, 5, right, align="R")
    path.write_bytes(bytes(pdf.output()))
    return path


def write_docx(text: str, path: Path, layout: Layout) -> Path:
    """Write ``text`` as a Word file: the masthead in a table, one Word paragraph per block.

    The symbol is the running header and the job number the footer (Word keeps them
    out of the body); a page break stands where the source has one, and hyphenated
    words are broken with a manual line break after the hyphen.
    """
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = SYMBOL
    section.footer.paragraphs[0].text = f"{JOB}\t1/1"
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Distr.: Limited"
    table.cell(0, 1).text = "4 August 2020\nOriginal: English"
    paragraph = None
    for block in blocks(text):
        if block == PAGE_BREAK:
            if paragraph is not None:
                paragraph.add_run().add_break(WD_BREAK.PAGE)
            continue
        continues = paragraph is not None and paragraph.text.endswith((",", "、"))
        if not continues:
            paragraph = document.add_paragraph()
        # UN Word files type a paragraph's number and a tab before its text.
        words = re.sub(r"^(\d{1,3})\. ", "\\1.\t", block).split(" ")
        for i, word in enumerate(words):
            separator = " " if i < len(words) - 1 else ""
            if word in layout.hyphenate:
                head, tail = layout.hyphenate[word]
                paragraph.add_run(head).add_break()
                paragraph.add_run(tail + separator)
            else:
                paragraph.add_run(word + separator)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def truetype_cut(source: Path, text: str, out: Path) -> Path:
    """A TrueType (glyf) copy of an OpenType/CFF font with just the glyphs of ``text``.

    PDF writers embed CFF CID fonts in a way text extractors do not all read; the UN's
    own PDFs use TrueType or named encodings, which this stands in for.
    """
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text + " ")
    subsetter.subset(font)
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    for table in ("VORG",):
        if table in font:
            del font[table]
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(order)
    for attribute in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                      "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                      "maxComponentElements", "maxPoints", "maxContours",
                      "maxCompositePoints", "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, attribute, 1 if attribute == "maxZones" else 0)
    font.recalcBBoxes = True  # the glyph bounds and the maxp counts from the new outlines
    font["post"].formatType = 3.0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    buffer = io.BytesIO()
    font.save(buffer)
    font.close()
    out.write_bytes(buffer.getvalue())
    return out
