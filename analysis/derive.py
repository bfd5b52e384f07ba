"""Derivation of the treaty record from the raw treaty sources (``make data``).

``make data`` also re-derives the world map (``analysis.worldmap``).

Owns turning the files in ``data/raw/treaties/`` into ``data/reference/
treaty_participation.csv``: one row per treaty and participant with the signature,
the consent to be bound (date, kind, confidence, evidence), entry into force, and the
bounds that stand in for a date nobody could verify. The raw files are never edited;
re-running ``python -m analysis.derive`` rewrites the table, so a change of a source
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

import hashlib
import json
import sys
from pathlib import Path

import polars as pl

from analysis import paths
from analysis.errors import AnalysisError, ReferenceDataError
from analysis.names import normalise_names
from analysis.reference import (
    TreatyParticipationSchema,
    load_member_states,
    read_sidecar,
    validated,
)
from analysis.treaty import entry_into_force
from analysis.worldmap import write_world_map

# The suffix UNTC prints after a deposit date, and the kind of instrument it stands for.
UNTC_CONSENT_KINDS = {"": "ratification", "a": "accession", "A": "acceptance",
                      "AA": "approval", "d": "succession"}

RECORD_COLUMNS = [
    "treaty", "entity_id", "participant", "signature_date", "signature_evidence",
    "consent_date", "consent_type", "consent_confidence", "consent_evidence",
    "entry_into_force", "party_after", "party_by", "note"]

TREATY_SOURCES: dict[str, dict[str, str]] = {
    "firearms-protocol": {"untc": "firearms-protocol.untc-2014-07-10.csv",
                          "later": "firearms-protocol.after-2014.csv"},
    "untoc": {"untc": "untoc.untc-2014-01-27.csv", "later": "untoc.after-2014.csv"},
}
BOUNDS_FILE = "treaty-bounds.curated.csv"


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
    bounds = (_checked_ids(path, ("treaty", "entity_id"))
              .select("treaty", "entity_id", "participant",
                      pl.col("party_after").str.to_date("%Y-%m-%d"),
                      pl.col("party_by").str.to_date("%Y-%m-%d"),
                      consent_confidence=pl.lit("bound"),
                      consent_evidence="evidence", note="note"))
    backwards = bounds.filter(pl.col("party_after") >= pl.col("party_by"))
    if backwards.height:
        raise ReferenceDataError(path, "party_after must come before party_by: "
                                 + ", ".join(backwards["participant"]))
    return bounds


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
                          party_by=pl.lit(None, pl.Date)))


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
    columns = ("party_after", "party_by", "consent_confidence", "consent_evidence", "note")
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

    record = pl.concat([
        frame.with_columns(entry_into_force=entry_into_force(pl.col("consent_date"), treaty))
        for treaty, frame in (("firearms-protocol", protocol), ("untoc", untoc))],
        how="diagonal_relaxed")
    _check_open_cases_are_bounded(record, raw_dir)
    return (record.with_columns(pl.col("signature_date", "consent_date", "entry_into_force",
                                       "party_after", "party_by").cast(pl.Date))
            .select(RECORD_COLUMNS).sort("treaty", "entity_id"))


def _check_open_cases_are_bounded(record: pl.DataFrame, raw_dir: Path) -> None:
    """An undated consent in an evidence file must end up as bounds, never vanish."""
    for treaty, sources in TREATY_SOURCES.items():
        path = raw_dir / sources["later"]
        if not path.is_file():
            continue
        open_cases = pl.read_csv(path, infer_schema=False).filter(
            pl.col("consent_date").is_null()).select(entity_id="iso3")
        bounded = record.filter((pl.col("treaty") == treaty)
                                & (pl.col("party_after").is_not_null()
                                   | pl.col("party_by").is_not_null()))
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
    meta["inputs"] = {p.name: _sha256(p) for p in sorted(raw_dir.glob("*.csv"))}
    sidecar.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def main() -> int:
    """``python -m analysis.derive``: rewrite the derived reference tables."""
    try:
        written = [write_treaty_participation(), *write_world_map()]
    except AnalysisError as error:
        print(f"derive: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # e.g. a read-only checkout: one line, no traceback
        print(f"derive: cannot write {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    for out in written:
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
