"""Massachusetts values for the innovation-plan context (pure, no docx).

:func:`planforge.documents.plan_context.plan_context` builds the Colorado-shaped context every
plan shares; for a plan with ``jurisdiction: MA`` :func:`massachusetts_plan` replaces the
values that name Colorado law or bodies (the board, the hours note, the waiver and consent
sections) with their Massachusetts counterparts under M.G.L. c.71 §92, 603 CMR 48.00 and
603 CMR 27.00, and adds the plan's `ma:` record (areas of autonomy, union-contract changes,
state-law conflicts, the screening, teacher and School Committee votes).
"""

from __future__ import annotations

from typing import Any

from planforge.documents.context import Prose, Reader, fact, number, percent, plain
from planforge.domain.labels import MA_AREA_CLAUSES, MA_AREAS
from planforge.domain.labels import is_massachusetts as is_massachusetts  # re-exported

LAW = "M.G.L. c.71 §92 and 603 CMR 48.00"
AREAS = {key: f"{words} (§92(b)({MA_AREA_CLAUSES[key]}))" for key, words in MA_AREAS.items()}
"""The areas of autonomy as the plan titles them, with their clause of §92(b)."""
SCHOOL_TYPES = {
    "new": "New school",
    "conversion": "Conversion of an existing school",
    "academy": "Academy",
}
CHANGE_KINDS = {"waiver": "union-contract waiver", "modification": "union-contract modification"}
FACT_LABELS = {
    "Innovation zone": "Innovation Schools Zone",
    "Submitted to the board": "Submitted to the School Committee",
    "Local board resolution": "School Committee vote",
}
DROPPED_FACTS = {"CDE school code", "School Accountability Committee", "Prior plan approved"}
DASH = "\u2014"


PLAN_WORDING: dict[str, dict[str, str]] = {
    "CO": {
        "law_line": "Under the Innovation Schools Act of 2008, C.R.S. 22-32.5",
        "levers_intro": "The plan uses the five levers of autonomy named in the Innovation Schools "
        "Act. For each lever it describes current practice, the innovations, the rationale and "
        "the waivers the lever relies on.",
        "consent_rule": "Colorado requires the consent of a majority of the administrators, a "
        "majority of the teachers and a majority of the School Accountability Committee. A waiver "
        "of collective bargaining provisions needs the approval of at least 60% of the "
        "bargaining-unit members employed at the school, by secret ballot.",
    },
    "MA": {
        "law_line": "Under M.G.L. c.71 §92 and 603 CMR 48.00 (Massachusetts innovation schools)",
        "levers_intro": "The plan uses the areas of autonomy and flexibility of M.G.L. c.71 §92(b), "
        "each described under the lever it changes. For each lever it describes current practice, "
        "the innovations, the rationale, the areas of autonomy and the union-contract, "
        "district-policy and state-law changes the lever relies on.",
        "consent_rule": "A conversion school or academy needs the approval of at least two-thirds "
        "of its teachers; a new school with union-contract waivers or modifications needs the "
        "agreement of the applicant, the union and the superintendent. The School Committee "
        "authorizes the plan, after at least one public hearing and within 60 days of receiving "
        "it, by a majority of its full membership, for up to five years (M.G.L. c.71 §92).",
    },
}
"""Sentences of the plan document that name a state's law, by jurisdiction (template variables
`law_line`, `levers_intro`, `consent_rule`; docs/templates.md)."""


def plan_wording(data: Any) -> dict[str, str]:
    """The jurisdiction's sentences for the innovation-plan template."""
    return dict(PLAN_WORDING["MA" if is_massachusetts(data) else "CO"])


def board_name(r: Reader) -> str:
    """`School Committee of Wexcombe Public Schools`."""
    return f"School Committee of {plain(r.text('/school/district'), 'the district')}"


