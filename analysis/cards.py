"""State cards: one printed A4 page on one State not yet bound by the Firearms Protocol.

Owns the outreach behind discussion point 1 of the 2020 report (States that have not
yet joined the Protocol should consider doing so): for each State, its status under
the Protocol and the Convention on a date, the step that remains, its participation in
the meetings the study holds, its regional group, and the sources, in the UN official
language(s) the State uses. The page is typeset by Typst (the ``typst`` package) from a
template (``templates/card.typ``) that reads the card's data as JSON, with the
package's pinned Noto fonts only, so the same inputs give the same page anywhere.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from pathlib import Path

import polars as pl

from analysis import paths
from analysis.errors import AnalysisError, OutputError, ReferenceDataError
from analysis.export import make_folder
from analysis.findings import provenance_note
from analysis.reference import display_names, entity_names, load_treaty_participation, read_sidecar
from analysis.study import Study, build_study
from analysis.treaty import SIGNATURE_CLOSED, check_as_of, status_expression
from analysis.typeset import font_families, markup, render_html
from analysis.typeset import typeset as typeset_template
from analysis.vocabulary import (
    CONVENTION,
    LABELS_DIR,
    PROTOCOL,
    Labels,
    load_labels,
    not_bound,
    plural_categories,
)

CARD_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
"""The six UN official languages, the languages a card is written in."""
CARD_LABELS_DIR = LABELS_DIR / "cards"
TEMPLATE = Path(__file__).resolve().parent / "templates" / "card.typ"
PAGE_TEMPLATE, INDEX_TEMPLATE = "card.html.j2", "card_index.html.j2"
CARD_LANGUAGE_TABLE = paths.REFERENCE_DIR / "state_card_languages.csv"

RECENT = 3
"""How many of the group's most recent parties a card names."""
MARKED = ("secondary", "inferred")
"""The ``status_basis`` values a card marks with ``*``: not the depositary, not a gazette."""


class UnknownStateError(AnalysisError):
    """A code that names no UN Member or observer State."""

    def __init__(self, codes: Sequence[str]) -> None:
        self.codes = list(codes)
        what = ("is not the ISO 3166 alpha-3 code" if len(self.codes) == 1
                else "are not ISO 3166 alpha-3 codes")
        super().__init__(f"cards: {', '.join(self.codes)} {what} of a UN Member or observer "
                         "State (e.g. IRN, EGY, COL)")


class AlreadyPartyError(AnalysisError):
    """States named with ``--not-bound`` that are parties, or undecided, on the date.

    Skipped: they are not bound (``vocabulary.not_bound``). An undecided State's
    consent is dated only by bounds around the date; named without ``--not-bound`` it
    gets a card that says so.
    """

    def __init__(self, codes: Sequence[str], day: dt.date,
                 undecided: Sequence[str] = ()) -> None:
        self.codes, self.undecided = list(codes), list(undecided)
        said = []
        if self.codes:
            what = "is already a party" if len(self.codes) == 1 else "are already parties"
            said.append(f"{', '.join(self.codes)} {what} to the Protocol on {day.isoformat()}")
        if self.undecided:
            what = "is" if len(self.undecided) == 1 else "are"
            said.append(f"{', '.join(self.undecided)} {what} undecided on {day.isoformat()} "
                        "(consent dated only by bounds)")
        super().__init__(f"cards: {'; '.join(said)}; skipped by --not-bound")


@cache
def card_labels(lang: str) -> Labels:
    """The label language's words with the card's own texts (``labels/cards/LANG.json``).

    Dates, numbers and plural forms are the label language's (``load_labels``); a text
    stating a count must have exactly the CLDR plural categories of the language.

    Example:
        >>> card_labels("ru").plural("card.years_since_signature", 22)
        '22 года с момента подписания'
    """
    path = CARD_LABELS_DIR / f"{lang}.json"
    if lang not in CARD_LANGUAGES or not path.is_file():
        raise ValueError(f"no card labels for language {lang!r}; there are: "
                         f"{', '.join(CARD_LANGUAGES)}")
    texts = json.loads(path.read_text(encoding="utf-8"))["text"]
    needed = plural_categories(lang)
    for key, forms in texts.items():
        if isinstance(forms, dict) and set(forms) != needed:
            raise ReferenceDataError(path, f"label {key!r} has the plural forms "
                                     f"{', '.join(sorted(forms))}; CLDR {lang} needs "
                                     f"{', '.join(sorted(needed))}")
    base = load_labels(lang)
    return replace(base, texts={**base.texts, **texts})


