"""One meaning per colour across the figures, and the words a UN document would use."""

import json
import re

import polars as pl
import pytest

from analysis.figures import figure_specs, figure_tables
from analysis.report import find_meeting_days, read_report
from analysis.study import build_study
from analysis.vocabulary import PALETTE, collation_key, label_languages, load_labels
from tests.conftest import REPORT_EN, REPORT_ZH, ROOT, spec_nodes

LATER = ROOT / "tests" / "fixtures" / "wg-firearms-2022-test-meeting.en.txt"

STATUS_CATEGORIES = ("protocol_party", "protocol_signatory", "convention_only", "neither",
                     "unknown")


@pytest.fixture(scope="module")
def tables(shipped_tables):
    return shipped_tables


@pytest.fixture(scope="module")
def specs(shipped_specs):
    return shipped_specs


def legend_colours(spec: dict) -> list[tuple[str, str]]:
    """Every (legend text, colour) a spec's colour and fill scales give, in any layer."""
    found = []
    for node in spec_nodes(spec):
        for channel in ("color", "fill"):
            scale = (node.get("encoding", {}).get(channel) or {}).get("scale") or {}
            if isinstance(scale.get("range"), list) and "domain" in scale:
                found.extend(zip(scale["domain"], scale["range"], strict=True))
    return found


def _plain(text: str) -> str:
    return text.replace("\u2067", "").replace("\u2069", "")


def _pattern(template: str) -> re.Pattern:
    """A label text with its ``{placeholders}`` matching anything."""
    parts = re.split(r"\{[^}]*\}", _plain(template))
    return re.compile(".+".join(re.escape(part) for part in parts) + r"\Z", re.DOTALL)


@pytest.fixture(scope="module")
def series_specs():
    # Two meetings (the second a test fixture), so the series figures are drawn too.
    tables = figure_tables(build_study([LATER, REPORT_ZH]))
    return {lang: dict(figure_specs(tables, load_labels(lang))) for lang in ("en", "ar")}


@pytest.mark.parametrize("lang", label_languages())
def test_a_colour_means_one_category_in_every_figure(specs, lang):
    _check_one_meaning_per_colour(specs[lang], lang)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_series_figures_keep_the_same_colours(series_specs, lang):
    assert len(series_specs[lang]) == 10
    _check_one_meaning_per_colour(series_specs[lang], lang)


def _check_one_meaning_per_colour(specs: dict[str, dict], lang: str) -> None:
    labels = load_labels(lang)
    by_colour = {swatch.colour: code for code, swatch in PALETTE.items()}
    assert len(by_colour) == len(PALETTE)  # no two categories share a colour
    seen: dict[str, tuple[str, str]] = {}
    for name, spec in specs.items():
        pairs = legend_colours(spec)
        assert pairs, name
        for text, colour in pairs:
            text = _plain(text)
            # A legend text keeps its colour from one figure to the next ...
            assert seen.setdefault(text, (colour, name))[0] == colour, (text, name, seen[text])
            # ... and the colour is a category's, named by one of that category's labels.
            assert colour in by_colour, (name, text, colour)
            swatch = PALETTE[by_colour[colour]]
            keys = (swatch.label, *swatch.series)
            assert any(_pattern(labels.texts[k]).match(text) for k in keys), (
                name, text, by_colour[colour])


def test_every_figure_that_splits_not_a_party_splits_it_the_same_way(specs):
    en = load_labels("en")
    drawn = {name: dict(legend_colours(spec)) for name, spec in specs["en"].items()}
    convention_only = en("adherence.convention_only")
    for name in ("regional_participation", "ratification_gap_by_group", "status_map",
                 "engagement_matrix"):
        assert drawn[name][convention_only] == PALETTE["convention_only"].colour, name
    # Vermillion is "neither instrument" wherever it is drawn: on the participation
    # figure only the one attending State party to neither (the Islamic Republic of Iran).
    for name in ("regional_participation", "ratification_gap_by_group", "status_map"):
        assert drawn[name][en("adherence.neither")] == PALETTE["neither"].colour, name
    # The old unsplit category ("neither party nor signatory") is drawn nowhere.
    assert "neither party nor signatory" not in json.dumps(specs["en"])


def test_the_engagement_highlight_is_a_neutral_emphasis_not_a_status_colour(specs):
    matrix = specs["en"]["engagement_matrix"]["vconcat"][0]
    status_colours = {PALETTE[c].colour for c in STATUS_CATEGORIES}
    used = {colour for _, colour in legend_colours(matrix)}
    used |= {layer["mark"].get(key) for layer in matrix["layer"] for key in ("fill", "color")
             if isinstance(layer.get("mark"), dict)}
    assert used and not used & status_colours
    assert PALETTE["attended"].colour in used


def test_participation_table_splits_the_non_parties_by_the_convention(tables):
    by = dict(tables.regional.group_by("standing").agg(pl.col("states").sum()).iter_rows())
    assert by == {"protocol_party": 53, "protocol_signatory": 6, "convention_only": 18,
                  "neither": 1, "convention_unknown": 0, "absent": 115}
    iran = tables.adherence.filter(pl.col("iso3") == "IRN")["adherence"].item()
    assert iran == "neither"
    # Split, the 19 States the report lists as neither party nor signatory add up.
    non_party = tables.regional.filter(pl.col("attended_as") == "non_party")
    assert non_party["states"].sum() == 19
    map_standing = dict(tables.adherence.filter(pl.col("iso3").is_in(["USA", "SOM", "AUS"]))
                        .select("iso3", "adherence").iter_rows())
    assert map_standing == {"USA": "convention_only", "SOM": "neither",
                            "AUS": "protocol_signatory"}


