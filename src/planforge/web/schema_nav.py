"""The schema as the forms see it: the node at a pointer, labels, choices and typed values.

Labels are words for a principal or a parent, never YAML keys: ``replacement_policy`` is
"Replacement policy", ``/waivers/3/replacement_policy`` is "Waivers › Waiver 4 (w-inservice)
› Replacement policy". Help text comes from the schema's own descriptions (one source, as for
``planforge init`` and the field reference).
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from typing import Any

from planforge.authoring.schemawalk import Schema, item_schema, resolve
from planforge.domain.labels import (
    BODIES,
    ELECTION_METHODS,
    EZ_BODIES,
    EZ_ITEMS,
    EZ_LEVERS,
    LEVERS,
    MA_AREAS,
    PROGRAMS,
    RETURN_VEHICLES,
    SEAT_AUTHORITIES,
    SPENDING_CATEGORIES,
    WAIVER_KINDS,
    WAIVER_STATUS,
)
from planforge.inputs.loader import escape_pointer_token, resolve_plain
from planforge.inputs.schemas import KIND_LABEL, bundled_schema

# Massachusetts: a school operational plan (`sop`), and the `ma:` blocks of an innovation plan
# (M.G.L. c.71 §92) and of an empowerment zone. Context keys as in FIELD_LABELS.
MA_FIELD_LABELS: dict[str, str] = {
    "ma": "Massachusetts",
    # school operational plan
    "school.principal": "Principal",
    "teacher_leadership_team": "Teacher Leadership Team",
    "teacher_leadership_team.members": "Members",
    "teacher_leadership_team.members.role": "Teaches or represents",
    "teacher_leadership_team.members.elected": "Date elected",
    "teacher_leadership_team.members.chair": "Chair of the team",
    "teacher_leadership_team.election": "Election of the team",
    "election.date": "Date of the election",
    "election.eligible": "Teachers who could vote",
    "election.ballots_cast": "Ballots cast",
    "election.description": "How the election was run",
    "teacher_leadership_team.meetings": "How the team meets and consults the faculty",
    "levers.professional_development": EZ_LEVERS["professional_development"].word,
    "goals.statement": "The goal",
    "goals.target": "Target for the year",
    "goals.data_source": "Where the result comes from",
    "strategies": "Strategies",
    "strategies.goal": "Goal it serves (short id)",
    "strategies.lever": "Lever it uses",
    "strategies.action": "What will be done",
    "strategies.owner": "Who leads it",
    "strategies.timeline": "When",
    "working_conditions": "Educator Working Conditions",
    "working_conditions.contract": "Zone teacher contract",
    "working_conditions.items": "Working conditions",
    "items.topic": "Topic",
    "items.provision": "What the school sets",
    "items.contract_article": "Contract article that allows it",
    "calendar": "Calendar",
    "budget.allocation": "Allocation from the zone ($)",
    "budget.lines": "Budget lines",
    "lines.category": "Category",
    "lines.description": "What the money buys",
    "budget.signed": "Budget signed",
    "signed.principal": "Signed by the principal (date)",
    "signed.teacher_leadership_team": "Signed by the Teacher Leadership Team (date)",
    "operator": "Outside operator",
    "operator.name": "Operator's name",
    "operator.role": "What the operator does at the school",
    "operator.contract": "Contract name or number",
    "operator.zone_board_approval": "Approved by the Zone Board (date)",
    "operator.school_committee_approval": "Approved by the School Committee (date)",
    "exit": "Return to the district",
    "exit.return_date": "Date the school returns to the district",
    "exit.innovation_plan": "Innovation plan file (path)",
    "exit.description": "How the return is prepared",
    "approvals": "Approvals",
    "approvals.body": "Who approved",
    "approvals.item": "What was approved",
    "approvals.date": "Date",
    # innovation plan, `ma:` (M.G.L. c.71 §92, 603 CMR 48.00)
    "school_type": "Kind of innovation school",
    "applicant": "Applicant",
    "applicant.name": "Applicant or group",
    "applicant.category": "Kind of applicant",
    "prospectus": "Prospectus",
    "prospectus.received": "Date the superintendent received it",
    "prospectus.new_or_conversion": "New school, conversion or academy",
    "prospectus.location": "Proposed location (new school)",
    "prospectus.conversion_school": "School proposed for conversion",
    "prospectus.partners": "External partners",
    "prospectus.students": "Students to be served",
    "prospectus.staff": "Staff to be employed",
    "prospectus.vision": "Vision",
    "prospectus.needs": "Needs and challenges the school addresses",
    "prospectus.autonomies_sought": "Areas of autonomy sought",
    "prospectus.why_flexibility": "Why the flexibility is needed",
    "prospectus.plan_components": "Anticipated parts of the innovation plan",
    "prospectus.stakeholder_process": "How stakeholders take part",
    "prospectus.timetable": "Timetable",
    "prospectus.impact_statement": "Impact statement (new school)",
    "screening": "Screening committee",
    "screening.convened": "Date the superintendent convened it",
    "screening.members": "Members",
    "screening.members.role": "Serves as",
    "screening.members.designee": "A designee serves",
    "decisions": "Decisions",
    "decisions.date": "Date of the decision",
    "decisions.outcome": "Decision",
    "revision_received": "Revised prospectus received (date)",
    "plan_committee": "Innovation plan committee",
    "plan_committee.role": "Role on the committee",
    "ma.autonomies": "Areas of autonomy",
    "autonomies.area": "Area of autonomy (§92(b))",
    "autonomies.lever": "Lever whose section describes it",
    "autonomies.narrative": "How the school will use it",
    "cba_changes": "Union-contract changes",
    "cba_changes.article": "Contract article",
    "cba_changes.type": "Waiver or modification",
    "cba_changes.description": "What changes",
    "cba_changes.new": "New in this renewal or amendment",
    "district_policy_changes": "District policy changes",
    "district_policy_changes.policy": "District policy",
    "district_policy_changes.change": "What changes",
    "state_law_conflicts": "Possible conflicts with state law",
    "state_law_conflicts.citation": "Statute or regulation",
    "state_law_conflicts.provision": "The plan's provision",
    "state_law_conflicts.requested": "Date asked of the Commissioner",
    "state_law_conflicts.status": "Commissioner's answer",
    "state_law_conflicts.decided": "Date of the answer",
    "state_law_conflicts.reference": "Commissioner's letter or reference",
    "teacher_vote": "Teacher vote",
    "teacher_vote.date": "Date of the vote",
    "teacher_vote.eligible": "Teachers eligible to vote",
    "teacher_vote.process": "How the vote was run",
    "cba_agreement": "Union-contract agreement (new school)",
    "cba_agreement.date": "Date signed",
    "cba_agreement.parties": "Who signed",
    "ma.school_committee": "School Committee",
    "school_committee.received": "Date the School Committee received the plan",
    "school_committee.hearings": "Public hearings",
    "school_committee.vote": "Final vote",
    "members_full": "Members of the full committee",
    "commissioner_notice": "Notice to the Commissioner",
    "commissioner_notice.date": "Date sent",
    "plan_attached": "Copy of the plan attached",
    "learning_time": "Student learning time",
    "scheduled_days": "Days the School Committee schedules",
    "learning_time.commissioner_approval": "Commissioner's approval or 603 CMR 27.06 waiver",
    "ma.evaluation": "Yearly evaluation",
    "evaluation.by": "Evaluated by",
    "evaluation.due": "Due each year",
    "evaluation.reported_to": "Reported to",
    "evaluations": "Evaluations so far",
    "evaluations.submitted": "Date submitted",
    "evaluations.summary": "Findings",
    "amendments": "Amendments",
    "amendments.date": "Date proposed",
    "amendments.summary": "What changes",
    "major_autonomy": "Affects a major autonomy",
    "cba_change": "Changes a union-contract provision",
    "school_committee_vote": "School Committee vote",
    "ma.funding": "Funding",
    "per_pupil_parity": "Same per-pupil allocation as other district schools",
    "carryover": "Unused funds carry over",
    # empowerment zone, `ma:`
    "ma.board": "Zone Board",
    "board.reports_to": "Reports to",
    "board.character": "The board's legal character",
    "ma.approvals": "Approvals of this memorandum",
    "approvals.school_committee": "School Committee",
    "approvals.commissioner": "Commissioner",
    "approvals.zone_board": "Zone Board",
    "zone_contract": "Zone teacher contract",
    "zone_contract.name": "Name of the contract",
    "zone_contract.parties": "Parties",
    "zone_contract.term": "Contract term",
    "zone_contract.term.start": "First day of the contract",
    "zone_contract.term.end": "Last day of the contract",
    "ratification": "Teachers' ratification vote",
    "zone_board_approval": "Zone Board approval",
    "school_committee_approval": "School Committee approval",
    "zone_contract.summary": "What the contract changes",
    "annual_cycle": "Yearly approvals",
    "annual_cycle.item": "What is approved",
    "annual_cycle.approved_by": "Approved by",
    "annual_cycle.month": "Month",
    "annual_cycle.description": "What is submitted and how it is reviewed",
    "return_of_schools": "Return of schools to the district",
    "vehicle": "How a school returns",
    "return_of_schools.process": "Steps and dates",
    "autonomies.professional_development": EZ_LEVERS["professional_development"].word,
}

# Field names whose plain humanised form would read oddly; "parent.name" keys win over "name"
# (and "grandparent.parent.name" over both).
FIELD_LABELS: dict[str, str] = {
    "cde_code": "CDE school code",
    "fte": "FTE (full-time equivalents)",
    "total_fte": "Total FTE",
    "sac_name": "Name of the School Accountability Committee",
    "why_innovation": "Why innovation status would help",
    "how_intent_is_met": "How the intent of the provision is still met",
    "replacement_policy": "Replacement policy (what the school will do instead)",
    "policy_version": "Version of the policy waived (date)",
    "votes_for": "Votes for",
    "votes_against": "Votes against",
    "eligible": "Eligible to vote",
    "body": "Who voted",
    "method": "How the vote was taken",
    "prior": "Prior year ($)",
    "proposed": "Proposed ($)",
    "prior_year": "Prior school year",
    "proposed_year": "Proposed school year",
    "cost": "Yearly cost ($)",
    "amount": "Amount ($)",
    "total_cost": "Total staffing cost ($)",
    "revenue_prior": "Total revenue, prior year ($)",
    "revenue_proposed": "Total revenue, proposed ($)",
    "expense_prior": "Total spending, prior year ($)",
    "expense_proposed": "Total spending, proposed ($)",
    "personnel": "Salaries and benefits line",
    "licensed": "Needs a license",
    "review_cadence_years": "Review every (years)",
    "instructional_days": "Instructional days",
    "inservice": "Staff in-service (hours)",
    "conferences": "Parent-teacher conferences (hours)",
    "closures": "Closures for health and safety (hours)",
    "current_practice": "Current practice",
    "innovations": "Innovations",
    "levers": "Levers",
    "waivers": "Waivers",
    "rules": "Rule packs",
    "action": "Type of plan",
    "submitted": "Date submitted to the board",
    "prior_plan_approved": "Date the current plan was approved",
    "term": "Plan term",
    "term.start": "First day of the plan",
    "term.end": "Last day of the plan",
    "start": "Start",
    "end": "End",
    "blocks.start": "Start time",
    "blocks.end": "End time",
    "blocks.type": "Counts as",
    "bell_schedules.days": "Days a year on this timetable",
    "school.status": "Existing or new school",
    "school.name": "School name",
    "leader": "School leader",
    "leader.name": "Name",
    "contact": "Contact for the plan",
    "affected_programs": "Programs and documents affected",
    "affected_programs.type": "Kind of program or document",
    "affected_programs.change": "How the plan changes it",
    "support": "Statements of support",
    "support.group": "Whose support",
    "consent": "Consent votes",
    "signatories": "Signatures",
    "funding_source": "Funding source",
    "school_year": "School year",
    "first_day": "First day for students",
    "last_day": "Last day for students",
    "bell_schedules": "Bell schedules",
    "cost_savings": "Cost savings",
    "totals": "Stated totals",
    "deductions": "Hours deducted from instructional time",
    "goals": "Goals",
    "metric": "What is measured",
    "group": "Students",
    "baseline": "Baseline",
    "targets": "Yearly targets",
    "citation": "Citation",
    "kind": "Kind",
    "waivers.kind": "What is waived",
    "waivers.levers": "Levers it serves",
    "waivers.status": "Status in this renewal",
    "waivers.id": "Short id",
    "goals.id": "Short id",
    "agreement": "Agreement (for a union-contract waiver)",
    "title": "Title",
    "description": "Description",
    "rationale": "Rationale",
    "assessments": "Additional assessments",
    "family_engagement": "Family engagement",
    "governance": "Governance",
    "statement": "Mission statement",
    "vision": "Vision",
    "positions": "Positions",
    "revenues": "Revenue",
    "expenses": "Spending",
    "category": "Category",
    "source": "Source",
    "note": "Note",
    "evidence": "Evidence",
    "summary": "Summary",
    "party": "Signs for",
    "phone": "Phone",
    "email": "Email",
    "address": "Street address",
    "enrollment": "Enrollment (students)",
    "grades": "Grades served",
    "district": "District",
    "zone": "Zone",
    "program": "Program (which minimum applies)",
    "abstentions": "Abstentions",
    "notes": "Notes",
    "unit": "Unit",
    "value": "Value",
    "year": "School year",
    "bell_schedules.term": "Part of the year (term)",
    "bell_schedules.grade_band": "Grade band",
    "seats.count": "Number of seats",
    "seats.authority": "Who appoints (authority)",
    "seats.chair": "The chair is one of these seats",
    "seats.designee": "The office holder may send a designee",
    "seats.voting": "Voting seats",
    "services.category": "Kind of service",
    "services.mode": "Required or optional",
    "services.price": "Price ($)",
    **MA_FIELD_LABELS,
}

# What one item of a list is called ("Add a waiver", "Waiver 3").
ITEM_WORDS: dict[str, str] = {
    "waivers": "waiver",
    "goals": "goal",
    "consent": "vote",
    "support": "statement of support",
    "positions": "position",
    "bell_schedules": "bell schedule",
    "blocks": "block",
    "revenues": "revenue line",
    "expenses": "spending line",
    "innovations": "innovation",
    "affected_programs": "program or document",
    "signatories": "signer",
    "targets": "target",
    "assessments": "assessment",
    "rules": "rule pack",
    "parties": "party",
    "schools": "school",
    "recitals": "recital",
    "authority": "authority",
    "seats": "seat",
    "services": "service",
    "members": "member",
    "decisions": "decision",
    "plan_committee": "member",
    "autonomies": "area of autonomy",
    "autonomies_sought": "area",
    "cba_changes": "union-contract change",
    "district_policy_changes": "district policy change",
    "state_law_conflicts": "possible conflict",
    "hearings": "hearing",
    "reported_to": "recipient",
    "reports_to": "office",
    "evaluations": "evaluation",
    "amendments": "amendment",
    "strategies": "strategy",
    "items": "working condition",
    "lines": "budget line",
    "approvals": "approval",
    "annual_cycle": "yearly approval",
}
_TITLE_KEYS: tuple[str, ...] = ("id", "title", "name", "citation", "metric", "category")
_TITLE_KEYS += ("source", "body", "group", "party", "year", "role", "topic", "area", "article")
_TITLE_KEYS += ("policy", "item", "goal", "date")

_AREAS = MA_AREAS
"""The areas of autonomy of M.G.L. c.71 §92(b)."""
_SCHOOL_TYPES = {
    "new": "New school",
    "conversion": "Conversion of an existing school",
    "academy": "Academy inside an existing school",
}
_EZ_ITEMS = {k: item.word for k, item in EZ_ITEMS.items()}
MA_OPTION_LABELS: dict[str, dict[str, str]] = {
    "jurisdiction": {"CO": "Colorado", "MA": "Massachusetts"},
    "autonomies.area": _AREAS,
    "prospectus.autonomies_sought": _AREAS,
    "school_type": _SCHOOL_TYPES,
    "prospectus.new_or_conversion": _SCHOOL_TYPES,
    "applicant.category": {
        "teachers": "Teachers",
        "administrators": "Administrators",
        "superintendent": "Superintendent",
        "union": "Local teachers' union",
        "school_committee": "School Committee",
        "parents": "Parents",
        "parent_teacher_organization": "Parent-teacher organization",
        "college": "College or university",
        "nonprofit": "Nonprofit organization",
        "charter_operator": "Charter school operator",
        "management_organization": "Education management organization",
        "collaborative": "Educational collaborative",
        "consortium": "Consortium of these",
        "other_authorized": "Other applicant the statute allows",
    },
    "screening.members.role": {
        "superintendent": "Superintendent (or designee)",
        "school_committee": "School Committee member (or designee)",
        "union": "Local teachers' union leader",
    },
    "decisions.outcome": {
        "accept": "Accepted",
        "reject": "Rejected",
        "return": "Returned for revision",
    },
    "plan_committee.role": {
        "applicant": "Applicant",
        "teacher": "Teacher",
        "parent": "Parent",
        "principal": "Principal",
        "school_committee": "School Committee member",
        "superintendent": "Superintendent",
        "union": "Union representative",
        "community": "Community member",
        "other": "Other",
    },
    "cba_changes.type": {"waiver": "Waiver", "modification": "Modification"},
    "state_law_conflicts.status": {
        "requested": "Requested from the Commissioner",
        "approved": "Approved by the Commissioner",
        "denied": "Denied by the Commissioner",
    },
    "approvals.body": EZ_BODIES,
    "approved_by": EZ_BODIES,
    "approvals.item": _EZ_ITEMS,
    "annual_cycle.item": _EZ_ITEMS,
    "vehicle": {k: vehicle.word for k, vehicle in RETURN_VEHICLES.items()},
    "seats.authority": {k: authority.label for k, authority in SEAT_AUTHORITIES.items()},
    "lines.category": SPENDING_CATEGORIES,
    "services.category": SPENDING_CATEGORIES,
    "services.mode": {"non_optional": "Required (non-optional)", "optional": "Optional"},
    "services.unit": {
        "per_pupil": "Per pupil",
        "per_school": "Per school",
        "per_fte": "Per FTE (full-time equivalent)",
        "flat": "Flat fee",
    },
}

OPTION_LABELS: dict[str, dict[str, str]] = {
    "body": BODIES,
    "program": {k: p.label for k, p in PROGRAMS.items()},
    "levers": {k: lever.word for k, lever in LEVERS.items()},
    "lever": {k: lever.word for k, lever in EZ_LEVERS.items()},
    "waivers.kind": {k: w.label for k, w in WAIVER_KINDS.items()},
    "waivers.status": WAIVER_STATUS,
    "action": {"initial": "Initial plan", "renewal": "Renewal", "revision": "Revision"},
    "school.status": {"existing": "Existing school", "new": "New school (not yet open)"},
    "method": {
        **{k: method.word for k, method in ELECTION_METHODS.items()},
        "show_of_hands": "Show of hands",
        "signatures": "Signatures",
        "electronic_ballot": "Electronic ballot",
        "committee_vote": "Committee vote",
    },
    **MA_OPTION_LABELS,
}


def humanize(name: str) -> str:
    """`why_innovation` -> `Why innovation`."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _context_names(pointer: str) -> tuple[str, str]:
    """(parent field name, own name) of a pointer, skipping list indexes."""
    tokens = [t for t in pointer.split("/")[1:] if not t.isdigit()]
    own = tokens[-1] if tokens else ""
    parent = tokens[-2] if len(tokens) > 1 else ""
    return parent, own


