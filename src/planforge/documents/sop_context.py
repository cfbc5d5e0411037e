"""Template context for a Massachusetts empowerment-zone school's School Operational Plan.

Pure: the plan's clean data (``kind: school_operational_plan``) and, when the plan is rendered
as a member of its zone, the zone's clean data in; plain dicts out for
``templates/operational-plan.docx``. Values the school typed are wrapped by
:class:`~planforge.documents.context.Reader` so they print exactly and are checked after
rendering.

Learning time and the budget totals are the review's (:mod:`planforge.domain.sop`:
:func:`~planforge.domain.hours.schedule_time` over the plan's ``calendar`` with the packs'
:class:`~planforge.domain.hours.Limits`, 603 CMR 27.00 under the ``ma`` pack; the budget summed
exactly). Nothing here names Colorado law or bodies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planforge.documents.context import (
    Reader,
    Value,
    fact,
    hours,
    money,
    number,
    pack_params,
    person_line,
    plain,
    signatories,
    signed_money,
)
from planforge.documents.plan_context import _bell, _school_days
from planforge.domain.hours import BandTime, Limits
from planforge.domain.labels import (
    ELECTION_METHODS,
    EZ_BODIES,
    EZ_ITEMS,
    EZ_LEVERS,
    SPENDING_CATEGORIES,
    defined_term,
    in_sentence,
)
from planforge.domain.numbers import exact_sum
from planforge.domain.sop import calendar_time, sop_budget
from planforge.domain.text import and_list

TITLE = "School Operational Plan"
DASH = "\u2014"
_ITEM_WORDS = {key: item.word for key, item in EZ_ITEMS.items()}
RETAINED = "ma-ez.retained_services"
"""The `ma-ez` pack's services the district keeps (a budget line for one is pointed out)."""
LAW = "603 CMR 27.00"
SCHEDULED_DAYS = "ma.schedule.scheduled_days"
"""The `ma` pack's days a school committee schedules (603 CMR 27.03(2))."""


def operational_plan_context(
    data: Any,
    *,
    draft: bool = False,
    params: Mapping[str, Any] | None = None,
    zone: Any = None,
) -> dict[str, Any]:
    """Everything the operational-plan template shows.

    ``params`` are the rule packs' parameters: the learning-time minimums, as the review uses
    them (the default pack's when empty), and the services the district keeps (the `ma-ez`
    pack's ``ma-ez.retained_services``). ``zone`` is the zone's clean data when the plan is
    rendered as a member of its zone: the zone's name, board and teacher contract come from
    it, else from the plan's own ``school.zone``.
    """
    r = Reader(data, draft=draft)
    z = Reader(zone) if isinstance(zone, dict) else None
    merged = pack_params(params)
    limits = Limits.from_params(merged)
    school = _school(r)
    zone_ctx = _zone(r, z)
    return {
        "draft": draft,
        "title": TITLE,
        "school": school,
        "zone": zone_ctx,
        "plan": _plan(r),
        "tlt": _tlt(r),
        "vision": r.prose("/vision", required=True),
        "levers": _levers(r),
        "goals": _goals(r),
        "ewc": _ewc(r, zone_ctx),
        "calendar": _calendar(r, limits, merged.get(SCHEDULED_DAYS)),
        "budget": _budget(r, merged.get(RETAINED)),
        "operator": _operator(r),
        "exit": _exit(r),
        "approvals": _approvals(r),
        "signatories": _signatories(r),
        "signature_intro": (
            "Signed on behalf of the school by its principal and its Teacher Leadership Team. "
            "Each signature confirms that the signer has read this plan."
        ),
    }


# --------------------------------------------------------------------------- who and when


def _school(r: Reader) -> dict[str, Any]:
    enrollment = r.num("/school/enrollment")
    principal = r.text("/school/principal/name", required=True)
    return {
        "name": r.text("/school/name", required=True),
        "district": r.text("/school/district", required=True),
        "grades": r.text("/school/grades", required=True),
        "principal_name": principal,
        "principal_title": r.text("/school/principal/title") or "Principal",
        "facts": [
            row
            for row in (
                fact("School", r.text("/school/name", required=True)),
                fact("District", r.text("/school/district", required=True)),
                fact("Empowerment zone", r.text("/school/zone", required=True)),
                fact("Grades served", r.text("/school/grades", required=True)),
                fact("Enrollment", number(enrollment) if enrollment is not None else None),
                fact("Address", r.text("/school/address")),
                fact("Principal", person_line(r, "/school/principal")),
                fact("School year", r.text("/school_year", required=True)),
                fact("Submitted to the Zone Board", r.text("/submitted")),
            )
            if row["value"] is not None
        ],
    }


