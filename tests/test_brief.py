"""The briefing pack: one printable, self-contained page per UN language."""

import html
import re

import pytest

from analysis.vocabulary import label_languages, load_labels
from tests.conftest import GERMANY, glyphs_missing

pytestmark = pytest.mark.slow  # every test but one writes briefing packs (figure sets)


def shown(page: str) -> str:
    """The text a reader sees: no styles (fonts are base64 text), no tags."""
    return html.unescape(
        re.sub(r"<[^>]+>", "", re.sub(r"<style>.*?</style>", "", page, flags=re.S)))


@pytest.fixture(scope="module")
def briefs(tmp_path_factory, cli_module):
    out = tmp_path_factory.mktemp("briefs")
    result = cli_module("brief", "--lang", "all", "--out", out)
    assert result.returncode == 0, result.stderr
    return out, result.stdout.splitlines()


def test_brief_writes_one_page_per_language(briefs):
    out, lines = briefs
    assert sorted(lines) == sorted(str(out / f"brief.{lang}.html") for lang in label_languages())
    assert label_languages() == ("ar", "en", "es", "fr", "ru", "zh")


@pytest.mark.parametrize("lang", sorted(GERMANY))
def test_each_page_is_self_contained_printable_and_in_its_language(briefs, lang):
    out, _ = briefs
    page = (out / f"brief.{lang}.html").read_text(encoding="utf-8")
    assert len(page.encode("utf-8")) < 5 * 1024 * 1024
    assert "<script" not in page and not re.search(r"(src|href)=\"?https?:", page)
    assert "url(http" not in page
    assert "@page { size: A4" in page
    assert page.count("<svg") == 7  # every figure inline
    assert GERMANY[lang] in page    # joined after the meeting, in the language's UN name
    labels = load_labels(lang)
    assert labels.date("2024-05-04") in page
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page
    if lang in ("ar", "zh"):
        assert "@font-face" in page


@pytest.mark.parametrize("lang", ["ar", "zh"])
def test_the_embedded_font_has_every_character_the_page_shows(briefs, lang):
    # The Chinese heading "主要结论" once printed as "主要　论": the subset was cut from
    # the sentences and figures only, and 结 occurs nowhere else.
    out, _ = briefs
    page = out / f"brief.{lang}.html"
    assert load_labels(lang)("brief.findings") in page.read_text(encoding="utf-8")
    assert glyphs_missing(page) == []


def test_english_sentences_state_the_numbers_of_the_data(briefs):
    out, _ = briefs
    page = (out / "brief.en.html").read_text(encoding="utf-8")
    assert "The report lists 90 participants: 78 States, the European Union" in page
    # The capacity in which the States attended holds on the meeting date, and says so;
    # where the same States stand on the briefing's date is a second, dated count.
    assert ("On 16 July 2020 the States attended as 53 parties to the Firearms Protocol, "
            "6 signatories and 19 States neither parties nor signatories.") in page
    assert ("On 4 May 2024, 56 of these 78 States were parties to the Protocol (53 on "
            "16 July 2020); the others were 4 signatories and 18 States neither parties "
            "nor signatories.") in page
    assert "6 not parties to the Convention or the Protocol" in page and "(s)" not in page
    assert ("On 4 May 2024 the Protocol had 123 parties (122 Member States and the European "
            "Union). 71 Member States were not parties") in page
    assert ("22 Member States attended the meeting and were not parties to the Protocol on "
            "4 May 2024: Australia,") in page
    # Facts, not judgements; and no "still" about States that may be acting.
    assert "closest" not in shown(page) and " still " not in shown(page)
    # Each State that became a party, by the act the depositary records.
    assert ("Bolivia (Plurinational State of) (instrument of accession deposited on "
            "1 September 2020), Germany (instrument of ratification deposited on 14 October "
            "2021) and China (instrument of ratification deposited on 19 December 2023)") in page
    assert "joined" not in shown(page) and "accessions" not in shown(page)


