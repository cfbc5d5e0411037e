"""Template context for a Massachusetts empowerment zone's memorandum of understanding.

Pure: the zone's clean data (``jurisdiction: MA``, ``zone.type: empowerment_zone``) and its
member schools' School Operational Plans in, plain dicts out for
``templates/empowerment-zone-agreement.docx``. The memorandum is among the School Committee,
the Department (and its Commissioner) and the zone's nonprofit; its member schools stay
schools of the district, each under a School Operational Plan the Zone Board approves every
year, and its teachers work under a separate zone teacher contract (the domain brief, §2 and
§6.4). There are no waivers and no per-school innovation status.

The reading of the zone file's common parts (parties, governance, roles, funding, services,
human resources, students, termination, signatories) and the article numbering are
:mod:`planforge.documents.zone_context`'s; this module adds the Massachusetts terms (the
``ma:`` block) and the sentences that state them.
"""

from __future__ import annotations

from typing import Any

from planforge.documents.context import (
    Missing,
    Prose,
    Reader,
    Value,
    number,
    percent,
    plain,
    signatories,
)
from planforge.documents.zone_context import (
    Article,
    Member,
    SectionCounter,
    _board,
    _funding,
    _hr,
    _indexed,
    _legal_entity,
    _numbering,
    _parties,
    _party_name,
    _roles,
    _seat,
    _services,
    _students,
    _term,
    _termination,
)
from planforge.domain.labels import (
    EZ_BODIES,
    EZ_ITEMS,
    EZ_LEVERS,
    MONTHS,
    RETURN_VEHICLES,
    SEAT_AUTHORITIES,
    SPENDING_CATEGORIES,
    is_massachusetts,
)
from planforge.domain.text import and_list
from planforge.errors import InvalidInputError

TITLE = "Memorandum of Understanding"
ZONE_WORD = "Empowerment Zone"
DASH = "\u2014"
LAW_RECITAL = (
    "WHEREAS the School Committee, the Department and the Zone have agreed to create an "
    "empowerment zone: a partnership in which the Member Schools remain schools of the "
    "District, hold autonomy over {levers}, and are accountable for results to a Zone Board "
    "that includes members appointed by the Commissioner; and the teachers of the Member "
    "Schools work under a separate Zone Teacher Contract."
)
"""The recital used when the zone types none; `{levers}` is the levers the memorandum grants."""


def lever_words(r: Reader) -> str:
    """The levers the memorandum grants autonomy over, as typed (`curriculum, staffing, …
    and professional development`): a lever left out is not claimed."""
    typed = [lever.word.lower() for key, lever in EZ_LEVERS.items() if r.get(f"/autonomies/{key}")]
    return and_list(typed) if typed else "the levers of its schools"


# In the order they appear; an optional article the zone did not write is left out and the
# numbers close up (zone_context._numbering).
ARTICLES: tuple[Article, ...] = (
    ("parties", "Parties, Recitals and Authority", True),
    ("definitions", "Definitions", True),
    ("purpose", "Purpose", True),
    ("term", "Term and Review", True),
    ("schools", "Member Schools", True),
    ("governance", "Governance", True),
    ("roles", "Roles and Responsibilities", False),
    ("autonomies", "Autonomies", True),
    ("contract", "Zone Teacher Contract", True),
    ("funding", "Funding", True),
    ("services", "Services the District Keeps and Optional Services", True),
    ("hr", "Human Resources", True),
    ("students", "Students", True),
    ("facilities", "Facilities and Operations", False),
    ("cycle", "Annual Cycle", True),
    ("accountability", "Accountability", True),
    ("exit", "Exit Criteria and Return of Schools to the District", True),
    ("compliance", "Compliance with Law", True),
    ("disputes", "Dispute Resolution", True),
    ("termination", "Termination and Transition", True),
    ("amendment", "Amendment", False),
    ("insurance", "Insurance, Indemnification and Liability", False),
    ("notices", "Notices and General Provisions", True),
)


