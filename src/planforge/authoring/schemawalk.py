"""Walk a bundled (single-file) schema field by field.

Used by `planforge init` (a comment above every field) and the generated field reference
(`python -m planforge.authoring.fieldref`), so both say exactly what the schema says and never drift.

A `$ref` is resolved and its siblings (a field's own `description`, `examples`) win over the
referenced definition's, the way editors show hover help. `allOf` parts are merged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from planforge.inputs.schemas import bundled_schema

Schema = dict[str, Any]

# Definitions whose name says more than their JSON type.
DEF_LABELS = {
    "_common_date": "date (YYYY-MM-DD)",
    "_common_school_year": "school year (YYYY-YY)",
    "_common_time_hhmm": 'time ("HH:MM", quoted)',
    "_common_money": "amount in dollars",
    "_common_email": "email address",
    "_common_prose": "text (paragraphs allowed)",
    "_common_text": "text",
    "_common_count": "whole number",
    "waiver_id": "id (lowercase letters, digits, dashes)",
    "goal_value": "number or rating (text)",
    "ma_vote": "vote (date and tally)",
}
_TYPE_LABELS = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "boolean": "true/false",
    "object": "section",
    "array": "list",
}


@dataclass(frozen=True)
class FieldInfo:
    """One field of a document: its dotted path, resolved schema and whether it is required."""

    path: str
    name: str
    schema: Schema
    required: bool
    depth: int

    @property
    def description(self) -> str:
        """The field's description ('' when the schema has none)."""
        return str(self.schema.get("description", "")).strip()

    @property
    def examples(self) -> list[Any]:
        """Example values from the schema."""
        value = self.schema.get("examples", [])
        return list(value) if isinstance(value, list) else []

    @property
    def allowed(self) -> list[str]:
        """The allowed values of an enum or const field ([] when any value of the type is fine)."""
        if "const" in self.schema:
            return [str(self.schema["const"])]
        return [str(v) for v in self.schema.get("enum", [])]

    @property
    def type_label(self) -> str:
        """A plain-language type such as `date (YYYY-MM-DD)` or `list of sections`."""
        return type_label(self.schema)


def resolve(node: Schema, root: Schema) -> Schema:
    """Follow `$ref`s (siblings override the target) and merge `allOf` parts."""
    out = dict(node)
    seen: set[str] = set()
    while "$ref" in out:
        ref = str(out.pop("$ref"))
        if ref in seen:
            break
        seen.add(ref)
        target = _lookup(root, ref)
        out = {**target, **out}
        out["_def"] = ref.rsplit("/", 1)[-1]
    for part in out.pop("allOf", []):
        part_resolved = resolve(part, root)
        required = [*part_resolved.get("required", []), *out.get("required", [])]
        out = {**part_resolved, **out, "required": list(dict.fromkeys(required))}
    items = out.get("items")
    if isinstance(items, dict) and "$ref" in items:
        out["items"] = resolve(items, root)
    return out


def _lookup(root: Schema, ref: str) -> Schema:
    node: Any = root
    for token in ref.split("#", 1)[1].split("/")[1:]:
        node = node[token.replace("~1", "/").replace("~0", "~")]
    result: Schema = node
    return result


def type_label(schema: Schema) -> str:
    """A plain-language type for a resolved schema node."""
    if schema.get("_def") in DEF_LABELS:
        return DEF_LABELS[str(schema["_def"])]
    if "const" in schema or "enum" in schema:
        return "one of the allowed values"
    kind = schema.get("type", "")
    if kind == "array":
        items = schema.get("items", {})
        inner = type_label(items) if isinstance(items, dict) else "values"
        return f"list of {_plural(inner)}"
    return _TYPE_LABELS.get(str(kind), "value")


def _plural(label: str) -> str:
    word, _, rest = label.partition(" ")
    plural = {"section": "sections", "text": "texts", "id": "ids", "date": "dates"}
    return f"{plural.get(word, word)} {rest}".strip()


def properties(schema: Schema, root: Schema) -> list[tuple[str, Schema, bool]]:
    """(name, resolved schema, required) for each property of an object schema, in order.

    A property an `else` branch requires (a vote's tally, needed unless the vote says it has
    none) counts as required: that is the usual case, and its description names the exception.
    """
    other = schema.get("else")
    conditional = other.get("required", []) if isinstance(other, dict) else []
    required = {*schema.get("required", []), *conditional}
    return [
        (name, resolve(sub, root), name in required)
        for name, sub in schema.get("properties", {}).items()
    ]


def item_schema(schema: Schema, root: Schema) -> Schema | None:
    """The resolved item schema of an array, or None."""
    items = schema.get("items")
    return resolve(items, root) if isinstance(items, dict) else None


def iter_fields(label: str) -> Iterator[FieldInfo]:
    """Every field of the plan, zone or sop schema, depth first, in schema order."""
    root = bundled_schema(label)
    yield from _walk(resolve(root, root), root, "", 0)


def _walk(schema: Schema, root: Schema, prefix: str, depth: int) -> Iterator[FieldInfo]:
    for name, sub, required in properties(schema, root):
        path = f"{prefix}.{name}" if prefix else name
        yield FieldInfo(path, name, sub, required, depth)
        yield from _children(sub, root, path, depth + 1)


def _children(schema: Schema, root: Schema, path: str, depth: int) -> Iterator[FieldInfo]:
    if "properties" in schema:
        yield from _walk(schema, root, path, depth)
    items = item_schema(schema, root) if schema.get("type") == "array" else None
    if items is not None and "properties" in items:
        yield from _walk(items, root, f"{path}[]", depth)


def document_schema(label: str) -> Schema:
    """The resolved top-level schema of a plan, zone or sop (title, description, properties)."""
    root = bundled_schema(label)
    return resolve(root, root)


def schema_root(label: str) -> Schema:
    """The bundled schema itself, for resolving references while walking."""
    return bundled_schema(label)
