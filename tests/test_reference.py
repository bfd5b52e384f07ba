import json

import polars as pl
import pytest

from analysis import paths
from analysis.errors import ReferenceDataError
from analysis.reference import (
    SIDECAR_KEYS,
    load_member_states,
    load_organizations,
    read_sidecar,
    reference_tables,
)

TABLES = reference_tables()


def test_reference_tables_exist():
    assert {"un_member_states", "un_country_names", "organizations", "name_aliases",
            "treaty_participation", "treaty_published_totals"} <= set(TABLES)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_reference_table_has_its_provenance(name):
    meta = read_sidecar(TABLES[name])
    assert set(SIDECAR_KEYS) <= set(meta)
    assert meta["as_of"][:4].isdigit() and meta["retrieved"][:4].isdigit()
    assert isinstance(meta["notes"], list)
    assert pl.read_csv(TABLES[name], infer_schema=False).height > 0


def test_member_states_groups_match_the_un_anchor_sizes():
    states = load_member_states()
    members = states.filter(pl.col("membership") == "member")
    assert members.height == 193
    sizes = dict(members.group_by("regional_group").len().iter_rows())
    assert sizes == {"African": 54, "Asia-Pacific": 54, "Eastern European": 23,
                     "GRULAC": 33, "WEOG": 29}
    by_iso3 = {r["iso3"]: r for r in states.iter_rows(named=True)}
    assert by_iso3["USA"]["group_membership"] == "observer"
    assert by_iso3["TUR"]["regional_group"] == "WEOG"
    assert by_iso3["CYP"]["regional_group"] == "Asia-Pacific"
    assert by_iso3["KIR"]["regional_group"] == "Asia-Pacific"
    assert by_iso3["VAT"]["membership"] == by_iso3["PSE"]["membership"] == "observer"


def test_organizations_cover_the_report_bodies():
    orgs = load_organizations()
    ids = set(orgs["org_id"])
    assert {"EUU", "EUROJUST", "GCC", "INTERPOL", "LAS", "OSCE", "OAS", "RACVIAC", "SEESAC",
            "WASSENAAR", "UNCCT", "CTED"} <= ids
    assert orgs.filter(pl.col("org_id") == "CTED")["kind"].item() == "un_entity"


def _copy_with(tmp_path, source, edit):
    target = tmp_path / source.name
    frame = pl.read_csv(source, infer_schema=False)
    edit(frame).write_csv(target)
    sidecar = source.with_name(source.stem + ".source.json")
    (tmp_path / sidecar.name).write_text(sidecar.read_text(encoding="utf-8"), encoding="utf-8")
    return target


@pytest.mark.parametrize(("edit", "message"), [
    (lambda f: f.with_columns(iso3=pl.when(pl.col("iso3") == "FRA").then(pl.lit("XXX"))
                              .otherwise("iso3")), "iso3_known_to_pycountry"),
    (lambda f: pl.concat([f, f.head(1)]), "primary_key"),
    (lambda f: f.filter(pl.col("iso3") != "CHL"), "192 Member States"),
    (lambda f: f.with_columns(regional_group=pl.when(pl.col("iso3") == "FRA")
                              .then(pl.lit("GRULAC")).otherwise("regional_group")),
     "GRULAC has 34, expected 33"),
    (lambda f: f.drop("m49"), "missing columns: m49"),
])
def test_bad_member_table_is_refused_naming_file_and_problem(tmp_path, edit, message):
    path = _copy_with(tmp_path, paths.MEMBER_STATES, edit)
    with pytest.raises(ReferenceDataError, match=message) as caught:
        load_member_states(path)
    assert str(caught.value).startswith("un_member_states.csv: ")


def test_missing_sidecar_is_refused(tmp_path):
    path = tmp_path / "un_member_states.csv"
    path.write_bytes(paths.MEMBER_STATES.read_bytes())
    with pytest.raises(ReferenceDataError, match=r"un_member_states\.source\.json is missing"):
        load_member_states(path)


def test_sidecar_without_keys_is_refused(tmp_path):
    path = _copy_with(tmp_path, paths.MEMBER_STATES, lambda f: f)
    path.with_name("un_member_states.source.json").write_text(json.dumps({"title": "x"}))
    with pytest.raises(ReferenceDataError, match="missing keys: producer"):
        load_member_states(path)


def test_turkiye_must_be_listed_with_weog(tmp_path):
    def move(frame):
        return frame.with_columns(regional_group=pl.when(pl.col("iso3") == "TUR")
                                  .then(pl.lit("Asia-Pacific")).otherwise("regional_group"))
    path = _copy_with(tmp_path, paths.MEMBER_STATES, move)
    with pytest.raises(ReferenceDataError, match="Asia-Pacific has 55, expected 54"):
        load_member_states(path)
