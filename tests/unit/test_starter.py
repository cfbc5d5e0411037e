"""The starter written by `planforge init`: valid, complete, commented, never overwriting."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from planforge.authoring.schemawalk import iter_fields
from planforge.authoring.starter import (
    STARTERS,
    guidance,
    labels_for_kind,
    modeline,
    placeholder_data,
    placeholder_pointers,
    scalar,
    starter_label,
    starter_text,
    write_starter,
)
from planforge.errors import InputFileError
from planforge.inputs.loader import load_text
from planforge.inputs.schemas import bundled_schema
from planforge.inputs.validate import validate_document

LABELS = ("plan", "zone", "zone-ma", "sop")
MA_LABELS = ("zone-ma", "sop")
# What would show a Colorado starter's words in a Massachusetts one.
COLORADO = ("C.R.S", "SB 22-197", "SB 10-191", "CDE", "Colorado", "Denver", "ECEA",
            "Exceptional Children", "State Board of Education", "22-32.5", "[co", "- co",
            "720-", "izone:")  # fmt: skip


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


def _under(path: str, tops: Iterable[str]) -> bool:
    """The path is one of `tops` or a field inside one."""
    return any(path == c or path.startswith((f"{c}.", f"{c}[]")) for c in tops)


def _left_out(label: str) -> list[str]:
    return list(guidance(label).get("left_out", []))


@pytest.mark.parametrize("label", LABELS)
def test_starter_loads_cleanly_and_is_schema_valid(label: str) -> None:
    doc = load_text(starter_text(label), f"{label}.yaml")
    assert doc.findings == []
    kind, findings = validate_document(doc)
    assert kind == STARTERS[label].kind
    assert findings == []


@pytest.mark.parametrize("label", LABELS)
def test_every_optional_field_written_out_is_schema_valid(label: str) -> None:
    doc = load_text(starter_text(label, all_fields=True), f"{label}.yaml")
    assert doc.findings == []
    assert validate_document(doc) == (STARTERS[label].kind, [])


@pytest.mark.parametrize("label", LABELS)
def test_first_line_is_the_modeline(label: str) -> None:
    first = starter_text(label).splitlines()[0]
    schema = STARTERS[label].schema
    assert first == modeline(label) == modeline(schema)
    assert first == f"# yaml-language-server: $schema=.planforge/{schema}.schema.json"


@pytest.mark.parametrize("label", LABELS)
def test_every_schema_field_is_present_or_commented_out(label: str) -> None:
    """Every field is in the starter, shown as a comment, or left out as another state's."""
    text = starter_text(label)
    present = _paths(load_text(text).data)
    commented = set(guidance(label).get("commented_out", []))
    hidden = {p for p in _paths(placeholder_data(label)) if _under(p, commented)}
    left_out = _left_out(label)
    for field in iter_fields(STARTERS[label].schema):
        if _under(field.path, left_out):
            assert field.path not in present, f"{field.path} is left out of the {label} starter"
            continue
        assert field.path in present | hidden, f"{field.path} missing from the {label} starter"


@pytest.mark.parametrize("label", LABELS)
def test_every_field_has_its_description_above_it(label: str) -> None:
    """The schema's description, or the starter's own where the schema speaks of another
    state's law."""
    text = starter_text(label)
    flat = " ".join(
        line.strip().lstrip("# ")  # help inside a commented-out section is `#   # help`
        for line in text.splitlines()
        if line.strip().startswith("#")
    )
    flat = " ".join(flat.split())
    own = guidance(label).get("descriptions", {})
    left_out = _left_out(label)
    for field in iter_fields(STARTERS[label].schema):
        description = str(own.get(field.path, field.description))
        if description and not _under(field.path, left_out):
            assert " ".join(description.split()) in flat, field.path


