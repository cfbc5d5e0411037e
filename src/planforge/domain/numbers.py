"""Numbers, money and hours as planforge prints them (pure, no imports beyond the stdlib).

One home for formatting, shared by the review rules, ``planforge diff`` and the documents.
Values the user typed are never rounded away (:func:`number`, :func:`money`); figures
planforge computes are shown to at most two decimals (:func:`hours`) or one (:func:`rounded`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import Context, Decimal
from typing import Any, TypeGuard

_WIDE = Context(prec=80)

_LIMIT_DIGITS = 15
LIMIT = 10**_LIMIT_DIGITS
"""Numbers a plan can mean are smaller than this (a thousand trillion) in size."""
MAX_DECIMALS = 9
"""Decimal places planforge keeps of a number (more would print rounded)."""
_STEP = Decimal(1).scaleb(-MAX_DECIMALS)
_NUMBER_TEXT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
TOO_LARGE = "too-large"
TOO_PRECISE = "too-precise"


def is_number(value: Any) -> TypeGuard[int | float]:
    """True for int/float but not bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def number_problem(text: str) -> str | None:
    """Why a number typed as `text` cannot be kept exactly in a plan, or None when it can.

    :data:`TOO_LARGE` for a size of :data:`LIMIT` or more (``1e309``, a 5,000-digit
    integer), :data:`TOO_PRECISE` when its digits would not print as typed (more than
    :data:`MAX_DECIMALS` decimal places, or more significant digits than a float holds).
    None for text that is not a plain number, and for every number a plan can mean.
    Never converts more than a few digits, so it is safe on any length of text.
    """
    text = text.strip()
    if not _NUMBER_TEXT.fullmatch(text):
        return None
    if "." not in text and "e" not in text.lower():  # a whole number: exact below the limit
        return TOO_LARGE if len(text.lstrip("+-").lstrip("0")) > _LIMIT_DIGITS else None
    mantissa, _, power = text.lower().partition("e")
    if not mantissa.strip("+-.0"):
        return None  # zero, however it is written
    if len(power.lstrip("+-0")) > 6:  # beyond what Decimal reads: far too large or small
        return TOO_PRECISE if power.startswith("-") else TOO_LARGE
    d = Decimal(text)
    if d.adjusted() >= _LIMIT_DIGITS:
        return TOO_LARGE
    if d != d.quantize(_STEP, context=_WIDE) or Decimal(repr(float(d))) != d:
        return TOO_PRECISE
    return None


def exact(value: float) -> Decimal:
    """A number as typed (its shortest repr), with float noise of sums (0.1 + 0.2) removed.

    Whole numbers stay exact however long they are; infinity and NaN come back as such
    (the formatters below print them as words, never raise)."""
    if isinstance(value, int):
        return Decimal(value)
    d = Decimal(repr(float(value)))
    if not d.is_finite():
        return d
    if int(d.as_tuple().exponent) < -MAX_DECIMALS:
        d = d.quantize(_STEP, context=_WIDE)
    return d.normalize(_WIDE)


def exact_sum(values: Iterable[Any]) -> float:
    """Sum of typed amounts in decimal, so 1234.10 + 2345.20 is exactly 3579.30 (no float noise)."""
    return float(sum((exact(v) for v in values), Decimal(0)))


def _unshowable(d: Decimal) -> str:
    """Words for a value no plan can hold (validation refuses it; this is a last defence)."""
    return "(not a number)" if d.is_nan() else "(too large to show)"


def money(value: float) -> str:
    """`$1,234,567`, or `$1,234.50` when there are cents; negative as `-$1,234`.

    Never rounds what was typed: `1234.567` is `$1,234.567`.
    """
    d = exact(value)
    if not d.is_finite():
        return _unshowable(d)
    sign, d = ("-" if d < 0 else ""), abs(d)
    if d == d.to_integral_value():
        body = f"{d:,f}"
    elif int(d.as_tuple().exponent) >= -2:
        body = f"{d:,.2f}"
    else:
        body = f"{d:,f}"
    return f"{sign}${body}"


def signed_money(value: float) -> str:
    """A change: `+$12,000`, `-$3,500` or `$0`."""
    d = exact(value)
    return ("+" if d.is_finite() and d > 0 else "") + money(value)


def number(value: float) -> str:
    """`1,234`, `0.5`, `12.25`, `0.333` (as typed, no trailing zeros)."""
    d = exact(value)
    if not d.is_finite():
        return _unshowable(d)
    return f"{d + 0:,f}"  # + 0 turns -0 into 0


def rounded(value: float) -> str:
    """`1,046.5` or `1,080`: a computed figure with one decimal at most."""
    if not _finite(value):
        return _unshowable(Decimal(value))
    if isinstance(value, int):
        return number(value)
    text = f"{value:,.1f}"
    return text[:-2] if text.endswith(".0") else text


def hours(value: float) -> str:
    """`1,087`, `1,012.5`, `1,079.98`: hours with two decimals at most.

    Two, not one: 1,079.98 hours must not read as "1,080 (minimum 1,080)".
    """
    return number(round(value, 2) if _finite(value) else value)


def percent(part: float, whole: float) -> str:
    """`52.4%` (one decimal), or `n/a` when the whole is zero (or either is not finite)."""
    if not whole or not (_finite(part) and _finite(whole)):
        return "n/a"
    try:
        return f"{100 * part / whole:.1f}%"
    except OverflowError:  # integers too large for a float: no plan has them
        return "n/a"


def whole(value: Any) -> int | None:
    """`value` as a whole number (days, counts), or None when it is not a finite number."""
    return int(value) if is_number(value) and _finite(value) else None


def _finite(value: float) -> bool:
    return isinstance(value, int) or math.isfinite(value)
