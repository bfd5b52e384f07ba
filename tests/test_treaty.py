import csv
import datetime as dt
import hashlib
import io
import shutil

import polars as pl
import pytest

from analysis import paths
from analysis.attendance import parse_attendance
from analysis.audit import audit_attendance
from analysis.build.derive import derive_treaty_participation
from analysis.errors import BadDateError, ReferenceDataError
from analysis.participation import gap_by_group, not_bound_states
from analysis.reference import load_treaty_participation, read_sidecar
from analysis.report import read_report
from analysis.treaty import (
    check_as_of,
    party_counts,
    published_totals,
    status_expression,
    status_on,
)
from tests.conftest import REPORT_ZH, ROOT

TOTALS = published_totals()
SIGNATORY_ONLY_2024 = {"AUS", "CAN", "ISL", "JPN", "MCO", "SYC", "GBR"}
RAW = paths.RAW_TREATIES_DIR


def _counts(day: dt.date, treaty: str = "firearms-protocol") -> dict:
    return party_counts(pl.Series([day]), treaty).row(0, named=True)


@pytest.mark.parametrize(("day", "parties", "open_cases"), [
    ("2005-07-06", 42, 0), ("2008-09-26", 77, 0), ("2014-07-10", 109, 0),
    ("2018-10-19", 116, 0), ("2018-10-31", 116, 1), ("2020-05-31", 118, 1),
    ("2022-10-31", 122, 0), ("2024-05-04", 123, 0)])
def test_protocol_record_reproduces_the_published_totals_exactly(day, parties, open_cases):
    # UNIS/CP/517, UNODC 2008, the UNTC scrape, UNODC 2018, mirrors for 2018/2020/2022,
    # UNTC 2024. Palau (2018-10-19 .. 2020-05-31) and Luxembourg (2020-05-01 ..
    # 2022-10-31) are the only consents dated by bounds, so at most they stay open.
    counts = _counts(dt.date.fromisoformat(day))
    assert (counts["parties"], counts["undecided"]) == (parties, open_cases)


@pytest.mark.parametrize("total", list(TOTALS.iter_rows(named=True)),
                         ids=lambda t: f"{t['treaty']}-{t['as_of']}")
def test_every_published_total_lies_within_what_the_record_allows(total):
    counts = _counts(total["date"], total["treaty"])
    assert counts["parties"] <= total["parties"] <= counts["parties"] + counts["undecided"]


def test_untoc_record_is_closed_on_the_data_date():
    # The 2014 table (179), eight consents dated or bounded before (Barbados, Republic of
    # Korea, Japan, Bhutan, South Sudan, Sierra Leone, Fiji, State of Palestine), Palau,
    # and Eritrea, Tonga, Samoa and the DPRK make UNTC's 192 on 2024-05-04.
    assert _counts(dt.date(2014, 1, 27), "untoc")["parties"] == 179
    latest = _counts(dt.date(2024, 5, 4), "untoc")
    assert (latest["parties"], latest["undecided"]) == (192, 0)
    table = status_on("2024-05-04", treaty="untoc")
    status = dict(table.select("entity_id", "status").iter_rows())
    for outside in ("IRN", "COG", "PNG", "SLB", "TUV", "SOM"):
        assert status[outside] in ("none", "signatory"), outside
    dated = dict(table.select("entity_id", "consent_date").iter_rows())
    assert dated["ERI"] == dt.date(2014, 9, 25)   # BGBl. III Nr. 232/2014
    assert dated["TON"] == dt.date(2014, 10, 3)
    assert dated["SLE"] == dt.date(2014, 8, 12)
    assert dated["BRB"] == dt.date(2014, 11, 11)


def test_no_state_is_undecided_for_the_convention_on_the_meeting_date():
    meeting = status_on("2020-07-16", treaty="untoc")
    assert meeting.filter(pl.col("status") == "unknown").height == 0
    assert _counts(dt.date(2020, 7, 16), "untoc")["parties"] == 190