def test_only_primary_published_totals_are_timeline_dots(tables, specs):
    assert set(tables.anchors["publisher"]) == {"UNIS/CP/517", "UNODC", "UNTC"}
    text = json.dumps(specs["en"]["accession_timeline"], ensure_ascii=False)
    assert "Wikipedia" not in text
    assert "UN Treaty Collection" in text


@pytest.mark.parametrize(("lang", "unodc", "meeting"), [
    ("en", "UNODC", "16–17 July 2020"),
    ("fr", "ONUDC", "16 et 17 juillet 2020"),
    ("es", "UNODC", "16 y 17 de julio de 2020"),
    ("ru", "УНП ООН", "16 и 17 июля 2020 года"),
    ("zh", "联合国毒品和犯罪问题办公室", "2020年7月16日至17日"),
    ("ar", "مكتب الأمم المتحدة المعني بالمخدرات والجريمة", "16 و17 تموز/يوليه 2020"),
])
def test_sources_name_their_publishers_and_titles_name_both_meeting_days(
        specs, lang, unodc, meeting):
    for name, spec in specs[lang].items():
        # The source line closes the subtitle (wrapped to the figure's width).
        source = _plain(" ".join(spec["title"]["subtitle"]))
        assert unodc in source, name
        for word in ("package", "paquet", "paquete", "пакет", "软件包", "الحزمة"):
            assert word not in source, (name, word)
    for name in ("regional_participation", "voice_by_group"):
        assert meeting in _plain(specs[lang][name]["title"]["text"]), name


def test_the_meeting_days_are_read_from_the_report_in_any_language():
    for path in (REPORT_ZH, REPORT_EN):
        first, last = find_meeting_days(read_report(path))
        assert (first.isoformat(), last.isoformat()) == ("2020-07-16", "2020-07-17")


def test_voice_subtitle_adds_up_from_the_bars_and_zeros_are_labelled(specs):
    spec = specs["en"]["voice_by_group"]
    rows = [row for layer in spec["layer"] for row in spec["datasets"].get(
        layer.get("data", {}).get("name", ""), [])] if "datasets" in spec else [
        row for row in spec["data"]["values"]]
    bars = {}
    for row in rows:
        bars.setdefault(row["measure"], 0)
        bars[row["measure"]] += row["states"]
    assert bars == {"attended": 78, "made_statement": 10, "led_panel": 5}
    # 10 statements and 5 panels by 13 States: 2 did both.
    assert spec["title"]["subtitle"][0].startswith(
        "13 of the 78 Member States that attended took the floor: 10 made a statement "
        "and 5 spoke in a panel (2 did both).")
    # The others are only not recorded as speaking: nothing is said of what they did.
    assert spec["title"]["subtitle"][1] == (
        "The other 65 are not recorded in the report as having taken the floor.")
    # Every bar carries its count, so a group where nobody spoke in a panel shows a 0.
    counts = spec["layer"][1]
    assert counts["mark"]["type"] == "text"
    eastern = [row["states"] for row in rows if row["regional_group"] == "Eastern European"]
    assert sorted(eastern) == [0, 0, 12]


def test_chinese_writes_no_space_between_a_number_and_its_counter_or_date_word():
    texts = load_labels("zh").texts
    # A count's label holds one text per plural form (Chinese: "other" only).
    flat = {f"{key}.{form}": text for key, forms in texts.items()
            for form, text in (forms.items() if isinstance(forms, dict) else [("", forms)])}
    crowded = {key: text for key, text in flat.items()
               if re.search(r"(\d|\})\s+[年月日个]|[年月日个]\s+(\d|\{)", text)}
    assert not crowded


def test_english_group_names_are_the_un_forms():
    en = load_labels("en")
    assert [en.group(g) for g in ("African", "Asia-Pacific", "Eastern European", "GRULAC",
                                  "WEOG")] == [
        "African States", "Asia-Pacific States", "Eastern European States",
        "Latin American and Caribbean States", "Western European and other States"]


@pytest.mark.parametrize(("lang", "names", "ordered"), [
    ("fr", ["Zimbabwe", "Égypte", "Émirats arabes unis", "Allemagne"],
     ["Allemagne", "Égypte", "Émirats arabes unis", "Zimbabwe"]),
    ("es", ["Nigeria", "Omán", "Níger", "Nauru"], ["Nauru", "Níger", "Nigeria", "Omán"]),
    # Й is a letter of its own, after И.
    ("ru", ["Йемен", "Исландия", "Ирландия", "Египет"],
     ["Египет", "Ирландия", "Исландия", "Йемен"]),
    # UN Arabic lists do not count the article: الأردن files under ر, after إثيوبيا.
    ("ar", ["الأردن", "أذربيجان", "إثيوبيا", "الاتحاد الروسي"],
     ["الاتحاد الروسي", "إثيوبيا", "أذربيجان", "الأردن"]),
])
def test_state_names_sort_as_un_documents_list_them(lang, names, ordered):
    frame = pl.DataFrame({"name": names})
    assert frame.sort(collation_key(pl.col("name"), lang))["name"].to_list() == ordered


def test_chinese_roster_lists_states_in_the_order_of_their_english_names(specs):
    # As the report's own lists do (paragraph 40: 澳大利亚、加拿大、中国、德国、日本 …).
    roster = specs["zh"]["engagement_matrix"]["vconcat"][1]
    rows = [row for layer in roster["layer"] for row in layer["data"]["values"]
            if "display_name" in row and row["regional_group"] == "WEOG"]
    by_column = {}
    for row in sorted(rows, key=lambda r: r["y"]):
        by_column.setdefault(row["x"], {})[row["display_name"]] = None
    assert [list(names) for names in by_column.values()] == [["澳大利亚", "加拿大", "联合王国"],
                                        ["爱尔兰", "马耳他", "新西兰", "美利坚合众国"]]
