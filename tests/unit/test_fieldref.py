"""docs/reference/fields.md is generated from the schemas and must be kept up to date."""

from __future__ import annotations

from pathlib import Path

import pytest

from planforge.authoring import fieldref as fieldref
from planforge.authoring.schemawalk import iter_fields

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "docs" / "reference" / "fields.md"


def test_committed_field_reference_is_up_to_date() -> None:
    current = COMMITTED.read_text(encoding="utf-8") if COMMITTED.is_file() else ""
    assert current == fieldref.render(), (
        "docs/reference/fields.md is out of date with schemas/*.schema.json. Regenerate it "
        "from the repository root with: python -m planforge.authoring.fieldref"
    )


@pytest.mark.parametrize("label", ["plan", "zone", "sop"])
def test_every_field_is_listed_with_its_description(label: str) -> None:
    text = fieldref.render()
    for field in iter_fields(label):
        assert f"| `{field.path}` |" in text
        if field.description:
            assert " ".join(field.description.split()).replace("|", "\\|") in text


@pytest.mark.parametrize("label", ["plan", "zone", "sop"])
def test_every_field_has_a_description(label: str) -> None:
    missing = [f.path for f in iter_fields(label) if not f.description]
    assert missing == []


def test_check_mode_reports_a_stale_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fields.md"
    out.write_text("stale", encoding="utf-8")
    assert fieldref.main(["--check", "-o", str(out)]) == 1
    assert "python -m planforge.authoring.fieldref" in capsys.readouterr().err
    assert fieldref.main(["-o", str(out)]) == 0
    assert fieldref.main(["--check", "-o", str(out)]) == 0
