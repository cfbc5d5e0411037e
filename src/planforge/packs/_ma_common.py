"""Helpers shared by the Massachusetts rules (`ma.py`, `ma_approvals.py`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from fractions import Fraction
from typing import Any

from planforge.domain.hours import BandTime
from planforge.domain.labels import MA_AREAS, in_sentence
from planforge.rules import RuleContext
from planforge.rules._util import items, thin

S92 = "M.G.L. c.71 §92"
AREAS = {key: in_sentence(words) for key, words in MA_AREAS.items()}
"""The areas of autonomy of §92(b) as rule messages name them."""


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


def more_than(share: Fraction, of: int) -> int:
    """The fewest yes votes that are more than `share` of `of` (a majority of 7 is 4)."""
    return int(share * of) + 1


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


def short_bands(bands: Iterable[BandTime]) -> Iterator[tuple[BandTime, str]]:
    """Each grade band under its structured-learning-time minimum, with the sentence that says
    so (the `ma` and `ma-ez` learning-time rules share it)."""
    for band in bands:
        least = band.floor if band.floor is not None else band.minimum
        if least is not None and band.actual < least:
            yield (
                band,
                (
                    f"{band.label}: {band.actual:,.2f} hours of structured learning time a year; "
                    f"603 CMR 27.00 requires {least:,.0f}."
                ),
            )
