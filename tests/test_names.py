import polars as pl
import pycountry
import pytest

from analysis.errors import UnknownNameError
from analysis.names import build_name_index, default_name_index, normalise_name, normalise_names
from analysis.reference import load_name_aliases, load_organizations


@pytest.mark.parametrize(("name", "entity_id"), [
    ("委内瑞拉玻利瓦尔共和国", "VEN"),
    ("Venezuela (Bolivarian Republic of)", "VEN"),
    ("Venezuela (République bolivarienne du)", "VEN"),
    ("République bolivarienne du Venezuela", "VEN"),
    ("Venezuela (República Bolivariana de)", "VEN"),
    ("多民族玻利维亚国", "BOL"),
    ("Bolivia (Plurinational State of)", "BOL"),
    ("Bolivia", "BOL"),
    ("Bolivie (État plurinational de)", "BOL"),
    ("Türkiye", "TUR"),
    ("Turkey", "TUR"),
    ("土耳其", "TUR"),
    ("Czechia", "CZE"),
    ("Czech Republic", "CZE"),
    ("Viet Nam", "VNM"),
    ("Côte d'Ivoire", "CIV"),
    ("Российская Федерация", "RUS"),
    ("الاتحاد الروسي", "RUS"),
    ("European Union", "EUU"),
    ("欧洲联盟", "EUU"),
    ("INTERPOL", "INTERPOL"),
    ("Counter-Terrorism Committee Executive Directorate", "CTED"),
])
def test_un_name_forms_in_six_languages(name, entity_id):
    assert normalise_name(name) == entity_id


@pytest.mark.parametrize("variant", [
    "cote d'ivoire",            # case, accents
    "CÔTE D’IVOIRE",            # typographic apostrophe
    "  Côte   d'Ivoire ",       # spacing
    "Côte d\u02bcIvoire",       # modifier-letter apostrophe
])
def test_matching_folds_case_accents_apostrophes_spacing(variant):
    assert normalise_name(variant) == "CIV"


def test_full_width_brackets_and_cyrillic_lookalikes():
    assert normalise_name("Bolivia（Plurinational State of）") == "BOL"
    assert normalise_name("Сhile") == "CHL"        # Cyrillic С
    assert normalise_name("Ecuadоr") == "ECU"      # Cyrillic о
    assert normalise_name("Pоссийская Федерация") == "RUS"  # Latin P in Cyrillic text


def test_language_restriction():
    index = default_name_index()
    assert index.is_known("Allemagne", "fr")
    assert not index.is_known("Allemagne", "en")


def test_column_keeps_order_length_and_repeats():
    names = ["Viet Nam", "越南", "Chile", "Viet Nam", None]
    frame = pl.DataFrame({"name": names, "n": range(5)})
    out = normalise_names(frame, "name", allow_unknown=True)
    assert out["n"].to_list() == [0, 1, 2, 3, 4]
    assert out["entity_id"].to_list() == ["VNM", "VNM", "CHL", "VNM", None]
    assert out["iso3"].to_list() == ["VNM", "VNM", "CHL", "VNM", None]


def test_unknown_names_are_all_reported_with_three_suggestions_at_most():
    frame = pl.DataFrame({"name": ["Chile", "Venezuella", "Atlantis", "Venezuella"]})
    with pytest.raises(UnknownNameError) as caught:
        normalise_names(frame, "name", where="list.txt")
    error = caught.value
    assert list(error.unknown) == ["Venezuella", "Atlantis"]
    assert error.unknown["Venezuella"][0] == "Venezuela (VEN)"
    assert all(len(s) <= 3 for s in error.unknown.values())
    assert str(error).startswith("list.txt: 2 unknown names: 'Venezuella' (did you mean: Venezuela")


def test_no_name_is_ambiguous_in_the_report_languages():
    # Ambiguous keys are dropped rather than guessed; none may be a UN short name.
    index = default_name_index()
    ambiguous = set(index.ambiguous()["key"])
    un_names = index.forms.filter(pl.col("source") == "un")
    assert not ambiguous & set(un_names["key"])


def test_curated_aliases_are_needed_and_point_somewhere():
    aliases = load_name_aliases()
    known_ids = {c.alpha_3 for c in pycountry.countries} | set(load_organizations()["org_id"])
    assert set(aliases["entity_id"]) <= known_ids
    # Without the alias table, none of its aliases would resolve: each one earns its place.
    index = default_name_index()
    without = build_name_index(index.forms.filter(pl.col("source") != "alias"))
    for alias, lang, entity_id in aliases.select("alias", "lang", "entity_id").iter_rows():
        assert not without.is_known(alias, lang), f"{alias} is already known"
        assert index.resolve(pl.Series([alias]), lang)["entity_id"].item() == entity_id
