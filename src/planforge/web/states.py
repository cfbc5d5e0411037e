"""The file's state in the editor: its rule packs, the fields its law has and help in its words.

A Massachusetts file (``jurisdiction: MA``; every school operational plan) is never offered
Colorado's rule packs, fields or statutes in the editor, and a Colorado file never
Massachusetts's:

* **Rule packs**: the bundled packs of the file's state that review its kind (``co`` and
  ``dps``; ``ma`` for an innovation plan; ``ma`` and ``ma-ez`` for a zone or an operational
  plan), each named with the ``title:`` of its pack file.
* **Fields**: what the file's starter leaves out because it does not apply to the state
  (``left_out`` in ``data/starter/guidance.yaml``: a Massachusetts zone's
  ``governance.alternative_governance``, a Colorado zone's ``ma:``), and a Massachusetts
  innovation plan's Colorado items (waivers, consent votes, the CDE code and the School
  Accountability Committee: what the ``ma`` pack's ``ma.plan.colorado-items`` rule reports)
  are not shown while they hold nothing. A value written anyway stays in view, with a note,
  so that it can be emptied.
* **Help**: the starter's own ``descriptions`` (guidance.yaml) where the schema's words are
  another state's; otherwise the schema's description without the sentences, clauses and
  asides that cite the other state's law.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from planforge.domain.labels import state_of as file_state
from planforge.packs.loader import JURISDICTIONS, default_packs

COLORADO, MASSACHUSETTS = "CO", "MA"

MA_PLAN_COLORADO_ITEMS = (
    "school.cde_code",
    "school.sac_name",
    "waivers",
    "consent",
    "levers.*.waivers",
)
"""Fields of an innovation plan that mean nothing under M.G.L. c.71 §92 (the ``ma`` pack's
``ma.plan.colorado-items`` rule reports them): a Massachusetts plan has no starter of its own
whose ``left_out`` would say so."""

_OTHER_STATE_TERMS = {
    # shown on a Massachusetts file: Colorado's law, bodies and packs
    MASSACHUSETTS: re.compile(
        r"Colorado|C\.R\.S|C\.C\.R|\bCDE\b|\bS\.?B\.? ?\d{2}-\d{2,3}\b|\bH\.?B\.? ?\d{2}-\d{2,3}\b"
        r"|Denver|\bDPS\b|School Accountability Committee|Collaborative School Committee"
        r"|\bSAC\b|(?<![\w-])(co|dps)(?![\w-])"
    ),
    # shown on a Colorado file: Massachusetts's
    COLORADO: re.compile(
        r"Massachusetts|M\.G\.L|\bCMR\b|Springfield|[Ee]mpowerment zone"
        r"|Elementary and Secondary Education|(?<![\w-])ma(-ez)?(?![\w-])"
    ),
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`(])")
_KIND_OF_LABEL = {
    "plan": "innovation_plan",
    "zone": "zone_agreement",
    "sop": "school_operational_plan",
}
_KIND_WORDS = {
    "plan": "innovation plan",
    "zone": "zone agreement",
    "sop": "school operational plan",
}


def state_of(label: str, data: Any) -> str:
    """`CO` or `MA`: the file's `jurisdiction:` (Colorado when it names none; a school
    operational plan is Massachusetts's)."""
    if label == "sop" and not (isinstance(data, dict) and "jurisdiction" in data):
        return MASSACHUSETTS
    return file_state(data)


def state_name(state: str) -> str:
    """`Massachusetts` for `MA`."""
    return JURISDICTIONS.get(state, state)


def starter_of(label: str, data: Any) -> str | None:
    """The starter `planforge init` writes for a file of this schema and state (`zone-ma` for a
    Massachusetts zone), or None (a Massachusetts innovation plan has none)."""
    from planforge.authoring.starter import STARTERS

    state = state_of(label, data)
    return next((s.label for s in STARTERS.values() if s.schema == label and s.state == state),
                None)  # fmt: skip


@lru_cache(maxsize=8)
def _guidance(starter: str) -> dict[str, Any]:
    from planforge.authoring.starter import guidance

    return guidance(starter)


