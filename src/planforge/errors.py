"""Findings (problems in a user's files, reported as values) and the exception root.

A *finding* is something wrong or worth noticing in a plan or zone file: a schema error, a
YAML problem, a review rule that fails. Findings are collected and reported together.
An *exception* (a subclass of :class:`PlanforgeError`) aborts a run: an unreadable file,
a broken template, an output that cannot be written. Each carries the exit code the CLI uses.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any


class Severity(enum.StrEnum):
    """How serious a finding is. Errors block; warnings inform (and block with --strict)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Finding:
    """One problem found in a file, located by JSON Pointer and 1-based line/column."""

    severity: Severity
    code: str
    message: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None
    path: str = ""
    hint: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def located(self, line: int | None, column: int | None) -> Finding:
        """Return a copy with a source position."""
        return replace(self, line=line, column=column)

    def in_file(self, path: str) -> Finding:
        """Return a copy attributed to a file."""
        return replace(self, path=path)

    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        """Order by file, position, severity, code, then message."""
        return (
            self.path,
            self.line or 0,
            self.column or 0,
            SEVERITY_ORDER[self.severity],
            self.code,
            self.message,
        )

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape used by every machine-readable report."""
        out: dict[str, Any] = {
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
        }
        if self.hint:
            out["hint"] = self.hint
        return out


def error(code: str, message: str, pointer: str = "", **kw: Any) -> Finding:
    """Shorthand for an error finding."""
    return Finding(Severity.ERROR, code, message, pointer, **kw)


def warning(code: str, message: str, pointer: str = "", **kw: Any) -> Finding:
    """Shorthand for a warning finding."""
    return Finding(Severity.WARNING, code, message, pointer, **kw)


class PlanforgeError(Exception):
    """Root of every exception planforge raises on purpose."""

    exit_code = 1


class InputFileError(PlanforgeError):
    """A file named on the command line cannot be read at all (missing, a folder, no access).

    ``findings`` holds the problems that made it unreadable, when there are some to show.
    """

    exit_code = 2

    def __init__(self, message: str, findings: Sequence[Finding] = ()) -> None:
        super().__init__(message)
        self.findings = list(findings)


class InvalidInputError(PlanforgeError):
    """The files have errors, so the documents asked for were not made (unless in draft)."""

    exit_code = 1

    def __init__(self, message: str, results: Sequence[Any] = ()) -> None:
        super().__init__(message)
        self.results = list(results)


class ResourceError(PlanforgeError):
    """A bundled schema, template, rule pack or catalog is missing or broken."""

    exit_code = 3


class TemplateError(PlanforgeError):
    """A Word template is malformed or asks for a value the plan does not provide."""

    exit_code = 3


class RenderError(PlanforgeError):
    """A rendered document failed its integrity checks; nothing was written."""

    exit_code = 1


class OutputError(PlanforgeError):
    """An output file or folder cannot be written."""

    exit_code = 4


class ToolMissingError(PlanforgeError):
    """An optional external program (LibreOffice) is not installed."""

    exit_code = 3
