"""Schema validation: jsonschema errors turned into plain-language, located findings.

jsonschema's own messages ("2134 is not of type 'string'") are written for programmers.
Each keyword gets a translator here that says what is wrong and how to fix it, in the
words of someone filling in a form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from planforge.domain.numbers import LIMIT, MAX_DECIMALS, TOO_LARGE, number_problem
from planforge.domain.pointers import readable
from planforge.errors import Finding, error
from planforge.inputs.loader import LoadedDocument, SourceMap, join_pointer, parent_pointer
from planforge.inputs.schemas import SCHEMA_BY_KIND, fast_valid, validator_for

if TYPE_CHECKING:
    from jsonschema import ValidationError

KINDS = tuple(SCHEMA_BY_KIND)


def detect_kind(data: Any) -> str | None:
    """The document kind declared by `kind:`, if it is one planforge knows."""
    if isinstance(data, dict) and data.get("kind") in SCHEMA_BY_KIND:
        return str(data["kind"])
    return None


def validate_document(doc: LoadedDocument) -> tuple[str | None, list[Finding]]:
    """Validate a loaded document against the schema its `kind` names."""
    if not doc.usable:
        return None, []
    kind = detect_kind(doc.data)
    if kind is None:
        return None, [_kind_finding(doc).in_file(doc.path)]
    if fast_valid(kind, doc.data):
        return kind, []
    validator = validator_for(kind)
    findings: dict[tuple[str, str, str], Finding] = {}
    for err in validator.iter_errors(doc.data):
        for finding in translate(err, doc.source_map):
            findings.setdefault((finding.pointer, finding.code, finding.message), finding)
    # A value the loader already reported (an alias it refused) needs no second finding.
    refused = {f.pointer for f in doc.findings if f.pointer}
    kept = [f for f in _drop_echoes(findings.values()) if f.pointer not in refused]
    return kind, [f.in_file(doc.path) for f in kept]


_TYPE_CODES = frozenset({"schema.quote", "schema.type", "schema.empty", "schema.number-range"})


def _drop_echoes(findings: Iterable[Finding]) -> list[Finding]:
    """When a value has the wrong type, its enum/format/range errors only repeat the point."""
    items = list(findings)
    typed = {f.pointer for f in items if f.code in _TYPE_CODES}
    return [
        f
        for f in items
        if f.code in _TYPE_CODES or f.pointer not in typed or f.code == "schema.unknown-key"
    ]


def _kind_finding(doc: LoadedDocument) -> Finding:
    value = doc.data.get("kind")
    line, col = doc.source_map.locate("/kind")
    if value is None:
        msg = (
            "Missing `kind:` at the top of the file. Add `kind: innovation_plan` for a school's "
            "plan, `kind: zone_agreement` for a zone or `kind: school_operational_plan` for a "
            "Massachusetts empowerment-zone school's yearly plan."
        )
        return error("schema.kind", msg, "/kind", line=line, column=col)
    import difflib  # only for suggestions; not loaded on the common path

    guess = difflib.get_close_matches(str(value), KINDS, n=1, cutoff=0.5)
    tail = f" Did you mean `{guess[0]}`?" if guess else ""
    msg = f"`kind: {value}` is not a planforge document kind; use innovation_plan, zone_agreement or school_operational_plan.{tail}"
    return error("schema.kind", msg, "/kind", line=line, column=col)


# -- translation --------------------------------------------------------------------------


def pointer_of(err: ValidationError) -> str:
    """The JSON Pointer of the value an error is about."""
    pointer = ""
    for token in err.absolute_path:
        pointer = join_pointer(pointer, token)
    return pointer


def _name(pointer: str) -> str:
    last = pointer.rsplit("/", 1)[-1]
    if last.isdigit():
        return readable(pointer)
    return last.replace("~1", "/").replace("~0", "~")


def translate(err: ValidationError, smap: SourceMap) -> Iterable[Finding]:
    """Turn one jsonschema error into findings with plain messages and positions."""
    handler = _HANDLERS.get(str(err.validator), _generic)
    yield from handler(err, smap)


def _schema(err: ValidationError) -> dict[str, Any]:
    schema = err.schema
    return dict(schema) if isinstance(schema, dict) else {}


def _expected(err: ValidationError) -> Any:
    return err.validator_value


def _at(code: str, message: str, pointer: str, smap: SourceMap, *, key: bool = False) -> Finding:
    line, col = smap.locate(pointer, key=key)
    return error(code, message, pointer, line=line, column=col)


def _required(err: ValidationError, smap: SourceMap) -> Iterable[Finding]:
    if not isinstance(err.instance, dict):
        return
    where = pointer_of(err)
    place = "at the top level of the file" if not where else f"under `{readable(where)}`"
    for prop in _expected(err):
        if prop in err.instance:
            continue
        msg = f"`{prop}` is missing. Add `{prop}:` {place}."
        line, col = smap.locate(where, key=True)
        yield error("schema.required", msg, join_pointer(where, prop), line=line, column=col)


def _additional(err: ValidationError, smap: SourceMap) -> Iterable[Finding]:
    if not isinstance(err.instance, dict):
        return
    allowed = sorted(_schema(err).get("properties", {}))
    where = pointer_of(err)
    for key in err.instance:
        if key in allowed:
            continue
        import difflib  # only for suggestions; not loaded on the common path

        guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"Did you mean `{guess[0]}`?" if guess else f"Allowed here: {', '.join(allowed)}."
        place = "at the top level" if not where else f"in `{readable(where)}`"
        msg = f"`{key}` is not a known field {place}. {hint}"
        yield _at("schema.unknown-key", msg, join_pointer(where, key), smap, key=True)


def _typed_as(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a section of `key: value` lines"


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list (one item per line, each starting with `- `)",
    "object": "a section of `key: value` lines, indented under it",
    "null": "empty",
}
# An amount as a spreadsheet shows it: $140,000 / 140,000.50 / -$1,200 (commas between
# groups of three digits only: 1,5 is not an amount to strip to 15).
_MONEYISH = re.compile(r"^\s*-?\$?\s*-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?\s*$")


def _type(err: ValidationError, smap: SourceMap) -> Iterable[Finding]:
    pointer = pointer_of(err)
    name = _name(pointer)
    expected = err.validator_value
    expected = expected if isinstance(expected, list) else [expected]
    value = err.instance
    if value is None:
        msg = f"`{name}` is empty. Write a value after the colon, or remove the line."
        yield _at("schema.empty", msg, pointer, smap, key=True)
        return
    if "string" in expected and isinstance(value, (int, float, bool)):
        typed = smap.raw.get(pointer, str(value))
        msg = (
            f"`{name}` must be text, but {typed} was read as {_typed_as(value)}. "
            f'Put it in quotes: {name}: "{typed}"'
        )
        yield _at("schema.quote", msg, pointer, smap)
        return
    if {"integer", "number"} & set(expected) and isinstance(value, str) and number_problem(value):
        yield _at("schema.number-range", _range_message(name, value), pointer, smap)
        return
    if {"integer", "number"} & set(expected) and isinstance(value, str) and _MONEYISH.match(value):
        digits = value.replace("$", "").replace(",", "").strip()
        msg = f"`{name}` must be a plain number: write {digits} (no $ sign, commas or quotes)."
        yield _at("schema.type", msg, pointer, smap)
        return
    want = " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in expected)
    msg = f"`{name}` must be {want}, but it is {_typed_as(value)}."
    yield _at("schema.type", msg, pointer, smap)


def _range_message(name: str, typed: str) -> str:
    shown = typed if len(typed) <= 40 else f"{typed[:20]}…{typed[-6:]} ({len(typed):,} characters)"
    if number_problem(typed) == TOO_LARGE:
        fix = "write the amount in full, e.g. 1250000" if "e" in typed.lower() else "check it"
        return (
            f"`{name}` is `{shown}`, which is too large for a number in a plan (planforge reads "
            f"numbers below {LIMIT:,}); {fix}."
        )
    return (
        f"`{name}` is `{shown}`, which has more digits than planforge can print exactly (at "
        f"most {MAX_DECIMALS} decimal places and 15 significant digits); round it, e.g. 0.75."
    )


def _enum(err: ValidationError, smap: SourceMap) -> Iterable[Finding]:
    pointer = pointer_of(err)
    options = [str(o) for o in _expected(err)]
    value = err.instance
    typed = smap.raw.get(pointer, str(value))
    import difflib  # only for suggestions; not loaded on the common path

    guess = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
    hint = f" Did you mean `{guess[0]}`?" if guess else ""
    if isinstance(value, (int, float)) and typed in options:
        hint = f' Put it in quotes: "{typed}".'
    msg = f"`{_name(pointer)}` is `{typed}`, but must be one of: {', '.join(options)}.{hint}"
    yield _at("schema.enum", msg, pointer, smap)


def _const(err: ValidationError, smap: SourceMap) -> Iterable[Finding]:
    pointer = pointer_of(err)
    msg = f"`{_name(pointer)}` must be `{err.validator_value}` here (found `{err.instance}`)."
    yield _at("schema.const", msg, pointer, smap)


def _pattern(err: ValidationError, smap: SourceMap) -> Iterable[Finding]:
    pointer = pointer_of(err)
    described = _schema(err).get("description", "")
    examples = _schema(err).get("examples")
    example = f" For example: {examples[0]}." if examples and "example" not in described else ""
    msg = f"`{_name(pointer)}` is `{err.instance}`, which is not in the expected form. {described}{example}"
    yield _at("schema.format", msg.strip(), pointer, smap)


def _format(err: ValidationError, smap: SourceMap) -> Iterable[Finding]:
    pointer = pointer_of(err)
    msg = (
        f"`{_name(pointer)}` is `{err.instance}`, which is not a real calendar date. "
        "Write it as YYYY-MM-DD, for example 2026-01-20."
    )
    yield _at("schema.format", msg, pointer, smap)


def _min_length(err: ValidationError, smap: SourceMap) -> Iterable[Finding]:
    pointer = pointer_of(err)
    msg = f"`{_name(pointer)}` is blank. Write the text, or remove the line if it does not apply."
    yield _at("schema.empty", msg, pointer, smap)


def _min_items(err: ValidationError, smap: SourceMap) -> Iterable[Finding]:
    pointer = pointer_of(err)
    n = err.validator_value
    msg = f"`{_name(pointer)}` needs at least {n} item{'s' if n != 1 else ''}."
    yield _at("schema.min-items", msg, pointer, smap)


def _unique(err: ValidationError, smap: SourceMap) -> Iterable[Finding]:
    pointer = pointer_of(err)
    msg = f"`{_name(pointer)}` lists the same entry more than once; remove the repeat."
    yield _at("schema.duplicate-item", msg, pointer, smap)


def _bound(word: str) -> Callable[[ValidationError, SourceMap], Iterable[Finding]]:
    def handler(err: ValidationError, smap: SourceMap) -> Iterable[Finding]:
        pointer = pointer_of(err)
        typed = smap.raw.get(pointer, str(err.instance))
        msg = f"`{_name(pointer)}` is {typed}, but must be {word} {err.validator_value}."
        yield _at("schema.range", msg, pointer, smap)

    return handler


def _generic(err: ValidationError, smap: SourceMap) -> Iterable[Finding]:
    pointer = pointer_of(err)
    yield _at(f"schema.{err.validator}", f"`{readable(pointer)}`: {err.message}", pointer, smap)


def _all_of(err: ValidationError, smap: SourceMap) -> Iterable[Finding]:
    for sub in err.context or ():
        yield from translate(sub, smap)


_HANDLERS: dict[str, Callable[[ValidationError, SourceMap], Iterable[Finding]]] = {
    "required": _required,
    "additionalProperties": _additional,
    "type": _type,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "format": _format,
    "minLength": _min_length,
    "minItems": _min_items,
    "uniqueItems": _unique,
    "minimum": _bound("at least"),
    "maximum": _bound("at most"),
    "allOf": _all_of,
}

__all__ = ["KINDS", "detect_kind", "parent_pointer", "readable", "validate_document"]
