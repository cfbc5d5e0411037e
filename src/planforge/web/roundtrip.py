"""The fallback writer: a ruamel.yaml round trip that keeps comments, order and quoting.

Used only when :mod:`planforge.web.yamltext` cannot make an edit as text surgery (a
non-empty flow mapping, say). The settings are the ones that reproduce every example and the
``planforge init`` starter byte for byte (mapping indent 2, sequence indent 4 with offset 2,
quotes preserved, no line wrapping). The intended data is merged into the loaded tree so
untouched values keep their nodes (and their comments and style).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from planforge.web.yamltext import Unsupported

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def yaml() -> Any:
    """A ruamel.yaml round-trip instance with the settings that reproduce planforge files."""
    from ruamel.yaml import YAML

    y = YAML()
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096
    return y


def rewrite(text: str, expected: Any, order: Callable[[str], list[str]]) -> str:
    """`text` changed so that it says `expected`, through a round trip."""
    from ruamel.yaml.error import YAMLError

    y = yaml()
    try:
        tree = y.load(text)
    except YAMLError as e:
        raise Unsupported(f"the file does not load: {e}") from e
    tree = _sync(tree, expected, "", order)
    out = io.StringIO()
    y.dump(tree, out)
    return out.getvalue()


def _plain(value: Any) -> Any:
    """Plain data as ruamel nodes: multi-line text as literal blocks."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _plain(v)
        return out
    if isinstance(value, list):
        return CommentedSeq([_plain(v) for v in value])
    if isinstance(value, str) and "\n" in value.rstrip("\n"):
        return LiteralScalarString(value)
    return value


def _same_scalar(node: Any, value: Any) -> bool:
    import datetime

    if isinstance(node, datetime.date):
        return isinstance(value, str) and node.isoformat() == value
    if isinstance(node, bool) or isinstance(value, bool):
        return node is value
    if isinstance(node, (dict, list)):
        return False
    return type(node) is type(value) or (isinstance(node, str) and isinstance(value, str))


def _sync(node: Any, value: Any, pointer: str, order: Callable[[str], list[str]]) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict) and isinstance(node, CommentedMap):
        for key in [k for k in node if k not in value]:
            del node[key]
        keys = order(pointer)
        for key, sub in value.items():
            if key in node:
                node[key] = _sync(node[key], sub, f"{pointer}/{key}", order)
                continue
            position = _position(node, key, keys)
            node.insert(position, key, _plain(sub))
        return node
    if isinstance(value, list) and isinstance(node, CommentedSeq):
        if len(node) == len(value):
            for i, sub in enumerate(value):
                node[i] = _sync(node[i], sub, f"{pointer}/{i}", order)
            return node
        return _plain(value)
    if _same_scalar(node, value) and str(node) == str(value):
        return node
    if isinstance(value, str) and _DATE.fullmatch(value):
        import datetime

        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return _plain(value)


def _position(node: Any, key: str, keys: list[str]) -> int:
    """Where a new key goes: after the last present key that the schema puts before it."""
    if key not in keys:
        return len(node)
    before = keys[: keys.index(key)]
    present = list(node)
    position = 0
    for index, existing in enumerate(present):
        if existing in before:
            position = index + 1
    return position
