"""The exceptions the package raises for bad input or bad reference data.

Every error carries the facts its message needs (file, paragraph, name, numbers), and
its message is a single sentence, so that the command line can print ``str(error)``
as one line and exit with status 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class AnalysisError(Exception):
    """Base class: any problem with the input that a user can fix."""


class ReportReadError(AnalysisError):
    """The report file cannot be read as text (missing, binary, bad encoding, empty, huge)."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class MissingSectionError(AnalysisError):
    """A part of the report the analysis needs (attendance, meeting date) is not there."""

    def __init__(self, source: str, section: str) -> None:
        self.source = source
        self.section = section
        super().__init__(f"{source}: no {section} found in the report")


class CountMismatchError(AnalysisError):
    """A paragraph states a number of participants that differs from the names it lists."""

    def __init__(self, source: str, paragraph: int, category: str, stated: int,
                 parsed: int) -> None:
        self.source = source
        self.paragraph = paragraph
        self.category = category
        self.stated = stated
        self.parsed = parsed
        noun = "participant" if stated == 1 else "participants"
        super().__init__(
            f"{source}: paragraph {paragraph} ({category}) states {stated} {noun} "
            f"but lists {parsed}"
        )


class DuplicateEntryError(AnalysisError):
    """The same State or body is listed more than once in the attendance paragraphs."""

    def __init__(self, source: str, duplicates: dict[str, list[int]]) -> None:
        self.source = source
        self.duplicates = dict(duplicates)
        listed = "; ".join(f"{entity} in paragraphs {', '.join(map(str, paragraphs))}"
                           for entity, paragraphs in self.duplicates.items())
        super().__init__(f"{source}: listed more than once: {listed}")


class NotSupportedError(AnalysisError):
    """The input is valid but asks for something the package cannot do yet."""

    def __init__(self, source: str, what: str) -> None:
        self.source = source
        self.what = what
        super().__init__(f"{source}: {what}")


class EditionMismatchError(AnalysisError):
    """Two editions of one meeting (same document symbol) say different things."""

    def __init__(self, meeting: str, source: str, other: str, what: str, said: str,
                 says: str) -> None:
        self.meeting = meeting
        self.source = source
        self.other = other
        self.what = what
        super().__init__(
            f"{source}: this edition of meeting {meeting} disagrees with {other} on {what}: "
            f"{other} {said}, this edition {says}")


class OutputError(AnalysisError):
    """A result cannot be written where the user asked."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: cannot write ({problem})")


class UnknownNameError(AnalysisError):
    """One or more names do not resolve to an identifier; lists all of them at once.

    ``unknown`` maps every unknown name to up to three suggestions (``"form (ID)"``),
    or, for a name in ``ambiguous``, to the entities it could mean. ``places`` says
    where a name stands (``"paragraph 42"``); ``notes`` says why a name has no id when
    that is known (a former State, with its successors). The message names every one;
    only the first ``SHOWN`` get suggestions (finding them costs time).
    """

    SHOWN = 50

    def __init__(self, unknown: dict[str, Sequence[str]], where: str = "",
                 ambiguous: set[str] | frozenset[str] = frozenset(),
                 places: dict[str, str] | None = None,
                 notes: dict[str, str] | None = None) -> None:
        self.unknown = dict(unknown)
        self.where = where
        self.ambiguous = set(ambiguous)
        self.places = dict(places or {})
        self.notes = dict(notes or {})
        parts = []
        for name, suggestions in self.unknown.items():
            place = f" in {self.places[name]}" if name in self.places else ""
            if name in self.notes:
                hint = f" ({self.notes[name]})"
            elif name in self.ambiguous:
                hint = f" (ambiguous: {', '.join(suggestions)})"
            else:
                hint = f" (did you mean: {', '.join(suggestions)}?)" if suggestions else ""
            parts.append(f"'{name}'{place}{hint}")
        place = f"{where}: " if where else ""
        noun = "name" if len(self.unknown) == 1 else "names"
        super().__init__(f"{place}{len(self.unknown)} unknown {noun}: {'; '.join(parts)}")


class ReportProblemsError(AnalysisError):
    """Several problems in one report, reported together in one line.

    ``problems`` holds the individual errors (count mismatches, unknown names), each
    of which names its paragraph.
    """

    def __init__(self, source: str, problems: Sequence[AnalysisError]) -> None:
        self.source = source
        self.problems = list(problems)
        parts = [str(problem).removeprefix(f"{source}: ") for problem in self.problems]
        super().__init__(f"{source}: {len(parts)} problems: {'; '.join(parts)}")


class BadArgumentError(AnalysisError, ValueError):
    """An argument (a treaty id, a language, a date…) that no public function accepts.

    Every public function parses its dates, treaty ids and languages with
    ``analysis.inputs``, so a bad one always raises this (or ``BadDateError``), naming
    the value and, where they are few, the valid ones.
    """

    def __init__(self, what: str, value: object, problem: str,
                 valid: Sequence[str] = ()) -> None:
        self.what = what
        self.value = value
        self.problem = problem
        self.valid = tuple(valid)
        choices = f"; valid: {', '.join(self.valid)}" if self.valid else ""
        super().__init__(f"{what} {value!r}: {problem}{choices}")


class BadDateError(BadArgumentError):
    """A date is malformed or outside the range the treaty data covers."""

    def __init__(self, value: str, problem: str) -> None:
        super().__init__("date", value, problem)


class ReferenceDataError(AnalysisError):
    """A reference table fails validation on load; names the file and the rows."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{Path(self.path).name}: {problem}")


def missing_dependency(error: ModuleNotFoundError) -> str:
    """One line for a Python that lacks the package's dependencies, saying what to do.

    Example:
        >>> missing_dependency(ModuleNotFoundError("No module named 'polars'", name="polars"))[:58]
        "error: this Python has no 'polars' (a dependency of the pa"
    """
    return (f"error: this Python has no {error.name!r} (a dependency of the package): run "
            "`make .venv/.installed` once, then `source .venv/bin/activate` (or call "
            "`.venv/bin/python -m analysis`, or `.venv/bin/firearms-wg`)")


class AttendanceSectionError(AnalysisError):
    """The attendance section cannot be read whole; names the paragraph.

    A paragraph in it is not understood, its numbering has a gap, a category comes
    twice, or a list runs on or is cut.
    """

    def __init__(self, source: str, paragraph: int, problem: str) -> None:
        self.source = source
        self.paragraph = paragraph
        self.problem = problem
        super().__init__(f"{source}: paragraph {paragraph} {problem}")


class TableSchemaError(AnalysisError):
    """A table the package builds differs from its declaration (``analysis.schemas``).

    Names the table and the column; a sign of reference data or a report the analyses
    do not expect (or of a bug), caught where the table crosses a layer.
    """

    def __init__(self, table: str, column: str, problem: str) -> None:
        self.table = table
        self.column = column
        self.problem = problem
        super().__init__(f"table {table}: column {column} {problem}")
