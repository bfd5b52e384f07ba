"""Reports as the UN publishes them: PDF, Word and pdftotext output, in English and Chinese.

The PDF and Word files are written here at run time (``tests/un_documents.py``) from
the shipped Chinese report and the English rendering in ``tests/fixtures``, laid out
like a UN document: the symbol as running header, job number and page as footer, the
attendance list of paragraph 39 broken across a page, "Kyrgyzstan" hyphenated at a
line end ("Kyrgyz-" / "stan"), "Counter-Terrorism" broken after its real hyphen, and
the lines saying when the meeting was held wrapped before the year.

The two ``.pdftotext*.txt`` fixtures are what pdftotext 22.12 (poppler) printed for
that English PDF: ``-layout`` keeps the hyphens at line ends; the default mode drops
every one of them, real ones too ("CounterTerrorism").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import fontpkg_noto_sans
import polars as pl
import pylopdf_fonts_zh_cn
import pytest

from analysis.attendance import list_names, parse_attendance
from analysis.errors import ReportReadError
from analysis.names import default_name_index
from analysis.report import read_report, report_from_text, shipped_reports, split_paragraphs
from tests.conftest import REPORT_EN, REPORT_ZH, ROOT
from tests.un_documents import (
    JOB,
    SYMBOL,
    Layout,
    truetype_cut,
    write_docx,
    write_pdf,
)

FIXTURES = ROOT / "tests" / "fixtures"
PDFTOTEXT_LAYOUT = FIXTURES / "wg-firearms-2020-excerpt.en.pdftotext-layout.txt"
PDFTOTEXT_DEFAULT = FIXTURES / "wg-firearms-2020-excerpt.en.pdftotext.txt"
NOTO_SANS = Path(fontpkg_noto_sans.__file__).parent / "files" / "NotoSans[wdth,wght].ttf"
EN_LAYOUT = Layout(hyphenate={"Kyrgyzstan,": ("Kyrgyz-", "stan,"),
                              "Counter-Terrorism": ("Counter-", "Terrorism")},
                   break_after=("July",))
ZH_LAYOUT = Layout(width=44)
CATEGORIES = ["party", "signatory", "non_party", "igo", "un_entity"]


def ids_by_category(table: pl.DataFrame) -> dict[str, list[str]]:
    """Entity ids per attendance category, in report order."""
    return {category: table.filter(pl.col("attended_as") == category)["entity_id"].to_list()
            for category in CATEGORIES}


@pytest.fixture(scope="module")
def chinese_ids() -> dict[str, list[str]]:
    """The ids of paragraphs 39-43 of the shipped Chinese edition."""
    return ids_by_category(parse_attendance(read_report(REPORT_ZH)))


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """The English and Chinese editions written as PDF and Word."""
    folder = tmp_path_factory.mktemp("published")
    english, chinese = REPORT_EN.read_text("utf-8"), REPORT_ZH.read_text("utf-8")
    font_zh = truetype_cut(pylopdf_fonts_zh_cn.sans_path(), chinese, folder / "sc.ttf")
    return {
        "en.pdf": write_pdf(english, folder / "report.en.pdf", NOTO_SANS, EN_LAYOUT),
        "en.docx": write_docx(english, folder / "report.en.docx", EN_LAYOUT),
        "zh.pdf": write_pdf(chinese, folder / "report.zh.pdf", font_zh, ZH_LAYOUT, cjk=True),
        "zh.docx": write_docx(chinese, folder / "report.zh.docx", ZH_LAYOUT),
    }


def test_the_written_pdf_is_laid_out_like_a_un_document(files):
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(files["en.pdf"]).pages]
    assert len(pages) == 3
    for number, text in enumerate(pages, start=1):
        lines = text.split("\n")
        assert lines[0] == SYMBOL
        assert JOB in lines[-1] and f"{number}/3" in lines[-1]
    # Paragraph 39 starts on page 2 and ends on page 3; Kyrgyzstan and Counter-Terrorism
    # are broken at a line end; the date lines wrap before the year.
    assert "39. The following 54 parties" in pages[1] and "Venezuela" in pages[2]
    assert "Jordan, Kyrgyz-\nstan, Malaysia" in pages[2]
    assert "Counter-\nTerrorism Committee" in pages[2]
    assert "17 July\n2020" in pages[0]
    assert not any("held" in line and "2020" in line for page in pages
                   for line in page.split("\n"))


@pytest.mark.parametrize("name", ["en.pdf", "en.docx"])
def test_parse_reads_pdf_and_word_with_the_ids_of_the_chinese_edition(cli, files, name,
                                                                       chinese_ids):
    result = cli("parse", files[name])
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    parsed = {category: [row["entity_id"] for row in rows if row["attended_as"] == category]
              for category in CATEGORIES}
    assert parsed == chinese_ids
    assert [len(parsed[c]) for c in CATEGORIES] == [54, 6, 19, 9, 2]
    kyrgyzstan = next(row for row in rows if row["entity_id"] == "KGZ")
    assert (kyrgyzstan["attended_as"], kyrgyzstan["raw_name"]) == ("non_party", "Kyrgyzstan")


def test_parse_reads_pdftotext_output_with_a_name_hyphenated_at_a_line_end(cli,
                                                                            chinese_ids):
    text = PDFTOTEXT_LAYOUT.read_text("utf-8")
    assert "Jordan, Kyrgyz-\nstan," in text and "\f" in text
    result = cli("parse", PDFTOTEXT_LAYOUT)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {c: [r["entity_id"] for r in rows if r["attended_as"] == c] for c in CATEGORIES} \
        == chinese_ids
    assert [r["raw_name"] for r in rows if r["entity_id"] in ("KGZ", "CTED")] \
        == ["Kyrgyzstan", "Counter-Terrorism Committee Executive Directorate"]


@pytest.mark.parametrize("name", ["zh.pdf", "zh.docx", "en.docx"])
def test_every_edition_and_format_gives_the_same_ids(files, name, chinese_ids):
    report = read_report(files[name])
    assert report.language == name[:2]
    assert ids_by_category(parse_attendance(report)) == chinese_ids


def test_pdftotext_default_mode_drops_real_hyphens_and_the_names_still_resolve(chinese_ids):
    text = PDFTOTEXT_DEFAULT.read_text("utf-8")
    assert "CounterTerrorism Committee" in text and "Kyrgyzstan" in text
    table = parse_attendance(read_report(PDFTOTEXT_DEFAULT))
    assert ids_by_category(table) == chinese_ids
    assert "Counter-Terrorism Committee Executive Directorate" in table["raw_name"].to_list()


def test_the_meeting_date_is_found_when_its_line_wraps(files):
    for name in ("en.pdf", "zh.pdf"):
        assert read_report(files[name]).meeting_date == dt.date(2020, 7, 16)
    wrapped = report_from_text("Distr.: Limited\n4 August 2020\nReport on the meeting held in "
                               "Vienna on 16 and 17 July\n2020\n", source="w.txt")
    assert wrapped.meeting_date == dt.date(2020, 7, 16)


def test_voice_reads_the_pdf_as_it_reads_the_text(cli, files):
    from_pdf = cli("voice", files["en.pdf"], "--by", "mention")
    from_text = cli("voice", REPORT_EN, "--by", "mention")
    assert from_pdf.returncode == 0, from_pdf.stderr
    assert from_pdf.stdout == from_text.stdout
    assert "EUU" in from_pdf.stdout and "José Romero Morgaz" in from_pdf.stdout


@pytest.mark.parametrize("name", ["zh.pdf", "zh.docx"])
def test_the_document_symbol_comes_from_the_running_header(files, name):
    # The Chinese text names no symbol in its body; the page header does.
    assert read_report(files[name]).symbol == SYMBOL


@pytest.mark.parametrize(("text", "names", "ids"), [
    ("Jordan, Kyrgyz-\nstan and Malta.", ["Jordan", "Kyrgyzstan", "Malta"],
     ["JOR", "KGZ", "MLT"]),
    ("Guinea-\nBissau, Timor-\n\nLeste and Bosnia and Herze-\ngovina.",
     ["Guinea-Bissau", "Timor-Leste", "Bosnia and Herzegovina"], ["GNB", "TLS", "BIH"]),
    ("United Nations Counter-\nTerrorism Centre of the Office of CounterTerrorism and "
     "Wassenaar Arrange-\nment.",
     ["United Nations Counter-Terrorism Centre of the Office of Counter-Terrorism",
      "Wassenaar Arrangement"], None),
])
def test_line_end_hyphens_are_decided_by_the_names_they_make(text, names, ids):
    index = default_name_index()
    listed = list_names(text, "en", lambda name: index.is_known(name, "en"))
    assert listed == names
    if ids:
        assert [index.resolve(pl.Series([n]), "en")["entity_id"].item() for n in listed] == ids


def test_what_a_pdf_does_to_text_is_repaired():
    text = ("CTOC/COP/WG.6/2020/3\n39. The following 3 parties to the Firearms Protocol\u00b9 "
            "were repre\u00adsented at the meeting: Kyrgyz\u00ad\nstan,\f\n- 2 -\n"
            "V.20-03820\n2/12 V.20-03820\nCTOC/COP/WG.6/2020/3 3/12\nPeru and \ufb01ji.\n")
    report = report_from_text(text, source="x.txt")
    assert [line for line in report.paragraph(39).text.split("\n") if line] == [
        "The following 3 parties to the Firearms Protocol were represented at the meeting: "
        "Kyrgyzstan,", "Peru and fiji."]


def test_paragraph_numbers_are_found_after_a_page_header(files):
    numbers = [p.number for p in read_report(files["en.pdf"]).paragraphs]
    assert numbers == [9, 16, 21, 24, *range(26, 38), *range(39, 45)]
    assert [p.number for p in split_paragraphs("1. A\n- 2 -\n2. B")] == [1, 2]


def test_the_format_is_told_by_the_bytes_not_the_name(tmp_path, files):
    disguised = tmp_path / "report.txt"
    disguised.write_bytes(files["en.docx"].read_bytes())
    assert read_report(disguised).paragraph(41).text.startswith("The following 19 States")


def test_a_shipped_report_may_be_a_pdf(tmp_path, files):
    (tmp_path / "wg-2021.en.pdf").write_bytes(files["en.pdf"].read_bytes())
    (tmp_path / "wg-2021.en.source.json").write_text('{"as_of": "2021-08-01"}')
    assert [p.name for p in shipped_reports(tmp_path)] == ["wg-2021.en.pdf"]


def test_build_study_reads_a_word_report(files):
    from analysis.study import build_study

    study = build_study(files["en.docx"])
    assert study.attendance.height == 90 and study.meeting_date == dt.date(2020, 7, 16)


def _scanned_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 170, 250, style="F")  # an image of a page: no text
    path.write_bytes(bytes(pdf.output()))
    return path


def test_a_scanned_pdf_is_one_clear_error(cli, tmp_path):
    scan = _scanned_pdf(tmp_path / "scan.pdf")
    result = cli("parse", scan)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {scan}: has no text layer (scanned?): none of its 2 pages holds text; "
        "run OCR on it or give the Word or text edition"]
    assert "Traceback" not in result.stderr and result.stdout == ""


def _encrypted_pdf(path: Path, user_password: str | None) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("body", fname=str(NOTO_SANS))
    pdf.set_font("body", size=10)
    pdf.cell(0, 5, "39. The following States were represented at the meeting: Chile and Peru.")
    pdf.set_encryption(owner_password="owner", user_password=user_password)
    path.write_bytes(bytes(pdf.output()))
    return path


def test_a_pdf_locked_only_against_editing_opens(tmp_path):
    report = read_report(_encrypted_pdf(tmp_path / "open.pdf", None))
    assert report.paragraph(39).text.endswith("Chile and Peru.")


def _docx_with(document_xml: bytes, path: Path, files) -> Path:
    with zipfile.ZipFile(files["en.docx"]) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, document_xml if item.filename == "word/document.xml" else data)
    return path


@pytest.mark.parametrize(("make", "message"), [
    (lambda tmp, files: _encrypted_pdf(tmp / "locked.pdf", "secret"),
     "is an encrypted PDF that needs a password"),
    (lambda tmp, files: _write(tmp / "cut.pdf", files["en.pdf"].read_bytes()[:400]),
     "is a damaged PDF"),
    (lambda tmp, files: _docx_with(b"<w:document", tmp / "bad.docx", files),
     "is a damaged Word file"),
    (lambda tmp, files: _zip(tmp / "sheet.xlsx"), "is a ZIP archive but not a Word document"),
    (lambda tmp, files: _write(tmp / "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
     "is a Word 97-2003 (.doc) file or a password-protected Office file"),
])
def test_unreadable_pdf_and_word_files_get_one_sentence(tmp_path, files, make, message):
    path = make(tmp_path, files)
    with pytest.raises(ReportReadError) as caught:
        read_report(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return path


def test_a_justified_un_style_pdf_gives_the_ids_of_the_chinese_edition(tmp_path, chinese_ids):
    from pypdf import PdfReader

    path = write_pdf(REPORT_EN.read_text("utf-8"), tmp_path / "justified.pdf",
                     NOTO_SANS, EN_LAYOUT, justify=True)
    layer = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    # The lead-in of the intergovernmental organizations is spread by runs of spaces.
    lead_in = next(line for line in layer.split("\n") if line.startswith("42."))
    assert re.fullmatch(r"42\. +The {2,}following {2,}intergovernmental {2,}organizations .*",
                        lead_in), lead_in
    assert layer.startswith(SYMBOL) and JOB in layer
    table = parse_attendance(read_report(path))
    assert ids_by_category(table) == chinese_ids
    assert [len(chinese_ids[c]) for c in CATEGORIES] == [54, 6, 19, 9, 2]


def _auto_numbered(source: Path, path: Path, first: int = 39) -> Path:
    """A copy of a Word file whose paragraphs from ``first`` on are numbered by Word.

    Their typed numbers ("39.<tab>") go, and they get Word's automatic numbering
    instead (``w:numPr`` of a list that starts at ``first``), as a secretariat's
    template does.
    """
    import docx

    document = docx.Document(source)
    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    num = numbering.add_num(numbering.num_having_numId(style_num).abstractNumId.val)
    num.add_lvlOverride(ilvl=0).add_startOverride(first)
    for paragraph in document.paragraphs:
        typed = re.match(r"(\d+)\.\t", paragraph.text)
        if typed and int(typed.group(1)) >= first:
            run = paragraph.runs[0]
            run.text = run.text[typed.end():]
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = num.numId
    document.save(path)
    return path


def test_word_automatic_paragraph_numbers_are_read_as_shown(tmp_path, files, chinese_ids):
    path = _auto_numbered(files["en.docx"], tmp_path / "numbered.docx")
    assert "39.\t" not in zipfile.ZipFile(path).read("word/document.xml").decode()
    report = read_report(path)
    assert report.paragraph(39).text.startswith("The following 54 parties")
    assert [p.number for p in report.paragraphs][-6:] == [39, 40, 41, 42, 43, 44]
    table = parse_attendance(report)
    assert ids_by_category(table) == chinese_ids
    assert table.group_by("attended_as", maintain_order=True).agg(pl.col("paragraph").first()) \
        .rows() == [("party", 39), ("signatory", 40), ("non_party", 41), ("igo", 42),
                    ("un_entity", 43)]


def _damaged_page(files, tmp: Path) -> Path:
    """The English PDF with bytes of page 2's compressed content stream inverted."""
    data = bytearray(files["en.pdf"].read_bytes())
    page = re.search(rb"/Contents (\d+) 0 R", data[data.index(b"/Kids"):])
    kids = re.findall(rb"(\d+) 0 R", data[data.index(b"/Kids"):data.index(b"]")])
    page_2 = re.search(rb"\n" + kids[1] + rb" 0 obj\s*<<.*?/Contents (\d+) 0 R", data, re.S)
    assert page and page_2
    stream = re.search(rb"\n" + page_2.group(1) + rb" 0 obj\s*<<.*?>>\s*stream\r?\n", data, re.S)
    for at in range(stream.end() + 50, stream.end() + 60):
        data[at] ^= 0xFF
    return _write(tmp / "page.pdf", bytes(data))