def _context_keys(pointer: str) -> list[str]:
    """The keys a label table is searched by, most specific first: `seats.authority` for
    `/governance/seats/0/authority`, after `governance.seats.authority`, before `authority`."""
    tokens = [t for t in pointer.split("/")[1:] if not t.isdigit()]
    return [".".join(tokens[-n:]) for n in (3, 2, 1) if len(tokens) >= n]


def field_label(pointer: str) -> str:
    """The label of the field at `pointer` (by its own name, in the context of its parents)."""
    for key in _context_keys(pointer):
        if key in FIELD_LABELS:
            return FIELD_LABELS[key]
    return humanize(_context_names(pointer)[1])


def option_table(pointer: str) -> dict[str, str]:
    """The words for the choices of the field at `pointer` (empty when it has none of its
    own: each choice is then shown humanised)."""
    for key in _context_keys(pointer):
        if key in OPTION_LABELS:
            return OPTION_LABELS[key]
    return {}


def option_label(pointer: str, value: Any) -> str:
    """The words shown for one allowed value of a choice field."""
    return option_table(pointer).get(str(value)) or humanize(str(value))


def item_word(list_pointer: str) -> str:
    """`waiver` for /waivers; a humanised singular for other lists."""
    own = _context_names(list_pointer)[1]
    if own in ITEM_WORDS:
        return ITEM_WORDS[own]
    word = field_label(list_pointer).lower()
    return word[:-1] if word.endswith("s") else "item"


