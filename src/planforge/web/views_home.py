"""The workspace home: every plan and zone with its verdict, and a new plan or zone from the
starters `planforge init` writes."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from planforge.errors import InputFileError, PlanforgeError, Severity
from planforge.web.app import KIND_WORDS, Web, kind_words, route
from planforge.web.security import PathRefused, relative
from planforge.web.workspace import FileState

__all__ = ["CHOICES", "KIND_WORDS", "Choice", "Row", "kind_words", "routes", "row_for"]


@dataclass
class Row:
    """One file on the home page."""

    rel: str
    name: str
    kind: str
    verdict: str
    verdict_class: str
    errors: int
    warnings: int
    notes: int
    term: str
    due: str
    due_class: str
    due_note: str
    zone: str
    action: str
    problem: str = ""
    file_kind: str = ""
    """The file's document kind (`kind:`), as :attr:`kind` is in words."""
    year: str = ""
    """The school year of a yearly plan (a school operational plan), else empty."""
    jurisdiction: str = ""
    """The state whose law the file is under (`CO`, `MA`; empty when it cannot be read)."""

    @property
    def is_zone(self) -> bool:
        """True for a zone agreement."""
        return self.file_kind == "zone_agreement"


def verdict_class(verdict: str) -> str:
    """CSS class for a verdict."""
    return {"READY": "ok", "NOT READY": "error"}.get(verdict, "warning")


def verdict_words(verdict: str) -> str:
    """`Ready for the board`, `Not ready`, `Not reviewed yet`."""
    return {
        "READY": "Ready for the board",
        "NOT READY": "Not ready",
        "NOT REVIEWED": "Not reviewed: form errors first",
    }.get(verdict, verdict.title())


def _term(state: FileState) -> tuple[str, str, str, str]:
    """(term text, next review or renewal date, css class, note), with the authorizer's
    calendar (:mod:`planforge.authorizer.calendar`, as in the portfolio)."""
    from planforge.api import ruleset
    from planforge.authorizer.calendar import DUE, OVERDUE, parse_date, schedule
    from planforge.web.app import nice_date

    data = state.data
    term = data.get("term") if isinstance(data, dict) else None
    if state.kind == "school_operational_plan" and isinstance(data, dict):
        year = data.get("school_year")  # a yearly plan: no term, no renewal
        return (f"School year {year}" if isinstance(year, str) and year else ""), "", "", ""
    if not isinstance(term, dict):
        return "", "", "", ""
    start, end = parse_date(term.get("start")), parse_date(term.get("end"))
    text = f"{nice_date(str(term.get('start')))} – {nice_date(str(term.get('end')))}"
    if start is None:
        return (text if end else ""), "", "", ""
    try:
        limit = int(ruleset(state.result).params.get("review.max_cadence_years", 3) or 3)
    except PlanforgeError:  # its packs cannot be used: its review says why
        limit = 3
    cadence = term.get("review_cadence_years")
    cadence = min(cadence, limit) if isinstance(cadence, int) and cadence > 0 else limit
    plan = schedule(start, end, cadence, datetime.date.today())
    if plan.next_review is None:
        return text, "", "", ""
    note = plan.event
    css = ""
    if plan.state == OVERDUE:
        css, note = "error", f"{plan.event} — overdue"
    elif plan.state == DUE:
        css, note = "warning", f"{plan.event} — in {plan.days_left} days"
    return text, plan.next_review.isoformat(), css, note


def row_for(web: Web, rel: str) -> Row:
    """The home-page row of one file."""
    try:
        state = web.workspace.state(rel)
    except (PathRefused, PlanforgeError, OSError) as e:
        return Row(rel, rel, "Unreadable", "", "error", 1, 0, 0, "", "", "", "", "", "", str(e))
    return _row(web, state)


