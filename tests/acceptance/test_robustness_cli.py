"""Odd and wrong inputs from real users: never a traceback, never a lost or wrong document."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planforge.cli import cli

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "tests" / "data" / "minimal" / "plan.yaml"
ZONE = ROOT / "examples" / "confluence-zone" / "zone.yaml"
_SCHOOLS = re.compile(r"schools:\n(  - plan: .*\n    joined: .*\n)+")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def zone_with(folder: Path, *plans: str, name: str = "zone.yaml") -> Path:
    """The example zone, its `schools:` replaced by the given plan paths."""
    entries = "".join(f"  - plan: {p}\n    joined: 2026-07-01\n" for p in plans)
    text = _SCHOOLS.sub(lambda _: f"schools:\n{entries}", ZONE.read_text(encoding="utf-8"))
    target = folder / name
    target.write_text(text, encoding="utf-8")
    return target


def two_schools(folder: Path) -> Path:
    """A zone whose two member plans are different files for schools of the same name."""
    for sub in ("a", "b"):
        (folder / sub).mkdir()
        shutil.copy(PLAN, folder / sub / "plan.yaml")
    return zone_with(folder, "a/plan.yaml", "b/plan.yaml")


def test_member_listed_twice_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    shutil.copy(PLAN, tmp_path / "a" / "plan.yaml")
    zone = zone_with(tmp_path, "a/plan.yaml", "./a/plan.yaml")
    result = run("validate", str(zone))
    assert result.exit_code == 1
    assert "error [zone.member-duplicate] Member plan `./a/plan.yaml` is listed twice" in (
        result.output
    )
    assert "(first as `a/plan.yaml`)" in result.output


@pytest.mark.parametrize("member", ["zone.yaml", "other-zone.yaml"])
def test_zone_as_its_own_or_anothers_member_is_refused(tmp_path: Path, member: str) -> None:
    (tmp_path / "a").mkdir()
    shutil.copy(PLAN, tmp_path / "a" / "plan.yaml")
    zone_with(tmp_path, "a/plan.yaml", name="other-zone.yaml")
    zone = zone_with(tmp_path, member)
    result = run("validate", str(zone))
    assert result.exit_code == 1
    assert "error [zone.member-not-plan]" in result.output
    mou = run("mou", str(zone), "-o", str(tmp_path / "out"))
    assert mou.exit_code == 1
    built = run("build", str(zone), "-o", str(tmp_path / "packet"))
    assert built.exit_code == 1
    assert not list((tmp_path / "packet").glob("**/*.docx"))


def test_member_that_is_a_folder_says_so(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    shutil.copy(PLAN, tmp_path / "a" / "plan.yaml")
    result = run("validate", str(zone_with(tmp_path, "a")))
    assert result.exit_code == 1
    assert "Member plan `a` is a folder" in result.output
    assert "`a/plan.yaml`" in result.output


def test_two_schools_of_the_same_name_do_not_overwrite_each_other(tmp_path: Path) -> None:
    zone = two_schools(tmp_path)
    out = tmp_path / "packet"
    result = run("build", str(zone), "-o", str(out), "--jobs", "1", "--quiet")
    assert result.exit_code == 0, result.output
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == ["juniper-ridge-elementary", "juniper-ridge-elementary-2"]
    assert len(list(out.glob("*/*.docx"))) == 8  # four Word documents per school
    assert len(list(out.glob("*/*.xlsx"))) == 2  # and the budget spreadsheet


def test_render_of_a_folder_keeps_every_version(tmp_path: Path) -> None:
    two_schools(tmp_path)
    out = tmp_path / "out"
    result = run("render", str(tmp_path), "-o", str(out), "--document", "plan")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "juniper-ridge-elementary-2-innovation-plan.docx",
        "juniper-ridge-elementary-innovation-plan.docx",
    ]


def test_accented_school_name_gives_a_readable_file_name(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = PLAN.read_text(encoding="utf-8")
    plan.write_text(text.replace("Juniper Ridge Elementary", '"École Ñandú 🌵"'), "utf-8")
    result = run("render", str(plan), "-o", str(tmp_path / "out"), "--document", "plan")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "ecole-nandu-innovation-plan.docx").is_file()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_file_is_one_clear_error(tmp_path: Path, encoding: str) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(PLAN.read_text(encoding="utf-8").encode(encoding))
    result = run("validate", str(plan))
    assert result.exit_code == 1
    assert result.output.count(" error [") == 1
    assert "error [yaml.not-utf8] The file is saved as UTF-16" in result.output
    assert "1 error, 0 warnings" in result.output


def test_windows_line_endings_and_utf8_bom_are_fine(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = PLAN.read_text(encoding="utf-8").replace("\n", "\r\n")
    plan.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = run("validate", str(plan))
    assert result.exit_code == 0, result.output


def test_very_long_zone_name_renders_the_agreement(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    shutil.copy(PLAN, tmp_path / "a" / "plan.yaml")
    zone = zone_with(tmp_path, "a/plan.yaml")
    long_name = "Long Zone " * 40
    text = zone.read_text(encoding="utf-8")
    zone.write_text(text.replace("name: Confluence Innovation Zone", f"name: {long_name}", 1))
    result = run("mou", str(zone), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").glob("*.docx"))) == 1


def test_mou_draft_lists_the_problems_it_renders_past(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    shutil.copy(PLAN, tmp_path / "a" / "plan.yaml")
    zone = zone_with(tmp_path, "a/plan.yaml", "a/plan.yaml")
    result = run("mou", str(zone), "-o", str(tmp_path / "out"), "--draft")
    assert result.exit_code == 0, result.output
    assert "error [zone.member-duplicate]" in result.output
    assert len(list((tmp_path / "out").glob("*.docx"))) == 1


def test_zone_name_with_a_line_break_keeps_the_summary_heading(tmp_path: Path) -> None:
    zone = two_schools(tmp_path)
    text = zone.read_text(encoding="utf-8")
    zone.write_text(text.replace("name: Confluence Innovation Zone", 'name: "A\\nB"', 1))
    out = tmp_path / "packet"
    result = run("build", str(zone), "-o", str(out), "--jobs", "1", "--quiet")
    assert result.exit_code == 0, result.output
    assert (out / "SUMMARY.md").read_text(encoding="utf-8").startswith("# A B: board packet\n")


def test_render_survives_a_school_name_longer_than_word_titles(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from planforge.cli import cli

    source = Path(__file__).resolve().parents[1] / "data" / "minimal" / "plan.yaml"
    long_name = "Juniper Ridge " * 25
    plan = tmp_path / "plan.yaml"
    plan.write_text(source.read_text().replace("Juniper Ridge Elementary", long_name.strip()))
    result = CliRunner().invoke(cli, ["render", str(plan), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
