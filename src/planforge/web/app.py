"""The Starlette application: routes, templates, static files and the guard around them.

``create_app(folder, guard)`` builds the app for one workspace folder. Every page is rendered
on the server from planforge's own library (check, review, render, build, diff) with Jinja2
templates shipped in this package (autoescaped); the browser runs one small script of ours,
``static/app.js``, for autosave and live findings. Nothing is loaded from elsewhere.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from planforge import __version__
from planforge.inputs.schemas import KIND_WORDS as _KIND_WORDS
from planforge.web.security import BodyTooLarge, Guard, GuardMiddleware, PathRefused
from planforge.web.workspace import Workspace

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
KIND_WORDS = {kind: words[:1].upper() + words[1:] for kind, words in _KIND_WORDS.items()}
"""Each document kind as the pages name it: `Innovation plan`, `Zone agreement`,
`School operational plan` (:data:`planforge.inputs.schemas.KIND_WORDS`, capitalised)."""


def kind_words(kind: str | None) -> str:
    """The words for a file's document kind (`Not a planforge file` when it has none)."""
    return KIND_WORDS.get(kind or "", "Not a planforge file")


def _static_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(STATIC.glob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def make_env() -> Environment:
    """The Jinja environment: templates from this package only, autoescaped, strict."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["tojson_attr"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["nice_date"] = nice_date
    env.globals["kind_words"] = kind_words
    return env


def nice_date(value: str) -> str:
    """`2029-06-30` -> `Jun 30, 2029` (other text as given)."""
    import datetime

    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.strftime('%b')} {day.day}, {day.year}"


class Web:
    """What every view needs: the workspace, the guard, templates."""

    def __init__(self, workspace: Workspace, guard: Guard) -> None:
        self.workspace = workspace
        self.guard = guard
        self.env = make_env()
        self.static_version = _static_version()
        self.jobs: dict[str, Any] = {}

    def page(
        self, request: Request, template: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        """Render a full page."""
        html = self.env.get_template(template).render(
            request=request,
            csrf=self.guard.csrf,
            workspace_name=self.workspace.root.name or str(self.workspace.root),
            workspace_path=str(self.workspace.root),
            static=lambda name: f"/static/{name}?v={self.static_version}",
            planforge_version=__version__,
            **context,
        )
        return HTMLResponse(html, status_code=status, headers={"cache-control": "no-store"})

    def fragment(self, template: str, **context: Any) -> str:
        """Render part of a page (for the script to put in place)."""
        return self.env.get_template(template).render(csrf=self.guard.csrf, **context)

    def file_rel(self, request: Request) -> str:
        """The workspace file named in the URL, canonical (404 when it is not one)."""
        rel = str(request.path_params.get("rel", ""))
        try:
            return self.workspace.canonical(rel)
        except PathRefused as e:
            raise HTTPException(404, "There is no such plan or zone file in this workspace.") from e

    async def require_csrf(self, request: Request, form: Any = None) -> None:
        """Refuse a state-changing request without the page's CSRF token."""
        sent = request.headers.get("x-csrf-token")
        if sent is None and form is not None:
            value = form.get("_csrf")
            sent = value if isinstance(value, str) else None
        if not self.guard.csrf_ok(sent):
            raise HTTPException(
                403, "Refused: the page's security token is missing. Reload the page."
            )


def create_app(folder: str | Path, guard: Guard, *, templates: Path | None = None) -> Starlette:
    """The web workspace for `folder`, guarded by `guard`."""
    from planforge.web import views_docs, views_edit, views_home, views_review

    web = Web(Workspace(Path(folder), templates=templates), guard)
    routes: list[Any] = [
        *views_home.routes(web),
        *views_edit.routes(web),
        *views_review.routes(web),
        *views_docs.routes(web),
        Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static"),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        detail = getattr(exc, "detail", "Not found.")
        status = getattr(exc, "status_code", 404)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"ok": False, "message": detail}, status_code=status)
        return web.page(request, "error.html", status=status, message=detail)

    async def too_large(request: Request, exc: Exception) -> Response:
        return PlainTextResponse("Too large.", status_code=413)

    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: not_found, BodyTooLarge: too_large},
    )
    app.state.web = web
    return GuardMiddleware(app, guard)  # type: ignore[return-value]


def route(path: str, endpoint: Any, methods: list[str] | None = None) -> Route:
    """A route (GET unless methods say otherwise)."""
    return Route(path, endpoint, methods=methods or ["GET"])
