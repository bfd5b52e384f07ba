"""Reading and editing the SVG a figure is drawn as, with an XML parser (lxml).

The one place that knows what an SVG from vl-convert looks like inside: its size, the
sizes of its text, its title, the text it shows, and where a ``<style>`` goes. The
briefing and the figure files read and edit figures through these functions only.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from lxml import etree

_PARSER = etree.XMLParser(huge_tree=True, remove_blank_text=False, resolve_entities=False,
                          no_network=True)
_RTL_ISOLATE = str.maketrans("", "", "\u2067\u2069")  # what right_to_left wraps a title in


@lru_cache(maxsize=64)
def _root(svg: str) -> etree._Element:
    """The parsed SVG (kept for the few readings of one figure; do not edit it)."""
    return etree.fromstring(svg.encode("utf-8"), _PARSER)


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _px(value: str) -> float | None:
    """``11px`` -> 11.0; a size in any other unit (or none) is not a pixel size."""
    value = value.strip()
    if value.endswith("px"):
        try:
            return float(value[:-2])
        except ValueError:
            return None
    return None


def svg_size(svg: str) -> tuple[float, float]:
    """The width and height the ``<svg>`` element declares, in CSS px.

    Example:
        >>> svg_size('<svg width="820" height="430.5"><g/></svg>')
        (820.0, 430.5)
    """
    root = _root(svg)
    return float(root.get("width")), float(root.get("height"))


def font_sizes(svg: str) -> list[float]:
    """Every text size the figure sets in px (``font-size`` attributes and styles).

    Example:
        >>> font_sizes('<svg><text font-size="11px">a</text>'
        ...            '<text style="fill: red; font-size: 9px">b</text></svg>')
        [11.0, 9.0]
    """
    sizes = []
    for element in _root(svg).iter(etree.Element):
        size = _px(element.get("font-size", ""))
        if size is not None:
            sizes.append(size)
        for rule in element.get("style", "").split(";"):
            name, _, value = rule.partition(":")
            if name.strip() == "font-size" and (size := _px(value)) is not None:
                sizes.append(size)
    return sizes


def title_text(svg: str) -> str:
    """A figure's title as Vega draws it: the last title (a part's comes first).

    A title on two lines is two ``<tspan>``: their words, joined by a space. The
    right-to-left isolate around an Arabic title is left out.

    Example:
        >>> title_text('<svg><g class="mark-text role-title-text"><text>'
        ...            '<tspan>Who</tspan><tspan>came</tspan></text></g></svg>')
        'Who came'
    """
    titles = [element for element in _root(svg).iter(etree.Element)
              if _local(element) == "g"
              and "role-title-text" in element.get("class", "").split()]
    if not titles:
        return ""
    text = next((element for element in titles[-1].iter(etree.Element)
                 if _local(element) == "text"), None)
    if text is None:
        return ""
    lines = [element for element in text.iter(etree.Element) if _local(element) == "tspan"]
    words = " ".join("".join(line.itertext()) for line in lines or [text])
    return words.translate(_RTL_ISOLATE).strip()


def visible_text(svgs: Iterable[str]) -> str:
    """The text the SVGs show, one after the other (what an embedded font must cover).

    Example:
        >>> visible_text(['<svg><text>A &amp; B</text></svg>', '<svg><text>中</text></svg>'])
        'A & B中'
    """
    return "".join("".join(_root(svg).itertext()) for svg in svgs)


def with_style(svg: str, css: str) -> str:
    """The SVG with ``<defs><style>css</style></defs>`` first inside its ``<svg>`` element.

    Example:
        >>> with_style('<svg width="1"><g/></svg>', "text { fill: red }")
        '<svg width="1"><defs><style>text { fill: red }</style></defs><g/></svg>'
    """
    if not css:
        return svg
    # Parsed afresh: the cached tree of ``_root`` is shared and must not change. lxml
    # writes a vl-convert SVG back byte for byte (every committed figure does), so the
    # only change to the file is the inserted style.
    root = etree.fromstring(svg.encode("utf-8"), _PARSER)
    if _local(root) != "svg":
        raise ValueError(f"not an SVG document: its root element is <{_local(root)}>")
    namespace = etree.QName(root).namespace
    defs = etree.Element(f"{{{namespace}}}defs" if namespace else "defs")
    etree.SubElement(defs, f"{{{namespace}}}style" if namespace else "style").text = css
    root.insert(0, defs)
    return etree.tostring(root, encoding="unicode")
