"""The workspace's guard: who may talk to it, what they may send, which files they may touch.

* **Token.** Each launch makes a random token, printed in the URL. The first visit with
  ``?token=`` sets a cookie (HttpOnly, SameSite=Strict) and redirects to the same page
  without it; every other request needs the cookie (or the token).
* **Host allowlist** against DNS rebinding: only the loopback names for our port (and the
  address the server was bound to when forced elsewhere).
* **Origin check** on every request that changes state, plus a CSRF token (derived from the
  launch token) that forms send as a field and scripts as a header.
* **Size limits:** no request body over the loader's limit (``MAX_BYTES``) plus room for
  the form around it.
* **Headers:** a strict Content-Security-Policy (scripts, styles and images only from this
  server; no inline script), no framing, no sniffing, no referrer across origins.
* **Paths** are workspace-relative, never absolute, never with ``..`` or hidden folders, and
  must resolve (symlinks followed) inside the workspace.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from planforge.inputs.loader import MAX_BYTES

BODY_LIMIT = MAX_BYTES + 256 * 1024
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "_csrf"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


class PathRefused(ValueError):
    """A path from a request that is not a file of this workspace."""


def new_token() -> str:
    """A fresh per-launch token (256 bits)."""
    return secrets.token_urlsafe(32)


@dataclass
class Guard:
    """The settings every request is checked against."""

    token: str
    port: int
    hosts: tuple[str, ...] = LOOPBACK_NAMES
    scheme: str = "http"
    body_limit: int = BODY_LIMIT
    extra_hosts: tuple[str, ...] = field(default_factory=tuple)

    @property
    def cookie_name(self) -> str:
        """Cookies are not separated by port, so the name carries it."""
        return f"planforge-{self.port}"

    @property
    def csrf(self) -> str:
        """The CSRF token forms and scripts send back (derived from the launch token)."""
        return hmac.new(self.token.encode(), b"planforge-csrf", hashlib.sha256).hexdigest()

    def allowed_hosts(self) -> set[str]:
        """Host header values accepted (name:port)."""
        names = (*self.hosts, *self.extra_hosts)
        out = {f"{name}:{self.port}" for name in names}
        if (self.scheme == "http" and self.port == 80) or (
            self.scheme == "https" and self.port == 443
        ):
            out |= set(names)
        return out

    def allowed_origins(self) -> set[str]:
        """Origin header values accepted."""
        return {f"{self.scheme}://{host}" for host in self.allowed_hosts()}

    def token_ok(self, value: str | None) -> bool:
        """Constant-time comparison with the launch token."""
        return bool(value) and hmac.compare_digest(str(value), self.token)

    def csrf_ok(self, value: str | None) -> bool:
        """Constant-time comparison with the CSRF token."""
        return bool(value) and hmac.compare_digest(str(value), self.csrf)


def _headers(scope: dict[str, Any]) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


class GuardMiddleware:
    """ASGI middleware applying the :class:`Guard` to every HTTP request."""

    def __init__(self, app: Any, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        problem = self._refusal(scope, headers)
        if problem is not None:
            status, message = problem
            await _plain(send, status, message)
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if scope["method"] == "GET" and self.guard.token_ok(query.get("token")):
            await self._set_cookie_and_redirect(scope, query, send)
            return
        started = False

        async def tracking(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await _with_headers(send)(message)

        try:
            await self.app(scope, _limited(receive, self.guard.body_limit), tracking)
        except BodyTooLarge:
            if not started:
                limit = self.guard.body_limit // 1024
                await _plain(send, 413, f"Too large: planforge accepts up to {limit} KB.")

    def _refusal(self, scope: dict[str, Any], headers: dict[str, str]) -> tuple[int, str] | None:
        guard = self.guard
        if headers.get("host", "") not in guard.allowed_hosts():
            return 400, "This address is not allowed. Open the link planforge serve printed."
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > guard.body_limit):
            return 413, f"Too large: planforge accepts up to {guard.body_limit // 1024} KB."
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header is treated as no cookie
            cookie = SimpleCookie()
        morsel = cookie.get(guard.cookie_name)
        if not (
            guard.token_ok(morsel.value if morsel else None) or guard.token_ok(query.get("token"))
        ):
            return 403, (
                "This workspace needs its access link. Open the link that `planforge serve` "
                "printed when it started (it ends with ?token=...)."
            )
        if scope["method"] in UNSAFE_METHODS:
            origin = headers.get("origin")
            if origin is None:
                referer = headers.get("referer", "")
                parts = urlsplit(referer)
                origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else None
            if origin not in guard.allowed_origins():
                return 403, "Refused: this request did not come from the planforge workspace page."
        return None

    async def _set_cookie_and_redirect(
        self, scope: dict[str, Any], query: dict[str, str], send: Any
    ) -> None:
        rest = {k: v for k, v in query.items() if k != "token"}
        location = scope.get("path", "/") + (f"?{urlencode(rest)}" if rest else "")
        cookie = f"{self.guard.cookie_name}={self.guard.token}; Path=/; HttpOnly; SameSite=Strict"
        if self.guard.scheme == "https":
            cookie += "; Secure"
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", location.encode("latin-1")),
                    (b"set-cookie", cookie.encode("latin-1")),
                    (b"cache-control", b"no-store"),
                    *HEADERS,
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})


class BodyTooLarge(Exception):
    """Raised while reading a request body that goes over the limit."""


def _limited(receive: Any, limit: int) -> Any:
    seen = 0

    async def wrapped() -> dict[str, Any]:
        nonlocal seen
        message: dict[str, Any] = await receive()
        if message.get("type") == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge
        return message

    return wrapped


def _with_headers(send: Any) -> Any:
    async def wrapped(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            existing = {k.lower() for k, _ in message.get("headers", [])}
            extra = [(k, v) for k, v in HEADERS if k not in existing]
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return wrapped


async def _plain(send: Any, status: int, message: str) -> None:
    body = message.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                *HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# -- paths -----------------------------------------------------------------------------------

YAML_SUFFIXES = (".yaml", ".yml")


def confine(root: Path, rel: str, *, must_exist: bool = True) -> Path:
    """The file `rel` names inside the workspace `root`, or PathRefused.

    `rel` is a workspace-relative POSIX path: not absolute, no `..` or `.` parts, no hidden
    parts, no backslashes or NUL, a .yaml/.yml file; the resolved path (symlinks followed)
    must stay inside the workspace.
    """
    if not rel or "\\" in rel or "\x00" in rel or rel.startswith("/") or ":" in rel[:3]:
        raise PathRefused(rel)
    parts = rel.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        raise PathRefused(rel)
    if not rel.lower().endswith(YAML_SUFFIXES):
        raise PathRefused(rel)
    base = root.resolve()
    target = base.joinpath(*parts)
    resolved = target.resolve(strict=False)
    if not resolved.is_relative_to(base):
        raise PathRefused(rel)
    if must_exist and not resolved.is_file():
        raise PathRefused(rel)
    return resolved


def relative(root: Path, path: Path) -> str:
    """The workspace-relative POSIX path of a file inside the workspace."""
    return path.resolve().relative_to(root.resolve()).as_posix()
