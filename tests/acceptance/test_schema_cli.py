"""`planforge schema`: the bundled, self-contained JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft7Validator

from planforge.authoring.starter import starter_text
from planforge.cli import cli
from planforge.inputs.loader import load_text


@pytest.mark.parametrize(
    ("label", "starters"), [("plan", ["plan"]), ("zone", ["zone", "zone-ma"]), ("sop", ["sop"])]
)
def test_schema_prints_a_self_contained_schema(label: str, starters: list[str]) -> None:
    result = CliRunner().invoke(cli, ["schema", label])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    Draft7Validator.check_schema(schema)
    assert "common.schema.json" not in result.output
    # A plain Draft 7 validator with no registry can check a starter with it.
    for starter in starters:
        data = load_text(starter_text(starter)).data
        assert list(Draft7Validator(schema).iter_errors(data)) == []


def test_schema_sop_is_the_school_operational_plan() -> None:
    result = CliRunner().invoke(cli, ["schema", "sop"])
    assert json.loads(result.output)["title"] == "School operational plan"
    helped = CliRunner().invoke(cli, ["schema", "--help"])
    assert "[plan|zone|sop]" in helped.output


def test_schema_defaults_to_plan() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert json.loads(result.output)["title"] == "Innovation plan"


def test_schema_output_file(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "zone.schema.json"
    result = CliRunner().invoke(cli, ["schema", "zone", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "Zone operating agreement"


def test_schema_rejects_an_unknown_kind() -> None:
    result = CliRunner().invoke(cli, ["schema", "budget"])
    assert result.exit_code == 2
