"""The package's vocabulary: every code a table may hold, in display order, and the labels.

Owns the treaty statuses, the five UN regional groups (in the order every table and
chart shows them), the attendance categories, entity kinds, and the label languages:
one JSON file per language in ``analysis/labels/`` holds a figure font and every title,
legend, axis text and group name in that language. Adding a language is adding one
file (and registering a font in ``figures`` if its script needs one); the command
line's ``--lang`` choices are the files present. State and organization names are not
labels: they come from the reference tables (``reference.entity_names``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path

import polars as pl
from babel import Locale
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent, get_decimal_symbol

ADHERENCE: tuple[str, ...] = (
    "protocol_party", "protocol_signatory", "convention_only", "convention_unknown",
    "neither", "unknown")
"""A State's adherence to the Protocol and its parent Convention on a date, from most
to least bound: ``convention_only`` is a party to the Convention only."""
PROTOCOL = "firearms-protocol"
"""The treaty id of the Firearms Protocol: the one place it is written (the default
treaty everywhere, ``TreatyId.FIREARMS_PROTOCOL``)."""
CONVENTION = "untoc"
"""The treaty id of its parent Convention (UNTOC)."""
TREATY_IDS: tuple[str, ...] = (PROTOCOL, CONVENTION)
"""The treaties whose status the package knows (see ``treaty.TREATIES``)."""
REGIONAL_GROUPS: tuple[str, ...] = (
    "African", "Asia-Pacific", "Eastern European", "GRULAC", "WEOG")
"""The five UN regional groups, in the order tables and charts show them."""
CATEGORIES: tuple[str, ...] = ("party", "signatory", "non_party", "igo", "un_entity")
"""The report's attendance categories (``attended_as``), in the order of its paragraphs."""
ATTENDED_AS: tuple[str, ...] = (*CATEGORIES, "absent")
"""How a participant attended a meeting (the ``attended_as`` column): a report category,
or ``absent`` in the tables that also list the Member States that did not attend (the
participation tables and the series). ``parse_attendance`` lists only who attended."""
STATE_CATEGORIES: tuple[str, ...] = ("party", "signatory", "non_party")
"""The categories that say where a listed State stands towards the Protocol."""
REPORTED_STATUS: dict[str, str] = {"party": "party", "signatory": "signatory",
                                   "non_party": "none"}
"""The treaty status each of those categories claims."""
BOUND: tuple[str, ...] = ("party", "not_party", "unknown")
"""Whether a State is bound by the treaty on a date (its consent deposited): ``party``,
``not_party`` (not bound: ``NOT_BOUND``) or ``unknown`` (undecided: its consent is dated
only by bounds around the date, so it may already be a party)."""
NOT_BOUND: tuple[str, ...] = ("signatory", "none")
"""The statuses of a State not bound by a treaty on a date: certainly not a party. An
``unknown`` status is undecided and counted apart, never as not bound (``not_bound``)."""
ENTITY_KINDS: tuple[str, ...] = ("state", "regional_organization", "igo", "un_entity",
                                 "territory")
"""What an identifier names: a ``territory`` has an ISO 3166 code but is no UN Member or
observer State (Hong Kong, Puerto Rico, Greenland)."""
ORGANIZATION_KINDS: tuple[str, ...] = ("regional_organization", "igo", "un_entity")
CONSENT_TYPES: tuple[str, ...] = (
    "ratification", "accession", "acceptance", "approval", "succession")
"""How a State consented to be bound by a treaty."""
STATUS_BASES: tuple[str, ...] = ("depositary", "gazette", "secondary", "inferred")
"""What a status rests on, strongest first: the depositary's record (UN Treaty
Collection), an official national publication (a gazette or a government's treaty
database), a secondary source (news, a government statement, a copy of a
Wikipedia article), or an inference (the record's ``inference`` column)."""
STANDING: tuple[str, ...] = (*ADHERENCE, "absent")
"""How a Member State took part in a meeting (its standing), by its adherence on the
meeting date: an ``ADHERENCE`` category if it attended, ``absent`` if it did not."""
ROLES: tuple[str, ...] = ("chair", "panellist", "statement")
"""What a participant named in the report did (``voice.parse_voice``)."""
UNRESOLVED: tuple[str, ...] = ("unknown", "ambiguous", "not_in_universe")
"""Why a name or code has no id (``normalise_names``, ``convert_table``)."""
INSTRUMENTS: tuple[str, ...] = ("protocol", "convention")
"""The record a State's shown adherence comes from (``tables.provenance``)."""


