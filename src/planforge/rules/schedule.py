"""Instructional time per grade band: planned and actual hours, days (C.R.S. 22-32-109(1)(n)).

The arithmetic is :mod:`planforge.domain.hours` (the plan's hours table and the memo use it
too); these rules only compare it with the packs' thresholds and say what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from planforge.domain import hours as time
from planforge.domain.catalog import normalize
from planforge.domain.hours import BandTime, Limits, clock
from planforge.domain.numbers import hours as hours_text
from planforge.errors import Finding
from planforge.rules import RuleContext, rule
from planforge.rules._util import active_waivers, get, items, plural, waiver_citation

_PLANNED = "C.R.S. 22-32-109(1)(n)(I) (minimum planned hours, 160 days)"
_ACTUAL = "C.R.S. 22-32-109(1)(n)(II)(A) (minimum after conferences, in-service and closures)"
MINIMUM_WAIVERS = "schedule.minimum_waivers"
FLOOR_WAIVERS = "schedule.floor_waivers"


def instructional_time(data: Any, limits: Limits | None = None) -> dict[str, BandTime]:
    """Per grade band (see :mod:`planforge.domain.hours`); the default pack's limits if none."""
    if limits is None:
        from planforge.domain.params import default_params

        limits = Limits.from_params(default_params())
    return time.instructional_time(data, limits)


def limits(ctx: RuleContext) -> Limits:
    """The instructional-time thresholds of the packs (a missing one is a broken pack)."""
    return Limits.from_params({name: ctx.param(name) for name in time.PARAMS})


def _within(provision: str, waived: str) -> bool:
    """True when a waiver of `waived` covers `provision` (the same, or a part of it)."""
    return provision == waived or provision.startswith(f"{waived}(")


def lifting_waiver(ctx: RuleContext, param: str) -> str | None:
    """The citation (as typed) of an active statute waiver that lifts a provision the pack lists.

    A waiver lifts a provision when it cites that provision or a section containing it: a
    waiver of 22-32-109(1)(n) or of 22-32-109(1)(n)(I) lifts the (n)(I) minimum; one of
    22-32-109(1)(n)(II)(B) ("adopt district calendar") does not.
    """
    provisions = [normalize(str(p), "state_statute") for p in ctx.param(param)]
    for _, waiver in active_waivers(ctx.data):
        if waiver.get("kind") != "state_statute":
            continue
        cited = waiver_citation(waiver)
        if any(_within(p, cited) for p in provisions):
            return str(waiver.get("citation"))
    return None


def _hours(value: float) -> str:
    """`1 hour`, `0.02 hours`, `360.47 hours` (two decimals at most)."""
    return f"{hours_text(value)} hour{'' if value == 1 else 's'}"


def _pointer(t: BandTime) -> str:
    return f"/levers/schedule/bell_schedules/{t.schedules[0]}"


def _waived_note(cited: str | None) -> str:
    return (
        f" The plan waives {cited}, so this is a warning; the replacement policy should "
        "explain how students still get the time."
        if cited
        else ""
    )


@rule(
    "co.schedule.hours",
    element="programs",
    enforces=_PLANNED,
    message="Each grade band must plan at least its program's minimum hours a year on its own "
    "days (secondary 1,080, elementary 990, full-day kindergarten 900, half-day kindergarten "
    "450), before any deductions; hours are never added across bands. Only a waiver of "
    "22-32-109(1)(n)(I) (or all of (1)(n)) makes this a warning.",
    hint="Lengthen the counted blocks or add days to this band's schedules; lunch and the "
    "blocks the pack does not count add nothing.",
    params=(*time.PARAMS, MINIMUM_WAIVERS),
)
def hours(ctx: RuleContext) -> Iterator[Finding]:
    cited = lifting_waiver(ctx, MINIMUM_WAIVERS)
    for t in time.instructional_time(ctx.data, limits(ctx)).values():
        if not t.short or t.minimum is None:
            continue
        msg = (  # two decimals: 989.98 hours must not read as "990 (minimum 990), 0 short"
            f"{t.label}: {hours_text(t.planned)} planned hours a year over "
            f"{plural(t.days, 'day')} (minimum {hours_text(t.minimum)}) — "
            f"{_hours(t.shortfall)} short.{_waived_note(cited)}"
        )
        yield ctx.finding(
            _pointer(t), msg, downgrade=cited is not None, hours=t.planned, minimum=t.minimum
        )


