"""Declarative rules a pack can add without Python.

Two types:

* ``required``: the value at ``pointer`` is present and substantive (``*`` in a pointer
  means every item of a list, e.g. ``/waivers/*/policy_version``);
* ``forbidden_citation``: no active waiver may cite one of ``citations`` (or a paragraph of it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from planforge.domain.catalog import normalize
from planforge.errors import Finding, ResourceError, Severity
from planforge.rules import PLAN, Rule, RuleContext
from planforge.rules._util import active_waivers, thin, waiver_citation, waiver_label, where

_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
_KEYS = frozenset(
    {
        "id",
        "type",
        "pointer",
        "citations",
        "severity",
        "element",
        "enforces",
        "message",
        "hint",
        "kinds",
        "min_words",
    }
)


def expand(data: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    """(concrete pointer, value or None) for a pointer whose tokens may be `*`."""
    tokens = list(pointer.split("/")[1:]) if pointer else []
    yield from _walk(data, "", tokens)


def _walk(node: Any, at: str, tokens: list[str]) -> Iterator[tuple[str, Any]]:
    if not tokens:
        yield at, node
        return
    head, rest = tokens[0], tokens[1:]
    if head == "*":
        for index, item in enumerate(node if isinstance(node, list) else []):
            yield from _walk(item, f"{at}/{index}", rest)
        return
    if isinstance(node, dict):
        child = node.get(head)
    elif isinstance(node, list) and head.isdigit() and int(head) < len(node):
        child = node[int(head)]
    else:
        child = None
    if child is None and rest:
        yield f"{at}/{head}", None
        return
    yield from _walk(child, f"{at}/{head}", rest)


def _required(raw: dict[str, Any]) -> Callable[[RuleContext], Iterator[Finding]]:
    pointer = str(raw["pointer"])
    message = str(raw.get("message") or "{where} is required")

    def check(ctx: RuleContext) -> Iterator[Finding]:
        need = int(raw.get("min_words", ctx.params.get("text.min_words", 0)))
        for at, value in expand(ctx.data, pointer):
            if isinstance(value, (int, float, bool)) or (isinstance(value, (list, dict)) and value):
                continue
            problem = thin(value, need, list(ctx.params.get("text.placeholders", [])))
            if problem:
                label = where(ctx.data, at)
                text = message.replace("{where}", label).replace("{problem}", problem)
                if "{problem}" in message:
                    yield ctx.finding(at, f"{text.rstrip('.')}.")
                elif "{where}" in message:
                    yield ctx.finding(at, f"{text}: it {problem}.")
                else:
                    yield ctx.finding(at, f"{text} ({label} {problem}).")

    return check


def _forbidden(raw: dict[str, Any]) -> Callable[[RuleContext], Iterator[Finding]]:
    banned = [normalize(str(c)) for c in raw.get("citations") or []]
    message = str(raw.get("message") or "This provision may not be waived")

    def check(ctx: RuleContext) -> Iterator[Finding]:
        for index, waiver in active_waivers(ctx.data):
            key = waiver_citation(waiver)
            hit = next((b for b in banned if key == b or key.startswith(b + "(")), None)
            if hit:
                yield ctx.finding(
                    f"/waivers/{index}/citation",
                    f"{waiver_label(index, waiver)}: {message}.",
                )

    return check


_TYPES = {"required": _required, "forbidden_citation": _forbidden}


def build_rule(raw: Any, path: Path) -> Rule:
    """A Rule from a pack's `declarative:` entry."""
    if not isinstance(raw, dict) or "id" not in raw or raw.get("type") not in _TYPES:
        msg = f"rule pack {path}: each declarative rule needs `id` and `type` ({' or '.join(_TYPES)})."
        raise ResourceError(msg)
    unknown = set(raw) - _KEYS
    needs = "pointer" if raw["type"] == "required" else "citations"
    if unknown or needs not in raw:
        msg = (
            f"rule pack {path}: declarative rule {raw['id']} needs `{needs}`"
            + (f" and has unknown key(s) {', '.join(sorted(unknown))}" if unknown else "")
            + "."
        )
        raise ResourceError(msg)
    severity = _SEVERITIES.get(str(raw.get("severity", "error")))
    if severity is None:
        msg = f"rule pack {path}: declarative rule {raw['id']} has an unknown severity."
        raise ResourceError(msg)
    return Rule(
        id=str(raw["id"]), severity=severity, element=str(raw.get("element", "other")),
        enforces=str(raw.get("enforces", f"district pack {path.name}")),
        message=str(raw.get("message", "")), hint=str(raw.get("hint", "")),
        check=_TYPES[raw["type"]](raw), kinds=frozenset(raw.get("kinds") or [PLAN]),
    )  # fmt: skip
