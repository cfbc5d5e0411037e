"""Documents: render and download a plan's Word documents (and PDFs), and build a zone packet.

Rendering uses :func:`planforge.render` on the file as it is on disk (every change is
already saved), with the rule packs the file (or its zone) names and the workspace's
templates. A plan with form errors can still be downloaded as a *draft*, with
``[MISSING: …]`` marks where something is needed. A zone's packet is built in the
background with :func:`planforge.build`; its page shows the progress.
"""

from __future__ import annotations

import io
import tempfile
import threading
import time
import uuid
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from planforge.errors import InvalidInputError, PlanforgeError, Severity
from planforge.inputs.pipeline import FileResult
from planforge.web.app import Web, route
from planforge.web.security import PathRefused
from planforge.web.views_edit import summary
from planforge.web.views_home import Row, row_for
from planforge.web.views_review import DOCX, _download
from planforge.web.workspace import FileState

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CACHE_SIZE = 24
_PDF_LOCK = threading.Lock()


def pdf_available() -> bool:
    """True when LibreOffice is installed (PDF buttons are shown)."""
    from planforge.documents.pdf.convert import find_soffice
    from planforge.errors import ToolMissingError

    try:
        find_soffice()
    except ToolMissingError:
        return False
    return True


class RenderCache:
    """Recently rendered documents by (file version, kind, draft): a second download is free."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple[str, str, bool, str], tuple[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, bool, str]) -> tuple[str, bytes] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, str, bool, str], value: tuple[str, bytes]) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > _CACHE_SIZE:
                self._items.popitem(last=False)


def _zone_result(web: Web, state: FileState, draft: bool) -> list[FileResult]:
    """The zone of a member plan, for documents that read it (the operational plan names its
    zone and zone board; the waiver request the board's president): none when the plan has no
    zone, or when the zone has a problem that would stop a board-ready document of the plan."""
    from planforge.documents.render import blocking

    if state.zone is None:
        return []
    try:
        zone = web.workspace.state(state.zone).result
    except (PathRefused, PlanforgeError, OSError):
        return []
    return [zone] if draft or not blocking([zone]) else []


def render_docx(web: Web, state: FileState, kind: str, draft: bool) -> tuple[str, bytes]:
    """(file name, bytes) of one document of a plan or zone."""
    import planforge
    from planforge.documents.kinds import DOCUMENT_KINDS, ZONE_SCOPE

    cache: RenderCache = web.jobs.setdefault("_render_cache", RenderCache())
    zone_sha = ""
    if state.zone is not None:
        try:
            zone_sha = web.workspace.state(state.zone).sha
        except (PathRefused, PlanforgeError, OSError):
            zone_sha = "?"
    key = (state.sha, kind, draft, f"{state.zone or ''}@{zone_sha}")
    found = cache.get(key)
    if found is not None:
        return found
    templates = web.workspace.templates
    if DOCUMENT_KINDS[kind].scope == ZONE_SCOPE:  # the operating agreement, or a memorandum
        document = planforge.render_agreement(state.path, draft=draft, templates=templates)
    else:
        files = [state.result, *_zone_result(web, state, draft)]
        rendered = planforge.render(files, [kind], draft=draft, templates=templates)
        document = rendered.documents[0]
    if document.data is None:
        raise document.error or PlanforgeError("The document could not be rendered.")
    value = (document.filename, document.data)
    cache.put(key, value)
    return value


def to_pdf(name: str, data: bytes) -> tuple[str, bytes]:
    """Convert one .docx to PDF with LibreOffice (one conversion at a time)."""
    from planforge.documents.pdf.convert import convert_to_pdf

    with _PDF_LOCK, tempfile.TemporaryDirectory(prefix="planforge-pdf-") as tmp:
        source = Path(tmp) / name
        source.write_bytes(data)
        result = convert_to_pdf([source], timeout=120)[0]
        if not result.ok or result.pdf is None:
            raise PlanforgeError(f"The PDF could not be made: {result.error}")
        return source.with_suffix(".pdf").name, result.pdf.read_bytes()


def documents_for(state: FileState) -> list[tuple[str, str, str]]:
    """(kind, label, description) of the documents a file gives."""
    from planforge.documents.kinds import DOCUMENT_KINDS, PLAN_SCOPE, ZONE_SCOPE, kinds_for

    descriptions = {
        "plan": "The innovation plan for the board, with every section, table and waiver.",
        "waivers": "The request to the State Board for the state waivers in the plan.",
        "budget": "The budget section CDE receives as a separate file.",
        "budget-sheet": "The same budget as a spreadsheet.",
        "operational-plan": "The school operational plan for the zone board: the Teacher "
        "Leadership Team, each lever, goals and strategies, the educator working conditions, "
        "calendar, budget and approvals.",
        "review": "The authorizer's review memo: the checklist, key figures and findings.",
        "mou": "The zone operating agreement with its exhibits drawn from the member plans.",
        "ez-mou": "The empowerment zone's memorandum of understanding, with its exhibits drawn "
        "from the member schools' operational plans.",
    }
    kinds = kinds_for(
        ZONE_SCOPE if state.kind == "zone_agreement" else PLAN_SCOPE, state.result.data
    )
    return [
        (
            k,
            DOCUMENT_KINDS[k].label,
            descriptions.get(k) or f"The {DOCUMENT_KINDS[k].label.lower()}.",
        )
        for k in kinds
    ]


def packet_words(web: Web, zone: FileState, members: list[Row]) -> str:
    """What a zone's packet holds, in words: each member school's documents (by the kinds
    its plans have) and the zone's own agreement."""
    from planforge.documents.kinds import DOCUMENT_KINDS, PLAN_SCOPE, kinds_for

    plan_kinds: dict[str, None] = {}
    for row in members:
        try:
            data = web.workspace.state(row.rel).data
        except (PathRefused, PlanforgeError, OSError):
            continue
        plan_kinds.update(dict.fromkeys(kinds_for(PLAN_SCOPE, data)))
    labels = [DOCUMENT_KINDS[k].label.lower() for k in plan_kinds]
    school = (
        f"Every member school's {_listed(labels)}, " if labels else "Every member school's plan, "
    )
    own = [f"the {label.lower()}" for _, label, _ in documents_for(zone)]
    return f"{school}{_listed([*own, 'a summary'])}, in one go."


def _listed(words: list[str]) -> str:
    """`a, b and c`."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# -- packet builds --------------------------------------------------------------------------------


@dataclass
class Job:
    """A zone packet being built in the background."""

    id: str
    rel: str
    outdir: Path
    phase: str = "starting"
    done: int = 0
    total: int = 0
    finished: bool = False
    error: str = ""
    documents: list[dict[str, str]] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def as_json(self) -> dict[str, Any]:
        """Progress for the page's script."""
        return {
            "id": self.id, "phase": self.phase, "done": self.done, "total": self.total,
            "finished": self.finished, "error": self.error, "documents": self.documents,
            "seconds": round(time.monotonic() - self.started, 1),
        }  # fmt: skip


def _run_build(web: Web, job: Job, zone: Path, pdf: bool) -> None:
    import planforge

    def progress(phase: str, finished: int, total: int) -> None:
        # the library reports how many documents just finished (as click's progress bar
        # wants); the page shows the running count of the phase
        if phase != job.phase:
            job.phase, job.done = phase, 0
        job.done, job.total = min(job.done + finished, total), total

    try:
        result = planforge.build(
            zone, job.outdir, draft=True, pdf=pdf, jobs=1, progress=progress,
            templates=web.workspace.templates,
        )  # fmt: skip
        from planforge.documents.kinds import DOCUMENT_KINDS

        for doc in result.docs:
            pdf_ok = doc.pdf and doc.pdf_status in ("built", "unchanged")
            kind = DOCUMENT_KINDS.get(doc.kind)
            job.documents.append({
                "school": doc.school, "label": kind.label if kind else doc.kind,
                "status": doc.status,
                "name": _inside(job.outdir, doc.path) if doc.status != "failed" else "",
                "pdf": _inside(job.outdir, doc.pdf) if pdf_ok else "", "error": doc.error or "",
            })  # fmt: skip
        job.phase = "done"
    except PlanforgeError as e:
        job.error = str(e)
    except Exception as e:  # the page must learn that the build stopped
        job.error = f"The build stopped: {e}"
    finally:
        job.finished = True


def _inside(outdir: Path, path: str | None) -> str:
    """A written file's path inside the packet folder ('' when it is elsewhere)."""
    if not path:
        return ""
    try:
        return Path(path).resolve().relative_to(outdir.resolve()).as_posix()
    except ValueError:
        return ""


def routes(web: Web) -> list[Any]:
    """Document pages, downloads, zone pages and packet builds."""

    async def documents_page(request: Request) -> Response:
        rel = web.file_rel(request)
        state = web.workspace.state(rel)
        return web.page(request, "documents.html", state=state, rel=rel,
                        documents=documents_for(state), pdf=pdf_available(),
                        summary=summary(web, state) if state.kind else None,
                        failed=state.result.failed())  # fmt: skip

    async def download(request: Request) -> Response:
        rel = web.file_rel(request)
        state = web.workspace.state(rel)
        kind = request.query_params.get("kind", "plan")
        draft = request.query_params.get("draft") == "1"
        wanted = request.query_params.get("format", "docx")
        if kind not in {k for k, _, _ in documents_for(state)} or wanted not in ("docx", "pdf"):
            raise HTTPException(404, "There is no such document.")
        try:  # off the event loop: other pages stay responsive while LibreOffice works
            name, data = await run_in_threadpool(render_docx, web, state, kind, draft)
            if wanted == "pdf":
                name, data = await run_in_threadpool(to_pdf, name, data)
        except InvalidInputError:
            return web.page(
                request,
                "error.html",
                status=409,
                message=(
                    "This plan still has errors, so the board-ready document cannot be made yet. "
                    "Download the draft instead: it marks each missing part with [MISSING: …]."
                ),
            )
        except PlanforgeError as e:
            return web.page(request, "error.html", status=500, message=str(e))
        media = PDF if wanted == "pdf" else XLSX if name.endswith(".xlsx") else DOCX
        return Response(data, media_type=media, headers=_download(name))

    async def zone_page(request: Request) -> Response:
        rel = web.file_rel(request)
        state = web.workspace.state(rel)
        if state.kind != "zone_agreement":
            return RedirectResponse(f"/edit/{rel}", status_code=303)
        members: list[tuple[Any, Any]] = []
        for school in (state.data.get("schools") or []) if isinstance(state.data, dict) else []:
            plan = school.get("plan") if isinstance(school, dict) else None
            if not isinstance(plan, str):
                continue
            target = (state.path.parent / plan).resolve()
            try:
                member_rel = web.workspace.canonical(
                    target.relative_to(web.workspace.root).as_posix()
                )
                members.append((row_for(web, member_rel), school))
            except (ValueError, PathRefused):
                members.append((None, school))
        review = web.workspace.review(state)
        rows = [r for r, _ in members if r is not None]
        yearly = bool(rows) and all(r.year for r in rows)  # school operational plans
        return web.page(request, "zone.html", state=state, rel=rel, members=members,
                        summary=summary(web, state), review=review, pdf=pdf_available(),
                        errors=review.count(Severity.ERROR), agreement=documents_for(state),
                        packet=packet_words(web, state, rows), failed=state.result.failed(),
                        yearly=yearly)  # fmt: skip

    async def start_build(request: Request) -> Response:
        form = await request.form()
        await web.require_csrf(request, form)
        rel = web.file_rel(request)
        state = web.workspace.state(rel)
        if state.kind != "zone_agreement":
            raise HTTPException(400, "Only a zone has a packet.")
        job_id = uuid.uuid4().hex
        outdir = web.workspace.root / ".planforge" / "packets" / state.path.parent.name
        job = Job(job_id, rel, outdir)
        web.jobs[job_id] = job
        pdf = form.get("pdf") == "1" and pdf_available()
        threading.Thread(target=_run_build, args=(web, job, state.path, pdf), daemon=True).start()
        return RedirectResponse(f"/jobs/{job_id}", status_code=303)

    def job_of(request: Request) -> Job:
        job = web.jobs.get(str(request.path_params["job"]))
        if not isinstance(job, Job):
            raise HTTPException(404, "There is no such build.")
        return job

    async def job_page(request: Request) -> Response:
        job = job_of(request)
        return web.page(request, "job.html", job=job, rel=job.rel, outdir=str(job.outdir))

    async def job_json(request: Request) -> Response:
        return JSONResponse(job_of(request).as_json(), headers={"cache-control": "no-store"})

    async def job_file(request: Request) -> Response:
        job = job_of(request)
        name = str(request.path_params["name"])
        allowed = {d["name"] for d in job.documents} | {d["pdf"] for d in job.documents}
        allowed = (allowed - {""}) | {"SUMMARY.md", "manifest.json"}
        target = (job.outdir / name).resolve()
        if (
            name not in allowed
            or not target.is_relative_to(job.outdir.resolve())
            or not target.is_file()
        ):
            raise HTTPException(404, "There is no such document in this packet.")
        media = {".pdf": PDF, ".docx": DOCX, ".xlsx": XLSX}.get(
            target.suffix, "text/plain; charset=utf-8"
        )
        return Response(target.read_bytes(), media_type=media, headers=_download(name))

    async def job_zip(request: Request) -> Response:
        job = job_of(request)
        if not job.finished:
            raise HTTPException(409, "The packet is still being built.")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(job.outdir.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    archive.write(path, path.relative_to(job.outdir).as_posix())
        return Response(buffer.getvalue(), media_type="application/zip",
                        headers=_download(f"{job.outdir.name}-packet.zip"))  # fmt: skip

    return [
        route("/documents/{rel:path}", documents_page),
        route("/download/{rel:path}", download),
        route("/zone/{rel:path}", zone_page),
        route("/build/{rel:path}", start_build, ["POST"]),
        route("/jobs/{job}", job_page),
        route("/api/jobs/{job}", job_json),
        route("/jobs/{job}/file/{name:path}", job_file),
        route("/jobs/{job}/zip", job_zip),
    ]
