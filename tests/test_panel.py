"""status_panel: status_on on many dates in one call, and the shared date parser."""

import datetime as dt

import polars as pl
import pytest

import analysis
from analysis.errors import BadArgumentError, BadDateError
from analysis.panel import status_panel
from analysis.treaty import data_as_of, status_on

DAILY = pl.date_range(dt.date(2005, 1, 1), dt.date(2024, 5, 4), "1d", eager=True)
SAMPLE = [dt.date(2005, 1, 1), dt.date(2005, 7, 2), dt.date(2005, 7, 3), dt.date(2008, 9, 26),
          dt.date(2014, 1, 27), dt.date(2020, 7, 16), dt.date(2023, 12, 19),
          dt.date(2024, 2, 29)]


@pytest.mark.parametrize("treaty", ["firearms-protocol", "untoc"])
def test_daily_panel_equals_status_on_on_each_sampled_date(treaty):
    panel = status_panel(DAILY, treaty=treaty)
    assert DAILY.len() > 7000
    assert panel["date"].n_unique() == DAILY.len()
    for day in SAMPLE:
        assert panel.filter(pl.col("date") == day).drop("date").equals(
            status_on(day, treaty=treaty)), day


def test_panel_counts_parties_like_the_published_totals():
    panel = status_panel(["2008-09-26", "latest"])
    parties = (panel.group_by("date").agg(n=(pl.col("status") == "party").sum())
               .sort("date")["n"].to_list())
    assert parties == [77, 123]


@pytest.mark.parametrize("dates", [
    "2020-07-16", dt.date(2020, 7, 16), dt.datetime(2020, 7, 16, 13, 30),
    ["2020-07-16"], pl.Series(["2020-07-16"]), pl.Series([dt.datetime(2020, 7, 16, 1)]),
    ("2020-07-16", dt.date(2020, 7, 16))])
def test_panel_takes_dates_in_every_form(dates):
    panel = status_panel(dates)
    assert panel["date"].unique().to_list() == [dt.date(2020, 7, 16)]
    assert panel.filter(pl.col("entity_id") == "DEU")["status"].item() == "signatory"


def test_latest_is_the_records_as_of_date_everywhere():
    assert status_panel("latest")["date"].unique().to_list() == [data_as_of()]
    assert status_on("latest").equals(status_on(data_as_of()))
    assert status_on("latest", treaty="untoc")["as_of"].unique().to_list() == [data_as_of()]


def test_a_date_after_the_record_is_refused_naming_its_as_of_date():
    with pytest.raises(BadDateError, match=r"after 2024-05-04.*'latest'"):
        status_on(dt.date.today())
    with pytest.raises(BadDateError, match="2099-01-01"):
        status_panel(["2020-01-01", "2099-01-01"])
    with pytest.raises(BadDateError, match="YYYY-MM-DD"):
        status_panel(pl.Series(["2020-01-01", "16 July 2020"]))
    with pytest.raises(BadDateError, match="before 2001-05-31"):
        status_panel(pl.date_range(dt.date(2001, 1, 1), dt.date(2001, 12, 1), "1mo",
                                   eager=True))


def test_a_bad_treaty_or_language_gets_the_same_error_type_listing_the_valid_values():
    with pytest.raises(BadArgumentError, match="valid: firearms-protocol, untoc"):
        status_panel("latest", treaty="protocol")
    with pytest.raises(BadArgumentError, match="valid: firearms-protocol, untoc"):
        status_on("latest", treaty="UNTOC")
    with pytest.raises(BadArgumentError, match="valid: ar, en, es, fr, ru, zh"):
        analysis.normalise_name("Chile", lang="english")
    assert issubclass(BadDateError, BadArgumentError)
