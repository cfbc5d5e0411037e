"""Rule packs are chosen once: the file names them, --rules overrides, every command agrees."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planforge.cli import cli

ROOT = Path(__file__).resolve().parents[2]
STANDALONE = ROOT / "examples" / "standalone" / "plan.yaml"
ZONE = ROOT / "examples" / "confluence-zone"

# A district pack that turns one rule into an error the examples trip: the standalone
# school's plan runs three years, so a 2-year maximum term is an error under it.
STRICT_PACK = """\
pack: strict-district
title: A district that allows two-year terms only
extends: dps
parameters:
  term.max_years: {value: 2, confidence: U, source: "test pack"}
rules:
  dps.term.length: error
"""


def memo_text(folder: Path) -> str:
    """The memo's paragraphs and table cells."""
    from docx import Document

    doc = Document(str(next(folder.glob("*-review-memo.docx"))))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _with_rules(text: str, rules: str) -> str:
    """The plan text with `rules:` added after `kind:` (everything else as typed)."""
    head, sep, tail = text.partition("kind: innovation_plan\n")
    assert sep, "the example must declare its kind on one line"
    return f"{head}{sep}rules: {rules}\n{tail}"


@pytest.fixture
def school(tmp_path: Path) -> Path:
    (tmp_path / "strict.yaml").write_text(STRICT_PACK, encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(_with_rules(STANDALONE.read_text(encoding="utf-8"), "[strict.yaml]"))
    return plan


def test_review_uses_the_packs_the_file_names(school: Path) -> None:
    result = invoke("review", str(school), "--format", "json")
    entry = json.loads(result.output)["files"][0]
    assert entry["packs"].startswith("co, dps, strict-district")
    assert "dps.term.length" in {f["code"] for f in entry["findings"]}
    assert result.exit_code == 1


def test_rules_option_overrides_the_file(school: Path) -> None:
    result = invoke("review", str(school), "--rules", "co", "--format", "json")
    entry = json.loads(result.output)["files"][0]
    assert entry["packs"].startswith("co (catalog")
    assert result.exit_code == 0


def test_render_uses_the_files_packs_for_the_memo(school: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    rendered = invoke("render", str(school), "-o", str(out), "--document", "review")
    assert rendered.exit_code == 0, rendered.output
    text = memo_text(out)
    assert "NOT READY" in text
    assert "strict-district" in text


def test_render_rules_option_overrides_the_file(school: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("render", str(school), "-o", str(out), "--document", "review", "--rules", "co")
    assert result.exit_code == 0, result.output
    text = memo_text(out)
    assert "READY for board recommendation" in text
    assert "strict-district" not in text


def _zone_copy(tmp_path: Path, rules: str | None) -> Path:
    folder = tmp_path / "zone"
    shutil.copytree(ZONE, folder)
    (folder / "strict.yaml").write_text(STRICT_PACK, encoding="utf-8")
    zone = folder / "zone.yaml"
    if rules is not None:
        text = zone.read_text(encoding="utf-8")
        head, sep, tail = text.partition("kind: zone_agreement\n")
        zone.write_text(f"{head}{sep}rules: {rules}\n{tail}", encoding="utf-8")
    return zone


def test_build_members_use_the_zones_packs(tmp_path: Path) -> None:
    zone = _zone_copy(tmp_path, "[strict.yaml]")
    out = tmp_path / "packet"
    invoke("build", str(zone), "-o", str(out), "--jobs", "1", "-q")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    verdicts = {s["verdict"] for s in manifest["schools"]}
    assert "NOT READY" in verdicts
    again = invoke("build", str(zone), "-o", str(out), "--jobs", "1", "-q", "--rules", "co")
    assert again.exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {s["verdict"] for s in manifest["schools"]} == {"READY"}
    # the packs changed, so every document that prints them was rebuilt
    assert all(d["status"] == "built" for d in manifest["documents"])


def test_mou_accepts_rules(tmp_path: Path) -> None:
    zone = _zone_copy(tmp_path, None)
    result = invoke("mou", str(zone), "-o", str(tmp_path / "out"), "--rules", "co,dps")
    assert result.exit_code == 0, result.output
    bad = invoke("mou", str(zone), "-o", str(tmp_path / "out"), "--rules", "nope")
    assert bad.exit_code == 3
    assert "unknown rule pack `nope`" in bad.output


def test_a_packs_code_is_imported_only_when_that_pack_is_chosen() -> None:
    code = (
        "import sys; from planforge.packs.loader import load_packs; load_packs('co');"
        "print('planforge.packs.dps' in sys.modules); load_packs('co,dps');"
        "print('planforge.packs.dps' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
