"""Shared helpers for the render tests: a valid plan, rendering in memory, reading text back."""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Iterator
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


def xml_trees(docx: bytes) -> dict[str, Any]:
    """Every XML part of a .docx, parsed, by part name."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xml")}


def text_of(docx: bytes) -> str:
    """Normalised text of body, headers and footers."""
    return normalise(document_text(xml_trees(docx)))


def every_part_text(docx: bytes) -> str:
    """The text of every XML part: body, tables, headers, footers, core and app properties."""
    return "\n".join(" ".join(tree.itertext()) for tree in xml_trees(docx).values())


def typed_strings(data: Any, skip: frozenset[str], pointer: str = "") -> Iterator[tuple[str, str]]:
    """(pointer, text) of every string typed in `data`, except under keys in `skip` (codes a
    document prints in words, or values it does not print)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in skip:
                yield from typed_strings(value, skip, f"{pointer}/{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from typed_strings(value, skip, f"{pointer}/{i}")
    elif isinstance(data, str):
        yield pointer, data


def part(docx: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read(name).decode("utf-8")
