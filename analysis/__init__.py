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

from analysis import findings, participation
from analysis.attendance import parse_attendance
from analysis.audit import audit_attendance
from analysis.errors import (
    AnalysisError,
    BadDateError,
    CountMismatchError,
    MissingSectionError,
    ReferenceDataError,
    ReportProblemsError,
    ReportReadError,
    UnknownNameError,
)
from analysis.gaps import gap_by_group, non_parties
from analysis.names import default_name_index, normalise_name, normalise_names
from analysis.reference import (
    load_country_names,
    load_member_states,
    load_name_aliases,
    load_organizations,
    load_treaty_participation,
)
from analysis.report import read_report, report_from_text
from analysis.treaty import data_as_of, entry_into_force, participant_status, status_on

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
