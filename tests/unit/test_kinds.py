"""The document registry: every kind has a template, a context builder and renders.

Adding a document kind is one registry entry; this test picks it up without changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planforge.documents.kinds import DOCUMENT_KINDS, kinds_for
from planforge.documents.render import render_agreement, render_plans
from planforge.inputs.pipeline import check_paths
from planforge.resources import templates_dir

ROOT = Path(__file__).resolve().parents[2]
ZONE = ROOT / "examples" / "confluence-zone" / "zone.yaml"


def test_every_kind_has_a_scope_and_a_bundled_template_or_a_writer() -> None:
    assert set(kinds_for("plan")) | set(kinds_for("zone")) == set(DOCUMENT_KINDS)
    for kind in DOCUMENT_KINDS.values():
        assert kind.suffix.endswith(f".{kind.format}"), kind.name
        if kind.is_docx:  # a Word document: a bundled template, no writer of its own
            assert (templates_dir() / kind.template).is_file(), kind.name
            assert kind.write is None
        else:  # another format (the budget spreadsheet): a writer, no template
            assert kind.template == ""
            assert kind.write is not None
    suffixes = [k.suffix for k in DOCUMENT_KINDS.values()]
    stems = [s.rsplit(".", 1)[0] for s in suffixes]
    assert len(set(stems)) == len(stems)  # no two files (or their PDFs) share a name


def test_the_zone_agreement_is_a_registered_zone_kind() -> None:
    assert kinds_for("zone") == ["mou"]
    assert kinds_for("plan") == ["plan", "waivers", "budget", "budget-sheet", "review"]


@pytest.mark.parametrize("kind", kinds_for("plan"))
def test_each_plan_kind_renders_a_verified_document(kind: str) -> None:
    results = check_paths([ZONE])
    rendered = render_plans(results, [kind])
    members = [r for r in results if r.kind == "innovation_plan"]
    assert [d.kind for d in rendered.documents] == [kind] * len(members)
    assert all(d.ok and d.data and d.data[:2] == b"PK" for d in rendered.documents)  # zip
    assert all(d.filename.endswith(DOCUMENT_KINDS[kind].suffix) for d in rendered.documents)


@pytest.mark.parametrize("kind", kinds_for("zone"))
def test_each_zone_kind_renders_a_verified_document(kind: str) -> None:
    doc = render_agreement(check_paths([ZONE]))
    assert doc.kind == kind
    assert doc.ok
    assert doc.filename == "confluence-innovation-zone" + DOCUMENT_KINDS[kind].suffix
