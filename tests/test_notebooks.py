"""Every notebook runs top to bottom in a fresh kernel and is stored without outputs.

"Fresh" is the notebook's namespace: the runs share one kernel (``kernel``), and each
starts with ``%reset -f``, so a name a notebook uses but does not define still fails.
What the runs share is the modules already imported (a kernel and the package's
imports cost about two CPU-seconds a run); the notebooks change no module state
(no Altair renderer or theme, no polars config, no working directory).
"""

import json

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def kernel():
    """``run(notebook)``: execute a notebook, from an emptied namespace, in the module's
    kernel (started by the first run, in notebooks/); returns it with its outputs."""
    first: list[NotebookClient] = []

    def run(notebook):
        reset = nbformat.v4.new_code_cell(
            f"%reset -f\nimport os as _os\n_os.chdir({str(ROOT / 'notebooks')!r})\ndel _os")
        notebook.cells.insert(0, reset)
        client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(ROOT / "notebooks")}},
                                km=first[0].km if first else None)
        if first:
            client.kc = first[0].kc
        else:
            first.append(client)
        try:
            client.execute(cleanup_kc=False)
        finally:
            notebook.cells.remove(reset)
        return notebook

    yield run
    if first and first[0].km is not None:
        first[0]._cleanup_kernel()


