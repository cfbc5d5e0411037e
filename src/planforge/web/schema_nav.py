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
from planforge.domain.labels import BODIES, LEVERS, PROGRAMS, WAIVER_KINDS, WAIVER_STATUS
from planforge.inputs.loader import escape_pointer_token, resolve_plain
from planforge.inputs.schemas import bundled_schema

KIND_LABEL = {"innovation_plan": "plan", "zone_agreement": "zone"}

# Field names whose plain humanised form would read oddly; "parent.name" keys win over "name".
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
}
_TITLE_KEYS: tuple[str, ...] = ("id", "title", "name", "citation", "metric", "category")
_TITLE_KEYS += ("source", "body", "group", "party", "year", "role")

OPTION_LABELS: dict[str, dict[str, str]] = {
    "body": BODIES,
    "program": {k: p.label for k, p in PROGRAMS.items()},
    "levers": {k: lever.word for k, lever in LEVERS.items()},
    "waivers.kind": {k: w.label for k, w in WAIVER_KINDS.items()},
    "waivers.status": WAIVER_STATUS,
    "action": {"initial": "Initial plan", "renewal": "Renewal", "revision": "Revision"},
    "school.status": {"existing": "Existing school", "new": "New school (not yet open)"},
    "method": {
        "secret_ballot": "Secret ballot",
        "show_of_hands": "Show of hands",
        "signatures": "Signatures",
        "electronic_ballot": "Electronic ballot",
        "committee_vote": "Committee vote",
    },
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


def field_label(pointer: str) -> str:
    """The label of the field at `pointer` (by its own name, in the context of its parent)."""
    parent, own = _context_names(pointer)
    return FIELD_LABELS.get(f"{parent}.{own}") or FIELD_LABELS.get(own) or humanize(own)


def option_label(pointer: str, value: Any) -> str:
    """The words shown for one allowed value of a choice field."""
    parent, own = _context_names(pointer)
    table = OPTION_LABELS.get(f"{parent}.{own}") or OPTION_LABELS.get(own) or {}
    return table.get(str(value)) or humanize(str(value))


def item_word(list_pointer: str) -> str:
    """`waiver` for /waivers; a humanised singular for other lists."""
    own = _context_names(list_pointer)[1]
    if own in ITEM_WORDS:
        return ITEM_WORDS[own]
    word = field_label(list_pointer).lower()
    return word[:-1] if word.endswith("s") else "item"


def item_title(item: Any) -> str:
    """A short name for one list item: its id, title or name (first found)."""
    if isinstance(item, dict):
        for key in _TITLE_KEYS:
            value = item.get(key)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                text = " ".join(str(value).split())
                if text:
                    return text if len(text) <= 60 else text[:57] + "…"
    elif isinstance(item, str) and item.strip():
        text = " ".join(item.split())
        return text if len(text) <= 60 else text[:57] + "…"
    return ""


def item_label(list_pointer: str, index: int, item: Any) -> str:
    """`Waiver 4 (w-inservice)`."""
    title = item_title(item)
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


@lru_cache(maxsize=4)
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
    """Every field name of the plan and zone schemas (to recognise them in messages)."""
    from planforge.authoring.schemawalk import iter_fields

    return frozenset(f.name for label in ("plan", "zone") for f in iter_fields(label))


FIELD_HELP = {
    r"/levers/[a-z_]+/waivers": "Tick each waiver this lever relies on. Waivers are listed "
    "and explained in the Waivers section.",
    r"/rules": "The law and district policy this plan is reviewed against: co (Colorado "
    "Innovation Schools Act) and, for Denver schools, dps. Leave all unticked for co.",
}
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
            text = re.sub(rf"\b{re.escape(value)}\b", option_label(pointer, value), text)
    return re.sub(r"\s{2,}", " ", text).replace(" ,", ",").replace(" .", ".").strip()
