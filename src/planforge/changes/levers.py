"""Lever-specific parts of `planforge diff`: staffing, budget, schedule, goals and consent."""

from __future__ import annotations

from typing import Any

from planforge.changes.parts import (
    Change,
    MoneyLine,
    PositionLine,
    as_dict,
    as_list,
    as_number,
    as_text,
    at,
    compare_lists,
    compare_named,
    compare_scalars,
    describe,
    index_by,
    key_of,
    money,
    number,
    same,
    signed,
)
from planforge.domain.hours import Limits, clock, schedule_time
from planforge.domain.labels import BODIES as BODY_WORDS
from planforge.domain.params import default_params

# -- levers ----------------------------------------------------------------------------------

LEVER_TEXT = (
    ("/current_practice", "Current practice"),
    ("/rationale", "Rationale"),
    ("/family_engagement", "Family engagement"),
    ("/governance", "School governance"),
)
LEVER_FACTS = {
    "schedule": (
        ("/school_year", "School year"),
        ("/first_day", "First day of school"),
        ("/last_day", "Last day of school"),
        ("/instructional_days", "Instructional days"),
        ("/deductions/conferences", "Hours deducted for conferences"),
        ("/deductions/inservice", "Hours deducted for in-service"),
        ("/deductions/closures", "Hours allowed for closures"),
    ),
    "budget": (
        ("/prior_year", "Prior budget year"),
        ("/proposed_year", "Proposed budget year"),
        ("/cost_savings/description", "Cost savings"),
        ("/cost_savings/amount", "Estimated yearly savings"),
    ),
}


def lever_fields(lever: str, la: dict[str, Any], lb: dict[str, Any], base: str) -> list[Change]:
    """Text, waiver ids, assessments and lever-specific values of one lever."""
    out = compare_scalars(lever, la, lb, LEVER_TEXT, base)
    out += compare_lists(
        lever, "reliance on waiver", la.get("waivers"), lb.get("waivers"), f"{base}/waivers"
    )
    out += compare_lists(
        lever, "assessment", la.get("assessments"), lb.get("assessments"), f"{base}/assessments"
    )
    out += compare_scalars(lever, la, lb, LEVER_FACTS.get(lever, ()), base)
    if lever == "staffing":
        out += _position_changes(positions(la, lb), base)
    if lever == "budget":
        out += _money_changes(
            "revenue", money_lines(la.get("revenues"), lb.get("revenues"), "source"), base
        )
        out += _money_changes(
            "expense", money_lines(la.get("expenses"), lb.get("expenses"), "category"), base
        )
    return out


def money_lines(old: Any, new: Any, name_field: str) -> list[MoneyLine]:
    """Proposed amounts of budget lines in both versions, matched by name."""
    ia, ib = index_by(as_list(old), name_field), index_by(as_list(new), name_field)
    out = [
        MoneyLine(
            as_text(d.get(name_field)),
            as_number(ia[k][1].get("proposed")) if k in ia else None,
            as_number(d.get("proposed")),
        )
        for k, (_, d) in ib.items()
    ]
    out += [
        MoneyLine(as_text(d.get(name_field)), as_number(d.get("proposed")), None)
        for k, (_, d) in ia.items()
        if k not in ib
    ]
    return out


def _money_changes(kind: str, lines: list[MoneyLine], base: str) -> list[Change]:
    out: list[Change] = []
    for line in lines:
        if line.old == line.new:
            continue
        action = "added" if line.old is None else "removed" if line.new is None else "changed"
        detail = (
            f"{money(line.old)} → {money(line.new)} ({signed(line.delta, dollars=True)})"
            if action == "changed"
            else money(line.new if line.old is None else line.old)
        )
        out.append(
            Change(
                "budget", action, f"{kind} line", f'"{line.name}"', line.old, line.new, detail, base
            )
        )
    old_total = sum(x.old or 0 for x in lines)
    new_total = sum(x.new or 0 for x in lines)
    if old_total != new_total:
        detail = (
            f"{money(old_total)} → {money(new_total)} "
            f"({signed(new_total - old_total, dollars=True)})"
        )
        out.append(
            Change(
                "budget",
                "changed",
                "fact",
                f"Total proposed {kind}s",
                old_total,
                new_total,
                detail,
                base,
            )
        )
    return out


