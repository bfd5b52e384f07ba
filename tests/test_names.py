import polars as pl
import pycountry
import pytest

from analysis.errors import UnknownNameError
from analysis.names import (
    NameIndex,
    build_name_index,
    default_name_index,
    name_key,
    normalise_name,
    normalise_names,
)
from analysis.reference import (
    load_country_names,
    load_member_states,
    load_name_aliases,
    load_organizations,
    load_world_bank_names,
)


@pytest.mark.parametrize(("name", "entity_id"), [
    ("委内瑞拉玻利瓦尔共和国", "VEN"),
    ("Venezuela (Bolivarian Republic of)", "VEN"),
    ("Venezuela (République bolivarienne du)", "VEN"),
    ("République bolivarienne du Venezuela", "VEN"),
    ("Venezuela (República Bolivariana de)", "VEN"),
    ("多民族玻利维亚国", "BOL"),
    ("Bolivia (Plurinational State of)", "BOL"),
    ("Bolivia", "BOL"),
    ("Bolivie (État plurinational de)", "BOL"),
    ("Türkiye", "TUR"),
    ("Turkey", "TUR"),
    ("土耳其", "TUR"),
    ("Czechia", "CZE"),
    ("Czech Republic", "CZE"),
    ("Viet Nam", "VNM"),
    ("Côte d'Ivoire", "CIV"),
    ("Российская Федерация", "RUS"),
    ("الاتحاد الروسي", "RUS"),
    ("European Union", "EUU"),
    ("欧洲联盟", "EUU"),
    ("INTERPOL", "INTERPOL"),
    ("Counter-Terrorism Committee Executive Directorate", "CTED"),
])
def test_un_name_forms_in_six_languages(name, entity_id):
    assert normalise_name(name) == entity_id


@pytest.mark.parametrize("variant", [
    "cote d'ivoire",            # case, accents
    "CÔTE D’IVOIRE",            # typographic apostrophe
    "  Côte   d'Ivoire ",       # spacing
    "Côte d\u02bcIvoire",       # modifier-letter apostrophe
])
def test_matching_folds_case_accents_apostrophes_spacing(variant):
    assert normalise_name(variant) == "CIV"


def test_full_width_brackets_and_cyrillic_lookalikes():
    assert normalise_name("Bolivia（Plurinational State of）") == "BOL"
    assert normalise_name("Сhile") == "CHL"        # Cyrillic С
    assert normalise_name("Ecuadоr") == "ECU"      # Cyrillic о
    assert normalise_name("Pоссийская Федерация") == "RUS"  # Latin P in Cyrillic text


def test_language_restriction():
    index = default_name_index()
    assert index.is_known("Allemagne", "fr")
    assert not index.is_known("Allemagne", "en")


def test_column_keeps_order_length_and_repeats():
    names = ["Viet Nam", "越南", "Chile", "Viet Nam", None]
    frame = pl.DataFrame({"name": names, "n": range(5)})
    out = normalise_names(frame, "name", allow_unknown=True)
    assert out["n"].to_list() == [0, 1, 2, 3, 4]
    assert out["entity_id"].to_list() == ["VNM", "VNM", "CHL", "VNM", None]
    assert out["iso3"].to_list() == ["VNM", "VNM", "CHL", "VNM", None]


def test_unknown_names_are_all_reported_with_three_suggestions_at_most():
    frame = pl.DataFrame({"name": ["Chile", "Venezuella", "Atlantis", "Venezuella"]})
    with pytest.raises(UnknownNameError) as caught:
        normalise_names(frame, "name", where="list.txt")
    error = caught.value
    assert list(error.unknown) == ["Venezuella", "Atlantis"]
    assert error.unknown["Venezuella"][0] == "Venezuela (VEN)"
    assert all(len(s) <= 3 for s in error.unknown.values())
    assert str(error).startswith("list.txt: 2 unknown names: 'Venezuella' (did you mean: Venezuela")


def test_no_name_is_ambiguous_in_the_report_languages():
    # Ambiguous keys are dropped rather than guessed; none may be a UN short name.
    index = default_name_index()
    ambiguous = set(index.ambiguous()["key"])
    un_names = index.forms.filter(pl.col("source") == "un")
    assert not ambiguous & set(un_names["key"])


