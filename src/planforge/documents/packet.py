"""`planforge build`: a zone's whole board packet, in parallel and incrementally.

Steps: validate the zone and every member plan, review them, then render each member's
innovation plan, waiver request and review memo and the zone's operating agreement, write
``manifest.json`` and ``SUMMARY.md``, and (with ``--pdf``) convert the documents in one warm
LibreOffice session.

*Incremental*: every document has an input hash (planforge version, template bytes, input
file bytes, rule packs and catalog for the memo). A document whose hash matches the previous
manifest and whose file still exists is not rebuilt. *Isolated*: one school that fails
(validation errors, a template problem) is reported and the others still build.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planforge import __version__
from planforge.errors import PlanforgeError, Severity
from planforge.inputs.pipeline import FileResult, display_path
from planforge.reporters import md_cell

if TYPE_CHECKING:
    from planforge.review.core import ReviewEntry

PLAN_KINDS = ("plan", "waivers", "review")
MANIFEST = "manifest.json"
SUMMARY = "SUMMARY.md"


@dataclass
class Doc:
    """One output document and what happened to it."""

    kind: str
    school: str
    source: str
    path: str
    hash: str
    status: str = "pending"
    error: str | None = None
    pdf: str | None = None
    pdf_hash: str | None = None
    pages: int | None = None


@dataclass
class SchoolSummary:
    """A member school's line in the manifest."""

    name: str
    path: str
    valid: bool
    verdict: str
    errors: int
    warnings: int


@dataclass
class BuildResult:
    """Everything the build did, as written to manifest.json."""

    zone: str
    zone_path: str
    outdir: str
    docs: list[Doc] = field(default_factory=list)
    schools: list[SchoolSummary] = field(default_factory=list)
    pdf: bool = False
    zone_verdict: str = ""

    @property
    def failed(self) -> list[Doc]:
        """Documents that could not be produced."""
        return [d for d in self.docs if d.status == "failed"]

    def count(self, status: str) -> int:
        """How many documents ended with a status."""
        return sum(1 for d in self.docs if d.status == status)


@dataclass(frozen=True)
class Settings:
    """Options for one build."""

    outdir: Path
    templates: Path
    jobs: int = 1
    draft: bool = False
    pdf: bool = False
    force: bool = False


# --------------------------------------------------------------------------- hashing


def _sha(parts: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:32]


def _rules_bytes() -> bytes:
    from planforge.resources import data_dir, packs_dir

    files = sorted(p for d in (data_dir(), packs_dir()) for p in d.rglob("*.yaml") if p.is_file())
    return b"".join(p.read_bytes() for p in files)


def doc_hash(kind: str, template: Path, sources: Iterable[Path], *, draft: bool) -> str:
    """The input hash of one document."""
    parts = [__version__.encode(), kind.encode(), str(draft).encode(), template.read_bytes()]
    parts.extend(p.read_bytes() for p in sources)
    if kind in ("review", "mou"):
        parts.append(_rules_bytes())
    return _sha(parts)


# --------------------------------------------------------------------------- planning


def school_name(result: FileResult) -> str:
    """The school's name as typed, or its file path."""
    data = result.data if isinstance(result.data, dict) else {}
    school = data.get("school")
    name = school.get("name") if isinstance(school, dict) else None
    return name if isinstance(name, str) and name else result.path


def check_templates(templates: Path) -> None:
    """Stop (exit 3) before anything is written if a template the packet needs is missing."""
    from planforge.documents.docx import DOCUMENT_KINDS
    from planforge.documents.zone import TEMPLATE
    from planforge.errors import TemplateError

    names = [DOCUMENT_KINDS[kind].template for kind in PLAN_KINDS] + [TEMPLATE]
    missing = [name for name in names if not (templates / name).is_file()]
    if missing:
        many = len(missing) > 1
        msg = (
            f"Template{'s' if many else ''} {', '.join(missing)} "
            f"{'were' if many else 'was'} not found in {templates}. Copy "
            f"{'them' if many else 'it'} from planforge's templates/ folder, or leave out "
            "--templates to use the bundled ones."
        )
        raise TemplateError(msg)


