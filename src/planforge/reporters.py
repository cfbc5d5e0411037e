"""Reporters: print findings as text, JSON, GitHub annotations or SARIF.

A *reporter* takes a list of file entries (path, kind, findings and any extra fields a
command adds) and writes them in one format. Registries map format names to reporters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from planforge import __version__
from planforge.domain.text import json_safe, printable
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


# Characters a Markdown reader (CommonMark, GitHub) would take as markup anywhere in a line:
# emphasis, code, links, raw HTML (`<Charter>` would vanish), tables, strikethrough, escapes.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # `&amp;` would print as `&`
# At the start of a line or list item: a heading, a bullet, a rule or a list number.
_MD_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|[-+](?=\s|$)|-{3,}|\d{1,9}(?=[.)](\s|$)))")


def md_cell(text: str) -> str:
    """Text exactly as typed in Markdown: everything a reader would interpret as markup is
    escaped (``Smith & Jones <Charter> School`` still reads so), line breaks are folded and
    pipes escaped so it fits one table cell or list item."""
    text = printable(text).replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    text = _MD_ENTITY.sub(r"\\&", _MD_INLINE.sub(r"\\\1", text))
    return _MD_LINE_START.sub(_escape_start, text, count=1)


def _escape_start(m: re.Match[str]) -> str:
    indent, mark = m.group(1), m.group(2)
    if mark[0].isdigit():
        return f"{indent}{mark}\\"  # `2029.` -> `2029\.`: the period is escaped next
    return f"{indent}\\{mark}"


def md_code(text: str) -> str:
    """Text as a Markdown code span (a path, a file:line:col), whatever backticks it holds."""
    text = printable(text).replace("\n", " ")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def format_line(f: Finding) -> str:
    """`path:line:col: severity [code] message` (the compiler-style one-line form), safe to
    print whatever bytes the file's name holds."""
    return printable(f"{f.path}:{f.line or 1}:{f.column or 1}: {f.severity} [{f.code}] {f.message}")


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
    dump_json({"files": [entry_dict(e) for e in entries]}, out)


def dump_json(value: Any, out: TextIO) -> None:
    """Indented JSON and a new line; valid UTF-8 even for file names that are not
    (:func:`planforge.domain.text.json_safe`)."""
    out.write(json_safe(json.dumps(value, indent=2, ensure_ascii=False)) + "\n")


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = printable(text)
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
    dump_json(doc, out)


REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
    "sarif": report_sarif,
}
