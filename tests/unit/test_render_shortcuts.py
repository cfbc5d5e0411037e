"""The render shortcuts (cached tag clean-up, skipped listing rewrite) never change a document."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from planforge.documents import docx
from planforge.documents.kinds import DOCUMENT_KINDS, kinds_for
from planforge.documents.render import render_plans
from planforge.inputs.pipeline import check_paths

ROOT = Path(__file__).resolve().parents[2]
PLANS = [
    ROOT / "examples" / "standalone" / "plan.yaml",
    ROOT / "examples" / "renewal" / "plan-2026.yaml",
    ROOT / "tests" / "data" / "render" / "plan.yaml",
]


def _bodies(plan: Path) -> list[bytes]:
    kinds = kinds_for("plan", {"kind": "innovation_plan"})  # a Colorado plan's documents
    words = [k for k in kinds if DOCUMENT_KINDS[k].is_docx]  # Word documents
    rendered = render_plans(check_paths([plan]), words, today="2026-01-01")
    out = []
    for doc in rendered.documents:
        assert doc.data is not None, doc.error
        with zipfile.ZipFile(io.BytesIO(doc.data)) as z:
            out.append(z.read("word/document.xml"))
    return out


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.parent.name + "/" + p.name)
def test_shortcuts_give_the_same_documents(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _bodies(plan)
    monkeypatch.setattr(docx, "_needs_listing", lambda xml: True)
    monkeypatch.setattr(docx, "_PATCHED", {})
    monkeypatch.setenv("PLANFORGE_CACHE_DIR", "")
    assert _bodies(plan) == fast