def _row(web: Web, state: FileState) -> Row:
    from planforge.packs.selection import jurisdiction_of

    data = state.data if isinstance(state.data, dict) else {}
    kind = kind_words(state.kind)
    if state.kind is None:
        first = state.result.findings[0].message if state.result.findings else ""
        errors = state.result.count(Severity.ERROR)
        return Row(state.rel, state.rel, kind, "NOT REVIEWED", "error", errors, 0, 0, "", "", "",
                   "", "", "", first, jurisdiction=jurisdiction_of(state.result))  # fmt: skip
    review = web.workspace.review(state)
    term, due, due_class, note = _term(state)
    zone = ""
    if state.zone:
        zone_state = web.workspace.state(state.zone)
        zone_data = zone_state.data if isinstance(zone_state.data, dict) else {}
        zone = str((zone_data.get("zone") or {}).get("name") or state.zone)
    action = {"initial": "Initial", "renewal": "Renewal", "revision": "Revision"}.get(
        str(data.get("action") or ""), ""
    )
    return Row(
        state.rel, review.name or state.rel, kind, review.verdict, verdict_class(review.verdict),
        review.count(Severity.ERROR), review.count(Severity.WARNING), review.count(Severity.INFO),
        term, due, due_class, note, zone, action, file_kind=state.kind or "",
        year=str(data.get("school_year") or "") if state.kind == "school_operational_plan" else "",
        jurisdiction=jurisdiction_of(state.result),
    )  # fmt: skip


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PORTFOLIO_HEADERS = {
    # The portfolio page carries its own stylesheet and has no script at all: inline styles
    # are allowed on this page only, scripts nowhere.
    "content-security-policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )
}


def _portfolio_files(web: Web) -> list[tuple[str, bytes]]:
    """The portfolio of every plan and zone in the workspace (the same library function
    `planforge portfolio` uses): the page, the workbook and, with a Colorado file among
    them, the posting list."""
    from planforge.api import portfolio

    return portfolio(web.workspace.root).documents()


def has_posting(rows: list[Row]) -> bool:
    """True when the workspace's portfolio has a waiver posting list (`waivers-posting.csv`):
    it lists Colorado plans' waivers (C.R.S. 22-44-305), so a file under Colorado law must be
    among them (a file that names no state is Colorado's)."""
    from planforge.authorizer.model import COLORADO

    return any(r.jurisdiction == COLORADO for r in rows)


NO_POSTING = (
    "This workspace's portfolio has no waiver posting list: the list is of Colorado plans' "
    "waivers, and no plan or zone here is under Colorado law."
)


