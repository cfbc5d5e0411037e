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
  schedule.deduction_cap: {value: 12}
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
    path = tmp_path / "plan.yaml"
    path.write_text(json.dumps(data))  # JSON is YAML

    [entry] = review_results(check_paths([path]), ruleset)
    [finding] = [f for f in entry.findings if f.code == "co.schedule.hours"]
    # 1,105 scheduled - 12 (the pack's cap, not co's 24) = 1,093; the pack's minimum is 1,100.
    assert finding.message == (
        "Elementary program: 1,093 hours a year (minimum 1,100) — 7 hours short."
    )

    row = _hours_row(plan_context(data, params=ruleset.params), "Elementary")
    assert row["minimum"] == "1,100"
    assert row["deductions"] == "12"
    assert row["annual"] == "1,093"
    assert row["result"] == "Short by 7 h"

    memo = review_context(data, entry, params=ruleset.params)
    [hours] = [m for m in memo["review"]["metrics"] if m["label"].startswith("Annual")]
    assert hours["value"] == "1,093 (minimum 1,100; 170 days)"


def test_the_plan_without_chosen_packs_uses_the_default_pack() -> None:
    data = _plan_without_calendar_waiver()
    row = _hours_row(plan_context(data), "Elementary")
    assert row["minimum"] == "990"  # co's schedule.min_hours, read from the pack
    assert row["annual"] == "1,087"
    assert row["result"] == "Meets (+97 h)"
    assert plan_context(data, params={}) == plan_context(data, params=default_params())


def test_a_shortfall_under_a_tenth_of_an_hour_is_not_shown_as_met() -> None:
    data = _plan_without_calendar_waiver()
    data["levers"]["schedule"]["bell_schedules"][0]["blocks"][0]["end"] = "11:29"
    params = {**default_params(), "schedule.min_hours": {"elementary": 1084.2}}
    row = _hours_row(plan_context(data, params=params), "Elementary")
    assert row["annual"] == "1,084.17"  # 1,102.17 - 18
    assert row["result"] == "Short by 0.03 h"


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
    assert limits.deduction_cap == 24
    assert limits.min_days == 160
    assert Limits.from_params({}) == Limits()


def test_deductions_are_capped_and_programs_keep_their_own_minimum() -> None:
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
    times = instructional_time(data, Limits({"elementary": 990, "half_day_kindergarten": 450}, 24))
    assert [t.deductions for t in times.values()] == [24, 24]
    kinder = times["half_day_kindergarten"]
    assert (kinder.hours, kinder.minimum, kinder.margin) == (486, 450, 36)
    assert not kinder.short
    assert kinder.shortfall == 0
