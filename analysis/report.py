"""Reading a meeting report: bytes on disk to clean text, its language and its paragraphs.

Owns: decoding (UTF-8 with or without BOM, UTF-16 with BOM; PDF and Word files get
their text from ``extract``), line endings, Unicode normalisation (NFKC, so full-width
punctuation, presentation forms and ligatures such as "ﬁ" become plain characters), the
repairs of text that went through a PDF (form feeds, soft hyphens, superscript footnote
markers, running headers and footers, hard wraps: ``join_lines``), language detection,
the split into numbered paragraphs (across page breaks and footnotes), the meeting date
and the document symbol, and the list of reports shipped in ``data/raw/`` (one per
provenance sidecar). A hyphen at a line end is kept in the text: whether it joins a
word broken by the typesetter ("Kyrgyz-" / "stan") or belongs to a name
("Guinea-Bissau") is decided where names are known (``attendance.list_names``).
Promises: a ``Report`` or a ``ReportReadError``/``MissingSectionError`` naming the file
and the problem.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from analysis import paths
from analysis.errors import MissingSectionError, NotSupportedError, ReportReadError
from analysis.extract import extract_text
from analysis.languages import CUES, LANGUAGES, detect_language

MAX_REPORT_BYTES = 20 * 1024 * 1024
"""UN meeting reports are well under 1 MB; anything past 20 MB is not one."""

REPORT_SUFFIXES = (".txt", ".pdf", ".docx")
"""The files a shipped report may be, in order of preference (``shipped_reports``)."""

MAX_PARAGRAPH_GAP = 20
"""How far an excerpt may jump between paragraph numbers."""

# A UN document symbol such as CTOC/COP/WG.6/2020/3.
_SYMBOL = re.compile(r"\b[A-Z]{1,5}/[A-Z]{2,5}/[A-Z0-9./]+/\d{4}/\d+\b")

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# A paragraph starts with its number: "39. " (most languages) or "39- " (Arabic).
_PARAGRAPH_START = re.compile(r"^\s*(\d{1,3})\s*[.\-–]\s+(?=\S)")
# Lines that belong to the page, not to the text: job numbers, page counters ("3/12",
# "- 3 -"), document symbols and footnotes, alone or together on one line, as the
# running headers and footers of a UN document (or pdftotext) print them. They can fall
# in the middle of a list.
_PAGE_FURNITURE = re.compile(
    r"^\s*(?:\*.*|[A-Z]\.\d{2}-\d{5}.*|(?:\d+/\d+|[-–]\s*\d+\s*[-–])"
    r"(?:\s*[A-Z]\.\d{2}-\d{5}.*|\s+[A-Z]{1,5}/[A-Z0-9./]+)?"
    r"|[A-Z]{1,5}/[A-Z0-9./]+(?:/Rev\.\d+)?(?:\s+(?:\d+/\d+|[-–]\s*\d+\s*[-–]))?)\s*$"
)
# A section heading ("A. Opening of the meeting", "一. 导言"): in text from a PDF it
# follows the last line of a paragraph with no blank line between them.
_HEADING = re.compile(r"^\s*(?:[A-H]|[IVX]{1,4}|[一二三四五六七八九十]{1,3})\.\s+\S.{0,78}$")
# Footnote markers typeset as superscript digits right after a word ("Protocol¹").
_FOOTNOTE_MARKER = re.compile(r"(?<=[^\W\d_])[\u00b9\u00b2\u00b3\u2070-\u2079]+")


@dataclass(frozen=True)
class Paragraph:
    """One numbered paragraph of a report, its lines joined as they were."""

    number: int
    text: str


@dataclass(frozen=True)
class Report:
    """A decoded report: its text, where it came from and its language."""

    source: str
    text: str
    language: str

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """The numbered paragraphs, in order (see ``split_paragraphs``)."""
        return split_paragraphs(self.text)

    def paragraph(self, number: int) -> Paragraph:
        """Return paragraph ``number``.

        Raises:
            MissingSectionError: when the report has no such paragraph.
        """
        for p in self.paragraphs:
            if p.number == number:
                return p
        raise MissingSectionError(self.source, f"paragraph {number}")

    @cached_property
    def meeting_date(self) -> dt.date:
        """The first day of the meeting, read from the report (see ``find_meeting_date``)."""
        return find_meeting_date(self)

    @cached_property
    def meeting_end(self) -> dt.date:
        """The last day of the meeting as the report states it (see ``find_meeting_days``)."""
        return find_meeting_days(self)[1]

    @cached_property
    def symbol(self) -> str | None:
        """The document symbol: from the provenance sidecar or the report's own head, or None.

        The head is the text before the first numbered paragraph (title page, running
        header), so a document the report cites further on is never taken for it.

        Example:
            >>> read_report("data/raw/wg-firearms-2020-report.zh.txt").symbol
            'CTOC/COP/WG.6/2020/3'
        """
        symbol = _sidecar(Path(self.source)).get("document_symbol")
        if symbol:
            return symbol
        first = _FIRST_PARAGRAPH.search(self.text)
        head = _SYMBOL.search(self.text[:first.start() if first else 3000][:3000])
        return head.group(0) if head else None

    @cached_property
    def venue(self) -> str | None:
        """Where the meeting was held (a UN duty station's English name), or None.

        Read beside the dates, on a line saying when the meeting was held (``VENUES``).

        Example:
            >>> report_from_text("2020年7月16日和17日在维也纳举行的枪支问题工作组会议报告").venue
            'Vienna'
        """
        held = re.compile(CUES[self.language].held, re.IGNORECASE)
        lines = [line for line in self.text.split("\n") if line.strip()]
        for i, line in enumerate(lines):
            if held.search(line):
                near = " ".join(lines[max(i - 1, 0):i + 2])
                for venue, pattern in _VENUE_PATTERNS.items():
                    if pattern.search(near):
                        return venue
        return None


VENUES = {
    "Vienna": ("Vienna", "Vienne", "Viena", "Вене", "فيينا", "维也纳"),
    "New York": ("New York", "Nueva York", "Нью-Йорке", "نيويورك", "纽约"),
    "Geneva": ("Geneva", "Genève", "Ginebra", "Женеве", "جنيف", "日内瓦"),
    "Nairobi": ("Nairobi", "Найроби", "نيروبي", "内罗毕"),
}
"""The UN duty stations a meeting may be held at, and their names in the six languages."""
# A name in a script with spaces is a whole word ("Вене", not "Венесуэла"); Chinese
# writes none.
_VENUE_PATTERNS = {
    venue: re.compile("|".join(re.escape(form) if re.match(r"[\u4e00-\u9fff]", form)
                               else rf"(?<!\w){re.escape(form)}(?!\w)" for form in forms))
    for venue, forms in VENUES.items()}

_FIRST_PARAGRAPH = re.compile(r"^\s*\d{1,3}\s*[.\-–]\s+\S", re.MULTILINE)
# A symbol as a user may give it: upper-case series, then parts split by "/".
_GIVEN_SYMBOL = re.compile(r"[A-Z][A-Z0-9.\-]*(?:/[A-Za-z0-9.\-]+)+")


def check_symbol(symbol: str) -> str:
    """A document symbol as given by a user (``--symbol``), checked for its form.

    Raises:
        NotSupportedError: text that is no UN document symbol.

    Example:
        >>> check_symbol(" CTOC/COP/WG.6/2020/3 ")
        'CTOC/COP/WG.6/2020/3'
    """
    if not _GIVEN_SYMBOL.fullmatch(symbol.strip()):
        raise NotSupportedError(repr(symbol), "is not a UN document symbol (such as "
                                "CTOC/COP/WG.6/2020/3)")
    return symbol.strip()


def meeting_key(report: Report, symbol: str | None = None) -> str:
    """The meeting a report is of: its document symbol, else its venue and dates.

    A file name never names a meeting: two copies of one report are one meeting.

    Args:
        report: The report.
        symbol: The symbol to use when the report states none (``--symbol``).

    Returns:
        The symbol (from the sidecar, the report's head, or ``symbol``), or, when there
        is none, the venue and the days, e.g. ``Vienna 2020-07-16/17``.

    Raises:
        NotSupportedError: neither a symbol nor a venue beside the meeting dates.
        MissingSectionError: no meeting date.

    Example:
        >>> meeting_key(report_from_text("Meeting held in Vienna on 16 and 17 July 2020"))
        'Vienna 2020-07-16/17'
    """
    if report.symbol or symbol:
        return report.symbol or check_symbol(symbol)
    held = venue_and_days(report)
    if held is None:
        raise NotSupportedError(
            report.source, "cannot tell which meeting this report is of: no document symbol "
            "(no NAME.source.json sidecar beside it, none at the head of its text) and no "
            "venue beside the meeting dates; give its symbol with --symbol SYMBOL")
    return held


def venue_and_days(report: Report) -> str | None:
    """Where and when the meeting was held, ``Vienna 2020-07-16/17``; None without a venue.

    Example:
        >>> venue_and_days(read_report("data/raw/wg-firearms-2020-report.zh.txt"))
        'Vienna 2020-07-16/17'
    """
    if report.venue is None:
        return None
    return f"{report.venue} {_days(report.meeting_date, report.meeting_end)}"


def _days(first: dt.date, last: dt.date) -> str:
    """ISO 8601 days, the last shortened: ``2020-07-16/17``, ``2020-06-30/07-01``."""
    if first == last:
        return first.isoformat()
    same = 8 if first.month == last.month and first.year == last.year else (
        5 if first.year == last.year else 0)
    return f"{first.isoformat()}/{last.isoformat()[same:]}"


def _sidecar(report_path: Path) -> dict:
    """A report's provenance sidecar (``NAME.source.json``), or {} when there is none."""
    sidecar = report_path.with_name(report_path.stem + ".source.json")
    if not sidecar.is_file():
        return {}
    return json.loads(sidecar.read_text(encoding="utf-8"))


def shipped_reports(raw_dir: Path = paths.RAW_DIR) -> list[Path]:
    """The reports in ``data/raw/``: one per provenance sidecar, oldest meeting first.

    A report is a text, PDF or Word file (``REPORT_SUFFIXES``, the first found) with a
    ``NAME.source.json`` beside it; they are ordered by
    the date the sidecar gives (``as_of``), then by name, so a new meeting's report is
    added by dropping its two files into ``data/raw/``.

    Example:
        >>> [p.name for p in shipped_reports()]
        ['wg-firearms-2020-report.zh.txt']
    """
    found = []
    for sidecar in Path(raw_dir).glob("*.source.json"):
        stem = sidecar.name.removesuffix(".source.json")
        for suffix in REPORT_SUFFIXES:
            report = sidecar.with_name(stem + suffix)
            if report.is_file():
                meta = json.loads(sidecar.read_text(encoding="utf-8"))
                found.append((str(meta.get("as_of", "")), report.name, report))
                break
    return [path for _, _, path in sorted(found)]


def default_report() -> Path:
    """The path of the newest report shipped with the package (inside the wheel too).

    Example:
        >>> read_report(default_report()).language
        'zh'
    """
    reports = shipped_reports()
    if not reports:
        raise MissingSectionError(str(paths.RAW_DIR), "report with a provenance sidecar")
    return reports[-1]


def read_report(path: str | Path) -> Report:
    """Read a report file and return it decoded, normalised and with its language.

    Args:
        path: The report (any of the six UN languages) as plain text, PDF or Word
            (.docx); the format is told by the file's first bytes, not its name.

    Returns:
        The ``Report``.

    Raises:
        ReportReadError: missing file, binary content, undecodable bytes, empty or
            oversized file, a PDF without a text layer (scanned), an encrypted or
            damaged PDF or Word file, or text in none of the six UN languages.

    Example:
        >>> report = read_report("data/raw/wg-firearms-2020-report.zh.txt")
        >>> report.language
        'zh'
    """
    path = Path(path)
    if path.is_dir():
        raise ReportReadError(path, "is a folder, not a report file")
    if not path.exists():
        raise ReportReadError(path, "no such file")
    limit = MAX_REPORT_BYTES // (1024 * 1024)
    try:
        # Read one byte past the limit: works for pipes (/dev/stdin) as well as files.
        with path.open("rb") as handle:
            data = handle.read(MAX_REPORT_BYTES + 1)
    except OSError as error:
        raise ReportReadError(path, f"cannot be read ({error.strerror})") from None
    if len(data) > MAX_REPORT_BYTES:
        raise ReportReadError(
            path, f"file is larger than {limit} MiB, more than any meeting report")
    return report_from_bytes(data, source=str(path))


def report_from_bytes(data: bytes, source: str = "<bytes>") -> Report:
    """Decode report bytes (see ``read_report``); ``source`` names them in errors.

    Example:
        >>> report_from_bytes(b"39. The following States attended: Chile and Peru.").language
        'en'
    """
    if not data.strip():
        raise ReportReadError(source, "file is empty")
    extracted = extract_text(data, source)
    if extracted is not None:
        return report_from_text(extracted, source=source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        if b"\x00" in data[:8192]:
            raise ReportReadError(source, "file is binary, not text (it contains NUL bytes; "
                                  "if it is UTF-16, save it as UTF-8)")
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ReportReadError(
            source, f"file is not UTF-8 text (undecodable byte at offset {error.start}); "
            "save it as UTF-8") from None
    return report_from_text(text, source=source)


def report_from_text(text: str, source: str = "<text>") -> Report:
    """Normalise report text and detect its language.

    Args:
        text: The report text.
        source: How to name the text in error messages.

    Returns:
        The ``Report``.

    Raises:
        ReportReadError: empty text, or text in none of the six UN languages.

    Example:
        >>> report_from_text("39. 下列缔约方出席了会议：智利和秘鲁。").language
        'zh'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    # A page break is a line break; a soft hyphen only shows where a line broke a word,
    # so the word is whole without it; superscript footnote markers go before NFKC
    # would make them digits.
    text = text.replace("\f", "\n").replace("\v", "\n")
    text = re.sub(r"\u00ad[ \t]*\n[ \t]*", "", text).replace("\u00ad", "")
    text = _FOOTNOTE_MARKER.sub("", text)
    text = repair_characters(text)
    if not text.strip():
        raise ReportReadError(source, "file is empty")
    language = detect_language(text)
    if language not in LANGUAGES:
        raise ReportReadError(
            source, "text is in none of the six UN languages (ar, en, es, fr, ru, zh)")
    if language == "zh":
        # A justified Chinese line spreads its characters; Chinese has no spaces
        # between them, so a space there is the typesetter's.
        text = _SPACE_IN_CJK.sub("", text)
    return Report(source=source, text=text, language=language)


def repair_characters(text: str) -> str:
    """Make characters that differ only by how a file was produced the same characters.

    In order: line and paragraph separators (U+2028, U+2029, U+0085) become line
    breaks; invisible format characters (zero-width spaces and joiners, bidi marks and
    embeddings, word joiners, a byte-order mark: Unicode category Cf) go; NFKC makes
    full-width forms, ligatures, Kangxi radicals (U+2F00-2FD5) and CJK compatibility
    ideographs the ordinary characters; the radicals NFKC leaves (CJK Radicals
    Supplement, U+2E80-2EFF, which some PDF producers write into a text layer, ⻢
    U+2EE2 for 马) become their unified ideographs by Unicode's
    EquivalentUnifiedIdeograph data; Arabic-Indic digits become ASCII digits; and a
    run of spaces (a justified line of a PDF) is one space.

    Example:
        >>> repair_characters("The\u200b following   inter\u00adgovernmental ⻢\u2f25")
        'The following intergovernmental 马女'
    """
    text = text.translate(_LINE_SEPARATORS)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf") \
        if _FORMAT_CHARACTER.search(text) else text
    text = unicodedata.normalize("NFKC", text)
    if _RADICAL.search(text):
        text = text.translate(_equivalent_ideographs())
    return _SPACE_RUN.sub(" ", text.translate(_ARABIC_DIGITS))


_LINE_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\u0085": "\n"})
_FORMAT_CHARACTER = re.compile(r"[^\x00-\xac\xae-\u05ff]")
"""Everything a format character (Cf) may be; most texts have none of these at all."""
_RADICAL = re.compile(r"[\u2e80-\u2fdf]")
_SPACE_RUN = re.compile(r"(?<=\S) {2,}(?=\S)")
_SPACE_IN_CJK = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) +"
                           r"(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")
EQUIVALENT_IDEOGRAPHS = paths.RAW_DIR / "unicode" / "EquivalentUnifiedIdeograph.txt"
"""Unicode's own table of CJK radicals and their equivalent unified ideographs."""


@cache
def _equivalent_ideographs() -> dict[int, int]:
    """Unicode's radicals (U+2E80-2FDF) → unified ideographs, a ``str.translate`` table.

    Read from EquivalentUnifiedIdeograph.txt (Unicode 17.0.0, shipped in data/raw).
    """
    table: dict[int, int] = {}
    for line in EQUIVALENT_IDEOGRAPHS.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) != 2:
            continue
        first, _, last = fields[0].strip().partition("..")
        for code in range(int(first, 16), int(last or first, 16) + 1):
            if 0x2E80 <= code <= 0x2FDF:
                table[code] = int(fields[1], 16)
    return table


def split_paragraphs(text: str) -> list[Paragraph]:
    r"""Split text into its numbered paragraphs.

    A line opens paragraph N only when N is above the previous paragraph's number (by
    at most ``MAX_PARAGRAPH_GAP``, so excerpts may skip paragraphs), so numbered agenda
    items and list entries inside a paragraph do not break it. Page
    furniture lines (footnotes, job numbers, page counters, running headers) are
    dropped; blank lines inside a paragraph (page breaks) are kept as line breaks, and a
    section heading right after a paragraph's last sentence gets a blank line before it.

    Args:
        text: Normalised report text.

    Returns:
        The paragraphs in order; text before the first numbered paragraph is not one.

    Example:
        >>> [p.number for p in split_paragraphs("1. A\n1. agenda item\n2. B")]
        [1, 2]
    """
    paragraphs: list[Paragraph] = []
    number: int | None = None
    lines: list[str] = []
    for line in text.split("\n"):
        match = _PARAGRAPH_START.match(line)
        if match and (number is None
                      or number < int(match.group(1)) <= number + MAX_PARAGRAPH_GAP):
            if number is not None:
                paragraphs.append(Paragraph(number, "\n".join(lines).strip()))
            number = int(match.group(1))
            lines = [line[match.end():]]
        elif number is not None and not _PAGE_FURNITURE.match(line):
            if _HEADING.match(line) and lines and re.search(r"[.。]\s*$", lines[-1]):
                lines.append("")  # a heading stands apart, as in a text file
            lines.append(line)
    if number is not None:
        paragraphs.append(Paragraph(number, "\n".join(lines).strip()))
    return paragraphs


def join_lines(text: str, lang: str) -> str:
    r"""Join the hard-wrapped lines of a paragraph into one line of running text.

    Blank lines (page breaks) and surrounding spaces go; lines are joined with a space,
    or in Chinese, which writes no spaces between words, with nothing (but with a space
    between two Latin words, as in a person's name). A line ending in
    a hyphen after a letter is joined to the next without a space, keeping the hyphen
    ("Guinea-" / "Bissau"); ``attendance.list_names`` decides by the names it knows
    whether such a hyphen was only the typesetter's ("Kyrgyz-" / "stan").

    Example:
        >>> join_lines("held in Vienna on 16 and 17 July\n\n 2020", "en")
        'held in Vienna on 16 and 17 July 2020'
        >>> join_lines("Guinea-\nBissau", "en"), join_lines("在维也纳\n举行", "zh")
        ('Guinea-Bissau', '在维也纳举行')
        >>> join_lines("中校 Marcus\nVinicius da Silva", "zh")
        '中校 Marcus Vinicius da Silva'
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    joined = ""
    for line in lines:
        if not joined:
            joined = line
        elif re.search(r"[^\W\d_]-$", joined) and re.match(r"[^\W\d_]", line):
            joined += line
        elif lang == "zh" and not (_LATIN_END.search(joined) and _LATIN_START.match(line)):
            joined += line
        else:
            joined += " " + line
    return joined


# In Chinese text, a line break between two Latin words or numbers ("Marcus" /
# "Vinicius") was a space; next to a Chinese character it was nothing.
_LATIN_END = re.compile(r"[A-Za-z0-9À-ɏ]$")
_LATIN_START = re.compile(r"[A-Za-z0-9À-ɏ]")


def find_meeting_date(report: Report) -> dt.date:
    """Return the first day of the meeting: the first date on a line saying it was held.

    See ``find_meeting_days`` for the first and the last day.

    Args:
        report: The report.

    Returns:
        The date, e.g. 2020-07-16 for the 2020 report.

    Raises:
        MissingSectionError: when no line states when the meeting was held.

    Example:
        >>> find_meeting_date(report_from_text("Meeting held in Vienna on 16 and 17 July 2020"))
        datetime.date(2020, 7, 16)
    """
    return find_meeting_days(report)[0]


def find_meeting_days(report: Report) -> tuple[dt.date, dt.date]:
    """Return the first and the last day of the meeting, as the report states them.

    A meeting held "on 16 and 17 July 2020" (2020年7月16日和17日) ends on the 17th; a
    line naming one day gives that day twice. Nothing is guessed: a last day the report
    does not state is the first day.

    Raises:
        MissingSectionError: when no line states when the meeting was held.

    Example:
        >>> find_meeting_days(report_from_text("Meeting held in Vienna on 16 and 17 July 2020"))
        (datetime.date(2020, 7, 16), datetime.date(2020, 7, 17))
    """
    cues = CUES[report.language]
    date_re = re.compile(cues.date_pattern, re.IGNORECASE)
    held_re = re.compile(cues.held, re.IGNORECASE)
    lines = [line for line in report.text.split("\n") if line.strip()]
    for line in lines:
        if held_re.search(line):
            found = _first_date(date_re.finditer(line), cues.months)
            if found:
                return found
    # A title or sentence wrapped by a PDF ("… on 16 and 17 July" / "2020"): the line
    # that says "held" is read with its neighbours, and the date nearest "held" is taken
    # (not the distribution date printed just above the title).
    for i, line in enumerate(lines):
        if not held_re.search(line):
            continue
        window = join_lines("\n".join(lines[max(i - 2, 0):i + 3]), report.language)
        spots = [(m.start(), m.end()) for m in held_re.finditer(window)]
        distance = {m: min(max(m.start() - end, start - m.end()) for start, end in spots)
                    for m in date_re.finditer(window)}
        near = sorted((m for m in distance if distance[m] <= _HELD_REACH), key=distance.get)
        found = _first_date(near, cues.months)
        if found:
            return found
    raise MissingSectionError(report.source, "meeting date (a line saying when it was held)")


_HELD_REACH = 40
"""How far (in characters) from "held" a date on wrapped lines may stand; the nearest wins."""


def _first_date(matches: Iterable[re.Match], months: dict[str, int]
                ) -> tuple[dt.date, dt.date] | None:
    """The first of ``date_pattern`` matches that is a real date, or None.

    Returns the first and the last day it names (the same day when it names one).
    """
    for match in matches:
        month = _month_number(match.group("month"), months)
        if month is None:
            continue
        last = match.groupdict().get("last") or match.group("day")
        try:
            first = dt.date(int(match.group("year")), month, int(match.group("day")))
            end = dt.date(first.year, month, int(last))
        except ValueError:
            continue
        return first, max(first, end)
    return None


def _month_number(word: str, months: dict[str, int]) -> int | None:
    """Month number of a month name or digit (zh ``7月``, ar ``تموز/يوليه``)."""
    word = word.strip()
    if word.isdigit():
        return int(word) if 1 <= int(word) <= 12 else None
    for part in word.split("/"):
        found = months.get(part.strip().lower()) or months.get(part.strip())
        if found:
            return found
    return None