# The terms for the acts and the categories, checked against UNTERM and the UN treaty
# texts: ratification and accession are different acts in every language.
TERMS = {"es": ("instrumento de ratificación", "instrumento de adhesión",
                "ni partes ni signatarios", "No es parte en la Convención ni en el Protocolo"),
         "fr": ("instrument de ratification", "instrument d’adhésion",
                "ni parties ni signataires", "Ni partie à la Convention ni au Protocole"),
         "ru": ("ратификационная грамота", "документ о присоединении",
                "ни участниками, ни подписавшими", "Вне Конвенции и Протокола"),
         "zh": ("交存批准书", "交存加入书", "既非缔约方也非签署国", "非《公约》或《议定书》缔约方"),
         "ar": ("صك التصديق", "صك الانضمام", "ليست أطرافا ولا موقعة",
                "ليست طرفا في الاتفاقية ولا في البروتوكول")}


@pytest.mark.parametrize("lang", sorted(TERMS))
def test_each_language_names_the_acts_and_keeps_the_two_neithers_apart(briefs, lang):
    out, _ = briefs
    page = shown((out / f"brief.{lang}.html").read_text(encoding="utf-8"))
    ratification, accession, not_party_nor_signatory, party_to_neither = TERMS[lang]
    labels = load_labels(lang)
    # Germany ratified, Bolivia acceded.
    germany = page.index(GERMANY[lang])
    assert page.index(ratification, germany) - germany < 40
    assert accession in page and not_party_nor_signatory in page
    assert party_to_neither in labels("adherence.neither") or party_to_neither in page
    assert labels.date("2020-07-16") in page and labels.date("2024-05-04") in page
    # The standing towards both instruments is never called accession (adhesión,
    # adhésion, 加入, انضمام name the act).
    for word in ("adhesión al", "adhésion au", "加入情况", "حسب انضمامها"):
        assert word not in shown(page)


def test_statuses_resting_on_an_inference_or_a_secondary_source_are_marked(briefs):
    out, _ = briefs
    page = (out / "brief.en.html").read_text(encoding="utf-8")
    # Iran's "party to neither instrument" rests on news of 2025, not the depositary.
    assert "Iran (Islamic Republic of)*" in page
    assert ("Inferred: Palau (Protocol); Congo, Papua New Guinea, Solomon Islands and "
            "Tuvalu (Convention).") in page
    assert "Luxembourg and Republic of Korea (Protocol)" in page
    # The sources name the kinds of publisher those statuses rest on.
    assert ("for statuses marked *, news reports, government statements and copies of "
            "Wikipedia articles") in page


def test_brief_as_of_the_meeting_and_bad_dates(cli, tmp_path):
    target = tmp_path / "brief.html"
    result = cli("brief", "--as-of", "2020-07-16", "--out", target)
    assert result.returncode == 0, result.stderr
    page = target.read_text(encoding="utf-8")
    # The count of parties says that it includes the European Union (split from the data).
    assert ("On 16 July 2020 the Protocol had 118 parties (117 Member States and the "
            "European Union).") in page
    assert "On 16 July 2020 the States attended as 53 parties" in page
    # On the meeting's own date there is no "since" and no "still".
    assert " still " not in shown(page) and "Since the meeting" not in page
    assert "of these 78 States were parties" not in page
    # The status date is the chosen one; the data is still as of its own date.
    assert "data as of 4 May 2024" in page and "data as of 16 July 2020" not in page
    for day in ("2031-01-01", "2010-01-01"):  # after the data; before the meeting
        bad = cli("brief", "--as-of", day, "--out", tmp_path / "x.html")
        assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and day in bad.stderr
    several = cli("brief", "--lang", "en", "fr", "--out", tmp_path / "two.html")
    assert several.returncode == 1 and "need a folder" in several.stderr
    assert not (tmp_path / "two.html").exists()


