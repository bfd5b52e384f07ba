"""Findings: the numbers behind discussion point 1, written out as sentences.

Owns the headline numbers of a study (``headline_numbers``, which the briefing writes
out in every label language too) and the short Markdown summaries the notebooks
display, so every number in a narrative is computed from the data, never typed in.
"""

from __future__ import annotations

import polars as pl

from analysis.participation import adherence, engaged_not_bound, joined_after_meeting
from analysis.reference import display_names
from analysis.series import attendance_grid, engagement_then_accession, series_table
from analysis.study import Study
from analysis.tables import marked, provenance
from analysis.vocabulary import Labels, load_labels


def attendance_counts(attendance: pl.DataFrame) -> dict[str, int]:
    """How many the report lists in each capacity: the counts both write-ups state.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> counts = attendance_counts(parse_attendance(read_report(
        ...     default_report())))
        >>> counts["participants"], counts["states"], counts["parties"], counts["non_parties"]
        (90, 78, 53, 19)
    """
    listed = dict(attendance.group_by("category").len().iter_rows())
    states = attendance.filter(pl.col("entity_kind") == "state")
    return {
        "participants": attendance.height, "states": states.height,
        "parties": states.filter(pl.col("category") == "party").height,
        "listed_parties": listed.get("party", 0),  # the European Union among them
        "signatories": listed.get("signatory", 0), "non_parties": listed.get("non_party", 0),
        "igos": listed.get("igo", 0), "un_entities": listed.get("un_entity", 0),
    }


def attendance_summary(attendance: pl.DataFrame) -> str:
    """One paragraph: how many attended in each capacity, as the report lists them.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> text = attendance_summary(parse_attendance(read_report(
        ...     default_report())))
        >>> text.startswith("The report lists **90 participants**: 54 parties to the Fire")
        True
    """
    n = attendance_counts(attendance)
    say = load_labels("en").plural
    return (
        f"The report lists **{say('brief.attendance.participants', n['participants'])}**: "
        f"{say('brief.attendance.parties', n['listed_parties'])} (the European Union among "
        f"them), {say('brief.attendance.signatories', n['signatories'])} and "
        f"{say('brief.attendance.non_parties', n['non_parties'])}, as observers, plus "
        f"{say('brief.attendance.igos', n['igos'])} and "
        f"{say('brief.attendance.un_entities', n['un_entities'])}. That is "
        f"**{say('brief.attendance.states', n['states'])}**."
    )


def participation_summary(regional: pl.DataFrame) -> str:
    """Markdown bullets: attendance share per regional group, highest first.

    Example:
        >>> frame = pl.DataFrame({"regional_group": ["WEOG", "WEOG"], "attendance":
        ...     ["party", "absent"], "states": [19, 10], "members": [29, 29],
        ...     "share": [19 / 29, 10 / 29]})
        >>> participation_summary(frame)
        '- **WEOG**: 19 of 29 Member States attended (66%)'
    """
    attended = (regional.filter(pl.col("attendance") != "absent")
                .group_by("regional_group")
                .agg(pl.col("states").sum(), pl.col("members").first())
                .with_columns(share=pl.col("states") / pl.col("members"))
                .sort("share", "regional_group", descending=[True, False]))
    english = load_labels("en")
    return "\n".join(
        f"- **{r['regional_group']}**: " + english.plural(
            "findings.attended", r["members"], states=english.number(r["states"]),
            share=f"{r['share']:.0%}") for r in attended.iter_rows(named=True))


def named(ids: list[str], labels: Labels, in_list_order: bool = False,
          marked: pl.DataFrame | None = None) -> str:
    """States and organizations by the names the figures show, listed as the language lists.

    Args:
        ids: Entity ids, in the order to name them.
        labels: The label language.
        in_list_order: Name them in the order UN documents in the language list States
            (alphabetical in the language; Chinese by the English names) instead.
        marked: ``tables.marked`` rows: these States' names carry the provenance mark.

    Example:
        >>> named(["DEU", "CHN", "VNM"], load_labels("en"))
        'Germany, China and Viet Nam'
        >>> named(["GBR", "VNM"], load_labels("zh"))
        '大不列颠及北爱尔兰联合王国和越南'
        >>> named(["DEU", "CHN"], load_labels("fr"), in_list_order=True)
        'Allemagne et Chine'
    """
    # Running text names each State in full ("United Kingdom of Great Britain and ...").
    table = display_names(labels, sort_key=True, short_forms=False)
    names = dict(table.select("entity_id", "name").iter_rows())
    if marked is not None:
        mark = labels("provenance.mark")
        names |= {i: f"{names.get(i, i)}{mark}" for i in marked["entity_id"]}
    if in_list_order:
        order = dict(table.select("entity_id", "sort_key").iter_rows())
        ids = sorted(ids, key=lambda i: (order.get(i) is None, order.get(i) or "", i))
    return labels.join([names.get(i, i) for i in ids])


