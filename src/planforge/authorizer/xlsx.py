"""portfolio.xlsx: the portfolio as a workbook for people who live in Excel (openpyxl).

Sheets: Overview (key figures and the two charts), Schools, Renewals, Waiver matrix,
Posting, Findings (the matrix, the posting list and the waivers chart are Colorado's: a
portfolio without Colorado files has neither sheet nor chart, see
:mod:`planforge.authorizer.wording`). Each table has a frozen header row, an autofilter, set widths, wrapped
long text, dates as dates and money and shares as numbers with number formats; every sheet
prints landscape, one page wide, with the header row repeated.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.comments import Comment
from openpyxl.formatting.rule import Rule
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from planforge import __version__
from planforge.authorizer.calendar import DUE, OVERDUE, UNKNOWN, WINDOW_MONTHS
from planforge.authorizer.model import (
    COLORADO,
    KINDS,
    MatrixRow,
    Portfolio,
    School,
    Waiver,
    body_label,
    kind_label,
    margin_label,
    state_name,
)
from planforge.authorizer.wording import (
    colorado_part,
    posting_title,
    renewal_note,
    schools_note,
    states,
)
from planforge.authorizer.xlsx_style import (
    AMBER_BOLD,
    AMBER_FILL,
    BOLD,
    BOX,
    CENTRE,
    DATE,
    GREEN_BOLD,
    GREY_FILL,
    GROUP_FILL,
    HEAD,
    HEAD_FILL,
    HEADER_ROW,
    HOURS,
    INTEGER,
    MONEY,
    NOTE,
    PERCENT,
    RED_BOLD,
    RED_FILL,
    ROTATED,
    TOP,
    WRAP,
    Column,
    finish_table,
    fit_height,
    header_row,
    put,
    start_sheet,
    text,
    wrap_note,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

KIND_COLOURS = {
    "state_statute": "1F4E79",
    "state_rule": "5B9BD5",
    "district_policy": "C55A11",
    "cba": "7F6000",
}
VERDICT_COLOURS = {"READY": "2E7D32", "NOT READY": "C62828", "NOT REVIEWED": "757575"}
FIRST = HEADER_ROW + 1


def to_xlsx(p: Portfolio) -> bytes:
    """The workbook's bytes."""
    wb = Workbook()
    overview = wb.active
    assert overview is not None
    overview.title = "Overview"
    names: tuple[str, ...] = ("Schools", "Renewals", "Waiver matrix", "Posting", "Findings")
    if not p.colorado:  # the matrix and the posting list are Colorado's
        names = ("Schools", "Renewals", "Findings")
    sheets = {name: wb.create_sheet(name) for name in names}
    subtitle = _subtitle(p)
    kind_cols = _schools(sheets["Schools"], p, subtitle)
    _renewals(sheets["Renewals"], p, subtitle)
    if p.colorado:
        rows = _posting(sheets["Posting"], p, subtitle)
        _matrix(sheets["Waiver matrix"], p, subtitle, rows)
    _findings(sheets["Findings"], p, subtitle)
    _overview(overview, p, subtitle, sheets["Schools"], kind_cols)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _subtitle(p: Portfolio) -> str:
    packs = "; ".join(p.packs) or "none"
    where = "" if p.colorado_only else f" · {states(p)}"
    return f"As of {p.today.isoformat()}{where} · rule packs: {packs} · planforge {__version__}"


def _table(ws: Worksheet, columns: list[Column], rows: list[list[Any]], freeze: str) -> None:
    header_row(ws, columns)
    for r, values in enumerate(rows, start=FIRST):
        wrapped = []
        for c, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            put(ws, r, c, value, column.fmt, align=WRAP if column.wrap else TOP)
            if column.wrap and isinstance(value, str):
                wrapped.append((value, column.width))
        fit_height(ws, r, wrapped)
    finish_table(ws, columns, HEADER_ROW + len(rows), freeze)


# --- Schools ---------------------------------------------------------------------------


