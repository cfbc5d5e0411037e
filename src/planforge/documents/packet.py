"""`planforge build`: a zone's whole board packet, in parallel and incrementally.

Steps: validate the zone and every member plan, review them, then render each member's
documents (every plan-scoped kind in the registry: the innovation plan, the state waiver
request, the budget section as a Word document and as a spreadsheet, the review memo) and the
zone's operating agreement, write ``manifest.json`` and ``SUMMARY.md``, and (with ``--pdf``)
convert the Word documents in one warm LibreOffice session.

Every kind declares its format (``DocumentKind.format``): the runner returns each document's
bytes whatever the format, the manifest records the format and the sha256 of the file as
written, and only Word documents get PDFs.

*Incremental*: every document has an input hash (planforge version, template bytes, the
input files' bytes as loaded and rendered, rule packs and catalog for the memo). A document
whose hash matches the previous manifest and whose file is still the one written then is not
rebuilt (see ``manifest.py``). *Isolated*: one school that fails (validation errors, a
template problem) is reported and the others still build. *Exclusive*: one build at a time
writes to a folder (``folder_lock.py``).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planforge import __version__
from planforge.documents.kinds import DOCUMENT_KINDS, kinds_for, templates_used
from planforge.documents.manifest import (
    MANIFEST,
    drop_stale_pdfs,
    file_sha256,
    mark_up_to_date,
    previous_manifest,
)
from planforge.documents.runner import Outcome, RenderJob, Runner, worker_count
from planforge.domain.text import json_safe, printable  # names that are not UTF-8
from planforge.errors import PlanforgeError, Severity
from planforge.inputs.pipeline import FileResult, display_path
from planforge.packs.loader import RuleSet
from planforge.packs.selection import ruleset_for
from planforge.reporters import md_cell

if TYPE_CHECKING:
    from planforge.rules.engine import ReviewEntry

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
    sha256: str | None = None
    """sha256 of the file as written (or as found unchanged)."""
    format: str = "docx"
    """The file's format (``docx``, or ``xlsx`` for the budget spreadsheet): only Word
    documents are converted to PDF."""
    pdf: str | None = None
    pdf_status: str | None = None
    """None (no PDF), ``built``, ``unchanged``, ``failed``, ``missing`` (LibreOffice missing or
    not starting) or ``removed`` (an out-of-date PDF was deleted)."""
    pdf_sha256: str | None = None
    pdf_of: str | None = None
    """The sha256 of the .docx the PDF was made from."""
    pages: int | None = None
    exit_code: int | None = None
    """For a failed document, the exit code its error calls for (3: a template problem)."""


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
    warnings: list[str] = field(default_factory=list)
    """What the user should know that did not stop anything (a damaged manifest …)."""
    pdf_problem: str | None = None
    """Why no (more) PDFs could be made: LibreOffice missing, not starting or crashing."""

    @property
    def failed(self) -> list[Doc]:
        """Documents that could not be produced."""
        return [d for d in self.docs if d.status == "failed"]

    @property
    def exit_code(self) -> int:
        """0 when every document was produced; else the most serious failure's code (3 for a
        template problem or for PDFs LibreOffice could not make, 1 otherwise)."""
        codes = [d.exit_code or 1 for d in self.failed]
        if self.pdf_problem is not None:
            codes.append(3)
        return max(codes, default=0)

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
    rules: str | None = None
    """Rule packs overriding the ones the files name (``--rules``); None: the files' own."""


# --------------------------------------------------------------------------- hashing


def _sha(parts: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:32]


def _rules_bytes(ruleset: RuleSet) -> bytes:
    """The rule packs (data and code) a document was rendered with, and the waiver catalog."""
    from planforge.resources import data_dir

    files = [*ruleset.files, *sorted(p for p in data_dir().rglob("*.yaml") if p.is_file())]
    return b"".join(p.read_bytes() for p in files)


def doc_hash(
    kind: str, template: Path | None, sources: Iterable[bytes], ruleset: RuleSet, *, draft: bool
) -> str:
    """The input hash of one document: planforge, template (none for a kind that is not a
    Word template), input files' bytes, packs, catalog."""
    body = template.read_bytes() if template is not None else b""
    parts = [__version__.encode(), kind.encode(), str(draft).encode(), body]
    parts.extend(sources)
    parts.append(_rules_bytes(ruleset))
    return _sha(parts)


