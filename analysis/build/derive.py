"""Derivation of the treaty record from the raw treaty sources (``make data``).

``make data`` (``python -m analysis data``: ``write_derived_tables``) also re-derives
the world map (``analysis.build.worldmap``) and the dates of UN membership in
``un_member_states.csv`` (``write_member_admissions``).

Owns turning the files in ``data/raw/treaties/`` into ``data/reference/
treaty_participation.csv``: one row per treaty and participant with the signature,
the consent to be bound (date, kind, confidence, evidence), entry into force, and the
bounds that stand in for a date nobody could verify. The raw files are never edited;
re-running ``make data`` rewrites the table, so a change of a source
shows up as a reviewable diff.

The inputs, per treaty (see ``TREATY_SOURCES``):

* a UN Treaty Collection status table, scraped on a known day (``Participant,
  Signature, <consent>``, dates as ``D Mon YYYY`` with the kind as a suffix);
* later consents with evidence and confidence (``participant, iso3, consent_date,
  consent_type, confidence, evidence, note``);
* curated bounds (``treaty, participant, iso3, party_after, party_by, evidence,
  note``) for consents whose date is unknown.

Names are mapped to ids by the package's own normaliser, and the id each evidence
file states must agree with it. Facts that follow from the treaties themselves are
derived, not curated: a State that deposited consent to the Firearms Protocol was
then a party to the Convention (article 37(2) of the Convention), which bounds the
Convention consents the sources do not date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import polars as pl

from analysis import paths
from analysis.build.worldmap import write_world_map
from analysis.errors import ReferenceDataError
from analysis.names import normalise_names
from analysis.reference import (
    MemberStateSchema,
    TreatyParticipationSchema,
    load_member_states,
    read_sidecar,
    validated,
)
from analysis.treaty_rules import entry_into_force, published_totals, status_expression

# The suffix UNTC prints after a deposit date, and the kind of instrument it stands for.
UNTC_CONSENT_KINDS = {"": "ratification", "a": "accession", "A": "acceptance",
                      "AA": "approval", "d": "succession"}

RECORD_COLUMNS = [
    "treaty", "entity_id", "participant", "signature_date", "signature_evidence",
    "consent_date", "consent_type", "consent_confidence", "consent_evidence",
    "entry_into_force", "party_after", "party_by", "inference", "note"]

TREATY_SOURCES: dict[str, dict[str, str]] = {
    "firearms-protocol": {"untc": "firearms-protocol.untc-2014-07-10.csv",
                          "later": "firearms-protocol.after-2014.csv"},
    "untoc": {"untc": "untoc.untc-2014-01-27.csv", "later": "untoc.after-2014.csv",
              "evidence": "untoc.evidence-2026-12.csv"},
}
BOUNDS_FILE = "treaty-bounds.curated.csv"
EVIDENCE_COLUMNS = ("iso3", "treaty", "finding", "party_after", "party_by", "date",
                    "confidence", "source", "quote")
# How sure a dated consent is, most sure first: the better of two sources is kept.
CONFIDENCE_RANK = {"untc": 0, "high": 1, "medium": 2, "derived": 3, "bound": 4}


def _ids(frame: pl.DataFrame, column: str, where: Path, keys: tuple[str, ...] = ("entity_id",)
         ) -> pl.DataFrame:
    """Add ``entity_id`` for the names in ``column``; every name resolves, each key once."""
    mapped = normalise_names(frame, column, lang="en", where=where.name).drop(
        "entity_kind", "iso3")
    twice = mapped.filter(pl.struct(keys).is_duplicated())
    if twice.height:
        raise ReferenceDataError(where, "participants listed more than once: " + ", ".join(
            sorted(set(twice[column]))))
    return mapped


def read_untc_status(path: Path) -> pl.DataFrame:
    """Read a scraped UNTC status table into one row per participant.

    Args:
        path: A file such as ``untoc.untc-2014-01-27.csv`` (with its sidecar).

    Returns:
        ``entity_id, participant, signature_date, consent_date, consent_type,
        consent_confidence, consent_evidence, signature_evidence``.

    Raises:
        ReferenceDataError: a date or suffix that cannot be read, naming the row.

    Example:
        >>> table = read_untc_status(paths.RAW_TREATIES_DIR / "untoc.untc-2014-01-27.csv")
        >>> table.filter(pl.col("entity_id") == "EUU")["consent_type"].item()
        'approval'
    """
    meta = read_sidecar(path)
    evidence = f"UNTC status table as of {meta['as_of']} ({path.name})"
    raw = pl.read_csv(path, infer_schema=False)
    raw = raw.rename(dict(zip(raw.columns, ["participant", "signature", "consent"],
                              strict=True)))
    parts = pl.col("consent").str.extract_groups(r"^(\d{1,2} \w{3} \d{4})(?: (a|A|AA|d))?$")
    table = raw.with_columns(
        signature_date=pl.col("signature").str.to_date("%d %b %Y", strict=False),
        consent_date=parts.struct["1"].str.to_date("%d %b %Y", strict=False),
        consent_type=parts.struct["2"].fill_null("").replace_strict(UNTC_CONSENT_KINDS)
        .fill_null(pl.lit(None)))
    unreadable = table.filter(
        (pl.col("signature").is_not_null() & pl.col("signature_date").is_null())
        | (pl.col("consent").is_not_null() & pl.col("consent_date").is_null()))
    if unreadable.height:
        raise ReferenceDataError(path, "dates that are not 'D Mon YYYY [a|A|AA|d]' for "
                                 + ", ".join(unreadable["participant"].head(5)))
    table = _ids(table, "participant", path)
    consented = pl.col("consent_date").is_not_null()
    return table.select(
        "entity_id", "participant", "signature_date",
        pl.when(consented).then("consent_date").alias("consent_date"),
        pl.when(consented).then("consent_type").alias("consent_type"),
        consent_confidence=pl.when(consented).then(pl.lit("untc")),
        consent_evidence=pl.when(consented).then(pl.lit(evidence)),
        signature_evidence=pl.when(pl.col("signature_date").is_not_null())
        .then(pl.lit(evidence)))


def _checked_ids(path: Path, keys: tuple[str, ...] = ("entity_id",)) -> pl.DataFrame:
    """Read an evidence file and check that its ``iso3`` is what the normaliser says."""
    frame = pl.read_csv(path, infer_schema=False).rename({"iso3": "stated_id"})
    mapped = _ids(frame, "participant", path, keys)
    wrong = mapped.filter(pl.col("entity_id") != pl.col("stated_id"))
    if wrong.height:
        pairs = ", ".join(f"{p} is {e}, not {i}" for p, e, i in
                          wrong.select("participant", "entity_id", "stated_id").iter_rows())
        raise ReferenceDataError(path, f"ids that disagree with the participant's name: {pairs}")
    return mapped


def read_later_consents(path: Path) -> pl.DataFrame:
    """Read consents deposited after a scrape (one row each, evidence and confidence).

    Rows without a consent date (a case still open) are left out here; their bounds
    live in the curated bounds file, and ``derive_treaty_participation`` checks that
    each such case ends up bounded.

    Example:
        >>> later = read_later_consents(
        ...     paths.RAW_TREATIES_DIR / "firearms-protocol.after-2014.csv")
        >>> later.filter(pl.col("entity_id") == "DEU")["consent_date"].item()
        datetime.date(2021, 10, 14)
    """
    return (_checked_ids(path)
            .filter(pl.col("consent_date").is_not_null())
            .select("entity_id", "participant",
                    consent_date=pl.col("consent_date").str.to_date("%Y-%m-%d"),
                    consent_type=pl.col("consent_type"),
                    consent_confidence=pl.col("confidence"),
                    consent_evidence=pl.col("evidence"), note=pl.col("note")))


def read_bounds(path: Path) -> pl.DataFrame:
    """Read the curated bounds: ``treaty, entity_id, participant, party_after, party_by``.

    Example:
        >>> bounds = read_bounds(paths.RAW_TREATIES_DIR / BOUNDS_FILE)
        >>> bounds.filter(pl.col("entity_id") == "LUX")["party_by"].item()
        datetime.date(2022, 10, 31)
    """
    bounds = _checked_ids(path, ("treaty", "entity_id"))
    if "inference" not in bounds.columns:
        bounds = bounds.with_columns(inference=pl.lit(None, pl.String))
    bounds = bounds.select("treaty", "entity_id", "participant",
                           pl.col("party_after").str.to_date("%Y-%m-%d"),
                           pl.col("party_by").str.to_date("%Y-%m-%d"),
                           consent_confidence=pl.lit("bound"),
                           consent_evidence="evidence", inference="inference", note="note")
    backwards = bounds.filter(pl.col("party_after") >= pl.col("party_by"))
    if backwards.height:
        raise ReferenceDataError(path, "party_after must come before party_by: "
                                 + ", ".join(backwards["participant"]))
    return bounds


def _evidence_date(column: str) -> pl.Expr:
    """A ``YYYY-MM-DD`` or month-only ``YYYY-MM`` date (the month's first day)."""
    text = pl.col(column)
    return (pl.when(text.str.len_chars() == 7).then(text.str.to_date("%Y-%m", strict=False))
            .otherwise(text.str.to_date("%Y-%m-%d", strict=False)))


def read_evidence(path: Path, treaty: str, as_of: dt.date) -> pl.DataFrame:
    """Read findings about one treaty: deposits, bounds and days a State was not a party.

    Each row of the file (columns ``EVIDENCE_COLUMNS``) becomes one fact:

    * ``deposit`` (confidence ``high`` or ``medium``): consent deposited on ``date``;
      the kind is the finding's first word when it names one, else accession for a
      State that never signed (signature closed in 2002), else left open;
    * ``bound`` (confidence ``bound``): not a party on ``party_after``, a party by
      ``party_by``;
    * ``not_party`` (confidence ``none-on-date``, or ``none-on-date (inferred)`` when a
      statement implies it rather than says it): not a party on ``date``. No State has
      withdrawn, so the State was not a party on any earlier day either: a statement
      dated after ``as_of`` is used as one about ``as_of``. A month-only date counts
      as the month's first day.

    Returns:
        ``entity_id, kind, day, party_after, party_by, consent_type, confidence,
        inferred, evidence, finding`` (``party_after`` holds the day a ``not_party``
        fact says the State was not a party, capped at ``as_of``).

    Raises:
        ReferenceDataError: missing columns, an unknown confidence, or a date that
            cannot be read, naming the file and the rows.

    Example:
        >>> facts = read_evidence(paths.RAW_TREATIES_DIR / "untoc.evidence-2026-12.csv",
        ...                       "untoc", dt.date(2024, 5, 4))
        >>> facts.filter(pl.col("entity_id") == "ERI")["day"].item()
        datetime.date(2014, 9, 25)
    """
    raw = pl.read_csv(path, infer_schema=False)
    missing = [c for c in EVIDENCE_COLUMNS if c not in raw.columns]
    if missing:
        raise ReferenceDataError(path, f"missing columns: {', '.join(missing)}")
    raw = raw.with_row_index("line", offset=2).filter(pl.col("treaty") == treaty)
    kinds = {"high": "deposit", "medium": "deposit", "bound": "bound",
             "none-on-date": "not_party", "none-on-date (inferred)": "not_party"}
    facts = raw.with_columns(
        entity_id=pl.col("iso3"),
        kind=pl.col("confidence").replace_strict(kinds, default=None),
        day=_evidence_date("date"),
        party_after=pl.col("party_after").str.to_date("%Y-%m-%d", strict=False),
        party_by=pl.col("party_by").str.to_date("%Y-%m-%d", strict=False),
        # A bound that is written but cannot be read is an error, never a silent gap.
        garbled=pl.any_horizontal(pl.col(c).is_not_null()
                                  & pl.col(c).str.to_date("%Y-%m-%d", strict=False).is_null()
                                  for c in ("party_after", "party_by")),
        inferred=pl.col("confidence").str.ends_with("(inferred)"))
    unreadable = facts.filter(
        pl.col("garbled") | pl.col("kind").is_null()
        | (pl.col("kind").is_in(["deposit", "not_party"]) & pl.col("day").is_null())
        | ((pl.col("kind") == "deposit") & (pl.col("date").str.len_chars() != 10))
        | ((pl.col("kind") == "bound")
           & pl.col("party_after").is_null() & pl.col("party_by").is_null()))
    if unreadable.height:
        raise ReferenceDataError(path, "rows with an unknown confidence or a date that is not "
                                 "YYYY-MM-DD (YYYY-MM for a statement): lines "
                                 + ", ".join(str(n) for n in unreadable["line"]))
    kind_word = pl.col("finding").str.extract(r"^(ratification|accession|acceptance|approval)")
    return facts.select(
        "entity_id", "kind", "day",
        party_after=pl.when(pl.col("kind") == "not_party")
        .then(pl.min_horizontal("day", pl.lit(as_of))).otherwise("party_after"),
        party_by="party_by",
        consent_type=pl.when(pl.col("kind") == "deposit").then(kind_word),
        confidence=pl.col("confidence"),
        inferred="inferred",
        evidence=pl.format('{} ("{}")', "source", "quote"),
        finding=pl.format("{} ({})", "finding", pl.coalesce("date", pl.lit("bounds"))))


def _apply_evidence(record: pl.DataFrame, facts: pl.DataFrame, path: Path) -> pl.DataFrame:
    """Fold findings into a treaty's record, refusing any that contradicts it.

    A deposit date must agree with a date already held and fall within bounds already
    held (it then replaces them); bounds are intersected; a day the State was not a
    party raises ``party_after`` and must come before its consent. Evidence and
    findings are appended, so every row keeps what it rests on.
    """
    strays = facts.join(record, on="entity_id", how="anti")
    if strays.height:
        raise ReferenceDataError(path, "findings for participants the record does not hold: "
                                 + ", ".join(sorted(set(strays["entity_id"]))))
    deposit = pl.col("kind") == "deposit"
    stated = ~pl.col("inferred")
    found = facts.group_by("entity_id", maintain_order=True).agg(
        found_dates=pl.col("day").filter(deposit).n_unique(),
        found_date=pl.col("day").filter(deposit).first(),
        found_type=pl.col("consent_type").filter(deposit).drop_nulls().first(),
        found_confidence=pl.col("confidence").filter(deposit).first(),
        found_after=pl.col("party_after").filter(stated).max(),
        inferred_after=pl.col("party_after").filter(~stated).max(),
        inferred_finding=pl.col("finding").filter(~stated).last(),
        found_by=pl.col("party_by").min(),
        found_evidence=pl.col("evidence").str.join(" | "),
        found_note=pl.col("finding").str.join("; "))
    joined = record.join(found, on="entity_id", how="left")
    consent = pl.coalesce("consent_date", "found_date")
    after = pl.max_horizontal("party_after", "found_after", "inferred_after")
    by = pl.min_horizontal("party_by", "found_by")
    problems = {
        "two deposit dates": pl.col("found_dates") > 1,
        "a deposit date other than the one held": pl.col("consent_date") != pl.col("found_date"),
        "a deposit date outside the bounds held": (pl.col("found_date") <= pl.col("party_after"))
        | (pl.col("found_date") > pl.col("party_by")),
        "not a party on a day after its consent": pl.max_horizontal(
            "found_after", "inferred_after") >= consent,
        "bounds that leave no day": after >= by,
    }
    for problem, wrong in problems.items():
        rows = joined.filter(wrong.fill_null(False))
        if rows.height:
            raise ReferenceDataError(path, f"findings with {problem}: "
                                     + ", ".join(rows["entity_id"]))
    newly_dated = pl.col("consent_date").is_null() & pl.col("found_date").is_not_null()
    better = (pl.col("found_confidence").replace_strict(CONFIDENCE_RANK, default=None)
              < pl.col("consent_confidence").replace_strict(CONFIDENCE_RANK, default=None))
    return joined.with_columns(
        consent_date=consent,
        consent_type=pl.coalesce(
            "consent_type", "found_type",
            pl.when(newly_dated & pl.col("signature_date").is_null()).then(pl.lit("accession"))),
        consent_confidence=pl.when(newly_dated | better.fill_null(False))
        .then("found_confidence").otherwise("consent_confidence"),
        # A deposit now dated rests on its own evidence; what bounded it is in the note.
        consent_evidence=pl.when(newly_dated).then("found_evidence").otherwise(
            pl.concat_str("consent_evidence", "found_evidence", separator=" | ",
                          ignore_nulls=True)),
        party_after=pl.when(consent.is_null()).then(after),
        party_by=pl.when(consent.is_null()).then(by),
        inference=pl.coalesce(
            "inference",
            pl.when(consent.is_null() & (pl.col("inferred_after") > pl.col("found_after")
                                         .fill_null(dt.date.min)))
            .then(pl.format("not a party on {}, read from a statement that implies it: {}",
                            "inferred_after", "inferred_finding"))),
        note=pl.when(pl.col("found_note").is_null()).then("note").otherwise(pl.concat_str(
            pl.when(newly_dated & pl.col("party_by").is_not_null()).then(pl.format(
                "Before the deposit was dated, bounds {}..{}:", "party_after", "party_by")),
            "note", pl.lit("Later findings:"), "found_note", separator=" ", ignore_nulls=True)),
    ).drop(pl.selectors.starts_with("found_"), "inferred_after", "inferred_finding")


def _close_on_depositary_totals(record: pl.DataFrame, treaty: str) -> pl.DataFrame:
    """Settle open cases where a depositary's total leaves no room for them (closure).

    On the day the UN Treaty Collection published a total of parties, if the parties
    the record holds for certain already make that total, no case still open that day
    can have been a party: each gets that day as ``party_after``, and ``inference``
    names the total it rests on. A total below the certain parties is a contradiction.
    """
    totals = (published_totals(treaty).filter(pl.col("publisher") == "UNTC")
              .select("date", total="parties", source="source"))
    status = status_expression(pl.col("date"))
    counts = (record.join(totals, how="cross").group_by("date", "total")
              .agg(certain=(status == "party").sum(), open=(status == "unknown").sum()))
    over = counts.filter(pl.col("certain") > pl.col("total"))
    if over.height:
        raise ReferenceDataError(paths.TREATY_ANCHORS, f"{treaty}: the record holds more parties "
                                 f"than the UNTC total on {over['date'][0]}")
    closing = counts.filter((pl.col("certain") == pl.col("total")) & (pl.col("open") > 0))
    settled = (record.join(closing.select("date", "total"), how="cross")
               .filter(status == "unknown")
               .group_by("entity_id").agg(pl.all().sort_by("date").last())
               .select("entity_id", closed_on="date", closed_total="total"))
    return (record.join(settled, on="entity_id", how="left")
            .with_columns(
                party_after=pl.max_horizontal("party_after", "closed_on"),
                inference=pl.concat_str("inference", pl.format(
                    "not a party on {}: the UN Treaty Collection counted {} parties that day, "
                    "as many as the record holds for certain without it (closure)",
                    "closed_on", "closed_total"), separator="; ", ignore_nulls=True)
                .replace("", None))
            .drop("closed_on", "closed_total"))


def _treaty_record(treaty: str, raw_dir: Path) -> pl.DataFrame:
    """The record of one treaty from its scrape and its later consents (no bounds yet)."""
    sources = TREATY_SOURCES[treaty]
    scrape = read_untc_status(raw_dir / sources["untc"])
    later_path = raw_dir / sources["later"]
    later = (read_later_consents(later_path) if later_path.is_file()
             else scrape.clear().select("entity_id", "participant", "consent_date",
                                        "consent_type", "consent_confidence",
                                        "consent_evidence", note=pl.lit(None, pl.String)))
    clash = scrape.join(later, on="entity_id", how="inner").filter(
        pl.col("consent_date").is_not_null())
    if clash.height:
        raise ReferenceDataError(later_path, "consents already dated in the UNTC table: "
                                 + ", ".join(clash["entity_id"]))
    later_cols = [c for c in later.columns if c not in ("entity_id", "participant")]
    merged = (scrape.join(later, on="entity_id", how="full", coalesce=True, suffix="_later")
              .with_columns(
                  participant=pl.coalesce("participant", "participant_later"),
                  **{c: pl.coalesce(f"{c}_later", c) for c in later_cols if c != "note"}))
    return (merged.select(pl.exclude("^.*_later$"))
            .with_columns(treaty=pl.lit(treaty), party_after=pl.lit(None, pl.Date),
                          party_by=pl.lit(None, pl.Date), inference=pl.lit(None, pl.String)))


def _with_bounds(record: pl.DataFrame, bounds: pl.DataFrame, path: Path) -> pl.DataFrame:
    """Put curated bounds on a treaty's undated consents; add bounded participants."""
    bounds = bounds.filter(pl.col("treaty") == record["treaty"][0]).drop("treaty")
    bounded = record.join(bounds.drop("participant"), on="entity_id", how="left",
                          suffix="_bound")
    clash = bounded.filter(pl.col("consent_confidence_bound").is_not_null()
                           & pl.col("consent_date").is_not_null())
    if clash.height:
        raise ReferenceDataError(path, "bounds for consents that are dated: "
                                 + ", ".join(clash["entity_id"]))
    columns = ("party_after", "party_by", "consent_confidence", "consent_evidence", "inference",
               "note")
    return pl.concat([
        bounded.with_columns(**{c: pl.coalesce(f"{c}_bound", c) for c in columns})
        .select(pl.exclude("^.*_bound$")),
        bounds.join(record, on="entity_id", how="anti")
        .with_columns(treaty=pl.lit(record["treaty"][0])),
    ], how="diagonal_relaxed")


def derive_treaty_participation(raw_dir: Path = paths.RAW_TREATIES_DIR) -> pl.DataFrame:
    """Build the treaty record for both treaties from the raw sources.

    Args:
        raw_dir: The folder holding the raw treaty files and their sidecars.

    Returns:
        One row per treaty and participant, columns ``RECORD_COLUMNS``, sorted by
        treaty and id. A Convention row is added for every UN Member or observer State
        that the Convention scrape does not show as a party: dated where evidence
        exists, else bounded (not a party on the scrape's day; a party by the day it
        joined the Protocol, by article 37(2)), and curated bounds where they are
        tighter.

    Example:
        >>> record = derive_treaty_participation()
        >>> record.group_by("treaty").len().sort("treaty")["len"].to_list()
        [130, 198]
    """
    bounds_path = raw_dir / BOUNDS_FILE
    bounds = read_bounds(bounds_path)
    protocol = _with_bounds(_treaty_record("firearms-protocol", raw_dir), bounds, bounds_path)
    untoc = _treaty_record("untoc", raw_dir)
    untoc_as_of = read_sidecar(raw_dir / TREATY_SOURCES["untoc"]["untc"])["as_of"]

    # Every State that could still join the Convention gets a row, so that no status
    # after the scrape is "none" merely because the source stops there.
    states = load_member_states().select(entity_id="iso3", participant_state="name_en")
    untoc = (untoc.join(states, on="entity_id", how="full", coalesce=True)
             .with_columns(participant=pl.coalesce("participant", "participant_state"),
                           treaty=pl.lit("untoc"))
             .drop("participant_state"))
    joined_protocol = protocol.select(
        "entity_id", protocol_by=pl.coalesce("consent_date", "party_by"))
    undated = pl.col("consent_date").is_null()
    untoc = (untoc.join(joined_protocol, on="entity_id", how="left")
             .with_columns(
                 party_after=pl.when(undated).then(pl.lit(untoc_as_of).str.to_date()),
                 party_by=pl.when(undated).then("protocol_by"),
                 consent_confidence=pl.when(undated).then(pl.lit("bound"))
                 .otherwise("consent_confidence"),
                 consent_evidence=pl.when(undated & pl.col("protocol_by").is_not_null())
                 .then(pl.format("not a party in the UNTC table of {}; a party by {}, when it "
                                 "was a party to the Firearms Protocol (UNTOC art. 37(2))",
                                 pl.lit(untoc_as_of), "protocol_by"))
                 .when(undated).then(pl.format("not a party in the UNTC table of {}; no later "
                                               "consent found", pl.lit(untoc_as_of)))
                 .otherwise("consent_evidence"))
             .drop("protocol_by"))
    untoc = _with_bounds(untoc, bounds, bounds_path)
    evidence_path = raw_dir / TREATY_SOURCES["untoc"]["evidence"]
    evidence_as_of = dt.date.fromisoformat(read_sidecar(evidence_path)["as_of"])
    untoc = _apply_evidence(untoc, read_evidence(evidence_path, "untoc", evidence_as_of),
                            evidence_path)
    untoc = _close_on_depositary_totals(untoc, "untoc")

    record = pl.concat([
        frame.with_columns(entry_into_force=entry_into_force(pl.col("consent_date"), treaty))
        for treaty, frame in (("firearms-protocol", protocol), ("untoc", untoc))],
        how="diagonal_relaxed")
    _check_open_cases_are_bounded(record, raw_dir)
    return (record.with_columns(pl.col("signature_date", "consent_date", "entry_into_force",
                                       "party_after", "party_by").cast(pl.Date))
            .select(RECORD_COLUMNS).sort("treaty", "entity_id"))


def _check_open_cases_are_bounded(record: pl.DataFrame, raw_dir: Path) -> None:
    """An undated consent in an evidence file must end up dated or bounded, never vanish."""
    for treaty, sources in TREATY_SOURCES.items():
        path = raw_dir / sources["later"]
        if not path.is_file():
            continue
        open_cases = pl.read_csv(path, infer_schema=False).filter(
            pl.col("consent_date").is_null()).select(entity_id="iso3")
        bounded = record.filter((pl.col("treaty") == treaty)
                                & (pl.col("party_after").is_not_null()
                                   | pl.col("party_by").is_not_null()
                                   | pl.col("consent_date").is_not_null()))
        lost = open_cases.join(bounded, on="entity_id", how="anti")
        if lost.height:
            raise ReferenceDataError(path, "open cases with no bounds in "
                                     f"{BOUNDS_FILE}: {', '.join(lost['entity_id'])}")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_treaty_participation(out: Path = paths.TREATY_PARTICIPATION,
                               raw_dir: Path = paths.RAW_TREATIES_DIR) -> Path:
    """Derive the treaty record, write it, and record the inputs' checksums in its sidecar.

    The sidecar's prose (producer, notes) is kept as it is; only ``inputs`` is rewritten.

    Example:
        >>> write_treaty_participation(tmp / "treaty_participation.csv")  # doctest: +SKIP
    """
    # The rules the loader applies are checked before anything is written, so a typo in
    # a raw file cannot replace the shipped table.
    record = validated(derive_treaty_participation(raw_dir), TreatyParticipationSchema, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    record.write_csv(out, date_format="%Y-%m-%d")
    sidecar = out.with_name(out.stem + ".source.json")
    meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
    inputs = [*sorted(raw_dir.glob("*.csv")), paths.TREATY_ANCHORS]
    meta["inputs"] = {p.name: _sha256(p) for p in inputs}
    sidecar.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


MEMBERSHIP_SOURCE = paths.RAW_DIR / "membership" / "un-membership.compiled.csv"
MEMBERSHIP_DATES = ("admission_date", "observer_since")


def derive_member_admissions(source: Path = MEMBERSHIP_SOURCE,
                             table: Path = paths.MEMBER_STATES) -> pl.DataFrame:
    """The Member States table with ``admission_date`` and ``observer_since`` from ``source``.

    The raw list must match its recorded checksum, cover exactly the States of the
    table with the same membership, and its names must resolve to the ids it states
    (two UN page forms the normaliser does not know, such as "Bahamas (The)", are
    taken by their stated id).

    Raises:
        ReferenceDataError: naming the file and the States that disagree.

    Example:
        >>> derive_member_admissions().filter(pl.col("iso3") == "SSD")[
        ...     "admission_date"].item()
        '2011-07-14'
    """
    stated = read_sidecar(source).get("sha256")
    if stated != _sha256(source):
        raise ReferenceDataError(source, "its checksum differs from the sha256 in its "
                                 "sidecar: the raw list was edited or replaced")
    raw = pl.read_csv(source, infer_schema=False)
    # The list has its own iso3 column: the id found from the name is compared with it.
    named = normalise_names(raw, "name", lang="en", allow_unknown=True, where=source.name,
                            into={"iso3": "iso3_of_name"})
    wrong = named.filter(pl.col("entity_id").is_not_null()
                         & (pl.col("entity_id") != pl.col("iso3")))
    if wrong.height:
        pairs = ", ".join(f"{n} is {e}, not {i}" for n, e, i in
                          wrong.select("name", "entity_id", "iso3").iter_rows())
        raise ReferenceDataError(source, f"ids that disagree with the State's name: {pairs}")
    current = pl.read_csv(table, infer_schema=False)
    current = current.drop([c for c in MEMBERSHIP_DATES if c in current.columns])
    dates = raw.select("iso3", raw_membership="membership",
                       admission_date=pl.when(pl.col("membership") == "member").then("since"),
                       observer_since=pl.when(pl.col("membership") == "observer").then("since"))
    joined = current.join(dates, on="iso3", how="full", coalesce=True)
    differ = joined.filter(pl.col("membership").is_null() | pl.col("raw_membership").is_null()
                           | (pl.col("membership") != pl.col("raw_membership")))
    if differ.height:
        raise ReferenceDataError(source, "States whose membership differs from "
                                 f"{table.name} or that only one of them lists: "
                                 + ", ".join(differ["iso3"].sort()))
    return joined.drop("raw_membership").sort("iso3")


def write_member_admissions(out: Path = paths.MEMBER_STATES,
                            source: Path = MEMBERSHIP_SOURCE) -> Path:
    """Write the membership dates into the Member States table and its sidecar's inputs.

    Example:
        >>> write_member_admissions(tmp / "un_member_states.csv")  # doctest: +SKIP
    """
    frame = derive_member_admissions(source, out)
    validated(frame.with_columns(pl.col(c).str.to_date("%Y-%m-%d") for c in MEMBERSHIP_DATES)
              .select(MemberStateSchema.column_names()), MemberStateSchema, out)
    frame.write_csv(out)
    sidecar = out.with_name(out.stem + ".source.json")
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    meta["inputs"] = {source.name: _sha256(source)}
    sidecar.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def write_derived_tables() -> list[Path]:
    """Rewrite every derived reference table from ``data/raw`` (``make data``).

    The dates of UN membership, the treaty record, the world map and the small States'
    positions, each with its sidecar; a change of a source shows up as a diff to review.

    Returns:
        The files written.

    Example:
        >>> [path.name for path in write_derived_tables()][:2]  # doctest: +SKIP
        ['un_member_states.csv', 'treaty_participation.csv']
    """
    return [write_member_admissions(), write_treaty_participation(), *write_world_map()]
