"""Findings: the numbers behind discussion point 1, written out as sentences.

Owns the headline numbers of a study (``headline_numbers``, taken from the figure
tables once) and the one builder of the sentences that state them in any label
language (``finding_sentences``): the briefing prints them, the notebooks show them
as Markdown (``discussion_point_1`` and the summaries, English = the English labels),
so every number in a narrative is computed from the data, never typed in.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from analysis.reference import display_names
from analysis.series import attendance_grid, engagement_then_accession, series_table
from analysis.study import Study
from analysis.tables import FigureTables, figure_tables, marked
from analysis.vocabulary import Labels, load_labels, not_bound

ENGLISH = "en"
"""The notebooks' language: their sentences are the English labels."""


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
    listed = dict(attendance.group_by("attended_as").len().iter_rows())
    states = attendance.filter(pl.col("entity_kind") == "state")
    return {
        "participants": attendance.height, "states": states.height,
        "parties": states.filter(pl.col("attended_as") == "party").height,
        "listed_parties": listed.get("party", 0),  # the European Union among them
        "signatories": listed.get("signatory", 0), "non_parties": listed.get("non_party", 0),
        "igos": listed.get("igo", 0), "un_entities": listed.get("un_entity", 0),
    }


def attendance_sentence(counts: dict[str, object], meeting: object, labels: Labels) -> str:
    """Who the report lists, and in which capacity the States attended on ``meeting``.

    Example:
        >>> counts = {"participants": 90, "states": 78, "parties": 53, "signatories": 6,
        ...           "non_parties": 19, "igos": 9, "un_entities": 2}
        >>> attendance_sentence(counts, "2020-07-16", load_labels("en"))[:60]
        'The report lists 90 participants: 78 States, the European Un'
    """
    # Each count in the form its number takes in the language (CLDR plural rules):
    # label key -> the count it states.
    keys = {"brief.attendance.participants": "participants",
            "brief.attendance.states": "states", "brief.attendance.parties": "parties",
            "brief.attendance.signatories": "signatories",
            "brief.attendance.non_parties": "non_parties",
            "brief.attendance.igos": "igos", "brief.attendance.un_entities": "un_entities"}
    stated = {key.rpartition(".")[2]: labels.plural(key, counts[field])
              for key, field in keys.items()}
    return labels("brief.attendance", meeting=meeting, **stated)


def attendance_summary(attendance: pl.DataFrame, labels: Labels | None = None) -> str:
    """One paragraph: how many attended in each capacity, as the report lists them.

    The briefing's first sentence (``attendance_sentence``), in the label language
    (default English).

    Args:
        attendance: A study's attendance table (one meeting: its ``meeting_date``).
        labels: The label language (default English).

    Raises:
        ValueError: the table has no ``meeting_date`` (``parse_attendance`` alone gives
            none: use ``build_study(...).attendance``).

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> text = attendance_summary(build_study(default_report()).attendance)
        >>> text[:72]
        'The report lists 90 participants: 78 States, the European Union, 9 inter'
    """
    if "meeting_date" not in attendance.columns:
        raise ValueError("attendance_summary needs a study's attendance table (it names "
                         "the meeting date): build_study(report).attendance")
    return attendance_sentence(attendance_counts(attendance),
                               attendance["meeting_date"].min(),
                               labels or load_labels(ENGLISH))


def participation_summary(regional: pl.DataFrame, labels: Labels | None = None) -> str:
    """Markdown bullets: attendance share per regional group, highest first.

    Example:
        >>> frame = pl.DataFrame({"regional_group": ["WEOG", "WEOG"], "attended_as":
        ...     ["party", "absent"], "states": [19, 10], "members": [29, 29],
        ...     "share": [19 / 29, 10 / 29]})
        >>> participation_summary(frame)
        '- **Western European and other States**: 19 of 29 Member States attended (66%)'
    """
    labels = labels or load_labels(ENGLISH)
    attended = (regional.filter(pl.col("attended_as") != "absent")
                .group_by("regional_group")
                .agg(pl.col("states").sum(), pl.col("members").first())
                .with_columns(share=pl.col("states") / pl.col("members"))
                .sort("share", "regional_group", descending=[True, False]))
    return "\n".join(
        f"- **{labels.group(r['regional_group'])}**: " + labels.plural(
            "findings.attended", r["members"], states=labels.number(r["states"]),
            share=labels.percent(r["share"])) for r in attended.iter_rows(named=True))


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


