"""Edit a YAML file as text, touching only the lines of the values that change.

The web workspace saves every few keystrokes. Re-emitting the whole file (even with
ruamel.yaml's round-trip dumper, which keeps comments) costs tens of milliseconds on a large
plan and can re-flow lines nobody touched, so edits are made here as *surgery on the text*:
ruamel.yaml's parser gives the start and end of every key and value, and an edit replaces
exactly the characters of one value, inserts the lines of one new key or list item, or
removes / swaps the lines of one list item. Everything else in the file (comments, blank
lines, key order, quoting, indentation) stays byte for byte as it was.

What this module does not handle (a non-empty flow mapping, a complex key, a file that does
not parse) raises :class:`Unsupported`; the caller then falls back to a ruamel.yaml
round trip (:mod:`planforge.web.roundtrip`). Every result is checked by the caller: the new
text must load (with planforge's own loader) to exactly the data intended.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

from planforge.inputs.loader import join_pointer, parent_pointer

TODO_COMMENT = re.compile(r"[ \t]+#[^\n#]*?(?<![A-Za-z0-9])TODO(?![A-Za-z0-9])[^\n]*$")
_PRINTABLE = re.compile(
    "^[\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*$"
)
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")
_NEWLINE = re.compile("\n")
FLOW_MAX = 90


class Unsupported(Exception):
    """This edit cannot be made as text surgery (the caller falls back to a round trip)."""


@dataclass
class Node:
    """One value in the file: where it is and how it is written."""

    pointer: str
    kind: str  # "scalar", "map" or "seq"
    start: int
    end: int = -1
    flow: bool = False
    style: str | None = None
    key_start: int | None = None
    key_end: int | None = None
    dash: int | None = None
    in_flow: bool = False
    children: list[str] = field(default_factory=list)


class TextDoc:
    """A YAML text with the position of every value, by JSON Pointer."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.nodes: dict[str, Node] = {}
        self._lines = _line_starts(text)
        self._index()

    # -- indexing ---------------------------------------------------------------------------

    def _offset(self, mark: Any) -> int:
        line = int(mark.line)
        if line >= len(self._lines):
            return len(self.text)
        return min(self._lines[line] + int(mark.column), len(self.text))

    def _index(self) -> None:
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        from planforge.inputs.loader import use_c_parser

        stack: list[tuple[Node, str | None, int | None, int | None]] = []
        documents = 0
        try:
            for event in YAML(typ="safe", pure=not use_c_parser()).parse(self.text):
                name = type(event).__name__
                if name == "DocumentStartEvent":
                    documents += 1
                    if documents > 1:
                        raise Unsupported("more than one document")
                elif name in ("MappingStartEvent", "SequenceStartEvent", "ScalarEvent"):
                    if getattr(event, "anchor", None) or name == "AliasEvent":
                        raise Unsupported("anchors")
                    stack = self._open(event, name, stack)
                elif name in ("MappingEndEvent", "SequenceEndEvent"):
                    node = stack.pop()[0]
                    node.end = self._offset(event.end_mark) if node.flow else -1
                    self._after_value(stack)
                elif name == "AliasEvent":
                    raise Unsupported("aliases")
        except YAMLError as e:
            raise Unsupported(f"the file does not parse: {e}") from e
        if "" not in self.nodes or self.nodes[""].kind != "map":
            raise Unsupported("the top level is not a mapping")

    def _open(
        self, event: Any, name: str, stack: list[tuple[Node, str | None, int | None, int | None]]
    ) -> list[tuple[Node, str | None, int | None, int | None]]:
        start = self._offset(event.start_mark)
        if stack and stack[-1][0].kind == "map" and stack[-1][1] is None:
            if name != "ScalarEvent":
                raise Unsupported("complex keys")
            parent, _, _, _ = stack[-1]
            stack[-1] = (parent, str(event.value), start, self._offset(event.end_mark))
            return stack
        if not stack:
            pointer = ""
        elif stack[-1][0].kind == "seq":
            pointer = join_pointer(stack[-1][0].pointer, len(stack[-1][0].children))
        else:
            pointer = join_pointer(stack[-1][0].pointer, str(stack[-1][1]))
        kind = {"MappingStartEvent": "map", "SequenceStartEvent": "seq"}.get(name, "scalar")
        node = Node(pointer, kind, start)
        if stack:
            parent, _, key_start, key_end = stack[-1]
            node.in_flow = parent.flow or parent.in_flow
            parent.children.append(pointer)
            if parent.kind == "map":
                node.key_start, node.key_end = key_start, key_end
            elif not parent.flow:
                node.dash = self._dash_before(start)
        self.nodes[pointer] = node
        if kind == "scalar":
            node.style = event.style or None
            node.end = self._offset(event.end_mark)
            if node.start == node.end and not node.in_flow:
                node.start = node.end = self._empty_at(node)
            self._after_value(stack)
        else:
            node.flow = bool(event.flow_style)
            stack.append((node, None, None, None))
        return stack

    @staticmethod
    def _after_value(stack: list[tuple[Node, str | None, int | None, int | None]]) -> None:
        if stack and stack[-1][0].kind == "map":
            stack[-1] = (stack[-1][0], None, None, None)

    def _empty_at(self, node: Node) -> int:
        """Where an empty value is: just after its key's colon (or its list dash).

        libyaml and the pure-Python parser disagree about this position; this is the one
        both agree to.
        """
        if node.dash is not None:
            return node.dash + 1
        if node.key_end is not None:
            colon = self.text.find(":", node.key_end)
            if colon >= 0:
                return colon + 1
        return node.start

    def _dash_before(self, start: int) -> int:
        pos = start - 1
        while pos >= 0 and self.text[pos] in " \n":
            pos -= 1
        if pos < 0 or self.text[pos] != "-":
            raise Unsupported("a list item without its dash")
        return pos

    # -- geometry -----------------------------------------------------------------------------

    def line_start(self, offset: int) -> int:
        """Offset of the start of the line holding `offset`."""
        return self.text.rfind("\n", 0, offset) + 1

    def line_end(self, offset: int) -> int:
        """Offset just after the newline ending the line of `offset` (or the text's end)."""
        if offset > 0 and self.text[offset - 1] == "\n" and offset == self.line_start(offset):
            return offset
        found = self.text.find("\n", offset)
        return len(self.text) if found < 0 else found + 1

    def column(self, offset: int) -> int:
        """The 0-based column of an offset."""
        return offset - self.line_start(offset)

    def content_end(self, pointer: str) -> int:
        """Offset after the last line of a value (its trailing comments not included)."""
        node = self.nodes[pointer]
        if node.kind != "scalar" and not node.flow:
            if not node.children:
                return self.line_end(node.start)
            return self.content_end(node.children[-1])
        return self.line_end(node.end)

    def indent_of(self, pointer: str) -> int:
        """The column a value's own key (or list dash) is written at."""
        node = self.nodes[pointer]
        if node.key_start is not None:
            return self.column(node.key_start)
        if node.dash is not None:
            return self.column(node.dash)
        return 0 if pointer == "" else self.column(node.start)

    def after_indicator(self, pointer: str) -> int:
        """Offset just after the `key:` colon or the `-` of a list item holding a value."""
        node = self.nodes[pointer]
        if node.dash is not None:
            return node.dash + 1
        if node.key_end is None:
            raise Unsupported("a value with neither key nor dash")
        colon = self.text.find(":", node.key_end)
        if colon < 0 or colon > node.start:
            raise Unsupported("no colon after the key")
        return colon + 1

    def item_start(self, pointer: str) -> int:
        """Start of the line of a block list item's dash."""
        node = self.nodes[pointer]
        if node.dash is None:
            raise Unsupported("not a block list item")
        return self.line_start(node.dash)

    def key_line_start(self, pointer: str) -> int:
        """Start of the line a mapping value's key is on."""
        node = self.nodes[pointer]
        if node.key_start is None:
            raise Unsupported("not a mapping value")
        return self.line_start(node.key_start)

    def after(self, edit: ScalarEdit, pointer: str) -> TextDoc:
        """The index of `edit.text`, where only the scalar at `pointer` was rewritten.

        Every position after the old value moves by the change in length; nothing is parsed
        again (the caller has already checked the new text by loading it).
        """
        old = self.nodes[pointer]
        delta = len(edit.text) - len(self.text)
        limit = old.end

        def move(offset: int | None) -> int | None:
            if offset is None or offset < limit:
                return offset
            return offset + delta

        out = TextDoc.__new__(TextDoc)
        out.text = edit.text
        out._lines = _line_starts(edit.text)
        out.nodes = {}
        for key, n in self.nodes.items():
            if key == pointer:
                out.nodes[key] = replace(n, start=edit.start, end=edit.end, style=edit.style)
            elif n.start < limit and (n.end < limit) and (n.key_start or 0) < limit:
                out.nodes[key] = n  # before the edit: unchanged (nodes are never mutated)
            else:
                out.nodes[key] = Node(
                    key, n.kind, n.start + delta if n.start >= limit else n.start,
                    n.end + delta if n.end >= limit else n.end, n.flow, n.style,
                    move(n.key_start), move(n.key_end), move(n.dash), n.in_flow, n.children,
                )  # fmt: skip
        return out


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _NEWLINE.finditer(text))]


