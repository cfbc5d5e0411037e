"""Template context for the zone operating agreement (the MOU) and its exhibits.

Pure: zone data plus the member plans' data in, plain dicts out. Values the zone or a
school typed are wrapped by :class:`~planforge.documents.context.Reader` so they print exactly and are
checked after rendering. The sentences planforge writes itself (recitals that state the law,
wording that depends on the zone type) come from :data:`ZONE_TYPES`, one entry per type.

Articles are numbered in the order of :data:`ARTICLES`; an optional article the zone did not
write (facilities, insurance, roles, notices) is left out and the numbers close up, so the
agreement never shows an empty article.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from planforge.documents.context import (
    Missing,
    PlanText,
    Reader,
    fact,
    money,
    number,
    plain,
    signatories,
)
from planforge.domain.labels import LEVERS, WAIVER_KINDS, is_massachusetts
from planforge.domain.labels import WAIVER_STATUS as STATUS

UNIT = {
    "per_pupil": "per pupil",
    "per_school": "per school",
    "per_fte": "per FTE",
    "flat": "flat fee",
}
KIND = {key: kind.formal for key, kind in WAIVER_KINDS.items()}
ROLE_WORDS = {
    "district": "the District",
    "zone_nonprofit": "the Zone",
    "state_agency": "the State",
    "union": "the Association",
    "other": "a Party",
}


@dataclass(frozen=True)
class ZoneType:
    """Wording that depends on the kind of zone."""

    title: str
    zone_word: str
    body_word: str
    recital: str
    governance: str


ZONE_TYPES: dict[str, ZoneType] = {
    "izone": ZoneType(
        title="Innovation Zone Operating Agreement",
        zone_word="Innovation Zone",
        body_word="Zone Board",
        recital=(
            "The Innovation Schools Act of 2008, C.R.S. 22-32.5-101 et seq., permits a group of "
            "public schools of one district that share common interests to submit a plan to create "
            "an innovation school zone, and, as amended by Senate Bill 22-197, permits the zone to be "
            "managed under an alternative governance structure in partnership with the local board."
        ),
        governance=(
            "The Zone is governed by its own board, which exercises the authority the District "
            "delegates under this Agreement. The District's Board of Education keeps the ultimate "
            "legal responsibility for the member schools."
        ),
    ),
    "imo": ZoneType(
        title="Innovation Management Organization Agreement",
        zone_word="Innovation Management Organization",
        body_word="Board",
        recital=(
            "The Innovation Schools Act of 2008, C.R.S. 22-32.5-101 et seq., permits the District to "
            "designate innovation schools and to group them for management and support by an "
            "organization that partners with the District."
        ),
        governance=(
            "The Innovation Management Organization manages and supports the member schools under "
            "the oversight of its board. The District's Board of Education keeps the ultimate legal "
            "responsibility for the member schools."
        ),
    ),
    "empowerment_zone": ZoneType(
        title="Empowerment Zone Partnership Agreement",
        zone_word="Empowerment Zone",
        body_word="Zone Board",
        recital=(
            "The Parties, including the state education agency, have agreed to create an empowerment "
            "zone: a partnership of the district, the state and the educators of the member schools "
            "in which the schools hold autonomy over curriculum, staffing, schedule, budget and "
            "culture in exchange for accountability for results."
        ),
        governance=(
            "The Zone Board includes members appointed by the state as well as local members, and "
            "reports to the Superintendent and to the state. Schools, through their leaders and "
            "teacher leadership teams, make the decisions this Agreement reserves to them."
        ),
    ),
}

Article = tuple[str, str, bool]
"""(key, title, required): an agreement's article."""
# In the order they appear.
ARTICLES: tuple[Article, ...] = (
    ("parties", "Parties and Recitals", True),
    ("definitions", "Definitions", True),
    ("purpose", "Purpose and Shared Goals", True),
    ("term", "Term, Renewal Review and Amendment", True),
    ("schools", "Member Schools", True),
    ("governance", "Governance", True),
    ("roles", "Roles and Responsibilities", False),
    ("autonomies", "Autonomies and Waivers", True),
    ("funding", "Funding", True),
    ("services", "District Services", True),
    ("hr", "Human Resources", True),
    ("students", "Students", True),
    ("facilities", "Facilities and Operations", False),
    ("accountability", "Accountability", True),
    ("compliance", "Compliance with Law", True),
    ("disputes", "Dispute Resolution", True),
    ("termination", "Termination and Transition", True),
    ("insurance", "Insurance, Indemnification and Liability", False),
    ("notices", "Notices and General Provisions", True),
)


class SectionCounter:
    """`sec('term')` in the template: 1, 2, 3 … within each article, in rendering order.

    Optional sections the zone left out are skipped by the template, so counting as the
    document renders keeps section numbers without gaps.
    """

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def __call__(self, article: str) -> int:
        self.counts[article] = self.counts.get(article, 0) + 1
        return self.counts[article]


