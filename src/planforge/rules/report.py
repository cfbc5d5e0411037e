"""Review reports: the authorizer's text and Markdown reports; JSON, GitHub and SARIF via report.py."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from planforge.domain.labels import BODIES as BODY_NAMES
from planforge.domain.labels import PROGRAM_NAMES
from planforge.domain.numbers import hours as hours_text
from planforge.domain.text import printable
from planforge.errors import Finding, Severity
from planforge.reporters import REPORTER_BY_NAME, format_line, md_cell, md_code
from planforge.rules._util import money, number
from planforge.rules.engine import NOT_READY, NOT_REVIEWED, READY, ElementResult, ReviewEntry

COMMENT_WIDTH = 64
STATUS_WIDTH = len("Partially meets")
RULE = "=" * 100


def comment(f: Finding) -> str:
    """`line 40 (error): message`."""
    return f"line {f.line or 1} ({f.severity}): {f.message}"


def _title(element: ElementResult) -> str:
    """A checklist row's title, unnumbered like the rows of CDE's Appendix A."""
    return element.title


def header_lines(entry: ReviewEntry) -> list[str]:
    """Who and what is reviewed."""
    if entry.kind == "zone_agreement":
        what = "Zone agreement"
    elif entry.kind == "school_operational_plan":
        what = "School operational plan"
    else:
        what = f"Innovation plan ({entry.action or 'action not stated'})"
    name = entry.name or entry.path
    district = f" — {entry.district}" if entry.district else ""
    lines = [f"Review of {name}{district}", f"  {what}: {entry.path}"]
    if entry.member_of:
        lines.append(f"  Member of the zone in {entry.member_of}")
    lines.append(f"  Rule packs: {entry.packs}")
    return lines


def checklist_lines(entry: ReviewEntry) -> list[str]:
    """The elements checklist as an aligned table with wrapped comments."""
    titles = [_title(e) for e in entry.elements]
    width = max([len("Element"), *map(len, titles)])
    out = [f"  {'Element':<{width}}  {'Status':<{STATUS_WIDTH}}  Comments"]
    out.append(f"  {'-' * width}  {'-' * STATUS_WIDTH}  {'-' * COMMENT_WIDTH}")
    pad = " " * (width + STATUS_WIDTH + 6)
    for title, element in zip(titles, entry.elements, strict=True):
        comments = [
            line
            for f in element.findings
            for line in textwrap.wrap(comment(f), COMMENT_WIDTH, subsequent_indent="  ")
        ]
        first = comments[0] if comments else ""
        out.append(f"  {title:<{width}}  {element.status:<{STATUS_WIDTH}}  {first}".rstrip())
        out.extend(f"{pad}{line}" for line in comments[1:])
    return out


def metric_lines(entry: ReviewEntry) -> list[str]:
    """Key figures: hours per program, vote shares, budget totals (or the zone board)."""
    m = entry.metrics
    if entry.kind == "zone_agreement":
        members = m.get("members", [])
        ready = sum(1 for x in members if x["reviewed"] and not x["review_errors"])
        return [
            f"  Board: {m.get('board_seats')} seats listed, size {m.get('board_size')}",
            f"  Member plans: {len(members)} found, {ready} ready",
        ]
    return [*_time_lines(m), *_consent_lines(m), *_budget_lines(m), *_sop_budget_lines(m)]


def _sop_budget_lines(m: dict[str, Any]) -> list[str]:
    b = m.get("sop_budget")
    if not b or b.get("allocation") is None:
        return []
    left = b["remaining"]
    rest = f"{money(left)} left" if left >= 0 else f"{money(-left)} over"
    return [f"  Budget: allocation {money(b['allocation'])}; planned {money(b['planned'])}; {rest}"]


def _time_lines(m: dict[str, Any]) -> list[str]:
    parts = []
    for key, t in m.get("instructional_time", {}).items():
        minimum = f", minimum {number(t['minimum'])}" if t.get("minimum") is not None else ""
        floor = t.get("reduced_minimum")
        same = not t.get("deductions") and floor == t.get("minimum")  # nothing deducted
        actual = (
            f"; {hours_text(t['hours'])} h after deductions (at least {number(floor)})"
            if floor is not None and not same
            else ""
        )
        parts.append(
            f"{t.get('label') or PROGRAM_NAMES.get(key, key)} {hours_text(t['scheduled_hours'])} h "
            f"planned over {t['days']} days{minimum}{actual}"
        )
    return [f"  Instructional time: {'; '.join(parts)}"] if parts else []


def _consent_lines(m: dict[str, Any]) -> list[str]:
    parts = []
    for body, v in m.get("consent", {}).items():
        share = f" ({v['percent']:.1f}%)" if v.get("percent") is not None else ""
        parts.append(f"{BODY_NAMES.get(body, body)} {v['votes_for']} of {v['eligible']}{share}")
    for body, v in m.get("consent_untallied", {}).items():
        outcome = {"approved": "approved, ", "not_approved": "not approved, "}.get(
            str(v.get("outcome")), ""
        )
        parts.append(
            f"{BODY_NAMES.get(body, body)} held {v.get('date')} ({outcome}tally not recorded)"
        )
    return [f"  Consent votes: {'; '.join(parts)}"] if parts else []


def _budget_lines(m: dict[str, Any]) -> list[str]:
    b = m.get("budget")
    if not b:
        return []
    return [
        f"  Budget (proposed): revenues {money(b['revenue_proposed'])}; expenses {money(b['expense_proposed'])}; "
        f"staffing {money(b['staffing_cost'])} for {number(b['staffing_fte'])} FTE",
        f"  Budget (prior year): revenues {money(b['revenue_prior'])}; expenses {money(b['expense_prior'])}",
    ]


def entry_text(entry: ReviewEntry) -> list[str]:
    """The full text report of one file."""
    lines = [*header_lines(entry), ""]
    if entry.reviewed:
        heading = "Statutory elements" if entry.statutory else "Checklist"
        lines += [heading, *checklist_lines(entry), ""]
        figures = metric_lines(entry)
        if figures:
            lines += ["Key figures", *figures, ""]
    lines.append("Findings")
    findings = entry.findings
    lines += [f"  {format_line(f)}" for f in findings] or ["  (none)"]
    return [*lines, "", entry.verdict_detail]


def closing_line(entries: Sequence[ReviewEntry]) -> str:
    """`3 files reviewed: 2 ready, 1 not ready, 0 not reviewed.`"""
    counts = {
        v: sum(1 for e in entries if e.verdict == v) for v in (READY, NOT_READY, NOT_REVIEWED)
    }
    files = f"{len(entries)} file{'s' if len(entries) != 1 else ''} reviewed"
    return f"{files}: {counts[READY]} ready, {counts[NOT_READY]} not ready, {counts[NOT_REVIEWED]} not reviewed."


def report_text(entries: Sequence[ReviewEntry], out: TextIO) -> None:
    """One report per file, separated by a rule, then a closing count."""
    for index, entry in enumerate(entries):
        if index:
            out.write(f"\n{RULE}\n\n")
        out.write(printable("\n".join(entry_text(entry)) + "\n"))
    if len(entries) > 1:
        out.write(f"\n{closing_line(entries)}\n")


def entry_markdown(entry: ReviewEntry) -> list[str]:
    """The Markdown report of one file."""
    lines = [f"## {md_cell(entry.name or entry.path)} — {entry.verdict}", ""]
    lines += [f"- {md_cell(line.strip())}" for line in header_lines(entry)[1:]]
    if entry.reviewed:
        lines += ["", "| Element | Status | Comments |", "|---|---|---|"]
        for element in entry.elements:
            notes = "<br>".join(md_cell(comment(f)) for f in element.findings)
            lines.append(f"| {md_cell(_title(element))} | {element.status} | {notes} |")
        figures = metric_lines(entry)
        if figures:
            lines += [
                "",
                "**Key figures**",
                "",
                *[f"- {md_cell(line.strip())}" for line in figures],
            ]
    lines += ["", "**Findings**", ""]
    lines += [
        f"- {md_code(f'{f.path}:{f.line or 1}:{f.column or 1}')} **{f.severity}** "
        f"[{md_cell(f.code)}] {md_cell(f.message)}"
        for f in entry.findings
    ] or ["- none"]
    return [*lines, "", f"**{md_cell(entry.verdict_detail)}**", ""]


def report_markdown(entries: Sequence[ReviewEntry], out: TextIO) -> None:
    """Markdown: one section per file, tables for the checklist."""
    out.write("# planforge review\n\n")
    for entry in entries:
        out.write(printable("\n".join(entry_markdown(entry)) + "\n"))
    if len(entries) > 1:
        out.write(f"{closing_line(entries)}\n")


def _via_report(name: str) -> Callable[[Sequence[ReviewEntry], TextIO], None]:
    def write(entries: Sequence[ReviewEntry], out: TextIO) -> None:
        REPORTER_BY_NAME[name]([e.to_file_entry() for e in entries], out)

    return write


REVIEW_REPORTERS: dict[str, Callable[[Sequence[ReviewEntry], TextIO], None]] = {
    "text": report_text,
    "markdown": report_markdown,
    "json": _via_report("json"),
    "github": _via_report("github"),
    "sarif": _via_report("sarif"),
}

__all__ = ["REVIEW_REPORTERS", "Severity", "report_markdown", "report_text"]
