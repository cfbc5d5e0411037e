"""Issue 12, the pure parts: number limits, formatting that never raises, pack parameter
types, where a list starts, Markdown escaping and names that are not UTF-8."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from planforge.domain import numbers
from planforge.domain.paramtypes import param_problem
from planforge.domain.prose import lines, wrapped_markers
from planforge.domain.text import json_safe, printable
from planforge.errors import ResourceError
from planforge.inputs.loader import load_text, resolve_plain
from planforge.reporters import md_cell, md_code


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("1e309", numbers.TOO_LARGE),
        ("-1e309", numbers.TOO_LARGE),
        pytest.param("9" * 5000, numbers.TOO_LARGE, id="5000-digits"),
        ("1e99999999999999999999", numbers.TOO_LARGE),
        ("1000000000000000", numbers.TOO_LARGE),
        ("1e-400", numbers.TOO_PRECISE),
        ("0.1234567891", numbers.TOO_PRECISE),
        ("12345678.123456789", numbers.TOO_PRECISE),
        ("999999999999999", None),
        ("1250000", None),
        ("0.5", None),
        ("1.10", None),
        ("1e3", None),
        ("0e500", None),
        ("02134", None),
        ("abc", None),
    ],
)
def test_number_problem(typed: str, problem: str | None) -> None:
    assert numbers.number_problem(typed) == problem


def test_numbers_no_plan_can_mean_stay_the_text_typed() -> None:
    for typed in ("1e309", "9" * 5000, "1e-400"):
        assert resolve_plain(typed) == typed
    doc = load_text(f"kind: innovation_plan\nn: {'9' * 5000}\nm: 1e999\nok: 1250000\n")
    assert doc.data["n"] == "9" * 5000
    assert doc.data["m"] == "1e999"
    assert doc.data["ok"] == 1250000


@pytest.mark.parametrize(
    "value",
    [float("inf"), -float("inf"), float("nan"), 10**5000, -(10**5000), 1e308],
    ids=["inf", "-inf", "nan", "5000-digits", "-5000-digits", "1e308"],
)
def test_formatting_never_raises_on_extreme_values(value: Any) -> None:
    for fmt in (numbers.money, numbers.signed_money, numbers.number, numbers.hours):
        text = fmt(value)
        assert "inf" not in text
        assert "nan" not in text
    numbers.rounded(value)
    numbers.percent(value, 3)
    numbers.percent(3, value)
    numbers.whole(value)
    assert numbers.whole(float("inf")) is None


def test_formatting_of_ordinary_values_is_unchanged() -> None:
    assert numbers.money(1234567) == "$1,234,567"
    assert numbers.money(1234.5) == "$1,234.50"
    assert numbers.money(1234.567) == "$1,234.567"
    assert numbers.signed_money(-3500) == "-$3,500"
    assert numbers.number(0.1 + 0.2) == "0.3"
    assert numbers.hours(1079.98) == "1,079.98"
    assert numbers.rounded(1046.5) == "1,046.5"
    assert numbers.whole(172.0) == 172


@pytest.mark.parametrize(
    ("name", "value", "ok"),
    [
        ("term.max_years", 3, True),
        ("term.max_years", "three", False),
        ("term.max_years", 2.5, False),
        ("term.max_years", True, False),
        ("schedule.min_days", "1e400", False),
        pytest.param("schedule.min_days", 10**400, False, id="400-digits"),
        ("consent.majority", 0.5, True),
        ("consent.majority", 50, False),
        ("consent.majority", float("nan"), False),
        ("schedule.min_hours", {"elementary": 990}, True),
        ("schedule.min_hours", {"elementary": "990"}, False),
        ("support.groups", ["staff"], True),
        ("support.groups", 5, False),
        ("a.district.parameter", object(), True),
    ],
)
def test_param_problem(name: str, value: Any, ok: bool) -> None:
    assert (param_problem(name, value) is None) == ok


def test_rule_context_and_limits_refuse_a_bad_parameter() -> None:
    from planforge.domain.catalog import load_catalog
    from planforge.domain.hours import Limits
    from planforge.rules import RuleContext

    ctx = RuleContext({}, "innovation_plan", {"term.max_years": "three"}, load_catalog())
    with pytest.raises(ResourceError, match=r"`term.max_years` .*must be a whole number"):
        ctx.param("term.max_years")
    with pytest.raises(ResourceError, match=r"`schedule.min_days` must be"):
        Limits.from_params({"schedule.min_days": "many"})


def test_wrapped_markers_are_text_unless_a_list_is_clear() -> None:
    text = "We open by fall\n2029. Until then\n- we share.\n\n1. first\n2. second\nIntro:\n- a"
    kinds = [line.kind for line in lines(text)]
    assert kinds == ["text", "text", "text", "blank", "number", "number", "text", "bullet"]
    assert [line.index for line in wrapped_markers(text)] == [1, 2]
    assert wrapped_markers("2029. A single line is a list item.") == []


def test_md_cell_escapes_what_a_reader_would_interpret() -> None:
    assert md_cell("Smith & Jones <Charter> School") == "Smith & Jones \\<Charter\\> School"
    assert md_cell("a | b\nc") == "a \\| b c"
    assert md_cell("*x* _y_ `z` [l](u) ~s~") == "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\~s\\~"
    assert md_cell("&amp; & more") == "\\&amp; & more"
    assert md_cell("- item") == "\\- item"
    assert md_cell("2029. The year") == "2029\\. The year"
    assert md_cell("# Heading") == "\\# Heading"
    assert md_code("a`b") == "``a`b``"


def test_names_that_are_not_utf8_print_and_round_trip() -> None:
    path = os.fsdecode(b"zone-\xff/plan.yaml")
    assert printable(path) == "zone-\\xff/plan.yaml"
    printable(path).encode("utf-8")
    text = json_safe(json.dumps({"path": path}, ensure_ascii=False))
    text.encode("utf-8")
    assert json.loads(text)["path"] == path
    assert printable("plain") == "plain"