def test_convention_findings_keep_their_evidence_and_mark_inferences():
    record = load_treaty_participation("untoc")
    row = {r["entity_id"]: r for r in record.iter_rows(named=True)}
    # A deposit dated by the gazette replaces Sierra Leone's bounds; the old bounds stay in
    # the note, the evidence names the notice.
    assert (row["SLE"]["party_after"], row["SLE"]["party_by"]) == (None, None)
    assert "BGBl. III Nr. 232/2014" in row["SLE"]["consent_evidence"]
    assert "2014-07-24..2014-08-12" in row["SLE"]["note"]
    assert row["ERI"]["consent_type"] == row["TON"]["consent_type"] == "accession"
    assert row["KOR"]["consent_confidence"] == "high"
    # Bounds: Samoa and the DPRK are parties by 2017-09-19; Palau by the end of 2019.
    assert row["PRK"]["party_after"] == dt.date(2016, 6, 16)
    assert row["WSM"]["party_by"] == row["PRK"]["party_by"] == dt.date(2017, 9, 19)
    assert (row["PLW"]["party_after"], row["PLW"]["party_by"]) == (
        dt.date(2017, 9, 19), dt.date(2019, 12, 31))
    # Conclusions drawn from the UNTC total are inferences naming the total; Iran's rests
    # on a dated statement, not on an inference.
    for closed in ("COG", "TUV", "SLB"):
        assert "192 parties" in row[closed]["inference"], closed
    assert row["IRN"]["inference"] is None and row["IRN"]["party_after"] == dt.date(2024, 5, 4)
    assert "implies" in row["PNG"]["inference"]
    protocol = load_treaty_participation("firearms-protocol")
    palau = protocol.filter(pl.col("entity_id") == "PLW")["inference"].item()
    assert "123 parties" in palau


# Every published Convention total, its publisher and whether it is primary (README of
# the shared treaty sources); the record must be able to hold each one.
UNTOC_TOTALS = [
    ("2014-01-27", 179, "UNTC", True), ("2015-01", 185, "Wikipedia mirror", False),
    ("2016-06", 187, "Wikipedia mirror", False), ("2017-07-12", 188, "UNODC", True),
    ("2018-10-19", 189, "UNODC", True), ("2023-02-20", 191, "UNODC", True),
    ("2024-05-04", 192, "UNTC", True)]


def test_every_published_convention_total_is_listed_and_held():
    totals = published_totals("untoc")
    assert totals.select("as_of", "parties", "publisher", "primary").rows() == UNTOC_TOTALS
    for row in totals.iter_rows(named=True):
        counts = _counts(row["date"], "untoc")
        assert counts["parties"] <= row["parties"] <= counts["parties"] + counts["undecided"]


def test_derivation_refuses_a_finding_that_contradicts_the_record(tmp_path):
    raw = _raw_copy(tmp_path)
    evidence = raw / "untoc.evidence-2026-12.csv"
    text = evidence.read_text(encoding="utf-8")
    evidence.write_text(text.replace(",2014-11-11,high,", ",2014-11-12,high,"), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="a deposit date other than the one held: BRB"):
        derive_treaty_participation(raw)
    evidence.write_text(text.replace(",2014-08-12,high,", ",2014-07-01,high,"), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="outside the bounds held: SLE"):
        derive_treaty_participation(raw)
    evidence.write_text(text.replace("BTN,untoc,on the 2017-09-19 list of non-parties (agrees "
                                     "with its 2023 accession already held),,,2017-09-19",
                                     "BTN,untoc,moved,,,2023-05-01"), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="not a party on a day after its consent: BTN"):
        derive_treaty_participation(raw)
    evidence.write_text(text.replace("2025-08-05,none-on-date,", "2025-08,sure,"),
                        encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"unknown confidence .* lines 20"):
        derive_treaty_participation(raw)
    evidence.write_text(text.replace(",2016-06-16,2017-09-19,", ",16 June 2016,2017-09-19,"),
                        encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"not YYYY-MM-DD .*: lines 7"):
        derive_treaty_participation(raw)


def test_parties_and_signatories_on_the_data_date_match_untc():
    table = status_on("2024-05-04")
    counts = dict(table.group_by("status").len().iter_rows())
    assert counts.get("party") == 123 and counts.get("unknown", 0) == 0
    assert set(table.filter(pl.col("status") == "signatory")["entity_id"]) == SIGNATORY_ONLY_2024
    record = load_treaty_participation("firearms-protocol")
    assert record["signature_date"].is_not_null().sum() == 52   # UNTC: 52 signatories
    assert record.height == 130