def headline_numbers(source: Study | FigureTables) -> dict[str, object]:
    """The numbers behind discussion point 1, computed once for every write-up.

    Taken from the figure tables (``tables.figure_tables``), so the sentences state
    what the figures draw; pass the tables when you have them, a study otherwise. The
    sentences in every label language (``finding_sentences``) state these and nothing
    else.

    Returns:
        ``attendance_counts`` of the latest meeting; the Protocol parties on the latest
        date; the Member States certainly not bound (``outside``), by adherence to the
        Protocol and the Convention (``unknown``: the Convention record is open), and
        those whose Protocol consent the data cannot place before or after the date
        (``protocol_undecided``); where the States that attended stand on the latest
        date (``now_parties``, ``now_signatories``, ``now_non_parties``, ``now_unknown``);
        the ids of the attending Member States not bound (``engaged_not_bound_ids``, the
        engagement figure's, in its order) and of those that joined after the meeting,
        with their consent dates and kinds; the Member States undecided on the meeting
        date; and the dates the sentences name (``latest``, ``status_date``,
        ``meeting_date``, ``meeting_end``).

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> numbers = headline_numbers(build_study(default_report()))
        >>> numbers["participants"], numbers["protocol_parties"], numbers["engaged_not_bound"]
        (90, 123, 22)
    """
    tables = source if isinstance(source, FigureTables) else figure_tables(source)
    study = tables.study
    attendance, protocol = study.attendance, study.latest_status
    members = tables.adherence.filter(pl.col("membership") == "member")
    # Not bound: certainly not a party on the day (a consent known only by bounds may
    # already have been given, so it is counted apart, as undecided).
    outside = members.filter(not_bound())
    by_kind = dict(outside.group_by("adherence").len().iter_rows())
    engaged, joined = tables.engaged_not_bound, tables.joined_after_meeting
    states = attendance.filter(pl.col("entity_kind") == "state").select("entity_id")
    now = dict(protocol.join(states, on="entity_id", how="semi")
               .group_by("status").len().iter_rows())
    # The statuses the write-ups state: every Member State's adherence and the
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
        "engaged_not_bound": engaged.height,
        "engaged_not_bound_ids": engaged["entity_id"].to_list(),
        "joined_ids": joined["entity_id"].to_list(),
        "joined_dates": joined["consent_date"].to_list(),
        "joined_types": joined["consent_type"].to_list(),
        "now_parties": now.get("party", 0), "now_signatories": now.get("signatory", 0),
        "now_non_parties": now.get("none", 0), "now_unknown": now.get("unknown", 0),
        "marked": marked(tables.basis_latest, shown),
        "undecided_at_meeting": undecided.height,
        "undecided_attended": undecided.filter(
            pl.col("iso3").is_in(attendance["iso3"].drop_nulls().implode())).height,
        "latest": study.latest, "status_date": study.status_date,
        "meeting_date": study.meeting_date, "meeting_end": study.meeting_end,
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


