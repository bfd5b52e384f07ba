"""Text out of a report file as the UN publishes it: plain text, PDF or Word.

Owns recognising the format from the file's first bytes (its magic number, not its
name), the text layer of a PDF and the body of a Word file. PDF text comes from pypdf
rather than pdfminer.six: both are pure Python under permissive licences (BSD, MIT),
but pypdf needs no other package and read the test reports 1.7-4 times faster (3-page
English PDF 0.07 s against 0.29 s), while pdfminer.six's finer layout analysis buys
nothing here: the repairs need only the lines in reading order. Word text comes from
python-docx (MIT): paragraphs and tables in document order, after the first section's
running headers, which carry the document symbol; footers and footnotes are left
out. What a PDF does to text (running headers and footers, hard wraps, hyphens, soft
hyphens, ligatures) is repaired later, for PDF text and ``pdftotext`` output alike, by
``report``. Promises: a string, ``None`` for plain text (which ``report`` decodes), or
a ``ReportReadError`` naming the file and the problem in one sentence.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile

from analysis.errors import ReportReadError

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Word 97-2003 (.doc) and other Compound File Binary documents."""

MAX_PAGES = 1000
"""A meeting report has tens of pages; a PDF claiming more is not one (or loops)."""

MAX_UNPACKED_BYTES = 64 * 1024 * 1024
"""What a Word file may unpack to: a report is well under 5 MB even with its fonts, and
a ZIP bomb (a small file unpacking to gigabytes) is refused before anything is unpacked."""

MAX_ZIP_ENTRIES = 5000
"""Parts a Word file may hold; a report's .docx has a few dozen."""

_ZIP_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}
"""The only compressions Word writes; anything else is not a Word file of ours."""


def file_format(data: bytes) -> str:
    r"""The format of report bytes, told by their first bytes (not the file's name).

    One of ``pdf``, ``docx``, ``zip``, ``doc`` or ``text``. A PDF may carry a few bytes
    of junk before ``%PDF-`` (readers accept up to 1 KiB); a ZIP archive is a Word
    document when it holds ``word/document.xml``.

    Example:
        >>> file_format(b"%PDF-1.7\n..."), file_format(b"39. Chile and Peru.")
        ('pdf', 'text')
    """
    if PDF_MAGIC in data[:1024]:
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "docx" if "word/document.xml" in archive.namelist() else "zip"
        except Exception:  # a damaged archive: ``check_zip`` says how
            return "zip"
    if data.startswith(OLE_MAGIC):
        return "doc"
    return "text"


def extract_text(data: bytes, source: str = "<bytes>") -> str | None:
    """The text of a PDF or Word file, or ``None`` when ``data`` is plain text.

    Args:
        data: The file's bytes.
        source: How to name the file in errors.

    Returns:
        The text (pages of a PDF separated by a form feed; Word paragraphs and table
        rows one per line, table cells separated by a tab), or ``None`` for anything
        that is not a PDF or a ZIP/OLE document, which the caller decodes as text.

    Raises:
        ReportReadError: a PDF without a text layer (scanned), an encrypted, damaged,
            looping or oversized PDF or Word file, a page whose text cannot be decoded,
            a ZIP that is not a Word document (or is encrypted, uses a compression Word
            never uses, or unpacks to more than ``MAX_UNPACKED_BYTES``), or a Word
            97-2003 file.

    Example:
        >>> extract_text(b"39. Chile and Peru.") is None
        True
    """
    kind = file_format(data)
    if kind == "pdf":
        return pdf_text(data, source)
    if kind == "docx":
        return docx_text(data, source)
    if kind == "zip":
        check_zip(data, source)  # a damaged archive is called damaged, not "no Word file"
        raise ReportReadError(source, "is a ZIP archive but not a Word document (.docx); "
                              "give the report as PDF, Word (.docx) or text")
    if kind == "doc":
        raise ReportReadError(source, "is a Word 97-2003 (.doc) file or a password-protected "
                              "Office file, which cannot be read; save it as .docx without "
                              "a password, or as PDF")
    return None


