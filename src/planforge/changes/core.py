"""A semantic diff of two versions of an innovation plan, lever by lever.

`compare(old, new)` matches innovations by title, waivers by id and then by normalised
citation, budget lines by name, positions by title, bell schedules and blocks by name, goals
by id and consent votes by body, and returns a :class:`PlanDiff`: plain-language changes per
section, a waiver table, money and staffing deltas, and findings where a waiver's declared
`status` contradicts what actually changed (located in the NEW file).

Both inputs may be schema-invalid drafts: every access is defensive. Formatting lives in
`planforge.changes.report` (text, markdown, json) and `planforge.changes.docx` (Word).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planforge.changes.levers import (
    compare_goals,
    compare_schedule,
    compare_votes,
    lever_fields,
    money_lines,
    positions,
    scheduled_hours,
)
from planforge.changes.parts import (
    Change,
    MoneyLine,
    PositionLine,
    as_dict,
    as_list,
    as_text,
    compare_named,
    compare_scalars,
    key_of,
)
from planforge.domain.catalog import citation_key
from planforge.domain.labels import LEVER_KEYS
from planforge.domain.labels import LEVERS as LEVER_LABELS
from planforge.errors import Finding, InputFileError, Severity, error, warning
from planforge.inputs.loader import LoadedDocument, join_pointer

LEVERS = LEVER_KEYS
SECTIONS: dict[str, str] = {
    "plan": "The plan and the school",
    **{key: lever.word for key, lever in LEVER_LABELS.items()},
    "waivers": "Waivers",
    "goals": "Goals and targets",
    "consent": "Consent votes",
    "other": "Affected programs, support and signatures",
}
CATEGORIES = ("kept", "modified", "added", "dropped")
# Changing any of these changes what a waiver means: `kept` is no longer true.
BINDING_FIELDS = (
    "replacement_policy",
    "how_intent_is_met",
    "citation",
    "kind",
    "agreement",
    "policy_version",
    "levers",
)
WORDING_FIELDS = ("title", "rationale")
FIELD_WORDS = {
    "replacement_policy": "replacement policy",
    "how_intent_is_met": "how the intent is met",
    "citation": "citation",
    "kind": "kind",
    "agreement": "agreement",
    "policy_version": "policy version",
    "levers": "levers",
    "title": "title",
    "rationale": "rationale",
}
PLAN_FACTS = (
    ("/action", "Plan type"),
    ("/submitted", "Submission date"),
    ("/prior_plan_approved", "Prior plan approved"),
    ("/term/start", "Plan starts"),
    ("/term/end", "Plan ends"),
    ("/term/review_cadence_years", "Review every (years)"),
    ("/school/name", "School name"),
    ("/school/district", "District"),
    ("/school/zone", "Zone"),
    ("/school/cde_code", "CDE school code"),
    ("/school/grades", "Grades"),
    ("/school/enrollment", "Enrollment"),
    ("/school/status", "School status"),
    ("/school/address", "Address"),
    ("/school/leader/name", "School leader"),
    ("/school/leader/title", "Leader's title"),
    ("/school/leader/email", "Leader's email"),
    ("/school/contact/name", "Contact for the plan"),
    ("/school/sac_name", "Accountability committee name"),
    ("/mission/statement", "Mission statement"),
    ("/mission/vision", "Vision"),
    ("/mission/why_innovation", "Why innovation status"),
)


@dataclass
class WaiverRow:
    """One waiver across both versions: what it is, what really happened, what NEW declares."""

    id: str
    citation: str
    title: str
    kind: str
    category: str
    declared: str | None
    changed: list[str] = field(default_factory=list)
    old_replacement: str = ""
    new_replacement: str = ""
    old_id: str | None = None
    pointer: str = ""

    @property
    def what_changes(self) -> str:
        """A short plain-language note for tables."""
        if self.category == "added":
            return "New waiver requested."
        if self.category == "dropped":
            return "No longer requested."
        if not self.changed:
            return "Unchanged."
        words = ", ".join(FIELD_WORDS.get(f, f) for f in self.changed)
        lead = "Changed" if self.category == "modified" else "Wording changed"
        return f"{lead}: {words}."


@dataclass
class PlanDiff:
    """Everything `planforge diff` reports."""

    old_name: str
    new_name: str
    school: str
    action: str
    changes: list[Change]
    waivers: list[WaiverRow]
    revenues: list[MoneyLine]
    expenses: list[MoneyLine]
    positions: list[PositionLine]
    hours: dict[str, tuple[float | None, float | None]]
    findings: list[Finding]

    def section(self, name: str) -> list[Change]:
        """The changes of one section, in order."""
        return [c for c in self.changes if c.section == name]

    def waivers_in(self, category: str) -> list[WaiverRow]:
        """Waiver rows of one category (kept, modified, added, dropped)."""
        return [w for w in self.waivers if w.category == category]

    @property
    def has_contradictions(self) -> bool:
        """True when a waiver status contradicts the diff (an error finding)."""
        return any(f.severity is Severity.ERROR for f in self.findings)


def load_plan(path: str | Path) -> LoadedDocument:
    """Load one version of a plan for a diff; InputFileError (with the YAML findings) when it
    cannot be read or is not an innovation plan."""
    from planforge.inputs.loader import load_file

    doc = load_file(path, display=str(path))
    if not doc.usable:
        msg = f"{path} cannot be read as YAML; fix the problems above first."
        raise InputFileError(msg, doc.findings)
    if not isinstance(doc.data, dict) or doc.data.get("kind") != "innovation_plan":
        msg = f"{path} is not an innovation plan (`kind: innovation_plan`); diff compares plans."
        raise InputFileError(msg)
    return doc


def compare(old: LoadedDocument, new: LoadedDocument) -> PlanDiff:
    """Compare two loaded plans. NEW's source map locates the findings."""
    a, b = as_dict(old.data), as_dict(new.data)
    changes = compare_scalars("plan", a, b, PLAN_FACTS)
    changes += _levers(a, b)
    rows, findings = compare_waivers(a, b, new)
    changes += [_waiver_change(r) for r in rows if r.category != "kept" or r.changed]
    changes += compare_goals(as_list(a.get("goals")), as_list(b.get("goals")))
    changes += compare_votes(as_list(a.get("consent")), as_list(b.get("consent")))
    changes += _other(a, b)
    budget_a, budget_b = _lever(a, "budget"), _lever(b, "budget")
    return PlanDiff(
        old_name=old.path,
        new_name=new.path,
        school=as_text(as_dict(b.get("school")).get("name"))
        or as_text(as_dict(a.get("school")).get("name")),
        action=as_text(b.get("action")),
        changes=changes,
        waivers=rows,
        revenues=money_lines(budget_a.get("revenues"), budget_b.get("revenues"), "source"),
        expenses=money_lines(budget_a.get("expenses"), budget_b.get("expenses"), "category"),
        positions=positions(_lever(a, "staffing"), _lever(b, "staffing")),
        hours=_hours(a, b),
        findings=[f.in_file(new.path) for f in findings],
    )