def plan_docs(zone: FileResult, members: list[FileResult], settings: Settings) -> list[Doc]:
    """Every document the packet needs, with its target path and input hash."""
    from planforge.documents.docx import DOCUMENT_KINDS
    from planforge.documents.naming import plan_stems
    from planforge.documents.zone import SUFFIX, TEMPLATE, zone_stem

    docs = []
    stems = plan_stems(members)
    for member in members:
        stem = stems[member.path]
        for kind in PLAN_KINDS:
            spec = DOCUMENT_KINDS[kind]
            target = settings.outdir / stem / f"{stem}{spec.suffix}"
            digest = doc_hash(
                kind, settings.templates / spec.template, [member.resolved], draft=settings.draft
            )
            docs.append(Doc(kind, school_name(member), member.path, display_path(target), digest))
    sources = [zone.resolved, *(m.resolved for m in members)]
    target = settings.outdir / f"{zone_stem(zone)}{SUFFIX}"
    digest = doc_hash("mou", settings.templates / TEMPLATE, sources, draft=settings.draft)
    docs.append(Doc("mou", "(zone)", zone.path, display_path(target), digest))
    return docs


def previous_manifest(outdir: Path) -> dict[str, dict[str, Any]]:
    """Documents of the last build in `outdir`, by output path (empty if none or unreadable).

    The manifest stores paths relative to `outdir`; they are turned back into paths as this
    run shows them, so a build started from another folder is still incremental.
    """
    try:
        data = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
        docs = [d for d in data.get("documents", []) if isinstance(d, dict) and "path" in d]
        for d in docs:
            d["path"] = display_path(outdir / d["path"])
            if isinstance(d.get("pdf"), str):
                d["pdf"] = display_path(outdir / d["pdf"])
        return {d["path"]: d for d in docs}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _in_outdir(path: str | None, outdir: Path) -> str | None:
    """A document path as the manifest and summary store it: relative to the packet folder."""
    return None if path is None else Path(os.path.relpath(path, outdir)).as_posix()


def mark_up_to_date(docs: list[Doc], previous: dict[str, dict[str, Any]], *, force: bool) -> None:
    """Docs whose hash matches the last build and whose file exists are 'unchanged'."""
    for doc in docs:
        old = previous.get(doc.path)
        if force or not old or old.get("hash") != doc.hash or old.get("status") == "failed":
            continue
        if Path(doc.path).is_file():
            doc.status = "unchanged"
            if old.get("pdf") and old.get("pdf_hash") == doc.hash and Path(old["pdf"]).is_file():
                doc.pdf, doc.pdf_hash, doc.pages = old["pdf"], doc.hash, old.get("pages")


# --------------------------------------------------------------------------- work units


@dataclass(frozen=True)
class SchoolTask:
    """Render some documents of one member school (runs in a worker process)."""

    data: Any
    review: Any
    kinds: tuple[str, ...]
    targets: tuple[str, ...]
    templates: str
    draft: bool
    today: str


@dataclass(frozen=True)
class MouTask:
    """Render the zone agreement (runs in a worker process, beside the schools)."""

    zone: FileResult
    members: tuple[FileResult, ...]
    target: str
    templates: str
    draft: bool
    kinds: tuple[str, ...] = ("mou",)


def run_mou_task(task: MouTask) -> list[tuple[str, str | None]]:
    """Render, verify and write the agreement; returns its (status, error)."""
    from planforge.documents.zone import ZoneBundle, render_mou
    from planforge.outputs import write_atomic

    try:
        bundle = ZoneBundle(task.zone, list(task.members))
        data = render_mou(bundle, templates=Path(task.templates), draft=task.draft)
        write_atomic(Path(task.target), data)
    except PlanforgeError as e:
        return [("failed", str(e))]
    return [("built", None)]


Task = SchoolTask | MouTask


def run_task(task: Task) -> list[tuple[str, str | None]]:
    """Run one unit of work (the function the process pool calls)."""
    if isinstance(task, MouTask):
        return run_mou_task(task)
    return run_school_task(task)


def run_school_task(task: SchoolTask) -> list[tuple[str, str | None]]:
    """Render and write each document; returns (status, error) per document."""
    from planforge.documents.docx import RenderInput, render_document
    from planforge.outputs import write_atomic

    inp = RenderInput(task.data, draft=task.draft, review=task.review, today=task.today)
    out: list[tuple[str, str | None]] = []
    for kind, target in zip(task.kinds, task.targets, strict=True):
        try:
            rendered = render_document(kind, inp, templates=Path(task.templates))
            write_atomic(Path(target), rendered.data)
            out.append(("built", None))
        except PlanforgeError as e:
            out.append(("failed", str(e)))
    return out


