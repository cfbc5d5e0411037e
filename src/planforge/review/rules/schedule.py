"""Instructional time: days and annual hours per program (C.R.S. 22-32-109(1)(n))."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from planforge.documents.context import number as exact_number
from planforge.errors import Finding, Severity
from planforge.review.rules import RuleContext, rule
from planforge.review.rules._util import get, has_waiver, items, number

_TIME = "C.R.S. 22-32-109(1)(n)(I) (minimum days and hours)"
PROGRAM_NAMES = {
    "secondary": "Secondary program",
    "elementary": "Elementary program",
    "full_day_kindergarten": "Full-day kindergarten",
    "half_day_kindergarten": "Half-day kindergarten",
}
COUNTED = frozenset({"instruction", "passing"})


def minutes(hhmm: str) -> int:
    """Minutes after midnight of an HH:MM time."""
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def block_minutes(block: dict[str, Any]) -> int:
    """Length of a block in minutes (0 when it ends before it starts)."""
    try:
        return max(0, minutes(str(block["end"])) - minutes(str(block["start"])))
    except (KeyError, ValueError):
        return 0


@dataclass
class ProgramTime:
    """Scheduled instructional time of one program."""

    program: str
    days: int = 0
    scheduled_hours: float = 0.0
    deductions: float = 0.0
    schedules: list[int] = field(default_factory=list)

    @property
    def hours(self) -> float:
        """Annual hours after the capped deductions."""
        return round(self.scheduled_hours - self.deductions, 2)


def deductions(data: Any) -> float:
    """Total deduction hours stated (before the cap)."""
    raw = get(data, "levers", "schedule", "deductions") or {}
    return float(sum(float(v or 0) for v in raw.values())) if isinstance(raw, dict) else 0.0


def instructional_time(data: Any, cap: float) -> dict[str, ProgramTime]:
    """Per program: Σ days × counted minutes / 60, minus min(deductions, cap)."""
    out: dict[str, ProgramTime] = {}
    for index, sched in items(data, "levers", "schedule", "bell_schedules"):
        program = str(sched.get("program"))
        entry = out.setdefault(program, ProgramTime(program))
        day = sum(block_minutes(b) for _, b in items(sched, "blocks") if b.get("type") in COUNTED)
        entry.days += int(sched.get("days") or 0)
        entry.scheduled_hours += int(sched.get("days") or 0) * day / 60
        entry.schedules.append(index)
    for entry in out.values():
        entry.deductions = min(deductions(data), cap)
    return out


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
    minima = ctx.param("schedule.min_hours")
    waived = calendar_waived(ctx)
    for program, time in instructional_time(
        ctx.data, float(ctx.param("schedule.deduction_cap"))
    ).items():
        need = minima.get(program)
        if need is None or time.hours >= float(need):
            continue
        short = round(float(need) - time.hours, 2)
        msg = (  # two decimals: 989.98 hours must not read as "990 (minimum 990), 0 short"
            f"{PROGRAM_NAMES.get(program, program)}: {exact_number(time.hours)} hours a year "
            f"(minimum {exact_number(float(need))}) — {exact_number(short)} hours short."
        )
        if waived:
            msg += " The plan waives 22-32-109(1)(n), so this is a warning; the replacement policy should explain it."
        pointer = f"/levers/schedule/bell_schedules/{time.schedules[0]}"
        yield ctx.finding(pointer, msg, downgrade=waived, hours=time.hours, minimum=need)


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
    for program, time in instructional_time(ctx.data, 0).items():
        if time.days != total:
            msg = (
                f"{PROGRAM_NAMES.get(program, program)}: its bell schedules cover {time.days} days, "
                f"but the calendar has {total} instructional days."
            )
            yield ctx.finding(f"/levers/schedule/bell_schedules/{time.schedules[0]}/days", msg)


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
            start, end = minutes(str(block.get("start"))), minutes(str(block.get("end")))
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