def _lever(doc: dict[str, Any], name: str) -> dict[str, Any]:
    return as_dict(as_dict(doc.get("levers")).get(name))


def _levers(a: dict[str, Any], b: dict[str, Any]) -> list[Change]:
    out: list[Change] = []
    for name in LEVERS:
        la, lb = _lever(a, name), _lever(b, name)
        base = f"/levers/{name}"
        out += compare_named(
            name,
            "innovation",
            la.get("innovations"),
            lb.get("innovations"),
            "title",
            f"{base}/innovations",
            ("description",),
        )
        out += lever_fields(name, la, lb, base)
        if name == "schedule":
            out += compare_schedule(la, lb, base)
    return _moved_innovations(out)


def _moved_innovations(changes: list[Change]) -> list[Change]:
    """An innovation removed from one lever and added to another was moved."""
    added = {
        key_of(c.subject): c for c in changes if c.kind == "innovation" and c.action == "added"
    }
    out: list[Change] = []
    for c in changes:
        twin = added.get(key_of(c.subject)) if c.kind == "innovation" else None
        if c.action == "removed" and twin is not None and twin.section != c.section:
            twin.action, twin.detail = "moved", f"moved here from {SECTIONS[c.section]}"
            continue
        out.append(c)
    return out


def _other(a: dict[str, Any], b: dict[str, Any]) -> list[Change]:
    out = compare_named(
        "other",
        "affected program",
        a.get("affected_programs"),
        b.get("affected_programs"),
        "name",
        "/affected_programs",
        ("type", "change"),
    )
    out += compare_named(
        "other",
        "signatory",
        a.get("signatories"),
        b.get("signatories"),
        "name",
        "/signatories",
        ("party", "title"),
    )
    out += compare_named(
        "other",
        "statement of support",
        a.get("support"),
        b.get("support"),
        "group",
        "/support",
        ("summary", "evidence", "date"),
    )
    return out