@cache
def load_card_languages(path: Path = CARD_LANGUAGE_TABLE) -> dict[str, tuple[str, ...]]:
    """``{iso3: languages}``: the corrections to CLDR's official languages, validated.

    Each row names the UN language(s) a card on the State is written in, with the
    reason and a source (``state_card_languages.csv`` and its sidecar).

    Example:
        >>> load_card_languages()["ISR"]
        ('en',)
    """
    read_sidecar(path)
    table = pl.read_csv(path, infer_schema=False).with_row_index("line", offset=2)
    langs = pl.col("languages").str.split(" ")
    bad = table.filter(
        langs.list.eval(pl.element().is_in(CARD_LANGUAGES).not_()).list.any()
        | pl.col("languages").str.strip_chars().eq("")
        | pl.col("reason").str.strip_chars().eq("").fill_null(True)
        | pl.col("source").str.strip_chars().eq("").fill_null(True)
        | pl.col("iso3").is_duplicated())
    if bad.height:
        line, iso3 = bad.row(0)[:2]
        raise ReferenceDataError(path, f"line {line}: {iso3} needs UN languages "
                                 f"({' '.join(CARD_LANGUAGES)}), a reason and a source, once")
    return {iso3: tuple(codes) for iso3, codes in table.select("iso3", langs).iter_rows()}


