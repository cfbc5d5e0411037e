"""Starter plans, zone agreements and school operational plans for `planforge init`.

There is one starter per :data:`STARTERS` label: ``plan`` (a Colorado innovation plan),
``zone`` (a Colorado zone operating agreement), ``zone-ma`` (a Massachusetts empowerment-zone
memorandum) and ``sop`` (a Massachusetts School Operational Plan). Each is built from three
sources so it never drifts from the schema:

* placeholder values from ``data/starter/<label>.yaml``, loaded with the planforge loader:
  schema-valid and consistent, with text to replace marked ``TODO``;
* a comment above every field, generated from the schema's ``description`` (or, where the
  schema's words are another state's, the starter's own ``descriptions`` in guidance.yaml),
  plus whether the field is required and its allowed values;
* hand-written guidance from the label's section of ``data/starter/guidance.yaml``.

The first line points editors at a self-contained copy of the schema written next to the
file (``.planforge/plan.schema.json``), so the editor validates and completes offline with
the same schema the installed planforge uses (see docs/decisions.md).
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planforge.authoring.schemawalk import Schema, item_schema, properties, resolve
from planforge.errors import InputFileError, OutputError, ResourceError
from planforge.inputs.loader import join_pointer, load_file, resolve_plain
from planforge.inputs.schemas import bundled_schema
from planforge.outputs import write_text_atomic
from planforge.resources import data_dir


@dataclass(frozen=True)
class Starter:
    """One starter `planforge init` writes."""

    label: str
    """Its name: data/starter/<label>.yaml and its section of guidance.yaml."""
    schema: str
    """The schema label (plan, zone, sop: `planforge schema <label>`)."""
    kind: str
    """The document kind it is."""
    filename: str
    """The file written when PATH is a folder."""
    state: str
    """The state whose law it follows (its `jurisdiction:`)."""


STARTERS = {
    s.label: s
    for s in (
        Starter("plan", "plan", "innovation_plan", "plan.yaml", "CO"),
        Starter("zone", "zone", "zone_agreement", "zone.yaml", "CO"),
        Starter("zone-ma", "zone", "zone_agreement", "zone.yaml", "MA"),
        Starter("sop", "sop", "school_operational_plan", "operational-plan.yaml", "MA"),
    )
}
LABELS = tuple(STARTERS)
SCHEMA_FOLDER = ".planforge"
PLACEHOLDER = "TODO"
WIDTH = 92
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}-\d{2}")
_SPECIAL_START = tuple("-?:,[]{}#&*!|>'\"%@`")
_YAML11_WORDS = frozenset({"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"})


def starter_label(*, zone: bool = False, sop: bool = False, state: str = "CO") -> str:
    """The starter for `planforge init` options: a plan, a zone of a state, or an SOP."""
    if sop:
        return "sop"
    if zone:
        return "zone-ma" if state.upper() == "MA" else "zone"
    return "plan"


def labels_for_kind(kind: str | None) -> tuple[str, ...]:
    """The starters of a document kind (both zone starters for `zone_agreement`): the review
    knows a `# TODO` example by any of them."""
    return tuple(s.label for s in STARTERS.values() if s.kind == kind)


def _starter(label: str) -> Starter:
    if label not in STARTERS:
        msg = f"Unknown starter kind {label!r}; use one of {', '.join(LABELS)}."
        raise ValueError(msg)
    return STARTERS[label]


def _schema_label(label: str) -> str:
    """The schema label of a starter label (a schema label is its own)."""
    return STARTERS[label].schema if label in STARTERS else label


@dataclass(frozen=True)
class Written:
    """What `write_starter` wrote."""

    path: Path
    schema_path: Path


def schema_relpath(label: str) -> str:
    """The modeline's schema path, relative to the starter file (a starter or schema label)."""
    return f"{SCHEMA_FOLDER}/{_schema_label(label)}.schema.json"


def modeline(label: str) -> str:
    """The first line that tells YAML editors which schema to use (a starter or schema label)."""
    return f"# yaml-language-server: $schema={schema_relpath(label)}"


# -- placeholder data and guidance ------------------------------------------------------------


def placeholder_data(label: str) -> dict[str, Any]:
    """The starter's values (from data/starter/<label>.yaml)."""
    data = _load_data(data_dir() / "starter" / f"{label}.yaml")
    if not isinstance(data, dict):
        msg = f"planforge's starter {label}.yaml is not a mapping; reinstall planforge."
        raise ResourceError(msg)
    return data


def guidance(label: str) -> dict[str, Any]:
    """Hand-written guidance for the starter: header, commented_out, left_out, descriptions,
    fields (see data/starter/guidance.yaml)."""
    data = _load_data(data_dir() / "starter" / "guidance.yaml")
    section = data.get(label, {}) if isinstance(data, dict) else {}
    return section if isinstance(section, dict) else {}


def _load_data(path: Path) -> Any:
    doc = load_file(path)
    if not doc.usable or doc.findings:
        first = doc.findings[0].message if doc.findings else "unreadable"
        msg = f"planforge's starter data {path} is broken ({first}); reinstall planforge."
        raise ResourceError(msg)
    return doc.data