def _hours(a: dict[str, Any], b: dict[str, Any]) -> dict[str, tuple[float | None, float | None]]:
    ha, hb = scheduled_hours(_lever(a, "schedule")), scheduled_hours(_lever(b, "schedule"))
    return {p: (ha.get(p), hb.get(p)) for p in dict.fromkeys([*ha, *hb])}


# -- waivers ---------------------------------------------------------------------------------


def norm_citation(text: Any) -> str:
    """`C.R.S. § 22-32-109 (1)(n)(I)` -> `22-32-109(1)(n)(i)`: for matching, never for display.

    The waiver catalog's normalisation (:func:`planforge.domain.catalog.citation_key`).
    """
    return citation_key(as_text(text))


def _match_waivers(old: list[Any], new: list[Any]) -> list[tuple[int | None, int | None]]:
    """Pairs of (old index, new index): by id first, then by normalised citation."""
    pairs: list[tuple[int | None, int | None]] = []
    free_old = {i: as_dict(w) for i, w in enumerate(old)}
    by_id = {as_text(w.get("id")): i for i, w in free_old.items() if as_text(w.get("id"))}
    unmatched: list[int] = []
    for j, w in enumerate(new):
        i = by_id.get(as_text(as_dict(w).get("id")))
        if i is not None and i in free_old:
            free_old.pop(i)
            pairs.append((i, j))
        else:
            unmatched.append(j)
    by_cite = {norm_citation(w.get("citation")): i for i, w in free_old.items()}
    for j in unmatched:
        cite = norm_citation(as_dict(new[j]).get("citation"))
        i = by_cite.pop(cite, None) if cite else None
        if i is not None:
            free_old.pop(i)
        pairs.append((i, j))
    pairs += [(i, None) for i in free_old]
    return pairs


def _same(field_name: str, a: Any, b: Any) -> bool:
    if field_name == "levers":
        return {as_text(x) for x in as_list(a)} == {as_text(x) for x in as_list(b)}
    if field_name == "citation":
        return norm_citation(a) == norm_citation(b)
    if isinstance(a, str) or isinstance(b, str):
        return " ".join(as_text(a).split()) == " ".join(as_text(b).split())
    return bool(a == b)


def compare_waivers(
    a: dict[str, Any], b: dict[str, Any], new: LoadedDocument
) -> tuple[list[WaiverRow], list[Finding]]:
    """The waiver table, and findings where a declared status contradicts the diff."""
    old_list, new_list = as_list(a.get("waivers")), as_list(b.get("waivers"))
    renewal = as_text(b.get("action")) in ("renewal", "revision")
    rows: list[WaiverRow] = []
    findings: list[Finding] = []
    for i, j in _match_waivers(old_list, new_list):
        wa = as_dict(old_list[i]) if i is not None else None
        wb = as_dict(new_list[j]) if j is not None else None
        row = _row(wa, wb, f"/waivers/{j}" if j is not None else "")
        rows.append(row)
        findings += _status_findings(row, wa, wb, new, renewal)
    rows.sort(key=lambda r: (CATEGORIES.index(r.category), r.id))
    return rows, findings


