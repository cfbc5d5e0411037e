"""No READY with placeholders: every placeholder `planforge init` wrote must be replaced.

Two kinds (see :mod:`planforge.inputs.placeholders`): text still naming TODO (or that is
only a placeholder word of the pack, ``TBD``), anywhere in the file; and example numbers,
dates, times and codes that still equal the starter's and keep its ``# TODO`` comment
(``RuleContext.todo_examples``, found when the file was loaded). One finding per value,
named by its label ("Budget: revenue line 2 (Title I, Part A) — proposed amount") and
filed under the checklist row of the section it is in.

The same check is registered twice: ``co.placeholders.starter`` for the Colorado packs and
``ma.placeholders.starter`` (also for school operational plans) for the Massachusetts ones,
each filing its findings under the rows of its own packs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from planforge.domain.fieldlabels import field_label
from planforge.domain.numbers import is_number, money
from planforge.domain.numbers import number as typed_number
from planforge.errors import Finding
from planforge.inputs.loader import join_pointer
from planforge.inputs.placeholders import TODO_WORD
from planforge.rules import PLAN, RULES, SOP, ZONE, RuleContext, rule

_MONEY = frozenset({"prior", "proposed", "cost", "total_cost", "revenue_prior",
                    "revenue_proposed", "expense_prior", "expense_proposed", "amount", "price",
                    "allocation"})  # fmt: skip
_EXCERPT = 60
CO_RULE = "co.placeholders.starter"
MA_RULE = "ma.placeholders.starter"
# The checklist row of a section: the row of the rule that checks that section (first match).
_ROWS: dict[str, tuple[tuple[str, str], ...]] = {
    PLAN: (
        (r"/mission/", "co.elements.mission"),
        (r"/levers/[^/]+/(current_practice|innovations|rationale)/", "co.elements.lever-text"),
        (r"/levers/staffing/(positions|total_fte|total_cost)/", "co.budget.staffing-total"),
        (r"/levers/schedule/", "co.schedule.hours"),
        (r"/levers/budget/", "co.elements.budget"),
        (r"/levers/", "co.elements.lever-text"),
        (r"/affected_programs/", "co.elements.programs"),
        (r"/goals/", "co.elements.goals"),
        (r"/waivers/", "co.waivers.replacement"),
        (r"/consent/", "co.elements.consent"),
        (r"/support/", "co.elements.support"),
        (r"/(term|submitted)/", "co.dates.term-order"),
        (r"/prior_plan_approved/", "co.renewal.prior-approval"),
    ),
    ZONE: (
        (r"/schools/", "co.zone.members"),
        (r"/governance/", "co.zone.seats"),
        (r"/funding/", "co.zone.funding"),
        (r"/services/", "co.zone.service-price"),
        (r"/dispute_resolution/", "co.zone.dispute-resolution"),
        (r"/term/", "co.zone.review-cadence"),
    ),
}
# The same for the Massachusetts packs (a rule not loaded, such as a pack's rule while
# another pack is chosen, gives no row: the finding stays under "other").
_MA_ROWS: dict[str, tuple[tuple[str, str], ...]] = {
    PLAN: (
        (r"/ma/(prospectus|screening)/", "ma.prospectus.elements"),
        (r"/ma/plan_committee/", "ma.committee.members"),
        (r"/ma/autonomies/", "ma.autonomy.areas"),
        (r"/goals/", "ma.goals.annual"),
        (r"/ma/(teacher_vote|cba_agreement)/", "ma.vote.teachers"),
        (r"/ma/school_committee/", "ma.school-committee.vote"),
        (r"/term/", "ma.term.length"),
        (r"/ma/commissioner_notice/", "ma.notice.commissioner"),
        (r"/(levers/schedule|ma/learning_time)/", "ma.schedule.learning-time"),
        (r"/ma/(evaluation|evaluations|amendments)/", "ma.evaluation.annual"),
        (r"/ma/", "ma.plan.section"),
    ),
    ZONE: (
        (r"/schools/", "ma-ez.members"),
        (r"/(governance|ma/board)/", "ma-ez.board.seats"),
        (r"/ma/approvals/", "ma-ez.approvals"),
        (r"/ma/zone_contract/", "ma-ez.contract"),
        (r"/(services|funding/retained_services)/", "ma-ez.retained-services"),
        (r"/ma/annual_cycle/", "ma-ez.annual-cycle"),
        (r"/(ma/return_of_schools|exit_criteria)/", "ma-ez.return"),
        (r"/(parties|zone|ma)/", "ma-ez.section"),
    ),
    SOP: (
        (r"/teacher_leadership_team/", "ma-ez.sop.tlt"),
        (r"/(vision|levers)/", "ma-ez.sop.levers"),
        (r"/(goals|strategies)/", "ma-ez.sop.goals"),
        (r"/working_conditions/", "ma-ez.sop.working-conditions"),
        (r"/budget/", "ma-ez.sop.budget"),
        (r"/approvals/", "ma-ez.sop.approvals"),
        (r"/operator/", "ma-ez.sop.operator"),
        (r"/calendar/", "ma-ez.sop.learning-time"),
        (r"/exit/", "ma-ez.sop.exit"),
    ),
}
_ROWS_BY_RULE = {CO_RULE: _ROWS, MA_RULE: _MA_ROWS}
_ENFORCES = (
    "planforge policy: a plan, agreement or memorandum still holding the starter's "
    "placeholders is not the school's (or the zone's) own, so it cannot be recommended"
)
_MESSAGE = (
    "No placeholder may be left: text naming TODO (or only a placeholder word such as TBD), "
    "and every example number, date, time or code `planforge init` wrote and marked "
    "`# TODO` that still has its example value and mark."
)
_HINT = (
    "Replace each placeholder with the school's (or the zone's) own value. Where the "
    "starter's example is right, keep it and delete its `# TODO` comment; delete an "
    "optional field you do not use."
)


@rule(
    MA_RULE,
    element="other",
    enforces=_ENFORCES,
    message=_MESSAGE,
    hint=_HINT,
    kinds=(PLAN, ZONE, SOP),
    params=("text.placeholders",),
)
@rule(
    CO_RULE,
    element="other",
    enforces=_ENFORCES,
    message=_MESSAGE,
    hint=_HINT,
    kinds=(PLAN, ZONE),
    params=("text.placeholders",),
)
def starter(ctx: RuleContext) -> Iterator[Finding]:
    words = [str(w) for w in ctx.param("text.placeholders")]
    texts = dict(_text_placeholders(ctx.data, "", words))
    for pointer, text in texts.items():
        yield _finding(ctx, pointer, _text_message(ctx.data, pointer, text))
    for pointer, value in ctx.todo_examples.items():
        if pointer not in texts:
            yield _finding(ctx, pointer, _example_message(ctx.data, pointer, value))


def text_placeholder(text: str, words: list[str]) -> str | None:
    """What makes a text a placeholder: the word TODO anywhere, or only a placeholder word
    of the pack (`TBD`, `N/A`, `TBD: the leader`), or a fill-in bracket (`[insert ...`)."""
    if TODO_WORD.search(text):
        return "TODO"
    low = text.strip().lower()
    for word in words:
        w = word.lower()
        if (
            low.rstrip(".!") == w
            or low.startswith(w + ":")
            or (not w[:1].isalnum() and low.startswith(w))
        ):
            return word
    return None


def _text_placeholders(data: Any, pointer: str, words: list[str]) -> Iterator[tuple[str, str]]:
    if isinstance(data, str):
        if text_placeholder(data, words):
            yield pointer, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _text_placeholders(value, join_pointer(pointer, key), words)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _text_placeholders(value, join_pointer(pointer, index), words)


def _finding(ctx: RuleContext, pointer: str, message: str) -> Finding:
    rule_id = ctx.rule.id if ctx.rule is not None else CO_RULE
    return ctx.finding(pointer, message, element=_row(ctx.kind, pointer, rule_id))


def _row(kind: str, pointer: str, rule_id: str = CO_RULE) -> str:
    """The checklist row for a field (the rule's own, "other", when no section rule fits)."""
    rows = _ROWS_BY_RULE.get(rule_id, _ROWS)
    for prefix, section_rule in rows.get(kind, ()):
        if re.match(prefix, pointer + "/") and section_rule in RULES:
            return RULES[section_rule].element
    return "other"


def _text_message(data: Any, pointer: str, text: str) -> str:
    first = " ".join(text.split())
    excerpt = first if len(first) <= _EXCERPT else first[: _EXCERPT - 1].rstrip() + "…"
    label = field_label(data, pointer)
    if TODO_WORD.search(text):
        return f"{label} still has the starter's placeholder text (“{excerpt}”): replace it."
    return f"{label} is only a placeholder (“{excerpt}”): replace it with the real value."


def _example_message(data: Any, pointer: str, value: Any) -> str:
    key = pointer.rsplit("/", 1)[-1]
    if is_number(value):
        shown = money(value) if key in _MONEY else typed_number(value)
    else:
        shown = f"“{value}”"
    return (
        f"{field_label(data, pointer)} is still the starter's example value ({shown}, marked "
        "TODO): replace it, or delete the `# TODO` comment if the example is right."
    )


__all__ = ["field_label", "text_placeholder"]