def _plan(r: Reader) -> dict[str, Any]:
    return {
        "year": r.text("/school_year", required=True),
        "submitted": r.text("/submitted") or "not yet submitted",
    }


def _zone(r: Reader, z: Reader | None) -> dict[str, Any]:
    """The zone's name, board and teacher contract: the zone file's, else the plan's words."""
    name = (z.text("/zone/name") if z else None) or r.text("/school/zone", required=True)
    board = z.text("/governance/board_name") if z else None
    contract = z.text("/ma/zone_contract/name") if z else None
    return {
        "name": name,
        "board": board or f"Board of the {plain(name, 'Zone')}",
        "contract": contract,
    }


# --------------------------------------------------------------------------- the plan


def _tlt(r: Reader) -> dict[str, Any]:
    t = "/teacher_leadership_team"
    members = [
        {
            "name": r.text(f"{p}/name", required=True),
            "role": r.text(f"{p}/role", required=True),
            "elected": r.text(f"{p}/elected", required=True),
            "chair": "Chair" if member.get("chair") is True else "",
        }
        for p, member in r.items(f"{t}/members")
    ]
    count = len(members)
    return {
        "members": members,
        "count": number(count),
        "intro": (
            f"The Teacher Leadership Team has {count} teacher member{'s' if count != 1 else ''}, "
            "elected by their colleagues. With the principal it wrote this plan and the school's "
            "Educator Working Conditions."
        ),
        "election": _election(r, f"{t}/election"),
        "election_description": r.prose(f"{t}/election/description"),
        "meetings": r.prose(f"{t}/meetings"),
    }


def _election(r: Reader, e: str) -> str:
    """`The teachers elected the team on 2026-03-12 by a secret paper ballot: 28 of 31 …`."""
    date = plain(r.text(f"{e}/date", required=True), "a date not given")
    found = ELECTION_METHODS.get(str(r.get(f"{e}/method")))
    method = found.how if found else "a vote"
    eligible, cast = r.num(f"{e}/eligible"), r.num(f"{e}/ballots_cast")
    turnout = ""
    if cast is not None and eligible is not None:
        turnout = f": {number(cast)} of {number(eligible)} eligible teachers voted"
    elif cast is not None:
        turnout = f": {number(cast)} teachers voted"
    elif eligible is not None:
        turnout = f"; {number(eligible)} teachers could vote"
    return f"The teachers elected the team on {date} by {method}{turnout}."


def _levers(r: Reader) -> dict[str, Any]:
    """Every lever the plan describes, in the order of the six levers; the ones it leaves out
    are named in one sentence."""
    texts = {key: r.prose(f"/levers/{key}") for key in EZ_LEVERS}
    used = [
        {"key": key, "title": EZ_LEVERS[key].title, "text": text}
        for key, text in texts.items()
        if text is not None
    ]
    unused = [in_sentence(EZ_LEVERS[key].word) for key, text in texts.items() if text is None]
    left_out = ""
    if unused:
        listed = and_list(unused)
        left_out = f"The plan describes no change this year to {listed}."
    return {
        "rows": used,
        "intro": (
            "How the school uses its autonomy this year, lever by lever. The Memorandum of "
            "Understanding that created the zone gives each member school these autonomies; "
            "this plan says how the school uses them."
        ),
        "left_out": left_out,
    }


def _value(value: Any) -> str:
    """A baseline or target: a number formatted, a text as typed."""
    if isinstance(value, bool):
        return DASH
    if isinstance(value, int | float):
        return number(value)
    return value if isinstance(value, str) and value.strip() else DASH


def _goals(r: Reader) -> dict[str, Any]:
    goals = r.items("/goals")
    ids = {g.get("id") for _, g in goals}
    strategies = r.items("/strategies")
    rows = []
    for p, goal in goals:
        rows.append(
            {
                "id": r.text(f"{p}/id", required=True),
                "statement": r.text(f"{p}/statement", required=True),
                "metric": r.text(f"{p}/metric", required=True),
                "group": r.text(f"{p}/group") or "All students",
                "baseline": _value(goal.get("baseline")),
                "target": _value(goal.get("target")),
                "source": r.text(f"{p}/data_source") or DASH,
                "strategies": [
                    _strategy(r, sp, s) for sp, s in strategies if s.get("goal") == goal.get("id")
                ],
            }
        )
    others = [_strategy(r, sp, s) for sp, s in strategies if s.get("goal") not in ids]
    count = len(rows)
    return {
        "rows": rows,
        "others": others,
        "intro": (
            f"The school commits to {count} measurable goal{'s' if count != 1 else ''} for the "
            "year. Each gives where the school is now (baseline) and where it commits to be at "
            "the end of the year (target); the strategies under each goal say what the school "
            "will do to reach it."
        ),
    }


