"""The editor: one section at a time, autosaved, with findings beside each field.

``GET /edit/FILE?section=ID`` shows a section. The page's script sends each change as it is
typed (``POST /api/edit/FILE``, JSON) and puts the new findings in place; without the script
the section's form posts to ``POST /edit/FILE`` and the page is shown again. Either way a save
names the version of the file the page was showing, so a file changed on disk since is never
overwritten blindly (:class:`~planforge.web.workspace.Conflict`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from planforge.domain.text import XML_ILLEGAL
from planforge.errors import PlanforgeError
from planforge.inputs.loader import MAX_BYTES, load_bytes
from planforge.web import forms
from planforge.web.app import Web, route
from planforge.web.editing import EditError, Op, exists, same
from planforge.web.findings import WebFinding, section_counts, status_of, web_findings
from planforge.web.schema_nav import (
    CLEAR,
    all_names,
    describe,
    display_value,
    get_at,
    is_required,
    normalise_text,
    schema_at,
    typed_value,
)
from planforge.web.sections import Section, covers, find, sections_for
from planforge.web.views_home import verdict_class, verdict_words
from planforge.web.workspace import Conflict, FileState

STRUCTURAL = ("add", "remove", "up", "down", "keep")
MAX_OPS = 400


# -- building the page -------------------------------------------------------------------------


def findings_of(web: Web, state: FileState) -> list[WebFinding]:
    """The file's findings (validation and review) in plain words, in section order."""
    review = web.workspace.review(state)
    found = web_findings(review.findings, state.data, state.label, all_names())
    order = {s.id: i for i, s in enumerate(sections_for(state.label, state.data))}
    return sorted(found, key=lambda f: order.get(f.section or "", -1))


def panel_groups(state: FileState, found: list[WebFinding]) -> list[tuple[str, list[WebFinding]]]:
    """Findings grouped by section (in the order of the plan) for the panel."""
    titles = {s.id: s.nav for s in sections_for(state.label, state.data)}
    groups: dict[str, list[WebFinding]] = {}
    for f in found:
        groups.setdefault(f.section or "", []).append(f)
    return [(titles.get(key, "The whole file"), items) for key, items in groups.items()]


def summary(web: Web, state: FileState) -> dict[str, Any]:
    """Verdict and counts for the page header."""
    review = web.workspace.review(state)
    errors, warnings, notes = web.workspace.counts(state)
    return {
        "verdict": review.verdict,
        "verdict_words": verdict_words(review.verdict),
        "verdict_class": verdict_class(review.verdict),
        "detail": review.verdict_detail.removeprefix("Verdict: "),
        "errors": errors,
        "warnings": warnings,
        "notes": notes,
        "name": review.name or state.rel,
    }


def payload(web: Web, state: FileState, found: list[WebFinding]) -> dict[str, Any]:
    """What the script needs after a save."""
    counts = section_counts(found)
    return {
        "ok": True,
        "version": state.sha,
        "findings": [f.as_json() for f in found],
        "sections": {
            s.id: {"counts": counts.get(s.id, {}), "status": status_of(counts.get(s.id))}
            for s in sections_for(state.label, state.data)
        },
        "summary": summary(web, state),
    }


def section_controls(
    state: FileState, section: Section, found: list[WebFinding]
) -> tuple[list[forms.Control], list[WebFinding]]:
    """The section's controls with their findings attached, and the section's other findings."""
    builder = forms.Builder(state.label, state.data, state.doc.source_map, state.text)
    controls = builder.section(section)
    mine = [f for f in found if f.section == section.id]
    return controls, forms.attach(controls, mine)


def editor_context(web: Web, state: FileState, section: Section) -> dict[str, Any]:
    """Everything the editor template shows."""
    found = findings_of(web, state)
    controls, loose = section_controls(state, section, found)
    counts = section_counts(found)
    all_sections = sections_for(state.label, state.data)
    sections = [(s, status_of(counts.get(s.id)), counts.get(s.id, {})) for s in all_sections]
    position = [s.id for s in all_sections].index(section.id)
    return {
        "state": state,
        "rel": state.rel,
        "section": section,
        "sections": sections,
        "controls": controls,
        "loose": loose,
        "found": found,
        "general": [f for f in found if f.section is None],
        "summary": summary(web, state),
        "previous": all_sections[position - 1] if position > 0 else None,
        "next": all_sections[position + 1] if position + 1 < len(all_sections) else None,
        "prose_help": forms.PROSE_HELP,
        "panel_groups": panel_groups(state, found),
    }


# -- turning what was sent into edits ------------------------------------------------------------


