"""A folder of plans and zones: what is in it, each file's checked state, and safe saving.

Files are read from disk on every request that needs them (a stat first; the parsed and
reviewed state is kept while the bytes are unchanged), so the file on disk is always the
truth and another editor's changes are seen at once. Saving goes through :meth:`Workspace.save`:
the page's version must still be the file's, the edit is checked
(:mod:`planforge.web.editing`), the file is written atomically and the new version is added to
the history.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planforge.errors import InputFileError, PlanforgeError, Severity
from planforge.inputs.loader import LoadedDocument, load_bytes
from planforge.inputs.pipeline import (
    FileResult,
    declared_rules,
    display_path,
    expand_inputs,
)
from planforge.inputs.schemas import KIND_LABEL
from planforge.inputs.validate import detect_kind, validate_document
from planforge.outputs import write_atomic
from planforge.web import editing
from planforge.web.history import History, sha_of
from planforge.web.schema_nav import property_order
from planforge.web.security import PathRefused, confine, relative
from planforge.web.yamltext import TextDoc, Unsupported

if TYPE_CHECKING:
    from planforge.rules.engine import ReviewEntry


_LOOK_UP = "\x00look-up"
MEMBER_KINDS = frozenset({"innovation_plan", "school_operational_plan"})
"""The document kinds a zone lists as its member schools' plans."""


class Conflict(Exception):
    """The file changed on disk since the page was opened."""

    def __init__(self, state: FileState, base: str) -> None:
        super().__init__("the file changed on disk")
        self.state = state
        self.base = base


@dataclass
class FileState:
    """One file as it is on disk now: bytes, text, checked result and (lazily) its review."""

    rel: str
    path: Path
    raw: bytes
    sha: str
    mtime: tuple[int, int]
    result: FileResult
    text: str | None
    crlf: bool = False
    bom: bool = False
    zone: str | None = None
    _review: Any = field(default=None, repr=False)
    _index: TextDoc | None = field(default=None, repr=False)

    def index(self) -> TextDoc | None:
        """Where every value is in the text (built once, carried over by quick edits)."""
        if self._index is None and self.text is not None:
            try:
                self._index = TextDoc(self.text)
            except Unsupported:
                return None
        return self._index

    @property
    def doc(self) -> LoadedDocument:
        """What the loader read."""
        return self.result.doc

    @property
    def data(self) -> Any:
        """The loaded data (None when the file cannot be read as YAML)."""
        return self.result.data

    @property
    def kind(self) -> str | None:
        """``innovation_plan``, ``zone_agreement``, ``school_operational_plan`` or None."""
        return self.result.kind

    @property
    def label(self) -> str:
        """``plan``, ``zone`` or ``sop`` (the schema's name); ``plan`` when unknown."""
        return KIND_LABEL.get(self.kind or "", "plan")

    @property
    def editable(self) -> bool:
        """True when the form editor can show this file (it loads as a mapping)."""
        return isinstance(self.data, dict) and self.text is not None

    def encode(self, text: str) -> bytes:
        """Text back to bytes with the file's own line endings and byte-order mark."""
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ("\ufeff" if self.bom else "").encode() + text.encode("utf-8")


@dataclass
class Saved:
    """What a save did."""

    state: FileState
    changed: bool


def _unreviewable(state: FileState, error: PlanforgeError) -> ReviewEntry:
    """The review of a file whose rule packs cannot be used (a pack of another state than the
    file's, an unknown pack, a pack file that is missing or broken): not reviewed, with the
    reason beside its rule packs, where it can be put right."""
    from planforge.errors import Finding
    from planforge.rules.engine import NOT_REVIEWED, ReviewEntry

    data = state.data if isinstance(state.data, dict) else {}
    pointer = "/rules" if "rules" in data else ""
    line, column = state.doc.source_map.locate(pointer) if pointer else (None, None)
    message = str(error).removeprefix(f"{state.result.path}: ")
    finding = Finding(Severity.ERROR, "rules.unusable", message, pointer, line, column,
                      state.result.path)  # fmt: skip
    head = data.get("zone" if state.kind == "zone_agreement" else "school")
    head = head if isinstance(head, dict) else {}
    name, district = str(head.get("name") or ""), str(head.get("district") or "")
    action = "zone" if state.kind == "zone_agreement" else str(data.get("action") or "")
    return ReviewEntry(
        state.result.path, state.kind, name, district, action, [*state.result.findings, finding],
        [], NOT_REVIEWED, f"Verdict: NOT REVIEWED — {message}", reviewed=False,
    )  # fmt: skip


