"""What the commands read and add: tables from CSV or Excel files, names and codes beside ids.

Owns reading a table a user gives (``read_table``: CSV in UTF-8 with any of the
separators Excel writes, or the first sheet of an .xlsx, every cell as text), the
columns ``--names LANG`` and ``normalise --to`` add to a table, and the rows ``normalise
--in`` reports as unknown or ambiguous. Writing a table is ``export.write_table``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.errors import NotSupportedError

if TYPE_CHECKING:
    import polars as pl

    from analysis.names import NameIndex


def read_table(path: Path) -> pl.DataFrame:
    r"""A CSV file (UTF-8, with or without BOM) or the first sheet of an .xlsx, all as text.

    Raises:
        NotSupportedError: naming the file: no such file, a folder, an old .xls, not
            UTF-8, empty, or not readable as CSV or as a workbook.

    Example:
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "pays.csv"
        >>> _ = path.write_text("\ufeffPays;code\nAllemagne;004\n", encoding="utf-8")
        >>> read_table(path).rows()
        [('Allemagne', '004')]
    """
    import polars as pl

    if path.is_dir():
        raise NotSupportedError(str(path), "is a folder; give a CSV or .xlsx file")
    if not path.is_file():
        raise NotSupportedError(str(path), "no such file")
    with path.open("rb") as start:
        zipped = start.read(4) == b"PK\x03\x04"  # an .xlsx is a zip archive, whatever its name
    if zipped or path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl  # noqa: F401  (polars reads with it; a core install is told its extra)

        try:
            # Every cell as text: a code such as "004" keeps its zeros.
            return pl.read_excel(io.BytesIO(path.read_bytes()), engine="openpyxl",
                                 infer_schema_length=0)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise NotSupportedError(str(path), f"cannot be read as an Excel workbook "
                                    f"({type(error).__name__})") from None
    if path.suffix.lower() == ".xls":
        raise NotSupportedError(str(path), "old .xls workbooks are not read; save it as .xlsx "
                                "or CSV")
    try:
        return pl.read_csv(path, infer_schema=False, encoding="utf8",
                           separator=_csv_separator(path))
    except pl.exceptions.ComputeError as error:
        if "utf-8" in str(error).lower() or "utf8" in str(error).lower():
            raise NotSupportedError(str(path), "is not UTF-8 text (save it as CSV UTF-8)") \
                from None
        raise NotSupportedError(str(path), f"cannot be read as CSV: {str(error).splitlines()[0]}") \
            from None
    except pl.exceptions.NoDataError:
        raise NotSupportedError(str(path), "is empty") from None


def _csv_separator(path: Path) -> str:
    """The separator of a CSV file, read from its header line.

    A comma, or the semicolon or TAB Excel writes in locales whose decimal mark is a
    comma (French, Spanish, Russian).
    """
    import csv

    with path.open("rb") as start:
        header = start.read(65536).decode("utf-8", errors="replace").lstrip("\ufeff")
    header = header.splitlines()[0] if header else ""
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:  # one column: no separator in the header
        return ","



def with_names(table: pl.DataFrame, lang: str | None, after: str) -> pl.DataFrame:
    """``--names LANG``: add ``name_LANG``, the UN short name in that language, after ``after``.

    Nothing is added when the table has that column already (``parse`` has ``name_en``).

    Example:
        >>> import polars as pl
        >>> table = pl.DataFrame({"entity_id": ["DEU"], "status": ["signatory"]})
        >>> with_names(table, "fr", "entity_id").row(0)
        ('DEU', 'Allemagne', 'signatory')
    """
    from analysis.reference import entity_names

    column = f"name_{lang}"
    if lang is None or column in table.columns:
        return table
    names = entity_names(lang).rename({"name": column})
    joined = table.join(names, on="entity_id", how="left", maintain_order="left")
    at = table.columns.index(after) + 1
    return joined.select(*table.columns[:at], column, *table.columns[at:])


def with_group_names(table: pl.DataFrame, lang: str | None) -> pl.DataFrame:
    """``--names LANG`` for tables by regional group: ``group_name_LANG`` after the group.

    Example:
        >>> import polars as pl
        >>> table = pl.DataFrame({"regional_group": ["GRULAC"], "parties": [31]})
        >>> with_group_names(table, "es").columns
        ['regional_group', 'group_name_es', 'parties']
    """
    import polars as pl

    from analysis.vocabulary import load_labels

    if lang is None:
        return table
    texts = load_labels(lang).texts
    column = f"group_name_{lang}"
    at = table.columns.index("regional_group") + 1
    groups = {key.removeprefix("group."): text for key, text in texts.items()
              if key.startswith("group.") and isinstance(text, str)}
    named = table.with_columns(pl.col("regional_group").replace_strict(
        groups, default=pl.col("regional_group"), return_dtype=pl.String).alias(column))
    return named.select(*table.columns[:at], column, *table.columns[at:])


# --to: the column each target adds. The lead folds this into analysis.convert (helper
# "library") when merging; until then it is this one small mapping from the reference tables.
TO_COLUMNS = {"iso3": "iso3", "iso2": "iso2", "m49": "m49", "name": "un_name",
              "regional_group": "regional_group"}
"""``normalise --to TARGET``: the column each target adds. The targets are
``codes.TARGETS``; ``name`` adds ``un_name``, so that it never overwrites a ``name``
column of the file read (``--in``)."""
TO_RENAMED = {"group": "regional_group"}
"""Old ``--to`` spellings still read, with a deprecation warning: the new one."""


def conversions(to: str, names_lang: str = "en") -> pl.DataFrame:
    """``entity_id`` and the ``--to`` column: ISO alpha-2, M49 code, UN name or regional group.

    ISO alpha-2 and M49 (the ISO 3166-1 numeric code, which M49 uses for countries and
    areas) come from pycountry; the UN name from the UN names table in ``names_lang``;
    the regional group from the Member States table (null outside the five groups).

    Example:
        >>> import polars as pl
        >>> table = conversions("m49")
        >>> table.filter(pl.col("entity_id") == "AFG").row(0)
        ('AFG', '004')
    """
    import polars as pl
    import pycountry

    from analysis.reference import entity_names, load_member_states

    column = TO_COLUMNS[to]
    if to in ("iso2", "m49", "iso3"):
        field = {"iso2": "alpha_2", "m49": "numeric", "iso3": "alpha_3"}[to]
        rows = [(c.alpha_3, getattr(c, field)) for c in pycountry.countries]
        return pl.DataFrame(rows, schema=["entity_id", column], orient="row")
    if to == "name":
        return entity_names(names_lang).rename({"name": column})
    return load_member_states().select(entity_id="iso3", regional_group="regional_group")


def unknown_rows(index: NameIndex, frame: pl.DataFrame, column: str, lang: str | None
                 ) -> pl.DataFrame:
    """``row, name, reason``: every row whose name is unknown or ambiguous, in file order.

    ``frame`` is a file's table with the ids added (``normalise_names``); ``row`` is the
    line of the file, counting the header as line 1.

    Example:
        >>> import polars as pl
        >>> from analysis.names import default_name_index, normalise_names
        >>> frame = normalise_names(pl.DataFrame({"country": ["Chile", "Korea"]}), "country",
        ...                         allow_unknown=True)
        >>> unknown_rows(default_name_index(), frame, "country", None).row(0)[:2]
        (3, 'Korea')
    """
    import polars as pl

    from analysis.names import name_key

    missing = frame.with_row_index("row", offset=2).filter(
        pl.col("entity_id").is_null()
        & (name_key(pl.col(column).cast(pl.String).fill_null("")) != ""))
    if not missing.height:
        return pl.DataFrame(schema={"row": pl.UInt32, "name": pl.String, "reason": pl.String})
    distinct = list(dict.fromkeys(missing[column].cast(pl.String)))
    error = index.unknown_error(distinct, lang)
    reasons = {}
    for name, hints in error.unknown.items():
        if name in error.ambiguous:
            reasons[name] = f"ambiguous: {', '.join(hints)}"
        else:
            note = error.notes.get(name) if hasattr(error, "notes") else None
            reasons[name] = note or ("unknown" + (f"; did you mean: {', '.join(hints)}?"
                                                  if hints else ""))
    return missing.select("row", name=pl.col(column).cast(pl.String)).with_columns(
        reason=pl.col("name").replace_strict(reasons, return_dtype=pl.String))


