"""No READY with placeholders: every placeholder `planforge init` wrote must be replaced.

Two kinds (see :mod:`planforge.inputs.placeholders`): text still naming TODO (or that is
only a placeholder word of the pack, ``TBD``), anywhere in the file; and example numbers,
dates, times and codes that still equal the starter's and keep its ``# TODO`` comment
(``RuleContext.todo_examples``, found when the file was loaded). One finding per value,
named by its label ("Budget: revenue line 2 (Title I, Part A) — proposed amount") and
filed under the checklist row of the section it is in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from planforge.domain.labels import body_label, lever_word
from planforge.domain.numbers import is_number, money
from planforge.domain.numbers import number as typed_number
from planforge.errors import Finding
from planforge.inputs.loader import join_pointer
from planforge.inputs.placeholders import TODO_WORD, resolve
from planforge.rules import PLAN, RULES, ZONE, RuleContext, rule

_SECTIONS = {
    "schema_version": "Format version", "kind": "Document kind", "rules": "Rule packs",
    "action": "Action", "submitted": "Submission date",
    "prior_plan_approved": "Approval date of the current plan", "term": "Term",
    "school": "School", "mission": "Mission", "affected_programs": "Affected programs",
    "waivers": "Waivers", "goals": "Goals", "consent": "Consent votes",
    "support": "Statements of support", "signatories": "Signatures", "zone": "Zone",
    "parties": "Parties", "authority": "Legal authority", "schools": "Member schools",
    "governance": "Governing board", "services": "District services",
    "human_resources": "Human resources",
}  # fmt: skip
_ITEMS = {
    "rules": "pack", "assessments": "assessment", "innovations": "innovation",
    "positions": "position", "bell_schedules": "bell schedule", "blocks": "block",
    "revenues": "revenue line", "expenses": "expense line", "affected_programs": "program",
    "waivers": "waiver", "levers": "lever", "goals": "goal", "targets": "target",
    "consent": "vote", "support": "statement", "signatories": "signatory", "parties": "party",
    "authority": "citation", "recitals": "recital", "schools": "member school",
    "seats": "seat group", "retained_services": "retained service", "services": "service",
    "interventions": "intervention", "steps": "step", "grounds": "ground",
}  # fmt: skip
_FIELDS = {
    "cde_code": "CDE school code", "fte": "FTE", "cost": "yearly cost",
    "total_fte": "stated total FTE", "total_cost": "stated total staffing cost",
    "prior": "prior-year amount", "proposed": "proposed amount",
    "revenue_prior": "stated prior-year revenue total",
    "revenue_proposed": "stated proposed revenue total",
    "expense_prior": "stated prior-year expense total",
    "expense_proposed": "stated proposed expense total", "first_day": "first day of school",
    "last_day": "last day of school", "days": "days a year", "conferences": "conference hours",
    "inservice": "in-service hours", "closures": "closure hours",
    "prior_year": "prior budget year", "proposed_year": "proposed budget year",
    "amount": "estimated savings", "policy_version": "version date of the waived policy",
    "eligible": "number eligible", "votes_for": "votes for", "votes_against": "votes against",
    "review_cadence_years": "review cadence in years", "year": "school year",
    "party": "organisation", "established": "date established", "joined": "date joined",
    "count": "number of seats", "size": "board size", "term_years": "members' term in years",
    "pass_through_percent": "pass-through percentage", "zone_fee_percent": "zone fee percentage",
    "notice_days": "notice period in days", "plan": "plan file", "why_innovation": "why innovation",
    "how_intent_is_met": "how the intent is met", "sac_name": "name of the SAC",
    "legal_name": "legal name", "board_name": "board name",
    "english_learners": "English learners",
}  # fmt: skip
_IN_CONTEXT = {
    ("term", "start"): "first day", ("term", "end"): "last day",
    ("blocks", "start"): "start time", ("blocks", "end"): "end time",
}  # fmt: skip
_NAME_KEYS = ("name", "title", "id", "source", "category", "party", "group", "appointed_by",
              "short_name", "role", "year")  # fmt: skip
_MONEY = frozenset({"prior", "proposed", "cost", "total_cost", "revenue_prior",
                    "revenue_proposed", "expense_prior", "expense_proposed", "amount", "price"})  # fmt: skip
_EXCERPT = 60
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


@rule(
    "co.placeholders.starter",
    element="other",
    enforces=(
        "planforge policy: a plan or agreement still holding the starter's placeholders is "
        "not the school's own, so it cannot be recommended"
    ),
    message=(
        "No placeholder may be left: text naming TODO (or only a placeholder word such as TBD), "
        "and every example number, date, time or code `planforge init` wrote and marked "
        "`# TODO` that still has its example value and mark."
    ),
    hint=(
        "Replace each placeholder with the school's own value. Where the starter's example "
        "is right, keep it and delete its `# TODO` comment; delete an optional field you do "
        "not use."
    ),
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
    return ctx.finding(pointer, message, element=_row(ctx.kind, pointer))


def _row(kind: str, pointer: str) -> str:
    """The checklist row for a field (the rule's own, "other", when no section rule fits)."""
    for prefix, rule_id in _ROWS.get(kind, ()):
        if re.match(prefix, pointer + "/") and rule_id in RULES:
            return RULES[rule_id].element
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


def field_label(data: Any, pointer: str) -> str:
    """A field as a reader names it: `Budget: revenue line 2 (Title I, Part A) — proposed amount`."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    if not tokens:
        return "The document"
    section, rest, at = _section(tokens)
    parts: list[str] = []
    parent = tokens[at - 1] if at else ""
    for index, token in enumerate(rest, start=at):
        if token.isdigit():
            item = resolve(data, "/" + "/".join(_escape(t) for t in tokens[: index + 1]))
            in_roles = tokens[index - 2 : index - 1] == ["roles"]  # /roles/schools/0
            role = _field(parent).removesuffix("s")
            word = f"{role} responsibility" if in_roles else _ITEMS.get(parent, "item")
            parts.append(_item(word, int(token), parent, item))
        elif index + 1 >= len(tokens) or not tokens[index + 1].isdigit():
            parts.append(_IN_CONTEXT.get((_context(tokens, index), token)) or _field(token))
        parent = token  # a list's own name is left out: `revenue line 2`, not `revenues, ...`
    if not parts:
        return section
    if len(parts) == 1:
        return f"{section}: {parts[0]}"
    return f"{section}: {', '.join(parts[:-1])} — {parts[-1]}"


def _section(tokens: list[str]) -> tuple[str, list[str], int]:
    """(section title, remaining tokens, index of the first remaining token)."""
    if tokens[0] == "levers" and len(tokens) > 1 and not tokens[1].isdigit():
        return lever_word(tokens[1]), tokens[2:], 2
    head = tokens[0]
    return _SECTIONS.get(head) or _field(head).capitalize(), tokens[1:], 1


def _context(tokens: list[str], index: int) -> str:
    """The nearest named container of a key: `blocks` for blocks/2/start, `term` for term/start."""
    for token in reversed(tokens[:index]):
        if not token.isdigit():
            return token
    return ""


def _field(key: str) -> str:
    return _FIELDS.get(key) or key.replace("_", " ")


def _item(word: str, index: int, parent: str, item: Any) -> str:
    name = _item_name(parent, item)
    return f"{word} {index + 1}" + (f" ({name})" if name else "")


def _item_name(parent: str, item: Any) -> str:
    if not isinstance(item, dict):
        return ""
    if parent == "consent" and isinstance(item.get("body"), str):
        return body_label(item["body"])
    for key in _NAME_KEYS:
        value = item.get(key)
        if isinstance(value, str) and value.strip() and not TODO_WORD.search(value):
            text = " ".join(value.split())
            return text if len(text) <= 40 else text[:39].rstrip() + "…"
    return ""


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


__all__ = ["field_label", "text_placeholder"]
