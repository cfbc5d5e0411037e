"""The parts of an innovation plan that Denver's plans carry beyond the statutory elements
(pure, no docx): CDE's cover page, the school leader's letter, the executive summary, the
students served, enrollment, the plan's history, the school's design and operations, and the
waivers grouped by kind for the plan's waiver tables.

Each optional section has a ``shown`` flag (true when the plan fills it in), so the template
prints it only when present. See docs/templates.md for the variables and the order of the
plan document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planforge.documents.context import Reader, fact, number, plain

DASH = "\u2014"
NOT_STATED = "Not stated in the plan"
REQUEST_KIND = {
    "new_school_code": "new school code",
    "grade_change": "grade change",
    "name_change": "name change",
    "other": "other request",
}
AEC = {
    "designated": "Yes: CDE has granted the school Alternative Education Campus status",
    "will_apply": "No; the school will apply for AEC status (CDE's deadline is July 1)",
    "no": "No, and the school does not plan to apply",
}
PLAN_TYPE = {
    "performance": "No (Performance plan)",
    "improvement": "No (Improvement plan)",
    "priority_improvement": "Yes: Priority Improvement plan",
    "turnaround": "Yes: Turnaround plan",
    "insufficient_state_data": "No (Insufficient State Data)",
}
GRANT_STATUS = {"recipient": "Recipient", "applicant": "Applicant"}
HISTORY_ACTION = {
    "approved": "Approved",
    "designated": "Designated; state waivers granted",
    "revised": "Revised",
    "renewed": "Renewed",
    "other": "Other",
}
STATUS_ORDER = ("Kept", "Modified", "New", "Dropped", "Requested")


def _present(value: Any) -> bool:
    return isinstance(value, dict) and any(v not in (None, "", [], {}) for v in value.values())


def _labelled(r: Reader, base: str, fields: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
    """[{label, body}] for each prose field the plan fills in, in the given order."""
    out = []
    for key, label in fields:
        body = r.prose(f"{base}/{key}")
        if body is not None:
            out.append({"label": label, "body": body})
    return out


def _share(r: Reader, pointer: str) -> str | None:
    value = r.num(pointer)
    return f"{number(value)}%" if value is not None else None


def _join(parts: list[Any]) -> str:
    return ", ".join(plain(p) for p in parts if p)


# --------------------------------------------------------------------------- CDE cover page


def _contact(r: Reader) -> tuple[str, Any, Any]:
    base = "/school/contact" if isinstance(r.get("/school/contact"), dict) else "/school/leader"
    who = _join([r.text(f"{base}/name"), r.text(f"{base}/title")]) or NOT_STATED
    return who, r.text(f"{base}/email"), r.text(f"{base}/phone")


def _requests(r: Reader) -> str:
    listed = r.get("/cde_cover/requests")
    if not isinstance(listed, list):
        return NOT_STATED
    parts = []
    for p, item in r.items("/cde_cover/requests"):
        kind = REQUEST_KIND.get(str(item.get("type")), str(item.get("type")))
        date, detail = r.text(f"{p}/date"), r.text(f"{p}/detail")
        parts.append(
            kind
            + (f" (requested {plain(date)})" if date else "")
            + (f": {plain(detail)}" if detail else "")
        )
    return "Yes: " + "; ".join(parts) if parts else "No"


def _grants(r: Reader) -> str:
    listed = r.get("/cde_cover/federal_grants")
    if not isinstance(listed, list):
        return NOT_STATED
    parts = []
    for p, item in r.items("/cde_cover/federal_grants"):
        status = GRANT_STATUS.get(str(item.get("status")), str(item.get("status")))
        years = r.text(f"{p}/years")
        parts.append(
            f"{status}: {plain(r.text(f'{p}/name'))}" + (f" ({plain(years)})" if years else "")
        )
    return "; ".join(parts) if parts else "No"


def cde_cover(r: Reader) -> dict[str, Any]:
    """`cde.shown`, `cde.intro`, `cde.rows` (label | value): CDE's cover-page questions."""
    shown = isinstance(r.get("/cde_cover"), dict)
    who, email, phone = _contact(r)
    status = {"existing": "Existing school", "new": "New school"}.get(str(r.get("/school/status")))
    aec, plan_type = r.get("/cde_cover/aec"), r.get("/cde_cover/state_plan_type")
    rows = [
        fact("Innovation school name", r.text("/school/name", required=True)),
        fact("Location (address)", r.text("/school/address") or NOT_STATED),
        fact("Plan contact (name and position)", who),
        fact("Email", email or NOT_STATED),
        fact("Phone", phone or NOT_STATED),
        fact("New or existing school", status or NOT_STATED),
        fact("Request to CDE for a new school code, grade change or name change", _requests(r)),
        fact("Alternative Education Campus (AEC) status", AEC.get(str(aec), NOT_STATED)),
        fact("In Priority Improvement or Turnaround", PLAN_TYPE.get(str(plan_type), NOT_STATED)),
        fact("Federal school-improvement grant", _grants(r)),
    ]
    for p, _ in r.items("/cde_cover/contacts"):
        reach = _join([r.text(f"{p}/title"), r.text(f"{p}/email"), r.text(f"{p}/phone")])
        name = r.text(f"{p}/name", required=True)
        rows.append(
            fact(
                f"Contact: {plain(r.text(f'{p}/role'), 'other')}",
                f"{plain(name)}, {reach}" if reach else name,
            )
        )
    return {
        "shown": shown,
        "intro": "The answers the Colorado Department of Education asks for on the cover page "
        "of every innovation plan it reviews.",
        "rows": rows,
    }


