"""Problems as data: every reader and check reports `Issue` records instead of raising.

Statisticians need to see *all* problems of a file at once, located by file, row and column,
so readers collect issues into a `Report`; only the caller decides whether to stop. The one
exception type, `WaimaoError`, carries a report (or a single message) up to the CLI, which
prints it and exits non-zero without a traceback.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Severity(str, Enum):
    """An error blocks a load; a warning is shown and the load goes on."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem found in the input, with a stable kebab-case `code` documented in docs/issues.md.

    `row` is the 1-based line number of the record in the file as a spreadsheet shows it
    (the header is row 1), so a user can jump to it; `None` when the problem is about the
    whole file or a column.
    """

    code: str
    message: str
    severity: Severity = Severity.ERROR
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        parts = [self.file or "<input>"]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        shown = f" (value {self.value!r})" if self.value is not None else ""
        return f"{self.severity.value} [{self.code}] {self.location()}: {self.message}{shown}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["severity"] = self.severity.value
        return d


@dataclass
class Report:
    """What a reader or check found: the issues and a few counts (`stats`)."""

    issues: list[Issue] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not any(i.is_error for i in self.issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def extend(self, issues) -> None:
        self.issues.extend(issues)

    def to_dict(self) -> dict:
        return {"valid": self.valid, "stats": self.stats, "issues": [i.to_dict() for i in self.issues]}


class WaimaoError(Exception):
    """An expected failure the user can act on; the CLI prints it without a traceback."""

    def __init__(self, message: str, report: Report | None = None):
        super().__init__(message)
        self.report = report or Report()


class IngestError(WaimaoError):
    """A file could not be loaded; nothing of it was written."""


class IndicatorError(WaimaoError):
    """A figure cannot be computed (unknown region, incomplete months, ...)."""


class EngineError(WaimaoError):
    """The storage or compute engine is missing or misconfigured."""
