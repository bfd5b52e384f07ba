import polars as pl
import pytest

from analysis.attendance import parse_attendance
from analysis.errors import (
    CountMismatchError,
    DuplicateEntryError,
    MissingSectionError,
    ReportProblemsError,
    UnknownNameError,
)
from analysis.report import read_report, report_from_text
from tests.conftest import REPORT_EN, REPORT_ZH

# Written by hand from paragraphs 39-43 of the report, in the report's order.
EXPECTED = {
    "party": (39, 54, "ALB AGO ARG ARM AUT AZE BEL BRA CHL CRI CIV HRV CUB CYP CZE DOM ECU SLV "
                      "EST EUU FRA GRC GTM HND IND IRQ ITA KWT LVA LBN LBY MWI MEX MAR NGA NOR "
                      "OMN PRY PER POL PRT SAU SVK SVN ZAF ESP SDN SWE CHE TUN TUR UKR URY VEN"),
    "signatory": (40, 6, "AUS CAN CHN DEU JPN GBR"),
    "non_party": (41, 19, "BOL COL EGY IDN IRN IRL JOR KGZ MYS MLT MMR NAM NPL NZL PHL RUS ARE "
                          "USA VNM"),
    "igo": (42, None, "EUROJUST GCC INTERPOL LAS OSCE OAS RACVIAC SEESAC WASSENAAR"),
    "un_entity": (43, None, "UNCCT CTED"),
}


@pytest.fixture(scope="module", params=[REPORT_ZH, REPORT_EN], ids=["zh", "en"])
def attendance(request):
    return parse_attendance(read_report(request.param))


@pytest.mark.parametrize("category", list(EXPECTED))
def test_each_paragraph_gives_the_ids_in_report_order(attendance, category):
    paragraph, count, ids = EXPECTED[category]
    rows = attendance.filter(pl.col("attended_as") == category)
    assert rows["entity_id"].to_list() == ids.split()
    assert set(rows["paragraph"]) == {paragraph}
    assert rows["position"].to_list() == list(range(1, len(ids.split()) + 1))
    assert rows["stated_count"].unique().to_list() == [count]


def test_counts_and_kinds(attendance):
    assert attendance.height == 90
    kinds = dict(attendance.group_by("entity_kind").len().iter_rows())
    assert kinds == {"state": 78, "regional_organization": 1, "igo": 9, "un_entity": 2}
    eu = attendance.filter(pl.col("entity_id") == "EUU")
    assert eu["attended_as"].item() == "party" and eu["iso3"].item() is None
    states = attendance.filter(pl.col("entity_kind") == "state")
    assert (states["iso3"] == states["entity_id"]).all()


def test_conjunction_inside_names_is_not_a_separator():
    table = parse_attendance(read_report(REPORT_ZH))
    names = table["raw_name"].to_list()
    assert "委内瑞拉玻利瓦尔共和国" in names
    assert "东南欧和东欧管制小武器和轻武器信息中心" in names
    assert "区域军备控制核查和实施协助中心—安全合作中心" in names


def _zh_with(paragraph_39: str) -> str:
    text = REPORT_ZH.read_text(encoding="utf-8")
    start = text.index("39. ")
    end = text.index("40. ")
    return text[:start] + paragraph_39 + "\n\n" + text[end:]


def test_stated_count_that_differs_names_paragraph_and_both_numbers():
    text = REPORT_ZH.read_text(encoding="utf-8").replace("阿尔巴尼亚、安哥拉、", "安哥拉、")
    with pytest.raises(CountMismatchError, match=r"paragraph 39 \(party\) states 54 .* lists 53"):
        parse_attendance(report_from_text(text, source="edited.txt"))


def test_every_unknown_name_is_listed_with_suggestions():
    text = REPORT_ZH.read_text(encoding="utf-8").replace("阿尔巴尼亚、", "阿尔巴尼雅、").replace(
        "、南非、", "、南菲、")
    with pytest.raises(UnknownNameError) as caught:
        parse_attendance(report_from_text(text, source="typos.txt"))
    assert set(caught.value.unknown) == {"阿尔巴尼雅", "南菲"}
    assert any("ALB" in s for s in caught.value.unknown["阿尔巴尼雅"])
    assert "typos.txt" in str(caught.value) and "2 unknown names" in str(caught.value)