# -- emitting values ---------------------------------------------------------------------------


def inline_scalar(value: Any, style: str | None = None, *, flow: bool = False) -> str:
    """A single-line YAML scalar that planforge's loader reads back as exactly `value`.

    `flow` is for a value inside `[...]` or `{...}`, where a null must be written and
    commas and brackets must be quoted.
    """
    from planforge.authoring.starter import scalar

    if value is None:
        return "null" if flow else ""
    if not isinstance(value, str):
        return scalar(value)
    if not _PRINTABLE.match(value):
        return json.dumps(value, ensure_ascii=True)
    if style == '"' or "\n" in value:
        return json.dumps(value, ensure_ascii=False)
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    text = scalar(value)
    if flow and not text.startswith('"') and (_FLOW_UNSAFE.search(text) or text.startswith("'")):
        return json.dumps(value, ensure_ascii=False)
    return text


def _needs_block(value: Any) -> bool:
    return isinstance(value, str) and "\n" in value


def _block_ok(value: str) -> bool:
    """Whether a literal block (`|` or `|-`) can carry this text exactly."""
    body = value[:-1] if value.endswith("\n") else value
    first = body.split("\n", 1)[0]
    return (
        bool(body.strip())
        and not body.endswith("\n")
        and not first.startswith((" ", "\t"))
        and bool(_PRINTABLE.match(value))
        and all(line == line.rstrip(" \t") or line.strip() for line in body.split("\n"))
    )


