"""The HTML pages (Jinja2 templates) and the figures' SVG as the briefing reads it (lxml)."""

import re
from pathlib import Path

import pytest

pytest.importorskip("lxml")
pytest.importorskip("jinja2")

from analysis.svg import font_sizes, svg_size, title_text, visible_text, with_style
from analysis.typeset import markup, render_html

FIGURES = Path(__file__).resolve().parent.parent / "figures"


def test_a_page_escapes_every_value_but_markup():
    page = render_html("card.html.j2", lang="fr", direction="ltr",
                       name="Côte d'Ivoire <script>", svg=markup("<svg/>"))
    assert "<title>Côte d&#x27;Ivoire &lt;script&gt;</title>" in page
    assert "<svg/>" in page and "<script>" not in page


def test_the_index_escapes_names_and_file_names():
    card = {"iso3": "CIV", "name_en": "Côte d'Ivoire", "name": "A & B", "lang": "ar",
            "regional_group": "African States", "protocol": "signatory",
            "convention": "party", "as_of": "4 May 2024", "file": 'card".pdf'}
    page = render_html("card_index.html.j2", title="Cards", headings=["Code"], cards=[card])
    assert '<td lang="ar" dir="rtl">A &amp; B</td>' in page
    assert '<a href="card&quot;.pdf">' in page


def test_the_svg_reader_on_committed_figures():
    english = (FIGURES / "regional_participation.svg").read_text(encoding="utf-8")
    assert svg_size(english) == (820.0, 443.0)  # the <svg> element says so
    assert min(font_sizes(english)) == 11.0
    assert title_text(english).startswith("Who attended")
    arabic = (FIGURES / "status_map.ar.svg").read_text(encoding="utf-8")
    title = title_text(arabic)  # Arabic words, without the right-to-left isolate around them
    assert re.search("[\u0600-\u06ff]", title) and not re.search("[\u2067\u2069]", title)


def test_the_embedded_style_is_the_only_change_to_a_figure():
    chinese = (FIGURES / "engagement_matrix.zh.svg").read_text(encoding="utf-8")
    style = re.search(r"<defs><style>(.*?)</style></defs>", chinese, flags=re.S)
    bare = chinese[:style.start()] + chinese[style.end():]
    assert with_style(bare, style.group(1)) == chinese
    title = title_text(bare).replace(" ", "")  # lines of a wrapped title joined by a space
    assert title and title in visible_text([bare]).replace(" ", "")


def test_no_committed_figure_carries_a_counted_clip_id():
    """Vega numbers clip paths across every render of a worker process, so a clipped
    mark made a figure's bytes depend on which worker drew it (the map differed between
    two runs of make figures); no figure may carry one."""
    clipped = sorted(path.name for path in FIGURES.glob("*.svg")
                     if 'clip-path="url(#clip' in path.read_text(encoding="utf-8"))
    assert clipped == []
