"""The budget section as a spreadsheet (openpyxl): what CDE accepts in Excel.

Two sheets, each printing portrait on letter paper, one page wide:

* **Budget**: revenue by source and expenses by category for the prior and the proposed year
  with the change, the totals, a summary (revenue less expenses), the estimated cost savings
  and planforge's notes on stated totals that differ from their lines;
* **Staffing**: the positions with FTE, yearly cost, funding source and licence.

Amounts are numbers with a dollar format (cents only when the plan has cents), so a finance
office can work with them; totals and changes are computed by planforge, written as values
(not formulas) so every reader and viewer shows the same figures as the Word budget section.
Text is exactly as typed and goes through :func:`planforge.authorizer.xlsx_style.text`: a
value a spreadsheet would evaluate (``=HYPERLINK(…)``) stays text. The bytes are read back and
every text written is checked before they are returned.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from planforge import __version__
from planforge.authorizer.xlsx_style import (
    BOLD,
    BOX,
    FACE,
    GREY_FILL,
    HEAD,
    HEAD_ALIGN,
    HEAD_FILL,
    NAVY,
    NOTE,
    SUBTITLE,
    TITLE,
    TOP,
    WRAP,
    fit_height,
    lines,
    put,
    text,
)
from planforge.domain.text import strip_illegal
from planforge.errors import RenderError

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

SECTION = Font(name=FACE, bold=True, size=12, color=NAVY)
MISSING_FILL = PatternFill("solid", fgColor="FFFF00")
WIDTHS = (38.0, 24.0, 14.0, 14.0, 14.0, 34.0)
"""Budget sheet: label, type or funding source, prior, proposed, change, note."""
STAFF_WIDTHS = (44.0, 8.0, 14.0, 28.0, 14.0)
RIGHT_HEAD = Alignment(horizontal="right", vertical="center", wrap_text=True)


def budget_workbook(ctx: dict[str, Any]) -> bytes:
    """The workbook's verified bytes (RenderError if what was written cannot be read back)."""
    book = _Book(ctx)
    book.budget_sheet()
    book.staffing_sheet()
    buffer = io.BytesIO()
    book.wb.save(buffer)
    data = buffer.getvalue()
    verify(data, book.written)
    return data


