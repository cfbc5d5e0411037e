"""Budget arithmetic and completeness."""

from __future__ import annotations

from typing import Any

from fixtures import codes, packs_for, run, valid_plan

from planforge.errors import Finding, Severity
from planforge.rules import RuleContext, run_rule


def test_totals_must_match_lines() -> None:
    d = valid_plan()
    d["levers"]["budget"]["totals"]["expense_proposed"] = 1234567
    [f] = run("co.budget.totals", d)
    assert f.message == (
        "Stated proposed expenses total is $1,234,567, but the lines add up to $1,250,000 (difference $15,433)."
    )
    assert f.pointer == "/levers/budget/totals/expense_proposed"
    assert run("co.budget.totals", valid_plan()) == []


def test_staffing_total_cost() -> None:
    d = valid_plan()
    d["levers"]["staffing"]["total_cost"] = 1100000
    assert "positions add up to $1,150,000" in run("co.budget.staffing-total", d)[0].message
    assert run("co.budget.staffing-total", valid_plan()) == []


def test_staffing_fte() -> None:
    d = valid_plan()
    d["levers"]["staffing"]["total_fte"] = 12.5
    assert "12.5, but the positions add up to 11" in run("co.budget.staffing-fte", d)[0].message
    assert run("co.budget.staffing-fte", valid_plan()) == []


def test_personnel_lines_match_staffing() -> None:
    d = valid_plan()
    d["levers"]["budget"]["expenses"][0]["proposed"] = 1100000
    assert (
        "$1,100,000, but the staffing plan costs $1,150,000"
        in run("co.budget.personnel", d)[0].message
    )
    assert run("co.budget.personnel", valid_plan()) == []


def test_no_personnel_lines_is_a_warning() -> None:
    d = valid_plan()
    del d["levers"]["budget"]["expenses"][0]["personnel"]
    [f] = run("co.budget.personnel", d)
    assert f.severity is Severity.WARNING
    assert "No expense line is marked as personnel" in f.message
    assert "`" not in f.message  # the memo names fields in words, not YAML


def test_expenses_exceed_revenues() -> None:
    d = valid_plan()
    d["levers"]["budget"]["expenses"][1]["proposed"] = 200000
    assert (
        "exceed proposed revenues ($1,300,000) by $50,000"
        in run("co.budget.balanced", d)[0].message
    )
    assert run("co.budget.balanced", valid_plan()) == []


def test_cost_savings_missing() -> None:
    d = valid_plan()
    del d["levers"]["budget"]["cost_savings"]
    assert codes(run("co.budget.cost-savings", d)) == ["co.budget.cost-savings"]
    d["levers"]["budget"]["cost_savings"] = {"description": "TBD"}
    assert "placeholder" in run("co.budget.cost-savings", d)[0].message
    assert run("co.budget.cost-savings", valid_plan()) == []


def test_prior_year_budget_for_existing_school() -> None:
    d = valid_plan()
    for key in ("revenues", "expenses"):
        for line in d["levers"]["budget"][key]:
            line["prior"] = 0
    assert codes(run("co.budget.prior-year", d)) == ["co.budget.prior-year"]
    d["school"]["status"] = "new"
    assert run("co.budget.prior-year", d) == []


def test_funding_source_names_a_revenue_line() -> None:
    d = valid_plan()
    d["levers"]["staffing"]["positions"][0]["funding_source"] = "Grant money"
    assert "“Teacher” is funded by “Grant money”" in run("co.budget.funding-source", d)[0].message
    d["levers"]["staffing"]["positions"][0]["funding_source"] = "per-pupil"
    assert run("co.budget.funding-source", d) == []


def _exact_totals(d: dict[str, Any]) -> list[Finding]:
    """co.budget.totals with `budget.tolerance: 0` (a district pack may require exact totals)."""
    ruleset = packs_for("co")
    active, severity = ruleset.rules["co.budget.totals"]
    params = {**ruleset.params, "budget.tolerance": 0}
    return run_rule(
        active, severity, RuleContext(d, "innovation_plan", params, ruleset.catalog, [])
    )


def _cents_plan(stated: float) -> dict[str, Any]:
    d = valid_plan()
    b = d["levers"]["budget"]
    b["expenses"] = [
        {"category": "Salaries", "personnel": True, "prior": 1100000, "proposed": 1234.10},
        {"category": "Supplies", "prior": 50000, "proposed": 2345.20},
    ]
    b["totals"]["expense_proposed"] = stated
    return d


def test_cents_add_up_exactly_even_with_zero_tolerance() -> None:
    # 1234.10 + 2345.20 is 3579.2999999999997 in binary floating point: no false finding.
    assert _exact_totals(_cents_plan(3579.30)) == []
    [f] = _exact_totals(_cents_plan(3579.80))
    assert f.message == (
        "Stated proposed expenses total is $3,579.80, but the lines add up to $3,579.30 "
        "(difference $0.50)."
    )


def test_staffing_fte_message_shows_fte_as_typed() -> None:
    d = valid_plan()
    d["levers"]["staffing"]["total_fte"] = 11.333
    [f] = run("co.budget.staffing-fte", d)
    assert "Stated total FTE is 11.333, but the positions add up to 11." in f.message