def block_scalar(value: str, indent: int) -> tuple[str, str]:
    """(header, lines) of a literal block: `|` or `|-`, and the text indented by `indent`."""
    header = "|" if value.endswith("\n") else "|-"
    body = value[:-1] if value.endswith("\n") else value
    lines = "".join((" " * indent + line if line else "") + "\n" for line in body.split("\n"))
    return header, lines


def emit_after(value: Any, indent: int, *, item: bool = False) -> str:
    """The text that follows `key:` (or a list item's `-`) for `value`, ending in a newline.

    `indent` is the column of the key (or the dash); children go two columns deeper.
    """
    inner = indent + 2
    if isinstance(value, dict) and value:
        lines = []
        for index, (key, sub) in enumerate(value.items()):
            lead = " " if item and index == 0 else " " * inner
            lines.append(f"{lead}{_key(key)}:{emit_after(sub, inner)}")
        joined = "".join(lines)
        return joined if item else "\n" + joined
    if isinstance(value, list) and value:
        items = "".join(" " * inner + "-" + emit_after(v, inner, item=True) for v in value)
        return "\n" + items
    if isinstance(value, dict):
        return " {}\n"
    if isinstance(value, list):
        return " []\n"
    if _needs_block(value) and _block_ok(value):
        header, body = block_scalar(value, inner)
        return f" {header}\n{body}"
    text = inline_scalar(value)
    return f" {text}\n" if text else "\n"


