"""The portfolio speaks the law of the files in it (each file's `jurisdiction:`).

A Massachusetts-only portfolio prints nothing of Colorado's (no C.R.S., no waiver matrix, no
C.R.S. 22-44-305 posting list, no SAC or CBU votes) in either of its two files, and writes no
`waivers-posting.csv` (Colorado's list, with Colorado's header); a Colorado-only
portfolio is exactly what it was before Massachusetts files existed (golden files: set
PLANFORGE_UPDATE_GOLDEN=1 to write them again after a deliberate change); a portfolio of both
keeps the Colorado parts, labelled as Colorado's, and shows each row's state.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import planforge
from planforge import __version__
from planforge.authorizer import CSV, Portfolio, documents, has_posting, write_portfolio

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"
TODAY = date(2028, 1, 15)
COLORADO_EXAMPLES = ("confluence-zone", "standalone", "draft", "renewal")
COLORADO_TERMS = {
    "C.R.S.": re.compile(r"C\.R\.S"),
    "CRS": re.compile(r"\bCRS\b"),
    "Colorado": re.compile(r"colorado", re.IGNORECASE),
    "CDE": re.compile(r"\bCDE\b"),
    "SAC": re.compile(r"\bSAC\b"),
    "CBU": re.compile(r"\bCBU\b"),
    "State Board": re.compile(r"state board", re.IGNORECASE),
    "22-32.5": re.compile(r"22-32\.5"),
    "22-44-305": re.compile(r"22-44-305"),
}
MA_SCHOOLS = (
    "Tern Harbor Elementary School",
    "Brightwater Academy",
    "Canal Street Middle School",
    "Mill River Preparatory Middle School",
)
MA_ZONE = "Harlow Falls Empowerment Zone Partnership"


def _portfolio(folder: Path, names: dict[str, Path]) -> Portfolio:
    """The portfolio of copies of `names` (target: source) under `folder`/plans, built from
    inside `folder` so that every path it prints is relative (plans/...)."""
    for target, source in names.items():
        shutil.copytree(source, folder / "plans" / target)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        return planforge.portfolio("plans", today=TODAY)


@pytest.fixture(scope="module")
def massachusetts(tmp_path_factory: pytest.TempPathFactory) -> Portfolio:
    folder = tmp_path_factory.mktemp("ma")
    return _portfolio(folder, {"massachusetts": EXAMPLES / "massachusetts"})


@pytest.fixture(scope="module")
def ma_files(massachusetts: Portfolio) -> dict[str, bytes]:
    return dict(documents(massachusetts))


@pytest.fixture(scope="module")
def colorado(tmp_path_factory: pytest.TempPathFactory) -> Portfolio:
    folder = tmp_path_factory.mktemp("co")
    return _portfolio(folder, {name: EXAMPLES / name for name in COLORADO_EXAMPLES})


@pytest.fixture(scope="module")
def mixed() -> Portfolio:
    return planforge.portfolio(EXAMPLES, today=TODAY)


@pytest.fixture(scope="module")
def mixed_files(mixed: Portfolio) -> dict[str, bytes]:
    return dict(documents(mixed))


def _parts(files: dict[str, bytes]) -> Iterator[tuple[str, str]]:
    """(name, text) of the page, the CSV (when written) and every part of the workbook's zip."""
    yield "portfolio.html", files["portfolio.html"].decode("utf-8")
    if CSV in files:
        yield CSV, files[CSV].decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(files["portfolio.xlsx"])) as z:
        for name in z.namelist():
            yield f"portfolio.xlsx:{name}", z.read(name).decode("utf-8")


def normalise(text: str) -> str:
    """Output text without the version that wrote it."""
    return text.replace(f"planforge {__version__}", "planforge VERSION")


def workbook_text(data: bytes) -> str:
    """Every sheet's name, panes, filter, page header and footer and non-empty cells, and every
    chart's titles: the workbook as text (its zip's timestamps left out)."""
    wb = load_workbook(io.BytesIO(data))
    out = []
    for ws in wb.worksheets:
        head, foot = ws.oddHeader, ws.oddFooter
        assert head is not None
        assert foot is not None
        out.append(f"== {ws.title} | freeze {ws.freeze_panes} | filter {ws.auto_filter.ref}")
        out.append(
            f"header {head.left.text} | {head.right.text} ; footer {foot.left.text} | "
            f"{foot.right.text}"
        )
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    out.append(f"{c.coordinate}\t{c.value!r}")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in sorted(n for n in z.namelist() if n.startswith("xl/charts/")):
            titles = re.findall(r"<a:t>(.*?)</a:t>", z.read(name).decode())
            out.append(f"== {name}: " + " / ".join(titles))
    return normalise("\n".join(out) + "\n")


