"""planforge.portfolio: the Portfolio value, the workbook, the page and the posting CSV.

The workbook is opened again with openpyxl and compared with the plans themselves; the
``pdf`` test converts it with LibreOffice Calc (skipped when LibreOffice or its Calc
component is missing, unless PLANFORGE_REQUIRE_PDF=1).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import planforge
from planforge.authorizer import Portfolio, documents
from planforge.authorizer.calendar import DUE, OVERDUE
from planforge.authorizer.model import LOCAL_LIST, STATE_LIST
from planforge.domain.catalog import normalize
from planforge.errors import ToolMissingError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
STANDALONE = EXAMPLES / "standalone" / "plan.yaml"
TODAY = date(2028, 1, 15)
INJECTION = '=HYPERLINK("http://x","click")'
SCRIPT = '<script>alert("x")</script>'


@pytest.fixture(scope="module")
def examples() -> Portfolio:
    return planforge.portfolio(EXAMPLES, today=TODAY)


@pytest.fixture(scope="module")
def files(examples: Portfolio) -> dict[str, bytes]:
    return dict(documents(examples))


def _plan(folder: Path, name: str, replace: dict[str, str] | None = None) -> Path:
    """A copy of the standalone example with another school name (and other edits)."""
    text = STANDALONE.read_text(encoding="utf-8")
    text = text.replace("  name: Bluebird Dual Language Academy", f"  name: '{name}'", 1)
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new, 1)
    target = folder / "plan.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def _plans_typed() -> dict[str, Any]:
    """Every example plan's data by path, as typed."""
    kinds = ("innovation_plan", "school_operational_plan")
    return {r.path: r.data for r in planforge.check(EXAMPLES) if r.kind in kinds}


# --- the Portfolio value -----------------------------------------------------------------


def test_every_school_is_present_once(examples: Portfolio) -> None:
    typed = _plans_typed()
    names = {data["school"]["name"] for data in typed.values()}
    assert {s.name for s in examples.current} == names
    assert len(examples.current) == len(names)
    assert len(examples.schools) == len(typed)
    platte = [s for s in examples.schools if s.name == "Platte Bend K-8 Academy"]
    assert sum(s.current for s in platte) == 1
    assert all(s.note for s in platte if not s.current)
    kept = next(s for s in platte if s.current)
    assert kept.schedule.start == date(2026, 7, 1)
    assert kept.zone == "Confluence Innovation Zone"


def test_posting_list_is_complete_against_the_plans(examples: Portfolio) -> None:
    typed = _plans_typed()
    expected = Counter(
        (path, w["kind"], w["citation"], w["replacement_policy"])
        for path, data in typed.items()
        if path in {s.path for s in examples.current}
        for w in data.get("waivers", [])  # a school operational plan has no waivers
        if w.get("status") != "dropped"
    )
    got = Counter((w.plan, w.kind, w.citation, w.replacement_policy) for w in examples.posting)
    assert got == expected
    lists = [w.posting_list for w in examples.posting]
    assert lists == sorted(lists, key=[STATE_LIST, LOCAL_LIST].index), "state waivers come first"
    assert all(w.citation != "C.R.S. 22-1-112" for w in examples.posting), "dropped is not posted"


def test_matrix_is_complete_against_the_plans(examples: Portfolio) -> None:
    cells = {(plan, row.kind, row.key) for row in examples.matrix for plan in row.waivers}
    expected = {(w.plan, w.kind, normalize(w.citation, w.kind)) for w in examples.posting}
    assert cells == expected
    keys = [(row.kind, row.key) for row in examples.matrix]
    assert len(keys) == len(set(keys)), "one row per provision"
    staff = next(r for r in examples.matrix if r.key == "22-32-109(1)(f)")
    assert len(staff.waivers) == 5
    assert staff.differs
    assert staff.consistency == "Differs (5 versions)"
    assert staff.display == "C.R.S. 22-32-109(1)(f)"


def test_figures_come_from_the_review_metrics(examples: Portfolio) -> None:
    draft = next(s for s in examples.current if s.name == "Sable Ridge High School")
    assert draft.verdict == "NOT READY"
    assert draft.errors > 0
    assert draft.margins["secondary"] < 0
    assert draft.consent["teachers"] == pytest.approx(21 / 46)
    bluebird = next(s for s in examples.current if s.name == "Bluebird Dual Language Academy")
    assert bluebird.enrollment == 356
    assert bluebird.revenue == 3455000
    assert bluebird.balance == pytest.approx(3455000 - 3447100)
    assert bluebird.by_kind() == {
        "state_statute": 5,
        "state_rule": 0,
        "district_policy": 2,
        "cba": 0,
    }
    # five Colorado plans, the Massachusetts innovation school and the empowerment zone's
    # three school operational plans are READY
    assert examples.verdicts() == {"READY": 9, "NOT READY": 1, "NOT REVIEWED": 0}