def test_brief_is_the_same_bytes_twice(briefs, run_cli, tmp_path):
    # Drawn a second time by a process and renderer of its own (the first: ``briefs``).
    out, _ = briefs
    assert run_cli("brief", "--lang", "fr", "--out", tmp_path / "b.html").returncode == 0
    assert (out / "brief.fr.html").read_bytes() == (tmp_path / "b.html").read_bytes()


@pytest.mark.parametrize("lang", sorted(GERMANY))
def test_the_printed_page_has_no_text_under_7_pt_and_findings_first(briefs, lang):
    # Measured in Chromium (print to PDF): 3 pages or fewer in each language. Here the
    # page itself: every font size the print styles set is 7 pt or more, and every
    # figure that prints is wide enough for its smallest text to be 7 pt.
    out, _ = briefs
    page = (out / f"brief.{lang}.html").read_text(encoding="utf-8")
    print_css = page.split("@media print {", 1)[1].split("\n}\n", 1)[0]
    assert [float(size) for size in re.findall(r"font-size: ([\d.]+)pt", print_css)]
    assert min(float(size) for size in re.findall(r"font-size: ([\d.]+)pt", print_css)) >= 7
    assert "px" not in print_css and "@page { size: A4;" in page
    printed = re.findall(r'<figure style="--print-width: ([\d.]+)mm"><svg[^>]*?'
                         r'width="([\d.]+)"(.*?)</svg>', page, flags=re.S)
    assert printed  # a briefing prints some figures ...
    for millimetres, pixels, svg in printed:
        smallest = min(float(px) for px in re.findall(r'font-size[:=]\s*"?([\d.]+)px', svg))
        # ... each scaled so that its smallest text (CSS px, 0.75 pt each) is >= 7 pt.
        assert smallest * 0.75 * float(millimetres) / (float(pixels) * 25.4 / 96) >= 7
        assert float(millimetres) <= 192  # A4 less the 9 mm side margins
    kept = page.count('<figure class="screen-only')
    assert (kept == 0) == ('<p class="print-only">' not in page)
    assert page.index("<ul>") < page.index("<figure")  # the findings come first


def test_print_plan_keeps_to_three_pages():
    from analysis.brief import PRINT_PAGES, print_plan

    tall = '<svg width="600" height="1200"><text style="font-size: 11px">a</text></svg>'
    # Each prints 134.7 mm wide (11 px at 7 pt) and 272.4 mm tall with its margin: a
    # page of its own. Page 1 holds the findings; pages 2 and 3 one figure each, but
    # the sources would then need a fourth page, so only one figure prints.
    plan = print_plan({f"f{i}": tall for i in range(5)}, first=60, last=20)
    assert PRINT_PAGES == 3
    assert plan == {"f0": 134.7, "f1": None, "f2": None, "f3": None, "f4": None}
    short = tall.replace('height="1200"', 'height="300"')  # 70.3 mm with its margin
    plan = print_plan({f"f{i}": short for i in range(12)}, first=60, last=20)
    assert sum(width is not None for width in plan.values()) == 3 + 3 + 3  # 3 a page


def test_on_screen_the_engagement_matrix_keeps_its_natural_size(briefs):
    # Scaled to the 192 mm column its 11 px names were about 7 px high at a 1,200 px
    # window; at its natural size it scrolls sideways instead.
    out, _ = briefs
    page = (out / "brief.en.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure([^>]*)>(.*?)</figure>', page, flags=re.S)
    engagement = [attrs for attrs, svg in figures if "Attended, not a party" in svg]
    assert len(engagement) == 1 and "wide" in engagement[0]
    assert "figure.wide { overflow-x: auto; }" in page
    assert "figure.wide svg { width: auto; max-width: none; }" in page
    # A figure whose text stays legible in the column still fits it.
    assert sum("wide" not in attrs for attrs, _ in figures) >= 4