def massachusetts_plan(r: Reader, ctx: dict[str, Any]) -> None:
    """Switch `ctx` (an innovation-plan context) to Massachusetts law, in place."""
    changes = _changes(r)
    ctx["jurisdiction"] = "MA"
    ctx["law"] = LAW
    ctx["board_name"] = board_name(r)
    ctx["school"]["facts"] = _facts(r, ctx["school"]["facts"])
    ctx["school"]["sac_name"] = "School Council"
    for lever in ctx["levers"]:
        lever["extras"] = [*_areas(r, lever["key"]), *lever["extras"]]
        lever["waivers"] = [c for c in changes if lever["key"] in c["lever_keys"]]
    school = plain(r.text("/school/name"), "The school")
    ctx["waivers"] = {
        **ctx["waivers"],
        "rows": changes,
        "groups": _groups(changes),
        "summary": _summary(changes),
        "letter": f"{school} states below the union-contract, district-policy and state-law "
        "changes of its innovation plan under M.G.L. c.71 §92 and 603 CMR 48.00.",
    }
    if isinstance(ctx.get("cde"), dict):  # the Colorado Department of Education's cover page
        ctx["cde"] = {**ctx["cde"], "shown": False, "intro": "", "rows": []}
    ctx["consent"] = _votes(r)
    if not ctx["budget"].get("cost_savings"):
        ctx["budget"]["cost_savings"] = Prose(_funding(r))
    ctx["schedule"]["hours_note"] = (
        "Each grade band is checked on its own days; hours are never added across bands. Hours "
        "count only structured learning time (instruction blocks): meals, passing, homeroom, "
        "recess and non-directed study do not count (603 CMR 27.04). The minimum is 900 hours "
        "a year for elementary students, 990 for secondary students and 425 for kindergarten "
        "(603 CMR 27.03(5), 27.04), on a year the School Committee schedules at 185 days and "
        "operates at least 180 (603 CMR 27.03)."
    )
    ctx["renewal"]["intro"] = (
        "This plan renews the school's innovation status. The School Committee may extend an "
        "innovation school for up to five years by a majority of its full membership; new "
        "union-contract waivers or modifications need a two-thirds vote of the school's "
        "teachers (M.G.L. c.71 §92). The results on the goals of the current plan follow."
    )
    ctx["signature_intro"] = (
        "Signed on behalf of the school, the district and the School Committee. Each signature "
        "confirms that the signer has read this plan."
    )


