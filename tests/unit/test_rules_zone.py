"""Zone agreements: members, board, services, funding, dispute resolution, cadence."""

from __future__ import annotations

from fixtures import codes, member, run, valid_plan, valid_zone

from planforge.errors import Severity


def test_members_must_validate_and_pass_review() -> None:
    z = valid_zone()
    assert run("co.zone.members", z, members=[member()]) == []
    [f] = run("co.zone.members", z, members=[member(schema_errors=2, reviewed=False)])
    assert "2 validation error(s) and was not reviewed" in f.message
    assert f.pointer == "/schools/0/plan"
    assert (
        "not ready: 3 review error(s)"
        in run("co.zone.members", z, members=[member(review_errors=3)])[0].message
    )
    assert codes(run("co.zone.members", z, members=[member(kind=None)])) == ["co.zone.members"]
    # A zone named as a member is reported once, by the pipeline (zone.member-not-plan).
    assert run("co.zone.members", z, members=[member(kind="zone_agreement")]) == []


def test_member_school_zone_name() -> None:
    plan = valid_plan()
    plan["school"]["zone"] = "Other Zone"
    [f] = run("co.zone.school-zone", valid_zone(), members=[member(plan)])
    assert f.severity is Severity.WARNING
    assert "says “Other Zone”; this zone is “Test Zone”" in f.message
    assert run("co.zone.school-zone", valid_zone(), members=[member()]) == []


def test_seats_add_up_and_quorum() -> None:
    z = valid_zone()
    z["governance"]["size"] = 9
    assert "9 seats, but the seats listed add up to 7" in run("co.zone.seats", z)[0].message
    z["governance"].update(size=7, quorum=8)
    assert "quorum (8) is larger" in run("co.zone.seats", z)[0].message
    assert run("co.zone.seats", valid_zone()) == []


def test_optional_service_price() -> None:
    z = valid_zone()
    del z["services"][1]["price"]
    assert "“Coaching” has no price" in run("co.zone.service-price", z)[0].message
    assert run("co.zone.service-price", valid_zone()) == []


def test_dispute_resolution_for_zones_with_alternative_governance_only() -> None:
    """22-32.5-110.5 (SB 22-197) binds a zone with alternative governance, like Denver's
    Luminary Learning Network, whose nonprofit board runs its schools under delegated
    management; an IMO whose management the board delegates can be one too. A Massachusetts
    empowerment zone never is, whatever its file says."""
    z = valid_zone()
    z["dispute_resolution"]["steps"] = ["TBD"]
    assert codes(run("co.zone.dispute-resolution", z)) == ["co.zone.dispute-resolution"] * 2
    z["zone"]["type"] = "imo"  # the flag is not given: an IMO is not taken to have it
    assert run("co.zone.dispute-resolution", z) == []
    z["governance"]["alternative_governance"] = True  # delegated management
    assert codes(run("co.zone.dispute-resolution", z))
    z["zone"]["type"] = "izone"
    z["governance"]["alternative_governance"] = False  # a district-run zone
    assert run("co.zone.dispute-resolution", z) == []
    z["zone"]["type"] = "empowerment_zone"
    z["governance"]["alternative_governance"] = True
    assert run("co.zone.dispute-resolution", z) == []


def test_dispute_resolution_needs_the_neutral_third_party() -> None:
    """SB 22-197's process: a neutral third party from CDE's list conducts it
    (22-32.5-110.5(2)). A zone whose mediation step names only "a mediator chosen together"
    gets a warning."""
    z = valid_zone()
    assert run("co.zone.dispute-resolution", z) == []
    z["dispute_resolution"]["steps"][1] = (
        "If unresolved after 30 days, the parties use a mediator chosen together."
    )
    [f] = run("co.zone.dispute-resolution", z)
    assert f.severity is Severity.WARNING
    assert f.pointer == "/dispute_resolution/steps"
    assert "neutral third party" in f.message
    assert "22-32.5-110.5(2)" in f.message


def test_funding_method_and_retained_services() -> None:
    z = valid_zone()
    z["funding"]["retained_services"] = []
    assert "No retained district services" in run("co.zone.funding", z)[0].message
    z = valid_zone()
    z["funding"]["method"] = "Per pupil."
    assert "The funding method" in run("co.zone.funding", z)[0].message
    assert run("co.zone.funding", valid_zone()) == []


def test_review_cadence() -> None:
    z = valid_zone()
    z["term"]["review_cadence_years"] = 5
    assert (
        "every 5 years; the statute requires review every 3"
        in run("co.zone.review-cadence", z)[0].message
    )
    assert run("co.zone.review-cadence", valid_zone()) == []


def test_zone_term_order() -> None:
    z = valid_zone()
    z["term"]["start"] = "2030-01-01"
    assert codes(run("co.dates.term-order", z)) == ["co.dates.term-order"]