def test_curated_aliases_are_needed_and_point_somewhere():
    aliases = load_name_aliases()
    known_ids = {c.alpha_3 for c in pycountry.countries} | set(load_organizations()["org_id"])
    assert set(aliases["entity_id"]) <= known_ids
    # Without the alias table, none of its aliases would resolve: each one earns its place.
    index = default_name_index()
    without = build_name_index(index.forms.filter(pl.col("source") != "alias"))
    for alias, lang, entity_id in aliases.select("alias", "lang", "entity_id").iter_rows():
        # In lower case: "USA" as written is also a code (which resolves as such); the
        # alias is what makes "usa" and "U.S.A." resolve.
        assert not without.is_known(alias.lower(), lang), f"{alias} is already known"
        assert index.resolve(pl.Series([alias]), lang)["entity_id"].item() == entity_id


# Everyday spellings a researcher pastes in (issue 9): World Bank, CLDR, historic names
# and abbreviations, each with the State it means.
@pytest.mark.parametrize(("name", "entity_id"), [
    ("Russia", "RUS"), ("Burma", "MMR"), ("Swaziland", "SWZ"), ("Macedonia", "MKD"),
    ("Ivory Coast", "CIV"), ("East Timor", "TLS"), ("UK", "GBR"), ("USA", "USA"),
    ("U.S.", "USA"), ("UAE", "ARE"), ("DRC", "COD"), ("DPRK", "PRK"), ("ROK", "KOR"),
    ("Vatican", "VAT"), ("Zaire", "COD"), ("Czech Republic", "CZE"), ("Turkey", "TUR"),
    ("Holland", "NLD"), ("Korea, Rep.", "KOR"), ("Egypt, Arab Rep.", "EGY"),
    ("Congo, Dem. Rep.", "COD"), ("Iran, Islamic Rep.", "IRN"), ("Venezuela, RB", "VEN"),
    ("Lao PDR", "LAO"), ("Micronesia, Fed. Sts.", "FSM"), ("Bahamas, The", "BHS"),
    ("St. Lucia", "LCA"), ("West Bank and Gaza", "PSE"), ("Yemen, Rep.", "YEM"),
    ("Gambia, The", "GMB"), ("Congo - Brazzaville", "COG"), ("Congo - Kinshasa", "COD"),
    ("Congo (DRC)", "COD"), ("South Korea", "KOR"), ("North Korea", "PRK"),
    # CLDR short and variant forms in the other languages (not shipped by Babel)
    ("Costa de Marfil", "CIV"), ("刚果民主共和国", "COD"), ("Конго (ДРК)", "COD"),
    ("EE. UU.", "USA"), ("République tchèque", "CZE"), ("سوازيلاند", "SWZ"),
])
def test_everyday_spellings(name, entity_id):
    assert normalise_name(name) == entity_id


@pytest.mark.parametrize(("name", "entity_id"), [
    ("玻利维亚 (多民族国)", "BOL"),             # half-width brackets and a space
    ("委内瑞拉（玻利瓦尔共和国）", "VEN"),       # full-width brackets, no UN source form
    ("Trinidad & Tobago", "TTO"),
    ("Saint Kitts and Nevis", "KNA"), ("St Kitts & Nevis", "KNA"),
    ("Guinea Bissau", "GNB"), ("Guinea–Bissau", "GNB"),
    ("\u200fالعراق", "IRQ"),                     # right-to-left mark copied from Arabic
    ("Viet\u00a0Nam", "VNM"), ("Viet\u200bNam", "VNM"), ("ＣＨＩＬＥ", "CHL"),
    ("الإمارات العربية المتحدة", "ARE"), ("الامارات العربية المتحدة", "ARE"),  # hamza
    ("المملكة العربية السعودية", "SAU"), ("المملكه العربيه السعوديه", "SAU"),  # taa marbuta
    ("الجمهوريّة العربيّة السوريّة", "SYR"), ("مـصـر", "EGY"),  # shadda, tatweel
    ("International Criminal Police Organization (INTERPOL)", "INTERPOL"),
    ("European Union Agency for Criminal Justice Cooperation (Eurojust)", "EUROJUST"),
    ("Organization for Security and Cooperation in Europe", "OSCE"),
    ("Organisation for Security and Co-operation in Europe", "OSCE"),
])
def test_typographic_and_spelling_variants(name, entity_id):
    assert normalise_name(name) == entity_id