def test_only_the_two_undated_protocol_parties_stay_open_and_only_between_bounds():
    record = load_treaty_participation("firearms-protocol")
    open_cases = record.filter(pl.col("consent_date").is_null() & pl.col("party_by").is_not_null())
    assert sorted(open_cases["entity_id"]) == ["LUX", "PLW"]
    lux = {d: status_on(d).filter(pl.col("entity_id") == "LUX").row(0, named=True)
           for d in ("2020-05-01", "2020-07-16", "2022-10-31")}
    assert lux["2020-05-01"]["status"] == "signatory"
    assert lux["2020-07-16"]["status"] == "unknown"
    assert (lux["2020-07-16"]["party_after"], lux["2020-07-16"]["party_by"]) == (
        dt.date(2020, 5, 1), dt.date(2022, 10, 31))
    assert lux["2022-10-31"]["status"] == "party"


def test_on_the_meeting_date_no_listed_state_is_open():
    meeting = status_on("2020-07-16")
    assert meeting.filter(pl.col("status") == "unknown")["entity_id"].to_list() == ["LUX"]
    attendance = parse_attendance(read_report(REPORT_ZH))
    listed = attendance.filter(pl.col("attended_as").is_in(["party", "signatory", "non_party"]))
    assert listed.height == 79
    assert listed.join(meeting, on="entity_id")["status"].is_in(
        ["party", "signatory", "none"]).all()


def test_no_protocol_party_is_ever_outside_the_convention():
    # UNTOC art. 37(2): only a party to the Convention may become party to a Protocol.
    record = load_treaty_participation()
    days = pl.concat([record["consent_date"], record["party_by"],
                      pl.date_range(dt.date(2001, 6, 1), dt.date(2024, 5, 1), "1mo",
                                    eager=True)]).drop_nulls().unique()
    protocol = record.filter(pl.col("treaty") == "firearms-protocol")
    untoc = record.filter(pl.col("treaty") == "untoc")
    grid = pl.DataFrame({"day": days})
    on = [(name, frame.join(grid, how="cross")
           .select("entity_id", "day", status_expression(pl.col("day")).alias(name)))
          for name, frame in (("protocol", protocol), ("untoc", untoc))]
    both = on[0][1].join(on[1][1], on=["entity_id", "day"], how="left")
    wrong = both.filter((pl.col("protocol") == "party") & (pl.col("untoc") != "party"))
    assert wrong.height == 0, wrong.head(10)


def test_old_untc_names_map_through_the_normaliser():
    record = load_treaty_participation()
    names = dict(record.select("participant", "entity_id").unique().iter_rows())
    assert names["Swaziland"] == "SWZ"
    assert names["The former Yugoslav Republic of Macedonia"] == "MKD"
    assert names["St. Kitts and Nevis"] == "KNA"
    assert names["St. Vincent and the Grenadines"] == "VCT"


def test_entry_into_force_follows_article_18_and_article_38():
    record = load_treaty_participation()
    eif = {(t, e): d for t, e, d in record.select("treaty", "entity_id", "entry_into_force")
           .iter_rows()}
    assert eif[("firearms-protocol", "FRA")] == dt.date(2019, 3, 30)
    assert eif[("firearms-protocol", "CRI")] == dt.date(2005, 7, 3)    # deposited 2003
    assert eif[("untoc", "JPN")] == dt.date(2017, 8, 10)               # 11 Jul 2017 + 30
    assert eif[("untoc", "MCO")] == dt.date(2003, 9, 29)               # early party


@pytest.mark.parametrize("name", sorted(p.name for p in RAW.glob("*.csv")))
def test_raw_treaty_sources_are_unchanged(name):
    meta = read_sidecar(RAW / name)
    if "sha256" in meta:
        assert hashlib.sha256((RAW / name).read_bytes()).hexdigest() == meta["sha256"]
    assert meta["as_of"][:4].isdigit()


def test_the_reference_table_is_what_the_derivation_gives():
    # Nobody edits the table by hand: re-deriving it from data/raw gives the same rows.
    derived = derive_treaty_participation()
    stored = load_treaty_participation()
    assert derived.equals(stored.select(derived.columns))


# Every disagreement between the record and the independent gazette anchors, with how
# it was settled (also in treaty_participation.source.json).
SETTLED_DISAGREEMENTS = {
    ("CHE", "consent"): "UNTC 2012-11-29 kept; Swiss SR 0.311.544 says 2012-11-27",
}