def empowerment_zone_context(
    data: Any, members: list[Member], *, draft: bool = False
) -> dict[str, Any]:
    """Everything the empowerment-zone memorandum template shows.

    Refused (:class:`InvalidInputError`) for a zone that is not a Massachusetts empowerment
    zone: a Colorado zone has the operating agreement (``planforge mou`` renders it), and a
    Massachusetts zone of another type has no memorandum planforge can write.
    """
    _refuse_other_zones(data, draft)
    r = Reader(data, draft=draft)
    numbers, articles = _numbering(r, ARTICLES)
    zone = _zone(r)
    return {
        "draft": draft,
        "zone": zone,
        "n": numbers,
        "sec": SectionCounter(),
        "articles": articles,
        "parties": _contacts(r),
        "recitals": {
            "law": LAW_RECITAL.format(levers=lever_words(r)),
            "authority": r.strings("/authority"),
            "typed": [r.prose(p) for p, _ in _indexed(r, "/recitals")],
        },
        "approvals": _approvals(r),
        "definitions": _definitions(r, numbers),
        "purpose": r.prose("/purpose", required=True),
        "term": _review(r),
        "membership": _membership(r, members),
        "governance": _governance(r),
        "roles": _state_roles(r),
        "autonomies": _autonomies(r),
        "autonomies_intro": f"Member Schools hold the following autonomies over {lever_words(r)}. "
        "Each school's School Operational Plan says how it uses them.",
        "contract": _contract(r),
        "funding": _funding(r),
        "services": _services_ma(r),
        "hr": _hr(r),
        "students": _students(r),
        "facilities": r.prose("/facilities"),
        "cycle": _cycle(r),
        "accountability": _accountability(r),
        "exit": _exit(r, members),
        "compliance": (
            "Each Member School remains a school of the District. It is subject to state and "
            "federal law, including the student learning time regulations (603 CMR 27.00), the "
            "special education laws and the laws on English learners, and to the policies of "
            "the School Committee except as this Memorandum gives a decision to the Zone Board "
            "or to the school. Its teachers work under the Zone Teacher Contract."
        ),
        "disputes": [r.prose(p) for p, _ in _indexed(r, "/dispute_resolution/steps")],
        "termination": _termination(r),
        "amendment": r.prose("/amendment"),
        "insurance": r.prose("/insurance"),
        "notices": r.prose("/notices"),
        "signatories": signatories(r),
        "exhibits": _exhibits(r, members),
    }


def _contacts(r: Reader) -> list[dict[str, Any]]:
    """The parties (:func:`zone_context._parties`), each with whom notices are addressed to."""
    out = []
    for (p, _), party in zip(r.items("/parties"), _parties(r), strict=True):
        reach = [plain(r.text(f"{p}/representative/{k}")) for k in ("email", "phone")]
        reach = [x for x in reach if x]
        name = plain(r.text(f"{p}/representative/name"))
        contact = ", ".join([f"attention: {name}", *reach]) if name and reach else ""
        out.append({**party, "contact": contact})
    return out


def _refuse_other_zones(data: Any, draft: bool) -> None:
    info = data.get("zone") if isinstance(data, dict) else None
    ztype = info.get("type") if isinstance(info, dict) else None
    if not is_massachusetts(data):
        msg = (
            "The empowerment-zone memorandum of understanding is a Massachusetts document; this "
            "zone is not under Massachusetts law (`jurisdiction: MA`). A Colorado zone has the "
            "operating agreement: render it with `planforge mou`."
        )
        raise InvalidInputError(msg)
    if ztype == "empowerment_zone" or (draft and ztype is None):
        return
    msg = (
        f"planforge writes a memorandum of understanding only for a Massachusetts empowerment "
        f"zone (`zone.type: empowerment_zone`); this zone's type is `{ztype}`. A "
        "Massachusetts innovation zone has no zone agreement in planforge: render its member "
        "plans one by one (planforge render), or set `type: empowerment_zone` if the zone is "
        "an empowerment zone."
    )
    raise InvalidInputError(msg)


