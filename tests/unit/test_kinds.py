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
MA_ZONE = ROOT / "examples" / "massachusetts" / "empowerment-zone" / "zone.yaml"


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
    assert kinds_for("zone") == ["mou", "ez-mou"]
    assert kinds_for("zone", {"kind": "zone_agreement"}) == ["mou"]
    assert kinds_for("zone", {"kind": "zone_agreement", "jurisdiction": "MA"}) == ["ez-mou"]
    co_plan = {"kind": "innovation_plan"}
    assert kinds_for("plan", co_plan) == ["plan", "waivers", "budget", "budget-sheet", "review"]
    ma_plan = {"kind": "innovation_plan", "jurisdiction": "MA"}
    assert kinds_for("plan", ma_plan) == ["plan", "review"]
    sop = {"kind": "school_operational_plan", "jurisdiction": "MA"}
    assert kinds_for("plan", sop) == ["operational-plan", "review"]


def test_a_kind_asked_for_by_name_says_why_a_file_has_none() -> None:
    from planforge.documents.kinds import why_not

    sop = {"kind": "school_operational_plan", "jurisdiction": "MA"}
    assert why_not("waivers", sop) == (
        "the state waiver request is made from an innovation plan under Colorado law; this "
        "file is a school operational plan under Massachusetts law."
    )
    assert "made from a school operational plan under Massachusetts law" in why_not(
        "operational-plan", {"kind": "innovation_plan"}
    )


def _zone_for(kind: str) -> Path:
    """The example zone whose files have this kind of document (Colorado or Massachusetts)."""
    return ZONE if "CO" in DOCUMENT_KINDS[kind].jurisdictions else MA_ZONE


@pytest.mark.parametrize("kind", kinds_for("plan"))
def test_each_plan_kind_renders_a_verified_document(kind: str) -> None:
    results = check_paths([_zone_for(kind)])
    rendered = render_plans(results, [kind])
    members = [r for r in results if r.kind in ("innovation_plan", "school_operational_plan")]
    assert [d.kind for d in rendered.documents] == [kind] * len(members)
    assert all(d.ok and d.data and d.data[:2] == b"PK" for d in rendered.documents)  # zip
    assert all(d.filename.endswith(DOCUMENT_KINDS[kind].suffix) for d in rendered.documents)


@pytest.mark.parametrize("kind", kinds_for("zone"))
def test_each_zone_kind_renders_a_verified_document(kind: str) -> None:
    zone = _zone_for(kind)
    doc = render_agreement(check_paths([zone]))
    assert doc.kind == kind
    assert doc.ok
    stem = (
        "confluence-innovation-zone"
        if zone == ZONE
        else "harlow-falls-empowerment-zone-partnership"
    )
    assert doc.filename == stem + DOCUMENT_KINDS[kind].suffix