def test_independent_event_anchors_agree_with_the_record_or_are_settled():
    record = load_treaty_participation("firearms-protocol")
    anchors = pl.read_csv(paths.TREATY_EVENT_ANCHORS, infer_schema=False)
    joined = anchors.join(record, on="entity_id", how="left").with_columns(
        stored=pl.when(pl.col("event") == "signature").then("signature_date")
        .otherwise("consent_date").cast(pl.String))
    wrong = joined.filter(pl.col("stored").ne_missing(pl.col("date")))
    assert set(zip(wrong["entity_id"], wrong["event"], strict=True)) == set(SETTLED_DISAGREEMENTS)
    assert anchors.height == 70


def test_consent_kinds_that_imply_a_signature_are_listed():
    # UNTC prints Bahamas' 2008 Protocol consent without a kind marker (ratification)
    # although Bahamas never signed; kept as printed and recorded in the notes.
    record = load_treaty_participation()
    odd = record.filter(pl.col("consent_type").is_in(["ratification", "acceptance", "approval"])
                        & pl.col("signature_date").is_null())
    assert set(zip(odd["treaty"], odd["entity_id"], strict=True)) == {("firearms-protocol", "BHS")}


def test_status_rules_on_known_cases():
    table = status_on("2020-07-16")
    by_id = {r["entity_id"]: r for r in table.iter_rows(named=True)}
    assert by_id["DEU"]["status"] == "signatory"        # signed 2002, deposited 2021
    assert by_id["DEU"]["consent_date"] is None          # later events are not shown
    assert by_id["BOL"]["status"] == "none"             # acceded 2020-09-01
    assert by_id["FRA"]["status"] == "party"
    assert by_id["FRA"]["entry_into_force"] == dt.date(2019, 3, 30)   # 30 days after deposit
    assert by_id["CRI"]["entry_into_force"] == dt.date(2005, 7, 3)    # early party
    assert by_id["USA"]["status"] == "none" and by_id["USA"]["regional_group"] == "WEOG"
    assert by_id["EUU"]["status"] == "party" and by_id["EUU"]["iso3"] is None
    assert status_on("2024-05-04").filter(pl.col("entity_id") == "BOL")["status"].item() == "party"


def test_every_state_and_participant_is_listed():
    table = status_on()
    assert table.height == 196  # 193 members, 2 observer States, the European Union
    assert table["entity_id"].is_unique().all()
    assert table["status"].is_in(["party", "signatory", "none", "unknown"]).all()


@pytest.mark.parametrize(("value", "message"), [
    ("2000-12-31", "before 2001-05-31, the day the Firearms Protocol was adopted"),
    ("2099-01-01", "after 2024-05-04"),
    ("16/07/2020", "not a date in the form YYYY-MM-DD"),
])
def test_dates_out_of_range_are_errors(value, message):
    with pytest.raises(BadDateError, match=message):
        check_as_of(value)


def test_report_audit_has_no_disagreement():
    report = read_report(REPORT_ZH)
    audit = audit_attendance(parse_attendance(report), report.meeting_date)
    assert audit.height == 79
    assert audit.filter(pl.col("verdict") == "disagree").height == 0
    # Signatories and non-parties are fully decided by the data: all agree.
    decided = audit.filter(pl.col("attended_as").is_in(["signatory", "non_party"]))
    assert decided["verdict"].unique().to_list() == ["agree"]
    assert audit.filter(pl.col("verdict") == "agree").height == 79   # none unverifiable


def test_gap_helpers():
    status = status_on("2024-05-04")
    gaps = gap_by_group(status, status_on("2024-05-04", treaty="untoc"))
    assert gaps["members"].to_list() == [54, 54, 23, 33, 29]
    assert gaps["protocol_party"].sum() == 122  # 123 parties less the European Union
    assert gaps["protocol_signatory"].sum() == 7
    weog = gaps.filter(pl.col("regional_group") == "WEOG").row(0, named=True)
    assert weog["share_protocol_party"] == pytest.approx(weog["protocol_party"] / 29, abs=1e-4)
    # The United States, Japan... : the USA is a Convention party only (ratified 2005).
    adherence_sum = sum(gaps[c].sum() for c in
                        ("protocol_party", "protocol_signatory", "convention_only", "neither",
                         "unknown"))
    assert adherence_sum == 193
    report = read_report(REPORT_ZH)
    missing = not_bound_states(status, parse_attendance(report))
    usa = missing.filter(pl.col("entity_id") == "USA").row(0, named=True)
    assert usa["attended"] and usa["attended_as"] == "non_party" and usa["status"] == "none"
    assert not missing.filter(pl.col("entity_id") == "AFG")["attended"].item()