def test_congo_alone_is_the_republic_and_guinea_never_its_neighbours():
    index = default_name_index()
    ids = index.resolve(pl.Series(["Congo", "Guinea", "Guinée", "Guinea (Conakry)",
                                   "Congo (Kinshasa)"]))["entity_id"].to_list()
    assert ids == ["COG", "GIN", "GIN", None, "COD"]
    guinea_keys = index.forms.filter(pl.col("entity_id").is_in(["GNQ", "GNB"]))["key"]
    assert not set(guinea_keys) & {"guinea", "guinee", "гвинея", "几内亚", "غينيا"}


def test_an_ambiguous_name_is_an_error_listing_the_candidates():
    with pytest.raises(UnknownNameError, match=r"'Korea' \(ambiguous: Republic of Korea "
                       r"\(KOR\), Democratic People's Republic of Korea \(PRK\)\)"):
        normalise_name("Korea")


def test_no_key_of_an_alias_or_of_the_lexicon_points_to_two_entities():
    index = default_name_index()
    aliases = index.forms.filter(pl.col("source") == "alias")
    assert aliases.group_by("key").agg(pl.col("entity_id").n_unique()).filter(
        pl.col("entity_id") > 1).height == 0
    lexicons = index.lexicons
    assert lexicons.group_by("scope", "key").len().filter(pl.col("len") > 1).height == 0


def test_a_form_that_is_another_countrys_iso_code_is_not_kept():
    # Spanish CLDR's short form of the United Kingdom is "RU", Russia's alpha-2 code.
    index = default_name_index()
    # Written as it is, "RU" is the code itself, so it means Russia, never the UK.
    assert index.resolve(pl.Series(["RU", "Reino Unido"]))["entity_id"].to_list() == [
        "RUS", "GBR"]


def test_hong_kong_is_never_china():
    assert default_name_index().resolve(pl.Series(["Hong Kong SAR, China"]))[
        "entity_id"].item() != "CHN"


def test_null_and_empty_stay_null_and_are_not_unknown():
    frame = pl.DataFrame({"name": ["Chile", None, "", "  ", "Peru"]})
    out = normalise_names(frame, "name")
    assert out["entity_id"].to_list() == ["CHL", None, None, None, "PER"]


@pytest.mark.parametrize(("name", "expected", "not_expected"), [
    ("Kosova", "Latin", "Конго"),
    ("Holand", "Holland (NLD)", "Россия"),
    ("Rusia", "Russia (RUS)", "Russie"),
    ("Аргентинa", "Cyrillic", "Argentina"),
])
def test_suggestions_come_in_the_script_of_the_name(name, expected, not_expected):
    suggestions = default_name_index().suggestions(name)
    assert suggestions
    assert not any(not_expected in s for s in suggestions)
    if expected == "Latin":
        assert all(s.isascii() or not any("\u0400" <= c <= "\u04ff" for c in s)
                   for s in suggestions)
    elif expected == "Cyrillic":
        assert all(any("\u0400" <= c <= "\u04ff" for c in s) for s in suggestions)
    else:
        assert suggestions[0] == expected


def _typographic_variants(frame: pl.DataFrame) -> pl.DataFrame:
    """The same names upper-cased, with full-width brackets, NBSP and a leading RLM."""
    return pl.concat([
        frame,
        frame.with_columns(pl.col("name").str.to_uppercase()),
        frame.with_columns(pl.col("name").str.replace_all(r"\(", "（").str.replace_all(r"\)", "）")
                           .str.replace_all(" ", "\u00a0")),
        frame.with_columns(name=pl.lit("\u200f") + pl.col("name")),
    ])


def test_every_un_name_in_six_languages_maps_with_typographic_variants():
    names = load_country_names()
    frame = pl.concat([names.select("iso3", name="short_name"),
                       names.select("iso3", name="formal_name").drop_nulls()])
    frame = _typographic_variants(frame)
    out = normalise_names(frame, "name", allow_unknown=True, into={"iso3": "found_iso3"})
    wrong = out.filter(pl.col("entity_id").is_null() | (pl.col("entity_id") != pl.col("iso3")))
    assert wrong.height == 0, wrong.head(10)


