"""Voice: who chaired, who led panels and who made statements, as the report says.

Owns reading the speaking roles from a report's text (Chinese and English editions so
far): chair (``chair``), panellists with the regional group they spoke for
(``panellist``) and the States and bodies that made statements (``statement``), each
with its agenda item and paragraph, through the same name normaliser as attendance.
People's names are kept only as the report prints them. The voice tables join these
mentions to attendance and treaty status.
"""

from __future__ import annotations

import re

import polars as pl

from analysis.attendance import list_names
from analysis.errors import MissingSectionError, NotSupportedError
from analysis.languages import VOICE_CUES, VoiceCues
from analysis.names import NameIndex, default_name_index, normalise_names
from analysis.reference import entity_names
from analysis.report import Report, join_lines
from analysis.schemas import column_dtypes
from analysis.vocabulary import REGIONAL_GROUPS

SECRETARIAT_ID = "UNODC"  # the Secretariat of the Conference and its working groups
_LATIN_NAME = re.compile(r"[A-Z][\w.'\-]*(?:\s+(?:[a-z]{1,3}\s+)*[A-Z][\w.'\-]*)+")
_PAREN = re.compile(r"[(（]([^()（）]+)[)）]")
MENTION_SCHEMA = {name: dtype for name, dtype in column_dtypes("parse_voice").items()
                  if name != "iso3"}
"""The columns of a mention as read (``schemas.TABLES``); ``iso3`` is added after."""


def _group_code(text: str, cues: VoiceCues) -> str | None:
    for group, pattern in cues.groups.items():
        if re.search(pattern, text, re.IGNORECASE):
            return group
    return None


def _agenda_items(text: str, cues: VoiceCues) -> list[str]:
    items = []
    for match in re.finditer(cues.agenda_item, text, re.IGNORECASE):
        items += [g for g in match.groups() if g]
    return list(dict.fromkeys(items))


def _first_entity(text: str, lang: str, index: NameIndex) -> tuple[str, str, str] | None:
    found = index.find_in_text(text, lang)
    return (found[0][1], found[0][2], found[0][3]) if found else None


def _split_person(chunk: str, cues: VoiceCues) -> tuple[str | None, str]:
    """Split a panellist's text into the name as printed and the affiliation."""
    chunk = re.sub(r"^[\s;；:：,，、]*(?:and|以及|和)?\s*", "", chunk.strip())
    if cues.person_first:
        person, _, affiliation = chunk.partition(",")
        return (person.strip() or None), affiliation
    names = _LATIN_NAME.findall(chunk)
    if not names:
        return None, chunk
    return names[-1].strip(), chunk.replace(names[-1], " ")


def _panel_rows(number: int, text: str, items: list[str], lang: str, cues: VoiceCues,
                index: NameIndex) -> list[dict]:
    rows, start = [], 0
    # The list of panellists starts after the colon, or after "moderated by" / "讨论由".
    lead = re.search(r":", text) or re.search(cues.panel, text, re.IGNORECASE)
    body = text[lead.end():]
    for match in _PAREN.finditer(body):
        chunk = body[start:match.start()]
        start = match.end()
        person, affiliation = _split_person(chunk, cues)
        if person is None:
            continue
        inside = match.group(1).strip()
        row = {"paragraph": number, "agenda_item": items[0] if items else None,
               "role": "panellist", "person": person, "group_stated": None,
               "group_stated_raw": None}
        stated = re.sub(cues.representing, "", inside, flags=re.IGNORECASE)
        if stated != inside:  # "(on behalf of …)": a regional group or a body
            row["group_stated_raw"] = stated.strip()
            row["group_stated"] = _group_code(stated, cues)
            body_named = None if row["group_stated"] else _first_entity(stated, lang, index)
            entity = body_named or _first_entity(affiliation, lang, index)
        else:  # "(Mexico)": the State or body itself
            entity = _first_entity(inside, lang, index)
        if entity is not None:
            row.update(raw_name=entity[0], entity_id=entity[1], entity_kind=entity[2])
        rows.append(row)
    return rows


def _chair_rows(number: int, text: str, lang: str, cues: VoiceCues, index: NameIndex
                ) -> list[dict]:
    sentence = re.split(r"[。.]\s", text, maxsplit=1)[0]
    chaired = re.search(cues.chair, sentence, re.IGNORECASE)
    rest = sentence[chaired.end():] if cues.person_first else sentence
    person, affiliation = _split_person(rest, cues)
    entity = _first_entity(affiliation, lang, index)
    row = {"paragraph": number, "agenda_item": None, "role": "chair", "person": person,
           "group_stated": None, "group_stated_raw": None}
    if entity is not None:
        row.update(raw_name=entity[0], entity_id=entity[1], entity_kind=entity[2])
    return [row]