def item_title(item: Any, list_pointer: str = "") -> str:
    """A short name for one list item: its id, title or name (first found); a code from a
    list of choices by its words (`School schedule and calendar`, not `schedule_calendar`)."""
    if isinstance(item, dict):
        for key in _TITLE_KEYS:
            value = item.get(key)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                if list_pointer and isinstance(value, str):
                    value = option_table(f"{list_pointer}/0/{key}").get(value, value)
                text = " ".join(str(value).split())
                if text:
                    return text if len(text) <= 60 else text[:57] + "…"
    elif isinstance(item, str) and item.strip():
        if list_pointer:
            item = option_table(list_pointer).get(item, item)
        text = " ".join(item.split())
        return text if len(text) <= 60 else text[:57] + "…"
    return ""


def item_label(list_pointer: str, index: int, item: Any) -> str:
    """`Waiver 4 (w-inservice)`."""
    title = item_title(item, list_pointer)
    word = item_word(list_pointer)
    head = f"{word[:1].upper()}{word[1:]} {index + 1}"
    return f"{head} ({title})" if title else head


def get_at(data: Any, pointer: str) -> Any:
    """The value at a pointer, or None (the one definition is in planforge.domain.pointers)."""
    from planforge.domain.pointers import value_at

    return value_at(data, pointer)