def pdf_text(data: bytes, source: str = "<bytes>") -> str:
    r"""The text layer of a PDF, page by page (pages separated by ``\f``).

    Every page must give its text: a page whose content stream cannot be decoded
    (pypdf warns and returns nothing or part of it) stops the reading, naming the
    page, since its paragraphs would otherwise be missing without a word.

    Raises:
        ReportReadError: damaged (including a looping page tree or objects nested too
            deep), encrypted with a password, more than ``MAX_PAGES`` pages, a page
            whose text cannot be decoded, or without any text (a scan, which needs OCR
            first).

    Example:
        >>> pdf_text(b"%PDF-1.4 not really")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        analysis.errors.ReportReadError: <bytes>: is a damaged PDF ...
    """
    from pypdf import PdfReader

    logger = logging.getLogger("pypdf")
    # pypdf does not raise on much of what is wrong in a file: it logs a warning and
    # goes on (a stream it cannot inflate reads as empty). The warnings are collected
    # here and decide: while opening, they mean the file was repaired; while a page
    # is read, that its text may be missing.
    warnings = _Warnings()
    logger.addHandler(warnings)
    propagate, level = logger.propagate, logger.level
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _opened(reader, source):
            raise ReportReadError(source, "is an encrypted PDF that needs a password; "
                                  "remove the protection or give the Word or text edition")
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise ReportReadError(source, f"is a PDF of {count} pages, more than any meeting "
                                  f"report ({MAX_PAGES} at most); check the file")
        repaired = warnings.take()
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            try:
                text = page.extract_text() or ""
            except RecursionError:
                raise
            except Exception as error:  # a page pypdf cannot read is named below
                text, problem = "", [_reason(error)]
                warnings.take()
            else:
                problem = warnings.take()
            if problem:
                raise ReportReadError(source, f"is a damaged PDF: the text of page {number} "
                                      f"cannot be decoded ({problem[0]}); save or export it "
                                      "again")
            pages.append(text)
    except ReportReadError:
        raise
    except RecursionError:
        raise ReportReadError(source, "is a damaged PDF (its objects are nested too deep or "
                              "refer to each other in a loop); save or export it again") from None
    except Exception as error:  # anything pypdf meets in a damaged file, as damage
        raise ReportReadError(source, "is a damaged PDF (it cannot be read as one: "
                              f"{_reason(error)}); save or export it again") from None
    finally:
        logger.removeHandler(warnings)
        logger.propagate, logger.level = propagate, level
    if not "".join(pages).strip():
        noun = "page" if len(pages) == 1 else "pages"
        if repaired:
            raise ReportReadError(source, f"is a damaged PDF: none of its {len(pages)} {noun} "
                                  f"gives text ({repaired[0]}); save or export it again")
        raise ReportReadError(
            source, f"has no text layer (scanned?): none of its {len(pages)} {noun} holds "
            "text; run OCR on it or give the Word or text edition")
    empty = [number for number, text in enumerate(pages, start=1) if not text.strip()]
    if repaired and empty:
        raise ReportReadError(source, f"is a damaged PDF: page {empty[0]} gives no text "
                              f"({repaired[0]}); save or export it again")
    return "\f".join(pages)


def _reason(error: Exception) -> str:
    """An exception as a short clause: its type and the first line of its message."""
    message = " ".join(str(error).split("\n")[0].split())
    message = message if len(message) <= 80 else message[:80] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


