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
import zipfile

from analysis.errors import ReportReadError

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Word 97-2003 (.doc) and other Compound File Binary documents."""


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
        except zipfile.BadZipFile:
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
        ReportReadError: a PDF without a text layer (scanned), an encrypted or damaged
            PDF or Word file, a ZIP that is not a Word document, or a Word 97-2003 file.

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
        raise ReportReadError(source, "is a ZIP archive but not a Word document (.docx); "
                              "give the report as PDF, Word (.docx) or text")
    if kind == "doc":
        raise ReportReadError(source, "is a Word 97-2003 (.doc) file or a password-protected "
                              "Office file, which cannot be read; save it as .docx without "
                              "a password, or as PDF")
    return None


def pdf_text(data: bytes, source: str = "<bytes>") -> str:
    r"""The text layer of a PDF, page by page (pages separated by ``\f``).

    Raises:
        ReportReadError: damaged, encrypted with a password, or without any text
            (a scan, which needs OCR first).

    Example:
        >>> pdf_text(b"%PDF-1.4 not really")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        analysis.errors.ReportReadError: <bytes>: is a damaged PDF ...
    """
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs recoverable oddities of a file (and warns through ``logging``); the
    # text is what matters here, and a real problem raises.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    damaged = "is a damaged PDF (it cannot be read as one); save or export it again"
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _opened(reader, source):
            raise ReportReadError(source, "is an encrypted PDF that needs a password; "
                                  "remove the protection or give the Word or text edition")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReportReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            OSError, RecursionError, NotImplementedError):
        raise ReportReadError(source, damaged) from None
    if not "".join(pages).strip():
        noun = "page" if len(pages) == 1 else "pages"
        raise ReportReadError(
            source, f"has no text layer (scanned?): none of its {len(pages)} {noun} holds "
            "text; run OCR on it or give the Word or text edition")
    return "\f".join(pages)


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


def docx_text(data: bytes, source: str = "<bytes>") -> str:
    r"""The body of a Word (.docx) file: paragraphs and tables in document order.

    Each paragraph is one line (a line or page break inside it is a line break); each
    table row is one line with its cells separated by a tab (a cell merged across
    columns counts once). The running headers of the first section (where a UN Word
    file prints the document symbol) come first; footers and footnotes are left out.

    Raises:
        ReportReadError: a damaged or password-protected file.

    Example:
        >>> docx_text(b"PK\x03\x04 not really")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        analysis.errors.ReportReadError: <bytes>: is a damaged Word file ...
    """
    import docx
    from docx.opc.exceptions import OpcError
    from docx.oxml.ns import qn
    from docx.table import Table

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
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    cells = list(dict.fromkeys(row.cells))  # merged cells repeat
                    lines.append("\t".join(cell.text.replace("\n", " ") for cell in cells))
            else:
                lines.append(block.text)
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError, AttributeError, OSError,
            SyntaxError) as error:
        raise ReportReadError(source, "is a damaged Word file (it cannot be read as .docx: "
                              f"{type(error).__name__}); save it again") from None
    return "\n".join(lines)
