"""Building blocks of `planforge diff`: matching lists and describing changes in plain words.

Every function accepts whatever the loader produced (possibly schema-invalid drafts) and
never raises on an unexpected type: a value of the wrong kind is treated as missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from planforge.domain.numbers import money as exact_money
from planforge.domain.numbers import number as number

SHORT = 80


@dataclass
class Change:
    """One change, phrased for a teacher reading the list."""

    section: str
    action: str  # added | removed | changed | moved
    kind: str  # innovation, waiver, position, fact, ...
    subject: str
    old: Any = None
    new: Any = None
    detail: str = ""
    pointer: str = ""

    def sentence(self) -> str:
        """`New innovation: "Extended day"`, `Enrollment: 412 → 438 (+26)`, ..."""
        tail = f" ({self.detail})" if self.detail and self.action != "changed" else ""
        if self.action == "added":
            return f"New {self.kind}: {self.subject}{tail}"
        if self.action == "removed":
            return f"Removed {self.kind}: {self.subject}{tail}"
        if self.action == "moved":
            return f"{self.kind.capitalize()} {self.subject}: {self.detail}"
        return (
            f"{self.subject}: {self.detail}"
            if self.kind == "fact"
            else (f"Changed {self.kind} {self.subject}: {self.detail}")
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON shape."""
        return {
            "section": self.section,
            "action": self.action,
            "kind": self.kind,
            "subject": self.subject,
            "old": self.old,
            "new": self.new,
            "detail": self.detail,
            "pointer": self.pointer,
            "text": self.sentence(),
        }


@dataclass
class MoneyLine:
    """A budget line's proposed amount in each version (None: not in that version)."""

    name: str
    old: float | None
    new: float | None

    @property
    def delta(self) -> float:
        """NEW minus OLD (a missing side counts as 0)."""
        return (self.new or 0) - (self.old or 0)


@dataclass
class PositionLine:
    """A staffing position's FTE and cost in each version."""

    title: str
    old_fte: float | None
    new_fte: float | None
    old_cost: float | None
    new_cost: float | None


# -- defensive access ------------------------------------------------------------------------


def as_dict(value: Any) -> dict[str, Any]:
    """The value if it is a mapping, else {}."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """The value if it is a list, else []."""
    return value if isinstance(value, list) else []


def as_text(value: Any) -> str:
    """Text of a scalar ('' for missing or a collection)."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_number(value: Any) -> float | None:
    """A number, or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def key_of(value: Any) -> str:
    """Matching key: case, spacing and surrounding quotes/punctuation ignored."""
    return " ".join(as_text(value).casefold().split()).strip(" .,;:\"'")


def at(doc: Any, pointer: str) -> Any:
    """Value at a simple JSON Pointer (None when absent)."""
    node = doc
    for token in pointer.split("/")[1:]:
        node = node.get(token) if isinstance(node, dict) else None
    return node


# -- formatting ------------------------------------------------------------------------------


def money(value: float | None) -> str:
    """$1,250,000, $1,234.50 (or an em dash for a missing amount); never rounds what was typed."""
    return "—" if value is None else exact_money(value)


def signed(value: float, *, dollars: bool = False) -> str:
    """+$25,000 / -1.5 / 0."""
    sign = "+" if value > 0 else "-" if value < 0 else "±"
    return f"{sign}{'$' if dollars else ''}{number(abs(value))}"


def describe(old: Any, new: Any) -> str:
    """`412 → 438 (+26)`, `K-5 → K-8`, `added: ...`, `rewritten`."""
    a, b = as_number(old), as_number(new)
    if a is not None and b is not None:
        return f"{number(a)} → {number(b)} ({signed(b - a)})"
    if old is None or old == "":
        return f"added: {_short(new)}"
    if new is None or new == "":
        return f"removed (was {_short(old)})"
    if _is_short(old) and _is_short(new):
        return f"{as_text(old)} → {as_text(new)}"
    return "rewritten"


def _is_short(value: Any) -> bool:
    text = as_text(value)
    return len(text) <= SHORT and "\n" not in text.strip()


def _short(value: Any) -> str:
    text = " ".join(as_text(value).split())
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def same(a: Any, b: Any) -> bool:
    """Equal, ignoring differences in spacing and line breaks of text."""
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.split()) == " ".join(b.split())
    return bool(a == b)


# -- generic comparisons ---------------------------------------------------------------------


def compare_scalars(
    section: str, a: Any, b: Any, facts: Iterable[tuple[str, str]], base: str = ""
) -> list[Change]:
    """Changes in single values named by (pointer, label)."""
    out: list[Change] = []
    for pointer, label in facts:
        old, new = at(a, pointer), at(b, pointer)
        if isinstance(old, (dict, list)) or isinstance(new, (dict, list)) or same(old, new):
            continue
        action = "changed"
        out.append(
            Change(section, action, "fact", label, old, new, describe(old, new), base + pointer)
        )
    return out


def index_by(items: Sequence[Any], key_field: str) -> dict[str, tuple[int, dict[str, Any]]]:
    """Items keyed by the matching key of one field (first occurrence wins)."""
    out: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, item in enumerate(items):
        d = as_dict(item)
        k = key_of(d.get(key_field))
        if k and k not in out:
            out[k] = (i, d)
    return out


def compare_named(
    section: str,
    kind: str,
    old: Any,
    new: Any,
    key_field: str,
    base: str,
    fields: Sequence[str],
) -> list[Change]:
    """Added, removed and changed items of two lists matched by one field."""
    ia, ib = index_by(as_list(old), key_field), index_by(as_list(new), key_field)
    out: list[Change] = []
    for k, (j, item) in ib.items():
        subject = f'"{as_text(item.get(key_field))}"'
        pointer = f"{base}/{j}"
        if k not in ia:
            out.append(Change(section, "added", kind, subject, None, item, "", pointer))
            continue
        prev = ia[k][1]
        diffs = [f for f in fields if not same(prev.get(f), item.get(f))]
        if diffs:
            detail = "; ".join(
                f"{f.replace('_', ' ')} {describe(prev.get(f), item.get(f))}" for f in diffs
            )
            out.append(Change(section, "changed", kind, subject, prev, item, detail, pointer))
    for k, (i, item) in ia.items():
        if k not in ib:
            subject = f'"{as_text(item.get(key_field))}"'
            out.append(Change(section, "removed", kind, subject, item, None, "", f"{base}/{i}"))
    return out


def compare_lists(section: str, kind: str, old: Any, new: Any, pointer: str) -> list[Change]:
    """Added and removed entries of two lists of plain values."""
    a = {key_of(x): as_text(x) for x in as_list(old)}
    b = {key_of(x): as_text(x) for x in as_list(new)}
    out = [
        Change(section, "added", kind, text, None, text, "", pointer)
        for k, text in b.items()
        if k not in a
    ]
    out += [
        Change(section, "removed", kind, text, text, None, "", pointer)
        for k, text in a.items()
        if k not in b
    ]
    return out