def _statement_rows(number: int, text: str, items: list[str], lang: str, cues: VoiceCues,
                    index: NameIndex, source: str) -> list[dict]:
    lead_in, colon, listed = text.partition(":")
    if colon:  # a list, as in attendance: every name must resolve
        names = pl.DataFrame({"raw_name": list_names(
            listed, lang, lambda name: index.is_known(name, lang))}, schema={"raw_name": pl.String})
        resolved = normalise_names(names, "raw_name", lang=lang, index=index,
                                   where=f"{source}, paragraph {number}")
        found = list(resolved.select("raw_name", "entity_id", "entity_kind").iter_rows())
    else:  # names inside a sentence: only known forms can be found
        text = join_lines(text, lang)
        found = [(form, entity_id, kind) for _, form, entity_id, kind
                 in index.find_in_text(text, lang)]
    if re.search(cues.secretariat, lead_in if colon else text, re.IGNORECASE):
        found.insert(0, (re.search(cues.secretariat, text, re.IGNORECASE).group(0),
                         SECRETARIAT_ID, "un_entity"))
    unique = list({entity_id: (form, entity_id, kind)
                   for form, entity_id, kind in reversed(found)}.values())[::-1]
    return [{"paragraph": number, "agenda_item": item, "role": "statement", "person": None,
             "raw_name": form, "entity_id": entity_id, "entity_kind": kind,
             "group_stated": None, "group_stated_raw": None}
            for item in (items or [None]) for form, entity_id, kind in unique]


def parse_voice(report: Report, index: NameIndex | None = None) -> pl.DataFrame:
    """Every mention of a chair, panellist or statement in a report.

    Args:
        report: The report (Chinese or English edition).
        index: The name index (default: the shipped reference data).

    Returns:
        ``paragraph, agenda_item, role, person, raw_name, entity_id, entity_kind,
        iso3, group_stated, group_stated_raw`` in report order. ``agenda_item`` is
        ``1`` for the opening of the meeting and null for the chair of the whole
        meeting; ``group_stated`` is the regional group a panellist spoke for, as
        the report states it.

    Raises:
        NotSupportedError: when the report's language is not supported yet.
        MissingSectionError: when the report names no speaker at all.
        UnknownNameError: when a list of speakers holds a name that does not resolve.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.report import read_report
        >>> voice = parse_voice(read_report(default_report()))
        >>> voice.filter(pl.col("role") == "chair")["entity_id"].item()
        'MEX'
    """
    cues = VOICE_CUES.get(report.language)
    if cues is None:
        raise NotSupportedError(
            report.source, f"reading speaking roles from {report.language} reports is not "
            "supported yet (zh and en are)")
    index = index or default_name_index()
    rows: list[dict] = []
    current: list[str] = []
    for paragraph in report.paragraphs:
        lines = paragraph.text.split("\n\n")[0]  # headings after a paragraph are not part of it
        text = join_lines(lines, report.language)  # one line, however a PDF wrapped it
        items = _agenda_items(text, cues)
        if items:
            current = items
        elif re.search(cues.opening, text, re.IGNORECASE):
            items = current = ["1"]
        else:
            items = current
        if re.search(cues.panel, text, re.IGNORECASE):
            rows += _panel_rows(paragraph.number, text, items, report.language, cues, index)
        elif re.search(cues.chair, text, re.IGNORECASE):
            rows += _chair_rows(paragraph.number, text, report.language, cues, index)
        elif re.search(cues.statement, text, re.IGNORECASE):
            # A list keeps its lines: ``list_names`` mends names hyphenated at a line end.
            rows += _statement_rows(paragraph.number, lines, items, report.language, cues, index,
                                    report.source)
    if not rows:
        raise MissingSectionError(report.source, "speaking roles (chair, panellists, statements)")
    frame = pl.DataFrame(rows, schema=MENTION_SCHEMA)
    return frame.with_columns(
        iso3=pl.when(pl.col("entity_kind") == "state").then("entity_id")).select(
        *MENTION_SCHEMA, "iso3")


