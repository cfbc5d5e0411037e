"""Consent votes: majorities against eligible, new schools, the 60% secret-ballot CBA vote."""

from __future__ import annotations

from typing import Any

from fixtures import codes, run, valid_plan

from planforge.errors import Severity


def _vote(d: dict[str, Any], body: str) -> dict[str, Any]:
    return next(v for v in d["consent"] if v["body"] == body)


def _cba_plan() -> dict[str, Any]:
    d = valid_plan()
    d["waivers"].append({**d["waivers"][0], "id": "w-dcta", "kind": "cba", "citation": "Article 8-1",
                         "title": "Workday", "agreement": "DPS-DCTA Agreement 2022-2025"})  # fmt: skip
    d["consent"].append({"body": "cbu_members", "eligible": 20, "votes_for": 12, "votes_against": 8,
                         "date": "2026-05-01", "method": "secret_ballot"})  # fmt: skip
    return d


def test_consent_present_fails_without_votes() -> None:
    d = valid_plan()
    d["consent"] = []
    assert codes(run("co.elements.consent", d)) == ["co.elements.consent"]


def test_consent_present_is_warning_for_new_school() -> None:
    d = valid_plan()
    d["consent"], d["school"]["status"] = [], "new"
    [f] = run("co.elements.consent", d)
    assert f.severity is Severity.WARNING
    assert "deferred" in f.message


def test_teachers_minority_states_the_figures() -> None:
    d = valid_plan()
    _vote(d, "teachers").update(eligible=31, votes_for=14, votes_against=10)
    [f] = run("co.consent.teachers", d)
    assert f.severity is Severity.ERROR
    assert f.message == (
        "Teachers: 14 of 31 eligible voted yes (45.2%); a majority of all 31 is needed, i.e. at least 16."
    )
    assert f.pointer == "/consent/1/votes_for"


def test_majority_is_of_eligible_not_votes_cast() -> None:
    d = valid_plan()
    _vote(d, "administrators").update(eligible=4, votes_for=2, votes_against=0)
    assert codes(run("co.consent.administrators", d)) == ["co.consent.administrators"]


def test_sac_missing_body_and_new_school_warning() -> None:
    d = valid_plan()
    d["consent"] = [v for v in d["consent"] if v["body"] != "sac"]
    [f] = run("co.consent.sac", d)
    assert f.severity is Severity.ERROR
    assert "School Accountability Committee" in f.message
    d["school"]["status"] = "new"
    assert run("co.consent.sac", d)[0].severity is Severity.WARNING


def test_zero_eligible_is_reported() -> None:
    d = valid_plan()
    _vote(d, "sac").update(eligible=0, votes_for=0, votes_against=0)
    assert "eligible is 0" in run("co.consent.sac", d)[0].message


def test_majority_rules_pass() -> None:
    for body in ("administrators", "teachers", "sac"):
        assert run(f"co.consent.{body}", valid_plan()) == []


def test_tally_over_eligible() -> None:
    d = valid_plan()
    _vote(d, "teachers").update(votes_for=15, votes_against=5, abstentions=2)
    [f] = run("co.consent.tally", d)
    assert "22 votes recorded" in f.message
    assert "only 20 eligible" in f.message
    assert run("co.consent.tally", valid_plan()) == []


def test_cbu_vote_needs_sixty_percent() -> None:
    d = _cba_plan()
    assert run("co.consent.cbu-vote", d) == []  # 12 of 20 = 60%
    _vote(d, "cbu_members")["votes_for"] = 11
    [f] = run("co.consent.cbu-vote", d)
    assert (
        "11 of 20 eligible voted yes (55.0%); 60% of all 20 is needed, i.e. at least 12"
        in f.message
    )


def test_cbu_vote_missing_before_designation_is_a_warning_in_co() -> None:
    """Under 22-32.5-109 the 60% secret ballot follows State Board designation (the 2011-12
    Denver schools of 2017 CO 30 voted after it): a plan reviewed for the local board cannot
    record it yet, so in `co` its absence is a warning that says when the ballot comes."""
    d = _cba_plan()
    d["consent"] = [v for v in d["consent"] if v["body"] != "cbu_members"]
    [f] = run("co.consent.cbu-vote", d, packs="co")
    assert f.severity is Severity.WARNING
    assert f.pointer == "/consent"
    assert "union-contract provisions (Waiver 3 (Article 8-1))" in f.message
    assert "held after the State Board designates the school" in f.message


