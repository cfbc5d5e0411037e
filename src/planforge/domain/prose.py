"""Where lists start in long text fields: one rule for the renderer and the validator.

Long fields ("prose") may use a small markdown subset (:mod:`planforge.documents.markdown`):
a line starting with ``- `` or ``* `` is a bullet, one starting with ``1. `` a numbered item.
But people wrap sentences by hand, and a wrapped line can begin with a year or a dash::

    The school will reach full enrollment by fall
    2029. Until then it shares the building.

That must stay one sentence. So a line that starts with a list marker starts a list item
only when the writer clearly meant a list:

* it is the first line, or follows a blank line;
* it follows a list item (or a line continuing one);
* the line before it ends with a colon (``Our goals:``).

Otherwise it is text, continuing the sentence above, and :func:`wrapped_markers` lists it
so validation can warn: when in doubt, planforge keeps the text as typed and says so.
Pure: text in, lines out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BULLET = re.compile(r"^ {0,3}[-*][ \t]+(?=\S)")
NUMBER = re.compile(r"^ {0,3}(\d{1,9})\.[ \t]+(?=\S)")


@dataclass(frozen=True)
class Line:
    """One line of a text field and what it is."""

    index: int
    """0-based line number within the text."""
    text: str
    kind: str
    """``blank``, ``bullet``, ``number`` (a list item starts) or ``text``."""
    marker: str = ""
    """For an item, the marker typed (``- ``, ``2. ``); for a text line that begins like
    one (a *wrapped marker*), the marker it was not taken as."""

    @property
    def wrapped(self) -> bool:
        """A text line that begins like a list item but continues the sentence above."""
        return self.kind == "text" and bool(self.marker)


def _marker(line: str) -> tuple[str, str]:
    if m := BULLET.match(line):
        return "bullet", m.group()
    if m := NUMBER.match(line):
        return "number", m.group()
    return "", ""


def lines(text: str) -> list[Line]:
    """Every line of `text` with its kind, by the rules in this module's docstring."""
    out: list[Line] = []
    state = "start"  # start | para | list
    previous = ""
    for index, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if not line.strip():
            out.append(Line(index, line, "blank"))
            state, previous = "start", ""
            continue
        kind, marker = _marker(line)
        if kind and (state != "para" or previous.rstrip().endswith(":")):
            out.append(Line(index, line, kind, marker))
            state = "list"
        else:
            out.append(Line(index, line, "text", marker))
            state = "list" if state == "list" else "para"
        previous = line
    return out


def wrapped_markers(text: str) -> list[Line]:
    """The lines of `text` that begin like a list item but are printed as text."""
    if "\n" not in text and "\r" not in text:
        return []
    return [line for line in lines(text) if line.wrapped]