def _school_columns(p: Portfolio) -> list[tuple[Column, str, Callable[[School], Any]]]:
    """(column, group heading, value) for each column of the Schools sheet."""
    cols: list[tuple[Column, str, Callable[[School], Any]]] = [
        (Column("School", 32, wrap=True), "", lambda s: s.label),
        *[(Column("State", 14), "", lambda s: state_name(s.jurisdiction))] * p.mixed,
        (Column("Zone", 24, wrap=True), "", lambda s: s.zone),
        (Column("Grades", 8), "", lambda s: s.grades),
        (Column("Enrollment", 11, INTEGER), "", lambda s: s.enrollment),
        (Column("Verdict", 14), "Review", lambda s: s.verdict),
        (Column("Errors", 8, INTEGER), "Review", lambda s: s.errors),
        (Column("Warnings", 10, INTEGER), "Review", lambda s: s.warnings),
        (Column("Action", 10), "Review", lambda s: s.action),
        (Column("Term start", 11, DATE), "Plan term and review", lambda s: s.schedule.start),
        (Column("Term end", 11, DATE), "Plan term and review", lambda s: s.schedule.end),
        (Column("Review every (years)", 10, INTEGER), "Plan term and review",
         lambda s: s.schedule.cadence),
        (Column("Next review due", 12, DATE), "Plan term and review",
         lambda s: s.schedule.next_review if s.current else None),
        (Column("Review status", 16), "Plan term and review",
         lambda s: _state(s.schedule.state, s.schedule.days_left) if s.current else ""),
    ]  # fmt: skip
    consent = colorado_part(p, "Consent") + ": yes of eligible"
    for body in p.bodies:
        cols.append((Column(body_label(body), max(11, len(body_label(body)) + 2), PERCENT), consent,
                     _consent_of(body)))  # fmt: skip
    for program in p.programs:
        cols.append((Column(margin_label(program), 13, HOURS), "Instructional-hour margin",
                     _margin_of(program)))  # fmt: skip
    cols += [
        (Column("Revenue", 14, MONEY), "Proposed budget", lambda s: s.revenue),
        (Column("Expenses", 14, MONEY), "Proposed budget", lambda s: s.expenses),
        (Column("Balance", 12, MONEY), "Proposed budget", lambda s: s.balance),
        (Column("Per pupil", 11, MONEY), "Proposed budget", lambda s: s.per_pupil),
    ]
    waivers = colorado_part(p, "Waivers by kind")
    for kind in KINDS if p.colorado else ():
        cols.append((Column(kind_label(kind), 10, INTEGER), waivers,
                     _colorado(_count_of(kind))))  # fmt: skip
    if p.colorado:
        cols += [
            (Column("Total waivers", 9, INTEGER), waivers, _colorado(lambda s: len(s.waivers))),
            (Column("Dropped", 9, INTEGER), waivers, _colorado(lambda s: s.dropped)),
        ]
    cols += [
        (Column("Note", 36, wrap=True), "", lambda s: s.note),
        (Column("Rule packs", 22, printed=False), "", lambda s: s.packs),
        (Column("File", 52, printed=False), "", lambda s: s.path),
    ]
    return cols


def _consent_of(body: str) -> Callable[[School], Any]:
    return lambda s: s.consent.get(body)


def _margin_of(program: str) -> Callable[[School], Any]:
    return lambda s: s.margins.get(program)


def _count_of(kind: str) -> Callable[[School], Any]:
    return lambda s: s.by_kind()[kind]


def _colorado(value: Callable[[School], Any]) -> Callable[[School], Any]:
    """A waiver count, left empty for another state's plan (waivers are Colorado's)."""
    return lambda s: value(s) if s.jurisdiction == COLORADO else None


def _state(state: str, days: int | None) -> str:
    if state == OVERDUE:
        return f"Overdue by {-(days or 0)} days"
    if state == DUE:
        return f"Due in {days} days"
    if state == UNKNOWN:
        return "No readable term"
    return f"In {days} days"


