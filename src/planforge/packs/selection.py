"""Which rule packs apply to a file: chosen once, used by every command.

The order of precedence:

1. ``--rules`` on the command line (or ``rules=`` in the library API) overrides everything;
2. the packs the file names itself (``rules: [co, dps]``, paths relative to the file);
3. for a zone's member plan that names none, the packs its zone names;
4. the default pack, ``co``.

Rule sets are loaded once per process for each distinct choice (a zone of forty plans that
all use ``co, dps`` reads the packs once).
"""

from __future__ import annotations

from pathlib import Path

from planforge.inputs.pipeline import DeclaredRules, FileResult, declared_rules
from planforge.packs.loader import DEFAULT_PACKS, RuleSet, load_packs

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
    return DeclaredRules((DEFAULT_PACKS,), Path.cwd())


def ruleset_for(result: FileResult | None, override: str | None = None) -> RuleSet:
    """The loaded rule set for a file (cached per process for each distinct choice)."""
    return load_choice(choice_for(result, override))


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
