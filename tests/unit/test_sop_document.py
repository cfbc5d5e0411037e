"""The School Operational Plan of a Massachusetts empowerment-zone school: golden checks of the
rendered .docx text (every typed value printed exactly, no Colorado wording anywhere, the draft
mark, the learning-time table from the review's hours) and the review memo of such a plan."""

from __future__ import annotations

import copy
import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from _render_support import every_part_text, text_of, typed_strings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planforge.documents.docx import normalise, render_document, sanitize
from planforge.documents.kinds import RenderInput
from planforge.documents.markdown import plain_text
from planforge.documents.memo_context import review_context
from planforge.documents.render import prepare, with_review
from planforge.documents.sop_context import operational_plan_context
from planforge.domain.hours import Limits, schedule_time
from planforge.inputs.loader import _ILLEGAL
from planforge.inputs.pipeline import FileResult, check_paths
from planforge.resources import templates_dir

DATA = Path(__file__).resolve().parents[1] / "data" / "ma_ez"
ZONE = DATA / "zone.yaml"
HERON = DATA / "schools" / "heron-point" / "operational-plan.yaml"
JUNIPER = DATA / "schools" / "juniper-street" / "operational-plan.yaml"
COLORADO = re.compile(
    r"C\.R\.S\.|Colorado|State Board|22-32\.5|SB 22-197|\bCDE\b|innovation status|waiver", re.I
)
NOT_PRINTED = frozenset(
    {"schema_version", "kind", "jurisdiction", "rules", "method", "category", "body", "item",
     "lever", "program", "type", "id", "goal", "chair"}
)  # fmt: skip
"""Keys whose values are codes the document puts in words (or ids it does not print)."""


# --------------------------------------------------------------------------- helpers


def _results() -> list[FileResult]:
    return check_paths([ZONE])


def _member(path: Path) -> FileResult:
    return next(r for r in _results() if Path(r.path).resolve() == path.resolve())


def _zone_data() -> Any:
    return sanitize(next(r for r in _results() if r.kind == "zone_agreement").data)[0]


def _input(path: Path = HERON, *, draft: bool = False, zone: bool = True) -> RenderInput:
    inp, _ = prepare(_member(path), today="2026-05-01")
    return replace(inp, draft=draft, zone=_zone_data() if zone else None)


def _render(inp: RenderInput, kind: str = "operational-plan") -> bytes:
    return render_document(kind, inp, templates=templates_dir()).data


@pytest.fixture(scope="module")
def heron() -> bytes:
    return _render(_input())


@pytest.fixture(scope="module")
def heron_text(heron: bytes) -> str:
    return text_of(heron)


# --------------------------------------------------------------------------- golden checks


def test_every_typed_value_is_printed_exactly(heron_text: str) -> None:
    data = _member(HERON).data
    missing = [
        (p, v)
        for p, v in typed_strings(data, NOT_PRINTED)
        if normalise(plain_text(v)) not in heron_text
    ]
    assert missing == []


def test_numbers_are_formatted_as_planforge_formats_them(heron_text: str) -> None:
    for expected in (
        "Enrollment 388",
        "28 of 31 eligible teachers voted",
        "Allocation from the zone: $4,815,000.",
        "Teachers and teacher leaders $3,920,000",
        "Total $4,405,000",
        "Remaining +$410,000",
        "Zone Board School Operational Plan 2026-05-14 6 for, 1 against",
        "MCAS results, fall 2027",
    ):
        assert expected in heron_text


def test_no_colorado_word_anywhere(heron: bytes) -> None:
    assert COLORADO.findall(every_part_text(heron)) == []


