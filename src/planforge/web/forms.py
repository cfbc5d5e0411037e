"""Form controls generated from the JSON Schema for one section of a plan or zone.

Each control is named by the JSON Pointer of its value, labelled in plain words
(:mod:`planforge.web.schema_nav`), helped by the schema's description, and shows the value
exactly as the file has it, so a form sent back unchanged changes nothing. Choices become
selects or checkboxes, dates date inputs, numbers number inputs, lists of objects editable
rows (add, remove, move), and longer text multi-line boxes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from planforge.authoring.schemawalk import Schema
from planforge.inputs.loader import SourceMap
from planforge.web.schema_nav import (
    display_value,
    field_label,
    form_help,
    get_at,
    is_iso_date,
    is_required,
    item_label,
    item_word,
    option_label,
    schema_at,
)
from planforge.web.sections import Section
from planforge.web.states import (
    description,
    hidden,
    not_applying,
    not_applying_note,
    rule_packs,
    rules_help,
)

PROSE_HELP = (
    "Blank line: new paragraph. Start a line with “- ” for a bullet or “1. ” for a numbered "
    "item. **bold** and *italic* are printed as such."
)
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_TODO_MARK = re.compile(r"(^|[ \t])#[^\n]*(?<![A-Za-z0-9])TODO(?![A-Za-z0-9])")
_ROW_OPEN_LIMIT = 3
_TABLE_COLUMNS = 7


@dataclass
class Control:
    """One thing on the form: a field, a group of fields, a list of rows, or checkboxes."""

    kind: str  # field | group | rows | choices
    pointer: str
    label: str
    help: str = ""
    required: bool = False
    widget: str = "text"
    value: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    example: str = ""
    todo: bool = False
    keep: bool = False
    children: list[Control] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    word: str = ""
    min_items: int = 0
    choices: list[tuple[str, str, bool]] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        """An HTML id made from the pointer."""
        return dom_id(self.pointer)


@dataclass(frozen=True)
class Column:
    """One column of a table of rows: its field name, label and help."""

    name: str
    label: str
    help: str
    required: bool


@dataclass
class Row:
    """One item of a list: its pointer, index, title and controls."""

    pointer: str
    index: int
    title: str
    children: list[Control]
    last: bool
    collapsible: bool = False
    open: bool = True
    findings: list[Any] = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        """An HTML id made from the pointer."""
        return dom_id(self.pointer)


_ID_SAFE = re.compile(r"[^A-Za-z0-9_/]")


@lru_cache(maxsize=65536)
def dom_id(pointer: str) -> str:
    """`/waivers/3/id` -> `f-waivers-3-id` (other characters as `_hex_`)."""
    escaped = _ID_SAFE.sub(lambda m: f"_{ord(m.group()):x}_", pointer)
    return "f" + escaped.replace("/", "-")


class Builder:
    """Builds the controls of one section from the schema and the file's data.

    Only what the file's state has is shown, in its words (:mod:`planforge.web.states`): its
    rule packs, no field of another state's law that holds nothing, and help that cites no
    other state's law.
    """

    def __init__(self, label: str, data: Any, smap: SourceMap, text: str | None) -> None:
        self.label = label
        self.data = data
        self.smap = smap
        self.lines = text.split("\n") if text else []
        self.packs = rule_packs(label, data)
        self.pointers: list[str] = []

    def help_for(self, pointer: str, schema: Schema) -> str:
        """The help shown with a field: its description in the file's state's words."""
        if pointer == "/rules":
            return rules_help(self.label, self.data)
        parent = pointer.rsplit("/", 1)[0]
        if not_applying(self.label, self.data, pointer) and not (
            parent and not_applying(self.label, self.data, parent)
        ):  # once, on the field that holds it
            return not_applying_note(self.label, self.data)
        text = description(self.label, self.data, pointer, schema)
        return form_help(text, pointer, schema.get("enum") or _item_enum(schema))

    def section(self, section: Section) -> list[Control]:
        """The controls of a section, in order."""
        return [c for c in (self.control(p) for p in section.fields) if c is not None]

    def control(self, pointer: str, *, shown: bool = False) -> Control | None:
        """The control for the value at `pointer` (None for fixed values and for a field the
        file's state does not have, unless `shown`: a table's column is shown or not as one)."""
        schema = schema_at(self.label, pointer)
        if schema is None or "const" in schema:
            return None
        if not shown and hidden(self.label, self.data, pointer):
            return None
        self.pointers.append(pointer)
        value = get_at(self.data, pointer)
        label = field_label(pointer)
        help_text = self.help_for(pointer, schema)
        required = is_required(self.label, pointer)
        kind = schema.get("type")
        if kind == "object" or "properties" in schema:
            children = [
                c
                for c in (
                    self.control(f"{pointer}/{name}") for name in schema.get("properties", {})
                )
                if c is not None
            ]
            return Control("group", pointer, label, help_text, required, children=children)
        if kind == "array":
            return self._array(pointer, schema, value, label, help_text, required)
        return self._field(pointer, schema, value, label, help_text, required)

    # -- lists --------------------------------------------------------------------------------

    def _array(
        self, pointer: str, schema: Schema, value: Any, label: str, help_text: str, required: bool
    ) -> Control:
        items = schema_at(self.label, f"{pointer}/0") or {}
        current = value if isinstance(value, list) else []
        choices = self._choices(pointer, items, current)
        if choices is not None:
            marked = any(self._marked(f"{pointer}/{i}") for i in range(len(current)))
            return Control(
                "choices", pointer, label, help_text, required, choices=choices,
                value="" if isinstance(value, list) or value is None else str(value),
                todo=marked, keep=marked,
            )  # fmt: skip
        rows = []
        table = _is_table(self.label, pointer, items)
        collapsible = not table
        names = self._column_names(pointer, items, len(current)) if table else None
        for index, item in enumerate(current):
            row_pointer = f"{pointer}/{index}"
            self.pointers.append(row_pointer)
            if items.get("type") == "object" or "properties" in items:
                children = [
                    c
                    for c in (
                        self.control(f"{row_pointer}/{name}", shown=names is not None)
                        for name in (names if names is not None else items.get("properties", {}))
                    )
                    if c is not None
                ]
            else:
                leaf = self._field(
                    row_pointer, items, item, item_word(pointer).capitalize(), "", True
                )
                children = [leaf]
            rows.append(
                Row(
                    row_pointer,
                    index,
                    item_label(pointer, index, item),
                    children,
                    last=index == len(current) - 1,
                    collapsible=collapsible,
                    open=not collapsible or len(current) <= _ROW_OPEN_LIMIT,
                )
            )
        control = Control(
            "table" if table else "rows", pointer, label, help_text, required, rows=rows,
            word=item_word(pointer), min_items=int(schema.get("minItems", 0)),
            value="" if isinstance(value, list) or value is None else str(value),
        )  # fmt: skip
        if table:
            control.columns = self._columns(pointer, items, names or [])
        return control

    def _column_names(self, pointer: str, items: Schema, count: int) -> list[str]:
        """The fields of a table's rows shown as columns: all but those the file's state does
        not have and no row fills in."""
        return [
            name
            for name in items.get("properties", {})
            if not all(
                hidden(self.label, self.data, f"{pointer}/{i}/{name}") for i in range(max(count, 1))
            )
        ]

    def _columns(self, pointer: str, items: Schema, names: list[str]) -> list[Column]:
        if items.get("type") != "object" and "properties" not in items:
            word = item_word(pointer)
            text = description(self.label, self.data, f"{pointer}/0", items)
            return [Column("", word[:1].upper() + word[1:], text, True)]
        required = set(items.get("required", []))
        out = []
        for name in names:
            sub = schema_at(self.label, f"{pointer}/0/{name}") or {}
            if "const" not in sub:
                cell = f"{pointer}/0/{name}"
                out.append(
                    Column(name, field_label(cell), self.help_for(cell, sub), name in required)
                )
        return out

    def _choices(
        self, pointer: str, items: Schema, current: list[Any]
    ) -> list[tuple[str, str, bool]] | None:
        """Checkbox choices for a list of allowed values, or None for a list of rows."""
        chosen = [str(v) for v in current]
        if "enum" in items:
            options = [(str(v), option_label(pointer, v)) for v in items["enum"]]
        elif self.label == "plan" and re.fullmatch(r"/levers/[a-z_]+/waivers", pointer):
            options = self._waiver_options()
        elif pointer == "/rules":
            options = list(self.packs)
        else:
            return None
        known = {v for v, _ in options}
        extra = [(v, f"{v} (not in the list)") for v in chosen if v not in known]
        return [(v, text, v in chosen) for v, text in [*options, *extra]]

    def _waiver_options(self) -> list[tuple[str, str]]:
        waivers = self.data.get("waivers") if isinstance(self.data, dict) else None
        out = []
        for waiver in waivers if isinstance(waivers, list) else []:
            if isinstance(waiver, dict) and isinstance(waiver.get("id"), str) and waiver["id"]:
                title = waiver.get("title") or waiver.get("citation") or ""
                text = f"{waiver['id']} — {title}" if title else waiver["id"]
                out.append((waiver["id"], str(text)))
        return out

    # -- single values ------------------------------------------------------------------------

    def _field(
        self, pointer: str, schema: Schema, value: Any, label: str, help_text: str, required: bool
    ) -> Control:
        raw = self.smap.raw.get(pointer)
        shown = display_value(value, raw)
        control = Control(
            "field", pointer, label, help_text, required, value=shown,
            example=_example(schema), todo=self._todo(pointer, value),
        )  # fmt: skip
        control.widget, control.options, control.attrs = _widget(schema, value, pointer, required)
        placeholder_text = isinstance(value, str) and value.lstrip().startswith("TODO")
        control.keep = control.todo and not placeholder_text
        return control

    def _todo(self, pointer: str, value: Any) -> bool:
        """A starter's example value (`# TODO` after it) or placeholder text (`TODO: …`)."""
        if isinstance(value, str) and value.lstrip().startswith("TODO"):
            return True
        return self._marked(pointer)

    def _marked(self, pointer: str) -> bool:
        position = self.smap.values.get(pointer)
        if position is None or position[0] > len(self.lines):
            return False
        return bool(_TODO_MARK.search(self.lines[position[0] - 1]))


