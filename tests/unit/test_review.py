"""review_file / review_results: element status, locations, verdicts, metrics."""

from __future__ import annotations

import json
from pathlib import Path

from fixtures import valid_plan, valid_zone

from planforge.inputs.pipeline import check_paths
from planforge.rules.engine import (
    MEETS,
    MISSING,
    NOT_READY,
    NOT_REVIEWED,
    PARTIAL,
    READY,
    review_results,
)


def _write(tmp_path: Path, name: str, data: dict[str, object]) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2))  # JSON is YAML
    return path


def _status(entry: object, element: str) -> str:
    return next(e.status for e in entry.elements if e.id == element)  # type: ignore[attr-defined]


def test_clean_plan_is_ready_and_all_elements_meet(tmp_path: Path) -> None:
    [entry] = review_results(check_paths([_write(tmp_path, "plan.yaml", valid_plan())]), "co")
    assert entry.verdict == READY
    assert entry.verdict_detail == "Verdict: READY for board recommendation."
    assert {e.status for e in entry.elements} == {MEETS}
    assert entry.metrics["instructional_time"]["elementary"]["hours"] == 1087
    assert entry.metrics["consent"]["teachers"]["percent"] == 75.0


def test_missing_element_partial_element_and_located_findings(tmp_path: Path) -> None:
    data = valid_plan()
    data["goals"] = []
    data["consent"][1]["votes_for"] = 5
    path = _write(tmp_path, "plan.yaml", data)
    [entry] = review_results(check_paths([path]), "co")
    assert _status(entry, "academic") == MISSING
    assert _status(entry, "consent") == PARTIAL
    assert entry.verdict == NOT_READY
    assert entry.verdict_detail.startswith("Verdict: NOT READY — 2 errors, 0 warnings.")
    teachers = next(f for f in entry.findings if f.code == "co.consent.teachers")
    line = path.read_text().splitlines()[teachers.line - 1]  # type: ignore[operator]
    assert '"votes_for": 5' in line
    assert teachers.path == entry.path


def test_schema_invalid_file_is_not_reviewed(tmp_path: Path) -> None:
    data = valid_plan()
    del data["mission"]
    [entry] = review_results(check_paths([_write(tmp_path, "plan.yaml", data)]), "co")
    assert entry.verdict == NOT_REVIEWED
    assert not entry.reviewed
    assert entry.elements == []
    assert "fix validation errors first" in entry.verdict_detail


def test_zone_reviews_members_and_reports_failing_member(tmp_path: Path) -> None:
    bad = valid_plan()
    bad["consent"][0]["votes_for"] = 0
    _write(tmp_path, "schools/a/plan.yaml", bad)
    zone = _write(tmp_path, "zone.yaml", valid_zone())
    entries = review_results(check_paths([zone]), "co")
    assert [e.kind for e in entries] == ["zone_agreement", "innovation_plan"]
    zone_entry, member_entry = entries
    assert member_entry.verdict == NOT_READY
    assert member_entry.member_of == zone_entry.path
    assert any(
        f.code == "co.zone.members" and "not ready: 1 review error" in f.message
        for f in zone_entry.findings
    )
    assert _status(zone_entry, "zone.members") == MISSING


def test_missing_member_file_makes_members_missing(tmp_path: Path) -> None:
    zone = _write(tmp_path, "zone.yaml", valid_zone())
    [entry] = review_results(check_paths([zone]), "co")
    assert _status(entry, "zone.members") == MISSING
    assert any(f.code == "zone.member-missing" for f in entry.findings)
