"""The editor's sections, in the order of the plan document, and which fields each shows.

A plan is edited one section at a time: the school, the mission, each lever's narrative,
the programs affected, the waivers, the goals, the budget figures, the staffing plan, the
calendar and bell schedules, the consent votes, support and signatures; a Massachusetts
innovation plan (``jurisdiction: MA``) adds the sections of its ``ma:`` record (prospectus,
areas of autonomy, votes, evaluation). A Massachusetts school operational plan has its own
sections, in the order of the plan. A zone gets one section per top-level part of its schema
(an empowerment zone's ``ma:`` terms in three). A section of fields the file's state does not
have (a Massachusetts plan's waivers and consent votes) is left out while they are empty
(:mod:`planforge.web.states`). Every finding is placed in the section that shows its field
(the most specific match wins).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from planforge.domain.labels import LEVERS, is_massachusetts
from planforge.web.schema_nav import field_label, property_order

NARRATIVE = ("current_practice", "innovations", "rationale", "waivers")


@dataclass(frozen=True)
class Section:
    """One page of the editor: an id for URLs, titles, and the pointers of its fields."""

    id: str
    title: str
    nav: str
    fields: tuple[str, ...]
    intro: str = ""


def _lever(key: str, extra: tuple[str, ...] = ()) -> Section:
    lever = LEVERS[key]
    fields = tuple(f"/levers/{key}/{name}" for name in (*NARRATIVE, *extra))
    return Section(
        key,
        lever.title,
        lever.word,
        fields,
        "How the school works today, what it will change, why, and which waivers it needs.",
    )


PLAN_SECTIONS: tuple[Section, ...] = (
    Section(
        "school",
        "School overview",
        "School",
        (
            "/school/name", "/school/district", "/school/zone", "/school/cde_code",
            "/school/grades", "/school/enrollment", "/school/status", "/school/address",
            "/school/leader", "/school/contact", "/school/sac_name", "/action", "/submitted",
            "/prior_plan_approved", "/term", "/rules",
        ),
        "Who the school is, and the plan's type and term.",
    ),
    Section(
        "mission",
        "Mission and the case for innovation",
        "Mission",
        ("/mission/statement", "/mission/vision", "/mission/why_innovation"),
    ),
    _lever("curriculum", ("assessments",)),
    _lever("staffing"),
    _lever("schedule"),
    _lever("budget"),
    _lever("culture", ("family_engagement", "governance")),
    Section(
        "programs",
        "Programs, policies and documents affected",
        "Programs affected",
        ("/affected_programs",),
    ),
    Section("waivers", "Waivers requested", "Waivers", ("/waivers",),
            "Every statute, rule, policy or contract provision the school asks to waive, "
            "each with the policy that replaces it."),
    Section("goals", "Expected improvements in academic performance", "Goals", ("/goals",)),
    Section(
        "budget-figures",
        "Budget figures",
        "Budget figures",
        tuple(
            f"/levers/budget/{name}"
            for name in ("prior_year", "proposed_year", "revenues", "expenses", "totals",
                         "cost_savings")
        ),
    ),
    Section(
        "staffing-plan",
        "Staffing plan",
        "Staffing plan",
        ("/levers/staffing/positions", "/levers/staffing/total_fte", "/levers/staffing/total_cost"),
    ),
    Section(
        "calendar",
        "Calendar and bell schedules",
        "Calendar",
        tuple(
            f"/levers/schedule/{name}"
            for name in ("school_year", "first_day", "last_day", "instructional_days",
                         "deductions", "bell_schedules")
        ),
    ),
    Section("consent", "Evidence of consent", "Consent votes", ("/consent",)),
    Section("support", "Evidence of support", "Support", ("/support",)),
    Section("signatures", "Signatures", "Signatures", ("/signatories",)),
)  # fmt: skip

MA_PLAN_SECTIONS: tuple[Section, ...] = (
    Section("ma-prospectus", "Prospectus and screening committee", "Prospectus",
            ("/ma/school_type", "/ma/applicant", "/ma/prospectus", "/ma/screening"),
            "Who proposed the school, the prospectus the superintendent received, and the "
            "screening committee's decision (M.G.L. c.71 §92(f)-(h))."),
    Section("ma-autonomies", "Plan committee and areas of autonomy", "Areas of autonomy",
            ("/ma/plan_committee", "/ma/autonomies"),
            "The innovation plan committee, and each area of autonomy the plan uses with the "
            "union-contract, district-policy and state-law changes it needs (§92(b), (i))."),
    Section("ma-votes", "Teacher vote, School Committee and Commissioner", "Votes",
            ("/ma/teacher_vote", "/ma/cba_agreement", "/ma/school_committee",
             "/ma/commissioner_notice", "/ma/amendments"),
            "The teachers' vote, the School Committee's hearing and vote, and the notice to the "
            "Commissioner (§92(j)-(m), 603 CMR 48.04)."),
    Section("ma-evaluation", "Learning time, evaluation and funding", "Evaluation",
            ("/ma/learning_time", "/ma/evaluation", "/ma/evaluations", "/ma/funding")),
)  # fmt: skip

SOP_SECTIONS: tuple[Section, ...] = (
    Section("school", "School and year", "School",
            ("/school", "/school_year", "/submitted", "/rules"),
            "Who the school is, and the school year this operational plan is for."),
    Section("tlt", "Teacher Leadership Team", "Teacher Leadership Team",
            ("/teacher_leadership_team",),
            "The teachers their colleagues elected to write this plan with the principal, and "
            "how they were elected."),
    Section("vision", "Vision and needs", "Vision", ("/vision",)),
    Section("levers", "How the school uses its autonomy", "Levers", ("/levers",),
            "Lever by lever: what the school decides this year about its curriculum, staffing, "
            "schedule, budget, culture and professional development."),
    Section("goals", "Goals for the year", "Goals", ("/goals",),
            "Each goal measurable: where the school is now and where it commits to be."),
    Section("strategies", "Strategies", "Strategies", ("/strategies",),
            "What the school will do to reach each goal, with the lever it uses."),
    Section("working-conditions", "Educator Working Conditions", "Working conditions",
            ("/working_conditions",),
            "The school's working conditions for the year, each citing the article of the "
            "zone teacher contract that allows it."),
    Section("calendar", "Calendar and bell schedules", "Calendar", ("/calendar",),
            "Checked against the student learning time regulations (603 CMR 27.00)."),
    Section("budget", "Budget", "Budget", ("/budget",),
            "The school's budget for the year within its allocation from the zone."),
    Section("operator", "Outside operator", "Operator", ("/operator",),
            "Only for a school run by, or in partnership with, an outside nonprofit."),
    Section("exit", "Return to the district", "Return to the district", ("/exit",),
            "Only for a school that will leave the zone and return to the district."),
    Section("approvals", "Approvals", "Approvals", ("/approvals",),
            "The approvals of this plan, its working conditions, budget and operator contract."),
    Section("signatures", "Signatures", "Signatures", ("/signatories",)),
)  # fmt: skip

_ZONE_MA_SECTIONS: tuple[Section, ...] = (
    Section("ma-board", "Zone Board and approvals", "Zone Board and approvals",
            ("/ma/board", "/ma/approvals"),
            "To whom the zone board reports, and who approved this memorandum and when."),
    Section("ma-contract", "Zone teacher contract", "Zone teacher contract",
            ("/ma/zone_contract",),
            "The separate teacher contract for the zone's schools: its parties, term and votes."),
    Section("ma-cycle", "Yearly approvals and return of schools", "Yearly approvals",
            ("/ma/annual_cycle", "/ma/return_of_schools"),
            "When the zone board approves each school's operational plan, working conditions "
            "and budget, and how a school returns to the district."),
)  # fmt: skip

_HIDDEN = frozenset({"schema_version", "kind"})


def _with_rest(label: str, pointer: str, sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """`sections`, and one more section for each part of the mapping at `pointer` that none
    of them shows (so a part added to the schema is never left out of the editor)."""
    shown = {field for s in sections for field in s.fields}
    rest = []
    for name in property_order(label, pointer):
        field = f"{pointer}/{name}"
        if name in _HIDDEN or name == "jurisdiction" or any(covers(f, field) for f in shown):
            continue
        title = field_label(field)
        rest.append(Section(f"{pointer.strip('/')}-{name}".strip("-").replace("_", "-"), title,
                            title, (field,)))  # fmt: skip
    return (*sections, *rest)


@lru_cache(maxsize=4)
def zone_sections(massachusetts: bool = False) -> tuple[Section, ...]:
    """One section per top-level part of the zone schema; a Massachusetts empowerment zone's
    `ma:` terms in three sections (a Colorado zone has none)."""
    out = []
    for name in property_order("zone", ""):
        if name in _HIDDEN or name == "ma":
            continue
        label = field_label(f"/{name}")
        out.append(Section(name.replace("_", "-"), label, label, (f"/{name}",)))
    if massachusetts:  # before the signatures
        at = next((i for i, s in enumerate(out) if s.id == "signatories"), len(out))
        out[at:at] = _with_rest("zone", "/ma", _ZONE_MA_SECTIONS)
    return tuple(out)


@lru_cache(maxsize=2)
def plan_sections(massachusetts: bool = False) -> tuple[Section, ...]:
    """The sections of an innovation plan; a Massachusetts plan's `ma:` record after the goals."""
    if not massachusetts:
        return PLAN_SECTIONS
    at = [s.id for s in PLAN_SECTIONS].index("goals") + 1
    ma = _with_rest("plan", "/ma", MA_PLAN_SECTIONS)
    return (*PLAN_SECTIONS[:at], *ma, *PLAN_SECTIONS[at:])