def _item_enum(schema: Schema) -> list[Any]:
    items = schema.get("items")
    return list(items.get("enum", [])) if isinstance(items, dict) else []


def _is_table(label: str, pointer: str, items: Schema) -> bool:
    """Rows of a few plain values are edited as a table (budget lines, blocks, positions)."""
    if items.get("type") != "object" and "properties" not in items:
        return True
    props = {n: schema_at(label, f"{pointer}/0/{n}") or {} for n in items.get("properties", {})}
    prose = any(p.get("_def") == "_common_prose" for p in props.values())
    nested = any(p.get("type") in ("array", "object") for p in props.values())
    return len(props) <= _TABLE_COLUMNS and not prose and not nested


def _example(schema: Schema) -> str:
    examples = schema.get("examples")
    if isinstance(examples, list) and examples and isinstance(examples[0], (str, int, float)):
        return f"e.g. {examples[0]}"
    return ""


def _widget(
    schema: Schema, value: Any, pointer: str, required: bool
) -> tuple[str, list[tuple[str, str]], dict[str, str]]:
    kind = schema.get("type")
    definition = schema.get("_def", "")
    attrs: dict[str, str] = {}
    if "enum" in schema:
        options = [(str(v), option_label(pointer, v)) for v in schema["enum"]]
        if value is not None and str(value) not in {v for v, _ in options}:
            options.append((str(value), f"{value} (not an allowed choice)"))
        return "select", [("", "— choose —"), *options], attrs
    if kind == "boolean":
        options = [("", "— not stated —"), ("true", "Yes"), ("false", "No")]
        if value is not None and not isinstance(value, bool):
            options.append((str(value), f"{value} (not yes or no)"))
        return "select", options, attrs
    if kind in ("integer", "number"):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            return "text", [], attrs
        attrs["step"] = "1" if kind == "integer" else "any"
        for bound in ("minimum", "maximum"):
            if bound in schema:
                attrs[bound[:3]] = str(schema[bound])
        return "number", [], attrs
    text = value if isinstance(value, str) else ""
    if definition == "_common_prose" or "\n" in text:
        return "prose" if definition == "_common_prose" else "textarea", [], attrs
    if value is not None and not isinstance(value, str):
        return "text", [], attrs
    if definition == "_common_date" or schema.get("format") == "date":
        return ("date" if value is None or is_iso_date(value) else "text"), [], attrs
    if definition == "_common_time_hhmm":
        return ("time" if value is None or _TIME.fullmatch(text) else "text"), [], attrs
    if definition == "_common_email":
        return "email", [], attrs
    return "text", [], attrs


