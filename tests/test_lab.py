"""`make lab` saves notebooks exactly as git keeps them."""

import json
import shutil
import subprocess

import nbformat
import pytest

from tests.conftest import ROOT

CONFIG = ROOT / "scripts" / "jupyter_lab_config.py"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _hook():
    """The lab's pre-save hook, read from the config file as Jupyter reads it (no server)."""
    namespace: dict = {}
    exec(compile(CONFIG.read_text(encoding="utf-8"), str(CONFIG), "exec"), namespace)
    return namespace["strip_outputs"]


def _as_run_in_the_lab(content: dict) -> dict:
    """What the lab sends to save after a run: outputs, counts, timings, kernel metadata."""
    for count, cell in enumerate(c for c in content["cells"] if c["cell_type"] == "code"):
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["run\n"]}]
        cell["execution_count"] = count + 1
        cell["metadata"]["execution"] = {"iopub.execute_input": "2026-12-07T18:00:00.000Z"}
    content["metadata"]["kernelspec"] = {"display_name": "Python 3 (ipykernel)",
                                         "language": "python", "name": "python3"}
    content["metadata"]["language_info"] = {
        "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
        "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3", "version": "3.11.9"}
    return content


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="needs the git checkout")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_saved_through_the_lab_hook_leaves_git_diff_empty(path):
    original = path.read_bytes()
    model = {"type": "notebook", "content": _as_run_in_the_lab(json.loads(original))}
    _hook()(model=model, path=path.name, contents_manager=None)
    try:
        # As jupyter_server's FileContentsManager writes a notebook.
        with path.open("w", encoding="utf-8") as file:
            nbformat.write(nbformat.from_dict(model["content"]), file,
                           version=nbformat.NO_CONVERT)
        diff = subprocess.run(["git", "diff", "--stat", "--", path], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout
        assert diff == "" and path.read_bytes() == original
    finally:
        path.write_bytes(original)


def test_the_lab_config_registers_the_hook_without_the_overriding_warning():
    source = CONFIG.read_text(encoding="utf-8")
    assert "register_pre_save_hook(strip_outputs)" in source
    assert "pre_save_hook =" not in source