def describe(pointer: str, data: Any, *, top: str | None = None) -> str:
    """`Waivers › Waiver 4 (w-inservice) › Replacement policy` for a finding's pointer."""
    if not pointer:
        return top or "The whole file"
    parts: list[str] = []
    tokens = pointer.split("/")[1:]
    current = ""
    for token in tokens:
        parent = current
        current = f"{current}/{token}"
        if token.isdigit():
            parts.append(item_label(parent, int(token), get_at(data, current)))
        elif parent == "/levers" and token in LEVERS:
            parts.append(LEVERS[token].word)
        elif not (current == "/levers" and len(tokens) > 1):
            parts.append(field_label(current))
    return " › ".join(parts)


# -- schema lookups ------------------------------------------------------------------------


@lru_cache(maxsize=8)
def root_schema(label: str) -> Schema:
    """The resolved top-level schema of `plan` or `zone`."""
    root = bundled_schema(label)
    return resolve(root, root)


@lru_cache(maxsize=4096)
def _node_cached(label: str, pointer: str) -> Schema | None:
    raw = bundled_schema(label)
    node: Schema | None = root_schema(label)
    for token in pointer.split("/")[1:] if pointer else []:
        if node is None:
            return None
        token = token.replace("~1", "/").replace("~0", "~")
        props = node.get("properties")
        if isinstance(props, dict) and token in props:
            node = resolve(props[token], raw)
        elif node.get("type") == "array" and token.isdigit():
            node = item_schema(node, raw)
        else:
            return None
    return node