@dataclass(frozen=True)
class Swatch:
    """How one category is drawn in every figure: its colour and the label naming it.

    ``label`` is the label key a legend uses; ``series`` are the other keys that may
    name the same category in a figure (the timeline's line of parties is drawn in the
    colour of "party"). ``outline`` is drawn around a fill that does not show on white.
    """

    colour: str
    label: str
    series: tuple[str, ...] = ()
    outline: str | None = None


PALETTE: dict[str, Swatch] = {
    # Where a State stands towards the Protocol and its parent Convention, from bound to
    # unbound (Okabe-Ito, colour-blind safe). Every figure draws these categories in
    # these colours: the gap figure, the participation figure, the map, the roster.
    "protocol_party": Swatch("#0072B2", "adherence.protocol_party", ("timeline.line",)),
    # The pending signatories figure draws only signatories: filled if they attended.
    "protocol_signatory": Swatch("#E69F00", "adherence.protocol_signatory",
                                 ("pending.attended",)),
    "convention_only": Swatch("#CC79A7", "adherence.convention_only"),
    "neither": Swatch("#D55E00", "adherence.neither"),
    # Not bound by the Protocol, and whether it is a Convention party the record cannot
    # decide: a pale shade of the Convention's purple, never the grey of "unknown".
    "convention_unknown": Swatch("#E7C6DA", "adherence.convention_unknown"),
    # Grey means "unknown" (a Protocol consent dated only by bounds) and nothing else.
    "unknown": Swatch("#BBBBBB", "adherence.unknown", ("timeline.band",)),
    # Not attending is not a status: white with a thin grey outline.
    "absent": Swatch("#FFFFFF", "attendance.absent", ("pending.absent",), outline="#8C8C8C"),
    # Map land with no status drawn: a background, lighter than "unknown".
    "no_status": Swatch("#EEEEEE", "map.no_data"),
    # Published totals are points of reference, drawn in ink.
    "published_total": Swatch("#000000", "timeline.total"),
    # The highlight: a neutral sand (the engagement matrix's highlighted column), with a
    # dark outline where a shape is outlined (the map). A highlight, so no bar is sand.
    "attended": Swatch("#D8CCB2", "attended.true", ("engagement.key", "map.attended"),
                       outline="#111111"),
    # Being present, as a count (the voice figure's bars): a darker shade of the sand
    # of "attended", never a grey (grey is "unknown") nor a status colour.
    "present": Swatch("#A8956B", "voice.attended"),
    # Green is voice: taking the floor, darker for leading a panel.
    "made_statement": Swatch("#009E73", "voice.spoke"),
    "led_panel": Swatch("#00573F", "voice.panel"),
}
"""Every category a figure colours: one colour, one meaning, in every figure."""