def _zone(r: Reader) -> dict[str, Any]:
    district = r.text("/zone/district")
    if district is None:
        district = _party_name(r, "district")
    start = plain(r.text("/term/start", required=True), "?")
    end = plain(r.text("/term/end", required=True), "?")
    return {
        "name": r.text("/zone/name", required=True),
        "legal_name": r.text("/zone/legal_name"),
        "type_label": ZONE_WORD,
        "title": TITLE,
        "body_word": "Zone Board",
        "district": district,
        "established": r.text("/zone/established"),
        "term_label": f"{start} to {end}",
    }


# --------------------------------------------------------------------------- votes


def _tally(r: Reader, p: str) -> str:
    """` by 6 votes to 1 (7 eligible)`, or nothing when no tally is recorded."""
    yes, no, eligible = (r.num(f"{p}/{k}") for k in ("votes_for", "votes_against", "eligible"))
    if yes is None and no is None:
        return ""
    text = f" by {number(yes or 0)} votes to {number(no or 0)}"
    return text + (f" ({number(eligible)} eligible)" if eligible is not None else "")


def _approval(r: Reader, p: str, who: str, what: str) -> str | Value:
    """`The School Committee approved this Memorandum on 2026-01-15 by 6 votes to 1.`"""
    if not isinstance(r.get(p), dict):
        return None
    date = plain(r.text(f"{p}/date", required=True), "a date not given")
    return f"{who} approved {what} on {date}{_tally(r, p)}."


def _approvals(r: Reader) -> list[Any]:
    a = "/ma/approvals"
    found = [
        _approval(r, f"{a}/school_committee", "The School Committee", "this Memorandum"),
        _approval(r, f"{a}/commissioner", "The Commissioner", "this Memorandum"),
        _approval(r, f"{a}/zone_board", "The board of the Zone's nonprofit", "this Memorandum"),
    ]
    if r.draft and not isinstance(r.get(f"{a}/school_committee"), dict):
        found[0] = Missing(f"{a}/school_committee")
    return [x for x in found if x is not None]


# --------------------------------------------------------------------------- articles


def _definitions(r: Reader, n: dict[str, int]) -> list[dict[str, str]]:
    zone = plain(r.text("/zone/name"), "the Zone")
    committee = plain(_party_name(r, "district"), "the School Committee")
    district = plain(r.text("/zone/district"), "the school district")
    department = plain(
        _party_name(r, "state_agency"),
        "the Massachusetts Department of Elementary and Secondary Education",
    )
    board = plain(r.text("/governance/board_name"), "the board of the Zone")
    contract = plain(r.text("/ma/zone_contract/name"), "the zone teacher contract")
    legal = _legal_entity(r).removesuffix(".")
    legal = f"{legal}." if legal else ""
    return [
        {"term": "Memorandum", "meaning": f"this {TITLE}, including its exhibits."},
        {"term": "District", "meaning": f"{district}, acting through the School Committee."},
        {"term": "School Committee", "meaning": f"{committee}."},
        {"term": "Department", "meaning": f"{department}."},
        {
            "term": "Commissioner",
            "meaning": "the Commissioner of Elementary and Secondary Education, or the "
            "Commissioner's designee.",
        },
        {
            "term": "Zone",
            "meaning": f"{zone}, the empowerment zone created by this Memorandum, acting "
            f"through the Zone Board.{legal}",
        },
        {
            "term": "Zone Board",
            "meaning": f"{board}, constituted as Article {n['governance']} provides.",
        },
        {
            "term": "Member School",
            "meaning": "a school of the District listed in Exhibit A while it belongs to the Zone.",
        },
        {
            "term": "School Operational Plan",
            "meaning": "a Member School's plan for one school year, written by its principal and "
            "its Teacher Leadership Team and approved by the Zone Board: how the school uses its "
            "autonomies, its goals and strategies, its budget and its Educator Working Conditions.",
        },
        {
            "term": "Teacher Leadership Team",
            "meaning": "the teachers of a Member School elected by their colleagues who, with the "
            "principal, write the school's School Operational Plan and Educator Working Conditions.",
        },
        {
            "term": "Educator Working Conditions",
            "meaning": "the working conditions a Member School sets each year within the Zone "
            "Teacher Contract, approved by the Zone Board.",
        },
        {
            "term": "Zone Teacher Contract",
            "meaning": f"{contract}, the collective bargaining agreement for the teachers of the "
            f"Member Schools described in Article {n['contract']}.",
        },
        {
            "term": "Levers",
            "meaning": f"the areas of school autonomy: {lever_words(r)}.",
        },
    ]


