"""Reading inputs: expand paths, load each file, validate it, follow a zone to its members.

This is the shared first stage of every command (validate, review, render, build).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planforge.errors import Finding, InputFileError, Severity, error
from planforge.inputs.loader import LoadedDocument, load_file, read_limited
from planforge.inputs.prose import wrapped_marker_findings
from planforge.inputs.schemas import SCHEMA_BY_KIND
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
    def content(self) -> bytes | None:
        """The exact bytes the data was loaded from (what a build should hash), if read."""
        return self.doc.content

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


def not_found(results: Sequence[FileResult], what: str, hint: str) -> InputFileError:
    """The error for a command that found no file of the kind it needs (`what`).

    Files that could not be used say why: their error findings travel with the exception
    (printed first, each at its line), so an unreadable, binary or too-deeply nested file is
    never reported as merely "not a plan". `hint` says what to give instead.
    """
    names = ", ".join(r.path for r in results)
    broken = [r for r in results if not r.doc.usable or r.failed()]
    findings = sorted(
        (f for r in broken for f in r.findings if f.severity is Severity.ERROR),
        key=Finding.sort_key,
    )
    if any(not r.doc.usable for r in results):
        unusable = ", ".join(r.path for r in results if not r.doc.usable)
        many = len(findings) != 1
        msg = (
            f"{unusable}: cannot be read as {what}; fix the problem{'s' if many else ''} "
            f"above first."
        )
    elif findings:
        many = len(findings) != 1
        msg = f"{names}: not {what}; see the problem{'s' if many else ''} above. {hint}"
    else:
        msg = f"{names}: not {what}. {hint}"
    return InputFileError(msg, findings)


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
        try:
            os.stat(p)
        except (FileNotFoundError, NotADirectoryError):
            pass  # said below
        except (OSError, ValueError) as e:  # a folder on the way that cannot be entered
            msg = f"{raw}: cannot be read ({getattr(e, 'strerror', None) or e})."
            raise InputFileError(msg) from e
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
    """Plan and zone files in a folder tree: regular files only (a named pipe, a device or a
    link to one is skipped without being opened)."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in files:
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                path = Path(root) / name
                if _regular(path) and (name in _NAMED or _declares_kind(path)):
                    yield path


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


_KIND_LINES = tuple(f"kind:{kind}" for kind in SCHEMA_BY_KIND)


def _declares_kind(path: Path) -> bool:
    """Cheap look for a planforge `kind:` line, so other YAML in a folder is left alone."""
    try:
        head = read_limited(path, str(path), 65536).decode("utf-8", "replace")
    except InputFileError:
        return False
    return any(line.replace(" ", "").startswith(_KIND_LINES) for line in head.splitlines())


def check_paths(paths: Sequence[str | Path], *, allow_outside: bool = False) -> list[FileResult]:
    """Load and validate every input, and every member plan of every zone.

    A member plan outside its zone's folder (``../../etc/passwd``, an absolute path, a link
    that leads out) is refused before it is read, unless `allow_outside`; a member that
    cannot be read (no access, vanished, not a regular file) is an error on the zone at its
    `plan:` line, and the other members are checked as usual. A file named in `paths` that
    cannot be read raises :class:`InputFileError`.
    """
    queue: list[tuple[Path, FileResult | None, str]] = [(p, None, "") for p in expand_inputs(paths)]
    seen: dict[Path, FileResult] = {}
    results: list[FileResult] = []
    while queue:
        path, zone, pointer = queue.pop(0)
        key = path.resolve()
        result = seen.get(key)
        if result is None:
            try:
                result = check_file(path, member_of=zone.path if zone else None)
            except InputFileError as e:
                if zone is None:
                    raise
                _unreadable_member(zone, pointer, path, e)
                continue
            result.zone_rules = declared_rules(zone) if zone else None
            seen[key] = result
            results.append(result)
            if result.kind == "zone_agreement":
                members = _member_paths(result, allow_outside=allow_outside)
                queue.extend((m, result, ptr) for m, ptr in members)
        elif zone and result.member_of is None and result is not zone:
            result.member_of = zone.path
            result.zone_rules = declared_rules(zone)
        if zone and result.kind == "zone_agreement":
            _not_a_plan(zone, result, pointer)
    return results