def _allowed(state: FileState, pointer: str) -> bool:
    """A pointer the editor shows (so a request cannot edit `kind`, invent fields or fill in
    one the file's state does not have)."""
    if not isinstance(pointer, str) or not pointer.startswith("/"):
        return False
    schema = schema_at(state.label, pointer)
    if schema is None or "const" in schema:
        return False
    if _hidden_here(state, pointer):
        return False
    shown = sections_for(state.label, state.data)
    return any(covers(field, pointer) for s in shown for field in s.fields)


def _hidden_here(state: FileState, pointer: str) -> bool:
    """True when `pointer`, or a field it is inside, is one the editor does not show (another
    state's field that holds nothing)."""
    from planforge.web.states import hidden

    probe = pointer
    while probe:
        if hidden(state.label, state.data, probe):
            return True
        probe = probe.rsplit("/", 1)[0]
    return False


def _clean(text: str) -> str:
    return XML_ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def set_op(state: FileState, pointer: str, raw: Any) -> Op | None:
    """The edit for a value sent from the form (None when it is what the file says already)."""
    data = state.data
    present = exists(data, pointer)
    current = get_at(data, pointer) if present else None
    kind = (schema_at(state.label, pointer) or {}).get("type")
    if kind == "object" or (kind == "array") != isinstance(raw, list):
        raise HTTPException(400, "That value does not fit this field.")
    if isinstance(raw, list):
        chosen = [_clean(str(v)) for v in raw]
        before = current if isinstance(current, list) else []
        # ticked boxes keep the order the file has; newly ticked ones go at the end
        values = [v for v in before if str(v) in chosen]
        values += [v for v in dict.fromkeys(chosen) if v not in [str(b) for b in before]]
        if present and isinstance(current, list) and same(values, current):
            return None
        if not present and not values:
            return None
        return Op("set", pointer, values)
    if not isinstance(raw, str):
        raise HTTPException(400, "A field value must be text.")
    raw = _clean(raw)
    if present and display_value(current, state.doc.source_map.raw.get(pointer)) == raw:
        return None
    schema = schema_at(state.label, pointer)
    typed = typed_value(schema, raw)
    if isinstance(typed, str):
        typed = normalise_text(schema, current, typed)
        if typed == "":
            typed = CLEAR
    if typed is CLEAR:
        if not present or current is None:
            return None
        in_list = pointer.rsplit("/", 1)[-1].isdigit()
        if in_list or is_required(state.label, pointer):
            return Op("set", pointer, None)
        return Op("delete", pointer)
    if present and same(current, typed):
        return None
    return Op("set", pointer, typed)


def structural_op(state: FileState, action: str, pointer: str) -> Op:
    """add / remove / up / down on a list row; keep (the starter's example is right)."""
    if action == "keep":
        if not _allowed(state, pointer) or not exists(state.data, pointer):
            raise HTTPException(400, "There is no such value.")
        return Op("keep", pointer)
    if action == "add":
        if (
            not _allowed(state, pointer)
            or (schema_at(state.label, pointer) or {}).get("type") != "array"
        ):
            raise HTTPException(400, "Rows can be added only to a list.")
        return Op("append", pointer, forms.new_item(state.label, pointer))
    list_pointer, _, index = pointer.rpartition("/")
    items = get_at(state.data, list_pointer)
    if not index.isdigit() or not isinstance(items, list) or int(index) >= len(items):
        raise HTTPException(400, "There is no such row.")
    if not _allowed(state, list_pointer):
        raise HTTPException(400, "That list cannot be changed here.")
    i = int(index)
    if action == "remove":
        return Op("remove", list_pointer, index=i)
    if (action == "up" and i == 0) or (action == "down" and i == len(items) - 1):
        raise HTTPException(400, "That row cannot move further.")
    return Op("move", list_pointer, action, index=i)


def note_for(state: FileState, ops: list[Op]) -> str:
    """A line for the history: what was edited, by label."""
    words = {"set": "Edited", "delete": "Cleared", "append": "Added a row to",
             "remove": "Removed a row from", "move": "Moved a row in",
             "keep": "Kept the example in"}  # fmt: skip
    parts = []
    for op in ops[:4]:
        where = describe(op.pointer, state.data)
        parts.append(f"{words[op.kind]} {where}")
    more = f" and {len(ops) - 4} more" if len(ops) > 4 else ""
    return "; ".join(parts) + more


def ops_from_json(state: FileState, body: dict[str, Any]) -> list[Op]:
    """The edits a script sent: `set` (pointer, value) and row actions."""
    raw_ops = body.get("ops")
    if not isinstance(raw_ops, list) or len(raw_ops) > MAX_OPS:
        raise HTTPException(400, "Malformed edit.")
    ops: list[Op] = []
    for item in raw_ops:
        if not isinstance(item, dict):
            raise HTTPException(400, "Malformed edit.")
        action, pointer = item.get("op"), item.get("pointer")
        if action in STRUCTURAL:
            if not isinstance(pointer, str):
                raise HTTPException(400, "Malformed edit.")
            ops.append(structural_op(state, str(action), pointer))
            continue
        if action != "set" or not isinstance(pointer, str) or not _allowed(state, pointer):
            raise HTTPException(400, "That field cannot be edited here.")
        op = set_op(state, pointer, item.get("value"))
        if op is not None:
            ops.append(op)
    return ops