def _review(r: Reader) -> dict[str, Any]:
    term = _term(r)
    cadence = r.num("/term/review_cadence_years")
    if cadence is None:
        every: Any = Missing("/term/review_cadence_years") if r.draft else "each year"
    else:
        every = "every year" if cadence == 1 else f"every {number(cadence)} years"
    return {
        **term,
        "every": every,
        "review": (
            f"The Parties review the Zone and each Member School {plain(every)}, using the "
            "Zone Board's performance framework, and decide whether to continue this Memorandum. "
            "Apart from that review, the Zone Board approves each Member School's School "
            "Operational Plan every year, on the annual cycle of this Memorandum."
        ),
    }


def _membership(r: Reader, members: list[Member]) -> dict[str, Any]:
    names = [plain(Reader(m.data).text("/school/name"), m.path) for m in members]
    return {
        "count": len(members),
        "count_words": f"{len(members)} Member School{'' if len(members) == 1 else 's'}",
        "names": ", ".join(names),
        "entry": r.prose("/entry_criteria"),
        "status": (
            "Each Member School remains a school of the District and operates under a School "
            "Operational Plan approved each year by the Zone Board."
        ),
    }


def _governance(r: Reader) -> dict[str, Any]:
    """The board as :func:`zone_context._board` reads it, with its seats, its legal character
    and to whom it reports."""
    board = plain(r.text("/governance/board_name"), "the Zone Board")
    return {
        "statement": (
            f"The Zone is governed by the {board} (the Zone Board), which exercises the "
            "authority over the Member Schools that the School Committee gives it by this "
            "Memorandum. The School Committee keeps the ultimate legal responsibility for the "
            "Member Schools, which remain schools of the District."
        ),
        "character": r.prose("/ma/board/character"),
        **_board(r),
        "seats": _seats(r),
        "reports_to": r.strings("/ma/board/reports_to")
        or ([Missing("/ma/board/reports_to")] if r.draft else []),
    }


def _seats(r: Reader) -> list[dict[str, Any]]:
    """The seats (:func:`zone_context._seat`) with who appoints them, the chair and designees."""
    seats = []
    for p, seat in r.items("/governance/seats"):
        designee = seat.get("designee")
        seats.append(
            {
                **_seat(r, p, seat),
                "authority": _authority(seat.get("authority")),
                "chair": "Yes" if seat.get("chair") is True else "No",
                "designee": {True: "Yes", False: "No"}.get(designee, DASH)
                if isinstance(designee, bool)
                else DASH,
                "line": _seat_line(r, p, seat, r.num(f"{p}/count")),
            }
        )
    return seats


def _authority(code: Any) -> str:
    """`Zone Board (fills its own seats)`: the seat's appointing authority in the table."""
    authority = SEAT_AUTHORITIES.get(str(code))
    return authority.label if authority else DASH