def _colorado(renewals: list[Any]) -> list[Any]:
    return [r for r in renewals if not r.path.startswith("examples/massachusetts/")]


def test_renewal_window_with_a_fixed_today() -> None:
    early = planforge.portfolio(EXAMPLES, today=date(2027, 12, 29))
    assert _colorado(early.renewals) == []
    due = planforge.portfolio(EXAMPLES, today=date(2027, 12, 30))
    names = {r.name for r in _colorado(due.renewals)}
    assert "Confluence Innovation Zone" in names
    assert "Bluebird Dual Language Academy" in names
    assert {r.state for r in _colorado(due.renewals)} == {DUE}
    assert all(r.due == date(2029, 6, 30) for r in _colorado(due.renewals))
    late = planforge.portfolio(EXAMPLES, today=date(2029, 7, 5))
    assert {r.state for r in late.renewals} == {OVERDUE}
    # every Colorado plan's three-year term has ended; the Massachusetts innovation school and
    # the empowerment zone run to 2031, and its operational plans are approved each year
    ma = [s for s in late.current if s.path.startswith("examples/massachusetts/")]
    ma_zones = [z for z in late.zones if z.path.startswith("examples/massachusetts/")]
    assert (len(ma), len(ma_zones)) == (4, 1)
    assert len(late.renewals) == len(late.current) + len(late.zones) - 1 - len(ma_zones)
    assert all(r.path != "examples/renewal/plan-2023.yaml" for r in late.renewals)


def test_an_operational_plan_is_due_again_at_the_end_of_its_school_year() -> None:
    """A school operational plan covers one school year: the next one is due by June 30."""
    before = planforge.portfolio(EXAMPLES, today=date(2026, 11, 30))
    sops = [r for r in before.renewals if r.path.endswith("operational-plan.yaml")]
    assert len(sops) == 3
    assert {(r.due, r.state) for r in sops} == {(date(2027, 6, 30), DUE)}
    after = planforge.portfolio(EXAMPLES, today=date(2027, 7, 1))
    sops = [r for r in after.renewals if r.path.endswith("operational-plan.yaml")]
    assert {r.state for r in sops} == {OVERDUE}


def test_portfolio_as_dict_is_json_ready(examples: Portfolio) -> None:
    import json

    shape = json.loads(json.dumps(examples.as_dict()))
    assert shape["today"] == TODAY.isoformat()
    assert len(shape["schools"]) == len(examples.schools)


# --- portfolio.xlsx ------------------------------------------------------------------------


def _rows(ws: Any, header_row: int = 5) -> list[dict[str, Any]]:
    headers = [c.value for c in ws[header_row]]
    return [
        dict(zip(headers, [c.value for c in row], strict=True))
        for row in ws.iter_rows(min_row=header_row + 1)
        if any(c.value is not None for c in row)
    ]


def test_workbook_sheets_and_schools(examples: Portfolio, files: dict[str, bytes]) -> None:
    wb = load_workbook(io.BytesIO(files["portfolio.xlsx"]))
    assert wb.sheetnames == [
        "Overview",
        "Schools",
        "Renewals",
        "Waiver matrix",
        "Posting",
        "Findings",
    ]
    ws = wb["Schools"]
    assert ws.freeze_panes == "B6"
    assert ws.auto_filter.ref
    assert ws.auto_filter.ref.startswith("A5:")
    rows = _rows(ws)
    assert [r["School"] for r in rows] == [s.label for s in examples.schools]
    first = rows[0]
    assert isinstance(first["Term start"], datetime)
    assert isinstance(first["Next review due"], datetime)
    assert isinstance(first["Revenue"], float | int)
    assert isinstance(first["Teachers"], float)
    headers = {c.value: c for c in ws[5]}
    column = headers["Revenue"].column
    assert "$" in ws.cell(row=6, column=column).number_format
    assert ws.cell(row=6, column=headers["Teachers"].column).number_format == "0.0%"
    assert ws.cell(row=6, column=headers["Term start"].column).number_format == "yyyy-mm-dd"
    assert len(wb["Overview"]._charts) == 2


def test_workbook_matrix_and_posting_match_the_portfolio(
    examples: Portfolio, files: dict[str, bytes]
) -> None:
    wb = load_workbook(io.BytesIO(files["portfolio.xlsx"]))
    matrix = wb["Waiver matrix"]
    schools = [c.value for c in matrix[5]][5:]
    assert schools == [s.label for s in examples.colorado_schools], "Colorado's plans only"
    marks = [(r, c) for r in matrix.iter_rows(min_row=6, min_col=6) for c in r if c.value == "✓"]
    assert len(marks) == sum(len(row.waivers) for row in examples.matrix)
    cell = marks[0][1]
    assert cell.hyperlink is not None
    assert cell.hyperlink.location.startswith("'Posting'!G")
    linked = wb["Posting"][cell.hyperlink.location.split("!")[1].replace("G", "B")]
    assert linked.value == matrix.cell(row=5, column=cell.column).value, "links to its school"
    staff = next(r for r in matrix.iter_rows(min_row=6) if r[1].value == "C.R.S. 22-32-109(1)(f)")
    assert staff[4].value == "Differs (5 versions)"
    assert staff[4].comment is not None
    assert "• Bluebird Dual Language Academy: A panel" in staff[4].comment.text
    posting = _rows(wb["Posting"])
    assert len(posting) == len(examples.posting)
    assert [(r["School"], r["Citation"]) for r in posting] == [
        (w.school, w.display) for w in examples.posting
    ]
    assert isinstance(posting[0]["Plan term ends"], datetime)
    assert len(_rows(wb["Findings"])) == len(examples.findings)
    assert len(_rows(wb["Renewals"])) == len(examples.renewals) == 10  # 3 operational plans