def attach(controls: list[Control], findings: list[Any]) -> list[Any]:
    """Put each finding beside the deepest control showing its pointer; return the rest."""
    index: dict[str, Control | Row] = {}

    def walk(items: list[Control]) -> None:
        for c in items:
            index[c.pointer] = c
            walk(c.children)
            for row in c.rows:
                index[row.pointer] = row
                walk(row.children)

    walk(controls)
    unplaced = []
    for finding in findings:
        probe = finding.pointer
        while probe and probe not in index:
            probe = probe.rsplit("/", 1)[0]
        target = index.get(probe) if probe else None
        if target is None:
            unplaced.append(finding)
            continue
        target.findings.append(finding)
        if isinstance(target, Row):
            target.open = True
        _open_rows_above(index, probe)
    return unplaced


def _open_rows_above(index: dict[str, Control | Row], pointer: str) -> None:
    while pointer:
        pointer = pointer.rsplit("/", 1)[0]
        node = index.get(pointer)
        if isinstance(node, Row):
            node.open = True


def new_item(label: str, list_pointer: str) -> Any:
    """A new list item: required fields present but empty, required lists empty."""
    items = schema_at(label, f"{list_pointer}/0") or {}
    if items.get("type") != "object" and "properties" not in items:
        return None
    out: dict[str, Any] = {}
    for name in items.get("properties", {}):
        if name not in items.get("required", []):
            continue
        sub = schema_at(label, f"{list_pointer}/0/{name}") or {}
        if sub.get("type") == "array":
            out[name] = []
        elif sub.get("type") == "object":
            out[name] = new_item_object(label, f"{list_pointer}/0/{name}")
        else:
            out[name] = None
    return out


def new_item_object(label: str, pointer: str) -> dict[str, Any]:
    """A required nested section of a new item, with its required fields empty."""
    node = schema_at(label, pointer) or {}
    return dict.fromkeys(node.get("required", []))
