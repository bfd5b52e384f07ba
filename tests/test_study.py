"""The study object, the shipped reports, and the label files."""

import datetime as dt
import json

import polars as pl
import pytest

import analysis
from analysis.errors import BadDateError
from analysis.figures import figure_builders
from analysis.reference import entity_names
from analysis.report import read_report, shipped_reports
from analysis.study import build_study
from analysis.vocabulary import (
    LABELS_DIR,
    REGIONAL_GROUPS,
    label_languages,
    load_labels,
    placeholders,
)
from tests.conftest import REPORT_EN, REPORT_ZH


def test_study_holds_every_shared_table_with_the_meeting_key():
    study = build_study(REPORT_ZH)
    assert study.meeting == "CTOC/COP/WG.6/2020/3"
    assert (study.meeting_date, study.latest) == (dt.date(2020, 7, 16), dt.date(2024, 5, 4))
    for table in (study.attendance, study.mentions, study.voice):
        assert table.columns[:2] == ["meeting", "meeting_date"]
        assert table["meeting"].unique().to_list() == ["CTOC/COP/WG.6/2020/3"]
    assert study.attendance.height == 90
    assert study.latest_status.filter(pl.col("status") == "party").height == 123
    assert study.meeting_status.filter(pl.col("entity_id") == "DEU")["status"].item() == (
        "signatory")


def test_latest_and_as_of_take_effect():
    study = build_study(REPORT_ZH, latest="2022-01-01", as_of="2021-01-01")
    assert study.latest == dt.date(2022, 1, 1) and study.status_date == dt.date(2021, 1, 1)
    parties = study.latest_status.filter(pl.col("status") == "party")["entity_id"]
    assert "DEU" in parties and "CHN" not in parties  # China deposited in December 2023
    assert study.meeting_status.filter(pl.col("entity_id") == "BOL")["status"].item() == "party"
    with pytest.raises(BadDateError, match="after 2024-05-04"):
        build_study(REPORT_ZH, latest="2030-01-01")


def test_two_reports_make_one_longer_table():
    zh, en = read_report(REPORT_ZH), read_report(REPORT_EN)
    # Two editions of the same meeting that agree are one meeting (tests/test_series.py).
    assert build_study([zh, en]).attendance.height == 90
    # A second meeting (a test fixture, not a real report) makes the table longer.
    later = REPORT_EN.with_name("wg-firearms-2022-test-meeting.en.txt")
    study = build_study([zh, later])
    assert study.meetings["meeting"].to_list() == ["CTOC/COP/WG.6/2020/3",
                                                   "CTOC/COP/WG.6/2022/99"]
    assert study.attendance.height == 90 + 87


def test_shipped_reports_come_from_their_sidecars():
    reports = shipped_reports()
    assert [p.name for p in reports] == ["wg-firearms-2020-report.zh.txt"]
    assert analysis.default_report() == reports[-1]
    assert build_study().meeting == "CTOC/COP/WG.6/2020/3"  # default: every shipped report


def test_study_tables_for_export():
    tables = build_study(REPORT_ZH).tables()
    assert list(tables) == ["attendance", "status_meeting", "status_latest", "voice"]
    assert tables["status_meeting"]["meeting_date"].unique().to_list() == [dt.date(2020, 7, 16)]


@pytest.mark.parametrize("lang", label_languages())
def test_every_label_file_has_every_key_with_the_same_placeholders(lang):
    english = load_labels("en").texts
    labels = load_labels(lang)
    assert set(labels.texts) == set(english), lang
    for key, text in labels.texts.items():
        # A text stating a count has one form per plural category; together they fill
        # what the English forms fill (a form may write the number as a word, "واحدة").
        assert isinstance(text, dict) == isinstance(english[key], dict), (lang, key)
        forms = text.values() if isinstance(text, dict) else [text]
        english_forms = english[key].values() if isinstance(text, dict) else [english[key]]
        assert (set().union(*map(placeholders, forms))
                == set().union(*map(placeholders, english_forms))), (lang, key)
    assert [labels.group(g) for g in REGIONAL_GROUPS]
    assert labels.font


def test_a_new_language_is_one_file(tmp_path, monkeypatch, shipped_study):
    import analysis.vocabulary as vocabulary

    for path in LABELS_DIR.glob("*.json"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    english = json.loads((LABELS_DIR / "en.json").read_text(encoding="utf-8"))
    # Portuguese is no UN language: one label file adds it, and State names fall back
    # to English where the reference tables have none in that language.
    # CLDR gives Portuguese a "many" plural form (1 000 000 de partes) English lacks.
    texts = {key: {**text, "many": text["other"]} if isinstance(text, dict) else text
             for key, text in english["text"].items()}
    portuguese = {**english, "text": {**texts, "adherence.protocol_party": "Parte no Protocolo"}}
    (tmp_path / "pt.json").write_text(json.dumps(portuguese), encoding="utf-8")
    monkeypatch.setattr(vocabulary, "LABELS_DIR", tmp_path)
    assert vocabulary.label_languages() == ("ar", "en", "es", "fr", "pt", "ru", "zh")
    labels = vocabulary.load_labels("pt")
    specs = [build().to_dict(validate=False)
             for build in figure_builders(shipped_study, labels).values()]
    assert "Parte no Protocolo" in json.dumps(specs)
    # The timeline names Bolivia (on two lines), as the English reference table does.
    assert '"Bolivia (Plurinational", "State of)"' in json.dumps(specs[3], ensure_ascii=False)


def test_unknown_label_language_is_named():
    with pytest.raises(ValueError, match="no labels for language 'xx'"):
        load_labels("xx")


def test_state_names_are_stored_once():
    states = analysis.load_member_states()
    assert "name_zh" not in states.columns
    names = dict(entity_names("zh").iter_rows())
    assert (names["COG"], names["VAT"]) == ("刚果", "罗马教廷")  # the M49 form, no （布）
    assert dict(entity_names("fr").iter_rows())["BOL"].startswith("Bolivie")
