"""State participation in the UN Working Group on Firearms.

The flow, one module per step: ``report`` (read a report) → ``attendance`` (parse the
attendance paragraphs) → ``names`` (normalise names to ids) → ``reference`` (UN
member states, regional groups, organizations, treaty events) → ``treaty`` (status on
a date) → ``audit``, ``gaps``, ``participation`` and ``voice`` (analyses) →
``charts`` (Altair) → ``figures`` (export). ``cli`` is the command line.

Example:
    >>> import analysis
    >>> report = analysis.read_report("data/raw/wg-firearms-2020-report.zh.txt")
    >>> analysis.parse_attendance(report).height
    90
"""

import importlib

# Names are imported on first use (PEP 562), so that `python -m analysis normalise`
# does not pay for the analysis, chart and validation libraries it never calls.
_HOMES = {
    "findings": "analysis", "participation": "analysis",
    "parse_attendance": "analysis.attendance",
    "audit_attendance": "analysis.audit",
    "AnalysisError": "analysis.errors", "BadDateError": "analysis.errors",
    "CountMismatchError": "analysis.errors", "MissingSectionError": "analysis.errors",
    "ReferenceDataError": "analysis.errors", "ReportProblemsError": "analysis.errors",
    "ReportReadError": "analysis.errors", "UnknownNameError": "analysis.errors",
    "gap_by_group": "analysis.gaps", "non_parties": "analysis.gaps",
    "default_name_index": "analysis.names", "normalise_name": "analysis.names",
    "normalise_names": "analysis.names",
    "load_country_names": "analysis.reference", "load_member_states": "analysis.reference",
    "load_name_aliases": "analysis.reference", "load_organizations": "analysis.reference",
    "load_treaty_participation": "analysis.reference",
    "load_world_bank_names": "analysis.reference",
    "read_report": "analysis.report", "report_from_text": "analysis.report",
    "data_as_of": "analysis.treaty", "entry_into_force": "analysis.treaty",
    "participant_status": "analysis.treaty", "status_on": "analysis.treaty",
}


def __getattr__(name: str) -> object:
    """Import a public name from the module that owns it, on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    if home == "analysis":
        return importlib.import_module(f"analysis.{name}")
    return getattr(importlib.import_module(home), name)


__all__ = [
    "AnalysisError",
    "BadDateError",
    "CountMismatchError",
    "MissingSectionError",
    "ReferenceDataError",
    "ReportProblemsError",
    "ReportReadError",
    "UnknownNameError",
    "audit_attendance",
    "data_as_of",
    "default_name_index",
    "entry_into_force",
    "findings",
    "gap_by_group",
    "load_country_names",
    "load_member_states",
    "load_name_aliases",
    "load_organizations",
    "load_treaty_participation",
    "load_world_bank_names",
    "non_parties",
    "normalise_name",
    "normalise_names",
    "parse_attendance",
    "participant_status",
    "participation",
    "read_report",
    "report_from_text",
    "status_on",
]
