"""portfolio.html: the whole portfolio on one self-contained, printable page.

Inline CSS only: no scripts, no external fonts, images or style sheets, so the page can be
mailed, posted or printed as it is. Every value from a plan goes through :func:`esc`.
Charts are inline SVG bar charts.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from planforge import __version__
from planforge.authorizer.calendar import DUE, OVERDUE, UNKNOWN, WINDOW_MONTHS
from planforge.authorizer.cells import hours, iso, long_date, money, percent
from planforge.authorizer.model import (
    COLORADO,
    KINDS,
    LOCAL_LIST,
    STATE_LIST,
    MatrixRow,
    Portfolio,
    School,
    body_label,
    kind_label,
    state_name,
)
from planforge.authorizer.wording import (
    cadence_text,
    colorado_part,
    posting_title,
    renewal_note,
    schools_note,
    states,
)
from planforge.domain.labels import program_label

KIND_COLOURS = {
    "state_statute": "#1f4e79",
    "state_rule": "#5b9bd5",
    "district_policy": "#c55a11",
    "cba": "#7f6000",
}
VERDICT_COLOURS = {"READY": "#2e7d32", "NOT READY": "#c62828", "NOT REVIEWED": "#757575"}
MATRIX_CHUNK = 16
"""School columns per matrix table (a wider table would not fit a landscape page)."""
CHART_CHUNK = 30
"""Schools per waivers-by-kind chart (one chart per printed page at most)."""

CSS = """
@page { size: letter landscape; margin: 12mm 10mm; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "Liberation Sans", Arial, sans-serif; font-size: 9pt;
  color: #1a1a1a; margin: 0 auto; max-width: 1400px; padding: 12px; }
h1 { font-size: 18pt; margin: 0 0 2px; color: #1f3864; }
h2 { font-size: 13pt; color: #1f3864; border-bottom: 2px solid #1f3864; margin: 22px 0 6px;
  padding-bottom: 2px; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 12px 0 4px; break-after: avoid; }
p { margin: 3px 0 6px; }
.meta { color: #444; }
.note { color: #555; font-size: 8pt; }
nav a { margin-right: 12px; color: #1f3864; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0; }
.card { border: 1px solid #bfc9d9; border-radius: 4px; padding: 6px 10px; min-width: 120px;
  background: #f4f7fb; }
.card b { display: block; font-size: 15pt; color: #1f3864; }
.charts { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
.chart { break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; font-size: 8pt; }
table.schools { font-size: 7pt; }
table.posting td:nth-child(1) { width: 9%; } table.posting td:nth-child(2) { width: 13%; }
table.posting td:nth-child(3) { width: 20%; }
tr.school td { background: #dde5f0 !important; color: #1f3864; break-after: avoid; }
table.schools th { font-size: 6.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #c8cdd6; padding: 2px 4px; vertical-align: top; text-align: left; }
th { background: #1f3864; color: #fff; font-weight: 600; }
th.group { background: #2f5597; text-align: center; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.date, td.nw { white-space: nowrap; }
td.text { white-space: pre-wrap; min-width: 260px; }
tr:nth-child(even) td { background: #f6f8fb; }
.neg { color: #c00000; font-weight: 600; }
.v-ready { color: #2e7d32; font-weight: 600; }
.v-not-ready { color: #c62828; font-weight: 600; }
.v-not-reviewed { color: #555; font-weight: 600; }
.overdue { color: #c00000; font-weight: 600; }
.due { color: #9c5700; font-weight: 600; }
td.differs, tr.differs td.cite { background: #fff2cc !important; }
td.mark { text-align: center; font-weight: 700; color: #1f3864; }
th.school { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
  font-weight: 500; max-height: 160px; padding: 4px 1px; }
.sev-error { color: #c00000; font-weight: 600; }
.sev-warning { color: #9c5700; font-weight: 600; }
.muted td { color: #777; }
.legend span { display: inline-block; margin-right: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px;
  vertical-align: middle; }
.section { break-before: page; }
footer { margin-top: 18px; color: #666; font-size: 7.5pt; border-top: 1px solid #ccc;
  padding-top: 4px; }
@media print { nav { display: none; } body { max-width: none; padding: 0; } }
"""


def esc(value: object) -> str:
    """Any value as HTML text (quotes too, so it is safe inside attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


def to_html(p: Portfolio) -> str:
    """The whole page."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(p.title)} ({esc(p.today.isoformat())})</title>",
        f"<style>{CSS}</style></head><body>",
        _header(p),
        _summary(p),
        _charts(p),
        _renewals(p),
        _schools(p),
        _matrix(p) if p.colorado else "",
        _posting(p) if p.colorado else "",
        _findings(p),
        _footer(p),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _header(p: Portfolio) -> str:
    packs = "; ".join(p.packs) or "none"
    zones = ", ".join(z.name for z in p.zones)
    where = "" if p.colorado_only else f" · <b>{esc(states(p))}</b>"
    colorado = (
        '<a href="#matrix">Waiver matrix</a><a href="#posting">Waiver posting list</a>'
        if p.colorado
        else ""
    )
    return (
        f"<header><h1>{esc(p.title)}</h1>"
        f'<p class="meta">As of <b>{esc(long_date(p.today))}</b>{where} · reviewed with rule '
        f"packs <b>{esc(packs)}</b>{' · zones: ' + esc(zones) if zones else ''}</p>"
        '<nav><a href="#renewals">Renewal calendar</a><a href="#schools">Schools</a>'
        f'{colorado}<a href="#findings">Findings</a></nav></header>'
    )


def _summary(p: Portfolio) -> str:
    current = p.current
    enrolled = sum(s.enrollment or 0 for s in current)
    verdicts = p.verdicts()
    differs = sum(1 for r in p.matrix if r.differs)
    due = sum(1 for r in p.renewals if r.state == DUE)
    overdue = sum(1 for r in p.renewals if r.state == OVERDUE)
    cards = [
        (len(current), "schools", f"{len(p.zones)} zone agreement(s)"),
        (f"{enrolled:,}", "students enrolled", "as stated in the plans"),
        (verdicts.get("READY", 0), "READY", "for board recommendation"),
        (verdicts.get("NOT READY", 0), "NOT READY", "errors to resolve"),
        (len(p.posting), "Colorado waivers" if p.mixed else "waivers",
         f"in {len(p.matrix)} provisions"),
        (differs, "provisions", "with differing replacement policies"),
        (due, "reviews due", f"in the next {WINDOW_MONTHS} months"),
        (overdue, "overdue", "term ended, not renewed"),
    ]  # fmt: skip
    if not p.colorado:  # waivers are Colorado's
        del cards[4:6]
    if verdicts.get("NOT REVIEWED"):
        cards.insert(4, (verdicts["NOT REVIEWED"], "NOT REVIEWED", "file has errors"))
    body = "".join(
        f'<div class="card"><b>{esc(n)}</b>{esc(what)}<br><span class="note">{esc(sub)}</span>'
        "</div>"
        for n, what, sub in cards
    )
    superseded = [s for s in p.schools if not s.current]
    note = (
        f'<p class="note">{len(superseded)} further plan file(s) are earlier versions or copies '
        "of a listed school's plan; they are shown greyed at the end of the Schools table and "
        "left out of everything else.</p>"
        if superseded
        else ""
    )
    return f'<div class="cards">{body}</div>{note}'


def _charts(p: Portfolio) -> str:
    current = p.colorado_schools
    out = ['<h2 id="charts">At a glance</h2><div class="charts">']
    out.append(_verdict_chart(p.verdicts()))
    if not p.colorado:  # waivers are Colorado's
        return "".join(out) + "</div>"
    legend = "".join(
        f'<span><i class="swatch" style="background:{KIND_COLOURS[k]}"></i>{esc(kind_label(k))}'
        "</span>"
        for k in KINDS
    )
    for start in range(0, len(current), CHART_CHUNK):
        chunk = current[start : start + CHART_CHUNK]
        title = "Waivers by kind per Colorado school" if p.mixed else "Waivers by kind per school"
        if len(current) > CHART_CHUNK:
            title += f" ({start + 1}–{start + len(chunk)} of {len(current)})"
        out.append(
            f'<div class="chart"><h3>{esc(title)}</h3><div class="legend note">{legend}</div>'
            f"{_kind_chart(chunk)}</div>"
        )
    out.append("</div>")
    return "".join(out)


def _verdict_chart(verdicts: dict[str, int]) -> str:
    rows = list(verdicts.items())
    top = max([n for _, n in rows] + [1])
    width, label, bar_h = 420, 110, 22
    height = 10 + len(rows) * (bar_h + 8)
    bars = []
    for i, (verdict, n) in enumerate(rows):
        y = 6 + i * (bar_h + 8)
        w = (width - label - 40) * n / top
        colour = VERDICT_COLOURS.get(verdict, "#757575")
        bars.append(
            f'<text x="{label - 6}" y="{y + 15}" text-anchor="end" font-size="11">'
            f"{esc(verdict)}</text>"
            f'<rect x="{label}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>'
            f'<text x="{label + w + 5:.1f}" y="{y + 15}" font-size="11">{n}</text>'
        )
    return (
        '<div class="chart"><h3>Verdicts of the current plans</h3>'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Verdicts">{"".join(bars)}'
        "</svg></div>"
    )


def _kind_chart(schools: Sequence[School]) -> str:
    counts = [s.by_kind() for s in schools]
    top = max([sum(c.values()) for c in counts] + [1])
    width, label, bar_h, gap = 620, 250, 14, 5
    height = 8 + len(schools) * (bar_h + gap) + 16
    span = width - label - 40
    parts = []
    for i, (school, c) in enumerate(zip(schools, counts, strict=True)):
        y = 4 + i * (bar_h + gap)
        name = school.label if len(school.label) <= 40 else school.label[:39] + "…"
        parts.append(
            f'<text x="{label - 6}" y="{y + 11}" text-anchor="end" font-size="10">'
            f"{esc(name)}</text>"
        )
        x = float(label)
        for kind in KINDS:
            if c[kind]:
                w = span * c[kind] / top
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                    f'fill="{KIND_COLOURS[kind]}"><title>{esc(kind_label(kind))}: {c[kind]}'
                    "</title></rect>"
                )
                x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 11}" font-size="10">{sum(c.values())}</text>')
    axis_y = height - 12
    parts.append(
        f'<line x1="{label}" y1="{axis_y}" x2="{label + span}" y2="{axis_y}" stroke="#999"/>'
        f'<text x="{label}" y="{axis_y + 11}" font-size="9">0</text>'
        f'<text x="{label + span}" y="{axis_y + 11}" font-size="9" text-anchor="end">{top} '
        "waivers</text>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Waivers by kind per school">'
        f"{''.join(parts)}</svg>"
    )


def _table(head: str, rows: Iterable[str], css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f"<table{klass}><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _verdict_cell(verdict: str) -> str:
    css = "v-" + verdict.lower().replace(" ", "-")
    return f'<td class="{css}">{esc(verdict)}</td>'


def _num(value: str, negative: bool = False) -> str:
    return f'<td class="num{" neg" if negative else ""}">{esc(value)}</td>'


SHORT_KINDS = {"state_statute": "Statute", "state_rule": "Rule", "district_policy": "Policy",
               "cba": "CBA"}  # fmt: skip
SHORT_BODIES = {"administrators": "Admin.", "teachers": "Teachers", "sac": "SAC",
                "cbu_members": "CBU"}  # fmt: skip


def _schools(p: Portfolio) -> str:
    bodies, programs = p.bodies, p.programs
    packs = len({s.packs for s in p.schools}) > 1
    first = 7 + packs + p.mixed
    consent, waivers = colorado_part(p, "Consent"), colorado_part(p, "Waivers by kind")
    groups = (
        f'<tr><th colspan="{first}"></th><th colspan="3" class="group">Term and review</th>'
        + (f'<th colspan="{len(bodies)}" class="group">{consent}: yes of eligible</th>' if bodies else "")
        + (f'<th colspan="{len(programs)}" class="group">Hour margin</th>' if programs else "")
        + '<th colspan="4" class="group">Proposed budget</th>'
        + (f'<th colspan="{len(KINDS) + 1}" class="group">{waivers}</th>' if p.colorado else "")
        + "</tr>"
    )  # fmt: skip
    names = ["School", *["State"] * p.mixed, "Zone", "Grades", "Enrolled", "Verdict", "Errors"]
    names += ["Warn-ings"] + ["Packs"] * packs + ["Term", "Next review", "Status"]
    names += [SHORT_BODIES.get(b, body_label(b)) for b in bodies]
    names += [program_label(x) for x in programs]
    names += ["Revenue", "Expenses", "Balance", "Per pupil"]
    if p.colorado:
        names += [SHORT_KINDS.get(k, kind_label(k)) for k in KINDS] + ["Total"]
    head = groups + "<tr>" + "".join(f"<th>{esc(n)}</th>" for n in names) + "</tr>"
    rows = [_school_row(p, s, packs) for s in p.schools]
    if p.colorado_only:
        note = (
            "One row per plan. Consent: the share of <i>all eligible</i> "
            "members voting yes (red: not a majority). Hour margin: annual instructional hours "
            "minus the state minimum, for the tightest grade band of each program (red: short). "
            f"Next review: {esc(_cadence_text(p))} from the term's start, at the latest when the "
            "term ends (C.R.S. 22-32.5-110). Waivers by kind: state statute, state rule, district "
            "policy, union contract (CBA)."
        )
    else:
        note = esc(schools_note(p)).replace("all eligible", "<i>all eligible</i>")
    return f'<h2 id="schools" class="section">Schools</h2><p class="note">{note}</p>' + _table(
        head, rows, "schools"
    )


def _cadence_text(p: Portfolio) -> str:
    return cadence_text(s.schedule.cadence for s in p.current)


def _school_row(p: Portfolio, s: School, packs: bool) -> str:
    sched = s.schedule
    note = f'<br><span class="note">{esc(s.note)}</span>' if s.note else ""
    cells = [
        f"<td>{esc(s.label)}{note}</td>",
        *[f'<td class="nw">{esc(state_name(s.jurisdiction))}</td>'] * p.mixed,
        f"<td>{esc(s.zone or '—')}</td>",
        f"<td>{esc(s.grades)}</td>",
        _num(f"{s.enrollment:,}" if s.enrollment is not None else "—"),
        _verdict_cell(s.verdict),
        _num(str(s.errors), s.errors > 0),
        _num(str(s.warnings)),
    ]
    cells += [f"<td>{esc(s.packs)}</td>"] * packs
    cells += [
        f'<td class="date">{esc(iso(sched.start))}<br>{esc(iso(sched.end))}</td>',
        f'<td class="date">{esc(iso(sched.next_review) if s.current else "—")}</td>',
        _state_cell(sched.state, sched.days_left, s.current),
    ]
    cells += [_num(percent(s.consent.get(b)), _short(s.consent.get(b))) for b in p.bodies]
    cells += [_num(hours(s.margins.get(x)), (s.margins.get(x) or 0) < 0) for x in p.programs]
    balance = s.balance
    cells += [
        _num(money(s.revenue)),
        _num(money(s.expenses)),
        _num(money(balance), balance is not None and balance < 0),
        _num(money(s.per_pupil)),
    ]
    kinds = s.by_kind()
    if p.colorado and s.jurisdiction != COLORADO:  # another state's plan has no waivers
        cells += [_num("—")] * (len(KINDS) + 1)
    elif p.colorado:
        cells += [_num(str(kinds[k])) for k in KINDS] + [_num(str(sum(kinds.values())))]
    css = "" if s.current else ' class="muted"'
    return f"<tr{css}>{''.join(cells)}</tr>"


def _short(share: float | None) -> bool:
    return share is not None and share <= 0.5


def _state_cell(state: str, days: int | None, current: bool = True) -> str:
    if not current:
        return "<td>—</td>"
    if state == OVERDUE:
        return f'<td class="overdue nw">{-(days or 0):,} days overdue</td>'
    if state == DUE:
        return f'<td class="due nw">due in {days:,} days</td>'
    if state == UNKNOWN:
        return "<td>no readable term</td>"
    return f"<td>in {days:,} days</td>"


def _renewals(p: Portfolio) -> str:
    head = "<tr>" + "".join(
        f"<th>{n}</th>"
        for n in ("Due", "Event", "Status", "School or zone", *["State"] * p.mixed, "What",
                  "Zone", "Term ends", "Verdict", "File")
    ) + "</tr>"  # fmt: skip
    rows = [
        "<tr>"
        f'<td class="date">{esc(iso(r.due))}</td><td>{esc(r.event)}</td>'
        f"{_state_cell(r.state, r.days_left)}<td>{esc(r.name)}</td>"
        + _state_name_cell(p, r.jurisdiction)
        + f"<td>{esc(r.what)}</td><td>{esc(r.zone or '—')}</td>"
        f'<td class="date">{esc(iso(r.term_end))}</td>'
        f"{_verdict_cell(r.verdict)}<td>{esc(r.path)}</td></tr>"
        for r in p.renewals
    ]
    window = f"between {iso(p.today)} and {iso(p.window_end)}"
    intro = (
        f'<p class="note">Plans and zone agreements whose term ends or whose review '
        f"(C.R.S. 22-32.5-110) is due between {esc(iso(p.today))} and "
        f"{esc(iso(p.window_end))}, and any already overdue.</p>"
        if p.colorado_only
        else f'<p class="note">{esc(renewal_note(p, window))}</p>'
    )
    table = _table(head, rows) if rows else "<p>Nothing is due in this window.</p>"
    return f'<h2 id="renewals">Renewal calendar</h2>{intro}{table}'


def _state_name_cell(p: Portfolio, jurisdiction: str) -> str:
    """The row's state, in a portfolio of several states (else nothing)."""
    return f'<td class="nw">{esc(state_name(jurisdiction))}</td>' if p.mixed else ""


def _matrix(p: Portfolio) -> str:
    current = p.colorado_schools
    intro = (
        '<p class="note">One row per waived provision (citations normalised, so '
        "“CRS 22-32-109 (1)(f)” and “C.R.S. 22-32-109(1)(f)” are one row); ✓ marks each "
        'school that waives it. <span style="background:#fff2cc">Shaded</span> rows: the '
        "schools' replacement policies differ; compare them in the posting list.</p>"
    )
    tables = []
    for start in range(0, max(len(current), 1), MATRIX_CHUNK):
        chunk = current[start : start + MATRIX_CHUNK]
        if len(current) > MATRIX_CHUNK:
            tables.append(f"<h3>Schools {start + 1}–{start + len(chunk)} of {len(current)}</h3>")
        head = (
            "<tr><th>Type</th><th>Citation</th><th>Title</th><th class=num>Schools</th>"
            "<th>Replacement policies</th>"
            + "".join(f'<th class="school">{esc(s.label)}</th>' for s in chunk)
            + "</tr>"
        )
        tables.append(_table(head, (_matrix_row(r, chunk) for r in p.matrix)))
    title = esc(colorado_part(p, "Waiver matrix"))
    return f'<h2 id="matrix" class="section">{title}</h2>{intro}{"".join(tables)}'


def _matrix_row(row: MatrixRow, schools: Sequence[School]) -> str:
    css = ' class="differs"' if row.differs else ""
    marks = "".join(
        f'<td class="mark" title="{esc(row.waivers[s.path].policy_text)}">✓</td>'
        if s.path in row.waivers
        else "<td></td>"
        for s in schools
    )
    return (
        f'<tr{css}><td>{esc(kind_label(row.kind))}</td><td class="cite">{esc(row.display)}</td>'
        f"<td>{esc(row.title)}</td>{_num(str(len(row.waivers)))}"
        f'<td class="{"differs" if row.differs else ""}">{esc(row.consistency)}</td>{marks}</tr>'
    )


def _posting(p: Portfolio) -> str:
    plans = "current Colorado plans" if p.mixed else "current plans"
    out = [
        f'<h2 id="posting" class="section">{esc(posting_title(p))}</h2>',
        f'<p class="note">Every waiver in the {plans}, by school, with its replacement '
        "policy. Waivers granted to innovation schools and to schools in innovation zones are "
        "listed separately from the district's other waivers (22-44-305(1)(c)): state "
        "statutes and rules first, then district policy and union contract. The same list is "
        "in <b>waivers-posting.csv</b> for the district's web page; post only the waivers the "
        "boards have granted.</p>",
    ]
    head = "<tr>" + "".join(
        f"<th>{n}</th>" for n in ("Type", "Citation", "Title", "Replacement policy")
    ) + "</tr>"  # fmt: skip
    for section in (STATE_LIST, LOCAL_LIST):
        waivers = [w for w in p.posting if w.posting_list == section]
        rows, plan = [], None
        for w in waivers:
            if w.plan != plan:
                plan = w.plan
                zone = f" · {esc(w.zone)}" if w.zone else ""
                term = f" · plan term {esc(iso(w.term_start))} to {esc(iso(w.term_end))}"
                rows.append(
                    f'<tr class="school"><td colspan="4"><b>{esc(w.school)}</b>{zone}{term}</td></tr>'
                )
            rows.append(
                f"<tr><td>{esc(kind_label(w.kind))}</td><td>{esc(w.display)}</td>"
                f'<td>{esc(w.title)}</td><td class="text">{esc(w.policy_text)}</td></tr>'
            )
        out.append(f"<h3>{esc(section)} ({len(waivers)})</h3>")
        out.append(_table(head, rows, "posting") if rows else "<p>None.</p>")
    return "".join(out)


def _findings(p: Portfolio) -> str:
    counts = {sev: sum(1 for f in p.findings if f.severity == sev) for sev in
              ("error", "warning", "info")}  # fmt: skip
    head = "<tr>" + "".join(
        f"<th>{n}</th>" for n in ("Severity", "School or zone", *["State"] * p.mixed, "Rule",
                                  "Message", "Line", "File")
    ) + "</tr>"  # fmt: skip
    rows = [
        f'<tr><td class="sev-{esc(f.severity)}">{esc(f.severity)}</td><td>{esc(f.name)}</td>'
        f"{_state_name_cell(p, f.jurisdiction)}<td>{esc(f.code)}</td><td>{esc(f.message)}</td>{_num(str(f.line or ''))}"
        f"<td>{esc(f.path)}</td></tr>"
        for f in p.findings
    ]
    summary = ", ".join(f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in counts.items())
    table = _table(head, rows) if rows else "<p>No findings.</p>"
    return (
        f'<h2 id="findings" class="section">Findings</h2><p class="note">{esc(summary)}, '
        "errors first. Each line points at the plan file; "
        "<code>planforge review FILE</code> gives the full report.</p>" + table
    )


def _footer(p: Portfolio) -> str:
    return (
        f"<footer>Generated by planforge {esc(__version__)} on {esc(iso(p.today))} from "
        f"{len(p.schools)} plan file(s) and {len(p.zones)} zone agreement(s). Figures are "
        "computed from the plans as written; verdicts are planforge's review, not the "
        "board's decision.</footer>"
    )
