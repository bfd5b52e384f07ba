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
_EXPORTS = {
    "analysis": ("findings", "participation"),
    "analysis.attendance": ("parse_attendance",),
    "analysis.audit": ("audit_attendance",),
    "analysis.errors": ("AnalysisError", "BadDateError", "CountMismatchError",
                        "MissingSectionError", "ReferenceDataError", "ReportProblemsError",
                        "ReportReadError", "UnknownNameError"),
    "analysis.gaps": ("gap_by_group", "non_parties"),
    "analysis.names": ("default_name_index", "normalise_name", "normalise_names"),
    "analysis.reference": ("load_country_names", "load_member_states", "load_name_aliases",
                           "load_organizations", "load_treaty_participation",
                           "load_world_bank_names"),
    "analysis.report": ("read_report", "report_from_text"),
    "analysis.treaty": ("data_as_of", "entry_into_force", "participant_status", "status_on"),
}
_HOMES = {name: module for module, names in _EXPORTS.items() for name in names}


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
