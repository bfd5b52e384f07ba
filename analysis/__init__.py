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
only what it needs.

Example:
    >>> import analysis
    >>> report = analysis.read_report(analysis.default_report())
    >>> analysis.parse_attendance(report).height
    90
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "AnalysisError": "analysis.errors",
    "BadDateError": "analysis.errors",
    "CountMismatchError": "analysis.errors",
    "MissingSectionError": "analysis.errors",
    "ReferenceDataError": "analysis.errors",
    "ReportProblemsError": "analysis.errors",
    "ReportReadError": "analysis.errors",
    "UnknownNameError": "analysis.errors",
    "audit_attendance": "analysis.audit",
    "build_study": "analysis.study",
    "data_as_of": "analysis.treaty",
    "default_name_index": "analysis.names",
    "default_report": "analysis.report",
    "entry_into_force": "analysis.treaty",
    "adherence": "analysis.participation",
    "gap_by_group": "analysis.participation",
    "load_country_names": "analysis.reference",
    "load_member_states": "analysis.reference",
    "load_name_aliases": "analysis.reference",
    "load_organizations": "analysis.reference",
    "load_treaty_participation": "analysis.reference",
    "load_world_bank_names": "analysis.reference",
    "non_parties": "analysis.participation",
    "normalise_name": "analysis.names",
    "normalise_names": "analysis.names",
    "parse_attendance": "analysis.attendance",
    "participant_status": "analysis.treaty",
    "read_report": "analysis.report",
    "report_from_text": "analysis.report",
    "series_table": "analysis.series",
    "load_world_topology": "analysis.reference",
    "shipped_reports": "analysis.report",
    "status_on": "analysis.treaty",
}
_MODULES = ("brief", "charts", "figures", "findings", "participation", "reference",
            "series", "study", "tables", "treaty", "vocabulary")

__all__ = sorted([*_EXPORTS, *_MODULES])


def __getattr__(name: str) -> Any:
    """Import a public name (or module) the first time it is used."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif name in _MODULES:
        value = importlib.import_module(f"analysis.{name}")
    else:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