def member_problems(zone: FileResult) -> list[Finding]:
    """The zone's findings about member plans it could not use (missing, unreadable, outside
    its folder, listed twice): those schools are left out of a build, which says so."""
    return [f for f in zone.findings if f.code.startswith("zone.member-")]


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
        "Point `plan:` at the member school's plan.yaml (kind: innovation_plan, or "
        "school_operational_plan in a Massachusetts empowerment zone)."
    )
    zone.findings.append(
        error("zone.member-not-plan", msg, pointer, line=line, column=col, path=zone.path)
    )


def _unreadable_member(zone: FileResult, pointer: str, path: Path, e: InputFileError) -> None:
    """A member that passed the checks but could not be read: an error on the zone."""
    display = display_path(path)
    if display in zone.members:
        zone.members.remove(display)
    reason = str(e).removeprefix(f"{display}: ").split(". ")[0].split("; ")[0].rstrip(".")
    if reason.startswith("cannot be read (") and reason.endswith(")"):
        reason = reason.removeprefix("cannot be read (")[:-1]
    line, col = zone.doc.source_map.locate(pointer)
    msg = (
        f"Member plan `{_member_text(zone, pointer)}` cannot be read: {reason}. The other "
        "member plans are checked and built without it; fix the file (or its permissions) "
        "and run again."
    )
    zone.findings.append(
        error("zone.member-unreadable", msg, pointer, line=line, column=col, path=zone.path)
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
    else:
        findings.extend(wrapped_marker_findings(doc))
    return FileResult(display, doc, kind, [*doc.findings, *findings], member_of=member_of)


def _member_paths(zone: FileResult, *, allow_outside: bool = False) -> list[tuple[Path, str]]:
    """Resolve a zone's `schools[*].plan` paths (with their pointers); report the ones that
    lead outside the zone's folder (unless allowed), do not exist or are listed twice."""
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
        pointer = f"/schools/{index}/plan"
        try:
            target = (base / rel).resolve()
        except (OSError, RuntimeError, ValueError):  # a link loop, a NUL byte
            target = base / rel
        problem = None if allow_outside else _outside_problem(rel, base, target)
        problem = problem or _member_problem(rel, target, first.get(target))
        if problem:
            code, msg = problem
            line, col = zone.doc.source_map.locate(pointer)
            zone.findings.append(error(code, msg, pointer, line=line, column=col, path=zone.path))
            continue
        zone.members.append(display_path(target))
        first[target] = rel
        out.append((target, pointer))
    return out


def _outside_problem(rel: str, base: Path, target: Path) -> tuple[str, str] | None:
    """A member path that leads out of the zone's folder (checked before anything is read)."""
    if target.is_relative_to(base):
        return None
    lexical = Path(os.path.normpath(base / rel))
    how = " through a link" if lexical.is_relative_to(base) else ""
    msg = (
        f"Member plan `{rel}` leads outside the zone's folder{how} (to "
        f"{display_path(target)}), so it was not read. Member plans must be in the zone "
        f"file's folder ({display_path(base)}) or below it; move the plan there, or, if you "
        "trust this zone file, run the command again with --allow-outside."
    )
    return "zone.member-outside", msg


def _member_problem(rel: str, target: Path, earlier: str | None) -> tuple[str, str] | None:
    """Why a member path cannot be used (code, message), or None. Only looks at the path
    (nothing is opened): a named pipe or device is refused here, before anyone reads it."""
    try:
        mode: int | None = os.stat(target).st_mode
    except (FileNotFoundError, NotADirectoryError, ValueError):
        mode = None
    except OSError as e:  # a folder on the way that cannot be entered, a link loop
        msg = f"Member plan `{rel}` cannot be read: {e.strerror or e}."
        return "zone.member-unreadable", msg
    if mode is not None and stat.S_ISDIR(mode):
        msg = (
            f"Member plan `{rel}` is a folder ({display_path(target)}); name the plan file in "
            f"it, e.g. `{rel.rstrip('/')}/plan.yaml`."
        )
        return "zone.member-missing", msg
    if mode is not None and not stat.S_ISREG(mode):
        msg = (
            f"Member plan `{rel}` is not a regular file ({display_path(target)} is a named "
            "pipe, a device or a socket); name the school's plan.yaml."
        )
        return "zone.member-unreadable", msg
    if mode is None:
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
