"""Typesetting with Typst: the pinned fonts and one compile, shared by cards and briefings.

A page is a Typst template under ``templates/`` that reads its data as JSON from
``sys.inputs.data``, so no text is ever escaped into Typst markup. Only the package's
pinned Noto fonts are used (system fonts are ignored) and a PDF embeds them as subsets:
the same inputs give the same page on any machine, with no browser and no system
library (Typst is one wheel).
"""

from __future__ import annotations

import json
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"
_FAMILIES = {"ar": ["Noto Sans Arabic", "Noto Sans"], "zh": ["Noto Sans", "Noto Sans SC"]}
_DEFAULT_FAMILIES = ["Noto Sans", "Noto Sans Arabic", "Noto Sans SC"]


def font_families(lang: str) -> list[str]:
    """The font families a page in ``lang`` sets its text in, the script's own first.

    Chinese takes its Latin letters and digits from Noto Sans, as the figures do.

    Example:
        >>> font_families("ar")
        ['Noto Sans Arabic', 'Noto Sans']
    """
    return list(_FAMILIES.get(lang, _DEFAULT_FAMILIES))


def font_paths() -> list[str]:
    """The folders of the package's pinned Noto fonts (Latin/Cyrillic, Arabic, Chinese).

    Example:
        >>> len(font_paths()) >= 1
        True
    """
    from analysis.render import EMBEDDABLE_FONTS

    return sorted({str(path.parent) for path in EMBEDDABLE_FONTS.values()})


def typeset(template: str | Path, data: dict, fmt: str = "pdf", ppi: float = 110) -> bytes:
    """Typeset a template with ``data`` (JSON in ``sys.inputs.data``): pdf, svg or png bytes.

    Args:
        template: A template's file name under ``templates/``, or a path.
        data: What the template reads; dates and paths are written as text.
        fmt: ``pdf``, ``svg`` (the first page) or ``png`` (at ``ppi``).
        ppi: Pixels per inch of a PNG.

    Example:
        >>> typeset("card.typ", {})[:5]  # doctest: +SKIP
        b'%PDF-'
    """
    import typst  # a native module: only the runs that typeset load it

    return typst.compile(str(TEMPLATES / template), font_paths=font_paths(),
                         ignore_system_fonts=True, format=fmt,
                         ppi=ppi if fmt == "png" else None,
                         sys_inputs={"data": json.dumps(data, default=str)})