def placeholder_pointers(data: Any, pointer: str = "") -> list[str]:
    """JSON Pointers of every text value still starting with TODO (for reviews and tests)."""
    if isinstance(data, str):
        return [pointer] if data.lstrip().startswith(PLACEHOLDER) else []
    if isinstance(data, dict):
        items: list[tuple[str | int, Any]] = list(data.items())
    elif isinstance(data, list):
        items = list(enumerate(data))
    else:
        return []
    return [p for k, v in items for p in placeholder_pointers(v, join_pointer(pointer, k))]


# -- rendering -------------------------------------------------------------------------------


def starter_text(
    label: str = "plan", *, school: str | None = None, all_fields: bool = False
) -> str:
    """The full text of a starter (a :data:`STARTERS` label): plan, zone, zone-ma or sop.

    `school` fills in school.name (a plan or sop). `all_fields` writes the optional fields
    the starter shows as comments as values too (the review uses it to know every example
    value the starter marks TODO).
    """
    starter = _starter(label)
    data = placeholder_data(label)
    if school is not None and isinstance(data.get("school"), dict):
        data["school"]["name"] = school
    guide = guidance(label)
    root = bundled_schema(starter.schema)
    commented = set() if all_fields else set(guide.get("commented_out", []))
    emitter = _Emitter(root, guide.get("fields", {}), commented, guide.get("descriptions", {}))
    emitter.document(data, resolve(root, root))
    header = [modeline(label), *_comment(str(guide.get("header", "")), 0)]
    return "\n".join([*header, *emitter.lines]) + "\n"