def ops_from_form(state: FileState, form: FormData) -> tuple[list[Op], str]:
    """The edits of a submitted section form, and the row to show afterwards."""
    ops: list[Op] = []
    lists = set(form.getlist("_lists"))
    for key in sorted({k for k in form if k.startswith("/")}):
        if key in lists:
            continue
        if not _allowed(state, key):
            raise HTTPException(400, "That field cannot be edited here.")
        op = set_op(state, key, form.get(key))
        if op is not None:
            ops.append(op)
    for name in sorted(str(k) for k in lists):
        if not _allowed(state, name):
            raise HTTPException(400, "That field cannot be edited here.")
        op = set_op(state, name, [str(v) for v in form.getlist(name)])
        if op is not None:
            ops.append(op)
    anchor = ""
    action = str(form.get("_action") or "")
    if action:
        verb, _, pointer = action.partition(":")
        if verb not in STRUCTURAL:
            raise HTTPException(400, "Unknown action.")
        ops.append(structural_op(state, verb, pointer))
        anchor = forms.dom_id(pointer)
    return ops, anchor


def conflict_payload(web: Web, conflict: Conflict, ops: list[Op]) -> dict[str, Any]:
    """What the page shows when the file changed on disk: both sides, to choose."""
    state = conflict.state
    base_raw = web.workspace.history.content(conflict.base)
    base_data = load_bytes(base_raw, "base").data if base_raw is not None else None
    changes = data_changes(base_data, state.data) if base_data is not None else []
    return {
        "ok": False,
        "conflict": True,
        "version": state.sha,
        "message": (
            "This file was changed outside this page (by someone else, or in another program) "
            "since you opened it. Nothing was overwritten."
        ),
        "disk_changes": [
            {"where": describe(p, state.data), "old": _short(old), "new": _short(new)}
            for p, old, new in changes
        ],
        "your_changes": [
            {"where": describe(op.pointer, state.data), "new": _short(op.value)} for op in ops
        ],
    }


def _short(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, (dict, list)):
        return f"({len(value)} entries)"
    text = " ".join(str(value).split())
    return text if len(text) <= 160 else text[:157] + "…"


def data_changes(
    old: Any, new: Any, pointer: str = "", limit: int = 40
) -> list[tuple[str, Any, Any]]:
    """Values that differ between two versions: (pointer, old, new), at most `limit`."""
    out: list[tuple[str, Any, Any]] = []
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *[k for k in new if k not in old]]:
            out += data_changes(old.get(key), new.get(key), f"{pointer}/{key}", limit - len(out))
            if len(out) >= limit:
                break
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            out += data_changes(a, b, f"{pointer}/{i}", limit - len(out))
            if len(out) >= limit:
                break
    elif not same(old, new):
        out.append((pointer, old, new))
    return out[:limit]


# -- routes ------------------------------------------------------------------------------------