def _schools(ws: Worksheet, p: Portfolio, subtitle: str) -> tuple[int, int] | None:
    """Write the Schools sheet; return the first and last column of the waiver kinds (None
    when the portfolio has no Colorado plans, hence no waiver columns)."""
    spec = _school_columns(p)
    superseded = len(p.schools) - len(p.current)
    note = (
        "Consent: share of all eligible members voting yes. Hour margin: annual hours after "
        "deductions minus the state minimum (red: short). Next review: C.R.S. 22-32.5-110, "
        "counted from the term's start, at the latest when the term ends."
        if p.colorado_only
        else schools_note(p, workbook=True)
    )
    start_sheet(
        ws,
        f"Schools ({len(p.current)} current plans)",
        subtitle,
        note
        + (f" Grey rows: {superseded} earlier or duplicate plan file(s)." if superseded else ""),
    )
    columns = [c for c, _, _ in spec]
    rows = [[value(s) for _, _, value in spec] for s in p.schools]
    _table(ws, columns, rows, "B6")
    ws.print_title_cols = "A:A"
    _group_headers(ws, [g for _, g, _ in spec])
    headers = [c.header for c in columns]
    verdict_col, state_col = headers.index("Verdict") + 1, headers.index("Review status") + 1
    for r, school in enumerate(p.schools, start=FIRST):
        font = {"READY": GREEN_BOLD, "NOT READY": RED_BOLD}.get(school.verdict, BOLD)
        put(ws, r, verdict_col, school.verdict, font=font)
        if not school.current:
            for c in range(1, len(columns) + 1):
                ws.cell(row=r, column=c).fill = GREY_FILL
        elif school.schedule.state in (OVERDUE, DUE):
            late = school.schedule.state == OVERDUE
            value = ws.cell(row=r, column=state_col).value
            put(ws, r, state_col, str(value), font=RED_BOLD if late else AMBER_BOLD)
    if not p.colorado:
        return None
    first_kind = headers.index(kind_label(KINDS[0])) + 1
    return first_kind, first_kind + len(KINDS) - 1


def _group_headers(ws: Worksheet, groups: list[str]) -> None:
    """Merged group headings in the row above the column headers."""
    row, start = HEADER_ROW - 1, 0
    for index in range(1, len(groups) + 1):
        if index == len(groups) or groups[index] != groups[start]:
            if groups[start]:
                first, last = start + 1, index
                cell = text(ws.cell(row=row, column=first), groups[start])
                cell.font, cell.fill, cell.alignment = HEAD, GROUP_FILL, CENTRE
                if last > first:
                    ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
            start = index


# --- Renewals, Posting, Findings ---------------------------------------------------------


def _renewals(ws: Worksheet, p: Portfolio, subtitle: str) -> None:
    start_sheet(
        ws,
        f"Renewal calendar: {p.today.isoformat()} to {p.window_end.isoformat()}",
        subtitle,
        f"Plans and zone agreements whose term ends or whose review (C.R.S. 22-32.5-110) is "
        f"due in the next {WINDOW_MONTHS} months, and any overdue (term ended, no later plan "
        "in the portfolio)."
        if p.colorado_only
        else renewal_note(p, f"in the next {WINDOW_MONTHS} months"),
    )
    columns = [
        Column("Due", 11, DATE), Column("Event", 12), Column("Status", 18),
        Column("Days left", 9, INTEGER), Column("School or zone", 32, wrap=True),
        *[Column("State", 14)] * p.mixed,
        Column("What", 14 if p.colorado_only else 16), Column("Zone", 24, wrap=True),
        Column("Term ends", 11, DATE),
        Column("Verdict", 13), Column("File", 52, printed=False),
    ]  # fmt: skip
    rows = [
        [r.due, r.event, _state(r.state, r.days_left), r.days_left, r.name,
         *[state_name(r.jurisdiction)] * p.mixed, r.what, r.zone, r.term_end, r.verdict, r.path]
        for r in p.renewals
    ]  # fmt: skip
    _table(ws, columns, rows, "A6")
    for r, renewal in enumerate(p.renewals, start=FIRST):
        late = renewal.state == OVERDUE
        status = _state(renewal.state, renewal.days_left)
        put(
            ws, r, 3, status, font=RED_BOLD if late else AMBER_BOLD, fill=RED_FILL if late else None
        )
    if not rows:
        text(ws.cell(row=FIRST, column=1), "Nothing is due in this window.").font = NOTE


