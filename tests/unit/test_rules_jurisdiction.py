"""co.massachusetts-items: Massachusetts fields in a Colorado file are reported, not dropped."""

from __future__ import annotations

import shutil
from pathlib import Path

from planforge.inputs.pipeline import check_paths
from planforge.rules.engine import review_file

ROOT = Path(__file__).resolve().parents[2]
ZONE = ROOT / "examples" / "confluence-zone" / "zone.yaml"
PLAN = ROOT / "examples" / "standalone" / "plan.yaml"


def _codes(path: Path) -> list[tuple[str, str]]:
    result = next(r for r in check_paths([path]) if r.path.endswith(path.name))
    return [(f.code, f.pointer) for f in review_file(result).findings]


def test_the_colorado_examples_have_none() -> None:
    assert not [c for c in _codes(ZONE) if c[0] == "co.massachusetts-items"]
    assert not [c for c in _codes(PLAN) if c[0] == "co.massachusetts-items"]


def test_massachusetts_fields_in_a_colorado_zone_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "zone"
    shutil.copytree(ZONE.parent, folder)
    zone = folder / "zone.yaml"
    text = zone.read_text(encoding="utf-8")
    text = text.replace(
        "      count: 2\n      description: District leaders",
        "      count: 2\n      chair: true\n      description: District leaders",
        1,
    )
    text = text.replace(
        "autonomies:\n", "autonomies:\n  professional_development: Schools plan their own.\n", 1
    )
    zone.write_text(text, encoding="utf-8")
    found = [p for code, p in _codes(zone) if code == "co.massachusetts-items"]
    assert sorted(found) == ["/autonomies/professional_development", "/governance/seats/0/chair"]


def test_an_ma_section_in_a_colorado_plan_is_reported(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    ma_plan = (ROOT / "examples" / "massachusetts" / "innovation-school" / "plan.yaml").read_text(
        encoding="utf-8"
    )
    block = ma_plan[ma_plan.index("\nma:\n") : ma_plan.index("\nsignatories:\n")]
    text = PLAN.read_text(encoding="utf-8") + block
    plan.write_text(text, encoding="utf-8")
    assert ("co.massachusetts-items", "/ma") in _codes(plan)
