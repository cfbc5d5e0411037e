"""JSON Pointers as a school team reads them: `levers.schedule.bell_schedules[1]`."""

from __future__ import annotations

from typing import Any

TOP_LEVEL = "the top level"


def readable(pointer: str) -> str:
    """`/levers/schedule/bell_schedules/0/blocks/2` -> `levers.schedule.bell_schedules[1].blocks[3]`.

    List items are counted from 1, as a reader counts them ("the 4th waiver" is `waivers[4]`).
    The empty pointer (the whole document) is "the top level".
    """
    if not pointer:
        return TOP_LEVEL
    out = ""
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        out += f"[{int(token) + 1}]" if token.isdigit() else (f".{token}" if out else token)
    return out


def value_at(data: Any, pointer: str) -> Any:
    """The value at a JSON Pointer in plain data, or None when there is none."""
    node = data
    for token in pointer.split("/")[1:] if pointer else []:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node