class _Book:
    """The workbook being written, and every text written to it (for the check)."""

    def __init__(self, ctx: dict[str, Any]) -> None:
        self.ctx = ctx
        self.written: list[str] = []
        self.wb = Workbook()
        self.cents = any(
            isinstance(v, float) and round(v, 2) != round(v)
            for v in _amounts(ctx)  # cents only when the plan has them
        )
        props = self.wb.properties
        props.creator = props.lastModifiedBy = "planforge"
        props.title = f"{ctx['school']} \u2014 Budget Section"[:255]

    # ------------------------------------------------------------------ cells

    def put(self, ws: Worksheet, row: int, col: int, value: Any, fmt: str = "", **kw: Any) -> None:
        """One boxed cell; text is recorded for the check, a draft's gap is highlighted."""
        if isinstance(value, str):
            self.written.append(strip_illegal(value)[0])
            if value.startswith("[MISSING: "):
                kw["fill"], kw["font"] = MISSING_FILL, BOLD
                fmt = ""
        put(ws, row, col, value, fmt, **kw)

    def line(self, ws: Worksheet, row: int, value: str, font: Font, last_col: int) -> None:
        """A line of text across the sheet (title, notes), wrapped, without a box."""
        cell = text(ws.cell(row=row, column=1), value)
        self.written.append(str(cell.value))
        cell.font, cell.alignment = font, WRAP
        if last_col > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        width = sum(
            ws.column_dimensions[get_column_letter(c)].width for c in range(1, last_col + 1)
        )
        height = lines(value, width) * (font.size or 11) * 1.35 + 4
        ws.row_dimensions[row].height = max(height, (font.size or 11) * 1.5)

    def header(
        self, ws: Worksheet, row: int, headers: Sequence[str], numbers: Sequence[int] = (3, 4, 5)
    ) -> None:
        """Column headers, white on navy; the columns of amounts (`numbers`) right-aligned."""
        for col, title in enumerate(headers, start=1):
            cell = text(ws.cell(row=row, column=col), title)
            self.written.append(str(cell.value))
            align = RIGHT_HEAD if col in numbers else HEAD_ALIGN
            cell.font, cell.fill, cell.alignment, cell.border = HEAD, HEAD_FILL, align, BOX

    def money(self, signed: bool = False) -> str:
        body = '"$"#,##0.00' if self.cents else '"$"#,##0'
        if signed:
            return f"+{body};[Red]-{body};{body}"
        return f"{body};[Red]-{body}"

    # ------------------------------------------------------------------ sheets

    def start(self, ws: Worksheet, widths: Sequence[float], title: str, note: str) -> None:
        """Widths, title, subtitle and note rows; portrait letter, one page wide, numbered."""
        ctx = self.ctx
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
        last = len(widths)
        district = f"{ctx['district']} \u00b7 " if ctx["district"] else ""
        self.line(ws, 1, f"{ctx['school']}: {title}", TITLE, last)
        subtitle = f"{district}innovation plan {ctx['term']} \u00b7 amounts in US dollars"
        self.line(ws, 2, subtitle, SUBTITLE, last)
        if ctx["draft"]:
            note = "DRAFT \u2014 not for board action. " + note
        self.line(ws, 3, note, NOTE, last)
        ws.sheet_view.showGridLines = False
        ws.page_setup.orientation = "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_LETTER
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
        ws.page_margins.left = ws.page_margins.right = 0.5
        footer = ws.oddFooter
        assert footer is not None
        footer.left.text = f"{ctx['school']} \u2014 Budget Section"[:200].replace("&", "&&")
        footer.right.text = "Page &P of &N"

    def section(self, ws: Worksheet, row: int, title: str) -> int:
        cell = text(ws.cell(row=row, column=1), title)
        self.written.append(str(cell.value))
        cell.font = SECTION
        ws.row_dimensions[row].height = 20
        return row + 1

    def budget_sheet(self) -> None:
        ctx = self.ctx
        ws = self.wb.active
        assert ws is not None
        ws.title = "Budget"
        self.start(
            ws,
            WIDTHS,
            "budget section",
            f"Prior-year budget {ctx['prior_year']} and proposed budget {ctx['proposed_year']}, "
            "as the innovation plan states them. Totals and changes are computed from the "
            f"lines (planforge {__version__}).",
        )
        years = [ctx["prior_year"], ctx["proposed_year"]]
        row = self.section(ws, 5, "Revenue by source")
        self.header(ws, row, ["Source", "Type", *years, "Change"])
        revenue = [(r["source"], r["type"], r["prior"], r["proposed"]) for r in ctx["revenues"]]
        row, rev_totals = self.amount_rows(ws, row + 1, revenue, "Total revenue")
        row = self.section(ws, row + 1, "Expenses by category")
        self.header(ws, row, ["Category", "Funding source", *years, "Change", "Note"])
        expenses = [
            (e["category"], e["funding_source"], e["prior"], e["proposed"], e["note"])
            for e in ctx["expenses"]
        ]
        row, exp_totals = self.amount_rows(ws, row + 1, expenses, "Total expenses")
        row = self.section(ws, row + 1, "Summary")
        self.header(ws, row, ["", "", *years, "Change"])
        summary = [
            ("Revenue", "", *rev_totals),
            ("Expenses", "", *exp_totals),
            ("Revenue less expenses", "", rev_totals[0] - exp_totals[0],
             rev_totals[1] - exp_totals[1]),
        ]  # fmt: skip
        row, _ = self.amount_rows(ws, row + 1, summary, None)
        row = self.section(ws, row + 1, "Cost savings and increased efficiencies")
        self.line(ws, row, ctx["cost_savings"] or "\u2014", Font(name=FACE, size=11), 6)
        row += 1
        if ctx["savings_amount"] is not None:
            self.put(ws, row, 1, "Estimated yearly savings", font=BOLD)
            self.put(ws, row, 2, ctx["savings_amount"], self.money())
            row += 1
        if ctx["notes"]:
            row = self.section(ws, row + 1, "Notes")
            for note in ctx["notes"]:
                self.line(ws, row, note, NOTE, 6)
                row += 1
        ws.print_area = f"A1:F{row}"

    def amount_rows(
        self, ws: Worksheet, row: int, items: Iterable[Sequence[Any]], total: str | None
    ) -> tuple[int, tuple[float, float]]:
        """Lines of (label, kind, prior, proposed[, note]) with their change, and a total row;
        returns the next free row and the totals."""
        sums = [0.0, 0.0]
        for item in items:
            label, kind, prior, proposed = item[:4]
            self.put(ws, row, 1, label, align=WRAP)
            self.put(ws, row, 2, kind, align=WRAP)
            for col, (value, index) in enumerate(((prior, 0), (proposed, 1)), start=3):
                self.put(ws, row, col, value, self.money())
                if isinstance(value, float):
                    sums[index] += value
            both = isinstance(prior, float) and isinstance(proposed, float)
            self.put(ws, row, 5, proposed - prior if both else "\u2014", self.money(signed=True))
            texts = [(str(label), WIDTHS[0]), (str(kind), WIDTHS[1])]
            if len(item) > 4:
                self.put(ws, row, 6, item[4], align=WRAP)
                texts.append((str(item[4]), WIDTHS[5]))
            fit_height(ws, row, texts)
            row += 1
        if total is not None:
            self.put(ws, row, 1, total, font=BOLD, fill=GREY_FILL)
            self.put(ws, row, 2, "", fill=GREY_FILL)
            self.put(ws, row, 3, sums[0], self.money(), font=BOLD, fill=GREY_FILL)
            self.put(ws, row, 4, sums[1], self.money(), font=BOLD, fill=GREY_FILL)
            self.put(ws, row, 5, sums[1] - sums[0], self.money(signed=True), font=BOLD,
                     fill=GREY_FILL)  # fmt: skip
            row += 1
        return row, (sums[0], sums[1])

    def staffing_sheet(self) -> None:
        ctx = self.ctx
        ws = self.wb.create_sheet("Staffing")
        self.start(
            ws,
            STAFF_WIDTHS,
            "staffing plan",
            "The positions of the proposed staffing plan, as the innovation plan states them. "
            f"The totals are computed from the lines (planforge {__version__}).",
        )
        row = self.section(ws, 5, "Positions")
        headers = ["Position", "FTE", "Yearly cost", "Funding source", "License"]
        self.header(ws, row, headers, numbers=(2, 3))
        row += 1
        fte, cost = 0.0, 0.0
        for p in ctx["positions"]:
            self.put(ws, row, 1, p["title"], align=WRAP)
            self.put(ws, row, 2, p["fte"], "#,##0.0#")
            self.put(ws, row, 3, p["cost"], self.money())
            self.put(ws, row, 4, p["funding_source"], align=WRAP)
            self.put(ws, row, 5, p["licensed"], align=TOP)
            fte += p["fte"] if isinstance(p["fte"], float) else 0.0
            cost += p["cost"] if isinstance(p["cost"], float) else 0.0
            fit_height(
                ws, row, [(p["title"], STAFF_WIDTHS[0]), (p["funding_source"], STAFF_WIDTHS[3])]
            )
            row += 1
        if not ctx["positions"]:
            self.put(ws, row, 1, "The plan lists no positions.")
            row += 1
        self.put(ws, row, 1, "Total", font=BOLD, fill=GREY_FILL)
        self.put(ws, row, 2, fte, "#,##0.0#", font=BOLD, fill=GREY_FILL)
        self.put(ws, row, 3, cost, self.money(), font=BOLD, fill=GREY_FILL)
        self.put(ws, row, 4, "", fill=GREY_FILL)
        self.put(ws, row, 5, "", fill=GREY_FILL)
        ws.print_area = f"A1:E{row}"


def _amounts(ctx: dict[str, Any]) -> Iterable[Any]:
    for r in (*ctx["revenues"], *ctx["expenses"]):
        yield r["prior"]
        yield r["proposed"]
    for p in ctx["positions"]:
        yield p["cost"]
    yield ctx["savings_amount"]


def verify(data: bytes, written: Iterable[str]) -> None:
    """Read the workbook back: it must open, and every text written must be in a cell."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True)
        found = {
            value
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for value in row
            if isinstance(value, str)
        }
        wb.close()
    except Exception as e:  # openpyxl raises many types for a broken package
        raise RenderError(f"budget spreadsheet: the workbook cannot be read back ({e}).") from e
    missing = [t for t in dict.fromkeys(written) if t and t not in found]
    if missing:
        listed = "; ".join(repr(t[:60]) for t in missing[:5])
        msg = f"budget spreadsheet: the workbook lost text, so nothing was written: {listed}."
        raise RenderError(msg)
