"""The authorizer's view, the history of a file, and comparing versions (renewals).

* ``/review/FILE``: the checklist (by statutory element where the review's rows are the
  statute's: :attr:`~planforge.rules.engine.ReviewEntry.statutory`) with its findings, the
  key figures, the verdict and the rule packs applied (the file's state's).
* ``/history/FILE``: every saved version; ``/version/FILE?v=ID`` shows one compared with the
  current file; ``POST /restore/FILE`` makes it current again (the current text stays in the
  history).
* ``/compare/FILE?with=v:ID`` or ``?with=f:OTHER``: planforge's diff, lever by lever, between
  an earlier version (from the history or another file) and this plan.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from planforge.errors import PlanforgeError
from planforge.inputs.loader import MAX_BYTES, LoadedDocument, load_bytes
from planforge.web.app import Web, route
from planforge.web.findings import web_findings
from planforge.web.history import Version
from planforge.web.schema_nav import all_names
from planforge.web.security import PathRefused
from planforge.web.views_edit import data_changes, summary
from planforge.web.views_home import verdict_class
from planforge.web.workspace import Conflict, FileState

STATUS_CLASS = {"Meets": "ok", "Partially meets": "warning", "Missing": "error"}


@dataclass
class Figure:
    """One key figure: what it is and its value."""

    label: str
    value: str


def figures(entry: Any) -> list[Figure]:
    """The review's key figures as (label, value) pairs."""
    from planforge.rules.report import metric_lines

    out = []
    for line in metric_lines(entry):
        label, _, value = line.strip().partition(": ")
        out.append(Figure(label, value))
    return out


def review_context(web: Web, state: FileState) -> dict[str, Any]:
    """The authorizer's view of one file."""
    review = web.workspace.review(state)
    names = all_names()
    elements = []
    for element in review.elements:
        found = web_findings(element.findings, state.data, state.label, names)
        elements.append((element, STATUS_CLASS.get(element.status, ""), found))
    listed = {id(f) for e in review.elements for f in e.findings}
    loose = web_findings(
        [f for f in review.findings if id(f) not in listed], state.data, state.label, names
    )
    return {
        "state": state,
        "rel": state.rel,
        "review": review,
        "packs": review.packs or default_packs_of(state),
        "statutory": review.statutory,
        "elements": elements,
        "loose": loose,
        "figures": figures(review),
        "summary": summary(web, state),
        "verdict_class": verdict_class(review.verdict),
    }


def default_packs_of(state: FileState) -> str:
    """The packs a file that names none is reviewed with: its state's (`co`; `ma`; `ma, ma-ez`
    for an empowerment zone and its operational plans)."""
    from planforge.packs.loader import default_packs
    from planforge.web.states import state_of

    data = state.data if isinstance(state.data, dict) else {}
    zone = data.get("zone")
    zone_type = zone.get("type") if isinstance(zone, dict) else None
    kind = state.kind or ""
    return ", ".join(default_packs(state_of(state.label, data), kind, zone_type))


def _version(web: Web, rel: str, raw_id: str | None) -> tuple[Version, bytes]:
    try:
        version = web.workspace.history.get(rel, int(raw_id or ""))
    except ValueError as e:
        raise HTTPException(404, "There is no such version.") from e
    if version is None:
        raise HTTPException(404, "There is no such version.")
    content = web.workspace.history.content(version.sha)
    if content is None:  # pragma: no cover - versions always have content
        raise HTTPException(404, "That version's text is missing.")
    return version, content


def diff_context(old: LoadedDocument, new: LoadedDocument, old_label: str) -> dict[str, Any]:
    """planforge's diff of two plans, ready for the compare template."""
    from planforge.changes.core import CATEGORIES, SECTIONS, compare
    from planforge.changes.levers import staffing_totals
    from planforge.changes.parts import money, number, signed
    from planforge.changes.report import CATEGORY_WORDS, summary

    diff = compare(old, new)
    sections = [
        (title, diff.section(name)) for name, title in SECTIONS.items() if name != "waivers"
    ]
    waivers = [(CATEGORY_WORDS[c], diff.waivers_in(c)) for c in CATEGORIES]
    of, nf, oc, nc = staffing_totals(diff.positions)
    return {
        "diff": diff,
        "old_label": old_label,
        "sections": sections,
        "waiver_groups": waivers,
        "summary_line": summary(diff),
        "money": money,
        "number": number,
        "signed": signed,
        "staff_totals": (of, nf, oc, nc),
        "problems": web_findings(diff.findings, new.data, "plan", all_names()),
    }


def _other_plans(web: Web, rel: str) -> list[tuple[str, str]]:
    out = []
    for other in web.workspace.files():
        if other == rel:
            continue
        try:
            state = web.workspace.state(other)
        except (PathRefused, PlanforgeError, OSError):
            continue
        if state.kind == "innovation_plan":
            name = (
                (state.data.get("school") or {}).get("name") if isinstance(state.data, dict) else ""
            )
            out.append((other, f"{name or other} — {other}"))
    return out


