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
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from analysis.errors import (
    AnalysisError,
    CountMismatchError,
    DuplicateEntryError,
    MissingSectionError,
    ReportProblemsError,
)
from analysis.languages import CUES, LanguageCues, number_in_words
from analysis.names import NameIndex, default_name_index, normalise_names
from analysis.reference import entity_names, load_member_states
from analysis.report import Report, join_lines

_SEPARATORS = re.compile(r"[、,，;；،]")
_PARENTHESES = re.compile(r"\([^()]*\)")
_ARABIC_HARAKAT = re.compile(r"[\u064b-\u0652\u0670]")

ATTENDANCE_SCHEMA = {
    "paragraph": pl.Int32, "category": pl.String, "stated_count": pl.Int32,
    "position": pl.Int32, "raw_name": pl.String,
}


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

    Example:
        >>> from analysis.languages import CUES
        >>> classify_lead_in("下列 6 个签署国派观察员出席了会议", CUES["zh"])
        'signatory'
    """
    lead_in = _ARABIC_HARAKAT.sub("", lead_in)  # vowel marks are optional in Arabic
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
    names = split_list(body, cues, lambda name: _reading(name, is_known) is not None)
    return [_reading(name, is_known) or name.replace(_BROKEN, "-") for name in names]


_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\n\s*(?=[^\W\d_])")
_BROKEN = "\u00ad"
"""Marks a hyphen at a line end in a list (``report`` has removed every real soft hyphen)."""
# pdftotext (in its default mode) drops every hyphen at a line end, real ones too:
# "Counter-" / "Terrorism" comes out as "CounterTerrorism".
_HYPHEN_DROPPED = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


def _reading(name: str, is_known: Callable[[str], bool]) -> str | None:
    """The first known reading of a name as printed, or None.

    In order: the name with a line-end hyphen kept, with it dropped (a word the
    typesetter broke), then, for a name still unknown, with the hyphen put back where
    an extractor dropped one before a capital ("CounterTerrorism").
    """
    printed = [name.replace(_BROKEN, "-"), name.replace(_BROKEN, "")]
    readings = dict.fromkeys([*printed, *(_HYPHEN_DROPPED.sub("-", form) for form in printed)])
    return next((form for form in readings if is_known(form)), None)


def find_attendance_paragraphs(
    report: Report, is_known: Callable[[str], bool] | None = None, check_counts: bool = True
) -> list[AttendanceParagraph]:
    """Find and split every attendance paragraph of a report.

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
        is_known = lambda name: index.is_known(name, report.language)  # noqa: E731
    found: list[AttendanceParagraph] = []
    for paragraph in report.paragraphs:
        lead_in, colon, rest = paragraph.text.partition(":")
        if not colon:
            continue
        lead_in = join_lines(lead_in, report.language)  # wrapped in a PDF
        category = classify_lead_in(lead_in, cues)
        if category is None:
            continue
        names = tuple(list_names(rest, report.language, is_known))
        count = stated_count(lead_in, report.language)
        if check_counts and count is not None and count != len(names):
            raise CountMismatchError(report.source, paragraph.number, category, count, len(names))
        found.append(AttendanceParagraph(paragraph.number, category, count, names))
    if not any(p.category == "party" for p in found):
        raise MissingSectionError(
            report.source, "attendance section (a paragraph listing the parties that attended)")
    return found


def parse_attendance(report: Report, index: NameIndex | None = None) -> pl.DataFrame:
    """Parse a report's attendance lists into one row per listed participant.

    Args:
        report: The report (see ``analysis.report.read_report``).
        index: The name index (default: the shipped reference data).

    Returns:
        ``paragraph, category, stated_count, position, raw_name, entity_id,
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
        >>> table.group_by("category").len().sort("category").rows()
        [('igo', 9), ('non_party', 19), ('party', 54), ('signatory', 6), ('un_entity', 2)]
        >>> table.filter(pl.col("entity_id") == "CIV").select("raw_name", "name_en").row(0)
        ('科特迪瓦', "Côte d'Ivoire")
    """
    index = index or default_name_index()
    paragraphs = find_attendance_paragraphs(
        report, lambda name: index.is_known(name, report.language), check_counts=False)
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
