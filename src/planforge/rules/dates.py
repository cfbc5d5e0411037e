"""Dates in a sensible order: votes, submission, term, goal years."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from planforge.domain.hours import school_year_days
from planforge.errors import Finding, ResourceError, Severity
from planforge.rules import RuleContext, rule
from planforge.rules._util import get, goal_label, items, vote_label

_ORDER = "C.R.S. 22-32.5-104(3)(f) (consent before submission); plan term"
_CONSENT = (
    "C.R.S. 22-32.5-104(3)(f) (the plan includes evidence of consent); 22-32.5-109 (the "
    "bargaining-unit ballot); City & County of Denver Sch. Dist. No. 1 v. DCTA, 2017 CO 30 "
    "(a new school may gather consent after it hires its staff)"
)


def _sac(data: Any) -> str:
    name = get(data, "school", "sac_name")
    return name if isinstance(name, str) else ""


def _date(data: Any, *path: str) -> str | None:
    value = get(data, *path)
    return value if isinstance(value, str) and len(value) == 10 else None


@rule(
    "co.dates.votes-before-submission",
    element="consent",
    enforces=_CONSENT,
    message="Consent votes of administrators, teachers and the SAC must be held before the plan "
    "is submitted to the board. The bargaining-unit members' ballot is checked too only where "
    "the pack says the district holds it before its board votes.",
    hint="Check the vote dates and `submitted`; the votes come first.",
    params=("consent.cba_vote_before_board",),
)
def votes_before_submission(ctx: RuleContext) -> Iterator[Finding]:
    submitted = _date(ctx.data, "submitted")
    if submitted is None or get(ctx.data, "school", "status") == "new":
        return  # 2017 CO 30: a school not yet staffed may gather consent after submission
    ballot_first = bool(ctx.param("consent.cba_vote_before_board"))
    for index, vote in items(ctx.data, "consent"):
        if vote.get("body") == "cbu_members" and not ballot_first:
            continue  # 22-32.5-109: the CBA secret ballot follows State Board designation
        if vote.get("held") is False:
            continue  # scheduled, not yet held: the consent rules report it
        when = vote.get("date")
        if isinstance(when, str) and when > submitted:
            yield ctx.finding(
                f"/consent/{index}/date",
                f"{vote_label(index, vote, _sac(ctx.data))} ({when}) is after the plan was "
                f"submitted ({submitted}).",
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


_NO_DEADLINE = (
    "No statutory deadline: the local board decides within 60 days (C.R.S. 22-32.5-104(1)(b)) "
    "and the State Board within 60 days (22-32.5-107(2), (3)); a district's own deadline comes "
    "from its pack (`dates.local_submission_deadline`)"
)


@rule(
    "co.dates.local-deadline",
    element="term",
    enforces=_NO_DEADLINE,
    message="The plan must be submitted by the district's own deadline, if its pack sets one.",
    hint="Submit the plan by the district's deadline, or check `submitted` and `term.start`.",
    params=("dates.local_submission_deadline",),
)
def local_deadline(ctx: RuleContext) -> Iterator[Finding]:
    setting = ctx.param("dates.local_submission_deadline")
    sub, start = _date(ctx.data, "submitted"), _date(ctx.data, "term", "start")
    if setting is None or sub is None or start is None:
        return
    deadline, why = _deadline(setting, start)
    if sub > deadline:
        policy = f" ({setting['policy']})" if setting.get("policy") else ""
        yield ctx.finding(
            "/submitted",
            f"The plan is submitted on {sub}; the district's deadline{policy} is {deadline}, {why}.",
        )


def _deadline(setting: Any, start: str) -> tuple[str, str]:
    """The latest submission date a district's `dates.local_submission_deadline` allows.

    `{days_before_term: 120}`: 120 days before `term.start`; `{month_day: "10-01"}`: the last
    1 October before `term.start`; with both, the earlier. `policy` names the local rule.
    """
    import datetime as dt

    found: list[tuple[dt.date, str]] = []
    try:
        begin = dt.date.fromisoformat(start)
        if "days_before_term" in setting:
            days = int(setting["days_before_term"])
            why = f"{days} days before the term starts on {start}"
            found.append((begin - dt.timedelta(days=days), why))
        if "month_day" in setting:
            month, day = (int(x) for x in str(setting["month_day"]).split("-"))
            last = dt.date(begin.year, month, day)
            last = last if last < begin else dt.date(begin.year - 1, month, day)
            found.append((last, f"the last {last:%B} {day} before the term starts on {start}"))
    except (TypeError, ValueError, AttributeError):
        found = []
    if not found:
        msg = (
            "rule pack parameter `dates.local_submission_deadline` must be null or a mapping "
            'with `days_before_term` (a number of days) and/or `month_day` ("MM-DD"), and '
            "optionally `policy` (the local rule's name)."
        )
        raise ResourceError(msg)
    when, why = min(found)
    return when.isoformat(), why


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


def year_span(school_year: str) -> tuple[str, str] | None:
    """`2026-27` -> ('2026-07-01', '2027-06-30') (:func:`planforge.domain.hours.school_year_days`)."""
    days = school_year_days(school_year)
    return (days[0].isoformat(), days[1].isoformat()) if days else None


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
            first, last = year_span(year) or (start, end)
            if last < start or first > end:
                yield ctx.finding(
                    f"/goals/{g_index}/targets/{t_index}/year",
                    f"{goal_label(g_index, goal)}: the target year {year} is outside the term ({start} to {end}).",
                )