def field_path(pointer: str) -> str:
    """The field's path as guidance.yaml and the field reference write it:
    `/calendar/bell_schedules/0/program` -> `calendar.bell_schedules[].program`."""
    out = ""
    for token in pointer.split("/")[1:]:
        if token.isdigit():
            out += "[]"
        else:
            token = token.replace("~1", "/").replace("~0", "~")
            out = f"{out}.{token}" if out else token
    return out


@lru_cache(maxsize=256)
def _rule_pattern(rule: str) -> re.Pattern[str]:
    """`levers.*.waivers` -> the field, its parts and its items, any lever (`*`: one name)."""
    return re.compile("^" + re.escape(rule).replace(r"\*", r"[^.\[]+") + r"(?:$|\.|\[\])")


def _under(path: str, rule: str) -> bool:
    """True when the field at `path` is `rule`'s field or inside it."""
    return bool(_rule_pattern(rule).match(path))


def _not_applying(label: str, data: Any) -> tuple[str, ...]:
    """Field paths that do not apply to the file's state."""
    starter = starter_of(label, data)
    left_out = _guidance(starter).get("left_out", []) if starter else []
    paths = tuple(str(p) for p in left_out if isinstance(p, str))
    if label == "plan" and state_of(label, data) == MASSACHUSETTS:
        paths += MA_PLAN_COLORADO_ITEMS
    return paths


def not_applying(label: str, data: Any, pointer: str) -> bool:
    """True for a field the file's state does not have (see the module docstring)."""
    path = field_path(pointer)
    return bool(path) and any(_under(path, rule) for rule in _not_applying(label, data))


def is_empty(value: Any) -> bool:
    """Nothing written: missing, null, blank text, an empty list or mapping."""
    return value is None or value == "" or value == [] or value == {}


def hidden(label: str, data: Any, pointer: str) -> bool:
    """True for a field the editor does not show: one the file's state does not have, while
    it holds nothing (a value written anyway is shown, to be emptied)."""
    if not not_applying(label, data, pointer):
        return False
    from planforge.web.schema_nav import get_at

    return is_empty(get_at(data, pointer))


def not_applying_note(label: str, data: Any) -> str:
    """The help of a field shown only because it holds a value its state does not have."""
    state = state_name(state_of(label, data))
    return (
        f"Not part of a {state} {_KIND_WORDS.get(label, 'file')}: empty it (or remove its rows) "
        "and it is no longer shown."
    )


# -- help ------------------------------------------------------------------------------------


def description(label: str, data: Any, pointer: str, schema: dict[str, Any] | None) -> str:
    """The help of a field, in its state's words: the starter's own description where it has
    one (guidance.yaml `descriptions`), else the schema's without the other state's law."""
    starter = starter_of(label, data)
    if starter:
        own = _guidance(starter).get("descriptions", {})
        path = field_path(pointer)
        if isinstance(own, dict) and path in own:
            return str(own[path])
    text = str((schema or {}).get("description", ""))
    if pointer == "/jurisdiction":  # the field that chooses the state names both
        return text
    return without_other_state(text, state_of(label, data))


def without_other_state(text: str, state: str) -> str:
    """`text` without the asides, clauses and sentences that cite another state's law than
    `state`'s (`(C.R.S. 22-32.5-110(1)(a))`, `Colorado requires at least 160 …`)."""
    terms = _OTHER_STATE_TERMS.get(state)
    if terms is None or not terms.search(text):
        return text
    text = _drop_asides(text, terms)
    kept = [s for s in (_sentence(s, terms) for s in _SENTENCE_END.split(text.strip())) if s]
    return " ".join(kept)


def _drop_asides(text: str, terms: re.Pattern[str]) -> str:
    """Remove each outermost `( … )` that cites the other state (with the space before it)."""
    out: list[str] = []
    depth, start = 0, 0
    for i, char in enumerate(text):
        if char == "(":
            if depth == 0:
                start = i
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                aside = text[start : i + 1]
                if terms.search(aside):
                    while out and out[-1] == " ":
                        out.pop()
                else:
                    out.append(aside)
            continue
        if depth == 0:
            out.append(char)
    if depth:  # unbalanced: keep what is left as it is
        out.append(text[start:])
    return "".join(out)


