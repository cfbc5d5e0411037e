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

:func:`plain_message` does the same for the field names a message quotes in backticks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from planforge.domain.catalog import display, normalize
from planforge.domain.labels import body_label, lever_word

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
        return _item(data, tokens, 1).capitalize(), 2
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


def _name_of(parent: str, item: Any) -> str:
    if isinstance(item, str) and item.strip() and not _TODO.search(item):
        return _clip(item)
    if not isinstance(item, Mapping):
        return ""
    if parent == "consent" and isinstance(item.get("body"), str):
        return body_label(item["body"])
    for key in _NAME_KEYS:
        value = item.get(key)
        if isinstance(value, str) and value.strip() and not _TODO.search(value):
            return _clip(value)
    return ""


def _clip(text: str) -> str:
    """At most about 40 characters, cut at a word: `PSAT 9 evidence-based reading and…`."""
    flat = " ".join(text.split())
    if len(flat) <= _CLIP:
        return flat
    cut = flat[: _CLIP - 1]
    head = cut.rsplit(" ", 1)[0] if " " in cut[_CLIP // 2 :] else cut
    return head.rstrip(" ,;:-–—") + "…"


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
        if found is not None and _is_key(core, pointer):
            return _key_words(core, data, pointer)
        return f"“{inner}”"  # a value as typed (`intial`, `w-calendar`), quoted

    return _BACKTICK.sub(replace, message)


def _is_key(word: str, pointer: str) -> bool:
    """True for a field name: one planforge labels, or a key of the finding's own pointer."""
    tokens = [_unescape(t) for t in pointer.split("/")[1:]] if pointer else []
    return word in tokens or word in SECTIONS or word in FIELDS or word in ITEMS


def _key_words(key: str, data: Any, pointer: str) -> str:
    """A bare key: the finding's own field when it ends there, else the key in words."""
    tokens = [_unescape(t) for t in pointer.split("/")[1:]] if pointer else []
    if key in tokens:
        cut = len(tokens) - tokens[::-1].index(key)
        return field_label(data, "/" + "/".join(pointer.split("/")[1 : cut + 1]))
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
