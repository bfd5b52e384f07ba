"""Provenance of the tables the package writes: a sidecar naming its inputs by checksum.

Owns the ``NAME.source.json`` written beside each table of ``data/processed``
(``python -m analysis figures --tables DIR``, ``make figures``), as ``data/reference``
has one beside each reference table: what wrote the table, its own SHA-256, the
meetings it covers, the date the treaty data is true as of, and the SHA-256 of every
input it was computed from (the reports the study read and every reference table). A
table can so be traced to the bytes behind it, and one left over from older inputs
told by a checksum that no longer matches.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import paths
from analysis.treaty import data_as_of

if TYPE_CHECKING:
    from analysis.study import Study

_REFERENCE_SUFFIXES = (".csv", ".topojson")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _shown(path: Path) -> str:
    """``path`` relative to the checkout (``data/raw/...``) where it lies inside it."""
    try:
        return path.resolve().relative_to(paths.DATA_DIR.parent).as_posix()
    except ValueError:
        return str(path)


def input_checksums(study: Study) -> dict[str, str | None]:
    """``{input: SHA-256}``: the study's reports, then every reference table.

    A report read from memory (``report_from_text``) has no file: its checksum is None.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> inputs = input_checksums(build_study(default_report()))
        >>> inputs[_shown(default_report())][:12]
        'f2a4cfdb7b05'
        >>> any(name.endswith("reference/treaty_participation.csv") for name in inputs)
        True
    """
    reports = {_shown(Path(source)): _sha256(Path(source)) if Path(source).is_file() else None
               for source in study.meetings["source"]}
    tables = sorted(path for path in paths.REFERENCE_DIR.iterdir()
                    if path.suffix in _REFERENCE_SUFFIXES)
    return {**reports, **{_shown(path): _sha256(path) for path in tables}}


def write_sidecars(tables: Iterable[Path], study: Study) -> list[Path]:
    """Write ``NAME.source.json`` beside each of ``tables`` (written from ``study``).

    Returns:
        The sidecars written.

    Example:
        >>> import tempfile
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> table = Path(tempfile.mkdtemp()) / "attendance.csv"
        >>> _ = table.write_text("entity_id,ALB", encoding="utf-8")
        >>> study = build_study(default_report())
        >>> sidecar, = write_sidecars([table], study)
        >>> json.loads(sidecar.read_text(encoding="utf-8"))["meetings"]
        ['CTOC/COP/WG.6/2020/3']
    """
    try:
        package = f"firearms-wg-participation {version('firearms-wg-participation')}"
    except PackageNotFoundError:  # run from a checkout that was never installed
        package = "firearms-wg-participation (not installed)"
    common = {
        "producer": f"{package}: python -m analysis figures --tables (analysis.figures)",
        "as_of": data_as_of().isoformat(),
        "meetings": study.meetings["meeting"].to_list(),
        "inputs": input_checksums(study),
    }
    written = []
    for table in tables:
        sidecar = table.with_name(f"{table.stem}.source.json")
        meta = {"title": table.name, "sha256": _sha256(table), **common}
        sidecar.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n",
                           encoding="utf-8")
        written.append(sidecar)
    return written
