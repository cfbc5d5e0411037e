"""Cell writing and sheet set-up shared by the portfolio workbook's sheets (openpyxl).

Every text cell goes through :func:`text`: written as a string (never a formula, never an
error code such as ``#N/A``) and, when a spreadsheet would evaluate it, given Excel's
quote prefix (see :mod:`planforge.authorizer.cells`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from planforge.authorizer.cells import formula_like
from planforge.domain.text import strip_illegal

if TYPE_CHECKING:
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

NAVY, BLUE, GREY = "1F3864", "2F5597", "595959"
FACE = "Calibri"
"""openpyxl's default face; LibreOffice shows it with the metric-compatible Carlito."""
TITLE = Font(name=FACE, bold=True, size=15, color=NAVY)
SUBTITLE = Font(name=FACE, italic=True, size=10, color=GREY)
NOTE = Font(name=FACE, size=9, color=GREY)
HEAD = Font(name=FACE, bold=True, color="FFFFFF")
BOLD = Font(name=FACE, bold=True)
RED_BOLD = Font(name=FACE, bold=True, color="C00000")
AMBER_BOLD = Font(name=FACE, bold=True, color="9C5700")
GREEN_BOLD = Font(name=FACE, bold=True, color="2E7D32")
HEAD_FILL = PatternFill("solid", fgColor=NAVY)
GROUP_FILL = PatternFill("solid", fgColor=BLUE)
AMBER_FILL = PatternFill("solid", fgColor="FFF2CC")
RED_FILL = PatternFill("solid", fgColor="FDE9E7")
GREY_FILL = PatternFill("solid", fgColor="EDEDED")
THIN = Side(style="thin", color="BFC9D9")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top")
HEAD_ALIGN = Alignment(wrap_text=True, vertical="center")
ROTATED = Alignment(text_rotation=90, horizontal="center", vertical="bottom")

DATE = "yyyy-mm-dd"
MONEY = '"$"#,##0;[Red]-"$"#,##0'
PERCENT = "0.0%"
HOURS = "+#,##0.0;[Red]-#,##0.0;0.0"
INTEGER = "#,##0"
HEADER_ROW = 5
"""Every sheet: title in row 1, subtitle and notes in rows 2-3, column headers in row 5."""
MAX_ROW_HEIGHT = 409.0
LINE_HEIGHT = 13.0
PAGE_WIDTH = 240.0
"""Characters of column width printed legibly across one landscape letter page."""


def text(cell: Cell | MergedCell, value: str) -> Cell:
    """Write text as a string cell; quote-prefix text a spreadsheet would evaluate."""
    assert isinstance(cell, Cell), "text goes in the first cell of a merged range"
    cell.value = strip_illegal(value)[0]
    cell.data_type = "s"
    if formula_like(value):
        cell.quotePrefix = True
    return cell


_STYLES: WeakKeyDictionary[Workbook, dict[tuple[Any, ...], StyleArray]] = WeakKeyDictionary()
"""Per workbook, each combination of styles resolved once. Setting a style object on a cell
makes openpyxl hash it (recursively) every time, which dominated writing a large portfolio;
copying the resolved style array of a cell styled before is cheap."""


def put(
    ws: Worksheet,
    row: int,
    col: int,
    value: str | float | date | None,
    fmt: str = "",
    *,
    align: Alignment = TOP,
    font: Font | None = None,
    fill: PatternFill | None = None,
) -> Cell:
    """Write one value, boxed: text safely (see :func:`text`), numbers and dates as
    themselves, with a number format, alignment, font and fill."""
    cell = ws.cell(row=row, column=col)
    assert isinstance(cell, Cell)
    quote = False
    if isinstance(value, str):
        text(cell, value)
        quote = formula_like(value)
    elif value is not None:
        cell.value = value
    assert ws.parent is not None
    book = _STYLES.setdefault(ws.parent, {})
    key = (fmt, id(align), id(font), id(fill), quote)
    found = book.get(key)
    if found is not None:
        cell._style = copy(found)  # type: ignore[attr-defined]
        return cell
    cell.number_format = fmt or "General"
    cell.border, cell.alignment = BOX, align
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    book[key] = copy(cell._style)  # type: ignore[attr-defined]
    return cell


