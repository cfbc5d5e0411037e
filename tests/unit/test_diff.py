"""Unit tests of planforge.changes.core on small plans built from the starter's placeholder data."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from planforge.authoring.starter import placeholder_data
from planforge.changes.core import PlanDiff, compare, norm_citation
from planforge.changes.report import REPORTERS, as_json
from planforge.errors import Severity
from planforge.inputs.loader import load_text

Plan = dict[str, Any]


def base() -> Plan:
    plan = placeholder_data("plan")
    plan["action"] = "initial"
    plan["waivers"][0].pop("status", None)
    for name, lever in plan["levers"].items():
        lever["innovations"][0]["title"] = f"{name.capitalize()} innovation"
    plan["waivers"].append(
        {
            "id": "w-bdfh",
            "kind": "district_policy",
            "citation": "BDFH",
            "title": "Collaborative School Committees",
            "levers": ["culture"],
            "rationale": "A leadership council replaces the committee.",
            "replacement_policy": "The School Leadership Council meets monthly.",
            "how_intent_is_met": "Families and staff still advise the principal.",
        }
    )
    return plan


def run(old: Plan, new: Plan) -> PlanDiff:
    a = load_text(json.dumps(old, indent=2), "old.yaml")
    b = load_text(json.dumps(new, indent=2), "new.yaml")
    return compare(a, b)


def edited(change: Callable[[Plan], None], *, renewal: bool = True) -> tuple[Plan, Plan]:
    old = base()
    new = copy.deepcopy(old)
    if renewal:
        new["action"] = "renewal"
    change(new)
    return old, new


def texts(diff: PlanDiff, section: str) -> list[str]:
    return [c.sentence() for c in diff.section(section)]


def codes(diff: PlanDiff) -> list[str]:
    return [f.code for f in diff.findings]


def test_identical_plans_have_no_changes() -> None:
    diff = run(base(), base())
    assert diff.changes == []
    assert [w.category for w in diff.waivers] == ["kept", "kept"]
    assert diff.findings == []


# -- school facts, levers, innovations -------------------------------------------------------


def test_school_facts_and_term() -> None:
    def change(p: Plan) -> None:
        p["school"]["enrollment"] = 438
        p["school"]["grades"] = "K-8"
        p["term"]["end"] = "2030-06-30"

    diff = run(*edited(change))
    lines = texts(diff, "plan")
    assert "Enrollment: 400 → 438 (+38)" in lines
    assert "Grades: K-5 → K-8" in lines
    assert "Plan ends: 2029-06-30 → 2030-06-30" in lines
    assert "Plan type: initial → renewal" in lines


def test_innovations_added_removed_changed_and_moved() -> None:
    def change(p: Plan) -> None:
        levers = p["levers"]
        levers["curriculum"]["innovations"].append({"title": "Friday Labs", "description": "x"})
        levers["culture"]["innovations"] = [{"title": "Advisory", "description": "Daily."}]
        levers["staffing"]["innovations"][0]["description"] = "A different plan for staff."
        moved = levers["budget"]["innovations"].pop(0)
        levers["schedule"]["innovations"].append(moved)

    diff = run(*edited(change))
    assert 'New innovation: "Friday Labs"' in texts(diff, "curriculum")
    culture = texts(diff, "culture")
    assert 'New innovation: "Advisory"' in culture
    assert any(t.startswith("Removed innovation:") for t in culture)
    assert any(
        t.startswith("Changed innovation") and "description" in t for t in texts(diff, "staffing")
    )
    moved = [c for c in diff.section("schedule") if c.action == "moved"]
    assert moved
    assert "moved here from Budget" in moved[0].sentence()
    assert not [c for c in diff.section("budget") if c.kind == "innovation"]


def test_lever_text_waiver_ids_and_assessments() -> None:
    def change(p: Plan) -> None:
        p["levers"]["culture"]["rationale"] = "Belonging drives attendance."
        p["levers"]["culture"]["waivers"] = ["w-bdfh"]
        p["levers"]["curriculum"]["assessments"] = ["NWEA MAP Growth"]

    diff = run(*edited(change))
    culture = texts(diff, "culture")
    assert any(t.startswith("Rationale:") for t in culture)
    assert "New reliance on waiver: w-bdfh" in culture
    curriculum = texts(diff, "curriculum")
    assert "New assessment: NWEA MAP Growth" in curriculum
    assert any(t.startswith("Removed assessment:") for t in curriculum)


# -- staffing and budget ---------------------------------------------------------------------


def test_positions_and_staffing_totals() -> None:
    def change(p: Plan) -> None:
        positions = p["levers"]["staffing"]["positions"]
        positions[1]["fte"], positions[1]["cost"] = 21, 1580000
        positions.append({"title": "Dean of students", "fte": 1, "cost": 98000})
        positions.pop(2)

    diff = run(*edited(change))
    lines = texts(diff, "staffing")
    assert any("20 → 21 FTE (+1); $1,500,000 → $1,580,000 (+$80,000)" in t for t in lines)
    assert 'New position: "Dean of students" (1 FTE, $98,000)' in lines
    assert any(t.startswith('Removed position: "TODO: paraprofessionals"') for t in lines)
    assert "Total staffing: 25 → 23 FTE (-2); $1,820,000 → $1,818,000 (-$2,000)" in lines


def test_budget_lines_and_totals() -> None:
    def change(p: Plan) -> None:
        budget = p["levers"]["budget"]
        budget["revenues"][1]["proposed"] = 175000
        budget["revenues"].append({"source": "Gift", "type": "private", "prior": 0, "proposed": 5})
        budget["expenses"].pop(1)
        budget["proposed_year"] = "2027-28"

    diff = run(*edited(change))
    lines = texts(diff, "budget")
    assert 'Changed revenue line "Title I, Part A": $150,000 → $175,000 (+$25,000)' in lines
    assert 'New revenue line: "Gift" ($5)' in lines
    assert 'Removed expense line: "Instructional materials" ($130,000)' in lines
    assert "Total proposed revenues: $2,850,000 → $2,875,005 (+$25,005)" in lines
    assert "Proposed budget year: 2026-27 → 2027-28" in lines
    assert {r.name for r in diff.expenses} == {
        "Salaries and benefits",
        "Instructional materials",
        "Purchased services",
    }


# -- schedule --------------------------------------------------------------------------------


def test_schedule_days_blocks_and_hours() -> None:
    def change(p: Plan) -> None:
        sched = p["levers"]["schedule"]
        sched["instructional_days"] = 176
        regular = sched["bell_schedules"][0]
        regular["days"] = 140
        regular["blocks"][2]["end"] = "15:45"
        regular["blocks"].append(
            {"name": "Clubs", "start": "15:45", "end": "16:15", "type": "other"}
        )
        sched["bell_schedules"].append(
            {
                "name": "Saturday academy",
                "program": "elementary",
                "days": 4,
                "blocks": [
                    {"name": "Morning", "start": "09:00", "end": "12:00", "type": "instruction"}
                ],
            }
        )

    diff = run(*edited(change))
    lines = texts(diff, "schedule")
    assert "Instructional days: 172 → 176 (+4)" in lines
    assert 'Changed bell schedule "Regular day": days 136 → 140 (+4)' in lines
    assert any('"Afternoon instruction" on Regular day' in t and "12:15–15:45" in t for t in lines)
    assert any(t.startswith('New block: "Clubs" on Regular day') for t in lines)
    assert 'New bell schedule: "Saturday academy"' in lines
    old_hours, new_hours = diff.hours["elementary (K-5)"]
    assert old_hours == pytest.approx(136 * 405 / 60 + 36 * 300 / 60)
    assert new_hours == pytest.approx(140 * 420 / 60 + 36 * 300 / 60 + 4 * 3)
    assert any(
        t.startswith("Scheduled instruction hours a year, elementary (K-5), before deductions")
        for t in lines
    )


def test_a_whole_day_moved_is_one_line() -> None:
    def change(p: Plan) -> None:
        for block in p["levers"]["schedule"]["bell_schedules"][1]["blocks"]:
            block["start"] = f"{int(block['start'][:2]) + 1:02d}{block['start'][2:]}"
            block["end"] = f"{int(block['end'][:2]) + 1:02d}{block['end'][2:]}"

    lines = texts(run(*edited(change)), "schedule")
    assert lines == [
        'Bell schedule "Wednesday early release": every block moved 60 minutes later '
        "(the day now starts at 09:00)"
    ]


# -- goals, consent, other -------------------------------------------------------------------


def test_goals_and_targets() -> None:
    def change(p: Plan) -> None:
        goal = p["goals"][0]
        goal["targets"][1]["value"] = 53
        goal["targets"].append({"year": "2029-30", "value": 58})
        goal["baseline"]["value"] = 44
        p["goals"].append(
            {
                "id": "g-math",
                "metric": "CMAS math",
                "baseline": {"year": "2025-26", "value": 30},
                "targets": [{"year": "2026-27", "value": 33}],
            }
        )

    diff = run(*edited(change))
    lines = texts(diff, "goals")
    changed = next(t for t in lines if t.startswith("Changed goal g-ela-growth"))
    assert "baseline 45 → 44 (-1)" in changed
    assert "target 2027-28 52 → 53 (+1)" in changed
    assert "target 2029-30 added: 58" in changed
    assert any(t.startswith("New goal: g-math") for t in lines)


def test_consent_votes() -> None:
    def change(p: Plan) -> None:
        p["consent"][1].update(votes_for=18, votes_against=4)
        p["consent"].append(
            {
                "body": "cbu_members",
                "eligible": 20,
                "votes_for": 15,
                "votes_against": 5,
                "date": "2026-02-12",
                "method": "secret_ballot",
            }
        )
        p["consent"].pop(0)

    diff = run(*edited(change))
    lines = texts(diff, "consent")
    assert any(t.startswith("Teachers vote: 0 of 22 for") and "18 of 22 for" in t for t in lines)
    # The body's one label (domain.labels), as the review and the plan name it.
    assert any(t.startswith("New vote: Bargaining-unit members") for t in lines)
    assert any(t.startswith("Removed vote: Administrators") for t in lines)


def test_affected_programs_and_support() -> None:
    def change(p: Plan) -> None:
        p["affected_programs"].append(
            {"name": "Bell schedule", "type": "bell_schedule", "change": "Longer day."}
        )
        p["support"][0]["evidence"] = "Survey: 250 of 300 in favour"

    diff = run(*edited(change))
    lines = texts(diff, "other")
    assert 'New affected program: "Bell schedule"' in lines
    assert any(t.startswith('Changed statement of support "families": evidence') for t in lines)


# -- waivers ---------------------------------------------------------------------------------


def _waiver(p: Plan, wid: str) -> dict[str, Any]:
    return next(w for w in p["waivers"] if w["id"] == wid)


def test_waiver_categories_with_consistent_statuses() -> None:
    def change(p: Plan) -> None:
        _waiver(p, "w-calendar")["status"] = "kept"
        bdfh = _waiver(p, "w-bdfh")
        bdfh["status"] = "modified"
        bdfh["replacement_policy"] = "The council meets twice a month."
        new = copy.deepcopy(bdfh)
        new.update(id="w-dress", citation="GBEBA", title="Staff dress code", status="added")
        p["waivers"].append(new)

    diff = run(*edited(change))
    assert {w.id: w.category for w in diff.waivers} == {
        "w-calendar": "kept",
        "w-bdfh": "modified",
        "w-dress": "added",
    }
    assert diff.findings == []
    modified = diff.waivers_in("modified")[0]
    assert modified.changed == ["replacement_policy"]
    assert modified.old_replacement.startswith("The School Leadership Council")


def test_waiver_dropped_with_entry_is_not_a_problem() -> None:
    diff = run(*edited(lambda p: _waiver(p, "w-bdfh").update(status="dropped")))
    assert [w.id for w in diff.waivers_in("dropped")] == ["w-bdfh"]
    assert "diff.waiver-missing" not in codes(diff)


def test_waiver_matched_by_citation_when_id_changes() -> None:
    def change(p: Plan) -> None:
        w = _waiver(p, "w-calendar")
        w.update(id="w-school-calendar", citation="C.R.S. § 22-32-109 (1)(n)(I)", status="kept")

    diff = run(*edited(change))
    row = next(w for w in diff.waivers if w.id == "w-school-calendar")
    assert row.category == "kept"
    assert row.old_id == "w-calendar"
    assert not diff.has_contradictions


def test_norm_citation() -> None:
    assert norm_citation("C.R.S. 22-32-109(1)(n)(I)") == norm_citation("crs §22-32-109 (1)(n)(i)")
    assert norm_citation("Policy BDFH") == norm_citation("BDFH")
    assert norm_citation(None) == ""


def test_wording_change_keeps_category_kept() -> None:
    def change(p: Plan) -> None:
        w = _waiver(p, "w-bdfh")
        w.update(status="kept", rationale="Reworded rationale.")

    diff = run(*edited(change))
    row = next(w for w in diff.waivers if w.id == "w-bdfh")
    assert row.category == "kept"
    assert row.changed == ["rationale"]
    assert not diff.has_contradictions


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (
            lambda p: _waiver(p, "w-bdfh").update(status="kept", replacement_policy="Other."),
            "diff.status-kept-but-changed",
        ),
        (
            lambda p: _waiver(p, "w-bdfh").update(status="kept", levers=["culture", "staffing"]),
            "diff.status-kept-but-changed",
        ),
        (
            lambda p: _waiver(p, "w-bdfh").update(status="modified"),
            "diff.status-modified-but-unchanged",
        ),
        (lambda p: _waiver(p, "w-bdfh").update(status="added"), "diff.status-added-but-existing"),
        (
            lambda p: p["waivers"].append(
                dict(_waiver(p, "w-bdfh"), id="w-new", citation="GCB", status="kept")
            ),
            "diff.status-not-in-old",
        ),
        (
            lambda p: p["waivers"].append(
                dict(_waiver(p, "w-bdfh"), id="w-new", citation="GCB", status="dropped")
            ),
            "diff.status-not-in-old",
        ),
        (lambda p: p["waivers"].pop(), "diff.waiver-missing"),
    ],
)
def test_status_contradictions(change: Callable[[Plan], None], code: str) -> None:
    old, new = edited(change)
    for w in new["waivers"]:
        w.setdefault("status", "kept")
    diff = run(old, new)
    assert code in codes(diff)
    finding = next(f for f in diff.findings if f.code == code)
    assert finding.severity is Severity.ERROR
    assert finding.path == "new.yaml"
    assert finding.line is not None
    assert finding.line > 1
    assert diff.has_contradictions


def test_contradiction_is_located_at_the_status_line() -> None:
    old, new = edited(lambda p: _waiver(p, "w-bdfh").update(status="added"))
    new_text = json.dumps(new, indent=2)
    diff = compare(
        load_text(json.dumps(old, indent=2), "old.yaml"), load_text(new_text, "new.yaml")
    )
    finding = next(f for f in diff.findings if f.code == "diff.status-added-but-existing")
    line = new_text.splitlines()[(finding.line or 0) - 1]
    assert '"status": "added"' in line


def test_missing_status_in_a_renewal_is_a_warning() -> None:
    diff = run(*edited(lambda p: None))
    warnings = [f for f in diff.findings if f.code == "diff.status-missing"]
    assert len(warnings) == 2
    assert all(f.severity is Severity.WARNING for f in warnings)
    assert not diff.has_contradictions
    assert run(*edited(lambda p: None, renewal=False)).findings == []


# -- robustness and formats ------------------------------------------------------------------


def test_broken_drafts_do_not_crash() -> None:
    old = {"kind": "innovation_plan", "levers": "oops", "waivers": {"a": 1}, "goals": [3]}
    new = {
        "kind": "innovation_plan",
        "levers": {
            "schedule": {
                "bell_schedules": [
                    {"name": "Day", "days": "many", "blocks": [{"name": "A", "start": "8:00"}]}
                ]
            }
        },
        "waivers": [None, {"id": 5}],
        "consent": "none",
        "school": [],
    }
    diff = run(old, new)
    for reporter in REPORTERS.values():
        reporter(diff, io.StringIO())


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_format_lists_the_changes(name: str) -> None:
    def change(p: Plan) -> None:
        p["school"]["enrollment"] = 438
        _waiver(p, "w-bdfh").update(status="kept", replacement_policy="Changed.")

    diff = run(*edited(change))
    out = io.StringIO()
    REPORTERS[name](diff, out)
    text = out.getvalue()
    assert "438" in text
    assert "diff.status-kept-but-changed" in text
    if name == "json":
        data = json.loads(text)
        assert data == json.loads(json.dumps(as_json(diff)))
        assert {w["category"] for w in data["waivers"]} == {"kept", "modified"}


def test_diff_shows_numbers_as_typed() -> None:
    from planforge.changes.parts import money, number, signed

    assert number(0.333) == "0.333"
    assert number(35.333000000000006) == "35.333"
    assert money(1234.567) == "$1,234.567"
    assert money(1234.5) == "$1,234.50"
    assert money(None) == "—"
    assert signed(0.1 + 0.2) == "+0.3"
