"""Review and renewal dates of a plan or zone agreement (pure date arithmetic).

C.R.S. 22-32.5-110: the local board reviews an innovation plan three years after approval
and every three years after that. A plan file has no approval date of its own, so planforge
counts from the day the plan takes effect (``term.start``): reviews fall every
``term.review_cadence_years`` years from then (at most the packs' ``review.max_cadence_years``,
3 in the ``co`` pack), and at the latest on the term's last day, when the plan lapses unless
the board renews it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

OVERDUE, DUE, LATER, UNKNOWN = "overdue", "due", "later", "unknown"
WINDOW_MONTHS = 18
"""The renewal calendar looks this many months ahead of today."""
TERM_ENDS, REVIEW_DUE = "Term ends", "Review due"


def parse_date(value: object) -> date | None:
    """`2026-07-01` (as typed in a plan) to a date; None for anything else."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the month's last day (Jan 31 + 1 = Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def review_dates(start: date, end: date | None, cadence: int) -> list[date]:
    """Every review the statute requires during a term: each `cadence` years from `start`
    while the term runs, then the term's last day. Without an end, the first review only."""
    out: list[date] = []
    for step in range(1, 100):
        due = add_months(start, 12 * max(cadence, 1) * step)
        if end is not None and due >= end:
            break
        out.append(due)
        if end is None:
            break
    if end is not None:
        out.append(end)
    return out


@dataclass(frozen=True)
class Schedule:
    """When the next review of a plan (or zone agreement) falls, as of `today`.

    ``next_review`` is the first review on or after today, or, when every review of the term
    has passed, the first one missed. ``event`` says which it is: ``Term ends`` (the renewal
    decision) or ``Review due`` (a review during the term). ``state``: ``overdue``, ``due``
    (within the 18-month renewal window), ``later``, or ``unknown`` (no readable term start).
    ``days_left`` counts from today (negative when overdue).
    """

    start: date | None
    end: date | None
    cadence: int
    next_review: date | None
    event: str
    state: str
    days_left: int | None


def schedule(start: date | None, end: date | None, cadence: int, today: date) -> Schedule:
    """The review schedule of a term as of `today` (see :class:`Schedule`)."""
    if start is None:
        return Schedule(start, end, cadence, None, "", UNKNOWN, None)
    dates = review_dates(start, end, cadence)
    upcoming = [d for d in dates if d >= today]
    due = upcoming[0] if upcoming else dates[0]
    if due < today:
        state = OVERDUE
    elif due <= window_end(today):
        state = DUE
    else:
        state = LATER
    event = TERM_ENDS if end is not None and due == end else REVIEW_DUE
    return Schedule(start, end, cadence, due, event, state, (due - today).days)


def window_end(today: date) -> date:
    """The last day the renewal calendar covers: 18 months from today."""
    return add_months(today, WINDOW_MONTHS)
