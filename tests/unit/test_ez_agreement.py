"""The memorandum of understanding of a Massachusetts empowerment zone: golden checks of the
rendered .docx text (every typed value printed exactly, no Colorado wording anywhere, the draft
mark, the exhibits drawn from the members' School Operational Plans) and the refusal of a zone
that is not a Massachusetts empowerment zone."""

from __future__ import annotations

import copy
import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx as python_docx
import pytest
from _render_support import every_part_text, text_of, typed_strings
from click.testing import CliRunner

from planforge.cli import cli
from planforge.documents.docx import normalise, render_document
from planforge.documents.ez_context import ARTICLES, empowerment_zone_context
from planforge.documents.kinds import RenderInput, agreement_kind
from planforge.documents.markdown import plain_text
from planforge.documents.zone import agreement_input, bundle
from planforge.documents.zone_context import Member
from planforge.errors import InvalidInputError
from planforge.inputs.pipeline import check_paths
from planforge.resources import templates_dir

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "ma_ez"
ZONE = DATA / "zone.yaml"
COLORADO = re.compile(
    r"C\.R\.S\.|Colorado|State Board|22-32\.5|SB 22-197|\bCDE\b|innovation status|waiver", re.I
)
NOT_PRINTED = frozenset(
    {"schema_version", "kind", "jurisdiction", "rules", "type", "role", "authority", "mode",
     "category", "unit", "item", "approved_by", "vehicle", "plan", "joined"}
)  # fmt: skip
"""Keys whose values are codes the memorandum puts in words, or the member files' paths."""


def _input(*, draft: bool = False) -> RenderInput:
    zb = bundle(check_paths([ZONE]))
    verdicts = {m.path: "READY" for m in zb.members}
    return agreement_input(zb, draft=draft, verdicts=verdicts)


def _render(inp: RenderInput) -> bytes:
    return render_document("ez-mou", inp, templates=templates_dir()).data


@pytest.fixture(scope="module")
def mou() -> bytes:
    return _render(_input())


@pytest.fixture(scope="module")
def text(mou: bytes) -> str:
    return text_of(mou)


@pytest.fixture(scope="module")
def document(mou: bytes) -> Any:
    return python_docx.Document(io.BytesIO(mou))


