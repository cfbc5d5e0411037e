"""The renewal evidence of an innovation plan, and the local board's resolution (pure, no docx).

A renewal reports what the school achieved under the plan that is ending (C.R.S.
22-32.5-110(1)(a)): each goal's results, its School Performance Framework ratings and its place
on the accountability clock. The plan template shows them under the academic goals.
"""

from __future__ import annotations

from typing import Any

from planforge.documents.context import Reader, fact, number, plain
from planforge.domain.numbers import is_number

DASH = "\u2014"
FRAMEWORK = {"state": "state", "district": "district"}
CLOCK = {
    "not_on_clock": "Not on the clock",
    "on_clock": "On the clock",
    "on_watch": "On watch (rated Improvement or better after time on the clock)",
    "on_hold": "On hold (Insufficient State Data after time on the clock)",
}
MET = {True: "Met", False: "Not met"}


def goal_value(value: Any, unit: str) -> str:
    """`52`, `71.5%` for a percent goal, a rating as typed (`Performance`), or a dash."""
    if is_number(value):
        return number(value) + ("%" if unit in ("percent", "%") else "")
    if isinstance(value, str) and value.strip():
        return value
    return DASH


def _results(r: Reader) -> list[dict[str, Any]]:
    rows = []
    for p, goal in r.items("/goals"):
        unit = str(goal.get("unit") or "")
        metric = r.text(f"{p}/metric", required=True)
        group = r.text(f"{p}/group")
        for rp, result in r.items(f"{p}/results"):
            met = result.get("met")
            note = r.text(f"{rp}/note")
            rows.append(
                {
                    "goal": metric,
                    "detail": " \u00b7 ".join(plain(x) for x in (group, note) if x),
                    "year": r.text(f"{rp}/year", required=True),
                    "target": goal_value(result.get("target"), unit),
                    "result": goal_value(result.get("value"), unit),
                    "met": MET.get(met, DASH) if isinstance(met, bool) else DASH,
                }
            )
    return rows


def _facts(r: Reader) -> list[dict[str, Any]]:
    rows = []
    for p, item in r.items("/renewal/spf_ratings"):
        framework = FRAMEWORK.get(str(item.get("framework")), "")
        year = plain(r.text(f"{p}/year"), "?")
        label = f"School Performance Framework, {year}" + (f" ({framework})" if framework else "")
        rows.append(fact(label, r.text(f"{p}/rating", required=True)))
    status = r.get("/renewal/accountability_clock/status")
    if isinstance(status, str):
        text = CLOCK.get(status, status)
        clock_year = r.num("/renewal/accountability_clock/year")
        if status == "on_clock" and clock_year is not None:
            text += f", year {number(clock_year)}"
        rows.append(fact("Accountability clock", text))
    return rows


def renewal_context(r: Reader) -> dict[str, Any]:
    """`renewal.shown`, `.intro`, `.results` (goal, detail, year, target, result, met),
    `.no_results`, `.facts` (ratings and the accountability clock)."""
    results, facts = _results(r), _facts(r)
    shown = r.get("/action") == "renewal" or bool(results or facts)
    return {
        "shown": shown,
        "intro": (
            "This plan renews the school's innovation status. Every three years the board reviews "
            "whether the school is achieving, or making adequate progress toward, the results its "
            "current plan set out (C.R.S. 22-32.5-110(1)(a)). The school's results on the goals of "
            "that plan, its performance ratings and its place on the state accountability clock "
            "follow."
        ),
        "results": results,
        "no_results": "The plan reports no results of the current plan's goals.",
        "facts": facts,
    }


def resolution_text(r: Reader) -> str | None:
    """`No. 3521, adopted 2026-04-16` (and by whom, when the plan says), or None."""
    number_ = r.text("/board_resolution/number")
    date = r.text("/board_resolution/date")
    if number_ is None or date is None:
        return None
    by = r.text("/board_resolution/adopted_by")
    return f"No. {number_}, adopted {date}" + (f" by the {plain(by)}" if by else "")
