"""Instructional time (C.R.S. 22-32-109(1)(n)): the one definition planforge uses.

The review (``co.schedule.*`` rules and the memo's key figures), the rendered plan's hours
table and ``planforge diff`` all count hours here, with the thresholds of the chosen rule
packs (:class:`Limits`, from the ``schedule.*`` parameters), so every front end says the same
thing about the same file. The model (docs/review.md, "Instructional time"):

* a block counts when its type is one of ``schedule.counted_blocks`` (the local board's
  definition of instructional time; ``co``: instruction and passing); its length is end minus
  start in minutes (0 when a time is malformed or it ends first);
* bell schedules are grouped into *grade bands*: schedules with the same ``grade_band`` (or,
  without one, the same ``grades``) and program are the kinds of day of one band; a schedule
  that names neither joins its program's only band (or forms a band of its own). Hours are
  never added across bands;
* a band's **planned** hours are, over its bell schedules, days x counted minutes / 60 (two
  decimals); they must reach the program's ``schedule.min_hours`` (22-32-109(1)(n)(I));
* its **actual** hours subtract the stated deductions (conferences, in-service, closures)
  once; they must stay at or above the program's ``schedule.reduced_min_hours``
  (22-32-109(1)(n)(II)(A)). The deductions never touch the planned figure, so nothing is
  counted twice.

Pure: plan data (or its ``levers.schedule`` mapping) in, numbers out; schema-invalid drafts
never raise (a value of the wrong kind counts as missing).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from planforge.domain.labels import program_label
from planforge.domain.numbers import is_number, whole
from planforge.domain.paramtypes import param_problem
from planforge.errors import ResourceError

MIN_HOURS = "schedule.min_hours"
REDUCED_MIN_HOURS = "schedule.reduced_min_hours"
COUNTED = "schedule.counted_blocks"
MIN_DAYS = "schedule.min_days"
PARAMS = (MIN_HOURS, REDUCED_MIN_HOURS, COUNTED, MIN_DAYS)
"""The pack parameters instructional time depends on."""

ALWAYS_COUNTED = frozenset({"instruction"})
"""What counts when no pack says (a caller without packs): instruction only."""
UNSPECIFIED = "unspecified"
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")  # HH:MM; a draft's 8:00 counts too
_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "−": "-"})


def _per_program(raw: Any) -> dict[str, float]:
    return (
        {str(k): float(v) for k, v in raw.items() if is_number(v)}
        if isinstance(raw, Mapping)
        else {}
    )


@dataclass(frozen=True)
class Limits:
    """The thresholds of the chosen packs: minimum and reduced minimum per program, days."""

    minimum: Mapping[str, float] = field(default_factory=dict)
    """Planned hours a year per program (22-32-109(1)(n)(I))."""
    floor: Mapping[str, float] = field(default_factory=dict)
    """Actual hours after deductions per program (22-32-109(1)(n)(II)(A))."""
    counted: frozenset[str] = ALWAYS_COUNTED
    """Block types that count as instructional time."""
    min_days: int | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Limits:
        """Read ``schedule.*`` parameters (a missing one: no minimum, instruction only; one
        of the wrong type or size: :class:`ResourceError` naming it, never a traceback)."""
        for name in PARAMS:
            problem = param_problem(name, params[name]) if name in params else None
            if problem:
                raise ResourceError(f"rule pack parameter `{name}` {problem}.")
        raw = params.get(COUNTED)
        counted = (
            frozenset(str(b) for b in raw) if isinstance(raw, list | tuple) else ALWAYS_COUNTED
        )
        days = params.get(MIN_DAYS)
        return cls(
            _per_program(params.get(MIN_HOURS)),
            _per_program(params.get(REDUCED_MIN_HOURS)),
            counted,
            whole(days),
        )

    def counts(self, block: Any) -> bool:
        """True when a block is instructional time under these limits."""
        return isinstance(block, Mapping) and block.get("type") in self.counted


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


def day_minutes(bell: Any, limits: Limits) -> int:
    """Counted minutes of one day on a bell schedule."""
    blocks = bell.get("blocks") if isinstance(bell, Mapping) else None
    if not isinstance(blocks, list):
        return 0
    return sum(block_minutes(b) for b in blocks if limits.counts(b))


def bell_days(bell: Any) -> int:
    """Days a year on a bell schedule (0 when missing)."""
    days = bell.get("days") if isinstance(bell, Mapping) else None
    return whole(days) or 0


def bell_program(bell: Any) -> str:
    """The program a bell schedule belongs to (`unspecified` when missing)."""
    program = bell.get("program") if isinstance(bell, Mapping) else None
    return program if isinstance(program, str) and program else UNSPECIFIED


def _text(bell: Mapping[str, Any], key: str) -> str | None:
    value = bell.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def bell_band(bell: Any) -> tuple[str | None, str | None]:
    """(`grade_band`, `grades`) of a bell schedule as typed (None when missing)."""
    if not isinstance(bell, Mapping):
        return None, None
    return _text(bell, "grade_band"), _text(bell, "grades")


def band_key(name: str) -> str:
    """`K – 5`, `k-5` and `K-5` are the same band (case, spaces and dashes do not matter)."""
    return "".join(name.translate(_DASHES).casefold().split())


# -- a year ----------------------------------------------------------------------------------


def schedule_of(data: Any) -> Mapping[str, Any]:
    """The `levers.schedule` mapping of plan data ({} when missing)."""
    levers = data.get("levers") if isinstance(data, Mapping) else None
    schedule = levers.get("schedule") if isinstance(levers, Mapping) else None
    return schedule if isinstance(schedule, Mapping) else {}


def stated_deductions(schedule: Mapping[str, Any]) -> float:
    """Total deduction hours a schedule states (conferences, in-service, closures)."""
    raw = schedule.get("deductions")
    if not isinstance(raw, Mapping):
        return 0.0
    return float(sum(v for v in raw.values() if is_number(v)))


def _short(hours: float, need: float | None) -> float:
    """Hours missing to reach `need` (0 when it is met or there is no minimum)."""
    return round(need - hours, 2) if need is not None and hours < need else 0.0


@dataclass
class BandTime:
    """Instructional time of one grade band (one program's kinds of day) over the year."""

    key: str
    """`secondary`, or `secondary:9-12` for a band named by its grades (metrics and diff key)."""
    program: str
    band: str | None = None
    """The band's `grade_band` as typed, if any schedule gives one."""
    grades: str | None = None
    """The band's `grades` as typed (of its first schedule that gives them)."""
    days: int = 0
    minutes: int = 0
    """Counted minutes over the year (days x counted minutes a day, summed over schedules)."""
    deductions: float = 0.0
    """Deduction hours stated for the year (conferences, in-service, closures)."""
    minimum: float | None = None
    """The program's minimum planned hours (None: the packs set none)."""
    floor: float | None = None
    """The program's reduced minimum for actual hours (None: the packs set none)."""
    schedules: list[int] = field(default_factory=list)
    """Indexes of the band's bell schedules."""

    @property
    def label(self) -> str:
        """`Middle school (6-8)` (its `grade_band`), `Secondary (9-12)` or `Secondary`."""
        if self.band:
            return self.band
        name = program_label(self.program)
        return f"{name} ({self.grades})" if self.grades else name

    @property
    def scheduled_hours(self) -> float:
        """Planned hours a year, before deductions (unrounded)."""
        return self.minutes / 60

    @property
    def planned(self) -> float:
        """Planned hours a year (two decimals), compared with the minimum."""
        return round(self.scheduled_hours, 2)

    @property
    def actual(self) -> float:
        """Planned hours less the stated deductions (two decimals), compared with the floor."""
        return round(self.scheduled_hours - self.deductions, 2)

    @property
    def shortfall(self) -> float:
        """Planned hours missing to reach the minimum (0 when it is met)."""
        return _short(self.planned, self.minimum)

    @property
    def floor_shortfall(self) -> float:
        """Actual hours missing to reach the reduced minimum (0 when it is met)."""
        return _short(self.actual, self.floor)

    @property
    def short(self) -> bool:
        """True when the planned hours are under the minimum."""
        return self.shortfall > 0

    @property
    def below_floor(self) -> bool:
        """True when the actual hours are under the reduced minimum."""
        return self.floor_shortfall > 0

    @property
    def margin(self) -> float | None:
        """The smaller spare of the two tests (negative: short); None without any minimum."""
        spare = [
            round(hours - need, 2)
            for hours, need in ((self.planned, self.minimum), (self.actual, self.floor))
            if need is not None
        ]
        return min(spare) if spare else None


def _assign(bells: list[tuple[int, Mapping[str, Any]]]) -> dict[int, tuple[str, str]]:
    """Schedule index -> (program, band key); an unnamed schedule joins its program's only band."""
    named: dict[int, tuple[str, str]] = {}
    for index, bell in bells:
        band, grades = bell_band(bell)
        if band or grades:
            named[index] = (bell_program(bell), band_key(band or grades or ""))
    out: dict[int, tuple[str, str]] = {}
    for index, bell in bells:
        program = bell_program(bell)
        if index in named:
            out[index] = named[index]
            continue
        bands = {key for p, key in named.values() if p == program}
        out[index] = (program, bands.pop() if len(bands) == 1 else "")
    return out


def schedule_time(schedule: Any, limits: Limits) -> dict[str, BandTime]:
    """Per grade band (in the order the schedules name them) of a `levers.schedule` mapping."""
    schedule = schedule if isinstance(schedule, Mapping) else {}
    raw = schedule.get("bell_schedules")
    listed = raw if isinstance(raw, list) else []
    bells = [(i, b) for i, b in enumerate(listed) if isinstance(b, Mapping)]
    bands, deductions = _assign(bells), stated_deductions(schedule)
    out: dict[tuple[str, str], BandTime] = {}
    for index, bell in bells:
        program, key = bands[index]
        entry = out.get((program, key))
        if entry is None:
            entry = out[(program, key)] = BandTime(
                f"{program}:{key}" if key else program,
                program,
                deductions=deductions,
                minimum=limits.minimum.get(program),
                floor=limits.floor.get(program),
            )
        band, grades = bell_band(bell)
        entry.band, entry.grades = entry.band or band, entry.grades or grades
        entry.days += bell_days(bell)
        entry.minutes += bell_days(bell) * day_minutes(bell, limits)
        entry.schedules.append(index)
    return {t.key: t for t in out.values()}


def instructional_time(data: Any, limits: Limits) -> dict[str, BandTime]:
    """Per grade band of plan data: days, planned and actual hours, minimum and floor."""
    return schedule_time(schedule_of(data), limits)


def school_year_days(year: Any) -> tuple[dt.date, dt.date] | None:
    """July 1 and June 30 of a school year written 2026-27; None for anything else, including
    a second year that does not follow the first (`2026-99`)."""
    if not isinstance(year, str) or not re.fullmatch(r"\d{4}-\d{2}", year):
        return None
    first = int(year[:4])
    if int(year[5:]) != (first + 1) % 100:
        return None
    return dt.date(first, 7, 1), dt.date(first + 1, 6, 30)
