"""Statutory plan elements present and substantive (C.R.S. 22-32.5-104(3); CDE Appendix A)."""

from __future__ import annotations

from collections.abc import Iterator

from planforge.errors import Finding, Severity
from planforge.rules import RuleContext, rule
from planforge.rules._util import (
    LEVERS,
    and_list,
    get,
    goal_label,
    items,
    school_year,
    thin,
    year_label,
)

_ACT = "C.R.S. 22-32.5-104(3); CDE Guidance, Appendix A"
_TEXT = ("text.min_words", "text.placeholders")


def check_text(
    ctx: RuleContext, pointer: str, value: object, what: str, min_words: int | None = None
) -> Iterator[Finding]:
    """One finding if a text is not substantive (`what` names the field; the finding's
    pointer locates it, so the message quotes no YAML path)."""
    need = ctx.param("text.min_words") if min_words is None else min_words
    problem = thin(value, need, ctx.param("text.placeholders"))
    if problem:
        yield ctx.finding(pointer, f"{what} {problem}.")


@rule(
    "co.elements.mission",
    element="mission",
    presence=True,
    enforces=f"{_ACT}, element 1: mission and why innovation status enhances it",
    message="The mission statement and the reason innovation status helps must be written out.",
    hint="Write the mission under `mission.statement` and, under `mission.why_innovation`, "
    "how innovation status will help the school achieve it.",
    params=(*_TEXT, "text.min_words_short"),
)
def mission(ctx: RuleContext) -> Iterator[Finding]:
    m = get(ctx.data, "mission")
    short = ctx.param("text.min_words_short")
    yield from check_text(
        ctx, "/mission/statement", get(m, "statement"), "The mission statement", short
    )
    yield from check_text(
        ctx, "/mission/why_innovation", get(m, "why_innovation"), "Why innovation helps"
    )


def _innovations(ctx: RuleContext) -> Iterator[tuple[str, dict[str, object]]]:
    for lever in LEVERS:
        for index, item in items(ctx.data, "levers", lever, "innovations"):
            yield f"/levers/{lever}/innovations/{index}", item


@rule(
    "co.elements.innovations",
    element="innovations",
    presence=True,
    enforces=f"{_ACT}, element 2: description of the innovations",
    message="The plan must describe at least one innovation under its levers.",
    hint="Add innovations (title and description) under `levers.<lever>.innovations`.",
    params=("innovations.min_count",),
)
def innovations(ctx: RuleContext) -> Iterator[Finding]:
    count = sum(1 for _ in _innovations(ctx))
    need = ctx.param("innovations.min_count")
    if count < need:
        yield ctx.finding(
            "/levers", f"The plan describes {count} innovation(s); at least {need} expected."
        )


@rule(
    "co.elements.lever-text",
    element="innovations",
    severity=Severity.WARNING,
    enforces=f"{_ACT}, element 2",
    message="Each lever's current practice, rationale and innovation descriptions must be substantive.",
    hint="Replace placeholders and one-line notes with a description a board member can follow.",
    params=_TEXT,
)
def lever_text(ctx: RuleContext) -> Iterator[Finding]:
    for lever in LEVERS:
        base = f"/levers/{lever}"
        for key, what in (("current_practice", "Current practice"), ("rationale", "Rationale")):
            value = get(ctx.data, "levers", lever, key)
            yield from check_text(ctx, f"{base}/{key}", value, f"{what} for {lever}")
    for pointer, item in _innovations(ctx):
        title = item.get("title", "innovation")
        yield from check_text(
            ctx, f"{pointer}/description", item.get("description"), f"Innovation “{title}”"
        )


@rule(
    "co.elements.programs",
    element="programs",
    presence=True,
    enforces=f"{_ACT}, element 3: programs, policies and operational documents affected",
    message="The plan must list the programs, policies and documents it affects.",
    hint="List each affected program or document under `affected_programs` with how it changes.",
)
def programs(ctx: RuleContext) -> Iterator[Finding]:
    if not list(items(ctx.data, "affected_programs")):
        yield ctx.finding(
            "/affected_programs", "No affected programs, policies or documents are listed."
        )


@rule(
    "co.elements.program-changes",
    element="programs",
    severity=Severity.WARNING,
    enforces=f"{_ACT}, element 3: how each is affected",
    message="Each affected program must say how it changes.",
    hint="Describe what changes in each program or document, for whom and from when.",
    params=_TEXT,
)
def program_changes(ctx: RuleContext) -> Iterator[Finding]:
    for index, item in items(ctx.data, "affected_programs"):
        pointer = f"/affected_programs/{index}/change"
        yield from check_text(
            ctx, pointer, item.get("change"), f"The change to “{item.get('name')}”"
        )