@dataclass(frozen=True)
class Column:
    """A column of a table sheet: header, width (characters), number format, wrapping."""

    header: str
    width: float
    fmt: str = ""
    wrap: bool = False
    printed: bool = True
    """False for columns left off the printed pages (file paths); they must come last."""


def start_sheet(ws: Worksheet, title: str, subtitle: str, note: str = "") -> None:
    """Title, subtitle and note rows, printed landscape, one page wide, with page numbers.

    The note is wrapped across the first columns by :func:`wrap_note` once widths are set.
    """
    text(ws.cell(row=1, column=1), title).font = TITLE
    ws.row_dimensions[1].height = 21
    text(ws.cell(row=2, column=1), subtitle).font = SUBTITLE
    if note:
        text(ws.cell(row=3, column=1), note).font = NOTE
    ws.sheet_view.showGridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_LETTER
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    header, footer = ws.oddHeader, ws.oddFooter
    assert header is not None
    assert footer is not None
    header.left.text = "&A"
    header.right.text = subtitle.split(" · ")[0]
    footer.left.text = title
    footer.right.text = "Page &P of &N"


def header_row(ws: Worksheet, columns: Sequence[Column], row: int = HEADER_ROW) -> None:
    """Column headers (white on navy), widths, print titles, the note wrapped above them,
    and as many pages across as the widths need (about 170 characters a page)."""
    for index, column in enumerate(columns, start=1):
        cell = text(ws.cell(row=row, column=index), column.header)
        cell.font, cell.fill, cell.alignment, cell.border = HEAD, HEAD_FILL, HEAD_ALIGN, BOX
        ws.column_dimensions[get_column_letter(index)].width = column.width
    tallest = max(lines(c.header, c.width - 1) for c in columns)
    ws.row_dimensions[row].height = max(2, tallest) * LINE_HEIGHT + 4
    ws.print_title_rows = f"{row}:{row}"
    shown = [c.width for c in columns if c.printed]
    ws.page_setup.fitToWidth = max(1, math.ceil(sum(shown) / PAGE_WIDTH))
    wrap_note(ws, shown)


def wrap_note(ws: Worksheet, widths: Sequence[float]) -> None:
    """Wrap the note in row 3 across the first columns (up to a printed page's width)."""
    note = ws.cell(row=3, column=1)
    if not isinstance(note.value, str):
        return
    total, last = 0.0, 0
    for last, width in enumerate(widths, start=1):  # noqa: B007 - `last` is used below
        total += width
        if total >= PAGE_WIDTH * 0.9:
            break
    if last > 1:
        ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=last)
    note.alignment = WRAP
    ws.row_dimensions[3].height = lines(note.value, total * 1.1) * 12.0 + 2


def finish_table(ws: Worksheet, columns: Sequence[Column], last_row: int, freeze: str) -> None:
    """Autofilter over the header and data rows, the frozen pane and the print area."""
    last_row = max(last_row, HEADER_ROW)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last_row}"
    ws.freeze_panes = freeze
    printed = sum(1 for c in columns if c.printed)
    if printed < len(columns):
        ws.print_area = f"A1:{get_column_letter(printed)}{last_row}"


def lines(value: str, width: float) -> int:
    """Estimated lines of `value` wrapped in a column `width` characters wide (a word-wrapped
    line holds about 90% of what fits: the rest is the gap a word too long leaves)."""
    per_line = max(width * 1.2, 6.0)
    if len(value) <= per_line and "\n" not in value:
        return 1
    usable = per_line * 0.92
    return sum(
        1 if len(part) <= per_line else math.ceil(len(part) / usable) for part in value.split("\n")
    )


def fit_height(ws: Worksheet, row: int, texts: Sequence[tuple[str, float]]) -> None:
    """Set a row's height to fit its wrapped texts ((text, column width) pairs)."""
    most = max([lines(t, w) for t, w in texts] + [1])
    if most > 1:
        ws.row_dimensions[row].height = min(MAX_ROW_HEIGHT, most * LINE_HEIGHT + 3)