POSTING_COLUMNS = [
    Column("List", 24, wrap=True), Column("School", 26, wrap=True), Column("Zone", 20, wrap=True),
    Column("Type", 14, wrap=True), Column("Citation", 20, wrap=True), Column("Title", 30, wrap=True),
    Column("Replacement policy", 80, wrap=True), Column("Plan term ends", 11, DATE),
]  # fmt: skip
"""The posting list's columns (the CSV adds the district and the term's start)."""


def _posting(ws: Worksheet, p: Portfolio, subtitle: str) -> dict[int, int]:
    """Write the Posting sheet; return each waiver's row (by ``id``) for the matrix links."""
    start_sheet(
        ws,
        posting_title(p),
        subtitle,
        f"Every waiver in the current {'Colorado ' if p.mixed else ''}plans, by school, with its replacement policy. Waivers "
        "granted to innovation schools and schools in innovation zones are listed separately "
        "(22-44-305(1)(c)): state statutes and rules first, then district policy and union "
        "contract. Post only the waivers the boards have granted; waivers-posting.csv holds "
        "the same list.",
    )
    rows = [
        [w.posting_list, w.school, w.zone, kind_label(w.kind), w.display, w.title,
         w.policy_text, w.term_end]
        for w in p.posting
    ]  # fmt: skip
    _table(ws, POSTING_COLUMNS, rows, "C6")
    return {id(w): r for r, w in enumerate(p.posting, start=FIRST)}


def _findings(ws: Worksheet, p: Portfolio, subtitle: str) -> None:
    counts = {
        s: sum(1 for f in p.findings if f.severity == s) for s in ("error", "warning", "info")
    }
    start_sheet(
        ws,
        "Review findings",
        subtitle,
        ", ".join(f"{n} {s}(s)" for s, n in counts.items())
        + " in the current plans and zone agreements, errors first. "
        "`planforge review FILE` gives each file's full report.",
    )
    columns = [
        Column("Severity", 10), Column("School or zone", 30, wrap=True),
        *[Column("State", 14)] * p.mixed,
        Column("Rule", 30), Column("Message", 90, wrap=True), Column("Line", 7, INTEGER),
        Column("Column", 8, INTEGER), Column("File", 52, printed=False),
    ]  # fmt: skip
    rows = [
        [f.severity, f.name, *[state_name(f.jurisdiction)] * p.mixed, f.code, f.message, f.line,
         f.column, f.path]
        for f in p.findings
    ]  # fmt: skip
    _table(ws, columns, rows, "C6")
    fonts = {"error": RED_BOLD, "warning": AMBER_BOLD}
    for r, finding in enumerate(p.findings, start=FIRST):
        put(ws, r, 1, finding.severity, font=fonts.get(finding.severity, BOLD))


# --- Waiver matrix -----------------------------------------------------------------------


