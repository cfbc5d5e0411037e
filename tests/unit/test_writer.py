"""Atomic writes: whole files only, normal permissions, clear errors."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from planforge.errors import OutputError
from planforge.outputs import default_file_mode, write_atomic, write_text_atomic


def test_writes_whole_file_with_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "plan.docx"
    write_atomic(target, b"data")
    assert target.read_bytes() == b"data"
    assert stat.S_IMODE(target.stat().st_mode) == default_file_mode()
    assert sorted(p.name for p in target.parent.iterdir()) == ["plan.docx"]


def test_replaces_existing_file_and_writes_text(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("old")
    write_text_atomic(target, "new é\n")
    assert target.read_text(encoding="utf-8") == "new é\n"


def test_target_that_is_a_folder_is_an_output_error_and_leaves_no_temp(tmp_path: Path) -> None:
    (tmp_path / "plan.docx").mkdir()
    with pytest.raises(OutputError, match="Cannot write"):
        write_atomic(tmp_path / "plan.docx", b"data")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.docx"]