def slug(name: str) -> str:
    """A folder name from a school name: `Aurora Vista Elementary` -> `aurora-vista-elementary`."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:60].strip("-") or "new-school"


@dataclass(frozen=True)
class Choice:
    """One thing the new-plan page can start: a starter of `planforge init`, in words."""

    label: str
    """The starter (:data:`planforge.authoring.starter.STARTERS`)."""
    title: str
    help: str
    school: bool
    """True when the file is one school's (the school's name is asked and filled in)."""
    folder: str
    """The folder when none is typed and there is no school name to name it after."""


CHOICES = (
    Choice("plan", "A Colorado innovation plan",
           "One school's plan under Colorado's Innovation Schools Act, with its waivers, "
           "goals, budget and staff votes.", True, "new-school"),
    Choice("sop", "A Massachusetts school operational plan (empowerment zone school)",
           "One school's plan for one school year, by the principal and the Teacher "
           "Leadership Team, approved by the zone board.", True, "new-school"),
    Choice("zone", "A zone agreement — Colorado",
           "A Colorado innovation zone's operating agreement: its board, the services the "
           "district keeps and its member schools.", False, "zone"),
    Choice("zone-ma", "A memorandum of understanding — Massachusetts empowerment zone",
           "The agreement among the School Committee, the state's Department and the zone's "
           "nonprofit board, with the zone teacher contract.", False, "zone"),
)  # fmt: skip
"""The choices of the new-plan page, in the order shown (the first is chosen at first)."""


def choice_for(label: str) -> Choice | None:
    """The choice with this starter label, or None."""
    return next((c for c in CHOICES if c.label == label), None)


def folder_path(text: str) -> str:
    """A workspace folder from what was typed: each part made a folder-safe name
    (`Harlow Zone/Schools/Canal Street` -> `harlow-zone/schools/canal-street`); empty parts,
    `.` and `..` dropped, so the folder stays inside the workspace."""
    parts = [re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-")[:60].strip("-")
             for part in re.split(r"[/\\]+", text)]  # fmt: skip
    return "/".join(p for p in parts if p)


def create_starter(web: Web, choice: Choice, folder: str, school: str | None) -> str:
    """Write the starter into `folder` of the workspace with the library function
    `planforge init` uses; its workspace path. Never overwrites a file (InputFileError) and
    refuses a place outside the workspace (PathRefused)."""
    from planforge.authoring.starter import STARTERS, write_starter

    rel = f"{folder}/{STARTERS[choice.label].filename}"
    target = web.workspace.path(rel, must_exist=False)
    if target.exists():
        msg = f"{rel} already exists; choose another folder name."
        raise InputFileError(msg)
    written = write_starter(target, label=choice.label, school=school)
    new_rel = relative(web.workspace.root, written.path)
    note = (
        f"Started {school}" if school else f"Started {choice.title[:1].lower()}{choice.title[1:]}"
    )
    web.workspace.history.record(new_rel, written.path.read_bytes(), "created", note)
    return new_rel


def routes(web: Web) -> list[Any]:
    """The home page, the new-plan form and the file dispatcher."""

    async def home(request: Request) -> Response:
        rows = [row_for(web, rel) for rel in web.workspace.files()]
        ready = sum(1 for r in rows if r.verdict == "READY")
        return web.page(
            request, "home.html", rows=rows, ready=ready, verdict_words=verdict_words,
            error=request.query_params.get("error", ""), posting=has_posting(rows),
        )  # fmt: skip

    def new_page(
        request: Request,
        *,
        status: int = 200,
        message: str = "",
        invalid: str = "",
        starter: str = CHOICES[0].label,
        school: str = "",
        folder: str = "",
    ) -> Response:
        return web.page(request, "new.html", status=status, choices=CHOICES, starter=starter,
                        school=school, folder=folder, message=message, invalid=invalid)  # fmt: skip

    async def new_plan(request: Request) -> Response:
        form = await request.form()
        await web.require_csrf(request, form)
        label = str(form.get("starter") or CHOICES[0].label)
        school = str(form.get("school") or "").strip()
        typed = str(form.get("folder") or "").strip()
        choice = choice_for(label)
        if choice is None:
            return new_page(request, status=400, school=school, folder=typed,
                            message="Choose what to start.", invalid="starter")  # fmt: skip
        again = {"starter": label, "school": school, "folder": typed}
        if choice.school and not school:
            return new_page(request, status=400, message="Type the school's name.",
                            invalid="school", **again)  # fmt: skip
        folder = folder_path(typed) or (slug(school) if choice.school else choice.folder)
        try:
            rel = create_starter(web, choice, folder, school if choice.school else None)
        except (PlanforgeError, PathRefused) as e:
            message = (
                str(e) if isinstance(e, PlanforgeError) else "That folder name cannot be used."
            )
            return new_page(request, status=400, message=message, invalid="folder", **again)
        return RedirectResponse(f"/edit/{rel}?created=1", status_code=303)

    async def new_form(request: Request) -> Response:
        chosen = request.query_params.get("starter", "")
        return new_page(request, starter=chosen if choice_for(chosen) else CHOICES[0].label)

    async def portfolio_page(request: Request) -> Response:
        name = str(request.path_params.get("name") or "portfolio.html")
        try:
            files = dict(await run_in_threadpool(_portfolio_files, web))
        except PlanforgeError as e:  # a file's rule packs cannot be used: say which
            raise HTTPException(409, f"The portfolio cannot be made: {e}") from e
        if name not in files:
            from planforge.authorizer import CSV

            raise HTTPException(
                404, NO_POSTING if name == CSV else "There is no such portfolio file."
            )
        if name == "portfolio.html":  # the authorizer's page, shown in place
            return Response(
                files[name], media_type="text/html; charset=utf-8", headers=PORTFOLIO_HEADERS
            )
        media = XLSX if name.endswith(".xlsx") else "text/csv; charset=utf-8"
        disposition = {"content-disposition": f'attachment; filename="{name}"'}
        return Response(files[name], media_type=media, headers=disposition)

    async def open_file(request: Request) -> Response:
        rel = web.file_rel(request)
        state = web.workspace.state(rel)
        target = "zone" if state.kind == "zone_agreement" else "edit"
        if not state.editable:
            target = "text"
        return RedirectResponse(f"/{target}/{rel}", status_code=303)

    return [
        route("/", home),
        route("/new", new_form),
        route("/new", new_plan, ["POST"]),
        route("/file/{rel:path}", open_file),
        route("/portfolio", portfolio_page),
        route("/portfolio/{name}", portfolio_page),
    ]