@rule(
    "co.schedule.actual-hours",
    element="programs",
    enforces=_ACTUAL,
    message="After the hours stated for parent-teacher conferences, staff in-service and "
    "closures, each grade band must keep at least its program's reduced minimum (secondary "
    "1,056, elementary 968, full-day kindergarten 870, half-day kindergarten 435). A waiver "
    "of 22-32-109(1)(n)(I) or (n)(II)(A) makes this a warning.",
    hint="Schedule fewer conference, in-service or closure hours inside the school days, or "
    "add instructional time to this band.",
    params=(*time.PARAMS, FLOOR_WAIVERS),
)
def actual_hours(ctx: RuleContext) -> Iterator[Finding]:
    cited = lifting_waiver(ctx, FLOOR_WAIVERS)
    for t in time.instructional_time(ctx.data, limits(ctx)).values():
        if t.short or not t.below_floor or t.floor is None:
            continue  # a band short of its planned minimum is reported once, by co.schedule.hours
        msg = (
            f"{t.label}: {hours_text(t.planned)} planned hours less "
            f"{_hours(t.deductions)} for conferences, in-service and closures leaves "
            f"{_hours(t.actual)} (at least {hours_text(t.floor)} required) — "
            f"{_hours(t.floor_shortfall)} short.{_waived_note(cited)}"
        )
        yield ctx.finding(
            "/levers/schedule/deductions" if get(ctx.data, "levers", "schedule", "deductions")
            else _pointer(t),
            msg,
            downgrade=cited is not None,
            hours=t.actual,
            minimum=t.floor,
        )  # fmt: skip


@rule(
    "co.schedule.days",
    element="programs",
    enforces=_PLANNED,
    message="A school must be in session at least 160 days; fewer needs the commissioner's "
    "specific prior approval, which a waiver does not replace.",
    hint="Add days to the calendar, or obtain the commissioner's approval before the year "
    "starts (CDE's reduced academic calendar request) and attach it to the plan.",
    params=(time.MIN_DAYS,),
)
def days(ctx: RuleContext) -> Iterator[Finding]:
    value = get(ctx.data, "levers", "schedule", "instructional_days")
    need = int(ctx.param(time.MIN_DAYS))
    if isinstance(value, int) and value < need:
        msg = (
            f"The calendar has {value} instructional days, {need - value} fewer than {need}. "
            f"A school may be in session fewer than {need} days only with the specific prior "
            "approval of the commissioner of education (C.R.S. 22-32-109(1)(n)(I)); a waiver "
            "in the plan does not replace that approval."
        )
        yield ctx.finding("/levers/schedule/instructional_days", msg)


@rule(
    "co.schedule.days-sum",
    element="programs",
    enforces="Consistency of the calendar and the bell schedules (each band is in session on "
    "the calendar's days, C.R.S. 22-32-109(1)(n)(I))",
    message="The days of each grade band's bell schedules must add up to the calendar's "
    "instructional days: more would count hours on days the calendar does not have (an "
    "error); fewer is a warning (the band's hours are checked on its own days).",
    hint="Adjust `days` on the bell schedules. Schedules for different grades (a middle-school "
    "day and a high-school day) need different `grade_band` (or `grades`); the kinds of day "
    "of one band share it.",
)
def days_sum(ctx: RuleContext) -> Iterator[Finding]:
    total = get(ctx.data, "levers", "schedule", "instructional_days")
    if not isinstance(total, int):
        return
    for t in time.instructional_time(ctx.data, Limits()).values():  # days only
        if t.days == total:
            continue
        count = len(t.schedules)
        which = f"its {count} bell schedules cover" if count > 1 else "its bell schedule covers"
        msg = f"{t.label}: {which} {t.days} days, but the calendar has {total} instructional days"
        if t.days > total:
            msg += (
                f", so its hours would count {t.days - total} days the calendar does not have. "
                "If these schedules are for different grades, give each grade band its own "
                "name so each is checked on its own days."
            )
        else:
            msg += f"; its hours are checked on those {t.days} days."
        yield ctx.finding(f"{_pointer(t)}/days", msg, downgrade=t.days < total)


@rule(
    "co.schedule.blocks",
    element="programs",
    enforces="Consistency of the bell schedule",
    message="Each block must end after it starts, and blocks must not overlap.",
    hint='Check the start and end times (24-hour HH:MM, e.g. "13:05").',
)
def blocks(ctx: RuleContext) -> Iterator[Finding]:
    for s_index, sched in items(ctx.data, "levers", "schedule", "bell_schedules"):
        previous_end, previous_name = -1, ""
        for b_index, block in items(sched, "blocks"):
            pointer = f"/levers/schedule/bell_schedules/{s_index}/blocks/{b_index}"
            start, end = clock(block.get("start")), clock(block.get("end"))
            if start is None or end is None:
                continue  # not a time: the schema check reports it
            if end <= start:
                yield ctx.finding(
                    f"{pointer}/end",
                    f"{sched.get('name')}: block “{block.get('name')}” ends at {block.get('end')}, not after it starts at {block.get('start')}.",
                )
            elif start < previous_end:
                yield ctx.finding(
                    f"{pointer}/start",
                    f"{sched.get('name')}: block “{block.get('name')}” starts at {block.get('start')}, before “{previous_name}” ends.",
                )
            previous_end, previous_name = max(previous_end, end), str(block.get("name"))
