"""planforge.documents.pdf.convert: LibreOffice lookup, PDF checks, and real conversions (marked ``pdf``).

The ``pdf`` tests skip when LibreOffice is not installed, unless PLANFORGE_REQUIRE_PDF=1 (set by
CI), which turns the skip into a failure so CI really exercises LibreOffice.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from planforge.documents.pdf import convert as pdf
from planforge.errors import Severity, ToolMissingError

HEADINGS = [f"Section {i:02d} heading" for i in range(1, 61)]  # enough for a 2-page TOC


def _need(tool: str) -> None:
    if shutil.which(tool) or (tool == "soffice" and _has_soffice()):
        return
    if os.environ.get("PLANFORGE_REQUIRE_PDF") == "1":
        pytest.fail(f"PLANFORGE_REQUIRE_PDF=1 but {tool} is not installed")
    pytest.skip(f"{tool} is not installed (LibreOffice / poppler-utils needed for PDF tests)")


def _has_soffice() -> bool:
    try:
        pdf.find_soffice()
    except ToolMissingError:
        return False
    return True


def _add_toc(document: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = document.add_paragraph().add_run()
    parts = [("begin", None), (None, 'TOC \\o "1-3" \\h \\z \\u'), ("separate", None)]
    for char_type, instr in parts:
        el = OxmlElement("w:fldChar" if char_type else "w:instrText")
        if char_type:
            el.set(qn("w:fldCharType"), char_type)
        else:
            el.set(qn("xml:space"), "preserve")
            el.text = instr
        run._r.append(el)
    document.paragraphs[-1].add_run("Table of contents not yet updated.")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    document.paragraphs[-1].add_run()._r.append(end)


def make_docx(path: Path, headings: list[str], *, toc: bool = True) -> Path:
    """A document: title page (+ TOC), then one page per heading."""
    import docx

    document = docx.Document()
    document.add_paragraph("Innovation plan test document")
    if toc:
        _add_toc(document)
    for heading in headings:
        heading_paragraph = document.add_heading(heading, 1)
        heading_paragraph.paragraph_format.page_break_before = True
        document.add_paragraph("The school will use its autonomy wisely. " * 20)
    document.save(str(path))
    return path


def page_text(pdf_path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(
        ["pdftotext", "-layout", *pages, str(pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


# --- no LibreOffice needed ---------------------------------------------------------------


def _hide_soffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf, "SOFFICE_FALLBACKS", ("/nonexistent/soffice",))


def test_missing_soffice_raises_with_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    _hide_soffice(monkeypatch)
    with pytest.raises(ToolMissingError) as info:
        pdf.find_soffice()
    message = str(info.value)
    assert "LibreOffice is needed for --pdf" in message
    assert "sudo apt-get install libreoffice-writer-nogui" in message
    assert "the .docx files were still written" in message
    assert info.value.exit_code == 3


def test_convert_without_soffice_raises_before_doing_anything(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _hide_soffice(monkeypatch)
    with pytest.raises(ToolMissingError):
        pdf.convert_to_pdf([tmp_path / "a.docx"])


def test_find_soffice_prefers_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: f"/opt/bin/{name}")
    assert pdf.find_soffice() == "/opt/bin/soffice"


def test_check_pdf_rejects_missing_empty_and_non_pdf(tmp_path: Path) -> None:
    assert pdf.check_pdf(tmp_path / "none.pdf")[1] is not None
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert "no PDF" in (pdf.check_pdf(empty)[1] or "")
    html = tmp_path / "x.pdf"
    html.write_bytes(b"<html>")
    assert "not a PDF" in (pdf.check_pdf(html)[1] or "")


def test_count_pages_without_pdfinfo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    fake = tmp_path / "f.pdf"
    fake.write_bytes(b"%PDF-1.4\n<</Type /Pages /Count 2>>\n<</Type/Page>>\n<</Type /Page >>\n")
    assert pdf.count_pages(fake) == 2
    assert pdf.check_pdf(fake) == (2, None)


def test_input_problem_names_non_docx(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"this is not a zip")
    assert "not a Word .docx file" in (pdf.input_problem(bad) or "")
    assert "does not exist" in (pdf.input_problem(tmp_path / "gone.docx") or "")


def test_result_as_finding() -> None:
    failed = pdf.PdfResult(Path("a.docx"), None, error="timed out after 1 s")
    finding = failed.as_finding()
    assert finding is not None
    assert finding.severity is Severity.ERROR
    assert "timed out" in finding.message
    degraded = pdf.PdfResult(Path("a.docx"), Path("a.pdf"), 1, note="page numbers may be stale")
    assert degraded.ok
    assert (degraded.as_finding() or failed.as_finding()).severity is Severity.WARNING  # type: ignore[union-attr]
    assert pdf.PdfResult(Path("a.docx"), Path("a.pdf"), 1).as_finding() is None


# --- real LibreOffice ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def toc_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[pdf.PdfResult, Path]:
    _need("soffice")
    _need("pdftotext")
    folder = tmp_path_factory.mktemp("toc")
    source = make_docx(folder / "plan.docx", HEADINGS)
    [result] = pdf.convert_to_pdf([source], folder / "out")
    return result, folder


@pytest.mark.pdf
def test_conversion_has_expected_pages(toc_pdf: tuple[pdf.PdfResult, Path]) -> None:
    result, folder = toc_pdf
    assert result.ok, result.error
    assert result.note is None  # the warm UNO path, not the fallback
    assert result.pdf == folder / "out" / "plan.pdf"
    assert result.pdf.read_bytes().startswith(b"%PDF-")
    toc_pages = result.pages - len(HEADINGS)
    assert toc_pages >= 2  # title + a TOC that runs over a page: tests the second update pass
    assert result.pages == pdf.count_pages(result.pdf)


@pytest.mark.pdf
def test_toc_lists_headings_with_right_page_numbers(toc_pdf: tuple[pdf.PdfResult, Path]) -> None:
    result, _ = toc_pdf
    assert result.pdf is not None
    front = "".join(page_text(result.pdf, p) for p in range(1, result.pages - len(HEADINGS) + 1))
    assert "not yet updated" not in front
    for heading in HEADINGS:
        match = re.search(rf"{heading}\W*?(\d+)\s*$", front, re.MULTILINE)
        assert match, f"{heading} missing from the TOC"
        listed = int(match.group(1))
        assert heading in page_text(result.pdf, listed), f"{heading}: TOC says page {listed}"


@pytest.mark.pdf
def test_broken_input_fails_while_others_succeed(tmp_path: Path) -> None:
    _need("soffice")
    good = make_docx(tmp_path / "good.docx", ["One", "Two"])
    garbage = tmp_path / "garbage.docx"
    garbage.write_bytes(b"PK not really a zip")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for name in src.namelist():
            body = b"<w:document><unclosed" if name == "word/document.xml" else src.read(name)
            dst.writestr(name, body)
    also_good = make_docx(tmp_path / "also.docx", ["Three"], toc=False)
    results = pdf.convert_to_pdf([garbage, good, broken, also_good], tmp_path / "out")
    assert [r.ok for r in results] == [False, True, False, True]
    assert "not a Word .docx file" in (results[0].error or "")
    assert "could not load" in (results[2].error or "")
    assert results[1].pages == 3
    assert results[3].pages == 2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["also.pdf", "good.pdf"]


@pytest.mark.pdf
def test_timeout_reports_failure_without_hanging(tmp_path: Path) -> None:
    _need("soffice")
    docs = [make_docx(tmp_path / f"d{i}.docx", HEADINGS[:5]) for i in range(2)]
    start = time.monotonic()
    results = pdf.convert_to_pdf(docs, tmp_path / "out", timeout=0.001)
    assert time.monotonic() - start < 90
    assert all(not r.ok and "timed out" in (r.error or "") for r in results)
    assert list((tmp_path / "out").iterdir()) == []  # no PDF and no .part file left


@pytest.mark.pdf
def test_falls_back_to_convert_to_without_uno(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _need("soffice")
    monkeypatch.setenv("PLANFORGE_UNO_PYTHON", sys.executable)  # the venv: no `import uno`
    source = make_docx(tmp_path / "plan.docx", ["One"])
    [result] = pdf.convert_to_pdf([source])
    assert result.ok, result.error
    assert result.pdf == tmp_path / "plan.pdf"
    assert result.note
    assert "may not be refreshed" in result.note
    assert "uno" in result.note


@pytest.mark.pdf
def test_session_cleans_up_profile_and_processes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _need("soffice")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    source = make_docx(tmp_path / "plan.docx", ["One"])
    with pdf.PdfSession(timeout=0.001) as session:
        assert not session.convert(source, tmp_path / "slow.pdf").ok  # killed and restarted
        session.timeout = 120
        assert session.convert(source, tmp_path / "plan.pdf").ok
        pipes = [Path(p) for p in (session._office.socket_files() if session._office else [])]
    assert list(scratch.iterdir()) == []
    assert not any(p.exists() for p in pipes)


def test_pdf_tests_fail_instead_of_skipping_when_required(monkeypatch: pytest.MonkeyPatch) -> None:
    _hide_soffice(monkeypatch)
    monkeypatch.delenv("PLANFORGE_REQUIRE_PDF", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        _need("soffice")
    monkeypatch.setenv("PLANFORGE_REQUIRE_PDF", "1")
    with pytest.raises(pytest.fail.Exception, match="PLANFORGE_REQUIRE_PDF=1"):
        _need("soffice")
