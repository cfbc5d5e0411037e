"""The `ma-ez` pack (Massachusetts empowerment zones, the Springfield model): each rule passes on a
valid zone memorandum and school operational plan, and fails on one that breaks it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from fixtures import PROSE, codes, member, run, valid_zone

from planforge.errors import Finding, ResourceError, Severity
from planforge.inputs.datafiles import load_data_file
from planforge.packs.loader import load_packs
from planforge.resources import packs_dir

PACKS = "ma,ma-ez"
EXAMPLE = Path(__file__).parents[2] / "examples" / "massachusetts" / "empowerment-zone"
CONTRACT = "Wexcombe Zone Teacher Agreement 2026-2029"


def _zone() -> dict[str, Any]:
    z = valid_zone()
    z["jurisdiction"] = "MA"
    z["zone"] = {"name": "Wexcombe Empowerment Zone", "type": "empowerment_zone"}
    z["parties"] = [
        {"role": "district", "name": "Wexcombe School Committee"},
        {"role": "state_agency", "name": "Department of Elementary and Secondary Education"},
        {"role": "zone_nonprofit", "name": "Wexcombe Empowerment Zone, Inc."},
    ]
    z["authority"] = ["M.G.L. c.71 §37", "Vote of the Wexcombe School Committee, 2026-03-12"]
    z["recitals"] = [PROSE]
    z["exit_criteria"] = PROSE
    z["autonomies"]["professional_development"] = PROSE
    z["dispute_resolution"] = {"steps": [PROSE, PROSE]}
    z["governance"] = {
        "board_name": "Wexcombe Zone Board",
        "seats": [
            {
                "appointed_by": "Commissioner",
                "authority": "commissioner",
                "count": 4,
                "chair": True,
            },
            {"appointed_by": "Mayor", "authority": "mayor", "count": 1, "designee": True},
            {"appointed_by": "Superintendent", "authority": "superintendent", "count": 1},
            {"appointed_by": "School Committee", "authority": "school_committee", "count": 1},
        ],
        "size": 7,
        "quorum": 4,
    }
    z["services"] = [
        {"name": "Buildings", "mode": "non_optional", "category": "facilities"},
        {"name": "Buses", "mode": "non_optional", "category": "transportation"},
        {"name": "Meals", "mode": "non_optional", "category": "food_services"},
        {"name": "Payroll", "mode": "non_optional", "category": "finance"},
        {"name": "HR records", "mode": "non_optional", "category": "human_resources"},
        {"name": "Coaching", "mode": "optional", "price": 40, "unit": "per_pupil"},
    ]
    vote = {"eligible": 7, "votes_for": 7, "votes_against": 0}
    z["ma"] = {
        "board": {"reports_to": ["The Superintendent", "The Commissioner of Education"]},
        "approvals": {
            "school_committee": {"date": "2026-03-12", "eligible": 7, "votes_for": 6, "votes_against": 1},
            "commissioner": {"date": "2026-03-20"},
            "zone_board": {"date": "2026-03-25", **vote},
        },
        "zone_contract": {
            "name": CONTRACT,
            "parties": ["Wexcombe School Committee", "Wexcombe Education Association"],
            "term": {"start": "2026-07-01", "end": "2029-06-30"},
            "ratification": {"date": "2026-02-26", "eligible": 200, "votes_for": 180, "votes_against": 15},
            "zone_board_approval": {"date": "2026-03-25", **vote},
            "school_committee_approval": {"date": "2026-03-12", **vote},
        },
        "annual_cycle": [
            {"item": "sop", "approved_by": "zone_board", "month": "May"},
            {"item": "ewc", "approved_by": "zone_board", "month": "June"},
            {"item": "budget", "approved_by": "zone_board", "month": "June"},
        ],
        "return_of_schools": {"vehicle": "innovation_plan", "process": PROSE},
    }  # fmt: skip
    z["term"] = {"start": "2026-07-01", "end": "2031-06-30", "review_cadence_years": 5}
    return z


_BLOCKS = [
    {"name": "Morning", "start": "08:00", "end": "11:30", "type": "instruction"},
    {"name": "Lunch", "start": "11:30", "end": "12:00", "type": "lunch"},
    {"name": "Afternoon", "start": "12:00", "end": "15:00", "type": "instruction"},
]  # 6.5 hours of structured learning time a day


def _sop() -> dict[str, Any]:
    return copy.deepcopy({
        "schema_version": "1.0",
        "kind": "school_operational_plan",
        "jurisdiction": "MA",
        "school_year": "2026-27",
        "submitted": "2026-04-27",
        "school": {"name": "Canal Street Middle School", "district": "Wexcombe Public Schools",
                   "zone": "Wexcombe Empowerment Zone", "grades": "6-8", "enrollment": 400,
                   "principal": {"name": "Pat Lee"}},
        "teacher_leadership_team": {
            "members": [{"name": f"Teacher {i}", "role": "Grade 6", "elected": "2026-03-20"} for i in range(4)],
            "election": {"date": "2026-03-20", "method": "secret_ballot", "eligible": 30, "ballots_cast": 28},
        },
        "vision": PROSE,
        "levers": dict.fromkeys(
            ("curriculum", "staffing", "schedule", "budget", "culture", "professional_development"), PROSE
        ),
        "goals": [
            {"id": "g-math", "statement": "More students meet expectations in mathematics.",
             "metric": "MCAS mathematics", "baseline": 20, "target": 28},
            {"id": "g-attend", "statement": "Fewer students are chronically absent.",
             "metric": "Chronic absenteeism", "baseline": "31%", "target": "25%"},
        ],
        "strategies": [
            {"goal": "g-math", "lever": "schedule", "action": PROSE, "owner": "Pat Lee"},
            {"goal": "g-attend", "lever": "culture", "action": PROSE, "owner": "Pat Lee"},
        ],
        "working_conditions": {
            "contract": CONTRACT,
            "items": [{"topic": "Teacher workday", "provision": PROSE, "contract_article": "Article 4, section 4.2"}],
        },
        "calendar": {
            "instructional_days": 185,
            "bell_schedules": [{"name": "Regular day", "program": "secondary", "grades": "6-8",
                                "days": 185, "blocks": copy.deepcopy(_BLOCKS)}],
        },
        "budget": {
            "allocation": 1000000,
            "lines": [
                {"category": "staffing", "description": "Teachers", "amount": 900000},
                {"category": "professional_development", "description": "Coaching", "amount": 100000},
            ],
            "signed": {"principal": "2026-04-24", "teacher_leadership_team": "2026-04-24"},
        },
        "approvals": [
            {"body": "teacher_leadership_team", "item": "sop", "date": "2026-04-23"},
            {"body": "zone_board", "item": "sop", "date": "2026-05-14", "votes_for": 7, "votes_against": 0},
            {"body": "zone_board", "item": "ewc", "date": "2026-06-11"},
            {"body": "zone_board", "item": "budget", "date": "2026-06-11"},
        ],
    })  # fmt: skip


def ez(rule_id: str, data: dict[str, Any], members: list[Any] | None = None) -> list[Finding]:
    return run(rule_id, data, packs=PACKS, members=members)


def pointers(found: list[Finding]) -> list[str]:
    return [f.pointer for f in found]


def sop_member(data: dict[str, Any] | None = None, **kw: Any) -> Any:
    values: dict[str, Any] = {
        "data": _sop() if data is None else data,
        "kind": "school_operational_plan",
        "path": "schools/a/operational-plan.yaml",
    }
    values.update(kw)
    return member(**values)


def _ez_rules() -> list[str]:
    return [r for r in load_packs(PACKS).rules if r.startswith("ma-ez.")]


# --------------------------------------------------------------------------- the pack


def test_every_ma_ez_rule_passes_on_a_valid_zone_and_plan() -> None:
    ruleset = load_packs(PACKS)
    assert ruleset.names == ["ma", "ma-ez"]
    assert ruleset.jurisdiction == "MA"
    assert len(_ez_rules()) == 21
    zone, sop = _zone(), _sop()
    members = [sop_member(sop)]
    assert [f for r in _ez_rules() for f in ez(r, zone, members)] == []
    assert [f for r in _ez_rules() for f in ez(r, sop)] == []
    assert ez("ma.zone.not-supported", zone) == []


def test_every_parameter_is_sourced_and_marked() -> None:
    pack = load_data_file(packs_dir() / "ma-ez.yaml").data
    assert pack["pack"] == "ma-ez"
    assert pack["jurisdiction"] == "MA"
    for name, entry in pack["parameters"].items():
        assert isinstance(entry, dict), name
        assert entry["confidence"] in ("V", "P", "U"), name
        assert entry["source"].strip(), name
    assert set(pack["rules"]) == set(_ez_rules())


def test_a_broken_parameter_is_a_pack_error(tmp_path: Path) -> None:
    pack = tmp_path / "local.yaml"
    pack.write_text(
        "pack: local\nextends: [ma, ma-ez]\nparameters:\n  ma-ez.board.seats: {commissioner: four}\n"
    )
    with pytest.raises(ResourceError, match=r"ma-ez\.board\.seats"):
        load_packs(str(pack))
    pack.write_text(
        "pack: local\nextends: [ma, ma-ez]\nparameters:\n  ma-ez.cycle.months: {sop: Mai}\n"
    )
    with pytest.raises(ResourceError, match=r"ma-ez\.cycle\.months"):
        load_packs(str(pack))


def test_colorado_packs_never_combine_with_ma_ez() -> None:
    with pytest.raises(ResourceError, match="two states"):
        load_packs("co,ma-ez")


@pytest.mark.skipif(
    not (EXAMPLE / "zone.yaml").is_file(), reason="the empowerment-zone example is not written yet"
)
def test_the_example_zone_and_its_plans_have_no_errors() -> None:
    from planforge.inputs.loader import load_file

    zone = load_file(EXAMPLE / "zone.yaml").data
    plans = sorted(EXAMPLE.glob("schools/*/operational-plan.yaml"))
    members = [
        sop_member(load_file(p).data, pointer=f"/schools/{i}/plan", path=str(p))
        for i, p in enumerate(plans)
    ]
    assert [f for r in _ez_rules() for f in ez(r, zone, members)] == []
    for plan in plans:
        data = load_file(plan).data
        errors = [f for r in _ez_rules() for f in ez(r, data) if f.severity is Severity.ERROR]
        assert errors == [], plan


# --------------------------------------------------------------------------- the memorandum


def test_section() -> None:
    z = _zone()
    del z["ma"]
    (found,) = ez("ma-ez.section", z)
    assert found.pointer == ""
    assert "no Massachusetts terms" in found.message
    del z["autonomies"]["professional_development"]  # the memorandum must not claim it
    assert pointers(ez("ma-ez.section", z)) == ["", "/autonomies"]
    # the other rules say nothing more about the missing section
    assert ez("ma-ez.annual-cycle", z) == []
    assert ez("ma-ez.approvals", z) == []
    z["zone"]["type"] = "izone"  # ma.zone.not-supported reports it instead
    assert ez("ma-ez.section", z) == []
    assert codes(ez("ma.zone.not-supported", z)) == ["ma.zone.not-supported"]


def test_parties() -> None:
    z = _zone()
    z["parties"] = z["parties"][:1]
    (found,) = ez("ma-ez.parties", z)
    assert found.message == (
        "The memorandum's parties do not include the state (the Department of Elementary and "
        "Secondary Education) and the zone's nonprofit."
    )


def test_board_seats_springfield_composition() -> None:
    z = _zone()
    z["governance"]["seats"][0]["count"] = 3
    found = ez("ma-ez.board.seats", z)
    assert [f.message for f in found] == [
        "3 voting seat(s) are appointed by the Commissioner; the Springfield model gives the "
        "Commissioner 4.",
        "The board has 7 seats, but its seat groups add up to 6.",
        "The state's appointees hold 3 of the 6 voting seats, not a majority.",
    ]
    assert all(f.severity is Severity.ERROR for f in found)


def test_board_seats_authority_chair_and_voting() -> None:
    z = _zone()
    seats = z["governance"]["seats"]
    del seats[1]["authority"]
    seats[0]["chair"], seats[2]["chair"] = False, True
    seats.append(
        {"appointed_by": "Union liaison", "authority": "teachers", "count": 1, "voting": False}
    )
    z["governance"]["size"] = 8  # the size counts every seat, the non-voting one too
    found = ez("ma-ez.board.seats", z)
    assert pointers(found) == [  # the composition waits until every seat names its authority
        "/governance/seats/1",
        "/governance/seats/2/chair",
    ]
    assert "add `authority:`" in found[0].message
    assert "one of the Commissioner's appointees" in found[1].message
    z = _zone()
    z["governance"]["seats"].append(
        {"appointed_by": "Teachers", "authority": "teachers", "count": 1}
    )
    z["governance"]["size"] = 8
    assert [f.message for f in ez("ma-ez.board.seats", z)] == [
        "1 voting seat(s) are appointed by the teachers; the Springfield model has no such seats.",
        "The state's appointees hold 4 of the 8 voting seats, not a majority.",
    ]
    z = _zone()
    z["governance"]["seats"][0]["chair"] = False
    assert "No seat is marked as the chair's" in ez("ma-ez.board.seats", z)[0].message


def test_board_reports_to() -> None:
    z = _zone()
    z["ma"]["board"]["reports_to"] = ["The Superintendent of Schools"]
    (found,) = ez("ma-ez.board.reports-to", z)
    assert found.pointer == "/ma/board/reports_to"
    assert (
        found.message == "The memorandum does not say that the board reports to the Commissioner."
    )


def test_approvals_of_the_memorandum() -> None:
    z = _zone()
    z["ma"]["approvals"]["school_committee"].update(votes_for=3, votes_against=2)
    z["ma"]["approvals"]["zone_board"]["date"] = "2026-08-01"
    found = ez("ma-ez.approvals", z)
    assert pointers(found) == [
        "/ma/approvals/school_committee/votes_for",
        "/ma/approvals/zone_board/date",
    ]
    assert "at least 4, is needed" in found[0].message
    assert found[0].severity is Severity.ERROR
    assert found[1].severity is Severity.WARNING
    z["ma"]["approvals"]["school_committee"] = {
        "date": "2026-03-12",
        "votes_for": 2,
        "votes_against": 3,
    }
    assert "was not approved" in ez("ma-ez.approvals", z)[0].message
    z["ma"]["approvals"]["school_committee"] = {
        "date": "2026-03-12",
        "eligible": 7,
        "votes_for": 5,
        "votes_against": 5,
    }
    assert "10 School Committee votes were cast" in ez("ma-ez.approvals", z)[0].message


def test_zone_contract() -> None:
    z = _zone()
    contract = z["ma"]["zone_contract"]
    contract["ratification"].update(votes_for=90, votes_against=90)
    contract["zone_board_approval"].update(date="2026-02-01", votes_for=3, votes_against=4)
    contract["term"] = {"start": "2023-07-01", "end": "2026-06-30"}
    found = ez("ma-ez.contract", z)
    assert pointers(found) == [
        "/ma/zone_contract/ratification/votes_for",
        "/ma/zone_contract/zone_board_approval/votes_for",
        "/ma/zone_contract/zone_board_approval/date",
        "/ma/zone_contract/term",
    ]
    assert found[0].message == (
        "90 of the 180 teachers voting voted for the contract; more than half of the votes cast "
        "is needed."
    )
    assert [f.severity for f in found] == [
        Severity.ERROR,
        Severity.ERROR,
        Severity.WARNING,
        Severity.ERROR,
    ]
    z = _zone()
    z["ma"]["zone_contract"]["ratification"] = {"date": "2026-02-26"}
    (found1,) = ez("ma-ez.contract", z)
    assert found1.severity is Severity.WARNING
    assert "no tally" in found1.message


def test_retained_services() -> None:
    z = _zone()
    z["services"][1]["mode"] = "optional"  # transportation
    del z["services"][0]  # facilities
    del z["services"][3]  # human resources (the list has moved up by one)
    found = ez("ma-ez.retained-services", z)
    assert pointers(found) == ["/services", "/services/0/mode", "/services"]
    assert [f.severity for f in found] == [Severity.ERROR, Severity.ERROR, Severity.WARNING]
    assert "No facilities service is listed" in found[0].message
    assert "“Buses” is a transportation service" in found[1].message
    assert "human resources" in found[2].message


def test_annual_cycle() -> None:
    z = _zone()
    cycle = z["ma"]["annual_cycle"]
    cycle[0]["month"] = "August"
    cycle[2]["approved_by"] = "school_committee"
    del cycle[1]
    found = ez("ma-ez.annual-cycle", z)
    assert pointers(found) == [
        "/ma/annual_cycle/0/month",
        "/ma/annual_cycle",
        "/ma/annual_cycle/1/approved_by",
    ]
    assert [f.severity for f in found] == [Severity.WARNING, Severity.ERROR, Severity.ERROR]
    assert "in Springfield it does so in May" in found[0].message
    assert "educator working conditions" in found[1].message


def test_return_of_schools() -> None:
    z = _zone()
    z["exit_criteria"] = "TBD"
    z["ma"]["return_of_schools"]["vehicle"] = "district_management"
    found = ez("ma-ez.return", z)
    assert pointers(found) == ["/exit_criteria", "/ma/return_of_schools/vehicle"]
    assert found[0].severity is Severity.ERROR
    assert found[1].severity is Severity.WARNING
    assert "to ordinary district management" in found[1].message
    del z["ma"]["return_of_schools"]
    assert "how a school returns" in ez("ma-ez.return", z)[1].message


def test_no_colorado() -> None:
    z = _zone()
    z["governance"]["alternative_governance"] = True
    z["authority"].append("C.R.S. 22-32.5-104(4)")
    z["recitals"].append("WHEREAS the Colorado model inspired this zone;")
    z["dispute_resolution"]["steps"].append("A neutral from the CDE list decides.")
    found = ez("ma-ez.no-colorado", z)
    assert pointers(found) == [
        "/governance/alternative_governance",
        "/authority/2",
        "/recitals/1",
        "/dispute_resolution/steps/2",
    ]
    assert found[1].message.startswith("Authority 3 mentions “C.R.S.”")
    z = _zone()
    z["dispute_resolution"]["steps"] = [
        "The Board of Elementary and Secondary Education keeps its powers; the Commissioner's designee mediates."
    ]
    assert ez("ma-ez.no-colorado", z) == []


def test_members() -> None:
    z = _zone()
    other_zone, other_year, other_contract = _sop(), _sop(), _sop()
    other_zone["school"]["zone"] = "Wexcombe Zone"
    other_year["school_year"] = "2025-26"
    other_contract["working_conditions"]["contract"] = "District contract"
    members = [
        sop_member(pointer="/schools/0/plan"),
        sop_member(other_zone, pointer="/schools/1/plan"),
        sop_member(other_year, pointer="/schools/2/plan"),
        sop_member(other_contract, pointer="/schools/3/plan"),
        member(pointer="/schools/4/plan"),  # an innovation plan
        sop_member(pointer="/schools/5/plan", schema_errors=2),
        sop_member(pointer="/schools/6/plan", review_errors=1),
    ]
    found = ez("ma-ez.members", z, members)
    assert [(f.pointer, f.severity) for f in found] == [
        ("/schools/1/plan", Severity.WARNING),
        ("/schools/2/plan", Severity.ERROR),
        ("/schools/3/plan", Severity.WARNING),
        ("/schools/4/plan", Severity.ERROR),
        ("/schools/5/plan", Severity.ERROR),
        ("/schools/6/plan", Severity.ERROR),
    ]
    assert "names the zone “Wexcombe Zone”" in found[0].message
    assert "for the 2025-26 school year; the zone's other plans are for 2026-27" in found[1].message
    assert "under “District contract”" in found[2].message
    assert "is not a school operational plan" in found[3].message
    assert "2 validation error(s)" in found[4].message
    assert "1 review error(s)" in found[5].message
    (outside,) = ez("ma-ez.members", z, [sop_member(other_year)])
    assert "outside the memorandum's term" in outside.message


# --------------------------------------------------------------------------- school operational plans


def test_sop_rules_do_not_review_zones_and_zone_rules_do_not_review_plans() -> None:
    assert ez("ma-ez.sop.tlt", _zone()) == []
    broken = _sop()
    broken["teacher_leadership_team"]["members"] = []
    assert ez("ma-ez.members", broken) == []
    assert codes(ez("ma-ez.sop.tlt", broken)) == ["ma-ez.sop.tlt"]


def test_tlt() -> None:
    d = _sop()
    team = d["teacher_leadership_team"]
    team["members"] = team["members"][:2]
    team["members"][1]["elected"] = "2026-05-01"
    team["election"].update(date="2026-04-30", ballots_cast=31)
    found = ez("ma-ez.sop.tlt", d)
    assert pointers(found) == [
        "/teacher_leadership_team/members",
        "/teacher_leadership_team/election/date",
        "/teacher_leadership_team/members/1/elected",
        "/teacher_leadership_team/election/ballots_cast",
    ]
    assert found[0].message == "The Teacher Leadership Team has 2 member(s); at least 3 expected."
    assert "after the plan was submitted on 2026-04-27" in found[1].message
    assert "31 ballots were cast, but only 30" in found[3].message
    d = _sop()
    del d["submitted"]
    d["teacher_leadership_team"]["election"]["date"] = "2026-05-20"
    assert (
        "after the plan was approved by the zone board on 2026-05-14"
        in ez("ma-ez.sop.tlt", d)[0].message
    )


def test_levers() -> None:
    d = _sop()
    d["levers"]["culture"] = "TBD"
    del d["levers"]["professional_development"]
    found = ez("ma-ez.sop.levers", d)
    assert pointers(found) == ["/levers/culture", "/levers"]
    assert {f.severity for f in found} == {Severity.WARNING}
    assert found[0].message == "The culture section is a placeholder ('TBD')."
    assert found[1].message == "The professional development section is missing."


def test_goals() -> None:
    d = _sop()
    d["goals"][1]["target"] = "TBD"
    d["strategies"][1]["goal"] = "g-attendance"
    d["goals"].append(copy.deepcopy(d["goals"][0]))
    found = ez("ma-ez.sop.goals", d)
    assert pointers(found) == [
        "/goals/0/id",
        "/goals/1",
        "/goals/1/target",
        "/goals/2/id",
        "/strategies/1/goal",
    ]
    assert (
        "Goal g-attend (“Fewer students are chronically absent.”) has no strategy"
        in found[1].message
    )
    assert found[2].message == "The target of goal g-attend is a placeholder ('TBD')."
    assert (
        found[4].message == "Strategy 2 serves goal “g-attendance”, which the plan does not have."
    )


def test_working_conditions() -> None:
    d = _sop()
    items = d["working_conditions"]["items"]
    items.append(
        {"topic": "Duty-free lunch", "provision": "Yes.", "contract_article": "See the contract"}
    )
    found = ez("ma-ez.sop.working-conditions", d)
    assert pointers(found) == [
        "/working_conditions/items/1/contract_article",
        "/working_conditions/items/1/provision",
    ]
    assert {f.severity for f in found} == {Severity.WARNING}
    assert "“Duty-free lunch” does not cite the number" in found[0].message
    items[1]["contract_article"] = "Article IV"
    assert pointers(ez("ma-ez.sop.working-conditions", d)) == [
        "/working_conditions/items/1/provision"
    ]


def test_sop_approvals() -> None:
    d = _sop()
    d["approvals"] = [a for a in d["approvals"] if a["item"] not in ("ewc", "budget")]
    d["approvals"][1].update(date="2026-07-15", votes_for=3, votes_against=4)
    found = ez("ma-ez.sop.approvals", d)
    assert [(f.pointer, f.severity) for f in found] == [
        ("/approvals", Severity.ERROR),
        ("/approvals", Severity.WARNING),
        ("/approvals/1/votes_for", Severity.ERROR),
        ("/approvals/1/date", Severity.WARNING),
    ]
    assert (
        found[0].message
        == "The zone board's approval of the educator working conditions is not recorded."
    )
    assert "school budget" in found[1].message
    assert "voted 3 for and 4 against" in found[2].message
    assert "on or after the first day of the school year (2026-07-01)" in found[3].message
    d = _sop()
    d["approvals"][1]["date"] = "2026-04-20"  # before the plan was submitted
    d["approvals"][2]["date"] = "2025-05-01"  # an earlier year's
    found = ez("ma-ez.sop.approvals", d)
    assert pointers(found) == ["/approvals/1/date", "/approvals/2/date"]
    assert "before it was submitted on 2026-04-27" in found[0].message
    assert "earlier year's approval" in found[1].message


def test_budget() -> None:
    d = _sop()
    d["budget"]["lines"][0]["amount"] = 950000.5
    del d["budget"]["signed"]["teacher_leadership_team"]
    found = ez("ma-ez.sop.budget", d)
    assert [(f.pointer, f.severity) for f in found] == [
        ("/budget/lines", Severity.ERROR),
        ("/budget/signed", Severity.WARNING),
    ]
    assert found[0].message == (
        "The budget lines add up to $1,050,000.50, more than the school's allocation of $1,000,000."
    )
    assert found[1].message == "The budget is not signed by the Teacher Leadership Team."


def test_sop_retained_services() -> None:
    d = _sop()
    d["budget"]["lines"].append(
        {"category": "transportation", "description": "Late bus", "amount": 0}
    )
    (found,) = ez("ma-ez.sop.retained-services", d)
    assert found.pointer == "/budget/lines/2/category"
    assert found.severity is Severity.ERROR
    assert found.message == (
        "The budget line “Late bus” ($0) pays for transportation, a service the district keeps in the zone."
    )


def test_operator() -> None:
    d = _sop()
    d["operator"] = {"name": "Harbor Schools", "role": PROSE, "zone_board_approval": "2026-05-14"}
    (found,) = ez("ma-ez.sop.operator", d)
    assert found.severity is Severity.WARNING
    assert "no recorded approval by the School Committee" in found.message
    d["approvals"].append({"body": "school_committee", "item": "operator", "date": "2026-05-20"})
    assert ez("ma-ez.sop.operator", d) == []


def test_learning_time() -> None:
    d = _sop()
    calendar = d["calendar"]
    calendar["bell_schedules"][0]["blocks"] = calendar["bell_schedules"][0]["blocks"][:1]
    calendar["instructional_days"] = 178
    found = ez("ma-ez.sop.learning-time", d)
    assert pointers(found) == ["/calendar/bell_schedules/0", "/calendar/instructional_days"]
    assert (
        "647.50 hours of structured learning time a year; 603 CMR 27.00 requires 990"
        in found[0].message
    )
    assert "requires at least 180 days" in found[1].message
    assert {f.severity for f in found} == {Severity.ERROR}
    d = _sop()
    d["calendar"]["instructional_days"] = 182
    (found1,) = ez("ma-ez.sop.learning-time", d)
    assert found1.severity is Severity.ERROR  # as for an innovation school (ma pack)
    assert "schedule at least 185" in found1.message
    del d["calendar"]
    assert ez("ma-ez.sop.learning-time", d) == []


def test_exit() -> None:
    d = _sop()
    d["exit"] = {"return_date": "2027-07-01"}
    (found,) = ez("ma-ez.sop.exit", d)
    assert found.pointer == "/exit"
    assert found.severity is Severity.WARNING
    d["exit"] = {"return_date": "2027-01-01", "innovation_plan": "../innovation/plan.yaml"}
    (found,) = ez("ma-ez.sop.exit", d)
    assert found.pointer == "/exit/return_date"
    d["exit"]["return_date"] = "2027-07-01"
    assert ez("ma-ez.sop.exit", d) == []


def test_an_empowerment_zone_reviewed_with_ma_alone_is_not_passed(tmp_path: Path) -> None:
    """`rules: [ma]` must not turn an unchecked zone READY; `ma-ez` alone brings `ma` with it."""
    import shutil

    from planforge.inputs.pipeline import check_paths
    from planforge.rules.engine import review_results

    example = (
        Path(__file__).resolve().parents[2] / "examples" / "massachusetts" / "empowerment-zone"
    )
    folder = tmp_path / "zone"
    shutil.copytree(example, folder)
    results = check_paths([folder / "zone.yaml"])
    alone = review_results(results, "ma")
    assert {e.verdict for e in alone} == {"NOT READY"}
    assert all(any(f.code == "ma.zone.needs-ma-ez" for f in e.findings) for e in alone)
    extended = review_results(results, "ma-ez")
    assert {e.verdict for e in extended} == {"READY"}


def test_a_school_year_whose_years_do_not_follow_is_refused() -> None:
    d = _sop()
    d["school_year"] = "2026-99"
    found = [f for f in ez("ma-ez.sop.approvals", d) if f.pointer == "/school_year"]
    assert len(found) == 1
    assert "2026-99 is not a school year" in found[0].message


def test_reports_to_needs_the_office_itself_not_a_subordinate() -> None:
    z = _zone()
    z["ma"]["board"]["reports_to"] = ["The Assistant Superintendent", "The Commissioner"]
    (found,) = ez("ma-ez.board.reports-to", z)
    assert "the superintendent" in found.message
    z["ma"]["board"]["reports_to"] = ["The Superintendent of Schools", "The Commissioner"]
    assert ez("ma-ez.board.reports-to", z) == []


def test_each_party_approves_the_memorandum_with_a_possible_tally() -> None:
    z = _zone()
    del z["ma"]["approvals"]["commissioner"]
    z["ma"]["approvals"]["zone_board"].update(eligible=7, votes_for=12, votes_against=0)
    found = ez("ma-ez.approvals", z)
    assert [(f.pointer, f.severity) for f in found] == [
        ("/ma/approvals", Severity.WARNING),
        ("/ma/approvals/zone_board", Severity.ERROR),
    ]
    assert "by the Commissioner is not recorded" in found[0].message
    assert "12 votes were cast, but only 7 could vote" in found[1].message


def test_a_team_vote_cannot_have_more_votes_than_members() -> None:
    d = _sop()
    team = len(d["teacher_leadership_team"]["members"])
    d["approvals"].append(
        {"body": "teacher_leadership_team", "item": "sop", "date": "2026-04-20",
         "votes_for": team + 2, "votes_against": 0}
    )  # fmt: skip
    found = [f for f in ez("ma-ez.sop.approvals", d) if "members" in f.message]
    assert len(found) == 1
    assert f"but it has {team} members" in found[0].message
