"""State cards (issue 22): one A4 page per State not yet a party, in its UN language."""

from __future__ import annotations

import itertools
import re

import polars as pl
import pypdf
import pytest

from analysis.cards import CARD_LANGUAGES, card_batch, card_data, card_labels, card_languages
from analysis.cli import main
from analysis.reference import entity_names
from analysis.treaty import status_on


def _fonts(reader: pypdf.PdfReader) -> list[dict]:
    """Every font the pages use, with its descendant font where it is a CID font."""
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.append(font)
            fonts += [d.get_object() for d in font.get("/DescendantFonts", [])]
    return fonts


def _text(path) -> str:
    return re.sub(r"\s+", " ", pypdf.PdfReader(path).pages[0].extract_text())


def _flat(texts):
    """Texts with their no-break spaces (which keep a date on one line) read as spaces."""
    if isinstance(texts, str):
        return texts.replace("\xa0", " ")
    return [_flat(t) for t in texts]


@pytest.fixture(scope="module")
def batch():
    return card_batch()


@pytest.fixture(scope="module")
def not_bound_cards(cli_module, tmp_path_factory):
    out = tmp_path_factory.mktemp("cards")
    result = cli_module("cards", "--not-bound", "--lang", "en", "--format", "pdf",
                            "--out", out)
    return result, out


def test_not_bound_writes_one_card_per_state_not_a_party(not_bound_cards):
    result, out = not_bound_cards
    assert result.returncode == 0, result.stderr
    status = status_on()
    expected = set(status.filter(pl.col("membership").is_in(["member", "observer"]),
                                 pl.col("status") != "party")["entity_id"])
    written = {p.name.split(".")[1] for p in out.glob("card.*.en.pdf")}
    assert written == expected
    assert len(expected) == 73 and {"IRN", "USA", "RUS", "PSE", "VAT"} <= expected
    assert not {"DEU", "CHN", "EUU"} & written


def test_each_card_is_one_page_with_the_states_name_and_embedded_fonts(not_bound_cards):
    _, out = not_bound_cards
    names = dict(entity_names("en").iter_rows())
    for path in sorted(out.glob("card.*.pdf")):
        reader = pypdf.PdfReader(path)
        assert len(reader.pages) == 1, path.name
        iso3 = path.name.split(".")[1]
        assert names[iso3] in _text(path), path.name
        fonts = _fonts(reader)
        assert fonts and not [f for f in fonts if f.get("/Subtype") == "/Type3"], path.name
        descriptors = [f["/FontDescriptor"].get_object() for f in fonts
                       if "/FontDescriptor" in f]
        assert descriptors and all({"/FontFile", "/FontFile2", "/FontFile3"} & set(d)
                                   for d in descriptors), path.name
        # Typst sets text at its size in unscaled user space: nothing under 7 pt.
        content = reader.pages[0].get_contents().get_data().decode("latin-1")
        assert min(float(size) for size in re.findall(r"([\d.]+) Tf", content)) >= 7


def test_the_index_lists_every_card_with_its_status(not_bound_cards):
    _, out = not_bound_cards
    index = pl.read_csv(out / "index.csv")
    assert index.height == 73
    assert index.filter(pl.col("iso3") == "IRN").select("protocol", "convention").row(0) == (
        "none", "signatory")
    assert "card.IRN.en.pdf" in (out / "index.html").read_text(encoding="utf-8")


def test_lang_auto_writes_each_card_in_the_states_un_language(cli, tmp_path):
    result = cli("cards", "EGY", "RUS", "COL", "NER", "--lang", "auto", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        "card.COL.es.pdf", "card.EGY.ar.pdf", "card.NER.fr.pdf", "card.RUS.ru.pdf"]
    assert "Российская Федерация" in _text(tmp_path / "card.RUS.ru.pdf")
    assert "Accesión" not in _text(tmp_path / "card.COL.es.pdf")
    assert "Adhesión al Protocolo" in _text(tmp_path / "card.COL.es.pdf")
    assert pypdf.PdfReader(tmp_path / "card.EGY.ar.pdf").trailer["/Root"]["/Lang"] == "ar"


