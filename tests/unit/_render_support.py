"""Shared helpers for the render tests: a valid plan, rendering in memory, reading text back."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any

from planforge.documents.docx import document_text, normalise, render_document
from planforge.documents.kinds import RenderInput
from planforge.inputs.loader import load_file
from planforge.resources import templates_dir

PLAN_PATH = Path(__file__).resolve().parents[1] / "data" / "render" / "plan.yaml"
_BASE: dict[str, Any] | None = None


def base_plan() -> dict[str, Any]:
    """A fresh copy of a schema-valid plan."""
    global _BASE
    if _BASE is None:
        _BASE = load_file(PLAN_PATH).data
    return copy.deepcopy(_BASE)


class FakeReview:
    """The attributes of planforge.rules.engine.ReviewEntry the memo reads."""

    def __init__(self) -> None:
        self.elements: list[Any] = []
        self.findings: list[Any] = []
        self.verdict = "READY"
        self.verdict_detail = "Verdict: READY for board recommendation."
        self.metrics: dict[str, Any] = {}


def render(
    kind: str, data: dict[str, Any], *, draft: bool = False, templates: Path | None = None
) -> bytes:
    inp = RenderInput(data, draft=draft, review=FakeReview(), today="2026-03-01")
    return render_document(kind, inp, templates=templates or templates_dir()).data


def text_of(docx: bytes) -> str:
    """Normalised text of body, headers and footers."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        trees = {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xml")}
    return normalise(document_text(trees))


def part(docx: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read(name).decode("utf-8")