def _strategy(r: Reader, p: str, strategy: dict[str, Any]) -> dict[str, Any]:
    lever = strategy.get("lever")
    return {
        "goal": r.text(f"{p}/goal") or DASH,
        "action": r.prose(f"{p}/action", required=True),
        "lever": _lever_word(lever),
        "owner": r.text(f"{p}/owner", required=True) or DASH,
        "timeline": r.text(f"{p}/timeline") or DASH,
    }


def _lever_word(code: Any) -> str:
    lever = EZ_LEVERS.get(str(code))
    return lever.word if lever else DASH


def _ewc(r: Reader, zone: dict[str, Any]) -> dict[str, Any]:
    w = "/working_conditions"
    contract = r.text(f"{w}/contract", required=True)
    zone_contract = zone.get("contract")
    differs = zone_contract is not None and str(zone_contract) != str(contract)
    return {
        "contract": contract,
        "zone_contract": zone_contract if differs else None,
        "intro": (
            "The Educator Working Conditions are the school's working conditions for the year, "
            "set by the Teacher Leadership Team and the principal within the zone teacher "
            f"contract and approved by the {plain(zone['board'], 'Zone Board')}. Each row cites "
            "the contract article that allows it."
        ),
        "rows": [
            {
                "topic": r.text(f"{p}/topic", required=True),
                "provision": r.prose(f"{p}/provision", required=True),
                "article": r.text(f"{p}/contract_article", required=True),
            }
            for p, _ in r.items(f"{w}/items")
        ],
    }


# --------------------------------------------------------------------------- calendar


def _days_rule(held: int | None, scheduled: Any) -> str | None:
    """`at least 185 scheduled, of which at least 180 held (603 CMR 27.03)`: the packs' days."""
    parts = []
    if isinstance(scheduled, int | float) and not isinstance(scheduled, bool):
        parts.append(f"at least {number(scheduled)} scheduled")
    if held is not None:
        parts.append(f"{'of which ' if parts else ''}at least {number(held)} held")
    return f"{', '.join(parts)} (603 CMR 27.03)" if parts else None


def _calendar(r: Reader, limits: Limits, scheduled: Any = None) -> dict[str, Any]:
    c = "/calendar"
    raw = r.get(c)
    if not isinstance(raw, dict):
        return {"shown": False, "facts": [], "bands": [], "bells": [], "note": ""}
    facts = [
        *_school_days(r, c),
        fact("Days required", _days_rule(limits.min_days, scheduled)),
    ]
    times = calendar_time(r.data, limits)  # the review's hours, never recomputed here
    return {
        "shown": True,
        "facts": [row for row in facts if row["value"] is not None],
        "bands": [_band(t) for t in times.values()],
        "bells": [_bell(r, p, b, limits) for p, b in r.items(f"{c}/bell_schedules")],
        "note": (
            "Each grade band is checked on its own days; hours are never added across bands. "
            "Hours count structured learning time only (the blocks marked as instruction): "
            f"meals, passing, homeroom, recess and non-directed study do not count ({LAW}, "
            "27.04). The minimum is the one of the rule packs the plan is reviewed with."
        ),
    }


def _band(t: BandTime) -> dict[str, str]:
    return {
        "label": t.label,
        "days": number(t.days),
        "hours": hours(t.planned),
        "minimum": number(t.minimum) if t.minimum is not None else DASH,
        "result": _result(t),
    }


def _result(t: BandTime) -> str:
    """`Meets (+140 h)` or `Short by 12.5 h`: the review's figures (:class:`BandTime`)."""
    if t.minimum is None or t.margin is None:
        return "No minimum set"
    if t.margin < 0:  # under the minimum (or, after deductions, under the floor)
        return f"Short by {hours(-t.margin)} h"
    return f"Meets (+{hours(t.margin)} h)"


# --------------------------------------------------------------------------- budget