class Workspace:
    """The folder `planforge serve` was started on."""

    def __init__(self, root: Path, *, templates: Path | None = None) -> None:
        self.root = root.resolve()
        self.templates = templates
        self.history = History(self.root)
        self._states: dict[str, FileState] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    # -- files -------------------------------------------------------------------------------

    def files(self) -> list[str]:
        """Every plan and zone file in the folder (workspace-relative), sorted."""
        try:
            found = expand_inputs([self.root])
        except InputFileError:
            return []
        return sorted(relative(self.root, p) for p in found)

    def path(self, rel: str, *, must_exist: bool = True) -> Path:
        """The absolute path of a workspace file (PathRefused outside the workspace)."""
        return confine(self.root, rel, must_exist=must_exist)

    def canonical(self, rel: str) -> str:
        """The workspace-relative path a file is known by (symlinks inside resolved)."""
        return relative(self.root, self.path(rel))

    def lock(self, rel: str) -> threading.Lock:
        """The lock serialising saves of one file."""
        with self._guard:
            return self._locks.setdefault(rel, threading.Lock())

    # -- state -------------------------------------------------------------------------------

    def state(self, rel: str) -> FileState:
        """The file as it is on disk now (cached while its bytes are unchanged)."""
        rel = self.canonical(rel)
        path = self.path(rel)
        stat = path.stat()
        mtime = (stat.st_mtime_ns, stat.st_size)
        cached = self._states.get(rel)
        if cached is not None and cached.mtime == mtime:
            return cached
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise InputFileError(f"{rel}: cannot be read ({e.strerror or e}).") from e
        if cached is not None and cached.sha == sha_of(raw):
            cached.mtime = mtime
            return cached
        state = self._build(rel, path, raw, mtime)
        self._states[rel] = state
        self.history.record_if_new(rel, raw)
        return state

    def _build(
        self,
        rel: str,
        path: Path,
        raw: bytes,
        mtime: tuple[int, int],
        *,
        doc: LoadedDocument | None = None,
        zone: str | None = _LOOK_UP,
    ) -> FileState:
        """Check a file's bytes. `doc` is the loader's reading when already made (a save);
        `zone` the zone it belongs to when known (default: look it up)."""
        display = display_path(path)
        if doc is None or doc.path != display:
            doc = load_bytes(raw, display)
        kind, findings = validate_document(doc)
        if kind is None:
            kind = detect_kind(doc.data)
        result = FileResult(display, doc, kind, [*doc.findings, *findings])
        text: str | None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        bom = bool(text and text.startswith("\ufeff"))
        if text is not None and bom:
            text = text[1:]
        crlf = bool(text and "\r\n" in text)
        if text is not None and crlf:
            text = text.replace("\r\n", "\n")
        if zone == _LOOK_UP:
            zone = self.zone_of(rel) if kind in MEMBER_KINDS else None
        state = FileState(rel, path, raw, sha_of(raw), mtime, result, text, crlf, bom, zone)
        if zone is not None:
            try:
                zone_state = self.state(zone)
                result.member_of = zone_state.result.path
                result.zone_rules = declared_rules(zone_state.result)
            except (PathRefused, PlanforgeError, OSError):
                pass
        return state

    def state_from_text(self, rel: str, text: str, *, name: str | None = None) -> FileState:
        """A checked state for text that is not (or not yet) the file on disk."""
        path = self.path(rel)
        base = self.state(rel)
        raw = base.encode(text)
        state = self._build(rel, path, raw, (0, 0))
        if name is not None:
            state.result.path = name
        return state

    def zone_of(self, rel: str) -> str | None:
        """The zone file in this workspace that lists the plan `rel` (an innovation plan or a
        school operational plan) as a member, if any."""
        target = self.path(rel)
        for other in self.files():
            if other == rel or not _looks_like_zone(self.root / other):
                continue
            try:
                zone = self.state(other)
            except (PathRefused, PlanforgeError, OSError):
                continue
            if zone.kind != "zone_agreement" or not isinstance(zone.data, dict):
                continue
            for school in zone.data.get("schools") or []:
                plan = school.get("plan") if isinstance(school, dict) else None
                if isinstance(plan, str) and (zone.path.parent / plan).resolve() == target:
                    return other
        return None

    def review(self, state: FileState) -> ReviewEntry:
        """The authorizer's review of a file (cached while the file is unchanged)."""
        if state._review is None:
            try:
                if state.kind == "zone_agreement":
                    state._review = self._zone_review(state)
                else:
                    from planforge.rules.engine import review_file

                    state._review = review_file(state.result)
            except PlanforgeError as e:  # its packs cannot be used (another state's, unknown)
                state._review = _unreviewable(state, e)
        review: ReviewEntry = state._review
        return review

    def _zone_review(self, state: FileState) -> ReviewEntry:
        from planforge.inputs.pipeline import check_paths
        from planforge.rules.engine import review_results

        results = check_paths([state.path])
        entries = review_results(results)
        return entries[0]

    def counts(self, state: FileState) -> tuple[int, int, int]:
        """(errors, warnings, notes) of a file's review."""
        review = self.review(state)
        return (
            review.count(Severity.ERROR),
            review.count(Severity.WARNING),
            review.count(Severity.INFO),
        )

    # -- saving ------------------------------------------------------------------------------

    def save(
        self, rel: str, base: str, ops: Sequence[editing.Op], *, note: str = "", force: bool = False
    ) -> Saved:
        """Apply `ops` to the file if it is still at version `base` (else Conflict)."""
        rel = self.canonical(rel)
        with self.lock(rel):
            state = self.state(rel)
            if state.sha != base and not force:
                raise Conflict(state, base)
            if not state.editable or state.text is None:
                raise editing.EditError(
                    "This file cannot be edited in the form until it reads as YAML; "
                    "fix it with 'Edit as text' first."
                )
            applied = editing.apply(
                state.text,
                state.data,
                ops,
                lambda p: property_order(state.label, p),
                base_errors=editing.yaml_errors(state.doc),
                name=state.result.path,
                index=state.index(),
            )
            if applied.text == state.text:
                return Saved(state, False)
            raw = state.encode(applied.text)
            fresh = self._write(rel, state, raw, "saved", note, doc=applied.doc)
            fresh._index = applied.index
            return Saved(fresh, True)

    def write_bytes(
        self, rel: str, base: str | None, raw: bytes, event: str, note: str = ""
    ) -> Saved:
        """Replace a file's bytes (restore, text edit, conflict resolution); Conflict if the
        file is no longer at `base` (None: do not check)."""
        rel = self.canonical(rel)
        with self.lock(rel):
            state = self.state(rel)
            if base is not None and state.sha != base:
                raise Conflict(state, base)
            if raw == state.raw:
                return Saved(state, False)
            return Saved(self._write(rel, state, raw, event, note), True)

    def _write(
        self,
        rel: str,
        state: FileState,
        raw: bytes,
        event: str,
        note: str,
        *,
        doc: LoadedDocument | None = None,
    ) -> FileState:
        write_atomic(state.path, raw)
        self.history.record(rel, raw, event, note)
        stat = state.path.stat()
        mtime = (stat.st_mtime_ns, stat.st_size)
        fresh = self._build(rel, state.path, raw, mtime, doc=doc, zone=state.zone)
        self._states[rel] = fresh
        return fresh


def _looks_like_zone(path: Path) -> bool:
    try:
        head = path.read_bytes()[:65536]
    except OSError:
        return False
    return b"zone_agreement" in head
