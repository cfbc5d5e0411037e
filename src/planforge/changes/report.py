"""Printing a :class:`planforge.changes.core.PlanDiff` as text (for a teacher), markdown or JSON."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from typing import Any, TextIO

from planforge.changes.core import CATEGORIES, SECTIONS, PlanDiff, WaiverRow
from planforge.changes.levers import staffing_totals
from planforge.changes.parts import money, number, signed
from planforge.reporters import format_line, md_cell, md_code

WIDTH = 88
CATEGORY_WORDS = {
    "kept": "Kept (unchanged)",
    "modified": "Modified",
    "added": "Added (new)",
    "dropped": "Dropped (no longer requested)",
}


def summary(diff: PlanDiff) -> str:
    """One closing line: counts of changes, waivers by category and status problems."""
    counts = ", ".join(f"{len(diff.waivers_in(c))} {c}" for c in CATEGORIES)
    problems = len(diff.findings)
    tail = f"; {problems} waiver status problem{'s' if problems != 1 else ''}" if problems else ""
    n = len(diff.changes)
    return f"{n} change{'s' if n != 1 else ''}; waivers: {counts}{tail}."


Line = tuple[str, str]  # (style, text): style "item", "sub" (a subheading) or "note"


def _blocks(diff: PlanDiff) -> list[tuple[str, list[Line]]]:
    """(heading, lines) per section, shared by the text and markdown formats."""
    out: list[tuple[str, list[Line]]] = []
    for name, title in SECTIONS.items():
        if name == "waivers":
            out.append((title, _waiver_lines(diff)))
            continue
        lines: list[Line] = [("item", c.sentence()) for c in diff.section(name)]
        out.append((title, lines or [("note", "No changes.")]))
    return out


def _waiver_lines(diff: PlanDiff) -> list[Line]:
    if not diff.waivers:
        return [("note", "Neither version asks for waivers.")]
    lines: list[Line] = []
    for category in CATEGORIES:
        rows = diff.waivers_in(category)
        if rows:
            lines.append(("sub", f"{CATEGORY_WORDS[category]}: {len(rows)}"))
            for row in rows:
                lines.extend(_row_lines(row))
    return lines


def _row_lines(row: WaiverRow) -> list[Line]:
    declared = f" [marked {row.declared}]" if row.declared and row.declared != row.category else ""
    lines: list[Line] = [
        ("item", f"{row.id}: {row.citation} — {row.title}. {row.what_changes}{declared}")
    ]
    if "replacement_policy" in row.changed and row.category != "dropped":
        lines.append(("quote", "Was: " + " ".join(row.old_replacement.split())))
        lines.append(("quote", "Now: " + " ".join(row.new_replacement.split())))
    return lines


def _header(diff: PlanDiff) -> list[str]:
    who = diff.school or "the school"
    kind = f" ({diff.action})" if diff.action else ""
    return [
        f"What changed in the innovation plan of {who}{kind}",
        f"Earlier version: {diff.old_name}",
        f"New version:     {diff.new_name}",
        "Budget amounts compare the proposed year of each version.",
    ]


def report_text(diff: PlanDiff, out: TextIO) -> None:
    """Plain text a teacher can read: one heading per lever, one line per change."""
    out.write("\n".join(_header(diff)) + "\n")
    for title, lines in _blocks(diff):
        out.write(f"\n{title}\n{'-' * len(title)}\n")
        for style, text in lines:
            out.write(_wrap(style, text) + "\n")
    out.write("\nTotals\n------\n" + "\n".join(_wrap("item", t) for t in _totals(diff)) + "\n")
    if diff.findings:
        out.write("\nProblems with waiver status\n---------------------------\n")
        for f in sorted(diff.findings, key=lambda f: f.sort_key()):
            out.write(format_line(f) + "\n")
    out.write(f"\n{summary(diff)}\n")


_INDENT = {
    "item": ("- ", "  "),
    "sub": ("", "  "),
    "note": ("", ""),
    "quote": ("    ", "         "),
}


def _wrap(style: str, text: str) -> str:
    first, rest = _INDENT[style]
    return textwrap.fill(
        text, WIDTH, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    )


def _totals(diff: PlanDiff) -> list[str]:
    lines = []
    for label, rows in (("Revenue", diff.revenues), ("Spending", diff.expenses)):
        old, new = sum(r.old or 0 for r in rows), sum(r.new or 0 for r in rows)
        lines.append(
            f"{label} (proposed year): {money(old)} → {money(new)} "
            f"({signed(new - old, dollars=True)})"
        )
    of, nf, oc, nc = staffing_totals(diff.positions)
    lines.append(
        f"Staffing: {number(of)} → {number(nf)} FTE ({signed(nf - of)}); "
        f"{money(oc)} → {money(nc)} ({signed(nc - oc, dollars=True)})"
    )
    for program, (old_h, new_h) in diff.hours.items():
        lines.append(
            f"Scheduled instruction hours a year, {program}, "
            "before deductions: "
            f"{_hours(old_h)} → {_hours(new_h)}"
        )
    return lines


def _hours(value: float | None) -> str:
    return "—" if value is None else f"{number(round(value, 1))} h"


def report_markdown(diff: PlanDiff, out: TextIO) -> None:
    """GitHub-flavoured markdown: headings, bullet lists and a waiver table."""
    head = _header(diff)
    out.write(f"# {md_cell(head[0])}\n\n")
    out.write(
        f"- Earlier version: {md_code(diff.old_name)}\n- New version: {md_code(diff.new_name)}\n"
    )
    out.write(f"- {md_cell(head[3])}\n")
    for title, lines in _blocks(diff):
        out.write(f"\n## {title}\n\n")
        if title == SECTIONS["waivers"] and diff.waivers:
            out.write(_waiver_table(diff))
            continue
        out.write("".join(_md_line(style, text) for style, text in lines))
    out.write("\n## Totals\n\n")
    out.write("".join(f"- {md_cell(line)}\n" for line in _totals(diff)))
    if diff.findings:
        out.write("\n## Problems with waiver status\n\n")
        out.write(
            "".join(
                f"- {md_code(f'{f.path}:{f.line}:{f.column}')} **{md_cell(f.code)}**: "
                f"{md_cell(f.message)}\n"
                for f in sorted(diff.findings, key=lambda f: f.sort_key())
            )
        )
    out.write(f"\n{summary(diff)}\n")


def _md_line(style: str, text: str) -> str:
    if style == "sub":
        return f"\n**{md_cell(text)}**\n\n"
    if style == "note":
        return f"{md_cell(text)}\n"
    return f"- {md_cell(text)}\n" if style == "item" else f"  - {md_cell(text)}\n"


def _waiver_table(diff: PlanDiff) -> str:
    rows = ["| Waiver | Citation | Status | What changes |", "|---|---|---|---|"]
    for r in diff.waivers:
        note = r.what_changes
        if "replacement_policy" in r.changed and r.category != "dropped":
            note += f" Now: {' '.join(r.new_replacement.split())}"
        if r.declared and r.declared != r.category:
            note += f" (marked {r.declared})"
        rows.append(f"| {md_cell(r.id)} | {md_cell(r.citation)} | {r.category} | {md_cell(note)} |")
    return "\n".join(rows) + "\n"


def as_json(diff: PlanDiff) -> dict[str, Any]:
    """The JSON shape of a diff."""
    of, nf, oc, nc = staffing_totals(diff.positions)
    return {
        "old": diff.old_name,
        "new": diff.new_name,
        "school": diff.school,
        "action": diff.action,
        "sections": {n: [c.as_dict() for c in diff.section(n)] for n in SECTIONS},
        "waivers": [_row_json(r) for r in diff.waivers],
        "budget": {
            "revenues": [vars(r) for r in diff.revenues],
            "expenses": [vars(r) for r in diff.expenses],
        },
        "staffing": {
            "positions": [vars(p) for p in diff.positions],
            "totals": {"old_fte": of, "new_fte": nf, "old_cost": oc, "new_cost": nc},
        },
        "hours": {p: {"old": o, "new": n} for p, (o, n) in diff.hours.items()},
        "findings": [dict(f.as_dict(), path=f.path) for f in diff.findings],
        "summary": summary(diff),
    }


def _row_json(row: WaiverRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "citation": row.citation,
        "title": row.title,
        "kind": row.kind,
        "category": row.category,
        "declared_status": row.declared,
        "changed": row.changed,
        "old_id": row.old_id,
        "old_replacement": row.old_replacement,
        "new_replacement": row.new_replacement,
        "what_changes": row.what_changes,
    }


def report_json(diff: PlanDiff, out: TextIO) -> None:
    """Machine-readable diff."""
    json.dump(as_json(diff), out, indent=2, ensure_ascii=False)
    out.write("\n")


REPORTERS: dict[str, Callable[[PlanDiff, TextIO], None]] = {
    "text": report_text,
    "markdown": report_markdown,
    "json": report_json,
}
