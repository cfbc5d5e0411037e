"""Renewal evidence: goal results, School Performance Framework ratings, accountability clock.

C.R.S. 22-32.5-110(1)(a): every three years the local board reviews whether the school "is
achieving or making adequate progress toward achieving the academic performance results
identified in the school's innovation plan". A renewal plan therefore reports what the school
achieved under the plan that is ending: each goal's result for every completed school year of
that plan, the state's rating of the school, and where it stands on the accountability clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from planforge.errors import Finding
from planforge.rules import RuleContext, rule
from planforge.rules._util import (
    and_list,
    get,
    goal_label,
    items,
    placeholder,
    prior_approval,
    school_year,
    year_label,
)

_REVIEW = (
    "C.R.S. 22-32.5-110(1)(a): the board reviews whether the school is achieving or making "
    "adequate progress toward the academic performance results in its plan"
)
_SPF = (
    "C.R.S. 22-32.5-110(1)(a); DPS innovation renewal: the School Performance Framework is part "
    "of the body of evidence; CDE plan types (Performance, Improvement, Priority Improvement, "
    "Turnaround)"
)
_CLOCK = (
    "C.R.S. 22-32.5-110(1)(a); C.R.S. 22-11-210(5) (the accountability clock: five consecutive "
    "years of Priority Improvement or Turnaround); CDE Performance Watch"
)


def _is_renewal(ctx: RuleContext) -> bool:
    return bool(get(ctx.data, "action") == "renewal")


def current_plan_years(data: Any, cadence: int) -> list[int]:
    """First calendar years of the school years the current (expiring) plan ran.

    From the school year that starts in the calendar year the current plan was approved
    (approved 2023-04-20: 2023-24; approved 2019-08-15: 2019-20) to the school year before the
    renewal's term starts. Without an approval date, the `cadence` school years before the term.
    """
    start = school_year(get(data, "term", "start"))
    if start is None:
        return []
    approved = prior_approval(data)
    first = int(approved[:4]) if isinstance(approved, str) and approved[:4].isdigit() else None
    if first is None or first >= start:
        first = start - cadence
    return list(range(first, start))


def completed_years(data: Any, cadence: int) -> list[int]:
    """The school years of the current plan that ended before the renewal was submitted.

    A school year ends on June 30. Without a submission date the last school year before the
    new term is taken to be still under way (its results are not yet published).
    """
    years = current_plan_years(data, cadence)
    submitted = get(data, "submitted")
    if isinstance(submitted, str) and len(submitted) == 10:
        return [y for y in years if f"{y + 1}-06-30" < submitted]
    return years[:-1]


def _completed(ctx: RuleContext) -> list[int]:
    return completed_years(ctx.data, int(ctx.param("review.max_cadence_years")))


def _reported(goal: dict[str, Any], placeholders: list[str]) -> set[str]:
    """School years with a real result (a number, or words that are not a placeholder)."""
    out = set()
    for _, result in items(goal, "results"):
        value = result.get("value")
        if isinstance(value, str) and (not value.strip() or placeholder(value, placeholders)):
            continue
        if value is not None:
            out.add(str(result.get("year")))
    return out


@rule(
    "co.renewal.goal-results",
    element="academic",
    enforces=_REVIEW,
    message="A renewal must report each goal's result for every completed school year of the "
    "current plan.",
    hint="Under each goal add `results:` with one line per completed year, for example "
    "`- {year: 2024-25, value: 53, target: 48, met: true}`. A goal the current plan did not "
    "have says `new: true`.",
    params=("review.max_cadence_years", "text.placeholders"),
)
def goal_results(ctx: RuleContext) -> Iterator[Finding]:
    if not _is_renewal(ctx):
        return
    due = [year_label(y) for y in _completed(ctx)]
    if not due:
        return
    placeholders = list(ctx.param("text.placeholders"))
    for index, goal in items(ctx.data, "goals"):
        if goal.get("new") is True:
            continue
        have = _reported(goal, placeholders)
        missing = [y for y in due if y not in have]
        if not missing:
            continue
        where = f"/goals/{index}/results" if goal.get("results") else f"/goals/{index}"
        years = "school year" if len(missing) == 1 else "school years"
        msg = (
            f"{goal_label(index, goal)} has no result for {and_list(missing)}: completed {years} of "
            "the current plan. The board reviews whether the school met or is making adequate "
            "progress toward each goal; if the goal is new in this plan, mark it as new."
        )
        yield ctx.finding(where, msg)


def _rating_key(text: object) -> str:
    """`Priority Improvement Plan` -> `priority improvement` (for comparing ratings)."""
    words = str(text or "").lower().replace(":", " ").split()
    if words and words[-1] == "plan":
        words = words[:-1]
    return " ".join(words)


def _known_state_rating(rating: object, known: list[str]) -> bool:
    key = _rating_key(rating)
    return any(key == _rating_key(k) or key.startswith(_rating_key(k) + " ") for k in known)


def _where_renewal(ctx: RuleContext, key: str) -> str:
    """`/renewal/<key>` when it exists, else `/renewal`, else `/action` (no renewal section)."""
    section = get(ctx.data, "renewal")
    if not isinstance(section, dict):
        return "/action"
    return f"/renewal/{key}" if section.get(key) is not None else "/renewal"


@rule(
    "co.renewal.spf-rating",
    element="academic",
    enforces=_SPF,
    message="A renewal must give the school's School Performance Framework rating for the "
    "latest completed school year of the current plan.",
    hint="Add `renewal: {spf_ratings: [{year: 2024-25, framework: state, rating: Improvement}]}`; "
    "a state rating is one of CDE's plan types.",
    params=("review.max_cadence_years", "renewal.state_ratings"),
)
def spf_rating(ctx: RuleContext) -> Iterator[Finding]:
    if not _is_renewal(ctx):
        return
    ratings = list(items(ctx.data, "renewal", "spf_ratings"))
    completed = _completed(ctx)
    latest = year_label(completed[-1]) if completed else None
    if not ratings:
        msg = (
            "This renewal gives no School Performance Framework rating; the board weighs the "
            "school's ratings under the current plan when it reviews the school."
        )
        yield ctx.finding(_where_renewal(ctx, "spf_ratings"), msg)
    elif latest and latest not in {str(r.get("year")) for _, r in ratings}:
        msg = (
            f"The School Performance Framework ratings do not include {latest}, the latest "
            "completed school year of the current plan; add its rating."
        )
        yield ctx.finding("/renewal/spf_ratings", msg)
    known = list(ctx.param("renewal.state_ratings"))
    for index, item in ratings:
        rating = item.get("rating")
        if item.get("framework") == "state" and not _known_state_rating(rating, known):
            msg = (
                f"The {item.get('year')} state rating “{rating}” is not one of CDE's plan "
                f"types ({', '.join(known[:-1])} or {known[-1]}); if it is a rating of the "
                "district's own framework, give district as its framework."
            )
            yield ctx.finding(f"/renewal/spf_ratings/{index}/rating", msg, downgrade=True)


_STATUS_WORDS = {
    "not_on_clock": "not on the clock",
    "on_clock": "on the clock",
    "on_watch": "on watch",
    "on_hold": "on hold",
}


def _latest_state_rating(ctx: RuleContext) -> tuple[str, str] | None:
    """(year, rating) of the most recent state rating, if any."""
    state = [
        (str(r.get("year")), str(r.get("rating")))
        for _, r in items(ctx.data, "renewal", "spf_ratings")
        if r.get("framework") == "state"
    ]
    return max(state) if state else None


@rule(
    "co.renewal.accountability-clock",
    element="academic",
    enforces=_CLOCK,
    message="A renewal must say where the school stands on the state accountability clock.",
    hint="Add `renewal: {accountability_clock: {status: not_on_clock}}`, or `status: on_clock` "
    "with the `year` on the clock.",
    params=("renewal.clock_ratings", "renewal.watch_ratings"),
)
def accountability_clock(ctx: RuleContext) -> Iterator[Finding]:
    if not _is_renewal(ctx):
        return
    clock = get(ctx.data, "renewal", "accountability_clock")
    status = get(clock, "status")
    if not isinstance(status, str):
        msg = (
            "This renewal does not say whether the school is on the state accountability clock "
            "(rated Priority Improvement or Turnaround), a question of the plan's cover page for CDE."
        )
        yield ctx.finding(_where_renewal(ctx, "accountability_clock"), msg)
        return
    pointer = "/renewal/accountability_clock"
    if status == "on_clock" and get(clock, "year") is None:
        msg = "The school is on the accountability clock, but the year on the clock is not given."
        yield ctx.finding(pointer, msg)
    latest = _latest_state_rating(ctx)
    if latest is None:
        return
    year, rating = latest
    key = _rating_key(rating)
    clock_rated = any(key == _rating_key(r) for r in ctx.param("renewal.clock_ratings"))
    watch_rated = any(key == _rating_key(r) for r in ctx.param("renewal.watch_ratings"))
    if clock_rated and status in ("not_on_clock", "on_watch"):
        msg = (
            f"The {year} state rating is {rating}, which puts a school on the accountability "
            f"clock, but the clock status says {_STATUS_WORDS[status]}."
        )
        yield ctx.finding(f"{pointer}/status", msg, downgrade=True)
    elif watch_rated and status == "on_clock":
        msg = (
            f"The {year} state rating is {rating}, but the clock status says on the clock; a "
            "school rated Improvement or better after time on the clock is on watch."
        )
        yield ctx.finding(f"{pointer}/status", msg, downgrade=True)
