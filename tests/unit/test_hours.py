"""Instructional time has one definition: the review, the plan, the memo and the diff agree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fixtures import valid_plan

from planforge.changes.levers import scheduled_hours
from planforge.documents.memo_context import review_context
from planforge.documents.plan_context import plan_context
from planforge.domain.hours import (
    Limits,
    block_minutes,
    clock,
    instructional_time,
    schedule_of,
    schedule_time,
)
from planforge.domain.params import default_params
from planforge.inputs.pipeline import check_paths
from planforge.packs.loader import load_packs
from planforge.rules.engine import review_results

STRICT_PACK = """\
pack: strict
extends: co
parameters:
  schedule.min_hours:
    value: {secondary: 1200, elementary: 1100, full_day_kindergarten: 950, half_day_kindergarten: 475}
  schedule.reduced_min_hours:
    value: {secondary: 1190, elementary: 1090, full_day_kindergarten: 940, half_day_kindergarten: 470}
"""


def _plan_without_calendar_waiver() -> dict[str, Any]:
    data = valid_plan()  # elementary: 6.5 h x 170 days = 1,105 h scheduled, 18 h of deductions
    data["waivers"] = [w for w in data["waivers"] if w["id"] != "w-calendar"]
    data["levers"]["schedule"]["waivers"] = []
    return data


def _hours_row(ctx: dict[str, Any], label: str) -> dict[str, Any]:
    return next(row for row in ctx["schedule"]["hours"] if row["program_label"] == label)


def test_review_plan_and_memo_agree_under_a_pack_with_other_minimums(tmp_path: Path) -> None:
    pack = tmp_path / "strict.yaml"
    pack.write_text(STRICT_PACK)
    ruleset = load_packs(str(pack))
    data = _plan_without_calendar_waiver()
    data["levers"]["schedule"]["deductions"] = {"conferences": 12, "inservice": 12}
    path = tmp_path / "plan.yaml"
    path.write_text(json.dumps(data))  # JSON is YAML

    [entry] = review_results(check_paths([path]), ruleset)
    # 1,105 planned meets the pack's 1,100; 1,105 - 24 = 1,081 is under its 1,090.
    assert not [f for f in entry.findings if f.code == "co.schedule.hours"]
    [actual] = [f for f in entry.findings if f.code == "co.schedule.actual-hours"]
    assert actual.message == (
        "Elementary: 1,105 planned hours less 24 hours for conferences, in-service and closures "
        "leaves 1,081 hours (at least 1,090 required) — 9 hours short."
    )

    row = _hours_row(plan_context(data, params=ruleset.params), "Elementary")
    assert row["minimum"] == "1,100 / 1,090"
    assert (row["scheduled"], row["deductions"], row["annual"]) == ("1,105", "24", "1,081")
    assert row["result"] == "Short by 9 h (after deductions)"

    memo = review_context(data, entry, params=ruleset.params)
    [hours] = [m for m in memo["review"]["metrics"] if m["label"].startswith("Instructional")]
    assert hours["label"] == "Instructional hours, Elementary"
    assert hours["value"] == (
        "1,105 h over 170 days, minimum 1,100 — Meets; 1,081 h after 24 h of deductions, "
        "reduced minimum 1,090 — short by 9 h"
    )
    assert row["summary"] == f"Elementary: {hours['value']}"


def test_the_plan_without_chosen_packs_uses_the_default_pack() -> None:
    data = _plan_without_calendar_waiver()
    row = _hours_row(plan_context(data), "Elementary")
    assert row["minimum"] == "990 / 968"  # co's schedule.min_hours and reduced_min_hours
    assert (row["scheduled"], row["annual"]) == ("1,105", "1,087")
    assert row["result"] == "Meets (+115 h)"  # min(1,105 - 990, 1,087 - 968)
    assert plan_context(data, params={}) == plan_context(data, params=default_params())


def test_a_shortfall_under_a_tenth_of_an_hour_is_not_shown_as_met() -> None:
    data = _plan_without_calendar_waiver()
    data["levers"]["schedule"]["bell_schedules"][0]["blocks"][0]["end"] = "11:29"
    params = {**default_params(), "schedule.min_hours": {"elementary": 1102.2}}
    row = _hours_row(plan_context(data, params=params), "Elementary")
    assert row["scheduled"] == "1,102.17"
    assert row["result"] == "Short by 0.03 h (planned)"


def test_the_plans_table_has_one_row_per_band_and_says_what_the_review_says() -> None:
    """West Early College (Denver, 2017 plan): a middle-school day and a high-school day, both
    secondary; the middle-school day cut to 720 hours a year must show as short in the plan's
    table, on its own row, never summed with the high-school day."""
    data = _plan_without_calendar_waiver()
    day = {"program": "secondary", "days": 170}
    data["levers"]["schedule"]["bell_schedules"] = [
        {**day, "name": "Middle school day", "grade_band": "Middle school (6-8)",
         "blocks": [{"name": "Day", "start": "08:00", "end": "12:14", "type": "instruction"}]},
        {**day, "name": "High school day", "grade_band": "High school (9-12)",
         "blocks": [{"name": "Day", "start": "08:00", "end": "15:00", "type": "instruction"}]},
    ]  # fmt: skip
    rows = plan_context(data)["schedule"]["hours"]
    assert [(r["program_label"], r["days"], r["scheduled"]) for r in rows] == [
        ("Middle school (6-8)", "170", "719.67"),
        ("High school (9-12)", "170", "1,190"),
    ]
    assert rows[0]["result"] == "Short by 360.33 h (planned)"
    assert rows[1]["result"] == "Meets (+110 h)"
    assert rows[0]["summary"].startswith(
        "Middle school (6-8): 719.67 h over 170 days, minimum 1,080 — short by 360.33 h"
    )


def test_the_bell_table_says_which_blocks_count_under_the_packs() -> None:
    data = _plan_without_calendar_waiver()
    data["levers"]["schedule"]["bell_schedules"][0]["blocks"][1]["type"] = "recess"
    counted = {**default_params(), "schedule.counted_blocks": ["instruction", "recess"]}
    for params, answer in ((default_params(), "No (recess)"), (counted, "Yes (recess)")):
        [bell] = plan_context(data, params=params)["schedule"]["bells"]
        assert bell["rows"][1]["counts"] == answer


def test_the_diff_counts_scheduled_hours_the_same_way() -> None:
    data = valid_plan()
    [time] = instructional_time(data, Limits.from_params(default_params())).values()
    assert scheduled_hours(dict(schedule_of(data))) == {"elementary": time.scheduled_hours}
    assert time.scheduled_hours == 1105


@pytest.mark.parametrize(
    ("value", "expected"),
    [("08:05", 485), ("8:05", 485), ("23:59", 1439), ("24:00", None), ("8h05", None), (805, None)],
)
def test_clock(value: object, expected: int | None) -> None:
    assert clock(value) == expected


def test_blocks_that_end_first_or_are_malformed_count_nothing() -> None:
    assert block_minutes({"start": "09:00", "end": "08:00"}) == 0
    assert block_minutes({"start": "09:00"}) == 0
    assert block_minutes("09:00-10:00") == 0
    assert block_minutes({"start": "09:00", "end": "10:15"}) == 75


def test_limits_from_params() -> None:
    limits = Limits.from_params(default_params())
    assert limits.minimum["secondary"] == 1080
    assert limits.floor == {
        "secondary": 1056,
        "elementary": 968,
        "full_day_kindergarten": 870,
        "half_day_kindergarten": 435,
    }
    assert limits.counted == {"instruction", "passing"}
    assert limits.min_days == 160
    assert Limits.from_params({}) == Limits()
    assert Limits().counted == {"instruction"}  # no pack: only instruction counts


def test_deductions_apply_once_to_each_band_and_bands_keep_their_own_minimum() -> None:
    data = valid_plan()
    data["levers"]["schedule"]["deductions"] = {"conferences": 20, "inservice": 10}
    data["levers"]["schedule"]["bell_schedules"].append(
        {
            "name": "Kinder",
            "program": "half_day_kindergarten",
            "days": 170,
            "blocks": [{"name": "AM", "start": "08:00", "end": "11:00", "type": "instruction"}],
        }
    )
    times = instructional_time(data, Limits.from_params(default_params()))
    assert [t.deductions for t in times.values()] == [30, 30]  # not capped, not summed
    kinder = times["half_day_kindergarten"]
    assert (kinder.planned, kinder.minimum, kinder.actual, kinder.floor) == (510, 450, 480, 435)
    assert kinder.margin == 45  # min(510 - 450, 480 - 435)
    assert not kinder.short
    assert not kinder.below_floor
    assert kinder.shortfall == kinder.floor_shortfall == 0


@pytest.mark.parametrize(
    ("names", "bands"),
    [
        (["K-5", "k – 5"], 1),  # case, spaces and dashes do not make a new band
        (["6-8", "9-12"], 2),
        (["6-8", None], 1),  # an unnamed day joins the program's only band
        (["6-8", "9-12", None], 3),  # ... and stands alone when there are several
    ],
)
def test_grade_bands(names: list[str | None], bands: int) -> None:
    bells: list[dict[str, Any]] = [
        {"name": f"Day {i}", "program": "secondary", "days": 1, "blocks": [], "grades": n}
        for i, n in enumerate(names)
    ]
    schedule = {"bell_schedules": [{k: v for k, v in b.items() if v is not None} for b in bells]}
    assert len(schedule_time(schedule, Limits())) == bands
