"""Text for spreadsheet cells: formula neutralisation, sort keys, one-line summaries.

A spreadsheet evaluates a cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (and some
treat a leading tab or carriage return the same way), so a school named
``=HYPERLINK("http://x","click")`` would become a live link in the district's posting. OWASP's
advice for CSV injection is to prefix such a cell with a single quote (``'``); the CSV does
exactly that (:func:`neutralise`). In the workbook every text cell is written as a string and
these cells also get Excel's *quote prefix* (the apostrophe a person types before ``=``),
which keeps them text when someone edits them while showing the value exactly as typed.
"""

from __future__ import annotations

import re
from datetime import date

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet treat text as a formula (OWASP's list)."""


def formula_like(text: str) -> bool:
    """True when a spreadsheet would evaluate `text` typed into a cell."""
    return text.startswith(FORMULA_START)


def neutralise(text: str) -> str:
    """OWASP's CSV defence: `'` before text a spreadsheet would evaluate, else unchanged."""
    return "'" + text if formula_like(text) else text


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key that orders `22-9-106` before `22-32-109` and `Article 5` before `Article 14`."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in _DIGITS.split(text)
        if part
    )


def squash(text: str) -> str:
    """Text compared for sameness: whitespace collapsed, case folded."""
    return " ".join(text.split()).casefold()


def money(value: float | None) -> str:
    """`$4,509,000`, `-$1,200` (whole dollars: figures planforge computed), or `—`."""
    if value is None:
        return "—"
    return f"{'-' if value < 0 else ''}${abs(value):,.0f}"


def percent(value: float | None) -> str:
    """`81.6%` or `—`."""
    return "—" if value is None else f"{value:.1%}"


def hours(value: float | None) -> str:
    """`+26.0`, `-102.0` (an hour margin) or `—`."""
    return "—" if value is None else f"{value:+,.1f}"


def iso(day: date | None) -> str:
    """`2026-07-01` or `—`."""
    return day.isoformat() if day else "—"


def long_date(day: date) -> str:
    """`November 30, 2026`."""
    return f"{day:%B} {day.day}, {day.year}"


_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")


def reflow(text: str) -> str:
    """Prose as a reader sees it rendered: the line breaks inside a paragraph of a YAML block
    (`|`) become spaces; blank lines between paragraphs and list items stay on their own
    lines. The words are the ones typed."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines_: list[str] = []
        for line in paragraph.splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            if lines_ and not _LIST_ITEM.match(line):
                lines_[-1] += " " + stripped
            else:
                lines_.append(stripped)
        out.append("\n".join(lines_))
    return "\n\n".join(out)
