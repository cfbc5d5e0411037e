"""`planforge review` never says READY while a starter placeholder is left (issue 10, point 3)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from _filled_starter import filled_starter
from click.testing import CliRunner, Result

from planforge.cli import cli

RULE = "co.placeholders.starter"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _review(path: Path, packs: str = "co") -> list[dict[str, Any]]:
    result = invoke("review", str(path), "--rules", packs, "--format", "json")
    files: list[dict[str, Any]] = json.loads(result.output)["files"]
    return files


def _live_todo_lines(text: str) -> set[int]:
    return {
        n for n, line in enumerate(text.split("\n"), 1)
        if line.endswith("  # TODO") and not line.lstrip().startswith("#")
    }  # fmt: skip


def test_schmitt_plan_with_starter_examples_left_is_not_ready(tmp_path: Path) -> None:
    """Schmitt Elementary (Denver, 1820 S Vallejo St; the DPS board approved its turnaround
    innovation plan on 18 August 2016) written from `planforge init` by a team that replaced
    every `TODO:` text with its own words and recorded its votes, but left the starter's
    example budget ($2,700,000 of per-pupil revenue), staffing (20 teachers), bell times,
    goal values and dates with their `# TODO` comments. The review said READY; an authorizer
    would send it back. Every remaining example is now listed at its line, and READY comes
    only once each is replaced or confirmed by deleting its comment."""
    text = filled_starter("plan", school="Schmitt Elementary")
    plan = tmp_path / "schmitt" / "plan.yaml"
    plan.parent.mkdir()
    plan.write_text(text)

    off = tmp_path / "without.yaml"  # the review as it was, without this rule
    off.write_text(f"pack: without\nextends: co\nrules:\n  {RULE}: off\n")
    [before] = _review(plan, str(off))
    assert before["verdict"] == "READY"

    [entry] = _review(plan)
    assert entry["verdict"] == "NOT READY"
    mine = [f for f in entry["findings"] if f["code"] == RULE]
    assert all(f["severity"] == "error" for f in mine)
    # Every example still marked TODO, except the three vote tallies the team changed.
    votes = {n for n, line in enumerate(text.split("\n"), 1) if "votes_for:" in line}
    assert {f["line"] for f in mine} == _live_todo_lines(text) - votes
    assert len(mine) == len(_live_todo_lines(text)) - 3 >= 70
    messages = [f["message"] for f in mine]
    assert (
        "Budget: revenue line 1 (Per-pupil revenue (SBB)) — proposed amount is still the starter's "
        "example value ($2,700,000, marked TODO): replace it, or delete the `# TODO` comment if "
        "the example is right."
    ) in messages
    assert any(
        m.startswith("Staffing: position 2 (Classroom teachers) — FTE is still") for m in messages
    )

    plan.write_text(text.replace("  # TODO", ""))  # every example checked and confirmed
    [after] = _review(plan)
    assert after["verdict"] == "READY"
    assert not [f for f in after["findings"] if f["code"] == RULE]


def test_zone_starter_placeholders_are_listed_too(tmp_path: Path) -> None:
    """The same situation for a zone agreement written with `planforge init --zone`, with
    Schmitt's plan as its member: the agreement's examples (board seats, quorum, pass-through
    percentage, service price, dates) keep their `# TODO` and must be listed."""
    zone = tmp_path / "zone.yaml"
    zone_text = filled_starter("zone")
    zone.write_text(zone_text)
    member = tmp_path / "schools" / "schmitt" / "plan.yaml"
    member.parent.mkdir(parents=True)
    member.write_text(filled_starter("plan").replace("  # TODO", ""))
    files = _review(zone)
    agreement = next(f for f in files if f["kind"] == "zone_agreement")
    assert agreement["verdict"] == "NOT READY"
    lines = {f["line"] for f in agreement["findings"] if f["code"] == RULE}
    assert lines == _live_todo_lines(zone_text)
    assert next(f for f in files if f["kind"] == "innovation_plan")["verdict"] == "READY"

    zone.write_text(zone_text.replace("  # TODO", ""))
    agreement = next(f for f in _review(zone) if f["kind"] == "zone_agreement")
    assert not [f for f in agreement["findings"] if f["code"] == RULE]
