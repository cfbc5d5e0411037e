"""The words planforge uses for the plan's fixed vocabulary: levers, voting bodies, programs.

One definition for the review, ``planforge diff``, the workspace and every document, so the
memo, the plan and the diff of the same file never name the same thing differently. The
Massachusetts words (empowerment zones and school operational plans) follow the Colorado ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Lever:
    """One of the five levers of an innovation plan (and of a zone's autonomies)."""

    key: str
    word: str
    """Short name: `Curriculum` (diff sections, a waiver's list of levers)."""
    title: str
    """Heading in the innovation plan: `Curriculum, Instruction and Assessment`."""
    zone_title: str
    """Autonomy heading in a zone agreement (what zone schools decide about the lever)."""


LEVERS: dict[str, Lever] = {
    lever.key: lever
    for lever in (
        Lever("curriculum", "Curriculum", "Curriculum, Instruction and Assessment",
              "Curriculum, instruction and assessment"),
        Lever("staffing", "Staffing", "Staffing", "Staffing"),
        Lever("schedule", "Schedule", "Schedule and Calendar", "Schedule and calendar"),
        Lever("budget", "Budget", "Budget and Resources", "Budget and resources"),
        Lever("culture", "Culture", "Culture, Family Engagement and Governance",
              "Culture, student supports and governance"),
    )
}  # fmt: skip
LEVER_KEYS = tuple(LEVERS)


def lever_word(key: str) -> str:
    """`Curriculum` for `curriculum` (an unknown key as given)."""
    lever = LEVERS.get(key)
    return lever.word if lever else key


SAC = "School Accountability Committee"
BODIES = {
    "administrators": "Administrators",
    "teachers": "Teachers",
    "sac": SAC,
    "cbu_members": "Bargaining-unit members",
}
"""The bodies that vote on a plan (`consent[].body`)."""


def body_label(body: str, sac_name: str = "") -> str:
    """`Teachers`; the SAC by its own name when the plan gives one."""
    if body == "sac" and sac_name:
        return sac_name
    return BODIES.get(body, body)


@dataclass(frozen=True)
class Program:
    """A program with its own instructional-time minimum (`bell_schedules[].program`)."""

    label: str
    """`Elementary`, `Full-day kindergarten` (table cells)."""
    name: str
    """`Elementary program`, `Full-day kindergarten` (sentences)."""


PROGRAMS: dict[str, Program] = {
    "elementary": Program("Elementary", "Elementary program"),
    "secondary": Program("Secondary", "Secondary program"),
    "full_day_kindergarten": Program("Full-day kindergarten", "Full-day kindergarten"),
    "half_day_kindergarten": Program("Half-day kindergarten", "Half-day kindergarten"),
    "preschool": Program("Preschool", "Preschool program"),
}
PROGRAM_NAMES = {key: p.name for key, p in PROGRAMS.items()}


def program_label(key: str) -> str:
    """`Elementary` for `elementary` (an unknown key as given)."""
    program = PROGRAMS.get(key)
    return program.label if program else key


def program_name(key: str) -> str:
    """`Elementary program` for `elementary` (an unknown key as given)."""
    program = PROGRAMS.get(key)
    return program.name if program else key


@dataclass(frozen=True)
class WaiverKind:
    """What a waiver waives (`waivers[].kind`)."""

    label: str
    """Plain words for a school team: `Union contract`."""
    formal: str
    """Words of an agreement between parties: `Collective bargaining agreement`."""


WAIVER_KINDS: dict[str, WaiverKind] = {
    "state_statute": WaiverKind("State statute", "State statute"),
    "state_rule": WaiverKind("State rule", "State rule"),
    "district_policy": WaiverKind("District policy", "District policy"),
    "cba": WaiverKind("Union contract", "Collective bargaining agreement"),
}
WAIVER_STATUS = {"kept": "Kept", "modified": "Modified", "added": "New", "dropped": "Dropped"}


# --------------------------------------------------------------------------- Massachusetts
# The empowerment zone (zone.schema.json `ma:`, seats, services) and the school operational
# plan (sop.schema.json). Each code has one word, as a form's choice or a table cell shows it;
# a sentence lower-cases it (:func:`in_sentence`) and a document capitalises the terms it
# defines (:func:`defined_term`).

COMMISSIONER = "Commissioner"
SCHOOL_COMMITTEE = "School Committee"
ZONE_BOARD = "Zone Board"
TLT = "Teacher Leadership Team"
PROPER_NAMES = frozenset({COMMISSIONER, SCHOOL_COMMITTEE, TLT})
"""Names a sentence keeps capitalised (`the School Committee`); inside a sentence every other
word of the vocabulary is lower-cased (`the zone board`, `food services`)."""
DEFINED_TERMS = (
    "School Operational Plan",
    "Educator Working Conditions",
    ZONE_BOARD,
    SCHOOL_COMMITTEE,
    COMMISSIONER,
    TLT,
)
"""Terms the Massachusetts documents define (the memorandum's Definitions) and so write in
title case wherever they name them."""
_DEFINED = {term.lower(): term for term in DEFINED_TERMS}


STATES = {"CO": "Colorado", "MA": "Massachusetts"}
"""The states planforge knows (a plan's, zone's or pack's `jurisdiction:`)."""


def state_of(data: Any) -> str:
    """`CO` or `MA`: the state whose law a plan or zone is under (its `jurisdiction:`;
    Colorado when it names none or names a state planforge does not know)."""
    value = data.get("jurisdiction") if isinstance(data, Mapping) else None
    return value if isinstance(value, str) and value in STATES else "CO"


def is_massachusetts(data: Any) -> bool:
    """True for a plan or zone with `jurisdiction: MA`."""
    return state_of(data) == "MA"


MA_AREAS = {
    "curriculum": "Curriculum",
    "budget": "Budget",
    "schedule_calendar": "School schedule and calendar",
    "staffing": "Staffing policies and procedures",
    "district_policies": "School district policies and procedures",
    "professional_development": "Professional development",
}
"""The areas of autonomy of a Massachusetts innovation school (M.G.L. c.71 §92(b)(i)-(vi),
`ma.autonomies[].area`), in the statute's words and order."""
MA_AREA_CLAUSES = dict(zip(MA_AREAS, ("i", "ii", "iii", "iv", "v", "vi"), strict=True))
"""The clause of §92(b) that names each area."""


def in_sentence(word: str) -> str:
    """A word of the vocabulary inside a sentence: `zone board` for `Zone Board`, a proper
    name as it stands (`School Committee`)."""
    return word if word in PROPER_NAMES else word.lower()


def defined_term(word: str) -> str:
    """A word as the Massachusetts documents print it: a defined term in title case
    (`School Operational Plan` for `School operational plan`), any other word as given."""
    return _DEFINED.get(word.lower(), word)


@dataclass(frozen=True)
class SeatAuthority:
    """Who appoints a group of a zone board's seats (`governance.seats[].authority`)."""

    word: str
    """`Mayor`: a form's choice, the memorandum's table of seats (with its note)."""
    the: bool = True
    """A sentence names it with `the` (`appointed by the mayor`), not bare (`by families`)."""
    note: str = ""
    """What the word needs beside it to be understood: the zone board `fills its own seats`."""

    @property
    def label(self) -> str:
        """`Zone Board (fills its own seats)`, `Mayor`."""
        return f"{self.word} ({self.note})" if self.note else self.word


SEAT_AUTHORITIES: dict[str, SeatAuthority] = {
    "commissioner": SeatAuthority(COMMISSIONER),
    "mayor": SeatAuthority("Mayor"),
    "superintendent": SeatAuthority("Superintendent"),
    "school_committee": SeatAuthority(SCHOOL_COMMITTEE),
    "zone_board": SeatAuthority(ZONE_BOARD, note="fills its own seats"),
    "teachers": SeatAuthority("Teachers"),
    "families": SeatAuthority("Families", the=False),
    "principals": SeatAuthority("Principals", the=False),
    "other": SeatAuthority("Other", the=False),
}


def authority_phrase(code: str) -> str:
    """A seat authority inside a sentence: `the Commissioner`, `the mayor`, `families`,
    `other authorities` (an unknown code in words)."""
    authority = SEAT_AUTHORITIES.get(code)
    if authority is None:
        return code.replace("_", " ")
    if code == "other":
        return "other authorities"
    word = in_sentence(authority.word)
    return f"the {word}" if authority.the else word


EZ_BODIES = {
    "zone_board": ZONE_BOARD,
    "school_committee": SCHOOL_COMMITTEE,
    "principal": "Principal",
    "teacher_leadership_team": TLT,
}
"""The bodies that approve a school's plan (`approvals[].body`) or, each year, each school's
items (`ma.annual_cycle[].approved_by`)."""
SPENDING_CATEGORIES = {
    "staffing": "Staffing",
    "instructional_materials": "Instructional materials",
    "professional_development": "Professional development",
    "extended_time": "Extended learning time",
    "family_engagement": "Family engagement",
    "operator": "Outside operator",
    "technology": "Technology",
    "facilities": "Facilities",
    "transportation": "Transportation",
    "food_services": "Food services",
    "finance": "Finance",
    "human_resources": "Human resources",
    "special_education": "Special education",
    "enrollment": "Enrollment",
    "curriculum": "Curriculum",
    "assessment": "Assessment",
    "other": "Other",
}
"""What money is spent on: a school's budget lines (`budget.lines[].category`) and the zone's
services (`services[].category`) share these words."""


@dataclass(frozen=True)
class EzItem:
    """What is approved: a school's plan and its parts (`approvals[].item`), and the items of
    the zone's annual cycle (`ma.annual_cycle[].item`)."""

    word: str
    """`Budget`: a form's choice, the plan's table of approvals (a defined term in title case)."""
    schools: bool = False
    """Named as the school's when the memorandum and the review speak of each school's items
    (`School budget`); a defined term or a word that says whose it is stands alone."""

    @property
    def of_school(self) -> str:
        """`School Operational Plan`, `School budget`: one of each school's items."""
        term = defined_term(self.word)
        if term in DEFINED_TERMS or not self.schools:
            return term
        return f"School {in_sentence(self.word)}"


EZ_ITEMS: dict[str, EzItem] = {
    "sop": EzItem("School operational plan"),
    "ewc": EzItem("Educator working conditions"),
    "budget": EzItem("Budget", schools=True),
    "performance_goals": EzItem("Performance goals", schools=True),
    "operator": EzItem(f"{SPENDING_CATEGORIES['operator']} contract"),
}
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
"""The months in calendar order (`ma.annual_cycle[].month`, `ma-ez.cycle.months`)."""


@dataclass(frozen=True)
class ReturnVehicle:
    """How a school that leaves an empowerment zone returns to its district
    (`ma.return_of_schools.vehicle`)."""

    word: str
    """`Ordinary district management`: a form's choice."""
    how: str
    """What the schools return as, in a sentence: `Schools return {how}`."""
    clause: str
    """The memorandum's paragraph on it (its article on exit and return)."""


RETURN_VEHICLES: dict[str, ReturnVehicle] = {
    "innovation_plan": ReturnVehicle(
        "Innovation plan under M.G.L. c.71 §92",
        "as innovation schools under M.G.L. c.71 §92, each with its own innovation plan, "
        "teacher vote and School Committee vote",
        "A Member School that meets the exit criteria returns to the District as an innovation "
        "school under M.G.L. c.71 §92 and 603 CMR 48.00: it writes an innovation plan, its "
        "teachers vote on the plan, and the School Committee authorizes it after a public "
        "hearing, as that law provides. The school leaves the Zone when its innovation plan "
        "takes effect.",
    ),
    "district_management": ReturnVehicle(
        "Ordinary district management",
        "to ordinary district management",
        "A Member School that meets the exit criteria returns to the ordinary management of the "
        "District at the end of a school year, under the District's policies and its "
        "collective bargaining agreements.",
    ),
}


@dataclass(frozen=True)
class ElectionMethod:
    """How a school's teachers elected its Teacher Leadership Team
    (`teacher_leadership_team.election.method`)."""

    word: str
    """`Secret ballot`: a form's choice (the same words as any other vote's method)."""
    how: str
    """The plan's sentence: `elected the team … by {how}`."""


ELECTION_METHODS: dict[str, ElectionMethod] = {
    "secret_ballot": ElectionMethod("Secret ballot", "a secret paper ballot"),
    "online_ballot": ElectionMethod("Online ballot", "an online ballot"),
    "meeting_vote": ElectionMethod("Vote at a meeting", "a vote at a faculty meeting"),
}

_PD = "professional_development"
EZ_LEVERS: dict[str, Lever] = {
    **LEVERS,
    "culture": replace(
        LEVERS["culture"], zone_title="Culture, student supports and family engagement"
    ),
    _PD: Lever(_PD, "Professional development", "Professional Development",
              "Professional development"),
}  # fmt: skip
"""The levers of a Massachusetts empowerment zone and its schools' operational plans: the five
levers and professional development (M.G.L. c.71 §92(b)(vi) makes it an area of its own), in
the order the plans print them. The memorandum titles the culture autonomy `Culture, student
supports and family engagement`."""
