"""The grades a school serves: preschool (ECE, PK) to the early-college years 13 and 14.

`school.grades` is a range such as `ECE-8` or `9-14`; the schema checks its form, these rules
its sense: it runs from the lowest grade to the highest, each bell schedule's `grades` lie
inside it, and each schedule's program fits its grades (a preschool day for ECE or PK, a
secondary day for grades 9 to 14).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from planforge.domain.labels import program_name
from planforge.errors import Finding
from planforge.rules import RuleContext, rule
from planforge.rules._util import get, items

_GRADES = "C.R.S. 22-32.5-104(3) (the plan describes the school's program); C.R.S. 22-32-109(1)(n) (minimums per program)"
_PRESCHOOL = -1
_RANKS = {"ECE": _PRESCHOOL, "PK": _PRESCHOOL, "K": 0}
_RANGE = re.compile(r"^(ECE|PK|K|\d{1,2})(?:-(ECE|PK|K|\d{1,2}))?$")
_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "−": "-"})
# The grades each program can serve (Colorado: middle and high school are secondary; grade 6
# is elementary or secondary as the district organises it; years 13-14 are high-school years
# of an early college or P-TECH school).
_PROGRAM_GRADES = {
    "preschool": (_PRESCHOOL, _PRESCHOOL),
    "full_day_kindergarten": (0, 0),
    "half_day_kindergarten": (0, 0),
    "elementary": (0, 8),
    "secondary": (5, 14),
}


def grade_rank(token: str) -> int | None:
    """-1 for ECE or PK (preschool), 0 for K, 1-14 for grades 1-14 (None otherwise)."""
    token = token.strip().upper()
    if token in _RANKS:
        return _RANKS[token]
    return int(token) if token.isdigit() and 1 <= int(token) <= 14 else None


def grade_range(text: Any) -> tuple[int, int] | None:
    """(first, last) ranks of `K-5`, `9-14`, `ECE-8` or `K` (None when it is not a range)."""
    if not isinstance(text, str):
        return None
    m = _RANGE.match("".join(text.translate(_DASHES).upper().split()))
    if not m:
        return None
    first, last = grade_rank(m[1]), grade_rank(m[2] or m[1])
    return (first, last) if first is not None and last is not None else None


def grade_word(rank: int) -> str:
    """`preschool`, `K`, `9`."""
    return "preschool" if rank < 0 else "K" if rank == 0 else str(rank)


@rule(
    "co.school.grades",
    element="programs",
    enforces=_GRADES,
    message="The grades served run from the lowest to the highest (ECE or PK, K, 1 to 14); each "
    "bell schedule's grades lie within them; and each schedule's program fits its grades "
    "(preschool for ECE or PK, a kindergarten program for K, secondary for 9 to 14).",
    hint="Write the range low to high, for example ECE-5 or 9-14; give each bell schedule the "
    "grades and the program it really serves.",
)
def grades(ctx: RuleContext) -> Iterator[Finding]:
    served = grade_range(get(ctx.data, "school", "grades"))
    if served is not None and served[0] > served[1]:
        typed = get(ctx.data, "school", "grades")
        yield ctx.finding(
            "/school/grades",
            f"The grades served are written `{typed}`, from "
            f"{grade_word(served[0])} down to {grade_word(served[1])}; write the lowest grade "
            "first.",
        )
        served = None
    for index, bell in items(ctx.data, "levers", "schedule", "bell_schedules"):
        yield from _bell(ctx, index, bell, served)


def _bell(
    ctx: RuleContext, index: int, bell: dict[str, Any], served: tuple[int, int] | None
) -> Iterator[Finding]:
    pointer = f"/levers/schedule/bell_schedules/{index}"
    own = grade_range(bell.get("grades"))
    if own is None or own[0] > own[1]:
        return
    name = bell.get("name")
    if served is not None and (own[0] < served[0] or own[1] > served[1]):
        school = get(ctx.data, "school", "grades")
        yield ctx.finding(
            f"{pointer}/grades",
            f"Bell schedule “{name}” is for grades {bell.get('grades')}, outside the grades the "
            f"school serves ({school}).",
            downgrade=True,
        )
    program = bell.get("program")
    allowed = _PROGRAM_GRADES.get(str(program))
    if allowed is not None and (own[0] < allowed[0] or own[1] > allowed[1]):
        yield ctx.finding(
            f"{pointer}/program",
            f"Bell schedule “{name}” is a {program_name(str(program)).lower()} day for grades "
            f"{bell.get('grades')}; check the program, which decides the minimum hours.",
            downgrade=True,
        )
