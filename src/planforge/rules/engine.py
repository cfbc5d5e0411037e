"""Authorizer review: run the rule packs on validated plans and zones.

``review_results(check_paths(paths), packs)`` gives one :class:`ReviewEntry` per file, in
input order; a zone's entry is built after its members', so the zone rules can see whether
each member passed. ``review_file(result, packs)`` reviews one file (the renderer uses it
for the review memo).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from planforge.errors import Finding, Severity
from planforge.inputs.pipeline import FileResult, display_path
from planforge.inputs.placeholders import starter_examples
from planforge.packs.loader import ElementDef, RuleSet, active_rules
from planforge.reporters import FileEntry
from planforge.rules import (
    PLAN,
    SOP,
    ZONE,
    MemberInfo,
    RuleContext,
    run_rule,
)
from planforge.rules._util import get

MEETS, PARTIAL, MISSING = "Meets", "Partially meets", "Missing"
READY, NOT_READY, NOT_REVIEWED = "READY", "NOT READY", "NOT REVIEWED"
_PIPELINE_ELEMENTS = {
    "zone.member-missing": ("zone.members", True),
    "zone.member-duplicate": ("zone.members", False),
    "zone.member-not-plan": ("zone.members", True),
}
_OTHER = ElementDef("other", "Other requirements")


@dataclass
class ElementResult:
    """One checklist row: a statutory element, its status and the findings behind it.

    ``status`` is ``Missing`` when the element's presence rule reported an error,
    ``Partially meets`` when any other error or warning is attached, else ``Meets``
    (info findings never change the status).
    """

    id: str
    title: str
    status: str
    findings: list[Finding] = field(default_factory=list)
    cite: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON shape: id, title, cite, status, findings."""
        return {
            "id": self.id,
            "title": self.title,
            "cite": self.cite,
            "status": self.status,
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass
class ReviewEntry:
    """The review of one plan or zone file.

    Fields:
        path: the file as displayed (relative to the current folder when inside it).
        kind: ``innovation_plan``, ``zone_agreement``, ``school_operational_plan`` or None
            (unreadable).
        name: the school's or zone's name ("" when unknown).
        district: the district named in the file ("" when unknown).
        action: ``initial`` / ``renewal`` / ``revision`` for plans, ``zone`` for zones.
        findings: every finding (validation and review), located, sorted by line.
        elements: the checklist rows (:class:`ElementResult`), in pack order; empty when
            the file was not reviewed.
        verdict: ``READY``, ``NOT READY`` or ``NOT REVIEWED``.
        verdict_detail: the one-line verdict sentence shown at the end of a report.
        metrics: computed figures for the memo: ``instructional_time`` (per grade band:
            label, program, grade_band, grades, days, scheduled_hours (planned), minimum,
            deductions, hours (actual, after deductions), reduced_minimum), ``consent`` (per body:
            votes_for, votes_against, eligible, percent, method, date, of the votes held with
            a tally), ``consent_untallied`` (per body: date, method, outcome, of a vote held
            whose tally was not recorded), ``budget`` (revenue/
            expense prior and proposed, personnel_proposed, staffing_cost, staffing_fte);
            for a zone ``board_seats``, ``board_size`` and ``members``; for a school
            operational plan ``instructional_time`` (from its calendar) and ``sop_budget``
            (allocation, planned, remaining).
        reviewed: False when validation errors stopped the review.
        member_of: the zone file that named this plan, if any.
        members: for a zone, its member plans' paths.
        packs: the packs applied, e.g. ``co, dps (catalog 2025.1)``.
    """

    path: str
    kind: str | None
    name: str
    district: str
    action: str
    findings: list[Finding]
    elements: list[ElementResult]
    verdict: str
    verdict_detail: str
    metrics: dict[str, Any] = field(default_factory=dict)
    reviewed: bool = True
    member_of: str | None = None
    members: list[str] = field(default_factory=list)
    packs: str = ""
    statutory: bool = True
    """True when the checklist rows are statutory elements (an innovation plan, a Colorado
    zone); False for a Massachusetts empowerment zone's memorandum and operational plans,
    whose rows are the zone's requirements."""

    def count(self, severity: Severity) -> int:
        """Number of findings of a severity."""
        return sum(1 for f in self.findings if f.severity is severity)

    def failed(self, *, strict: bool = False) -> bool:
        """True with errors (or warnings when strict)."""
        return bool(self.count(Severity.ERROR) or (strict and self.count(Severity.WARNING)))

    def to_file_entry(self) -> FileEntry:
        """The shape report.py's reporters take (JSON adds elements, verdict and metrics)."""
        extra = {
            "name": self.name,
            "district": self.district,
            "action": self.action,
            "reviewed": self.reviewed,
            "elements": [e.as_dict() for e in self.elements],
            "verdict": self.verdict,
            "verdict_detail": self.verdict_detail,
            "metrics": self.metrics,
            "packs": self.packs,
            "statutory": self.statutory,
        }
        return FileEntry(self.path, self.kind, self.findings, extra)


def review_results(
    results: Sequence[FileResult], packs: RuleSet | str | None = None
) -> list[ReviewEntry]:
    """Review every file; plans first so zones can see their members' results.

    `packs` (a rule set or a ``co,dps`` spec) overrides the packs each file names.
    """
    done: dict[str, ReviewEntry] = {}
    for result in results:
        if result.kind != ZONE:
            done[result.path] = review_file(result, packs)
    by_path = {r.path: r for r in results}
    for result in results:
        if result.kind == ZONE:
            members = _members(result, by_path, done)
            done[result.path] = review_file(result, packs, members=members)
    return [done[r.path] for r in results]


def review_zone(
    zone: FileResult,
    results: Sequence[FileResult],
    done: dict[str, ReviewEntry],
    packs: RuleSet | str | None = None,
) -> ReviewEntry:
    """Review a zone whose member plans are already reviewed (`done`, by path)."""
    by_path = {r.path: r for r in results}
    return review_file(zone, packs, members=_members(zone, by_path, done))


def review_file(
    result: FileResult,
    packs: RuleSet | str | None = None,
    *,
    members: list[MemberInfo] | None = None,
) -> ReviewEntry:
    """Review one checked file. `members` is used for a zone (see review_results).

    `packs` is a loaded rule set, a ``co,dps`` spec that overrides the file's own choice, or
    None for the packs the file (or its zone) names.
    """
    ruleset = _ruleset(packs, result)
    if validation_errors(result) or not result.doc.usable or result.kind not in (PLAN, ZONE, SOP):
        return _not_reviewed(result, ruleset)
    ctx = RuleContext(
        result.data, result.kind, ruleset.params, ruleset.catalog, members or [], result.path,
        todo_examples=starter_examples(result.doc, result.kind),
    )  # fmt: skip
    found: list[Finding] = list(result.findings)
    for active, severity in active_rules(ruleset, result.kind):
        for f in run_rule(active, severity, ctx):
            line, col = result.doc.source_map.locate(f.pointer)
            found.append(f.located(line, col).in_file(result.path))
    found.sort(key=Finding.sort_key)
    elements = _elements(found, ruleset, result.kind)
    entry = _entry(result, ruleset, found, elements)
    entry.metrics = _metrics(result, ruleset, members or [])
    return entry


def validation_errors(result: FileResult) -> int:
    """YAML and schema errors (they stop the review; a missing zone member does not)."""
    return sum(
        1
        for f in result.findings
        if f.severity is Severity.ERROR and f.code.startswith(("yaml.", "schema."))
    )


def _ruleset(packs: RuleSet | str | None, result: FileResult | None = None) -> RuleSet:
    """The rule set given, or the packs chosen for the file (see planforge.packs.selection)."""
    if isinstance(packs, RuleSet):
        return packs
    from planforge.packs.selection import ruleset_for

    return ruleset_for(result, packs)


def _header(result: FileResult) -> tuple[str, str, str]:
    data = result.data
    if result.kind == ZONE:
        return (
            str(get(data, "zone", "name") or ""),
            str(get(data, "zone", "district") or ""),
            "zone",
        )
    return (
        str(get(data, "school", "name") or ""),
        str(get(data, "school", "district") or ""),
        str(get(data, "action") or ""),
    )


def _entry(
    result: FileResult, ruleset: RuleSet, found: list[Finding], elements: list[ElementResult]
) -> ReviewEntry:
    name, district, action = _header(result)
    errors = sum(1 for f in found if f.severity is Severity.ERROR)
    warnings = sum(1 for f in found if f.severity is Severity.WARNING)
    what = "agreement" if result.kind == ZONE else "plan"
    verdict, detail = verdict_for(errors, warnings, what)
    return ReviewEntry(
        result.path, result.kind, name, district, action, found, elements, verdict, detail,
        member_of=result.member_of, members=list(result.members), packs=ruleset.label,
        statutory=result.kind == PLAN or (result.kind == ZONE and ruleset.jurisdiction != "MA"),
    )  # fmt: skip


def verdict_for(errors: int, warnings: int, what: str = "plan") -> tuple[str, str]:
    """(verdict, one-line verdict sentence)."""

    def n(count: int, word: str) -> str:
        return f"{count} {word}{'s' if count != 1 else ''}"

    if errors:
        return NOT_READY, (
            f"Verdict: NOT READY — {n(errors, 'error')}, {n(warnings, 'warning')}. "
            f"Resolve the errors before recommending this {what} to the board."
        )
    note = f" ({n(warnings, 'warning')} to note)" if warnings else ""
    return READY, f"Verdict: READY for board recommendation{note}."


def _not_reviewed(result: FileResult, ruleset: RuleSet) -> ReviewEntry:
    name, district, action = _header(result)
    errors = validation_errors(result) or result.count(Severity.ERROR)
    detail = (
        f"Verdict: NOT REVIEWED — {errors} validation error{'s' if errors != 1 else ''}. "
        "Not reviewed: fix validation errors first (run `planforge validate`)."
    )
    return ReviewEntry(
        result.path, result.kind, name, district, action, sorted(result.findings, key=Finding.sort_key),
        [], NOT_REVIEWED, detail, reviewed=False, member_of=result.member_of,
        members=list(result.members), packs=ruleset.label,
    )  # fmt: skip


def _element_of(f: Finding, ruleset: RuleSet) -> tuple[str, bool]:
    rule = ruleset.known.get(f.code)
    if rule is not None:  # a finding may name its own row (co.placeholders.starter does)
        return str(f.extra.get("element") or rule.element), rule.presence
    return _PIPELINE_ELEMENTS.get(f.code, ("other", False))


def _elements(found: list[Finding], ruleset: RuleSet, kind: str) -> list[ElementResult]:
    defs = list(ruleset.element_defs(kind))
    rows = {d.id: ElementResult(d.id, d.title, MEETS, cite=d.cite) for d in defs}
    missing: set[str] = set()
    for f in found:
        element, presence = _element_of(f, ruleset)
        if element not in rows:
            rows.setdefault("other", ElementResult(_OTHER.id, _OTHER.title, MEETS))
            element = "other"
        rows[element].findings.append(f)
        if presence and f.severity is Severity.ERROR:
            missing.add(element)
    for row in rows.values():
        blocking = any(f.severity is not Severity.INFO for f in row.findings)
        row.status = MISSING if row.id in missing else (PARTIAL if blocking else MEETS)
    return list(rows.values())


def _members(
    zone: FileResult, by_path: dict[str, FileResult], done: dict[str, ReviewEntry]
) -> list[MemberInfo]:
    schools = zone.data.get("schools") if isinstance(zone.data, dict) else None
    out: list[MemberInfo] = []
    for index, item in enumerate(schools if isinstance(schools, list) else []):
        rel = item.get("plan") if isinstance(item, dict) else None
        if not isinstance(rel, str):
            continue
        path = display_path((zone.resolved.parent / rel).resolve())
        member = by_path.get(path)
        if member is None:
            continue  # the pipeline already reported it missing
        reviewed = done.get(path)
        out.append(MemberInfo(
            f"/schools/{index}/plan", path, member.data, member.kind, validation_errors(member),
            reviewed.count(Severity.ERROR) if reviewed and reviewed.reviewed else 0,
            bool(reviewed and reviewed.reviewed),
        ))  # fmt: skip
    return out


def _metrics(result: FileResult, ruleset: RuleSet, members: list[MemberInfo]) -> dict[str, Any]:
    from planforge.rules.metrics import plan_metrics, sop_metrics, zone_metrics

    if result.kind == ZONE:
        return zone_metrics(result.data, members)
    if result.kind == SOP:
        return sop_metrics(result.data, ruleset.params)
    return plan_metrics(result.data, ruleset.params)
