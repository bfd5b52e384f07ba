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
NEITHER = {"en": "to the convention or the protocol", "fr": "hors de la convention et du protocole",
           "es": "fuera de la convención y del protocolo", "ru": "вне конвенции и протокола",
           "zh": "未加入《公约》和《议定书》", "ar": "الاتفاقية والبروتوكول"}
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
    assert all(not NEGATOR[lang] & _words(text) if lang != "zh" else "非" not in text
               for text in ours), ours


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
