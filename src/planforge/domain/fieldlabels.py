"""Fields as a reader names them: "Waiver 4 (C.R.S. 22-32-109(1)(n)(I)) — replacement policy".

A school team finds a field by its line in the YAML file; a board member reading the review
memo has no file, only the plan. So every place that names a field for a reader (the memo,
the review rules' messages, the starter's placeholders) uses :func:`field_label`: the
section or numbered item as the plan shows it, then the field in words, never a YAML path
(`waivers[4].replacement_policy`). List items count from 1 in the order the plan lists them,
and carry their name (a waiver its citation, a goal its metric, a budget line its source) so
they can be found in a plan whose tables group them differently.

    /waivers/3/replacement_policy        Waiver 4 (C.R.S. 22-32-109(1)(n)(I)) — replacement policy
    /levers/budget/revenues/1/proposed   Budget: revenue line 2 (Title I, Part A) — proposed amount
    /consent/1/votes_for                 Teachers' vote — votes for
    /goals/2/targets/1/value             Goal 3 (CMAS ELA percent meeting) — target for 2027-28

A Massachusetts document (a school operational plan, the `ma:` block of a zone or plan, a
Massachusetts zone's board seats) is named in its own words, each part after a dash; a
numbered item that stands on its own starts the label:

    /budget/lines/1/amount                      Budget line 2 (Extended learning time) — amount
    /approvals/2/date                           Approval 3 (Zone Board, school operational plan) — date
    /ma/zone_contract/ratification/votes_for    Zone teacher contract — ratification vote — votes for

:func:`plain_message` does the same for the field names a message quotes in backticks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from planforge.domain.catalog import display, normalize
from planforge.domain.labels import (
    COMMISSIONER,
    EZ_BODIES,
    EZ_ITEMS,
    EZ_LEVERS,
    MA_AREAS,
    SCHOOL_COMMITTEE,
    SEAT_AUTHORITIES,
    SPENDING_CATEGORIES,
    TLT,
    ZONE_BOARD,
    body_label,
    in_sentence,
    is_massachusetts,
    lever_word,
)

DOCUMENT = "The document"
DASH = "—"

SECTIONS = {
    "schema_version": "Format version", "kind": "Document kind", "rules": "Rule packs",
    "action": "Action", "submitted": "Submission date",
    "prior_plan_approved": "Approval date of the current plan", "term": "Term",
    "school": "School", "mission": "Mission", "affected_programs": "Affected programs",
    "waivers": "Waivers", "goals": "Goals", "consent": "Consent votes",
    "support": "Statements of support", "signatories": "Signatures", "zone": "Zone",
    "parties": "Parties", "authority": "Legal authority", "schools": "Member schools",
    "governance": "Governing board", "services": "District services",
    "human_resources": "Human resources", "levers": "Levers", "renewal": "Renewal",
    "board_resolution": "Board resolution", "jurisdiction": "Jurisdiction",
}  # fmt: skip
"""Top-level keys: the section of the plan (or zone agreement) they fill."""
ITEMS = {
    "rules": "pack", "assessments": "assessment", "innovations": "innovation",
    "positions": "position", "bell_schedules": "bell schedule", "blocks": "block",
    "revenues": "revenue line", "expenses": "expense line",
    "affected_programs": "affected program",
    "waivers": "waiver", "levers": "lever", "goals": "goal", "targets": "target",
    "results": "result", "consent": "vote", "support": "statement of support", "signatories": "signatory",
    "parties": "party", "authority": "citation", "recitals": "recital",
    "schools": "member school", "seats": "seat group", "retained_services": "retained service",
    "services": "service", "interventions": "intervention", "steps": "step",
    "grounds": "ground", "spf_ratings": "rating",
}  # fmt: skip
"""The word for one item of a list, by the list's key."""
FIELDS = {
    "cde_code": "CDE school code", "fte": "FTE", "cost": "yearly cost",
    "total_fte": "stated total FTE", "total_cost": "stated total staffing cost",
    "prior": "prior-year amount", "proposed": "proposed amount",
    "revenue_prior": "stated prior-year revenue total",
    "revenue_proposed": "stated proposed revenue total",
    "expense_prior": "stated prior-year expense total",
    "expense_proposed": "stated proposed expense total", "first_day": "first day of school",
    "last_day": "last day of school", "days": "days a year", "conferences": "conference hours",
    "inservice": "in-service hours", "closures": "closure hours",
    "prior_year": "prior budget year", "proposed_year": "proposed budget year",
    "amount": "estimated savings", "policy_version": "version date of the waived policy",
    "eligible": "number eligible", "votes_for": "votes for", "votes_against": "votes against",
    "review_cadence_years": "review cadence in years", "year": "school year",
    "party": "organisation", "established": "date established", "joined": "date joined",
    "count": "number of seats", "size": "board size", "term_years": "members' term in years",
    "pass_through_percent": "pass-through percentage", "zone_fee_percent": "zone fee percentage",
    "notice_days": "notice period in days", "plan": "plan file", "why_innovation": "why innovation",
    "how_intent_is_met": "how the intent is met", "sac_name": "name of the SAC",
    "legal_name": "legal name", "board_name": "board name",
    "english_learners": "English learners", "id": "id", "spf_ratings": "performance ratings",
    "accountability_clock": "accountability clock", "instructional_days": "instructional days",
    "funding_source": "funding source", "current_practice": "current practice",
    "cost_savings": "cost savings", "personnel": "personnel line",
}  # fmt: skip
"""A field in words, where its key with spaces for underscores would not do."""
_IN_CONTEXT = {
    ("term", "start"): "first day", ("term", "end"): "last day",
    ("blocks", "start"): "start time", ("blocks", "end"): "end time",
    ("targets", "value"): "", ("results", "value"): "", ("waivers", "status"): "renewal status",
}  # fmt: skip
"""A key whose words depend on the nearest named container ("" leaves it out)."""
_SILENT = frozenset({"totals"})
"""Containers that add nothing to a label (`Budget — stated proposed expense total`)."""
_SILENT_LEAVES = frozenset({"id"})
"""Keys of a list item that name the item itself: `Waiver 6 (GBEBA)`, not `… — id`."""
_NAME_KEYS = ("name", "title", "metric", "source", "category", "party", "group", "appointed_by",
              "short_name", "role", "year", "id")  # fmt: skip
