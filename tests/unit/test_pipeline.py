"""Inputs: files and folders expanded, zones followed to their members once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planforge.errors import InputFileError
from planforge.inputs.pipeline import check_paths, display_path, expand_inputs

DATA = Path(__file__).resolve().parents[1] / "data"
ZONE = DATA / "negative" / "zone-missing-member" / "zone.yaml"


def test_folder_finds_named_and_declared_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    shutil.copy(DATA / "minimal" / "plan.yaml", tmp_path / "sub" / "plan.yaml")
    shutil.copy(DATA / "minimal" / "plan.yaml", tmp_path / "sub" / "juniper-2026.yaml")
    shutil.copy(DATA / "minimal" / "plan.yaml", tmp_path / ".hidden" / "plan.yaml")
    (tmp_path / "ci.yml").write_text("on: push\n")
    found = [p.relative_to(tmp_path).as_posix() for p in expand_inputs([tmp_path])]
    assert found == ["sub/juniper-2026.yaml", "sub/plan.yaml"]


def test_missing_input_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file or folder"):
        expand_inputs([tmp_path / "nope"])
    with pytest.raises(InputFileError, match=r"no \.yaml files"):
        expand_inputs([tmp_path])


def test_zone_member_checked_once_even_if_named_twice() -> None:
    member = DATA / "minimal" / "plan.yaml"
    results = check_paths([ZONE, member], allow_outside=True)  # the member is ../../minimal
    paths = [r.resolved for r in results]
    assert len(paths) == len(set(paths)) == 2
    zone = results[0]
    assert zone.kind == "zone_agreement"
    assert [Path(m).resolve() for m in zone.members] == [member.resolve()]
    assert results[1].member_of == zone.path
    missing = [f for f in zone.findings if f.code == "zone.member-missing"]
    assert len(missing) == 1
    assert missing[0].line == 12


def test_failed_and_valid() -> None:
    [result] = check_paths([DATA / "negative" / "control-character" / "plan.yaml"])
    assert result.valid
    assert not result.failed()
    assert result.failed(strict=True)


def test_display_path_is_relative_inside_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "a" / "plan.yaml") == str(Path("a") / "plan.yaml")
    outside = Path("/") / "elsewhere" / "plan.yaml"
    assert display_path(outside) == str(outside)
