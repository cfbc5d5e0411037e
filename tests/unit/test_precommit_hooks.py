"""The repository's .pre-commit-hooks.yaml offers planforge-validate and planforge-review."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"


def _hooks() -> list[dict[str, Any]]:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def test_both_hooks_are_defined() -> None:
    hooks = {h["id"]: h for h in _hooks()}
    assert set(hooks) == {"planforge-validate", "planforge-review"}
    assert hooks["planforge-validate"]["entry"] == "planforge validate"
    assert hooks["planforge-review"]["entry"] == "planforge review"
    assert all(h["language"] == "python" for h in hooks.values())


@pytest.mark.parametrize(
    ("path", "matched"),
    [
        ("plan.yaml", True),
        ("schools/platte-bend/plan.yml", True),
        ("zone.yaml", True),
        ("examples/renewal/plan-2026.yaml", False),
        (".github/workflows/ci.yaml", False),
    ],
)
def test_files_pattern(path: str, matched: bool) -> None:
    for hook in _hooks():
        assert bool(re.search(hook["files"], path)) is matched
