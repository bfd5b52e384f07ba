"""Benchmark: prints the figures the issues set targets for (run with `make bench`).

Targets on a 2-core machine: normalising 1,000,000 rows < 0.5 s; 2,000 distinct forms
< 50 ms; the `normalise` command on 500,000 piped names < 1.5 s for the whole process;
`make figures` < 3 s and `figures --lang en` < 2 s from a fresh output folder; each
notebook < 10 s in a fresh kernel. Timings depend on what else the machine runs, so
the load average is printed with them.
"""

from __future__ import annotations

import os
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


BREAKDOWN = """
import time
start = time.perf_counter()
def lap(step):
    global start
    now = time.perf_counter()
    print(f"  {step:<48}{(now - start) * 1000:6.0f} ms")
    start = now
import polars, altair
lap("import polars and altair")
from analysis import figures, render
from analysis.study import build_study
from analysis.vocabulary import label_languages, load_labels
lap("import the rest of the package")
study = build_study()
lap("build_study (parse, voice, statuses)")
tables = figures.figure_tables(study)
lap("figure tables (once for every language)")
render.to_svg(render._WARM_UP)
lap("first Vega render in a process (warm-up)")
for lang in label_languages():
    labels = load_labels(lang)
    specs = {n: figures._spec(b()) for n, b in figures.figure_builders(tables, labels).items()}
    lap(f"{lang}: {len(specs)} Altair charts to specs")
    svgs = {n: render.to_svg(spec) for n, spec in specs.items()}
    lap(f"{lang}: {len(svgs)} SVG renders")
    for svg in svgs.values():
        render.to_png(svg)
    lap(f"{lang}: {len(svgs)} PNGs from the SVGs")
    figures.embedded_font_css(figures._visible_text(svgs.values()), labels.embed_font)
    lap(f"{lang}: font subset ({labels.embed_font or 'none'})")
"""


def figures_and_notebooks() -> None:
    """Print the wall time of `make figures`, `figures --lang en`, its steps, each notebook."""
    runs = 3
    with tempfile.TemporaryDirectory() as out:
        fresh = (f"{out}/{n}" for n in range(100))
        # A fresh output folder every run: nothing left by an earlier run is reused
        # (the Vega bundle the HTML pages embed is built once, at set-up, by make).
        seconds = best_of(runs, lambda: subprocess.run(
            ["make", "--no-print-directory", "figures", f"FIGURES_OUT={next(fresh)}"],
            stdout=subprocess.DEVNULL, check=True))
        print(f"`make figures` (7 figures x 2 languages x 3 formats, plus processed tables): "
              f"{seconds:.2f} s wall, median of {runs} (target < 3 s)")
        seconds = best_of(runs, lambda: subprocess.run(
            [sys.executable, "-m", "analysis", "figures", "--lang", "en", "--out", next(fresh)],
            stdout=subprocess.DEVNULL, check=True))
        print(f"`python -m analysis figures --lang en`: {seconds:.2f} s wall, median of {runs} "
              "(target < 2 s)")
    print("its steps, one at a time in one process (the command spreads the renders over "
          "the cores):")
    subprocess.run([sys.executable, "-c", BREAKDOWN], check=True)
    for path in sorted(Path("notebooks").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(notebook, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        print(f"notebook {path.stem}: {time.perf_counter() - start:.1f} s in a fresh kernel "
              "(target < 10 s)")
    print(f"load while measuring (1-minute average): {os.getloadavg()[0]:.2f} on "
          f"{os.cpu_count()} cores")


if __name__ == "__main__":
    main()
    figures_and_notebooks()
