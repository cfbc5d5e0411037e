"""Dates in order, and renewal/revision requirements."""

from __future__ import annotations

from fixtures import codes, run, valid_plan

from planforge.errors import Severity


def test_votes_before_submission() -> None:
    d = valid_plan()
    d["consent"][1]["date"] = "2026-03-01"
    [f] = run("co.dates.votes-before-submission", d)
    assert f.pointer == "/consent/1/date"
    assert "(2026-03-01) is after the plan was submitted (2026-02-01)" in f.message
    assert run("co.dates.votes-before-submission", valid_plan()) == []


def test_cbu_ballot_may_follow_submission() -> None:
    d = valid_plan()
    d["consent"].append(
        {"body": "cbu_members", "eligible": 20, "votes_for": 15, "votes_against": 5,
         "date": "2026-05-20", "method": "secret_ballot"}
    )  # fmt: skip
    assert run("co.dates.votes-before-submission", d) == []
    d["consent"][2]["date"] = "2026-05-20"  # the SAC still votes before submission
    [f] = run("co.dates.votes-before-submission", d)
    assert f.pointer == "/consent/2/date"
    assert f.message.startswith("The sac vote (2026-05-20) is after")


def test_submitted_missing_is_info() -> None:
    d = valid_plan()
    del d["submitted"]
    [f] = run("co.dates.submitted", d)
    assert f.severity is Severity.INFO
    assert run("co.dates.submitted", valid_plan()) == []


def test_submitted_before_term() -> None:
    d = valid_plan()
    d["submitted"] = "2026-07-15"
    assert codes(run("co.dates.submitted-before-term", d)) == ["co.dates.submitted-before-term"]
    assert run("co.dates.submitted-before-term", valid_plan()) == []


def test_term_order() -> None:
    d = valid_plan()
    d["term"]["end"] = "2026-06-30"
    assert "not after it starts" in run("co.dates.term-order", d)[0].message
    assert run("co.dates.term-order", valid_plan()) == []


def test_goal_years_within_term() -> None:
    d = valid_plan()
    d["goals"][0]["targets"].append({"year": "2031-32", "value": 50})
    [f] = run("co.dates.goal-years", d)
    assert f.severity is Severity.WARNING
    assert "2031-32 is outside the term" in f.message
    assert run("co.dates.goal-years", valid_plan()) == []


def _renewal() -> dict[str, object]:
    d = valid_plan()
    d["action"], d["prior_plan_approved"] = "renewal", "2023-04-20"
    for w in d["waivers"]:
        w["status"] = "kept"
    return d


def test_renewal_waiver_status() -> None:
    d = _renewal()
    assert run("co.renewal.waiver-status", d) == []
    del d["waivers"][1]["status"]  # type: ignore[index]
    [f] = run("co.renewal.waiver-status", d)
    assert "w-program has no `status`" in f.message
    assert f.pointer == "/waivers/1"


def test_renewal_prior_approval() -> None:
    d = _renewal()
    assert run("co.renewal.prior-approval", d) == []
    del d["prior_plan_approved"]
    assert codes(run("co.renewal.prior-approval", d)) == ["co.renewal.prior-approval"]


def test_dropped_waivers_listed() -> None:
    d = _renewal()
    assert run("co.renewal.dropped", d) == []
    d["waivers"][0]["status"] = "dropped"  # type: ignore[index]
    [f] = run("co.renewal.dropped", d)
    assert f.severity is Severity.INFO
    assert "w-calendar (C.R.S. 22-32-109(1)(n)(I), School calendar) is dropped" in f.message


def test_status_on_initial_plan() -> None:
    d = valid_plan()
    d["waivers"][0]["status"] = "kept"
    assert codes(run("co.renewal.status-initial", d)) == ["co.renewal.status-initial"]
    d["waivers"][0]["status"] = "added"
    assert run("co.renewal.status-initial", d) == []


def test_lever_relying_on_a_dropped_waiver() -> None:
    d = _renewal()
    assert run("co.renewal.dropped-still-used", d) == []
    d["waivers"][0]["status"] = "dropped"  # type: ignore[index]
    [f] = run("co.renewal.dropped-still-used", d)
    assert f.severity is Severity.WARNING
    assert f.pointer == "/levers/schedule/waivers/0"
    assert f.message.startswith(
        "The schedule lever still relies on w-calendar, which this renewal drops; remove it"
    )
    d["levers"]["schedule"]["waivers"] = []  # type: ignore[index]
    assert run("co.renewal.dropped-still-used", d) == []