def test_the_five_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == ["01_attendance", "02_regional_participation",
                                           "03_ratification_gaps",
                                           "04_participation_over_time", "05_state_card"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code and all(not c["outputs"] and c["execution_count"] is None for c in code)


@pytest.mark.slow  # runs every notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_in_a_fresh_kernel(path, kernel):
    notebook = kernel(nbformat.read(path, as_version=4))
    code = [c for c in notebook.cells if c.cell_type == "code"]
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # Every chart is a static image that shows without a network (GitHub, nbviewer,
    # an air-gapped laptop): no script, nothing loaded from a CDN.
    for cell in code:
        # The series charts of notebook 04 are drawn from two meetings on (tested below).
        if "inputs.figure(" in cell.source and "if SERIES" not in cell.source:
            images = [o for o in cell.outputs if "image/svg+xml" in o.get("data", {})
                      or "image/png" in o.get("data", {})]
            assert images, f"chart cell drew no image: {cell.source[:60]}"
    saved = json.dumps([o.get("data", {}) for o in outputs])
    assert "<script" not in saved and "cdn.jsdelivr" not in saved and "vega-embed" not in saved
    text = json.dumps([o.get("data", {}).get("text/markdown", "") for o in outputs])
    if path.stem == "01_attendance":
        # The briefing's sentence, in the English labels' words.
        assert "The report lists 90 participants: 78 States, the European Union" in text
        # The first table shows who each row is: the report's name and the English one.
        first = next(c for c in code if "head(12)" in c.source).outputs[0]["data"]["text/html"]
        assert all(column in first for column in ("raw_name", "name_en", "regional_group"))
        assert "阿尔巴尼亚" in first and "Albania" in first
    if path.stem == "02_regional_participation":
        assert ("**Latin American and Caribbean States**: 6 of 17 attending Member States "
                "took the floor") in text
    if path.stem == "03_ratification_gaps":
        assert "123 parties" in text and "Member States attended the meeting and were" in text
        # The briefing's English sentences, word for word.
        from analysis.brief import findings
        from analysis.study import build_study
        from analysis.vocabulary import load_labels

        for sentence in findings(build_study(), load_labels("en")):
            assert json.dumps(sentence)[1:-1] in text, sentence
    if path.stem == "05_state_card":
        assert "**Iran (Islamic Republic of)**" in text
        assert "First, ratification, acceptance or approval of the Convention" in text
        assert any("image/svg+xml" in o.get("data", {}) for o in outputs)
    if path.stem == "04_participation_over_time":
        # One shipped report: it says so, and draws no series chart.
        assert "**One meeting** so far (CTOC/COP/WG.6/2020/3" in text
        assert "3 of the 25 States that attended while not parties" in text
        assert not [o for c in code if "if SERIES" in c.source for o in c.outputs]


@pytest.mark.slow
def test_the_latest_input_takes_effect(kernel):
    path = ROOT / "notebooks" / "03_ratification_gaps.ipynb"
    notebook = nbformat.read(path, as_version=4)
    inputs = next(c for c in notebook.cells if c.source.startswith("# The inputs"))
    inputs.source = inputs.source.replace("LATEST = analysis.data_as_of()",
                                          'LATEST = "2021-06-30"')
    # What this run is about is the sentences: the figure cells (drawn in the run above,
    # a third of this notebook's cost) are left out.
    notebook.cells = [c for c in notebook.cells
                      if not (c.cell_type == "code" and "inputs.figure(" in c.source)]
    kernel(notebook)
    text = json.dumps([o.get("data", {}).get("text/markdown", "")
                       for c in notebook.cells if c.cell_type == "code" for o in c.outputs])
    assert "On 30 June 2021 the Protocol had" in text
    assert "2024-05-04" not in text


def test_make_lab_saves_notebooks_without_outputs():
    # `make lab` passes scripts/jupyter_lab_config.py to JupyterLab; its pre-save hook
    # clears what a run added, so a notebook saved there stays as git keeps it.
    # (The hook is registered on the contents manager when Jupyter reads the file; read
    # here without Jupyter, the file only defines it. tests/test_lab.py saves each
    # notebook through it and checks `git diff`.)
    import runpy

    hook = runpy.run_path(str(ROOT / "scripts" / "jupyter_lab_config.py"))["strip_outputs"]
    assert "jupyter_lab_config.py" in (ROOT / "Makefile").read_text(encoding="utf-8")
    notebook = json.loads(NOTEBOOKS[0].read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell.update(outputs=[{"output_type": "stream", "name": "stdout", "text": "90\n"}],
                        execution_count=3)
    hook(model={"type": "notebook", "content": notebook}, path="x.ipynb", contents_manager=None)
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code and all(not c["outputs"] and c["execution_count"] is None for c in code)


def _texts(svg: str) -> list[str]:
    """The text a drawn SVG shows, in drawing order."""
    import html
    import re

    return [html.unescape(re.sub(r"<[^>]+>", "", text))
            for text in re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)]


@pytest.mark.slow
def test_notebook_04_on_two_meetings(kernel):
    """Pointed at two reports (the 2020 report and the later-meeting TEST FIXTURE), in Chinese:
    the grid the notebook draws is the one ``make figures`` draws (names in its order)."""
    path = ROOT / "notebooks" / "04_participation_over_time.ipynb"
    notebook = nbformat.read(path, as_version=4)
    inputs = next(c for c in notebook.cells if c.source.startswith("# The inputs"))
    fixture = ROOT / "tests" / "fixtures" / "wg-firearms-2022-test-meeting.en.txt"
    report = ROOT / "data" / "raw" / "wg-firearms-2020-report.zh.txt"
    old = inputs.source.splitlines()[1]
    assert old.startswith("REPORTS = ")
    inputs.source = inputs.source.replace(old, f"REPORTS = [{str(fixture)!r}, {str(report)!r}]")
    inputs.source = inputs.source.replace('LANG = "en"', 'LANG = "zh"')
    kernel(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    text = json.dumps([o.get("data", {}).get("text/markdown", "") for c in code
                       for o in c.outputs])
    assert "**2 meetings**, from 16 July 2020 to 10 May 2022" in text
    assert "**83 States** attended at least one, 71 attended every one" in text
    charts = [c for c in code if "if SERIES" in c.source]
    assert len(charts) == 3
    for cell in charts:
        assert [o for o in cell.outputs if "image/svg+xml" in o.get("data", {})], cell.source
    from analysis.figures import figure_builders
    from analysis.render import to_svg
    from analysis.study import build_study
    from analysis.tables import figure_tables
    from analysis.vocabulary import load_labels

    drawn = next(o for c in charts if '"attendance_grid"' in c.source for o in c.outputs
                 if "image/svg+xml" in o.get("data", {}))["data"]["image/svg+xml"]
    built = figure_builders(figure_tables(build_study([fixture, report])), load_labels("zh"))
    made = to_svg(built["attendance_grid"]().to_dict(validate=False))
    assert _texts(drawn) == _texts(made)
    # Chinese rows in the order UN documents list States, by their English names
    # (Angola, Comoros, Côte d'Ivoire, Egypt), not by the Chinese characters.
    african = _texts(drawn)[2:6]
    assert african == ["安哥拉", "科摩罗", "科特迪瓦", "埃及"]
