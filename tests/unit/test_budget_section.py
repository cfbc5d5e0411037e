"""The budget section CDE receives on its own: a Word document and a spreadsheet.

CDE asks for the plan's budget section as a separate file (Excel or PDF): the prior-year and
proposed budgets by source and category, the staffing plan and the estimated savings.
"""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from _render_support import base_plan, render, text_of
from openpyxl import load_workbook

from planforge.documents.budget_context import budget_section_context, budget_sheet_context
from planforge.documents.budget_xlsx import budget_workbook, verify
from planforge.documents.kinds import DOCUMENT_KINDS, RenderInput
from planforge.documents.runner import render_kind
from planforge.errors import RenderError
from planforge.resources import templates_dir


def _sheet(data: dict[str, Any], *, draft: bool = False) -> Any:
    xlsx = render_kind("budget-sheet", RenderInput(data, draft=draft), templates_dir())
    return load_workbook(io.BytesIO(xlsx))


def _rows(ws: Any) -> list[list[Any]]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def test_the_budget_section_document_has_the_plan_budget_tables() -> None:
    data = base_plan()
    out = render("budget", data)
    document = docx.Document(io.BytesIO(out))
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["Source", "Type", "2025-26", "2026-27", "Change"] in headers
    assert ["Category", "Funding source", "2025-26", "2026-27", "Change"] in headers
    assert ["Position", "FTE", "Yearly cost", "Funding source", "License"] in headers
    titles = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert titles == ["Budget", "Staffing Plan", "How the Plan Uses Its Budget"]
    text = text_of(out)
    assert "Budget Section" in text
    assert "Cost savings and increased efficiencies" in text
    ctx = budget_section_context(data)
    assert ctx["budget"]["expense_total"]["proposed"] in text


def test_expense_notes_are_shown() -> None:
    data = base_plan()
    data["levers"]["budget"]["expenses"][0]["note"] = "Two new interventionists"
    notes = budget_section_context(data)["section"]["expense_notes"]
    category = data["levers"]["budget"]["expenses"][0]["category"]
    assert [(n["category"], n["note"]) for n in notes] == [(category, "Two new interventionists")]
    assert f"{category}: Two new interventionists" in text_of(render("budget", data))


def test_the_spreadsheet_has_numbers_totals_and_the_text_as_typed() -> None:
    data = base_plan()
    budget = data["levers"]["budget"]
    book = _sheet(data)
    assert book.sheetnames == ["Budget", "Staffing"]
    rows = _rows(book["Budget"])
    revenue = next(r for r in rows if r[0] == budget["revenues"][0]["source"])
    assert revenue[2:4] == [budget["revenues"][0]["prior"], budget["revenues"][0]["proposed"]]
    total = next(r for r in rows if r[0] == "Total revenue")
    assert total[2] == sum(line["prior"] for line in budget["revenues"])
    assert total[3] == sum(line["proposed"] for line in budget["revenues"])
    assert total[4] == total[3] - total[2]
    expenses = next(r for r in rows if r[0] == "Total expenses")
    balance = next(r for r in rows if r[0] == "Revenue less expenses")
    assert balance[2:4] == [total[2] - expenses[2], total[3] - expenses[3]]
    assert book["Budget"]["C7"].number_format.startswith('"$"#,##0;')
    positions = data["levers"]["staffing"]["positions"]
    staff = _rows(book["Staffing"])
    assert next(r for r in staff if r[0] == "Total")[1:3] == [
        sum(p["fte"] for p in positions),
        sum(p["cost"] for p in positions),
    ]


def test_formula_like_text_stays_text() -> None:
    data = base_plan()
    data["levers"]["budget"]["revenues"][0]["source"] = '=HYPERLINK("http://x","click")'
    book = _sheet(data)
    cell = next(c for row in book["Budget"].iter_rows() for c in row if c.value and
                str(c.value).startswith("=HYPERLINK"))  # fmt: skip
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_cents_get_a_cents_format_and_a_draft_marks_gaps() -> None:
    data = base_plan()
    data["levers"]["budget"]["revenues"][0]["prior"] = 1234.5
    assert _sheet(data)["Budget"]["C7"].number_format.startswith('"$"#,##0.00')
    del data["levers"]["budget"]["revenues"][0]["proposed"]
    ctx = budget_sheet_context(data, draft=True)
    assert ctx["revenues"][0]["proposed"] == "[MISSING: levers.budget.revenues[1].proposed]"
    rows = _rows(_sheet(data, draft=True)["Budget"])
    assert any("[MISSING: levers.budget.revenues[1].proposed]" in r for r in rows)
    assert str(rows[2][0]).startswith("DRAFT")


def test_the_spreadsheet_is_read_back_before_it_is_returned() -> None:
    data = budget_workbook(budget_sheet_context(base_plan()))
    verify(data, ["Revenue by source"])
    with pytest.raises(RenderError, match="lost text"):
        verify(data, ["a text that was never written"])
    with pytest.raises(RenderError, match="cannot be read back"):
        verify(b"not a workbook", [])


def test_the_spreadsheet_kind_declares_its_format() -> None:
    kind = DOCUMENT_KINDS["budget-sheet"]
    assert (kind.format, kind.template, kind.suffix) == ("xlsx", "", "-budget.xlsx")
    assert not kind.is_docx
    assert DOCUMENT_KINDS["budget"].is_docx
