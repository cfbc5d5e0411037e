"""`planforge review` and `planforge waivers` end to end, on the bundled examples."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planforge.cli import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"
COMPLETE = ["confluence-zone/zone.yaml", "standalone", "renewal"]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _example(rel: str) -> Path:
    path = EXAMPLES / rel
    assert path.exists(), f"bundled example {rel} is missing"
    return path


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("rel", COMPLETE)
@pytest.mark.parametrize("packs", ["co", "co,dps"])
def test_complete_examples_have_no_errors(rel: str, packs: str) -> None:
    _example(rel)
    result = invoke("review", f"examples/{rel}", "--rules", packs, "--format", "json")
    files = json.loads(result.output)["files"]
    errors = [
        (f["path"], x["code"], x["message"])
        for f in files
        for x in f["findings"]
        if x["severity"] == "error"
    ]
    assert errors == []
    assert result.exit_code == 0
    assert {f["verdict"] for f in files} == {"READY"}


def test_zone_reviews_agreement_and_every_member() -> None:
    _example("confluence-zone/zone.yaml")
    result = invoke("review", "examples/confluence-zone/zone.yaml", "--format", "json")
    files = json.loads(result.output)["files"]
    assert files[0]["kind"] == "zone_agreement"
    assert len(files) == 1 + len(files[0]["metrics"]["members"]) >= 2
    assert [e["id"] for e in files[0]["elements"]][:2] == ["zone.members", "zone.governance"]


def test_draft_is_not_ready_and_shows_its_gaps() -> None:
    _example("draft")
    result = invoke("review", "examples/draft", "--format", "json")
    assert result.exit_code == 1
    [entry] = json.loads(result.output)["files"]
    assert entry["verdict"] == "NOT READY"
    assert entry["reviewed"] is True
    codes = {f["code"] for f in entry["findings"] if f["severity"] == "error"}
    assert {
        "co.elements.mission",  # why_innovation: TBD
        "co.waivers.dangling",  # schedule lever refers to w-calendar, which does not exist
        "co.schedule.hours",  # secondary program short of 1,080 hours
        "co.budget.totals",  # stated proposed expenses do not match the lines
        "co.waivers.replacement",  # TBD replacement policy
        "co.consent.sac",  # no SAC vote
        "co.consent.teachers",  # teachers short of a majority of eligible
    } <= codes
    warnings = {f["code"] for f in entry["findings"] if f["severity"] == "warning"}
    assert {
        "co.waivers.orphan",  # w-staff-dress: no lever lists it
        "co.consent.cbu-vote",  # DCTA waiver, no ballot yet: it follows State Board designation
        "co.goals.targets-cover-term",  # g-sat-ebrw: a 2026-27 target only, for a 3-year term
    } <= warnings
    status = {e["id"]: e["status"] for e in entry["elements"]}
    assert status["mission"] == "Missing"
    assert status["academic"] == "Partially meets"
    assert status["consent"] == "Partially meets"
    assert "hours short" in result.output


def test_json_shape() -> None:
    _example("renewal/plan-2026.yaml")
    result = invoke(
        "review", "examples/renewal/plan-2026.yaml", "--rules", "co,dps", "--format", "json"
    )
    [entry] = json.loads(result.output)["files"]
    assert {
        "path",
        "kind",
        "valid",
        "findings",
        "elements",
        "verdict",
        "verdict_detail",
        "metrics",
    } <= set(entry)
    element = entry["elements"][0]
    assert set(element) == {"id", "title", "cite", "status", "findings"}
    assert element["status"] in {"Meets", "Partially meets", "Missing"}
    assert {"instructional_time", "consent", "budget"} <= set(entry["metrics"])
    for finding in entry["findings"]:
        assert {"severity", "code", "message", "pointer", "line", "column"} <= set(finding)


@pytest.mark.parametrize("fmt", ["markdown", "github", "sarif"])
def test_other_formats(fmt: str) -> None:
    _example("renewal/plan-2026.yaml")
    result = invoke(
        "review", "examples/renewal/plan-2026.yaml", "--rules", "co,dps", "--format", fmt
    )
    assert result.exit_code == 0
    assert result.output
    if fmt == "markdown":
        assert "| Element | Status | Comments |" in result.output


def test_strict_fails_on_warnings() -> None:
    _example("renewal/plan-2026.yaml")
    assert (
        invoke(
            "review", "examples/renewal/plan-2026.yaml", "--rules", "co,dps", "--strict"
        ).exit_code
        == 1
    )


def test_unreadable_input_exits_2() -> None:
    result = invoke("review", "examples/nowhere.yaml")
    assert result.exit_code == 2


def test_bad_pack_exits_3() -> None:
    _example("renewal/plan-2026.yaml")
    assert invoke("review", "examples/renewal/plan-2026.yaml", "--rules", "texas").exit_code == 3


def test_schema_invalid_file_is_listed_not_reviewed(tmp_path: Path) -> None:
    bad = tmp_path / "plan.yaml"
    bad.write_text("schema_version: '1.0'\nkind: innovation_plan\n")
    result = invoke("review", str(bad))
    assert result.exit_code == 1
    assert "NOT REVIEWED" in result.output
    assert "[schema.required]" in result.output


def test_golden_text_report() -> None:
    _example("renewal/plan-2026.yaml")
    result = invoke("review", "examples/renewal/plan-2026.yaml", "--rules", "co,dps")
    golden = GOLDEN / "review-renewal.txt"
    if os.environ.get("PLANFORGE_UPDATE_GOLDEN") == "1" or not golden.exists():
        golden.write_text(result.output)
    assert result.output == golden.read_text()


def test_waivers_lookup_and_lists() -> None:
    result = invoke("waivers", "CRS 22-32-109 (1)(f)")
    assert result.exit_code == 0
    assert "C.R.S. 22-32-109(1)(f)" in result.output
    assert "Local board duties concerning selection of staff and pay" in result.output
    result = invoke("waivers", "22-54-104")
    assert "NOT WAIVABLE" in result.output
    result = invoke("waivers", "--list", "charter_automatic", "--format", "json")
    data = json.loads(result.output)
    assert len(data["entries"]) == 15
    assert invoke("waivers", "--list", "nope").exit_code == 2
    assert "Did you mean C.R.S. 22-32-109(1)(f)" in invoke("waivers", "22-32-190(1)(f)").output