def finding_sentences(numbers: dict[str, object], labels: Labels) -> list[str]:
    """The headline sentences in the label language: the one builder of every write-up.

    The briefing prints them (``brief.findings``) and the notebooks show them
    (``discussion_point_1``); each states a ``headline_numbers`` number and nothing else.

    Args:
        numbers: ``headline_numbers`` output, computed once for every language.
        labels: The label language.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> numbers = headline_numbers(build_study(default_report()))
        >>> finding_sentences(numbers, load_labels("en"))[1][:64]
        'On 4 May 2024, 56 of these 78 States were parties to the Protoco'
    """
    latest, meeting = numbers["latest"], numbers["status_date"]
    # Label key -> the headline number it states.
    adherence = {"brief.parties.outside": "outside",
                 "brief.parties.signatories": "latest_signatories",
                 "brief.parties.convention_only": "convention_only",
                 "brief.parties.neither": "neither", "brief.parties.unknown": "unknown"}
    stated = {key.rpartition(".")[2]: labels.plural(key, numbers[field])
              for key, field in adherence.items()}
    later = latest > (numbers["meeting_end"] or numbers["meeting_date"])
    sentences = [attendance_sentence(numbers, meeting, labels)]
    if later:
        # The capacity the States attended in holds on the meeting date; where the same
        # States stand on the briefing's date is a second, dated count.
        now = {"signatories": labels.plural("brief.attendance.signatories",
                                            numbers["now_signatories"]),
               "non_parties": labels.plural("brief.attendance.non_parties",
                                            numbers["now_non_parties"])}
        if numbers["now_unknown"]:
            now["unknown"] = labels.plural("brief.now.unknown", numbers["now_unknown"])
        sentences.append(labels(
            "brief.now_unknown" if numbers["now_unknown"] else "brief.now",
            latest=latest, meeting=meeting, then=labels.number(numbers["parties"]),
            parties=labels.plural("brief.now.parties", numbers["now_parties"],
                                  total=labels.number(numbers["states"])), **now))
    sentences += [
        # With no State undecided the sentence ends with those party to neither.
        labels("brief.parties" if numbers["unknown"] else "brief.parties_all_known",
               latest=latest, **(stated | {"protocol_parties": protocol_parties(numbers,
                                                                                labels)})),
        labels.plural("brief.not_bound", numbers["engaged_not_bound"], latest=latest,
                      names=named(numbers["engaged_not_bound_ids"], labels,
                                  in_list_order=True, marked=numbers["marked"])),
    ]
    if numbers["protocol_undecided"]:
        sentences.append(labels.plural("brief.undecided", numbers["protocol_undecided"],
                                       latest=latest))
    # On a briefing dated the meeting itself nobody can have joined since: no sentence.
    if later:
        sentences.append(labels("brief.joined", names=joined_list(
            numbers, labels, numbers["marked"])) if numbers["joined_ids"]
            else labels("brief.joined_none"))
    note = provenance_note(numbers["marked"], labels)
    if note:
        sentences.append(note)
    return sentences


def meeting_caveat(numbers: dict[str, object], labels: Labels) -> str:
    """The note on Member States the treaty data leaves undecided on the meeting date.

    "" when there are none, or when the sentences are of the meeting date itself (the
    undecided sentence of ``finding_sentences`` says it then). The notebooks add it to
    the shared sentences; the printed briefing has no room for it.

    Example:
        >>> import datetime as dt
        >>> meeting_caveat({"undecided_at_meeting": 1, "undecided_attended": 0,
        ...     "meeting_date": dt.date(2020, 7, 16), "meeting_end": dt.date(2020, 7, 17),
        ...     "latest": dt.date(2024, 5, 4)}, load_labels("en"))[:47]
        'Caveat: on 16 July 2020 the treaty data leaves '
    """
    later = numbers["latest"] > (numbers["meeting_end"] or numbers["meeting_date"])
    if not numbers["undecided_at_meeting"] or not later:
        return ""
    attended = (labels.plural("findings.caveat_attended", numbers["undecided_attended"])
                if numbers["undecided_attended"]
                else labels.plural("findings.caveat_none", numbers["undecided_at_meeting"]))
    return labels.plural("findings.caveat", numbers["undecided_at_meeting"],
                         meeting=numbers["meeting_date"], attended=attended)


