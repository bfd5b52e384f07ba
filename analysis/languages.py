"""What the parser needs to know about each of the six UN languages, in one table.

Owns: the words that mark an attendance paragraph and its category, the conjunction
before the last item of a list, number words used for small counts, month names for
the meeting date, and the detection of a report's language from its text. Everything
language-specific lives here so that supporting a new wording is a one-line change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LANGUAGES: tuple[str, ...] = ("ar", "en", "es", "fr", "ru", "zh")


@dataclass(frozen=True)
class LanguageCues:
    """Regular expressions and word lists for one language.

    ``categories`` is ordered: the first pattern that matches a paragraph's lead-in
    wins, so narrower wordings ("neither parties nor signatories") come before wider
    ones ("parties").
    """

    attended: str
    categories: tuple[tuple[str, str], ...]
    conjunctions: tuple[str, ...]
    conjunction_is_prefix: bool
    months: dict[str, int]
    date_pattern: str
    held: str
    list_end: str
    """Where a list of names ends: its full stop (before a new sentence or the end)."""


def _words(text: str, start: int = 2) -> dict[str, int]:
    return {w: i for i, w in enumerate(text.split(), start=start)}


# Counts written in words: units (2-19; "one" is left out because it doubles as an
# article, "un", "una"), tens, and how a unit joins a ten ("twenty-one", "vingt-et-un",
# "treinta y uno", "двадцать один").
_NUMBER_WORDS = {
    "en": (_words("two three four five six seven eight nine ten eleven twelve thirteen "
                  "fourteen fifteen sixteen seventeen eighteen nineteen"),
           _words("twenty thirty forty fifty sixty seventy eighty ninety", 2),
           _words("one two three four five six seven eight nine", 1), r"-"),
    "fr": (_words("deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze "
                  "quinze seize dix-sept dix-huit dix-neuf"),
           {"vingt": 2, "trente": 3, "quarante": 4, "cinquante": 5, "soixante": 6,
            "quatre-vingt": 8, "quatre-vingts": 8},
           _words("un deux trois quatre cinq six sept huit neuf dix onze douze treize "
                  "quatorze quinze seize dix-sept dix-huit dix-neuf", 1), r"-(?:et-)?"),
    "es": (_words("dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce "
                  "quince dieciséis diecisiete dieciocho diecinueve veinte veintiuno veintidós "
                  "veintitrés veinticuatro veinticinco veintiséis veintisiete veintiocho "
                  "veintinueve"),
           _words("treinta cuarenta cincuenta sesenta setenta ochenta noventa", 3),
           _words("uno dos tres cuatro cinco seis siete ocho nueve", 1), r"\s+y\s+"),
    "ru": (_words("два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать "
                  "тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать "
                  "девятнадцать"),
           _words("двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят "
                  "девяносто", 2),
           _words("один два три четыре пять шесть семь восемь девять", 1), r"\s+"),
    "ar": (_words("اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة"), {}, {}, r"\s+"),
}
_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def number_in_words(text: str, lang: str) -> int | None:
    """The first count written in words in ``text`` (2 to 99), or None.

    Example:
        >>> number_in_words("The following fifty-four parties", "en")
        54
        >>> number_in_words("représentés par un observateur", "fr") is None
        True
        >>> number_in_words("下列十二个签署国", "zh")
        12
    """
    if lang == "zh":
        # Only a count of things ("下列十二个…"), not "第七次会议".
        found = re.search(r"([一二三四五六七八九十]+)\s*个", text)
        if not found:
            return None
        head, ten, tail = found.group(1).partition("十")
        value = (_ZH_DIGITS.get(head, 1) * 10 + _ZH_DIGITS.get(tail, 0) if ten
                 else _ZH_DIGITS.get(head))
        return value if value and value > 1 else None
    singles, tens, units, join = _NUMBER_WORDS[lang]
    def alternatives(words: dict[str, int]) -> str:
        return "|".join(sorted(map(re.escape, words), key=len, reverse=True))

    parts = [rf"(?P<single>{alternatives(singles)})"]
    if tens:
        parts.insert(0, rf"(?P<tens>{alternatives(tens)})"
                        rf"(?:{join}(?P<unit>{alternatives(units)}))?")
    found = re.search(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])", text, re.IGNORECASE)
    if not found:
        return None
    if found.group("single"):
        return singles[found.group("single").lower()]
    tens_value = tens[found.group("tens").lower()] * 10
    return tens_value + (units[found.group("unit").lower()] if found.group("unit") else 0)


CUES: dict[str, LanguageCues] = {
    "zh": LanguageCues(
        attended=r"出席",
        categories=(
            ("non_party", r"非缔约方"),
            ("signatory", r"签署国"),
            ("party", r"缔约方|缔约国"),
            ("igo", r"政府间组织"),
            ("un_entity", r"联合国(?:实体|机构)"),
        ),
        conjunctions=("和", "及"),
        conjunction_is_prefix=False,
        months={f"{m}月": m for m in range(1, 13)},
        date_pattern=(r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
                      r"(?:\s*[和至]\s*(?P<last>\d{1,2})\s*日)?"),
        held=r"举行",
        list_end=r"。",
    ),
    "en": LanguageCues(
        attended=r"\brepresented\b|\battended\b",
        categories=(
            ("non_party", r"neither parties nor signator|not parties or signator|non-part"),
            ("signatory", r"\bsignator"),
            ("party", r"\bpart(?:y|ies)\b|\bStates parties\b"),
            ("igo", r"\bintergovernmental organi[sz]ations?\b"),
            ("un_entity", r"\bUnited Nations (?:entit|bod|office)"),
        ),
        conjunctions=("and",),
        conjunction_is_prefix=False,
        months={m: i + 1 for i, m in enumerate(
            "january february march april may june july august september october november "
            "december".split())},
        date_pattern=r"(?P<day>\d{1,2})(?:\s+(?:and|to|-)\s+(?P<last>\d{1,2}))?\s+(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})",
        held=r"\bheld\b",
        list_end=r"\.(?=\s+[A-ZÀ-Þ]|\s*$)",
    ),
    "fr": LanguageCues(
        attended=r"représenté",
        categories=(
            ("non_party", r"ni parties ni signataires|ni partie ni signataire|non parties"),
            ("signatory", r"signataires?"),
            ("party", r"\bparties?\b|États parties"),
            ("igo", r"organisations? intergouvernementales?"),
            ("un_entity", r"(?:entités|organismes|bureaux) des Nations Unies"),
        ),
        conjunctions=("et",),
        conjunction_is_prefix=False,
        months={m: i + 1 for i, m in enumerate(
            "janvier février mars avril mai juin juillet août septembre octobre novembre "
            "décembre".split())},
        date_pattern=r"(?P<day>\d{1,2})(?:er)?(?:\s+(?:et|au)\s+(?P<last>\d{1,2}))?\s+(?P<month>[^\W\d_]+)\s+(?P<year>\d{4})",
        held=r"\btenue?s?\b",
        list_end=r"\.(?=\s+[A-ZÀ-Þ]|\s*$)",
    ),
    "es": LanguageCues(
        attended=r"representad|asisti",
        categories=(
            ("non_party", r"ni partes ni signatari|no son partes ni signatari"),
            ("signatory", r"signatari"),
            ("party", r"\bpartes?\b|Estados partes"),
            ("igo", r"organizaci[oó]n(?:es)? intergubernamental(?:es)?"),
            ("un_entity", r"(?:entidades|órganos|oficinas) de las Naciones Unidas"),
        ),
        conjunctions=("y", "e"),
        conjunction_is_prefix=False,
        months={m: i + 1 for i, m in enumerate(
            "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
            "diciembre".split())},
        date_pattern=r"(?P<day>\d{1,2})(?:\s+(?:y|al)\s+(?P<last>\d{1,2}))?\s+de\s+(?P<month>[^\W\d_]+)\s+de\s+(?P<year>\d{4})",
        held=r"celebrad",
        list_end=r"\.(?=\s+[A-ZÀ-Þ]|\s*$)",
    ),
    "ru": LanguageCues(
        attended=r"представлен|присутствовал",
        categories=(
            ("non_party", r"не являющ\w* ни участник|ни участник\w* ни"),
            ("signatory", r"подписавш"),
            ("party", r"участник|сторон"),
            ("igo", r"межправительственн"),
            ("un_entity", r"(?:подразделени|структур|орган)\w* Организации Объединенных Наций"),
        ),
        conjunctions=("и",),
        conjunction_is_prefix=False,
        months={m: i + 1 for i, m in enumerate(
            "января февраля марта апреля мая июня июля августа сентября октября ноября "
            "декабря".split())},
        date_pattern=r"(?P<day>\d{1,2})(?:\s+(?:и|-)\s+(?P<last>\d{1,2}))?\s+(?P<month>[^\W\d_]+)\s+(?P<year>\d{4})",
        held=r"состоявш|проходивш",
        list_end=r"\.(?=\s+[А-ЯЁA-Z]|\s*$)",
    ),
    "ar": LanguageCues(
        attended=r"مثلت|ممثلة|حضر",
        categories=(
            ("non_party", r"ليست أطرافا? ولا موقع|غير الأطراف وغير الموقع"),
            ("signatory", r"الموقع"),
            ("party", r"الأطراف|طرفا"),
            ("igo", r"المنظمات الحكومية الدولية"),
            ("un_entity", r"(?:كيانات|هيئات|مكاتب) الأمم المتحدة"),
        ),
        conjunctions=("و",),
        conjunction_is_prefix=True,
        months={"كانون الثاني": 1, "يناير": 1, "شباط": 2, "فبراير": 2, "آذار": 3, "مارس": 3,
                "نيسان": 4, "أبريل": 4, "أيار": 5, "مايو": 5, "حزيران": 6, "يونيه": 6,
                "يونيو": 6, "تموز": 7, "يوليه": 7, "يوليو": 7, "آب": 8, "أغسطس": 8,
                "أيلول": 9, "سبتمبر": 9, "تشرين الأول": 10, "أكتوبر": 10,
                "تشرين الثاني": 11, "نوفمبر": 11, "كانون الأول": 12, "ديسمبر": 12},
        date_pattern=r"(?P<day>\d{1,2})(?:\s+و\s*(?P<last>\d{1,2}))?\s+(?P<month>[^\d/]+?(?:/[^\d/]+?)?)\s+(?P<year>\d{4})",
        held=r"المعقود",
        list_end=r"\.(?=\s|$)",
    ),
}

_SCRIPT_PATTERNS = {
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
}
_LATIN_STOPWORDS = {
    "en": {"the", "of", "and", "to", "was", "were", "on", "that", "with", "by", "is", "for",
           "this", "are", "be", "it", "we", "our", "from", "has", "have", "will", "not",
           "an", "or", "at", "as", "please", "which"},
    "fr": {"le", "la", "les", "des", "et", "du", "à", "une", "aux", "été", "est", "sont",
           "pour", "dans", "qui", "sur", "avec", "pas", "ont"},
    "es": {"el", "los", "las", "del", "y", "en", "que", "por", "una", "fue", "para", "con",
           "se", "al", "es", "son", "lo"},
}
# Frequent words of other languages written in Latin script: a text that reads more
# like one of these than like English, French or Spanish is in none of the six
# (German must not pass for French because both write "des").
_OTHER_STOPWORDS = {
    "de": {"der", "die", "das", "und", "ist", "nicht", "ein", "eine", "mit", "von", "zu",
           "den", "dem", "im", "auf", "für", "sich", "auch", "wird", "werden", "sind",
           "wurde", "wurden", "einer", "eines", "nach", "bei", "über", "vom", "zum", "zur"},
    "it": {"il", "di", "che", "è", "per", "della", "delle", "dei", "gli", "non", "sono",
           "con", "nel", "alla", "degli", "stato", "stati"},
    "pt": {"os", "da", "do", "das", "dos", "não", "uma", "com", "para", "são", "foi", "em",
           "pelo", "pela", "ao", "às"},
    "nl": {"het", "een", "van", "niet", "zijn", "met", "voor", "op", "te", "dat", "werd",
           "wordt", "ook", "aan", "bij", "deze"},
}


def detect_language(text: str) -> str | None:
    """Return the UN language a text is written in, or None when it is none of the six.

    Non-Latin scripts decide at once (Han, Arabic, Cyrillic); Latin text is told apart
    by counting frequent function words of English, French and Spanish, and of German,
    Italian, Portuguese and Dutch, which are not UN languages.

    Args:
        text: The report text (already decoded).

    Returns:
        One of ``ar, en, es, fr, ru, zh``, or None when no UN language is evident.

    Example:
        >>> detect_language("The following States were represented at the meeting")
        'en'
        >>> detect_language("Die folgenden Staaten waren bei der Sitzung vertreten") is None
        True
    """
    sample = text[:200_000]
    letters = sum(ch.isalpha() for ch in sample)
    if letters == 0:
        return None
    for lang, pattern in _SCRIPT_PATTERNS.items():
        if len(pattern.findall(sample)) > 0.2 * letters:
            return lang
    words = re.findall(r"[^\W\d_]+", sample.lower())
    scores = {lang: sum(w in stop for w in words)
              for lang, stop in (_LATIN_STOPWORDS | _OTHER_STOPWORDS).items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0 and best in _LATIN_STOPWORDS else None


@dataclass(frozen=True)
class VoiceCues:
    """How a language's report says who chaired, who led panels and who spoke.

    ``person_first`` tells whether a panellist's name comes before the affiliation
    ("Hendrik Odendaal, Lieutenant Colonel, …") or after it (Chinese: "…中校 Hendrik
    Odendaal"). ``groups`` maps each regional group to the words the report uses.
    """

    panel: str
    chair: str
    statement: str
    representing: str
    opening: str
    agenda_item: str
    secretariat: str
    person_first: bool
    groups: dict[str, str]


VOICE_CUES: dict[str, VoiceCues] = {
    "zh": VoiceCues(
        panel=r"专题讨论嘉宾|议程项目\s*\d+\s*下的讨论由",
        chair=r"会议由.+?主持",
        statement=r"作了[^。，,]{0,8}发言|上发言的",
        representing=r"^\s*(?:也)?代表",
        opening=r"开幕",
        agenda_item=r"议程项目\s*(\d+)(?:\s*和\s*(\d+))?",
        secretariat=r"秘书处",
        person_first=False,
        groups={"African": r"非洲国家组", "Asia-Pacific": r"亚洲[－\-—和]?太平洋国家组|亚太国家组",
                "Eastern European": r"东欧国家组", "GRULAC": r"拉丁美洲和加勒比国家组",
                "WEOG": r"西欧和其他国家组"},
    ),
    "en": VoiceCues(
        panel=r"\bpanellists?\b|discussion under agenda item \d+ was (?:moderated|led) by",
        chair=r"\bmeeting was chaired by\b",
        statement=r"\bstatements?\b[^.:]{0,40}\b(?:was|were) (?:also )?made\b"
                  r"|\bmade (?:\w+ ){0,2}statements?\b",
        representing=r"^\s*(?:also\s+)?on behalf of(?: the)?\s+",
        opening=r"\bopening\b",
        agenda_item=r"agenda items? (\d+)(?: and (\d+))?",
        secretariat=r"\bSecretariat\b",
        person_first=True,
        groups={"African": r"African States|African Group",
                "Asia-Pacific": r"Asia-Pacific States|Asia-Pacific Group",
                "Eastern European": r"Eastern European States|Eastern European Group",
                "GRULAC": r"Latin American and Caribbean States",
                "WEOG": r"Western European and other States"},
    ),
}
