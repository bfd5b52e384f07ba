"""The words a UN publications review asked for, in the six languages of the labels."""

import json
import re

import pytest

from analysis.brief import findings
from analysis.study import build_study
from analysis.vocabulary import label_languages, load_labels
from tests.conftest import REPORT_ZH, ROOT

LANGS = ("ar", "en", "es", "fr", "ru", "zh")

# The adherence category "neither" (not a party to the Protocol nor to the Convention),
# worded the same in a legend, a sentence and a note: the phrase every label of it holds.
# Review 2 asked for the plain "not a party to either" in each language (the instruments
# named, so it cannot be read as the report's "neither party nor signatory"). Russian keeps
# "вне": "не является участником ни ..., ни ..." makes the printed Russian briefing a page
# longer than its three.
NEITHER = {"en": "to the convention or the protocol", "fr": "à la convention ni au protocole",
           "es": "en la convención ni en el protocolo", "ru": "вне конвенции и протокола",
           "zh": "非《公约》或《议定书》缔约方", "ar": "في الاتفاقية ولا في البروتوكول"}
# The report's "neither ... nor": a word only the report's category may use.
NEGATOR = {"en": {"neither", "nor"}, "fr": {"ni"}, "es": {"ni"}, "ru": {"ни"}, "ar": {"ولا"},
           "zh": {"非"}}
NEITHER_KEYS = ("adherence.neither", "regional_participation.neither", "brief.parties.neither",
                "engagement.neither")

# Words of the old labels the review found inexact ("ratification gap": most non-parties
# can only accede; "one instrument away" characterises a State; "led a panel": the report
# lists panellists, not moderators).
RETIRED = {"en": ("ratification gap", "one instrument away", "led a panel", "neither instrument",
                  "signed the protocol only", "not yet bound", "the rest were present"),
           "fr": ("écart de ratification", "à un instrument près", "animé une table ronde",
                  "aucun des deux instruments", "non encore liés"),
           "es": ("brecha de ratificación", "instrumento de distancia", "le falta un instrumento",
                  "dirigió una mesa redonda", "ninguno de los dos instrumentos",
                  "aún no obligados"),
           "ru": ("разрыв в ратификации", "одного документа", "руководил",
                  "ни в одном из двух документов", "участвовали, не являясь"),
           "zh": ("批准差距", "差一项文书", "主持专题讨论", "均非两项文书", "仅签署议定书",
                  "尚未受约束", "三页 A4"),
           "ar": ("فجوة التصديق", "ينقصها صك واحد", "أدارت حلقة نقاش", "أي من الصكين",
                  "غير الملزمة بعد")}

EUROPEAN_UNION = {"en": "European Union", "fr": "Union européenne", "es": "Unión Europea",
                  "ru": "Европейский союз", "zh": "欧洲联盟", "ar": "الاتحاد الأوروبي"}


def _texts(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value.values())


def _words(text: str) -> set[str]:
    """The words of a label text, lower case, its placeholders left out."""
    return set(re.findall(r"\w+", re.sub(r"\{[^}]*\}", "", text).lower()))


def test_the_six_languages_are_the_label_languages():
    assert set(label_languages()) == set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_the_adherence_category_neither_is_worded_apart_from_the_reports_category(lang):
    labels = load_labels(lang)
    ours = [text for key in NEITHER_KEYS for text in _texts(labels.texts[key])]
    # One wording everywhere the category appears: legend, sentence and note.
    assert all(NEITHER[lang] in text.lower() for text in ours), ours
    # The report's category ("neither parties nor signatories") keeps the report's words;
    # the adherence category opens with another word and never says "neither".
    report = _texts(labels.texts["brief.attendance.non_parties"])
    def opening(text: str) -> str:
        text = text.replace("{n}", "").strip().lower()
        return text[:2] if lang == "zh" else re.findall(r"\w+", text)[0]

    assert all(opening(text) != opening(labels("adherence.neither")) for text in report)
    # English and Russian keep "neither ... nor" for the report's category: the others say
    # "not a party to either instrument" with their negator, the instruments named.
    if lang in ("en", "ru"):
        assert all(not NEGATOR[lang] & _words(text) for text in ours), ours


@pytest.mark.parametrize("lang", LANGS)
def test_no_label_keeps_a_retired_wording(lang):
    text = json.dumps(load_labels(lang).texts, ensure_ascii=False).lower()
    found = [old for old in RETIRED[lang] if old.lower() in text]
    assert not found, found


def test_chinese_names_the_instruments_in_book_title_marks():
    bare = [(key, text) for key, value in load_labels("zh").texts.items()
            for text in _texts(value)
            if re.search("议定书|(?<!母)公约", re.sub(r"《[^》]*》", "", text))]
    assert not bare, bare


def test_congo_is_named_as_the_un_names_it_in_chinese():
    names = (ROOT / "data" / "reference" / "un_country_names.csv").read_text(encoding="utf-8")
    assert "COG,zh,刚果,刚果共和国" in names.splitlines()
    assert "刚果（布）" not in names


@pytest.fixture(scope="module")
def at_meeting():
    return build_study(REPORT_ZH, latest="2020-07-16")


@pytest.mark.parametrize("lang", LANGS)
def test_the_count_of_parties_says_it_includes_the_european_union(at_meeting, lang):
    labels = load_labels(lang)
    text = " ".join(findings(at_meeting, labels))
    # 118 parties on the meeting date: 117 Member States and the European Union.
    members = labels.plural("brief.parties.member_states", 117)
    parties = labels.plural("brief.parties.protocol_parties_eu", 118, members=members)
    assert parties in text and EUROPEAN_UNION[lang] in parties
    assert labels.number(117) in members


