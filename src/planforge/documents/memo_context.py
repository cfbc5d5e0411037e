"""Context builder for the review memo: a plan plus its :class:`ReviewEntry` (pure, no docx).

The review entry is read by attribute (``elements``, ``findings``, ``verdict``,
``verdict_detail``, ``metrics``, ``packs``), so this module does not import the review engine.

A board member reads the memo without the plan's YAML file: every finding is located by the
field's label and list items are numbered as the plan lists them ("Waiver 4 (C.R.S. …) —
replacement policy"), and field names a message quotes in backticks are put in words
(:mod:`planforge.domain.fieldlabels`); no YAML path or line number appears.
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
)
from planforge.documents.plan_context import ACTION, band_figures, common_context
from planforge.domain.fieldlabels import field_label, plain_message
from planforge.domain.hours import Limits
from planforge.domain.labels import SAC, body_label, program_label

SEVERITY = {"error": "Error", "warning": "Warning", "info": "Note"}
RECOMMEND = {
    "READY": "Staff recommend that the {board} approve the innovation plan of {school}.",
    "NOT READY": "Staff recommend that the {board} not act on the innovation plan of {school} "
    "until the errors listed above are resolved.",
}


def review_context(
    data: Any,
    review: Any,
    *,
    draft: bool = False,
    today: str = "",
    params: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the review-memo template shows.

    ``params`` are the parameters of the packs the review applied (``RuleSet.params``; the
    default pack's when empty): the key figures use their minimum hours.
    """
    r = Reader(data, draft=draft)
    limits = Limits.from_params(pack_params(params))
    ctx = common_context(r)
    school, board = plain(ctx["school"]["name"], "the school"), ctx["board_name"]
    verdict = str(getattr(review, "verdict", ""))
    findings = [_finding(f, data) for f in getattr(review, "findings", [])]
    ctx["memo"] = {
        "to": board,
        "sender": "Innovation plan review staff (prepared with planforge)",
        "date": today,
        "subject": f"{school}: {ACTION.get(str(r.get('/action')), 'innovation plan')} "
        f"of the innovation plan, {ctx['plan']['term_label']}",
    }
    ctx["review"] = {
        "verdict": verdict,
        "verdict_detail": str(getattr(review, "verdict_detail", "")) or f"Verdict: {verdict}",
        "summary": _summary(review),
        "elements": [_element(e, data) for e in getattr(review, "elements", [])],
        "findings": findings,
        "no_findings": "The review found no problems.",
        "metrics": _packs_row(review)
        + metric_rows(
            getattr(review, "metrics", {}) or {},
            plain(r.text("/school/sac_name"), SAC),
            limits,
        ),
        "recommendation": RECOMMEND.get(
            verdict, "Staff make no recommendation: the plan could not be reviewed."
        ).format(board=board, school=school),
    }
    return ctx


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
    metrics: dict[str, Any], sac: str, limits: Limits | None = None
) -> list[dict[str, str]]:
    """Key figures (hours, votes, budget) as label | value rows.

    Hours are the review's (:mod:`planforge.domain.hours`), one row per grade band; a minimum
    the review did not record comes from `limits` (the packs' ``schedule.min_hours`` and
    ``schedule.reduced_min_hours``).
    """
    rows = _hour_rows(metrics, limits or Limits())
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
    return rows


def _hour_rows(metrics: dict[str, Any], limits: Limits) -> list[dict[str, str]]:
    """Per grade band: planned hours against the minimum, actual against the reduced minimum."""
    rows = []
    for key, t in (metrics.get("instructional_time") or {}).items():
        program = str(t.get("program") or key)
        need, floor = t.get("minimum"), t.get("reduced_minimum")
        need = limits.minimum.get(program) if need is None else need
        floor = limits.floor.get(program) if floor is None else floor
        label = str(t.get("label") or program_label(program))
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
