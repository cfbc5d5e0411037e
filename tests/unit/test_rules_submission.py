"""The state submission package: the local board's resolution (co.submission.board-resolution)."""

from __future__ import annotations

from fixtures import run, valid_plan

from planforge.errors import Severity

RULE = "co.submission.board-resolution"


def test_state_waivers_without_a_resolution_are_a_reminder() -> None:
    """Schmitt Elementary's 2016 plan (DPS) asked for state statute waivers, so DPS sent it to
    CDE; CDE's Appendix A asks for the plan, the signed board resolution, the state waiver
    request section and the budget section as separate attachments. While the plan is under
    review the board has not voted yet, so the missing resolution is a warning."""
    data = valid_plan()
    del data["board_resolution"]
    [f] = run(RULE, data, packs="co")
    assert f.severity is Severity.WARNING
    assert f.pointer == "/waivers"
    assert f.message.startswith(
        "The plan asks for 1 state waiver, so the district sends it to CDE with the local "
        "board's signed resolution."
    )


def test_a_recorded_resolution_passes() -> None:
    assert valid_plan()["board_resolution"] == {"number": "2026-17", "date": "2026-03-19"}
    assert run(RULE, valid_plan()) == []


def test_no_state_waiver_no_reminder() -> None:
    """A plan that waives only district policy and the union contract needs no State Board
    waiver, so nothing goes to CDE for a waiver decision."""
    data = valid_plan()
    del data["board_resolution"]
    data["waivers"] = [w for w in data["waivers"] if w["kind"] != "state_statute"]
    data["levers"]["schedule"]["waivers"] = []
    assert run(RULE, data) == []
    dropped = valid_plan()
    del dropped["board_resolution"]
    dropped["waivers"][0]["status"] = "dropped"  # no longer requested
    assert run(RULE, dropped) == []
