"""The printed briefing: one A4 PDF per UN language, typeset without a browser."""

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from analysis.vocabulary import label_languages
from tests.conftest import CliResult, _main

pytestmark = pytest.mark.slow  # six printed briefing packs, typeset

# Each PDF is typeset once per module and parsed once (``printed``): reading a page's
# text is the costly part of pypdf, so its text, fonts and text sizes are kept.

A4 = (595.3, 841.9)  # points
TITLES = (  # the seven figures of the English briefing, as the reader sees them
    "Who attended the Working Group on Firearms, 16–17 July 2020",
    "Gap in Protocol parties by regional group: 16 July 2020 and 4 May 2024",
    "Attended, not a party: attendance × party status on 4 May 2024",
    "Parties to the Firearms Protocol, 2001–2024",
    "Firearms Protocol status on 4 May 2024",
    "Signatories that are not parties, 4 May 2024",
    "Presence and voice by regional group, 16–17 July 2020",
)


@dataclass
class Printed:
    """One briefing PDF, read once: each page's text, the fonts it uses, its text sizes."""

    path: Path
    pages: list  # pypdf pages
    texts: list[str]  # each page's extracted text
    fonts: list  # every font dictionary a page uses, figures included
    smallest_pt: float  # the smallest text size drawn, in points

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


def read_printed(path: Path) -> Printed:
    """Read a PDF once; the tests share what it holds rather than each parsing it again."""
    pages = PdfReader(path).pages
    texts, sizes = [], []

    def visit(text, cm, tm, font, size):
        if text.strip():
            # The text matrix times the current one, a rotated axis title included.
            area = (tm[0] * tm[3] - tm[1] * tm[2]) * (cm[0] * cm[3] - cm[1] * cm[2])
            sizes.append(size * abs(area) ** 0.5)

    for page in pages:
        texts.append(page.extract_text(visitor_text=visit))
    used = [font for page in pages for font in fonts(page.get("/Resources"))]
    return Printed(path, list(pages), texts, used, min(sizes))


@pytest.fixture(scope="module")
def print_cli(renderer):
    """``cli`` for the module: figures drawn by the session's renderer, each spec once.

    The printed briefing typesets each figure's SVG and asks for no PNG, so the PDFs
    are the same bytes as those of ``python -m analysis brief``.
    """
    def run(*args: object) -> CliResult:
        return _main(args, None, None, renderer)

    return run


@pytest.fixture(scope="module")
def briefs(tmp_path_factory, print_cli, request):
    """Every language's briefing, typeset once and read once; with the figure specs each
    was built from (``{lang: {name: spec}}``), kept as the command built them."""
    from analysis import brief

    out = tmp_path_factory.mktemp("briefs")
    specs: dict[str, dict] = {}
    real = brief.figure_specs

    def kept(tables, labels, *args, **kwargs):
        made = list(real(tables, labels, *args, **kwargs))
        if not args and not kwargs:
            specs[labels.lang] = dict(made)
        return iter(made)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(brief, "figure_specs", kept)
        result = print_cli("brief", "--lang", "all", "--format", "pdf", "--out", out)
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.split()) == sorted(
        str(out / f"brief.{lang}.pdf") for lang in label_languages())
    for lang in set(label_languages()) - set(specs):  # should the briefing build them apart
        from analysis.figures import figure_specs
        from analysis.vocabulary import load_labels

        tables = request.getfixturevalue("shipped_tables")
        specs[lang] = dict(figure_specs(tables, load_labels(lang)))
    return out, {lang: read_printed(out / f"brief.{lang}.pdf") for lang in label_languages()}, specs


@pytest.fixture(scope="module")
def pdfs(briefs) -> Path:
    """The folder of the briefing PDFs."""
    return briefs[0]


@pytest.fixture(scope="module")
def printed(briefs) -> dict[str, Printed]:
    """Each language's briefing, read: ``{lang: Printed}``."""
    return briefs[1]


def fonts(resources, seen=None) -> list:
    """Every font a page uses, its figures (form XObjects) included."""
    seen = set() if seen is None else seen
    found = []
    if not resources:
        return found
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        found.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if id(xobject) not in seen and xobject.get("/Subtype") == "/Form":
            seen.add(id(xobject))
            found += fonts(xobject.get("/Resources"), seen)
    return found


