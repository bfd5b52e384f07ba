"""State participation in the UN Working Group on Firearms.

The flow, one module per step: ``extract`` and ``report`` (read a report: text, PDF or
Word) → ``attendance`` (parse the attendance paragraphs) → ``names`` (normalise names
to ids) → ``reference`` (UN member states, regional groups, organizations, the world
map, the treaty record that ``build.derive`` builds from the raw treaty sources) → ``treaty``
(status on a date, for the Protocol and UNTOC) → ``study`` (the tables every consumer
shares) → ``audit``, ``participation``, ``series`` and ``voice`` (analyses) →
``tables`` (what each figure draws) → ``charts`` (Altair) → ``figures`` (export, with
``render``) → ``brief`` (the briefing pack).
``vocabulary`` holds the codes and labels, ``cli`` the command line.

Names are imported on first use, so ``import analysis`` is quick and a command loads
only what it needs; type checkers see every name with its signature (the package ships
``py.typed``). The core install needs no figure stack: a name from a missing extra
says in one line which extra to install (``analysis.extras``).

Example:
    >>> import analysis
    >>> report = analysis.read_report(analysis.default_report())
    >>> analysis.parse_attendance(report).height
    90
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from analysis import extras

extras.install()

if TYPE_CHECKING:  # what mypy and IDEs see; at run time names load on first use
    from analysis import (
        brief,
        charts,
        codes,
        dictionary,
        figures,
        findings,
        inputs,
        panel,
        participation,
        reference,
        series,
        study,
        style,
        tables,
        treaty,
        vocabulary,
    )
    from analysis.attendance import parse_attendance
    from analysis.audit import audit_attendance
    from analysis.codes import convert, convert_table
    from analysis.errors import (
        AnalysisError,
        AttendanceSectionError,
        BadArgumentError,
        BadDateError,
        CountMismatchError,
        MissingSectionError,
        ReferenceDataError,
        ReportProblemsError,
        ReportReadError,
        UnknownNameError,
    )
    from analysis.extras import MissingExtraError
    from analysis.inputs import TableMismatchError, parse_date, parse_dates
    from analysis.names import default_name_index, normalise_name, normalise_names
    from analysis.panel import status_panel
    from analysis.participation import adherence, gap_by_group, non_parties, not_bound_states
    from analysis.reference import (
        load_country_names,
        load_member_states,
        load_name_aliases,
        load_organizations,
        load_treaty_participation,
        load_world_bank_names,
        load_world_topology,
    )
    from analysis.report import default_report, read_report, report_from_text, shipped_reports
    from analysis.schemas import as_enums
    from analysis.series import series_table
    from analysis.study import build_study
    from analysis.treaty import data_as_of, entry_into_force, participant_status, status_on
    from analysis.vocabulary import Adherence, RegionalGroup, Status, TreatyId

    __version__: str

_EXPORTS = {
    "adherence": "analysis.participation",
    "Adherence": "analysis.vocabulary",
    "AnalysisError": "analysis.errors",
    "AttendanceSectionError": "analysis.errors",
    "audit_attendance": "analysis.audit",
    "BadArgumentError": "analysis.errors",
    "BadDateError": "analysis.errors",
    "build_study": "analysis.study",
    "convert": "analysis.codes",
    "convert_table": "analysis.codes",
    "CountMismatchError": "analysis.errors",
    "data_as_of": "analysis.treaty",
    "default_name_index": "analysis.names",
    "default_report": "analysis.report",
    "entry_into_force": "analysis.treaty",
    "gap_by_group": "analysis.participation",
    "load_country_names": "analysis.reference",
    "load_member_states": "analysis.reference",
    "load_name_aliases": "analysis.reference",
    "load_organizations": "analysis.reference",
    "load_treaty_participation": "analysis.reference",
    "load_world_bank_names": "analysis.reference",
    "load_world_topology": "analysis.reference",
    "MissingExtraError": "analysis.extras",
    "MissingSectionError": "analysis.errors",
    "non_parties": "analysis.participation",
    "not_bound_states": "analysis.participation",
    "normalise_name": "analysis.names",
    "RegionalGroup": "analysis.vocabulary",
    "Status": "analysis.vocabulary",
    "TreatyId": "analysis.vocabulary",
    "as_enums": "analysis.schemas",
    "normalise_names": "analysis.names",
    "parse_attendance": "analysis.attendance",
    "parse_date": "analysis.inputs",
    "parse_dates": "analysis.inputs",
    "participant_status": "analysis.treaty",
    "read_report": "analysis.report",
    "ReferenceDataError": "analysis.errors",
    "report_from_text": "analysis.report",
    "ReportProblemsError": "analysis.errors",
    "ReportReadError": "analysis.errors",
    "series_table": "analysis.series",
    "shipped_reports": "analysis.report",
    "status_on": "analysis.treaty",
    "status_panel": "analysis.panel",
    "TableMismatchError": "analysis.inputs",
    "UnknownNameError": "analysis.errors",
}
_MODULES = ("brief", "charts", "codes", "dictionary", "figures", "findings", "inputs",
            "panel", "participation", "reference", "series", "study", "style", "tables",
            "treaty", "vocabulary")

__all__ = [
    "Adherence",
    "AnalysisError",
    "AttendanceSectionError",
    "BadArgumentError",
    "BadDateError",
    "CountMismatchError",
    "MissingExtraError",
    "MissingSectionError",
    "ReferenceDataError",
    "RegionalGroup",
    "ReportProblemsError",
    "ReportReadError",
    "Status",
    "TableMismatchError",
    "TreatyId",
    "UnknownNameError",
    "__version__",
    "adherence",
    "as_enums",
    "audit_attendance",
    "brief",
    "build_study",
    "charts",
    "codes",
    "convert",
    "convert_table",
    "data_as_of",
    "default_name_index",
    "default_report",
    "dictionary",
    "entry_into_force",
    "figures",
    "findings",
    "gap_by_group",
    "inputs",
    "load_country_names",
    "load_member_states",
    "load_name_aliases",
    "load_organizations",
    "load_treaty_participation",
    "load_world_bank_names",
    "load_world_topology",
    "non_parties",
    "normalise_name",
    "normalise_names",
    "not_bound_states",
    "panel",
    "parse_attendance",
    "parse_date",
    "parse_dates",
    "participant_status",
    "participation",
    "read_report",
    "reference",
    "report_from_text",
    "series",
    "series_table",
    "shipped_reports",
    "status_on",
    "status_panel",
    "study",
    "style",
    "tables",
    "treaty",
    "vocabulary",
]
"""Static, so type checkers see what ``from analysis import *`` gives."""


def __getattr__(name: str) -> Any:
    """Import a public name (or module) the first time it is used."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif name in _MODULES:
        value = importlib.import_module(f"analysis.{name}")
    elif name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version(extras.DISTRIBUTION)
        except PackageNotFoundError:  # a checkout used without installing it
            value = "0+unknown"
    else:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
