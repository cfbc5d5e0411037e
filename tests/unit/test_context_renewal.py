"""The renewal evidence and the board resolution in the rendered plan and waiver request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from _render_support import base_plan, render, text_of

from planforge.documents.plan_context import plan_context
from planforge.documents.renewal_context import goal_value
from planforge.documents.waiver_context import waiver_request_context
from planforge.documents.zone_context import Member, zone_context
from planforge.inputs.loader import load_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
RENEWAL = EXAMPLES / "renewal" / "plan-2026.yaml"


def _renewal() -> dict[str, Any]:
    data: dict[str, Any] = load_file(RENEWAL).data
    return data


def test_goal_values_print_numbers_and_ratings() -> None:
    assert goal_value(53, "percentile") == "53"
    assert goal_value(23.5, "percent") == "23.5%"
    assert goal_value("Performance", "rating") == "Performance"
    assert goal_value(None, "percent") == "\u2014"


def test_the_renewal_example_shows_results_ratings_and_clock() -> None:
    """Platte Bend's 2026 renewal (fictional, Denver): the board's 22-32.5-110(1)(a) review
    reads each goal's 2023-24 and 2024-25 results against the 2023 plan's targets, the state
    ratings and the clock status, in one table under the goals."""
    ctx = plan_context(_renewal())
    renewal = ctx["renewal"]
    assert renewal["shown"] is True
    first = renewal["results"][0]
    assert (first["year"], first["target"], first["result"], first["met"]) == (
        "2023-24",
        "45",
        "47",
        "Met",
    )
    missed = next(r for r in renewal["results"] if r["result"] == "23%")
    assert missed["met"] == "Not met"
    assert missed["detail"].startswith("All students \u00b7 Below target both years")
    assert [(f["label"], f["value"]) for f in renewal["facts"]] == [
        ("School Performance Framework, 2023-24 (state)", "Improvement"),
        ("School Performance Framework, 2024-25 (state)", "Performance"),
        ("Accountability clock", "Not on the clock"),
    ]
    spf_goal = ctx["goals"]["rows"][-1]
    assert spf_goal["baseline"] == "Performance (2024-25)"
    assert spf_goal["targets"] == ["Performance"] * 3


def test_an_initial_plan_has_no_renewal_section() -> None:
    ctx = plan_context(base_plan())
    assert ctx["renewal"]["shown"] is False
    assert ctx["renewal"]["results"] == ctx["renewal"]["facts"] == []


def test_clock_year_is_shown_when_on_the_clock() -> None:
    data = _renewal()
    data["renewal"]["accountability_clock"] = {"status": "on_clock", "year": 2}
    facts = plan_context(data)["renewal"]["facts"]
    assert facts[-1]["value"] == "On the clock, year 2"


def test_board_resolution_in_the_overview_and_the_waiver_request() -> None:
    """CDE's Appendix A asks for the signed board resolution with the plan's state waiver
    request section; once the board has voted the plan records it, and both documents name it."""
    data = _renewal()
    assert plan_context(data)["plan"]["resolution"] is None
    data["board_resolution"] = {"number": "3521", "date": "2026-04-16"}
    facts = {f["label"]: f["value"] for f in plan_context(data)["school"]["facts"]}
    assert facts["Local board resolution"] == "No. 3521, adopted 2026-04-16"
    request = waiver_request_context(data)
    assert request["plan"]["resolution"] == "No. 3521, adopted 2026-04-16"
    assert (
        "The Board approved the plan by Resolution No. 3521, adopted 2026-04-16; the "
        "resolution page follows this letter." in request["waivers"]["letter"]
    )


def test_rendered_documents_show_the_evidence_and_the_resolution() -> None:
    data = _renewal()
    data["board_resolution"] = {
        "number": "3521",
        "date": "2026-04-16",
        "adopted_by": "Board of Education of School District No. 1 in the City and County of Denver",
    }
    plan = text_of(render("plan", data))
    assert "Results of the current plan" in plan
    assert "Accountability clock Not on the clock" in plan
    assert "Local board resolution No. 3521, adopted 2026-04-16 by the Board of Education" in plan
    waivers = text_of(render("waivers", data))
    assert "Local board resolution: No. 3521, adopted 2026-04-16" in waivers
    initial = text_of(render("plan", base_plan()))
    assert "Results of the current plan" not in initial


def test_zone_exhibit_prints_a_rating_target() -> None:
    data = _renewal()
    ctx = zone_context(
        load_file(EXAMPLES / "confluence-zone" / "zone.yaml").data,
        [Member("schools/platte-bend/plan.yaml", data)],
    )
    rows = ctx["exhibits"]["goals"][0]["rows"]
    spf = next(r for r in rows if r["metric"].startswith("Plan type"))
    assert spf["baseline"] == "2024-25: Performance"
    assert spf["targets"] == "2026-27: Performance; 2027-28: Performance; 2028-29: Performance"