def voice_by_entity(mentions: pl.DataFrame, attendance: pl.DataFrame,
                    status: pl.DataFrame) -> pl.DataFrame:
    """One row per participant that attended or spoke, with its roles and treaty status.

    Args:
        mentions: ``parse_voice`` output.
        attendance: ``parse_attendance`` output.
        status: ``status_on`` the meeting date.

    Returns:
        ``entity_id, name, entity_kind, regional_group, attended_as, status, chaired,
        led_panel, made_statement, spoke, agenda_items, persons, group_stated``; bodies
        that spoke without being listed as attending (the Secretariat) have a null
        ``attended_as``.

    Example:
        >>> from analysis.report import default_report
        >>> from analysis.attendance import parse_attendance
        >>> from analysis.report import read_report
        >>> from analysis.treaty import status_on
        >>> report = read_report(default_report())
        >>> table = voice_by_entity(parse_voice(report), parse_attendance(report),
        ...                         status_on("2020-07-16"))
        >>> table.filter(pl.col("led_panel"))["entity_id"].sort().to_list()
        ['BRA', 'ESP', 'EUU', 'ITA', 'MEX', 'ZAF']
    """
    roles = (mentions.filter(pl.col("entity_id").is_not_null())
             .group_by("entity_id", maintain_order=True)
             .agg(chaired=(pl.col("role") == "chair").any(),
                  led_panel=(pl.col("role") == "panellist").any(),
                  made_statement=(pl.col("role") == "statement").any(),
                  agenda_items=pl.col("agenda_item").drop_nulls().unique().sort()
                  .str.join(";"),
                  persons=pl.col("person").drop_nulls().unique(maintain_order=True)
                  .str.join("; "),
                  group_stated=pl.col("group_stated").drop_nulls().unique().sort()
                  .str.join(";"),
                  entity_kind=pl.col("entity_kind").first()))
    present = attendance.select("entity_id", "entity_kind", "attended_as")
    everyone = pl.concat([present.select("entity_id", "entity_kind"),
                          roles.select("entity_id", "entity_kind")]).unique(
        "entity_id", keep="first", maintain_order=True)
    names = status.select("entity_id", "regional_group", "status")
    flags = ["chaired", "led_panel", "made_statement"]
    return (everyone.join(present.drop("entity_kind"), on="entity_id", how="left")
            .join(roles.drop("entity_kind"), on="entity_id", how="left")
            .join(names, on="entity_id", how="left")
            .join(entity_names(), on="entity_id", how="left")
            .with_columns(pl.col(flags).fill_null(False),
                          pl.col("agenda_items", "persons", "group_stated").replace("", None))
            .with_columns(spoke=pl.any_horizontal(flags))
            .select("entity_id", "name", "entity_kind", "regional_group", "attended_as",
                    "status", *flags, "spoke", "agenda_items", "persons", "group_stated"))


def voice_by_group(entities: pl.DataFrame) -> pl.DataFrame:
    """Per regional group: Member States that attended, made statements, led panels.

    Args:
        entities: ``voice_by_entity`` output.

    Returns:
        ``regional_group, attended, made_statement, led_panel, spoke, share_spoke``
        (the share of the group's attending States that spoke, rounded to 4 places as
        every share in the package is), ``panels_for_group``
        (panellists who spoke on behalf of the group, as the report states it) and
        ``took_floor`` (States that made a statement or led a panel: ``spoke`` without
        a State that only chaired, so that it adds up from the two bars a chart draws).

    Example:
        >>> frame = pl.DataFrame({"entity_id": ["ESP"], "entity_kind": ["state"],
        ...     "regional_group": ["WEOG"], "attended_as": ["party"], "made_statement": [True],
        ...     "led_panel": [True], "spoke": [True], "group_stated": ["WEOG"]})
        >>> voice_by_group(frame).filter(pl.col("regional_group") == "WEOG")["share_spoke"].item()
        1.0
        >>> frame = frame.with_columns(spoke=pl.Series([False]))
        >>> voice_by_group(pl.concat([frame] * 2 + [frame.with_columns(spoke=True)]))[
        ...     "share_spoke"].to_list()
        [0.0, 0.0, 0.0, 0.0, 0.3333]
    """
    states = entities.filter((pl.col("entity_kind") == "state")
                             & pl.col("regional_group").is_not_null()
                             & pl.col("attended_as").is_not_null())
    counts = states.group_by("regional_group").agg(
        attended=pl.len(), made_statement=pl.col("made_statement").sum(),
        led_panel=pl.col("led_panel").sum(), spoke=pl.col("spoke").sum(),
        took_floor=(pl.col("made_statement") | pl.col("led_panel")).sum())
    stated = (entities.select(pl.col("group_stated").str.split(";")).explode("group_stated")
              .filter(pl.col("group_stated").is_not_null() & (pl.col("group_stated") != ""))
              .group_by("group_stated").agg(panels_for_group=pl.len())
              .rename({"group_stated": "regional_group"}))
    frame = (pl.DataFrame({"regional_group": list(REGIONAL_GROUPS)})
             .join(counts, on="regional_group", how="left")
             .join(stated, on="regional_group", how="left")
             .with_columns(pl.exclude("regional_group").fill_null(0)))
    # Rounded for reading (0.0909, not 0.09090909090909091), like participation's shares.
    return frame.with_columns(
        share_spoke=pl.when(pl.col("attended") > 0)
        .then((pl.col("spoke") / pl.col("attended")).round(4)).otherwise(0.0))
