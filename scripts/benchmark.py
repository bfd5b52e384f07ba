"""Benchmark: prints the figures the issues set targets for (run with `make bench`).

Targets on a 2-core machine: normalising 1,000,000 rows <= 0.5 s; 2,000 distinct forms
< 50 ms; the `normalise` command on 500,000 piped names <= 1.0 s for the whole process;
a daily status panel of
every State from 2005-01-01 to 2024-02-29 <= 2 s per treaty (in-process, median of 5);
`make figures` <= 3 s per label language (six) and `figures --lang en` <= 3 s (whole
process, median of 5, from a fresh output folder) and at most 1.0x bare vl-convert
rendering the same seven specs in one process (run in turns with it, the ratio of the
medians; `python scripts/benchmark.py ratio` prints that alone); each notebook < 10 s
in a fresh kernel. Every target missed is marked "MISSED" at the end of its line and
listed at the end.
Timings depend on what else the machine runs, so the load average is printed with them.

Coverage is measured on a public list assembled here from the sources themselves (not
from any test file): CLDR territory names in the six UN languages (Babel) and CLDR's
short and variant names, UN short and formal names, World Bank names, ISO 3166
English, official and common names and former names of renamed States (pycountry),
each as written and in three typographic variants (upper case; full-width brackets
with no-break spaces; a leading right-to-left mark). Each name carries the State it
was published for, so a wrong answer is counted, not only a missing one. Plain
`pycountry.countries.lookup` runs on the same list for comparison. Since that list is
built from the index's own sources, coverage is also measured on a public list the
index never reads: the short and official names of country_converter's
``country_data.tsv`` (a dev dependency), each checked against that list's own ISO3
code (names tried, mapped, wrong ids, unknown, ambiguous).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import nbformat
import polars as pl
import pycountry
from babel import Locale
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from analysis.names import default_name_index, name_key, normalise_names
from analysis.panel import status_panel
from analysis.reference import (
    load_cldr_variants,
    load_country_names,
    load_member_states,
    load_world_bank_names,
)
from analysis.vocabulary import label_languages, load_labels

MISSED: list[str] = []


def target(name: str, value: float, limit: float, unit: str, strict: bool = False) -> str:
    """``(target <= 3 s)``, followed by ``MISSED`` (and listed at the end) when missed."""
    met = value < limit if strict else value <= limit
    if not met:
        MISSED.append(name)
    return f"(target {'<' if strict else '<='} {limit:g} {unit})" + ("" if met else "  MISSED")


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


def public_list() -> pl.DataFrame:
    """``name, iso3, source`` for the UN Member and observer States, from public sources."""
    states = set(load_member_states()["iso3"])
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    cldr = [(name, iso3[code], "CLDR (Babel)")
            for locale in ("ar", "en", "es", "fr", "ru", "zh_Hans")
            for code, name in Locale.parse(locale).territories.items()
            if iso3.get(code) in states]
    cldr += [(name, iso3[code], "CLDR short and variant")
             for code, name in load_cldr_variants().select("code", "name").rows()
             if iso3.get(code) in states]
    iso = [(getattr(c, field), c.alpha_3, "ISO 3166 (pycountry)") for c in pycountry.countries
           for field in ("name", "official_name", "common_name")
           if hasattr(c, field) and c.alpha_3 in states]
    former = [(c.name, pycountry.countries.get(alpha_2=c.alpha_4[2:]).alpha_3,
               "ISO 3166-3 former names") for c in pycountry.historic_countries
              if c.alpha_4 in ("BUMM", "ZRCD", "TPTL", "DYBJ", "HVBF", "RHZW", "NHVU")]
    names = load_country_names()
    frame = pl.concat([
        pl.DataFrame(cldr + iso + former, schema=["name", "iso3", "source"], orient="row"),
        names.select(name="short_name", iso3="iso3", source=pl.lit("UN short names")),
        names.select(name="formal_name", iso3="iso3", source=pl.lit("UN formal names"))
        .drop_nulls(),
        load_world_bank_names().filter(pl.col("iso3").is_in(sorted(states)))
        .select("name", "iso3", source=pl.lit("World Bank")),
    ]).unique(["name", "iso3", "source"], maintain_order=True)
    variants = [
        frame.with_columns(pl.col("name").str.to_uppercase()),
        frame.with_columns(pl.col("name").str.replace_all(r"\(", "（").str.replace_all(r"\)", "）")
                           .str.replace_all(" ", "\u00a0")),
        frame.with_columns(name=pl.lit("\u200f") + pl.col("name")),
    ]
    return pl.concat([frame, *(v.with_columns(source=pl.lit("typographic variants"))
                               for v in variants)])


def pycountry_lookup(name: str) -> str | None:
    """Plain pycountry lookup, the baseline."""
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def coverage() -> None:
    """Print coverage and wrong answers of this package and of pycountry, per source."""
    names = public_list()
    start = time.perf_counter()
    ours = normalise_names(names, "name", allow_unknown=True, index=default_name_index(),
                           into={"iso3": "found_iso3"})
    ours_seconds = time.perf_counter() - start
    start = time.perf_counter()
    theirs = names.with_columns(
        entity_id=pl.col("name").map_elements(pycountry_lookup, return_dtype=pl.String))
    theirs_seconds = time.perf_counter() - start
    print(f"coverage on {names.height:,} public names of the 195 UN Member and observer "
          "States (mapped / wrong entity):")
    for label, out in (("analysis", ours), ("pycountry.lookup", theirs)):
        table = out.group_by("source", maintain_order=True).agg(
            n=pl.len(), mapped=pl.col("entity_id").is_not_null().mean() * 100,
            wrong=(pl.col("entity_id") != pl.col("iso3")).sum())
        for source, n, mapped, wrong in table.iter_rows():
            print(f"  {label:17} {source:26} {n:6,} names  {mapped:6.2f} % mapped  "
                  f"{wrong} wrong")
        total = out["entity_id"].is_not_null().mean() * 100
        wrong = (out["entity_id"] != out["iso3"]).sum()
        print(f"  {label:17} {'all':26} {out.height:6,} names  {total:6.2f} % mapped  "
              f"{wrong} wrong")
    print(f"  time: analysis {ours_seconds * 1000:.0f} ms, pycountry.lookup "
          f"{theirs_seconds * 1000:.0f} ms")


def unseen_list() -> pl.DataFrame:
    """``name, iso3``: country_converter's short and official names, a list never indexed.

    Its ``country_data.tsv`` is read as a file (importing the package would import
    pandas); the name index reads UN, World Bank, CLDR, pycountry and its own aliases,
    never this table.
    """
    folder = importlib.util.find_spec("country_converter").submodule_search_locations[0]
    table = pl.read_csv(Path(folder) / "country_data.tsv", separator="\t",
                        infer_schema=False, columns=["name_short", "name_official", "ISO3"])
    return (pl.concat([table.select(name="name_short", iso3="ISO3"),
                       table.select(name="name_official", iso3="ISO3")])
            .drop_nulls().unique(maintain_order=True))


def unseen_coverage() -> None:
    """Print how the normaliser does on a public list it did not learn from."""
    index = default_name_index()
    names = unseen_list()
    out = normalise_names(names, "name", allow_unknown=True, index=index,
                           into={"iso3": "found_iso3"}).with_columns(
        key=name_key(pl.col("name")))
    ambiguous = out["key"].is_in(index.ambiguous()["key"].implode())
    mapped = out["entity_id"].is_not_null()
    wrong = out.filter(mapped & (pl.col("entity_id") != pl.col("iso3")))
    aliases = index.forms.filter(pl.col("source") == "alias")["key"].implode()
    print(f"coverage on a list the index never reads: country_converter "
          f"{version('country_converter')} short and official names ({names.height} names, "
          f"{names['iso3'].n_unique()} codes):")
    print(f"  tried {names.height}, mapped {mapped.sum()} ({mapped.mean() * 100:.1f} %), "
          f"wrong ids {wrong.height}, unknown {(~mapped & ~ambiguous).sum()}, "
          f"ambiguous {(~mapped & ambiguous).sum()}; "
          f"{out['key'].is_in(aliases).sum()} of the mapped through curated aliases")
    for name, iso3, entity_id in wrong.select("name", "iso3", "entity_id").iter_rows():
        print(f"  wrong: {name!r} is {iso3} in the list, {entity_id} here")
    left = out.filter(~mapped).select(pl.format("{} ({})", "name", "iso3"))
    print(f"  not mapped: {', '.join(left.to_series().to_list())}")


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
    print(f"normalise 1,000,000 rows: {seconds * 1000:.0f} ms, "
          f"{column.height / seconds / 1e6:.1f} M rows/s "
          f"{target('normalise 1,000,000 rows', seconds * 1000, 500, 'ms')}")

    small = pl.DataFrame({"name": distinct})
    seconds = best_of(7, lambda: normalise_names(small, "name", allow_unknown=True, index=index))
    print(f"normalise 2,000 distinct forms: {seconds * 1000:.1f} ms "
          f"{target('normalise 2,000 forms', seconds * 1000, 50, 'ms', strict=True)}")

    piped = ("\n".join(distinct * 250) + "\n").encode()
    seconds = best_of(3, lambda: subprocess.run(
        [sys.executable, "-m", "analysis", "normalise", "--allow-unknown"], input=piped,
        stdout=subprocess.DEVNULL, check=True))
    print(f"`python -m analysis normalise` on 500,000 piped names: {seconds:.2f} s for the "
          f"whole process {target('normalise command', seconds, 1.0, 's')}")

    days = pl.date_range(dt.date(2005, 1, 1), dt.date(2024, 2, 29), "1d", eager=True)
    for treaty in ("firearms-protocol", "untoc"):
        status_panel(days[:2], treaty)  # the record and the States are read once per process
        seconds = best_of(5, lambda treaty=treaty: status_panel(days, treaty))
        rows = status_panel(days, treaty).height
        print(f"status_panel, {treaty}, every day 2005-01-01..2024-02-29 ({days.len():,} "
              f"dates, {rows:,} rows): {seconds * 1000:.0f} ms "
              f"{target(f'status_panel {treaty}', seconds, 2.0, 's')}")


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
from analysis.svg import visible_text
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
    specs = dict(figures.figure_specs(tables, labels))
    lap(f"{lang}: {len(specs)} Altair charts to specs")
    svgs = {n: render.to_svg(spec) for n, spec in specs.items()}
    lap(f"{lang}: {len(svgs)} SVG renders")
    for svg in svgs.values():
        render.to_png(svg)
    lap(f"{lang}: {len(svgs)} PNGs from the SVGs")
    figures.embedded_font_css(visible_text(svgs.values()), labels.embed_font)
    lap(f"{lang}: font subset ({labels.embed_font or 'none'})")
"""