def test_cover_header_and_properties_name_the_school_and_the_zone(heron: bytes) -> None:
    import docx as python_docx

    doc = python_docx.Document(io.BytesIO(heron))
    cover = [p.text for p in doc.paragraphs[:10]]
    assert "School Operational Plan" in cover
    assert "Heron Point Middle School" in cover
    assert "School year 2026-27 · Grades 6-8" in cover
    assert "Member of Wexcombe Empowerment Zone" in cover
    assert "Principal: Marcus Adeyemi-Root" in cover
    assert "Prepared for the Wexcombe Empowerment Zone Board" in cover
    header = " ".join(p.text for s in doc.sections for p in s.header.paragraphs)
    assert header == "Heron Point Middle School\tSchool Operational Plan"
    assert doc.core_properties.title == "Heron Point Middle School — School Operational Plan"


def test_sections_in_order(heron: bytes) -> None:
    import docx as python_docx

    doc = python_docx.Document(io.BytesIO(heron))
    headings = [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    assert headings == [
        "School Overview", "Teacher Leadership Team", "Vision", "The Levers",
        "Goals and Strategies", "Educator Working Conditions", "Calendar and Learning Time",
        "Budget", "Outside Operator", "Approvals", "Signatures",
    ]  # fmt: skip
    levers = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 2"]
    assert "Professional Development" in levers


def test_learning_time_is_the_reviews_hours_against_the_packs_minimum(heron_text: str) -> None:
    inp = _input()
    band = next(iter(schedule_time(inp.data["calendar"], Limits.from_params(inp.params)).values()))
    assert (band.planned, band.minimum) == (1142.67, 990)
    assert "Secondary (6-8) 185 1,142.67 990 Meets (+152.67 h)" in heron_text
    assert "at least 185 scheduled, of which at least 180 held (603 CMR 27.03)" in heron_text
    assert "No (passing)" in heron_text


def test_goals_carry_their_strategies(heron: bytes) -> None:
    import docx as python_docx

    doc = python_docx.Document(io.BytesIO(heron))
    goal_heads = [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 4"
    ]
    assert goal_heads[:2] == [
        "Goal 1: More students meet expectations in mathematics.",
        "Goal 2: Fewer students are chronically absent.",
    ]
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["Advisors call families after every second absence.", "Culture",
            "Assistant principal", "All year"] in rows  # fmt: skip


def test_working_conditions_name_the_zone_contract(heron_text: str) -> None:
    assert (
        "The school sets these conditions under the zone teacher contract: Agreement between "
        "the Wexcombe School Committee and the Wexcombe Education Association for the zone "
        "schools, 2026-2029." in heron_text
    )
    assert "Teacher workday Teachers work from 7:30 to 3:30" in heron_text
    assert "The zone's memorandum names" not in heron_text  # the same contract


def test_a_contract_other_than_the_zones_is_pointed_out() -> None:
    inp = _input()
    data = copy.deepcopy(inp.data)
    data["working_conditions"]["contract"] = "Heron Point side letter"
    text = text_of(_render(replace(inp, data=data)))
    assert "under the zone teacher contract: Heron Point side letter." in text
    assert "The zone's memorandum names its teacher contract “Agreement between" in text


def test_a_budget_line_for_a_service_the_district_keeps_is_pointed_out() -> None:
    """The services the district keeps are the `ma-ez` pack's (`ma-ez.retained_services`)."""
    inp = _input()
    data = copy.deepcopy(inp.data)
    data["budget"]["lines"] += [
        {"category": "food_services", "description": "Breakfast", "amount": 1000},
        {"category": "technology", "description": "Laptops", "amount": 2000},
    ]
    note = "The budget has lines for {}, services the district keeps for empowerment-zone schools."

    def notes(params: dict[str, Any]) -> list[str]:
        return operational_plan_context(data, params=params)["budget"]["notes"]

    assert notes(inp.params) == [note.format("food services")]
    assert notes({**inp.params, "ma-ez.retained_services": ["technology", "food_services"]}) == [
        note.format("food services and technology")
    ]
    without = {k: v for k, v in inp.params.items() if not k.startswith("ma-ez.")}
    assert notes(without) == []


def test_without_the_zone_the_plan_names_its_own_zone() -> None:
    ctx = operational_plan_context(_input(zone=False).data)
    assert str(ctx["zone"]["name"]) == "Wexcombe Empowerment Zone"
    assert ctx["zone"]["board"] == "Board of the Wexcombe Empowerment Zone"
    text = text_of(_render(_input(zone=False)))
    assert "Prepared for the Board of the Wexcombe Empowerment Zone" in text


def test_only_the_levers_typed_are_printed_and_the_others_named() -> None:
    doc = _render(_input(JUNIPER))
    text = text_of(doc)
    assert (
        "Professional Development"
        not in text.split("Goals and Strategies")[0].split("The Levers")[1]
    )
    assert "The plan describes no change this year to professional development." in text
    assert "Exit and Return to the District" in text
    assert "returns to the district on 2027-07-01" in text
    assert "Outside Operator" not in text
    assert COLORADO.findall(every_part_text(doc)) == []


def test_draft_mark_and_missing_values() -> None:
    final = text_of(_render(_input()))
    assert "DRAFT" not in final
    inp = _input(draft=True)
    data = copy.deepcopy(inp.data)
    del data["vision"]
    draft = _render(replace(inp, data=data))
    text = text_of(draft)
    assert "DRAFT — NOT FOR BOARD ACTION" in text
    assert "DRAFT — Heron Point Middle School" in text  # the running header
    assert "[MISSING: vision]" in text


# --------------------------------------------------------------------------- the review memo


def test_memo_of_an_operational_plan_is_addressed_to_the_zone_board() -> None:
    result = _member(HERON)
    inp = with_review(_input(), result)
    text = text_of(_render(inp, "review"))
    assert "To: Wexcombe Empowerment Zone Board" in text  # the zone's board, by its name
    assert "Re: Heron Point Middle School: School Operational Plan for 2026-27" in text
    assert "Required elements" in text
    assert (
        "Structured learning hours, Secondary (6-8) 1,142.67 h over 185 days, minimum 990" in text
    )
    assert "Allocation from the zone $4,815,000 Budgeted $4,405,000 Remaining +$410,000" in text
    assert "approve the School Operational Plan of Heron Point Middle School" in text
    assert COLORADO.findall(text) == []


def test_memo_uses_the_zone_boards_name_when_it_has_the_zone() -> None:
    inp = with_review(_input(), _member(HERON))
    ctx = review_context(inp.data, inp.review, params=inp.params, zone=_zone_data())
    assert str(ctx["memo"]["to"]) == "Wexcombe Empowerment Zone Board"


def test_memo_of_a_massachusetts_innovation_plan_names_no_colorado_body() -> None:
    plan = (
        Path(__file__).resolve().parents[2] / "examples/massachusetts/innovation-school/plan.yaml"
    )
    result = check_paths([plan])[0]
    inp, _ = prepare(result, today="2026-05-01")
    doc = _render(with_review(inp, result), "review")
    text = text_of(doc)
    assert "To: School Committee of Wexcombe Public Schools" in text
    assert "Board of Education" not in text
    assert "reduced minimum" not in text
    assert "(603 CMR 27.04)" in text
    assert COLORADO.findall(every_part_text(doc)) == []


# --------------------------------------------------------------------------- property


SAFE = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"))
TOPIC = st.text(SAFE, min_size=1, max_size=60).filter(
    lambda s: bool(s.strip()) and not _ILLEGAL.search(s)
)
PROSE = TOPIC.filter(lambda s: not re.search(r"[*\\]", s) and not re.match(r"\s*([-*]|\d+\.)\s", s))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(topic=TOPIC, article=TOPIC, lever=PROSE)
def test_any_text_in_a_lever_or_working_condition_is_printed_verbatim(
    topic: str, article: str, lever: str
) -> None:
    inp = _input()
    data = copy.deepcopy(inp.data)
    data["working_conditions"]["items"][0]["topic"] = topic
    data["working_conditions"]["items"][0]["contract_article"] = article
    data["levers"]["professional_development"] = lever
    text = text_of(_render(replace(inp, data=data)))
    for typed in (topic, article, lever):
        assert normalise(typed) in text
