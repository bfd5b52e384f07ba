"""Counts in each language's grammar: CLDR plural forms, numbers as the language writes them."""

import json

import pytest

from analysis.brief import findings
from analysis.findings import discussion_point_1
from analysis.study import build_study
from analysis.vocabulary import LABELS_DIR, load_labels, plural_categories
from tests.conftest import REPORT_ZH

RU, AR, FR = load_labels("ru"), load_labels("ar"), load_labels("fr")


@pytest.fixture(scope="module")
def study():
    return build_study(REPORT_ZH)


def test_russian_counts_take_one_few_many():
    # "N Member States were not parties to it" of the briefing.
    said = {n: RU.plural("brief.parties.outside", n) for n in (1, 2, 5, 21, 22, 123)}
    assert said == {
        1: "1 государство-член не являлось его участником",
        2: "2 государства-члена не являлись его участниками",
        5: "5 государств-членов не являлись его участниками",
        21: "21 государство-член не являлось его участником",
        22: "22 государства-члена не являлись его участниками",
        123: "123 государства-члена не являлись его участниками",
    }
    parties = [RU.plural("brief.parties.protocol_parties", n) for n in (1, 2, 5, 21, 22, 123)]
    assert parties == ["у Протокола был 1 участник", "у Протокола было 2 участника",
                       "у Протокола было 5 участников", "у Протокола был 21 участник",
                       "у Протокола было 22 участника", "у Протокола было 123 участника"]
    assert [RU.plural("pending.years", n) for n in (1, 2, 5, 21)] == [
        "1 год", "2 года", "5 лет", "21 год"]


def test_arabic_counts_take_zero_one_two_few_many_other():
    said = [AR.plural("brief.attendance.states", n) for n in (0, 1, 2, 3, 11, 100)]
    assert said == ["0 دولة", "دولة واحدة", "دولتين", "3 دول", "11 دولة", "100 دولة"]
    years = [AR.plural("pending.years", n) for n in (0, 1, 2, 3, 11, 100)]
    assert years == ["0 سنة", "سنة واحدة", "سنتان", "3 سنوات", "11 سنة", "100 سنة"]


def test_french_zero_and_one_are_singular():
    # CLDR French: 0 and 1 are "one" ("0 partie"), 2 is "other".
    assert [FR.plural("brief.parties.protocol_parties", n) for n in (0, 1, 2)] == [
        "0 partie", "1 partie", "2 parties"]
    assert [FR.plural("brief.parties.neither", n) for n in (0, 1, 2)] == [
        "0 État qui n’est partie ni à la Convention ni au Protocole",
        "1 État qui n’est partie ni à la Convention ni au Protocole",
        "2 États qui ne sont parties ni à la Convention ni au Protocole"]


def test_numbers_are_written_as_the_language_writes_them():
    assert FR.plural("brief.attendance.participants", 1500) == "1\u202f500 participants"
    # The report's participants attended (присутствовать); участник is a Protocol party.
    assert RU.plural("brief.attendance.participants", 1500) == (
        "указаны 1\xa0500 присутствовавших")
    assert load_labels("en").plural("brief.attendance.participants", 1500) == (
        "1,500 participants")


def test_the_briefing_sentences_in_russian_agree_with_their_numbers(study):
    text = " ".join(findings(study, RU))
    assert "у Протокола было 123 участника (122 государства-члена и Европейский союз)" in text
    assert "71 государство-член не являлось его участником" in text  # not "71 государств-членов"
    # Attending the meeting, not "participating" (участвовать also means being a party).
    assert "22 государства-члена присутствовали на совещании" in text  # not "22 государств-членов"
    assert "53 участника Протокола" in text                    # not "53 участников"


def test_the_briefing_sentences_in_french_spanish_and_english(study):
    assert "6 États qui ne sont parties ni à la Convention ni au Protocole" in " ".join(
        findings(study, FR))
    assert "6 no partes en la Convención ni en el Protocolo" in " ".join(
        findings(study, load_labels("es")))
    english = " ".join(findings(study, load_labels("en")))
    assert "and 6 not parties to the Convention or the Protocol." in english
    assert "the Protocol had 123 parties (122 Member States and the European Union)" in english
    assert "whose status" not in english  # no State undecided: no "0 whose status"
    undecided = build_study(REPORT_ZH, latest="2020-07-16")
    assert "For 1 more Member State the treaty data" in " ".join(
        findings(undecided, load_labels("en")))
    assert "(s)" not in english + discussion_point_1(undecided)


@pytest.mark.parametrize("lang", ["ar", "en", "es", "fr", "ru", "zh"])
def test_every_count_label_has_the_forms_its_language_needs(lang):
    texts = load_labels(lang).texts
    counted = {key for key, text in texts.items() if isinstance(text, dict)}
    assert {"brief.not_bound", "pending.years", "brief.parties.neither"} <= counted
    assert all(set(texts[key]) == plural_categories(lang) for key in counted)
    assert not any("(s)" in text for text in texts.values() if isinstance(text, str))


def test_a_label_missing_a_plural_form_is_refused_on_load(tmp_path, monkeypatch):
    import analysis.vocabulary as vocabulary

    data = json.loads((LABELS_DIR / "ru.json").read_text(encoding="utf-8"))
    del data["text"]["brief.parties.outside"]["few"]
    (tmp_path / "ru.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(vocabulary, "LABELS_DIR", tmp_path)
    vocabulary.load_labels.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"ru.json: label 'brief.parties.outside' lacks "
                                             r"the plural forms: few \(CLDR ru: few, many"):
            vocabulary.load_labels("ru")
    finally:
        vocabulary.load_labels.cache_clear()


def test_french_labels_use_the_typographic_apostrophe():
    texts = json.loads((LABELS_DIR / "fr.json").read_text(encoding="utf-8"))["text"]
    # The map and briefing keys are another piece of work's.
    straight = [key for key, text in texts.items()
                if "'" in json.dumps(text, ensure_ascii=False)
                and not key.startswith(("brief.", "map."))]
    assert not straight
    assert "’" in texts["gap.subtitle"]


def test_percentages_as_cldr_writes_them():
    assert load_labels("fr").percent(0.1) == "10\u00a0%"
    assert load_labels("en").percent(0.1) == "10%"
    assert load_labels("ru").percent(0.25) == "25\u00a0%"