# --------------------------------------------------------------------------- letter, summary


def letter(r: Reader) -> dict[str, Any]:
    """`letter.shown`, `.body` (prose), `.signer_name`, `.signer_title`, `.date`."""
    base = "/letter/signed_by" if isinstance(r.get("/letter/signed_by"), dict) else "/school/leader"
    return {
        "shown": isinstance(r.get("/letter"), dict),
        "body": r.prose("/letter/body", required=r.get("/letter") is not None),
        "signer_name": r.text(f"{base}/name") or "",
        "signer_title": r.text(f"{base}/title") or "School leader",
        "date": r.text("/letter/date") or "",
    }


def students(r: Reader) -> dict[str, Any]:
    """`students.shown`, `.intro`, `.rows` (label | value), `.description` (prose)."""
    b = "/students"
    rows = [
        fact("Free or reduced-price lunch", _share(r, f"{b}/free_reduced_lunch")),
        fact("Multilingual (English) learners", _share(r, f"{b}/english_learners")),
        fact("Special education (students with an IEP)", _share(r, f"{b}/special_education")),
        fact("Gifted and talented", _share(r, f"{b}/gifted_talented")),
    ]
    rows += [
        fact(plain(r.text(f"{p}/group")), _share(r, f"{p}/share"))
        for p, _ in r.items(f"{b}/other_groups")
    ]
    rows = [row for row in rows if row["value"] is not None]
    year = r.text(f"{b}/year")
    return {
        "shown": _present(r.get(b)),
        "intro": "Shares of all students"
        + (f" in {plain(year)}" if year else "")
        + ", as the plan reports them.",
        "rows": rows,
        "description": r.prose(f"{b}/description"),
    }


def enrollment(r: Reader) -> dict[str, Any]:
    """`enrollment.shown`, `.rows` (year, students, grades), `.texts` (label | body prose)."""
    b = "/enrollment_and_recruitment"
    rows = [
        {
            "year": r.text(f"{p}/year", required=True),
            "students": number(v) if (v := r.num(f"{p}/students")) is not None else DASH,
            "grades": r.text(f"{p}/grades") or DASH,
        }
        for p, _ in r.items(f"{b}/projections")
    ]
    return {
        "shown": _present(r.get(b)),
        "rows": rows,
        "texts": _labelled(r, b, (("recruitment", "Recruitment"), ("admissions", "Admissions"))),
    }


def history(r: Reader) -> dict[str, Any]:
    """`history.rows` (date, action, body, note) and `history.intro`."""
    rows = [
        {
            "date": r.text(f"{p}/date", required=True),
            "action": HISTORY_ACTION.get(str(item.get("action")), str(item.get("action"))),
            "body": r.text(f"{p}/body") or DASH,
            "note": r.text(f"{p}/note") or DASH,
        }
        for p, item in r.items("/history")
    ]
    return {
        "rows": rows,
        "intro": "Each approval and revision of the school's innovation plan, oldest first.",
    }


# --------------------------------------------------------------------------- school design


def _leadership(r: Reader) -> dict[str, Any]:
    b = "/leadership"
    team = [
        {
            "role": r.text(f"{p}/role", required=True),
            "name": r.text(f"{p}/name") or DASH,
            "responsibilities": r.prose(f"{p}/responsibilities") or DASH,
        }
        for p, _ in r.items(f"{b}/team")
    ]
    items = _labelled(
        r,
        b,
        (
            ("structure", "How leadership is shared"),
            ("coaching", "Coaching and feedback"),
            ("evaluation", "Evaluation"),
        ),
    )
    return {"shown": _present(r.get(b)), "team": team, "texts": items}


def _class_size(r: Reader) -> dict[str, Any]:
    b = "/class_size_and_intervention"
    rows = [
        {
            "grades": r.text(f"{p}/grades", required=True),
            "target": number(v) if (v := r.num(f"{p}/target")) is not None else DASH,
            "maximum": number(v) if (v := r.num(f"{p}/maximum")) is not None else DASH,
        }
        for p, _ in r.items(f"{b}/class_sizes")
    ]
    items = _labelled(r, b, (("class_size", "Class size"), ("intervention", "Intervention")))
    return {"shown": _present(r.get(b)), "rows": rows, "texts": items}


def _professional_development(r: Reader) -> dict[str, Any]:
    b = "/professional_development"
    days = r.num(f"{b}/days")
    return {
        "shown": _present(r.get(b)),
        "description": r.prose(f"{b}/description", required=r.get(b) is not None),
        "days": (
            f"Teachers have {number(days)} day{'' if days == 1 else 's'} of professional "
            "development a year."
            if days is not None
            else ""
        ),
    }