def test_cbu_vote_missing_is_an_error_where_the_district_votes_first() -> None:
    """Denver renewals put the 60% vote in the package its board sees (NDIZ renewal, March
    2023), so `dps` sets consent.cba_vote_before_board: true and a missing vote is an error."""
    d = _cba_plan()
    d["consent"] = [v for v in d["consent"] if v["body"] != "cbu_members"]
    [f] = run("co.consent.cbu-vote", d)  # co,dps
    assert f.severity is Severity.ERROR
    assert "before its board votes" in f.message
    d["school"]["status"] = "new"  # 2017 CO 30: a school not yet staffed
    assert run("co.consent.cbu-vote", d)[0].severity is Severity.WARNING


def test_cbu_vote_not_needed_when_cba_waiver_dropped() -> None:
    d = _cba_plan()
    d["consent"] = [v for v in d["consent"] if v["body"] != "cbu_members"]
    d["waivers"][-1]["status"] = "dropped"
    assert run("co.consent.cbu-vote", d) == []


def test_cbu_secret_ballot() -> None:
    d = _cba_plan()
    assert run("co.consent.cbu-secret-ballot", d) == []
    _vote(d, "cbu_members")["method"] = "show_of_hands"
    assert "show_of_hands" in run("co.consent.cbu-secret-ballot", d)[0].message


# -- a vote held with its tally unknown, and a vote not yet held (issue 13) -------------------


def _untallied(d: dict[str, Any], body: str, **extra: Any) -> dict[str, Any]:
    vote = _vote(d, body)
    for key in ("eligible", "votes_for", "votes_against", "abstentions"):
        vote.pop(key, None)
    vote.update(tally="not_recorded", **extra)
    return vote


def test_a_held_vote_without_its_tally_is_not_missing_but_a_warning() -> None:
    d = valid_plan()
    _untallied(d, "teachers", outcome="approved")
    assert run("co.consent.teachers", d) == []
    assert run("co.consent.tally", d) == []
    assert run("co.elements.consent", d) == []
    [f] = run("co.consent.tally-recorded", d)
    assert f.severity is Severity.WARNING
    assert f.pointer == "/consent/1"
    assert "recorded as held and approved the plan" in f.message
    assert "tally was not recorded" in f.message
    assert "a majority of all eligible" in f.message


def test_a_held_vote_recorded_as_not_approving_is_an_error() -> None:
    d = valid_plan()
    _untallied(d, "sac", outcome="not_approved")
    [f] = run("co.consent.sac", d)
    assert f.severity is Severity.ERROR
    assert "did not approve the plan" in f.message
    assert run("co.consent.tally-recorded", d) == []


def test_tally_recorded_passes_when_every_vote_has_its_counts() -> None:
    assert run("co.consent.tally-recorded", valid_plan()) == []


def test_bargaining_unit_vote_without_its_tally_names_the_sixty_percent() -> None:
    d = _cba_plan()
    _untallied(d, "cbu_members", outcome="approved")
    assert run("co.consent.cbu-vote", d) == []
    [f] = run("co.consent.tally-recorded", d)
    assert "at least 60% of all eligible members" in f.message


def test_a_vote_not_yet_held_is_no_consent_and_says_when_it_is_planned() -> None:
    d = valid_plan()
    vote = _vote(d, "teachers")
    for key in ("eligible", "votes_for", "votes_against", "abstentions"):
        vote.pop(key, None)
    vote.update(held=False, date="2026-03-10")
    [f] = run("co.consent.teachers", d)
    assert f.severity is Severity.ERROR
    assert f.message == (
        "No vote of the teachers has been held yet. The vote of the teachers is scheduled for "
        "2026-03-10 and not yet held."
    )
    assert run("co.consent.tally", d) == []
    assert run("co.consent.tally-recorded", d) == []
    assert run("co.dates.votes-before-submission", d) == []  # planned after submission: fine


def test_only_scheduled_votes_means_no_consent_yet() -> None:
    d = valid_plan()
    for vote in d["consent"]:
        vote["held"] = False
    [f] = run("co.elements.consent", d)
    assert "has been held yet" in f.message
    assert "scheduled" in f.message


def test_key_figures_never_show_an_untallied_vote_as_zero() -> None:
    from planforge.domain.params import default_params
    from planforge.rules.metrics import plan_metrics
    from planforge.rules.report import _consent_lines

    d = valid_plan()
    _untallied(d, "teachers", outcome="approved")
    _vote(d, "sac")["held"] = False
    m = plan_metrics(d, default_params())
    assert "teachers" not in m["consent"]
    assert "sac" not in m["consent"]
    assert m["consent_untallied"] == {
        "teachers": {
            "date": _vote(d, "teachers")["date"],
            "method": _vote(d, "teachers")["method"],
            "outcome": "approved",
        }
    }
    [line] = _consent_lines(m)
    assert "Teachers held" in line
    assert "(approved, tally not recorded)" in line