def source_bytes(result: FileResult) -> bytes:
    """The bytes a checked file was loaded from, which are what its documents render: the
    file is not read again, so an edit made during the build changes the next build's hash."""
    content = result.content
    if content is not None:
        return content
    try:  # loaded some other way (not by load_file)
        return result.resolved.read_bytes()
    except OSError:
        return b""


# --------------------------------------------------------------------------- planning


def school_name(result: FileResult) -> str:
    """The school's name as typed, or its file path."""
    data = result.data if isinstance(result.data, dict) else {}
    school = data.get("school")
    name = school.get("name") if isinstance(school, dict) else None
    return name if isinstance(name, str) and name else result.path


def check_templates(templates: Path, kinds: Sequence[str] | None = None) -> None:
    """Stop (exit 3) before anything is written if a template the packet needs (those of
    `kinds`; default every kind's) is missing, not a usable .docx, or has a tag error."""
    from planforge.errors import TemplateError

    names = templates_used(kinds)
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
    from planforge.documents.templates_check import preflight

    for name in names:  # an unusable package or a tag error: exit 3 up front
        preflight(templates / name)


def plan_docs(zone: FileResult, members: list[FileResult], settings: Settings) -> list[Doc]:
    """Every document the packet needs, with its target path and input hash."""
    from planforge.documents.naming import plan_stems
    from planforge.documents.zone import zone_stem

    docs = []
    stems = plan_stems(members)
    for member in members:
        stem = stems[member.path]
        ruleset = ruleset_for(member, settings.rules)
        for kind in kinds_for("plan", member.data):
            spec = DOCUMENT_KINDS[kind]
            target = settings.outdir / stem / f"{stem}{spec.suffix}"
            sources = [source_bytes(member)]
            if spec.reads_zone(member.data):  # e.g. the waiver request names the board's president
                sources.append(source_bytes(zone))
            digest = doc_hash(
                kind, _template(settings, kind), sources, ruleset, draft=settings.draft
            )
            docs.append(
                Doc(kind, school_name(member), member.path, display_path(target), digest,
                    format=spec.format)
            )  # fmt: skip
    sources = [source_bytes(zone), *(source_bytes(m) for m in members)]
    ruleset = ruleset_for(zone, settings.rules)
    for kind in kinds_for("zone", zone.data):
        spec = DOCUMENT_KINDS[kind]
        target = settings.outdir / f"{zone_stem(zone)}{spec.suffix}"
        digest = doc_hash(kind, _template(settings, kind), sources, ruleset, draft=settings.draft)
        docs.append(
            Doc(kind, "(zone)", zone.path, display_path(target), digest, format=spec.format)
        )
    return docs


def _template(settings: Settings, kind: str) -> Path | None:
    """The Word template a kind renders, or None for a kind in another format."""
    name = DOCUMENT_KINDS[kind].template
    return settings.templates / name if name else None


def _in_outdir(path: str | None, outdir: Path) -> str | None:
    """A document path as the manifest and summary store it: relative to the packet folder."""
    return None if path is None else Path(os.path.relpath(path, outdir)).as_posix()


# --------------------------------------------------------------------------- the build


def build_zone(
    zone: FileResult,
    members: list[FileResult],
    settings: Settings,
    *,
    progress: Callable[[int], None] | None = None,
) -> BuildResult:
    """Review every member and render everything out of date; one school's problem never
    stops the others.

    Each school's documents go to the worker pool as soon as that school is reviewed, so
    reviewing the next school overlaps with rendering the previous ones. Every file is
    reviewed and rendered with the packs it names (or its zone names), unless
    ``settings.rules`` overrides them. The caller checks the templates first
    (:func:`check_templates`) and holds the output folder's lock.
    """
    from planforge.rules.engine import review_file, review_zone

    result = BuildResult(
        school_name_of_zone(zone), zone.path, display_path(settings.outdir), pdf=settings.pdf
    )
    result.docs = plan_docs(zone, members, settings)
    previous, damaged = previous_manifest(settings.outdir)
    if damaged:
        result.warnings.append(damaged)
    mark_up_to_date(result.docs, previous, force=settings.force)
    result.warnings.extend(drop_stale_pdfs([d for d in result.docs if d.format == "docx"]))
    tick = progress or (lambda n: None)
    tick(result.count("unchanged"))
    reviews: dict[str, ReviewEntry] = {}
    by_target = {d.path: d for d in result.docs}

    def done(job: RenderJob, outcomes: list[Outcome]) -> None:
        for target, outcome in zip(job.tag, outcomes, strict=True):
            _record(by_target[target], outcome)
        tick(len(outcomes))

    workers = worker_count(settings.jobs, len(result.docs) - result.count("unchanged"))
    with Runner(workers, done) as runner:
        for job in _agreement_jobs(result, zone, members, settings):
            runner.submit(job)
        zone_data = _clean(zone.data)
        for member in members:
            reviews[member.path] = review_file(member, ruleset_for(member, settings.rules))
            _submit_school(runner, member, reviews[member.path], result, settings, tick, zone_data)
        zone_rules = ruleset_for(zone, settings.rules)
        result.zone_verdict = review_zone(zone, [zone, *members], reviews, zone_rules).verdict
    result.schools = [_summary(m, reviews[m.path]) for m in members]
    return result