def test_the_meeting_date_figures_say_what_they_show():
    from analysis.figures import figure_builders

    labels = load_labels("en")
    built = figure_builders(build_study(REPORT_ZH, latest="2020-07-16"), labels)
    gap = " ".join(built["ratification_gap_by_group"]().to_dict()["title"]["subtitle"])
    assert "on 16 July 2020" in gap and "on each date" not in gap
    timeline = " ".join(built["accession_timeline"]().to_dict()["title"]["subtitle"])
    # No State is named above the line on the meeting's date, and no sentence says so.
    assert "named above the line" not in timeline
    assert "Before 3 July 2005 (entry into force): States that had deposited" in timeline
    assert "UNIS Vienna (UNIS/CP/517)" in json.dumps(built["accession_timeline"]().to_dict())


# Issue 25 (language finish): lists in running text, full names, French apostrophes,
# Russian attending vs party, map notes in every language.

@pytest.fixture(scope="module")
def shipped():
    return build_study()


def test_running_text_lists_end_with_the_languages_and(shipped):
    from analysis.findings import named

    # UN English: no comma before "and".
    assert named(["DEU", "CHN", "JPN"], load_labels("en")) == "Germany, China and Japan"
    # Arabic: و before each later item ("…، اليابان" was the review's complaint).
    assert named(["DEU", "CHN", "JPN"], load_labels("ar")) == "ألمانيا، والصين، واليابان"
    assert named(["DEU", "CHN"], load_labels("zh")) == "德国和中国"
    joined = findings(shipped, load_labels("en"))[4]
    assert joined.endswith("Germany (instrument of ratification deposited on 14 October 2021) "
                           "and China (instrument of ratification deposited on 19 December "
                           "2023).")


def test_running_text_names_the_united_kingdom_in_full(shipped):
    expected = {"en": "United Kingdom of Great Britain and Northern Ireland, United States of "
                      "America and Viet Nam.",
                "fr": "Royaume-Uni de Grande-Bretagne et d’Irlande du Nord et Viet Nam.",
                "es": "Reino Unido de Gran Bretaña e Irlanda del Norte y Viet Nam.",
                "ru": "Соединенное Королевство Великобритании и Северной Ирландии, "
                      "Соединенные Штаты Америки, Филиппины и Япония.",
                "zh": "大不列颠及北爱尔兰联合王国、美利坚合众国和越南。"}
    for lang, tail in expected.items():
        assert findings(shipped, load_labels(lang))[3].endswith(tail), lang


def test_french_names_take_the_typographic_apostrophe(shipped):
    from analysis.reference import display_names

    names = dict(display_names(load_labels("fr")).iter_rows())
    assert names["IRN"] == "Iran (République islamique d’)"
    assert names["USA"] == "États-Unis d’Amérique"
    assert not [n for n in names.values() if "'" in n]
    sentence = findings(shipped, load_labels("fr"))[3]
    assert "Iran (République islamique d’)*" in sentence and "'" not in sentence


def test_russian_says_attended_not_participated():
    ru = load_labels("ru")
    # участвовать (take part) reads as "be a party" (участник) beside the Protocol.
    assert not [key for key, text in ru.texts.items() if "участв" in " ".join(_texts(text))]
    assert ru("map.attended", meeting="X") == "Контур: присутствовало на совещании (X)"
    assert ru("pending.attended", year=2020) == "Присутствовало на совещании 2020 года"
    assert ru("voice.panel") == "Докладчик в дискуссионной группе"
    assert ru("regional_participation.title", meeting="X").startswith(
        "Присутствие на совещании")
    assert ru.plural("brief.attendance.participants", 90) == "указаны 90 присутствовавших"
    # A party stays a party.
    assert ru.plural("brief.attendance.parties", 53) == (
        "53 участника Протокола об огнестрельном оружии")


@pytest.mark.parametrize("lang", ["ar", "es", "fr", "ru", "zh"])
def test_map_notes_are_in_the_language_and_the_disclaimer_is_complete(lang):
    labels = load_labels(lang)
    english = load_labels("en")
    for key in ("map.note", "map.note_kashmir", "map.note_sudan", "map.note_falklands",
                "map.note_kosovo"):
        assert labels(key) != english(key), (lang, key)
        assert not re.search(r"\b(the|of|and)\b", labels(key)), (lang, key)
    # "the designations used" is part of the disclaimer in every language.
    designations = {"fr": "les désignations employées", "es": "las denominaciones empleadas",
                    "ru": "используемые на ней обозначения", "zh": "所用称谓",
                    "ar": "والتسميات المستخدمة"}
    assert designations[lang] in labels("map.note")
    # Each note translated without the official text at hand says so in the file.
    data = json.loads((ROOT / "analysis" / "labels" / f"{lang}.json").read_text(encoding="utf-8"))
    assert set(data["notes"]) >= {"map.note", "map.note_kosovo"}


def test_un_acronyms_and_chinese_ranges():
    assert load_labels("fr")("publisher.UNIS/CP/517") == "SINU Vienne (UNIS/CP/517)"
    assert load_labels("es")("publisher.UNIS/CP/517") == "SINU Viena (UNIS/CP/517)"
    assert load_labels("zh")("timeline.title", year=2024) == "《枪支议定书》缔约方，2001至2024年"
    assert not [k for k, t in load_labels("zh").texts.items() if "–" in " ".join(_texts(t))]