def _seat_line(r: Reader, p: str, seat: dict[str, Any], count: float | None) -> str:
    """`Mayor of Wexcombe: 1 seat; the office holder may send a designee`."""
    n = number(count) if count is not None else "?"
    voting = "non-voting " if seat.get("voting") is False else ""
    one = count == 1
    text = f"{plain(r.text(f'{p}/appointed_by'))}: {n} {voting}seat{'' if one else 's'}"
    if seat.get("chair") is True:
        text += "; the chair is " + ("this member" if one else "one of these members")
    if seat.get("designee") is True:
        text += "; the office holder may send a designee"
    return text


def _state_roles(r: Reader) -> list[dict[str, Any]]:
    """The roles, with the state named as Massachusetts names it."""
    names = {
        "The District": "The School Committee and the District",
        "The Zone": "The Zone and the Zone Board",
        "The State": "The Department and the Commissioner",
    }
    return [{**role, "label": names.get(role["label"], role["label"])} for role in _roles(r)]


def _autonomies(r: Reader) -> list[dict[str, Any]]:
    """The autonomies over the levers of :data:`~planforge.domain.labels.EZ_LEVERS` (the five
    and professional development), as the memorandum titles them."""
    rows = []
    for key, lever in EZ_LEVERS.items():
        text = r.prose(f"/autonomies/{key}", required=True)
        if text is not None:
            rows.append({"key": key, "title": lever.zone_title, "text": text})
    return rows


def _contract(r: Reader) -> dict[str, Any]:
    c = "/ma/zone_contract"
    parties = r.strings(f"{c}/parties")
    start = plain(r.text(f"{c}/term/start", required=True), "?")
    end = plain(r.text(f"{c}/term/end", required=True), "?")
    name = r.text(f"{c}/name", required=True)
    return {
        "name": name,
        "parties": parties,
        "term_label": f"{start} to {end}",
        "intro": (
            "The teachers of the Member Schools work under the Zone Teacher Contract, a "
            "collective bargaining agreement separate from the District's, made between the "
            "parties below and in force from "
            f"{start} to {end}."
        ),
        "ratification": _ratification(r, f"{c}/ratification"),
        "zone_board": _approval(r, f"{c}/zone_board_approval", "The Zone Board", "it")
        or (Missing(f"{c}/zone_board_approval") if r.draft else None),
        "school_committee": _approval(
            r, f"{c}/school_committee_approval", "The School Committee", "it"
        )
        or (Missing(f"{c}/school_committee_approval") if r.draft else None),
        "summary": r.prose(f"{c}/summary"),
        "ewc": (
            "Within the Zone Teacher Contract, each Member School sets its Educator Working "
            "Conditions every year with its Teacher Leadership Team, and the Zone Board approves "
            "them on the annual cycle of this Memorandum."
        ),
    }


def _ratification(r: Reader, p: str) -> Any:
    """The members' ratification vote with its tally and shares."""
    if not isinstance(r.get(p), dict):
        return Missing(p) if r.draft else None
    date = plain(r.text(f"{p}/date", required=True), "a date not given")
    yes, no, eligible = (r.num(f"{p}/{k}") for k in ("votes_for", "votes_against", "eligible"))
    text = (
        "The members of the bargaining unit employed in the Member Schools ratified the Zone "
        f"Teacher Contract on {date}"
    )
    if yes is None and no is None:
        return text + "."
    text += f": {number(yes or 0)} in favour and {number(no or 0)} against"
    if eligible is not None:
        text += f", of {number(eligible)} eligible ({percent(yes or 0, eligible)} of those eligible"
        text += f", {percent(yes or 0, (yes or 0) + (no or 0))} of the votes cast)"
    else:
        text += f" ({percent(yes or 0, (yes or 0) + (no or 0))} of the votes cast)"
    return text + "."


