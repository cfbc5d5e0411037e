"""The renewal summary Word document, "What you are voting on", for a staff ballot.

Built with python-docx directly (imported inside the functions, so `planforge diff` without
`--docx` never pays for it) and written atomically: a temporary file in the target folder,
then `os.replace`, so a half-written document never appears under the final name.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planforge.changes.core import CATEGORIES, LEVERS, SECTIONS, PlanDiff
from planforge.changes.levers import staffing_totals
from planforge.changes.parts import money, number, signed
from planforge.changes.report import CATEGORY_WORDS
from planforge.errors import OutputError
from planforge.outputs import write_atomic

TITLE = "What you are voting on"
WAIVER_HEADERS = ("Waiver", "Citation", "Status", "What changes")
BUDGET_HEADERS = ("Budget line", "Earlier plan", "This plan", "Change")
STAFF_HEADERS = ("Position", "FTE before", "FTE now", "Cost before", "Cost now")


def write_summary(diff: PlanDiff, out: str | Path) -> Path:
    """Build the summary and write it atomically to `out`. Returns the path written."""
    target = Path(out)
    if target.suffix.lower() != ".docx":
        msg = f"{out}: the summary is a Word document; give it a name ending in .docx."
        raise OutputError(msg)
    document = build_summary(diff)
    _save_atomic(document, target)
    return target


def build_summary(diff: PlanDiff) -> Any:
    """The python-docx Document for a diff."""
    from docx import Document

    doc = Document()
    doc.core_properties.title = f"{TITLE}: {diff.school}"
    doc.add_heading(TITLE, level=0)
    _intro(doc, diff)
    _at_a_glance(doc, diff)
    for lever in LEVERS:
        _section(doc, diff, lever)
    _waivers(doc, diff)
    _budget(doc, diff)
    _staffing(doc, diff)
    for name in ("goals", "consent", "plan", "other"):
        _section(doc, diff, name)
    _problems(doc, diff)
    return doc


def _intro(doc: Any, diff: PlanDiff) -> None:
    who = diff.school or "your school"
    doc.add_paragraph(
        f"This is a plain-language summary of what changes in the innovation plan of {who} "
        "compared with the plan approved earlier. The vote is on the full plan; this summary "
        "lists every change planforge found, lever by lever, and every waiver the plan asks "
        "for, so you can see which earlier waivers are kept, changed, added or dropped."
    )
    doc.add_paragraph(f"Earlier plan: {diff.old_name}. Plan you are voting on: {diff.new_name}.")


def _at_a_glance(doc: Any, diff: PlanDiff) -> None:
    doc.add_heading("At a glance", level=1)
    counts = ", ".join(f"{len(diff.waivers_in(c))} {c}" for c in CATEGORIES)
    of, nf, oc, nc = staffing_totals(diff.positions)
    old_exp = sum(r.old or 0 for r in diff.expenses)
    new_exp = sum(r.new or 0 for r in diff.expenses)
    for line in (
        f"Waivers: {counts}.",
        f"Staffing: {number(of)} → {number(nf)} FTE ({signed(nf - of)}), "
        f"{money(oc)} → {money(nc)}.",
        f"Spending in the proposed year: {money(old_exp)} → {money(new_exp)} "
        f"({signed(new_exp - old_exp, dollars=True)}).",
        f"{len(diff.changes)} changes in all, listed below.",
    ):
        doc.add_paragraph(line, style="List Bullet")


def _section(doc: Any, diff: PlanDiff, name: str) -> None:
    doc.add_heading(SECTIONS[name], level=1)
    changes = diff.section(name)
    if not changes:
        doc.add_paragraph("No changes.")
    for change in changes:
        doc.add_paragraph(change.sentence(), style="List Bullet")


def _table(doc: Any, headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def _waivers(doc: Any, diff: PlanDiff) -> None:
    doc.add_heading(SECTIONS["waivers"], level=1)
    if not diff.waivers:
        doc.add_paragraph("Neither version of the plan asks for waivers.")
        return
    doc.add_paragraph(
        "Every waiver in either version. Kept: unchanged from the earlier plan. Modified: the "
        "school still asks for it, with the changes shown. Added: new in this plan. Dropped: "
        "no longer requested, so the district policy or contract provision applies again."
    )
    rows = []
    for r in diff.waivers:
        note = r.what_changes
        if "replacement_policy" in r.changed and r.category != "dropped":
            note += f" New replacement policy: {' '.join(r.new_replacement.split())}"
        if r.declared and r.declared != r.category:
            note += f" (The plan marks it {r.declared}.)"
        rows.append((f"{r.id}: {r.title}", r.citation, CATEGORY_WORDS[r.category], note))
    _table(doc, WAIVER_HEADERS, rows)


def _budget(doc: Any, diff: PlanDiff) -> None:
    doc.add_heading("Budget changes", level=1)
    doc.add_paragraph("Amounts compare the proposed year of each version of the plan.")
    for label, lines in (("Revenue", diff.revenues), ("Spending", diff.expenses)):
        rows = [(r.name, money(r.old), money(r.new), signed(r.delta, dollars=True)) for r in lines]
        old, new = sum(r.old or 0 for r in lines), sum(r.new or 0 for r in lines)
        rows.append(
            (f"Total {label.lower()}", money(old), money(new), signed(new - old, dollars=True))
        )
        doc.add_heading(label, level=2)
        _table(doc, BUDGET_HEADERS, rows)


def _staffing(doc: Any, diff: PlanDiff) -> None:
    doc.add_heading("Staffing changes", level=1)
    rows = [
        (p.title, _num(p.old_fte), _num(p.new_fte), money(p.old_cost), money(p.new_cost))
        for p in diff.positions
    ]
    of, nf, oc, nc = staffing_totals(diff.positions)
    rows.append(("Total", number(of), number(nf), money(oc), money(nc)))
    _table(doc, STAFF_HEADERS, rows)


def _num(value: float | None) -> str:
    return "—" if value is None else number(value)


def _problems(doc: Any, diff: PlanDiff) -> None:
    if not diff.findings:
        return
    doc.add_heading("Points to resolve before the vote", level=1)
    for f in sorted(diff.findings, key=lambda f: f.sort_key()):
        doc.add_paragraph(f"{f.message} (line {f.line} of {f.path})", style="List Bullet")


def _save_atomic(document: Any, target: Path) -> None:
    buffer = io.BytesIO()
    document.save(buffer)
    write_atomic(target, buffer.getvalue())