def positions(la: dict[str, Any], lb: dict[str, Any]) -> list[PositionLine]:
    """Staffing positions in both versions, matched by title."""
    ia = index_by(as_list(la.get("positions")), "title")
    ib = index_by(as_list(lb.get("positions")), "title")
    out: list[PositionLine] = []
    for k, (_, d) in ib.items():
        p = ia.get(k, (0, {}))[1]
        out.append(
            PositionLine(
                as_text(d.get("title")),
                as_number(p.get("fte")),
                as_number(d.get("fte")),
                as_number(p.get("cost")),
                as_number(d.get("cost")),
            )
        )
    out += [
        PositionLine(
            as_text(d.get("title")), as_number(d.get("fte")), None, as_number(d.get("cost")), None
        )
        for k, (_, d) in ia.items()
        if k not in ib
    ]
    return out


def _position_changes(lines: list[PositionLine], base: str) -> list[Change]:
    out: list[Change] = []
    for p in lines:
        if (p.old_fte, p.old_cost) == (p.new_fte, p.new_cost):
            continue
        if p.old_fte is None and p.old_cost is None:
            out.append(
                Change(
                    "staffing",
                    "added",
                    "position",
                    f'"{p.title}"',
                    None,
                    p.new_fte,
                    f"{number(p.new_fte or 0)} FTE, {money(p.new_cost)}",
                    base,
                )
            )
        elif p.new_fte is None and p.new_cost is None:
            out.append(
                Change(
                    "staffing",
                    "removed",
                    "position",
                    f'"{p.title}"',
                    p.old_fte,
                    None,
                    f"was {number(p.old_fte or 0)} FTE, {money(p.old_cost)}",
                    base,
                )
            )
        else:
            out.append(
                Change(
                    "staffing",
                    "changed",
                    "position",
                    f'"{p.title}"',
                    p.old_fte,
                    p.new_fte,
                    _fte_cost(p.old_fte, p.new_fte, p.old_cost, p.new_cost),
                    base,
                )
            )
    totals = staffing_totals(lines)
    if totals[0] != totals[1] or totals[2] != totals[3]:
        out.append(
            Change(
                "staffing",
                "changed",
                "fact",
                "Total staffing",
                None,
                None,
                _fte_cost(*totals),
                base,
            )
        )
    return out


def staffing_totals(lines: list[PositionLine]) -> tuple[float, float, float, float]:
    """(old FTE, new FTE, old cost, new cost) summed over positions."""
    return (
        sum(p.old_fte or 0 for p in lines),
        sum(p.new_fte or 0 for p in lines),
        sum(p.old_cost or 0 for p in lines),
        sum(p.new_cost or 0 for p in lines),
    )


def _fte_cost(of: float | None, nf: float | None, oc: float | None, nc: float | None) -> str:
    fte = f"{number(of or 0)} → {number(nf or 0)} FTE ({signed((nf or 0) - (of or 0))})"
    cost = f"{money(oc or 0)} → {money(nc or 0)} ({signed((nc or 0) - (oc or 0), dollars=True)})"
    if (of or 0) == (nf or 0):
        return f"cost {cost} (still {number(nf or 0)} FTE)"
    if (oc or 0) == (nc or 0):
        return f"{fte} (cost unchanged)"
    return f"{fte}; {cost}"


# -- schedule --------------------------------------------------------------------------------


def scheduled_hours(lever: dict[str, Any]) -> dict[str, float]:
    """Planned hours a year per grade band, before deductions (domain.hours, default pack).

    Keyed by the band as a sentence names it: `elementary`, `secondary (9-12)`, or the band's
    `grade_band`.
    """
    limits = Limits.from_params(default_params())
    return {band_word(t.label): t.scheduled_hours for t in schedule_time(lever, limits).values()}