def test_gap_command_decomposes_each_group(cli):
    result = cli("gap", "--as-of", "2020-07-16")
    assert result.returncode == 0, result.stderr
    rows = {r["regional_group"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert set(rows) == {"African", "Asia-Pacific", "Eastern European", "GRULAC", "WEOG"}
    assert sum(int(r["protocol_party"]) for r in rows.values()) == 117  # 118 less the EU
    # Luxembourg's consent is dated only by bounds around the meeting.
    assert rows["WEOG"]["unknown"] == "1"
    bad = cli("gap", "--as-of", "2031-01-01")
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1


def _table_copy(tmp_path, text: str):
    """The treaty record with ``text`` as its rows, beside a copy of its sidecar."""
    source = paths.TREATY_PARTICIPATION
    target = tmp_path / source.name
    target.write_text(text, encoding="utf-8")
    sidecar = source.with_name(source.stem + ".source.json")
    (tmp_path / sidecar.name).write_text(sidecar.read_text(encoding="utf-8"))
    return target


@pytest.mark.parametrize(("change", "message"), [
    ({"signature_date": "2009-01-01"}, "signature_before_consent"),
    ({"consent_date": "2008-02-30"}, "dates that are not YYYY-MM-DD: firearms-protocol"),
    ({"consent_date": "2030-01-01", "entry_into_force": "2030-01-31"},
     "after the data's as-of date"),
    ({"entity_id": "XXX"}, "entity_known"),
    ({"consent_date": "", "entry_into_force": ""}, "consent_has_kind_and_evidence"),
    ({"party_by": "2010-01-01"}, "bounds_only_for_undated_consents"),
    ({"treaty": "atlantis"}, "treaty"),
])
def test_bad_treaty_rows_are_refused(tmp_path, change, message):
    source = paths.TREATY_PARTICIPATION
    rows = list(csv.DictReader(io.StringIO(source.read_text(encoding="utf-8"))))
    albania = next(r for r in rows
                   if r["entity_id"] == "ALB" and r["treaty"] == "firearms-protocol")
    albania.update(change)
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    target = _table_copy(tmp_path, text.getvalue())
    with pytest.raises(ReferenceDataError, match=message):
        load_treaty_participation(path=target)


@pytest.mark.parametrize(("day", "parties"), [("2024-05-04", 123)])
def test_status_command(cli, day, parties):
    result = cli("status", "--as-of", day)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # The table says what it holds: its date and treaty (issue 24), then the statuses.
    assert (rows[0]["as_of"], rows[0]["treaty"]) == (day, "firearms-protocol")
    assert [c for c in rows[0] if c not in ("as_of", "treaty")][:9] == [
        "entity_id", "iso3", "name", "regional_group", "status", "signature_date",
        "consent_date", "consent_type", "entry_into_force"]
    assert sum(r["status"] == "party" for r in rows) == parties


@pytest.mark.parametrize("day", ["2008-09-26", "2020-07-16"])
def test_status_command_on_anchor_dates_stays_within_the_anchor(cli, day):
    result = cli("status", "--as-of", day, "--format", "json")
    assert result.returncode == 0
    assert '"status":"party"' in result.stdout


def test_status_command_default_date_and_bad_date(cli):
    default = cli("status")
    assert default.returncode == 0 and default.stdout == cli(
        "status", "--as-of", "2024-05-04").stdout
    bad = cli("status", "--as-of", "1990-01-01")
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "before 2001" in bad.stderr
    untoc = cli("status", "--treaty", "untoc", "--as-of", "2014-01-27")
    rows = list(csv.DictReader(io.StringIO(untoc.stdout)))
    assert sum(r["status"] == "party" for r in rows) == 179   # the UNTC table of that day
    assert cli("status", "--treaty", "atlantis").returncode == 2


def test_audit_names_participants_in_english_whatever_frame_it_gets():
    # A frame built by other code, without the parser's name columns.
    attendance = pl.DataFrame({"paragraph": [39, 41], "attended_as": ["party", "non_party"],
                               "raw_name": ["美国", "科特迪瓦"], "entity_id": ["USA", "CIV"]})
    audit = audit_attendance(attendance, dt.date(2020, 7, 16))
    assert audit.columns[-1] == "name_en"
    assert audit.select("entity_id", "name_en", "verdict").rows() == [
        ("USA", "United States of America", "disagree"), ("CIV", "Côte d'Ivoire", "disagree")]


def test_audit_command(cli):
    result = cli("audit", REPORT_ZH)
    assert result.returncode == 0, result.stderr
    assert "79 listed participants checked" in result.stdout
    assert "0 disagree" in result.stdout


def test_nobody_signed_or_joined_before_the_protocol_opened():
    for day in ("2001-05-31", "2001-06-29"):
        assert status_on(day)["status"].unique().to_list() == ["none"]
    assert "signatory" in status_on("2001-12-31")["status"].to_list()


@pytest.mark.parametrize(("value", "message"), [
    ("20200716", "not a date in the form YYYY-MM-DD"),
    ("2020-02-30", "no such day in the calendar"),
])
def test_date_form_and_calendar(value, message):
    with pytest.raises(BadDateError, match=message):
        check_as_of(value)


def _raw_copy(tmp_path):
    target = tmp_path / "treaties"
    shutil.copytree(RAW, target)
    return target


def test_derivation_refuses_an_id_that_contradicts_the_name(tmp_path):
    raw = _raw_copy(tmp_path)
    later = raw / "firearms-protocol.after-2014.csv"
    later.write_text(later.read_text(encoding="utf-8").replace("Angola,AGO,", "Angola,AGA,"),
                     encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="Angola is AGO, not AGA"):
        derive_treaty_participation(raw)


def test_derivation_never_drops_an_open_case(tmp_path):
    raw = _raw_copy(tmp_path)
    bounds = raw / "treaty-bounds.curated.csv"
    lines = bounds.read_text(encoding="utf-8").splitlines(keepends=True)
    bounds.write_text("".join(line for line in lines if ",Luxembourg," not in line),
                      encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"open cases with no bounds .*: LUX"):
        derive_treaty_participation(raw)


def test_derivation_refuses_an_unreadable_untc_date(tmp_path):
    raw = _raw_copy(tmp_path)
    scrape = raw / "untoc.untc-2014-01-27.csv"
    scrape.write_text(scrape.read_text(encoding="utf-8").replace(
        "Albania,12 Dec 2000,21 Aug 2002", "Albania,12 Dec 2000,21 Aug 2002 x"), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"D Mon YYYY .* for Albania"):
        derive_treaty_participation(raw)


def test_derivation_refuses_a_participant_listed_twice_and_backward_bounds(tmp_path):
    raw = _raw_copy(tmp_path)
    later = raw / "firearms-protocol.after-2014.csv"
    text = later.read_text(encoding="utf-8")
    france = next(line for line in text.splitlines() if line.startswith("France,"))
    later.write_text(text + france.replace("2019-02-28", "2019-03-28") + "\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="listed more than once: France"):
        derive_treaty_participation(raw)
    raw = _raw_copy(tmp_path / "second")
    bounds = raw / "treaty-bounds.curated.csv"
    bounds.write_text(bounds.read_text(encoding="utf-8").replace(
        "LUX,2020-05-01,2022-10-31", "LUX,2022-10-31,2020-05-01"), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="party_after must come before party_by: Lux"):
        derive_treaty_participation(raw)


def test_a_bad_row_is_named_by_its_line_in_the_file(tmp_path):
    source = paths.TREATY_PARTICIPATION
    lines = source.read_text(encoding="utf-8").splitlines()
    france = next(i for i, line in enumerate(lines) if line.startswith("firearms-protocol,FRA,"))
    target = _table_copy(tmp_path, "\n".join([*lines, lines[france]]) + "\n")
    with pytest.raises(ReferenceDataError, match=rf"line {france + 1} \(firearms-protocol FRA\), "
                       rf"line {len(lines) + 1} \(firearms-protocol FRA\)"):
        load_treaty_participation(path=target)


@pytest.mark.parametrize(("day", "members", "african"), [
    ("2005-01-01", 191, 53),   # before Montenegro (2006) and South Sudan (2011)
    ("2010-01-01", 192, 53),
    ("2012-01-01", 193, 54),
])
def test_gap_counts_only_the_states_that_were_members_then(cli, day, members, african):
    result = cli("gap", "--as-of", day)
    assert result.returncode == 0, result.stderr
    rows = {r["regional_group"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert sum(int(r["members"]) for r in rows.values()) == members
    assert int(rows["African"]["members"]) == african
    shares = float(rows["African"]["share_protocol_party"])
    assert shares == pytest.approx(int(rows["African"]["protocol_party"]) / african, abs=1e-4)


def test_status_on_says_what_each_state_was_in_the_un_that_day():
    def membership(day):
        table = status_on(day)
        return dict(table.select("entity_id", "membership").iter_rows())
    early, late = membership("2005-01-01"), membership("2013-01-01")
    assert (early["SSD"], early["MNE"], early["CHE"], early["FRA"]) == (
        "not_member", "not_member", "member", "member")
    assert (early["PSE"], early["VAT"], early["EUU"]) == ("not_member", "observer", None)
    assert (late["SSD"], late["MNE"], late["PSE"]) == ("member", "member", "observer")
    # A State not yet admitted keeps its treaty status: only the count of Members changes.
    assert status_on("2005-01-01").filter(pl.col("membership") == "member").height == 191
    ratification = gap_by_group(status_on("2010-01-01"), status_on("2010-01-01", treaty="untoc"))
    assert ratification["members"].sum() == 192


def test_in_force_is_the_thirtieth_day_after_deposit_not_the_deposit():
    def row(day, entity):
        table = status_on(day)
        return table.filter(pl.col("entity_id") == entity).select(
            "status", "entry_into_force", "in_force").row(0)
    # France deposited on 2019-02-28: a party at once, bound from 2019-03-30.
    assert row("2019-03-01", "FRA") == ("party", dt.date(2019, 3, 30), False)
    assert row("2019-03-30", "FRA") == ("party", dt.date(2019, 3, 30), True)
    # Costa Rica deposited in 2003, before the Protocol entered into force on 2005-07-03.
    assert row("2005-01-01", "CRI") == ("party", dt.date(2005, 7, 3), False)
    assert row("2005-07-03", "CRI")[2] is True
    assert row("2020-07-16", "DEU") == ("signatory", None, False)
    # Luxembourg's consent is dated only by bounds: open in between, in force once certain.
    assert row("2021-01-01", "LUX")[::2] == ("unknown", None)
    assert row("2024-05-04", "LUX")[::2] == ("party", True)


def test_in_force_is_false_for_every_state_that_never_consented():
    table = status_on("2019-03-01")
    none = table.filter(pl.col("status") == "none")
    assert none.height > 0 and none["in_force"].to_list() == [False] * none.height
    assert table.filter(pl.col("entity_id") == "SSD")["in_force"].item() is False


def test_a_meeting_before_2011_counts_the_members_of_its_day(tmp_path):
    # The 2022 test fixture moved to May 2010 (before South Sudan's admission): its
    # meeting counts 192 Member States, 53 of them African; the 2020 meeting 193.
    from analysis.series import participation_by_meeting, series_table
    from analysis.study import build_study
    fixture = ROOT / "tests" / "fixtures" / "wg-firearms-2022-test-meeting.en.txt"
    early = tmp_path / "wg-firearms-2010-test-meeting.en.txt"
    early.write_text(fixture.read_text(encoding="utf-8").replace("2022", "2010"),
                     encoding="utf-8")
    series = series_table(build_study([early, REPORT_ZH]))
    ssd = dict(series.filter(pl.col("entity_id") == "SSD")
               .select("meeting", "membership").iter_rows())
    assert ssd == {"CTOC/COP/WG.6/2010/99": "not_member", "CTOC/COP/WG.6/2020/3": "member"}
    members = (participation_by_meeting(series)
               .group_by("meeting", "regional_group").agg(pl.col("members").first()))
    totals = dict(members.group_by("meeting").agg(pl.col("members").sum()).iter_rows())
    assert totals == {"CTOC/COP/WG.6/2010/99": 192, "CTOC/COP/WG.6/2020/3": 193}
    african = members.filter(pl.col("regional_group") == "African")
    assert dict(african.select("meeting", "members").iter_rows())[
        "CTOC/COP/WG.6/2010/99"] == 53


def test_not_bound_states_leave_out_states_not_yet_admitted():
    attendance = parse_attendance(read_report(REPORT_ZH))
    early = set(not_bound_states(status_on("2005-01-01"), attendance)["entity_id"])
    assert "SSD" not in early and "MNE" not in early and "VAT" in early
    assert "SSD" in set(not_bound_states(status_on("2012-01-01"), attendance)["entity_id"])
