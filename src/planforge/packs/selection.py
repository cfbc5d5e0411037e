"""Which rule packs apply to a file: chosen once, used by every command.

The order of precedence:

1. ``--rules`` on the command line (or ``rules=`` in the library API) overrides everything;
2. the packs the file names itself (``rules: [co, dps]``, paths relative to the file);
3. for a zone's member plan that names none, the packs its zone names;
4. the default pack of the file's jurisdiction: ``co`` (Colorado, and files that name none),
   ``ma`` (``jurisdiction: MA``), and ``ma, ma-ez`` for a Massachusetts empowerment zone and
   its school operational plans.

Packs of another state than the file's are refused (:class:`ResourceError`, exit code 3):
Colorado rules never review a Massachusetts file, nor the reverse.

Rule sets are loaded once per process for each distinct choice (a zone of forty plans that
all use ``co, dps`` reads the packs once).
"""

from __future__ import annotations

from pathlib import Path

from planforge.domain.labels import state_of
from planforge.errors import ResourceError
from planforge.inputs.pipeline import DeclaredRules, FileResult, declared_rules
from planforge.packs.loader import (
    JURISDICTIONS,
    RuleSet,
    default_packs,
    load_packs,
)

_CACHE: dict[tuple[tuple[str, ...], Path], RuleSet] = {}


def choice_for(result: FileResult | None, override: str | None = None) -> DeclaredRules:
    """The packs that apply to `result` (see the module docstring for the order)."""
    if override:
        names = tuple(n.strip() for n in override.split(",") if n.strip())
        return DeclaredRules(names, Path.cwd())
    own = declared_rules(result) if result is not None else None
    if own is not None:
        return own
    if result is not None and result.zone_rules is not None:
        return result.zone_rules
    return DeclaredRules(default_for(result), Path.cwd())


def default_for(result: FileResult | None) -> tuple[str, ...]:
    """The packs a file gets when neither it, its zone nor --rules names any."""
    data = result.data if result is not None and isinstance(result.data, dict) else {}
    zone = data.get("zone")
    zone_type = zone.get("type") if isinstance(zone, dict) else None
    kind = result.kind if result is not None else None
    return default_packs(jurisdiction_of(result), kind, zone_type)


def jurisdiction_of(result: FileResult | None) -> str:
    """The state whose law applies to a file: its `jurisdiction:` (`CO` when it names none)."""
    return state_of(result.data if result is not None else None)


def ruleset_for(result: FileResult | None, override: str | None = None) -> RuleSet:
    """The loaded rule set for a file (cached per process for each distinct choice).

    Raises :class:`ResourceError` when the packs are another state's than the file's.
    """
    ruleset = load_choice(choice_for(result, override))
    if result is not None:
        check_jurisdiction(result, ruleset, _source(result, override))
    return ruleset


def _source(result: FileResult, override: str | None) -> str:
    """Where the packs came from, for the refusal message."""
    if override:
        return "named by --rules"
    if declared_rules(result) is not None:
        return "named by its `rules:`"
    if result.zone_rules is not None and result.member_of:
        return f"named by the `rules:` of its zone, {result.member_of}"
    return "its state's default"


def check_jurisdiction(result: FileResult, ruleset: RuleSet, source: str = "") -> None:
    """Refuse packs of another state than the file's (a clear message, exit code 3);
    `source` says where the packs came from (`named by --rules`)."""
    state = jurisdiction_of(result)
    if ruleset.jurisdiction is None or ruleset.jurisdiction == state:
        return
    default = default_for(result)
    msg = (
        f"{result.path}: the rule pack{'s' if len(ruleset.names) != 1 else ''} "
        f"{', '.join(ruleset.names)}{f' ({source})' if source else ''} "
        f"appl{'y' if len(ruleset.names) != 1 else 'ies'} "
        f"{JURISDICTIONS[ruleset.jurisdiction]} law, but the file is under "
        f"{JURISDICTIONS[state]} law ({_stated(result, state)}). Use `rules: [{', '.join(default)}]` or "
        f"--rules {','.join(default)}, or correct the file's `jurisdiction:`."
    )
    raise ResourceError(msg)


def load_choice(choice: DeclaredRules) -> RuleSet:
    """Load (once) the rule set for a choice of packs."""
    paths = any(n.endswith((".yaml", ".yml")) or "/" in n or "\\" in n for n in choice.names)
    key = (choice.names, choice.base.resolve() if paths else Path())
    found = _CACHE.get(key)
    if found is None:
        found = _CACHE[key] = load_packs(list(choice.names), base=choice.base)
    return found


def clear_cache() -> None:
    """Forget loaded rule sets (a long-running front end calls this when pack files change)."""
    _CACHE.clear()


def _stated(result: FileResult, state: str) -> str:
    data = result.data if isinstance(result.data, dict) else {}
    return f"jurisdiction: {state}" if "jurisdiction" in data else "no `jurisdiction:`, so CO"