LABELS_DIR = Path(__file__).resolve().parent / "labels"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Labels:
    """The words of one label language: a figure font and every text a chart shows.

    ``font`` is the CSS font list charts use; ``embed_font`` names the face whose
    glyphs SVG and HTML files carry (for scripts a viewer may lack), or is None.
    """

    lang: str
    font: str
    embed_font: str | None
    texts: dict[str, str | dict[str, str]]
    """Each key's text; a text that states a count is ``{CLDR category: text}``
    (``plural``)."""
    direction: str = "ltr"
    """``rtl`` for a script written right to left (Arabic): charts are mirrored."""
    date_pattern: str = "{year}-{month}-{day}"
    months: tuple[str, ...] = tuple(f"{m:02d}" for m in range(1, 13))
    first_day: str = "1"
    """How the first day of a month is written (French: ``1er``)."""
    month_year_pattern: str | None = None
    """How a date axis writes a month (``{month} {year}``); None: CLDR's form."""
    days_pattern: str = "{first}–{last} {month} {year}"
    """Two consecutive days of one month (a two-day meeting: "16 et 17 juillet 2020")."""
    span_pattern: str = "{first}–{last} {month} {year}"
    """More days of one month ("du 16 au 18 juillet 2020")."""
    decimal: str = "."
    """The decimal separator (a comma in French, Spanish, Russian and Arabic)."""

    @property
    def rtl(self) -> bool:
        """Whether the language is written right to left.

        Example:
            >>> load_labels("ar").rtl, load_labels("en").rtl
            (True, False)
        """
        return self.direction == "rtl"

    def date(self, day: dt.date | str) -> str:
        """A date as the language writes it in UN documents.

        Example:
            >>> [load_labels(lang).date("2020-07-16") for lang in ("en", "zh", "ru")]
            ['16 July 2020', '2020年7月16日', '16 июля 2020 года']
        """
        day = dt.date.fromisoformat(day) if isinstance(day, str) else day
        text = self.date_pattern.format(
            day=self.first_day if day.day == 1 else day.day,
            month=self.months[day.month - 1], year=day.year)
        # A right-to-left date standing alone (a panel header) is its own rtl run, or
        # the rasteriser orders its digits and words left to right.
        return isolate_rtl(text) if self.rtl else text

    @property
    def date_phrase(self) -> re.Pattern[str]:
        """A pattern matching a date as ``date`` writes it (a line must not break inside).

        Example:
            >>> load_labels("es").date_phrase.findall("Reunión del 16 de julio de 2020.")
            ['16 de julio de 2020']
            >>> load_labels("fr").date_phrase.findall("Réunion des 16 et 17 juillet 2020")
            ['16 et 17 juillet 2020']
        """
        day = rf"(?:\d{{1,2}}|{re.escape(self.first_day)})"
        fields = {"{day}": day, "{first}": day, "{last}": day,
                  "{month}": "(?:" + "|".join(map(re.escape, self.months)) + ")",
                  "{year}": r"\d{4}"}
        # Meeting days ("16 et 17 juillet 2020") first: a single date is part of them.
        return re.compile("|".join(
            "".join(fields.get(part, re.escape(part))
                    for part in re.split(r"(\{\w+\})", pattern))
            for pattern in (self.span_pattern, self.days_pattern, self.date_pattern)))

    def month_year(self, day: dt.date) -> str:
        """A month and year as a date axis labels it in the language (CLDR ``yMMM``).

        A label file with a ``date.month_year`` pattern writes it with its own month
        names (Arabic: the UN's double names, as in its dates); the others take CLDR's
        abbreviated form (Babel), Russian in the nominative ("янв. 2002 г."), not the
        genitive a full date takes.

        Example:
            >>> [load_labels(lang).month_year(dt.date(2002, 1, 1)) for lang in ("fr", "zh")]
            ['janv. 2002', '2002年1月']
            >>> load_labels("ar").month_year(dt.date(2002, 7, 1)) == "تموز/يوليه 2002"
            True
        """
        if self.month_year_pattern:
            return self.month_year_pattern.format(month=self.months[day.month - 1],
                                                  year=day.year)
        from babel.dates import format_skeleton

        return format_skeleton("yMMM", day, locale=self.lang)
    def days(self, first: dt.date | str, last: dt.date | str | None = None) -> str:
        """The days of a meeting as the language writes them in UN documents.

        ``last`` is the meeting's last day; without it (a report that states one day)
        the first day alone is written.

        Example:
            >>> [load_labels(lang).days("2020-07-16", "2020-07-17") for lang in ("en", "fr", "zh")]
            ['16–17 July 2020', '16 et 17 juillet 2020', '2020年7月16日至17日']
            >>> load_labels("en").days("2020-07-16", "2020-07-16")
            '16 July 2020'
        """
        first = dt.date.fromisoformat(first) if isinstance(first, str) else first
        last = dt.date.fromisoformat(last) if isinstance(last, str) else last
        if last is None or last <= first:
            return self.date(first)
        if (first.year, first.month) != (last.year, last.month):
            return f"{self.date(first)} – {self.date(last)}"
        pattern = self.days_pattern if last.day == first.day + 1 else self.span_pattern
        text = pattern.format(first=self.first_day if first.day == 1 else first.day,
                              last=last.day, month=self.months[first.month - 1],
                              year=first.year)
        return isolate_rtl(text) if self.rtl else text

    def __call__(self, key: str, **values: object) -> str:
        """The text for ``key`` with its ``{placeholders}`` filled; dates in the language.

        A value that is a date (or an ISO date string) is written as the language
        writes dates, so every title and subtitle localises its dates in one place.

        Example:
            >>> load_labels("zh")("adherence.protocol_party")
            '《议定书》缔约方'
            >>> load_labels("es")("gap.title_one", day="2020-07-16")
            'Brecha de participación en el Protocolo por grupo regional: 16 de julio de 2020'
        """
        text = self.texts[key]
        if isinstance(text, dict):
            raise TypeError(f"label {key!r} states a count: use Labels.plural")
        local = {k: self.date(v) if isinstance(v, dt.date) or (
            isinstance(v, str) and _ISO_DATE.fullmatch(v)) else v for k, v in values.items()}
        return text.format(**local)

    def number(self, n: int | Decimal) -> str:
        r"""A number as the language writes it (CLDR grouping; the label's decimal sign).

        A ``Decimal`` keeps the fraction digits it has (``Decimal("22.0")``: one).

        Example:
            >>> [load_labels(lang).number(1234) for lang in ("en", "fr", "ru")]
            ['1,234', '1\u202f234', '1\xa0234']
            >>> load_labels("ru").number(Decimal("22.0"))
            '22,0'
        """
        digits = max(0, -n.as_tuple().exponent) if isinstance(n, Decimal) else 0
        text = format_decimal(n, format="#,##0" + ("." + "0" * digits if digits else ""),
                              locale=self.lang)
        if digits and get_decimal_symbol(self.lang) != self.decimal:
            head, _, tail = text.rpartition(get_decimal_symbol(self.lang))
            text = f"{head}{self.decimal}{tail}"
        return text

    def percent(self, share: float) -> str:
        r"""A share as the language writes a whole percentage (CLDR pattern).

        Example:
            >>> [load_labels(lang).percent(0.354) for lang in ("en", "fr")]
            ['35%', '35\xa0%']
        """
        return format_percent(share, locale=self.lang)

    def plural(self, key: str, n: int | Decimal, **values: object) -> str:
        """The text for ``key`` stating the count ``n``, in the form CLDR gives ``n``.

        The label holds one text per CLDR plural category of the language (English
        one/other, Russian one/few/many/other, Arabic zero/one/two/few/many/other);
        ``{n}`` is the number written as the language writes it, other placeholders
        are filled as by calling the labels.

        Example:
            >>> ru = load_labels("ru")
            >>> [ru.plural("brief.attendance.states", n) for n in (1, 2, 5, 21)]
            ['1 государство', '2 государства', '5 государств', '21 государство']
            >>> load_labels("en").plural("pending.years", Decimal("1.0"))
            '1.0 years'
        """
        forms = self.texts[key]
        if not isinstance(forms, dict):
            raise TypeError(f"label {key!r} states no count: call the labels")
        category = plural_category(self.lang, n)
        local = {k: self.date(v) if isinstance(v, dt.date) or (
            isinstance(v, str) and _ISO_DATE.fullmatch(v)) else v for k, v in values.items()}
        return forms[category].format(n=self.number(n), **local)

    def join(self, items: list[str] | tuple[str, ...]) -> str:
        """Items as running text lists them in the language, with "and" before the last.

        CLDR's list pattern (Babel), as UN documents write it: English without a comma
        before "and" (CLDR ``en_GB``), Chinese with 、 and 和; Arabic puts و before every
        item after the first, after a comma ("ألمانيا، والصين، واليابان"), as UN Arabic
        lists do, since many names themselves contain و. ``list.separator`` stays for
        lists that are no sentence (titles, meeting symbols).

        Example:
            >>> load_labels("en").join(["Germany", "China", "Japan"])
            'Germany, China and Japan'
            >>> load_labels("fr").join(["Allemagne", "Chine"])
            'Allemagne et Chine'
            >>> load_labels("zh").join(["德国", "中国", "日本"])
            '德国、中国和日本'
            >>> arabic = load_labels("ar").join(["ألمانيا", "الصين", "اليابان"])
            >>> arabic == "ألمانيا، والصين، واليابان"
            True
        """
        items = list(items)
        if self.lang == "ar":
            return "، ".join(items[:1] + [f"و{item}" for item in items[1:]])
        return format_list(items, locale="en_GB" if self.lang == "en" else self.lang)

    def group(self, code: str) -> str:
        """A regional group's name.

        Example:
            >>> load_labels("en").group("GRULAC")
            'Latin American and Caribbean States'
        """
        return self.texts[f"group.{code}"]

    def keys_of(self, prefix: str, codes: tuple[str, ...] | list[str]) -> dict[str, str]:
        """``{code: text}`` for the keys ``PREFIX.CODE`` (a legend's entries).

        Example:
            >>> load_labels("en").keys_of("bound", ["party"])
            {'party': 'Party'}
        """
        return {code: self.texts[f"{prefix}.{code}"] for code in codes}


