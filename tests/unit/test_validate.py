"""Schema findings: plain messages, the right code and the right place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planforge.inputs.loader import load_text
from planforge.inputs.schemas import SCHEMA_FILES, bundled_schema, load_schema, validator_for
from planforge.inputs.validate import detect_kind, readable, validate_document

MINIMAL = (Path(__file__).resolve().parents[1] / "data" / "minimal" / "plan.yaml").read_text()


def findings_for(text: str) -> list[tuple[int | None, int | None, str, str]]:
    doc = load_text(text, "plan.yaml")
    _, found = validate_document(doc)
    return sorted((f.line, f.column, f.code, f.message) for f in found)


def test_minimal_plan_has_no_findings() -> None:
    assert findings_for(MINIMAL) == []


def test_missing_key_says_where_to_add_it() -> None:
    text = MINIMAL.replace("  district: Denver Public Schools\n", "")
    [(line, col, code, msg)] = findings_for(text)
    assert code == "schema.required"
    assert "Add `district:` under `school`" in msg
    assert (line, col) == (9, 1)


def test_unknown_key_suggests_nearest() -> None:
    text = MINIMAL.replace("\nmission:", "\nmision:", 1)
    found = findings_for(text)
    assert [c for _, _, c, _ in found] == ["schema.required", "schema.unknown-key"]
    line, col, _, msg = found[1]
    assert "Did you mean `mission`?" in msg
    assert text.splitlines()[line - 1][col - 1 :].startswith("mision:")


def test_number_where_text_expected_says_put_it_in_quotes_with_text_typed() -> None:
    [(_, _, code, msg)] = findings_for(MINIMAL.replace('cde_code: "0412"', "cde_code: 412.10"))
    assert code == "schema.quote"
    assert 'Put it in quotes: cde_code: "412.10"' in msg


def test_enum_lists_allowed_values_and_guesses() -> None:
    [(_, _, code, msg)] = findings_for(MINIMAL.replace("status: existing", "status: exsting"))
    assert code == "schema.enum"
    assert "existing, new" in msg
    assert "Did you mean `existing`?" in msg


def test_money_with_commas_gets_plain_number_advice() -> None:
    found = findings_for(MINIMAL.replace("        cost: 960000", '        cost: "$960,000"'))
    assert [(c, "write 960000" in m) for _, _, c, m in found] == [("schema.type", True)]


@pytest.mark.parametrize(
    ("typed", "write"),
    [
        ("$960,000", "write 960000 "),
        ("960,000", "write 960000 "),
        ("$960,000.50", "write 960000.50 "),
    ],
)
def test_money_in_a_one_line_mapping_gets_the_same_advice(typed: str, write: str) -> None:
    """`{title: ..., cost: $960,000}`: one finding at the amount, not "write 960" and "`000`
    is not a known field" (a team following that would enter $960)."""
    on_its_own = findings_for(MINIMAL.replace("        cost: 960000", f'        cost: "{typed}"'))
    one_line = MINIMAL.replace(
        "      - title: Classroom teacher\n        fte: 12\n        cost: 960000",
        f"      - {{title: Classroom teacher, fte: 12, cost: {typed}}}",
    )
    [(line, col, code, msg)] = findings_for(one_line)
    assert (line, col, code) == (37, 51, "schema.type")  # at the $ of cost
    assert write in msg
    assert "known field" not in msg
    assert msg == on_its_own[0][3]


def test_comma_that_is_not_a_thousands_separator_is_not_stripped() -> None:
    """`1,5` (a decimal comma) is not 15: no "write 15" advice."""
    [(_, _, code, msg)] = findings_for(MINIMAL.replace("        fte: 12", "        fte: 1,5"))
    assert code == "schema.type"
    assert "write" not in msg
    assert "must be a number" in msg


def test_wrong_type_does_not_repeat_enum_and_format_errors() -> None:
    found = findings_for(MINIMAL.replace('schema_version: "1.0"', "schema_version: 1.0"))
    assert [c for _, _, c, _ in found] == ["schema.quote"]


def test_empty_value_points_at_key() -> None:
    text = MINIMAL.replace("    rationale: Belonging drives attendance.", "    rationale:")
    [(line, col, code, _)] = findings_for(text)
    assert code == "schema.empty"
    assert col == 5
    assert text.splitlines()[line - 1].strip() == "rationale:"


def test_range_message_shows_value_typed() -> None:
    [(_, _, code, msg)] = findings_for(
        MINIMAL.replace("instructional_days: 172", "instructional_days: 400")
    )
    assert code == "schema.range"
    assert "400" in msg
    assert "366" in msg


def test_impossible_date_is_a_format_error() -> None:
    [(_, _, code, _)] = findings_for(
        MINIMAL.replace("submitted: 2026-02-02", "submitted: 2026-13-01")
    )
    assert code == "schema.format"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"kind": "innovation_plan"}, "innovation_plan"),
        ({"kind": "zone_agreement"}, "zone_agreement"),
        ({"kind": "other"}, None),
        ({}, None),
        (["kind"], None),
    ],
)
def test_detect_kind(data: object, kind: str | None) -> None:
    assert detect_kind(data) == kind


def test_unknown_kind_suggests_a_kind() -> None:
    doc = load_text(MINIMAL.replace("kind: innovation_plan", "kind: innovation-plan"), "p.yaml")
    kind, [finding] = validate_document(doc)
    assert kind is None
    assert finding.code == "schema.kind"
    assert "Did you mean `innovation_plan`?" in finding.message
    assert finding.path == "p.yaml"


def test_readable_pointer() -> None:
    assert readable("") == "the top level"
    assert (
        readable("/levers/schedule/bell_schedules/0/blocks/2")
        == "levers.schedule.bell_schedules[1].blocks[3]"
    )
    assert readable("/a~1b/c~0d") == "a/b.c~d"


def test_every_schema_is_valid_draft7_and_every_property_is_described() -> None:
    from jsonschema import Draft7Validator

    for name in SCHEMA_FILES:
        schema = load_schema(name)
        Draft7Validator.check_schema(schema)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    for kind in ("innovation_plan", "zone_agreement"):
        assert validator_for(kind) is validator_for(kind)


def test_bundled_schema_is_self_contained_and_equivalent() -> None:
    from jsonschema import Draft7Validator

    schema = bundled_schema("plan")
    assert "common.schema.json" not in json.dumps(schema)
    data = load_text(MINIMAL).data
    assert list(Draft7Validator(schema).iter_errors(data)) == []
    broken = dict(data, action="sometimes")
    assert list(Draft7Validator(schema).iter_errors(broken))
