"""Rendering: document structure, Word features, safety of plan text, verification."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from _render_support import base_plan, part, render, text_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planforge.documents.context import PlanText
from planforge.documents.docx import normalise, sanitize, verify
from planforge.errors import RenderError, TemplateError
from planforge.outputs import write_atomic

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NASTY = (
    "Smith & Jones <Charter> \"quoted\" 'single' 3<5 > 2 \U0001f3eb caf\u00e9 {{ 7*7 }} {% if x %} "
    "{_{ docxtpl }_} {_% marks %_} &amp;"
)


@pytest.fixture(scope="module")
def plan_doc() -> Any:
    return docx.Document(io.BytesIO(render("plan", base_plan())))


def _headings(document: Any, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_plan_has_one_section_per_statutory_element(plan_doc: Any) -> None:
    assert _headings(plan_doc, 1) == [
        "School Overview",
        "Mission and the Case for Innovation",
        "Innovations",
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
    levers = _headings(plan_doc, 2)
    for lever in (
        "Curriculum, Instruction and Assessment",
        "Staffing",
        "Schedule and Calendar",
        "Budget and Resources",
        "Culture, Family Engagement and Governance",
    ):
        assert lever in levers


def test_plan_tables_have_the_expected_headers(plan_doc: Any) -> None:
    headers = [[c.text for c in t.rows[0].cells] for t in plan_doc.tables]
    assert ["Category", "Funding source", "2025-26", "2026-27", "Change"] in headers or any(
        h[:2] == ["Category", "Funding source"] for h in headers
    )
    assert ["Position", "FTE", "Yearly cost", "Funding source", "License"] in headers
    assert [
        "No.",
        "Citation",
        "Official title",
        "Levers",
        "Status",
        "Replacement policy",
    ] in headers
    assert [
        "Grade band",
        "Days",
        "Planned hours",
        "Deductions",
        "Actual hours",
        "Minimum (planned / actual)",
        "Result",
    ] in headers
    assert ["Goal", "Baseline", "2026-27", "2027-28", "2028-29"] in headers


def test_goal_year_columns_get_a_real_grid() -> None:
    data = base_plan()
    targets = [{"year": y, "value": 50} for y in ("2026-27", "2027-28", "2028-29")]
    data["goals"][0]["targets"] = targets
    document = docx.Document(io.BytesIO(render("plan", data)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Goal")
    assert [c.text for c in table.rows[0].cells] == [
        "Goal",
        "Baseline",
        "2026-27",
        "2027-28",
        "2028-29",
    ]
    grid = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
    assert len(grid) == 5
    assert min(grid) > 900
    assert abs(sum(grid) - 9360) < 10


def test_cover_header_footer_toc_and_settings() -> None:
    data = base_plan()
    out = render("plan", data)
    body = part(out, "word/document.xml")
    assert 'TOC \\o "1-3" \\h \\z \\u' in body
    assert "Prepared for the" in text_of(out)
    assert '<w:updateFields w:val="true"/>' in part(out, "word/settings.xml")
    document = docx.Document(io.BytesIO(out))
    section = document.sections[0]
    assert data["school"]["name"] in section.header.paragraphs[0].text
    footer = section.footer._element.xml
    assert "PAGE" in footer
    assert "NUMPAGES" in footer
    assert "Page " in section.footer.paragraphs[0].text
    assert section.different_first_page_header_footer


def test_waiver_request_and_review_memo_structure() -> None:
    waivers = docx.Document(io.BytesIO(render("waivers", base_plan())))
    parts = [
        "Request to the State Board of Education",
        "Local Board Resolution",
        "Part I. State Statutes and Rules the State Board Is Asked to Waive",
    ]
    assert _headings(waivers, 1) == parts  # state waivers only: no appendix
    labels = [p.text for p in waivers.paragraphs if p.style.name == "Label"]
    assert "Replacement plan" in labels
    assert "How the intent of the provision is met" in labels
    memo = render("review", base_plan())
    text = text_of(memo)
    for needle in (
        "To:",
        "From:",
        "Date:",
        "Re:",
        "2026-03-01",
        "Statutory elements",
        "Recommendation",
        "Staff recommend",
    ):
        assert needle in text


def _with_text(value: str) -> dict[str, Any]:
    data = base_plan()
    data["school"]["name"] = value
    data["mission"]["statement"] = value
    data["levers"]["curriculum"]["innovations"][0]["title"] = value
    data["waivers"][0]["title"] = value
    data["levers"]["budget"]["expenses"][0]["category"] = value
    return data


@pytest.mark.parametrize("kind", ["plan", "waivers", "review"])
def test_special_characters_round_trip_exactly(kind: str) -> None:
    text = text_of(render(kind, _with_text(NASTY)))
    assert NASTY in text
    assert "49" not in text.replace("2026", "")  # {{ 7*7 }} was not evaluated


@pytest.mark.parametrize("kind", ["plan", "waivers", "review"])
def test_docxtpl_marks_survive_in_sentences_planforge_composes(kind: str) -> None:
    # The leader line ("name, title, email") is a plain str built around plan text; docxtpl
    # turns a literal {_{ in it into {{ after rendering unless it is escaped like PlanText.
    data = _with_text(NASTY)
    data["school"]["leader"]["name"] = NASTY
    text = text_of(render(kind, data))
    assert "{{ docxtpl }}" not in text
    assert "{% marks %}" not in text
    if kind == "plan":
        assert f"{NASTY}, " in text


def test_long_text_round_trips() -> None:
    words = " ".join(f"word{i}&<{i}>" for i in range(5000))
    data = base_plan()
    data["mission"]["why_innovation"] = words
    assert words in text_of(render("plan", data))


def test_markdown_features_become_real_paragraphs_lists_and_runs() -> None:
    data = base_plan()
    data["mission"]["statement"] = (
        "We teach **every** child *by name*.\n\n- first bullet\n- second bullet\n\n"
        "1. step one\n2. step two\n\n3. step three restarts at three"
    )
    document = docx.Document(io.BytesIO(render("plan", data)))
    paras = document.paragraphs
    start = next(i for i, p in enumerate(paras) if p.text == "We teach every child by name.")
    styles = [p.style.name for p in paras[start : start + 6]]
    assert styles == [
        "Normal",
        "List Bullet",
        "List Bullet",
        "List Number",
        "List Number",
        "List Number",
    ]
    runs = paras[start].runs
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in runs] == [
        ("We teach ", False, False),
        ("every", True, False),
        (" child ", False, False),
        ("by name", False, True),
        (".", False, False),
    ]
    numbering = part(render("plan", data), "word/numbering.xml")
    assert '<w:startOverride w:val="3"/>' in numbering


def test_xml_illegal_characters_are_stripped_with_a_warning() -> None:
    clean, findings = sanitize({"a": ["ok\x0bnot\x00"], "b": 3})
    assert clean == {"a": ["oknot"], "b": 3}
    assert [f.pointer for f in findings] == ["/a/0"]
    assert findings[0].code == "render.illegal-character"


def test_missing_variable_names_the_variable_and_template(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Hello {{ no_such_value }}")
    (tmp_path / "innovation-plan.docx").write_bytes(_save(document))
    with pytest.raises(TemplateError, match=r"innovation-plan\.docx.*no_such_value"):
        render("plan", base_plan(), templates=tmp_path)


def test_missing_template_file_is_a_template_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="was not found"):
        render("waivers", base_plan(), templates=tmp_path)


def _save(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_verification_fails_when_text_is_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    original = PlanText.__html__

    def dropping(self: PlanText) -> str:
        original(self)  # still recorded as shown ...
        return "" if self.pointer == "/school/name" else str(original(self))  # ... but dropped

    monkeypatch.setattr(PlanText, "__html__", dropping)
    with pytest.raises(RenderError, match=r"lost plan text.*school\.name"):
        render("plan", base_plan())


def test_verify_rejects_duplicate_drawing_ids_and_bad_xml() -> None:
    good = render("review", base_plan())
    verify(good, [])
    import zipfile

    def patched(name: str, content: bytes) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
            for item in src.namelist():
                dst.writestr(item, content if item == name else src.read(item))
        return out.getvalue()

    with pytest.raises(RenderError, match="not well-formed"):
        verify(patched("word/styles.xml", b"<w:styles"), [])
    drawing = (
        '<wp:docPr xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
        'wordprocessingDrawing" id="7" name="x"/>'
    )
    body = part(good, "word/document.xml").replace(
        "</w:body>", f"<w:p>{drawing}{drawing}</w:p></w:body>"
    )
    with pytest.raises(RenderError, match="drawing id 7"):
        verify(patched("word/document.xml", body.encode()), [])


def test_write_atomic_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.docx"
    write_atomic(target, b"data")
    assert target.read_bytes() == b"data"
    assert [p.name for p in target.parent.iterdir()] == ["out.docx"]


def test_draft_renders_highlighted_placeholders() -> None:
    data = base_plan()
    del data["mission"]["why_innovation"]
    del data["levers"]["budget"]["prior_year"]
    out = render("plan", data, draft=True)
    text = text_of(out)
    assert "[MISSING: mission.why_innovation]" in text
    assert "[MISSING: levers.budget.prior_year]" in text
    assert "DRAFT" in text
    assert '<w:highlight w:val="yellow"/>' in part(out, "word/document.xml")


SAFE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    min_size=1,
    max_size=60,
).filter(lambda s: bool(s.strip()))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SAFE_TEXT)
def test_random_text_appears_exactly(value: str) -> None:
    data = base_plan()
    data["waivers"][0]["title"] = value
    data["waivers"][0]["citation"] = value + "!"
    assert normalise(value) in text_of(render("waivers", data))
