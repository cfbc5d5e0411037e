"""Template context: a validated plan (and optionally its review) as plain template values.

The *context* is what a Word template sees: dicts, lists and strings, with table rows already
shaped (totals computed, money formatted "$1,234,567", percentages "52.4%"). Three kinds of
value carry the user's own words, and each records itself when the template prints it, so the
renderer can check that every plan string the template shows really is in the document:

* :class:`PlanText` - a string exactly as typed (a ``str`` subclass, escaped once on output);
* :class:`Prose` - a long field in the markdown subset of :mod:`planforge.documents.markdown`, printed with
  ``{{p ... }}`` as real paragraphs;
* :class:`Missing` - in ``--draft`` mode, a required value that is absent, printed as a
  highlighted ``[MISSING: levers.budget.totals]``.

This module is pure: no docx imports, no file access. The document-specific builders live in
:mod:`planforge.documents.plan_context` and :mod:`planforge.documents.memo_context`.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import Any

from planforge.documents.markdown import escape, paragraph_xml, plain_text, run_xml, wordml


@dataclass(frozen=True)
class Shown:
    """A plan value the template printed, and the text a reader must find for it."""

    pointer: str
    text: str


SHOWN: ContextVar[list[Shown] | None] = ContextVar("planforge_shown", default=None)


def _record(pointer: str, text: str) -> None:
    shown = SHOWN.get()
    if shown is not None:
        shown.append(Shown(pointer, text))


def readable(pointer: str) -> str:
    """`/levers/schedule/bell_schedules/1` -> `levers.schedule.bell_schedules[1]`."""
    out = ""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        out += f"[{token}]" if token.isdigit() else (f".{token}" if out else token)
    return out or "(plan)"


class PlanText(str):
    """A string the user typed, printed exactly (escaped once) and recorded when shown."""

    pointer: str

    def __new__(cls, value: str, pointer: str = "") -> PlanText:
        obj = super().__new__(cls, value)
        obj.pointer = pointer
        return obj

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return (str(self), self.pointer)

    def __html__(self) -> str:
        _record(self.pointer, str(self))
        return escape(str(self))


@dataclass(frozen=True)
class Prose:
    """A long text field in the markdown subset, printed as Word paragraphs."""

    text: str
    pointer: str = ""

    def __bool__(self) -> bool:
        return bool(self.text.strip())

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        _record(self.pointer, plain_text(self.text))
        return wordml(self.text)


@dataclass(frozen=True)
class Missing:
    """A required value absent from a draft plan: a visible, highlighted placeholder."""

    pointer: str
    paragraph: bool = False

    @property
    def label(self) -> str:
        return f"[MISSING: {readable(self.pointer)}]"

    def __str__(self) -> str:
        return self.label

    def __html__(self) -> str:
        _record(self.pointer, self.label)
        run = run_xml(self.label, bold=True, highlight="yellow")
        if self.paragraph:
            return paragraph_xml(run)
        # Close the template's run, add the highlighted one, reopen a plain run.
        return f'</w:t></w:r>{run}<w:r><w:t xml:space="preserve">'


Value = PlanText | Prose | Missing | None

# --------------------------------------------------------------------------- formatting


def is_number(value: Any) -> bool:
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


_WIDE = Context(prec=80)


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


def percent(part: float, whole: float) -> str:
    """`52.4%` (one decimal), or `n/a` when the whole is zero."""
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def hours(value: float) -> str:
    """`1,012.5` hours with one decimal."""
    return f"{value:,.1f}"


# --------------------------------------------------------------------------- reading the plan


class Reader:
    """Reads values from plan data by JSON Pointer, wrapping what the user typed.

    In draft mode a required value that is absent (or of the wrong type) becomes a
    :class:`Missing` placeholder; otherwise an absent optional value is None.
    """

    def __init__(self, data: Any, *, draft: bool = False) -> None:
        self.data = data if isinstance(data, dict) else {}
        self.draft = draft

    def get(self, pointer: str) -> Any:
        """The raw value at `pointer`, or None."""
        node: Any = self.data
        for token in pointer.split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict):
                node = node.get(token)
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return None
        return node

    def _absent(self, pointer: str, required: bool, paragraph: bool) -> Value:
        return Missing(pointer, paragraph) if required and self.draft else None

    def text(self, pointer: str, *, required: bool = False) -> Value:
        """A short string as typed (numbers typed where text was expected are shown too)."""
        value = self.get(pointer)
        if isinstance(value, str) and value.strip():
            return PlanText(value, pointer)
        if is_number(value):
            return PlanText(str(value), pointer)
        return self._absent(pointer, required, paragraph=False)

    def prose(self, pointer: str, *, required: bool = False) -> Value:
        """A markdown prose field."""
        value = self.get(pointer)
        if isinstance(value, str) and value.strip():
            return Prose(value, pointer)
        return self._absent(pointer, required, paragraph=True)

    def num(self, pointer: str) -> float | None:
        """A number, or None."""
        value = self.get(pointer)
        return value if is_number(value) else None

    def items(self, pointer: str) -> list[tuple[str, dict[str, Any]]]:
        """(pointer, mapping) for each mapping in the list at `pointer`."""
        value = self.get(pointer)
        if not isinstance(value, list):
            return []
        return [(f"{pointer}/{i}", item) for i, item in enumerate(value) if isinstance(item, dict)]

    def strings(self, pointer: str) -> list[PlanText]:
        """Each non-empty string in the list at `pointer`."""
        value = self.get(pointer)
        if not isinstance(value, list):
            return []
        return [
            PlanText(v, f"{pointer}/{i}") for i, v in enumerate(value) if isinstance(v, str) and v
        ]

    def money_at(self, pointer: str, *, required: bool = False) -> str | Value:
        """A money amount formatted, or a placeholder."""
        value = self.num(pointer)
        if value is None:
            return self._absent(pointer, required, paragraph=False)
        return money(value)


def plain(value: Any, default: str = "") -> str:
    """A value as text for a sentence planforge writes (placeholders as their label)."""
    if value is None:
        return default
    return str(value)


def fact(label: str, value: Any) -> dict[str, Any]:
    """One row of a label | value facts table."""
    return {"label": label, "value": value}
