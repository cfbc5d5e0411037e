"""Context builders for the innovation plan (pure, no docx); the state waiver request reuses
the waiver rows here from :mod:`planforge.documents.waiver_context`.

See :mod:`planforge.documents.context` for the value types and docs/templates.md for every variable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from planforge.documents.context import (
    Missing,
    PlanText,
    Reader,
    fact,
    hours,
    money,
    number,
    pack_params,
    percent,
    person_line,
    plain,
    signatories,
    signed_money,
)
from planforge.documents.ma_context import is_massachusetts, massachusetts_plan, plan_wording
from planforge.documents.plan_sections import sections_context, waiver_groups
from planforge.documents.renewal_context import goal_value, renewal_context, resolution_text
from planforge.domain.hours import (
    BandTime,
    Limits,
    block_minutes,
    instructional_time,
)
from planforge.domain.labels import (
    LEVERS,
    PROGRAMS,
    SAC,
    WAIVER_KINDS,
    WAIVER_STATUS,
    body_label,
    lever_word,
)
from planforge.domain.params import CBA_THRESHOLD

ACTION = {"initial": "Initial plan", "renewal": "Renewal", "revision": "Revision"}
STATUS = WAIVER_STATUS
FUNDING = {
    "local": "Local",
    "state": "State",
    "federal": "Federal",
    "private": "Private (grants and gifts)",
}
BLOCK_KINDS = {
    "instruction": "",
    "passing": "passing",
    "recess": "recess",
    "lunch": "lunch",
    "other": "",
}
"""Block types as the bell-schedule table names them (whether they count is the packs')."""
METHOD = {
    "secret_ballot": "secret ballot",
    "show_of_hands": "show of hands",
    "signatures": "signatures",
    "electronic_ballot": "electronic ballot",
    "committee_vote": "committee vote",
}
SUPPORT = {
    "staff": "Staff",
    "students": "Students",
    "families": "Families",
    "community": "Community",
}
PROGRAM_TYPE_WORDS = {
    "education_program": "Education program",
    "bell_schedule": "Bell schedule",
    "promotion_policy": "Promotion policy",
    "graduation_policy": "Graduation policy",
    "assessment_plan": "Assessment plan",
    "staffing_plan": "Staffing plan",
    "compensation_plan": "Compensation plan",
    "evaluation_system": "Evaluation system",
    "discipline_policy": "Discipline policy",
}
CENT = 0.005  # amounts are compared to the cent, like the review's budget rules
DASH = "\u2014"

TitleLookup = Callable[[str, str], str | None]


# --------------------------------------------------------------------------- shared


def common_context(r: Reader) -> dict[str, Any]:
    """School, plan and board values every document uses."""
    district = r.text("/school/district", required=True)
    school = _school(r)
    return {
        "draft": r.draft,
        "school": school,
        "plan": _plan(r),
        "board_name": f"{plain(district, 'district')} Board of Education",
    }


def _school(r: Reader) -> dict[str, Any]:
    leader_name = r.text("/school/leader/name", required=True)
    leader_title = r.text("/school/leader/title")
    return {
        "name": r.text("/school/name", required=True),
        "district": r.text("/school/district", required=True),
        "zone": r.text("/school/zone"),
        "grades": r.text("/school/grades", required=True),
        "sac_name": r.text("/school/sac_name") or SAC,
        "leader_name": leader_name,
        "leader_title": leader_title or "School leader",
        "facts": _school_facts(r),
    }


def _school_facts(r: Reader) -> list[dict[str, Any]]:
    enrollment = r.num("/school/enrollment")
    status = r.get("/school/status")
    rows = [
        fact("School", r.text("/school/name", required=True)),
        fact("District", r.text("/school/district", required=True)),
        fact("Innovation zone", r.text("/school/zone")),
        fact("Grades served", r.text("/school/grades", required=True)),
        fact("Enrollment", number(enrollment) if enrollment is not None else None),
        fact("Status", {"existing": "Existing school", "new": "New school"}.get(str(status))),
        fact("CDE school code", r.text("/school/cde_code")),
        fact("Address", r.text("/school/address")),
        fact("School leader", person_line(r, "/school/leader")),
        fact("Plan contact", person_line(r, "/school/contact")),
        fact(SAC, r.text("/school/sac_name")),
        fact("Plan type", ACTION.get(str(r.get("/action")))),
        fact("Plan term", _term(r)),
        fact("Submitted to the board", r.text("/submitted")),
        fact("Prior plan approved", r.text("/prior_plan_approved")),
        fact("Local board resolution", resolution_text(r)),
    ]
    return [row for row in rows if row["value"] is not None]


def _term(r: Reader) -> str:
    start = plain(r.text("/term/start", required=True), "?")
    end = plain(r.text("/term/end", required=True), "?")
    return f"{start} to {end}"


def _plan(r: Reader) -> dict[str, Any]:
    label = ACTION.get(str(r.get("/action")))
    return {
        "action_label": label or (Missing("/action") if r.draft else ""),
        "term_label": _term(r),
        "submitted": r.text("/submitted") or "not yet submitted",
        "resolution": resolution_text(r),
    }


# --------------------------------------------------------------------------- innovation plan


def plan_context(
    data: Any,
    *,
    draft: bool = False,
    titles: TitleLookup | None = None,
    params: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the innovation-plan template shows.

    ``params`` are the rule packs' parameters (``RuleSet.params``): the hours table uses their
    minimums, reduced minimums and counted blocks, as the review does (the default pack's when
    empty).
    """
    r = Reader(data, draft=draft)
    params = pack_params(params)
    waivers = waivers_context(r, titles, params)
    waivers["groups"] = waiver_groups(waivers["rows"], float(params[CBA_THRESHOLD]))
    ctx = common_context(r)
    ctx.update(sections_context(r))  # CDE cover, letter, summary, students, design (Denver's)
    ctx.update(
        mission={
            "statement": r.prose("/mission/statement", required=True),
            "vision": r.prose("/mission/vision"),
            "why_innovation": r.prose("/mission/why_innovation", required=True),
        },
        levers=[_lever(r, key, lever.title, waivers["by_id"]) for key, lever in LEVERS.items()],
        affected_programs=[_affected(r, p) for p, _ in r.items("/affected_programs")],
        goals=_goals(r),
        renewal=renewal_context(r),
        budget=_budget(r),
        staffing=_staffing(r),
        schedule=_schedule(r, Limits.from_params(params)),
        waivers=waivers,
        consent=_consent(r),
        support=[_support(r, p) for p, _ in r.items("/support")],
        signatories=_signatories(r),
        signature_intro=(
            "Signed on behalf of the school and the district. Each signature confirms that the "
            "signer has read this plan."
        ),
    )
    ctx.update(plan_wording(data))  # the sentences that name the state's law
    if is_massachusetts(data):  # Massachusetts law: no Colorado statute, body or vote
        massachusetts_plan(r, ctx)
    return ctx


def _lever(r: Reader, key: str, title: str, by_id: dict[str, Any]) -> dict[str, Any]:
    base = f"/levers/{key}"
    extras = []
    if key == "culture":
        for field, label in (
            ("family_engagement", "Family engagement"),
            ("governance", "Governance"),
        ):
            body = r.prose(f"{base}/{field}")
            if body is not None:
                extras.append({"label": label, "body": body})
    return {
        "key": key,
        "title": title,
        "current_practice": r.prose(f"{base}/current_practice", required=True),
        "innovations": [
            {
                "title": r.text(f"{p}/title", required=True),
                "description": r.prose(f"{p}/description", required=True),
            }
            for p, _ in r.items(f"{base}/innovations")
        ],
        "rationale": r.prose(f"{base}/rationale", required=True),
        "extras": extras,
        "assessments": r.strings(f"{base}/assessments"),
        "waivers": [
            _lever_waiver(r, f"{base}/waivers/{i}", by_id)
            for i, _ in enumerate(r.get(f"{base}/waivers") or [])
        ],
    }


def _lever_waiver(r: Reader, pointer: str, by_id: dict[str, Any]) -> dict[str, Any]:
    wid = r.get(pointer)
    if isinstance(wid, str) and wid in by_id:
        found: dict[str, Any] = by_id[wid]
        return found
    return {
        "citation": r.text(pointer),
        "title": "not listed under waivers",
        "kind_label": "unknown",
    }


def _affected(r: Reader, p: str) -> dict[str, Any]:
    kind = str(r.get(f"{p}/type"))
    return {
        "name": r.text(f"{p}/name", required=True),
        "type_label": PROGRAM_TYPE_WORDS.get(kind, kind.replace("_", " ").capitalize()),
        "change": r.prose(f"{p}/change", required=True),
    }


def _goal_value(value: Any, unit: str) -> str:
    return goal_value(value, unit)


def _goals(r: Reader) -> dict[str, Any]:
    goals = r.items("/goals")
    years = sorted(
        {
            t["year"]
            for _, g in goals
            for t in g.get("targets") or []
            if isinstance(t, dict) and isinstance(t.get("year"), str)
        }
    )
    rows = []
    for p, goal in goals:
        unit = str(goal.get("unit") or "")
        targets = {
            t.get("year"): t.get("value") for t in goal.get("targets") or [] if isinstance(t, dict)
        }
        base: dict[str, Any] = goal["baseline"] if isinstance(goal.get("baseline"), dict) else {}
        detail = " \u00b7 ".join(
            x for x in (plain(r.text(f"{p}/group")), plain(r.text(f"{p}/unit"))) if x
        )
        rows.append(
            {
                "metric": r.text(f"{p}/metric", required=True),
                "detail": detail,
                "baseline": f"{_goal_value(base.get('value'), unit)} ({plain(base.get('year'), '?')})",
                "targets": [_goal_value(targets.get(y), unit) for y in years],
            }
        )
    intro = (
        f"The school commits to {len(rows)} measurable goal{'s' if len(rows) != 1 else ''}. "
        "Each row gives the baseline and the target for each school year of the plan (one column per year)."
    )
    return {"years": years, "rows": rows, "intro": intro}


def _money_rows(
    r: Reader, pointer: str, label_key: str, extra: Callable[[str], dict[str, Any]]
) -> tuple[list[dict[str, Any]], float, float]:
    rows, prior_sum, proposed_sum = [], 0.0, 0.0
    for p, _ in r.items(pointer):
        prior, proposed = r.num(f"{p}/prior"), r.num(f"{p}/proposed")
        prior_sum += prior or 0
        proposed_sum += proposed or 0
        change = (
            signed_money(proposed - prior) if prior is not None and proposed is not None else DASH
        )
        rows.append(
            {
                label_key: r.text(f"{p}/{label_key}", required=True),
                "prior": r.money_at(f"{p}/prior", required=True),
                "proposed": r.money_at(f"{p}/proposed", required=True),
                "change": change,
                **extra(p),
            }
        )
    return rows, prior_sum, proposed_sum


def _total(prior: float, proposed: float) -> dict[str, str]:
    return {
        "prior": money(prior),
        "proposed": money(proposed),
        "change": signed_money(proposed - prior),
    }


def _stated(r: Reader, key: str, computed: float, what: str) -> list[str]:
    stated = r.num(f"/levers/budget/totals/{key}")
    if stated is None or abs(stated - computed) < CENT:
        return []
    return [
        f"The plan states {what} of {money(stated)}; the lines above add up to {money(computed)}."
    ]


def _budget(r: Reader) -> dict[str, Any]:
    b = "/levers/budget"
    expenses, e_prior, e_prop = _money_rows(
        r,
        f"{b}/expenses",
        "category",
        lambda p: {"funding_source": r.text(f"{p}/funding_source") or DASH},
    )
    revenues, r_prior, r_prop = _money_rows(
        r,
        f"{b}/revenues",
        "source",
        lambda p: {"type_label": FUNDING.get(str(r.get(f"{p}/type")), DASH)},
    )
    prior_year = r.text(f"{b}/prior_year", required=True)
    proposed_year = r.text(f"{b}/proposed_year", required=True)
    notes = (
        _stated(r, "expense_prior", e_prior, "prior-year expenses")
        + _stated(r, "expense_proposed", e_prop, "proposed expenses")
        + _stated(r, "revenue_prior", r_prior, "prior-year revenue")
        + _stated(r, "revenue_proposed", r_prop, "proposed revenue")
    )
    savings = r.num(f"{b}/cost_savings/amount")
    return {
        "prior_year": prior_year,
        "proposed_year": proposed_year,
        "intro": (
            f"The prior-year budget is for {plain(prior_year)} and the proposed budget is "
            f"for {plain(proposed_year)}. Amounts are yearly, in US dollars."
        ),
        "expenses": expenses,
        "expense_total": _total(e_prior, e_prop),
        "revenues": revenues,
        "revenue_total": _total(r_prior, r_prop),
        "summary": [
            fact(f"Revenue, {plain(prior_year)}", money(r_prior)),
            fact(f"Expenses, {plain(prior_year)}", money(e_prior)),
            fact(f"Revenue less expenses, {plain(prior_year)}", money(r_prior - e_prior)),
            fact(f"Revenue, {plain(proposed_year)}", money(r_prop)),
            fact(f"Expenses, {plain(proposed_year)}", money(e_prop)),
            fact(f"Revenue less expenses, {plain(proposed_year)}", money(r_prop - e_prop)),
        ],
        "notes": notes,
        "cost_savings": r.prose(f"{b}/cost_savings/description", required=True),
        "savings_amount": money(savings) if savings is not None else None,
    }


def _staffing(r: Reader) -> dict[str, Any]:
    s = "/levers/staffing"
    rows, fte_sum, cost_sum = [], 0.0, 0.0
    for p, item in r.items(f"{s}/positions"):
        fte, cost = r.num(f"{p}/fte"), r.num(f"{p}/cost")
        fte_sum += fte or 0
        cost_sum += cost or 0
        licensed = item.get("licensed")
        rows.append(
            {
                "title": r.text(f"{p}/title", required=True),
                "fte": number(fte) if fte is not None else Missing(f"{p}/fte") if r.draft else DASH,
                "cost": r.money_at(f"{p}/cost", required=True) or DASH,
                "funding_source": r.text(f"{p}/funding_source") or DASH,
                "licensed": {True: "Required", False: "Not required"}.get(licensed, DASH)
                if isinstance(licensed, bool)
                else DASH,
            }
        )
    notes = []
    stated_fte, stated_cost = r.num(f"{s}/total_fte"), r.num(f"{s}/total_cost")
    if stated_fte is not None and abs(stated_fte - fte_sum) > 0.001:
        notes.append(
            f"The plan states {number(stated_fte)} FTE in total; the positions add up to {number(fte_sum)}."
        )
    if stated_cost is not None and abs(stated_cost - cost_sum) >= CENT:
        notes.append(
            f"The plan states a staffing cost of {money(stated_cost)}; the positions add up to {money(cost_sum)}."
        )
    return {
        "intro": (
            f"The proposed staffing plan has {len(rows)} position line{'s' if len(rows) != 1 else ''}, "
            f"{number(fte_sum)} full-time equivalents (FTE) and a yearly cost of {money(cost_sum)}."
        ),
        "rows": rows,
        "total_fte": number(fte_sum),
        "total_cost": money(cost_sum),
        "notes": notes,
    }


def _counts(kind: str, limits: Limits) -> str:
    """`Yes`, `Yes (passing)`, `No (lunch)`: whether a block counts under the packs."""
    if kind not in BLOCK_KINDS:
        return DASH
    word = BLOCK_KINDS[kind]
    answer = "Yes" if kind in limits.counted else "No"
    return f"{answer} ({word})" if word else answer


def _bell(r: Reader, p: str, bell: dict[str, Any], limits: Limits) -> dict[str, Any]:
    rows, counted = [], 0
    for bp, block in r.items(f"{p}/blocks"):
        minutes = block_minutes(block)
        kind = str(block.get("type"))
        if limits.counts(block):
            counted += minutes
        rows.append(
            {
                "name": r.text(f"{bp}/name", required=True),
                "start": r.text(f"{bp}/start", required=True),
                "end": r.text(f"{bp}/end", required=True),
                "minutes": str(minutes),
                "counts": _counts(kind, limits),
            }
        )
    program = PROGRAMS.get(str(bell.get("program")))
    days = r.num(f"{p}/days") or 0
    grades, band = r.text(f"{p}/grades"), r.text(f"{p}/grade_band")
    term = r.text(f"{p}/term")
    summary = (
        f"{f'{band}: ' if band else ''}"
        f"{program.label if program else DASH}{f', grades {grades}' if grades else ''}; "
        f"{f'{term}, ' if term else ''}{number(days)} days a year; "
        f"{counted} instructional minutes a day ({hours(counted / 60)} hours)."
    )
    return {
        "name": r.text(f"{p}/name", required=True),
        "summary": summary,
        "rows": rows,
        "minutes": str(counted),
        "program": str(bell.get("program")),
        "days": days,
        "yearly_minutes": counted * days,
    }


def _check(hours_: float, need: float | None) -> str:
    """`minimum 1,080 — Meets`, `minimum 1,080 — short by 360 h`, `minimum not set`."""
    if need is None:
        return "not set"
    short = round(need - hours_, 2)
    return f"{number(need)} — {'Meets' if short <= 0 else f'short by {hours(short)} h'}"


def band_figures(
    days: float,
    planned: float,
    minimum: float | None,
    deductions: float,
    actual: float,
    floor: float | None,
) -> str:
    """A grade band's hours in words, the same in the plan and the memo.

    `1,126 h over 172 days, minimum 1,080 — Meets; 1,102 h after 24 h of deductions,
    reduced minimum 1,056 — Meets`.
    """
    return (
        f"{hours(planned)} h over {number(days)} days, minimum {_check(planned, minimum)}; "
        f"{hours(actual)} h after {hours(deductions)} h of deductions, reduced minimum "
        f"{_check(actual, floor)}"
    )


def _result(time: BandTime) -> str:
    """`Meets (+72.33 h)`, `Short by 360 h (planned)`: the same figures the review reports."""
    if time.margin is None:
        return "No minimum set" if time.program == "preschool" else DASH
    if time.short:  # as the review: a band short of its planned minimum is reported once
        return f"Short by {hours(time.shortfall)} h (planned)"
    if time.below_floor:
        return f"Short by {hours(time.floor_shortfall)} h (after deductions)"
    return f"Meets (+{hours(time.margin)} h)"


def _minimum(t: BandTime) -> str:
    """`1,080 / 1,056`: the planned minimum and the reduced minimum after deductions."""
    if t.minimum is None and t.floor is None:
        return DASH
    return " / ".join(number(v) if v is not None else DASH for v in (t.minimum, t.floor))


def _hours_rows(times: dict[str, BandTime]) -> list[dict[str, Any]]:
    """Per grade band: planned hours against the minimum, actual hours against the floor."""
    return [
        {
            "program_label": t.label,
            "band": t.label,
            "days": number(t.days),
            "scheduled": hours(t.planned),
            "deductions": hours(t.deductions),
            "annual": hours(t.actual),
            "minimum": _minimum(t),
            "planned_minimum": number(t.minimum) if t.minimum is not None else DASH,
            "reduced_minimum": number(t.floor) if t.floor is not None else DASH,
            "result": _result(t),
            "summary": f"{t.label}: "
            + band_figures(t.days, t.planned, t.minimum, t.deductions, t.actual, t.floor),
        }
        for t in times.values()  # in the order the bell schedules name them, as the review
    ]


def _school_days(r: Reader, base: str) -> list[dict[str, Any]]:
    """The first and last day for students and the instructional days of the calendar at
    ``base`` (facts rows; a value not given is None, or marked missing in a draft)."""
    days = r.num(f"{base}/instructional_days")
    return [
        fact("First day for students", r.text(f"{base}/first_day")),
        fact("Last day for students", r.text(f"{base}/last_day")),
        fact(
            "Instructional days",
            number(days)
            if days is not None
            else (Missing(f"{base}/instructional_days") if r.draft else None),
        ),
    ]


def _schedule(r: Reader, limits: Limits) -> dict[str, Any]:
    s = "/levers/schedule"
    bells = [_bell(r, p, b, limits) for p, b in r.items(f"{s}/bell_schedules")]
    deductions = {
        k: r.num(f"{s}/deductions/{k}") or 0 for k in ("conferences", "inservice", "closures")
    }
    total = sum(deductions.values())
    calendar = [
        fact("School year", r.text(f"{s}/school_year")),
        *_school_days(r, s),
        fact(
            "Hours deducted for conferences, in-service and closures",
            f"{hours(total)} (conferences {number(deductions['conferences'])}, in-service "
            f"{number(deductions['inservice'])}, closures {number(deductions['closures'])})",
        ),
    ]
    kinds = [*BLOCK_KINDS, *sorted(limits.counted - set(BLOCK_KINDS))]
    listed = [k for k in kinds if k in limits.counted]
    counted = " and ".join([", ".join(listed[:-1]), listed[-1]] if len(listed) > 1 else listed)
    times = instructional_time(r.data, limits)
    preschool = (
        " Preschool bands have no minimum under C.R.S. 22-32-109(1)(n), which sets the hours "
        "of kindergarten to grade 12, unless the rule packs set one; their hours are shown for "
        "information."
        if any(t.program == "preschool" and t.minimum is None for t in times.values())
        else ""
    )
    return {
        "calendar": [row for row in calendar if row["value"] is not None],
        "terms": _terms(r),
        "bells": bells,
        "hours": _hours_rows(times),
        "hours_note": (
            "Each grade band is checked on its own days; hours are never added across bands. "
            "Planned hours are the minutes of the blocks that count as instructional time "
            f"({counted or 'no'} blocks, under the local board's definition) times the days "
            "on each of the band's bell schedules, and must reach the minimum of C.R.S. "
            "22-32-109(1)(n)(I). Actual hours subtract the hours for parent-teacher "
            "conferences, staff in-service and closures, and must stay at or above the reduced "
            "minimum of C.R.S. 22-32-109(1)(n)(II)(A). Minimum column: planned / after "
            "deductions." + preschool
        ),
    }


def _terms(r: Reader) -> list[dict[str, Any]]:
    """The parts of the year (quarters, trimesters) the schedules name: name, dates, days."""
    return [
        {
            "name": r.text(f"{p}/name", required=True),
            "first_day": r.text(f"{p}/first_day") or DASH,
            "last_day": r.text(f"{p}/last_day") or DASH,
            "days": number(v) if (v := r.num(f"{p}/days")) is not None else DASH,
        }
        for p, _ in r.items("/levers/schedule/terms")
    ]


def _vote_note(vote: dict[str, Any], date: Any) -> str | None:
    """What a scheduled vote, or a held vote without its tally, means for consent."""
    if vote.get("held") is False:
        return f"scheduled for {plain(date, 'a date not given')}; not yet held, so not yet consent."
    if vote.get("tally") != "not_recorded":
        return None
    outcome = {
        "approved": "the plan records that it approved the plan",
        "not_approved": "the plan records that it did not approve the plan",
    }.get(str(vote.get("outcome")), "the plan does not record its result")
    return f"held {plain(date)}; {outcome}, but its tally was not recorded."


def _consent(r: Reader) -> dict[str, Any]:
    sac = plain(r.text("/school/sac_name"), SAC)
    rows: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for p, vote in r.items("/consent"):
        label = body_label(str(vote.get("body")), sac)
        date = r.text(f"{p}/date", required=True)
        unknown = _vote_note(vote, date)
        if unknown is not None:  # never shown as 0 of 0: the counts are not known
            state = "scheduled, not yet held" if vote.get("held") is False else "tally not recorded"
            rows.append(
                {
                    "body_label": label,
                    **dict.fromkeys(
                        ("eligible", "votes_for", "votes_against", "abstentions"), DASH
                    ),
                    **dict.fromkeys(("pct_eligible", "pct_cast"), DASH),
                    "date": date,
                    "method_label": f"{METHOD.get(str(vote.get('method')), DASH)}; {state}",
                }
            )
            notes.append({"body_label": label, "notes": unknown})
            if note := r.text(f"{p}/notes"):
                notes.append({"body_label": label, "notes": note})
            continue
        eligible, yes = r.num(f"{p}/eligible") or 0, r.num(f"{p}/votes_for") or 0
        no, abstain = r.num(f"{p}/votes_against") or 0, r.num(f"{p}/abstentions")
        rows.append(
            {
                "body_label": label,
                "eligible": number(eligible),
                "votes_for": number(yes),
                "votes_against": number(no),
                "abstentions": number(abstain) if abstain is not None else DASH,
                "pct_eligible": percent(yes, eligible),
                "pct_cast": percent(yes, yes + no),
                "date": date,
                "method_label": METHOD.get(str(vote.get("method")), DASH),
            }
        )
        note = r.text(f"{p}/notes")
        if note:
            notes.append({"body_label": label, "notes": note})
    status = r.get("/school/status")
    empty = (
        "No consent votes are recorded. The school is new, so the votes may follow once "
        "staff are hired."
        if status == "new"
        else "No consent votes are recorded."
    )
    return {"rows": rows, "notes": notes, "empty_note": empty}


def _support(r: Reader, p: str) -> dict[str, Any]:
    group = str(r.get(f"{p}/group"))
    date = r.text(f"{p}/date")
    return {
        "group_label": SUPPORT.get(group, group) + (f" ({date})" if date else ""),
        "summary": r.prose(f"{p}/summary", required=True),
        "evidence": r.text(f"{p}/evidence"),
    }


def _signatories(r: Reader) -> list[dict[str, Any]]:
    """The signers listed, else the school's and the district's blank signature lines."""
    listed = signatories(r)
    if listed:
        return listed
    school = plain(r.text("/school/name"), "School")
    district = plain(r.text("/school/district"), "District")
    blank = "Name: ______________________________"
    return [
        {
            "name_line": r.text("/school/leader/name") or blank,
            "title": r.text("/school/leader/title") or "School leader",
            "party": school,
        },
        {
            "name_line": blank,
            "title": "Chair, " + plain(r.text("/school/sac_name"), SAC),
            "party": school,
        },
        {"name_line": blank, "title": "Superintendent", "party": district},
        {"name_line": blank, "title": "President, Board of Education", "party": district},
    ]


# --------------------------------------------------------------------------- waivers


def waivers_context(
    r: Reader, titles: TitleLookup | None = None, params: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Waiver rows (all, and grouped into state / district / cba) and summary sentences."""
    threshold = float(pack_params(params)[CBA_THRESHOLD])
    rows = [_waiver(r, p, titles) for p, _ in r.items("/waivers")]
    state = [w for w in rows if w["kind"] in ("state_statute", "state_rule")]
    district = [w for w in rows if w["kind"] == "district_policy"]
    cba = [w for w in rows if w["kind"] == "cba"]
    return {
        "rows": rows,
        "state": state,
        "district": district,
        "cba": cba,
        "by_id": {w["id"]: w for w in rows if isinstance(w["id"], str)},
        "summary": _waiver_summary(rows, state, district, cba),
        "letter": _letter(r),
        "state_intro": "Each statute or rule below is followed by the rationale for the waiver, the "
        "replacement plan and how the school will continue to meet the intent of the law.",
        "district_intro": "Each district policy below is followed by the rationale and the replacement policy.",
        "cba_intro": "Each provision below is followed by the rationale and the replacement policy. "
        "Waivers of union-contract provisions need a secret-ballot vote of at least "
        f"{number(100 * threshold)}% "
        "of the bargaining-unit members employed at the school.",
    }


def _waiver(r: Reader, p: str, titles: TitleLookup | None) -> dict[str, Any]:
    kind = str(r.get(f"{p}/kind"))
    citation = r.text(f"{p}/citation", required=True)
    title = r.text(f"{p}/title", required=True)
    official = titles(str(citation), kind) if titles and isinstance(citation, PlanText) else None
    levers = r.get(f"{p}/levers")
    lever_words = [lever_word(str(x)) for x in levers] if isinstance(levers, list) else []
    return {
        "id": r.get(f"{p}/id"),
        "number": int(p.rsplit("/", 1)[-1]) + 1,  # "Waiver 4", as the review names it
        "kind": kind,
        "citation": citation,
        "title": title,
        "official_title": official or title,
        "kind_label": WAIVER_KINDS[kind].label if kind in WAIVER_KINDS else kind,
        "levers_label": ", ".join(lever_words) or DASH,
        "agreement": r.text(f"{p}/agreement"),
        "status_label": STATUS.get(str(r.get(f"{p}/status")), "Requested"),
        "rationale": r.prose(f"{p}/rationale", required=True),
        "replacement_policy": r.prose(f"{p}/replacement_policy", required=True),
        "how_intent_is_met": r.prose(f"{p}/how_intent_is_met", required=True),
    }


def _waiver_summary(rows: list[dict[str, Any]], *groups: list[dict[str, Any]]) -> str:
    """ "The plan requests N waivers: …" counting only waivers still requested."""

    def live(group: list[dict[str, Any]]) -> int:
        return sum(1 for w in group if w["status_label"] != STATUS["dropped"])

    total, dropped = live(rows), len(rows) - live(rows)
    state, district, cba = (live(g) for g in groups)
    tail = (
        f" {dropped} waiver{'s' if dropped != 1 else ''} of the prior plan "
        f"{'are' if dropped != 1 else 'is'} no longer requested and shown as dropped."
        if dropped
        else ""
    )
    if not total:
        return "The plan requests no waivers." + tail
    parts = [
        f"{state} of state statutes or rules",
        f"{district} of district policies",
        f"{cba} of collective bargaining agreement provisions",
    ]
    counts = f"{', '.join(parts[:2])} and {parts[2]}"
    return f"The plan requests {total} waiver{'s' if total != 1 else ''}: {counts}.{tail}"


def _letter(r: Reader) -> str:
    school = plain(r.text("/school/name"), "The school")
    district = plain(r.text("/school/district"), "the district")
    return (
        f"{school}, a school of {district}, requests the waivers below as part of its innovation "
        "plan under the Innovation Schools Act of 2008 (C.R.S. 22-32.5). For each statute or rule "
        "the request gives the rationale, the replacement plan and the manner in which the school "
        "will continue to meet the intent of the waived provision, as C.R.S. 22-32.5-108 and "
        "22-2-117 require. District policies and collective bargaining agreement provisions "
        "follow in their own parts." + _resolution_sentence(r)
    )


def _resolution_sentence(r: Reader) -> str:
    """` The <board> approved the plan on <date> by resolution No. <number>.` (or nothing)."""
    if resolution_text(r) is None:
        return ""
    board = plain(r.text("/board_resolution/adopted_by")) or (
        f"{plain(r.text('/school/district'), 'district')} Board of Education"
    )
    when = plain(r.text("/board_resolution/date"))
    number_ = plain(r.text("/board_resolution/number"))
    return f" The {board} approved the plan on {when} by resolution No. {number_}."
