"""Instructional time: per grade band, planned and actual hours, days, waivers, block order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fixtures import codes, run, valid_plan

from planforge.errors import Severity
from planforge.rules.schedule import instructional_time

CALENDAR = "C.R.S. 22-32-109(1)(n)(I)"
WHOLE_N = "C.R.S. 22-32-109(1)(n)"
DISTRICT_CALENDAR = "C.R.S. 22-32-109(1)(n)(II)(B)"
CONTACT_HOURS = "C.R.S. 22-32-109(1)(n)(II)(A)"


def _day(name: str, minutes: int, days: int, **extra: Any) -> dict[str, Any]:
    """A bell schedule of one instruction block of `minutes` from 08:00."""
    end = 8 * 60 + minutes
    block = {"name": "Day", "start": "08:00", "end": f"{end // 60:02d}:{end % 60:02d}"}
    return {
        "name": name,
        "program": "secondary",
        "days": days,
        "blocks": [{**block, "type": "instruction"}],
        **extra,
    }


def _plan(*bells: dict[str, Any], days: int = 172, **deductions: float) -> dict[str, Any]:
    """valid_plan() without its calendar waiver, with these bell schedules and deductions."""
    d = valid_plan()
    d["waivers"] = [w for w in d["waivers"] if w["id"] != "w-calendar"]
    d["levers"]["schedule"]["waivers"] = []
    d["levers"]["schedule"].update(instructional_days=days, bell_schedules=list(bells))
    d["levers"]["schedule"]["deductions"] = dict(deductions)
    return d


def _waive(d: dict[str, Any], citation: str) -> dict[str, Any]:
    d["waivers"].append({**valid_plan()["waivers"][0], "id": "w-time", "citation": citation})
    return d


def _secondary(minutes_per_day: int, days: int = 170) -> dict[str, Any]:
    return _plan(_day("Regular day", minutes_per_day, days), days=days)


# -- point 1: each grade band on its own days -------------------------------------------------


def _west_early_college(middle_minutes: int) -> dict[str, Any]:
    """West Early College (Denver, 2017 plan) runs a middle school and an early-college high
    school with their own days. Written in planforge's format as a new user would, both are
    `secondary` bell schedules over the same 172-day calendar: a middle-school day (6-8) and a
    high-school day (9-12, 6 h 50 of counted time)."""
    return _plan(
        _day("Middle school day", middle_minutes, 172, grades="6-8", grade_band="Middle school (6-8)"),
        _day("High school day", 410, 172, grades="9-12", grade_band="High school (9-12)"),
    )  # fmt: skip


def test_a_band_cut_to_720_hours_is_short_even_when_the_other_band_is_long() -> None:
    d = _west_early_college(middle_minutes=251)  # 251 min x 172 days = 719.53 h, cut from 1,102
    [f] = run("co.schedule.hours", d)
    assert f.severity is Severity.ERROR
    assert f.pointer == "/levers/schedule/bell_schedules/0"
    assert f.message == (
        "Middle school (6-8): 719.53 planned hours a year over 172 days (minimum 1,080) — "
        "360.47 hours short."
    )
    # Before: "Secondary program 1,894.87 h (344 days)" and no finding.
    times = instructional_time(d)
    assert [(t.label, t.days, t.planned) for t in times.values()] == [
        ("Middle school (6-8)", 172, 719.53),
        ("High school (9-12)", 172, 1175.33),
    ]
    assert run("co.schedule.days-sum", d) == []


def test_both_bands_meeting_their_minimum_pass() -> None:
    d = _west_early_college(middle_minutes=385)  # 1,103.67 h
    assert run("co.schedule.hours", d) == []
    assert run("co.schedule.actual-hours", d) == []


def test_bands_follow_grades_when_no_grade_band_is_given() -> None:
    d = _plan(_day("Middle school day", 251, 172, grades="6-8"), _day("High school day", 410, 172, grades="9–12"))  # fmt: skip
    [f] = run("co.schedule.hours", d)
    assert f.message.startswith("Secondary (6-8): 719.53 planned hours a year over 172 days")


def test_kinds_of_day_of_one_band_add_up_and_an_unnamed_one_joins_its_band() -> None:
    d = _plan(
        _day("Regular day", 400, 136, grade_band="Middle school (6-8)"),
        _day("Early release", 300, 36),  # no band or grades: the program's only band
    )
    [band] = instructional_time(d).values()
    assert (band.label, band.days, band.schedules) == ("Middle school (6-8)", 172, [0, 1])
    assert band.planned == round((136 * 400 + 36 * 300) / 60, 2)


def test_two_unnamed_secondary_days_on_one_calendar_are_a_days_error() -> None:
    """The issue's first report: a middle-school day and a high-school day, both `secondary`,
    no grades: 344 days of schedules on a 172-day calendar cannot be one band."""
    d = _plan(_day("Middle school day", 251, 172), _day("High school day", 410, 172))
    [f] = run("co.schedule.days-sum", d)
    assert f.severity is Severity.ERROR
    assert f.pointer == "/levers/schedule/bell_schedules/0/days"
    assert f.message.startswith(
        "Secondary: its 2 bell schedules cover 344 days, but the calendar has 172 instructional "
        "days, so its hours would count 172 days the calendar does not have."
    )
    assert "give each grade band its own name" in f.message


def test_a_band_with_fewer_days_than_the_calendar_is_a_warning() -> None:
    d = valid_plan()
    d["levers"]["schedule"]["bell_schedules"][0]["days"] = 160
    [f] = run("co.schedule.days-sum", d)
    assert f.severity is Severity.WARNING
    assert f.message == (
        "Elementary: its bell schedule covers 160 days, but the calendar has 170 instructional "
        "days; its hours are checked on those 160 days."
    )
    assert run("co.schedule.days-sum", valid_plan()) == []


# -- point 2: the statutory deduction --------------------------------------------------------


def _schmitt(deductions: float, minutes: int = 353) -> dict[str, Any]:
    """Schmitt Elementary (Denver, 2016 plan), an elementary school whose calendar sets aside
    hours for parent-teacher conferences and staff in-service. In planforge's format: one
    elementary band, 170 days of `minutes` counted minutes (353 -> 1,000.17 planned hours),
    with the conference and in-service hours stated as deductions."""
    d = _plan(_day("Regular day", minutes, 170, program="elementary", grades="1-5"), days=170)
    half = deductions / 2
    d["levers"]["schedule"]["deductions"] = {"conferences": half, "inservice": half}
    return d


def test_deductions_reduce_the_floor_not_the_planned_hours() -> None:
    # 1,000.17 planned >= 990; 1,000.17 - 30 = 970.17 >= 968. The old model subtracted a capped
    # 24 from the planned hours (976.17 < 990) and said 13.83 hours short.
    d = _schmitt(deductions=30)
    assert run("co.schedule.hours", d) == []
    assert run("co.schedule.actual-hours", d) == []
    [band] = instructional_time(d).values()
    assert (band.planned, band.actual, band.minimum, band.floor) == (1000.17, 970.17, 990, 968)


def test_deductions_beyond_the_allowance_are_an_error_not_forgiven() -> None:
    # 1,000.17 - 40 = 960.17 < 968. The old model capped the 40 at 24 and found nothing.
    [f] = run("co.schedule.actual-hours", _schmitt(deductions=40))
    assert f.severity is Severity.ERROR
    assert f.pointer == "/levers/schedule/deductions"
    assert f.message == (
        "Elementary (1-5): 1,000.17 planned hours less 40 hours for conferences, in-service "
        "and closures leaves 960.17 hours (at least 968 required) — 7.83 hours short."
    )


def test_a_band_short_of_its_planned_minimum_is_reported_once() -> None:
    d = _schmitt(deductions=40, minutes=340)  # 963.33 planned
    assert codes(run("co.schedule.hours", d)) == ["co.schedule.hours"]
    assert run("co.schedule.actual-hours", d) == []


def test_the_floor_differs_by_level() -> None:
    d = _plan(
        _day("Kindergarten", 320, 170, program="full_day_kindergarten", grades="K"),
        _day("Half-day kindergarten", 162, 170, program="half_day_kindergarten", grades="K"),
        days=170,
        conferences=25,
    )
    # full day: 906.67 - 25 = 881.67 >= 870; half day: 459 - 25 = 434 < 435.
    [f] = run("co.schedule.actual-hours", d)
    assert f.message.startswith("Half-day kindergarten (K): 459 planned hours less 25 hours")
    assert "(at least 435 required) — 1 hour short." in f.message


def test_what_counts_is_the_packs_definition(tmp_path: Path) -> None:
    """A board whose policy IC counts recess (Cherry Creek does) writes it in its pack."""
    d = _schmitt(deductions=0, minutes=340)  # 963.33 h of instruction: 26.67 short of 990
    d["levers"]["schedule"]["bell_schedules"][0]["blocks"].append(
        {"name": "Recess", "start": "13:40", "end": "13:50", "type": "recess"}
    )  # + 10 min x 170 days = 28.33 h, counted only where the board counts recess
    assert codes(run("co.schedule.hours", d)) == ["co.schedule.hours"]
    pack = tmp_path / "recess.yaml"
    pack.write_text(
        "pack: recess\nextends: co\nparameters:\n"
        "  schedule.counted_blocks: {value: [instruction, passing, recess], confidence: V, "
        "source: local board policy IC}\n"
    )
    assert run("co.schedule.hours", d, packs=str(pack)) == []


def test_lunch_does_not_count() -> None:
    d = valid_plan()  # 6.5 h instruction x 170 days = 1,105 h planned; 18 h of deductions
    [band] = instructional_time(d).values()
    assert (band.planned, band.actual) == (1105, 1087)
    d["levers"]["schedule"]["bell_schedules"][0]["blocks"][1]["type"] = "instruction"
    [band] = instructional_time(d).values()
    assert band.planned == 1105 + 85


def test_secondary_shortfall_is_error_with_figures() -> None:
    d = _secondary(378)  # 378 min x 170 days = 1,071 h
    [f] = run("co.schedule.hours", d)
    assert f.severity is Severity.ERROR
    assert f.message == (
        "Secondary: 1,071 planned hours a year over 170 days (minimum 1,080) — 9 hours short."
    )


def test_fractional_hours_in_message() -> None:
    d = _secondary(381)  # 381 x 170 / 60 = 1,079.5
    assert "1,079.5 planned hours a year over 170 days (minimum 1,080) — 0.5 hours short" in (
        run("co.schedule.hours", d)[0].message
    )


def test_hours_pass() -> None:
    assert run("co.schedule.hours", _secondary(400)) == []


def test_shortfall_under_a_tenth_of_an_hour_is_not_shown_as_zero() -> None:
    d = _secondary(381)  # 381 min x 170 days = 64,770 min
    d["levers"]["schedule"]["bell_schedules"].append(_day("Short day", 29, 1))  # + 29 min
    [f] = run("co.schedule.hours", d)
    # One decimal would have said "1,080 hours a year (minimum 1,080) — 0 hours short".
    assert f.message == (
        "Secondary: 1,079.98 planned hours a year over 171 days (minimum 1,080) — 0.02 hours short."
    )


# -- point 4: which waivers lift the minimum; fewer than 160 days ----------------------------


def _dc21(*citations: str) -> dict[str, Any]:
    """DC21 at Wyman (Denver, 2019 plan revision), a multiple-pathway high school with an
    innovation calendar. A plan like it whose day is short of 1,080 planned hours
    (378 min x 170 days = 1,071 h), with the calendar waivers it cites."""
    d = _secondary(378)
    for citation in citations:
        _waive(d, citation)
    return d


def test_adopt_district_calendar_does_not_lift_the_minimum() -> None:
    [f] = run("co.schedule.hours", _dc21(DISTRICT_CALENDAR))
    assert f.severity is Severity.ERROR
    assert "waives" not in f.message
    [f] = run("co.schedule.hours", _dc21(CONTACT_HOURS))  # (II)(A) is not the (n)(I) minimum
    assert f.severity is Severity.ERROR


def test_a_waiver_of_the_minimum_downgrades_to_warning_but_keeps_the_shortfall() -> None:
    for citation in (CALENDAR, WHOLE_N, "CRS 22-32-109 (1)(n)(I)"):
        [f] = run("co.schedule.hours", _dc21(DISTRICT_CALENDAR, citation))
        assert f.severity is Severity.WARNING, citation
        assert "9 hours short. The plan waives " in f.message
        assert citation in f.message


def test_a_dropped_waiver_lifts_nothing() -> None:
    d = _dc21(CALENDAR)
    d["waivers"][-1]["status"] = "dropped"
    [f] = run("co.schedule.hours", d)
    assert f.severity is Severity.ERROR


def test_a_contact_hours_waiver_lifts_the_floor() -> None:
    d = _schmitt(deductions=40)
    assert run("co.schedule.actual-hours", d)[0].severity is Severity.ERROR
    [f] = run("co.schedule.actual-hours", _waive(d, CONTACT_HOURS))
    assert f.severity is Severity.WARNING
    assert f"The plan waives {CONTACT_HOURS}" in f.message


def test_fewer_than_160_days_needs_the_commissioners_approval_not_a_waiver() -> None:
    d = _dc21(CALENDAR, WHOLE_N)
    d["levers"]["schedule"]["instructional_days"] = 150
    [f] = run("co.schedule.days", d)
    assert f.severity is Severity.ERROR  # the waivers do not downgrade it
    assert f.message == (
        "The calendar has 150 instructional days, 10 fewer than 160. A school may be in session "
        "fewer than 160 days only with the specific prior approval of the commissioner of "
        "education (C.R.S. 22-32-109(1)(n)(I)); a waiver in the plan does not replace that "
        "approval."
    )
    assert run("co.schedule.days", valid_plan()) == []


# -- blocks ----------------------------------------------------------------------------------


def test_blocks_order_and_overlap() -> None:
    d = valid_plan()
    blocks = d["levers"]["schedule"]["bell_schedules"][0]["blocks"]
    blocks[1]["start"] = "11:00"
    assert "before “Morning” ends" in run("co.schedule.blocks", d)[0].message
    blocks[1].update(start="12:00", end="11:45")
    assert codes(run("co.schedule.blocks", d)) == ["co.schedule.blocks"]
    assert run("co.schedule.blocks", valid_plan()) == []