@lru_cache(maxsize=1)
def sop_sections() -> tuple[Section, ...]:
    """The sections of a school operational plan (every part of its schema shown)."""
    return _with_rest("sop", "", SOP_SECTIONS)


def sections_for(label: str, data: Any = None) -> tuple[Section, ...]:
    """The sections of a plan (``plan``), school operational plan (``sop``) or zone
    (``zone``); `data`, the file's, says whether it is a Massachusetts one. A section whose
    every field is one the file's state does not have, and empty, is left out (a
    Massachusetts plan's Waivers and Consent votes: :func:`planforge.web.states.hidden`)."""
    from planforge.web.states import hidden

    if label == "sop":
        found = sop_sections()
    elif label == "zone":
        found = zone_sections(is_massachusetts(data))
    else:
        found = plan_sections(is_massachusetts(data))
    return tuple(s for s in found if not all(hidden(label, data, f) for f in s.fields))


def covers(prefix: str, pointer: str) -> bool:
    """True when `pointer` is `prefix` or inside it."""
    return pointer == prefix or pointer.startswith(prefix + "/")


def section_of(label: str, pointer: str, data: Any = None) -> str | None:
    """The id of the section showing `pointer` (most specific field first), or None."""
    best: tuple[int, str] | None = None
    for section in sections_for(label, data):
        for field in section.fields:
            if covers(field, pointer) and (best is None or len(field) > best[0]):
                best = (len(field), section.id)
    if best is not None:
        return best[1]
    for section in sections_for(label, data):
        if any(covers(pointer, field) for field in section.fields) and pointer:
            return section.id
    return None


def find(label: str, section_id: str, data: Any = None) -> Section | None:
    """A section by id."""
    return next((s for s in sections_for(label, data) if s.id == section_id), None)
