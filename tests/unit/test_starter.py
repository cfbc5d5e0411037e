"""The starter written by `planforge init`: valid, complete, commented, never overwriting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planforge.authoring.schemawalk import iter_fields
from planforge.authoring.starter import (
    guidance,
    modeline,
    placeholder_data,
    placeholder_pointers,
    scalar,
    starter_text,
    write_starter,
)
from planforge.errors import InputFileError
from planforge.inputs.loader import load_text
from planforge.inputs.schemas import bundled_schema
from planforge.inputs.validate import validate_document

LABELS = ("plan", "zone")


def _paths(data: object, prefix: str = "") -> set[str]:
    """Field paths (schema style, `[]` for list items) present in data."""
    out: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else key
            out |= {path} | _paths(value, path)
    elif isinstance(data, list):
        for item in data:
            out |= _paths(item, f"{prefix}[]")
    return out


@pytest.mark.parametrize("label", LABELS)
def test_starter_loads_cleanly_and_is_schema_valid(label: str) -> None:
    doc = load_text(starter_text(label), f"{label}.yaml")
    assert doc.findings == []
    kind, findings = validate_document(doc)
    assert kind == ("innovation_plan" if label == "plan" else "zone_agreement")
    assert findings == []


@pytest.mark.parametrize("label", LABELS)
def test_first_line_is_the_modeline(label: str) -> None:
    first = starter_text(label).splitlines()[0]
    assert first == modeline(label)
    assert first == f"# yaml-language-server: $schema=.planforge/{label}.schema.json"


@pytest.mark.parametrize("label", LABELS)
def test_every_schema_field_is_present_or_commented_out(label: str) -> None:
    text = starter_text(label)
    present = _paths(load_text(text).data)
    commented = set(guidance(label).get("commented_out", []))
    hidden = {
        p
        for p in _paths(placeholder_data(label))
        if any(p == c or p.startswith((f"{c}.", f"{c}[]")) for c in commented)
    }
    for field in iter_fields(label):
        assert field.path in present | hidden, f"{field.path} missing from the {label} starter"


@pytest.mark.parametrize("label", LABELS)
def test_every_field_has_its_description_above_it(label: str) -> None:
    text = starter_text(label)
    flat = " ".join(
        line.strip().lstrip("# ")  # help inside a commented-out section is `#   # help`
        for line in text.splitlines()
        if line.strip().startswith("#")
    )
    flat = " ".join(flat.split())
    for field in iter_fields(label):
        if field.description:
            assert " ".join(field.description.split()) in flat, field.path


def test_school_option_fills_the_name() -> None:
    doc = load_text(starter_text("plan", school="Juniper Ridge: K-8 #1"))
    assert doc.data["school"]["name"] == "Juniper Ridge: K-8 #1"


def test_placeholders_are_reported() -> None:
    data = load_text(starter_text("plan")).data
    pointers = placeholder_pointers(data)
    assert "/school/name" in pointers
    assert "/mission/statement" in pointers
    assert "/kind" not in pointers
    named = load_text(starter_text("plan", school="Real School")).data
    assert "/school/name" not in placeholder_pointers(named)


@pytest.mark.parametrize(
    "value",
    [
        "08:30",
        "0412",
        "yes",
        "NO",
        "on",
        "null",
        "~",
        "TODO: x",
        "a #b",
        "- x",
        "[x]",
        "2026-01-20",
        "2026-27",
        "K-5",
        "6-8",
        "1.0",
        "12",
        "x:",
        "  lead",
        'say "hi"',
        "C.R.S. 22-32-109(1)(n)(I)",
        "Ünïcode ✓",
        True,
        0.5,
        1250000,
    ],
)
def test_scalars_read_back_unchanged(value: object) -> None:
    doc = load_text(f"key: {scalar(value)}\n")
    assert doc.findings == []
    assert doc.data["key"] == value


def test_write_starter_writes_plan_and_schema(tmp_path: Path) -> None:
    written = write_starter(tmp_path / "plan.yaml", school="Aurora Vista")
    assert written.path.read_text(encoding="utf-8").startswith(modeline("plan"))
    assert json.loads(written.schema_path.read_text(encoding="utf-8")) == bundled_schema("plan")
    assert written.schema_path == tmp_path / ".planforge" / "plan.schema.json"


def test_write_starter_into_a_folder(tmp_path: Path) -> None:
    written = write_starter(tmp_path, zone=True)
    assert written.path == tmp_path / "zone.yaml"


def test_write_starter_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(InputFileError, match="already exists"):
        write_starter(target)
    assert target.read_text(encoding="utf-8") == "mine"


def test_write_starter_wants_a_yaml_name(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"\.yaml"):
        write_starter(tmp_path / "plan.txt")


def _uncomment(text: str, key: str) -> str:
    """The starter with the commented-out top-level section `key` uncommented, as a team does:
    one `# ` removed from each line of the block."""
    lines = text.splitlines()
    start = lines.index(f"# {key}:")
    end = next(i for i in range(start, len(lines)) if not lines[i].strip())
    lines[start:end] = [line[2:] for line in lines[start:end]]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("key", ["board_resolution", "renewal"])
def test_a_commented_out_section_uncommented_is_valid_with_its_help(key: str) -> None:
    text = _uncomment(starter_text("plan"), key)
    doc = load_text(text, "plan.yaml")
    assert doc.findings == []
    assert key in doc.data
    assert validate_document(doc)[1] == []
    block = text[text.index(f"\n{key}:") :].split("\n\n", 1)[0]
    assert "\n  # " in block  # the fields' help came along