def discussion_point_1(source: Study | FigureTables | dict[str, object],
                       labels: Labels | None = None) -> str:
    """Markdown bullets: the briefing's findings behind discussion point 1.

    The sentences of ``finding_sentences`` (default English), one bullet each: the same
    numbers and words the briefing states, States named as the figures name them; then
    the ``meeting_caveat``.

    Args:
        source: A study, its ``figure_tables``, or their ``headline_numbers``.
        labels: The label language (default English).

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> text = discussion_point_1(build_study(default_report()))
        >>> "123 parties (122 Member States and the European Union)" in text
        True
        >>> "58 parties to the Convention only" in text
        True
    """
    numbers = source if isinstance(source, dict) else headline_numbers(source)
    labels = labels or load_labels(ENGLISH)
    caveat = meeting_caveat(numbers, labels)
    return "\n".join(f"- {sentence}" for sentence in [
        *finding_sentences(numbers, labels), *([caveat] if caveat else [])])


def voice_summary(by_group: pl.DataFrame, labels: Labels | None = None) -> str:
    """Markdown bullets: share of each group's attending Member States that took the floor.

    Example:
        >>> frame = pl.DataFrame({"regional_group": ["WEOG"], "attended": [19], "spoke": [4],
        ...     "led_panel": [2], "share_spoke": [4 / 19]})
        >>> voice_summary(frame)[:70]
        '- **Western European and other States**: 4 of 19 attending Member Stat'
    """
    labels = labels or load_labels(ENGLISH)
    ordered = by_group.sort("share_spoke", "regional_group", descending=[True, False])
    return "\n".join(
        f"- **{labels.group(r['regional_group'])}**: " + labels.plural(
            "findings.spoke", r["attended"], spoke=labels.number(r["spoke"]),
            share=labels.percent(r["share_spoke"]), led=labels.number(r["led_panel"]))
        for r in ordered.iter_rows(named=True))


def series_summary(study: Study, labels: Labels | None = None) -> str:
    """Markdown: the meetings a study holds, side by side, or what a second report adds.

    In the label language (default English), as the findings are.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.study import build_study
        >>> text = series_summary(build_study(default_report()))
        >>> text.startswith("**One meeting**")
        True
        >>> series_summary(build_study(default_report()), load_labels("fr"))[:24]
        '**Une seule réunion** po'
    """
    labels = labels or load_labels(ENGLISH)
    table = series_table(study)
    engaged = engagement_then_accession(table, study.latest_status, study.latest)
    joined = engaged.filter(pl.col("joined") & pl.col("years_to_accession").is_not_null())
    later = labels.join([
        labels("series.summary.later", name=named([r["entity_id"]], labels),
               years=labels.plural("pending.years", Decimal(str(r["years_to_accession"]))),
               first=labels.date(r["first_attended"]))
        for r in joined.iter_rows(named=True)])
    stop = "。" if labels.lang == "zh" else "."
    accession = labels.plural("series.summary.joined", int(engaged["joined"].sum()),
                              engaged=labels.number(engaged.height),
                              latest=study.latest.isoformat())
    # The States named after the count, as each language introduces a list.
    colon = {"fr": "\u00a0: ", "ru": " — ", "zh": "："}.get(labels.lang, ": ")
    accession += (colon + later if later else "") + stop
    meetings = study.meetings
    if meetings.height == 1:
        return labels("series.summary.one", meeting=meetings["meeting"].item(),
                      day=labels.date(meetings["meeting_date"].item()), accession=accession)
    grid = attendance_grid(table)
    every = grid.filter(pl.col("meetings_attended") == meetings.height)["entity_id"].n_unique()
    return labels("series.summary.many", meetings=labels.number(meetings.height),
                  first=labels.date(meetings["meeting_date"].min()),
                  last=labels.date(meetings["meeting_date"].max()),
                  states=labels.plural("brief.attendance.states", grid["entity_id"].n_unique()),
                  every=labels.number(every), accession=accession)
