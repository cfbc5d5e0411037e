"""The editor's sections, in the order of the plan document, and which fields each shows.

A plan is edited one section at a time: the school, the mission, each lever's narrative,
the programs affected, the waivers, the goals, the budget figures, the staffing plan, the
calendar and bell schedules, the consent votes, support and signatures. A zone gets one
section per top-level part of its schema. Every finding is placed in the section that shows
its field (the most specific match wins).
"""

from __future__ import annotations

from dataclasses import dataclass

from planforge.domain.labels import LEVERS
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

_HIDDEN = frozenset({"schema_version", "kind"})


def zone_sections() -> tuple[Section, ...]:
    """One section per top-level part of the zone schema."""
    out = []
    for name in property_order("zone", ""):
        if name in _HIDDEN:
            continue
        label = field_label(f"/{name}")
        out.append(Section(name.replace("_", "-"), label, label, (f"/{name}",)))
    return tuple(out)


def sections_for(label: str) -> tuple[Section, ...]:
    """The sections of a plan (``plan``) or zone (``zone``)."""
    return PLAN_SECTIONS if label == "plan" else zone_sections()


def covers(prefix: str, pointer: str) -> bool:
    """True when `pointer` is `prefix` or inside it."""
    return pointer == prefix or pointer.startswith(prefix + "/")


def section_of(label: str, pointer: str) -> str | None:
    """The id of the section showing `pointer` (most specific field first), or None."""
    best: tuple[int, str] | None = None
    for section in sections_for(label):
        for field in section.fields:
            if covers(field, pointer) and (best is None or len(field) > best[0]):
                best = (len(field), section.id)
    if best is not None:
        return best[1]
    for section in sections_for(label):
        if any(covers(pointer, field) for field in section.fields) and pointer:
            return section.id
    return None


def find(label: str, section_id: str) -> Section | None:
    """A section by id."""
    return next((s for s in sections_for(label) if s.id == section_id), None)