BARE = """
import json, os, sys
os.environ["FONTCONFIG_FILE"] = sys.argv[1]  # the package's pinned fonts, nothing else
import vl_convert as vlc
for folder in sys.argv[3:]:
    vlc.register_font_directory(folder)
for name in sorted(os.listdir(sys.argv[2])):
    with open(os.path.join(sys.argv[2], name), encoding="utf-8") as file:
        svg = vlc.vegalite_to_svg(json.load(file), vl_version="%s", allowed_base_urls=[])
    vlc.svg_to_png(svg, scale=%d)
"""


def figure_ratio(runs: int = 5) -> None:
    """`figures --lang en` against bare vl-convert on the same specs, and the ratio.

    Bare: one process (interpreter start included) that imports vl-convert, registers
    the same fonts and renders each English figure's spec to SVG and that SVG to PNG,
    one after the other. The two are run in turns, so that a change in the machine's
    load falls on both.
    """
    from analysis import figures, render
    from analysis.study import build_study

    # The package's bytecode compiled once, as pip does at install: with
    # PYTHONDONTWRITEBYTECODE set (as in some containers) an editable checkout would
    # otherwise compile its modules from source on every run (a few tenths of a second).
    subprocess.run([sys.executable, "-m", "compileall", "-q", "analysis"], check=True)
    with tempfile.TemporaryDirectory() as folder:
        specs = Path(folder) / "specs"
        specs.mkdir()
        tables = figures.figure_tables(build_study())
        count = 0
        for name, spec in figures.figure_specs(tables, load_labels("en")):
            (specs / f"{name}.json").write_text(json.dumps(spec), encoding="utf-8")
            count += 1
        bare = [sys.executable, "-c", BARE % (render.VEGA_LITE_VERSION, render.PNG_SCALE),
                str(render.PINNED_FONTS_ONLY), str(specs),
                *(str(path) for path in render.register_fonts())]
        ours, theirs = [], []
        for run in range(runs):
            command = [sys.executable, "-m", "analysis", "figures", "--lang", "en",
                       "--out", f"{folder}/{run}"]
            for times, argv in ((ours, command), (theirs, bare)):
                start = time.perf_counter()
                subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
                times.append(time.perf_counter() - start)
    seconds, baseline = statistics.median(ours), statistics.median(theirs)
    print(f"`python -m analysis figures --lang en`: {seconds:.2f} s wall (whole process), "
          f"median of {runs} {target('figures --lang en', seconds, 3, 's')}")
    print(f"bare vl-convert, the same {count} specs to SVG and PNG in one process: "
          f"{baseline:.2f} s wall, median of {runs}")
    print(f"figures --lang en / bare vl-convert: {seconds / baseline:.2f}x "
          f"{target('figures overhead ratio', seconds / baseline, 1.0, 'x')}")


