"""`planforge render` from the command line: every example, every document kind, refusals."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from planforge.cli import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(
    p
    for p in (ROOT / "examples").rglob("*.yaml")
    if p.name != "zone.yaml" and "kind: innovation_plan" in p.read_text(encoding="utf-8")
)
DRAFTS = {p for p in EXAMPLES if "draft" in p.parts}
FIXTURE = ROOT / "tests" / "data" / "render" / "plan.yaml"
SUFFIXES = (
    "-innovation-plan.docx",
    "-waiver-request.docx",
    "-budget-section.docx",
    "-budget.xlsx",
    "-review-memo.docx",
)
MA_SUFFIXES = ("-innovation-plan.docx", "-review-memo.docx")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _text(path: Path) -> str:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        return z.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize("example", EXAMPLES, ids=[str(p.relative_to(ROOT)) for p in EXAMPLES])
def test_every_example_renders_every_document(example: Path, tmp_path: Path) -> None:
    args = ["render", str(example), "-o", str(tmp_path)] + (
        ["--draft"] if example in DRAFTS else []
    )
    code, out = run(*args)
    assert code == 0, out
    written = sorted(p.name for p in tmp_path.iterdir())
    # Massachusetts plans have no Colorado waiver request or CDE budget section.
    expected = MA_SUFFIXES if "massachusetts" in example.parts else SUFFIXES
    assert len(written) == len(expected), out
    for suffix in expected:
        assert any(name.endswith(suffix) for name in written), written
    assert all(line.startswith("wrote ") for line in out.splitlines())


def test_zone_renders_each_member_plan(tmp_path: Path) -> None:
    zone = ROOT / "examples" / "confluence-zone" / "zone.yaml"
    code, out = run("render", str(zone), "-o", str(tmp_path), "--document", "plan")
    assert code == 0, out
    assert len(list(tmp_path.glob("*-innovation-plan.docx"))) == 4


def test_one_document_kind(tmp_path: Path) -> None:
    code, out = run("render", str(FIXTURE), "-o", str(tmp_path), "--document", "waivers")
    assert code == 0, out
    assert [p.name for p in tmp_path.iterdir()] == [
        "todo-the-school-s-full-name-waiver-request.docx"
    ]


def _broken(tmp_path: Path) -> Path:
    text = FIXTURE.read_text(encoding="utf-8")
    broken = text.replace("  why_innovation: |", "  why_not: |", 1)
    assert broken != text
    path = tmp_path / "plan.yaml"
    path.write_text(broken, encoding="utf-8")
    return path


def test_plan_with_errors_is_refused(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, out = run("render", str(_broken(tmp_path)), "-o", str(out_dir))
    assert code == 1
    assert "error [" in out
    assert "why_innovation" in out
    assert not out_dir.exists()


def test_draft_renders_with_placeholders(tmp_path: Path) -> None:
    code, out = run(
        "render",
        str(_broken(tmp_path)),
        "-o",
        str(tmp_path / "out"),
        "--draft",
        "--document",
        "plan",
    )
    assert code == 0, out
    body = _text(next((tmp_path / "out").glob("*.docx")))
    assert "[MISSING: mission.why_innovation]" in body
    assert "DRAFT" in body


def test_restyled_templates_folder(tmp_path: Path) -> None:
    from planforge.resources import templates_dir

    folder = tmp_path / "district"
    folder.mkdir()
    (folder / "review-memo.docx").write_bytes((templates_dir() / "review-memo.docx").read_bytes())
    code, out = run(
        "render",
        str(FIXTURE),
        "-o",
        str(tmp_path / "o"),
        "--templates",
        str(folder),
        "--document",
        "review",
    )
    assert code == 0, out
    code, out = run(
        "render",
        str(FIXTURE),
        "-o",
        str(tmp_path / "o"),
        "--templates",
        str(folder),
        "--document",
        "plan",
    )
    assert code == 3
    assert "innovation-plan.docx was not found" in out


def test_not_a_plan_is_a_usage_error(tmp_path: Path) -> None:
    code, _out = run("render", str(tmp_path / "nope.yaml"))
    assert code == 2


def test_the_budget_section_as_a_document_and_as_a_spreadsheet(tmp_path: Path) -> None:
    """CDE receives the budget section on its own, in Word (PDF) or Excel."""
    from openpyxl import load_workbook

    for kind, suffix in (("budget", "-budget-section.docx"), ("budget-sheet", "-budget.xlsx")):
        code, out = run("render", str(FIXTURE), "-o", str(tmp_path), "--document", kind)
        assert code == 0, out
        assert out == f"wrote {tmp_path / ('todo-the-school-s-full-name' + suffix)}\n"
    assert "Revenue by source" in _text(
        tmp_path / "todo-the-school-s-full-name-budget-section.docx"
    )
    book = load_workbook(tmp_path / "todo-the-school-s-full-name-budget.xlsx")
    assert book.sheetnames == ["Budget", "Staffing"]


def test_every_bundled_plan_is_rendered_above() -> None:
    assert len(EXAMPLES) == 9  # four zone members, stand-alone, draft, renewal pair, Massachusetts


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_missing_template_still_writes_the_other_documents(tmp_path: Path, jobs: str) -> None:
    from planforge.resources import templates_dir

    folder = tmp_path / "district"
    folder.mkdir()
    for name in ("innovation-plan.docx", "review-memo.docx"):
        (folder / name).write_bytes((templates_dir() / name).read_bytes())
    out = tmp_path / "o"
    code, text = run("render", str(FIXTURE), "-o", str(out), "--templates", str(folder), "-j", jobs)
    assert code == 3
    assert "waiver-request.docx was not found" in text
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 3  # the budget spreadsheet needs no template
    assert any(n.endswith("-innovation-plan.docx") for n in written)
    assert any(n.endswith("-budget.xlsx") for n in written)
    assert any(n.endswith("-review-memo.docx") for n in written)
    assert not any(n.endswith(("-waiver-request.docx", "-budget-section.docx")) for n in written)
    assert text.count("wrote ") == 3