def _facts(r: Reader, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept = [
        fact(FACT_LABELS.get(row["label"], row["label"]), row["value"])
        for row in rows
        if row["label"] not in DROPPED_FACTS
    ]
    extra = [
        fact("Law", LAW),
        fact("School type", SCHOOL_TYPES.get(str(r.get("/ma/school_type")))),
        fact("Applicant", r.text("/ma/applicant/name")),
        fact("Prospectus received", r.text("/ma/prospectus/received")),
        fact("Plan received by the School Committee", r.text("/ma/school_committee/received")),
        fact("Notice to the Commissioner", r.text("/ma/commissioner_notice/date")),
        fact("Annual evaluation", _evaluation(r)),
    ]
    return kept + [row for row in extra if row["value"] is not None]


def _evaluation(r: Reader) -> str | None:
    by, due = r.text("/ma/evaluation/by"), r.text("/ma/evaluation/due")
    if by is None:
        return None
    return f"{by}, due {due}" if due is not None else str(by)


def _areas(r: Reader, lever: str) -> list[dict[str, Any]]:
    return [
        {
            "label": f"Area of autonomy: {AREAS.get(str(area.get('area')), area.get('area'))}",
            "body": r.prose(f"{p}/narrative"),
        }
        for p, area in r.items("/ma/autonomies")
        if area.get("lever") == lever
    ]


def _changes(r: Reader) -> list[dict[str, Any]]:
    """Union-contract changes, district-policy changes and state-law conflicts, by area."""
    vote = _teacher_vote_text(r)
    rows: list[dict[str, Any]] = []
    for p, area in r.items("/ma/autonomies"):
        keys, name = (
            [str(area.get("lever"))],
            AREAS.get(str(area.get("area")), str(area.get("area"))),
        )
        for q, change in r.items(f"{p}/cba_changes"):
            kind = CHANGE_KINDS.get(str(change.get("type")), "union-contract change")
            rows.append(_row(r, q, keys, name, r.text(f"{q}/article"), kind, f"{q}/description",
                             f"{kind.capitalize()}, approved with the plan by the teachers' vote{vote} (M.G.L. c.71 §92)."))  # fmt: skip
        for q, _ in r.items(f"{p}/district_policy_changes"):
            rows.append(_row(r, q, keys, name, r.text(f"{q}/policy"), "district policy", f"{q}/change",
                             "Authorized by the School Committee's vote on the plan."))  # fmt: skip
        for q, conflict in r.items(f"{p}/state_law_conflicts"):
            status = str(conflict.get("status") or "requested")
            when = plain(r.text(f"{q}/decided"))
            ref = plain(r.text(f"{q}/reference"))
            answer = (
                f"Commissioner's answer: {status}"
                + (f" on {when}" if when else "")
                + (f" ({ref})" if ref else "")
            )
            row = _row(r, q, keys, name, r.text(f"{q}/citation"), "state law or regulation",
                       f"{q}/provision", f"{answer} (603 CMR 48.03(3)).")  # fmt: skip
            row["status_label"] = f"Commissioner: {status}"
            rows.append(row)
    return rows


def _row(
    r: Reader, p: str, keys: list[str], area: str, citation: Any, kind: str, body: str, met: str
) -> dict[str, Any]:
    text = r.prose(body)
    return {
        "id": None,
        "kind": kind,
        "lever_keys": keys,
        "citation": citation,
        "title": r.text(body) if len(str(r.get(body) or "")) <= 100 else kind.capitalize(),
        "official_title": kind.capitalize(),
        "kind_label": kind,
        "levers_label": area,
        "agreement": None,
        "status_label": "In the plan",
        "rationale": r.prose(p.rsplit("/", 2)[0] + "/narrative"),
        "replacement_policy": text,
        "how_intent_is_met": Prose(met),
    }


GROUPS = (
    (
        "union-contract",
        "Union-contract waivers and modifications",
        "Waivers from or modifications to the collective bargaining agreement, cited by article "
        "(M.G.L. c.71 §92(b)(iv)). In a conversion school or academy at least two-thirds of the "
        "teachers approve them with the plan; for a new school the applicant, the union and the "
        "superintendent agree to them.",
    ),
    (
        "district policy",
        "District policies and procedures",
        "District policies the school will not follow or will change (M.G.L. c.71 §92(b)(v)); "
        "the School Committee authorizes them with the plan.",
    ),
    (
        "state law",
        "State law and regulation",
        "Provisions of the plan that may conflict with state law or regulation; each needs the "
        "Commissioner's approval, requested before the plan goes to the School Committee "
        "(603 CMR 48.03(3)).",
    ),
)


def _groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The waiver tables of the template, by kind of change, numbered through."""
    groups, number_ = [], 0
    for key, title, intro in GROUPS:
        members = []
        for row in (row for row in rows if key in row["kind"]):
            number_ += 1
            members.append({**row, "number": str(number_), "status_note": ""})
        if members:
            groups.append(
                {"key": key, "title": title, "intro": intro, "status_summary": "", "rows": members}
            )
    return groups


def _summary(rows: list[dict[str, Any]]) -> str:
    def count(kind: str, one: str, many: str) -> str:
        n = sum(1 for row in rows if kind in row["kind"])
        return f"{n} {one if n == 1 else many}"

    return (
        "Massachusetts has no waiver list: the plan states the areas of autonomy it uses "
        "(M.G.L. c.71 §92(b)) and changes "
        f"{count('union-contract', 'union-contract provision', 'union-contract provisions')}, "
        f"{count('district policy', 'district policy', 'district policies')} and "
        f"{count('state law', 'provision of state law or regulation', 'provisions of state law or regulation')}; "
        "a provision that may conflict with state law needs the Commissioner's approval "
        "(603 CMR 48.03(3))."
    )


def _funding(r: Reader) -> str:
    parity, carry = r.get("/ma/funding/per_pupil_parity"), r.get("/ma/funding/carryover")
    parts = [
        "An innovation school receives the same per-pupil allocation as any other school of the district"
    ]
    if parity is True:
        parts[0] += ", and this plan assumes it"
    text = parts[0] + ". It may keep unused funds for later school years"
    text += " and this plan does so" if carry is True else ""
    return (
        text
        + "; the district may not reduce its funding because of the school's fundraising (M.G.L. c.71 §92(b))."
    )


def _teacher_vote_text(r: Reader) -> str:
    yes, eligible = r.num("/ma/teacher_vote/votes_for"), r.num("/ma/teacher_vote/eligible")
    if yes is None or eligible is None:
        return ""
    return f" ({number(yes)} of {number(eligible)} eligible teachers)"


def _votes(r: Reader) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for p, decision in r.items("/ma/screening/decisions"):
        members = len(r.items("/ma/screening/members"))
        rows.append(
            _vote_row(
                r, p, "Screening committee (two-thirds of members)", members, "committee vote"
            )
        )
        if decision.get("outcome") != "accept":
            notes.append(
                {
                    "body_label": "Screening committee",
                    "notes": f"outcome: {decision.get('outcome')}",
                }
            )
    if isinstance(r.get("/ma/teacher_vote"), dict):
        p = "/ma/teacher_vote"
        method = str(r.get(f"{p}/method") or "").replace("_", " ") or DASH
        rows.append(_vote_row(r, p, "Teachers (two-thirds)", r.num(f"{p}/eligible") or 0, method))
        process = r.text(f"{p}/process")
        if process is not None:
            notes.append({"body_label": "Teachers' vote, process", "notes": process})
    if isinstance(r.get("/ma/school_committee/vote"), dict):
        p = "/ma/school_committee/vote"
        rows.append(
            _vote_row(
                r,
                p,
                "School Committee (majority of the full committee)",
                r.num(f"{p}/members_full") or 0,
                "committee vote",
            )
        )
    return {
        "rows": rows,
        "notes": notes,
        "empty_note": "No screening committee, teacher or School Committee vote is recorded yet.",
    }


def _vote_row(r: Reader, p: str, label: str, eligible: float, method: str) -> dict[str, Any]:
    yes, no = r.num(f"{p}/votes_for") or 0, r.num(f"{p}/votes_against") or 0
    return {
        "body_label": label,
        "eligible": number(eligible),
        "votes_for": number(yes),
        "votes_against": number(no),
        "abstentions": DASH,
        "pct_eligible": percent(yes, eligible),
        "pct_cast": percent(yes, yes + no),
        "date": r.text(f"{p}/date"),
        "method_label": method,
    }