class _Warnings(logging.Handler):
    """Collects the warnings pypdf logs, one short line each, until taken."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split())[:120])

    def take(self) -> list[str]:
        messages, self.messages = self.messages, []
        return messages


def _opened(reader: object, source: str = "<bytes>") -> bool:
    """Whether an encrypted PDF opens with the empty user password (no prompt in a viewer).

    Raises:
        ReportReadError: the PDF is AES-encrypted, which pypdf opens only with the
            ``cryptography`` package (not a dependency of this package).
    """
    from pypdf.errors import DependencyError

    try:
        return bool(reader.decrypt(""))  # type: ignore[attr-defined]
    except DependencyError:
        raise ReportReadError(source, "is an AES-encrypted PDF, which can be opened only with "
                              "the 'cryptography' package installed; install it or give the "
                              "Word or text edition") from None
    except Exception:  # an unknown algorithm or a broken encryption dictionary: locked
        return False


def check_zip(data: bytes, source: str = "<bytes>") -> list[str]:
    r"""Check a ZIP archive before anything in it is unpacked; return its member names.

    Word writes its files stored or deflated, never encrypted; the sizes the archive
    declares bound what unpacking can produce (``zipfile`` stops at the declared size
    and checks the CRC), so a ZIP bomb is refused here, in no time and no memory.

    Raises:
        ReportReadError: a damaged archive, an encrypted member, a compression other
            than stored or deflated, more than ``MAX_ZIP_ENTRIES`` members, or more than
            ``MAX_UNPACKED_BYTES`` unpacked.

    Example:
        >>> check_zip(b"PK\x03\x04 not really")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        analysis.errors.ReportReadError: <bytes>: is a damaged ZIP archive ...
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as error:  # BadZipFile, or a central directory zipfile cannot read
        raise ReportReadError(source, "is a damaged ZIP archive or Word file (it cannot be "
                              f"unpacked: {type(error).__name__}); save it again") from None
    if len(members) > MAX_ZIP_ENTRIES:
        raise ReportReadError(source, f"is a ZIP archive of {len(members)} files, more than "
                              f"a Word document holds ({MAX_ZIP_ENTRIES} at most)")
    for member in members:
        if member.flag_bits & 0x1:
            raise ReportReadError(source, f"is an encrypted ZIP archive ({member.filename} "
                                  "needs a password); give the report unencrypted")
        if member.compress_type not in _ZIP_METHODS:
            raise ReportReadError(source, f"is a ZIP archive whose {member.filename} uses "
                                  f"compression method {member.compress_type}, which Word "
                                  "never writes; save the report again as .docx")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReportReadError(source, f"unpacks to {unpacked // 2**20} MiB, more than any "
                              f"Word report ({MAX_UNPACKED_BYTES // 2**20} MiB at most; "
                              "a ZIP bomb?)")
    return [member.filename for member in members]


