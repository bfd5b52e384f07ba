"""Pages from templates: Typst for print, Jinja2 for HTML, shared by cards and briefings.

A printed page is a Typst template under ``templates/`` that reads its data as JSON from
``sys.inputs.data``, so no text is ever escaped into Typst markup. Only the package's
pinned Noto fonts are used (system fonts are ignored) and a PDF embeds them as subsets:
the same inputs give the same page on any machine, with no browser and no system
library (Typst is one wheel). An HTML page is a Jinja2 template under ``templates/``
(``*.html.j2``) with every value escaped unless the caller marks it as markup.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.treaty_rules import data_as_of

if TYPE_CHECKING:
    import jinja2

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

    # Typst stamps a PDF with the clock and an id made from it; the treaty data's as-of
    # date stands in, so the same inputs give the same bytes.
    stamp = dt.datetime.combine(data_as_of(), dt.time(), tzinfo=dt.UTC)
    return typst.compile(str(TEMPLATES / template), font_paths=font_paths(),
                         ignore_system_fonts=True, format=fmt,
                         ppi=ppi if fmt == "png" else None, timestamp=stamp,
                         sys_inputs={"data": json.dumps(data, default=str)})


@cache
def _html_environment() -> jinja2.Environment:
    import jinja2  # only the runs that write an HTML page load it
    import markupsafe

    def escaped(value: object) -> object:
        # Escaped as html.escape does (&#x27; and &quot;), so pages keep the bytes they
        # had before templates; markup (an SVG, a style sheet) is left as it is.
        if isinstance(value, str) and not hasattr(value, "__html__"):
            return markupsafe.Markup(html.escape(value))
        return value

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, finalize=escaped,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined)


def markup(text: str) -> str:
    """``text`` marked as HTML a page template inserts as it is (an SVG, a style sheet).

    Example:
        >>> render_html("card.html.j2", lang="en", direction="ltr", name="<b>",
        ...             svg=markup("<svg/>")).count("<svg/>")
        1
    """
    import markupsafe

    return markupsafe.Markup(text)


def render_html(template: str, **context: object) -> str:
    """An HTML page from ``templates/TEMPLATE``; every value not ``markup`` is escaped.

    Example:
        >>> page = render_html("card.html.j2", lang="en", direction="ltr",
        ...                    name="A & B", svg=markup("<svg/>"))
        >>> "<title>A &amp; B</title>" in page
        True
    """
    return _html_environment().get_template(template).render(**context)