def provenance_note(marked: pl.DataFrame | None, labels: Labels) -> str:
    """The note naming the States whose status rests on an inference or a secondary source.

    Each is named with the instrument whose record it rests on; "" when there are none.

    Example:
        >>> frame = pl.DataFrame({"entity_id": ["TUV", "KOR"], "basis": ["inferred",
        ...     "secondary"], "instrument": ["convention", "protocol"]})
        >>> note = provenance_note(frame, load_labels("en"))
        >>> note[63:93], note[-29:]
        ('Inferred: Tuvalu (Convention).', 'Republic of Korea (Protocol).')
    """
    if marked is None or not marked.height:
        return ""
    table = display_names(labels, sort_key=True)
    order = dict(table.select("entity_id", "sort_key").iter_rows())
    names = dict(table.select("entity_id", "name").iter_rows())
    rows = sorted(marked.iter_rows(named=True),
                  key=lambda r: (order.get(r["entity_id"]) or "", r["entity_id"]))

    record = {"protocol": "provenance.protocol", "convention": "provenance.convention"}
    # One list per instrument, the instrument named once after it.
    groups = {"zh": "；", "ar": "؛ ", "fr": " ; "}.get(labels.lang, "; ")
    clauses = [labels("provenance.note")]
    for basis, key in (("inferred", "provenance.inferred"),
                       ("secondary", "provenance.secondary")):
        listed = [labels(record[instrument], name=labels.join([
            names.get(r["entity_id"], r["entity_id"]) for r in rows
            if r["basis"] == basis and r["instrument"] == instrument]))
            for instrument in record
            if any(r["basis"] == basis and r["instrument"] == instrument for r in rows)]
        if listed:
            clauses.append(labels(key, names=groups.join(listed)))
    # Chinese sentences end in a full-width stop and take no space after it.
    return ("" if labels.lang == "zh" else " ").join(clauses)


def joined_list(numbers: dict[str, object], labels: Labels,
                marked: pl.DataFrame | None = None) -> str:
    """The States that became parties after the meeting, each with its instrument and date.

    Example:
        >>> import datetime as dt
        >>> joined_list({"joined_ids": ["DEU"], "joined_types": ["ratification"],
        ...     "joined_dates": [dt.date(2021, 10, 14)]}, load_labels("en"))
        'Germany (instrument of ratification deposited on 14 October 2021)'
    """
    items = []
    for entity, kind, day in zip(numbers["joined_ids"], numbers["joined_types"],
                                 numbers["joined_dates"], strict=True):
        name = named([entity], labels, marked=marked)
        if day is None:  # a party whose deposit date is known only by bounds
            items.append(name)
        elif kind:
            items.append(labels("brief.joined.item", name=name, date=day,
                                kind=labels(f"consent.{kind}")))
        else:
            items.append(labels("brief.joined.item_untyped", name=name, date=day))
    return labels.join(items)


