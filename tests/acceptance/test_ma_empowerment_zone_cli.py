"""A Massachusetts empowerment zone end to end: its review, and a built packet in which no
Colorado statute, body or term appears (issue 15's "done when")."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from planforge.cli import cli

ROOT = Path(__file__).resolve().parents[2]
EZ = ROOT / "examples" / "massachusetts" / "empowerment-zone"
SCHOOLS = (
    "canal-street-middle-school",
    "brightwater-academy",
    "mill-river-preparatory-middle-school",
)
MEMORANDUM = "harlow-falls-empowerment-zone-partnership-memorandum-of-understanding.docx"
COLORADO = re.compile(
    r"C\.R\.S\.|Colorado|State Board|22-32\.5|SB 22-197|\bCDE\b|Board of Education|"
    r"School Accountability|innovation status|[Ww]aiver|Denver|DCTA|Appendix A",
)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _docx_text(path: Path) -> str:
    """Every XML part's text (body, tables, headers, footers, properties), tags removed."""
    with zipfile.ZipFile(path) as z:
        parts = [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))]
    return "\n".join(re.sub(r"<[^>]+>", " ", part) for part in parts)


@pytest.fixture(scope="module")
def packet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ez") / "packet"
    pdf = ["--pdf"] if shutil.which("soffice") or os.environ.get("PLANFORGE_REQUIRE_PDF") else []
    code, output = _run("build", str(EZ / "zone.yaml"), "-o", str(out), "-q", "-j", "2", *pdf)
    assert code == 0, output
    return out


def test_the_zone_and_its_three_plans_are_ready() -> None:
    code, out = _run("review", str(EZ / "zone.yaml"))
    assert code == 0, out
    assert "4 files reviewed: 4 ready, 0 not ready, 0 not reviewed." in out
    assert out.count("Rule packs: ma, ma-ez\n") == 4
    assert "School operational plan: " in out
    assert "Checklist" in out
    assert "co." not in out
    assert "catalog" not in out


def test_the_packet_has_the_memorandum_and_each_schools_plan_and_memo(packet: Path) -> None:
    docs = sorted(p.relative_to(packet).as_posix() for p in packet.rglob("*.docx"))
    expected = [MEMORANDUM] + [
        f"{s}/{s}-{kind}.docx" for s in SCHOOLS for kind in ("operational-plan", "review-memo")
    ]
    assert docs == sorted(expected)
    manifest = json.loads((packet / "manifest.json").read_text(encoding="utf-8"))
    assert {d["kind"] for d in manifest["documents"]} == {"operational-plan", "review", "ez-mou"}
    summary = (packet / "SUMMARY.md").read_text(encoding="utf-8")
    assert "Review of the memorandum of understanding: READY." in summary


def test_no_colorado_statute_body_or_term_anywhere_in_the_packet(packet: Path) -> None:
    found = {}
    for path in packet.rglob("*"):
        if path.suffix == ".docx":
            text = _docx_text(path)
        elif path.suffix in (".md", ".json"):
            text = path.read_text(encoding="utf-8")
        elif path.suffix == ".pdf" and shutil.which("pdftotext"):
            text = subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
        else:
            continue
        hits = sorted(set(COLORADO.findall(text)))
        if hits:
            found[path.name] = hits
    assert found == {}


def test_the_pdfs_are_made_when_libreoffice_is_here(packet: Path) -> None:
    if not (shutil.which("soffice") or os.environ.get("PLANFORGE_REQUIRE_PDF")):
        pytest.skip("LibreOffice is not installed")
    assert len(list(packet.rglob("*.pdf"))) == 7


def test_what_was_typed_is_in_the_memorandum_and_the_plans(packet: Path) -> None:
    memorandum = _docx_text(packet / MEMORANDUM)
    for typed in (
        "Harlow Falls Zone Teacher Agreement 2026-2029",
        "Commissioner of Elementary and Secondary Education",
        "The Superintendent of Schools",
        "Harlow Falls Education Association",
        "Facilities, maintenance and custodial services",
        "returns to the District as an innovation school under M.G.L. c.71 §92",
    ):
        assert typed in memorandum, typed
    plan = _docx_text(packet / SCHOOLS[2] / f"{SCHOOLS[2]}-operational-plan.docx")
    for typed in ("Northbridge Learning Partners, Inc.", "Article 9, section 9.5", "Ruth Calloway"):
        assert typed in plan, typed


def test_an_innovation_schools_zone_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "zone"
    shutil.copytree(EZ, folder)
    zone = folder / "zone.yaml"
    text = zone.read_text(encoding="utf-8").replace(
        "\n  type: empowerment_zone", "\n  type: izone", 1
    )
    zone.write_text(text, encoding="utf-8")
    code, out = _run("review", str(zone))
    assert code == 1, out
    assert "[ma.zone.not-supported]" in out
    code, out = _run("mou", str(zone), "-o", str(tmp_path / "out"))
    assert code != 0, out
    assert "empowerment" in out.lower()
    assert "Traceback" not in out
    assert not list(tmp_path.rglob("*.docx"))
