"""Every bundled example validates, the zone follows its four members, the renewal pair is in sync."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from planforge.cli import cli
from planforge.inputs.pipeline import check_paths

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
ZONE = EXAMPLES / "confluence-zone" / "zone.yaml"
MEMBERS = ("cottonwood-creek", "platte-bend", "riverfront-middle", "steelworks-high")
ALL_FILES = {
    "confluence-zone/zone.yaml",
    *(f"confluence-zone/schools/{slug}/plan.yaml" for slug in MEMBERS),
    "standalone/plan.yaml",
    "draft/plan.yaml",
    "renewal/plan-2023.yaml",
    "renewal/plan-2026.yaml",
    "massachusetts/innovation-school/plan.yaml",
    "massachusetts/empowerment-zone/zone.yaml",
    *(
        f"massachusetts/empowerment-zone/schools/{slug}/operational-plan.yaml"
        for slug in ("canal-street", "brightwater", "mill-river")
    ),
}


def _validate_json(*paths: Path) -> tuple[int, list[dict[str, object]]]:
    result = CliRunner().invoke(
        cli, ["validate", "--format", "json", *map(str, paths)], catch_exceptions=False
    )
    return result.exit_code, json.loads(result.output)["files"]


def _relative(path: object) -> str:
    return Path(str(path)).resolve().relative_to(EXAMPLES).as_posix()


def test_every_example_validates_with_no_findings() -> None:
    code, files = _validate_json(EXAMPLES)
    assert code == 0
    assert {_relative(f["path"]) for f in files} == ALL_FILES
    for entry in files:
        assert entry["valid"] is True, entry
        assert entry["findings"] == [], entry


def test_validate_examples_folder_exits_0_from_the_installed_script() -> None:
    script = Path(sys.executable).with_name("planforge")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "planforge"]
    proc = subprocess.run(
        [*command, "validate", "examples/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "14 files checked: no problems found." in proc.stdout


def test_zone_validates_its_four_member_plans() -> None:
    code, files = _validate_json(ZONE)
    assert code == 0
    assert sorted(_relative(f["path"]) for f in files) == sorted(
        ["confluence-zone/zone.yaml", *(f"confluence-zone/schools/{s}/plan.yaml" for s in MEMBERS)]
    )
    kinds = {_relative(f["path"]): f["kind"] for f in files}
    assert kinds.pop("confluence-zone/zone.yaml") == "zone_agreement"
    assert set(kinds.values()) == {"innovation_plan"}


def test_zone_members_are_followed_and_linked_to_the_zone() -> None:
    results = check_paths([ZONE])
    zone, *members = results
    assert zone.kind == "zone_agreement"
    assert zone.valid
    assert len(zone.members) == 4
    assert len(members) == 4
    for member in members:
        assert member.valid
        assert member.kind == "innovation_plan"
        assert member.member_of == zone.path
        assert member.data["school"]["zone"] == "Confluence Innovation Zone"


def test_renewal_copy_matches_the_zone_member_apart_from_the_schema_line() -> None:
    member = (EXAMPLES / "confluence-zone/schools/platte-bend/plan.yaml").read_text("utf-8")
    copy = (EXAMPLES / "renewal/plan-2026.yaml").read_text("utf-8")
    first_member, rest_member = member.split("\n", 1)
    first_copy, rest_copy = copy.split("\n", 1)
    assert first_member.startswith("# yaml-language-server: $schema=")
    assert first_copy == "# yaml-language-server: $schema=../../schemas/plan.schema.json"
    assert rest_copy == rest_member, "examples/renewal/plan-2026.yaml is out of sync"


def test_schema_modelines_point_at_real_schemas() -> None:
    for rel in sorted(ALL_FILES):
        path = EXAMPLES / rel
        first = path.read_text("utf-8").split("\n", 1)[0]
        target = first.removeprefix("# yaml-language-server: $schema=")
        assert target != first, rel
        assert (path.parent / target).resolve().is_file(), (rel, target)