def collation_key(names: pl.Expr, lang: str) -> pl.Expr:
    """A sort key that puts State names in the order UN documents list them in ``lang``.

    Alphabetical in the language, without ICU: accents file with their base letter
    ("Égypte" with E) except where the language has a letter of its own (Spanish ñ
    after n; Russian й after и, ё with е); in Arabic the hamza forms of alef are alef,
    taa marbuta is haa, alef maqsura is yaa and the article ال is not counted ("الأرجنتين"
    under ر). Chinese UN documents list States in the order of their English names (the
    2020 report: 澳大利亚、加拿大、中国、德国、日本); pass the English names for ``zh``.

    Example:
        >>> import polars as pl
        >>> frame = pl.DataFrame({"n": ["Zimbabwe", "Égypte", "Allemagne"]})
        >>> frame.sort(collation_key(pl.col("n"), "fr"))["n"].to_list()
        ['Allemagne', 'Égypte', 'Zimbabwe']
        >>> frame = pl.DataFrame({"n": ["الأردن", "إثيوبيا", "الاتحاد الروسي", "ألمانيا", "مصر"]})
        >>> frame.sort(collation_key(pl.col("n"), "ar"))["n"].to_list()
        ['الاتحاد الروسي', 'إثيوبيا', 'الأردن', 'ألمانيا', 'مصر']
    """
    if lang == "ru":
        return names.str.to_lowercase().str.replace_all("ё", "е", literal=True)
    if lang == "es":
        # ñ is a letter after n: "~" sorts after every lower-case letter.
        names = names.str.to_lowercase().str.replace_all("ñ", "n~", literal=True)
    if lang == "ar":
        # The article first: once hamza is folded away, ألمانيا (Germany) would read as
        # المانيا and lose its first letter as if it were an article.
        names = names.str.replace_all(r"(^|\s)ال", "$1")
    key = names.str.normalize("NFKD").str.replace_all(r"\p{Mn}", "").str.to_lowercase()
    if lang == "ar":
        key = key.str.replace_all("ة", "ه", literal=True).str.replace_all("ى", "ي", literal=True)
    return key
