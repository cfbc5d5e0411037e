"""Dates in a sensible order: votes, submission, term, goal years."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from planforge.errors import Finding, Severity
from planforge.rules import RuleContext, rule
from planforge.rules._util import get, items

_ORDER = "C.R.S. 22-32.5-104(3)(f) (consent before submission); plan term"


def _date(data: Any, *path: str) -> str | None:
    value = get(data, *path)
    return value if isinstance(value, str) and len(value) == 10 else None


@rule(
    "co.dates.votes-before-submission",
    element="consent",
    enforces=_ORDER + "; 2015 COA 71 (reversed on other grounds, 2017 CO 30)",
    message="Consent votes of administrators, teachers and the SAC must be held before the plan "
    "is submitted to the board (the bargaining-unit members' ballot comes after designation).",
    hint="Check the vote dates and `submitted`; the votes come first.",
)
def votes_before_submission(ctx: RuleContext) -> Iterator[Finding]:
    submitted = _date(ctx.data, "submitted")
    if submitted is None:
        return
    for index, vote in items(ctx.data, "consent"):
        if vote.get("body") == "cbu_members":
            continue  # the CBA secret ballot follows State Board designation (brief §1.5, §1.6)
        when = vote.get("date")
        if isinstance(when, str) and when > submitted:
            yield ctx.finding(
                f"/consent/{index}/date",
                f"The {vote.get('body')} vote ({when}) is after the plan was submitted ({submitted}).",
            )


@rule(
    "co.dates.submitted",
    element="term",
    severity=Severity.INFO,
    enforces=_ORDER,
    message="The submission date is needed to check the order of votes and the term.",
    hint="Add `submitted: YYYY-MM-DD` when the plan goes to the board.",
)
def submitted(ctx: RuleContext) -> Iterator[Finding]:
    if _date(ctx.data, "submitted") is None:
        yield ctx.finding(
            "", "No `submitted` date; the order of votes, submission and term was not checked."
        )


@rule(
    "co.dates.submitted-before-term",
    element="term",
    enforces="C.R.S. 22-32.5-104(1)(b), -107 (60-day board and State Board decisions before the term)",
    message="The plan must be submitted before its term starts.",
    hint="Check `submitted` and `term.start`.",
)
def submitted_before_term(ctx: RuleContext) -> Iterator[Finding]:
    sub, start = _date(ctx.data, "submitted"), _date(ctx.data, "term", "start")
    if sub and start and sub >= start:
        yield ctx.finding(
            "/submitted", f"The plan is submitted on {sub}, not before its term starts ({start})."
        )


@rule(
    "co.dates.term-order",
    element="term",
    enforces="Plan term",
    message="The term must start before it ends.",
    hint="Check `term.start` and `term.end` (YYYY-MM-DD).",
    kinds=("innovation_plan", "zone_agreement"),
)
def term_order(ctx: RuleContext) -> Iterator[Finding]:
    start, end = _date(ctx.data, "term", "start"), _date(ctx.data, "term", "end")
    if start and end and start >= end:
        yield ctx.finding("/term/end", f"The term ends on {end}, not after it starts on {start}.")


def year_span(school_year: str) -> tuple[str, str]:
    """`2026-27` -> ('2026-07-01', '2027-06-30')."""
    first = int(school_year[:4])
    return f"{first}-07-01", f"{first + 1}-06-30"


@rule(
    "co.dates.goal-years",
    element="academic",
    severity=Severity.WARNING,
    enforces="C.R.S. 22-32.5-104(3): improvements expected during the plan",
    message="Goal targets should fall within the plan's term.",
    hint="Set targets for the school years the plan covers.",
)
def goal_years(ctx: RuleContext) -> Iterator[Finding]:
    start, end = _date(ctx.data, "term", "start"), _date(ctx.data, "term", "end")
    if not (start and end):
        return
    for g_index, goal in items(ctx.data, "goals"):
        for t_index, target in items(goal, "targets"):
            year = str(target.get("year", ""))
            first, last = year_span(year) if len(year) == 7 else (start, end)
            if last < start or first > end:
                yield ctx.finding(
                    f"/goals/{g_index}/targets/{t_index}/year",
                    f"Goal {goal.get('id')}: the target year {year} is outside the term ({start} to {end}).",
                )