def headline_numbers(study: Study) -> dict[str, object]:
    """The numbers behind discussion point 1, computed once for every write-up.

    The notebooks' Markdown (``discussion_point_1``) and the briefing's sentences in
    every label language (``brief.findings``) state these and nothing else.

    Returns:
        ``attendance_counts`` of the latest meeting; the Protocol parties on the latest
        date; the Member States certainly not bound (``outside``), by adherence to the
        Protocol and the Convention (``unknown``: the Convention record is open), and
        those whose Protocol consent the data cannot place before or after the date
        (``protocol_undecided``); where the States that attended stand on the latest
        date (``now_parties``, ``now_signatories``, ``now_non_parties``, ``now_unknown``);
        the ids of the attending Member States not bound (the
        engagement figure's, in its order) and of those that joined after the meeting,
        with their consent dates and kinds; the Member States undecided on the meeting date.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> numbers = headline_numbers(build_study(default_report()))
        >>> numbers["participants"], numbers["protocol_parties"], numbers["closest"]
        (90, 123, 22)
    """
    study = study.for_meeting()
    attendance, latest = study.attendance, study.latest
    protocol, convention = study.latest_status, study.status(latest, treaty="untoc")
    members = adherence(protocol, convention).filter(pl.col("membership") == "member")
    # Not bound: certainly not a party on the day (a consent known only by bounds may
    # already have been given, so it is counted apart, as undecided).
    outside = members.filter(pl.col("status").is_in(["signatory", "none"]))
    by_kind = dict(outside.group_by("adherence").len().iter_rows())
    closest = engaged_not_bound(attendance, protocol, convention)
    joined = joined_after_meeting(attendance, protocol, study.status_date)
    states = attendance.filter(pl.col("entity_kind") == "state").select("entity_id")
    now = dict(protocol.join(states, on="entity_id", how="semi")
               .group_by("status").len().iter_rows())
    # The statuses the write-ups state: every Member State's standing and the
    # attending States' Protocol status, on the latest date.
    shown = pl.concat([members.select("entity_id"), states]).unique()
    undecided = study.meeting_status.filter((pl.col("membership") == "member")
                                            & (pl.col("status") == "unknown"))
    return {
        **attendance_counts(attendance),
        "protocol_parties": protocol.filter(pl.col("status") == "party").height,
        "protocol_member_parties": members.filter(pl.col("status") == "party").height,
        "protocol_eu_party": protocol.filter((pl.col("entity_id") == "EUU")
                                             & (pl.col("status") == "party")).height == 1,
        "outside": outside.height,
        "protocol_undecided": members.filter(pl.col("status") == "unknown").height,
        "latest_signatories": by_kind.get("protocol_signatory", 0),
        "convention_only": by_kind.get("convention_only", 0),
        "neither": by_kind.get("neither", 0), "unknown": by_kind.get("convention_unknown", 0),
        "closest": closest.height, "closest_ids": closest["entity_id"].to_list(),
        "joined_ids": joined["entity_id"].to_list(),
        "joined_dates": joined["consent_date"].to_list(),
        "joined_types": joined["consent_type"].to_list(),
        "now_parties": now.get("party", 0), "now_signatories": now.get("signatory", 0),
        "now_non_parties": now.get("none", 0), "now_unknown": now.get("unknown", 0),
        "marked": marked(provenance(protocol, convention), shown),
        "undecided_at_meeting": undecided.height,
        "undecided_attended": undecided.filter(
            pl.col("iso3").is_in(attendance["iso3"].drop_nulls().implode())).height,
    }


def protocol_parties(numbers: dict[str, object], labels: Labels) -> str:
    """The Protocol's parties on the date, the Member States and the European Union apart.

    A count of parties that includes the European Union says so; where the parties are
    not exactly Member States and the Union, the count stands alone.

    Example:
        >>> numbers = {"protocol_parties": 118, "protocol_member_parties": 117,
        ...            "protocol_eu_party": True}
        >>> protocol_parties(numbers, load_labels("en"))
        '118 parties (117 Member States and the European Union)'
    """
    n, members = numbers["protocol_parties"], numbers["protocol_member_parties"]
    if numbers["protocol_eu_party"] and n == members + 1:
        return labels.plural("brief.parties.protocol_parties_eu", n, members=labels.plural(
            "brief.parties.member_states", members))
    return labels.plural("brief.parties.protocol_parties", n)