def schema_at(label: str, pointer: str) -> Schema | None:
    """The resolved schema of the value at `pointer` (list indexes generalised), or None."""
    generic = re.sub(r"/\d+(?=/|$)", "/0", pointer)
    return _node_cached(label, generic)


def property_order(label: str, pointer: str) -> list[str]:
    """The keys of the mapping at `pointer`, in schema order."""
    node = schema_at(label, pointer)
    props = node.get("properties") if node else None
    return list(props) if isinstance(props, dict) else []


def is_required(label: str, pointer: str) -> bool:
    """Whether the field at `pointer` is required in its parent mapping."""
    if not pointer:
        return True
    parent, _, own = pointer.rpartition("/")
    node = schema_at(label, parent)
    return node is not None and own.replace("~1", "/").replace("~0", "~") in node.get(
        "required", []
    )


def pointer_for(*tokens: str | int) -> str:
    """A JSON Pointer from tokens."""
    return "".join("/" + escape_pointer_token(t) for t in tokens)


# -- typed values from form text ---------------------------------------------------------------

_INT = re.compile(r"[-+]?\d+")
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


class Clear:
    """Marker: the field was emptied (remove it when optional)."""


CLEAR = Clear()


def typed_value(schema: Schema | None, raw: str) -> Any:
    """The value to write for what was typed into a field (CLEAR when it was emptied).

    Numbers become numbers only when they read as one; anything else stays the text typed,
    so nothing typed is lost and the schema says what is wrong beside the field.
    """
    kind = (schema or {}).get("type")
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if text.strip() == "":
        return CLEAR
    if kind in ("integer", "number"):
        stripped = text.strip()
        if _INT.fullmatch(stripped):
            return int(stripped)
        if kind == "number" and _NUMBER.fullmatch(stripped):
            value = float(stripped)
            return value if value == value and value not in (float("inf"), float("-inf")) else text
        return stripped
    if kind == "boolean":
        lowered = text.strip().lower()
        if lowered in ("true", "yes"):
            return True
        if lowered in ("false", "no"):
            return False
        return text
    return text