def _partnerships(r: Reader) -> dict[str, Any]:
    b = "/community_partnerships"
    partners = [
        {"name": r.text(f"{p}/name", required=True), "role": r.prose(f"{p}/role", required=True)}
        for p, _ in r.items(f"{b}/partners")
    ]
    return {
        "shown": _present(r.get(b)),
        "summary": r.prose(f"{b}/summary"),
        "partners": partners,
    }


def _simple(base: str, fields: tuple[tuple[str, str], ...]) -> Callable[[Reader], dict[str, Any]]:
    def build(r: Reader) -> dict[str, Any]:
        return {"shown": _present(r.get(base)), "texts": _labelled(r, base, fields)}

    return build


_discipline = _simple(
    "/discipline_and_attendance", (("discipline", "Discipline"), ("attendance", "Attendance"))
)
_graduation = _simple(
    "/graduation_and_promotion", (("promotion", "Promotion"), ("graduation", "Graduation"))
)
_operations = _simple(
    "/operations",
    (
        ("transportation", "Transportation"),
        ("food", "Food"),
        ("safety", "Safety"),
        ("facilities", "Facilities"),
    ),
)


def design(r: Reader) -> dict[str, Any]:
    """`design.shown`, `.intro` and one entry per section, in the order of Denver's plans
    (culture, leadership, education program, teaching, operations)."""
    parts = {
        "discipline": _discipline(r),
        "partnerships": _partnerships(r),
        "leadership": _leadership(r),
        "graduation": _graduation(r),
        "class_size": _class_size(r),
        "development": _professional_development(r),
        "operations": _operations(r),
    }
    return {
        "shown": any(p["shown"] for p in parts.values()),
        "intro": "How the school runs beyond the five levers: its culture, leadership, "
        "education program, teaching and operations.",
        **parts,
    }


def sections_context(r: Reader) -> dict[str, Any]:
    """The plan-document variables of this module (see docs/templates.md).

    `front_part` is true when the part before the mission holds more than the school's facts
    (a summary, the students, enrollment or the history): the mission then starts a new page;
    after the facts alone it follows on the same page.
    """
    summary, pupils = r.prose("/executive_summary"), students(r)
    enrolment, past = enrollment(r), history(r)
    return {
        "cde": cde_cover(r),
        "letter": letter(r),
        "executive_summary": summary,
        "students": pupils,
        "enrollment": enrolment,
        "history": past,
        "front_part": bool(summary or pupils["shown"] or enrolment["shown"] or past["rows"]),
        "design": design(r),
    }


# --------------------------------------------------------------------------- waiver groups


def _status_summary(rows: list[dict[str, Any]]) -> str:
    counts = {label: sum(1 for w in rows if w["status_label"] == label) for label in STATUS_ORDER}
    parts = [f"{n} {label.lower()}" for label, n in counts.items() if n]
    others = len(rows) - sum(counts.values())
    if others:
        parts.append(f"{others} other")
    return "Status: " + ", ".join(parts) + "." if parts else ""


def _group(key: str, title: str, intro: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "key": key,
        "title": title,
        "intro": intro,
        "status_summary": _status_summary(rows),
        "rows": [
            # ` (Kept)` after a renewal waiver's heading; nothing for a plain request
            {
                **w,
                "status_note": ""
                if w["status_label"] == "Requested"
                else f" ({w['status_label']})",
            }
            for w in rows
        ],
    }


def waiver_groups(rows: list[dict[str, Any]], threshold: float) -> list[dict[str, Any]]:
    """The plan's waiver tables, as Denver's plans group them: state statutes and rules,
    district policies, then one table per union contract, named by its agreement. Each row
    keeps its number in the plan (`w.number`) and its renewal status (`w.status_label`)."""
    groups = []
    state = [w for w in rows if w["kind"] in ("state_statute", "state_rule")]
    if state:
        groups.append(
            _group(
                "state",
                "State statutes and rules",
                "The local board asks the State Board of Education to waive these statutes and "
                "rules for the school (C.R.S. 22-32.5-108).",
                state,
            )
        )
    district = [w for w in rows if w["kind"] == "district_policy"]
    if district:
        groups.append(
            _group(
                "district",
                "District policies",
                "The local board waives these policies when it approves the plan.",
                district,
            )
        )
    agreements: dict[str, list[dict[str, Any]]] = {}
    for w in rows:
        if w["kind"] == "cba":
            agreements.setdefault(plain(w.get("agreement")), []).append(w)
    share = f"{number(100 * threshold)}%"
    for name, group in agreements.items():
        title = (
            f"Collective bargaining agreement: {name}"
            if name
            else ("Collective bargaining agreement (agreement not named)")
        )
        groups.append(
            _group(
                "cba",
                title,
                f"Waivers of these provisions need the approval of at least {share} of the "
                "bargaining-unit members employed at the school, by secret ballot "
                "(C.R.S. 22-32.5-109).",
                group,
            )
        )
    others = [
        w
        for w in rows
        if w["kind"] not in ("state_statute", "state_rule", "district_policy", "cba")
    ]
    if others:
        groups.append(_group("other", "Other provisions", "", others))
    return groups