@dataclass(frozen=True)
class Member:
    """A member school as the agreement needs it: its plan data and review verdict."""

    path: str
    data: Any
    verdict: str = ""
    joined: str = ""


def zone_context(data: Any, members: list[Member], *, draft: bool = False) -> dict[str, Any]:
    """Everything the zone-agreement template shows.

    A Massachusetts zone (``jurisdiction: MA``) is refused: the agreement's wording (innovation
    status of every member school, State Board waivers) is Colorado's; an empowerment zone's
    agreement is the memorandum of understanding (``ez-mou``, :mod:`ez_context`).
    """
    if is_massachusetts(data):
        from planforge.errors import InvalidInputError

        msg = (
            "This is a Massachusetts zone agreement (`jurisdiction: MA`), and the operating "
            "agreement's wording (member schools holding innovation status, State Board waivers) "
            "is Colorado's. A Massachusetts empowerment zone's agreement is its memorandum of "
            "understanding (planforge mou writes it); remove `jurisdiction: MA` if the zone is "
            "in Colorado."
        )
        raise InvalidInputError(msg)
    r = Reader(data, draft=draft)
    ztype = ZONE_TYPES.get(str(r.get("/zone/type")), ZONE_TYPES["izone"])
    numbers, articles = _numbering(r, ARTICLES)
    return {
        "draft": draft,
        "zone": _zone(r, ztype),
        "n": numbers,
        "sec": SectionCounter(),
        "articles": articles,
        "parties": _parties(r),
        "recitals": _recitals(r, ztype),
        "definitions": _definitions(r, ztype),
        "purpose": r.prose("/purpose", required=True),
        "term": _term(r),
        "membership": _membership(r, members),
        "governance": _governance(r, ztype),
        "roles": _roles(r),
        "autonomies": [
            {"title": lever.zone_title, "text": r.prose(f"/autonomies/{k}", required=True)}
            for k, lever in LEVERS.items()
        ],
        "funding": _funding(r),
        "services": _services(r),
        "hr": _hr(r),
        "students": _students(r),
        "facilities": r.prose("/facilities"),
        "accountability": _accountability(r, members),
        "disputes": [r.prose(p) for p, _ in _indexed(r, "/dispute_resolution/steps")],
        "termination": _termination(r),
        "insurance": r.prose("/insurance"),
        "notices": r.prose("/notices"),
        "signatories": signatories(r),
        "exhibits": _exhibits(members),
    }


