import datetime as dt
import hashlib
import json

import polars as pl
import pytest

from analysis import paths
from analysis.build.derive import MEMBERSHIP_SOURCE, derive_member_admissions
from analysis.errors import ReferenceDataError
from analysis.reference import (
    SIDECAR_KEYS,
    load_member_states,
    load_organizations,
    membership_on,
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


# UN membership on a date: admission dates checked against facts stated independently
# of the compiled list (UN press releases of each admission, the brief of issue 20).
ADMISSION_ANCHORS = {
    "CHE": "2002-09-10", "TLS": "2002-09-27", "MNE": "2006-06-28", "SSD": "2011-07-14",
    "TUV": "2000-09-05", "SRB": "2000-11-01", "CZE": "1993-01-19", "SVK": "1993-01-19",
    "DEU": "1973-09-18", "RUS": "1945-10-24", "IDN": "1950-09-28", "YEM": "1947-09-30",
    "TZA": "1961-12-14", "THA": "1946-12-16", "KIR": "1999-09-14", "PLW": "1994-12-15",
}


def test_admission_dates_match_independent_anchors():
    states = load_member_states()
    dates = {i: d.isoformat() for i, d in states.select("iso3", "admission_date").iter_rows()
             if d is not None}
    assert {i: dates[i] for i in ADMISSION_ANCHORS} == ADMISSION_ANCHORS
    assert len(dates) == 193


def test_original_members_are_the_1945_admissions():
    # 51 original Members (24 October - 27 December 1945); Czechoslovakia and
    # Yugoslavia no longer exist, so 49 current Members carry a 1945 date.
    states = load_member_states()
    original = states.filter(pl.col("admission_date").dt.year() == 1945)
    assert original.height == 51 - 2
    assert original["admission_date"].min() == dt.date(1945, 10, 24)
    assert original["admission_date"].max() == dt.date(1945, 12, 27)
    assert {"USA", "CHN", "FRA", "GBR", "RUS", "POL", "UKR", "BLR"} <= set(original["iso3"])


def _members_on(day: dt.date) -> dict[str, int]:
    states = load_member_states().with_columns(membership_on(day))
    members = states.filter(pl.col("membership") == "member")
    return {"all": members.height,
            **dict(members.group_by("regional_group").len().iter_rows())}


@pytest.mark.parametrize(("day", "members", "african", "eastern"), [
    ("2002-09-09", 189, 53, 22),   # before Switzerland
    ("2002-09-27", 191, 53, 22),   # Timor-Leste admitted that day
    ("2005-01-01", 191, 53, 22),
    ("2006-06-27", 191, 53, 22),
    ("2006-06-28", 192, 53, 23),   # Montenegro
    ("2011-07-13", 192, 53, 23),
    ("2011-07-14", 193, 54, 23),   # South Sudan
])
def test_member_count_follows_admissions(day, members, african, eastern):
    counts = _members_on(dt.date.fromisoformat(day))
    assert (counts["all"], counts["African"], counts["Eastern European"]) == (
        members, african, eastern)


def test_observer_states_are_dated():
    states = load_member_states().filter(pl.col("iso3").is_in(["VAT", "PSE"]))
    def on(day):
        return dict(states.select("iso3", membership_on(dt.date.fromisoformat(day))).iter_rows())
    assert on("2005-01-01") == {"PSE": "not_member", "VAT": "observer"}
    assert on("2012-11-28")["PSE"] == "not_member"   # an observer entity, not a State
    assert on("2012-11-29") == {"PSE": "observer", "VAT": "observer"}


def test_membership_raw_list_is_unchanged_and_the_table_is_its_derivation():
    meta = read_sidecar(MEMBERSHIP_SOURCE)
    assert hashlib.sha256(MEMBERSHIP_SOURCE.read_bytes()).hexdigest() == meta["sha256"]
    derived = derive_member_admissions()
    stored = pl.read_csv(paths.MEMBER_STATES, infer_schema=False)
    assert derived.equals(stored.select(derived.columns))


@pytest.mark.parametrize(("edit", "message"), [
    (lambda f: f.with_columns(admission_date=pl.when(pl.col("iso3") == "FRA")
                              .then(None).otherwise("admission_date")),
     "membership_is_dated"),
    (lambda f: f.with_columns(observer_since=pl.when(pl.col("iso3") == "VAT")
                              .then(pl.lit("2030-01-01")).otherwise("observer_since")),
     "after the table's as-of date 2024-03-19: VAT"),
    (lambda f: f.with_columns(admission_date=pl.when(pl.col("iso3") == "FRA")
                              .then(pl.lit("1944-10-24")).otherwise("admission_date")),
     "admission_date"),
    (lambda f: f.with_columns(admission_date=pl.when(pl.col("iso3") == "SSD")
                              .then(pl.lit("14-07-2011")).otherwise("admission_date")),
     "dates that are not YYYY-MM-DD: SSD"),
])
def test_bad_membership_dates_are_refused(tmp_path, edit, message):
    path = _copy_with(tmp_path, paths.MEMBER_STATES, edit)
    with pytest.raises(ReferenceDataError, match=message):
        load_member_states(path)


def _raw_copy(tmp_path, edit):
    target = tmp_path / MEMBERSHIP_SOURCE.name
    edit(pl.read_csv(MEMBERSHIP_SOURCE, infer_schema=False)).write_csv(target)
    meta = read_sidecar(MEMBERSHIP_SOURCE)
    meta["sha256"] = hashlib.sha256(target.read_bytes()).hexdigest()
    target.with_name(target.stem + ".source.json").write_text(json.dumps(meta))
    return target


def test_derivation_refuses_an_edited_or_inconsistent_membership_list(tmp_path):
    edited = tmp_path / MEMBERSHIP_SOURCE.name
    edited.write_bytes(MEMBERSHIP_SOURCE.read_bytes().replace(b"2011-07-14", b"2011-07-15"))
    sidecar = MEMBERSHIP_SOURCE.with_name(MEMBERSHIP_SOURCE.stem + ".source.json")
    (tmp_path / sidecar.name).write_bytes(sidecar.read_bytes())
    with pytest.raises(ReferenceDataError, match="checksum differs"):
        derive_member_admissions(edited)
    swapped = _raw_copy(tmp_path, lambda f: f.with_columns(
        iso3=pl.when(pl.col("name") == "France").then(pl.lit("DEU"))
        .when(pl.col("name") == "Germany").then(pl.lit("FRA")).otherwise("iso3")))
    with pytest.raises(ReferenceDataError, match="France is FRA, not DEU"):
        derive_member_admissions(swapped)
    dropped = _raw_copy(tmp_path, lambda f: f.filter(pl.col("iso3") != "SSD"))
    with pytest.raises(ReferenceDataError, match="only one of them lists: SSD"):
        derive_member_admissions(dropped)
