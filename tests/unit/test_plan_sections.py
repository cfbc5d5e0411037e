"""The plan document as Denver's plans are organised (issue 13): the sections real DPS plans
carry, CDE's cover page, waivers grouped by kind with their renewal status, page breaks only
before major parts, terms, preschool and early-college grades, votes without a tally."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import docx
import pytest
from _render_support import base_plan, render, text_of

from planforge.documents.plan_context import plan_context
from planforge.inputs.loader import load_file
from planforge.resources import data_dir

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SAMPLE = data_dir() / "sample" / "plan.yaml"
STEELWORKS = (
    Path(__file__).resolve().parents[2]
    / "examples"
    / "confluence-zone"
    / "schools"
    / "steelworks-high"
    / "plan.yaml"
)
ORDER = [  # docs/templates.md, "Order of the innovation plan"
    "Cover Page for the Colorado Department of Education",
    "Letter from the School Leader",
    "Executive Summary",
    "School Overview",
    "Mission and the Case for Innovation",
    "Innovations",
    "School Design and Operations",
    "Programs, Policies and Operational Documents Affected",
    "Expected Improvements in Academic Performance",
    "Budget",
    "Staffing Plan",
    "Schedule and Calendar",
    "Waivers and Replacement Policies",
    "Evidence of Consent",
    "Evidence of Support",
    "Signatures",
]
MAJOR_PARTS = [
    "Cover Page for the Colorado Department of Education",
    "Letter from the School Leader",
    "Executive Summary",
    "Mission and the Case for Innovation",
    "Waivers and Replacement Policies",
    "Evidence of Consent",
]


def _sample() -> dict[str, Any]:
    return copy.deepcopy(load_file(SAMPLE).data)


@pytest.fixture(scope="module")
def sample_doc() -> Any:
    return docx.Document(io.BytesIO(render("plan", _sample())))


def _headings(document: Any, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def _breaks_before(document: Any) -> list[str]:
    """Heading 1 paragraphs that start a new page (the style itself never does)."""
    return [
        p.text
        for p in document.paragraphs
        if p.style.name == "Heading 1" and p._p.find(f"{W}pPr/{W}pageBreakBefore") is not None
    ]


# -- every new section, in an order a Denver reader knows ------------------------------------


def test_a_plan_with_every_new_section_renders_them_all_in_order(sample_doc: Any) -> None:
    assert _headings(sample_doc, 1) == ORDER
    subsections = _headings(sample_doc, 2)
    for title in (
        "Students Served",
        "Enrollment and Recruitment",
        "Approvals and Revisions",
        "Discipline and Attendance",
        "Community Partnerships",
        "Leadership",
        "Graduation and Promotion",
        "Class Size and Intervention",
        "Professional Development",
        "Operations",
        "State statutes and rules",
        "District policies",
        "Collective bargaining agreement: Sample Teachers Association Agreement 2025-2028",
    ):
        assert title in subsections, title
    order = [t for t in subsections if t in ("Leadership", "Operations", "Students Served")]
    assert order == ["Students Served", "Leadership", "Operations"]


def test_every_filled_in_value_of_the_new_sections_is_printed() -> None:
    text = " ".join(text_of(render("plan", _sample())).split())
    for expected in (
        "a letter from the school leader introducing the plan to the board.",
        "the plan in a page: who the school serves, what will change and why.",
        "Free or reduced-price lunch 72.5%",
        "Students experiencing homelessness 3%",
        "2027-28 420",
        "reading tutors twice a week.",
        "Teachers have 10 days of professional development a year.",
        "K-2 20 24",
        "Designated; state waivers granted",
        "calendar changed",
        "Semester 2 2027-01-05 2027-05-28 90",
        "Preschool (ECE) 82",
        "No minimum set",
        "Preschool bands have no minimum under C.R.S. 22-32-109(1)(n)",
        "Yes: grade change (requested 2026-01-15): add two preschool classrooms",
        "Recipient: ESSA School Improvement (Title I section 1003) (2025-26 to 2027-28)",
        "Contact: District innovation office Casey Contact, Manager",
    ):
        assert expected in text, expected


def test_sections_a_plan_does_not_fill_in_are_left_out() -> None:
    document = docx.Document(io.BytesIO(render("plan", base_plan())))
    headings = _headings(document, 1)
    assert "Letter from the School Leader" not in headings
    assert "Cover Page for the Colorado Department of Education" not in headings
    assert "School Design and Operations" not in headings
    assert headings[0] == "School Overview"


# -- the CDE cover page -------------------------------------------------------------------


def test_cde_cover_answers_each_of_cdes_questions() -> None:
    rows = {
        str(f["label"]): str(f["value"])
        for f in plan_context(load_file(STEELWORKS).data)["cde"]["rows"]
    }
    assert rows["Innovation school name"] == "Steelworks High School"
    assert rows["Plan contact (name and position)"] == (
        "Danielle Okafor, Director of Pathways & Concurrent Enrollment"
    )
    assert rows["New or existing school"] == "Existing school"
    assert rows["Request to CDE for a new school code, grade change or name change"] == "No"
    assert rows["Alternative Education Campus (AEC) status"].startswith("No,")
    assert rows["In Priority Improvement or Turnaround"] == "No (Improvement plan)"
    assert rows["Federal school-improvement grant"] == "No"
    assert rows["Contact: District innovation office"].startswith("Marisol Benavides")
    data = load_file(STEELWORKS).data
    data["cde_cover"] = {"state_plan_type": "turnaround", "aec": "will_apply"}
    rows = {str(f["label"]): str(f["value"]) for f in plan_context(data)["cde"]["rows"]}
    assert rows["In Priority Improvement or Turnaround"] == "Yes: Turnaround plan"
    assert "July 1" in rows["Alternative Education Campus (AEC) status"]
    assert rows["Federal school-improvement grant"] == "Not stated in the plan"


# -- waivers: grouped by kind, with their renewal status ----------------------------------


def test_waivers_are_grouped_by_kind_and_keep_their_number_and_status() -> None:
    data = _sample()
    data["waivers"].append(
        {
            **data["waivers"][2],
            "id": "w-other-cba",
            "agreement": "Classified Agreement 2024-2027",
            "citation": "Article 3",
            "status": "dropped",
        }
    )
    groups = plan_context(data)["waivers"]["groups"]
    assert [g["title"] for g in groups] == [
        "State statutes and rules",
        "District policies",
        "Collective bargaining agreement: Sample Teachers Association Agreement 2025-2028",
        "Collective bargaining agreement: Classified Agreement 2024-2027",
    ]
    assert [w["number"] for w in groups[0]["rows"]] == [1, 4]
    assert [w["status_label"] for w in groups[0]["rows"]] == ["New", "Requested"]
    assert groups[0]["status_summary"] == "Status: 1 new, 1 requested."
    assert groups[1]["rows"][0]["status_note"] == " (Kept)"
    assert groups[3]["status_summary"] == "Status: 1 dropped."
    assert "60%" in groups[2]["intro"]


def test_the_waiver_tables_show_status_and_the_details_are_numbered() -> None:
    out = render("plan", _sample())
    document = docx.Document(io.BytesIO(out))
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "No."]
    assert len(tables) == 3
    first = [[c.text for c in row.cells] for row in tables[0].rows]
    assert first[1][:5] == ["1", "C.R.S. 22-32-109(1)(n)(I)", "School calendar", "Schedule", "New"]
    assert first[2][4] == "Requested"
    assert "Waiver 3: Article 8-1 — Staff selection and assignment (Modified)" in _headings(
        document, 4
    )


# -- page breaks only before major parts --------------------------------------------------


def test_page_breaks_only_before_major_parts(sample_doc: Any) -> None:
    assert _breaks_before(sample_doc) == MAJOR_PARTS
    steelworks = docx.Document(io.BytesIO(render("plan", load_file(STEELWORKS).data)))
    assert _breaks_before(steelworks) == MAJOR_PARTS
    plain = docx.Document(io.BytesIO(render("plan", base_plan())))
    assert _breaks_before(plain) == [  # the overview opens the plan; the mission follows it
        "School Overview",
        "Waivers and Replacement Policies",
        "Evidence of Consent",
    ]
    style = plain.styles["Heading 1"].element
    assert style.find(f"{W}pPr/{W}pageBreakBefore") is None


# -- terms, preschool, votes -------------------------------------------------------------


def test_terms_and_bell_schedule_summaries() -> None:
    schedule = plan_context(_sample())["schedule"]
    assert [t["name"] for t in schedule["terms"]] == ["Semester 1", "Semester 2"]
    assert schedule["bells"][0]["summary"].startswith(
        "Preschool (ECE): Preschool, grades ECE; Semester 1, 82 days a year;"
    )
    bands = [row["band"] for row in schedule["hours"]]
    assert bands == ["Preschool (ECE)", "Elementary (K-5)"]


def test_votes_without_a_tally_or_not_yet_held_are_never_shown_as_zero() -> None:
    consent = plan_context(_sample())["consent"]
    rows = {str(r["body_label"]): r for r in consent["rows"]}
    sac, cbu = rows["Collaborative School Committee"], rows["Bargaining-unit members"]
    assert (sac["eligible"], sac["votes_for"], sac["pct_eligible"]) == ("—", "—", "—")
    assert sac["method_label"] == "committee vote; scheduled, not yet held"
    assert cbu["method_label"] == "secret ballot; tally not recorded"
    notes = [str(n["notes"]) for n in consent["notes"]]
    assert "scheduled for 2026-02-17; not yet held, so not yet consent." in notes
    assert (
        "held 2026-02-10; the plan records that it approved the plan, but its tally was not "
        "recorded." in notes
    )
