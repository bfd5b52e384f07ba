"""Attendance: the paragraphs listing who attended, parsed into one row per participant.

Owns finding the attendance paragraphs by their wording (not their numbers), their
category (``party``, ``signatory``, ``non_party``, ``igo``, ``un_entity``), the count a
paragraph states, and splitting its list into names: items are separated by 、，, ;
or the Arabic comma, and the last one follows a conjunction that may also occur inside
names (委内瑞拉玻利瓦尔共和国, "Trinidad and Tobago"), so the split point is chosen
where both sides are known names. Promises: stated counts equal parsed counts, every
name resolves, or an error names the paragraph.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from analysis.errors import (
    AnalysisError,
    AttendanceSectionError,
    CountMismatchError,
    DuplicateEntryError,
    MissingSectionError,
    ReportProblemsError,
)
from analysis.languages import CUES, LanguageCues, number_in_words
from analysis.names import NameIndex, default_name_index, normalise_names
from analysis.reference import entity_names, load_member_states
from analysis.report import Paragraph, Report, join_lines, repair_characters
from analysis.schemas import column_dtypes

_SEPARATORS = re.compile(r"[、,，;；،]")
_PARENTHESES = re.compile(r"\([^()]*\)")
_ARABIC_HARAKAT = re.compile(r"[\u064b-\u0652\u0670]")

ATTENDANCE_SCHEMA = column_dtypes("parse_attendance", (
    "paragraph", "attended_as", "stated_count", "position", "raw_name"))
"""The columns read from the text, before the names are resolved (``schemas.TABLES``)."""


def with_names(table: pl.DataFrame, lang: str, *, fallback: str | None = None) -> pl.DataFrame:
    """Add ``name_en`` and ``name_local``: UN short names of ``entity_id`` in English and ``lang``.

    Names come from the reference tables (``reference.entity_names``): a State's name
    from the UN country names, an organization's from the organizations table, in
    English where it has no name in ``lang``. An id the UN tables do not name (a
    territory such as ``HKG``, which the normaliser knows from ISO 3166) gets its ISO
    English name, and its ``name_local`` falls back to the ``fallback`` column (the
    name as the report prints it), so no resolved row is left without a name.

    Args:
        table: Any frame with an ``entity_id`` column; existing ``name_en`` and
            ``name_local`` columns are replaced.
        lang: The language of ``name_local`` (one of ``languages.LANGUAGES``).
        fallback: A column whose value stands in for a missing ``name_local``.

    Returns:
        ``table`` with ``name_en`` and ``name_local`` added at the end, rows in order.

    Example:
        >>> frame = pl.DataFrame({"entity_id": ["CIV", "EUU", "HKG"]})
        >>> for row in with_names(frame, "zh").rows():
        ...     print(row)
        ('CIV', "Côte d'Ivoire", '科特迪瓦')
        ('EUU', 'European Union', '欧洲联盟')
        ('HKG', 'Hong Kong', None)
    """
    english = entity_names("en").rename({"name": "name_en"})
    local = entity_names(lang).rename({"name": "name_local"})
    named = (table.drop("name_en", "name_local", strict=False)
             .join(english, on="entity_id", how="left", maintain_order="left")
             .join(local, on="entity_id", how="left", maintain_order="left"))
    # pycountry is read only when an id is missing, which the shipped reports never need.
    missing = named.filter(pl.col("name_en").is_null() & pl.col("entity_id").is_not_null())
    if missing.height:
        named = named.with_columns(name_en=pl.coalesce(
            "name_en", pl.col("entity_id").replace_strict(_iso_names(), default=None)))
    if fallback is not None:
        named = named.with_columns(name_local=pl.coalesce("name_local", fallback))
    return named


def _iso_names() -> dict[str, str]:
    """ISO 3166-1 English names by alpha-3 code, for territories the UN tables do not name."""
    import pycountry

    return {country.alpha_3: country.name for country in pycountry.countries}


@dataclass(frozen=True)
class AttendanceParagraph:
    """One attendance paragraph: its number, category, stated count and names in order."""

    paragraph: int
    category: str
    stated_count: int | None
    names: tuple[str, ...]


def classify_lead_in(lead_in: str, cues: LanguageCues) -> str | None:
    """Return the attendance category a paragraph's lead-in announces, or None.

    Args:
        lead_in: The text before the list's colon.
        cues: The language's cues.

    Returns:
        One of ``vocabulary.CATEGORIES`` when the lead-in says who attended, else None.

    The lead-in is read through what a file's production does to text: runs of
    spaces of a justified line, line breaks, zero-width and bidi characters, soft
    hyphens, full-width forms, spaces between Chinese characters, Arabic vowel marks.

    Example:
        >>> from analysis.languages import CUES
        >>> classify_lead_in("下列 6 个签署国派观察员出席了会议", CUES["zh"])
        'signatory'
        >>> classify_lead_in("The following intergovernmental   organi\u00adzations were\u200b "
        ...                  "represented  by  observers", CUES["en"])
        'igo'
    """
    lead_in = _lead_in_key(lead_in)
    if not re.search(cues.attended, lead_in, re.IGNORECASE):
        return None
    for category, pattern in cues.categories:
        if re.search(pattern, lead_in, re.IGNORECASE):
            return category
    return None


def stated_count(lead_in: str, lang: str) -> int | None:
    """The number of participants a lead-in states, in digits or words, if any.

    Parenthesised asides (which mention COVID-19) are ignored.

    Example:
        >>> stated_count("The following six signatories (given COVID-19) were represented", "en")
        6
        >>> stated_count("下列5个缔约方出席了会议", "zh")
        5
    """
    text = _PARENTHESES.sub(" ", lead_in)
    # Digits standing alone: Han characters count as word characters, so only Latin
    # letters, digits and hyphens (as in "COVID-19") may not touch the number.
    digits = re.search(r"(?<![0-9A-Za-z\-])(\d{1,3})(?![0-9\-])", text)
    if digits:
        return int(digits.group(1))
    return number_in_words(text, lang)


def split_list(
    body: str, cues: LanguageCues, is_known: Callable[[str], bool] | None = None
) -> list[str]:
    """Split a list of names written in running text into the names, in order.

    Args:
        body: The list text (after the colon, before the final full stop).
        cues: The language's cues (conjunctions).
        is_known: Tells whether a string is a known name; used to find which
            occurrence of the conjunction in the last item separates two names.

    Returns:
        The names, stripped.

    Example:
        >>> from analysis.languages import CUES
        >>> split_list("乌拉圭和委内瑞拉玻利瓦尔共和国", CUES["zh"], lambda n: n in
        ...            {"乌拉圭", "委内瑞拉玻利瓦尔共和国"})
        ['乌拉圭', '委内瑞拉玻利瓦尔共和国']
    """
    items = [item.strip() for item in _SEPARATORS.split(body)]
    items = [item for item in items if item]
    if not items:
        return []
    if cues.conjunction_is_prefix and is_known is not None:
        # Arabic writes "أ، وب، وج": every item after the first may carry the و.
        items = [_drop_prefix(item, cues, is_known) for item in items[:-1]] + items[-1:]
    return items[:-1] + _split_last(items[-1], cues, is_known, several=len(items) > 1)


def _drop_prefix(item: str, cues: LanguageCues, is_known: Callable[[str], bool]) -> str:
    """Remove a prefixed conjunction when only the name without it is known."""
    for conjunction in cues.conjunctions:
        rest = item[len(conjunction):].strip()
        if item.startswith(conjunction) and not is_known(item) and is_known(rest):
            return rest
    return item


def _split_last(item: str, cues: LanguageCues, is_known: Callable[[str], bool] | None,
                several: bool) -> list[str]:
    """Split the last item at the conjunction that separates two names."""
    conj = "|".join(map(re.escape, cues.conjunctions))
    if cues.conjunction_is_prefix:
        spots = [m.start() for m in re.finditer(rf"(?:^|\s)({conj})(?=\w)", item)]
        cuts = [(item[:s].strip(), re.sub(rf"^\s*(?:{conj})", "", item[s:]).strip())
                for s in spots]
    elif re.search(r"[\u4e00-\u9fff]", conj):
        cuts = [(item[:m.start()].strip(), item[m.end():].strip())
                for m in re.finditer(conj, item)]
    else:
        cuts = [(item[:m.start()].strip(), item[m.end():].strip())
                for m in re.finditer(rf"(?:^|\s)(?:{conj})\s", item, re.IGNORECASE)]
    cuts.reverse()
    known = is_known or (lambda _name: False)
    # A leading conjunction (serial comma: "…, and Z") leaves an empty left side.
    for left, right in cuts:
        if known(right) and (left == "" or known(left)):
            return [right] if left == "" else [left, right]
    if known(item) or not cuts:
        return [item]
    for left, right in cuts:
        if known(right) or known(left):
            return [right] if left == "" else [left, right]
    left, right = cuts[0] if several else cuts[-1]
    return [right] if left == "" else [left, right]


def list_names(text: str, lang: str, is_known: Callable[[str], bool] | None = None
               ) -> list[str]:
    r"""The names listed in ``text`` (what follows a colon), up to the list's full stop.

    Lines are joined first (``report.join_lines``), so a list may run across line wraps
    and page breaks. A hyphen at a line end is dropped where the name without it is
    known and the name with it is not ("Kyrgyz-" / "stan" is Kyrgyzstan), and kept
    otherwise ("Guinea-" / "Bissau", "Timor-" / "Leste"); a hyphen that an extractor
    dropped before a capital is put back when only that gives a known name
    ("CounterTerrorism").

    Example:
        >>> list_names("Chile and\n\nPeru. Next sentence.", "en", lambda n: True)
        ['Chile', 'Peru']
        >>> known = {"Kyrgyzstan", "Guinea-Bissau"}.__contains__
        >>> list_names("Kyrgyz-\nstan and Guinea-\nBissau.", "en", known)
        ['Kyrgyzstan', 'Guinea-Bissau']
    """
    cues = CUES[lang]
    body = re.split(cues.list_end, text.strip(), maxsplit=1)[0]
    # A hyphen at a line end is marked, and each name decides: "Kyrgyz-" / "stan" is
    # Kyrgyzstan because that is a known name, "Guinea-" / "Bissau" keeps its hyphen.
    body = join_lines(_LINE_END_HYPHEN.sub(_BROKEN, body), lang)
    if is_known is None:
        return [name.replace(_BROKEN, "-") for name in split_list(body, cues)]
    if isinstance(is_known, _KnownNames):
        is_known.prime(_asked(body, cues))
    names = split_list(body, cues, lambda name: _reading(name, is_known) is not None)
    return [_reading(name, is_known) or name.replace(_BROKEN, "-") for name in names]


_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\n\s*(?=[^\W\d_])")
_BROKEN = "\u00ad"
"""Marks a hyphen at a line end in a list (``report`` has removed every real soft hyphen)."""
# pdftotext (in its default mode) drops every hyphen at a line end, real ones too:
# "Counter-" / "Terrorism" comes out as "CounterTerrorism".
_HYPHEN_DROPPED = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


def _reading(name: str, is_known: Callable[[str], bool]) -> str | None:
    """The first known reading of a name as printed (``_readings``), or None."""
    return next((form for form in _readings(name) if is_known(form)), None)


def _readings(name: str) -> list[str]:
    """A name as printed, each way it may be read, in order.

    With a line-end hyphen kept, with it dropped (a word the typesetter broke), then
    with a hyphen put back where an extractor dropped one before a capital
    ("CounterTerrorism").
    """
    printed = [name.replace(_BROKEN, "-"), name.replace(_BROKEN, "")]
    return list(dict.fromkeys([*printed, *(_HYPHEN_DROPPED.sub("-", form) for form in printed)]))


def _asked(body: str, cues: LanguageCues) -> list[str]:
    """Every string splitting ``body`` may ask about (more, never fewer, is harmless).

    Each item between separators, each side of each conjunction in it (an item that
    starts with one included), each read as printed (``_readings``).
    """
    conjunction = re.compile("|".join(map(re.escape, cues.conjunctions)), re.IGNORECASE)
    pieces = []
    for item in filter(None, (item.strip() for item in _SEPARATORS.split(body))):
        pieces.append(item)
        for found in conjunction.finditer(item):
            pieces += [item[:found.start()].strip(), item[found.end():].strip()]
    return [form for piece in pieces for form in _readings(piece)]


_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
_SPACE_IN_CJK = re.compile(rf"(?<={_CJK}) (?={_CJK})")


def _lead_in_key(lead_in: str) -> str:
    """A lead-in as the category patterns read it (see ``classify_lead_in``)."""
    key = " ".join(repair_characters(lead_in).split())
    key = _SPACE_IN_CJK.sub("", key)
    return _ARABIC_HARAKAT.sub("", key)  # vowel marks are optional in Arabic


class _KnownNames:
    """``index.is_known`` in ``lang``, remembered for the index's lifetime.

    Splitting a list asks for one name at a time; ``list_names`` first asks for every
    string it may ask about in one query (``prime``: a polars query answers a hundred
    names as fast as one), and the same names come back in every report of a series
    and every reading of one.
    """

    def __init__(self, index: NameIndex, lang: str) -> None:
        self.index, self.lang = index, lang
        self.memo = _KNOWN.setdefault(index, {})

    def __call__(self, name: str) -> bool:
        key = (name, self.lang)
        if key not in self.memo:
            self.memo[key] = self.index.is_known(name, self.lang)
        return self.memo[key]

    def prime(self, names: Iterable[str]) -> None:
        """Ask for every name of ``names`` not yet known or unknown, in one query."""
        new = [name for name in dict.fromkeys(names) if (name, self.lang) not in self.memo]
        if new:
            found = self.index.resolve(pl.Series(new, dtype=pl.String), self.lang)
            for name, entity in found.select("name", "entity_id").iter_rows():
                self.memo[name, self.lang] = entity is not None


_KNOWN: weakref.WeakKeyDictionary[NameIndex, dict[tuple[str, str], bool]] = \
    weakref.WeakKeyDictionary()


def find_attendance_paragraphs(
    report: Report, is_known: Callable[[str], bool] | None = None, check_counts: bool = True
) -> list[AttendanceParagraph]:
    """Find and split every attendance paragraph of a report, read as one section.

    The attendance section is the run of numbered paragraphs from the first to the
    last whose lead-in says who attended (``classify_lead_in``). It is read whole, so
    that no list is dropped without a word: every paragraph in it must be one, its
    numbers must follow each other, no category may come twice, each list must end
    with its full stop and nothing but a heading may follow that full stop in its
    paragraph; the paragraphs on either side must not say who attended; and no other
    paragraph may hold a line that opens an attendance list (a paragraph whose number
    was mistyped runs into the one before it).

    Args:
        report: The report.
        is_known: Name checker for the conjunction split (default: the shipped index,
            restricted to the report's language).
        check_counts: Raise on the first stated count that differs from the list
            (``parse_attendance`` turns this off to report every problem together).

    Returns:
        The attendance paragraphs in order.

    Raises:
        MissingSectionError: when no paragraph lists the parties that attended.
        AttendanceSectionError: a paragraph of the section not understood, a gap in
            its numbering, a category met twice, a list without its end, or an
            attendance list inside another paragraph; names the paragraph.
        CountMismatchError: when a stated count differs from the names listed.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.report import read_report
        >>> report = read_report(default_report())
        >>> found = find_attendance_paragraphs(report)
        >>> [(p.paragraph, p.category, len(p.names)) for p in found][:2]
        [(39, 'party', 54), (40, 'signatory', 6)]
    """
    cues = CUES[report.language]
    if is_known is None:
        index = default_name_index()
        is_known = _KnownNames(index, report.language)
    paragraphs = report.paragraphs
    categories = [_category(paragraph, cues) for paragraph in paragraphs]
    for paragraph, category in zip(paragraphs, categories, strict=True):
        if category is None:
            _no_list_inside(report, paragraph, cues)
    if "party" not in categories:
        raise MissingSectionError(
            report.source, "attendance section (a paragraph listing the parties that attended)")
    listed = [i for i, category in enumerate(categories) if category is not None]
    first, last = listed[0], listed[-1]
    _check_section(report, paragraphs, categories, first, last, cues)
    found: list[AttendanceParagraph] = []
    for paragraph, category in zip(paragraphs[first:last + 1], categories[first:last + 1],
                                   strict=True):
        lead_in, _, rest = paragraph.text.partition(":")
        lead_in = join_lines(lead_in, report.language)  # wrapped in a PDF
        _check_list_end(report, paragraph, cues)
        names = tuple(list_names(rest, report.language, is_known))
        if not names:
            raise AttendanceSectionError(report.source, paragraph.number,
                                         f"({category}) lists no names after its colon")
        count = stated_count(lead_in, report.language)
        if check_counts and count is not None and count != len(names):
            raise CountMismatchError(report.source, paragraph.number, category, count, len(names))
        found.append(AttendanceParagraph(paragraph.number, category, count, names))
    return found


def _category(paragraph: Paragraph, cues: LanguageCues) -> str | None:
    """The attendance category a paragraph's lead-in (before its colon) announces."""
    lead_in, colon, _ = paragraph.text.partition(":")
    return classify_lead_in(lead_in, cues) if colon else None


def _looks_like_attendance(text: str, cues: LanguageCues) -> bool:
    """Whether a paragraph has a colon and says who attended or names a category.

    The whole text is read, not only the lead-in: a stray colon inside a lead-in
    ("The: following …") leaves a lead-in that says nothing. Section headings
    ("D. Attendance") are not the paragraph's.
    """
    key = _lead_in_key("\n".join(line for line in text.split("\n")
                                 if not _HEADING_LINE.match(line.strip())))
    return ":" in text and any(re.search(pattern, key, re.IGNORECASE) for pattern in
                               [cues.attended, *(pattern for _, pattern in cues.categories)])


_ENDS_SENTENCE = re.compile(r"[.。!?！？؟]\s*$")


def _check_section(report: Report, paragraphs: list[Paragraph],
                   categories: list[str | None], first: int, last: int,
                   cues: LanguageCues) -> None:
    """Raise unless paragraphs ``first``..``last`` are one run of attendance lists."""
    span = f"{paragraphs[first].number}-{paragraphs[last].number}"
    seen: dict[str, int] = {}
    for i in range(first, last + 1):
        paragraph, category = paragraphs[i], categories[i]
        if i > first and categories[i - 1] is not None:
            # A list running on past its full stop shows best where a number went wrong.
            _check_list_end(report, paragraphs[i - 1], cues)
        if i > first and paragraph.number != paragraphs[i - 1].number + 1:
            missing = paragraphs[i - 1].number + 1
            raise AttendanceSectionError(
                report.source, paragraph.number,
                f"follows paragraph {paragraphs[i - 1].number} in the attendance section "
                f"({span}): paragraph {missing} is missing (a paragraph number mistyped?)")
        if category is None:
            raise AttendanceSectionError(
                report.source, paragraph.number,
                f"stands in the attendance section ({span}) but is not read as a list of "
                "who attended (its lead-in names no category)")
        if category in seen:
            raise AttendanceSectionError(
                report.source, paragraph.number,
                f"lists the {category} category again (already paragraph {seen[category]})")
        seen[category] = paragraph.number
    _check_list_end(report, paragraphs[last], cues)
    for i, number in ((first - 1, paragraphs[first].number - 1),
                      (last + 1, paragraphs[last].number + 1)):
        if 0 <= i < len(paragraphs) and paragraphs[i].number == number \
                and _looks_like_attendance(paragraphs[i].text, cues):
            raise AttendanceSectionError(
                report.source, number,
                f"says who attended or names a category, next to the attendance section "
                f"({span}), but is not read as an attendance list")
    # A text that ends in the middle of the paragraph after the section is cut there,
    # and the lists it would have gone on with are lost.
    if last + 2 == len(paragraphs) and not _ENDS_SENTENCE.search(paragraphs[-1].text):
        raise AttendanceSectionError(
            report.source, paragraphs[-1].number,
            "ends the text in mid-sentence, right after the attendance section "
            f"({span}): is the file cut?")
    # A whole report (from paragraph 1) goes on after its attendance section (the list
    # of participants, documentation, adoption); one that ends with it may have lost
    # the lists after the cut. An excerpt that starts later may end there.
    if last + 1 == len(paragraphs) and paragraphs[0].number == 1:
        raise AttendanceSectionError(
            report.source, paragraphs[last].number,
            f"ends the text, which starts at paragraph 1 like a whole report but ends with "
            f"its attendance section ({span}): is the file cut?")


def _check_list_end(report: Report, paragraph: Paragraph, cues: LanguageCues) -> None:
    """Raise unless the list ends with its full stop, followed by nothing but headings."""
    rest = paragraph.text.partition(":")[2]
    parts = re.split(cues.list_end, rest.strip(), maxsplit=1)
    if len(parts) < 2:
        raise AttendanceSectionError(
            report.source, paragraph.number,
            "has a list that does not end with a full stop (is the text cut?)")
    after = [line.strip() for line in parts[1].split("\n") if line.strip()]
    extra = [line for line in after if not _HEADING_LINE.match(line)]
    if extra:
        raise AttendanceSectionError(
            report.source, paragraph.number,
            f"goes on after the full stop that ends its list ('{_clip(extra[0])}'): a "
            "paragraph number mistyped, or text the parser does not understand")


# A section heading ("E. Documentation", "五. 通过报告"), as ``report`` recognises one.
_HEADING_LINE = re.compile(r"^(?:[A-H]|[IVX]{1,4}|[一二三四五六七八九十]{1,3})\.\s+\S.{0,78}$")
_NUMBERED_LINE = re.compile(r"^\s*\d{1,3}\s*[.\-–]\s*\S")


def _no_list_inside(report: Report, paragraph: Paragraph, cues: LanguageCues) -> None:
    """Raise when a line inside a paragraph opens an attendance list.

    A paragraph whose number was mistyped ("24." for "42.", "4O.") is no paragraph:
    its text runs on in the paragraph before it. Such a line starts with a number or
    follows a full stop.
    """
    if not re.search(cues.attended, _lead_in_key(paragraph.text), re.IGNORECASE):
        return
    lines = paragraph.text.split("\n")
    starts = [i for i in range(1, len(lines)) if _NUMBERED_LINE.match(lines[i]) or re.search(
        r"[.。]\s*$", next((line for line in reversed(lines[:i]) if line.strip()), ""))]
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=False):
        if _category(Paragraph(paragraph.number, "\n".join(lines[start:end])), cues):
            raise AttendanceSectionError(
                report.source, paragraph.number,
                f"holds a line that opens an attendance list ('{_clip(lines[start])}'): a "
                "paragraph number mistyped?")