def _row(wa: dict[str, Any] | None, wb: dict[str, Any] | None, pointer: str) -> WaiverRow:
    w = wb if wb is not None else as_dict(wa)
    declared = as_text(wb.get("status")) or None if wb is not None else None
    row = WaiverRow(
        id=as_text(w.get("id")),
        citation=as_text(w.get("citation")),
        title=as_text(w.get("title")),
        kind=as_text(w.get("kind")),
        category="added",
        declared=declared,
        pointer=pointer,
        old_replacement=as_text(as_dict(wa).get("replacement_policy")),
        new_replacement=as_text(as_dict(wb).get("replacement_policy")),
    )
    if wa is None:
        return row
    if wb is None or declared == "dropped":
        row.category = "dropped"
        return row
    row.old_id = as_text(wa.get("id")) if as_text(wa.get("id")) != row.id else None
    row.changed = [
        f for f in (*BINDING_FIELDS, *WORDING_FIELDS) if not _same(f, wa.get(f), wb.get(f))
    ]
    row.category = "modified" if set(row.changed) & set(BINDING_FIELDS) else "kept"
    return row


def _status_findings(
    row: WaiverRow,
    wa: dict[str, Any] | None,
    wb: dict[str, Any] | None,
    new: LoadedDocument,
    renewal: bool,
) -> list[Finding]:
    label = f"Waiver `{row.id}` ({row.citation})"
    if wb is None:
        line, col = new.source_map.locate("/waivers", key=True)
        msg = (
            f"{label} is in the earlier plan but missing here. Keep it listed with "
            "`status: dropped` so voters can see it is no longer requested, or restore it."
        )
        return [error("diff.waiver-missing", msg, "/waivers", line=line, column=col)]
    status_ptr = join_pointer(row.pointer, "status")
    line, col = new.source_map.locate(status_ptr)
    declared = row.declared
    problem = _contradiction(row, declared, wa is not None)
    if problem is not None:
        code, msg = problem
        return [error(code, f"{label}: {msg}", status_ptr, line=line, column=col)]
    if declared is None and renewal:
        line, col = new.source_map.locate(row.pointer)
        msg = (
            f"{label} has no `status`. Compared with the earlier plan it is "
            f"{row.category}: add `status: {row.category}` so voters know."
        )
        return [warning("diff.status-missing", msg, status_ptr, line=line, column=col)]
    return []


def _contradiction(row: WaiverRow, declared: str | None, in_old: bool) -> tuple[str, str] | None:
    changed = ", ".join(FIELD_WORDS.get(f, f) for f in row.changed if f in BINDING_FIELDS)
    if declared in ("kept", "modified", "dropped") and not in_old:
        return (
            "diff.status-not-in-old",
            f"marked `{declared}`, but the earlier plan has no waiver with this id or "
            "citation. Mark it `added`, or check the id and citation.",
        )
    if declared == "added" and in_old:
        return (
            "diff.status-added-but-existing",
            f"marked `added`, but the earlier plan already asks for it. Mark it `{row.category}`.",
        )
    if declared == "kept" and row.category == "modified":
        return (
            "diff.status-kept-but-changed",
            f"marked `kept`, but its {changed} changed since the earlier plan. Mark it "
            "`modified` (voters must see the new text), or restore the earlier text.",
        )
    if declared == "modified" and not row.changed:
        return (
            "diff.status-modified-but-unchanged",
            "marked `modified`, but nothing in it changed since the earlier plan. "
            "Mark it `kept`, or make the intended change.",
        )
    return None


def _waiver_change(row: WaiverRow) -> Change:
    action = {"added": "added", "dropped": "removed"}.get(row.category, "changed")
    detail = row.what_changes
    if row.old_id:
        detail += f" (id was {row.old_id})"
    return Change(
        "waivers",
        action,
        "waiver",
        f"{row.id} ({row.citation})",
        row.old_replacement or None,
        row.new_replacement or None,
        detail,
        row.pointer,
    )