@pytest.mark.pdf
@pytest.mark.slow
def test_workbook_converts_to_pdf_with_libreoffice(files: dict[str, bytes], tmp_path: Path) -> None:
    soffice = _calc()
    source = tmp_path / "portfolio.xlsx"
    source.write_bytes(files["portfolio.xlsx"])
    profile = (tmp_path / "profile").as_uri()
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    pdf = tmp_path / "portfolio.pdf"
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert pdf.is_file(), proc.stdout + proc.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 6


def _calc() -> str:
    """soffice with the Calc component, or skip (fail with PLANFORGE_REQUIRE_PDF=1)."""
    from planforge.documents.pdf.convert import find_soffice

    try:
        soffice = str(find_soffice())
    except ToolMissingError:
        soffice = shutil.which("soffice") or ""
    program = Path(soffice).resolve().parent if soffice else None
    has_calc = program is not None and (
        any(program.glob("libsclo.*")) or any(program.glob("*calc*")) or os.name != "posix"
    )
    if soffice and has_calc:
        return soffice
    why = "LibreOffice is not installed" if not soffice else "LibreOffice Calc is not installed"
    if os.environ.get("PLANFORGE_REQUIRE_PDF") == "1":
        pytest.fail(f"PLANFORGE_REQUIRE_PDF=1 but {why} (Debian: libreoffice-calc-nogui)")
    pytest.skip(f"{why} (Debian: libreoffice-calc-nogui)")


# --- formula injection, escaping, the CSV -------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("hostile")
    _plan(folder / "a", INJECTION, {
        "      Bluebird teachers and the principal choose": "      +1 Bluebird teachers choose",
        "      When we decide whether a K-3": "      -2 When we decide whether a K-3",
        "      A panel of the principal, two": "      @SUM(A1) A panel of the principal, two",
    })  # fmt: skip
    _plan(folder / "b", SCRIPT)
    return dict(documents(planforge.portfolio(folder, today=TODAY)))


def test_csv_neutralises_formulas_and_keeps_the_value_visible(hostile: dict[str, bytes]) -> None:
    data = hostile["waivers-posting.csv"]
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["List", "School", "Zone"]
    assert b"\r\n" in data
    schools = {r[1] for r in rows[1:]}
    assert "'" + INJECTION in schools
    assert INJECTION not in schools
    policies = {r[7][:3] for r in rows[1:]}
    assert {"'+1", "'-2", "'@S"} <= policies
    for row in rows[1:]:
        for field in row:
            assert not field.startswith(("=", "+", "-", "@", "\t", "\r")), field


def test_xlsx_never_holds_a_formula(hostile: dict[str, bytes]) -> None:
    raw = hostile["portfolio.xlsx"]
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = z.read(name)
                assert b"<f>" not in xml, name
                assert b"<f " not in xml, name
    wb = load_workbook(io.BytesIO(raw))
    found = [
        c for ws in wb.worksheets for row in ws.iter_rows() for c in row
        if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))
    ]  # fmt: skip
    values = {c.value for c in found}
    assert INJECTION in values, "the value typed is still visible"
    assert any(v.startswith("+1 Bluebird") for v in values)
    for cell in found:
        assert cell.data_type == "s", (cell.coordinate, cell.value)
        assert cell.quotePrefix, (cell.coordinate, cell.value)


def test_html_escapes_every_value_and_is_self_contained(hostile: dict[str, bytes]) -> None:
    page = hostile["portfolio.html"].decode("utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;click&quot;)" in page
    for external in ("<link", " src=", "url(", "@import", "<img"):
        assert external not in page
    assert page.count("<svg") >= 2


def test_html_shows_every_school_and_the_sections(
    files: dict[str, bytes], examples: Portfolio
) -> None:
    page = files["portfolio.html"].decode("utf-8")
    for school in examples.current:
        assert school.name in page
    for heading in (
        "Schools",
        "Renewal calendar",
        "Waiver matrix",
        "Waiver posting list",
        "Findings",
    ):
        assert f">{heading}" in page
    assert TODAY.isoformat() in page
    assert "co (catalog" in page