def discussion_point_1(study: Study) -> str:
    """Markdown bullets: the gap in Protocol parties behind discussion point 1, in English.

    Every number comes from ``headline_numbers``, the same the briefing states; States
    are named as the figures name them (``named``).

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> text = discussion_point_1(build_study(default_report()))
        >>> "**123 parties (122 Member States and the European Union)**" in text
        True
        >>> "58 parties to the Convention only" in text
        True
    """
    n = headline_numbers(study)
    study = study.for_meeting()
    english = load_labels("en")
    joined = joined_list(n, english, n["marked"])
    say = english.plural
    lines = [
        f"- On {english.date(study.latest)} the Protocol had "
        f"**{protocol_parties(n, english)}**; "
        f"**{say('brief.parties.outside', n['outside'])}**: "
        f"{say('brief.parties.signatories', n['latest_signatories'])}, "
        f"{say('brief.parties.convention_only', n['convention_only'])}, "
        + (f"{say('brief.parties.neither', n['neither'])}, and "
           f"{say('brief.parties.unknown', n['unknown'])} (see the data notes)."
           if n["unknown"] else f"and {say('brief.parties.neither', n['neither'])}."),
        f"- Attending observers that have since become parties to the Protocol: "
        f"{joined or 'none'}.",
        "- " + say("brief.not_bound", n["closest"], latest=study.latest,
                   names=named(n["closest_ids"], english, in_list_order=True,
                               marked=n["marked"]) or "none"),
    ]
    if n["protocol_undecided"]:
        lines.append("- " + say("brief.undecided", n["protocol_undecided"],
                                latest=study.latest))
    if n["undecided_at_meeting"]:
        attended = (say("findings.caveat_attended", n["undecided_attended"])
                    if n["undecided_attended"]
                    else say("findings.caveat_none", n["undecided_at_meeting"]))
        lines.append("- " + say("findings.caveat", n["undecided_at_meeting"],
                                meeting=study.meeting_date, attended=attended))
    if n["marked"].height:
        lines.append("- " + provenance_note(n["marked"], english))
    return "\n".join(lines)


def voice_summary(by_group: pl.DataFrame) -> str:
    """Markdown bullets: share of each group's attending Member States that took the floor.

    Example:
        >>> frame = pl.DataFrame({"regional_group": ["WEOG"], "attended": [19], "spoke": [4],
        ...     "led_panel": [2], "share_spoke": [4 / 19]})
        >>> voice_summary(frame)
        '- **WEOG**: 4 of 19 attending Member States took the floor (21%), 2 spoke in a panel'
    """
    ordered = by_group.sort("share_spoke", "regional_group", descending=[True, False])
    english = load_labels("en")
    return "\n".join(
        f"- **{r['regional_group']}**: " + english.plural(
            "findings.spoke", r["attended"], spoke=english.number(r["spoke"]),
            share=f"{r['share_spoke']:.0%}", led=english.number(r["led_panel"]))
        for r in ordered.iter_rows(named=True))


def series_summary(study: Study) -> str:
    """Markdown: the meetings a study holds, side by side, or what a second report adds.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> text = series_summary(build_study(default_report()))
        >>> text.startswith("**One meeting**")
        True
    """
    table = series_table(study)
    engaged = engagement_then_accession(table, study.latest_status, study.latest)
    joined = engaged.filter(pl.col("joined"))
    english = load_labels("en")
    later = "; ".join(f"{named([r['entity_id']], english)} ({r['years_to_accession']} years "
                      f"after {r['first_attended']})" for r in joined.iter_rows(named=True)
                      if r["years_to_accession"] is not None)
    accession = (f"{joined.height} of the {engaged.height} States that attended while not "
                 f"parties to the Protocol had become parties to it by {study.latest}"
                 + (f": {later}." if later else "."))
    meetings = study.meetings
    if meetings.height == 1:
        return (
            f"**One meeting** so far ({meetings['meeting'].item()}, "
            f"{meetings['meeting_date'].item()}): the tables below have one meeting each, "
            "and the series charts are drawn only from two meetings on. Put a second "
            "meeting's report in `REPORTS` (or in `data/raw/` with its sidecar) and this "
            "notebook adds, meeting by meeting: each regional group's Member States by "
            "the capacity in which they attended; a State × meeting grid showing who came "
            "back and who drifted away, with each State's status under the Protocol on "
            f"each meeting's date; and who became a party to the Protocol after attending. "
            f"Today: "
            f"{accession}")
    grid = attendance_grid(table)
    every = grid.filter(pl.col("meetings_attended") == meetings.height)["entity_id"].n_unique()
    first, last = meetings["meeting_date"].min(), meetings["meeting_date"].max()
    return (
        f"**{meetings.height} meetings**, from {first} to {last}. "
        f"**{english.plural('brief.attendance.states', grid['entity_id'].n_unique())}** "
        "attended at least one, "
        f"{every} attended every one. {accession}")