def routes(web: Web) -> list[Any]:
    """Review, history and compare pages."""

    async def review_page(request: Request) -> Response:
        rel = web.file_rel(request)
        state = web.workspace.state(rel)
        return web.page(request, "review.html", **review_context(web, state))

    async def history_page(request: Request) -> Response:
        rel = web.file_rel(request)
        state = web.workspace.state(rel)
        versions = web.workspace.history.versions(rel, limit=300)
        return web.page(request, "history.html", state=state, rel=rel, versions=versions,
                        total=web.workspace.history.count(rel),
                        summary=summary(web, state) if state.kind else None,
                        restored=request.query_params.get("restored", ""))  # fmt: skip

    async def version_page(request: Request) -> Response:
        rel = web.file_rel(request)
        state = web.workspace.state(rel)
        version, content = _version(web, rel, request.query_params.get("v"))
        old = load_bytes(content, f"version {version.id}")
        context: dict[str, Any] = {"state": state, "rel": rel, "version": version,
                                   "text": content.decode("utf-8", "replace"),
                                   "is_current": version.sha == state.sha}  # fmt: skip
        changes = data_changes(old.data, state.data, limit=200) if old.usable else []
        from planforge.web.schema_nav import describe

        context["changes"] = [(describe(p, state.data if n is not None else old.data), o, n)
                              for p, o, n in changes]  # fmt: skip
        context["plan_diff"] = None
        if state.kind == "innovation_plan" and _is_plan(old):
            context["plan_diff"] = diff_context(old, state.doc, f"version of {version.when}")
        return web.page(request, "version.html", **context)

    async def restore(request: Request) -> Response:
        form = await request.form()
        await web.require_csrf(request, form)
        rel = web.file_rel(request)
        version, content = _version(web, rel, str(form.get("v") or ""))
        try:
            web.workspace.write_bytes(rel, str(form.get("_base") or ""), content, "restored",
                                      f"Restored the version of {version.when}")  # fmt: skip
        except Conflict:
            return RedirectResponse(f"/history/{rel}?restored=conflict", status_code=303)
        return RedirectResponse(f"/history/{rel}?restored={version.id}", status_code=303)

    async def compare_page(request: Request) -> Response:
        rel = web.file_rel(request)
        state = web.workspace.state(rel)
        choice = request.query_params.get("with", "")
        context: dict[str, Any] = {"state": state, "rel": rel, "choice": choice,
                                   "versions": web.workspace.history.versions(rel, limit=100),
                                   "others": _other_plans(web, rel), "result": None,
                                   "message": ""}  # fmt: skip
        if state.kind != "innovation_plan":
            context["message"] = "Comparing versions lever by lever works for innovation plans."
            return web.page(request, "compare.html", **context)
        old: LoadedDocument | None = None
        label = ""
        if choice.startswith("v:"):
            version, content = _version(web, rel, choice[2:])
            old, label = (
                load_bytes(content, f"version {version.id}"),
                f"the version of {version.when}",
            )
        elif choice.startswith("f:"):
            try:
                other = web.workspace.state(choice[2:])
            except PathRefused as e:
                raise HTTPException(404, "There is no such file in this workspace.") from e
            old, label = other.doc, other.rel
        if old is not None:
            context.update(_diff_or_message(old, state, label))
        return web.page(request, "compare.html", **context)

    async def compare_upload(request: Request) -> Response:
        async with request.form(max_files=1, max_part_size=MAX_BYTES + 1) as form:
            await web.require_csrf(request, form)
            upload = form.get("earlier")
            raw: bytes | None = None
            name = "uploaded file"
            if upload is not None and not isinstance(upload, str):
                raw = await upload.read(MAX_BYTES + 1)
                name = upload.filename or name
        rel = web.file_rel(request)
        state = web.workspace.state(rel)
        context: dict[str, Any] = {"state": state, "rel": rel, "choice": "upload",
                                   "versions": web.workspace.history.versions(rel, limit=100),
                                   "others": _other_plans(web, rel), "result": None,
                                   "message": ""}  # fmt: skip
        if raw is None:
            context["message"] = "Choose a plan file to compare with."
            return web.page(request, "compare.html", status=400, **context)
        old = load_bytes(raw, name)
        context.update(_diff_or_message(old, state, name))
        return web.page(request, "compare.html", **context)

    async def diff_docx(request: Request) -> Response:
        rel = web.file_rel(request)
        state = web.workspace.state(rel)
        choice = request.query_params.get("with", "")
        if choice.startswith("v:"):
            version, content = _version(web, rel, choice[2:])
            old = load_bytes(content, f"version {version.id}")
        elif choice.startswith("f:"):
            old = web.workspace.state(choice[2:]).doc
        else:
            raise HTTPException(404, "Choose what to compare with.")
        if not _is_plan(old) or state.kind != "innovation_plan":
            raise HTTPException(400, "Both versions must be innovation plans.")
        from planforge.changes.core import compare
        from planforge.changes.docx import build_summary

        document = build_summary(compare(old, state.doc))
        buffer = io.BytesIO()
        document.save(buffer)
        stem = state.path.parent.name or "plan"
        return Response(
            buffer.getvalue(), media_type=DOCX, headers=_download(f"{stem}-what-changed.docx")
        )

    return [
        route("/review/{rel:path}", review_page),
        route("/history/{rel:path}", history_page),
        route("/version/{rel:path}", version_page),
        route("/restore/{rel:path}", restore, ["POST"]),
        route("/compare/{rel:path}", compare_page),
        route("/compare/{rel:path}", compare_upload, ["POST"]),
        route("/whatchanged/{rel:path}", diff_docx),
    ]


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(filename: str) -> dict[str, str]:
    from urllib.parse import quote

    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in filename)
    return {
        "content-disposition": f"attachment; filename=\"{safe}\"; filename*=UTF-8''{quote(filename)}",
        "cache-control": "no-store",
    }


def _is_plan(doc: LoadedDocument) -> bool:
    return doc.usable and isinstance(doc.data, dict) and doc.data.get("kind") == "innovation_plan"


def _diff_or_message(old: LoadedDocument, state: FileState, label: str) -> dict[str, Any]:
    if not _is_plan(old):
        first = old.findings[0].message if old.findings else "it is not an innovation plan"
        return {"message": f"{label} cannot be compared: {first}"}
    return {"result": diff_context(old, state.doc, label)}