def plural_category(lang: str, n: int | Decimal) -> str:
    """The CLDR plural category of ``n`` in ``lang``: zero, one, two, few, many or other.

    Example:
        >>> [plural_category("ru", n) for n in (1, 2, 5, 21)]
        ['one', 'few', 'many', 'one']
        >>> plural_category("fr", 0), plural_category("en", 0), plural_category("ar", 0)
        ('one', 'other', 'zero')
    """
    return Locale.parse(lang).plural_form(n)


def plural_categories(lang: str) -> frozenset[str]:
    """The CLDR plural categories ``lang`` distinguishes (``other`` always among them).

    Example:
        >>> sorted(plural_categories("ru"))
        ['few', 'many', 'one', 'other']
    """
    return frozenset(Locale.parse(lang).plural_form.tags) | {"other"}


def isolate_rtl(text: str) -> str:
    """Mark ``text`` as a right-to-left run of its own (RLI ... PDI).

    The rasteriser otherwise orders an Arabic line's words and digits by its
    neighbours: the lines of a multi-line subtitle, or a date standing alone.

    Example:
        >>> isolate_rtl("عنوان") == "\u2067عنوان\u2069"
        True
    """
    return f"\u2067{text}\u2069"


def label_languages() -> tuple[str, ...]:
    """The label languages: one per file in ``analysis/labels/``, sorted.

    Example:
        >>> label_languages()
        ('ar', 'en', 'es', 'fr', 'ru', 'zh')
    """
    return tuple(sorted(path.stem for path in LABELS_DIR.glob("*.json")))


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a label text fills.

    Example:
        >>> sorted(placeholders("{a} of {b}"))
        ['a', 'b']
    """
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@cache
def load_labels(lang: str = "en") -> Labels:
    """Read one language's label file (``analysis/labels/LANG.json``).

    Args:
        lang: A label language (see ``label_languages``).

    Returns:
        The labels.

    Raises:
        ValueError: no label file for ``lang``, or a label stating a count lacks a
            plural category the language needs (or has one it does not have).

    Example:
        >>> load_labels("en").group("WEOG")
        'Western European and other States'
    """
    path = LABELS_DIR / f"{lang}.json"
    if not path.is_file():
        raise ValueError(f"no labels for language {lang!r}; there are: "
                         f"{', '.join(label_languages())}")
    data = json.loads(path.read_text(encoding="utf-8"))
    date = data.get("date", {})
    needed = plural_categories(lang)
    for key, forms in data["text"].items():
        if isinstance(forms, dict) and set(forms) != needed:
            missing, extra = needed - set(forms), set(forms) - needed
            raise ValueError(
                f"{path.name}: label {key!r} " + "; ".join(filter(None, [
                    missing and f"lacks the plural forms: {', '.join(sorted(missing))}",
                    extra and f"has plural forms {lang} does not use: "
                    f"{', '.join(sorted(extra))}"]))
                + f" (CLDR {lang}: {', '.join(sorted(needed))})")
    return Labels(lang, data["font"]["family"], data["font"].get("embed"), data["text"],
                  direction=data.get("direction", "ltr"),
                  date_pattern=date.get("pattern", Labels.date_pattern),
                  months=tuple(date.get("months", Labels.months)),
                  first_day=date.get("first_day", Labels.first_day),
                  month_year_pattern=date.get("month_year"),
                  days_pattern=date.get("days", Labels.days_pattern),
                  span_pattern=date.get("span", Labels.span_pattern),
                  decimal=data.get("decimal", Labels.decimal))


# The coded values as public constants, for studies that build on the package: Python
# enums (values compare equal to the strings in the tables) and polars Enum dtypes.
STATUSES: tuple[str, ...] = ("party", "signatory", "unknown", "none")
"""A participant's status towards one treaty on a date (``treaty.status_expression``)."""


