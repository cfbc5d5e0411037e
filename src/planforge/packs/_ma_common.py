"""Helpers shared by the Massachusetts rules (`ma.py`, `ma_approvals.py`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from planforge.rules import RuleContext
from planforge.rules._util import items, thin

S92 = "M.G.L. c.71 §92"
AREAS = {
    "curriculum": "curriculum",
    "budget": "budget",
    "schedule_calendar": "school schedule and calendar",
    "staffing": "staffing policies and procedures",
    "district_policies": "school district policies and procedures",
    "professional_development": "professional development",
}


def ma(ctx: RuleContext) -> dict[str, Any]:
    block = ctx.data.get("ma")
    return block if isinstance(block, dict) else {}


def day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def share_of(value: Any) -> Fraction:
    """A pack share, "2/3" or 0.5, as an exact fraction."""
    return Fraction(value) if isinstance(value, str) else Fraction(str(value))


def needed(share: Fraction, of: int) -> int:
    """The fewest yes votes that reach `share` of `of` (two-thirds of 3 is 2)."""
    whole = share * of
    return int(whole) if whole.denominator == 1 else int(whole) + 1


def count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def thin_text(ctx: RuleContext, value: Any, short: bool = False) -> str | None:
    words = ctx.param("text.min_words_short" if short else "text.min_words")
    return thin(value, int(words), list(ctx.param("text.placeholders")))


def changes(ctx: RuleContext) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, change) for every union-contract waiver or modification in the plan."""
    for a, area in items(ma(ctx), "autonomies"):
        for c, change in items(area, "cba_changes"):
            yield f"/ma/autonomies/{a}/cba_changes/{c}", change
