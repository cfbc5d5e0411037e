"""Review rules: the registry, the context a rule sees, and pack selection.

A *rule* checks one requirement of the Innovation Schools Act or of district policy in a
schema-valid plan or zone agreement. It has an id (``co.consent.teachers``), the statutory
element it belongs to (a row of the review checklist), the statute or policy it enforces,
a plain-language description and a fix hint. Its ``check(ctx)`` yields
:class:`~planforge.errors.Finding` values built with ``ctx.finding(pointer, message)``:
a JSON Pointer, never a line number (the review step locates findings in the source map,
so rules work on plain dicts and never import yaml).

Which rules run, at what severity and with which thresholds is decided by *packs*, YAML
data files under ``src/planforge/packs/`` (see ``docs/rule-packs.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from planforge.domain.catalog import Catalog
from planforge.domain.paramtypes import param_problem
from planforge.errors import Finding, ResourceError, Severity

PLAN = "innovation_plan"
ZONE = "zone_agreement"
SOP = "school_operational_plan"

Check = Callable[["RuleContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """One review rule. `presence` marks the rule that decides an element is Missing."""

    id: str
    severity: Severity
    element: str
    enforces: str
    message: str
    hint: str
    check: Check
    kinds: frozenset[str] = frozenset({PLAN})
    presence: bool = False
    params: tuple[str, ...] = ()


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    *,
    element: str,
    enforces: str,
    message: str,
    hint: str,
    severity: Severity = Severity.ERROR,
    kinds: Iterable[str] = (PLAN,),
    presence: bool = False,
    params: Iterable[str] = (),
) -> Callable[[Check], Check]:
    """Register a check function as a rule."""

    def register(check: Check) -> Check:
        RULES[rule_id] = Rule(
            rule_id, severity, element, enforces, message, hint, check,
            frozenset(kinds), presence, tuple(params),
        )  # fmt: skip
        return check

    return register


@dataclass
class MemberInfo:
    """A zone's member plan as the zone rules see it."""

    pointer: str
    path: str
    data: Any
    kind: str | None
    schema_errors: int
    review_errors: int = 0
    reviewed: bool = False


@dataclass
class RuleContext:
    """What a rule sees: the document, the pack parameters, the catalog, zone members."""

    data: dict[str, Any]
    kind: str
    params: dict[str, Any]
    catalog: Catalog
    members: list[MemberInfo] = field(default_factory=list)
    path: str = ""
    rule: Rule | None = None
    severity: Severity = Severity.ERROR
    todo_examples: dict[str, Any] = field(default_factory=dict)
    """Values still holding the starter's example and its `# TODO` comment, by pointer."""

    def param(self, name: str) -> Any:
        """A pack parameter; a missing one, or one of the wrong type or size
        (:mod:`planforge.domain.paramtypes`), is a broken pack, not a user error."""
        if name not in self.params:
            who = self.rule.id if self.rule else "a rule"
            msg = (
                f"rule pack parameter `{name}` (needed by {who}) is not set; add it under "
                "`parameters:` in the pack."
            )
            raise ResourceError(msg)
        value = self.params[name]
        problem = param_problem(name, value)
        if problem:
            who = self.rule.id if self.rule else "a rule"
            msg = f"rule pack parameter `{name}` (needed by {who}) {problem}."
            raise ResourceError(msg)
        return value

    def finding(
        self, pointer: str, message: str, *, downgrade: bool = False, **extra: Any
    ) -> Finding:
        """A finding from the current rule; `downgrade` turns an error into a warning."""
        assert self.rule is not None
        severity = self.severity
        if downgrade and severity is Severity.ERROR:
            severity = Severity.WARNING
        return Finding(
            severity, self.rule.id, message, pointer, path=self.path, hint=self.rule.hint,
            extra=extra,
        )  # fmt: skip


def run_rule(active: Rule, severity: Severity, ctx: RuleContext) -> list[Finding]:
    """Run one rule on a context (skipped when it does not apply to the document kind)."""
    if ctx.kind not in active.kinds:
        return []
    ctx.rule, ctx.severity = active, severity
    return list(active.check(ctx))


def _load_builtin() -> None:
    from planforge.rules import (  # noqa: F401  (imported for their registrations)
        budget,
        consent,
        dates,
        elements,
        jurisdiction,
        placeholders,
        renewal,
        renewal_evidence,
        schedule,
        school,
        submission,
        waivers,
        zone,
    )


_load_builtin()

__all__ = [
    "PLAN",
    "RULES",
    "SOP",
    "ZONE",
    "MemberInfo",
    "Rule",
    "RuleContext",
    "rule",
    "run_rule",
]
