"""Codes are names; convert() to codes, names and groups; normalise_names never suffixes."""

import subprocess
import sys

import polars as pl
import pytest

import analysis
from analysis.codes import NotInUniverseError, convert, convert_table
from analysis.errors import BadArgumentError, UnknownNameError
from analysis.names import normalise_names
from tests.conftest import ROOT


@pytest.mark.parametrize("code", ["DEU", "DE", "276", " DEU "])
def test_iso_and_m49_codes_resolve_to_the_state(code):
    assert analysis.normalise_name(code) == "DEU"


def test_codes_resolve_in_a_column_beside_names():
    frame = pl.DataFrame({"name": ["FRA", "FR", "250", "004", "EUU", "EU", "Viet Nam", "VN"]})
    assert normalise_names(frame, "name")["entity_id"].to_list() == [
        "FRA", "FRA", "FRA", "AFG", "EUU", "EUU", "VNM", "VNM"]


@pytest.mark.parametrize("number", ["4", "8", "10", "12"])
def test_a_bare_number_is_not_an_m49_code(number):
    # A row-number column picked by mistake must not map rows to Afghanistan, Albania...
    frame = pl.DataFrame({"name": [number]})
    result = normalise_names(frame, "name", allow_unknown=True)
    assert result["entity_id"].to_list() == [None]


def test_an_id_that_is_also_a_states_code_stands_for_the_state():
    # "EC" is Ecuador's alpha-2 code, as the name forms already treat it.
    assert analysis.normalise_name("EC") == "ECU"


def test_normalise_command_takes_codes():
    result = subprocess.run([sys.executable, "-m", "analysis", "normalise", "DEU", "276", "GB"],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["DEU\tDEU", "276\tDEU", "GB\tGBR"]


def test_convert_keeps_the_shape_of_its_input():
    assert convert("Allemagne") == "DEU"
    assert convert(["Alemania", "DE"], to="iso2") == ["DE", "DE"]
    series = convert(pl.Series("who", ["Germany", "USA"]), to="m49")
    assert series.name == "who" and series.to_list() == ["276", "840"]
    frame = pl.DataFrame({"c": ["Chine", "Brazil"]})
    assert frame.select(convert(pl.col("c"), to="name", lang="zh")).to_series().to_list() == [
        "中国", "巴西"]
    assert convert(["Türkiye", "United States"], to="regional_group") == ["WEOG", "WEOG"]


def test_with_unknowns_allowed_a_column_says_why_a_row_has_no_value():
    table = convert_table(pl.Series(["Atlantis", "Korea", "INTERPOL", "Chile"]),
                          to="regional_group", allow_unknown=True)
    assert table["unresolved"].to_list() == ["unknown", "ambiguous", "not_in_universe", None]
    out = normalise_names(pl.DataFrame({"n": ["Atlantis", "Korea", "Chile", None]}), "n",
                          allow_unknown=True, explain=True)
    assert out["unresolved"].to_list() == ["unknown", "ambiguous", None, None]


def test_convert_refuses_unknowns_and_entities_outside_the_target():
    with pytest.raises(UnknownNameError, match="Atlantis"):
        convert(["Chile", "Atlantis"])
    with pytest.raises(NotInUniverseError, match="no m49 for 'INTERPOL'"):
        convert("INTERPOL", to="m49")
    with pytest.raises(BadArgumentError, match="valid: iso3, iso2, m49, name, regional_group"):
        convert("Chile", to="iso4")
    assert convert(["INTERPOL", "Atlantis"], to="m49", allow_unknown=True) == [None, None]


def test_normalise_names_never_adds_a_suffixed_column():
    frame = pl.DataFrame({"name": ["Chile"], "entity_id": ["x"]})
    with pytest.raises(BadArgumentError, match=r"'entity_id': already in the frame.*into="):
        normalise_names(frame, "name")
    out = normalise_names(frame, "name", into={"entity_id": "partner_id"})
    assert out.columns == ["name", "entity_id", "partner_id", "entity_kind", "iso3"]
    assert out["partner_id"].item() == "CHL" and out["entity_id"].item() == "x"
    codes = pl.DataFrame({"iso3": ["DEU", "FR"]})
    assert normalise_names(codes, "iso3", into={"iso3": "iso3_checked"})[
        "iso3_checked"].to_list() == ["DEU", "FRA"]
    with pytest.raises(BadArgumentError, match="not a column normalise_names adds"):
        normalise_names(codes, "iso3", into={"name": "x"})
