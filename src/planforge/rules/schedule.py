"""Instructional time: days and annual hours per program (C.R.S. 22-32-109(1)(n))."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from planforge.domain import hours as time
from planforge.domain.hours import Limits, ProgramTime, clock, stated_deductions
from planforge.domain.labels import program_name
from planforge.domain.numbers import hours as hours_text
from planforge.errors import Finding, Severity
from planforge.rules import RuleContext, rule
from planforge.rules._util import get, has_waiver, items, number

_TIME = "C.R.S. 22-32-109(1)(n)(I) (minimum days and hours)"


def deductions(data: Any) -> float:
    """Total deduction hours stated (before the cap)."""
    return stated_deductions(time.schedule_of(data))


def instructional_time(
    data: Any, cap: float, minima: Mapping[str, float] | None = None
) -> dict[str, ProgramTime]:
    """Per program: Σ days × counted minutes / 60, minus min(deductions, cap) (see domain.hours)."""
    return time.instructional_time(data, Limits(minima or {}, cap))


def limits(ctx: RuleContext) -> Limits:
    """The instructional-time thresholds of the packs (a missing one is a broken pack)."""
    return Limits.from_params(
        {name: ctx.param(name) for name in (time.MIN_HOURS, time.DEDUCTION_CAP)}
    )


def calendar_waived(ctx: RuleContext) -> bool:
    """True when the plan waives the instructional-time statute (any 22-32-109(1)(n) part)."""
    return has_waiver(ctx.data, str(ctx.param("schedule.waiver_prefix")))


@rule(
    "co.schedule.hours",
    element="programs",
    enforces=_TIME,
    message="Each program must schedule at least its minimum annual hours (secondary 1,080, "
    "elementary 990, full-day kindergarten 900, half-day kindergarten 450), after up to 24 hours "
    "of deductions; lunch and recess do not count. A 22-32-109(1)(n) waiver makes this a warning.",
    hint="Lengthen the instructional blocks or add days; lunch, recess and `other` blocks do not count.",
    params=("schedule.min_hours", "schedule.deduction_cap", "schedule.waiver_prefix"),
)
def hours(ctx: RuleContext) -> Iterator[Finding]:
    waived = calendar_waived(ctx)
    for program, t in time.instructional_time(ctx.data, limits(ctx)).items():
        if not t.short or t.minimum is None:
            continue
        msg = (  # two decimals: 989.98 hours must not read as "990 (minimum 990), 0 short"
            f"{program_name(program)}: {hours_text(t.hours)} hours a year "
            f"(minimum {hours_text(t.minimum)}) — {hours_text(t.shortfall)} hours short."
        )
        if waived:
            msg += " The plan waives 22-32-109(1)(n), so this is a warning; the replacement policy should explain it."
        pointer = f"/levers/schedule/bell_schedules/{t.schedules[0]}"
        need = ctx.param(time.MIN_HOURS).get(program)
        yield ctx.finding(pointer, msg, downgrade=waived, hours=t.hours, minimum=need)


@rule(
    "co.schedule.days",
    element="programs",
    enforces=_TIME,
    message="A school must be in session at least 160 days unless the commissioner approves fewer.",
    hint="Add days to the calendar, or record the commissioner's approval and waive 22-32-109(1)(n).",
    params=("schedule.min_days", "schedule.waiver_prefix"),
)
def days(ctx: RuleContext) -> Iterator[Finding]:
    value = get(ctx.data, "levers", "schedule", "instructional_days")
    need = int(ctx.param("schedule.min_days"))
    if isinstance(value, int) and value < need:
        msg = f"The calendar has {value} instructional days; at least {need} are required ({need - value} short)."
        yield ctx.finding(
            "/levers/schedule/instructional_days", msg, downgrade=calendar_waived(ctx)
        )


@rule(
    "co.schedule.days-sum",
    element="programs",
    severity=Severity.WARNING,
    enforces="Consistency of the calendar and the bell schedules",
    message="For each program, the days of its bell schedules should add up to the instructional days.",
    hint="Adjust `days` on the bell schedules so each program's total equals `instructional_days`.",
)
def days_sum(ctx: RuleContext) -> Iterator[Finding]:
    total = get(ctx.data, "levers", "schedule", "instructional_days")
    if not isinstance(total, int):
        return
    for program, t in time.instructional_time(ctx.data).items():
        if t.days != total:
            msg = (
                f"{program_name(program)}: its bell schedules cover {t.days} days, "
                f"but the calendar has {total} instructional days."
            )
            yield ctx.finding(f"/levers/schedule/bell_schedules/{t.schedules[0]}/days", msg)


@rule(
    "co.schedule.deduction-cap",
    element="programs",
    severity=Severity.WARNING,
    enforces="C.R.S. 22-32-109(1)(n)(I): up to 24 hours for conferences, in-service and closures",
    message="Only up to 24 hours of deductions count against the minimum hours.",
    hint="Reduce the deductions, or expect only the capped amount to be counted.",
    params=("schedule.deduction_cap",),
)
def deduction_cap(ctx: RuleContext) -> Iterator[Finding]:
    total, cap = deductions(ctx.data), float(ctx.param("schedule.deduction_cap"))
    if total > cap:
        msg = f"Deductions total {number(total)} hours; only {number(cap)} may be subtracted (that is what planforge counts)."
        yield ctx.finding("/levers/schedule/deductions", msg)


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