@pytest.mark.parametrize("lang", label_languages())
def test_each_pdf_is_at_most_three_a4_pages_with_subset_fonts(printed, lang):
    pages = printed[lang].pages
    assert 1 <= len(pages) <= 3
    for page in pages:
        box = page.mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == A4
    used = printed[lang].fonts
    assert used
    for font in used:
        assert font["/Subtype"] != "/Type3"
        # Embedded as a subset: a tagged name (ABCDEF+) and the font program itself.
        assert re.match(r"/[A-Z]{6}\+", font["/BaseFont"]), font["/BaseFont"]
        descriptor = (font["/DescendantFonts"][0].get_object() if font["/Subtype"] == "/Type0"
                      else font)["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.parametrize("lang", label_languages())
def test_no_header_footer_or_path_is_printed(pdfs, printed, lang):
    text = printed[lang].text
    for trace in ("file:", "/tmp", "/work", str(pdfs), ".html", ".pdf", "about:blank"):
        assert trace not in text
    # What a browser adds: the page title and date in the header, "1/3" in the footer.
    assert not re.search(r"\b\d/\d\b", text)


def test_the_english_briefing_prints_every_figure_and_the_findings_first(printed):
    text = printed["en"].text
    for title in TITLES:
        assert title in text.replace("\n", " "), title
    first = printed["en"].texts[0]
    assert "Key findings" in first
    assert "The report lists 90 participants: 78 States" in first.replace("\n", " ")
    # The engagement roster is typeset as text: the 22 States by group and standing.
    assert "Iran (Islamic Republic of)*" in text and "United States of America" in text
    assert "Sources and dates" in text


def test_arabic_and_chinese_print_their_own_script(printed):
    # Arabic is set right to left in shaped forms, which text extraction does not
    # undo: the Arabic font is embedded and Arabic letters are printed as text.
    names = {str(font["/BaseFont"]) for font in printed["ar"].fonts}
    assert any("NotoSansArabic" in name for name in names)
    assert sum("\u0600" <= c <= "\u06ff" for c in printed["ar"].text) > 1000
    chinese = printed["zh"].text
    assert "主要结论" in chinese
    # No space between a number and its counter or date word.
    assert "78个" in chinese.replace("\n", "") and "78 个" not in chinese


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
@pytest.mark.parametrize("lang", label_languages())
def test_no_page_but_the_last_is_a_quarter_blank(pdfs, lang, tmp_path):
    from PIL import Image

    subprocess.run(["pdftoppm", "-png", "-r", "30", "-gray", pdfs / f"brief.{lang}.pdf",
                    tmp_path / "p"], check=True, capture_output=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert 1 <= len(pages) <= 3
    for path in pages[:-1]:
        image = Image.open(path).convert("L")
        width, height = image.size
        pixels = image.load()
        inked = [y for y in range(height) if any(pixels[x, y] < 200 for x in range(width))]
        # The blank band under the last line, the bottom margin (9 mm) included.
        assert (height - 1 - max(inked)) / height <= 0.25, path.name


def test_no_printed_text_is_under_7_pt(printed):
    from analysis.brief import PDF_TEXT_WIDTH_MM, PRINT_MIN_PT, TEMPLATE
    from analysis.typeset import TEMPLATES

    # The template's own text sizes ...
    template = (TEMPLATES / TEMPLATE).read_text(encoding="utf-8")
    sizes = [float(size) for size in re.findall(r"size: ([\d.]+)pt", template)]
    assert sizes and min(sizes) >= 7
    assert PRINT_MIN_PT == 7 and PDF_TEXT_WIDTH_MM <= 186
    # ... and each figure's: as PDF text, every glyph run's size through its matrices
    # (a chart's smallest text, 11 px, prints at 7 pt).
    for lang in label_languages():
        smallest = printed[lang].smallest_pt
        assert smallest >= 6.95, (lang, smallest)


def test_the_same_inputs_give_the_same_pdf_bytes(pdfs, print_cli, tmp_path):
    """Typst stamps the clock into a PDF; the treaty data's as-of date stands in for it,
    so a briefing printed again is the same file (and says when its data holds)."""
    result = print_cli("brief", "--lang", "en", "--format", "pdf", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "brief.en.pdf").read_bytes() == (pdfs / "brief.en.pdf").read_bytes()
    assert PdfReader(pdfs / "brief.en.pdf").metadata["/CreationDate"].startswith("D:20240504")


def test_every_language_prints_the_figures_in_one_order(briefs):
    # The Russian briefing once moved the gap chart behind the timeline and the voice
    # chart: each language's figure titles appear in the order of the English one.
    # The titles are those of figure_specs, as the command built them (``briefs``).
    from analysis.brief import PRINT_ORDER

    _, printed, built = briefs
    for lang in ("en", "zh", "ru", "fr", "es"):  # Arabic's text layer is not read back
        text = re.sub(r"\s+", "", printed[lang].text)
        specs = built[lang]
        places = []
        for name in PRINT_ORDER:
            title = specs[name]["title"]["text"]
            title = re.sub(r"\s+", "", "".join(title) if isinstance(title, list) else title)
            assert title[:20] in text, (lang, name)
            places.append(text.index(title[:20]))
        assert places == sorted(places), (lang, places)
