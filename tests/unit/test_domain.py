"""The domain package: one home for pointers, labels, numbers and illegal characters."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from fixtures import valid_plan

import planforge
from planforge.documents import context as documents_context
from planforge.documents.docx import sanitize
from planforge.documents.plan_context import plan_context
from planforge.domain import labels, numbers, pointers
from planforge.domain.text import XML_ILLEGAL, strip_illegal
from planforge.inputs import loader, validate
from planforge.inputs.loader import load_text
from planforge.rules import consent

SRC = Path(planforge.__file__).parent


# -- pointers --------------------------------------------------------------------------------


def test_readable_counts_list_items_from_one() -> None:
    assert pointers.readable("/waivers/3/citation") == "waivers[4].citation"
    assert pointers.readable("/levers/schedule/bell_schedules/0") == (
        "levers.schedule.bell_schedules[1]"
    )
    assert pointers.readable("") == "the top level"


def test_validator_and_documents_use_the_one_readable() -> None:
    assert validate.readable is pointers.readable
    assert documents_context.readable is pointers.readable
    assert str(documents_context.Missing("/goals/0/metric")) == "[MISSING: goals[1].metric]"


# -- labels ----------------------------------------------------------------------------------


def test_the_plan_and_the_review_name_voting_bodies_alike() -> None:
    assert consent.BODY_NAMES is labels.BODIES
    data = valid_plan()
    rows = plan_context(data)["consent"]["rows"]
    bodies = [v["body"] for v in data["consent"]]
    expected = [labels.body_label(b, "School Accountability Committee") for b in bodies]
    assert [str(r["body_label"]) for r in rows] == expected


def test_the_plan_titles_its_levers_from_the_one_table() -> None:
    titles = [lever["title"] for lever in plan_context(valid_plan())["levers"]]
    assert titles == [lever.title for lever in labels.LEVERS.values()]
    assert labels.LEVER_KEYS == ("curriculum", "staffing", "schedule", "budget", "culture")


# -- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1087.0, "1,087"), (1012.5, "1,012.5"), (1079.98, "1,079.98"), (1079.999, "1,080")],
)
def test_hours_show_two_decimals_at_most(value: float, expected: str) -> None:
    assert numbers.hours(value) == expected


def test_rounded_shows_one_decimal_at_most() -> None:
    assert numbers.rounded(1046.54) == "1,046.5"
    assert numbers.rounded(1080.0) == "1,080"


def test_documents_re_export_the_domain_formatting() -> None:
    for name in ("money", "number", "percent", "hours", "signed_money", "exact"):
        assert getattr(documents_context, name) is getattr(numbers, name)


# -- XML-illegal characters ------------------------------------------------------------------


def test_loader_and_renderer_strip_the_same_characters() -> None:
    assert loader._ILLEGAL is XML_ILLEGAL
    for char in ("\x00", "\x0b", "\x7f", "\x85", "\u2028", "\ufffe"):
        text = f"a{char}b"
        assert strip_illegal(text) == ("ab", 1)
        clean, findings = sanitize({"name": text})
        assert clean == {"name": "ab"}, repr(char)
        assert [f.code for f in findings] == ["render.illegal-character"]
        doc = load_text(f"name: {text}\n", "plan.yaml")
        assert doc.data == {"name": "ab"}, repr(char)
    assert strip_illegal("tab\tand\nnew line") == ("tab\tand\nnew line", 0)


# -- layers ----------------------------------------------------------------------------------


def _imports(path: Path) -> set[str]:
    """Every module a source file imports (at the top or inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("package", ["rules", "changes", "domain", "packs", "inputs"])
def test_rules_and_diff_never_import_rendering_code(package: str) -> None:
    files = sorted((SRC / package).rglob("*.py"))
    assert files
    offenders = {
        str(path.relative_to(SRC)): sorted(
            m
            for m in _imports(path)
            if m == "planforge.documents" or m.startswith("planforge.documents.")
        )
        for path in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}
