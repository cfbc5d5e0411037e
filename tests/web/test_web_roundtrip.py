"""Saving keeps the file as it was: unchanged forms change nothing, edits touch their lines."""

from __future__ import annotations

import difflib
import random
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from planforge.authoring.starter import write_starter
from planforge.inputs.loader import load_text
from planforge.inputs.schemas import KIND_LABEL
from planforge.web import editing, yamltext
from planforge.web.editing import Op
from planforge.web.schema_nav import property_order
from planforge.web.sections import sections_for
from planforge.web.security import Guard

from .conftest import EXAMPLES, edit, form_fields, post_form, version_of

EXAMPLE_FILES = sorted(p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.rglob("*.yaml"))
SOP = "massachusetts/empowerment-zone/schools/canal-street/operational-plan.yaml"
MA_ZONE = "massachusetts/empowerment-zone/zone.yaml"


def _changed_lines(old: str, new: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def _label_of(data: object) -> str:
    kind = data.get("kind") if isinstance(data, dict) else None
    return KIND_LABEL.get(str(kind), "plan")


def _submit_every_section(client: TestClient, guard: Guard, rel: str, path: Path) -> None:
    """Send every section's form as the browser would (all sections in one request: the
    server treats each field on its own, so this is the same as one request per section)."""
    fields: list[tuple[str, str]] = []
    data = load_text(path.read_text(encoding="utf-8")).data
    sections = sections_for(_label_of(data), data)
    for section in sections:
        page = client.get(f"/edit/{rel}?section={section.id}")
        assert page.status_code == 200, (rel, section.id)
        sent = form_fields(page.text)
        assert any(name == "_base" for name, _ in sent)
        keep = fields and {"_csrf", "_base", "_section"}
        fields += [(k, v) for k, v in sent if not keep or k not in keep]
    response = post_form(client, f"/edit/{rel}", fields)
    assert response.status_code == 303, (rel, response.text[:500])


@pytest.mark.parametrize("rel", EXAMPLE_FILES)
def test_unchanged_form_leaves_example_byte_identical(
    client: TestClient, guard: Guard, workspace: Path, rel: str
) -> None:
    before = (workspace / rel).read_bytes()
    _submit_every_section(client, guard, rel, workspace / rel)
    assert (workspace / rel).read_bytes() == before


def test_the_examples_include_massachusetts_files() -> None:
    """The round trip above covers every document kind, and both states' zones."""
    kinds = set()
    for rel in EXAMPLE_FILES:
        data = load_text((EXAMPLES / rel).read_text(encoding="utf-8")).data
        kinds.add((data.get("kind"), data.get("jurisdiction", "CO")))
    assert ("school_operational_plan", "MA") in kinds
    assert ("zone_agreement", "MA") in kinds
    assert ("innovation_plan", "MA") in kinds
    assert ("zone_agreement", "CO") in kinds


def test_unchanged_form_leaves_fresh_starter_byte_identical(
    client: TestClient, guard: Guard, workspace: Path
) -> None:
    written = write_starter(workspace / "new-school" / "plan.yaml", school="Test School")
    before = written.path.read_bytes()
    _submit_every_section(client, guard, "new-school/plan.yaml", written.path)
    assert written.path.read_bytes() == before


def test_edits_touch_only_their_lines(client: TestClient, guard: Guard, workspace: Path) -> None:
    rel = "standalone/plan.yaml"
    before = (workspace / rel).read_text(encoding="utf-8")
    base = version_of(client.get(f"/edit/{rel}?section=school").text)
    ops = [
        {"op": "set", "pointer": "/school/name", "value": "Bluebird Academy"},
        {"op": "set", "pointer": "/school/enrollment", "value": "455"},
        {"op": "set", "pointer": "/submitted", "value": "2026-03-20"},
        {"op": "set", "pointer": "/school/leader/title", "value": "Head of School"},
    ]
    response = edit(client, guard, rel, base, ops, section="school")
    assert response.status_code == 200, response.text
    after = (workspace / rel).read_text(encoding="utf-8")
    changed = _changed_lines(before, after)
    assert len([c for c in changed if c.startswith("-")]) == 4
    assert len([c for c in changed if c.startswith("+")]) == 4
    assert "+  name: Bluebird Academy" in changed
    data = load_text(after).data
    assert data["school"]["enrollment"] == 455
    assert data["submitted"] == "2026-03-20"


def test_prose_is_written_as_a_block_and_comments_stay(
    client: TestClient, guard: Guard, workspace: Path
) -> None:
    written = write_starter(workspace / "s" / "plan.yaml", school="S")
    before = written.path.read_text(encoding="utf-8")
    base = version_of(client.get("/edit/s/plan.yaml?section=mission").text)
    text = "We teach every child to read.\r\n\r\nEvery family is a partner."
    response = edit(client, guard, "s/plan.yaml", base,
                    [{"op": "set", "pointer": "/mission/statement", "value": text}])  # fmt: skip
    assert response.status_code == 200, response.text
    after = written.path.read_text(encoding="utf-8")
    assert (
        "  statement: |\n    We teach every child to read.\n\n    Every family is a partner.\n"
        in after
    )
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == [
        line for line in after.splitlines() if line.lstrip().startswith("#")
    ]


def test_clearing_an_optional_field_removes_it_and_a_required_one_empties_it(
    client: TestClient, guard: Guard, workspace: Path
) -> None:
    rel = "standalone/plan.yaml"
    base = version_of(client.get(f"/edit/{rel}").text)
    response = edit(client, guard, rel, base, [
        {"op": "set", "pointer": "/school/sac_name", "value": ""},
        {"op": "set", "pointer": "/school/district", "value": "  "},
    ])  # fmt: skip
    assert response.status_code == 200, response.text
    data = load_text((workspace / rel).read_text(encoding="utf-8")).data
    assert "sac_name" not in data["school"]
    assert data["school"]["district"] is None
    messages = {(f["pointer"], f["message"]) for f in response.json()["findings"]}
    assert ("/school/district", "Required: fill this in.") in messages


def test_rows_add_move_remove(client: TestClient, guard: Guard, workspace: Path) -> None:
    rel = "standalone/plan.yaml"
    path = workspace / rel
    before = load_text(path.read_text(encoding="utf-8")).data
    count = len(before["waivers"])
    base = version_of(client.get(f"/edit/{rel}?section=waivers").text)
    response = edit(
        client, guard, rel, base, [{"op": "add", "pointer": "/waivers"}], section="waivers"
    )
    assert response.status_code == 200, response.text
    assert "html" in response.json()
    data = load_text(path.read_text(encoding="utf-8")).data
    assert len(data["waivers"]) == count + 1
    assert data["waivers"][-1]["id"] is None
    pointers = {f["pointer"] for f in response.json()["findings"]}
    assert f"/waivers/{count}/id" in pointers
    base = response.json()["version"]
    response = edit(client, guard, rel, base, [{"op": "up", "pointer": f"/waivers/{count}"}])
    data = load_text(path.read_text(encoding="utf-8")).data
    assert data["waivers"][count - 1]["id"] is None
    assert data["waivers"][count] == before["waivers"][count - 1]
    base = response.json()["version"]
    response = edit(
        client, guard, rel, base, [{"op": "remove", "pointer": f"/waivers/{count - 1}"}]
    )
    assert response.status_code == 200
    assert load_text(path.read_text(encoding="utf-8")).data == before


def test_refuses_fields_the_form_does_not_show(client: TestClient, guard: Guard) -> None:
    rel = "standalone/plan.yaml"
    base = version_of(client.get(f"/edit/{rel}").text)
    for pointer in ("/kind", "/schema_version", "/nonsense", "school/name", "/school/nope"):
        response = edit(client, guard, rel, base, [{"op": "set", "pointer": pointer, "value": "x"}])
        assert response.status_code == 400, pointer


@pytest.mark.parametrize("rel", ["draft/plan.yaml", "confluence-zone/zone.yaml", SOP, MA_ZONE])
def test_random_edit_sequences_keep_everything_else(rel: str) -> None:
    """Many scalar edits in a row, each made in place with carried-over positions, always
    load back as exactly the data intended and agree with a fresh parse."""
    text = (EXAMPLES / rel).read_text(encoding="utf-8")
    data = load_text(text).data
    label = _label_of(data)
    index = yamltext.TextDoc(text)
    rng = random.Random(11)
    values = ["Edited", "two\nlines\n", 42, 3.5, None, "a: b", "x, y", "12", "it's", True, ""]

    def scalars(node: object, pointer: str = "") -> list[str]:
        if isinstance(node, dict):
            return [p for k, v in node.items() for p in scalars(v, f"{pointer}/{k}")]
        if isinstance(node, list):
            return [p for i, v in enumerate(node) for p in scalars(v, f"{pointer}/{i}")]
        return [pointer]

    quick = 0
    for step in range(60):
        pointer = rng.choice(scalars(data))
        applied = editing.apply(text, data, [Op("set", pointer, rng.choice(values))],
                                lambda p: property_order(label, p), index=index)  # fmt: skip
        assert editing.same(load_text(applied.text).data, applied.data)
        quick += applied.index is not None
        text, data, index = applied.text, applied.data, applied.index
        if index is not None and step % 4 == 0:
            fresh = yamltext.TextDoc(text)
            for key, node in fresh.nodes.items():
                carried = index.nodes[key]
                assert (node.start, node.end, node.key_start, node.dash) == (
                    carried.start, carried.end, carried.key_start, carried.dash,
                ), key  # fmt: skip
    assert quick > 50


@pytest.mark.parametrize("rel", ["standalone/plan.yaml", "confluence-zone/zone.yaml", SOP])
def test_every_structural_edit_is_made_in_place(rel: str) -> None:
    """Deleting any key and adding, removing or moving any list item keeps all other data."""
    text = (EXAMPLES / rel).read_text(encoding="utf-8")
    data = load_text(text).data
    label = _label_of(data)
    ops: list[Op] = []

    def walk(node: object, pointer: str = "") -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                ops.append(Op("delete", f"{pointer}/{key}"))
                walk(value, f"{pointer}/{key}")
        elif isinstance(node, list):
            ops.append(Op("append", pointer, "new item"))
            ops.append(
                Op("remove", pointer, index=len(node) - 1) if node else Op("append", pointer, 1)
            )
            if len(node) > 1:
                ops.append(Op("move", pointer, "down", index=0))
            for i, value in enumerate(node):
                walk(value, f"{pointer}/{i}")

    walk(data)
    for op in ops[::9]:
        new = editing.apply_to_text(text, data, op, lambda p: property_order(label, p))
        assert editing.same(load_text(new).data, editing.apply_to_data(data, op)), op


def test_keep_a_starter_example_removes_only_its_todo_mark(
    client: TestClient, guard: Guard, workspace: Path
) -> None:
    written = write_starter(workspace / "k" / "plan.yaml", school="K")
    before = written.path.read_text(encoding="utf-8")
    page = client.get("/edit/k/plan.yaml").text
    assert "Keep this value" in page
    response = edit(client, guard, "k/plan.yaml", version_of(page),
                    [{"op": "keep", "pointer": "/submitted"}], section="school")  # fmt: skip
    assert response.status_code == 200, response.text
    after = written.path.read_text(encoding="utf-8")
    changed = _changed_lines(before, after)
    assert len(changed) == 2
    assert changed[0].endswith("  # TODO")
    assert "# TODO" not in changed[1]
    assert load_text(after).data == load_text(before).data
    assert not [f for f in response.json()["findings"] if f["pointer"] == "/submitted"]
    typed = edit(client, guard, "k/plan.yaml", response.json()["version"],
                 [{"op": "set", "pointer": "/school/enrollment", "value": "512"}])  # fmt: skip
    assert typed.status_code == 200
    assert "  enrollment: 512\n" in written.path.read_text(encoding="utf-8")  # the mark goes too
