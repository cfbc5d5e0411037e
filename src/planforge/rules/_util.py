"""Small helpers shared by the rule modules: text checks, number formatting, data access."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from planforge.domain.catalog import normalize
from planforge.domain.fieldlabels import field_label
from planforge.domain.fieldlabels import goal_label as goal_label  # re-exported for the rules
from planforge.domain.fieldlabels import vote_label as vote_label
from planforge.domain.fieldlabels import waiver_label as waiver_label
from planforge.domain.labels import LEVER_KEYS
from planforge.domain.numbers import exact_sum as exact_sum  # re-exported for the rules
from planforge.domain.numbers import money as money  # re-exported for the rule modules
from planforge.domain.numbers import percent as percent
from planforge.domain.numbers import rounded
from planforge.domain.text import and_list as and_list  # re-exported for the rules

LEVERS = LEVER_KEYS
number = rounded  # 1,046.5 or 1,080: one decimal at most (figures in rule messages)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*")


def words(text: str) -> int:
    """Number of words in a text."""
    return len(_WORD.findall(text))


def placeholder(text: str, placeholders: list[str]) -> str | None:
    """The first placeholder word or phrase found in a text (TBD, TODO, lorem...)."""
    low = text.lower()
    for word in placeholders:
        w = str(word).lower()
        pattern = rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])" if w[:1].isalnum() else re.escape(w)
        if re.search(pattern, low):
            return str(word)
    return None


def thin(value: Any, min_words: int, placeholders: list[str]) -> str | None:
    """Why a text is not substantive (blank, a placeholder, too short), or None if it is."""
    if not isinstance(value, str) or not value.strip():
        return "is missing"
    found = placeholder(value, placeholders)
    if found:
        return f"is a placeholder ({found!r})"
    n = words(value)
    if n < min_words:
        return f"has only {n} word{'s' if n != 1 else ''} (at least {min_words} expected)"
    return None


def where(data: Any, pointer: str) -> str:
    """A field as a reader names it, never a YAML path: `Waiver 4 (C.R.S. …) — replacement
    policy` (:func:`planforge.domain.fieldlabels.field_label`). Every rule that names a field
    in its message uses this (or :func:`waiver_label` / :func:`goal_label` / :func:`vote_label`
    for a whole list item), so the review memo a board reads shows no YAML."""
    return field_label(data, pointer)


def get(data: Any, *path: str | int) -> Any:
    """A nested value or None."""
    for token in path:
        if isinstance(data, dict) and isinstance(token, str):
            data = data.get(token)
        elif isinstance(data, list) and isinstance(token, int) and 0 <= token < len(data):
            data = data[token]
        else:
            return None
    return data


def items(data: Any, *path: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, item) for every mapping in the list at a path."""
    seq = get(data, *path)
    if isinstance(seq, list):
        for index, item in enumerate(seq):
            if isinstance(item, dict):
                yield index, item


def active_waivers(data: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """Waivers still requested (not `status: dropped`)."""
    for index, waiver in items(data, "waivers"):
        if waiver.get("status") != "dropped":
            yield index, waiver


def waiver_citation(waiver: dict[str, Any]) -> str:
    """The normalised citation of a waiver."""
    return normalize(str(waiver.get("citation", "")), str(waiver.get("kind", "")))


def has_waiver(data: Any, prefix: str) -> bool:
    """True when an active state-statute waiver's citation starts with `prefix`."""
    return any(
        waiver_citation(w).startswith(prefix)
        for _, w in active_waivers(data)
        if w.get("kind") == "state_statute"
    )


def plural(n: int | float, word: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{number(n)} {word}{'' if n == 1 else 's'}"


def school_year(date: Any) -> int | None:
    """The first calendar year of the school year (July 1 to June 30) holding a YYYY-MM-DD date."""
    if not isinstance(date, str) or len(date) != 10:
        return None
    try:
        year, month = int(date[:4]), int(date[5:7])
    except ValueError:
        return None
    return year if month >= 7 else year - 1


def year_label(first: int) -> str:
    """2026 -> `2026-27`."""
    return f"{first}-{(first + 1) % 100:02d}"


APPROVALS = ("approved", "renewed")
"""`history[].action` values that start a plan's term of approval."""


def prior_approval(data: Any) -> str | None:
    """The date the current (expiring or revised) plan was approved, as typed.

    `prior_plan_approved` when given; else the latest `approved` or `renewed` entry of
    `history` dated before this plan was submitted (before its term, without a submission
    date), so a plan's own approval, recorded later, is never taken for its predecessor's.
    """
    stated = get(data, "prior_plan_approved")
    if isinstance(stated, str) and stated.strip():
        return stated
    before = get(data, "submitted") or get(data, "term", "start")
    dates = [
        str(h.get("date"))
        for _, h in items(data, "history")
        if h.get("action") in APPROVALS and isinstance(h.get("date"), str)
    ]
    if isinstance(before, str):
        dates = [d for d in dates if d < before]
    return max(dates) if dates else None