def _sentence(sentence: str, terms: re.Pattern[str]) -> str:
    """One sentence without its clauses (`; `) that cite the other state; empty when nothing
    is left. A lead-in (`… is set in the rule pack: `) of a dropped first clause is kept."""
    if not terms.search(sentence):
        return sentence
    body = sentence.rstrip()
    end = body[-1] if body and body[-1] in ".!?" else ""
    body = body[: len(body) - len(end)]
    clauses = body.split("; ")
    lead = ""
    head, colon, rest = clauses[0].partition(": ")
    if colon and not terms.search(head) and terms.search(rest):
        lead = head + colon
    kept = [c for c in clauses if not terms.search(c)]
    if not kept:
        return ""
    if lead and terms.search(clauses[0]):
        kept[0] = lead + kept[0]
    text = "; ".join(kept)
    return text[:1].upper() + text[1:] + (end or ".")


# -- rule packs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pack:
    """A bundled rule pack as the editor offers it."""

    name: str
    title: str
    state: str | None
    kinds: frozenset[str]
    """The document kinds its own rules review (beyond the packs it extends)."""


@lru_cache(maxsize=1)
def bundled_packs() -> tuple[Pack, ...]:
    """Every bundled pack with its title (`title:` of its file), state and kinds."""
    from planforge.inputs.datafiles import load_data_file
    from planforge.packs.loader import active_rules, load_packs
    from planforge.resources import packs_dir

    def rule_ids(spec: list[str], kind: str) -> set[str]:
        return {rule.id for rule, _ in active_rules(load_packs(spec), kind)} if spec else set()

    out = []
    for path in sorted(packs_dir().glob("*.yaml")):
        raw = load_data_file(path).data
        raw = raw if isinstance(raw, dict) else {}
        extends = raw.get("extends") or []
        parents = [str(p) for p in ([extends] if isinstance(extends, str) else extends)]
        ruleset = load_packs(path.stem)
        kinds = frozenset(
            kind for kind in _KIND_OF_LABEL.values()
            if rule_ids([path.stem], kind) - rule_ids(parents, kind)
        )  # fmt: skip
        title = " ".join(str(raw.get("title") or "").split())
        out.append(Pack(path.stem, title, ruleset.jurisdiction, kinds))
    return tuple(out)


def _zone_type(data: Any) -> str | None:
    zone = data.get("zone") if isinstance(data, dict) else None
    value = zone.get("type") if isinstance(zone, dict) else None
    return value if isinstance(value, str) else None


def rule_packs(label: str, data: Any) -> list[tuple[str, str]]:
    """(name, words) of the bundled packs of the file's state that review its kind:
    `co — Colorado Innovation Schools Act of 2008 (C.R.S. 22-32.5)`."""
    state = state_of(label, data)
    kind = _KIND_OF_LABEL.get(label, label)
    defaults = default_packs(state, kind, _zone_type(data))
    packs = [
        p for p in bundled_packs() if p.state == state and (kind in p.kinds or p.name in defaults)
    ]
    order = {name: i for i, name in enumerate(defaults)}
    packs.sort(key=lambda p: (order.get(p.name, len(order)), p.name))
    return [(p.name, f"{p.name} — {p.title}" if p.title else p.name) for p in packs]


def rules_help(label: str, data: Any) -> str:
    """The help of the rule-pack checkboxes, in the file's state's words."""
    state = state_of(label, data)
    kind = _KIND_OF_LABEL.get(label, label)
    defaults = ", ".join(default_packs(state, kind, _zone_type(data)))
    if label == "zone":
        after = ". Member plans that name no packs of their own are reviewed with these too."
    else:
        after = " (or, for a zone's member plan, its zone's packs)."
    return (
        "The rule packs this file is reviewed against, each with the law or policy it "
        f"checks. Leave all unticked to use the default of a {state_name(state)} "
        f"{_KIND_WORDS.get(label, 'file')}: {defaults}{after}"
    )