def test_at_least_99_percent_of_cldr_names_map_and_none_wrongly():
    from babel import Locale

    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    rows = [(name, iso3[code]) for locale in ("ar", "en", "es", "fr", "ru", "zh_Hans")
            for code, name in Locale.parse(locale).territories.items() if code in iso3]
    frame = _typographic_variants(pl.DataFrame(rows, schema=["name", "iso3"], orient="row"))
    out = normalise_names(frame, "name", allow_unknown=True, into={"iso3": "found_iso3"})
    assert out.filter(pl.col("entity_id") != pl.col("iso3")).height == 0
    assert out["entity_id"].is_not_null().mean() >= 0.99


def test_world_bank_names_of_every_member_state_palestine_and_territory_map():
    wb = load_world_bank_names()
    states = wb.join(load_member_states(), on="iso3", how="semi")
    assert states.height == 194 and "PSE" in states["iso3"].to_list()
    assert wb.height == 215  # and 21 territories with an ISO code (Hong Kong, Aruba ...)
    out = normalise_names(wb, "name", into={"iso3": "found_iso3"})
    assert (out["entity_id"] == out["iso3"]).all()
    names = dict(wb.select("iso3", "name").iter_rows())
    assert (names["HKG"], names["MAC"]) == ("Hong Kong SAR, China", "Macao SAR, China")
    assert "XKX" not in names  # Kosovo: the World Bank's own code, no ISO 3166-1 code


def test_forms_and_lexicons_are_cached_on_disk_and_read_back_without_rebuilding(tmp_path):
    stem = tmp_path / "cache" / "names-test"
    first = NameIndex(lambda: default_name_index().forms, stem)
    assert first.resolve(pl.Series(["Korea, Rep."]))["entity_id"].item() == "KOR"
    assert first.find_in_text("西班牙的代表", "zh")[0][2] == "ESP"
    assert sorted(p.name for p in stem.parent.iterdir()) == [
        "names-test.forms.arrow", "names-test.lexicons.arrow"]
    second = NameIndex(lambda: pytest.fail("the forms were rebuilt"), stem)
    assert second.resolve(pl.Series(["Korea, Rep.", "Lao PDR"]))["entity_id"].to_list() == [
        "KOR", "LAO"]
    assert second.find_in_text("西班牙的代表", "zh")[0][2] == "ESP"


# Names as analysts write them (issue 17, item 5): news and spreadsheet short forms,
# World Bank forms of territories, UN forms with other spacing or article use.
@pytest.mark.parametrize(("name", "entity_id"), [
    ("Great Britain", "GBR"), ("Britain", "GBR"), ("DR Congo", "COD"),
    ("Republic of Congo", "COG"), ("Democratic Republic of Congo", "COD"),
    ("Congo, Republic of", "COG"), ("Sao Tome", "STP"), ("São Tomé", "STP"),
    ("Trinidad", "TTO"), ("Antigua", "ATG"), ("Bosnia-Herzegovina", "BIH"),
    ("Bosnia Herzegovina", "BIH"), ("Hong Kong SAR, China", "HKG"),
    ("Macao SAR, China", "MAC"), ("Hong Kong, China", "HKG"), ("Macao, China", "MAC"),
    ("Virgin Islands (U.S.)", "VIR"), ("St. Martin (French part)", "MAF"),
    ("Saint Vincent and Grenadines", "VCT"),
    ("بوليفيا (دولة-متعددة القوميات)", "BOL"),    # UN: بوليفيا (دولة - المتعددة القوميات)
    ("إيران (جمهورية - إسلامية)", "IRN"),         # UN: إيران (جمهورية - الإسلامية)
    ("إيران(جمهورية-الإسلامية)", "IRN"),
    ("جزائر", "DZA"),                            # UN: الجزائر
    ("Гвинея - Бисау", "GNB"), ("Guinea - Bissau", "GNB"),
])
def test_forms_analysts_write(name, entity_id):
    assert normalise_name(name) == entity_id


