"""Public vocabulary: constants, enums, pl.Enum columns, and territories as their own kind."""

import polars as pl
import pytest

import analysis
from analysis.names import normalise_names
from analysis.schemas import ENUMS, as_enums
from analysis.vocabulary import (
    ADHERENCE,
    REGIONAL_GROUPS,
    STATUSES,
    TREATY_IDS,
    Adherence,
    RegionalGroup,
    Status,
    TreatyId,
)


def test_enums_hold_exactly_the_values_the_tables_hold():
    assert [s.value for s in Status] == list(STATUSES)
    assert [a.value for a in Adherence] == list(ADHERENCE)
    assert [g.value for g in RegionalGroup] == list(REGIONAL_GROUPS)
    assert [t.value for t in TreatyId] == list(TREATY_IDS)
    panel = analysis.status_panel(["2005-07-03", "latest"], treaty=TreatyId.UNTOC)
    assert set(panel["status"]) <= set(STATUSES)
    gaps = analysis.adherence(analysis.status_on("latest"),
                              analysis.status_on("latest", treaty="untoc"))
    assert set(gaps["adherence"]) <= set(ADHERENCE)


def test_as_enums_casts_coded_columns_and_sorts_groups_in_display_order():
    table = as_enums(analysis.adherence(analysis.status_on("2020-07-16"),
                                        analysis.status_on("2020-07-16", treaty="untoc")))
    for column in ("status", "convention_status", "adherence", "regional_group", "treaty"):
        assert table.schema[column] == ENUMS[column]
    groups = table.drop_nulls("regional_group").sort("regional_group")["regional_group"]
    assert groups.unique(maintain_order=True).to_list() == list(REGIONAL_GROUPS)
    with pytest.raises(pl.exceptions.InvalidOperationError):
        as_enums(pl.DataFrame({"status": ["party", "bound"]}))


def test_as_enums_types_every_coded_column_of_every_declared_table():
    """consent_type and status_basis too; attended_as holds absent (the series)."""
    assert {"consent_type", "status_basis", "attended_as", "membership", "standing",
            "bound", "role"} <= set(ENUMS)
    assert ENUMS["attended_as"].categories.to_list()[-1] == "absent"
    assert "not_member" in ENUMS["membership"].categories.to_list()
    table = as_enums(analysis.status_on("2020-07-16"))
    assert table.schema["status_basis"] == ENUMS["status_basis"]
    assert table.schema["consent_type"] == ENUMS["consent_type"]


@pytest.mark.parametrize(("name", "entity_id", "kind"), [
    ("Hong Kong", "HKG", "territory"), ("Puerto Rico", "PRI", "territory"),
    ("Greenland", "GRL", "territory"), ("State of Palestine", "PSE", "state"),
    ("Holy See", "VAT", "state"), ("Chile", "CHL", "state"), ("European Union", "EUU",
                                                               "regional_organization")])
def test_territories_are_their_own_kind_and_keep_their_iso_code(name, entity_id, kind):
    row = normalise_names(pl.DataFrame({"name": [name]}), "name").row(0, named=True)
    assert (row["entity_id"], row["entity_kind"]) == (entity_id, kind)
    assert row["iso3"] == (None if kind == "regional_organization" else entity_id)
