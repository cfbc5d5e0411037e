"""Figures computed during review (hours, vote shares, budget totals) for reports and memos."""

from __future__ import annotations

from typing import Any

from planforge.domain.hours import BandTime, Limits, instructional_time
from planforge.domain.params import with_defaults
from planforge.rules import MemberInfo
from planforge.rules._util import get, items
from planforge.rules.budget import figures


def plan_metrics(data: Any, params: dict[str, Any]) -> dict[str, Any]:
    """instructional_time, consent and budget figures of a plan.

    Hours use the packs' parameters (the default pack's for any the packs do not set), the
    same as the ``co.schedule`` rules and the rendered plan: per grade band, planned hours
    (``scheduled_hours``) against ``minimum`` and actual hours after the deductions
    (``hours``) against ``reduced_minimum``.
    """
    params = with_defaults(params)
    time = {
        key: _band(t) for key, t in instructional_time(data, Limits.from_params(params)).items()
    }
    consent: dict[str, dict[str, Any]] = {}
    untallied: dict[str, dict[str, Any]] = {}
    for _, vote in items(data, "consent"):
        if vote.get("held") is False:
            continue  # scheduled, not yet held
        if vote.get("tally") == "not_recorded":  # held, counts unknown: never shown as 0 of 0
            untallied[str(vote.get("body"))] = {
                "date": vote.get("date"),
                "method": vote.get("method"),
                "outcome": vote.get("outcome"),
            }
            consent.pop(str(vote.get("body")), None)
            continue
        untallied.pop(str(vote.get("body")), None)
        eligible, yes = int(vote.get("eligible") or 0), int(vote.get("votes_for") or 0)
        consent[str(vote.get("body"))] = {
            "votes_for": yes,
            "votes_against": int(vote.get("votes_against") or 0),
            "eligible": eligible,
            "percent": round(100 * yes / eligible, 1) if eligible else None,
            "method": vote.get("method"),
            "date": vote.get("date"),
        }
    fig = figures(data)
    budget = {
        "revenue_prior": fig.revenue_prior,
        "revenue_proposed": fig.revenue_proposed,
        "expense_prior": fig.expense_prior,
        "expense_proposed": fig.expense_proposed,
        "personnel_proposed": fig.personnel_proposed,
        "staffing_cost": fig.staffing_cost,
        "staffing_fte": fig.staffing_fte,
    }
    return {
        "instructional_time": time,
        "consent": consent,
        "consent_untallied": untallied,
        "budget": budget,
    }


def sop_metrics(data: Any, params: dict[str, Any]) -> dict[str, Any]:
    """A school operational plan's learning time (from its calendar) and budget totals."""
    from planforge.domain.sop import calendar_time, sop_budget

    limits = Limits.from_params(with_defaults(params))
    budget = sop_budget(data)
    return {
        "instructional_time": {key: _band(t) for key, t in calendar_time(data, limits).items()},
        "sop_budget": {
            "allocation": budget.allocation,
            "planned": budget.planned,
            "remaining": budget.remaining,
        },
    }


def _band(t: BandTime) -> dict[str, Any]:
    return {
        "label": t.label,
        "program": t.program,
        "grade_band": t.band,
        "grades": t.grades,
        "days": t.days,
        "scheduled_hours": t.planned,
        "minimum": t.minimum,
        "deductions": t.deductions,
        "hours": t.actual,
        "reduced_minimum": t.floor,
        "margin": t.margin,
    }


def zone_metrics(data: Any, members: list[MemberInfo]) -> dict[str, Any]:
    """Board seats and member summary of a zone."""
    seats = sum(int(s.get("count") or 0) for _, s in items(data, "governance", "seats"))
    return {
        "board_seats": seats,
        "board_size": get(data, "governance", "size"),
        "members": [
            {
                "path": m.path,
                "reviewed": m.reviewed,
                "schema_errors": m.schema_errors,
                "review_errors": m.review_errors,
            }
            for m in members
        ],
    }