def run_notebook(path: Path) -> float:
    """Run a notebook in a fresh kernel; the wall time in seconds.

    The kernel talks over local sockets (IPC) in a folder of its own, and is shut down
    here: over TCP it warns that the traffic is unencrypted, and left running it warns
    that its parent exited, lines that would garble the benchmark's output.
    """
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as folder:
        kernel = KernelManager(kernel_name="python3", transport="ipc",
                               ip=str(Path(folder) / "kernel"))
        start = time.perf_counter()
        try:
            NotebookClient(notebook, km=kernel, timeout=120, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        finally:
            seconds = time.perf_counter() - start
            kernel.shutdown_kernel()
    return seconds


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
        langs = len(label_languages())
        print(f"`make figures` (7 figures x {langs} languages x 3 formats, plus processed "
              f"tables): {seconds:.2f} s wall, median of {runs}, {seconds / langs:.2f} s per "
              f"language {target('make figures', seconds / langs, 3, 's per language')}")
    figure_ratio()
    print("its steps, one at a time in one process (the command spreads the renders over "
          "the cores):")
    subprocess.run([sys.executable, "-c", BREAKDOWN], check=True)
    for path in sorted(Path("notebooks").glob("*.ipynb")):
        seconds = run_notebook(path)
        print(f"notebook {path.stem}: {seconds:.1f} s in a fresh kernel "
              f"{target(f'notebook {path.stem}', seconds, 10, 's', strict=True)}")
    print(f"load while measuring (1-minute average): {os.getloadavg()[0]:.2f} on "
          f"{os.cpu_count()} cores")
    print(f"targets missed: {', '.join(MISSED)}" if MISSED else "every target met")


def state_cards() -> None:
    """Every State card of the States not parties, in English: the whole command."""
    runs = 3
    with tempfile.TemporaryDirectory() as root:
        folders = iter(Path(root) / str(n) for n in range(runs))
        seconds = best_of(runs, lambda: subprocess.run(
            [sys.executable, "-m", "analysis", "cards", "--not-bound", "--lang", "en",
             "--out", next(folders)], stdout=subprocess.DEVNULL, check=True))
        count = len(list((Path(root) / "0").glob("card.*.pdf")))
    print(f"`python -m analysis cards --not-bound --lang en` ({count} cards): {seconds:.2f} s "
          f"wall (whole process), median of {runs} {target('cards', seconds, 30, 's')}")


if __name__ == "__main__":
    if sys.argv[1:] == ["ratio"]:  # the figures line alone: scripts/benchmark.py ratio
        figure_ratio()
        sys.exit()
    coverage()
    unseen_coverage()
    main()
    state_cards()
    figures_and_notebooks()