def docx_text(data: bytes, source: str = "<bytes>") -> str:
    r"""The body of a Word (.docx) file: paragraphs and tables in document order.

    Each paragraph is one line (a line or page break inside it is a line break),
    opened by the number Word's automatic numbering shows for it ("39."), as it would
    be typed; each table row is one line with its cells separated by a tab (a cell
    merged across columns counts once). The running headers of the first section
    (where a UN Word file prints the document symbol) come first; footers and
    footnotes are left out.

    Raises:
        ReportReadError: a damaged, encrypted, oversized or password-protected file
            (see ``check_zip``).

    Example:
        >>> docx_text(b"PK\x03\x04 not really")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        analysis.errors.ReportReadError: <bytes>: is a damaged ZIP archive or Word file ...
    """
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table

    check_zip(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
        # python-docx reads a page or column break as nothing, which would glue the
        # words on either side of it ("South Africa,Spain"): read every break as a line
        # break (this copy of the document is never saved).
        for brk in document.element.body.iter(qn("w:br")):
            brk.attrib.pop(qn("w:type"), None)
        # The running headers of the first section come first: they carry the document
        # symbol, and, standing before paragraph 1, they are no paragraph's text.
        section = document.sections[0] if document.sections else None
        headers = [] if section is None else [
            section.first_page_header, section.header, section.even_page_header]
        lines = [p.text for header in headers if not header.is_linked_to_previous
                 for p in header.paragraphs if p.text.strip()]
        numbering = _Numbering(document)
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    cells = list(dict.fromkeys(row.cells))  # merged cells repeat
                    lines.append("\t".join(cell.text.replace("\n", " ") for cell in cells))
            else:
                lines.append(numbering.label(block._p) + block.text)
    except Exception as error:  # anything python-docx or lxml meets in a damaged file
        raise ReportReadError(source, "is a damaged Word file (it cannot be read as .docx: "
                              f"{type(error).__name__}); save it again") from None
    return "\n".join(lines)


class _Numbering:
    """The numbers Word's automatic numbering shows before paragraphs (``w:numPr``).

    A paragraph is numbered by its own ``w:numPr`` or its style's; the number is the
    count of paragraphs so far at that level of the same list (``w:abstractNum``),
    from the level's ``w:start`` (or a ``w:startOverride``), written as the level's
    ``w:lvlText`` says ("%1."), followed by a tab. Deeper levels restart when a
    shallower one counts on. Bullets show no number.
    """

    def __init__(self, document: object) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self._levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self._abstract: dict[str, str] = {}
        self._starts: dict[tuple[str, int], int] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._styles: dict[str, tuple[str, int] | None] = {}
        part = document.part  # type: ignore[attr-defined]
        try:
            numbering = part.numbering_part.element
        except (NotImplementedError, KeyError):
            numbering = None
        if numbering is not None:
            for abstract in numbering.iter(qn("w:abstractNum")):
                levels = {}
                for lvl in abstract.iter(qn("w:lvl")):
                    levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                        int(self._val(lvl, "w:start") or 1),
                        self._val(lvl, "w:numFmt") or "decimal",
                        self._val(lvl, "w:lvlText") or "")
                self._levels[abstract.get(qn("w:abstractNumId"))] = levels
            for num in numbering.iter(qn("w:num")):
                num_id = num.get(qn("w:numId"))
                self._abstract[num_id] = self._val(num, "w:abstractNumId") or ""
                for override in num.iter(qn("w:lvlOverride")):
                    start = self._val(override, "w:startOverride")
                    if start is not None:
                        self._starts[(num_id, int(override.get(qn("w:ilvl"), "0")))] = int(start)
        for style in document.styles.element.iter(qn("w:style")):  # type: ignore[attr-defined]
            self._styles[style.get(qn("w:styleId"))] = self._num_pr(style)

    def _val(self, element: object, tag: str) -> str | None:
        found = element.find(self._qn(tag))  # type: ignore[attr-defined]
        return None if found is None else found.get(self._qn("w:val"))

    def _num_pr(self, element: object) -> tuple[str, int] | None:
        ppr = element.find(self._qn("w:pPr"))  # type: ignore[attr-defined]
        num_pr = None if ppr is None else ppr.find(self._qn("w:numPr"))
        if num_pr is None:
            return None
        return (self._val(num_pr, "w:numId") or "0", int(self._val(num_pr, "w:ilvl") or 0))

    def label(self, paragraph: object) -> str:
        """The number shown before ``paragraph`` (a ``w:p``), with its tab, or ""."""
        num_pr = self._num_pr(paragraph)
        if num_pr is None:
            ppr = paragraph.find(self._qn("w:pPr"))  # type: ignore[attr-defined]
            style = None if ppr is None else self._val(ppr, "w:pStyle")
            num_pr = self._styles.get(style) if style else None
        if num_pr is None or num_pr[0] == "0" or num_pr[0] not in self._abstract:
            return ""
        num_id, level = num_pr
        abstract = self._abstract[num_id]
        levels = self._levels.get(abstract, {})
        if level not in levels:
            return ""
        counters = self._counters.setdefault(abstract, {})
        start = self._starts.pop((num_id, level), None)
        counters[level] = (start if start is not None else
                           counters.get(level, levels[level][0] - 1) + 1)
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]
        if levels[level][1] in ("bullet", "none"):
            return ""

        def shown(match: re.Match) -> str:
            at = int(match.group(1)) - 1
            start_at, fmt, _ = levels.get(at, (1, "decimal", ""))
            return _format_number(counters.get(at, start_at), fmt)

        return re.sub(r"%([1-9])", shown, levels[level][2]) + "\t"


def _format_number(number: int, fmt: str) -> str:
    """A list number in a Word number format (decimal, letters, roman numerals)."""
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and 0 < number < 4000:
        roman = ""
        for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                               (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
                               (5, "v"), (4, "iv"), (1, "i")):
            count, number = divmod(number, value)
            roman += numeral * count
        return roman.upper() if fmt == "upperRoman" else roman
    return str(number)  # decimal, and the full-width and zero-padded forms NFKC evens out