def _golden(name: str, text: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("PLANFORGE_UPDATE_GOLDEN") == "1" or not golden.exists():
        golden.write_text(text, encoding="utf-8", newline="")
    expected = golden.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert text == expected, f"differs from {golden}"


def _rows(ws: Any, header_row: int = 5) -> list[dict[str, Any]]:
    headers = [c.value for c in ws[header_row]]
    return [
        dict(zip(headers, [c.value for c in row], strict=True))
        for row in ws.iter_rows(min_row=header_row + 1)
        if any(c.value is not None for c in row)
    ]


# --- Massachusetts only ----------------------------------------------------------------------


def test_massachusetts_portfolio_knows_its_state(massachusetts: Portfolio) -> None:
    assert massachusetts.jurisdictions == ["MA"]
    assert (massachusetts.colorado, massachusetts.mixed) == (False, False)
    assert {s.name for s in massachusetts.current} == set(MA_SCHOOLS)
    assert [z.name for z in massachusetts.zones] == [MA_ZONE]
    assert massachusetts.title == "Autonomous schools portfolio: Harlow Falls Public Schools"
    assert massachusetts.posting == []
    assert massachusetts.matrix == []
    assert massachusetts.bodies == []
    shape = massachusetts.as_dict()
    assert shape["jurisdictions"] == ["MA"]
    assert {s["jurisdiction"] for s in shape["schools"]} == {"MA"}


def test_massachusetts_portfolio_prints_nothing_of_colorado(ma_files: dict[str, bytes]) -> None:
    scanned = 0
    for name, text in _parts(ma_files):
        scanned += 1
        for term, pattern in COLORADO_TERMS.items():
            found = pattern.search(text)
            assert found is None, (
                f"{name}: {term!r} in …{text[found.start() - 60 : found.end() + 60]}…"
            )
    assert scanned > 10, "every part of the workbook was read"


def test_massachusetts_portfolio_has_its_schools_and_zone(
    massachusetts: Portfolio, ma_files: dict[str, bytes]
) -> None:
    page = ma_files["portfolio.html"].decode("utf-8")
    for name in (*MA_SCHOOLS, MA_ZONE):
        assert name in page
    assert "<h1>Autonomous schools portfolio: Harlow Falls Public Schools</h1>" in page
    assert "M.G.L. c.71 §92(m)" in page
    assert "School Operational Plan" in page
    for gone in ('id="matrix"', 'id="posting"', 'href="#matrix"', "Waivers by kind", "waivers"):
        assert gone not in page, gone
    wb = load_workbook(io.BytesIO(ma_files["portfolio.xlsx"]))
    assert wb.sheetnames == ["Overview", "Schools", "Renewals", "Findings"]
    schools = _rows(wb["Schools"])
    assert sorted(r["School"] for r in schools) == sorted(MA_SCHOOLS)
    assert "State statute" not in schools[0], "no waiver columns"
    assert len(wb["Overview"]._charts) == 1, "the verdicts; no waivers chart"
    renewals = _rows(wb["Renewals"])
    assert {r["What"] for r in renewals} == {"Operational plan"}
    assert sorted(ma_files) == ["portfolio.html", "portfolio.xlsx"], "no Colorado posting list"


def test_massachusetts_portfolio_writes_no_posting_csv(
    massachusetts: Portfolio, tmp_path: Path
) -> None:
    """The posting list is Colorado's (C.R.S. 22-44-305, a Colorado header): a portfolio of
    Massachusetts files only does not write one, not even a header-only file."""
    assert not has_posting(massachusetts)
    written = write_portfolio(massachusetts, tmp_path / "out")
    assert sorted(p.name for p in written) == ["portfolio.html", "portfolio.xlsx"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "portfolio.html",
        "portfolio.xlsx",
    ]
    assert [name for name, _ in massachusetts.documents()] == ["portfolio.xlsx", "portfolio.html"]


def test_a_colorado_waiver_in_a_massachusetts_plan_is_not_posted(tmp_path: Path) -> None:
    """The ma pack reports it (ma.plan.colorado-items); the portfolio does not post it."""
    plan = (EXAMPLES / "massachusetts" / "innovation-school" / "plan.yaml").read_text("utf-8")
    waiver = (
        "waivers:\n"
        "  - id: w-calendar\n"
        "    kind: state_statute\n"
        "    citation: C.R.S. 22-32-109(1)(n)(II)(B)\n"
        "    title: Adopt district calendar\n"
        "    levers: [schedule]\n"
        "    rationale: The school sets a longer day than the district calendar allows.\n"
        "    replacement_policy: The school publishes its own calendar by May 1 each year.\n"
        "    how_intent_is_met: Families know the calendar months before the year starts.\n"
    )
    assert plan.count("waivers: []\n") == 1
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "plan.yaml").write_text(plan.replace("waivers: []\n", waiver), encoding="utf-8")
    p = planforge.portfolio(folder, today=TODAY)
    assert any(f.code == "ma.plan.colorado-items" for f in p.findings)
    assert p.posting == []
    assert p.matrix == []
    assert p.current[0].waivers == []
    assert p.current[0].consent == {}
    wb = load_workbook(io.BytesIO(dict(documents(p))["portfolio.xlsx"]))
    assert "Posting" not in wb.sheetnames