@pytest.mark.parametrize("label", LABELS)
def test_guidance_names_only_real_fields(label: str) -> None:
    paths = {f.path for f in iter_fields(STARTERS[label].schema)}
    guide = guidance(label)
    for key in ("commented_out", "left_out", "descriptions", "fields"):
        assert [p for p in guide.get(key, []) if p not in paths] == [], key


@pytest.mark.parametrize("label", MA_LABELS)
def test_massachusetts_starters_have_no_colorado_content(label: str) -> None:
    for text in (starter_text(label), starter_text(label, all_fields=True)):
        assert [w for w in COLORADO if w in text] == []
    data = load_text(starter_text(label)).data
    assert data["jurisdiction"] == "MA"
    assert "rules" not in data  # the default packs: the zone's, else ma and ma-ez


def test_the_colorado_zone_starter_is_unchanged_in_kind() -> None:
    data = load_text(starter_text("zone")).data
    assert data["rules"] == ["co"]
    assert data["zone"]["type"] == "izone"
    assert "ma" not in data
    assert "C.R.S. 22-32.5-104(1)(a)" in data["authority"]


def test_the_massachusetts_zone_starter() -> None:
    data = load_text(starter_text("zone-ma")).data
    assert data["zone"]["type"] == "empowerment_zone"
    assert {p["role"] for p in data["parties"]} == {"district", "state_agency", "zone_nonprofit"}
    assert [m["plan"] for m in data["schools"]] == ["schools/TODO-school/operational-plan.yaml"]
    seats = data["governance"]["seats"]
    assert sum(s["count"] for s in seats) == data["governance"]["size"]
    commissioner = sum(s["count"] for s in seats if s["authority"] == "commissioner")
    assert commissioner * 2 > data["governance"]["size"]  # the state-appointed majority
    assert all("authority" in s for s in seats)
    assert "alternative_governance" not in data["governance"]
    assert {"board", "approvals", "zone_contract", "annual_cycle", "return_of_schools"} <= set(
        data["ma"]
    )


def test_the_school_operational_plan_starter_is_consistent() -> None:
    """The example numbers agree with each other, as the plan starter's do."""
    data = load_text(starter_text("sop")).data
    budget = data["budget"]
    assert sum(line["amount"] for line in budget["lines"]) == budget["allocation"]
    calendar = data["calendar"]
    assert sum(b["days"] for b in calendar["bell_schedules"]) == calendar["instructional_days"]
    minutes = 0
    for block in calendar["bell_schedules"][0]["blocks"]:
        if block["type"] == "instruction":
            start, end = (int(t[:2]) * 60 + int(t[3:]) for t in (block["start"], block["end"]))
            minutes += end - start
    assert minutes * calendar["instructional_days"] / 60 >= 990  # 603 CMR 27.04, secondary
    goal_ids = {g["id"] for g in data["goals"]}
    assert {s["goal"] for s in data["strategies"]} <= goal_ids
    assert sum(1 for m in data["teacher_leadership_team"]["members"] if m.get("chair")) == 1


@pytest.mark.parametrize("label", MA_LABELS)
def test_a_filled_in_massachusetts_starter_validates_with_no_placeholder(label: str) -> None:
    """What a team does: write its own text over each TODO and delete each `# TODO` mark."""
    text = starter_text(label, school="Canal Street Middle School")
    filled = _fill(text)
    live = [line for line in filled.splitlines() if not line.lstrip().startswith("#")]
    assert [line for line in live if "TODO" in line] == []
    doc = load_text(filled, f"{label}.yaml")
    assert doc.findings == []
    assert validate_document(doc) == (STARTERS[label].kind, [])
    assert placeholder_pointers(doc.data) == []


def _fill(text: str) -> str:
    """Every `TODO...` text replaced by the team's own words, every `# TODO` mark deleted."""
    import re

    text = text.replace("  # TODO\n", "\n")
    text = re.sub(r'"TODO: ([^"]*)"', lambda m: f'"Ours: {m.group(1)}"', text)
    text = re.sub(r"TODO-school", "canal-street", text)
    return re.sub(r"^(\s*)TODO: ", r"\1Ours: ", text, flags=re.MULTILINE)


