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


def test_every_chart_module_has_a_place_in_the_charts_layers():
    layers = next(c for c in _contracts() if c.get("containers") == ["analysis.charts"])["layers"]
    placed = {name.strip() for layer in layers for name in re.split(r"[|:]", layer)}
    modules = {path.stem for path in (ROOT / "analysis" / "charts").glob("*.py")} - {"__init__"}
    assert modules == placed


def test_direction_alone_decides_right_to_left_and_no_chart_module_is_long():
    # Every right-to-left decision is direction.py's: no other chart module tests the
    # label language's direction (``labels.rtl``) or uses an rtl helper but direction's.
    sources = {path.name: path.read_text(encoding="utf-8")
               for path in (ROOT / "analysis" / "charts").glob("*.py")}
    assert {"__init__.py", "direction.py", "theme.py", "status_map.py"} <= set(sources)
    for name, source in sources.items():
        assert len(source.splitlines()) <= 700, f"{name} has more than 700 lines"
        if name == "direction.py":
            continue
        assert not re.search(r"\brtl\b", source), f"{name} mentions rtl"
        tree = ast.parse(source)
        used = {getattr(node, "id", getattr(node, "attr", "")) for node in ast.walk(tree)}
        used |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                 and node.module != "analysis.charts.direction" for alias in node.names}
        assert not [n for n in used if "rtl" in n], f"{name} decides right to left itself"


def test_charts_read_no_files():
    # Imports are the contracts' job; this is the other way to load data: a file read.
    readers = {"open", "read_text", "read_bytes", "read_csv", "read_json", "read_parquet",
               "read_ndjson", "scan_csv", "scan_parquet", "scan_ndjson", "load"}
    for source in (ROOT / "analysis" / "charts").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", None))
                assert name not in readers, f"{source.name}:{node.lineno} calls {name}"