def _record(doc: Doc, outcome: Outcome) -> None:
    """Write a rendered document, or mark it failed with its error."""
    from planforge.outputs import write_atomic

    if outcome.data is None:
        doc.status, doc.error = "failed", str(outcome.error or "not rendered")
        doc.exit_code = outcome.error.exit_code if outcome.error is not None else 1
        return
    try:
        write_atomic(Path(doc.path), outcome.data)
    except PlanforgeError as e:
        doc.status, doc.error = "failed", str(e)
        return
    doc.status, doc.sha256 = "built", hashlib.sha256(outcome.data).hexdigest()


def _submit_school(
    runner: Runner,
    member: FileResult,
    review: Any,
    result: BuildResult,
    settings: Settings,
    tick: Callable[[int], None],
    zone_data: Any = None,
) -> None:
    from dataclasses import replace

    from planforge.documents.render import prepare

    docs = [d for d in result.docs if d.source == member.path and d.kind in kinds_for("plan")]
    docs = [d for d in docs if d.status == "pending"]
    if not docs:
        return
    if member.failed() and not settings.draft:
        _fail(docs, f"{member.path} has validation errors; run `planforge validate {member.path}`.")
        tick(len(docs))
        return
    inp, _ = prepare(member, rules=settings.rules, draft=settings.draft)
    kinds = tuple(d.kind for d in docs)
    targets = tuple(d.path for d in docs)
    inp = replace(inp, review=review, zone=zone_data)
    runner.submit(RenderJob(kinds, inp, settings.templates, targets))


def _clean(data: Any) -> Any:
    """A zone's data without XML-illegal characters (as rendering uses it), or None."""
    from planforge.documents.docx import sanitize

    return sanitize(data)[0] if isinstance(data, dict) else None


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


def _agreement_jobs(
    result: BuildResult, zone: FileResult, members: list[FileResult], settings: Settings
) -> list[RenderJob]:
    """The zone documents' work, or none (up to date, or refused because a file has errors)."""
    from planforge.documents.zone import ZoneBundle, agreement_input

    docs = [d for d in result.docs if d.kind in kinds_for("zone", zone.data)]
    docs = [d for d in docs if d.status == "pending"]
    if not docs:
        return []
    bad = [r.path for r in (zone, *members) if r.failed()]
    if bad and not settings.draft:
        _fail(docs, f"not rendered because these files have errors: {', '.join(bad)}")
        return []
    ruleset = ruleset_for(zone, settings.rules)
    inp = agreement_input(
        ZoneBundle(zone, members), draft=settings.draft, params=ruleset.params, packs=ruleset.label
    )
    kinds = tuple(d.kind for d in docs)
    return [RenderJob(kinds, inp, settings.templates, tuple(d.path for d in docs))]


Progress = Callable[[str, int, int], None]
"""Called as work is done: (phase ``"render"`` or ``"pdf"``, documents just finished, total)."""


def build_packet(
    zone: FileResult,
    members: list[FileResult],
    settings: Settings,
    *,
    progress: Progress | None = None,
) -> BuildResult:
    """The whole packet: render what is out of date, convert to PDF when asked, and write
    ``manifest.json`` and ``SUMMARY.md`` into the output folder, holding the folder's lock
    throughout (OutputError, exit 4, if another build keeps it)."""
    from planforge.documents.folder_lock import folder_lock

    report = progress or (lambda phase, n, total: None)
    needed = [
        *(k for m in members for k in kinds_for("plan", m.data)),
        *kinds_for("zone", zone.data),
    ]
    check_templates(settings.templates, needed)  # exit 3 before anything is written
    total = len(needed)
    with folder_lock(settings.outdir):
        result = build_zone(zone, members, settings, progress=lambda n: report("render", n, total))
        if settings.pdf:
            words = sum(1 for d in result.docs if d.format == "docx")
            convert_pdfs(result, on_done=lambda n: report("pdf", n, words))
        write_manifest(result, settings.outdir)
        write_summary(result, settings.outdir)
    return result