def _services_ma(r: Reader) -> dict[str, Any]:
    """The services (:func:`zone_context._services`) with their category in words and their
    description as prose (paragraphs, not hand-wrapped lines, in the exhibit's cells)."""
    services = _services(r)
    extra = [
        {
            "category": SPENDING_CATEGORIES.get(str(s.get("category")), ""),
            "description": r.prose(f"{p}/description") or Prose("", f"{p}/description"),
        }
        for p, s in r.items("/services")
    ]
    rows = [{**row, **more} for row, more in zip(services["rows"], extra, strict=True)]
    return {
        "rows": rows,
        "required": [s for s in rows if not s["optional"]],
        "optional": [s for s in rows if s["optional"]],
    }


def _cycle(r: Reader) -> dict[str, Any]:
    rows = []
    for p, entry in r.items("/ma/annual_cycle"):
        rows.append(
            {
                "item": _cycle_item(entry.get("item")),
                "approved_by": EZ_BODIES.get(str(entry.get("approved_by")), DASH),
                "month": r.text(f"{p}/month", required=True),
                "description": r.prose(f"{p}/description"),
                "order": MONTHS.index(entry["month"]) if entry.get("month") in MONTHS else 12,
            }
        )
    return {
        "rows": rows,
        "by_month": sorted(rows, key=lambda row: int(row["order"])),
        "intro": (
            "Each year the Member Schools submit, and the bodies below approve, the following "
            "by the month shown (Exhibit B gives the same calendar month by month):"
        ),
    }


def _cycle_item(code: Any) -> str:
    """`School budget`: what the bodies approve of each school, as the memorandum names it."""
    item = EZ_ITEMS.get(str(code))
    return item.of_school if item else str(code)


def _accountability(r: Reader) -> dict[str, Any]:
    return {
        "framework": r.prose("/accountability/framework", required=True),
        "goals": (
            "Each Member School is accountable for the goals of its School Operational Plan and "
            "for the performance goals the Zone Board sets for it."
        ),
        "reporting": r.prose("/accountability/reporting"),
        "interventions": [r.prose(p) for p, _ in _indexed(r, "/accountability/interventions")],
    }


def _exit(r: Reader, members: list[Member]) -> dict[str, Any]:
    ret = "/ma/return_of_schools"
    vehicle = RETURN_VEHICLES.get(str(r.get(f"{ret}/vehicle")))
    returning = []
    for m in members:
        mr = Reader(m.data)
        date = mr.text("/exit/return_date")
        if date is not None:
            returning.append(f"{plain(mr.text('/school/name'), m.path)} on {date}")
    return {
        "criteria": r.prose("/exit_criteria", required=True),
        "vehicle": vehicle.clause if vehicle else (Missing(f"{ret}/vehicle") if r.draft else ""),
        "process": r.prose(f"{ret}/process", required=True),
        "returning": (
            "Member Schools whose School Operational Plans record their return to the "
            f"District: {'; '.join(returning)}."
            if returning
            else ""
        ),
    }


# --------------------------------------------------------------------------- exhibits


def _exhibits(r: Reader, members: list[Member]) -> dict[str, Any]:
    return {"schools": [_school_row(m) for m in members]}


def _school_row(member: Member) -> dict[str, Any]:
    r = Reader(member.data)
    tlt = r.get("/teacher_leadership_team/members")
    return {
        "name": r.text("/school/name") or member.path,
        "grades": r.text("/school/grades") or "",
        "principal": r.text("/school/principal/name") or "",
        "tlt": number(len(tlt)) if isinstance(tlt, list) else DASH,
        "year": r.text("/school_year") or DASH,
        "approved": _board_approval(member.data) or DASH,
        "joined": member.joined,
    }


def _board_approval(data: Any) -> str:
    """The date the Zone Board approved the school's operational plan, as typed ("" if none)."""
    approvals = data.get("approvals") if isinstance(data, dict) else None
    for item in approvals if isinstance(approvals, list) else []:
        if isinstance(item, dict) and (item.get("body"), item.get("item")) == ("zone_board", "sop"):
            date = item.get("date")
            return date if isinstance(date, str) else ""
    return ""


__all__ = ["ARTICLES", "TITLE", "empowerment_zone_context"]