# --------------------------------------------------------------------------- the build


def build_zone(
    zone: FileResult,
    members: list[FileResult],
    settings: Settings,
    *,
    progress: Callable[[int], None] | None = None,
    packs: str | None = None,
) -> BuildResult:
    """Review every member and render everything out of date; one school's problem never
    stops the others.

    Each school's documents go to the worker pool as soon as that school is reviewed, so
    reviewing the next school overlaps with rendering the previous ones.
    """
    from planforge.packs.loader import load_packs
    from planforge.review.core import review_zone

    check_templates(settings.templates)
    ruleset = load_packs(packs or "co")
    result = BuildResult(
        school_name_of_zone(zone), zone.path, display_path(settings.outdir), pdf=settings.pdf
    )
    result.docs = plan_docs(zone, members, settings)
    mark_up_to_date(result.docs, previous_manifest(settings.outdir), force=settings.force)
    tick = progress or (lambda n: None)
    tick(result.count("unchanged"))
    reviews: dict[str, ReviewEntry] = {}
    with _Runner(settings.jobs, tick) as runner:
        for docs, task in _mou_task(result, zone, members, settings):
            runner.submit(docs, task)
        for member in members:
            reviews[member.path] = _review_member(member, ruleset)
            _submit_school(runner, member, reviews[member.path], result, settings, tick)
        result.zone_verdict = review_zone(zone, [zone, *members], reviews, ruleset).verdict
    result.schools = [_summary(m, reviews[m.path]) for m in members]
    return result


def _review_member(member: FileResult, ruleset: Any) -> ReviewEntry:
    from planforge.review.core import review_file

    return review_file(member, ruleset)


def _submit_school(
    runner: _Runner,
    member: FileResult,
    review: Any,
    result: BuildResult,
    settings: Settings,
    tick: Callable[[int], None],
) -> None:
    from planforge.documents.docx import sanitize

    docs = [d for d in result.docs if d.source == member.path and d.kind != "mou"]
    docs = [d for d in docs if d.status == "pending"]
    if not docs:
        return
    if member.failed() and not settings.draft:
        _fail(docs, f"{member.path} has validation errors; run `planforge validate {member.path}`.")
        tick(len(docs))
        return
    data, _ = sanitize(member.data)
    kinds = tuple(d.kind for d in docs)
    targets = tuple(d.path for d in docs)
    today = datetime.date.today().isoformat()
    task = SchoolTask(data, review, kinds, targets, str(settings.templates), settings.draft, today)
    runner.submit(docs, task)


def school_name_of_zone(zone: FileResult) -> str:
    """The zone's name as typed, or its path."""
    data = zone.data if isinstance(zone.data, dict) else {}
    info = data.get("zone")
    name = info.get("name") if isinstance(info, dict) else None
    return name if isinstance(name, str) and name else zone.path


def _summary(member: FileResult, review: ReviewEntry) -> SchoolSummary:
    return SchoolSummary(
        school_name(member),
        member.path,
        not member.failed(),
        review.verdict,
        review.count(Severity.ERROR),
        review.count(Severity.WARNING),
    )


def _fail(docs: list[Doc], message: str) -> None:
    for doc in docs:
        doc.status, doc.error = "failed", message


class _Runner:
    """Runs work units inline (one job) or in a process pool, applying their outcomes."""

    def __init__(self, jobs: int, tick: Callable[[int], None]) -> None:
        self.jobs, self.tick = jobs, tick
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict[Future[list[tuple[str, str | None]]], list[Doc]] = {}

    def __enter__(self) -> _Runner:
        if self.jobs > 1:
            self.pool = ProcessPoolExecutor(max_workers=self.jobs)
        return self

    def submit(self, docs: list[Doc], task: Task) -> None:
        if self.pool is None:
            _apply(docs, _safely(task))
            self.tick(len(docs))
            return
        self.futures[self.pool.submit(run_task, task)] = docs

    def __exit__(self, *exc: object) -> None:
        if self.pool is None:
            return
        try:
            for future in as_completed(self.futures):
                docs = self.futures[future]
                try:
                    _apply(docs, future.result())
                except Exception as e:  # a crashed worker must not stop the other schools
                    _fail(docs, f"the worker rendering this school stopped: {e}")
                self.tick(len(docs))
        finally:
            self.pool.shutdown()