# --------------------------------------------------------------------------- PDF


def convert_pdfs(result: BuildResult, *, on_done: Callable[[int], None] | None = None) -> None:
    """Convert every Word document without a PDF made from its current .docx, in one warm
    LibreOffice (a spreadsheet is not converted). When LibreOffice is missing, does not start
    or keeps stopping, the build goes on: the PDFs not made are marked ``missing`` and
    ``result.pdf_problem`` says why."""
    from planforge.documents.pdf.convert import convert_to_pdf
    from planforge.errors import ToolMissingError

    todo = [
        d
        for d in result.docs
        if d.status in ("built", "unchanged") and d.pdf is None and d.format == "docx"
    ]
    if not todo:
        return
    by_source = {str(Path(d.path).resolve()): d for d in todo}

    def done(res: Any) -> None:
        doc = by_source[str(Path(res.source).resolve())]
        if res.ok:
            doc.pdf, doc.pages, doc.pdf_status = display_path(res.pdf), res.pages, "built"
            doc.pdf_sha256, doc.pdf_of = file_sha256(Path(res.pdf)), doc.sha256
        else:
            doc.status, doc.error = "failed", f"PDF not written: {res.error}"
            doc.pdf_status = "failed"
        if on_done:
            on_done(1)

    try:
        convert_to_pdf([Path(d.path) for d in todo], on_result=done)
    except ToolMissingError as e:
        result.pdf_problem = str(e)
        for doc in todo:
            if doc.pdf is None and doc.pdf_status != "failed":
                doc.pdf_status = "missing"


# --------------------------------------------------------------------------- manifest and summary


def write_manifest(result: BuildResult, outdir: Path) -> Path:
    """manifest.json: the zone, each school's verdict and every document with its status."""
    from planforge.outputs import write_atomic

    payload = {
        "planforge_version": __version__,
        "zone": {"name": result.zone, "path": result.zone_path, "verdict": result.zone_verdict},
        "ok": not result.failed and result.pdf_problem is None,
        "warnings": result.warnings,
        "pdf_problem": result.pdf_problem,
        "schools": [asdict(s) for s in result.schools],
        "documents": [
            asdict(d) | {"path": _in_outdir(d.path, outdir), "pdf": _in_outdir(d.pdf, outdir)}
            for d in result.docs
        ],
    }
    target = outdir / MANIFEST
    write_atomic(
        target, (json_safe(json.dumps(payload, indent=2, ensure_ascii=False)) + "\n").encode()
    )
    return target


def _agreement_label(result: BuildResult) -> str:
    """What the zone's agreement is called (its kind's label: operating agreement, or a
    Massachusetts zone's memorandum of understanding)."""
    zone_kinds = [d.kind for d in result.docs if DOCUMENT_KINDS[d.kind].scope == "zone"]
    return DOCUMENT_KINDS[zone_kinds[0]].label.lower() if zone_kinds else "zone agreement"


_PDF_NOTES = {"missing": " (PDF missing)", "removed": " (out-of-date PDF deleted)"}


def write_summary(result: BuildResult, outdir: Path) -> Path:
    """SUMMARY.md: what a zone director reads before handing the packet to the board."""
    from planforge.outputs import write_atomic

    lines = [
        f"# {md_cell(result.zone)}: board packet",
        "",
        f"Built by planforge {__version__} from `{result.zone_path}`.",
        "",
        f"Review of the {_agreement_label(result)}: "
        f"{md_cell(result.zone_verdict or 'not reviewed')}.",
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
        pdf = f" (+ PDF, {d.pages} pages)" if d.pdf else _PDF_NOTES.get(d.pdf_status or "", "")
        lines.append(
            f"| {DOCUMENT_KINDS[d.kind].label} | {md_cell(d.school)} | `{name}`{pdf} | {d.status} |"
        )
    if result.failed or result.pdf_problem:
        lines += ["", "## Problems", ""]
        if result.pdf_problem:
            lines.append(f"- **PDFs**: {md_cell(result.pdf_problem)}")
        lines += [
            f"- **{DOCUMENT_KINDS[d.kind].label}, {md_cell(d.school)}**: {md_cell(d.error or 'failed')}"
            for d in result.failed
        ]
    if result.warnings:
        lines += ["", "## Warnings", ""]
        lines += [f"- {md_cell(w)}" for w in result.warnings]
    target = outdir / SUMMARY
    write_atomic(target, printable("\n".join(lines) + "\n").encode())
    return target
