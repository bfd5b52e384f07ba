import polars as pl
import pytest

from analysis.attendance import parse_attendance
from analysis.errors import NotSupportedError
from analysis.report import read_report, report_from_text
from analysis.treaty import status_on
from analysis.voice import parse_voice, voice_by_entity, voice_by_group
from tests.conftest import REPORT_EN, REPORT_ZH

# Written by hand from paragraphs 9, 16, 26 and 34/36 of the report.
PANELLISTS = {
    ("2", "Emmanuel Vallens", "EUU", None),
    ("2", "Isaac Morales Tenorio", "MEX", "GRULAC"),
    ("3", "Hendrik Odendaal", "ZAF", "African"),
    ("3", "Christian Ponti", "ITA", "WEOG"),
    ("3", "José Romero Morgaz", "ESP", "WEOG"),
    ("3", "Marcus Vinicius da Silva Dantas", "BRA", "GRULAC"),
}
# Paragraphs 21, 28-31, 33, 35 and 37: who made statements, under which agenda item
# (1 = the opening of the meeting).
STATEMENTS = {
    "1": {"UNODC", "ARG", "GTM", "HND", "IND", "MEX", "PRY", "TUR", "CHN", "DEU", "CTED",
          "UNOCT"},
    "2": {"UNODC", "ESP", "OAS"},
    "3": {"UNODC", "INTERPOL", "ESP"},
}


@pytest.fixture(scope="module", params=[REPORT_ZH, REPORT_EN], ids=["zh", "en"])
def report(request):
    return read_report(request.param)


def test_every_panellist_with_the_group_the_report_states(report):
    voice = parse_voice(report)
    from_group_paragraphs = voice.filter(pl.col("paragraph").is_in([9, 16]))
    assert set(from_group_paragraphs.select("agenda_item", "person", "entity_id",
                                            "group_stated").rows()) == PANELLISTS
    from_entity_paragraphs = voice.filter(pl.col("paragraph").is_in([34, 36]))
    assert {r[1:3] for r in PANELLISTS} == set(
        from_entity_paragraphs.select("person", "entity_id").rows())


def test_the_chair(report):
    chair = parse_voice(report).filter(pl.col("role") == "chair").row(0, named=True)
    assert chair["person"] == "Gonzalo Fabián Medina Hernández"
    assert chair["entity_id"] == "MEX" and chair["paragraph"] == 26


def test_every_statement_by_agenda_item(report):
    statements = parse_voice(report).filter(pl.col("role") == "statement")
    found = {item: set(statements.filter(pl.col("agenda_item") == item)["entity_id"])
             for item in STATEMENTS}
    assert found == STATEMENTS
    assert statements["entity_id"].null_count() == 0
    # The Chair's mention of the Group of 77 and China (paragraph 27) is not a statement.
    assert 27 not in statements["paragraph"].to_list()


def test_voice_tables(report):
    entities = voice_by_entity(parse_voice(report), parse_attendance(report),
                               status_on("2020-07-16"))
    assert set(entities.filter(pl.col("led_panel"))["entity_id"]) == {
        "EUU", "MEX", "ZAF", "ITA", "ESP", "BRA"}
    spoke_not_listed = entities.filter(pl.col("spoke") & pl.col("attended_as").is_null())
    assert set(spoke_not_listed["entity_id"]) == {"UNODC", "UNOCT"}
    esp = entities.filter(pl.col("entity_id") == "ESP").row(0, named=True)
    assert (esp["attended_as"], esp["agenda_items"]) == ("party", "2;3")
    assert esp["made_statement"]
    arg = entities.filter(pl.col("entity_id") == "ARG").row(0, named=True)
    assert (arg["attended_as"], arg["status"], arg["agenda_items"]) == ("party", "party", "1")
    groups = {r["regional_group"]: r for r in voice_by_group(entities).iter_rows(named=True)}
    assert groups["GRULAC"]["attended"] == 17 and groups["GRULAC"]["spoke"] == 6
    assert groups["Eastern European"]["spoke"] == 0
    assert groups["WEOG"]["panels_for_group"] == 2
    assert sum(g["attended"] for g in groups.values()) == 78
    assert groups["GRULAC"]["share_spoke"] == 0.3529   # 6 / 17, rounded for reading


def test_unsupported_language_is_a_clear_error():
    text = "39. Les 3 parties suivantes étaient représentées: Albanie, Chili et Pérou."
    with pytest.raises(NotSupportedError,
                       match=r"fr\.txt: reading speaking roles from fr reports is not supported"):
        parse_voice(report_from_text(text, source="fr.txt"))


def test_voice_command(cli):
    result = cli("voice", REPORT_ZH, "--by", "group", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert '"regional_group":"GRULAC","attended":17' in result.stdout
    mentions = cli("voice", REPORT_EN, "--by", "mention")
    assert mentions.returncode == 0 and "Marcus Vinicius da Silva Dantas" in mentions.stdout


def test_a_list_of_speakers_resolves_like_attendance_and_names_unknowns():
    from analysis.errors import UnknownNameError

    good = ("29. General statements were made by the representatives of the following "
            "parties: Argentina, Côte d’Ivoire and Turkiye.")
    voice = parse_voice(report_from_text(good))
    assert voice["entity_id"].to_list() == ["ARG", "CIV", "TUR"]
    bad = good.replace("Turkiye", "Narnia")
    with pytest.raises(UnknownNameError, match=r"paragraph 29: 1 unknown name: 'Narnia'"):
        parse_voice(report_from_text(bad, source="v.txt"))
