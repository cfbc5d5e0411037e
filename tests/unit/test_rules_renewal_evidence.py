"""Renewal evidence (C.R.S. 22-32.5-110(1)(a)): goal results, SPF ratings, accountability clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fixtures import codes, run, valid_plan

from planforge.errors import Severity
from planforge.inputs.loader import load_text
from planforge.inputs.validate import validate_document
from planforge.rules.renewal_evidence import completed_years, current_plan_years

RESULTS = "co.renewal.goal-results"
SPF = "co.renewal.spf-rating"
CLOCK = "co.renewal.accountability-clock"


def _renewal(**renewal: Any) -> dict[str, Any]:
    """The fixture as a renewal submitted 2026-02-01 of a plan approved 2023-04-20, with the
    2023-24 and 2024-25 results, the state ratings and the clock status (all rules pass)."""
    data = valid_plan()
    data.update(action="renewal", prior_plan_approved="2023-04-20")
    for waiver in data["waivers"]:
        waiver["status"] = "kept"
    data["goals"][0]["results"] = [
        {"year": "2023-24", "value": 31, "target": 30, "met": True},
        {"year": "2024-25", "value": 33, "target": 35, "met": False},
    ]
    data["renewal"] = {
        "spf_ratings": [
            {"year": "2023-24", "framework": "state", "rating": "Improvement"},
            {"year": "2024-25", "framework": "state", "rating": "Improvement"},
        ],
        "accountability_clock": {"status": "not_on_clock"},
        **renewal,
    }
    return data


def test_a_complete_renewal_passes_and_initial_plans_are_not_checked() -> None:
    for rule_id in (RESULTS, SPF, CLOCK):
        assert run(rule_id, _renewal()) == []
        assert run(rule_id, valid_plan()) == []


def test_years_of_the_current_plan_and_completed_years() -> None:
    """DC21 at Wyman: "April 8, 2011 (Revised 2014) (Revised 2016) (Revised 2019)" on its
    plan's title page, a new version at each three-year review. A 2019 renewal of the plan
    approved in 2016, for a term starting 2019-07-01, covers 2016-17 to 2018-19; submitted in
    March 2019 only 2016-17 and 2017-18 are complete (2018-19 results come that summer)."""
    data = {
        "action": "renewal",
        "prior_plan_approved": "2016-05-19",
        "submitted": "2019-03-01",
        "term": {"start": "2019-07-01", "end": "2022-06-30"},
    }
    assert current_plan_years(data, 3) == [2016, 2017, 2018]
    assert completed_years(data, 3) == [2016, 2017]
    assert completed_years({**data, "submitted": "2019-08-15"}, 3) == [2016, 2017, 2018]
    del data["submitted"]  # the last year is taken to be under way
    assert completed_years(data, 3) == [2016, 2017]
    del data["prior_plan_approved"]  # the review cadence before the term
    assert current_plan_years(data, 3) == [2016, 2017, 2018]
    # approved in August for the same school year (a turnaround plan approved late)
    assert current_plan_years({**data, "prior_plan_approved": "2016-08-18"}, 3)[0] == 2016


def test_goal_without_results_is_an_error() -> None:
    """Schmitt Elementary's 2016 plan set CMAS targets for its first three years as an
    innovation school; its renewal three years later must say what the school achieved each
    completed year, or the board cannot make the 22-32.5-110(1)(a) determination."""
    data = _renewal()
    del data["goals"][0]["results"]
    [f] = run(RESULTS, data, packs="co")
    assert f.severity is Severity.ERROR
    assert f.pointer == "/goals/0"
    assert f.message.startswith(
        "Goal 1 (CMAS ELA percent meeting expectations) has no result for 2023-24 and 2024-25"
    )


def test_a_missing_year_or_a_placeholder_result_is_reported() -> None:
    data = _renewal()
    data["goals"][0]["results"][1]["value"] = "TBD"
    [f] = run(RESULTS, data)
    assert f.pointer == "/goals/0/results"
    assert "has no result for 2024-25: completed school year" in f.message
    data["goals"][0]["results"].pop()
    assert codes(run(RESULTS, data)) == [RESULTS]


def test_a_new_goal_and_a_result_in_words_pass() -> None:
    data = _renewal()
    data["goals"].append(
        {
            "id": "g-spf",
            "metric": "CDE School Performance Framework plan type",
            "new": True,
            "baseline": {"year": "2024-25", "value": "Improvement"},
            "targets": [
                {"year": y, "value": "Performance"} for y in ("2026-27", "2027-28", "2028-29")
            ],
        }
    )
    data["goals"][0]["results"][0] = {
        "year": "2023-24",
        "value": "No CMAS result: fewer than 16 students tested",
        "note": "Too few students for a reportable result",
    }
    assert run(RESULTS, data) == []


def test_spf_rating_missing_or_stale() -> None:
    data = _renewal()
    del data["renewal"]["spf_ratings"]
    [f] = run(SPF, data, packs="co")
    assert f.severity is Severity.ERROR
    assert f.pointer == "/renewal"
    assert "gives no School Performance Framework rating" in f.message
    del data["renewal"]
    assert run(SPF, data)[0].pointer == "/action"
    stale = _renewal()
    stale["renewal"]["spf_ratings"].pop()
    [f] = run(SPF, stale)
    assert "do not include 2024-25, the latest completed school year" in f.message


def test_district_framework_words_marked_as_state_are_a_warning() -> None:
    """DPS rated schools on its own framework (Meets Expectations, Accredited on Watch) beside
    CDE's plan types; a district rating filed as the state's is a mistake to fix, not a gap."""
    data = _renewal()
    data["renewal"]["spf_ratings"][1]["rating"] = "Meets Expectations"
    [f] = run(SPF, data)
    assert f.severity is Severity.WARNING
    assert f.pointer == "/renewal/spf_ratings/1/rating"
    assert "not one of CDE's plan types" in f.message
    data["renewal"]["spf_ratings"][1]["framework"] = "district"
    data["renewal"]["spf_ratings"].append(
        {"year": "2024-25", "framework": "state", "rating": "Priority Improvement Plan"}
    )
    assert run(SPF, data) == []


def test_clock_status_missing_or_without_its_year() -> None:
    """Schmitt Elementary (DPS) became an innovation school in 2016 as a Turnaround school;
    the plan's cover page for CDE asks "Is the school in Priority Improvement or Turnaround?".
    Its renewal must say where it stands on the clock, and in which year."""
    data = _renewal()
    del data["renewal"]["accountability_clock"]
    [f] = run(CLOCK, data, packs="co")
    assert f.severity is Severity.ERROR
    assert f.pointer == "/renewal"
    assert "does not say whether the school is on the state accountability clock" in f.message
    on_clock = _renewal(accountability_clock={"status": "on_clock"})
    on_clock["renewal"]["spf_ratings"][1]["rating"] = "Turnaround"
    [f] = run(CLOCK, on_clock)
    assert f.message == (
        "The school is on the accountability clock, but the year on the clock is not given."
    )
    on_clock["renewal"]["accountability_clock"]["year"] = 3
    assert run(CLOCK, on_clock) == []


@pytest.mark.parametrize(
    ("rating", "status", "fragment"),
    [
        ("Turnaround", "not_on_clock", "puts a school on the accountability clock"),
        ("Priority Improvement", "on_watch", "puts a school on the accountability clock"),
        ("Performance", "on_clock", "is on watch"),
    ],
)
def test_clock_status_that_contradicts_the_latest_rating(
    rating: str, status: str, fragment: str
) -> None:
    data = _renewal(accountability_clock={"status": status, "year": 2})
    data["renewal"]["spf_ratings"][1]["rating"] = rating
    [f] = run(CLOCK, data)
    assert f.severity is Severity.WARNING
    assert f.pointer == "/renewal/accountability_clock/status"
    assert fragment in f.message


MINIMAL = (Path(__file__).resolve().parents[1] / "data" / "minimal" / "plan.yaml").read_text()
MINIMAL_GOALS = """\
goals:
  - id: g-ela
    metric: CMAS ELA percent meeting or exceeding
    baseline: {year: 2025-26, value: 41}
    targets:
      - {year: 2026-27, value: 45}
"""
RATING_GOAL = """\
goals:
  - id: g-plan-type
    metric: Plan type on CDE's School Performance Framework
    baseline: {year: 2015-16, value: Turnaround}
    targets:
      - {year: 2016-17, value: Priority Improvement}
      - {year: 2017-18, value: Improvement}
    results:
      - {year: 2016-17, value: Priority Improvement, target: Priority Improvement, met: true}
"""


def test_rating_targets_validate_and_booleans_do_not() -> None:
    """A turnaround school's goal can be a rating, not a number (Schmitt Elementary, a
    Turnaround school in 2016, aiming to leave the clock): the schema takes ratings in words."""
    assert MINIMAL.count(MINIMAL_GOALS) == 1
    text = MINIMAL.replace(MINIMAL_GOALS, RATING_GOAL)
    kind, found = validate_document(load_text(text, "plan.yaml"))
    assert kind == "innovation_plan"
    assert found == []
    bad = text.replace("value: Turnaround", "value: true")
    _, found = validate_document(load_text(bad, "plan.yaml"))
    assert [f.pointer for f in found] == ["/goals/0/baseline/value"]
