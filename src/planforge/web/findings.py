"""Findings as the workspace shows them: in plain words, beside their field and by section.

planforge's messages name fields the way a YAML file does (`` `waivers[4].replacement_policy` ``).
In the browser every such name becomes the field's label ("Waivers › Waiver 4 (w-calendar) ›
Replacement policy"), and the few schema messages that talk about colons and lines are
rephrased for a form.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from planforge.errors import Finding, Severity
from planforge.web.schema_nav import describe, field_label, item_word
from planforge.web.sections import section_of

_BACKTICK = re.compile(r"`([^`\n]{1,200})`")
_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*(\.[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*)*")
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")
SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "info": "Note"}


@dataclass
class WebFinding:
    """One finding ready for the page."""

    severity: str
    code: str
    message: str
    where: str
    pointer: str
    section: str | None
    hint: str = ""

    @property
    def anchor(self) -> str:
        """The HTML id of the field this finding is about (see forms.dom_id)."""
        from planforge.web.forms import dom_id

        return dom_id(self.pointer)

    @property
    def severity_word(self) -> str:
        """`Error`, `Warning` or `Note`."""
        return SEVERITY_WORDS.get(self.severity, self.severity)

    def as_json(self) -> dict[str, Any]:
        """The shape the page's script reads."""
        return {
            "severity": self.severity,
            "word": self.severity_word,
            "code": self.code,
            "message": self.message,
            "where": self.where,
            "pointer": self.pointer,
            "section": self.section,
            "anchor": self.anchor,
        }


def readable_to_pointer(path: str) -> str | None:
    """`waivers[4].replacement_policy` -> `/waivers/3/replacement_policy` (items from 1)."""
    if not _PATH.fullmatch(path):
        return None
    out = ""
    for step in path.split("."):
        match = _STEP.fullmatch(step)
        if match is None:
            return None
        out += "/" + match.group(1)
        for index in re.findall(r"\[(\d+)\]", match.group(2)):
            if int(index) < 1:
                return None
            out += f"/{int(index) - 1}"
    return out


def humanize(message: str, data: Any, names: frozenset[str]) -> str:
    """Replace YAML paths and keys in backticks by field labels; quote other typed values."""

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        core = inner[:-1] if inner.endswith(":") else inner
        if ": " in core:
            key, _, value = core.partition(": ")
            if key in names:
                return f"“{field_label('/' + key)}: {value}”"
        pointer = readable_to_pointer(core)
        if pointer is not None and all(
            token in names or token.isdigit() for token in pointer.split("/")[1:]
        ):
            if "/" in pointer[1:]:
                return f"“{describe(pointer, data)}”"
            return f"“{field_label(pointer)}”"
        return f"“{inner}”"

    return _BACKTICK.sub(replace, message)


def _form_message(finding: Finding, data: Any, names: frozenset[str]) -> str:
    """The message beside a field (its label is already shown there)."""
    code = finding.code
    if code == "schema.required" or (code == "schema.empty" and "is empty" in finding.message):
        return "Required: fill this in."
    if code == "schema.empty":
        return "This is blank: write the text, or clear the field if it does not apply."
    if code == "schema.min-items":
        match = re.search(r"at least (\d+)", finding.message)
        n = int(match.group(1)) if match else 1
        word = item_word(finding.pointer)
        return f"Add at least {n} {word}{'s' if n != 1 else ''}."
    if "# TODO" in finding.message:
        text = humanize(finding.message, data, names)
        return re.sub(r"delete the “# TODO” comment", "select “Keep this value” beside it", text)
    if code == "schema.unknown-key":
        return (
            humanize(finding.message, data, names)
            + " The form cannot show it: use “Edit as text” to rename or remove it."
        )
    return humanize(finding.message, data, names)


def web_findings(
    findings: list[Finding], data: Any, label: str, names: frozenset[str]
) -> list[WebFinding]:
    """Findings in plain words, each with its section and where it is."""
    out = []
    for f in findings:
        out.append(
            WebFinding(
                severity=str(f.severity),
                code=f.code,
                message=_form_message(f, data, names),
                where=describe(f.pointer, data, top="The whole file"),
                pointer=f.pointer,
                section=section_of(label, f.pointer, data),
                hint=humanize(f.hint, data, names) if f.hint else "",
            )
        )
    return out


def section_counts(findings: list[WebFinding]) -> dict[str, dict[str, int]]:
    """Per section id: how many errors, warnings and notes."""
    counts: dict[str, Counter[str]] = {}
    for f in findings:
        counts.setdefault(f.section or "", Counter())[f.severity] += 1
    return {key: {s.value: int(c.get(s.value, 0)) for s in Severity} for key, c in counts.items()}


def status_of(counts: dict[str, int] | None) -> tuple[str, str]:
    """(css class, words) of a section's status."""
    counts = counts or {}
    if counts.get("error"):
        n = counts["error"]
        return "error", f"{n} to fix"
    if counts.get("warning"):
        n = counts["warning"]
        return "warning", f"{n} to check"
    return "ok", "No problems"
