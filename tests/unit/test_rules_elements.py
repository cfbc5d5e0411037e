"""Statutory elements present and substantive: one failing case per rule (passing: the fixture)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fixtures import PROSE, codes, run, valid_plan

from planforge.errors import Severity

Mutate = Callable[[dict[str, Any]], None]


def set_path(path: str, value: Any) -> Mutate:
    def mutate(d: dict[str, Any]) -> None:
        *head, last = path.split(".")
        for key in head:
            d = d[int(key)] if key.isdigit() else d[key]  # type: ignore[index]
        if last.isdigit():
            d[int(last)] = value  # type: ignore[index]
        else:
            d[last] = value

    return mutate


def _no_innovations(d: dict[str, Any]) -> None:
    for lever in d["levers"].values():
        lever["innovations"] = []


CASES: list[tuple[str, Mutate, str]] = [
    ("co.elements.mission", set_path("mission.why_innovation", "TBD"), "placeholder"),
    ("co.elements.mission", set_path("mission.statement", "We teach."), "has only 2 words"),
    ("co.elements.innovations", _no_innovations, "0 innovation(s)"),
    (
        "co.elements.lever-text",
        set_path("levers.culture.rationale", "Lorem ipsum dolor sit amet consectetur."),
        "placeholder",
    ),
    (
        "co.elements.lever-text",
        set_path("levers.curriculum.innovations.0.description", "New books."),
        "Innovation “An innovation”",
    ),
    ("co.elements.programs", set_path("affected_programs", []), "No affected programs"),
    (
        "co.elements.program-changes",
        set_path("affected_programs.0.change", "Changes."),
        "has only 1 word",
    ),
    ("co.elements.goals", set_path("goals", []), "No measurable academic goals"),
    (
        "co.goals.targets-after-baseline",
        set_path("goals.0.targets.0.year", "2023-24"),
        "not after the baseline year 2024-25",
    ),
    (
        "co.elements.budget",
        set_path("levers.budget.expenses", [{"category": "x", "prior": 0, "proposed": 0}]),
        "shows no expenses",
    ),
    ("co.elements.support", set_path("support", []), "No statements of support"),
    ("co.support.text", set_path("support.0.summary", "TODO"), "placeholder"),
    (
        "co.support.groups",
        set_path("support", [{"group": "staff", "summary": PROSE}]),
        "students, families, community",
    ),
]


@pytest.mark.parametrize(("rule_id", "mutate", "fragment"), CASES)
def test_rule_fails(rule_id: str, mutate: Mutate, fragment: str) -> None:
    data = valid_plan()
    mutate(data)
    findings = run(rule_id, data)
    assert codes(findings)
    assert set(codes(findings)) == {rule_id}
    assert any(fragment in f.message for f in findings), [f.message for f in findings]


@pytest.mark.parametrize("rule_id", sorted({c[0] for c in CASES}))
def test_rule_passes_on_valid_plan(rule_id: str) -> None:
    assert run(rule_id, valid_plan()) == []


def test_placeholder_is_whole_word_only() -> None:
    data = valid_plan()
    data["mission"]["why_innovation"] = PROSE + " Stubborn problems need xxxlarge effort."
    assert run("co.elements.mission", data) == []


def test_targets_cover_every_school_year_of_the_term() -> None:
    d = valid_plan()
    assert run("co.goals.targets-cover-term", d) == []
    d["goals"][0]["id"] = "g-x"
    d["goals"][0]["targets"] = [{"year": "2026-27", "value": 35}]
    [f] = run("co.goals.targets-cover-term", d)
    assert f.severity is Severity.WARNING
    assert f.pointer == "/goals/0/targets"
    assert f.message == (
        "Goal 1 (CMAS ELA percent meeting expectations) has targets for 2026-27 only; the plan term also covers 2027-28 and 2028-29."
    )


def test_targets_cover_term_counts_only_years_in_the_term_after_the_baseline() -> None:
    d = valid_plan()
    d["goals"][0]["targets"] = [{"year": "2031-32", "value": 50}]
    [f] = run("co.goals.targets-cover-term", d)
    assert "add targets for 2026-27, 2027-28 and 2028-29" in f.message
    d = valid_plan()
    d["term"] = {"start": "2025-07-01", "end": "2027-06-30"}  # 2025-26 and 2026-27
    d["goals"][0]["baseline"]["year"] = "2025-26"  # a 2025-26 target would not be after it
    d["goals"][0]["targets"] = [{"year": "2026-27", "value": 35}]
    assert run("co.goals.targets-cover-term", d) == []
    del d["term"]["end"]
    d["goals"][0]["targets"] = []
    assert run("co.goals.targets-cover-term", d) == []