def routes(web: Web) -> list[Any]:
    """The editor's pages and its save endpoints."""

    def current_section(state: FileState, section_id: str | None) -> Section:
        all_sections = sections_for(state.label, state.data)
        return find(state.label, section_id or "", state.data) or all_sections[0]

    async def editor(request: Request) -> Response:
        rel = web.file_rel(request)
        state = web.workspace.state(rel)
        if not state.editable:
            return RedirectResponse(f"/text/{rel}", status_code=303)
        section = current_section(state, request.query_params.get("section"))
        context = editor_context(web, state, section)
        context["created"] = request.query_params.get("created") == "1"
        context["notice"] = request.query_params.get("notice", "")
        return web.page(request, "editor.html", **context)

    async def api_edit(request: Request) -> Response:
        await web.require_csrf(request)
        rel = web.file_rel(request)
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError) as e:
            raise HTTPException(400, "Malformed edit.") from e
        if not isinstance(body, dict) or not isinstance(body.get("base"), str):
            raise HTTPException(400, "Malformed edit.")
        state = web.workspace.state(rel)
        if not state.editable:
            raise HTTPException(409, "This file must be fixed with 'Edit as text' first.")
        ops = ops_from_json(state, body) if state.sha == body["base"] else []
        try:
            if state.sha != body["base"]:
                raise Conflict(state, body["base"])
            saved = web.workspace.save(rel, body["base"], ops, note=note_for(state, ops))
        except Conflict as conflict:
            pending = ops_from_json(conflict.state, body) if conflict.state.editable else []
            return JSONResponse(conflict_payload(web, conflict, pending), status_code=409)
        except EditError as e:
            return JSONResponse({"ok": False, "message": str(e)}, status_code=422)
        found = findings_of(web, saved.state)
        out = payload(web, saved.state, found)
        out["changed"] = saved.changed
        section = find(saved.state.label, str(body.get("section") or ""), saved.state.data)
        if section is not None and (
            body.get("render") or any(op.kind != "set" and op.kind != "delete" for op in ops)
        ):
            context = editor_context(web, saved.state, section)
            out["html"] = web.fragment("section_form.html", **context)
        return JSONResponse(out, headers={"cache-control": "no-store"})

    async def api_resolve(request: Request) -> Response:
        """Keep my version: my edits applied to the version I had open (disk version kept in
        the history)."""
        await web.require_csrf(request)
        rel = web.file_rel(request)
        body = json.loads(await request.body())
        if not isinstance(body, dict) or not isinstance(body.get("base"), str):
            raise HTTPException(400, "Malformed request.")
        base_raw = web.workspace.history.content(body["base"])
        if base_raw is None:
            raise HTTPException(409, "The version you had open is not in the history.")
        current = web.workspace.state(rel)
        base_state = web.workspace.state_from_text(rel, base_raw.decode("utf-8"))
        base_state.sha = body["base"]
        ops = ops_from_json(base_state, body)
        from planforge.web import editing
        from planforge.web.schema_nav import property_order

        try:
            text = editing.apply(
                base_state.text or "", base_state.data, ops,
                lambda p: property_order(base_state.label, p),
            ).text  # fmt: skip
        except EditError as e:
            return JSONResponse({"ok": False, "message": str(e)}, status_code=422)
        saved = web.workspace.write_bytes(
            rel, current.sha, current.encode(text), "kept-mine", note_for(base_state, ops)
        )
        return JSONResponse(payload(web, saved.state, findings_of(web, saved.state)))

    async def form_save(request: Request) -> Response:
        form = await request.form(max_part_size=MAX_BYTES)
        await web.require_csrf(request, form)
        rel = web.file_rel(request)
        state = web.workspace.state(rel)
        section_id = str(form.get("_section") or "")
        base = str(form.get("_base") or "")
        ops, anchor = ops_from_form(state, form)
        try:
            if ops or state.sha != base:
                web.workspace.save(rel, base, ops, note=note_for(state, ops))
        except Conflict as conflict:
            payload_ = conflict_payload(web, conflict, ops)
            return web.page(request, "conflict.html", status=409, rel=rel, conflict=payload_)
        except EditError as e:
            return web.page(request, "error.html", status=422, message=str(e))
        target = f"/edit/{rel}?section={section_id}"
        return RedirectResponse(target + (f"#{anchor}" if anchor else ""), status_code=303)

    async def state_json(request: Request) -> Response:
        rel = web.file_rel(request)
        state = web.workspace.state(rel)
        return JSONResponse(payload(web, state, findings_of(web, state)),
                            headers={"cache-control": "no-store"})  # fmt: skip

    async def text_page(request: Request) -> Response:
        rel = web.file_rel(request)
        state = web.workspace.state(rel)
        return web.page(request, "text.html", state=state, rel=rel, text=state.text or "",
                        findings=sorted(state.result.findings, key=lambda f: f.line or 0),
                        message=request.query_params.get("message", ""))  # fmt: skip

    async def text_save(request: Request) -> Response:
        form = await request.form(max_part_size=MAX_BYTES + 1024)
        await web.require_csrf(request, form)
        rel = web.file_rel(request)
        text = _newline_text(str(form.get("text") or ""))
        state = web.workspace.state(rel)
        raw = state.encode(text)
        if len(raw) > MAX_BYTES:
            raise HTTPException(413, "The text is over the 5 MB limit.")
        try:
            web.workspace.write_bytes(
                rel, str(form.get("_base") or ""), raw, "text", "Edited as text"
            )
        except Conflict as conflict:
            payload_ = conflict_payload(web, conflict, [])
            return web.page(request, "conflict.html", status=409, rel=rel, conflict=payload_)
        except PlanforgeError as e:
            return web.page(request, "error.html", status=500, message=str(e))
        return RedirectResponse(f"/text/{rel}?message=saved", status_code=303)

    return [
        route("/edit/{rel:path}", editor),
        route("/edit/{rel:path}", form_save, ["POST"]),
        route("/api/edit/{rel:path}", api_edit, ["POST"]),
        route("/api/resolve/{rel:path}", api_resolve, ["POST"]),
        route("/api/state/{rel:path}", state_json),
        route("/text/{rel:path}", text_page),
        route("/text/{rel:path}", text_save, ["POST"]),
    ]


def _newline_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.endswith("\n") or not text else text + "\n"


_ = re
