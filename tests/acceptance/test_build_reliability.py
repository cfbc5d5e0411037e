"""`planforge build` never lies: what is reported "unchanged" is what is on disk and what the
inputs say, one build at a time per folder, and LibreOffice trouble is said once with the
manifest and summary still written. LibreOffice is faked here (tests/unit/_fake_office.py).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from planforge.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def _module(name: str, path: Path) -> Any:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


fake = _module("_fake_office", ROOT / "tests" / "unit" / "_fake_office.py")
make_zone = _module("make_zone", ROOT / "bench" / "make_zone.py").make_zone


def build(zone: Path, out: Path, *extra: str) -> Result:
    args = ["build", str(zone), "-o", str(out), "-j", "1", *extra]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def manifest(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return data


def docs(out: Path) -> dict[str, dict[str, Any]]:
    return {d["path"]: d for d in manifest(out)["documents"]}


def word_docs(out: Path) -> dict[str, dict[str, Any]]:
    """The Word documents (the ones converted to PDF; the budget spreadsheet is not)."""
    return {path: d for path, d in docs(out).items() if d["format"] == "docx"}


def statuses(out: Path) -> dict[str, str]:
    return {path: d["status"] for path, d in docs(out).items()}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def zone(tmp_path: Path) -> Path:
    """A one-school zone (six documents: five Word documents and the budget spreadsheet)."""
    return make_zone(1, tmp_path / "zone")  # type: ignore[no-any-return]


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def member(zone: Path) -> Path:
    return zone.parent / "schools" / "school-001" / "plan.yaml"


# --------------------------------------------------------------------------- 6: edited meanwhile


def test_a_member_edited_during_the_build_is_rebuilt_by_the_next(
    zone: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planforge.inputs.pipeline import check_paths as real

    plan = member(zone)
    loaded = plan.read_text(encoding="utf-8")

    def load_then_edit(paths: list[str], **options: Any) -> Any:
        results = real(paths, **options)  # loaded: the documents render these bytes
        plan.write_text(loaded.replace("enrollment: 412", "enrollment: 413", 1), "utf-8")
        return results

    monkeypatch.setattr("planforge.cli.build.check_paths", load_then_edit)
    out = tmp_path / "out"
    assert build(zone, out, "-q").exit_code == 0
    monkeypatch.setattr("planforge.cli.build.check_paths", real)
    assert "enrollment: 413" in plan.read_text(encoding="utf-8")
    again = build(zone, out, "-q")
    assert again.exit_code == 0, again.output
    assert set(statuses(out).values()) == {"built"}  # not "unchanged": 413 was never rendered
    third = build(zone, out, "-q")
    assert third.exit_code == 0
    assert set(statuses(out).values()) == {"unchanged"}


# --------------------------------------------------------------------------- 7: one build at a time


def test_a_second_build_into_a_busy_folder_stops_with_exit_4(
    zone: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planforge.documents import folder_lock

    monkeypatch.setattr(folder_lock, "LOCK_WAIT", 0.3)
    out = tmp_path / "out"
    with folder_lock.folder_lock(out):
        result = build(zone, out)
    assert result.exit_code == 4, result.output
    assert f"another planforge build (process {os.getpid()}) is writing to" in result.stderr
    assert "Traceback" not in result.output
    assert not (out / "manifest.json").exists()
    assert not list(out.rglob("*.docx"))


def test_a_second_build_waits_for_the_first_to_finish(zone: Path, tmp_path: Path) -> None:
    from planforge.documents.folder_lock import folder_lock

    out = tmp_path / "out"
    locked = threading.Event()

    def first_build() -> None:
        with folder_lock(out):
            locked.set()
            time.sleep(0.5)

    holder = threading.Thread(target=first_build)
    holder.start()
    locked.wait(5)
    result = build(zone, out, "-q")
    holder.join()
    assert result.exit_code == 0, result.output
    assert set(statuses(out).values()) == {"built"}


_HOLD = """
import sys
from pathlib import Path
from planforge.documents.folder_lock import folder_lock
with folder_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""


