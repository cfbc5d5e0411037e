"""Template context: formatting, pre-shaped tables, recording of shown values, draft gaps."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from _render_support import base_plan

from planforge.documents.context import (
    SHOWN,
    Missing,
    PlanText,
    Prose,
    Reader,
    money,
    number,
    percent,
    readable,
)
from planforge.documents.memo_context import review_context
from planforge.documents.plan_context import plan_context
from planforge.documents.waiver_context import waiver_request_context


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234567, "$1,234,567"),
        (0, "$0"),
        (1234.5, "$1,234.50"),
        (-3500, "-$3,500"),
        (12.0, "$12"),
        (1234.567, "$1,234.567"),  # never rounded away from what was typed
        (1234.1 + 2345.2, "$3,579.30"),  # float noise of a sum is not shown
        (0.3 - (0.1 + 0.2), "$0"),  # not "-$0.00"
    ],
)
def test_money(value: float, expected: str) -> None:
    assert money(value) == expected


def test_numbers_and_percentages() -> None:
    assert number(6) == "6"
    assert number(0.5) == "0.5"
    assert number(12.25) == "12.25"
    assert number(1500) == "1,500"
    assert number(0.333) == "0.333"  # an FTE as typed, not "0.33"
    assert number(0.125) == "0.125"
    assert number(35.333000000000006) == "35.333"
    assert percent(44, 84) == "52.4%"
    assert percent(1, 0) == "n/a"


def test_readable_pointer() -> None:
    # List items count from 1 everywhere (the validator's messages, the memo, MISSING labels).
    assert (
        readable("/levers/schedule/bell_schedules/1/name")
        == "levers.schedule.bell_schedules[2].name"
    )


def _plan() -> dict[str, Any]:
    data = base_plan()
    budget = data["levers"]["budget"]
    budget["expenses"] = [
        {"category": "Teachers", "prior": 1000000, "proposed": 1100000, "funding_source": "SBB"},
        {"category": "Books & supplies", "prior": 50000, "proposed": 45000},
    ]
    budget["revenues"] = [{"source": "SBB", "type": "state", "prior": 1060000, "proposed": 1150000}]
    budget["totals"] = {"expense_proposed": 1200000}
    data["consent"] = [
        {
            "body": "teachers",
            "eligible": 84,
            "votes_for": 44,
            "votes_against": 30,
            "abstentions": 10,
            "date": "2026-01-10",
            "method": "secret_ballot",
        },
    ]
    return data


def test_budget_rows_totals_and_stated_total_note() -> None:
    budget = plan_context(_plan())["budget"]
    assert [row["category"] for row in budget["expenses"]] == ["Teachers", "Books & supplies"]
    assert budget["expenses"][0]["change"] == "+$100,000"
    assert budget["expenses"][1]["funding_source"] == "\u2014"
    assert budget["expense_total"] == {
        "prior": "$1,050,000",
        "proposed": "$1,145,000",
        "change": "+$95,000",
    }
    assert budget["revenues"][0]["type_label"] == "State"
    assert budget["notes"] == [
        "The plan states proposed expenses of $1,200,000; the lines above add up to $1,145,000."
    ]


def test_consent_percentages() -> None:
    row = plan_context(_plan())["consent"]["rows"][0]
    assert row["pct_eligible"] == "52.4%"
    assert row["pct_cast"] == "59.5%"
    assert row["method_label"] == "secret ballot"


def test_staffing_and_schedule_are_computed() -> None:
    ctx = plan_context(base_plan())
    staffing = ctx["staffing"]
    assert staffing["rows"]
    assert staffing["total_cost"].startswith("$")
    hours_rows = ctx["schedule"]["hours"]
    assert hours_rows[0]["program_label"] == "Elementary (K-5)"
    assert hours_rows[0]["minimum"] == "990 / 968"
    bells = ctx["schedule"]["bells"]
    assert bells[0]["minutes"] == str(210 + 195)  # lunch does not count


def test_goal_targets_become_columns() -> None:
    data = base_plan()
    data["goals"] = [
        {
            "id": "g-1",
            "metric": "CMAS ELA",
            "unit": "percent",
            "baseline": {"year": "2024-25", "value": 40},
            "targets": [{"year": "2026-27", "value": 45}, {"year": "2027-28", "value": 50.5}],
        },
        {
            "id": "g-2",
            "metric": "Attendance",
            "baseline": {"year": "2024-25", "value": 91},
            "targets": [{"year": "2027-28", "value": 94}],
        },
    ]
    goals = plan_context(data)["goals"]
    assert goals["years"] == ["2026-27", "2027-28"]
    assert goals["rows"][0]["targets"] == ["45%", "50.5%"]
    assert goals["rows"][1]["targets"] == ["\u2014", "94"]
    assert goals["rows"][0]["baseline"] == "40% (2024-25)"


def test_waivers_grouped_with_official_titles_from_a_lookup() -> None:
    ctx = waiver_request_context(base_plan(), titles=lambda citation, kind: "OFFICIAL")
    waivers = ctx["waivers"]
    assert len(waivers["rows"]) == len(waivers["state"]) + len(waivers["district"]) + len(
        waivers["cba"]
    )
    assert all(w["official_title"] == "OFFICIAL" for w in waivers["rows"])
    plain = waiver_request_context(base_plan())["waivers"]["rows"][0]
    assert plain["official_title"] == plain["title"]


def test_plan_text_is_kept_exactly_and_records_when_shown() -> None:
    ctx = plan_context(base_plan())
    name = ctx["school"]["name"]
    assert isinstance(name, PlanText)
    assert name == base_plan()["school"]["name"]
    shown: list[Any] = []
    token = SHOWN.set(shown)
    try:
        name.__html__()
        ctx["mission"]["statement"].__html__()
    finally:
        SHOWN.reset(token)
    assert [s.pointer for s in shown] == ["/school/name", "/mission/statement"]


def test_plan_text_escapes_once_and_pickles() -> None:
    text = PlanText("Smith & Jones <K-5>", "/x")
    assert text.__html__() == "Smith &amp; Jones &lt;K-5&gt;"
    again = pickle.loads(pickle.dumps(text))
    assert again == text
    assert again.pointer == "/x"


def test_draft_marks_missing_required_values() -> None:
    data = base_plan()
    del data["mission"]["why_innovation"]
    del data["school"]["name"]
    ctx = plan_context(data, draft=True)
    assert isinstance(ctx["mission"]["why_innovation"], Missing)
    assert str(ctx["school"]["name"]) == "[MISSING: school.name]"
    assert "highlight" in ctx["school"]["name"].__html__()
    assert plan_context(data)["mission"]["why_innovation"] is None


def test_builders_survive_broken_data_in_draft_mode() -> None:
    for data in ({}, {"levers": "nope", "waivers": [1, "x"], "consent": {"a": 1}}, {"school": []}):
        assert plan_context(data, draft=True)["levers"]
        waiver_request_context(data, draft=True)
        review_context(data, None, draft=True)


def test_reader_prose_and_numbers() -> None:
    r = Reader({"a": {"b": "text", "n": 3, "flag": True}})
    assert isinstance(r.prose("/a/b"), Prose)
    assert r.num("/a/n") == 3
    assert r.num("/a/flag") is None
    assert r.get("/a/missing/deeper") is None


def test_waiver_summary_counts_only_waivers_still_requested() -> None:
    from planforge.documents.plan_context import STATUS, _waiver_summary

    def row(kind: str, status: str = "kept") -> dict[str, object]:
        return {"kind": kind, "status_label": STATUS[status]}

    state = [row("state_statute"), row("state_statute", "dropped")]
    district = [row("district_policy")]
    text = _waiver_summary([*state, *district], state, district, [])
    assert text.startswith(
        "The plan requests 2 waivers: 1 of state statutes or rules, 1 of district"
    )
    assert "1 waiver of the prior plan is no longer requested" in text
    only_dropped = [row("cba", "dropped")]
    assert _waiver_summary(only_dropped, [], [], only_dropped).startswith(
        "The plan requests no waivers."
    )
