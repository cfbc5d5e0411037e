"""Shared fixtures for the web workspace tests: a copy of the examples, a guard, a client."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed (pip install -e '.[web]')")

from starlette.testclient import TestClient

from planforge.web.app import create_app
from planforge.web.security import Guard

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
HOST = "testserver"
ORIGIN = f"http://{HOST}"
TOKEN = "test-token-0123456789"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of examples/ (the tests may change it)."""
    target = tmp_path / "ws"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("*.md"))
    return target


@pytest.fixture
def guard() -> Guard:
    """The guard the test app runs behind (port 80, so the Host header is `testserver`)."""
    return Guard(TOKEN, 80, hosts=(HOST,))


@pytest.fixture
def client(workspace: Path, guard: Guard) -> Iterator[TestClient]:
    """A client that has already visited with the token (it carries the cookie)."""
    app = create_app(workspace, guard)
    with TestClient(app, base_url=ORIGIN) as c:
        c.cookies.set(guard.cookie_name, TOKEN)
        yield c


def version_of(html: str) -> str:
    """The file version a page was made from."""
    found = re.search(r'data-version="([0-9a-f]{64})"', html)
    assert found, "the page carries the file version"
    return found.group(1)


def edit(
    client: TestClient,
    guard: Guard,
    rel: str,
    base: str,
    ops: list[dict[str, Any]],
    *,
    section: str = "",
    headers: dict[str, str] | None = None,
) -> Any:
    """POST an edit as the page's script does."""
    sent = {"x-csrf-token": guard.csrf, "origin": ORIGIN, "content-type": "application/json"}
    sent.update(headers or {})
    body = {"base": base, "section": section, "ops": ops}
    return client.post(f"/api/edit/{rel}", content=json.dumps(body), headers=sent)


def post_form(
    client: TestClient, url: str, fields: list[tuple[str, str]], *, origin: str = ORIGIN
) -> Any:
    """POST fields form-encoded (repeated names allowed), as a browser submits a form."""
    from urllib.parse import urlencode

    headers = {"origin": origin, "content-type": "application/x-www-form-urlencoded"}
    return client.post(url, content=urlencode(fields), headers=headers, follow_redirects=False)


class FormFields(HTMLParser):
    """The fields a browser would send for the section form, as it would send them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._textarea: tuple[str, list[str]] | None = None
        self._select: tuple[str, list[tuple[str, bool]]] | None = None
        self._option: tuple[str | None, list[str], bool] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form" and a.get("id") == "section-form":
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name is not None:
            kind = a.get("type", "text")
            if kind == "checkbox":
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self.fields.append((name, a.get("value", "")))
        elif tag == "textarea" and name is not None:
            self._textarea = (name, [])
        elif tag == "select" and name is not None:
            self._select = (name, [])
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), [], "selected" in a)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option is not None:
            self._option[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._textarea[1])
            # the HTML parser drops one newline right after <textarea>
            text = text[1:] if text.startswith("\n") else text
            self.fields.append((self._textarea[0], text.replace("\n", "\r\n")))
            self._textarea = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, text, selected = self._option
            self._select[1].append((value if value is not None else "".join(text), selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select[1]
            chosen = [v for v, s in options if s] or [v for v, _ in options[:1]]
            if chosen:
                self.fields.append((self._select[0], chosen[-1]))
            self._select = None


def form_fields(html: str) -> list[tuple[str, str]]:
    """Parse a page and return what submitting its section form would send."""
    parser = FormFields()
    parser.feed(html)
    return parser.fields
