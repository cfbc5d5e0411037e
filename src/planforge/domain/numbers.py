"""Numbers, money and hours as planforge prints them (pure, no imports beyond the stdlib).

One home for formatting, shared by the review rules, ``planforge diff`` and the documents.
Values the user typed are never rounded away (:func:`number`, :func:`money`); figures
planforge computes are shown to at most two decimals (:func:`hours`) or one (:func:`rounded`).
"""

from __future__ import annotations

from decimal import Context, Decimal
from typing import Any, TypeGuard

_WIDE = Context(prec=80)


def is_number(value: Any) -> TypeGuard[int | float]:
    """True for int/float but not bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def exact(value: float) -> Decimal:
    """A number as typed (its shortest repr), with float noise of sums (0.1 + 0.2) removed."""
    d = Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))
    if not d.is_finite():
        return d
    if int(d.as_tuple().exponent) < -9:
        d = d.quantize(Decimal("1e-9"), context=_WIDE)
    return d.normalize(_WIDE)


def money(value: float) -> str:
    """`$1,234,567`, or `$1,234.50` when there are cents; negative as `-$1,234`.

    Never rounds what was typed: `1234.567` is `$1,234.567`.
    """
    d = exact(value)
    if not d.is_finite():
        return f"${value}"
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
    return ("+" if exact(value) > 0 else "") + money(value)


def number(value: float) -> str:
    """`1,234`, `0.5`, `12.25`, `0.333` (as typed, no trailing zeros)."""
    d = exact(value)
    if not d.is_finite():
        return str(value)
    return f"{d + 0:,f}"  # + 0 turns -0 into 0


def rounded(value: float) -> str:
    """`1,046.5` or `1,080`: a computed figure with one decimal at most."""
    text = f"{value:,.1f}"
    return text[:-2] if text.endswith(".0") else text


def hours(value: float) -> str:
    """`1,087`, `1,012.5`, `1,079.98`: hours with two decimals at most.

    Two, not one: 1,079.98 hours must not read as "1,080 (minimum 1,080)".
    """
    return number(round(value, 2))


def percent(part: float, whole: float) -> str:
    """`52.4%` (one decimal), or `n/a` when the whole is zero."""
    return f"{100 * part / whole:.1f}%" if whole else "n/a"