def _comment(text: str, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    for para in text.strip().split("\n\n"):
        flat = " ".join(para.split())
        if flat:
            out.extend(
                textwrap.wrap(
                    flat,
                    WIDTH - indent - 2,
                    initial_indent=f"{pad}# ",
                    subsequent_indent=f"{pad}# ",
                    break_on_hyphens=False,
                )
            )
    return out


def field_comment(name: str, schema: Schema, required: bool, extra: str = "") -> str:
    """The plain-language help written above one field."""
    parts = [str(schema.get("description", "")).strip(), extra.strip()]
    allowed = schema.get("enum") or ([schema["const"]] if "const" in schema else [])
    tail = "Required." if required else "Optional."
    if allowed:
        tail += " Allowed values: " + ", ".join(str(v) for v in allowed) + "."
    return " ".join(p for p in [*parts, tail] if p)


def scalar(value: Any) -> str:
    """One value as YAML text that the planforge loader (and editors) read back unchanged."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    return json.dumps(text, ensure_ascii=False) if _needs_quotes(text) else text


def _needs_quotes(text: str) -> bool:
    if not text or text != text.strip() or "\n" in text or resolve_plain(text) != text:
        return True
    if text[0].isdigit():
        return not _DATE.fullmatch(text)
    return (
        text.startswith(_SPECIAL_START)
        or ": " in text
        or " #" in text
        or text.endswith(":")
        or text.lower() in _YAML11_WORDS
    )


def _is_block(value: Any) -> bool:
    return (
        isinstance(value, str)
        and value.endswith("\n")
        and not value.endswith("\n\n")
        and (not value.startswith((" ", "\n")))
    )


def _wants_todo(schema: Schema, value: Any, name: str = "") -> bool:
    """Numbers, dates and patterned codes are realistic examples the user must check; ids
    are names the team chooses (and refers to elsewhere in the file), not examples."""
    if isinstance(value, bool) or "enum" in schema or "const" in schema:
        return False
    if schema.get("_def") == "waiver_id" or name == "id":
        return False
    if isinstance(value, (int, float)):
        return True
    return (
        isinstance(value, str)
        and not value.startswith(PLACEHOLDER)
        and ("pattern" in schema or "format" in schema)
    )


class _Emitter:
    """Writes data as block-style YAML with a help comment above each field."""

    def __init__(
        self,
        root: Schema,
        extra: dict[str, Any],
        commented: set[str],
        descriptions: dict[str, Any] | None = None,
    ) -> None:
        self.root = root
        self.extra = extra
        self.commented = commented
        self.descriptions = descriptions or {}
        self.lines: list[str] = []

    def document(self, data: dict[str, Any], schema: Schema) -> None:
        for name, sub, required in properties(schema, self.root):
            if name not in data:
                continue
            self.lines.append("")
            if isinstance(data[name], (dict, list)):
                self.lines.append("# " + "-" * (WIDTH - 2))
            self._field(name, data[name], sub, required, name, 0, "", True)

    def mapping(
        self,
        data: dict[str, Any],
        schema: Schema,
        path: str,
        indent: int,
        *,
        dash: bool,
        comments: bool,
        seen: set[str] | None = None,
    ) -> None:
        """Keys in `seen` (already explained in an earlier list item) get no comment."""
        props = {name: (sub, req) for name, sub, req in properties(schema, self.root)}
        for index, (name, value) in enumerate(data.items()):
            sub, required = props.get(name, ({}, False))
            explain = comments and (seen is None or name not in seen)
            if seen is not None:
                seen.add(name)
            first = dash and index == 0
            lead = " " * (indent - 2) + "- " if first else " " * indent
            field_path = f"{path}.{name}" if path else name
            comment_indent = indent - 2 if first else indent
            self._field(
                name,
                value,
                sub,
                required,
                field_path,
                indent,
                lead,
                explain,
                comment_indent=comment_indent,
            )

    def _field(
        self,
        name: str,
        value: Any,
        schema: Schema,
        required: bool,
        path: str,
        indent: int,
        lead: str,
        comments: bool,
        *,
        comment_indent: int | None = None,
    ) -> None:
        lead = lead or " " * indent
        c_indent = indent if comment_indent is None else comment_indent
        if comments:
            shown = schema
            if path in self.descriptions:  # the starter's own words replace another state's
                shown = {**schema, "description": str(self.descriptions[path])}
            help_text = field_comment(name, shown, required, str(self.extra.get(path, "")))
            self.lines.extend(_comment(help_text, c_indent))
        start = len(self.lines)
        commented = path in self.commented
        # A commented-out section keeps the help of its fields: uncommented, it reads like the rest.
        self._value(name, value, schema, path, indent, lead, comments)
        if commented:
            self.lines[start:] = [_comment_out(line, c_indent) for line in self.lines[start:]]

    def _value(
        self,
        name: str,
        value: Any,
        schema: Schema,
        path: str,
        indent: int,
        lead: str,
        comments: bool,
    ) -> None:
        if isinstance(value, dict) and value:
            self.lines.append(f"{lead}{name}:")
            self.mapping(value, schema, path, indent + 2, dash=False, comments=comments)
        elif isinstance(value, list) and value:
            self.lines.append(f"{lead}{name}:")
            self.sequence(value, schema, path, indent + 2, comments)
        elif _is_block(value):
            self.lines.append(f"{lead}{name}: |")
            self.lines.extend(" " * (indent + 2) + line for line in str(value).splitlines())
        else:
            text = "[]" if value == [] else "{}" if value == {} else scalar(value)
            todo = f"  # {PLACEHOLDER}" if _wants_todo(schema, value, name) else ""
            self.lines.append(f"{lead}{name}: {text}{todo}")

    def sequence(
        self, items: list[Any], schema: Schema, path: str, indent: int, comments: bool
    ) -> None:
        item = item_schema(schema, self.root) or {}
        seen: set[str] = set()
        for value in items:
            if isinstance(value, dict) and value:
                self.mapping(
                    value, item, f"{path}[]", indent + 2, dash=True, comments=comments, seen=seen
                )
            elif _is_block(value):
                self.lines.append(" " * indent + "- |")
                self.lines.extend(" " * (indent + 2) + line for line in str(value).splitlines())
            else:
                todo = f"  # {PLACEHOLDER}" if _wants_todo(item, value) else ""
                self.lines.append(" " * indent + f"- {scalar(value)}{todo}")


def _comment_out(line: str, indent: int) -> str:
    """`# ` before a line of a commented-out section (its help lines too, so removing one `# `
    from each line gives the section back with its help)."""
    return " " * indent + "# " + line[indent:] if line[:indent].strip() == "" else "# " + line


# -- writing ---------------------------------------------------------------------------------


def target_path(path: str | Path, label: str) -> Path:
    """The file to write: PATH itself, or PATH/plan.yaml (zone.yaml, operational-plan.yaml:
    the starter's file name) when PATH is a folder."""
    p = Path(path)
    if p.is_dir() or str(path).endswith(("/", os.sep)):
        return p / (STARTERS[label].filename if label in STARTERS else f"{label}.yaml")
    if p.suffix.lower() not in (".yaml", ".yml"):
        msg = f"{path}: a plan file name must end in .yaml, for example {p.with_suffix('.yaml')}."
        raise InputFileError(msg)
    return p


def write_starter(
    path: str | Path,
    *,
    zone: bool = False,
    school: str | None = None,
    label: str | None = None,
) -> Written:
    """Write a starter file and the schema copy beside it. Never overwrites the starter.

    `label` names the starter (:data:`STARTERS`); without it, `zone` chooses the Colorado
    zone starter over the plan.
    """
    label = label or ("zone" if zone else "plan")
    schema_label = _starter(label).schema
    target = target_path(path, label)
    if target.exists():
        msg = (
            f"{target} already exists; planforge init never overwrites a file. "
            "Choose another name, or move the existing file first."
        )
        raise InputFileError(msg)
    text = starter_text(label, school=school)
    schema_path = target.parent / schema_relpath(schema_label)
    write_schema(schema_path, schema_label)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError as e:
        msg = f"{target} already exists; planforge init never overwrites a file."
        raise InputFileError(msg) from e
    except OSError as e:
        msg = f"Cannot write {target}: {e.strerror or e}"
        raise OutputError(msg) from e
    return Written(target, schema_path)


def schema_json(label: str) -> str:
    """The bundled single-file schema as pretty JSON text."""
    return json.dumps(bundled_schema(label), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path, label: str) -> None:
    """Write (or refresh) a bundled schema file atomically."""
    write_text_atomic(path, schema_json(label))