def normalise_text(schema: Schema | None, old: Any, value: str) -> str:
    """Tidy text typed into a field: trailing spaces, and the final line break of prose."""
    if "\n" not in value:
        value = value.strip()
        if isinstance(old, str) and old.endswith("\n") and value:
            return value + "\n"
        return value
    lines = [line.rstrip() for line in value.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines) + "\n" if lines else ""


def display_value(value: Any, raw: str | None = None) -> str:
    """The text put in a form field for a value (numbers as typed in the file)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return raw if raw is not None and resolve_plain(raw) == value else str(value)
    return str(value)


def is_iso_date(value: Any) -> bool:
    """True for a real calendar date written YYYY-MM-DD (a date input can show it)."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=1)
def all_names() -> frozenset[str]:
    """Every field name of the schemas (to recognise them in messages)."""
    from planforge.authoring.schemawalk import iter_fields

    return frozenset(f.name for label in KIND_LABEL.values() for f in iter_fields(label))


FIELD_HELP = {
    r"/levers/[a-z_]+/waivers": "Tick each waiver this lever relies on. Waivers are listed "
    "and explained in the Waivers section.",
}
"""Help of its own for a field (the rule packs' help is the file's state's:
:func:`planforge.web.states.rules_help`)."""
_QUOTE_ADVICE = re.compile(
    r"(,\s*(HH:MM\s+)?in quotes(?=\.))|(\s*(Write it in quotes[^.]*|Quote it[^.]*|Write \"[^\"]*\" in quotes)\.)"
)
_EMPTY_LIST = re.compile(r"\s*Use an empty list \(\[\]\) if none\.")


