"""Instructional time (C.R.S. 22-32-109(1)(n)): the one definition planforge uses.

The review (``co.schedule.*`` rules and the memo's key figures), the rendered plan's hours
table and ``planforge diff`` all count hours here, with the thresholds of the chosen rule
packs (:class:`Limits`, from ``schedule.min_hours``, ``schedule.deduction_cap`` and
``schedule.min_days``), so every front end says the same thing about the same file:

* a block counts when it is instruction or passing time (lunch, recess and `other` do not);
  its length is end minus start in minutes (0 when a time is malformed or it ends first);
* a program's scheduled hours are, over its bell schedules, days x counted minutes / 60;
* its annual hours subtract the stated deductions, capped at ``schedule.deduction_cap``;
* its margin is annual hours minus the program's ``schedule.min_hours`` (two decimals).

Pure: plan data (or its ``levers.schedule`` mapping) in, numbers out; schema-invalid drafts
never raise (a value of the wrong kind counts as missing).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from planforge.domain.numbers import is_number

MIN_HOURS = "schedule.min_hours"
DEDUCTION_CAP = "schedule.deduction_cap"
MIN_DAYS = "schedule.min_days"
PARAMS = (MIN_HOURS, DEDUCTION_CAP, MIN_DAYS)
"""The pack parameters instructional time depends on."""

COUNTED_BLOCKS = frozenset({"instruction", "passing"})
UNSPECIFIED = "unspecified"
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")  # HH:MM; a draft's 8:00 counts too


@dataclass(frozen=True)
class Limits:
    """The thresholds of the chosen packs: minimum hours per program, deduction cap, days."""

    minimum: Mapping[str, float] = field(default_factory=dict)
    deduction_cap: float = 0.0
    min_days: int | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Limits:
        """Read ``schedule.*`` parameters (a missing one: no minimum, no cap, no day minimum)."""
        raw = params.get(MIN_HOURS)
        minimum = (
            {str(k): float(v) for k, v in raw.items() if is_number(v)}
            if isinstance(raw, Mapping)
            else {}
        )
        cap, days = params.get(DEDUCTION_CAP), params.get(MIN_DAYS)
        return cls(
            minimum,
            float(cap) if is_number(cap) else 0.0,
            int(days) if is_number(days) else None,
        )


# -- blocks and days -------------------------------------------------------------------------


def clock(value: Any) -> int | None:
    """Minutes after midnight of an `HH:MM` time, or `H:MM` (None when it is not a time)."""
    m = _CLOCK.match(value) if isinstance(value, str) else None
    return int(m[1]) * 60 + int(m[2]) if m else None


def block_minutes(block: Any) -> int:
    """Length of a block in minutes (0 when a time is malformed or it ends before it starts)."""
    if not isinstance(block, Mapping):
        return 0
    start, end = clock(block.get("start")), clock(block.get("end"))
    return max(0, end - start) if start is not None and end is not None else 0


def counts(block: Any) -> bool:
    """True when a block is instructional time (instruction or passing)."""
    return isinstance(block, Mapping) and block.get("type") in COUNTED_BLOCKS


def day_minutes(bell: Any) -> int:
    """Counted minutes of one day on a bell schedule."""
    blocks = bell.get("blocks") if isinstance(bell, Mapping) else None
    return sum(block_minutes(b) for b in blocks if counts(b)) if isinstance(blocks, list) else 0


def bell_days(bell: Any) -> int:
    """Days a year on a bell schedule (0 when missing)."""
    days = bell.get("days") if isinstance(bell, Mapping) else None
    return int(days) if is_number(days) else 0


def bell_program(bell: Any) -> str:
    """The program a bell schedule belongs to (`unspecified` when missing)."""
    program = bell.get("program") if isinstance(bell, Mapping) else None
    return program if isinstance(program, str) and program else UNSPECIFIED


# -- a year ----------------------------------------------------------------------------------


def schedule_of(data: Any) -> Mapping[str, Any]:
    """The `levers.schedule` mapping of plan data ({} when missing)."""
    levers = data.get("levers") if isinstance(data, Mapping) else None
    schedule = levers.get("schedule") if isinstance(levers, Mapping) else None
    return schedule if isinstance(schedule, Mapping) else {}


def stated_deductions(schedule: Mapping[str, Any]) -> float:
    """Total deduction hours a schedule states (conferences, in-service, closures), uncapped."""
    raw = schedule.get("deductions")
    if not isinstance(raw, Mapping):
        return 0.0
    return float(sum(v for v in raw.values() if is_number(v)))


@dataclass
class ProgramTime:
    """Scheduled instructional time of one program over the year."""

    program: str
    days: int = 0
    minutes: int = 0
    """Counted minutes over the year (days x counted minutes a day, summed over schedules)."""
    deductions: float = 0.0
    """Deduction hours subtracted (the stated total, capped)."""
    minimum: float | None = None
    """The program's minimum annual hours (None: the packs set none)."""
    schedules: list[int] = field(default_factory=list)
    """Indexes of the program's bell schedules."""

    @property
    def scheduled_hours(self) -> float:
        """Hours a year before deductions."""
        return self.minutes / 60

    @property
    def hours(self) -> float:
        """Annual hours after the capped deductions (two decimals)."""
        return round(self.scheduled_hours - self.deductions, 2)

    @property
    def margin(self) -> float | None:
        """Annual hours minus the minimum (negative: short); None without a minimum."""
        return None if self.minimum is None else round(self.hours - self.minimum, 2)

    @property
    def short(self) -> bool:
        """True when the program schedules less than its minimum."""
        return self.minimum is not None and self.hours < self.minimum

    @property
    def shortfall(self) -> float:
        """Hours missing to reach the minimum (0 when it is met)."""
        return round(self.minimum - self.hours, 2) if self.short and self.minimum else 0.0


def schedule_time(schedule: Any, limits: Limits | None = None) -> dict[str, ProgramTime]:
    """Per program (in the order the schedules name them) of a `levers.schedule` mapping."""
    limits = limits or Limits()
    schedule = schedule if isinstance(schedule, Mapping) else {}
    bells = schedule.get("bell_schedules")
    out: dict[str, ProgramTime] = {}
    for index, bell in enumerate(bells if isinstance(bells, list) else []):
        if not isinstance(bell, Mapping):
            continue
        program = bell_program(bell)
        entry = out.setdefault(program, ProgramTime(program, minimum=limits.minimum.get(program)))
        entry.days += bell_days(bell)
        entry.minutes += bell_days(bell) * day_minutes(bell)
        entry.schedules.append(index)
    deduction = min(stated_deductions(schedule), limits.deduction_cap)
    for entry in out.values():
        entry.deductions = deduction
    return out


def instructional_time(data: Any, limits: Limits | None = None) -> dict[str, ProgramTime]:
    """Per program of plan data: days, scheduled and annual hours, minimum and margin."""
    return schedule_time(schedule_of(data), limits)
