"""Apply form edits to a plan's text: the data intended, then the fewest lines changed.

Each :class:`Op` is applied twice: to the loaded data (what the file must say afterwards) and
to the text (:mod:`planforge.web.yamltext`, or a ruamel.yaml round trip when surgery cannot
make the edit). The new text is accepted only if planforge's own loader reads it back as
exactly the intended data with no new YAML problem; otherwise the edit is refused with
:class:`EditError` and the file is left alone.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from planforge.errors import Severity
from planforge.inputs.loader import LoadedDocument, load_text, parent_pointer
from planforge.web import yamltext
from planforge.web.yamltext import TextDoc, Unsupported

OpKind = Literal["set", "delete", "append", "remove", "move", "keep"]
KeyOrder = Callable[[str], list[str]]


class EditError(Exception):
    """An edit could not be written without changing something else; nothing was saved."""


@dataclass(frozen=True)
class Op:
    """One change: set or delete a value, or add, remove or move a list item.

    ``move`` swaps item ``index`` with item ``index + 1`` (down) — or ``index - 1`` with
    ``index`` when ``value`` is ``"up"``. ``keep`` changes no data: it removes the starter's
    ``# TODO`` comments from the value's lines (the example is right).
    """

    kind: OpKind
    pointer: str
    value: Any = None
    index: int = 0


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _container(data: Any, pointer: str) -> Any:
    node = data
    for token in _tokens(pointer):
        if isinstance(node, dict):
            node = node[token]
        elif isinstance(node, list):
            node = node[int(token)]
        else:
            raise EditError(f"{pointer}: there is no such place in the file")
    return node


def exists(data: Any, pointer: str) -> bool:
    """Whether the file has a value (even an empty one) at `pointer`."""
    try:
        _container(data, pointer)
    except (KeyError, IndexError, ValueError, EditError, TypeError):
        return False
    return True


def swap_index(op: Op) -> int:
    """The first of the two items a move swaps."""
    return op.index - 1 if op.value == "up" else op.index


def _path_copy(data: Any, pointer: str) -> Any:
    """A copy of `data` in which the containers on the way to `pointer` are new (the rest is
    shared: loaded data is never changed in place)."""
    out = copy.copy(data)
    node = out
    for token in _tokens(pointer):
        if isinstance(node, dict) and isinstance(node.get(token), (dict, list)):
            node[token] = copy.copy(node[token])
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            index = int(token)
            if not isinstance(node[index], (dict, list)):
                break
            node[index] = copy.copy(node[index])
            node = node[index]
        else:
            break
    return out


def apply_to_data(data: Any, op: Op) -> Any:
    """A copy of `data` with `op` applied (the deepest missing sections are created)."""
    if op.kind == "keep":
        return data
    out = _path_copy(data, op.pointer)
    if op.kind == "set":
        _set(out, op.pointer, op.value)
    elif op.kind == "delete":
        _delete(out, op.pointer)
    else:
        items: Any = _container(out, op.pointer) if exists(out, op.pointer) else None
        if op.kind == "append" and items is None:
            _set(out, op.pointer, [op.value])
        elif not isinstance(items, list):
            raise EditError(f"{op.pointer}: this is not a list")
        elif op.kind == "append":
            items.append(op.value)
        elif op.kind == "remove":
            del items[op.index]
        else:
            i = swap_index(op)
            if not (0 <= i < len(items) - 1):
                raise EditError("that item cannot move further")
            items[i], items[i + 1] = items[i + 1], items[i]
    return out


def _set(data: Any, pointer: str, value: Any) -> None:
    tokens = _tokens(pointer)
    node = data
    for token in tokens[:-1]:
        node = node[int(token)] if isinstance(node, list) else node.setdefault(token, {})
    if isinstance(node, list):
        node[int(tokens[-1])] = value
    else:
        node[tokens[-1]] = value


def _delete(data: Any, pointer: str) -> None:
    tokens = _tokens(pointer)
    parent = _container(data, parent_pointer(pointer))
    del parent[tokens[-1]]
    up = parent_pointer(pointer)
    if isinstance(parent, dict) and not parent and up and not _is_list_item(data, up):
        _delete(data, up)


def _is_list_item(data: Any, pointer: str) -> bool:
    return isinstance(_container(data, parent_pointer(pointer)), list)


# -- text ---------------------------------------------------------------------------------------


def apply_to_text(text: str, data: Any, op: Op, order: KeyOrder, doc: TextDoc | None = None) -> str:
    """The text after `op` by surgery (raises Unsupported when surgery cannot do it)."""
    doc = doc if doc is not None and doc.text == text else TextDoc(text)
    after = apply_to_data(data, op)
    if op.kind == "set":
        return _text_set(doc, data, op.pointer, op.value, order)
    if op.kind == "delete":
        return _text_delete(doc, data, op.pointer)
    if op.kind == "keep":
        if op.pointer not in doc.nodes:
            raise EditError(f"{op.pointer}: there is no such value in the file")
        return yamltext.keep_examples(doc, op.pointer)
    result = _container(after, op.pointer)
    if op.pointer not in doc.nodes:
        return _text_set(doc, data, op.pointer, result, order)
    if op.kind == "append":
        return yamltext.append_item(doc, op.pointer, op.value, result)
    if op.kind == "remove":
        return yamltext.delete_item(doc, op.pointer, op.index, result)
    return yamltext.swap_items(doc, op.pointer, swap_index(op), result)


def _text_set(doc: TextDoc, data: Any, pointer: str, value: Any, order: KeyOrder) -> str:
    if pointer in doc.nodes:
        return yamltext.set_value(doc, pointer, value)
    parent = parent_pointer(pointer)
    key = _tokens(pointer)[-1]
    if parent not in doc.nodes:
        return _text_set(doc, data, parent, {key: value}, order)
    present = _container(data, parent)
    if not isinstance(present, dict):
        raise Unsupported("setting an item that does not exist")
    keys = order(parent)
    before = keys[: keys.index(key)] if key in keys else list(present)
    after = next((k for k in reversed(before) if k in present), None)
    return yamltext.insert_key(doc, parent, key, value, after)


def _text_delete(doc: TextDoc, data: Any, pointer: str) -> str:
    parent = parent_pointer(pointer)
    siblings = _container(data, parent)
    if isinstance(siblings, dict) and len(siblings) == 1 and parent:
        if _is_list_item(data, parent):
            return yamltext.set_value(doc, parent, {})
        return _text_delete(doc, data, parent)
    return yamltext.delete_key(doc, pointer)


# -- checked application ------------------------------------------------------------------------


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types (True is not 1, 1 is not 1.0; key order aside)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def yaml_errors(doc: LoadedDocument) -> int:
    """How many YAML errors the loader reported."""
    return sum(1 for f in doc.findings if f.severity is Severity.ERROR)


@dataclass
class Applied:
    """The result of :func:`apply`: the new text, its data, the loader's reading of it, and
    the positions of its values when they could be carried over (else None)."""

    text: str
    data: Any
    doc: LoadedDocument | None
    index: TextDoc | None = None


def apply(
    text: str,
    data: Any,
    ops: Sequence[Op],
    order: KeyOrder,
    *,
    base_errors: int | None = None,
    name: str = "edit",
    index: TextDoc | None = None,
) -> Applied:
    """Apply ops in order. EditError if they cannot be written safely (nothing changes then).

    `base_errors` is the number of YAML errors the text has now (loaded when not given); an
    edit may not add any.
    """
    if base_errors is None:
        base_errors = yaml_errors(load_text(text, name))
    doc: LoadedDocument | None = None
    for op in ops:
        try:
            expected = apply_to_data(data, op)
        except (KeyError, IndexError, ValueError, TypeError) as e:
            raise EditError(f"{op.pointer}: there is no such place in the file") from e
        text, doc, index = _checked(text, data, op, expected, order, base_errors, name, index)
        data = expected
    return Applied(text, data, doc, index)


def _quick(text: str, op: Op, index: TextDoc | None) -> tuple[str, TextDoc] | None:
    """A scalar rewritten in place, with the positions carried over (no new parse)."""
    if (
        op.kind != "set"
        or index is None
        or index.text != text
        or isinstance(op.value, (dict, list))
    ):
        return None
    node = index.nodes.get(op.pointer)
    if node is None or node.kind != "scalar":
        return None
    edit = yamltext.set_scalar(index, node, op.value)
    return edit.text, index.after(edit, op.pointer)


def _checked(
    text: str,
    data: Any,
    op: Op,
    expected: Any,
    order: KeyOrder,
    base_errors: int,
    name: str,
    index: TextDoc | None,
) -> tuple[str, LoadedDocument, TextDoc | None]:
    def quick() -> tuple[str, TextDoc | None]:
        found = _quick(text, op, index)
        if found is None:
            raise Unsupported("not a scalar edit")
        return found

    candidates: list[Callable[[], tuple[str, TextDoc | None]]] = [
        quick,
        lambda: (apply_to_text(text, data, op, order), None),
        lambda: (_roundtrip(text, expected, order), None),
    ]
    for make in candidates:
        try:
            new, new_index = make()
        except (Unsupported, EditError):
            continue
        loaded = load_text(new, name)
        if yaml_errors(loaded) <= base_errors and same(loaded.data, expected):
            return new, loaded, new_index
    raise EditError(
        "planforge could not write this change without disturbing the rest of the file; "
        "nothing was saved. Your typing is kept in this page."
    )


def _roundtrip(text: str, expected: Any, order: KeyOrder) -> str:
    from planforge.web.roundtrip import rewrite

    return rewrite(text, expected, order)
