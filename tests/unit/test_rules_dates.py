"""Dates in order, and renewal/revision requirements."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures import codes, run, valid_plan

from planforge.errors import ResourceError, Severity
from planforge.rules import RULES
from planforge.rules._util import prior_approval


def test_votes_before_submission() -> None:
    d = valid_plan()
    d["consent"][1]["date"] = "2026-03-01"
    [f] = run("co.dates.votes-before-submission", d)
    assert f.pointer == "/consent/1/date"
    assert "(2026-03-01) is after the plan was submitted (2026-02-01)" in f.message
    assert run("co.dates.votes-before-submission", valid_plan()) == []


def test_cbu_ballot_may_follow_submission() -> None:
    """22-32.5-109: the bargaining-unit ballot follows State Board designation (the 2017 CO 30
    facts: the Denver teachers voted after designation), so in `co` it may be dated after
    `submitted`; Denver puts it in the renewal package its board sees (NDIZ, March 2023), so
    `dps` (consent.cba_vote_before_board: true) checks it like the other votes."""
    d = valid_plan()
    d["consent"].append(
        {"body": "cbu_members", "eligible": 20, "votes_for": 15, "votes_against": 5,
         "date": "2026-05-20", "method": "secret_ballot"}
    )  # fmt: skip
    assert run("co.dates.votes-before-submission", d, packs="co") == []
    [f] = run("co.dates.votes-before-submission", d)  # co,dps: Denver votes first
    assert f.pointer == "/consent/3/date"
    assert f.message.startswith("Bargaining-unit members' vote (2026-05-20) is after")
    d["consent"][3]["date"] = "2026-01-20"
    d["consent"][2]["date"] = "2026-05-20"  # the SAC still votes before submission
    [f] = run("co.dates.votes-before-submission", d, packs="co")
    assert f.pointer == "/consent/2/date"
    assert f.message.startswith("School Accountability Committee vote (2026-05-20) is after")


def test_new_school_may_vote_after_submission() -> None:
    """2017 CO 30 reversed 2015 COA 71 on exactly this: a new school that has not hired its
    staff (the Denver schools of 2011-12) may be approved and gather consent afterwards."""
    d = valid_plan()
    d["school"]["status"] = "new"
    d["consent"][1]["date"] = "2026-03-01"
    assert run("co.dates.votes-before-submission", d, packs="co") == []
    assert "2015 COA 71" not in RULES["co.dates.votes-before-submission"].enforces
    assert "2017 CO 30" in RULES["co.dates.votes-before-submission"].enforces


def test_submitted_missing_is_info() -> None:
    d = valid_plan()
    del d["submitted"]
    [f] = run("co.dates.submitted", d)
    assert f.severity is Severity.INFO
    assert run("co.dates.submitted", valid_plan()) == []


def test_no_statutory_deadline_before_the_term() -> None:
    """A real Denver turnaround plan (issue 10) was approved in August for the school year
    then starting and got an error. The statute sets no such deadline: the local board has 60
    days (22-32.5-104(1)(b)), the State Board 60 days (22-32.5-107(2), (3)). `co` reports
    nothing; the old rule is gone."""
    d = valid_plan()
    d["submitted"] = "2026-07-15"  # after term.start 2026-07-01
    assert run("co.dates.local-deadline", d, packs="co") == []
    assert run("co.dates.local-deadline", d) == []  # dps sets no deadline either
    assert "co.dates.submitted-before-term" not in RULES


def test_district_pack_may_keep_a_local_deadline(tmp_path: Path) -> None:
    """A district with its own deadline (CASB sample policy ADE-R's 1 October window, or a
    number of days before the term) sets `dates.local_submission_deadline` in its pack."""
    pack = tmp_path / "acme.yaml"
    pack.write_text(
        "extends: co\nparameters:\n  dates.local_submission_deadline:\n"
        "    value: {days_before_term: 120, policy: Acme policy ADE-R}\n"
    )
    d = valid_plan()
    assert run("co.dates.local-deadline", d, packs=str(pack)) == []  # 2026-02-01 is in time
    d["submitted"] = "2026-07-15"
    [f] = run("co.dates.local-deadline", d, packs=str(pack))
    assert f.severity is Severity.ERROR
    assert f.pointer == "/submitted"
    assert f.message == (
        "The plan is submitted on 2026-07-15; the district's deadline (Acme policy ADE-R) is "
        "2026-03-03, 120 days before the term starts on 2026-07-01."
    )
    window = tmp_path / "window.yaml"
    window.write_text(
        "extends: co\nparameters:\n  dates.local_submission_deadline: {value: {month_day: '10-01'}}\n"
    )
    [f] = run("co.dates.local-deadline", d, packs=str(window))
    assert "deadline is 2025-10-01, the last October 1 before the term starts" in f.message
    broken = tmp_path / "broken.yaml"
    broken.write_text("extends: co\nparameters:\n  dates.local_submission_deadline: 30\n")
    with pytest.raises(ResourceError, match="local_submission_deadline"):
        run("co.dates.local-deadline", d, packs=str(broken))


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


def test_renewal_prior_approval() -> None:
    d = _renewal()
    assert run("co.renewal.prior-approval", d) == []
    del d["prior_plan_approved"]
    assert codes(run("co.renewal.prior-approval", d)) == ["co.renewal.prior-approval"]


def test_renewal_prior_approval_from_the_history() -> None:
    d = _renewal()
    del d["prior_plan_approved"]
    d["history"] = [
        {"date": "2020-04-16", "action": "approved", "body": "DPS Board of Education"},
        {"date": "2021-09-01", "action": "revised", "note": "calendar"},
        {"date": "2023-04-20", "action": "renewed"},
    ]
    assert run("co.renewal.prior-approval", d) == []
    assert prior_approval(d) == "2023-04-20"
    # the plan's own approval, after it was submitted, is not its predecessor's
    d["history"] = [{"date": "2026-04-16", "action": "approved"}]
    assert codes(run("co.renewal.prior-approval", d)) == ["co.renewal.prior-approval"]
    d["prior_plan_approved"] = "2023-04-20"  # the old field still works, and wins
    assert prior_approval(d) == "2023-04-20"


def test_dropped_waivers_listed() -> None:
    d = _renewal()
    assert run("co.renewal.dropped", d) == []
    d["waivers"][0]["status"] = "dropped"  # type: ignore[index]
    [f] = run("co.renewal.dropped", d)
    assert f.severity is Severity.INFO
    assert "Waiver 1 (C.R.S. 22-32-109(1)(n)(I), School calendar) is dropped" in f.message


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
        "The Schedule lever still relies on Waiver 1 (C.R.S. 22-32-109(1)(n)(I)), which this "
        "renewal drops; remove it"
    )
    d["levers"]["schedule"]["waivers"] = []  # type: ignore[index]
    assert run("co.renewal.dropped-still-used", d) == []