def _looping_pdf(files, tmp: Path) -> Path:
    data = files["en.pdf"].read_bytes()
    kids = data[data.index(b"/Kids"):data.index(b"]", data.index(b"/Kids")) + 1]
    pages_obj = data[:data.index(b"/Kids")].rsplit(b" 0 obj", 1)[0].rsplit(b"\n", 1)[-1]
    first_kid = kids.split(b"[")[1].split(b" 0 R")[0]
    looped = kids.replace(first_kid + b" 0 R", pages_obj + b" 0 R", 1)
    # Same length, so the cross-reference table still points right: only the loop is wrong.
    looped = looped[:len(kids)] if len(looped) >= len(kids) else looped.ljust(len(kids))
    return _write(tmp / "loop.pdf", data.replace(kids, looped, 1))


def _nested_pdf(files, tmp: Path) -> Path:
    """The English PDF whose page size is an array nested 200,000 deep."""
    data = files["en.pdf"].read_bytes()
    box = data[data.index(b"/MediaBox ["):data.index(b"]", data.index(b"/MediaBox [")) + 1]
    depth = 200_000
    return _write(tmp / "nested.pdf",
                  data.replace(box, b"/MediaBox " + b"[" * depth + b"]" * depth, 1))


def _rezipped(files, tmp: Path, name: str, method: int = zipfile.ZIP_DEFLATED) -> Path:
    path = tmp / name
    with zipfile.ZipFile(files["en.docx"]) as source, \
            zipfile.ZipFile(path, "w", compression=method) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item))
    return path


