"""The layers of the package are contracts ([tool.importlinter] in pyproject.toml).

``lint-imports`` checks every import (at module level and inside functions) against
them, so a backward import fails here, in ``make test``, and in ``make lint``.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import ROOT


def _contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def test_every_import_keeps_the_layer_contracts():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_every_module_has_a_place_in_the_layers():
    # A module the layers do not name is bound by no contract: a new module gets a layer.
    layers = next(c for c in _contracts() if c["type"] == "layers")["layers"]
    placed = {name.strip() for layer in layers for name in re.split(r"[|:]", layer)}
    modules = {path.stem for path in (ROOT / "analysis").glob("*.py")} - {"__init__"}
    packages = {path.parent.name for path in (ROOT / "analysis").glob("*/__init__.py")}
    assert modules | packages == placed


def test_charts_read_no_files():
    # Imports are the contracts' job; this is the other way to load data: a file read.
    readers = {"open", "read_text", "read_bytes", "read_csv", "read_json", "read_parquet",
               "read_ndjson", "scan_csv", "scan_parquet", "scan_ndjson", "load"}
    sources = [ROOT / "analysis" / "charts.py", *(ROOT / "analysis" / "charts").rglob("*.py")]
    for source in filter(Path.is_file, sources):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", None))
                assert name not in readers, f"{source.name}:{node.lineno} calls {name}"