def test_report_without_attendance_section():
    text = "1. 工作组在维也纳举行了会议。\n2. 讨论了枪支问题。\n"
    with pytest.raises(MissingSectionError, match="attendance section"):
        parse_attendance(report_from_text(text, source="no-attendance.txt"))


@pytest.mark.parametrize(("text", "ids"), [
    ("39. Les 3 parties au Protocole suivantes étaient représentées: Albanie, "
     "Trinité-et-Tobago et Venezuela (République bolivarienne du).", ["ALB", "TTO", "VEN"]),
    ("39. Estuvieron representadas las siguientes 3 partes en el Protocolo: Albania, "
     "Bosnia y Herzegovina y Trinidad y Tabago.", ["ALB", "BIH", "TTO"]),
    ("39. На совещании были представлены следующие 3 участника Протокола: Албания, "
     "Босния и Герцеговина и Тринидад и Тобаго.", ["ALB", "BIH", "TTO"]),
    ("39- وكانت الدول الأطراف التالية، وعددها 3، مُمثَّلة في الاجتماع: ألبانيا، "
     "البوسنة والهرسك وترينيداد وتوباغو.", ["ALB", "BIH", "TTO"]),
    ("39. The following three parties were represented: Albania, Bosnia and Herzegovina, "
     "and Trinidad and Tobago.", ["ALB", "BIH", "TTO"]),
], ids=["fr", "es", "ru", "ar", "en-serial-comma"])
def test_lists_in_other_languages(text, ids):
    table = parse_attendance(report_from_text(text))
    assert table["entity_id"].to_list() == ids
    assert table["attended_as"].unique().to_list() == ["party"]
    assert table["stated_count"].unique().to_list() == [3]


def test_names_in_english_and_in_the_report_language():
    french = parse_attendance(report_from_text(
        "39. Les 3 parties au Protocole suivantes étaient représentées: Albanie, "
        "Trinité-et-Tobago et Venezuela (République bolivarienne du)."))
    assert french.columns[-2:] == ["name_en", "name_local"]
    assert french.select("name_en", "name_local").rows() == [
        ("Albania", "Albanie"), ("Trinidad and Tobago", "Trinité-et-Tobago"),
        ("Venezuela (Bolivarian Republic of)", "Venezuela (République bolivarienne du)")]
    # A territory the UN tables do not name keeps its ISO name and the report's own form.
    chinese = parse_attendance(report_from_text(
        "39. 下列 2 个缔约方出席了会议：阿尔巴尼亚和香港。"))
    assert chinese.select("entity_id", "name_en", "name_local").rows() == [
        ("ALB", "Albania", "阿尔巴尼亚"), ("HKG", "Hong Kong", "香港")]


def test_arabic_statement_paragraph_is_not_an_attendance_list():
    text = ("29- وأدلى ممثلو الدول الأطراف التالية في البروتوكول ببيانات عامة: "
            "الأرجنتين وغواتيمالا.\n"
            "39- ومُثِّلت في الاجتماع الدول الأطراف الـ 3 التالية: ألبانيا، وشيلي، وبيرو.\n")
    table = parse_attendance(report_from_text(text, source="ar.txt"))
    assert table["entity_id"].to_list() == ["ALB", "CHL", "PER"]
    assert table["paragraph"].unique().to_list() == [39]


@pytest.mark.parametrize(("lead_in", "listed", "message"), [
    ("39. 下列5个缔约方出席了会议：", "智利和秘鲁。", r"states 5 participants but lists 2"),
    ("39. 下列十二个缔约方出席了会议：", "智利和秘鲁。", r"states 12 participants but lists 2"),
    ("39. The following twenty-one parties were represented: ", "Chile and Peru.",
     r"states 21 participants but lists 2"),
])
def test_counts_in_any_notation_are_checked(lead_in, listed, message):
    with pytest.raises(CountMismatchError, match=message):
        parse_attendance(report_from_text(lead_in + listed))


def test_counts_written_as_compound_words_and_articles():
    text = "39. The following fifty-four parties were represented: Chile and Peru."
    with pytest.raises(CountMismatchError, match="states 54 participants"):
        parse_attendance(report_from_text(text))
    french = ("39. Les parties suivantes étaient représentées: Espagne et France.\n"
              "40. Les États suivants, qui ne sont ni parties ni signataires, étaient représentés "
              "par un observateur: Chili, Pérou et Colombie.")
    table = parse_attendance(report_from_text(french)).filter(pl.col("paragraph") == 40)
    assert table["stated_count"].to_list() == [None, None, None]
    assert table["entity_id"].to_list() == ["CHL", "PER", "COL"]