_YEAR_ITEMS = frozenset({"targets", "results", "spf_ratings"})
_CLIP = 40
_TODO = re.compile(r"(?<![A-Za-z0-9])TODO(?![A-Za-z0-9])")


def field_label(data: Any, pointer: str) -> str:
    """A JSON Pointer as a reader names the field (see the module docstring).

    ``data`` is the document, for the names of list items (None leaves them out).
    """
    tokens = [_unescape(t) for t in pointer.split("/")[1:]] if pointer else []
    if not tokens:
        return DOCUMENT
    if _massachusetts_field(data, tokens):
        return _ma_label(data, tokens)
    head, at = _head(data, tokens)
    parts: list[str] = []
    for index in range(at, len(tokens)):
        token = tokens[index]
        parent = _context(tokens, index)
        if token.isdigit():
            parts.append(_item(data, tokens, index))
        elif _left_out(tokens, index):
            continue
        else:
            word = _IN_CONTEXT.get((parent, token))
            if word is None:
                word = field_word(token)
            if word:
                parts.append(word)
    if not parts:
        return head
    if len(parts) == 1:
        return f"{head} {DASH} {parts[0]}"
    return f"{head}: {', '.join(parts[:-1])} {DASH} {parts[-1]}"


def _left_out(tokens: list[str], index: int) -> bool:
    """Keys a label leaves out: a list's own name (`revenue line 2`, not `revenues, revenue
    line 2`), a container that adds nothing (`totals`), an item's `id` (the item is named)."""
    token, last = tokens[index], index + 1 == len(tokens)
    if not last and (tokens[index + 1].isdigit() or token in _SILENT):
        return True
    return last and token in _SILENT_LEAVES and tokens[index - 1].isdigit()


def field_word(key: str) -> str:
    """One key in words: `how_intent_is_met` -> `how the intent is met`."""
    return FIELDS.get(key) or key.replace("_", " ")


def waiver_label(index: int, waiver: Any, *, title: bool = False) -> str:
    """`Waiver 4 (C.R.S. 22-32-109(1)(n)(I))`: its place in the plan's list and its citation
    (with `title`, also its title: `Waiver 9 (C.R.S. 22-1-112, School year - national holidays)`)."""
    names: list[str] = []
    if isinstance(waiver, Mapping):
        citation = waiver.get("citation")
        if isinstance(citation, str) and citation.strip():
            names.append(display(normalize(citation, str(waiver.get("kind", "")))))
        heading = waiver.get("title")
        if (title or not names) and isinstance(heading, str) and heading.strip():
            names.append(" ".join(heading.split()))
    return f"Waiver {index + 1}" + (f" ({', '.join(names)})" if names else "")