def band_word(label: str) -> str:
    """`Secondary (9-12)` -> `secondary (9-12)`; `DC21 High` stays (a band inside a sentence)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def compare_schedule(la: dict[str, Any], lb: dict[str, Any], base: str) -> list[Change]:
    """Bell schedules (days, blocks, times) and yearly hours per program."""
    pointer = f"{base}/bell_schedules"
    out = compare_named(
        "schedule",
        "bell schedule",
        la.get("bell_schedules"),
        lb.get("bell_schedules"),
        "name",
        pointer,
        ("program", "grade_band", "grades", "days"),
    )
    ia = index_by(as_list(la.get("bell_schedules")), "name")
    for k, (j, sched) in index_by(as_list(lb.get("bell_schedules")), "name").items():
        if k in ia:
            out += _blocks(as_text(sched.get("name")), ia[k][1], sched, f"{pointer}/{j}/blocks")
    ha, hb = scheduled_hours(la), scheduled_hours(lb)
    for program in dict.fromkeys([*ha, *hb]):
        old, new = round(ha.get(program, 0.0), 1), round(hb.get(program, 0.0), 1)
        if old != new:
            label = f"Scheduled instruction hours a year, {program}, before deductions"
            out.append(
                Change(
                    "schedule",
                    "changed",
                    "fact",
                    label,
                    old,
                    new,
                    f"{number(old)} h → {number(new)} h ({signed(new - old)} h)",
                    pointer,
                )
            )
    return out


def _common_shift(
    old: dict[str, tuple[int, dict[str, Any]]], new: dict[str, tuple[int, dict[str, Any]]]
) -> int:
    """Minutes every block moved by, when the same blocks all moved by the same amount (else 0)."""
    if len(new) < 2 or set(old) != set(new):
        return 0
    shifts: set[int] = set()
    for k, (_, b) in new.items():
        a = old[k][1]
        s0, s1 = clock(a.get("start")), clock(b.get("start"))
        e0, e1 = clock(a.get("end")), clock(b.get("end"))
        if s0 is None or s1 is None or e0 is None or e1 is None:
            return 0
        if a.get("type") != b.get("type"):
            return 0
        shifts |= {s1 - s0, e1 - e0}
    return shifts.pop() if len(shifts) == 1 else 0


def _blocks(day: str, old: dict[str, Any], new: dict[str, Any], pointer: str) -> list[Change]:
    ia, ib = (
        index_by(as_list(old.get("blocks")), "name"),
        index_by(as_list(new.get("blocks")), "name"),
    )
    shift = _common_shift(ia, ib)
    if shift:
        first = as_text(as_list(new.get("blocks"))[0].get("start"))
        when = "later" if shift > 0 else "earlier"
        detail = f"every block moved {abs(shift)} minutes {when} (the day now starts at {first})"
        return [
            Change(
                "schedule", "changed", "fact", f'Bell schedule "{day}"', None, None, detail, pointer
            )
        ]
    out: list[Change] = []
    for k, (j, b) in ib.items():
        subject = f'"{as_text(b.get("name"))}" on {day}'
        span = f"{as_text(b.get('start'))}–{as_text(b.get('end'))} ({as_text(b.get('type'))})"
        if k not in ia:
            out.append(
                Change("schedule", "added", "block", subject, None, b, span, f"{pointer}/{j}")
            )
            continue
        p = ia[k][1]
        was = f"{as_text(p.get('start'))}–{as_text(p.get('end'))} ({as_text(p.get('type'))})"
        if was != span:
            out.append(
                Change(
                    "schedule",
                    "changed",
                    "block",
                    subject,
                    p,
                    b,
                    f"{was} → {span}",
                    f"{pointer}/{j}",
                )
            )
    for k, (_, b) in ia.items():
        if k not in ib:
            out.append(
                Change(
                    "schedule",
                    "removed",
                    "block",
                    f'"{as_text(b.get("name"))}" on {day}',
                    b,
                    None,
                    "",
                    pointer,
                )
            )
    return out


# -- goals and consent -----------------------------------------------------------------------


def compare_goals(old: list[Any], new: list[Any]) -> list[Change]:
    """Goals matched by id (then by metric and group); metric, baseline and targets."""
    ia, ib = index_by(old, "id"), index_by(new, "id")
    by_metric = {key_of(f"{d.get('metric')}|{d.get('group')}"): (i, d) for i, d in ia.values()}
    out: list[Change] = []
    for k, (j, g) in ib.items():
        prev = ia.get(k) or by_metric.get(key_of(f"{g.get('metric')}|{g.get('group')}"))
        subject = f"{as_text(g.get('id'))} ({as_text(g.get('metric'))})"
        if prev is None:
            out.append(Change("goals", "added", "goal", subject, None, g, "", f"/goals/{j}"))
            continue
        ia.pop(key_of(prev[1].get("id")), None)
        out += _goal_changes(subject, prev[1], g, f"/goals/{j}")
    for _, g in ia.values():
        subject = f"{as_text(g.get('id'))} ({as_text(g.get('metric'))})"
        out.append(Change("goals", "removed", "goal", subject, g, None, "", "/goals"))
    return out


def _goal_changes(subject: str, a: dict[str, Any], b: dict[str, Any], pointer: str) -> list[Change]:
    facts = (
        ("/metric", "metric"),
        ("/group", "group"),
        ("/unit", "unit"),
        ("/baseline/year", "baseline year"),
        ("/baseline/value", "baseline"),
    )
    parts = [
        f"{label} {describe(at(a, p), at(b, p))}"
        for p, label in facts
        if not same(at(a, p), at(b, p))
    ]
    ta = {
        as_text(as_dict(t).get("year")): as_dict(t).get("value") for t in as_list(a.get("targets"))
    }
    tb = {
        as_text(as_dict(t).get("year")): as_dict(t).get("value") for t in as_list(b.get("targets"))
    }
    for year in sorted({*ta, *tb}):
        if not same(ta.get(year), tb.get(year)):
            parts.append(f"target {year} {describe(ta.get(year), tb.get(year))}")
    if not parts:
        return []
    return [Change("goals", "changed", "goal", subject, a, b, "; ".join(parts), pointer)]


def vote_text(vote: dict[str, Any]) -> str:
    """`28 of 36 for, 5 against, 2026-01-15, secret ballot`."""
    return (
        f"{as_text(vote.get('votes_for'))} of {as_text(vote.get('eligible'))} for, "
        f"{as_text(vote.get('votes_against'))} against, {as_text(vote.get('date'))}, "
        f"{as_text(vote.get('method')).replace('_', ' ')}"
    )


def compare_votes(old: list[Any], new: list[Any]) -> list[Change]:
    """Consent votes matched by body."""
    ia, ib = index_by(old, "body"), index_by(new, "body")
    out: list[Change] = []
    for k, (j, v) in ib.items():
        subject = BODY_WORDS.get(as_text(v.get("body")), as_text(v.get("body")))
        if k not in ia:
            out.append(
                Change("consent", "added", "vote", subject, None, v, vote_text(v), f"/consent/{j}")
            )
        elif vote_text(ia[k][1]) != vote_text(v):
            detail = f"{vote_text(ia[k][1])} → {vote_text(v)}"
            out.append(
                Change(
                    "consent",
                    "changed",
                    "fact",
                    f"{subject} vote",
                    ia[k][1],
                    v,
                    detail,
                    f"/consent/{j}",
                )
            )
    for k, (_, v) in ia.items():
        if k not in ib:
            subject = BODY_WORDS.get(as_text(v.get("body")), as_text(v.get("body")))
            out.append(
                Change("consent", "removed", "vote", subject, v, None, vote_text(v), "/consent")
            )
    return out