def card_languages(iso3: str) -> tuple[str, ...]:
    """The UN official languages a card on ``iso3`` is written in (``--lang auto``).

    CLDR's official languages of the territory (de jure and de facto, not regional)
    that are UN languages, corrected by ``load_card_languages``; English where none is.

    Example:
        >>> [card_languages(s) for s in ("EGY", "CAN", "JPN", "ISR")]
        [('ar',), ('en', 'fr'), ('en',), ('en',)]
    """
    import pycountry
    from babel.languages import get_official_languages

    corrected = load_card_languages()
    if iso3 in corrected:
        return corrected[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    found = (get_official_languages(country.alpha_2, regional=False, de_facto=True)
             if country else ())
    langs = [code.split("_")[0] for code in found]
    return tuple(dict.fromkeys(code for code in langs if code in CARD_LANGUAGES)) or ("en",)


@dataclass(frozen=True)
class CardBatch:
    """What every card of a batch reads, built once (``card_batch``).

    Attributes:
        as_of: The status date.
        protocol: ``status_on(as_of)`` for the Protocol.
        convention: ``status_on(as_of, treaty="untoc")``.
        group_years: ``regional_group, date, parties``: Protocol parties among the
            group's Member States on ``as_of``, at the end of each year and on ``as_of``.
        study: The study (attendance and voice of every meeting it holds).
    """

    as_of: dt.date
    protocol: pl.DataFrame
    convention: pl.DataFrame
    group_years: pl.DataFrame
    study: Study

    @property
    def states(self) -> pl.DataFrame:
        """UN Member and observer States on the date, with both statuses."""
        return (self.protocol.filter(pl.col("membership").is_in(["member", "observer"]))
                .join(self.convention.select("entity_id", convention="status",
                                             convention_basis="status_basis"),
                      on="entity_id", how="left"))

    def not_bound(self) -> list[str]:
        """Every UN Member or observer State not bound by the Protocol on the date.

        Not bound is ``vocabulary.not_bound`` (signatory or none), as in every figure;
        an undecided State (consent dated only by bounds) is not one (``undecided``).

        Example:
            >>> len(card_batch().not_bound())
            73
            >>> card_batch("2020-07-16").undecided()
            ['LUX']
        """
        return self.states.filter(not_bound())["entity_id"].to_list()

    def undecided(self) -> list[str]:
        """The UN Member or observer States whose consent is dated only by bounds."""
        return self.states.filter(pl.col("status") == "unknown")["entity_id"].to_list()


def card_batch(as_of: dt.date | str | None = None,
               reports: Sequence[str | Path] | None = None) -> CardBatch:
    """Build the study and the status tables once for a batch of cards.

    Args:
        as_of: The status date (default: the date the treaty data is true as of).
        reports: Meeting reports (default: every report shipped in ``data/raw``).

    The batch of one date and set of reports is built once per process (a notebook
    cell drawing card after card reuses it).

    Example:
        >>> card_batch("2020-07-16").as_of
        datetime.date(2020, 7, 16)
    """
    return _card_batch(check_as_of(as_of),
                       tuple(str(Path(r).resolve()) for r in reports) if reports else None)


@cache
def _card_batch(day: dt.date, reports: tuple[str, ...] | None) -> CardBatch:
    """``card_batch`` for a checked date and the reports' resolved paths."""
    study = build_study(list(reports) if reports else None, latest=day)
    protocol = study.status(day, PROTOCOL)
    record = load_treaty_participation()
    # Year ends from the Protocol's first year of signature to the date, then the date.
    dates = pl.Series("date", [*(dt.date(y, 12, 31) for y in range(2001, day.year)), day])
    # The group's Member States on the date, as the figures count them (an observer
    # State such as the State of Palestine is not one).
    members = protocol.filter(pl.col("regional_group").is_not_null(),
                              pl.col("membership") == "member").select(
        "entity_id", "regional_group")
    group_years = (record.filter(pl.col("treaty") == PROTOCOL)
                   .join(members, on="entity_id")
                   .join(dates.to_frame(), how="cross")
                   .group_by("regional_group", "date")
                   .agg(parties=(status_expression(pl.col("date")) == "party").sum())
                   .sort("regional_group", "date"))
    return CardBatch(day, protocol, study.status(day, CONVENTION), group_years, study)


def _years(since: dt.date, day: dt.date) -> Decimal:
    """Years from ``since`` to ``day`` with one decimal, as the figures count them.

    Example:
        >>> _years(dt.date(2001, 12, 21), dt.date(2024, 5, 4))
        Decimal('22.4')
    """
    return Decimal(str(round((day - since).days / 365.25, 1)))


def _day(labels: Labels, day: dt.date) -> str:
    r"""A date as the language writes it, broken at a line end only before its year.

    Example:
        >>> _day(load_labels("ru"), dt.date(2001, 12, 21))
        '21\xa0декабря 2001\xa0года'
    """
    return _unbroken(labels.date(day))


def _unbroken(text: str) -> str:
    r"""A date or a meeting's days that a line may break only before the year.

    The words are joined by no-break spaces. The template keeps the rest together
    without touching the text layer: the UN's double Arabic month name
    ("كانون الأول/ديسمبر") and a Chinese date ("2020年7月16日至17日") are boxed.

    Example:
        >>> _unbroken("16 و17 تموز/يوليه 2020") == "16\xa0و17\xa0تموز/يوليه 2020"
        True
    """
    return re.sub(r" (?!\d{4})", "\u00a0", text)


def _treaty_facts_row(row: dict, treaty: str, labels: Labels) -> list[str]:
    """One line of the treaty facts table: instrument, status, signature, consent, in force.

    A status resting on a secondary source or an inference is marked ``*``; a consent
    whose instrument the record does not name is said so, never guessed.
    """
    marked = row["status_basis"] in MARKED
    status = labels(f"card.status.{row['status']}") + (
        labels("provenance.mark") if marked else "")
    signature = _day(labels, row["signature_date"]) if row["signature_date"] else labels(
        "card.none")
    if row["consent_date"] and row["consent_type"]:
        consent = labels("card.consent_on", kind=labels(f"card.consent.{row['consent_type']}"),
                         date=_day(labels, row["consent_date"]))
    elif row["consent_date"]:
        consent = labels("card.consent.not_recorded", date=_day(labels, row["consent_date"]))
    elif row["party_by"] and row["status"] == "party":
        consent = labels("card.party_by", date=_day(labels, row["party_by"]))
    else:
        consent = labels("card.none")
    if row["status"] != "party":
        in_force = labels("card.none")
    elif row["entry_into_force"]:
        in_force = labels("card.from", date=_day(labels, row["entry_into_force"]))
    else:
        in_force = labels("card.yes") if row["in_force"] else labels("card.none")
    return [labels(f"card.{'protocol' if treaty == PROTOCOL else 'convention'}"), status,
            signature, consent, in_force]


def _steps(name: str, protocol: dict, convention: dict, labels: Labels,
           day: dt.date) -> list[str]:
    """The step that remains, worded exactly (Convention first where it must come first).

    Up to 12 December 2002 both instruments were still open for signature, so a State
    that had not signed could still sign (Protocol art. 17, Convention art. 36).
    """
    open_ = day <= SIGNATURE_CLOSED
    if protocol["status"] == "party":
        return [labels("card.step.party", name=name)]
    steps = []
    if convention["status"] == "signatory":
        steps.append(labels("card.step.convention.signatory", name=name,
                            date=_day(labels, convention["signature_date"])))
    elif convention["status"] == "none":
        steps.append(labels("card.step.convention.open" if open_ else "card.step.convention.none",
                            name=name))
    elif convention["status"] == "unknown":
        steps.append(labels("card.step.convention.unknown", name=name,
                            after=_day(labels, convention["party_after"])))
    if protocol["status"] == "signatory":
        steps.append(labels("card.step.protocol.signatory", name=name,
                            date=_day(labels, protocol["signature_date"])))
    elif protocol["status"] == "unknown":
        steps.append(labels("card.step.protocol.unknown", name=name,
                            after=_day(labels, protocol["party_after"]),
                            by=_day(labels, protocol["party_by"])))
    else:
        steps.append(labels("card.step.protocol.open" if open_ else "card.step.protocol.none",
                            name=name))
    return steps


def _participation(batch: CardBatch, iso3: str, labels: Labels) -> list[list[str]]:
    """One row per meeting: symbol and days, capacity, took the floor, panellist."""
    study = batch.study
    listed = study.attendance.filter(pl.col("entity_id") == iso3)
    voice = study.voice.filter(pl.col("entity_id") == iso3)
    rows = []
    for meeting in study.meetings.iter_rows(named=True):
        attended = listed.filter(pl.col("meeting") == meeting["meeting"])
        spoken = voice.filter(pl.col("meeting") == meeting["meeting"])
        capacity = attended["attended_as"].item() if attended.height else "absent"
        readable = meeting["meeting"] not in study.voice_errors

        def said(column: str, spoken: pl.DataFrame = spoken, readable: bool = readable,
                 capacity: str = capacity) -> str:
            # Absent, or at a meeting whose speakers cannot be read: nothing to say.
            if not readable or capacity == "absent":
                return labels("card.none")
            return labels("card.yes") if spoken.height and spoken[column].item() else labels(
                "card.no")

        days = _unbroken(labels.days(meeting["meeting_date"], meeting["meeting_end"]))
        rows.append([meeting["meeting"] + labels("list.separator") + days,
                     labels(f"card.capacity.{capacity}"), said("spoke"), said("led_panel")])
    return rows


def _day_month(labels: Labels, day: dt.date) -> str:
    r"""The day and month of a date without its year, as the language writes it.

    Example:
        >>> [_day_month(load_labels(lang), dt.date(2024, 5, 4)) for lang in ("en", "ru", "zh")]
        ['4\xa0May', '4\xa0мая', '5月4日']
    """
    from babel.dates import format_skeleton

    if labels.lang in ("en", "fr", "ar"):
        # The label's own month names: UN English puts the day first, French writes
        # "1er", Arabic gives the double month name, as in the card's full dates.
        first = labels.first_day if day.day == 1 else str(day.day)
        text = f"{first} {labels.months[day.month - 1]}"
    else:
        text = format_skeleton("MMMMd", day, locale=labels.lang)
    return _unbroken(text)


def _region(batch: CardBatch, state: dict, labels: Labels, names: dict[str, str]) -> dict:
    """The regional group: its Member States that are parties, the latest to join, a chart.

    A latest party whose status rests on a secondary source or an inference is marked
    ``*``; ``marked`` lists them for the card's note.
    """
    group = state["regional_group"]
    if group is None:
        return {"heading": labels("card.region", group=labels("card.none")),
                "lines": [labels("card.region.none", name=names[state["entity_id"]])],
                "chart": None, "marked": []}
    # Member States on the date, as the figures count them (not the observer States).
    members = batch.states.filter(pl.col("regional_group") == group,
                                  pl.col("membership") == "member")
    parties = members.filter(pl.col("status") == "party")
    recent = (parties.with_columns(joined=pl.coalesce("consent_date", "party_by"))
              .sort("joined", "entity_id", descending=[True, False]).head(RECENT))
    mark = labels("provenance.mark")
    # A party whose deposit date is not known is named with the day it was a party by.
    joined = labels.join([
        labels("card.region.joined",
               name=names[row["entity_id"]] + (mark if row["status_basis"] in MARKED else ""),
               date=_day(labels, row["consent_date"]) if row["consent_date"]
               else labels("card.party_by", date=_day(labels, row["party_by"])))
        for row in recent.iter_rows(named=True)])
    # The count of the group's States governs the noun (Russian "из 21 государства").
    lines = [labels.plural("card.region.parties", members.height,
                           parties=labels.number(parties.height),
                           date=_day(labels, batch.as_of))]
    if recent.height:
        lines.append(labels("card.region.recent", names=joined))
    years = batch.group_years.filter(pl.col("regional_group") == group)
    marked = recent.filter(pl.col("status_basis").is_in(MARKED)).select(
        "entity_id", basis="status_basis", instrument=pl.lit("protocol"))
    return {"heading": labels("card.region", group=labels.group(group)), "lines": lines,
            "chart": {"title": labels("card.region.chart", year=batch.as_of.year,
                                      day=_day_month(labels, batch.as_of)),
                      "years": [d.year for d in years["date"]],
                      "values": years["parties"].to_list(), "total": members.height},
            "marked": marked.to_dicts()}


def card_data(batch: CardBatch, iso3: str, lang: str) -> dict:
    """Everything one card shows, as the template reads it (JSON-ready).

    Example:
        >>> data = card_data(card_batch(), "IRN", "en")
        >>> data["name"], data["steps"][0][:38]
        ('Iran (Islamic Republic of)', 'First, ratification, acceptance or app')
    """
    labels = card_labels(lang)
    names = dict(display_names(labels, short_forms=False).iter_rows())  # French ’
    protocol = batch.protocol.filter(pl.col("entity_id") == iso3).row(0, named=True)
    convention = batch.convention.filter(pl.col("entity_id") == iso3).row(0, named=True)
    name = names[iso3]
    treaty_facts = [_treaty_facts_row(protocol, PROTOCOL, labels),
                    _treaty_facts_row(convention, CONVENTION, labels)]
    region = _region(batch, protocol, labels, names)
    # Every status marked *: the State's own, then the group's latest parties named.
    own = [{"entity_id": iso3, "basis": row["status_basis"], "instrument": instrument}
           for row, instrument in ((protocol, "protocol"), (convention, "convention"))
           if row["status_basis"] in MARKED]
    marked = pl.DataFrame(own + region.pop("marked"),
                          schema=dict.fromkeys(("entity_id", "basis", "instrument"), pl.String))
    signed = protocol["signature_date"]
    since = (labels.plural("card.years_since_signature", _years(signed, batch.as_of))
             if signed and protocol["status"] != "party" else None)
    reports = ", ".join(batch.study.meetings["meeting"].to_list())
    return {
        "lang": lang, "rtl": labels.rtl, "fonts": font_families(lang),
        "iso3": iso3, "name": name, "party": protocol["status"] == "party",
        "kicker": labels("card.kicker"),
        "as_of": labels("card.as_of", date=_day(labels, batch.as_of)),
        "instruments": labels("card.instruments", protocol=labels("card.protocol_full"),
                              convention=labels("card.convention_full")),
        "treaty_facts_heading": labels("card.treaty_facts"),
        "treaty_facts_header": [labels(f"card.col.{c}") for c in (
            "instrument", "status", "signature", "consent", "in_force")],
        "treaty_facts": treaty_facts, "since_signature": since,
        "party_line": labels("card.party_card", name=name, date=_day(labels, batch.as_of))
        if protocol["status"] == "party" else None,
        "step_heading": labels("card.step"),
        "steps": _steps(name, protocol, convention, labels, batch.as_of),
        "notes": [note] if (note := provenance_note(marked.unique(maintain_order=True),
                                                    labels)) else [],
        "participation_heading": labels("card.participation"),
        "participation_header": [labels(f"card.col.{c}") for c in (
            "meeting", "capacity", "spoke", "panel")],
        "participation": _participation(batch, iso3, labels),
        "region": region,
        "sources_heading": labels("card.sources"),
        "sources": labels("card.sources_text", latest=_day(labels, batch.as_of),
                          reports=reports),
    }


def typeset(data: dict, fmt: str = "pdf") -> bytes:
    """Typeset one card with Typst: ``pdf``, ``svg`` or ``png`` bytes.

    Only the pinned fonts are used (system fonts are ignored), embedded as subsets.

    Example:
        >>> typeset(card_data(card_batch(), "IRN", "en"))[:5]
        b'%PDF-'
    """
    return typeset_template(TEMPLATE.name, data, fmt)


def card_html(data: dict) -> str:
    """A self-contained HTML page: the card as inline SVG (glyphs drawn as outlines)."""
    return render_html(PAGE_TEMPLATE, lang=data["lang"], name=data["name"],
                       direction="rtl" if data["rtl"] else "ltr",
                       svg=markup(typeset(data, "svg").decode("utf-8")))


def select_states(batch: CardBatch, codes: Iterable[str], not_bound: bool) -> tuple[
        list[str], list[str]]:
    """The States to card, and those skipped as not "not bound" (``not_bound`` with codes).

    The skipped are parties or undecided States (``CardBatch.undecided``).

    Raises:
        UnknownStateError: a code that is not a UN Member or observer State on the date.

    Example:
        >>> batch = card_batch()
        >>> select_states(batch, ["irn", "DEU"], not_bound=True)
        (['IRN'], ['DEU'])
    """
    codes = [code.upper() for code in codes]
    known = set(batch.states["entity_id"])
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise UnknownStateError(unknown)
    if not not_bound:
        return list(dict.fromkeys(codes)), []
    open_ = batch.not_bound()
    if not codes:
        return open_, []
    chosen = list(dict.fromkeys(codes))
    return [c for c in chosen if c in open_], [c for c in chosen if c not in open_]


class _Progress:
    """A one-line progress bar on a terminal (standard error); silent in a pipe."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.shown = total > 1 and sys.stderr.isatty()

    def step(self, what: str) -> None:
        self.done += 1
        if self.shown:
            filled = round(30 * self.done / self.total)
            sys.stderr.write(f"\rcards [{'#' * filled}{'.' * (30 - filled)}] "
                             f"{self.done}/{self.total} {what:<10}")
            if self.done == self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def write_cards(batch: CardBatch, states: Sequence[str], langs: Sequence[str] | str,
                out: Path, fmt: str = "pdf") -> list[Path]:
    """Write ``card.ISO3.LANG.pdf`` (or ``.html``) per State and language, and the index.

    Args:
        batch: The batch (``card_batch``).
        states: ISO3 codes (``select_states``).
        langs: Card languages, or ``"auto"``: each State's (``card_languages``).
        out: The output folder.
        fmt: ``pdf`` or ``html``.

    Returns:
        The cards written, in order. ``index.csv`` and ``index.html`` list every card
        in the folder: these, and those an earlier batch wrote there that are still
        there and not rewritten now.

    Raises:
        OutputError: the folder cannot be created or written.

    Example:
        >>> import tempfile
        >>> [p.name for p in write_cards(card_batch(), ["COL"], "auto", Path(tempfile.mkdtemp()))]
        ['card.COL.es.pdf']
    """
    make_folder(out)  # the folder, not a tree a typo would make
    jobs = [(iso3, lang) for iso3 in states
            for lang in (card_languages(iso3) if langs == "auto" else langs)]
    progress = _Progress(len(jobs))
    written, index = [], []
    english = dict(entity_names("en").iter_rows())
    labels = card_labels("en")
    statuses = batch.states.select("entity_id", "regional_group", "status", "convention")
    for iso3, lang in jobs:
        data = card_data(batch, iso3, lang)
        path = out / f"card.{iso3}.{lang}.{fmt}"
        try:
            if fmt == "html":
                path.write_text(card_html(data), encoding="utf-8")
            else:
                path.write_bytes(typeset(data, "pdf"))
        except OSError as error:
            raise OutputError(path, error.strerror or type(error).__name__) from None
        written.append(path)
        row = statuses.filter(pl.col("entity_id") == iso3).row(0, named=True)
        group = row["regional_group"]
        index.append({"iso3": iso3, "name_en": english[iso3], "name": data["name"],
                      "lang": lang, "regional_group": labels.group(group) if group else "",
                      "regional_group_code": group or "",
                      "protocol": row["status"], "convention": row["convention"],
                      "as_of": batch.as_of.isoformat(), "file": path.name})
        progress.step(f"{iso3} {lang}")
    _write_index(index, out)
    return written


INDEX_COLUMNS = ["iso3", "name_en", "name", "lang", "regional_group", "regional_group_code",
                 "protocol", "convention", "as_of", "file"]
"""The columns of ``index.csv``: the group's full English name, then its code."""


def _index_rows(rows: list[dict], out: Path) -> pl.DataFrame:
    """The cards of this batch, with those an earlier batch left in the folder.

    An earlier row is kept where its file is still there and this batch did not
    rewrite it; an index from before the group codes had their own column is read
    as far as it goes (its rows are rewritten by the next batch that cards them).
    """
    table = pl.DataFrame(rows, schema=dict.fromkeys(INDEX_COLUMNS, pl.String))
    previous = out / "index.csv"
    if not previous.is_file():
        return table
    try:
        earlier = pl.read_csv(previous, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError):
        return table  # not an index this command wrote: replaced
    if not {"iso3", "lang", "file"} <= set(earlier.columns):
        return table
    earlier = earlier.select(pl.col(c) if c in earlier.columns else pl.lit("").alias(c)
                             for c in INDEX_COLUMNS)
    present = [path.name for path in out.iterdir() if path.is_file()]
    kept = earlier.filter(~pl.col("file").is_in(table["file"].implode()),
                          pl.col("file").is_in(present))
    return pl.concat([kept, table]).sort("iso3", "lang", "file")


def _write_index(rows: list[dict], out: Path) -> None:
    """``index.csv`` and ``index.html``: each card in the folder, with its statuses."""
    table = _index_rows(rows, out)
    labels = card_labels("en")
    cards = [{**row, "protocol": labels("card.status." + row["protocol"]),
              "convention": labels("card.status." + row["convention"]),
              "as_of": labels.date(row["as_of"])} for row in table.iter_rows(named=True)]
    headings = [labels("card.index." + key) for key in (
        "code", "state", "name", "group", "protocol", "convention", "as_of", "card")]
    dates = table["as_of"].unique().to_list()
    # One date for every card: the title says it; cards of several dates: each row does.
    title = (labels("card.index.title", date=dates[0]) if len(dates) == 1
             else labels("card.index.title_undated"))
    page = render_html(INDEX_TEMPLATE, title=title, headings=headings, cards=cards)
    try:
        table.write_csv(out / "index.csv")
        (out / "index.html").write_text(page, encoding="utf-8")
    except OSError as error:
        raise OutputError(out, error.strerror or type(error).__name__) from None
