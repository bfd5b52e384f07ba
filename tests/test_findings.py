"""The notebooks' findings and the briefing state the same numbers, from one place."""

import pytest

from analysis.brief import findings
from analysis.findings import discussion_point_1, headline_numbers
from analysis.study import build_study
from analysis.vocabulary import load_labels
from tests.conftest import REPORT_EN, REPORT_ZH


@pytest.fixture(scope="module")
def study():
    return build_study(REPORT_ZH)


def test_notebook_markdown_and_english_briefing_agree_on_discussion_point_1(study):
    markdown = discussion_point_1(study).replace("**", "")
    briefing = " ".join(findings(study, load_labels("en")))
    for claim in ("123 parties (122 Member States and the European Union)",
                  "71 Member States were not parties to it",
                  "7 signatories", "58 parties to the Convention only",
                  "6 not parties to the Convention or the Protocol",
                  "22 Member States attended"):
        assert claim in markdown, claim
        assert claim in briefing, claim
    # No State is undecided for the Convention any more, so no sentence says so.
    assert "cannot decide" not in markdown.split("\n")[0]
    # Running text names each State by its full UN short name (charts keep "United
    # Kingdom"), in the order UN documents list them, with "and" before the last and no
    # serial comma (UN style).
    for text in (markdown, briefing):
        assert ("United Arab Emirates, United Kingdom of Great Britain and Northern Ireland, "
                "United States of America and Viet Nam.") in text


def test_the_attending_states_not_bound_and_the_caveat_are_named(study):
    markdown = discussion_point_1(study)
    # Facts (attended, not a party on a date), never a judgement such as "closest".
    listed = markdown.split("not parties to the Protocol on 4 May 2024: ")[1].split(
        ".\n")[0].replace(" and Viet Nam", ", Viet Nam").split(", ")
    assert len(listed) == 22 and listed[:3] == ["Australia", "Canada", "Colombia"]
    assert "closest" not in markdown and " still " not in markdown
    # Iran's Convention status rests on news of 2025, not on the depositary: marked.
    assert "Iran (Islamic Republic of)*" in listed
    assert "United States of America" in markdown and "Viet Nam" in markdown
    # Each by the act the depositary records: Germany and China ratified, Bolivia acceded.
    assert ("Bolivia (Plurinational State of) (instrument of accession deposited on "
            "1 September 2020)") in markdown
    assert "Germany (instrument of ratification deposited on 14 October 2021)" in markdown
    assert ("Germany (instrument of ratification deposited on 14 October 2021) and China "
            "(instrument of ratification deposited on 19 December 2023)") in markdown
    # Luxembourg's Protocol consent is only bounded around the meeting; it did not attend.
    assert "leaves 1 Member State undecided" in markdown
    assert "it is not listed in the report" in markdown


def test_any_edition_of_the_report_gives_the_same_headline_numbers(study):
    english, chinese = headline_numbers(build_study(REPORT_EN)), headline_numbers(study)
    assert english.pop("marked").equals(chinese.pop("marked")) and english == chinese


def test_a_state_that_may_already_be_a_party_is_not_counted_as_not_bound():
    # On the meeting date Luxembourg's Protocol consent is known only to lie between
    # 2020-05-01 and 2022-10-31: it is neither "not bound" nor a party, but undecided.
    study = build_study(REPORT_ZH, latest="2020-07-16")
    n = headline_numbers(study)
    assert (n["protocol_parties"], n["protocol_undecided"]) == (118, 1)
    assert n["outside"] == 193 - (118 - 1) - 1  # the European Union is one of the 118
    assert "For 1 more Member State the treaty data cannot decide whether it was" in (
        discussion_point_1(study))
    assert any(sentence.startswith("For 1 more Member State the treaty data cannot decide")
               for sentence in findings(study, load_labels("en")))
    assert "(s)" not in discussion_point_1(study) + " ".join(findings(study, load_labels("en")))


def test_every_status_says_what_it_rests_on():
    from analysis.treaty import STATUS_BASES, status_on

    protocol, convention = status_on("2024-05-04"), status_on("2024-05-04", treaty="untoc")
    for table in (protocol, convention):
        assert table["status_basis"].null_count() == 0
        assert set(table["status_basis"]) <= set(STATUS_BASES)
    basis = dict(protocol.select("entity_id", "status_basis").iter_rows())
    # UNTC's table; the Netherlands treaty database (Germany's deposit, its date derived
    # from the entry into force); a news report (Republic of Korea); an inference (Palau's
    # identity); no row at all: the depositary lists no action.
    assert (basis["ITA"], basis["DEU"], basis["KOR"], basis["PLW"], basis["USA"]) == (
        "depositary", "gazette", "secondary", "inferred", "depositary")
    basis = dict(convention.select("entity_id", "status_basis").iter_rows())
    # Tuvalu: not a party by the closure on UNTC's total; Iran: a news report of 2025;
    # Japan: a UNODC press release read from a mirror.
    assert (basis["TUV"], basis["IRN"], basis["JPN"]) == ("inferred", "secondary", "secondary")


def test_notebooks_and_briefing_share_one_sentence_builder(study, monkeypatch):
    from analysis import findings as findings_module
    from analysis.findings import finding_sentences
    from analysis.tables import figure_tables

    tables = figure_tables(study)
    numbers = headline_numbers(tables)
    # The notebook's Markdown is the briefing's English sentences, one bullet each.
    english = finding_sentences(numbers, load_labels("en"))
    assert discussion_point_1(numbers).startswith("\n".join(f"- {s}" for s in english))
    assert english == findings(study, load_labels("en"))
    assert english[0].startswith("The report lists 90 participants: 78 States")
    # Every language is formatted from the same numbers: no figure table is built again.
    monkeypatch.setattr(findings_module, "figure_tables", lambda _: pytest.fail("rebuilt"))
    chinese = findings(numbers, load_labels("zh"))
    assert chinese[0].startswith("报告列出90个与会方") and len(chinese) == len(english)
    assert discussion_point_1(tables, load_labels("fr")).startswith("- Le rapport")
