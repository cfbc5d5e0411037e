"""Rule packs: YAML data that switches rules on, sets severities and thresholds.

``load_packs("co,dps")`` reads the bundled packs by name; a name that looks like a path
(``districts/acme.yaml``) reads a district's own pack. A pack may ``extends:`` others,
which are loaded first. Later packs override earlier ones. The format is documented in
``docs/rule-packs.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planforge.domain.catalog import Catalog, load_catalog
from planforge.domain.labels import STATES
from planforge.domain.paramtypes import param_problem, whole_number_problem
from planforge.errors import InputFileError, ResourceError, Severity
from planforge.inputs.datafiles import load_data_file
from planforge.resources import packs_dir
from planforge.rules import RULES, Rule
from planforge.rules.declarative import build_rule

DEFAULT_PACKS = "co"
JURISDICTIONS = STATES
"""The states planforge knows (a plan's or zone's `jurisdiction:`, a pack's `jurisdiction:`)."""
DEFAULT_PACKS_BY_JURISDICTION = {"CO": DEFAULT_PACKS, "MA": "ma"}
EMPOWERMENT_ZONE_PACKS = ("ma", "ma-ez")
"""A Massachusetts empowerment zone and its school operational plans: the state's pack and the
zone pack (board seats, zone teacher contract, yearly plans and approvals)."""


def default_packs(state: str, kind: str | None, zone_type: str | None = None) -> tuple[str, ...]:
    """The packs of a file that names none (nor its zone, nor --rules): its state's default,
    and for a Massachusetts empowerment zone (`zone_type`) or school operational plan also the
    empowerment-zone pack."""
    empowerment = kind == "school_operational_plan" or (
        kind == "zone_agreement" and zone_type == "empowerment_zone"
    )
    if state == "MA" and empowerment:
        return EMPOWERMENT_ZONE_PACKS
    return (DEFAULT_PACKS_BY_JURISDICTION.get(state, DEFAULT_PACKS),)


_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
_PACK_KEYS = frozenset(
    {
        "pack",
        "title",
        "version",
        "description",
        "extends",
        "elements",
        "parameters",
        "rules",
        "declarative",
        "jurisdiction",
    }
)


@dataclass(frozen=True)
class ElementDef:
    """One row of the review checklist."""

    id: str
    title: str
    cite: str = ""


@dataclass
class RuleSet:
    """The merged result of one or more packs: active rules, parameters, elements."""

    names: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    rules: dict[str, tuple[Rule, Severity]] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    elements: dict[str, list[ElementDef]] = field(default_factory=dict)
    catalog: Catalog = field(default_factory=load_catalog)
    known: dict[str, Rule] = field(default_factory=lambda: dict(RULES))
    jurisdiction: str | None = None
    """The state whose law the packs apply (`CO`, `MA`), from their `jurisdiction:`; None if
    no pack says (a district pack that extends none)."""

    def element_defs(self, kind: str) -> list[ElementDef]:
        """Checklist rows for a document kind."""
        return self.elements.get(kind, [])

    @property
    def label(self) -> str:
        """`co, dps (catalog 2025.1)`; the waiver catalog is Colorado's, so a Massachusetts
        rule set is named without it (`ma, ma-ez`)."""
        if self.jurisdiction == "MA":
            return ", ".join(self.names)
        return f"{', '.join(self.names)} (catalog {self.catalog.version})"


def load_packs(spec: str | Sequence[str] = DEFAULT_PACKS, base: Path | None = None) -> RuleSet:
    """Load packs named in a comma-separated spec (or a list), merged in order.

    A pack given as a path is read relative to `base` (default: the current folder): the
    folder of the plan or zone file that names it, or the current folder for --rules.
    """
    names = spec.split(",") if isinstance(spec, str) else list(spec)
    ruleset = RuleSet()
    seen: set[str] = set()
    for name in (n.strip() for n in names):
        if name:
            _load_into(ruleset, name, base or Path.cwd(), seen)
    if not ruleset.names:
        msg = "no rule pack selected; use --rules co (or a pack file)."
        raise ResourceError(msg)
    return ruleset


def _locate(name: str, base: Path) -> Path:
    if name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name:
        path = (base / name).resolve()
        if not path.is_file():
            msg = f"rule pack file {name} was not found."
            raise InputFileError(msg)
        return path
    path = packs_dir() / f"{name}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in packs_dir().glob("*.yaml"))
        msg = f"unknown rule pack `{name}`; bundled packs: {', '.join(known)} (or give a pack file path)."
        raise ResourceError(msg)
    return path


def _read(path: Path) -> dict[str, Any]:
    doc = load_data_file(path)
    problems = [f"line {f.line}: {f.message}" for f in doc.findings if f.severity is Severity.ERROR]
    if problems or not isinstance(doc.data, dict):
        msg = f"rule pack {path} cannot be read: {'; '.join(problems) or 'it must be a mapping'}"
        raise ResourceError(msg)
    unknown = set(doc.data) - _PACK_KEYS
    if unknown:
        msg = f"rule pack {path}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(_PACK_KEYS))}."
        raise ResourceError(msg)
    return doc.data


def _load_into(ruleset: RuleSet, name: str, base: Path, seen: set[str]) -> None:
    path = _locate(name, base)
    if str(path) in seen:
        return
    seen.add(str(path))
    ruleset.files.append(path)
    data = _read(path)
    for parent in _as_list(data.get("extends")):
        _load_into(ruleset, str(parent), path.parent, seen)
    _load_code(ruleset, path)
    _merge_jurisdiction(ruleset, data.get("jurisdiction"), path)
    ruleset.names.append(str(data.get("pack") or path.stem))
    _merge_params(ruleset, data.get("parameters") or {}, path)
    _merge_elements(ruleset, data.get("elements") or {}, path)
    for raw in _as_list(data.get("declarative")):
        _check_declarative(raw, path)
        new = build_rule(raw, path)
        ruleset.known[new.id] = new
        ruleset.rules[new.id] = (new, new.severity)
    _merge_rules(ruleset, data.get("rules") or {}, path)


def _load_code(ruleset: RuleSet, path: Path) -> None:
    """Import the rules a pack defines in Python (``dps.py`` beside ``dps.yaml``), if any.

    A hyphen in a pack's name is an underscore in its module's (``ma_ez.py`` for ``ma-ez``).

    Only packs that are selected are imported, so their rules are registered for nobody else.
    A bundled pack's code is imported as ``planforge.packs.<name>``; a district pack's code is
    its own file, loaded once per process.
    """
    code = path.with_name(path.stem.replace("-", "_") + ".py")
    if not code.is_file():
        return
    ruleset.files.append(code)
    import importlib
    import importlib.util
    import sys

    if code.parent == packs_dir():
        importlib.import_module(f"planforge.packs.{code.stem}")
    else:
        name = f"planforge_pack_{abs(hash(str(code)))}"
        if name not in sys.modules:
            spec = importlib.util.spec_from_file_location(name, code)
            if spec is None or spec.loader is None:
                raise ResourceError(f"rule pack code {code} cannot be imported.")
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
    ruleset.known.update({k: v for k, v in RULES.items() if k not in ruleset.known})


def _merge_jurisdiction(ruleset: RuleSet, value: Any, path: Path) -> None:
    """Packs of two states never apply together (a Colorado pack on top of `ma`, or the reverse)."""
    if value is None:
        return
    if value not in JURISDICTIONS:
        msg = f"rule pack {path}: `jurisdiction` must be one of {', '.join(JURISDICTIONS)} (got {value!r})."
        raise ResourceError(msg)
    if ruleset.jurisdiction is not None and ruleset.jurisdiction != value:
        msg = (
            f"rule pack {path} applies {JURISDICTIONS[value]} law, but {', '.join(ruleset.names)} "
            f"apply {JURISDICTIONS[ruleset.jurisdiction]} law; packs of two states cannot be combined."
        )
        raise ResourceError(msg)
    ruleset.jurisdiction = value


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _merge_params(ruleset: RuleSet, params: Any, path: Path) -> None:
    if not isinstance(params, dict):
        msg = f"rule pack {path}: `parameters` must be a mapping of name: value."
        raise ResourceError(msg)
    for key, value in params.items():
        value = value["value"] if isinstance(value, dict) and "value" in value else value
        problem = param_problem(str(key), value)
        if problem:
            msg = f"rule pack {path}: parameter `{key}` {problem}. Fix it under `parameters:`."
            raise ResourceError(msg)
        ruleset.params[key] = value


def _check_declarative(raw: Any, path: Path) -> None:
    """A declarative rule's `min_words` must be a whole number (it is read as one)."""
    if isinstance(raw, dict) and "min_words" in raw:
        problem = whole_number_problem(raw["min_words"], 0, 10_000)
        if problem:
            msg = f"rule pack {path}: declarative rule {raw.get('id')}: `min_words` {problem}."
            raise ResourceError(msg)


def _merge_elements(ruleset: RuleSet, elements: Any, path: Path) -> None:
    for kind, rows in elements.items() if isinstance(elements, dict) else ():
        current = {e.id: i for i, e in enumerate(ruleset.elements.setdefault(kind, []))}
        for row in _as_list(rows):
            if not isinstance(row, dict) or "id" not in row or "title" not in row:
                msg = f"rule pack {path}: each element needs `id` and `title`."
                raise ResourceError(msg)
            item = ElementDef(str(row["id"]), str(row["title"]), str(row.get("cite", "")))
            if item.id in current:
                ruleset.elements[kind][current[item.id]] = item
            else:
                ruleset.elements[kind].append(item)


def _merge_rules(ruleset: RuleSet, rules: Any, path: Path) -> None:
    if not isinstance(rules, dict):
        msg = f"rule pack {path}: `rules` must be a mapping of rule id: severity."
        raise ResourceError(msg)
    for rule_id, setting in rules.items():
        known = ruleset.known.get(rule_id)
        if known is None:
            import difflib  # only for suggestions; not loaded on the common path

            guess = difflib.get_close_matches(rule_id, list(ruleset.known), n=1, cutoff=0.6)
            tail = f" Did you mean `{guess[0]}`?" if guess else ""
            msg = f"rule pack {path}: unknown rule `{rule_id}`.{tail}"
            raise ResourceError(msg)
        severity = _severity(setting, known, path)
        if severity is None:
            ruleset.rules.pop(rule_id, None)
        else:
            ruleset.rules[rule_id] = (known, severity)


def _severity(setting: Any, known: Rule, path: Path) -> Severity | None:
    if isinstance(setting, dict):
        setting = setting.get("severity", "on")
    if setting is True or setting == "on":
        return known.severity
    if setting is False or setting == "off":
        return None
    if isinstance(setting, str) and setting in _SEVERITIES:
        return _SEVERITIES[setting]
    msg = f"rule pack {path}: rule `{known.id}` must be error, warning, info, on or off (got {setting!r})."
    raise ResourceError(msg)


def active_rules(ruleset: RuleSet, kind: str) -> Iterable[tuple[Rule, Severity]]:
    """The rules that apply to a document kind, in pack order."""
    return [(r, s) for r, s in ruleset.rules.values() if kind in r.kinds]
