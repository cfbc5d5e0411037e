"""Reading inputs: expand paths, load each file, validate it, follow a zone to its members.

This is the shared first stage of every command (validate, review, render, build).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planforge.errors import Finding, InputFileError, Severity, error
from planforge.inputs.loader import LoadedDocument, load_file
from planforge.inputs.validate import detect_kind, validate_document

YAML_SUFFIXES = (".yaml", ".yml")
_SKIP_DIRS = frozenset({".git", ".venv", "venv", "node_modules", "__pycache__", ".tox"})
_NAMED = frozenset({"plan.yaml", "plan.yml", "zone.yaml", "zone.yml"})


@dataclass
class FileResult:
    """One checked file: what was loaded, its kind and every finding about it."""

    path: str
    doc: LoadedDocument
    kind: str | None
    findings: list[Finding]
    members: list[str] = field(default_factory=list)
    member_of: str | None = None
    zone_rules: DeclaredRules | None = None
    """The rule packs the zone that lists this plan names (used when the plan names none)."""

    @property
    def data(self) -> Any:
        """The loaded data (None when loading failed)."""
        return self.doc.data

    @property
    def resolved(self) -> Path:
        """Absolute path of the file."""
        return Path(self.path).resolve()

    def count(self, severity: Severity) -> int:
        """How many findings of a severity."""
        return sum(1 for f in self.findings if f.severity is severity)

    def failed(self, *, strict: bool = False) -> bool:
        """True if the file has errors (or warnings, when strict)."""
        return any(
            f.severity is Severity.ERROR or (strict and f.severity is Severity.WARNING)
            for f in self.findings
        )

    @property
    def valid(self) -> bool:
        """True when nothing stops the file from being used."""
        return self.doc.usable and self.kind is not None and not self.failed()


@dataclass(frozen=True)
class DeclaredRules:
    """The rule packs a file names in `rules:`, and the folder pack paths are relative to."""

    names: tuple[str, ...]
    base: Path


def declared_rules(result: FileResult) -> DeclaredRules | None:
    """The packs a plan or zone names for itself (`rules: [co, dps]`), if it names any."""
    rules = result.data.get("rules") if isinstance(result.data, dict) else None
    if not isinstance(rules, list) or not rules or not all(isinstance(r, str) for r in rules):
        return None
    return DeclaredRules(tuple(rules), result.resolved.parent)


def display_path(path: Path) -> str:
    """A path as a user would type it: relative to the current folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - different drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def expand_inputs(paths: Sequence[str | Path]) -> list[Path]:
    """Files named directly, plus planforge YAML files found in named folders."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(_yaml_files(p))
            if not found:
                msg = f"{raw}: no .yaml files found in this folder."
                raise InputFileError(msg)
            out.extend(found)
        elif p.exists():
            out.append(p)
        else:
            msg = f"{raw}: no such file or folder. Check the path and spelling."
            raise InputFileError(msg)
    return out


def _yaml_files(folder: Path) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in files:
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                path = Path(root) / name
                if name in _NAMED or _declares_kind(path):
                    yield path


def _declares_kind(path: Path) -> bool:
    """Cheap look for a planforge `kind:` line, so other YAML in a folder is left alone."""
    try:
        head = path.read_bytes()[:65536].decode("utf-8", "replace")
    except OSError:
        return False
    return any(
        line.replace(" ", "").startswith(("kind:innovation_plan", "kind:zone_agreement"))
        for line in head.splitlines()
    )


def check_paths(paths: Sequence[str | Path]) -> list[FileResult]:
    """Load and validate every input, and every member plan of every zone."""
    queue: list[tuple[Path, FileResult | None, str]] = [(p, None, "") for p in expand_inputs(paths)]
    seen: dict[Path, FileResult] = {}
    results: list[FileResult] = []
    while queue:
        path, zone, pointer = queue.pop(0)
        key = path.resolve()
        result = seen.get(key)
        if result is None:
            result = check_file(path, member_of=zone.path if zone else None)
            result.zone_rules = declared_rules(zone) if zone else None
            seen[key] = result
            results.append(result)
            if result.kind == "zone_agreement":
                queue.extend((m, result, ptr) for m, ptr in _member_paths(result))
        elif zone and result.member_of is None and result is not zone:
            result.member_of = zone.path
            result.zone_rules = declared_rules(zone)
        if zone and result.kind == "zone_agreement":
            _not_a_plan(zone, result, pointer)
    return results


def _not_a_plan(zone: FileResult, member: FileResult, pointer: str) -> None:
    """A zone lists a zone file (itself or another) as a member plan: an error on the zone."""
    if member.path in zone.members:
        zone.members.remove(member.path)
    if member.member_of == zone.path:
        member.member_of = None
    what = "this zone file itself" if member is zone else f"the zone file {member.path}"
    line, col = zone.doc.source_map.locate(pointer)
    msg = (
        f"Member plan `{_member_text(zone, pointer)}` is {what}, not a school's plan. "
        "Point `plan:` at the member school's plan.yaml (kind: innovation_plan)."
    )
    zone.findings.append(
        error("zone.member-not-plan", msg, pointer, line=line, column=col, path=zone.path)
    )


def _member_text(zone: FileResult, pointer: str) -> str:
    index = int(pointer.split("/")[2])
    entry = zone.data["schools"][index]
    return str(entry["plan"])


def check_file(path: Path, *, member_of: str | None = None) -> FileResult:
    """Load and schema-validate one file."""
    display = display_path(path)
    doc = load_file(path, display=display)
    kind, findings = validate_document(doc)
    if kind is None:
        kind = detect_kind(doc.data)
    return FileResult(display, doc, kind, [*doc.findings, *findings], member_of=member_of)


def _member_paths(zone: FileResult) -> list[tuple[Path, str]]:
    """Resolve a zone's `schools[*].plan` paths (with their pointers); report the ones that
    do not exist or are listed twice."""
    schools = zone.data.get("schools") if isinstance(zone.data, dict) else None
    if not isinstance(schools, list):
        return []
    base = zone.resolved.parent
    out: list[tuple[Path, str]] = []
    first: dict[Path, str] = {}
    for index, entry in enumerate(schools):
        rel = entry.get("plan") if isinstance(entry, dict) else None
        if not isinstance(rel, str) or not rel:
            continue
        target = (base / rel).resolve()
        pointer = f"/schools/{index}/plan"
        problem = _member_problem(rel, target, first.get(target))
        if problem:
            code, msg = problem
            line, col = zone.doc.source_map.locate(pointer)
            zone.findings.append(error(code, msg, pointer, line=line, column=col, path=zone.path))
            continue
        zone.members.append(display_path(target))
        first[target] = rel
        out.append((target, pointer))
    return out


def _member_problem(rel: str, target: Path, earlier: str | None) -> tuple[str, str] | None:
    """Why a member path cannot be used (code, message), or None."""
    if target.is_dir():
        msg = (
            f"Member plan `{rel}` is a folder ({display_path(target)}); name the plan file in "
            f"it, e.g. `{rel.rstrip('/')}/plan.yaml`."
        )
        return "zone.member-missing", msg
    if not target.is_file():
        msg = (
            f"Member plan `{rel}` was not found (looked for {display_path(target)}). "
            "Paths are relative to the zone file's folder."
        )
        return "zone.member-missing", msg
    if earlier is not None:
        also = "" if earlier == rel else f" (first as `{earlier}`)"
        msg = (
            f"Member plan `{rel}` is listed twice{also}; "
            "a school can be a member only once. Remove one of the entries."
        )
        return "zone.member-duplicate", msg
    return None