def test_a_lock_left_by_a_killed_build_does_not_block(
    zone: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planforge.documents import folder_lock

    monkeypatch.setattr(folder_lock, "LOCK_WAIT", 0.2)
    out = tmp_path / "out"
    command = [sys.executable, "-c", _HOLD, str(out)]
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE}
    with subprocess.Popen(command, text=True, **pipes) as holder:  # type: ignore[call-overload]
        assert holder.stdout.readline() == "locked\n"
        busy = build(zone, out, "-q")
        assert busy.exit_code == 4
        assert f"(process {holder.pid})" in busy.stderr
        holder.kill()  # kill -9: the lock file stays, the lock does not
    assert (out / folder_lock.LOCK_NAME).exists()
    result = build(zone, out, "-q")
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------- 8: outputs verified


def test_damaged_documents_are_rebuilt_not_reported_unchanged(zone: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(zone, out, "-q").exit_code == 0
    empty, other, *_ = sorted(statuses(out))
    (out / empty).write_bytes(b"")
    (out / other).write_bytes((out / other).read_bytes()[:-100])  # truncated
    result = build(zone, out, "-q")
    assert result.exit_code == 0, result.output
    assert {p for p, s in statuses(out).items() if s == "built"} == {empty, other}
    for path, doc in docs(out).items():
        assert doc["sha256"] == sha(out / path)  # each output's own hash


def test_pdfs_that_no_longer_match_their_docx_are_removed_or_remade(
    zone: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scratch: Path
) -> None:
    state = fake.install(tmp_path / "office", monkeypatch)
    out = tmp_path / "out"
    assert build(zone, out, "--pdf", "-q").exit_code == 0
    assert len(list(out.rglob("*.pdf"))) == 5

    # the plan changes and a plain build remakes every .docx: no PDF may contradict them
    plan = member(zone)
    plan.write_text(plan.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    changed = build(zone, out, "-q")
    assert changed.exit_code == 0, changed.output
    assert set(statuses(out).values()) == {"built"}
    assert list(out.rglob("*.pdf")) == []
    assert {(d["pdf"], d["pdf_status"]) for d in word_docs(out).values()} == {(None, "removed")}
    assert "(out-of-date PDF deleted)" in (out / "SUMMARY.md").read_text(encoding="utf-8")

    first = build(zone, out, "--pdf", "-q")
    assert first.exit_code == 0, first.output
    for path, doc in word_docs(out).items():
        assert doc["pdf_status"] == "built"
        assert doc["pdf_of"] == doc["sha256"] == sha(out / path)
        assert doc["pdf_sha256"] == sha(out / doc["pdf"])
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) == 5

    # a truncated PDF: removed by a plain build, remade (alone) by the next --pdf build
    pdfs[0].write_bytes(pdfs[0].read_bytes()[:10])
    plain = build(zone, out, "-q")
    assert plain.exit_code == 0, plain.output
    assert not pdfs[0].exists()
    pdf_status = {d["pdf"] or path: d["pdf_status"] for path, d in word_docs(out).items()}
    assert sorted(pdf_status.values()) == ["removed"] + ["unchanged"] * 4
    assert set(statuses(out).values()) == {"unchanged"}
    converted = int((state / "converted").read_text())
    again = build(zone, out, "--pdf", "-q")
    assert again.exit_code == 0, again.output
    assert int((state / "converted").read_text()) == converted + 1
    assert pdfs[0].read_bytes().startswith(b"%PDF")


def test_render_pdf_converts_the_word_documents_only(
    zone: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scratch: Path
) -> None:
    """The budget spreadsheet is a spreadsheet: `render --pdf` converts the four Word
    documents and leaves the .xlsx alone (so no PDF of it can clash with the budget
    section's)."""
    fake.install(tmp_path / "office", monkeypatch)
    out = tmp_path / "r"
    result = CliRunner().invoke(cli, ["render", str(member(zone)), "-o", str(out), "--pdf"])
    assert result.exit_code == 0, result.output
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert [name for name in pdfs if name.endswith(
        ("-budget-section.pdf", "-innovation-plan.pdf", "-review-memo.pdf", "-waiver-request.pdf")
    )] == pdfs  # fmt: skip
    assert len(pdfs) == 4
    assert len(list(out.glob("*.xlsx"))) == 1


# --------------------------------------------------------------------------- 9: damaged manifest


@pytest.mark.parametrize(
    "damage",
    [b"[" * 200_000 + b"]" * 200_000, b'{"documents": [{"path": 1}]}'],
    ids=["deeply-nested", "wrong-shape"],
)
def test_a_damaged_manifest_means_a_full_rebuild_with_a_warning(
    zone: Path, tmp_path: Path, damage: bytes
) -> None:
    out = tmp_path / "out"
    assert build(zone, out, "-q").exit_code == 0
    (out / "manifest.json").write_bytes(damage)
    result = build(zone, out)
    assert result.exit_code == 0, result.output
    assert "planforge: warning: " in result.stderr
    assert "manifest.json is damaged" in result.stderr
    assert "every document is rebuilt" in result.stderr
    assert set(statuses(out).values()) == {"built"}
    assert manifest(out)["warnings"]
    assert build(zone, out).stderr == ""  # the manifest is sound again


# --------------------------------------------------------------------------- 11, 12: LibreOffice


def _pdf_missing(out: Path, result: Result, message: str) -> None:
    assert result.exit_code == 3, result.output
    assert result.stderr.count(message) == 1, result.stderr  # said once, not per document
    data = manifest(out)
    assert data["ok"] is False
    assert message in data["pdf_problem"]
    assert {d["status"] for d in data["documents"]} == {"built"}
    words = [d for d in data["documents"] if d["format"] == "docx"]
    assert {(d["pdf"], d["pdf_status"]) for d in words} == {(None, "missing")}
    sheets = [d for d in data["documents"] if d["format"] != "docx"]
    assert {(d["pdf"], d["pdf_status"]) for d in sheets} == {(None, None)}
    summary = (out / "SUMMARY.md").read_text(encoding="utf-8")
    assert summary.count("(PDF missing)") == 5
    assert "**PDFs**" in summary


def test_build_pdf_without_libreoffice_still_writes_manifest_and_summary(
    zone: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from planforge.documents.pdf import convert

    real_which = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: None if "office" in name else real_which(name)
    )
    monkeypatch.setattr(convert, "SOFFICE_FALLBACKS", ("/nonexistent/soffice",))
    out = tmp_path / "out"
    result = build(zone, out, "--pdf", "-q")
    _pdf_missing(out, result, "LibreOffice is needed for --pdf")


def test_build_pdf_with_an_office_that_never_starts_says_so_once(
    zone: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scratch: Path
) -> None:
    state = fake.install(tmp_path / "office", monkeypatch, uno="silent")
    monkeypatch.setenv("PLANFORGE_PDF_START_TIMEOUT", "1")
    out = tmp_path / "out"
    start = time.monotonic()
    result = build(zone, out, "--pdf", "-q")
    assert time.monotonic() - start < 30
    _pdf_missing(out, result, "LibreOffice did not start")
    assert len(fake.office_pids(state)) == 1
    assert list(scratch.glob("planforge-pdf-*")) == []


# --------------------------------------------------------------------------- 16: --jobs 5000


def test_jobs_5000_is_capped_at_what_the_machine_can_use(
    zone: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planforge.documents import packet, render, runner

    cap = min(os.cpu_count() or 1, runner.MAX_WORKERS)
    assert runner.Runner(5000, lambda job, outcomes: None).workers == cap
    pools: list[int] = []

    class Spy(runner.Runner):
        def __enter__(self) -> runner.Runner:
            entered = super().__enter__()
            pools.append(self.pool._max_workers if self.pool else 1)  # type: ignore[attr-defined]
            return entered

    monkeypatch.setattr(packet, "Runner", Spy)
    monkeypatch.setattr(render, "Runner", Spy)
    result = build(zone, tmp_path / "out", "--jobs", "5000", "-q")
    assert result.exit_code == 0, result.output
    rendered = CliRunner().invoke(
        cli, ["render", str(member(zone)), "-o", str(tmp_path / "r"), "--jobs", "5000"]
    )
    assert rendered.exit_code == 0, rendered.output
    assert len(pools) == 2
    assert all(1 <= n <= cap for n in pools)