def _patched_headers(path: Path, field: str, value: int) -> Path:
    """``path`` with a field of every ZIP header set: the general-purpose ``flags``
    (bit 0: encrypted) or the compression ``method``, in local and central headers."""
    import struct

    data = bytearray(path.read_bytes())
    offsets = {"flags": (6, 8), "method": (8, 10)}[field]
    for signature, offset in zip((b"PK\x03\x04", b"PK\x01\x02"), offsets, strict=True):
        at = data.find(signature)
        while at >= 0:
            old = struct.unpack_from("<H", data, at + offset)[0]
            struct.pack_into("<H", data, at + offset, old | value if field == "flags" else value)
            at = data.find(signature, at + 4)
    return _write(path, bytes(data))


def _zip_bomb(files, tmp: Path) -> Path:
    """A 1 MB Word file whose document.xml unpacks to 300 MB."""
    path = tmp / "bomb.docx"
    with zipfile.ZipFile(files["en.docx"]) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                target.writestr(item, source.read(item))
        with target.open("word/document.xml", "w") as member:
            for _ in range(300):
                member.write(b" " * 2**20)
    return path


@pytest.mark.parametrize(("make", "message"), [
    (_damaged_page, "is a damaged PDF: the text of page 2 cannot be decoded"),
    (_looping_pdf, "is a damaged PDF (it cannot be read as one: PdfReadError: Detected cyclic "
                   "page references.)"),
    (_nested_pdf, "is a damaged PDF"),
    (lambda files, tmp: _write(tmp / "cut.docx", files["en.docx"].read_bytes()[:20000]),
     "is a damaged ZIP archive or Word file"),
    (lambda files, tmp: _patched_headers(_rezipped(files, tmp, "locked.docx"), "flags", 1),
     "is an encrypted ZIP archive"),
    (lambda files, tmp: _rezipped(files, tmp, "bz.docx", zipfile.ZIP_BZIP2),
     "is a ZIP archive whose [Content_Types].xml uses compression method 12"),
    (lambda files, tmp: _patched_headers(_rezipped(files, tmp, "aes.docx", zipfile.ZIP_STORED),
                                         "method", 99),
     "is a ZIP archive whose [Content_Types].xml uses compression method 99"),
    (_zip_bomb, "unpacks to 300 MiB, more than any Word report"),
], ids=["page", "loop", "nested", "cut-zip", "encrypted-zip", "bzip2", "method-99", "bomb"])
def test_damaged_and_unsafe_files_are_refused_in_one_sentence_within_seconds(
        cli, tmp_path, files, make, message):
    import time

    path = make(files, tmp_path)
    started = time.perf_counter()
    with pytest.raises(ReportReadError) as caught:
        read_report(path)
    elapsed = time.perf_counter() - started
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)
    assert elapsed < 5, f"{elapsed:.1f} s"
    result = cli("parse", path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"error: {caught.value}\n"
