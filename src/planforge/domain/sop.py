"""Figures of a Massachusetts school operational plan, computed once for every front end.

The review (pack ``ma-ez``), the review's key figures and the rendered operational plan all
read the plan's budget totals and structured learning time from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from planforge.domain.hours import BandTime, Limits, schedule_time
from planforge.domain.numbers import exact_sum, is_number


@dataclass(frozen=True)
class SopBudget:
    """The school's allocation, what its budget lines add up to, and what is left."""

    allocation: float | None
    planned: float

    @property
    def remaining(self) -> float | None:
        """Allocation minus planned spending (negative when over); None without an allocation."""
        if self.allocation is None:
            return None
        return exact_sum([self.allocation, -self.planned])


def sop_budget(data: Any) -> SopBudget:
    """The budget totals of operational-plan data (lines without a number count as 0)."""
    budget = data.get("budget") if isinstance(data, Mapping) else None
    budget = budget if isinstance(budget, Mapping) else {}
    allocation = budget.get("allocation")
    lines = budget.get("lines")
    planned = exact_sum(
        line["amount"]
        for line in (lines if isinstance(lines, list) else [])
        if isinstance(line, Mapping) and is_number(line.get("amount"))
    )
    return SopBudget(float(allocation) if is_number(allocation) else None, planned)


def calendar_time(data: Any, limits: Limits) -> dict[str, BandTime]:
    """Structured learning time per grade band of the plan's `calendar` (as for a plan's
    schedule: only the blocks the packs count)."""
    calendar = data.get("calendar") if isinstance(data, Mapping) else None
    return schedule_time(calendar if isinstance(calendar, Mapping) else {}, limits)
