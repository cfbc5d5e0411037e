"""`planforge build ZONE`: the whole packet, incremental rebuilds, failures, PDF and progress."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from planforge.cli import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "confluence-zone"
MOU = "confluence-innovation-zone-operating-agreement.docx"
SCHOOLS = {
    "cottonwood-creek": ("Cottonwood Creek Elementary", "cottonwood-creek-elementary"),
    "platte-bend": ("Platte Bend K-8 Academy", "platte-bend-k-8-academy"),
    "riverfront-middle": ("Riverfront Middle School", "riverfront-middle-school"),
    "steelworks-high": ("Steelworks High School", "steelworks-high-school"),
}
SUFFIX = {
    "plan": "-innovation-plan.docx",
    "waivers": "-waiver-request.docx",
    "budget": "-budget-section.docx",
    "budget-sheet": "-budget.xlsx",
    "review": "-review-memo.docx",
}
PER_SCHOOL = len(SUFFIX)
"""Per school: the full plan, the state waiver request, the budget section (Word and Excel)
and the review memo."""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def build(zone: Path, out: Path, *extra: str) -> Result:
    return run("build", str(zone), "-o", str(out), *extra)


def manifest(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return data


def statuses(out: Path) -> dict[str, str]:
    """Document path (relative to the packet folder) -> status."""
    return {d["path"]: d["status"] for d in manifest(out)["documents"]}


def school_docs(slug: str) -> set[str]:
    return {f"{slug}/{slug}{suffix}" for suffix in SUFFIX.values()}


def all_docs() -> set[str]:
    return {p for _, slug in SCHOOLS.values() for p in school_docs(slug)} | {MOU}


def outputs(out: Path) -> list[Path]:
    """The documents in a packet folder: Word documents and spreadsheets."""
    return [p for p in out.rglob("*") if p.suffix in (".docx", ".xlsx")]


def mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in outputs(out)}


def copy_zone(dest: Path) -> Path:
    shutil.copytree(EXAMPLE, dest)
    return dest / "zone.yaml"


def no_temp_files(out: Path) -> None:
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


# --------------------------------------------------------------------------- the example zone


@pytest.fixture(scope="module")
def packet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """The example zone built once, in place (the example folder is not modified)."""
    out = tmp_path_factory.mktemp("packet") / "out"
    result = build(EXAMPLE / "zone.yaml", out, "-j", "2", "-q")
    return out, result


def test_build_writes_every_document(packet: tuple[Path, Result]) -> None:
    out, result = packet
    assert result.exit_code == 0, result.output
    assert result.output == ""  # -q: nothing on success
    written = {p.relative_to(out).as_posix() for p in outputs(out)}
    assert written == all_docs()
    assert {p.name for p in out.iterdir() if p.is_dir()} == {s for _, s in SCHOOLS.values()}
    assert (out / "manifest.json").is_file()
    assert (out / "SUMMARY.md").is_file()
    no_temp_files(out)


def test_manifest_shape(packet: tuple[Path, Result]) -> None:
    from planforge import __version__

    out, _ = packet
    data = manifest(out)
    assert set(data) >= {"planforge_version", "zone", "ok", "schools", "documents"}
    assert data["planforge_version"] == __version__
    assert data["zone"]["name"] == "Confluence Innovation Zone"
    assert data["zone"]["path"].endswith("zone.yaml")
    assert data["ok"] is True
    assert [s["name"] for s in data["schools"]] == [n for n, _ in SCHOOLS.values()]
    for school in data["schools"]:
        assert school["valid"] is True
        assert school["verdict"] == "READY"
        assert {"path", "errors", "warnings"} <= set(school)
    docs = data["documents"]
    assert len(docs) == 4 * PER_SCHOOL + 1 == 21
    for doc in docs:
        assert {"kind", "school", "source", "path", "hash", "status"} <= set(doc)
        assert doc["status"] == "built"
        assert re.fullmatch(r"[0-9a-f]{32}", doc["hash"])
        assert (out / doc["path"]).is_file()  # paths are relative to the packet folder
    kinds = [d["kind"] for d in docs]
    assert all(kinds.count(kind) == 4 for kind in SUFFIX)
    assert {d["format"] for d in docs if d["kind"] == "budget-sheet"} == {"xlsx"}
    assert {d["format"] for d in docs if d["kind"] != "budget-sheet"} == {"docx"}
    assert kinds[-1] == "mou"
    mou = docs[-1]
    assert (mou["school"], mou["path"]) == ("(zone)", MOU)
    assert mou["source"].endswith("zone.yaml")
    for doc in docs[:-1]:
        folder = next(k for k, (name, _) in SCHOOLS.items() if name == doc["school"])
        assert doc["source"].endswith(f"{folder}/plan.yaml")
        assert doc["path"].endswith(SUFFIX[doc["kind"]])
    assert len({d["hash"] for d in docs}) == 21
    for doc in docs:  # the manifest's sha256 is the file's, whatever its format
        assert doc["sha256"] == hashlib.sha256((out / doc["path"]).read_bytes()).hexdigest()


def test_summary_lists_schools_and_documents(packet: tuple[Path, Result]) -> None:
    out, _ = packet
    summary = (out / "SUMMARY.md").read_text(encoding="utf-8")
    assert summary.startswith("# Confluence Innovation Zone: board packet")
    for name, _slug in SCHOOLS.values():
        # The one warning: co.submission.board-resolution (the board has not voted yet).
        assert f"| {name} | READY | 0 | 1 |" in summary
    for path in all_docs():
        assert f"`{path}`" in summary
    assert "| Operating agreement | (zone) |" in summary
    assert "## Problems" not in summary


# --------------------------------------------------------------------------- incremental


def test_incremental_rebuilds(tmp_path: Path) -> None:
    zone = copy_zone(tmp_path / "zone")
    out = tmp_path / "out"
    first = build(zone, out, "-j", "2", "-q")
    assert first.exit_code == 0, first.output
    before = mtimes(out)
    hashes = {d["path"]: d["hash"] for d in manifest(out)["documents"]}

    again = build(zone, out, "-j", "2", "-q")  # nothing changed
    assert again.exit_code == 0, again.output
    assert set(statuses(out).values()) == {"unchanged"}
    assert mtimes(out) == before
    assert {d["path"]: d["hash"] for d in manifest(out)["documents"]} == hashes

    plan = zone.parent / "schools" / "riverfront-middle" / "plan.yaml"
    os.utime(plan)  # a newer mtime with the same bytes rebuilds nothing
    build(zone, out, "-q")
    assert set(statuses(out).values()) == {"unchanged"}

    with plan.open("a", encoding="utf-8") as handle:
        handle.write("# touched by the incremental test\n")
    changed = build(zone, out, "-j", "2", "-q")
    assert changed.exit_code == 0, changed.output
    rebuilt = {p for p, s in statuses(out).items() if s == "built"}
    assert rebuilt == school_docs("riverfront-middle-school") | {MOU}
    assert {s for p, s in statuses(out).items() if p not in rebuilt} == {"unchanged"}
    after = mtimes(out)
    assert {p for p in after if after[p] != before[p]} == rebuilt

    forced = build(zone, out, "-j", "2", "-q", "--force")
    assert forced.exit_code == 0, forced.output
    assert set(statuses(out).values()) == {"built"}
    no_temp_files(out)


def test_a_changed_zone_rebuilds_the_waiver_requests_and_the_agreement(tmp_path: Path) -> None:
    """The state waiver request names the board's president from the zone's signatories, so
    the zone file is part of its input; the other school documents do not read the zone."""
    zone = copy_zone(tmp_path / "zone")
    out = tmp_path / "out"
    assert build(zone, out, "-q").exit_code == 0
    with zone.open("a", encoding="utf-8") as handle:
        handle.write("# touched by the incremental test\n")
    assert build(zone, out, "-q").exit_code == 0
    rebuilt = {p for p, s in statuses(out).items() if s == "built"}
    requests = {f"{slug}/{slug}{SUFFIX['waivers']}" for _, slug in SCHOOLS.values()}
    assert rebuilt == requests | {MOU}


def test_incremental_from_another_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zone = copy_zone(tmp_path / "zone")
    out = tmp_path / "out"
    assert build(zone, out, "-q").exit_code == 0
    monkeypatch.chdir(out)
    result = run("build", "../zone/zone.yaml", "-o", ".", "-q")
    assert result.exit_code == 0, result.output
    assert set(statuses(out).values()) == {"unchanged"}


def test_missing_output_is_rebuilt(tmp_path: Path) -> None:
    zone = copy_zone(tmp_path / "zone")
    out = tmp_path / "out"
    assert build(zone, out, "-q").exit_code == 0
    (out / MOU).unlink()
    assert build(zone, out, "-q").exit_code == 0
    assert {p for p, s in statuses(out).items() if s == "built"} == {MOU}
    assert (out / MOU).is_file()


# --------------------------------------------------------------------------- one broken member


def test_one_broken_member_is_reported_while_the_rest_build(tmp_path: Path) -> None:
    zone = copy_zone(tmp_path / "zone")
    plan = zone.parent / "schools" / "platte-bend" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("  enrollment: 640\n", "  enrollment: lots\n", 1), "utf-8")
    out = tmp_path / "out"
    result = build(zone, out, "-j", "2", "-q")
    assert result.exit_code == 1, result.output
    docs = {d["path"]: d for d in manifest(out)["documents"]}
    broken = school_docs("platte-bend-k-8-academy")
    for path in broken:
        assert docs[path]["status"] == "failed"
        assert "platte-bend/plan.yaml" in docs[path]["error"]
        assert not (out / path).exists()
    assert docs[MOU]["status"] == "failed"
    assert "platte-bend/plan.yaml" in docs[MOU]["error"]
    assert not (out / MOU).exists()
    for path in all_docs() - broken - {MOU}:
        assert docs[path]["status"] == "built", path
        assert (out / path).is_file()
    data = manifest(out)
    assert data["ok"] is False
    school = next(s for s in data["schools"] if s["path"].endswith("platte-bend/plan.yaml"))
    assert school["valid"] is False
    assert school["errors"] >= 1
    failures = [line for line in result.stderr.splitlines() if line.startswith("planforge: failed")]
    assert len(failures) == PER_SCHOOL + 1
    assert all("platte-bend/plan.yaml" in line for line in failures)
    assert result.stdout == ""  # -q
    summary = (out / "SUMMARY.md").read_text(encoding="utf-8")
    assert "## Problems" in summary
    assert "**Operating agreement, (zone)**" in summary
    no_temp_files(out)

    # fixing the plan rebuilds only what failed
    plan.write_text(text, "utf-8")
    fixed = build(zone, out, "-q")
    assert fixed.exit_code == 0, fixed.output
    assert {p for p, s in statuses(out).items() if s == "built"} == broken | {MOU}


def test_plan_file_is_not_a_zone(tmp_path: Path) -> None:
    result = build(EXAMPLE / "schools" / "platte-bend" / "plan.yaml", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "not a zone file" in result.output
    assert not (tmp_path / "out").exists()


def test_missing_template_stops_before_writing(tmp_path: Path) -> None:
    from planforge.resources import templates_dir

    templates = tmp_path / "templates"
    templates.mkdir()
    for name in ("innovation-plan.docx", "waiver-request.docx", "review-memo.docx"):
        shutil.copy(templates_dir() / name, templates / name)
    result = build(EXAMPLE / "zone.yaml", tmp_path / "out", "--templates", str(templates))
    assert result.exit_code == 3, result.output
    assert "zone-agreement.docx" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- scale (process pool)


def _make_zone_module() -> Any:
    spec = importlib.util.spec_from_file_location("make_zone", ROOT / "bench" / "make_zone.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_six_school_zone_in_a_process_pool(tmp_path: Path) -> None:
    zone = _make_zone_module().make_zone(6, tmp_path / "zone6")
    out = tmp_path / "out"
    result = build(zone, out, "-j", "2")
    assert result.exit_code == 0, result.output
    assert "31 documents: 31 built, 0 unchanged, 0 failed." in result.stdout
    data = manifest(out)
    assert len(data["schools"]) == 6
    assert len({s["name"] for s in data["schools"]}) == 6
    assert {d["status"] for d in data["documents"]} == {"built"}
    folders = [p for p in out.iterdir() if p.is_dir()]
    assert len(folders) == 6
    assert all(len(list(f.glob("*.docx"))) == PER_SCHOOL - 1 for f in folders)
    assert all(len(list(f.glob("*.xlsx"))) == 1 for f in folders)
    no_temp_files(out)


# --------------------------------------------------------------------------- progress and quiet


def test_non_tty_prints_one_summary_line_and_no_progress_bar(tmp_path: Path) -> None:
    zone = _make_zone_module().make_zone(1, tmp_path / "zone1")
    out = tmp_path / "out"
    result = build(zone, out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("6 documents: 6 built, 0 unchanged, 0 failed. See ")
    assert "SUMMARY.md" in lines[0]
    assert "manifest.json" in lines[0]
    assert "Rendering" not in result.output
    assert "%" not in result.output
    quiet = build(zone, out, "--quiet", "--force")
    assert quiet.exit_code == 0
    assert quiet.stdout == ""
    assert quiet.stderr == ""


# --------------------------------------------------------------------------- PDF


def _need_soffice() -> None:
    from planforge.documents.pdf import convert as pdf
    from planforge.errors import ToolMissingError

    try:
        pdf.find_soffice()
    except ToolMissingError:
        if os.environ.get("PLANFORGE_REQUIRE_PDF") == "1":
            pytest.fail("PLANFORGE_REQUIRE_PDF=1 but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")


@pytest.mark.pdf
@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="LibreOffice profile paths")
def test_pdf_build_and_incremental_pdf(tmp_path: Path) -> None:
    _need_soffice()
    zone = _make_zone_module().make_zone(1, tmp_path / "zone1")
    out = tmp_path / "out"
    result = build(zone, out, "--pdf", "-q")
    assert result.exit_code == 0, result.output
    everything = manifest(out)["documents"]
    assert len(everything) == PER_SCHOOL + 1
    sheets = [d for d in everything if d["format"] == "xlsx"]
    assert [(d["kind"], d["pdf"], d["pdf_status"]) for d in sheets] == [
        ("budget-sheet", None, None)  # a spreadsheet is not converted
    ]
    docs = [d for d in everything if d["format"] == "docx"]
    assert len(docs) == 5
    for doc in docs:
        assert doc["pdf"] == doc["path"].removesuffix(".docx") + ".pdf"
        pdf = out / doc["pdf"]
        assert pdf.read_bytes().startswith(b"%PDF")
        assert isinstance(doc["pages"], int)
        assert doc["pages"] >= 1
        assert doc["pdf_status"] == "built"
        assert doc["pdf_of"] == doc["sha256"]  # made from the .docx that is there
        assert doc["pdf_sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    summary = (out / "SUMMARY.md").read_text(encoding="utf-8")
    assert summary.count("(+ PDF, ") == 5
    assert len(list(out.rglob("*.pdf"))) == 5
    pdf_times = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}

    again = build(zone, out, "--pdf", "-q")
    assert again.exit_code == 0, again.output
    assert [d["status"] for d in manifest(out)["documents"]] == ["unchanged"] * 6
    second = [d for d in manifest(out)["documents"] if d["format"] == "docx"]
    assert [d["pdf_status"] for d in second] == ["unchanged"] * 5
    assert [(d["pdf"], d["pages"], d["pdf_sha256"]) for d in second] == [
        (d["pdf"], d["pages"], d["pdf_sha256"]) for d in docs
    ]
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")} == pdf_times
    no_temp_files(out)
