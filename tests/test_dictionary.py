"""The data dictionary covers every column of every public table."""

import polars as pl

from analysis.dictionary import data_dictionary, markdown


def test_every_column_of_every_public_table_has_a_meaning():
    dictionary = data_dictionary()  # raises, listing them, if a column has none
    tables = set(dictionary["table"])
    assert {"status_on", "status_panel", "gap_by_group", "parse_attendance", "convert_table",
            "series_table", "accession_timeline"} <= tables
    panel = dictionary.filter(pl.col("table") == "status_panel")
    assert panel["column"].to_list()[:2] == ["date", "entity_id"]
    assert panel.filter(pl.col("column") == "as_of")["dtype"].item() == "Date"
    text = markdown(dictionary)
    assert text.count("\n## `") == len(tables)
