"""The workspace's guard: token, Host, Origin and CSRF, paths, sizes, headers, escaping."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from planforge.inputs.loader import MAX_BYTES
from planforge.web.app import create_app
from planforge.web.security import CSP, Guard, PathRefused, confine

from .conftest import ORIGIN, TOKEN, edit, version_of


@pytest.fixture
def anonymous(workspace: Path, guard: Guard) -> TestClient:
    """A client that has not visited with the token."""
    return TestClient(create_app(workspace, guard), base_url=ORIGIN)


def test_every_page_needs_the_token(anonymous: TestClient) -> None:
    for url in ("/", "/edit/standalone/plan.yaml", "/static/app.js", "/api/state/draft/plan.yaml"):
        response = anonymous.get(url)
        assert response.status_code == 403, url
        assert "link" in response.text


def test_token_in_the_link_sets_a_cookie_and_is_dropped_from_the_address(
    anonymous: TestClient, guard: Guard
) -> None:
    response = anonymous.get(f"/?token={TOKEN}&x=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/?x=1"
    cookie = response.headers["set-cookie"]
    assert f"{guard.cookie_name}={TOKEN}" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert anonymous.get("/").status_code == 200
    assert anonymous.get("/?token=wrong", follow_redirects=False).status_code == 200


def test_a_wrong_token_is_refused(anonymous: TestClient, guard: Guard) -> None:
    anonymous.cookies.set(guard.cookie_name, "not-the-token")
    assert anonymous.get("/").status_code == 403


def test_unknown_host_is_refused_against_dns_rebinding(client: TestClient) -> None:
    response = client.get("/", headers={"host": "evil.example:80"})
    assert response.status_code == 400
    assert Guard("t", 8765).allowed_hosts() == {"127.0.0.1:8765", "localhost:8765", "[::1]:8765"}


def test_state_changes_need_our_origin_and_the_csrf_token(client: TestClient, guard: Guard) -> None:
    rel = "standalone/plan.yaml"
    base = version_of(client.get(f"/edit/{rel}").text)
    ops = [{"op": "set", "pointer": "/school/name", "value": "Changed"}]
    assert (
        edit(client, guard, rel, base, ops, headers={"origin": "http://evil.example"}).status_code
        == 403
    )
    assert edit(client, guard, rel, base, ops, headers={"x-csrf-token": "nope"}).status_code == 403
    body = json.dumps({"base": base, "ops": ops})
    no_origin = client.post(f"/api/edit/{rel}", content=body,
                            headers={"x-csrf-token": guard.csrf, "content-type": "application/json"})  # fmt: skip
    assert no_origin.status_code == 403
    form = client.post("/new", content="school=X", headers={
        "origin": ORIGIN, "content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert form.status_code == 403
    assert edit(client, guard, rel, base, ops).status_code == 200


def test_every_post_route_checks_the_csrf_token(client: TestClient, workspace: Path) -> None:
    paths = {
        "/new": "", "/edit/standalone/plan.yaml": "", "/api/edit/standalone/plan.yaml": "{}",
        "/api/resolve/standalone/plan.yaml": "{}", "/text/standalone/plan.yaml": "",
        "/restore/standalone/plan.yaml": "", "/compare/standalone/plan.yaml": "",
        "/build/confluence-zone/zone.yaml": "",
    }  # fmt: skip
    before = {p: p.read_bytes() for p in workspace.rglob("*.yaml")}
    for path, body in paths.items():
        kind = "application/json" if body else "application/x-www-form-urlencoded"
        response = client.post(path, content=body, headers={"origin": ORIGIN, "content-type": kind})
        assert response.status_code == 403, path
    assert {p: p.read_bytes() for p in workspace.rglob("*.yaml")} == before


@pytest.mark.parametrize(
    "rel",
    [
        "../outside.yaml",
        "standalone/../../outside.yaml",
        "%2e%2e/outside.yaml",
        "/etc/passwd",
        ".planforge/history.sqlite",
        "standalone/plan.txt",
        "missing/plan.yaml",
        "link/plan.yaml",
    ],
)
def test_paths_stay_inside_the_workspace(client: TestClient, workspace: Path, rel: str) -> None:
    outside = workspace.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "plan.yaml").write_text("kind: innovation_plan\n", encoding="utf-8")
    (workspace.parent / "outside.yaml").write_text("kind: innovation_plan\n", encoding="utf-8")
    if not (workspace / "link").exists():
        os.symlink(outside, workspace / "link")
    for prefix in ("/edit/", "/text/", "/history/", "/download/", "/review/"):
        response = client.get(prefix + rel)
        assert response.status_code in (400, 404), (prefix, rel, response.status_code)
        assert "kind: innovation_plan" not in response.text


def test_confine_refuses_escapes(workspace: Path) -> None:
    for rel in (
        "",
        "/abs.yaml",
        "a\\b.yaml",
        "C:/x.yaml",
        "a/./b.yaml",
        "a/../b.yaml",
        ".hidden.yaml",
    ):
        with pytest.raises(PathRefused):
            confine(workspace, rel, must_exist=False)
    assert (
        confine(workspace, "standalone/plan.yaml") == (workspace / "standalone/plan.yaml").resolve()
    )


def test_oversized_bodies_are_refused(client: TestClient, guard: Guard, workspace: Path) -> None:
    rel = "standalone/plan.yaml"
    before = (workspace / rel).read_bytes()
    big = "x" * (guard.body_limit + 10)
    response = client.post(f"/text/{rel}", content=f"_csrf={guard.csrf}&text={big}",
                           headers={"origin": ORIGIN, "content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert response.status_code == 413
    base = version_of(client.get(f"/edit/{rel}").text)
    just_under = "y" * (MAX_BYTES + 100)
    response = edit(
        client, guard, rel, base, [{"op": "set", "pointer": "/mission/vision", "value": just_under}]
    )
    assert response.status_code in (413, 422)
    assert (workspace / rel).read_bytes() == before


def test_security_headers_and_no_inline_script(client: TestClient) -> None:
    response = client.get("/edit/standalone/plan.yaml")
    assert response.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP
    assert "unsafe-inline" not in CSP
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    html = response.text
    assert "<script>" not in html
    assert " on" + "click=" not in html
    assert " style=" not in html
    assert "http://" not in html.replace(ORIGIN, "")
    assert "https://" not in html


def test_user_text_is_escaped(client: TestClient, guard: Guard) -> None:
    rel = "standalone/plan.yaml"
    base = version_of(client.get(f"/edit/{rel}").text)
    evil = '<script>alert("x")</script>'
    assert (
        edit(
            client, guard, rel, base, [{"op": "set", "pointer": "/school/name", "value": evil}]
        ).status_code
        == 200
    )
    for url in ("/", f"/edit/{rel}", f"/review/{rel}", f"/history/{rel}"):
        html = client.get(url).text
        assert evil not in html, url
        assert "&lt;script&gt;" in html, url