def test_html_cards_are_self_contained_pages(tmp_path):
    assert main(["cards", "EGY", "--lang", "ar", "--format", "html", "--out",
                 str(tmp_path)]) == 0
    page = (tmp_path / "card.EGY.ar.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page and "<svg" in page
    assert "<script" not in page and "http" not in page.replace("http://www.w3.org", "")


def test_auto_languages_follow_cldr_with_the_sourced_corrections():
    assert card_languages("CAN") == ("en", "fr")
    assert card_languages("TCD") == ("ar", "fr")
    assert card_languages("ISR") == ("en",)  # CLDR also lists Arabic
    assert card_languages("TJK") == ("ru",)  # CLDR lists Tajik only
    assert card_languages("JPN") == ("en",)  # no UN language: English


def test_the_language_table_is_validated_on_load(tmp_path):
    from analysis.cards import CARD_LANGUAGE_TABLE, load_card_languages
    from analysis.errors import ReferenceDataError

    bad = tmp_path / "state_card_languages.csv"
    bad.write_text("iso3,languages,reason,source\nISR,he,Hebrew,a law\n", encoding="utf-8")
    sidecar = CARD_LANGUAGE_TABLE.with_suffix(".source.json")
    (tmp_path / "state_card_languages.source.json").write_bytes(sidecar.read_bytes())
    with pytest.raises(ReferenceDataError, match="line 2: ISR needs UN languages"):
        load_card_languages(bad)


def test_step_for_a_signatory(batch):
    assert _flat(card_data(batch, "AUS", "en")["steps"]) == [
        "Ratification, acceptance or approval of the Protocol, which the State signed on "
        "21 December 2001 (Protocol, article 17)."]


def test_step_for_a_convention_party_that_did_not_sign(batch):
    assert _flat(card_data(batch, "EGY", "en")["steps"]) == [
        "Accession to the Protocol: the State did not sign it, and signature closed on "
        "12 December 2002 (Protocol, article 17)."]


def test_step_for_a_party_to_neither_puts_the_convention_first(batch):
    steps = card_data(batch, "SOM", "en")["steps"]
    assert steps[0].startswith("First, accession to the Convention: only States parties to "
                               "the Convention may become parties to the Protocol "
                               "(Convention, article 37(2)).")
    assert steps[1].startswith("Accession to the Protocol: the State did not sign it")


def test_step_for_a_convention_signatory(batch):
    assert _flat(card_data(batch, "IRN", "en")["steps"][0]).startswith(
        "First, ratification, acceptance or approval of the Convention, which the State signed "
        "on 12 December 2000")


def test_participation_says_the_capacity_and_the_voice(batch):
    assert _flat(card_data(batch, "IRN", "en")["participation"]) == [
        ["CTOC/COP/WG.6/2020/3, 16–17 July 2020", "non-party State (observer)", "no", "no"]]
    assert card_data(batch, "VAT", "en")["participation"][0][1:] == ["did not attend", "—", "—"]
    # China attended as a signatory and spoke; Brazil, a party, was also a panellist.
    assert card_data(batch, "CHN", "en")["participation"][0][1:] == ["signatory", "yes", "no"]
    assert card_data(batch, "BRA", "en")["participation"][0][1:] == ["party", "yes", "yes"]


def test_statuses_from_a_secondary_source_or_an_inference_are_marked(batch):
    iran = card_data(batch, "IRN", "en")
    assert iran["treaty_facts"][1][1] == "Signatory*"  # Convention: a secondary source
    assert iran["treaty_facts"][0][1] == "Neither signatory nor party"
    # The group's latest parties: Palau's status is inferred.
    assert "Palau* (party by 31 May 2020)" in _flat(iran["region"]["lines"][1])
    assert _flat(iran["notes"]) == [
        "* Status not taken from the depositary or an official gazette. Inferred: Palau "
        "(Protocol). From a secondary source (news report, government statement or "
        "copy of a Wikipedia article): Iran (Islamic Republic of) (Convention)."]
    usa = card_data(batch, "USA", "en")
    assert "Luxembourg* (party by 31 October 2022)" in _flat(usa["region"]["lines"][1])
    assert "Luxembourg (Protocol)" in usa["notes"][0]
    assert card_data(batch, "COG", "en")["treaty_facts"][1][1] == "Signatory*"  # inferred
    assert card_data(batch, "EGY", "en")["notes"] == []


@pytest.mark.parametrize("lang", CARD_LANGUAGES)
def test_the_provenance_note_is_in_every_language(batch, lang):
    data = card_data(batch, "IRN", lang)
    assert data["treaty_facts"][1][1].endswith("*")
    assert data["notes"][0].startswith(card_labels(lang)("provenance.note")[:-1])


def test_the_group_counts_its_member_states_on_the_date(batch):
    status = status_on()
    members = status.filter(pl.col("membership") == "member",
                            pl.col("regional_group") == "Asia-Pacific")
    assert members.height == 54  # the State of Palestine, an observer State, is not one
    parties = members.filter(pl.col("status") == "party").height
    data = card_data(batch, "IRN", "en")
    assert _flat(data["region"]["lines"][0]) == (
        f"Parties to the Protocol on 4 May 2024: {parties} of the 54 Member States of the group.")
    assert data["region"]["chart"]["total"] == 54
    assert data["region"]["chart"]["values"][-1] == parties == 17
    assert "из 54 государств — членов группы" in _flat(card_data(batch, "IRN", "ru")[
        "region"]["lines"][0])
    assert "该组54个会员国中的17个" in card_data(batch, "IRN", "zh")["region"]["lines"][0]


def test_a_consent_whose_instrument_is_not_recorded_is_said_so(batch):
    consent = {lang: _flat(card_data(batch, "JPN", lang)["treaty_facts"][1][3])
               for lang in CARD_LANGUAGES}
    assert consent["en"] == "11 July 2017 (instrument not recorded)"
    assert consent["fr"] == "11 juillet 2017 (instrument non consigné)"
    assert consent["zh"] == "2017年7月11日（文书类型未记录）"
    assert len(set(consent.values())) == 6


@pytest.mark.parametrize(("lang", "header"), [
    ("en", "Panellist"), ("fr", "Intervenant dans une table ronde"), ("es", "Panelista"),
    ("ru", "Участник дискуссионной группы"), ("zh", "小组讨论成员"),
    ("ar", "عضو في حلقة نقاش")])
def test_the_panel_column_says_panellist(batch, lang, header):
    assert card_data(batch, "BRA", lang)["participation_header"][-1] == header


def test_the_years_since_signature_stand_under_the_protocols_signature(batch, tmp_path):
    assert card_data(batch, "AUS", "fr")["since_signature"] == "22,4 ans depuis la signature"
    assert main(["cards", "JPN", "--lang", "en", "--out", str(tmp_path)]) == 0
    text = _text(tmp_path / "card.JPN.en.pdf")
    # In the Protocol's row, between its date of signature and the Convention's row.
    assert re.search(r"Firearms Protocol Signatory 9 December 2002 21\.4 years since "
                     r"signature .* Convention State party\*", text)


def test_the_charts_last_bar_is_dated(batch):
    assert _flat(card_data(batch, "IRN", "en")["region"]["chart"]["title"]).endswith(
        "at the end of each year (2024: on 4 May)")
    assert _flat(card_data(batch, "IRN", "ru")["region"]["chart"]["title"]).endswith(
        "(2024 год: на 4 мая)")
    assert _flat(card_data(card_batch("2020-07-16"), "IRN", "en")["region"]["chart"][
        "title"]).endswith("(2020: on 16 July)")


def test_the_index_lists_every_card_in_the_folder(tmp_path):
    assert main(["cards", "IRN", "--lang", "en", "--out", str(tmp_path)]) == 0
    assert main(["cards", "DEU", "USA", "--lang", "auto", "--out", str(tmp_path)]) == 0
    index = pl.read_csv(tmp_path / "index.csv")
    assert index["file"].to_list() == ["card.DEU.en.pdf", "card.IRN.en.pdf",
                                       "card.USA.en.pdf"]
    assert index.filter(pl.col("iso3") == "USA").select(
        "regional_group", "regional_group_code").row(0) == (
        "Western European and other States", "WEOG")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<h1>State cards, status on 4 May 2024</h1>" in page
    assert "not yet parties" not in page and "card.IRN.en.pdf" in page


def test_russian_and_chinese_cards_name_the_sources_as_the_un_does(batch):
    ru = card_data(batch, "RUS", "ru")["sources"]
    assert "УНП ООН" in ru and "Сборника договоров Организации Объединенных Наций" in ru
    assert "ЮНОДК" not in ru and "Собрани" not in ru
    zh = card_data(batch, "CHN", "zh")["sources"]
    assert "联合国条约汇编" in zh and "官方公报" in zh
    assert "联合国条约集" not in zh and "各国政府公报" not in zh


def test_arabic_dates_do_not_break_and_lines_stand_apart(batch, tmp_path):
    data = card_data(batch, "EGY", "ar")
    days = data["participation"][0][0].split("، ")[-1]
    assert " " not in days.replace("\u2069", "").strip()[:-5]  # "16 و17 تموز/يوليه" joined
    assert main(["cards", "EGY", "--lang", "ar", "--out", str(tmp_path)]) == 0
    # Baselines of the step (10.5 pt, two lines in Egypt's card): at least 1.6 times
    # the size apart. Arabic glyphs sit a little above or below their baseline, so
    # positions within 3 pt are one line.
    ys = []

    def visit(text, cm, tm, font, size):
        if text.strip() and size == 10.5:
            ys.append(cm[5] + tm[5])

    pypdf.PdfReader(tmp_path / "card.EGY.ar.pdf").pages[0].extract_text(visitor_text=visit)
    lines = []
    for y in sorted(ys):
        if not lines or y - lines[-1][-1] > 3:
            lines.append([])
        lines[-1].append(y)
    baselines = [sorted(line)[len(line) // 2] for line in lines]
    gaps = [b - a for a, b in itertools.pairwise(baselines) if b - a < 30]
    assert gaps and min(gaps) >= 1.6 * 10.5


def test_chinese_dates_do_not_break(tmp_path):
    assert main(["cards", "IRN", "--lang", "zh", "--out", str(tmp_path)]) == 0
    lines = pypdf.PdfReader(tmp_path / "card.IRN.zh.pdf").pages[0].extract_text().splitlines()
    assert any("2020年7月16日至17日" in line for line in lines)


def test_before_signature_closed_a_state_may_still_sign():
    steps = card_data(card_batch("2002-06-01"), "EGY", "en")["steps"]
    assert steps[-1].startswith("Signature of the Protocol, open until 12 December 2002")


def test_an_open_record_is_said_so():
    data = card_data(card_batch("2021-01-01"), "LUX", "en")
    assert _flat(data["steps"]) == ["The record is open: the State was not a party to the Protocol "
                             "on 1 May 2020 and was one by 31 October 2022; the date of its "
                             "instrument is not known."]


def test_a_party_named_alone_gets_a_card_saying_so(tmp_path):
    assert main(["cards", "DEU", "--out", str(tmp_path)]) == 0
    assert "The State is a party to the Protocol on 4 May 2024." in _text(
        tmp_path / "card.DEU.en.pdf")


def test_years_since_signature_take_the_plural_form_of_each_language(batch):
    assert card_data(batch, "AUS", "en")["since_signature"] == "22.4 years since signature"
    assert card_data(batch, "AUS", "ru")["since_signature"] == "22,4 года с момента подписания"
    assert card_labels("ar").plural("card.years_since_signature", 2) == "سنتان منذ التوقيع"
    assert card_data(batch, "AUS", "zh")["name"] == "澳大利亚"


@pytest.mark.parametrize("lang", CARD_LANGUAGES)
def test_every_language_has_every_card_text(lang):
    english = {k for k in card_labels("en").texts if k.startswith("card.")
               and not k.startswith("card.index.")}
    assert english <= set(card_labels(lang).texts)


def test_arabic_is_right_to_left(batch):
    data = card_data(batch, "EGY", "ar")
    assert data["rtl"] and data["name"] == "مصر"


@pytest.mark.parametrize(("args", "message"), [
    (["XYZ"], "XYZ is not the ISO 3166 alpha-3 code of a UN Member or observer State"),
    (["DEU", "IRN", "--not-bound"], "DEU is already a party to the Protocol on 2024-05-04"),
    ([], "name one or more States"),
])
def test_bad_input_gets_one_line_and_exit_1(capsys, tmp_path, args, message):
    assert main(["cards", *args, "--out", str(tmp_path)]) == 1
    stderr = capsys.readouterr().err
    assert message in stderr and len(stderr.strip().splitlines()) == 1


def test_an_unwritable_folder_gets_one_line_and_exit_1(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["cards", "IRN", "--out", str(blocker / "cards")]) == 1
    stderr = capsys.readouterr().err
    assert stderr == f"error: {blocker / 'cards'}: cannot write (Not a directory)\n"


def test_not_bound_leaves_an_undecided_state_out_and_says_so():
    """On the meeting date Luxembourg's consent is dated only by bounds: undecided, so
    --not-bound does not card it, as no figure counts it among the States not bound."""
    from analysis.cards import AlreadyPartyError, select_states

    batch = card_batch("2020-07-16")
    assert "LUX" not in batch.not_bound() and batch.undecided() == ["LUX"]
    assert select_states(batch, ["LUX", "IRN"], not_bound=True) == (["IRN"], ["LUX"])
    message = str(AlreadyPartyError([], batch.as_of, ["LUX"]))
    assert message == ("cards: LUX is undecided on 2020-07-16 (consent dated only by "
                       "bounds); skipped by --not-bound")