def _safely(task: Task) -> list[tuple[str, str | None]]:
    try:
        return run_task(task)
    except Exception as e:  # same isolation as the process pool
        return [("failed", f"rendering stopped: {e}")] * len(task.kinds)


def _apply(docs: list[Doc], outcomes: list[tuple[str, str | None]]) -> None:
    for doc, (status, error) in zip(docs, outcomes, strict=True):
        doc.status, doc.error = status, error


def _mou_task(
    result: BuildResult, zone: FileResult, members: list[FileResult], settings: Settings
) -> list[tuple[list[Doc], Task]]:
    """The agreement's work unit, or none (up to date, or refused because a file has errors)."""
    doc = next(d for d in result.docs if d.kind == "mou")
    if doc.status != "pending":
        return []
    bad = [r.path for r in (zone, *members) if r.failed()]
    if bad and not settings.draft:
        _fail([doc], f"not rendered because these files have errors: {', '.join(bad)}")
        return []
    task = MouTask(zone, tuple(members), doc.path, str(settings.templates), settings.draft)
    return [([doc], task)]


# --------------------------------------------------------------------------- PDF


def convert_pdfs(result: BuildResult, *, on_done: Callable[[int], None] | None = None) -> None:
    """Convert every document whose PDF is missing or stale, in one warm LibreOffice."""
    from planforge.documents.pdf.convert import convert_to_pdf

    todo = [d for d in result.docs if d.status in ("built", "unchanged") and d.pdf_hash != d.hash]
    if not todo:
        return
    by_source = {str(Path(d.path).resolve()): d for d in todo}

    def done(res: Any) -> None:
        doc = by_source[str(Path(res.source).resolve())]
        if res.ok:
            doc.pdf, doc.pdf_hash, doc.pages = display_path(res.pdf), doc.hash, res.pages
        else:
            doc.status, doc.error = "failed", f"PDF not written: {res.error}"
        if on_done:
            on_done(1)

    convert_to_pdf([Path(d.path) for d in todo], on_result=done)


# --------------------------------------------------------------------------- manifest and summary


def write_manifest(result: BuildResult, outdir: Path) -> Path:
    """manifest.json: the zone, each school's verdict and every document with its status."""
    from planforge.outputs import write_atomic

    payload = {
        "planforge_version": __version__,
        "zone": {"name": result.zone, "path": result.zone_path, "verdict": result.zone_verdict},
        "ok": not result.failed,
        "schools": [asdict(s) for s in result.schools],
        "documents": [
            asdict(d) | {"path": _in_outdir(d.path, outdir), "pdf": _in_outdir(d.pdf, outdir)}
            for d in result.docs
        ],
    }
    target = outdir / MANIFEST
    write_atomic(target, (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode())
    return target


def write_summary(result: BuildResult, outdir: Path) -> Path:
    """SUMMARY.md: what a zone director reads before handing the packet to the board."""
    from planforge.outputs import write_atomic

    lines = [
        f"# {md_cell(result.zone)}: board packet",
        "",
        f"Built by planforge {__version__} from `{result.zone_path}`.",
        "",
        f"Review of the zone agreement: {md_cell(result.zone_verdict or 'not reviewed')}.",
        "",
    ]
    lines += [
        "## Member schools",
        "",
        "| School | Review verdict | Errors | Warnings |",
        "|---|---|---:|---:|",
    ]
    lines += [
        f"| {md_cell(s.name)} | {md_cell(s.verdict)} | {s.errors} | {s.warnings} |"
        for s in result.schools
    ]
    lines += ["", "## Documents", "", "| Document | School | File | Status |", "|---|---|---|---|"]
    for d in result.docs:
        name = _in_outdir(d.path, outdir)
        pdf = f" (+ PDF, {d.pages} pages)" if d.pdf else ""
        lines.append(
            f"| {_KIND_LABEL[d.kind]} | {md_cell(d.school)} | `{name}`{pdf} | {d.status} |"
        )
    if result.failed:
        lines += ["", "## Problems", ""]
        lines += [
            f"- **{_KIND_LABEL[d.kind]}, {md_cell(d.school)}**: {md_cell(d.error or 'failed')}"
            for d in result.failed
        ]
    target = outdir / SUMMARY
    write_atomic(target, ("\n".join(lines) + "\n").encode())
    return target


_KIND_LABEL = {
    "plan": "Innovation plan",
    "waivers": "State waiver request",
    "review": "Review memo",
    "mou": "Operating agreement",
}
