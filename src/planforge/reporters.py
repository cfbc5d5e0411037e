"""Reporters: print findings as text, JSON, GitHub annotations or SARIF.

A *reporter* takes a list of file entries (path, kind, findings and any extra fields a
command adds) and writes them in one format. Registries map format names to reporters.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from planforge import __version__
from planforge.errors import Finding, Severity


@dataclass
class FileEntry:
    """What a report says about one file."""

    path: str
    kind: str | None
    findings: list[Finding]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """No errors."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def sorted_findings(self) -> list[Finding]:
        """Findings in file/line/column order."""
        return sorted(self.findings, key=Finding.sort_key)


Reporter = Callable[[Sequence[FileEntry], TextIO], None]


def md_cell(text: str) -> str:
    """Text safe inside one Markdown table cell (pipes escaped, line breaks folded)."""
    return text.replace("|", "\\|").replace("\n", " ")


def format_line(f: Finding) -> str:
    """`path:line:col: severity [code] message` (the compiler-style one-line form)."""
    return f"{f.path}:{f.line or 1}:{f.column or 1}: {f.severity} [{f.code}] {f.message}"


def summary_line(entries: Sequence[FileEntry]) -> str:
    """One closing line: files checked, and totals of errors and warnings."""
    findings = [f for e in entries for f in e.findings]
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    bad = sum(1 for e in entries if not e.valid)
    files = f"{len(entries)} file{'s' if len(entries) != 1 else ''} checked"
    if not errors and not warnings:
        return f"{files}: no problems found."
    return (
        f"{files}: {bad} with errors; {errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}."
    )


def report_text(entries: Sequence[FileEntry], out: TextIO) -> None:
    """Compiler-style lines, sorted, then a summary."""
    all_findings = sorted((f for e in entries for f in e.findings), key=Finding.sort_key)
    for f in all_findings:
        out.write(format_line(f) + "\n")
    out.write(summary_line(entries) + "\n")


def entry_dict(entry: FileEntry) -> dict[str, Any]:
    """The JSON shape of one file entry."""
    return {
        "path": entry.path,
        "kind": entry.kind,
        "valid": entry.valid,
        "findings": [f.as_dict() for f in entry.sorted_findings()],
        **entry.extra,
    }


def report_json(entries: Sequence[FileEntry], out: TextIO) -> None:
    """`{"files": [{"path", "kind", "valid", "findings": [...]}]}`."""
    json.dump({"files": [entry_dict(e) for e in entries]}, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def report_github(entries: Sequence[FileEntry], out: TextIO) -> None:
    """GitHub Actions workflow commands, so findings show up on the pull request."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    for entry in entries:
        for f in entry.sorted_findings():
            props = (
                f"file={_gh_escape(f.path, prop=True)},line={f.line or 1},"
                f"col={f.column or 1},title={_gh_escape(f.code, prop=True)}"
            )
            out.write(f"::{level[f.severity]} {props}::{_gh_escape(f.message)}\n")
    out.write(summary_line(entries) + "\n")


def report_sarif(entries: Sequence[FileEntry], out: TextIO) -> None:
    """SARIF 2.1.0, for code-scanning dashboards."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    findings = [f for e in entries for f in e.sorted_findings()]
    rule_ids = sorted({f.code for f in findings})
    results = [
        {
            "ruleId": f.code,
            "level": level[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path},
                        "region": {"startLine": f.line or 1, "startColumn": f.column or 1},
                    },
                    "logicalLocations": [{"fullyQualifiedName": f.pointer or "/"}],
                }
            ],
        }
        for f in findings
    ]
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "planforge",
                        "version": __version__,
                        "rules": [{"id": r} for r in rule_ids],
                    }
                },
                "results": results,
            }
        ],
    }
    json.dump(doc, out, indent=2, ensure_ascii=False)
    out.write("\n")


REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
    "sarif": report_sarif,
}