def _key(key: str) -> str:
    text = inline_scalar(key)
    if text != key:
        raise Unsupported("a key that needs quotes")
    return key


def flow_sequence(values: list[Any], limit: int | None = FLOW_MAX) -> str | None:
    """`[a, b]` for a list of simple scalars (no longer than `limit`), else None."""
    parts = []
    for value in values:
        if isinstance(value, (dict, list)) or _needs_block(value):
            return None
        parts.append(inline_scalar(value, flow=True))
    out = "[" + ", ".join(parts) + "]"
    return out if limit is None or len(out) <= limit else None


# -- edits -------------------------------------------------------------------------------------


def _splice(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _drop_todo(text: str, offset: int) -> str:
    """Remove a `  # TODO` end-of-line comment from the line of `offset` (the value changed)."""
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    line = text[offset:end]
    trimmed = TODO_COMMENT.sub("", line)
    return text if trimmed == line else text[:offset] + trimmed + text[end:]


def keep_examples(doc: TextDoc, pointer: str) -> str:
    """Remove the `# TODO` comments from the lines of a value (and of its items): the team
    confirms that the starter's example is right."""
    offsets = {
        doc.line_start(node.start)
        for key, node in doc.nodes.items()
        if key == pointer or key.startswith(pointer + "/")
    }
    text = doc.text
    for offset in sorted(offsets, reverse=True):
        text = _drop_todo(text, offset)
    return text


def set_value(doc: TextDoc, pointer: str, value: Any) -> str:
    """The text with the value at `pointer` (which exists) replaced by `value`."""
    node = doc.nodes[pointer]
    text = doc.text
    if pointer == "":
        raise Unsupported("replacing the whole document")
    if node.kind == "scalar" and not isinstance(value, (dict, list)):
        return _set_scalar(doc, node, value)
    if node.kind == "seq" and node.flow and isinstance(value, list):
        flow = flow_sequence(value, limit=None)
        if flow is not None:
            return _splice(text, node.start, node.end, flow)
    if node.kind == "map" and node.flow and node.children:
        raise Unsupported("a flow mapping with content")
    start = doc.after_indicator(pointer)
    end = doc.content_end(pointer)
    indent = doc.indent_of(pointer)
    if isinstance(value, list) and node.dash is None and value and _flow_list_wanted(node):
        flow = flow_sequence(value)
        if flow is not None:
            return _splice(text, start, end, f" {flow}\n")
    return _splice(text, start, end, emit_after(value, indent, item=node.dash is not None))


def _flow_list_wanted(node: Node) -> bool:
    return node.kind == "seq" and node.flow


@dataclass(frozen=True)
class ScalarEdit:
    """A scalar rewritten in place: the new text and where the value now is."""

    text: str
    start: int
    end: int
    style: str | None


def _style_of(written: str) -> str | None:
    return written[0] if written[:1] in ('"', "'", "|", ">") else None


def set_scalar(doc: TextDoc, node: Node, value: Any) -> ScalarEdit:
    """Rewrite one scalar value in place (the value stays a scalar)."""
    text = doc.text
    block_old = node.style in ("|", ">")
    old = text[node.start : node.end]
    header_rest = old[1 : old.find("\n")] if block_old and "\n" in old else ""
    empty_old = node.start == node.end
    if node.in_flow:
        new = inline_scalar(value, node.style, flow=True)
        lead = " " if empty_old else ""
        start = node.start + len(lead)
        return ScalarEdit(_splice(text, node.start, node.end, lead + new), start,
                          start + len(new), _style_of(new))  # fmt: skip
    wants_block = isinstance(value, str) and value != "" and (block_old or "\n" in value)
    if wants_block and _block_ok(value):
        header, lines = block_scalar(value, doc.indent_of(node.pointer) + 2)
        if block_old:
            hash_at = header_rest.find("#")
            comment = " " + header_rest[hash_at:] if hash_at >= 0 else ""
            trailing = _trailing_blank_lines(old, header_rest)
            written = f"{header}{comment}\n{lines}{trailing}"
            return ScalarEdit(_splice(text, node.start, node.end, written), node.start,
                              node.start + len(written), "|")  # fmt: skip
        lead = " " if empty_old else ""
        text = _drop_todo(_splice(text, node.start, node.end, lead + header), node.start)
        line_end = text.find("\n", node.start)
        if line_end < 0:
            text += "\n"
            line_end = len(text) - 1
        text = text[: line_end + 1] + lines + text[line_end + 1 :]
        end = line_end + 1 + len(lines)
        while end < len(text):  # the parser counts following blank lines as the block's
            next_end = text.find("\n", end)
            if next_end < 0 or text[end:next_end].strip(" "):
                break
            end = next_end + 1
        return ScalarEdit(text, node.start + len(lead), end, "|")
    new = inline_scalar(value, None if block_old else node.style)
    start = node.start
    if not new:
        while start > 0 and text[start - 1] == " ":
            start -= 1
    lead = (
        " " if new and (empty_old or (block_old and start > 0 and text[start - 1] != " ")) else ""
    )
    if block_old:
        ending = "\n" if old.endswith("\n") else ""
        trailing = _trailing_blank_lines(old, header_rest)
        text = _splice(text, start, node.end, lead + new + ending + trailing)
    else:
        text = _drop_todo(_splice(text, start, node.end, lead + new), start)
    begin = start + len(lead)
    return ScalarEdit(text, begin, begin + len(new), _style_of(new))


def _set_scalar(doc: TextDoc, node: Node, value: Any) -> str:
    return set_scalar(doc, node, value).text


def _trailing_blank_lines(old: str, header_rest: str) -> str:
    """The blank lines a `|`/`>` block's token swallowed after its text (kept on rewrite)."""
    if "+" in header_rest:
        return ""
    lines = old.split("\n")
    count = 0
    for line in reversed(lines[1:-1]):
        if line.strip():
            break
        count += 1
    return "\n" * count


def insert_key(doc: TextDoc, parent: str, key: str, value: Any, after: str | None) -> str:
    """Add `key: value` to the mapping at `parent`, after its key `after` (None: first).

    In a list item whose first key sits on the dash line, a key that should come first is
    written after that first key instead (the dash line is left alone).
    """
    node = doc.nodes.get(parent)
    if node is None or node.kind != "map":
        raise Unsupported("the parent is not a mapping")
    if node.flow:
        if node.children:
            return _flow_insert(doc, node, key, value, after)
        return set_value(doc, parent, {key: value})
    if not node.children:  # pragma: no cover - an empty block mapping does not exist in YAML
        raise Unsupported("an empty block mapping")
    first = node.children[0]
    in_item = _first_key_on_dash_line(doc, node)
    if after is not None and join_pointer(parent, after) in doc.nodes:
        at = doc.content_end(join_pointer(parent, after))
    elif in_item:
        at = doc.content_end(first)
    else:
        at = doc.key_line_start(first)
    indent = doc.indent_of(first)
    text = doc.text
    if at == len(text) and text and not text.endswith("\n"):
        text += "\n"
        at += 1
    line = " " * indent + f"{_key(key)}:" + emit_after(value, indent)
    return text[:at] + line + text[at:]


def _first_key_on_dash_line(doc: TextDoc, node: Node) -> bool:
    """True for a list item's mapping written `- key: value` (first key on the dash line)."""
    if node.dash is None or not node.children:
        return False
    key_start = doc.nodes[node.children[0]].key_start
    return key_start is not None and doc.line_start(key_start) == doc.line_start(node.dash)


def delete_key(doc: TextDoc, pointer: str) -> str:
    """Remove a key and its value from a block mapping (the mapping keeps other keys)."""
    node = doc.nodes[pointer]
    parent = doc.nodes[parent_pointer(pointer)]
    if len(parent.children) == 1:
        raise Unsupported("removing the last key of a mapping")
    if parent.flow:
        return _flow_delete(doc, parent, pointer)
    if len(parent.children) == 1:
        raise Unsupported("removing the last key of a mapping")
    if node.key_start is None:  # pragma: no cover - children of a mapping have keys
        raise Unsupported("not a mapping value")
    if parent.children[0] == pointer and _first_key_on_dash_line(doc, parent):
        following = doc.nodes[parent.children[1]].key_start
        if following is None:  # pragma: no cover - children of a mapping have keys
            raise Unsupported("not a mapping value")
        return _splice(doc.text, node.key_start, following, "")
    start = doc.line_start(node.key_start)
    end = doc.content_end(pointer)
    return _splice(doc.text, start, end, "")


def flow_text(value: Any) -> str:
    """A value written inside `{...}`: scalars inline, lists and mappings in flow style."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {flow_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow_text(v) for v in value) + "]"
    return inline_scalar(value, flow=True)


def _flow_insert(doc: TextDoc, node: Node, key: str, value: Any, after: str | None) -> str:
    entry = f"{_key(key)}: {flow_text(value)}"
    if after is not None and join_pointer(node.pointer, after) in doc.nodes:
        at = doc.nodes[join_pointer(node.pointer, after)].end
        return _splice(doc.text, at, at, ", " + entry)
    first = doc.nodes[node.children[0]].key_start
    if first is None:  # pragma: no cover - children of a mapping have keys
        raise Unsupported("not a mapping value")
    return _splice(doc.text, first, first, entry + ", ")


def _flow_delete(doc: TextDoc, parent: Node, pointer: str) -> str:
    index = parent.children.index(pointer)
    node = doc.nodes[pointer]
    if node.key_start is None or node.end < 0:
        raise Unsupported("not a simple flow entry")
    if index + 1 < len(parent.children):
        following = doc.nodes[parent.children[index + 1]].key_start
        if following is None:  # pragma: no cover - children of a mapping have keys
            raise Unsupported("not a mapping value")
        return _splice(doc.text, node.key_start, following, "")
    before = doc.nodes[parent.children[index - 1]].end
    return _splice(doc.text, before, node.end, "")


def append_item(doc: TextDoc, pointer: str, value: Any, result: list[Any]) -> str:
    """Add `value` at the end of the list at `pointer`; `result` is the whole list after."""
    node = doc.nodes[pointer]
    if node.kind != "seq":
        raise Unsupported("not a list")
    if node.flow or not node.children:
        return set_value(doc, pointer, result)
    last = node.children[-1]
    dash_col = doc.indent_of(last)
    at = doc.content_end(last)
    text = doc.text
    if at == len(text) and not text.endswith("\n"):
        text += "\n"
        at += 1
    return text[:at] + " " * dash_col + "-" + emit_after(value, dash_col, item=True) + text[at:]


def delete_item(doc: TextDoc, pointer: str, index: int, result: list[Any]) -> str:
    """Remove item `index` of the list at `pointer`; `result` is the whole list after."""
    node = doc.nodes[pointer]
    if node.kind != "seq":
        raise Unsupported("not a list")
    if node.flow or len(node.children) < 2:
        return set_value(doc, pointer, result)
    child = node.children[index]
    start = doc.item_start(child)
    if index + 1 < len(node.children):
        end = doc.item_start(node.children[index + 1])
    else:
        end = doc.content_end(child)
    return _splice(doc.text, start, end, "")


def swap_items(doc: TextDoc, pointer: str, index: int, result: list[Any]) -> str:
    """Swap items `index` and `index + 1` of the list at `pointer` (`result`: the list after)."""
    node = doc.nodes[pointer]
    if node.kind != "seq":
        raise Unsupported("not a list")
    if node.flow:
        return set_value(doc, pointer, result)
    first, second = node.children[index], node.children[index + 1]
    a0, b0 = doc.item_start(first), doc.item_start(second)
    if index + 2 < len(node.children):
        b1 = doc.item_start(node.children[index + 2])
    else:
        b1 = doc.content_end(second)
    a_text, b_text = doc.text[a0:b0], doc.text[b0:b1]
    at_end = b1 == len(doc.text) and not doc.text.endswith("\n")
    if at_end:
        b_text += "\n"
        a_text = a_text[:-1] if a_text.endswith("\n") else a_text
    return doc.text[:a0] + b_text + a_text + doc.text[b1:]