def _numbering(
    r: Reader, articles: tuple[Article, ...]
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """The number of each article (0 for an optional one the zone did not write: the numbers
    close up) and the articles the agreement has, in order. An optional article is there when
    the zone's file has something under its key (``roles:``, ``facilities:`` …)."""
    present = [k for k, _, required in articles if required or bool(r.get(f"/{k}"))]
    numbers = {k: i for i, k in enumerate(present, start=1)} | {
        k: 0 for k, _, _ in articles if k not in present
    }
    return numbers, [
        {"key": k, "number": numbers[k], "title": t} for k, t, _ in articles if k in present
    ]


def _indexed(r: Reader, pointer: str) -> list[tuple[str, Any]]:
    value = r.get(pointer)
    return [(f"{pointer}/{i}", v) for i, v in enumerate(value)] if isinstance(value, list) else []


def _zone(r: Reader, ztype: ZoneType) -> dict[str, Any]:
    district = r.text("/zone/district")
    if district is None:
        district = _party_name(r, "district")
    return {
        "name": r.text("/zone/name", required=True),
        "legal_name": r.text("/zone/legal_name"),
        "type_label": ztype.zone_word,
        "title": ztype.title,
        "body_word": ztype.body_word,
        "district": district,
        "established": r.text("/zone/established"),
        "term_label": f"{plain(r.text('/term/start', required=True), '?')} to {plain(r.text('/term/end', required=True), '?')}",
    }


def _party_name(r: Reader, role: str) -> Any:
    for p, party in r.items("/parties"):
        if party.get("role") == role:
            return r.text(f"{p}/name")
    return None


def _parties(r: Reader) -> list[dict[str, Any]]:
    out = []
    for p, party in r.items("/parties"):
        short = r.text(f"{p}/short_name") or ROLE_WORDS.get(str(party.get("role")), "a Party")
        rep = r.text(f"{p}/representative/name")
        rep_title = r.text(f"{p}/representative/title")
        out.append(
            {
                "name": r.text(f"{p}/name", required=True),
                "short": short,
                "representative": rep,
                "representative_title": rep_title,
                "address": r.text(f"{p}/address"),
            }
        )
    return out


def _recitals(r: Reader, ztype: ZoneType) -> dict[str, Any]:
    return {
        "law": ztype.recital,
        "authority": r.strings("/authority"),
        "typed": [r.prose(p) for p, _ in _indexed(r, "/recitals")],
    }


def _definitions(r: Reader, ztype: ZoneType) -> list[dict[str, Any]]:
    zone = plain(r.text("/zone/name"), "the Zone")
    district = plain(_party_name(r, "district"), "the school district")
    return [
        {"term": "Agreement", "meaning": f"this {ztype.title}, including its exhibits."},
        {"term": "District", "meaning": f"{district}, acting through its Board of Education."},
        {
            "term": "Zone",
            "meaning": f"{zone}, the {ztype.zone_word} created by this Agreement, acting through "
            f"the {ztype.body_word}.{_legal_entity(r)}",
        },
        {
            "term": "Member School",
            "meaning": "a school listed in Exhibit A while it belongs to the Zone.",
        },
        {
            "term": "Innovation Plan",
            "meaning": "a Member School's innovation plan as approved by the District's Board of Education and, where required, designated by the State Board of Education.",
        },
        {
            "term": "Waiver",
            "meaning": "a statute, rule, District policy or collective bargaining provision waived for a Member School under its Innovation Plan, as listed in Exhibit B, together with its replacement policy.",
        },
        {
            "term": "Levers",
            "meaning": "the five areas of school autonomy: curriculum, staffing, schedule, budget and culture.",
        },
    ]


def _legal_entity(r: Reader) -> str:
    legal = plain(r.text("/zone/legal_name"))
    return f" Its governing organization is {legal}." if legal else ""


def _term(r: Reader) -> dict[str, Any]:
    cadence = r.num("/term/review_cadence_years")
    return {
        "start": r.text("/term/start", required=True),
        "end": r.text("/term/end", required=True),
        "cadence": number(cadence)
        if cadence is not None
        else (Missing("/term/review_cadence_years") if r.draft else None),
        "amendment": r.prose("/amendment"),
    }


def _membership(r: Reader, members: list[Member]) -> dict[str, Any]:
    names = [plain(Reader(m.data).text("/school/name"), m.path) for m in members]
    return {
        "count": len(members),
        "names": ", ".join(names),
        "entry": r.prose("/entry_criteria"),
        "exit": r.prose("/exit_criteria"),
    }


def _governance(r: Reader, ztype: ZoneType) -> dict[str, Any]:
    return {
        "statement": ztype.governance,
        **_board(r),
        "seats": [_seat(r, p, seat) for p, seat in r.items("/governance/seats")],
    }


def _board(r: Reader) -> dict[str, Any]:
    """The zone board's name, size, quorum, terms, meetings and conflict rules."""
    size, quorum, years = (r.num(f"/governance/{k}") for k in ("size", "quorum", "term_years"))
    return {
        "board_name": r.text("/governance/board_name", required=True),
        "size": number(size) if size is not None else "",
        "quorum": number(quorum) if quorum is not None else "",
        "term_years": number(years) if years is not None else None,
        "meetings": r.prose("/governance/meetings"),
        "conflicts": r.prose("/governance/conflicts_of_interest"),
    }


def _seat(r: Reader, p: str, seat: dict[str, Any]) -> dict[str, Any]:
    """One group of the board's seats (at ``p``): who appoints them, how many, whether they vote."""
    count = r.num(f"{p}/count")
    return {
        "appointed_by": r.text(f"{p}/appointed_by", required=True),
        "count": number(count) if count is not None else "",
        "voting": "Non-voting" if seat.get("voting") is False else "Voting",
        "description": r.text(f"{p}/description") or "",
    }


def _roles(r: Reader) -> list[dict[str, Any]]:
    labels = (
        ("district", "The District"),
        ("zone", "The Zone"),
        ("schools", "Member Schools"),
        ("union", "The Association"),
        ("state", "The State"),
    )
    out = []
    for key, label in labels:
        duties = r.strings(f"/roles/{key}")
        if duties:
            out.append({"label": label, "duties": duties})
    return out


def _funding(r: Reader) -> dict[str, Any]:
    share = r.num("/funding/pass_through_percent")
    fee = r.num("/funding/zone_fee_percent")
    return {
        "method": r.prose("/funding/method", required=True),
        "pass_through": f"{number(share)}%" if share is not None else None,
        "zone_fee": f"{number(fee)}%" if fee is not None else None,
        "retained": r.strings("/funding/retained_services"),
        "timing": r.prose("/funding/timing"),
        "reporting": r.prose("/funding/reporting"),
    }


def _services(r: Reader) -> dict[str, Any]:
    rows = []
    for p, service in r.items("/services"):
        price = r.num(f"{p}/price")
        optional = service.get("mode") == "optional"
        rows.append(
            {
                "name": r.text(f"{p}/name", required=True),
                "mode": "Optional" if optional else "Non-optional",
                "optional": optional,
                "price": money(price)
                if price is not None
                else ("Not priced" if optional else "Included"),
                "unit": UNIT.get(str(service.get("unit")), "") if price is not None else "",
                "description": r.text(f"{p}/description") or "",
            }
        )
    return {
        "rows": rows,
        "required": [s for s in rows if not s["optional"]],
        "optional": [s for s in rows if s["optional"]],
    }


def _hr(r: Reader) -> dict[str, Any]:
    return {
        "employer": r.text("/human_resources/employer_of_record", required=True),
        "leader_hiring": r.prose("/human_resources/leader_hiring", required=True),
        "bargaining": r.prose("/human_resources/collective_bargaining"),
        "evaluation": r.prose("/human_resources/evaluation"),
    }


def _students(r: Reader) -> dict[str, Any]:
    return {
        "enrollment": r.prose("/students/enrollment", required=True),
        "special_education": r.prose("/students/special_education", required=True),
        "english_learners": r.prose("/students/english_learners", required=True),
        "discipline": r.prose("/students/discipline"),
    }


def _accountability(r: Reader, members: list[Member]) -> dict[str, Any]:
    cadence = r.num("/term/review_cadence_years")
    return {
        "framework": r.prose("/accountability/framework", required=True),
        "reporting": r.prose("/accountability/reporting"),
        "interventions": [r.prose(p) for p, _ in _indexed(r, "/accountability/interventions")],
        "cadence": number(cadence) if cadence is not None else "three",
    }


def _termination(r: Reader) -> dict[str, Any]:
    notice = r.num("/termination/notice_days")
    return {
        "grounds": [r.prose(p) for p, _ in _indexed(r, "/termination/grounds")],
        "notice_days": number(notice) if notice is not None else None,
        "transition": r.prose("/termination/transition", required=True),
    }


# --------------------------------------------------------------------------- exhibits


def _exhibits(members: list[Member]) -> dict[str, Any]:
    readers = [(m, Reader(m.data)) for m in members]
    return {
        "schools": [_school_row(m, r) for m, r in readers],
        "waivers": [_school_waivers(r) for _, r in readers],
        "goals": [_school_goals(r) for _, r in readers],
    }


def _school_row(member: Member, r: Reader) -> dict[str, Any]:
    enrollment = r.num("/school/enrollment")
    return {
        "name": r.text("/school/name") or member.path,
        "grades": r.text("/school/grades") or "",
        "enrollment": number(enrollment) if enrollment is not None else "",
        "leader": r.text("/school/leader/name") or "",
        "action": {"initial": "Initial", "renewal": "Renewal", "revision": "Revision"}.get(
            str(r.get("/action")), ""
        ),
        "joined": member.joined,
        "verdict": member.verdict,
        "facts": [fact("Plan", member.path)],
    }


def _school_waivers(r: Reader) -> dict[str, Any]:
    rows = []
    for p, waiver in r.items("/waivers"):
        listed = waiver.get("levers")
        levers = listed if isinstance(listed, list) else []
        rows.append(
            {
                "citation": r.text(f"{p}/citation") or "",
                "title": r.text(f"{p}/title") or "",
                "kind": KIND.get(str(waiver.get("kind")), ""),
                "levers": ", ".join(str(x) for x in levers),
                "status": STATUS.get(str(waiver.get("status")), "Requested"),
            }
        )
    dropped = sum(1 for row in rows if row["status"] == STATUS["dropped"])
    return {
        "school": r.text("/school/name") or "",
        "rows": rows,
        "count": len(rows) - dropped,
        "dropped": dropped,
    }


def _school_goals(r: Reader) -> dict[str, Any]:
    rows = []
    for p, _goal in r.items("/goals"):
        unit = plain(r.text(f"{p}/unit"))
        targets = [
            f"{plain(r.text(f'{tp}/year'))}: {_value(t.get('value'), unit)}"
            for tp, t in r.items(f"{p}/targets")
        ]
        rows.append(
            {
                "metric": r.text(f"{p}/metric") or "",
                "group": r.text(f"{p}/group") or "All students",
                "baseline": f"{plain(r.text(f'{p}/baseline/year'))}: {_value(r.get(f'{p}/baseline/value'), unit)}",
                "targets": "; ".join(targets),
            }
        )
    return {"school": r.text("/school/name") or "", "rows": rows}


def _value(value: Any, unit: str) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = number(value)
        return f"{text}%" if unit.lower() in {"percent", "%"} else text
    return value if isinstance(value, str) else ""  # a rating target such as "Performance"


__all__ = ["ARTICLES", "ZONE_TYPES", "Member", "PlanText", "zone_context"]