def test_a_state_listed_twice_is_an_error_naming_both_paragraphs():
    text = ("39. The following 2 parties were represented: Chile and Trinidad and Tobago.\n"
            "40. The following 2 States that are neither parties nor signatories were "
            "represented: Peru and Trinidad and Tobago.\n")
    with pytest.raises(DuplicateEntryError,
                       match=r"Trinidad and Tobago \(TTO\) in paragraphs 39, 40"):
        parse_attendance(report_from_text(text, source="twice.txt"))


def test_even_page_footer_inside_a_list_is_dropped():
    text = ("39. The following 3 parties were represented: Chile,\n\n10/11\tV.20-04143\n\n"
            "Peru and Spain.\n")
    assert parse_attendance(report_from_text(text))["entity_id"].to_list() == [
        "CHL", "PER", "ESP"]


def test_english_edition_parses_to_the_same_ids_as_the_chinese_one():
    zh = parse_attendance(read_report(REPORT_ZH))
    en = parse_attendance(read_report(REPORT_EN))
    assert en.select("paragraph", "attended_as", "entity_id").equals(
        zh.select("paragraph", "attended_as", "entity_id"))
    igo = en.filter(pl.col("paragraph") == 42)["raw_name"].to_list()
    assert "International Criminal Police Organization (INTERPOL)" in igo
    assert "Organization for Security and Cooperation in Europe" in igo


def test_unknown_name_is_reported_in_its_own_paragraph():
    text = REPORT_ZH.read_text(encoding="utf-8").replace("瓦森纳安排", "瓦森纳安排组织")
    with pytest.raises(UnknownNameError) as caught:
        parse_attendance(report_from_text(text, source="igo.txt"))
    message = str(caught.value)
    assert message.startswith("igo.txt: 1 unknown name: '瓦森纳安排组织' in paragraph 42")
    assert "39" not in message and "\n" not in message


def test_inserted_name_gives_the_count_mismatch_and_the_unknown_name_together():
    text = REPORT_ZH.read_text(encoding="utf-8").replace("阿尔巴尼亚、", "阿尔巴尼亚、亚特兰蒂斯、")
    with pytest.raises(ReportProblemsError) as caught:
        parse_attendance(report_from_text(text, source="inserted.txt"))
    message = str(caught.value)
    assert message.startswith("inserted.txt: 2 problems: paragraph 39 (party) states 54 "
                              "participants but lists 55; 1 unknown name: '亚特兰蒂斯' in "
                              "paragraph 39")
    assert "\n" not in message


def test_english_memo_without_attendance_paragraphs():
    memo = ("Memo to the secretariat: the figures for the working group will be ready on "
            "Friday. Please send comments to the focal point.\n")
    with pytest.raises(MissingSectionError, match=r"memo\.txt: no attendance section"):
        parse_attendance(report_from_text(memo, source="memo.txt"))


def _ids(table: pl.DataFrame) -> list[tuple[int, str, str]]:
    return table.select("paragraph", "attended_as", "entity_id").rows()


@pytest.fixture(scope="module")
def zh_ids():
    return _ids(parse_attendance(read_report(REPORT_ZH)))


@pytest.mark.parametrize(("old", "new"), [
    ("下列政府间组织派观察员", "下列政府间组织派观察员".replace("", "\u200b")[1:-1]),
    ("下列政府间组织派观察员", "下列  政府  间组织派   观察员"),
    ("下列政府间组织派观察员", "下列\u202b政府间\u200e组织\u00ad派\ufeff观察员"),
    ("派观察员出席了会议", "派观察员出席了会\u2060议"),
    ("42. 下列", "４２． 下列"),
    ("43. 下列联合国实体", "43.\u3000下列联合国实体"),
], ids=["zero-width", "space-runs", "bidi-soft-hyphen-bom", "word-joiner", "full-width",
        "ideographic-space"])
def test_lead_ins_are_read_through_what_files_do_to_text(zh_ids, old, new):
    text = REPORT_ZH.read_text(encoding="utf-8")
    assert old in text
    assert _ids(parse_attendance(report_from_text(text.replace(old, new, 1)))) == zh_ids