def goal_label(index: int, goal: Any) -> str:
    """`Goal 3 (CMAS ELA percent meeting or exceeding)`."""
    name = _name_of("goals", goal)
    return f"Goal {index + 1}" + (f" ({name})" if name else "")


def vote_label(index: int, vote: Any, sac_name: str = "") -> str:
    """`Teachers' vote`, `School Accountability Committee vote` (`Vote 2` without a body)."""
    body = vote.get("body") if isinstance(vote, Mapping) else None
    if not isinstance(body, str) or not body:
        return f"Vote {index + 1}"
    label = body_label(body, sac_name)
    return f"{label}' vote" if label.endswith("s") else f"{label} vote"


# -- parts --------------------------------------------------------------------------------


def _head(data: Any, tokens: list[str]) -> tuple[str, int]:
    """(the section or top-level item a field is in, index of the first token after it)."""
    first = tokens[0]
    if first == "levers" and len(tokens) > 1 and not tokens[1].isdigit():
        return lever_word(tokens[1]), 2
    if len(tokens) > 1 and tokens[1].isdigit():
        item = _resolve(data, tokens[:2])
        index = int(tokens[1])
        if first == "waivers":
            return waiver_label(index, item), 2
        if first == "goals":
            return goal_label(index, item), 2
        if first == "consent":
            return vote_label(index, item, _sac_name(data)), 2
        item_label = _item(data, tokens, 1)
        # A Massachusetts item keeps its name as written (`Party 1 (Harlow Falls School
        # Committee)`); the Colorado labels lower-case it, as they always have.
        return _upper_first(item_label) if _is_massachusetts(data) else item_label.capitalize(), 2
    return SECTIONS.get(first) or field_word(first).capitalize(), 1


def _item(data: Any, tokens: list[str], index: int) -> str:
    """`revenue line 2 (Title I, Part A)`; `target for 2027-28`; `school responsibility 1`."""
    parent = tokens[index - 1] if index else ""
    item = _resolve(data, tokens[: index + 1])
    number = int(tokens[index]) + 1
    year = item.get("year") if isinstance(item, Mapping) else None
    if parent in _YEAR_ITEMS and isinstance(year, str) and year.strip():
        return f"{ITEMS[parent]} for {year.strip()}"
    if index >= 2 and tokens[index - 2] == "roles":  # /roles/schools/0
        return f"{field_word(parent).removesuffix('s')} responsibility {number}"
    if index >= 3 and tokens[index - 3] == "levers" and parent == "waivers":
        word = "lever's waiver"
    else:
        word = ITEMS.get(parent, "item")
    name = _name_of(parent, item)
    return f"{word} {number}" + (f" ({name})" if name else "")


def _name_of(parent: str, item: Any, clip: int = _CLIP) -> str:
    if isinstance(item, str) and item.strip() and not _TODO.search(item):
        return _clip(item, clip)
    if not isinstance(item, Mapping):
        return ""
    if parent == "consent" and isinstance(item.get("body"), str):
        return body_label(item["body"])
    for key in _NAME_KEYS:
        value = item.get(key)
        if isinstance(value, str) and value.strip() and not _TODO.search(value):
            return _clip(value, clip)
    return ""