def test_starter_labels_and_kinds() -> None:
    assert starter_label() == "plan"
    assert starter_label(zone=True) == starter_label(zone=True, state="CO") == "zone"
    assert starter_label(zone=True, state="ma") == "zone-ma"
    assert starter_label(sop=True) == starter_label(sop=True, state="MA") == "sop"
    assert labels_for_kind("zone_agreement") == ("zone", "zone-ma")
    assert labels_for_kind("school_operational_plan") == ("sop",)
    assert labels_for_kind("innovation_plan") == ("plan",)
    assert labels_for_kind(None) == ()
    with pytest.raises(ValueError, match="zone-ma"):
        starter_text("budget")


@pytest.mark.parametrize("label", ["plan", "sop"])
def test_school_option_fills_the_name(label: str) -> None:
    doc = load_text(starter_text(label, school="Juniper Ridge: K-8 #1"))
    assert doc.data["school"]["name"] == "Juniper Ridge: K-8 #1"


def test_placeholders_are_reported() -> None:
    data = load_text(starter_text("plan")).data
    pointers = placeholder_pointers(data)
    assert "/school/name" in pointers
    assert "/mission/statement" in pointers
    assert "/kind" not in pointers
    named = load_text(starter_text("plan", school="Real School")).data
    assert "/school/name" not in placeholder_pointers(named)


def test_placeholders_of_the_school_operational_plan_are_reported() -> None:
    pointers = placeholder_pointers(load_text(starter_text("sop")).data)
    for pointer in (
        "/school/name", "/school/principal/name", "/teacher_leadership_team/members/0/name",
        "/vision", "/levers/curriculum", "/goals/0/statement", "/strategies/0/action",
        "/working_conditions/contract", "/working_conditions/items/0/contract_article",
        "/budget/lines/0/description", "/signatories/1/name",
    ):  # fmt: skip
        assert pointer in pointers, pointer
    assert "/jurisdiction" not in pointers
    assert "/goals/0/id" not in pointers


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


def test_write_starter_writes_a_school_operational_plan(tmp_path: Path) -> None:
    written = write_starter(f"{tmp_path}/canal/", label="sop", school="Canal Street")
    assert written.path == tmp_path / "canal" / "operational-plan.yaml"
    text = written.path.read_text(encoding="utf-8")
    assert text.startswith(modeline("sop"))
    assert load_text(text).data["school"]["name"] == "Canal Street"
    assert written.schema_path == tmp_path / "canal" / ".planforge" / "sop.schema.json"
    assert json.loads(written.schema_path.read_text(encoding="utf-8")) == bundled_schema("sop")


def test_write_starter_writes_a_massachusetts_zone(tmp_path: Path) -> None:
    written = write_starter(tmp_path / "ez" / "memorandum.yaml", label="zone-ma")
    assert written.path == tmp_path / "ez" / "memorandum.yaml"
    assert written.schema_path == tmp_path / "ez" / ".planforge" / "zone.schema.json"
    assert load_text(written.path.read_text(encoding="utf-8")).data["jurisdiction"] == "MA"


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


@pytest.mark.parametrize(
    ("label", "key"),
    [("plan", "board_resolution"), ("plan", "renewal"), ("sop", "operator"), ("sop", "exit")],
)
def test_a_commented_out_section_uncommented_is_valid_with_its_help(label: str, key: str) -> None:
    text = _uncomment(starter_text(label), key)
    doc = load_text(text, f"{label}.yaml")
    assert doc.findings == []
    assert key in doc.data
    assert validate_document(doc)[1] == []
    block = text[text.index(f"\n{key}:") :].split("\n\n", 1)[0]
    assert "\n  # " in block  # the fields' help came along
