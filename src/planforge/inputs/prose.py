"""Warnings for text that could be misread: a hand-wrapped line that begins like a list item.

A line of a long text that starts with ``2029. `` or ``- `` right after a line of text is
printed as part of the sentence above, not as a numbered item or bullet (the rule is
:mod:`planforge.domain.prose`, the one the documents use). When the writer may have meant a
list, planforge keeps the text as typed and warns here, at the line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from planforge.domain.pointers import readable
from planforge.domain.prose import wrapped_markers
from planforge.errors import Finding, warning
from planforge.inputs.loader import LoadedDocument, join_pointer


def _strings(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield pointer, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, join_pointer(pointer, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, join_pointer(pointer, index))


def wrapped_marker_findings(doc: LoadedDocument) -> list[Finding]:
    """A warning for every line of a text value that begins like a list item but is text."""
    out: list[Finding] = []
    for pointer, text in _strings(doc.data):
        for line in wrapped_markers(text):
            marker = line.marker.strip()
            what = "a bullet" if marker in ("-", "*") else "a numbered item"
            start = doc.source_map.blocks.get(pointer)
            if start is not None:
                position = (start[0] + line.index, start[1])
            else:
                position = doc.source_map.locate(pointer)
            msg = (
                f"In `{readable(pointer)}`, line {line.index + 1} of the text starts with "
                f"`{marker}` right after a line of text, so it is printed as part of that "
                f"sentence, not as {what}. To start a list, leave a blank line before it (or "
                f"end the line above with a colon); to keep the sentence, wrap the line "
                f"elsewhere so it does not start with `{marker}`."
            )
            out.append(
                warning(
                    "text.wrapped-list-marker",
                    msg,
                    pointer,
                    line=position[0],
                    column=position[1],
                    path=doc.path,
                )
            )
    return out
