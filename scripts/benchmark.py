"""Benchmark: prints the figures the issues set targets for (run with `make bench`).

Targets on a 2-core machine: normalising 1,000,000 rows < 0.5 s; 2,000 distinct forms
< 50 ms; the `normalise` command on 500,000 piped names < 1.5 s for the whole process;
`make figures` < 5 s after set-up; each notebook < 20 s in a fresh kernel.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import polars as pl
from nbclient import NotebookClient

from analysis.names import default_name_index, normalise_names


def best_of(runs: int, action) -> float:
    """Median wall time of ``runs`` calls, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def name_forms(count: int) -> list[str]:
    """``count`` distinct UN and pycountry name forms spread over the six languages."""
    forms = (default_name_index().forms.filter(pl.col("source").is_in(["un", "pycountry"]))
             .unique("form").sort("lang", "form"))
    per_lang = forms.group_by("lang", maintain_order=True).head(count // 6 + 1)
    return per_lang["form"].head(count).to_list()


def main() -> None:
    """Print one line per measurement."""
    start = time.perf_counter()
    index = default_name_index()
    index.lexicon(None)  # built once per process, then reused
    print(f"name index build (once per process): {(time.perf_counter() - start) * 1000:.0f} ms")
    distinct = name_forms(2000)
    langs = default_name_index().forms.filter(pl.col("form").is_in(distinct))["lang"].n_unique()
    print(f"name forms: {len(distinct)} distinct, in {langs} languages")

    column = pl.DataFrame({"name": pl.Series(distinct * 500)})
    seconds = best_of(5, lambda: normalise_names(column, "name", allow_unknown=True, index=index))
    print(f"normalise 1,000,000 rows: {seconds * 1000:.0f} ms "
          f"({column.height / seconds / 1e6:.1f} M rows/s; target < 500 ms)")

    small = pl.DataFrame({"name": distinct})
    seconds = best_of(7, lambda: normalise_names(small, "name", allow_unknown=True, index=index))
    print(f"normalise 2,000 distinct forms: {seconds * 1000:.1f} ms (target < 50 ms)")

    piped = ("\n".join(distinct * 250) + "\n").encode()
    seconds = best_of(3, lambda: subprocess.run(
        [sys.executable, "-m", "analysis", "normalise", "--allow-unknown"], input=piped,
        stdout=subprocess.DEVNULL, check=True))
    print(f"`python -m analysis normalise` on 500,000 piped names: {seconds:.2f} s "
          "(whole process; target < 1.5 s)")


def figures_and_notebooks() -> None:
    """Print the wall time of `make figures` and of each notebook."""
    with tempfile.TemporaryDirectory() as out:
        seconds = best_of(3, lambda: subprocess.run(
            ["make", "--no-print-directory", "figures", f"FIGURES_OUT={out}"],
            stdout=subprocess.DEVNULL, check=True))
    print(f"`make figures` (7 figures x 2 languages x 3 formats, plus processed tables): "
          f"{seconds:.2f} s wall (target < 5 s)")
    for path in sorted(Path("notebooks").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(notebook, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        print(f"notebook {path.stem}: {time.perf_counter() - start:.1f} s in a fresh kernel "
              "(target < 20 s)")


if __name__ == "__main__":
    main()
    figures_and_notebooks()
