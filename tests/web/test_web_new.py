"""The "Start a new plan" page: each choice writes the starter `planforge init` writes, in the
right place, opens it in the editor, and never replaces a file or writes outside the
workspace."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from planforge.cli import cli
from planforge.inputs.loader import load_file
from planforge.web.security import Guard
from planforge.web.views_home import CHOICES, folder_path

from .conftest import post_form

# label -> (the words on the page, `planforge init` options, kind, jurisdiction, file name)
STARTERS = {
    "plan": ("A Colorado innovation plan", [], "innovation_plan", None, "plan.yaml"),
    "sop": (
        "A Massachusetts school operational plan (empowerment zone school)",
        ["--sop"],
        "school_operational_plan",
        "MA",
        "operational-plan.yaml",
    ),
    "zone": ("A zone agreement — Colorado", ["--zone"], "zone_agreement", None, "zone.yaml"),
    "zone-ma": (
        "A memorandum of understanding — Massachusetts empowerment zone",
        ["--zone", "--state", "MA"],
        "zone_agreement",
        "MA",
        "zone.yaml",
    ),
}
SCHOOL = "Canal Street Middle School"


def start(
    client: TestClient, guard: Guard, starter: str, school: str = "", folder: str = ""
) -> Any:
    fields = [("_csrf", guard.csrf), ("starter", starter), ("school", school), ("folder", folder)]
    return post_form(client, "/new", fields)


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and "history" not in p.name}


def test_the_page_offers_each_starter_in_words(client: TestClient, guard: Guard) -> None:
    html = client.get("/new").text
    assert f'name="_csrf" value="{guard.csrf}"' in html
    group = html[html.index('<fieldset class="starters"') : html.index("</fieldset>")]
    assert "<legend>What do you want to start?</legend>" in group
    radios = re.findall(r'<input type="radio" id="starter-([\w-]+)" name="starter"', group)
    assert radios == [c.label for c in CHOICES] == list(STARTERS)
    for label, (words, *_rest) in STARTERS.items():
        assert f'<label for="starter-{label}">{words}</label>' in group
        assert f'aria-describedby="starter-{label}-help"' in group
        assert f'id="starter-{label}-help"' in group
    assert 'value="plan" data-school="1" aria-describedby="starter-plan-help" checked' in group
    assert group.count(" checked") == 1
    assert '<label for="school">School name' in html
    assert '<label for="folder">Folder</label>' in html
    chosen = client.get("/new?starter=zone-ma").text
    assert (
        'value="zone-ma" data-school="0" aria-describedby="starter-zone-ma-help" checked' in chosen
    )
    assert "schedule_calendar" not in html
    assert "zone-ma</label>" not in html


@pytest.mark.parametrize("label", list(STARTERS))
def test_each_choice_writes_the_starter_planforge_init_writes(
    client: TestClient, guard: Guard, workspace: Path, tmp_path: Path, label: str
) -> None:
    _words, options, kind, jurisdiction, filename = STARTERS[label]
    school = SCHOOL if label in ("plan", "sop") else ""
    response = start(client, guard, label, school, f"new-{label}")
    assert response.status_code == 303, response.text
    rel = f"new-{label}/{filename}"
    assert response.headers["location"] == f"/edit/{rel}?created=1"
    path = workspace / rel
    data = load_file(path).data
    assert data["kind"] == kind
    assert data.get("jurisdiction") == jurisdiction
    if label == "zone-ma":
        assert data["zone"]["type"] == "empowerment_zone"
    if school:
        assert data["school"]["name"] == SCHOOL
    assert (path.parent / ".planforge").is_dir()  # the editor schema beside it, as init writes

    # the very file `planforge init` writes with the same choice
    cli_path = tmp_path / "cli" / filename
    args = ["init", str(cli_path), *options, *(["--school", school] if school else [])]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == cli_path.read_bytes()

    # it opens in the editor, and its history starts with it
    page = client.get(f"/edit/{rel}?created=1").text
    assert 'id="section-form"' in page
    assert "created from the starter" in page
    if label == "zone-ma":
        assert "Your memorandum of understanding was created" in page
    assert "Started" in client.get(f"/history/{rel}").text
    assert rel in client.get("/").text


def test_the_school_name_fills_the_folder_and_a_zone_needs_none(
    client: TestClient, guard: Guard, workspace: Path
) -> None:
    sop = start(client, guard, "sop", SCHOOL)
    assert sop.headers["location"] == (
        "/edit/canal-street-middle-school/operational-plan.yaml?created=1"
    )
    nested = start(client, guard, "sop", "Brightwater", " Harlow Zone/Schools/../Brightwater/ ")
    rel = "harlow-zone/schools/brightwater/operational-plan.yaml"
    assert nested.headers["location"] == f"/edit/{rel}?created=1"
    zone = start(client, guard, "zone-ma", "Typed by mistake")
    assert zone.headers["location"] == "/edit/zone/zone.yaml?created=1"
    assert "Typed by mistake" not in (workspace / "zone" / "zone.yaml").read_text(encoding="utf-8")
    for label in ("plan", "sop"):
        blank = start(client, guard, label, "  ")
        assert blank.status_code == 400
        assert "Type the school&#39;s name." in blank.text
        assert 'aria-invalid="true"' in blank.text
        assert (
            f'value="{label}" data-school="1" aria-describedby="starter-{label}-help" checked'
            in (blank.text)
        )
    unknown = start(client, guard, "charter", SCHOOL)
    assert unknown.status_code == 400
    assert "Choose what to start." in unknown.text


@pytest.mark.parametrize("label", list(STARTERS))
def test_no_choice_replaces_an_existing_file(
    client: TestClient, guard: Guard, workspace: Path, label: str
) -> None:
    school = SCHOOL if label in ("plan", "sop") else ""
    filename = STARTERS[label][4]
    target = workspace / "taken" / filename
    target.parent.mkdir()
    target.write_text("kind: innovation_plan\n# the team's own work\n", encoding="utf-8")
    before = snapshot(workspace)
    again = start(client, guard, label, school, "taken")
    assert again.status_code == 400
    assert f"taken/{filename} already exists; choose another folder name." in (again.text)
    assert snapshot(workspace) == before
    # the first file a choice writes is never replaced by a second try either
    first = start(client, guard, label, school, "fresh")
    assert first.status_code == 303
    written = (workspace / "fresh" / filename).read_bytes()
    (workspace / "fresh" / filename).write_bytes(written + b"# edited\n")
    assert start(client, guard, label, school, "fresh").status_code == 400
    assert (workspace / "fresh" / filename).read_bytes() == written + b"# edited\n"


def test_nothing_is_written_outside_the_workspace(
    client: TestClient, guard: Guard, workspace: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (workspace / "link").symlink_to(outside, target_is_directory=True)
    for label in STARTERS:
        school = SCHOOL if label in ("plan", "sop") else ""
        refused = start(client, guard, label, school, "link")
        assert refused.status_code == 400, label
        assert "That folder name cannot be used." in refused.text
    for folder in ("../outside", "/tmp/outside", "..\\outside", ".planforge"):
        response = start(client, guard, "zone-ma", "", folder)
        assert response.status_code == 303, folder
        rel = response.headers["location"].split("/edit/")[1].split("?")[0]
        assert (workspace / rel).is_file()
        assert not rel.startswith((".", "/"))
        (workspace / rel).unlink()
    assert os.listdir(outside) == []
    assert folder_path("../../x/./y") == "x/y"
    assert folder_path(" . / .. ") == ""


def test_starting_needs_the_page_token(client: TestClient, workspace: Path) -> None:
    before = snapshot(workspace)
    for fields in (
        [("starter", "zone-ma")],
        [("_csrf", "wrong"), ("starter", "sop"), ("school", "X")],
    ):
        assert post_form(client, "/new", fields).status_code == 403
    assert snapshot(workspace) == before