def _clip(text: str, width: int = 40) -> str:
    """The start of a line, for an error message."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width] + "…"


def parse_attendance(report: Report, index: NameIndex | None = None) -> pl.DataFrame:
    """Parse a report's attendance lists into one row per listed participant.

    Args:
        report: The report (see ``analysis.report.read_report``).
        index: The name index (default: the shipped reference data).

    Returns:
        ``paragraph, attended_as, stated_count, position, raw_name, entity_id,
        entity_kind, iso3, regional_group, name_en, name_local`` in report order
        (``position`` counts from 1 within a paragraph; ``iso3`` and
        ``regional_group`` are null for organizations; ``name_en`` is the UN English
        short name and ``name_local`` the UN short name in the report's language, see
        ``with_names``).

    Raises:
        MissingSectionError, CountMismatchError, UnknownNameError,
            DuplicateEntryError: naming the paragraph (for unknown names, every one of
            them, each with its paragraph and suggestions; for a participant listed
            twice, both paragraphs). ReportProblemsError: when there are several such
            problems (a count mismatch and an unknown name), all of them in one line.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.report import read_report
        >>> table = parse_attendance(read_report(default_report()))
        >>> table.group_by("attended_as").len().sort("attended_as").rows()
        [('igo', 9), ('non_party', 19), ('party', 54), ('signatory', 6), ('un_entity', 2)]
        >>> table.filter(pl.col("entity_id") == "CIV").select("raw_name", "name_en").row(0)
        ('科特迪瓦', "Côte d'Ivoire")
    """
    index = index or default_name_index()
    paragraphs = find_attendance_paragraphs(
        report, _KnownNames(index, report.language), check_counts=False)
    rows = [(p.paragraph, p.category, p.stated_count, position, name)
            for p in paragraphs for position, name in enumerate(p.names, start=1)]
    table = pl.DataFrame(rows, schema=ATTENDANCE_SCHEMA, orient="row")
    table = normalise_names(table, "raw_name", lang=report.language, index=index,
                            allow_unknown=True)
    problems: list[AnalysisError] = [
        CountMismatchError(report.source, p.paragraph, p.category, p.stated_count, len(p.names))
        for p in paragraphs if p.stated_count is not None and p.stated_count != len(p.names)]
    unknown = (table.filter(pl.col("entity_id").is_null())
               .group_by("raw_name", maintain_order=True).agg(pl.col("paragraph").unique()))
    if unknown.height:
        places = {name: _paragraphs(numbers) for name, numbers in unknown.iter_rows()}
        problems.append(index.unknown_error(list(places), report.language, report.source,
                                            places))
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ReportProblemsError(report.source, problems)
    repeated = (table.filter(pl.col("entity_id").is_duplicated())
                .group_by("entity_id", maintain_order=True)
                .agg(pl.col("raw_name").first(), pl.col("paragraph")))
    if repeated.height:
        raise DuplicateEntryError(report.source, {
            f"{name} ({entity})": paragraphs for entity, name, paragraphs in repeated.iter_rows()})
    groups = load_member_states().select(iso3="iso3", regional_group="regional_group")
    # The names go last: readers of the CSV and the figures select the earlier columns
    # by name and position, and the raw name stays the report's own spelling.
    return with_names(table.join(groups, on="iso3", how="left", maintain_order="left"),
                      report.language, fallback="raw_name")


def _paragraphs(numbers: list[int]) -> str:
    """``"paragraph 42"`` or ``"paragraphs 39, 42"``."""
    numbers = sorted(numbers)
    noun = "paragraph" if len(numbers) == 1 else "paragraphs"
    return f"{noun} {', '.join(map(str, numbers))}"