def _styled(document: Any, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def _rows(document: Any, first: str) -> list[list[str]]:
    table = next(t for t in document.tables if t.rows[0].cells[0].text == first)
    return [[c.text for c in row.cells] for row in table.rows]


# --------------------------------------------------------------------------- golden checks


def test_the_zone_file_has_the_memorandum() -> None:
    assert agreement_kind(_input().data) == "ez-mou"


def test_every_typed_value_is_printed_exactly(text: str) -> None:
    missing = [
        (p, v)
        for p, v in typed_strings(_input().data, NOT_PRINTED)
        if normalise(plain_text(v)) not in text
    ]
    assert missing == []


def test_no_colorado_word_anywhere(mou: bytes, document: Any) -> None:
    assert COLORADO.findall(every_part_text(mou)) == []
    props = document.core_properties
    assert (
        COLORADO.findall(" ".join(str(x) for x in (props.title, props.subject, props.comments)))
        == []
    )


def test_cover_header_and_properties(document: Any) -> None:
    cover = [p.text for p in document.paragraphs[:12]]
    assert cover[:3] == [
        "Wexcombe Public Schools",
        "Memorandum of Understanding",
        "Wexcombe Empowerment Zone",
    ]
    assert "Term: 2026-07-01 to 2031-06-30" in cover
    assert (
        "Member schools (2): Heron Point Middle School, Juniper Street Elementary School" in cover
    )
    assert cover[cover.index("Among") + 1 :][:3] == [
        "Wexcombe School Committee",
        "Massachusetts Department of Elementary and Secondary Education",
        "Wexcombe Empowerment Zone Partnership, Inc.",
    ]
    header = " ".join(p.text for s in document.sections for p in s.header.paragraphs)
    assert header == "Wexcombe Empowerment Zone\tMemorandum of Understanding"
    assert (
        document.core_properties.title == "Wexcombe Empowerment Zone — Memorandum of Understanding"
    )


def test_articles_are_numbered_through_and_exhibits_follow(document: Any) -> None:
    titles = [t for k, t, _ in ARTICLES]  # the zone fills every optional article
    assert _styled(document, "Heading 1") == [
        *(f"Article {i}. {t}" for i, t in enumerate(titles, start=1)),
        "Signatures",
        "Exhibit A. Member Schools",
        "Exhibit B. Annual Calendar",
        "Exhibit C. District Services and Prices",
        "Exhibit D. Zone Board Seats",
    ]


def test_member_schools_stay_district_schools_under_operational_plans(text: str) -> None:
    assert (
        "Each Member School remains a school of the District and operates under a School "
        "Operational Plan approved each year by the Zone Board." in text
    )
    assert "Each school's School Operational Plan says how it uses them." in text
    for term in ("Zone Board", "School Operational Plan", "Educator Working Conditions",
                 "Teacher Leadership Team", "Zone Teacher Contract", "Commissioner",
                 "Department", "Member School"):  # fmt: skip
        assert f"“{term}” means" in text


def test_governance_seats_chair_designee_and_reporting(text: str, document: Any) -> None:
    assert (
        "Commissioner of Elementary and Secondary Education: 4 seats; the chair is one of "
        "these members. Who may serve: Education, finance and community leaders" in text
    )
    assert "Mayor of Wexcombe: 1 seat; the office holder may send a designee." in text
    assert "The Zone Board reports to: The Superintendent of Schools The Commissioner" in text
    assert _rows(document, "Appointed by")[1:] == [
        ["Commissioner of Elementary and Secondary Education", "Commissioner", "4", "Voting", "Yes", "—"],
        ["Mayor of Wexcombe", "Mayor", "1", "Voting", "No", "Yes"],
        ["Superintendent of Schools", "Superintendent", "1", "Voting", "No", "Yes"],
        ["Wexcombe School Committee", "School Committee", "1", "Voting", "No", "Yes"],
    ]  # fmt: skip
    assert "The Department and the Commissioner. Appoints four members" in text


def test_zone_teacher_contract_with_its_votes(text: str) -> None:
    assert (
        "ratified the Zone Teacher Contract on 2025-12-02: 121 in favour and 12 against, of 142 "
        "eligible (85.2% of those eligible, 91.0% of the votes cast)." in text
    )
    assert "The Zone Board approved it on 2025-12-10 by 7 votes to 0." in text
    assert "The School Committee approved it on 2025-12-18 by 7 votes to 0 (7 eligible)." in text
    assert "The School Committee approved this Memorandum on 2026-01-15 by 6 votes to 1" in text


def test_services_the_district_keeps_and_optional_prices(text: str, document: Any) -> None:
    assert "School meals (Food services)" in text
    assert "Instructional coaching (Professional development): $85,000 per school" in text
    assert "Library services (Other): $42.50 per pupil" in text
    rows = _rows(document, "Service")
    assert ["Student transportation", "Transportation", "Non-optional", "Included", ""] in rows


def test_annual_cycle_and_calendar_exhibit(document: Any) -> None:
    assert _rows(document, "Item")[1:] == [
        ["School performance goals", "Zone Board", "March"],
        ["School Operational Plan", "Zone Board", "May"],
        ["Educator Working Conditions", "Zone Board", "June"],
        ["School budget", "Zone Board", "June"],
    ]
    assert [r[0] for r in _rows(document, "Month")[1:]] == ["March", "May", "June", "June"]


def test_exhibit_a_comes_from_the_members(document: Any) -> None:
    assert _rows(document, "School") == [
        [
            "School",
            "Grades",
            "Principal",
            "Teacher Leadership Team",
            "Plan year",
            "Approved by the Zone Board",
        ],
        ["Heron Point Middle School", "6-8", "Marcus Adeyemi-Root", "3", "2026-27", "2026-05-14"],
        [
            "Juniper Street Elementary School",
            "K-5",
            "Ellen Marchetti",
            "2",
            "2026-27",
            "2026-05-14",
        ],
    ]


def test_return_of_schools_through_an_innovation_plan(text: str) -> None:
    assert "returns to the District as an innovation school under M.G.L. c.71 §92" in text
    assert "return to the District: Juniper Street Elementary School on 2027-07-01." in text


def test_district_management_return_and_optional_articles_left_out() -> None:
    inp = _input()
    data = copy.deepcopy(inp.data)
    data["ma"]["return_of_schools"]["vehicle"] = "district_management"
    for key in ("roles", "insurance", "amendment"):
        del data[key]
    doc = _render(replace(inp, data=data))
    text = text_of(doc)
    assert "returns to the ordinary management of the District" in text
    assert "Article 7. Autonomies" in text  # roles left out: the numbers close up
    assert "Amendment" not in text
    assert "Insurance" not in text
    assert COLORADO.findall(every_part_text(doc)) == []


def test_draft_mark_and_missing_values() -> None:
    assert "DRAFT" not in text_of(_render(_input()))
    inp = _input(draft=True)
    data = copy.deepcopy(inp.data)
    del data["ma"]["zone_contract"]["ratification"]
    del data["ma"]["board"]["reports_to"]
    text = text_of(_render(replace(inp, data=data)))
    assert "DRAFT — NOT FOR BOARD ACTION" in text
    assert "DRAFT — Wexcombe Empowerment Zone" in text
    assert "[MISSING: ma.zone_contract.ratification]" in text
    assert "[MISSING: ma.board.reports_to]" in text


# --------------------------------------------------------------------------- refusals


def test_a_massachusetts_zone_that_is_not_an_empowerment_zone_is_refused() -> None:
    data = copy.deepcopy(_input().data)
    data["zone"]["type"] = "izone"
    with pytest.raises(InvalidInputError) as info:
        empowerment_zone_context(data, [])
    message = str(info.value)
    assert "only for a Massachusetts empowerment zone (`zone.type: empowerment_zone`)" in message
    assert "this zone's type is `izone`" in message


def test_a_colorado_zone_is_refused() -> None:
    data = copy.deepcopy(_input().data)
    data["jurisdiction"] = "CO"
    with pytest.raises(InvalidInputError, match="planforge mou"):
        empowerment_zone_context(data, [Member("x.yaml", {})])


def test_mou_command_refuses_a_massachusetts_innovation_zone(tmp_path: Path) -> None:
    folder = tmp_path / "zone"
    folder.mkdir()
    for source in DATA.rglob("*.yaml"):
        target = folder / source.relative_to(DATA)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    zone = folder / "zone.yaml"
    zone.write_text(
        zone.read_text(encoding="utf-8").replace("type: empowerment_zone", "type: izone"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["mou", str(zone), "-o", str(tmp_path / "out"), "--draft"])
    assert result.exit_code != 0
    assert "only for a Massachusetts empowerment zone" in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.rglob("*.docx"))


def test_mou_command_writes_the_memorandum(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["mou", str(ZONE), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = tmp_path / "wexcombe-empowerment-zone-memorandum-of-understanding.docx"
    assert written.is_file()
    assert COLORADO.findall(every_part_text(written.read_bytes())) == []