def _matrix(ws: Worksheet, p: Portfolio, subtitle: str, posting_rows: dict[int, int]) -> None:
    schools = p.colorado_schools
    differ = sum(1 for r in p.matrix if r.differs)
    start_sheet(
        ws,
        f"{colorado_part(p, 'Waiver matrix')}: {len(p.matrix)} provisions, {len(schools)} schools",
        subtitle,
        "✓ = the school waives it; click a ✓ for the school's replacement policy (Posting "
        "sheet); hover over a row's Replacement policies cell to compare them. Amber: the "
        f"schools' replacement policies differ ({differ} rows).",
    )
    columns = [
        Column("Type", 14), Column("Citation", 22, wrap=True), Column("Title", 34, wrap=True),
        Column("Schools", 9, INTEGER), Column("Replacement policies", 18),
    ]  # fmt: skip
    columns += [Column(s.label, 4.5) for s in schools]
    header_row(ws, columns)
    ws.row_dimensions[HEADER_ROW].height = min(
        240.0, max([len(s.label) for s in schools] + [12]) * 5.8 + 12
    )
    for c in range(6, len(columns) + 1):
        ws.cell(row=HEADER_ROW, column=c).alignment = ROTATED
    for r, row in enumerate(p.matrix, start=FIRST):
        values: list[str | int] = [
            kind_label(row.kind),
            row.display,
            row.title,
            len(row.waivers),
            row.consistency,
        ]
        fill = AMBER_FILL if row.differs else None
        for c, (column, value) in enumerate(zip(columns, values, strict=False), start=1):
            put(ws, r, c, value, column.fmt, align=WRAP if column.wrap else TOP, fill=fill)
        ws.cell(row=r, column=5).comment = _versions_comment(row)
        fit_height(ws, r, [(row.title, 34), (row.display, 22)])
        for c, school in enumerate(schools, start=6):
            waiver = row.waivers.get(school.path)
            if waiver is not None:  # empty cells are not written: a conditional format boxes them
                cell = put(ws, r, c, "✓", align=CENTRE, font=BOLD)
                _mark(cell, waiver, posting_rows.get(id(waiver)))
    finish_table(ws, columns, HEADER_ROW + len(p.matrix), "F6")
    ws.print_title_cols = "A:C"
    if schools and p.matrix:  # one rule boxes every school cell, filled or not
        cells = f"F{FIRST}:{get_column_letter(5 + len(schools))}{HEADER_ROW + len(p.matrix)}"
        ws.conditional_formatting.add(
            cells, Rule(type="expression", dxf=DifferentialStyle(border=BOX), formula=["TRUE"])
        )


def _mark(cell: Any, waiver: Waiver, posting_row: int | None) -> None:
    """A ✓ links to the school's row of the Posting sheet, where its replacement policy is."""
    if posting_row is not None:
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'Posting'!G{posting_row}")


COMMENT_SCHOOLS = 12
COMMENT_CHARS = 220


