"""Fields as a reader names them (domain/fieldlabels.py): the one definition the review memo,
the rules' messages and the starter's placeholder findings use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planforge.domain.fieldlabels import (
    field_label,
    goal_label,
    plain_message,
    pointer_of_readable,
    vote_label,
    waiver_label,
)
from planforge.inputs.loader import load_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def draft() -> Any:
    return load_file(ROOT / "examples" / "draft" / "plan.yaml").data


@pytest.mark.parametrize(
    ("pointer", "label"),
    [
        (
            "/waivers/2/replacement_policy",
            "Waiver 3 (C.R.S. 22-32-110(1)(k)(I)) — replacement policy",
        ),
        ("/waivers/5/id", "Waiver 6 (GBEBA)"),
        ("/waivers", "Waivers"),
        (
            "/levers/budget/revenues/1/proposed",
            "Budget: revenue line 2 (SBB weights) — proposed amount",
        ),
        ("/levers/budget/totals/expense_proposed", "Budget — stated proposed expense total"),
        ("/consent/1/votes_for", "Teachers' vote — votes for"),
        (
            "/goals/1/targets/0/value",
            "Goal 2 (PSAT 9 evidence-based reading and…) — target for 2026-27",
        ),
        ("/mission/why_innovation", "Mission — why innovation"),
        ("/levers/schedule/waivers/0", "Schedule — lever's waiver 1 (w-calendar)"),
        (
            "/levers/schedule/bell_schedules/0/blocks/1/start",
            "Schedule: bell schedule 1 (Regular day), block 2 (Period 1) — start time",
        ),
        ("/term/start", "Term — first day"),
        ("/submitted", "Submission date"),
        ("", "The document"),
    ],
)
def test_field_labels_number_items_as_the_plan_lists_them(
    draft: Any, pointer: str, label: str
) -> None:
    assert field_label(draft, pointer) == label


def test_labels_without_the_document_still_number_items() -> None:
    assert field_label(None, "/waivers/3/replacement_policy") == "Waiver 4 — replacement policy"
    assert field_label(None, "/goals/2/targets") == "Goal 3 — targets"
    assert field_label(None, "/consent/0/eligible") == "Vote 1 — number eligible"


def test_item_labels() -> None:
    waiver = {"kind": "state_statute", "citation": "CRS 22-32-109 (1)(n)(I)", "title": "Calendar"}
    assert waiver_label(0, waiver) == "Waiver 1 (C.R.S. 22-32-109(1)(n)(I))"
    assert waiver_label(0, waiver, title=True) == "Waiver 1 (C.R.S. 22-32-109(1)(n)(I), Calendar)"
    assert waiver_label(4, {"title": "Dress code"}) == "Waiver 5 (Dress code)"
    assert goal_label(2, {"id": "g-ela", "metric": "CMAS ELA"}) == "Goal 3 (CMAS ELA)"
    assert vote_label(1, {"body": "teachers"}) == "Teachers' vote"
    assert vote_label(2, {"body": "sac"}) == "School Accountability Committee vote"
    assert vote_label(2, {"body": "sac"}, "Collaborative School Committee") == (
        "Collaborative School Committee vote"
    )
    assert vote_label(3, {"body": "cbu_members"}) == "Bargaining-unit members' vote"


def test_readable_paths_back_to_pointers() -> None:
    assert pointer_of_readable("waivers[4].replacement_policy") == "/waivers/3/replacement_policy"
    assert pointer_of_readable("w-calendar") is None
    assert pointer_of_readable("waivers[0]") is None


def test_plain_message_puts_quoted_fields_in_words(draft: Any) -> None:
    said = plain_message(
        "`proposed` must be a plain number; see `waivers[3].how_intent_is_met`, `cost_savings`, "
        "`personnel: true` and waiver `w-calendar`.",
        draft,
        "/levers/budget/revenues/1/proposed",
    )
    assert said == (
        "Budget: revenue line 2 (SBB weights) — proposed amount must be a plain number; see "
        "Waiver 3 (C.R.S. 22-32-110(1)(k)(I)) — how the intent is met, cost savings, "
        "“personnel line: true” and waiver “w-calendar”."
    )
    assert "`" not in plain_message("`waivers:` and `kind: innovation_plan`", draft)


def test_plain_message_quotes_values_as_typed() -> None:
    said = plain_message(
        "`action` is `intial`, but must be one of: initial, renewal.", None, "/action"
    )
    assert said == "Action is “intial”, but must be one of: initial, renewal."
