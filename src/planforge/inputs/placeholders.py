"""The starter's placeholders (`planforge init`), found without changing what was typed.

The starter writes two kinds of placeholder:

* text that says what to write and starts with ``TODO`` (``district: "TODO: your
  district"``): the review finds it in the data, where it stays;
* realistic example numbers, dates, times and codes followed by a ``# TODO`` comment
  (``proposed: 2700000  # TODO``). Comments are not data, so the loader records the lines
  whose comment names TODO (:func:`todo_comment_lines`, nothing to do in a file without the
  word), and :func:`starter_examples` maps them to the values on those lines through the
  source map.

A marked value is still a placeholder only while it equals one of the starter's own
examples for that field (any list item: a team that adds a budget line above the examples
moves them down). A value the team changed, or whose ``# TODO`` comment it deleted, is its
own. A ``#`` inside quotes may look like a comment here; that can only mark a value that
also still equals a starter example, so no typed value is ever called a placeholder wrongly.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planforge.inputs.loader import LoadedDocument

TODO = "TODO"
TODO_WORD = re.compile(r"(?<![A-Za-z0-9])TODO(?![A-Za-z0-9])")
"""The starter's marker as a word (``TODO:``, ``TODO-school``; not ``TODOS`` or ``todo``)."""
_COMMENT = re.compile(r"(?:^|[ \t])#[^\n]*?(?<![A-Za-z0-9])TODO(?![A-Za-z0-9])", re.MULTILINE)
_MISSING = object()


def todo_comment_lines(text: str) -> frozenset[int]:
    """The 1-based lines whose comment contains the word TODO (empty without TODO)."""
    if TODO not in text:
        return frozenset()
    lines: set[int] = set()
    line, last = 1, 0
    for match in _COMMENT.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        lines.add(line)
    return frozenset(lines)


def resolve(data: Any, pointer: str) -> Any:
    """The value at a JSON Pointer, or :data:`None` when there is none."""
    value = _resolve(data, pointer)
    return None if value is _MISSING else value


def _resolve(data: Any, pointer: str) -> Any:
    for raw in pointer.split("/")[1:] if pointer else ():
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(data, dict) and token in data:
            data = data[token]
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return _MISSING
    return data


def field_pattern(pointer: str) -> str:
    """A pointer with its list indexes as `*`: `/levers/budget/revenues/*/proposed`."""
    return "/".join("*" if token.isdigit() else token for token in pointer.split("/"))


def marked_values(doc: LoadedDocument) -> dict[str, Any]:
    """Single values (not lists or mappings) on a line with a TODO comment, by pointer."""
    lines = doc.todo_lines
    if not lines or not doc.usable:
        return {}
    out: dict[str, Any] = {}
    for pointer, (line, _column) in doc.source_map.values.items():
        if line in lines:
            value = _resolve(doc.data, pointer)
            if value is not _MISSING and not isinstance(value, (dict, list)):
                out[pointer] = value
    return out


def starter_examples(doc: LoadedDocument, kind: str | None) -> dict[str, Any]:
    """Values still holding the starter's example with its `# TODO` comment, by pointer.

    A kind with several starters (a Colorado zone and a Massachusetts empowerment zone) knows
    the examples of each."""
    marked = marked_values(doc)
    if not marked or not kind:
        return {}
    from planforge.authoring.starter import labels_for_kind

    examples = [_examples(label) for label in labels_for_kind(kind)]
    return {
        pointer: value
        for pointer, value in marked.items()
        if any(same_value(value, e) for ex in examples for e in ex.get(field_pattern(pointer), ()))
    }


def same_value(a: Any, b: Any) -> bool:
    """Equal as typed values: 1 and 1.0 are, `true` and 1 are not."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, str) != isinstance(b, str):
        return False
    return bool(a == b)


@cache
def _examples(label: str) -> dict[str, tuple[Any, ...]]:
    """The starter's marked examples by field pattern, optional commented-out fields included."""
    from planforge.authoring.starter import starter_text
    from planforge.inputs.loader import load_text

    doc = load_text(starter_text(label, all_fields=True), f"starter {label}.yaml")
    out: dict[str, list[Any]] = {}
    for pointer, value in marked_values(doc).items():
        out.setdefault(field_pattern(pointer), []).append(value)
    return {pattern: tuple(values) for pattern, values in out.items()}