def _budget(r: Reader, retained: Any = None) -> dict[str, Any]:
    """The lines as typed; the totals are :func:`planforge.domain.sop.sop_budget`'s (the
    review's figures, summed exactly). A line for a service the district keeps (``retained``,
    the ``ma-ez.retained_services`` parameter; none without the `ma-ez` pack) is pointed out."""
    kept = {str(c) for c in retained} if isinstance(retained, list | tuple | set) else set()
    b = "/budget"
    rows = []
    by_category: dict[str, list[float]] = {}
    flagged = []
    for p, line in r.items(f"{b}/lines"):
        amount = r.num(f"{p}/amount")
        category = str(line.get("category"))
        by_category.setdefault(category, []).append(amount or 0)
        word = SPENDING_CATEGORIES.get(category, category)
        if category in kept:
            flagged.append(in_sentence(word))
        rows.append(
            {
                "category": word,
                "description": r.text(f"{p}/description", required=True),
                "amount": r.money_at(f"{p}/amount", required=True) or DASH,
            }
        )
    totals = sop_budget(r.data)
    remaining = totals.remaining
    notes = []
    if remaining is not None and remaining < 0:
        notes.append(
            f"The lines add up to {money(totals.planned)}, more than the allocation of "
            f"{money(totals.allocation or 0)}."
        )
    if flagged:
        notes.append(
            f"The budget has lines for {and_list(sorted(set(flagged)))}, services the district "
            "keeps for empowerment-zone schools."
        )
    summary = [
        fact("Allocation from the zone", r.money_at(f"{b}/allocation", required=True)),
        *(fact(SPENDING_CATEGORIES.get(k, k), money(exact_sum(v))) for k, v in by_category.items()),
        fact("Total budgeted", money(totals.planned)),
        fact("Remaining", signed_money(remaining) if remaining is not None else DASH),
    ]
    signed = [
        fact("Signed by the principal", r.text(f"{b}/signed/principal")),
        fact(
            "Signed by the Teacher Leadership Team", r.text(f"{b}/signed/teacher_leadership_team")
        ),
    ]
    return {
        "rows": rows,
        "total": money(totals.planned),
        "allocation": r.money_at(f"{b}/allocation", required=True),
        "summary": [row for row in summary if row["value"] is not None],
        "signed": [row for row in signed if row["value"] is not None],
        "notes": notes,
        "intro": (
            "The school's budget for the year within its allocation from the zone, decided by "
            "the principal with the Teacher Leadership Team. Amounts are in US dollars."
        ),
    }


# --------------------------------------------------------------------------- the rest


def _operator(r: Reader) -> dict[str, Any] | None:
    o = "/operator"
    if not isinstance(r.get(o), dict):
        return None
    facts = [
        fact("Contract", r.text(f"{o}/contract")),
        fact("Approved by the Zone Board", r.text(f"{o}/zone_board_approval")),
        fact("Approved by the School Committee", r.text(f"{o}/school_committee_approval")),
    ]
    return {
        "name": r.text(f"{o}/name", required=True),
        "role": r.prose(f"{o}/role", required=True),
        "facts": [row for row in facts if row["value"] is not None],
    }


def _exit(r: Reader) -> dict[str, Any] | None:
    e = "/exit"
    if not isinstance(r.get(e), dict):
        return None
    date = r.text(f"{e}/return_date", required=True)
    plan = r.text(f"{e}/innovation_plan")
    return {
        "return_date": date,
        "sentence": (
            f"The school leaves the zone and returns to the district on {plain(date, '?')}"
            + (
                ", as an innovation school under its own innovation plan (M.G.L. c.71 §92)."
                if plan is not None
                else "."
            )
        ),
        "innovation_plan": plan,
        "description": r.prose(f"{e}/description"),
    }


def _word(table: Mapping[str, str], code: Any) -> str:
    """A code's word as the plan prints it (a defined term in title case), else the code."""
    return defined_term(table.get(str(code), str(code)))


def _approvals(r: Reader) -> dict[str, Any]:
    rows = []
    for p, approval in r.items("/approvals"):
        yes, no = r.num(f"{p}/votes_for"), r.num(f"{p}/votes_against")
        votes = (
            f"{number(yes or 0)} for, {number(no or 0)} against"
            if yes is not None or no is not None
            else DASH
        )
        rows.append(
            {
                "body": _word(EZ_BODIES, approval.get("body")),
                "item": _word(_ITEM_WORDS, approval.get("item")),
                "date": r.text(f"{p}/date", required=True),
                "votes": votes,
            }
        )
    return {"rows": rows, "empty_note": "No approval of this plan is recorded yet."}


def _signatories(r: Reader) -> list[dict[str, Value | str]]:
    """The signers listed, else blank lines for the principal and the team's chair."""
    listed = signatories(r)
    if listed:
        return listed
    school = plain(r.text("/school/name"), "School")
    chair = next(
        (
            r.text(f"{p}/name")
            for p, m in r.items("/teacher_leadership_team/members")
            if m.get("chair") is True
        ),
        None,
    )
    blank = "Name: ______________________________"
    return [
        {
            "name_line": r.text("/school/principal/name") or blank,
            "title": r.text("/school/principal/title") or "Principal",
            "party": school,
        },
        {"name_line": chair or blank, "title": "Chair, Teacher Leadership Team", "party": school},
    ]


__all__ = ["TITLE", "operational_plan_context"]
