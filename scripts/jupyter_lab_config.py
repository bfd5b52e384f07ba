"""JupyterLab settings for `make lab`: notebooks are saved without their outputs.

The notebooks are kept in git without outputs (tests/test_notebooks.py checks it), so a
notebook run in `make lab` and saved (JupyterLab autosaves) must not write its outputs
to disk: this pre-save hook clears every code cell's outputs and execution count before
the file is written. The outputs stay on screen until the notebook is closed. A git
filter (nbstripout) would only clean what is committed, leaving the files on disk, which
`make test` reads, with outputs.
"""


def strip_outputs(model, **_):
    """Clear the outputs and execution counts of a notebook about to be saved."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    for cell in model["content"].get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
            cell.get("metadata", {}).pop("execution", None)


c = get_config()  # noqa: F821 (provided by Jupyter when it reads this file)
c.FileContentsManager.pre_save_hook = strip_outputs
