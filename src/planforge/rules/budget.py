"""Budget arithmetic: totals, staffing against personnel lines, balance, savings estimate."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from planforge.domain.numbers import number as typed_number
from planforge.errors import Finding, Severity
from planforge.rules import RuleContext, rule
from planforge.rules._util import exact_sum, get, items, money

_BUDGET = "C.R.S. 22-32.5-104(3); CDE Appendix A, element 5 (prior-year and proposed budget)"


@dataclass(frozen=True)
class BudgetFigures:
    """Sums computed from the budget and staffing lines."""

    revenue_prior: float
    revenue_proposed: float
    expense_prior: float
    expense_proposed: float
    personnel_proposed: float
    personnel_lines: int
    staffing_cost: float
    staffing_fte: float


def _sum(data: Any, key: str, field: str, only_personnel: bool = False) -> float:
    return exact_sum(
        line.get(field) or 0
        for _, line in items(data, "levers", "budget", key)
        if not only_personnel or line.get("personnel") is True
    )


def figures(data: Any) -> BudgetFigures:
    """The computed budget totals of a plan."""
    positions = [p for _, p in items(data, "levers", "staffing", "positions")]
    return BudgetFigures(
        revenue_prior=_sum(data, "revenues", "prior"),
        revenue_proposed=_sum(data, "revenues", "proposed"),
        expense_prior=_sum(data, "expenses", "prior"),
        expense_proposed=_sum(data, "expenses", "proposed"),
        personnel_proposed=_sum(data, "expenses", "proposed", only_personnel=True),
        personnel_lines=sum(
            1 for _, e in items(data, "levers", "budget", "expenses") if e.get("personnel") is True
        ),
        staffing_cost=exact_sum(p.get("cost") or 0 for p in positions),
        staffing_fte=exact_sum(p.get("fte") or 0 for p in positions),
    )


def _differs(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) > tolerance


@rule(
    "co.budget.totals",
    element="budget",
    enforces=_BUDGET,
    message="Each stated budget total must equal the sum of its lines.",
    hint="Correct the total, or the lines, so they agree.",
    params=("budget.tolerance",),
)
def totals(ctx: RuleContext) -> Iterator[Finding]:
    stated = get(ctx.data, "levers", "budget", "totals") or {}
    fig = figures(ctx.data)
    tolerance = float(ctx.param("budget.tolerance"))
    for key, computed, what in (
        ("revenue_prior", fig.revenue_prior, "prior-year revenues"),
        ("revenue_proposed", fig.revenue_proposed, "proposed revenues"),
        ("expense_prior", fig.expense_prior, "prior-year expenses"),
        ("expense_proposed", fig.expense_proposed, "proposed expenses"),
    ):
        value = stated.get(key) if isinstance(stated, dict) else None
        if isinstance(value, (int, float)) and _differs(float(value), computed, tolerance):
            msg = f"Stated {what} total is {money(value)}, but the lines add up to {money(computed)} (difference {money(abs(value - computed))})."
            yield ctx.finding(f"/levers/budget/totals/{key}", msg)


@rule(
    "co.budget.staffing-total",
    element="budget",
    enforces=_BUDGET + " (staffing costs)",
    message="The stated staffing cost must equal the sum of the positions.",
    hint="Correct `levers.staffing.total_cost` or the position costs.",
    params=("budget.tolerance",),
)
def staffing_total(ctx: RuleContext) -> Iterator[Finding]:
    stated = get(ctx.data, "levers", "staffing", "total_cost")
    fig = figures(ctx.data)
    if isinstance(stated, (int, float)) and _differs(
        float(stated), fig.staffing_cost, float(ctx.param("budget.tolerance"))
    ):
        msg = f"Stated staffing cost is {money(stated)}, but the positions add up to {money(fig.staffing_cost)}."
        yield ctx.finding("/levers/staffing/total_cost", msg)


@rule(
    "co.budget.staffing-fte",
    element="budget",
    enforces=_BUDGET + " (staffing plan)",
    message="The stated total FTE must equal the sum of the positions' FTE.",
    hint="Correct `levers.staffing.total_fte` or the positions' `fte`.",
)
def staffing_fte(ctx: RuleContext) -> Iterator[Finding]:
    stated = get(ctx.data, "levers", "staffing", "total_fte")
    fte = figures(ctx.data).staffing_fte
    if isinstance(stated, (int, float)) and abs(float(stated) - fte) > 0.005:
        yield ctx.finding(
            "/levers/staffing/total_fte",
            f"Stated total FTE is {typed_number(stated)}, but the positions add up to {typed_number(fte)}.",
        )


@rule(
    "co.budget.personnel",
    element="budget",
    enforces=_BUDGET + " (all associated costs, including staffing)",
    message="The staffing plan's cost must equal the budget's proposed personnel lines.",
    hint="Mark salary and benefit expense lines `personnel: true` and make them agree with the positions.",
    params=("budget.tolerance",),
)
def personnel(ctx: RuleContext) -> Iterator[Finding]:
    fig = figures(ctx.data)
    if not fig.personnel_lines:
        yield ctx.finding(
            "/levers/budget/expenses",
            f"No expense line is marked as personnel (salaries and benefits), so the staffing plan ({money(fig.staffing_cost)}) cannot be matched to the budget.",
            downgrade=True,
        )
    elif _differs(fig.personnel_proposed, fig.staffing_cost, float(ctx.param("budget.tolerance"))):
        msg = f"Proposed personnel expenses are {money(fig.personnel_proposed)}, but the staffing plan costs {money(fig.staffing_cost)} (difference {money(abs(fig.personnel_proposed - fig.staffing_cost))})."
        yield ctx.finding("/levers/budget/expenses", msg)


@rule(
    "co.budget.balanced",
    element="budget",
    enforces=_BUDGET + "; fiscal feasibility, C.R.S. 22-32.5-107",
    message="Proposed expenses must not exceed proposed revenues.",
    hint="Reduce proposed expenses or identify the revenue that pays for them.",
    params=("budget.tolerance",),
)
def balanced(ctx: RuleContext) -> Iterator[Finding]:
    fig = figures(ctx.data)
    if fig.expense_proposed - fig.revenue_proposed > float(ctx.param("budget.tolerance")):
        gap = fig.expense_proposed - fig.revenue_proposed
        msg = f"Proposed expenses ({money(fig.expense_proposed)}) exceed proposed revenues ({money(fig.revenue_proposed)}) by {money(gap)}."
        yield ctx.finding("/levers/budget/expenses", msg)


@rule(
    "co.budget.cost-savings",
    element="budget",
    severity=Severity.WARNING,
    enforces="C.R.S. 22-32.5-104(3): estimate of cost savings and increased efficiencies (element 6)",
    message="The plan should estimate cost savings and efficiencies, or say none are expected.",
    hint='Add `levers.budget.cost_savings.description` ("None expected" is an acceptable answer).',
    params=("text.placeholders",),
)
def cost_savings(ctx: RuleContext) -> Iterator[Finding]:
    from planforge.rules._util import placeholder

    text = get(ctx.data, "levers", "budget", "cost_savings", "description")
    if not isinstance(text, str):
        yield ctx.finding(
            "/levers/budget",
            "No estimate of cost savings or efficiencies is given.",
        )
    elif placeholder(text, ctx.param("text.placeholders")):
        yield ctx.finding(
            "/levers/budget/cost_savings/description", "The cost-savings estimate is a placeholder."
        )


@rule(
    "co.budget.prior-year",
    element="budget",
    severity=Severity.WARNING,
    enforces=_BUDGET,
    message="An existing school must show its prior-year budget.",
    hint="Fill in the `prior` amounts from last year's budget.",
)
def prior_year(ctx: RuleContext) -> Iterator[Finding]:
    fig = figures(ctx.data)
    if (
        get(ctx.data, "school", "status") == "existing"
        and fig.revenue_prior == 0
        and fig.expense_prior == 0
    ):
        yield ctx.finding(
            "/levers/budget",
            "All prior-year amounts are 0; an existing school must show its prior-year budget.",
        )


def _plain(text: Any) -> str:
    return " ".join(str(text).lower().split())


@rule(
    "co.budget.funding-source",
    element="budget",
    severity=Severity.WARNING,
    enforces=_BUDGET + " (anticipated funding for all costs)",
    message="Each `funding_source` should name one of the revenue lines (its full name or the start of it).",
    hint="Use the exact `source` name of a revenue line.",
)
def funding_source(ctx: RuleContext) -> Iterator[Finding]:
    sources = [_plain(r.get("source")) for _, r in items(ctx.data, "levers", "budget", "revenues")]
    for base, key in (
        ("/levers/staffing/positions", ("levers", "staffing", "positions")),
        ("/levers/budget/expenses", ("levers", "budget", "expenses")),
    ):
        for index, line in items(ctx.data, *key):
            src = line.get("funding_source")
            if isinstance(src, str) and not any(s.startswith(_plain(src)) for s in sources):
                what = line.get("title") or line.get("category")
                yield ctx.finding(
                    f"{base}/{index}/funding_source",
                    f"“{what}” is funded by “{src}”, which is not a revenue line.",
                )
