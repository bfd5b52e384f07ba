import datetime as dt
import unicodedata

import pytest

from analysis.errors import MissingSectionError, ReportReadError
from analysis.languages import detect_language
from analysis.report import read_report, report_from_bytes, report_from_text, split_paragraphs
from tests.conftest import REPORT_ZH

SAMPLE_EN = "39. The following States were represented at the meeting: Chile and Peru.\n"


def test_real_report_is_chinese_and_has_its_46_paragraphs():
    report = read_report(REPORT_ZH)
    assert report.language == "zh"
    assert [p.number for p in report.paragraphs] == list(range(1, 47))
    assert report.meeting_date == dt.date(2020, 7, 16)


def test_paragraph_39_runs_across_the_page_break():
    text = read_report(REPORT_ZH).paragraph(39).text
    assert text.startswith("《枪支议定书》的下列 54 个缔约方")
    assert "南非、" in text and text.endswith("乌拉圭和委内瑞拉玻利瓦尔共和国。")


def test_footnote_inside_a_paragraph_is_dropped():
    assert "因技术原因" not in read_report(REPORT_ZH).paragraph(5).text


def test_agenda_numbers_inside_a_paragraph_do_not_start_paragraphs():
    numbers = [p.number for p in split_paragraphs("1. A\n1. agenda\n 2. item\n2. B\n3. C")]
    assert numbers == [1, 2, 3]


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    lambda t: t.encode("utf-16"),
], ids=["utf8", "utf8-bom", "crlf", "utf16-bom"])
def test_encodings_and_line_endings_give_the_same_text(encode):
    report = report_from_bytes(encode(SAMPLE_EN), source="x.txt")
    assert report.text == SAMPLE_EN
    assert report.language == "en"


def test_full_width_punctuation_is_normalised():
    report = report_from_text("39. 下列缔约方出席了会议：智利和秘鲁。")
    assert "：" not in report.text and ":" in report.text


@pytest.mark.parametrize(("text", "lang"), [
    ("Les États suivants étaient représentés à la réunion et les observateurs des", "fr"),
    ("Estuvieron representados en la reunión los siguientes Estados y los observadores", "es"),
    ("На совещании были представлены следующие государства", "ru"),
    ("وكانت الدول التالية ممثلة في الاجتماع", "ar"),
    ("下列国家出席了会议", "zh"),
    ("The following States were represented at the meeting", "en"),
])
def test_language_is_detected_for_all_six(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize(("content", "message"), [
    (b"", "file is empty"),
    (b"   \n\n", "file is empty"),
    (b"\x7fELF\x02\x01\x00\x00\x00", "binary, not text"),
    (b"39. Caf\xe9 Chile", "not UTF-8 text"),
    (b"Ein deutscher Text ohne jede Bedeutung hier", "none of the six UN languages"),
    (b"Die folgenden Vertragsparteien des Protokolls waren auf der Tagung vertreten: Chile "
     b"und Peru. Die Sitzung des Rates wurde in Wien abgehalten.",
     "none of the six UN languages"),
])
def test_unreadable_input_gets_one_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReportReadError, match=message) as caught:
        read_report(path)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    with pytest.raises(ReportReadError, match="larger than 20 MiB, more than any meeting report"):
        read_report(path)


def test_missing_file(tmp_path):
    with pytest.raises(ReportReadError, match="no such file"):
        read_report(tmp_path / "nope.txt")


def test_missing_paragraph_and_meeting_date_are_named():
    report = report_from_text(SAMPLE_EN, source="s.txt")
    with pytest.raises(MissingSectionError, match=r"s\.txt: no paragraph 40"):
        report.paragraph(40)
    with pytest.raises(MissingSectionError, match="meeting date"):
        _ = report.meeting_date


def test_format_characters_space_runs_and_radicals_are_repaired():
    from analysis.report import repair_characters

    printed = ("39.\u200b The\u00a0following  \u202bparties\u202c\u2060 were "
               "repre\u00adsented:\u2028Chile\u3000and \u2ee2\u2f08 \uf900 \uff21\uff11")
    assert repair_characters(printed) == ("39. The following parties were represented:\n"
                                          "Chile and 马人 豈 A1")


def test_the_radical_table_is_unicodes_own_file_unchanged():
    import hashlib
    import json

    from analysis.report import EQUIVALENT_IDEOGRAPHS, _equivalent_ideographs

    sidecar = json.loads(EQUIVALENT_IDEOGRAPHS.with_name(
        "EquivalentUnifiedIdeograph.source.json").read_text(encoding="utf-8"))
    assert hashlib.sha256(EQUIVALENT_IDEOGRAPHS.read_bytes()).hexdigest() == sidecar["sha256"]
    assert EQUIVALENT_IDEOGRAPHS.read_text(encoding="utf-8").startswith(
        "# EquivalentUnifiedIdeograph-17.0.0.txt")
    table = _equivalent_ideographs()
    assert set(table) <= set(range(0x2E80, 0x2FE0))
    assert chr(table[0x2EE2]) == "马" and chr(table[0x2ED4]) == "门"
    # For the 214 Kangxi radicals, Unicode's table and NFKC agree.
    kangxi = range(0x2F00, 0x2FD6)
    assert all(chr(table[code]) == unicodedata.normalize("NFKC", chr(code)) for code in kangxi)