def not_bound(status: str | pl.Expr = "status") -> pl.Expr:
    """True where a ``status`` column says not bound (``NOT_BOUND``): signatory or none.

    The one definition of "not bound" every table, figure, sentence and the ``cards
    --not-bound`` option use. An ``unknown`` status (a consent dated only by bounds) is
    false here and ``party`` too: undecided States are counted apart.

    Example:
        >>> frame = pl.DataFrame({"status": ["party", "signatory", "none", "unknown"]})
        >>> frame.filter(not_bound())["status"].to_list()
        ['signatory', 'none']
    """
    column = pl.col(status) if isinstance(status, str) else status
    return column.is_in(list(NOT_BOUND))


MEMBERSHIPS: tuple[str, ...] = ("member", "observer", "not_member")
"""UN membership of a State in status tables on their date (``not_member`` before its
admission; null for others)."""


class TreatyId(StrEnum):
    """The treaties whose status the package knows (``TREATY_IDS``)."""

    FIREARMS_PROTOCOL = PROTOCOL
    UNTOC = CONVENTION


class Status(StrEnum):
    """A participant's status towards one treaty on a date (``STATUSES``)."""

    PARTY = "party"
    SIGNATORY = "signatory"
    UNKNOWN = "unknown"
    NONE = "none"


class Adherence(StrEnum):
    """A State's adherence to the Protocol and the Convention (``ADHERENCE``)."""

    PROTOCOL_PARTY = "protocol_party"
    PROTOCOL_SIGNATORY = "protocol_signatory"
    CONVENTION_ONLY = "convention_only"
    CONVENTION_UNKNOWN = "convention_unknown"
    NEITHER = "neither"
    UNKNOWN = "unknown"


class RegionalGroup(StrEnum):
    """The five UN regional groups (``REGIONAL_GROUPS``)."""

    AFRICAN = "African"
    ASIA_PACIFIC = "Asia-Pacific"
    EASTERN_EUROPEAN = "Eastern European"
    GRULAC = "GRULAC"
    WEOG = "WEOG"