@rule(
    "co.elements.goals",
    element="academic",
    presence=True,
    enforces=f"{_ACT}, element 4: expected improvements in academic performance",
    message="The plan must state measurable academic goals with a baseline and targets.",
    hint="Add goals with a metric, a baseline (year and value) and yearly targets.",
)
def goals(ctx: RuleContext) -> Iterator[Finding]:
    if not list(items(ctx.data, "goals")):
        yield ctx.finding("/goals", "No measurable academic goals are listed.")


@rule(
    "co.goals.targets-after-baseline",
    element="academic",
    severity=Severity.WARNING,
    enforces=f"{_ACT}, element 4",
    message="Every target year must come after the goal's baseline year.",
    hint="Set targets for the school years after the baseline year.",
)
def targets_after_baseline(ctx: RuleContext) -> Iterator[Finding]:
    for index, goal in items(ctx.data, "goals"):
        base = str(get(goal, "baseline", "year") or "")
        for t_index, target in items(goal, "targets"):
            year = str(target.get("year", ""))
            if year and base and year <= base:
                pointer = f"/goals/{index}/targets/{t_index}/year"
                yield ctx.finding(
                    pointer,
                    f"{goal_label(index, goal)}: the target for {year} is not after the baseline year {base}.",
                )


def term_years(data: object) -> list[str]:
    """The school years (`2026-27`) the plan term overlaps; none if the term is incomplete."""
    first = school_year(get(data, "term", "start"))
    last = school_year(get(data, "term", "end"))
    if first is None or last is None or last < first:
        return []
    return [year_label(y) for y in range(first, last + 1)]


@rule(
    "co.goals.targets-cover-term",
    element="academic",
    severity=Severity.WARNING,
    enforces=f"{_ACT}, element 4; C.R.S. 22-32.5-104(3): improvements expected during the plan",
    message="A measurable goal needs a target for every school year the plan's term covers.",
    hint="Add a target (year and value) for each school year from `term.start` to `term.end`.",
)
def targets_cover_term(ctx: RuleContext) -> Iterator[Finding]:
    years = term_years(ctx.data)
    for index, goal in items(ctx.data, "goals"):
        base = str(get(goal, "baseline", "year") or "")
        due = [y for y in years if y > base]  # a target at or before the baseline is its own rule
        have = {str(t.get("year")) for _, t in items(goal, "targets")}
        missing = [y for y in due if y not in have]
        if not missing:
            continue
        covered = [y for y in due if y in have]
        if covered:
            msg = f"{goal_label(index, goal)} has targets for {and_list(covered)} only; the plan term also covers {and_list(missing)}."
        else:
            msg = f"{goal_label(index, goal)} has no target for a school year of the plan term; add targets for {and_list(missing)}."
        yield ctx.finding(f"/goals/{index}/targets", msg)


@rule(
    "co.elements.budget",
    element="budget",
    presence=True,
    enforces=f"{_ACT}, element 5: prior-year and proposed budget with funding sources",
    message="The budget must show revenues and expenses with proposed amounts.",
    hint="Fill in `levers.budget.revenues` and `expenses` with prior-year and proposed amounts.",
)
def budget(ctx: RuleContext) -> Iterator[Finding]:
    for key in ("revenues", "expenses"):
        lines = [line for _, line in items(ctx.data, "levers", "budget", key)]
        total = sum(float(line.get("proposed") or 0) for line in lines)
        if not lines or total <= 0:
            yield ctx.finding(f"/levers/budget/{key}", f"The proposed budget shows no {key}.")


@rule(
    "co.elements.support",
    element="support",
    presence=True,
    enforces=f"{_ACT}, element 9: level of support from staff, students, parents and community",
    message="The plan must include statements of support.",
    hint="Add a `support` entry for each group consulted, with how support was gathered.",
)
def support(ctx: RuleContext) -> Iterator[Finding]:
    if not list(items(ctx.data, "support")):
        yield ctx.finding("/support", "No statements of support are included.")


@rule(
    "co.support.text",
    element="support",
    severity=Severity.WARNING,
    enforces=f"{_ACT}, element 9",
    message="Each support statement must say what the group said and how it was gathered.",
    hint="Summarise the support (survey results, meetings, letters) in a few sentences.",
    params=_TEXT,
)
def support_text(ctx: RuleContext) -> Iterator[Finding]:
    for index, item in items(ctx.data, "support"):
        pointer = f"/support/{index}/summary"
        yield from check_text(
            ctx, pointer, item.get("summary"), f"The {item.get('group')} support summary"
        )


@rule(
    "co.support.groups",
    element="support",
    severity=Severity.INFO,
    enforces=f"{_ACT}, element 9",
    message="Support should be shown from each group the pack expects.",
    hint="Add a support statement for each missing group, or explain why there is none.",
    params=("support.groups",),
)
def support_groups(ctx: RuleContext) -> Iterator[Finding]:
    have = {item.get("group") for _, item in items(ctx.data, "support")}
    missing = [g for g in ctx.param("support.groups") if g not in have]
    if missing and have:
        yield ctx.finding("/support", f"No support statement from: {', '.join(missing)}.")
