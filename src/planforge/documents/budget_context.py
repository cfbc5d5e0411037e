"""The budget section CDE receives on its own: as a Word document and as a spreadsheet (pure).

CDE asks for the budget section of an innovation plan as a separate attachment, in Excel or
PDF: the prior-year budget and the proposed budget with every source of money (local, state,
federal, private), every category of spending including staffing, and the estimated cost
savings. Both files are drawn from the plan's budget lever:

* :func:`budget_section_context` feeds ``budget-section.docx`` with the same tables (and the
  same words) as the innovation plan's Budget and Staffing sections;
* :func:`budget_sheet_context` gives the spreadsheet writer
  (:mod:`planforge.documents.budget_xlsx`) the amounts as numbers and the text as typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planforge.authorizer.cells import reflow
from planforge.documents.context import Missing, Reader, plain
from planforge.documents.plan_context import FUNDING, TitleLookup, common_context, plan_context

DASH = "\u2014"


def budget_section_context(
    data: Any,
    *,
    draft: bool = False,
    titles: TitleLookup | None = None,
    params: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the budget-section template shows: the plan's ``budget`` and ``staffing``
    values (as in the innovation plan), the budget lever's narrative and the expense notes."""
    full = plan_context(data, draft=draft, titles=titles, params=params)
    r = Reader(data, draft=draft)
    ctx = common_context(r)
    lever = next((x for x in full["levers"] if x.get("key") == "budget"), None)
    school = plain(r.text("/school/name"), "the school")
    ctx.update(
        budget=full["budget"],
        staffing=full["staffing"],
        budget_lever=lever,
        section={
            "intro": (
                f"This is the budget section of the innovation plan of {school}, sent to the "
                "Colorado Department of Education with the plan and its state waiver request. "
                "It gives the prior-year budget and the proposed budget by source of revenue "
                "and by category of spending, the staffing plan and the estimated cost savings, "
                "exactly as the plan states them; totals and changes are computed from the lines."
            ),
            "expense_notes": _expense_notes(r),
        },
    )
    return ctx


def _expense_notes(r: Reader) -> list[dict[str, Any]]:
    """`Salaries and benefits: two new interventionists` for each expense line with a note."""
    out = []
    for p, _ in r.items("/levers/budget/expenses"):
        note = r.text(f"{p}/note")
        if note is not None:
            out.append({"category": r.text(f"{p}/category", required=True), "note": note})
    return out


# --------------------------------------------------------------------------- the spreadsheet


def budget_sheet_context(
    data: Any, *, draft: bool = False, params: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The budget as the spreadsheet writes it: text exactly as typed (a draft's gaps as
    ``[MISSING: …]``), amounts as numbers (None when absent), and planforge's notes on the
    totals the plan states that differ from its lines."""
    r = Reader(data, draft=draft)
    b = "/levers/budget"
    full = plan_context(data, draft=draft, params=params)
    return {
        "draft": draft,
        "school": _text(r, "/school/name", "School"),
        "district": _text(r, "/school/district", ""),
        "term": f"{_text(r, '/term/start', '?')} to {_text(r, '/term/end', '?')}",
        "prior_year": _text(r, f"{b}/prior_year", "Prior year", required=True),
        "proposed_year": _text(r, f"{b}/proposed_year", "Proposed year", required=True),
        "revenues": [
            {
                "source": _text(r, f"{p}/source", "", required=True),
                "type": FUNDING.get(str(item.get("type")), DASH),
                "prior": _amount(r, f"{p}/prior"),
                "proposed": _amount(r, f"{p}/proposed"),
            }
            for p, item in r.items(f"{b}/revenues")
        ],
        "expenses": [
            {
                "category": _text(r, f"{p}/category", "", required=True),
                "funding_source": _text(r, f"{p}/funding_source", ""),
                "prior": _amount(r, f"{p}/prior"),
                "proposed": _amount(r, f"{p}/proposed"),
                "note": _text(r, f"{p}/note", ""),
            }
            for p, _ in r.items(f"{b}/expenses")
        ],
        "positions": [
            {
                "title": _text(r, f"{p}/title", "", required=True),
                "fte": _amount(r, f"{p}/fte"),
                "cost": _amount(r, f"{p}/cost"),
                "funding_source": _text(r, f"{p}/funding_source", ""),
                "licensed": {True: "Required", False: "Not required"}.get(item["licensed"], "")
                if isinstance(item.get("licensed"), bool)
                else "",
            }
            for p, item in r.items("/levers/staffing/positions")
        ],
        "cost_savings": reflow(_text(r, f"{b}/cost_savings/description", "", required=True)),
        "savings_amount": _amount(r, f"{b}/cost_savings/amount", required=False),
        "notes": [str(n) for n in (*full["budget"]["notes"], *full["staffing"]["notes"])],
    }


def _amount(r: Reader, pointer: str, *, required: bool = True) -> float | str | None:
    """An amount as a number; in a draft, a missing required one as its ``[MISSING: …]``
    label."""
    value = r.num(pointer)
    if value is not None:
        return float(value)
    return str(Missing(pointer)) if r.draft and required else None


def _text(r: Reader, pointer: str, default: str, *, required: bool = False) -> str:
    """Text as typed, a draft's ``[MISSING: …]`` label, or `default`."""
    value = r.text(pointer, required=required)
    return default if value is None else str(value)