def test_short_forms_never_take_a_neighbour():
    index = default_name_index()
    names = ["Guinea", "Equatorial Guinea", "Guinea-Bissau", "Niger", "Nigeria", "Dominica",
             "Dominican Republic", "Sudan", "South Sudan", "Congo", "DR Congo",
             "Republic of Congo", "Korea", "China", "Hong Kong SAR, China",
             "غينيا", "غينيا الاستوائية", "النيجر", "نيجيريا", "دومينيكا",
             "الجمهورية الدومينيكية", "السودان", "جنوب السودان", "Нигер", "Судан"]
    assert index.resolve(pl.Series(names))["entity_id"].to_list() == [
        "GIN", "GNQ", "GNB", "NER", "NGA", "DMA", "DOM", "SDN", "SSD", "COG", "COD",
        "COG", None, "CHN", "HKG",
        "GIN", "GNQ", "NER", "NGA", "DMA", "DOM", "SDN", "SSD", "NER", "SDN"]
    # No form of a neighbour folds onto the short name: nothing is left to precedence.
    keys = index.forms.group_by("key").agg(pl.col("entity_id").unique())
    for short in ("Guinea", "Niger", "Dominica", "Sudan", "غينيا", "النيجر", "السودان"):
        key = pl.select(name_key(pl.lit(short))).item()
        assert keys.filter(pl.col("key") == key)["entity_id"].item().len() == 1, short


def test_no_key_of_the_whole_lexicon_maps_to_two_ids_silently():
    # A key that forms of two entities share is either ambiguous (an error naming both)
    # or one of these reviewed decisions, where a UN short name outranks a derived form.
    index = default_name_index()
    shared = (index.forms.group_by("key")
              .agg(ids=pl.col("entity_id").unique().sort(),
                   best=pl.col("entity_id").filter(
                       pl.col("precedence") == pl.col("precedence").min()).unique().sort())
              .filter(pl.col("ids").list.len() > 1))
    ambiguous = set(index.ambiguous()["key"])
    decided = {key: best for key, best in
               shared.filter(~pl.col("key").is_in(sorted(ambiguous)))
               .select("key", "best").iter_rows()}
    reviewed = {"Congo": "COG", "Конго": "COG", "Saint Martin": "MAF"}
    assert decided == {pl.select(name_key(pl.lit(form))).item(): [entity_id]
                       for form, entity_id in reviewed.items()}
    assert {"korea", pl.select(name_key(pl.lit("Virgin Islands"))).item()} <= ambiguous
    assert index.lexicons.group_by("scope", "key").len()["len"].max() == 1


def _spacing_and_article_variants(frame: pl.DataFrame) -> pl.DataFrame:
    """UN names with other hyphen and bracket spacing, and without "the" or "ال"."""
    name = pl.col("name")
    return pl.concat([
        frame.with_columns(name.str.replace_all(r"\s*[-—]\s*", "-")),
        frame.with_columns(name.str.replace_all(r"\s*[-—]\s*", " - ")),
        frame.with_columns(name.str.replace_all(r"\s*([(（])\s*", "$1")
                           .str.replace_all(r"\s*([)）])", "$1")),
        frame.with_columns(name.str.replace_all(r"([(（])", " $1 ")
                           .str.replace_all(r"([)）])", " $1 ")),
        frame.with_columns(name.str.replace_all(r" the ", " ")),
        frame.with_columns(name.str.replace_all(r"(^|[\s(-])ال", "$1")),
    ]).unique()


def test_un_names_with_other_spacing_or_article_use_map_in_every_script():
    names = load_country_names()
    frame = pl.concat([names.select("iso3", "lang", name="short_name"),
                       names.select("iso3", "lang", name="formal_name").drop_nulls()])
    variants = _spacing_and_article_variants(frame)
    changed = variants.join(frame, on=["iso3", "lang", "name"], how="anti")
    counts = dict(changed.group_by("lang").len().iter_rows())
    assert counts["ar"] > 100, counts
    assert min(counts[lang] for lang in ("en", "fr", "es", "ru")) > 10, counts
    # No Chinese UN short name has brackets now that 刚果 (COG) is the M49 form without
    # （布）; that form, spaced otherwise, still resolves (CLDR's Chinese name of CG).
    spaced = normalise_names(pl.DataFrame({"name": ["刚果 （ 布 ）", "刚果(布)"]}), "name")
    assert spaced["entity_id"].to_list() == ["COG", "COG"]
    out = normalise_names(changed, "name", allow_unknown=True, into={"iso3": "found_iso3"})
    wrong = out.filter(pl.col("entity_id").is_null() | (pl.col("entity_id") != pl.col("iso3")))
    assert wrong.height == 0, wrong.head(10)


