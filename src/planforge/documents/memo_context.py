"""Context builder for the review memo: a plan plus its :class:`ReviewEntry` (pure, no docx).

The review entry is read by attribute (``elements``, ``findings``, ``verdict``,
``verdict_detail``, ``metrics``, ``packs``), so this module does not import the review engine.

A board member reads the memo without the plan's YAML file: every finding is located by the
field's label and list items are numbered as the plan lists them ("Waiver 4 (C.R.S. …) —
replacement policy"), and field names a message quotes in backticks are put in words
(:mod:`planforge.domain.fieldlabels`); no YAML path or line number appears.

The memo speaks the law of the file it reviews (:data:`MEMO_WORDING`): a Colorado innovation
plan goes to the local Board of Education, a Massachusetts innovation plan to the School
Committee (its hours against 603 CMR 27.00, which has no reduced minimum), and a Massachusetts
empowerment-zone school's School Operational Plan to the Zone Board. Nothing in a
Massachusetts memo names Colorado law or bodies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planforge.documents.context import (
    Reader,
    fact,
    money,
    number,
    pack_params,
    plain,
    signed_money,
)
from planforge.documents.ma_context import board_name as school_committee
from planforge.documents.ma_context import is_massachusetts
from planforge.documents.plan_context import ACTION, band_figures, common_context
from planforge.domain.fieldlabels import field_label, plain_message
from planforge.domain.hours import Limits
from planforge.domain.labels import SAC, body_label, program_label
from planforge.domain.numbers import hours

SEVERITY = {"error": "Error", "warning": "Warning", "info": "Note"}
RECOMMEND = {
    "READY": "Staff recommend that the {board} approve the {document} of {school}.",
    "NOT READY": "Staff recommend that the {board} not act on the {document} of {school} "
    "until the errors listed above are resolved.",
}
NO_RECOMMENDATION = "Staff make no recommendation: the {document} could not be reviewed."
SOP = "school_operational_plan"
MEMO_WORDING: dict[str, dict[str, str]] = {
    "CO": {
        "sender": "Innovation plan review staff (prepared with planforge)",
        "document": "innovation plan",
        "elements_heading": "Statutory elements",
        "council": SAC,
    },
    "MA": {
        "sender": "Innovation plan review staff (prepared with planforge)",
        "document": "innovation plan",
        "elements_heading": "Statutory elements",
        "council": "School Council",
    },
    SOP: {
        "sender": "School operational plan review staff (prepared with planforge)",
        "document": "School Operational Plan",
        "elements_heading": "Required elements",
        "council": "School Council",
    },
}
"""The memo's words by the file reviewed: ``CO`` or ``MA`` innovation plans, or a
Massachusetts school operational plan (template variable ``review.elements_heading``)."""


def review_context(
    data: Any,
    review: Any,
    *,
    draft: bool = False,
    today: str = "",
    params: Mapping[str, Any] | None = None,
    zone: Any = None,
) -> dict[str, Any]:
    """Everything the review-memo template shows.

    ``params`` are the parameters of the packs the review applied (``RuleSet.params``; the
    default pack's when empty): the key figures use their minimum hours. ``zone`` is the
    zone's clean data for a school operational plan rendered as a member of its zone (the memo
    is addressed to the zone's board by its name); without it the board is named after the
    plan's ``school.zone``.
    """
    r = Reader(data, draft=draft)
    limits = Limits.from_params(pack_params(params))
    sop = isinstance(data, dict) and data.get("kind") == SOP
    state = "MA" if is_massachusetts(data) else "CO"
    words = MEMO_WORDING[SOP if sop else state]
    ctx = _sop_common(r, zone) if sop else common_context(r)
    if state == "MA" and not sop:
        ctx["board_name"] = school_committee(r)
    school, board = plain(ctx["school"]["name"], "the school"), ctx["board_name"]
    verdict = str(getattr(review, "verdict", ""))
    findings = [_finding(f, data) for f in getattr(review, "findings", [])]
    ctx["memo"] = {
        "to": board,
        "sender": words["sender"],
        "date": today,
        "subject": _subject(r, ctx, school, sop=sop),
    }
    ctx["review"] = {
        "verdict": verdict,
        "verdict_detail": str(getattr(review, "verdict_detail", "")) or f"Verdict: {verdict}",
        "summary": _summary(review),
        "elements_heading": words["elements_heading"],
        "elements": [_element(e, data) for e in getattr(review, "elements", [])],
        "findings": findings,
        "no_findings": "The review found no problems.",
        "metrics": _packs_row(review)
        + metric_rows(
            getattr(review, "metrics", {}) or {},
            plain(r.text("/school/sac_name"), words["council"]),
            limits,
            jurisdiction=state,
        ),
        "recommendation": RECOMMEND.get(verdict, NO_RECOMMENDATION).format(
            board=board, school=school, document=words["document"]
        ),
    }
    return ctx


def _subject(r: Reader, ctx: dict[str, Any], school: str, *, sop: bool) -> str:
    """`Tern Harbor …: Initial plan of the innovation plan, 2026-07-01 to 2031-06-30`, or
    `Heron Point …: School Operational Plan for 2026-27`."""
    if sop:
        return f"{school}: School Operational Plan for {plain(r.text('/school_year'), '?')}"
    action = ACTION.get(str(r.get("/action")), "innovation plan")
    return f"{school}: {action} of the innovation plan, {ctx['plan']['term_label']}"


def _sop_common(r: Reader, zone: Any) -> dict[str, Any]:
    """The school and board of a school operational plan (it has no term or leader)."""
    z = Reader(zone) if isinstance(zone, dict) else None
    zone_name = (z.text("/zone/name") if z else None) or r.text("/school/zone", required=True)
    board = z.text("/governance/board_name") if z else None
    return {
        "draft": r.draft,
        "school": {
            "name": r.text("/school/name", required=True),
            "district": r.text("/school/district", required=True),
            "zone": zone_name,
            "grades": r.text("/school/grades", required=True),
        },
        "plan": {"year": r.text("/school_year", required=True)},
        "board_name": plain(board) or f"Board of the {plain(zone_name, 'empowerment zone')}",
    }


def _summary(review: Any) -> str:
    elements = getattr(review, "elements", []) or []
    statuses = [str(getattr(e, "status", "")) for e in elements]
    counts = {s: statuses.count(s) for s in dict.fromkeys(statuses)}
    found = [str(getattr(f, "severity", "")) for f in getattr(review, "findings", []) or []]
    parts = ", ".join(f"{n} {s.lower()}" for s, n in counts.items())
    return (
        f"The review checked {len(elements)} required elements of the plan ({parts or 'none'}) "
        f"and found {_n(found.count('error'), 'error')}, {_n(found.count('warning'), 'warning')} "
        f"and {_n(found.count('info'), 'note')}."
    )


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _element(element: Any, data: Any) -> dict[str, str]:
    found = getattr(element, "findings", []) or []
    comments = " ".join(_message(f, data) for f in found)
    return {
        "title": str(getattr(element, "title", "")),
        "status_label": str(getattr(element, "status", "")),
        "comments": comments or "No issues found.",
    }


def _message(f: Any, data: Any) -> str:
    """A finding's message with the fields it quotes named in words."""
    return plain_message(str(getattr(f, "message", f)), data, str(getattr(f, "pointer", "")))


def _finding(f: Any, data: Any) -> dict[str, str]:
    """A row of the findings table: located by the field's label (the section for a finding
    about a whole section), not by a YAML path or a line of the file."""
    severity = str(getattr(f, "severity", ""))
    pointer = str(getattr(f, "pointer", "") or "")
    return {
        "severity_label": SEVERITY.get(severity, severity.capitalize()),
        "code": str(getattr(f, "code", "")),
        "message": _message(f, data),
        "location": field_label(data, pointer) if pointer else "\u2014",
    }


def _packs_row(review: Any) -> list[dict[str, str]]:
    """The rule packs the review applied (so a board reads which law and policy were used)."""
    packs = str(getattr(review, "packs", "") or "")
    return [fact("Rule packs applied", packs)] if packs else []


def metric_rows(
    metrics: dict[str, Any], sac: str, limits: Limits | None = None, *, jurisdiction: str = "CO"
) -> list[dict[str, str]]:
    """Key figures (hours, votes, budget) as label | value rows.

    Hours are the review's (:mod:`planforge.domain.hours`), one row per grade band; a minimum
    the review did not record comes from `limits` (the packs' ``schedule.min_hours`` and
    ``schedule.reduced_min_hours``). Under Massachusetts law (``jurisdiction="MA"``) hours are
    structured learning time against the one minimum of 603 CMR 27.00, with no reduced minimum.
    """
    rows = _hour_rows(metrics, limits or Limits(), jurisdiction)
    for body, vote in (metrics.get("consent") or {}).items():
        label = body_label(body, sac)
        pct = vote.get("percent")
        share = f"{pct:.1f}%" if isinstance(pct, int | float) else "n/a"
        rows.append(
            fact(
                f"Consent, {label}",
                f"{vote.get('votes_for', 0)} of "
                f"{vote.get('eligible', 0)} eligible in favour ({share})",
            )
        )
    budget = metrics.get("budget") or {}
    for key, label in (
        ("revenue_proposed", "Proposed revenue"),
        ("expense_proposed", "Proposed expenses"),
        ("staffing_cost", "Staffing cost"),
        ("staffing_fte", "Staffing FTE"),
    ):
        value = budget.get(key)
        if isinstance(value, int | float):
            rows.append(fact(label, number(value) if key == "staffing_fte" else money(value)))
    sop = metrics.get("sop_budget") or {}  # a school operational plan's budget (ma-ez)
    for key, label in (
        ("allocation", "Allocation from the zone"),
        ("planned", "Budgeted"),
        ("remaining", "Remaining"),
    ):
        value = sop.get(key)
        if isinstance(value, int | float):
            rows.append(fact(label, signed_money(value) if key == "remaining" else money(value)))
    return rows


def _hour_rows(
    metrics: dict[str, Any], limits: Limits, jurisdiction: str = "CO"
) -> list[dict[str, str]]:
    """Per grade band: planned hours against the minimum, actual against the reduced minimum
    (Massachusetts: structured learning hours against the minimum of 603 CMR 27.00)."""
    rows = []
    for key, t in (metrics.get("instructional_time") or {}).items():
        program = str(t.get("program") or key)
        need, floor = t.get("minimum"), t.get("reduced_minimum")
        need = limits.minimum.get(program) if need is None else need
        floor = limits.floor.get(program) if floor is None else floor
        label = str(t.get("label") or program_label(program))
        if jurisdiction == "MA":
            value = _learning_time(
                t.get("days") or 0, t.get("scheduled_hours") or 0, need, t.get("margin")
            )
            rows.append(fact(f"Structured learning hours, {label}", value))
            continue
        value = band_figures(
            t.get("days") or 0,
            t.get("scheduled_hours") or 0,
            need,
            t.get("deductions") or 0,
            t.get("hours") or 0,
            floor,
        )
        rows.append(fact(f"Instructional hours, {label}", value))
    return rows


def _learning_time(
    days: float, planned: float, minimum: float | None, margin: float | None = None
) -> str:
    """`1,130 h over 183 days, minimum 990 (603 CMR 27.04) — Meets` (or `— short by 12 h`).

    `margin` is the review's (:attr:`planforge.domain.hours.BandTime.margin`: hours to spare
    after any deductions, negative when short); without it the planned hours are compared."""
    text = f"{hours(planned)} h over {number(days)} days"
    if minimum is None:
        return f"{text}, no minimum set"
    spare = margin if isinstance(margin, int | float) else round(planned - minimum, 2)
    verdict = "Meets" if spare >= 0 else f"short by {hours(-spare)} h"
    return f"{text}, minimum {number(minimum)} (603 CMR 27.04) \u2014 {verdict}"