# --- Colorado only: as before ----------------------------------------------------------------


def test_colorado_portfolio_is_unchanged(colorado: Portfolio) -> None:
    assert colorado.jurisdictions == ["CO"]
    assert colorado.title == "Innovation schools portfolio: Denver Public Schools"
    assert has_posting(colorado)
    files = dict(documents(colorado))
    assert sorted(files) == ["portfolio.html", "portfolio.xlsx", "waivers-posting.csv"]
    _golden("portfolio-colorado.html", normalise(files["portfolio.html"].decode("utf-8")))
    posting = files["waivers-posting.csv"].decode("utf-8")
    assert posting.startswith("\ufeff")
    assert posting.endswith("\r\n")
    _golden("portfolio-colorado.csv", posting.replace("\r\n", "\n"))  # as git may keep it
    _golden("portfolio-colorado-xlsx.txt", workbook_text(files["portfolio.xlsx"]))


# --- Colorado and Massachusetts ----------------------------------------------------------------


def test_mixed_portfolio_labels_the_colorado_parts(
    mixed: Portfolio, mixed_files: dict[str, bytes]
) -> None:
    assert mixed.jurisdictions == ["CO", "MA"]
    assert mixed.mixed
    assert mixed.colorado
    assert mixed.title == "Autonomous schools portfolio: Denver Public Schools"
    assert has_posting(mixed)
    rows = list(csv.reader(io.StringIO(mixed_files[CSV].decode("utf-8-sig"))))
    assert rows[0][0] == "List"
    assert len(rows) == len(mixed.posting) + 1, "the Colorado plans' waivers"
    page = mixed_files["portfolio.html"].decode("utf-8")
    assert "Colorado and Massachusetts" in page
    assert ">Waiver matrix (Colorado)</h2>" in page
    assert ">Waiver posting list (Colorado, C.R.S. 22-44-305)</h2>" in page
    assert "Consent (Colorado): yes of eligible" in page
    assert "Waivers by kind per Colorado school" in page
    renewals = page.split('id="renewals"')[1].split("</p>")[0]
    for basis in ("C.R.S. 22-32.5-110", "M.G.L. c.71 §92(m)", "School Operational Plan"):
        assert basis in renewals, basis
    wb = load_workbook(io.BytesIO(mixed_files["portfolio.xlsx"]))
    assert wb["Posting"]["A1"].value == "Waiver posting list (Colorado, C.R.S. 22-44-305)"
    assert str(wb["Waiver matrix"]["A1"].value).startswith("Waiver matrix (Colorado): ")
    assert "Posting (Colorado, the C.R.S. 22-44-305 list)" in str(wb["Overview"]["A3"].value)


def test_mixed_portfolio_shows_each_rows_state(
    mixed: Portfolio, mixed_files: dict[str, bytes]
) -> None:
    wb = load_workbook(io.BytesIO(mixed_files["portfolio.xlsx"]))
    schools = _rows(wb["Schools"])
    states = {s.path: s.jurisdiction for s in mixed.schools}
    assert [r["State"] for r in schools] == [
        {"CO": "Colorado", "MA": "Massachusetts"}[states[r["File"]]] for r in schools
    ]
    current = [r for r in schools if not r["Note"]]
    assert [r["State"] for r in current] == sorted(r["State"] for r in current), "Colorado first"
    for row in schools:
        if row["State"] == "Massachusetts":  # no Colorado vote or waiver counts
            assert row["Teachers"] is None
            assert row["SAC"] is None
            assert row["State statute"] is None
            assert row["Total waivers"] is None
        else:
            assert isinstance(row["Total waivers"], int)
    renewals = _rows(wb["Renewals"])
    assert {r["State"] for r in renewals} == {"Colorado", "Massachusetts"}
    assert all(r["State"] for r in _rows(wb["Findings"]))
    matrix = [c.value for c in wb["Waiver matrix"][5]][5:]
    assert matrix == [s.label for s in mixed.colorado_schools]
    assert not set(matrix) & set(MA_SCHOOLS)
    posted = {w.school for w in mixed.posting}
    assert posted
    assert not posted & set(MA_SCHOOLS)