def _versions_comment(row: MatrixRow) -> Comment | None:
    """Every school's replacement policy for one provision, side by side, on hover (one
    comment per row: a comment per ✓ cost more time than the rest of the sheet)."""
    if len(row.waivers) < 2:
        return None
    lines = []
    for waiver in list(row.waivers.values())[:COMMENT_SCHOOLS]:
        policy = " ".join(waiver.policy_text.split())
        if len(policy) > COMMENT_CHARS:
            policy = policy[: COMMENT_CHARS - 1] + "…"
        lines.append(f"• {waiver.school}: {policy}")
    more = len(row.waivers) - COMMENT_SCHOOLS
    if more > 0:
        lines.append(f"… and {more} more schools: see the Posting sheet.")
    body = "\n".join(lines)
    return Comment(
        body, "planforge", width=460, height=min(600, 30 + 14 * (len(body) // 70 + len(lines)))
    )


# --- Overview -----------------------------------------------------------------------------


def _overview(
    ws: Worksheet,
    p: Portfolio,
    subtitle: str,
    schools_ws: Worksheet,
    kind_cols: tuple[int, int] | None,
) -> None:
    start_sheet(ws, p.title, subtitle, _overview_note(p))
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["D"].width = 16
    ws.column_dimensions["E"].width = 10
    _key_figures(ws, p)
    _verdict_chart(ws, p)
    if kind_cols is not None:
        _kind_chart(ws, p, schools_ws, kind_cols)
    wrap_note(ws, [44, 12, 2, 16, 10, 12, 12, 12, 12, 12])


def _overview_note(p: Portfolio) -> str:
    if p.colorado_only:
        sheets = "Schools, Renewals, Waiver matrix, Posting (the C.R.S. 22-44-305 list), Findings"
    elif p.colorado:
        sheets = (
            "Schools, Renewals, Waiver matrix (Colorado), Posting (Colorado, the C.R.S. "
            "22-44-305 list), Findings"
        )
    else:
        sheets = "Schools, Renewals, Findings"
    return (
        "Verdicts are planforge's review of each plan as written (READY: no errors), not the "
        f"board's decision. Sheets: {sheets}."
    )


def _key_figures(ws: Worksheet, p: Portfolio) -> None:
    current = p.current
    totals = p.waiver_totals()
    state = totals["state_statute"] + totals["state_rule"]
    waivers: list[tuple[str, int]] = [
        ("Waivers requested" + (" (Colorado plans)" if p.mixed else ""), len(p.posting)),
        ("   of state statutes and rules", state),
        ("   of district policy and union contract", len(p.posting) - state),
        (f"Waived provisions ({'Colorado ' if p.mixed else ''}matrix rows)", len(p.matrix)),
        ("   where replacement policies differ", sum(1 for r in p.matrix if r.differs)),
    ]
    figures: list[tuple[str, int]] = [
        ("Schools (current plans)", len(current)),
        ("Zone agreements", len(p.zones)),
        ("Students enrolled (as stated in the plans)", sum(s.enrollment or 0 for s in current)),
        *(waivers if p.colorado else []),
        (f"Reviews due in the next {WINDOW_MONTHS} months",
         sum(1 for r in p.renewals if r.state == DUE)),
        ("Reviews overdue", sum(1 for r in p.renewals if r.state == OVERDUE)),
        ("Findings: errors", sum(1 for f in p.findings if f.severity == "error")),
        ("Findings: warnings", sum(1 for f in p.findings if f.severity == "warning")),
        ("Plan files left out (earlier versions, copies)", len(p.schools) - len(current)),
    ]  # fmt: skip
    head = text(ws.cell(row=HEADER_ROW, column=1), "Key figures")
    head.font, head.fill = HEAD, HEAD_FILL
    ws.cell(row=HEADER_ROW, column=2).fill = HEAD_FILL
    for r, (label, value) in enumerate(figures, start=FIRST):
        put(ws, r, 1, label)
        put(ws, r, 2, value, INTEGER)


def _verdict_chart(ws: Worksheet, p: Portfolio) -> None:
    verdicts = list(p.verdicts().items())
    for c, name in ((4, "Verdict"), (5, "Plans")):
        cell = text(ws.cell(row=HEADER_ROW, column=c), name)
        cell.font, cell.fill = HEAD, HEAD_FILL
    for r, (verdict, n) in enumerate(verdicts, start=FIRST):
        put(ws, r, 4, verdict)
        put(ws, r, 5, n, INTEGER)
    last = HEADER_ROW + len(verdicts)
    chart = BarChart()
    chart.type = "col"
    chart.title = "Verdicts of the current plans"
    chart.y_axis.title = "Plans"
    chart.add_data(
        Reference(ws, min_col=5, min_row=HEADER_ROW, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=4, min_row=FIRST, max_row=last))
    series = chart.series[0]
    for index, (verdict, _) in enumerate(verdicts):
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = VERDICT_COLOURS.get(verdict, "757575")
        series.dPt.append(point)
    chart.legend = None
    _axes(chart)
    chart.height, chart.width = 7, 12
    ws.add_chart(chart, "G5")


def _kind_chart(
    ws: Worksheet, p: Portfolio, schools_ws: Worksheet, kind_cols: tuple[int, int]
) -> None:
    count = len(p.colorado_schools)  # the Schools sheet lists the Colorado plans first
    if not count:
        return
    last = HEADER_ROW + count
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 40
    chart.title = "Waivers by kind per Colorado school" if p.mixed else "Waivers by kind per school"
    data = Reference(
        schools_ws, min_col=kind_cols[0], max_col=kind_cols[1], min_row=HEADER_ROW, max_row=last
    )
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(schools_ws, min_col=1, min_row=FIRST, max_row=last))
    for series, kind in zip(chart.series, KINDS, strict=True):
        series.graphicalProperties.solidFill = KIND_COLOURS[kind]
        series.graphicalProperties.line.solidFill = KIND_COLOURS[kind]
    chart.x_axis.scaling.orientation = "maxMin"
    if chart.legend is not None:
        chart.legend.position = "b"
    _axes(chart)
    chart.height = math.ceil(max(7.5, 0.55 * count + 3))
    chart.width = 22
    ws.add_chart(chart, f"A{HEADER_ROW + 16}")


def _axes(chart: BarChart) -> None:
    """Show both axes (openpyxl 3.1 hides them unless told), whole numbers on the values."""
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.numFmt = "0"
    if chart.type == "bar":
        chart.y_axis.title = "Waivers"