def form_help(text: str, pointer: str = "", options: list[Any] | None = None) -> str:
    """A schema description for a form: no advice about YAML quoting or list syntax, keys in
    backticks as labels, allowed values by their labels."""
    from planforge.web.findings import humanize

    text = _EMPTY_LIST.sub("", _QUOTE_ADVICE.sub("", text)).replace(
        "a cba waiver", "a union-contract waiver"
    )
    text = text.replace("Start time.", "Start time.").replace("HH:MM", "").strip()
    text = humanize(text, None, all_names())
    for pattern, replacement in FIELD_HELP.items():
        if re.fullmatch(pattern, pointer):
            return replacement
    for value in options or []:
        if isinstance(value, str) and value in text:
            words = option_label(pointer, value)
            text = re.sub(rf"\b{re.escape(value)}\b", words, text, count=1)
            # `School operational plan (school operational plan)`: the gloss says it again
            same = rf"{re.escape(words)} \((the |this )?{re.escape(words)}\)"
            text = re.sub(same, words, text, count=1, flags=re.IGNORECASE)
            same = rf"{re.escape(words)} \({re.escape(words)}, "  # `Colorado (Colorado, the …`
            text = re.sub(same, f"{words} (", text, count=1, flags=re.IGNORECASE)
            # `Massachusetts: Massachusetts law applies.`: the value, then its own words
            text = re.sub(rf"^{re.escape(words)}: (?={re.escape(words)}\b)", "", text, count=1)
    return re.sub(r"\s{2,}", " ", text).replace(" ,", ",").replace(" .", ".").strip()
