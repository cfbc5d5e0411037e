"""The `ma` pack (M.G.L. c.71 §92, 603 CMR 48.00, 603 CMR 27.00): each rule passes on the
fictional Tern Harbor example and fails on a plan that breaks it; jurisdiction keeps the
Colorado and Massachusetts packs apart."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from fixtures import codes, run

from planforge.errors import ResourceError, Severity
from planforge.inputs.loader import load_file
from planforge.packs.loader import load_packs

EXAMPLE = (
    Path(__file__).parents[2] / "examples" / "massachusetts" / "innovation-school" / "plan.yaml"
)


@cache
def _example() -> dict[str, Any]:
    data = load_file(EXAMPLE).data
    assert isinstance(data, dict)
    return data


def plan() -> dict[str, Any]:
    return copy.deepcopy(_example())


def ma(rule_id: str, data: dict[str, Any]) -> list[Any]:
    return run(rule_id, data, packs="ma")


def test_every_ma_rule_passes_on_the_example() -> None:
    ruleset = load_packs("ma")
    assert ruleset.jurisdiction == "MA"
    assert ruleset.names == ["ma"]
    assert all(r.startswith("ma.") for r in ruleset.rules)
    assert [f for r in ruleset.rules for f in ma(r, plan())] == []


def test_packs_of_two_states_cannot_be_combined() -> None:
    with pytest.raises(ResourceError, match="two states"):
        load_packs("co,ma")
    with pytest.raises(ResourceError, match="two states"):
        load_packs("ma,dps")


def test_plan_section() -> None:
    d = plan()
    del d["ma"]
    d["jurisdiction"] = "CO"
    assert [f.pointer for f in ma("ma.plan.section", d)] == ["/jurisdiction", ""]


def test_colorado_items() -> None:
    d = plan()
    d["consent"] = [
        {
            "body": "sac",
            "eligible": 9,
            "votes_for": 9,
            "votes_against": 0,
            "date": "2026-02-01",
            "method": "committee_vote",
        }
    ]
    d["waivers"] = [{"id": "w-cal", "citation": "C.R.S. 22-32-109(1)(n)"}]
    d["school"]["cde_code"] = "0391"
    found = ma("ma.plan.colorado-items", d)
    assert [f.pointer for f in found] == ["/waivers/0", "/consent/0", "/school/cde_code"]


def test_prospectus_elements() -> None:
    d = plan()
    del d["ma"]["prospectus"]["vision"], d["ma"]["prospectus"]["conversion_school"]
    found = ma("ma.prospectus.elements", d)
    assert [f.message for f in found] == ["The prospectus lacks vision and conversion_school."]
    d = plan()
    d["ma"]["prospectus"]["new_or_conversion"] = "new"
    found = ma("ma.prospectus.elements", d)
    assert "lacks location" in found[0].message
    assert "is conversion" in found[1].message
    assert found[2].severity is Severity.WARNING
    assert "impact statement" in found[2].message


def test_screening_members() -> None:
    d = plan()
    d["ma"]["screening"]["members"] = d["ma"]["screening"]["members"][:2]
    assert [f.message for f in ma("ma.screening.members", d)] == [
        "The screening committee has no union member."
    ]


def test_screening_convened() -> None:
    d = plan()
    d["ma"]["screening"]["convened"] = "2025-11-20"
    (found,) = ma("ma.screening.convened", d)
    assert found.severity is Severity.WARNING
    assert "45 days" in found.message


def test_screening_decision_two_thirds_and_timing() -> None:
    d = plan()
    d["ma"]["screening"]["decisions"][0].update(votes_for=2, votes_against=1)
    assert ma("ma.screening.decision", d) == []  # 2 of 3 is two-thirds
    d["ma"]["screening"]["decisions"][0].update(votes_for=1, votes_against=2, date="2025-11-30")
    found = ma("ma.screening.decision", d)
    assert "at least 2, is needed" in found[0].message
    assert "55 days after" in found[1].message
    d["ma"]["screening"]["decisions"][0]["outcome"] = "return"
    assert "not accept" in ma("ma.screening.decision", d)[0].message


def test_committee_members() -> None:
    d = plan()
    d["ma"]["plan_committee"] = [{"name": f"M{i}", "role": "community"} for i in range(12)]
    found = ma("ma.committee.members", d)
    assert "12 members; at most 11" in found[0].message
    assert found[1].severity is Severity.WARNING
    assert "applicant, teacher and parent" in found[1].message


def test_autonomy_areas() -> None:
    d = plan()
    d["ma"]["autonomies"][1]["area"] = "curriculum"
    d["ma"]["autonomies"][0]["narrative"] = "TBD"
    found = ma("ma.autonomy.areas", d)
    assert [f.pointer for f in found] == ["/ma/autonomies/0/narrative", "/ma/autonomies/1/area"]
    d["ma"]["autonomies"] = []
    assert "at least 1" in ma("ma.autonomy.areas", d)[0].message


def test_cba_article() -> None:
    d = plan()
    d["ma"]["autonomies"][1]["cba_changes"][0]["article"] = "the workday article"
    (found,) = ma("ma.autonomy.cba-article", d)
    assert found.pointer == "/ma/autonomies/1/cba_changes/0/article"


def test_state_law_conflicts() -> None:
    d = plan()
    d["ma"]["autonomies"][1]["state_law_conflicts"] = [
        {"citation": "603 CMR 27.03(2)", "provision": "A 180-day scheduled year.", "status": "requested", "requested": "2026-02-01"},
        {"citation": "603 CMR 27.04", "provision": "Counting homeroom.", "status": "approved", "requested": "2026-03-10"},
        {"citation": "M.G.L. c.71 §1", "provision": "Subjects.", "status": "denied"},
    ]  # fmt: skip
    found = ma("ma.autonomy.state-law", d)
    assert [(f.pointer.rsplit("/", 2)[-2:], f.severity) for f in found] == [
        (["0", "status"], Severity.WARNING),
        (["1", "requested"], Severity.ERROR),
        (["state_law_conflicts", "2"], Severity.ERROR),
        (["2", "status"], Severity.ERROR),
    ]


def test_goals_annual() -> None:
    d = plan()
    d["goals"][0]["targets"].pop()
    assert [f.message for f in ma("ma.goals.annual", d)] == [
        "Goal g-ela-meeting has no target for 2030-31."
    ]
    d["goals"] = []
    assert ma("ma.goals.annual", d)[0].pointer == "/goals"


def test_teacher_vote_two_thirds() -> None:
    d = plan()
    d["ma"]["teacher_vote"].update(votes_for=20, votes_against=9)  # 20 of 30 = two-thirds
    assert ma("ma.vote.teachers", d) == []
    d["ma"]["teacher_vote"].update(votes_for=19, votes_against=1)  # 95% of votes cast, 19 of 30
    (found,) = ma("ma.vote.teachers", d)
    assert "19 of 30 teachers (eligible)" in found.message
    assert "at least 20" in found.message
    del d["ma"]["teacher_vote"]
    assert "conversion school" in ma("ma.vote.teachers", d)[0].message


def test_teacher_vote_denominator_is_a_pack_setting(tmp_path: Path) -> None:
    pack = tmp_path / "cast.yaml"
    pack.write_text("extends: ma\nparameters:\n  ma.teacher_vote.denominator: cast\n")
    d = plan()
    d["ma"]["teacher_vote"].update(votes_for=19, votes_against=1)
    assert run("ma.vote.teachers", d, packs=str(pack)) == []


def test_teacher_vote_for_new_contract_changes_at_renewal() -> None:
    d = plan()
    d["action"] = "renewal"
    del d["ma"]["teacher_vote"]
    assert ma("ma.vote.teachers", d) == []
    d["ma"]["autonomies"][1]["cba_changes"][0]["new"] = True
    assert "new contract changes" in ma("ma.vote.teachers", d)[0].message


def test_new_school_agreement() -> None:
    d = plan()
    d["ma"]["school_type"] = "new"
    assert "no agreement" in ma("ma.vote.new-school-agreement", d)[0].message
    d["ma"]["cba_agreement"] = {
        "date": "2026-02-01",
        "parties": ["applicant", "union", "superintendent"],
    }
    assert ma("ma.vote.new-school-agreement", d) == []


def test_school_committee_hearing_and_60_days() -> None:
    d = plan()
    d["ma"]["school_committee"].update(hearings=["2026-05-20"])
    d["ma"]["school_committee"]["vote"]["date"] = "2026-05-10"
    found = ma("ma.school-committee.hearing", d)
    assert "0 public hearing(s)" in found[0].message
    assert "66 days" in found[1].message


def test_school_committee_full_membership_majority() -> None:
    d = plan()
    d["ma"]["school_committee"]["vote"].update(votes_for=4, votes_against=0, members_full=7)
    assert ma("ma.school-committee.vote", d) == []
    d["ma"]["school_committee"]["vote"].update(votes_for=3, votes_against=0)  # all present, 3 of 7
    assert "at least 4" in ma("ma.school-committee.vote", d)[0].message


def test_term_at_most_five_years() -> None:
    d = plan()
    d["term"]["end"] = "2031-07-01"
    assert "longer than 5 years" in ma("ma.term.length", d)[0].message


def test_commissioner_notice() -> None:
    d = plan()
    d["ma"]["commissioner_notice"] = {"date": "2026-05-20", "plan_attached": False}
    found = ma("ma.notice.commissioner", d)
    assert {f.severity for f in found} == {Severity.WARNING}
    assert len(found) == 2
    del d["ma"]["commissioner_notice"]
    assert "due by 2026-05-09" in ma("ma.notice.commissioner", d)[0].message


def test_learning_time() -> None:
    d = plan()
    sched = d["levers"]["schedule"]
    sched["instructional_days"] = 175
    for bell in sched["bell_schedules"]:
        bell["days"] = 175
    sched["bell_schedules"][0]["blocks"] = sched["bell_schedules"][0]["blocks"][:5]
    d["ma"]["learning_time"]["scheduled_days"] = 180
    found = ma("ma.schedule.learning-time", d)
    assert "603 CMR 27.00 requires 900" in found[0].message
    assert "requires 185" in found[1].message
    assert "requires 180" in found[2].message
    d["ma"]["learning_time"]["commissioner_approval"] = "Letter of 2026-02-01"
    assert {f.severity for f in ma("ma.schedule.learning-time", d)} == {Severity.WARNING}


def test_evaluation() -> None:
    d = plan()
    del d["ma"]["evaluation"]
    d["action"] = "renewal"
    found = ma("ma.evaluation.annual", d)
    assert codes(found) == ["ma.evaluation.annual"] * 2
    assert found[0].severity is Severity.WARNING


def test_amendments() -> None:
    d = plan()
    d["ma"]["amendments"] = [
        {"date": "2027-03-01", "summary": "Longer day.", "major_autonomy": True, "cba_change": True,
         "teacher_vote": {"date": "2027-03-10", "eligible": 30, "votes_for": 19, "votes_against": 11}},
        {"date": "2027-04-01", "summary": "New bell.", "major_autonomy": False, "cba_change": False},
    ]  # fmt: skip
    found = ma("ma.amendments.process", d)
    assert [f.pointer for f in found] == ["/ma/amendments/0", "/ma/amendments/0/teacher_vote"]
    d["ma"]["amendments"][0]["teacher_vote"]["votes_for"] = 20
    d["ma"]["amendments"][0]["school_committee_vote"] = {
        "date": "2027-04-09",
        "eligible": 7,
        "votes_for": 4,
        "votes_against": 3,
    }
    assert ma("ma.amendments.process", d) == []


def test_massachusetts_zones_are_not_reviewed_yet() -> None:
    zone = {"kind": "zone_agreement", "jurisdiction": "MA", "zone": {"name": "Z"}}
    (found,) = ma("ma.zone.not-supported", zone)
    assert found.severity is Severity.ERROR
    assert "not reviewed" in found.message
    assert ma("ma.zone.not-supported", plan()) == []  # a zone rule: plans are reviewed


def test_massachusetts_zone_agreement_is_refused_not_worded_as_colorado() -> None:
    from planforge.documents.zone_context import zone_context
    from planforge.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="Massachusetts zone agreement"):
        zone_context({"kind": "zone_agreement", "jurisdiction": "MA"}, [])
