"""Nothing typed is lost: conflicts are never overwritten blindly, every save is kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

from starlette.testclient import TestClient

from planforge.inputs.loader import load_text
from planforge.web.security import Guard

from .conftest import ORIGIN, edit, post_form, version_of

REL = "standalone/plan.yaml"


def _name(workspace: Path) -> str:
    return str(load_text((workspace / REL).read_text(encoding="utf-8")).data["school"]["name"])


def test_a_file_changed_on_disk_is_not_overwritten(
    client: TestClient, guard: Guard, workspace: Path
) -> None:
    base = version_of(client.get(f"/edit/{REL}").text)
    path = workspace / REL
    changed = path.read_text(encoding="utf-8").replace(
        "name: Bluebird Dual Language Academy", "name: Bluebird Academy (edited elsewhere)"
    )
    path.write_text(changed, encoding="utf-8")
    response = edit(
        client, guard, REL, base, [{"op": "set", "pointer": "/mission/vision", "value": "Mine."}]
    )
    assert response.status_code == 409
    data = response.json()
    assert data["conflict"] is True
    assert path.read_text(encoding="utf-8") == changed
    wheres = [c["where"] for c in data["disk_changes"]]
    assert "School › School name" in wheres
    assert data["your_changes"] == [{"where": "Mission › Vision", "new": "Mine."}]
    # the user applies their change to the newer file
    response = edit(
        client,
        guard,
        REL,
        data["version"],
        [{"op": "set", "pointer": "/mission/vision", "value": "Mine."}],
    )
    assert response.status_code == 200
    assert _name(workspace) == "Bluebird Academy (edited elsewhere)"
    assert load_text(path.read_text(encoding="utf-8")).data["mission"]["vision"] == "Mine."


def test_keep_my_version_keeps_the_other_in_history(
    client: TestClient, guard: Guard, workspace: Path
) -> None:
    base = version_of(client.get(f"/edit/{REL}").text)
    path = workspace / REL
    path.write_text(
        path.read_text(encoding="utf-8").replace("enrollment: ", "enrollment: 1"), encoding="utf-8"
    )
    other = path.read_bytes()
    body = {"base": base, "ops": [{"op": "set", "pointer": "/school/name", "value": "Mine"}]}
    response = client.post(f"/api/resolve/{REL}", content=json.dumps(body),
                           headers={"x-csrf-token": guard.csrf, "origin": ORIGIN})  # fmt: skip
    assert response.status_code == 200, response.text
    assert _name(workspace) == "Mine"
    history = client.get(f"/history/{REL}").text
    assert "Kept my version" in history
    ids = [int(v) for v in re.findall(r"/version/standalone/plan.yaml\?v=(\d+)", history)]
    shown = [client.get(f"/version/{REL}?v={i}").text for i in ids]
    assert any("(edited" not in s and "enrollment: 1" in s for s in shown)
    assert other != path.read_bytes()


def test_every_save_is_kept_and_can_be_restored(
    client: TestClient, guard: Guard, workspace: Path
) -> None:
    original = (workspace / REL).read_bytes()
    base = version_of(client.get(f"/edit/{REL}").text)
    for name in ("First", "Second", "Third"):
        response = edit(
            client, guard, REL, base, [{"op": "set", "pointer": "/school/name", "value": name}]
        )
        base = response.json()["version"]
    assert _name(workspace) == "Third"
    page = client.get(f"/history/{REL}").text
    assert page.count("Edited School › School name") == 3
    assert "Found on disk" in page
    first = min(int(v) for v in re.findall(r"\?v=(\d+)", page))
    view = client.get(f"/version/{REL}?v={first}").text
    assert "School › School name" in view
    assert "Third" in view
    response = post_form(
        client, f"/restore/{REL}", [("_csrf", guard.csrf), ("_base", base), ("v", str(first))]
    )
    assert response.status_code == 303
    assert (workspace / REL).read_bytes() == original
    assert "Restored" in client.get(f"/history/{REL}").text
    assert (workspace / ".planforge" / "history.sqlite").is_file()


def test_restore_refuses_when_the_file_changed(
    client: TestClient, guard: Guard, workspace: Path
) -> None:
    base = version_of(client.get(f"/edit/{REL}").text)
    page = client.get(f"/history/{REL}").text
    first = min(int(v) for v in re.findall(r"\?v=(\d+)", page))
    (workspace / REL).write_text("kind: innovation_plan\n", encoding="utf-8")
    response = post_form(
        client, f"/restore/{REL}", [("_csrf", guard.csrf), ("_base", base), ("v", str(first))]
    )
    assert response.headers["location"].endswith("restored=conflict")
    assert (workspace / REL).read_text(encoding="utf-8") == "kind: innovation_plan\n"


def test_form_post_conflict_shows_both_sides(
    client: TestClient, guard: Guard, workspace: Path
) -> None:
    page = client.get(f"/edit/{REL}?section=mission").text
    base = version_of(page)
    path = workspace / REL
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    response = post_form(client, f"/edit/{REL}", [("_csrf", guard.csrf), ("_base", base),
                         ("_section", "mission"), ("/mission/vision", "Mine, not saved")])  # fmt: skip
    assert response.status_code == 409
    assert "Mine, not saved" in response.text
    assert "Mine" not in path.read_text(encoding="utf-8")


def test_text_edit_is_checked_and_kept(client: TestClient, guard: Guard, workspace: Path) -> None:
    page = client.get(f"/text/{REL}").text
    base = version_of_text(page)
    text = (workspace / REL).read_text(encoding="utf-8").replace("enrollment:", "enrollment :")
    response = post_form(
        client, f"/text/{REL}", [("_csrf", guard.csrf), ("_base", base), ("text", text)]
    )
    assert response.status_code == 303
    assert (workspace / REL).read_text(encoding="utf-8") == text
    assert "Edited as text" in client.get(f"/history/{REL}").text


def version_of_text(html: str) -> str:
    found = re.search(r'name="_base" value="([0-9a-f]{64})"', html)
    assert found
    return found.group(1)