def _clip(text: str, limit: int = _CLIP) -> str:
    """At most about `limit` characters (40 unless told), cut at a word: `PSAT 9
    evidence-based reading and…`."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    head = cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut
    return head.rstrip(" ,;:-–—") + "…"


def _upper_first(text: str) -> str:
    """`Party 1 (the District)`: the first letter in capitals, the rest as written."""
    return text[:1].upper() + text[1:]


def _context(tokens: list[str], index: int) -> str:
    """The nearest named container of a key: `blocks` for blocks/2/start, `term` for term/start."""
    for token in reversed(tokens[:index]):
        if not token.isdigit():
            return token
    return ""


def _resolve(data: Any, tokens: list[str]) -> Any:
    for token in tokens:
        if isinstance(data, Mapping):
            data = data.get(token)
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return None
    return data


def _sac_name(data: Any) -> str:
    name = _resolve(data, ["school", "sac_name"])
    return name if isinstance(name, str) else ""


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


# -- Massachusetts ------------------------------------------------------------------------
# A school operational plan (sop.schema.json), the `ma:` block of a zone or an innovation
# plan and a Massachusetts zone's board seats, in the words a principal or a zone director
# uses. A label is its parts joined by dashes (`Zone teacher contract — ratification vote —
# votes for`); a numbered item that stands on its own (`Budget line 2 (Extended learning
# time)`) starts the label, so the section it sits in is not repeated before it. A table is
# keyed by the field's path without item numbers (`budget/lines`, `ma/zone_contract/term`).

SOP_KIND = "school_operational_plan"
_MA_CLIP = 60
"""Names of Massachusetts items are longer (`Commissioner of Elementary and Secondary
Education`, a seat group's appointing authority)."""

_MA_AREAS = {key: in_sentence(words) for key, words in MA_AREAS.items()}
"""The areas of autonomy of M.G.L. c.71 §92(b) (`ma.autonomies[].area`) inside a label."""
_EZ_ITEM_WORDS = {key: in_sentence(item.word) for key, item in EZ_ITEMS.items()}
_SEAT_WORDS = {key: authority.word for key, authority in SEAT_AUTHORITIES.items()}

_MA_WORDS = {
    # the school operational plan
    "teacher_leadership_team": TLT, "teacher_leadership_team/members": "members",
    "teacher_leadership_team/meetings": "how the team meets",
    "levers": "Levers", "strategies": "Strategies", "approvals": "Approvals",
    "working_conditions": "Educator Working Conditions",
    "working_conditions/contract": "zone teacher contract",
    "working_conditions/items": "conditions",
    "goals/group": "student group", "budget/allocation": "allocation from the zone",
    "budget/lines": "lines", "budget/lines/category": "spending category",
    "budget/lines/description": "what it buys", "budget/signed": "signatures",
    "budget/signed/principal": "date signed by the principal",
    "budget/signed/teacher_leadership_team": f"date signed by the {TLT}",
    "operator": SPENDING_CATEGORIES["operator"], "operator/role": "what it does at the school",
    "exit": "Return to the district", "exit/description": "how the return is prepared",
    "approvals/body": "approved by", "approvals/item": "what was approved",
    # the zone's `ma:` block
    "ma": "Massachusetts terms", "ma/board": ZONE_BOARD, "ma/board/reports_to": "reports to",
    "ma/approvals": "Approval of the memorandum",
    "ma/approvals/school_committee": f"{SCHOOL_COMMITTEE} vote",
    "ma/approvals/commissioner": f"{COMMISSIONER}'s approval",
    "ma/approvals/zone_board": f"{ZONE_BOARD} vote",
    "ma/zone_contract": "Zone teacher contract", "ma/annual_cycle": "Annual cycle",
    "ma/annual_cycle/item": "what is approved", "ma/return_of_schools": "Return of schools",
    # the innovation plan's `ma:` block
    "ma/applicant": "Applicant", "ma/prospectus": "Prospectus",
    "ma/prospectus/students": "students to be served",
    "ma/prospectus/staff": "staff to be employed",
    "ma/screening": "Screening committee", "ma/screening/members/designee": "a designee serves",
    "ma/plan_committee": "Innovation plan committee", "ma/autonomies": "Areas of autonomy",
    "ma/autonomies/cba_changes/article": "contract article",
    "ma/autonomies/cba_changes/type": "kind of change",
    "ma/autonomies/cba_changes/description": "what changes",
    "ma/autonomies/cba_changes/new": "new change",
    "ma/autonomies/state_law_conflicts/status": f"{COMMISSIONER}'s answer",
    "ma/autonomies/state_law_conflicts/reference": f"{COMMISSIONER}'s letter",
    "ma/teacher_vote": "Teacher vote", "ma/teacher_vote/eligible": "teachers eligible",
    "ma/cba_agreement": "Union-contract agreement", "ma/cba_agreement/date": "date signed",
    "ma/school_committee": SCHOOL_COMMITTEE, "ma/school_committee/vote": "final vote",
    "ma/commissioner_notice": f"Notice to the {COMMISSIONER}",
    "ma/commissioner_notice/date": "date sent", "ma/learning_time": "Student learning time",
    "ma/evaluation": "Annual evaluation", "ma/evaluations": "Evaluations",
    "ma/evaluations/submitted": "date submitted", "ma/amendments": "Amendments",
    "ma/amendments/date": "date proposed", "ma/funding": "Funding",
    # a Massachusetts zone's board seats
    "governance/seats/chair": "holds the chair",
    "governance/seats/designee": "a designee may serve",
}  # fmt: skip
"""Sections and fields by their path: the words a field has only there."""
_MA_FIELDS = {
    "amount": "amount", "elected": "date elected", "ballots_cast": "ballots cast",
    "contract_article": "contract article", "data_source": "data source",
    "approved_by": "approved by", "vehicle": "how schools return", "character": "legal character",
    "ratification": "ratification vote", "zone_board_approval": f"{ZONE_BOARD} approval",
    "school_committee_approval": f"{SCHOOL_COMMITTEE} approval",
    "return_date": "date of return", "innovation_plan": "innovation plan file",
    "school_type": "school type", "received": "date received", "convened": "date convened",
    "new_or_conversion": "new school or conversion", "conversion_school": "school to convert",
    "partners": "external partners", "autonomies_sought": "areas of autonomy sought",
    "why_flexibility": "why the flexibility is needed",
    "plan_components": "components of the innovation plan",
    "stakeholder_process": "how stakeholders take part", "impact_statement": "statement of impact",
    "revision_received": "date the revision was received",
    "cba_changes": "union-contract changes", "district_policy_changes": "district policy changes",
    "state_law_conflicts": "possible conflicts with state law", "requested": "date requested",
    "decided": "date decided", "members_full": "members of the full committee",
    "hearings": "public hearings", "plan_attached": "copy of the plan attached",
    "scheduled_days": "days scheduled", "commissioner_approval": f"{COMMISSIONER}'s approval",
    "by": "evaluated by", "due": "due each year", "reported_to": "reported to",
    "major_autonomy": "affects a major autonomy", "cba_change": "changes the union contract",
    "teacher_vote": "teacher vote", "school_committee_vote": f"{SCHOOL_COMMITTEE} vote",
    "per_pupil_parity": "same per-pupil allocation as other schools",
    "carryover": "unused funds carry over",
}  # fmt: skip
"""A Massachusetts field in words, wherever it is (before :data:`FIELDS`, whose Colorado words
such as `estimated savings` for `amount` do not apply)."""
_MA_HEADS = {
    "school/principal": "Principal",
    "teacher_leadership_team/election": f"{TLT} election",
}
"""Sections that start the label (`Teacher Leadership Team election — method`)."""
_MA_SILENT = frozenset({"ma", "budget/signed"})
"""Containers that add nothing before their fields (`Budget — date signed by the principal`)."""
_MA_ITEM_HEADS = {
    "teacher_leadership_team/members": f"{TLT} member",
    "working_conditions/items": "Educator working condition",
    "calendar/bell_schedules": "Bell schedule", "budget/lines": "Budget line",
    "ma/annual_cycle": "Annual cycle", "ma/screening/members": "Screening committee member",
    "ma/screening/decisions": "Screening committee decision",
    "ma/plan_committee": "Innovation plan committee member",
    "ma/autonomies": "Area of autonomy", "ma/evaluations": "Evaluation",
    "ma/amendments": "Amendment", "governance/seats": "Board seat group",
}  # fmt: skip
"""Items that start the label: `Budget line 2 (Extended learning time) — amount`."""
_MA_ITEMS = {
    "goals": "goal", "strategies": "strategy", "approvals": "approval",
    "calendar/bell_schedules/blocks": "block", "ma/board/reports_to": "reporting line",
    "ma/zone_contract/parties": "party", "ma/cba_agreement/parties": "party",
    "ma/prospectus/autonomies_sought": "area of autonomy sought",
    "ma/autonomies/cba_changes": "union-contract change",
    "ma/autonomies/district_policy_changes": "district policy change",
    "ma/autonomies/state_law_conflicts": "possible conflict with state law",
    "ma/school_committee/hearings": "public hearing", "ma/evaluation/reported_to": "recipient",
}  # fmt: skip
"""Items within their section: `Zone teacher contract — party 2 (…)`."""
_MA_NAMES: dict[str, tuple[tuple[str, Mapping[str, str] | None], ...]] = {
    "goals": (("id", None),),
    "working_conditions/items": (("topic", None),),
    "budget/lines": (("category", SPENDING_CATEGORIES), ("description", None)),
    "ma/annual_cycle": (("item", _EZ_ITEM_WORDS),),
    "governance/seats": (("appointed_by", None), ("authority", _SEAT_WORDS)),
    "ma/screening/decisions": (("date", None),),
    "ma/autonomies": (("area", _MA_AREAS),),
    "ma/prospectus/autonomies_sought": (("", _MA_AREAS),),
    "ma/autonomies/cba_changes": (("article", None),),
    "ma/autonomies/district_policy_changes": (("policy", None),),
    "ma/autonomies/state_law_conflicts": (("citation", None),),
    "ma/amendments": (("date", None),),
}
"""What names an item, first found first: (key, its words for a code); key "" is the item
itself. An approval is named by its body and item; any other item by :data:`_NAME_KEYS`."""


_MA_KEYS = frozenset(
    [*_MA_FIELDS, *(path.rsplit("/", 1)[-1] for path in [*_MA_WORDS, *_MA_HEADS, *_MA_ITEMS])]
)
"""The keys the Massachusetts tables name (a message may quote them bare)."""


def _is_massachusetts(data: Any) -> bool:
    """A school operational plan, or a plan or zone with `jurisdiction: MA`."""
    return isinstance(data, Mapping) and (data.get("kind") == SOP_KIND or is_massachusetts(data))


def _massachusetts_field(data: Any, tokens: list[str]) -> bool:
    """True where :func:`_ma_label` names the field: anything in a school operational plan,
    the `ma:` block, and a Massachusetts zone's seat groups."""
    if tokens[0] == "ma" or (isinstance(data, Mapping) and data.get("kind") == SOP_KIND):
        return True
    return _is_massachusetts(data) and tokens[:2] == ["governance", "seats"] and len(tokens) > 2


def _ma_label(data: Any, tokens: list[str]) -> str:
    """A Massachusetts field as a reader names it (see the section comment above)."""
    parts: list[str] = []
    keys: list[str] = []
    for index, token in enumerate(tokens):
        last = index + 1 == len(tokens)
        if token.isdigit():
            pattern = "/".join(keys)
            label = _ma_item(data, tokens, index, pattern)
            parts = [label] if pattern in _MA_ITEM_HEADS else [*parts, label]
            continue
        keys.append(token)
        pattern = "/".join(keys)
        if not last and (tokens[index + 1].isdigit() or pattern in _MA_SILENT):
            continue  # `Budget line 2`, not `Budget — lines — Budget line 2`
        if last and token in _SILENT_LEAVES and index and tokens[index - 1].isdigit():
            continue  # `Goal 1 (g-math)`, not `… — id`
        head = _ma_head(pattern, tokens, index)
        if head:
            parts = [head]
            continue
        word = _ma_word(pattern, _context(tokens, index), token)
        if word:
            parts.append(word)
    return _upper_first(f" {DASH} ".join(parts)) if parts else DOCUMENT


def _ma_head(pattern: str, tokens: list[str], index: int) -> str:
    """The words of a section that starts the label ('' for one that does not)."""
    if index == 1 and tokens[0] == "levers" and tokens[1] in EZ_LEVERS:  # a plan's prose
        return f"Lever: {in_sentence(EZ_LEVERS[tokens[1]].word)}"
    return _MA_HEADS.get(pattern, "")


def _ma_word(pattern: str, parent: str, key: str) -> str:
    """A section or field in words: by its path, as a top-level section, in its container
    (`term` `start`: `first day`), then by its key."""
    word = _MA_WORDS.get(pattern)
    if word is None and "/" not in pattern:
        word = SECTIONS.get(key)
    if word is None:
        word = _IN_CONTEXT.get((parent, key))
    if word is None:
        word = _MA_FIELDS.get(key)
    return field_word(key) if word is None else word


def _ma_item(data: Any, tokens: list[str], index: int, pattern: str) -> str:
    """`Budget line 2 (Extended learning time)`, `Zone teacher contract — party 1 (…)`."""
    parent = tokens[index - 1]
    word = _MA_ITEM_HEADS.get(pattern) or _MA_ITEMS.get(pattern) or ITEMS.get(parent, "item")
    item = _resolve(data, tokens[: index + 1])
    name = _ma_name(pattern, parent, item)
    return f"{word} {int(tokens[index]) + 1}" + (f" ({name})" if name else "")


def _ma_name(pattern: str, parent: str, item: Any) -> str:
    """An item's name: its own name or code in words (:data:`_MA_NAMES`)."""
    if pattern == "approvals" and isinstance(item, Mapping):
        names = [
            _code_word(EZ_BODIES, item.get("body")),
            _code_word(_EZ_ITEM_WORDS, item.get("item")),
        ]
        return ", ".join(name for name in names if name)
    for key, words in _MA_NAMES.get(pattern, ()):
        value = item if not key else item.get(key) if isinstance(item, Mapping) else None
        name = _code_word(words, value) if words is not None else _text(value)
        if name:
            return _clip(name, _MA_CLIP)
    if pattern in _MA_NAMES:
        return ""
    return _name_of(parent, item, _MA_CLIP)


def _code_word(words: Mapping[str, str], code: Any) -> str:
    """A code's words (`Extended learning time`); an unknown code in words, never a code."""
    text = _text(code)
    return words.get(text) or text.replace("_", " ")


def _text(value: Any) -> str:
    """A value that can name an item: text (not a placeholder) or a date, else ''."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.strip() and not _TODO.search(value):
        return value.strip()
    return ""


# -- messages -----------------------------------------------------------------------------

_BACKTICK = re.compile(r"`([^`\n]{1,200})`")
_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\[[0-9]+\])*(\.[A-Za-z_][A-Za-z0-9_]*(\[[0-9]+\])*)*")
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[[0-9]+\])*)")


def pointer_of_readable(path: str) -> str | None:
    """`waivers[4].replacement_policy` -> `/waivers/3/replacement_policy` (None if not a path)."""
    if not _PATH.fullmatch(path):
        return None
    out = ""
    for step in path.split("."):
        match = _STEP.fullmatch(step)
        if match is None:  # pragma: no cover - the whole path matched _PATH
            return None
        out += "/" + match.group(1)
        for index in re.findall(r"\[([0-9]+)\]", match.group(2)):
            if int(index) < 1:
                return None
            out += f"/{int(index) - 1}"
    return out


def plain_message(message: str, data: Any, pointer: str = "") -> str:
    """A message for a reader without the YAML file: field names quoted in backticks
    become labels, other quoted values get quotation marks.

    `` `waivers[4].replacement_policy` `` -> Waiver 4 (…) — replacement policy; a bare key
    (`` `cost_savings` ``, `` `waivers:` ``) is named in words, in the finding's own context
    when it is the field the finding is about; a value as typed (`` `w-calendar` ``,
    `` `intial` ``) is put in quotation marks.
    """

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        core = inner.strip().removesuffix(":")
        key, colon, value = core.partition(": ")
        if colon and _PATH.fullmatch(key):
            return f"“{_key_words(key, data, pointer)}: {value}”"
        found = pointer_of_readable(core)
        if found is not None and "/" in found[1:]:
            return field_label(data, found)
        if found is not None and _is_key(core, data, pointer):
            return _key_words(core, data, pointer)
        return f"“{inner}”"  # a value as typed (`intial`, `w-calendar`), quoted

    return _BACKTICK.sub(replace, message)


def _is_key(word: str, data: Any, pointer: str) -> bool:
    """True for a field name: one planforge labels, or a key of the finding's own pointer."""
    tokens = [_unescape(t) for t in pointer.split("/")[1:]] if pointer else []
    if word in tokens or word in SECTIONS or word in FIELDS or word in ITEMS:
        return True
    return word in _MA_KEYS and _massachusetts_field(data, tokens or [""])


def _key_words(key: str, data: Any, pointer: str) -> str:
    """A bare key: the finding's own field when it ends there, else the key in words."""
    tokens = [_unescape(t) for t in pointer.split("/")[1:]] if pointer else []
    if key in tokens:
        cut = len(tokens) - tokens[::-1].index(key)
        return field_label(data, "/" + "/".join(pointer.split("/")[1 : cut + 1]))
    if _massachusetts_field(data, tokens or [""]):
        return in_sentence(_ma_word(key, "", key))  # `amount`, not Colorado's `estimated savings`
    if key in SECTIONS:
        return SECTIONS[key][:1].lower() + SECTIONS[key][1:]
    return field_word(key)


__all__ = [
    "DOCUMENT",
    "field_label",
    "field_word",
    "goal_label",
    "plain_message",
    "pointer_of_readable",
    "vote_label",
    "waiver_label",
]
