"""The committed Word templates are exactly what templates/build_templates.py builds."""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_templates", TEMPLATES / "build_templates.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_templates"] = module
    spec.loader.exec_module(module)
    return module


BUILDER = _builder()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.mark.parametrize("name", sorted(BUILDER.TEMPLATES))
def test_committed_template_matches_a_fresh_build(name: str) -> None:
    fresh = _parts(BUILDER.build(name))
    committed = _parts((TEMPLATES / name).read_bytes())
    assert sorted(fresh) == sorted(committed), f"run templates/build_templates.py ({name})"
    for part, data in fresh.items():
        assert committed[part] == data, f"{name}:{part} is stale; run templates/build_templates.py"


def test_build_is_deterministic() -> None:
    name = "review-memo.docx"
    assert BUILDER.build(name) == BUILDER.build(name)
