"""Instructional time: hours per program, days, deductions, block order."""

from __future__ import annotations

from typing import Any

from fixtures import codes, run, valid_plan

from planforge.errors import Severity
from planforge.rules.schedule import instructional_time


def _secondary(minutes_per_day: int, days: int = 170) -> dict[str, Any]:
    d = valid_plan()
    d["waivers"] = [w for w in d["waivers"] if w["id"] != "w-calendar"]
    d["levers"]["schedule"]["waivers"] = []
    end = 8 * 60 + minutes_per_day
    sched = d["levers"]["schedule"]["bell_schedules"][0]
    sched.update(program="secondary", days=days)
    sched["blocks"] = [
        {
            "name": "Day",
            "start": "08:00",
            "end": f"{end // 60:02d}:{end % 60:02d}",
            "type": "instruction",
        }
    ]
    d["levers"]["schedule"]["deductions"] = {"conferences": 12, "inservice": 12, "closures": 6}
    return d


def test_hours_computed_from_blocks_and_capped_deductions() -> None:
    d = valid_plan()  # 6.5 h instruction x 170 days = 1105, minus 18 deductions
    assert instructional_time(d, 24)["elementary"].hours == 1087


def test_lunch_and_recess_do_not_count() -> None:
    d = valid_plan()
    d["levers"]["schedule"]["bell_schedules"][0]["blocks"][1]["type"] = "instruction"
    assert instructional_time(d, 24)["elementary"].hours == 1087 + 85


def test_secondary_shortfall_is_error_with_figures() -> None:
    d = _secondary(378)  # 378 min x 170 days = 1071 h - 24 = 1047 h
    [f] = run("co.schedule.hours", d)
    assert f.severity is Severity.ERROR
    assert f.message == "Secondary program: 1,047 hours a year (minimum 1,080) — 33 hours short."


def test_fractional_hours_in_message() -> None:
    d = _secondary(381)  # 381 x 170 / 60 = 1079.5 - 24 = 1055.5
    assert (
        "1,055.5 hours a year (minimum 1,080) — 24.5 hours short"
        in run("co.schedule.hours", d)[0].message
    )


def test_calendar_waiver_downgrades_to_warning_but_keeps_shortfall() -> None:
    d = _secondary(378)
    d["waivers"].append({**valid_plan()["waivers"][0], "citation": "CRS 22-32-109 (1)(n)(II)(A)"})
    [f] = run("co.schedule.hours", d)
    assert f.severity is Severity.WARNING
    assert "33 hours short" in f.message


def test_hours_pass() -> None:
    assert run("co.schedule.hours", _secondary(400)) == []


def test_days_minimum() -> None:
    d = _secondary(400, days=150)
    d["levers"]["schedule"]["instructional_days"] = 150
    [f] = run("co.schedule.days", d)
    assert "150 instructional days; at least 160" in f.message
    assert f.severity is Severity.ERROR
    assert run("co.schedule.days", valid_plan()) == []


def test_days_sum_per_program() -> None:
    d = valid_plan()
    d["levers"]["schedule"]["bell_schedules"][0]["days"] = 160
    [f] = run("co.schedule.days-sum", d)
    assert "cover 160 days, but the calendar has 170" in f.message
    assert run("co.schedule.days-sum", valid_plan()) == []


def test_deduction_cap() -> None:
    d = valid_plan()
    d["levers"]["schedule"]["deductions"] = {"conferences": 20, "inservice": 10}
    assert "30 hours; only 24" in run("co.schedule.deduction-cap", d)[0].message
    assert run("co.schedule.deduction-cap", valid_plan()) == []


def test_blocks_order_and_overlap() -> None:
    d = valid_plan()
    blocks = d["levers"]["schedule"]["bell_schedules"][0]["blocks"]
    blocks[1]["start"] = "11:00"
    assert "before “Morning” ends" in run("co.schedule.blocks", d)[0].message
    blocks[1].update(start="12:00", end="11:45")
    assert codes(run("co.schedule.blocks", d)) == ["co.schedule.blocks"]
    assert run("co.schedule.blocks", valid_plan()) == []


def test_shortfall_under_a_tenth_of_an_hour_is_not_shown_as_zero() -> None:
    d = _secondary(381)  # 381 min x 170 days = 64,770 min
    d["levers"]["schedule"]["deductions"] = {}
    extra = {"name": "Short day", "program": "secondary", "days": 1}
    extra["blocks"] = [{"name": "Day", "start": "08:00", "end": "08:29", "type": "instruction"}]
    d["levers"]["schedule"]["bell_schedules"].append(extra)  # + 29 min = 1,079.98 h
    [f] = run("co.schedule.hours", d)
    # One decimal would have said "1,080 hours a year (minimum 1,080) — 0 hours short".
    assert (
        f.message == "Secondary program: 1,079.98 hours a year (minimum 1,080) — 0.02 hours short."
    )