def test_the_english_lead_ins_are_read_through_space_runs_and_format_characters():
    english = REPORT_EN.read_text(encoding="utf-8")
    spread = (english.replace("intergovernmental organizations", "intergovernmental    "
                              "organi\u00adzations")
              .replace("United Nations entities", "United\u200b Nations\u00a0\u00a0entities"))
    table = parse_attendance(report_from_text(spread))
    assert table.filter(pl.col("attended_as") == "igo").height == 9
    assert table.filter(pl.col("attended_as") == "un_entity").height == 2


def test_cjk_radicals_from_a_pdf_producer_are_the_unified_ideographs(zh_ids):
    # ⻢ (U+2EE2, CJK Radicals Supplement) for 马 in Malawi, Malaysia and Malta; ⼈
    # (U+2F08, Kangxi radical) for 人 and a compatibility ideograph 﨟 nowhere needed.
    text = REPORT_ZH.read_text(encoding="utf-8")
    assert text.count("马") >= 3
    printed = text.replace("马", "\u2ee2").replace("人", "\u2f08")
    assert _ids(parse_attendance(report_from_text(printed))) == zh_ids


def _zh_edited(old: str, new: str) -> str:
    text = REPORT_ZH.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("42. 下列政府间组织", "24. 下列政府间组织",
     "paragraph 41 goes on after the full stop that ends its list ('24. 下列政府间组织"),
    ("42. 下列政府间组织", "47. 下列政府间组织",
     "paragraph 47 follows paragraph 41 in the attendance section (39-47): paragraph 42 "
     "is missing"),
    ("42. 下列政府间组织", "4O. 下列政府间组织", "paragraph 41 goes on after the full stop"),
    ("39. 《枪支议定书》", "93. 《枪支议定书》",
     "paragraph 38 holds a line that opens an attendance list ('93. 《枪支议定书》"),
    ("42. 下列政府间组织派观察员", "42. 下列政府间机构派观察员",
     "paragraph 42 stands in the attendance section (39-43) but is not read as a list of "
     "who attended"),
    ("43. 下列联合国实体派观察员", "43. 下列联合国单位派观察员",
     "paragraph 43 says who attended or names a category, next to the attendance section "
     "(39-42), but is not read as an attendance list"),
    ("派观察员出席了会议（鉴于特殊的会议形式", "派观察员出庭了会议（鉴于特殊的会议形式",
     "paragraph 43 says who attended or names a category, next to the attendance section"),
    ("43. 下列联合国实体", "43. 下列：联合国实体",
     "paragraph 43 says who attended or names a category, next to the attendance section"),
    ("42. 下列政府间组织派观察员", "42. 下列签署国派观察员",
     "paragraph 42 lists the signatory category again (already paragraph 40)"),
    ("瓦森纳安排。", "瓦森纳安排", "paragraph 42 has a list that does not end with a full stop"),
], ids=["number-mistyped-lower", "number-mistyped-higher", "letter-for-digit",
        "first-number-mistyped", "unread-category", "unread-last-category",
        "last-not-attended", "stray-colon", "category-twice",
        "no-full-stop"])
def test_a_paragraph_of_the_section_that_cannot_be_read_stops_the_parse(cli, tmp_path, old,
                                                                         new, message):
    from analysis.errors import AttendanceSectionError

    path = tmp_path / "edited.txt"
    path.write_text(_zh_edited(old, new), encoding="utf-8")
    with pytest.raises(AttendanceSectionError) as caught:
        parse_attendance(read_report(path))
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)
    result = cli("parse", path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"error: {caught.value}\n"


@pytest.mark.parametrize(("end", "message"), [
    ("瓦森纳安排。", r"paragraph 42 has a list that does not end with a full stop"),
    (". 下列联合国实体", r"paragraph 42 goes on after the full stop that ends its list \('43'\)"),
    ("\n\n43. 下列联合国实体", r"paragraph 42 ends the text, which starts at paragraph 1 like a "
     r"whole report but ends with its attendance section \(39-42\): is the file cut\?"),
    ("派观察员出席了会议（鉴于特殊的会议形式", r"paragraph 43 ends the text in mid-sentence"),
])
def test_a_text_cut_inside_the_attendance_section_is_an_error(end, message):
    from analysis.errors import AttendanceSectionError

    text = REPORT_ZH.read_text(encoding="utf-8")
    with pytest.raises(AttendanceSectionError, match=message):
        parse_attendance(report_from_text(text[:text.index(end)], source="cut.txt"))
    cut = text[:text.index(end) + 5]
    with pytest.raises(AttendanceSectionError):
        parse_attendance(report_from_text(cut, source="cut.txt"))