def test_the_articles_fold_only_as_articles():
    keys = pl.select(name_key(pl.Series(["Republic of the Congo", "Theodore", "Netherlands",
                                         "الجزائر", "ال", "ألمانيا"]))).to_series().to_list()
    assert keys == ["rep of congo", "theodore", "netherlands", "جزاير", "ال", "مانيا"]


def test_a_changed_alias_table_changes_the_name_cache_digest(tmp_path, monkeypatch):
    from analysis import names, paths

    before = names._fingerprint()
    aliases = tmp_path / "name_aliases.csv"
    aliases.write_text(paths.NAME_ALIASES.read_text(encoding="utf-8")
                       + "Trinidad & Tobago Republic,en,TTO,a test row\n", encoding="utf-8")
    monkeypatch.setattr(paths, "NAME_ALIASES", aliases)
    assert names._fingerprint() != before


# Issue 24: abbreviations folded in the key, sourced aliases, former names, other scripts.
@pytest.mark.parametrize(("name", "entity_id"), [
    ("Czech Rep.", "CZE"), ("Central African Rep.", "CAF"), ("Dem. Rep. Congo", "COD"),
    ("Rep. Dominicana", "DOM"), ("Rép. centrafricaine", "CAF"), ("Solomon Is.", "SLB"),
    ("Marshall Is.", "MHL"), ("St. Lucia", "LCA"), ("Korea DPR", "PRK"),
    ("Republic of Ireland", "IRL"), ("FYROM", "MKD"), ("PRC", "CHN"), ("BiH", "BIH"),
    ("EEUU", "USA"), ("Ceylon", "LKA"), ("Siam", "THA"), ("Persia", "IRN"),
    ("Byelorussia", "BLR"), ("Kazakstan", "KAZ"), ("الإمارات", "ARE"), ("Белоруссия", "BLR"),
    ("南韩", "KOR"), ("北韩", "PRK"), ("南韓", "KOR"), ("美國", "USA"), ("俄國", "RUS"),
    ("俄国", "RUS"), ("俄羅斯", "RUS"),
])
def test_abbreviations_former_names_and_other_scripts(name, entity_id):
    assert normalise_name(name) == entity_id


def test_abbreviations_and_former_states_never_suggest_another_state():
    index = default_name_index()
    for name in ("PRC", "USSR", "U.S.S.R.", "RPC", "DRK"):
        assert index.suggestions(name) == [], name
    # A former State with no single successor never resolves: the message says what it was.
    error = index.unknown_error(["USSR", "Czechoslovakia", "Soviet Union"])
    assert "the Russian Federation (RUS) continued its UN membership" in error.notes["USSR"]
    assert "Czechia (CZE) and Slovakia (SVK)" in error.notes["Czechoslovakia"]
    assert "USA" not in str(error) and error.unknown["USSR"] == []
    assert index.resolve(pl.Series(["USSR", "Yugoslavia"]))["entity_id"].to_list() == [None,
                                                                                        None]


def test_every_unknown_name_is_named_however_many():
    names = [f"Atlantis {i}" for i in range(120)]
    error = default_name_index().unknown_error(names)
    assert str(error).startswith("120 unknown names: 'Atlantis 0'")
    assert all(f"'{name}'" in str(error) for name in names)


@pytest.mark.parametrize("value", [None, 276])
def test_normalise_name_refuses_what_is_not_text_in_one_sentence(value):
    """A None or a number is no name: one error naming it, not a polars join error."""
    from analysis.errors import BadArgumentError
    from analysis.names import normalise_name

    with pytest.raises(BadArgumentError, match=f"^name {value!r}: not text"):
        normalise_name(value)
