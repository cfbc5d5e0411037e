"""LibreOffice that crashes, never starts, exits at once, or is left behind by a killed run.

Fake offices (``_fake_office.py``) make these fast; one test kills a real LibreOffice mid-batch
(marked ``pdf``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from _fake_office import gone, install, kill, office_pids, tiny_docx

from planforge.documents.pdf import convert as pdf
from planforge.documents.pdf import leftovers


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private temporary folder, so sessions here and elsewhere do not see each other."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def docs(folder: Path, count: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    return [tiny_docx(folder / f"d{i}.docx") for i in range(count)]


# --------------------------------------------------------------------------- crash mid-batch


def test_office_crash_mid_batch_is_restarted_and_the_document_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scratch: Path
) -> None:
    state = install(tmp_path, monkeypatch, crash_after=2)
    results = pdf.convert_to_pdf(docs(tmp_path / "in", 6), tmp_path / "out")
    assert [r.error for r in results] == [None] * 6
    assert all(r.ok for r in results)
    first, second = office_pids(state)  # one restart, no more
    assert gone(first)
    assert gone(second)  # the session stopped its office at the end
    assert list(scratch.glob("planforge-pdf-*")) == []


def test_an_office_that_keeps_crashing_is_given_up_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scratch: Path
) -> None:
    state = install(tmp_path, monkeypatch, crash_after=1, crash_always=True)
    seen: list[pdf.PdfResult] = []
    with pytest.raises(pdf.OfficeUnavailable) as info:
        pdf.convert_to_pdf(docs(tmp_path / "in", 10), tmp_path / "out", on_result=seen.append)
    assert "in a row" in str(info.value)
    assert info.value.exit_code == 3
    assert seen[0].ok
    assert [r.ok for r in seen[1:]] == [False] * pdf.MAX_LOST_IN_A_ROW
    assert "twice" in (seen[1].error or "")
    assert len(office_pids(state)) == 2 * pdf.MAX_LOST_IN_A_ROW  # not two per document
    assert all(gone(pid) for pid in office_pids(state))


# --------------------------------------------------------------------------- start-up


def test_an_office_that_never_answers_is_reported_once_and_quickly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scratch: Path
) -> None:
    state = install(tmp_path, monkeypatch, uno="silent")
    start = time.monotonic()
    seen: list[pdf.PdfResult] = []
    with pytest.raises(pdf.OfficeUnavailable) as info:
        pdf.convert_to_pdf(
            docs(tmp_path / "in", 3), tmp_path / "out", startup_timeout=1, on_result=seen.append
        )
    assert time.monotonic() - start < 10
    message = str(info.value)
    assert message.startswith("LibreOffice did not start")
    assert "within 1 s" in message
    assert "PLANFORGE_PDF_START_TIMEOUT" in message
    assert seen == []  # no per-document "timed out" messages
    [office] = office_pids(state)  # started once, no cold fallback per document
    assert gone(office)
    assert list(scratch.glob("planforge-pdf-*")) == []


def test_an_office_that_exits_at_start_is_reported_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scratch: Path
) -> None:
    install(tmp_path, monkeypatch, soffice="exit", uno="silent")
    start = time.monotonic()
    with pytest.raises(pdf.OfficeUnavailable, match=r"exited during start-up \(exit code 1\)"):
        pdf.convert_to_pdf(docs(tmp_path / "in", 2), tmp_path / "out", startup_timeout=60)
    assert time.monotonic() - start < 10  # not the 60 s start-up limit


def test_start_timeout_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANFORGE_PDF_START_TIMEOUT", "7.5")
    assert pdf.start_timeout() == 7.5
    monkeypatch.setenv("PLANFORGE_PDF_START_TIMEOUT", "soon")
    assert pdf.start_timeout() == pdf.START_TIMEOUT


def test_without_uno_it_still_falls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scratch: Path
) -> None:
    install(tmp_path, monkeypatch, uno="fatal")
    with pdf.PdfSession(startup_timeout=5) as session:
        assert session._ensure_office() is None
        assert session.fallback_reason == "cannot import uno (fake)"


# --------------------------------------------------------------------------- a killed run


_KILLED_RUN = """
import sys
from planforge.documents.pdf.convert import PdfSession
session = PdfSession(startup_timeout=10)
session._ensure_office()
print(session._workdir, flush=True)
sys.stdin.read()
"""


def test_what_a_killed_run_left_is_cleaned_up_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scratch: Path
) -> None:
    state = install(tmp_path, monkeypatch)
    env = {**os.environ, "TMPDIR": str(scratch)}
    command = [sys.executable, "-c", _KILLED_RUN]
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE}
    with subprocess.Popen(command, text=True, env=env, **pipes) as run:  # type: ignore[call-overload]
        try:
            workdir = Path(run.stdout.readline().strip())
            assert workdir.parent == scratch
            state_file = json.loads((workdir / leftovers.STATE).read_text())
            assert any("planforge_" in m for m in state_file["markers"])
            [office] = office_pids(state)
            assert leftovers.reap(scratch) == []  # its owner is alive: left alone
        finally:
            run.send_signal(signal.SIGKILL)
    assert workdir.is_dir()  # what kill -9 leaves: the office and the folder
    assert not gone(office, within=0.2)
    try:
        with pdf.PdfSession(startup_timeout=5):  # the next run cleans up first
            assert not workdir.exists()
            assert gone(office)
    finally:
        kill(office)
    assert list(scratch.glob("planforge-pdf-*")) == []


def test_reap_leaves_young_unlocked_folders_and_other_names(scratch: Path) -> None:
    young = scratch / f"{leftovers.PREFIX}young"
    young.mkdir()
    other = scratch / "something-else"
    other.mkdir()
    old = scratch / f"{leftovers.PREFIX}old"
    old.mkdir()
    (old / leftovers.STATE).write_text("[" * 100_000)  # damaged state: still removed
    past = time.time() - leftovers.ORPHAN_AGE - 60
    os.utime(old, (past, past))
    assert leftovers.reap(scratch) == [old]
    assert young.is_dir()
    assert other.is_dir()


# --------------------------------------------------------------------------- real LibreOffice


@pytest.mark.pdf
def test_real_office_killed_mid_batch_is_restarted(tmp_path: Path, scratch: Path) -> None:
    from test_pdf import _need, make_docx

    _need("soffice")
    sources = [make_docx(tmp_path / f"r{i}.docx", ["One"], toc=False) for i in range(3)]
    with pdf.PdfSession() as session:
        assert session.convert(sources[0], tmp_path / "r0.pdf").ok
        assert session._office is not None
        profile = session._office.profile_url
        for pid, command in leftovers._processes():
            if "soffice.bin" in command and profile in command:
                os.kill(pid, signal.SIGKILL)  # the office crashes between two documents
        results = [session.convert(s, tmp_path / f"{s.stem}.pdf") for s in sources[1:]]
        assert [r.error for r in results] == [None, None]
        assert session.restarts == 1
