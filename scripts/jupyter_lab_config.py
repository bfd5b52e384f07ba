"""JupyterLab settings for `make lab`: notebooks are saved exactly as git keeps them.

The notebooks are kept in git without outputs (tests/test_notebooks.py checks it), so a
notebook run in `make lab` and saved (JupyterLab autosaves) must not write its outputs
to disk: the pre-save hook below clears every code cell's outputs, execution count and
timing, and puts back the notebook metadata git keeps (the kernel's display name and a
bare language_info, which a running kernel fills with its Python version), so saving
a notebook after running it leaves `git diff` empty (tests/test_lab.py). The outputs
stay on screen until the notebook is closed. A git filter (nbstripout) would only clean
what is committed, leaving the files on disk, which `make test` reads, with outputs.

The hook is registered on the contents manager (``register_pre_save_hook``), not set
as the ``pre_save_hook`` trait, whose validator runs twice at start-up and prints an
"Overriding existing pre_save_hook" warning.
"""

# What git keeps for every notebook in notebooks/: the kernel every notebook runs in.
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python"}


def strip_outputs(model, **_):
    """Make a notebook about to be saved what git keeps: no outputs, stable metadata."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    notebook = model["content"]
    metadata = notebook.setdefault("metadata", {})
    if metadata.get("kernelspec", {}).get("name") in (None, KERNELSPEC["name"]):
        metadata["kernelspec"] = dict(KERNELSPEC)
    if metadata.get("language_info", {}).get("name") in (None, LANGUAGE_INFO["name"]):
        metadata["language_info"] = dict(LANGUAGE_INFO)
    metadata.pop("widgets", None)  # saved widget state is output too
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
            cell.get("metadata", {}).pop("execution", None)


if "get_config" in globals():  # read by Jupyter; tests/test_lab.py imports the hook alone
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

    class NotebooksAsGitKeepsThem(AsyncLargeFileManager):
        """The default contents manager, with the hook registered once."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.register_pre_save_hook(strip_outputs)

    c = get_config()  # noqa: F821 (provided by Jupyter when it reads this file)
    c.ServerApp.contents_manager_class = NotebooksAsGitKeepsThem
