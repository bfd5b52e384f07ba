"""Optional dependencies: which extra brings which module, and the one line saying so.

The core install (names, treaty status, panels, analyses, reading text reports) needs
polars, pycountry, Babel, rapidfuzz and dataframely only. Figures need the ``figures``
extra (Altair, vl-convert, the fonts, fontTools, lxml for their SVG, Jinja2 for
the HTML pages); reading PDF and Word reports needs
``reports`` (pypdf, python-docx, and openpyxl/xlsxwriter for spreadsheets); State
cards need Typst, in ``figures``. ``install()`` (run by ``import analysis``) makes an
``import`` of a missing one raise ``MissingExtraError``, whose message names the extra
to install, wherever in the package or in the user's code the import happens.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from types import ModuleType

from analysis.errors import AnalysisError

DISTRIBUTION = "firearms-wg-participation"
MODULE_EXTRAS: dict[str, str] = {
    "altair": "figures", "vl_convert": "figures", "fontTools": "figures",
    "fontpkg_noto_sans": "figures", "fontpkg_noto_sans_arabic": "figures",
    "pylopdf_fonts_zh_cn": "figures", "pypdf": "reports", "docx": "reports",
    "openpyxl": "reports", "xlsxwriter": "reports", "typst": "figures",
    "jinja2": "figures", "markupsafe": "figures", "lxml": "figures",
}
"""The top-level module of each optional dependency, and the extra that installs it."""


class MissingExtraError(AnalysisError, ModuleNotFoundError):
    """An optional dependency is not installed; says which extra brings it.

    Example:
        >>> print(MissingExtraError("altair"))  # doctest: +NORMALIZE_WHITESPACE
        this needs 'altair', from the figures extra:
        pip install 'firearms-wg-participation[figures]'
    """

    def __init__(self, module: str) -> None:
        self.extra = MODULE_EXTRAS[module]
        super().__init__(f"this needs {module!r}, from the {self.extra} extra: "
                         f"pip install '{DISTRIBUTION}[{self.extra}]'")
        self.name = module


class _ExtraFinder:
    """Last on ``sys.meta_path``: reached only when no finder found the module.

    A plain class with ``find_spec`` (all ``sys.meta_path`` asks for): importing
    ``importlib.abc`` would cost ``import analysis`` more than the finder itself.
    """

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> None:
        if path is not None or fullname not in MODULE_EXTRAS:
            return None
        # Only an import statement fails loudly; importlib.util.find_spec (a library
        # probing what is installed) still gets None.
        caller = sys._getframe(2).f_code.co_name if hasattr(sys, "_getframe") else ""
        if caller == "_find_and_load_unlocked":
            raise MissingExtraError(fullname)
        return None


def install() -> None:
    """Put the finder last on ``sys.meta_path`` (once)."""
    if not any(isinstance(finder, _ExtraFinder) for finder in sys.meta_path):
        sys.meta_path.append(_ExtraFinder())
