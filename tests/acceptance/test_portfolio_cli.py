"""`planforge portfolio` end to end: what it writes and its exit codes.

The portfolio is a report: it is written (exit 0) even when plans have errors or cannot be
reviewed; 2 when an input cannot be read or an option is wrong, 3 for an unknown rule pack,
4 when the output folder cannot be written.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from planforge.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_writes_the_three_files_and_exits_0(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("portfolio", "examples/confluence-zone/zone.yaml", "examples/standalone",
                    "-o", str(out), "--today", "2028-01-15")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "portfolio.html",
        "portfolio.xlsx",
        "waivers-posting.csv",
    ]
    assert "5 schools (5 READY)" in result.output
    assert "6 reviews due or overdue by 2029-07-15" in result.output


def test_a_massachusetts_folder_gets_no_colorado_posting_list(tmp_path: Path) -> None:
    """waivers-posting.csv is Colorado's C.R.S. 22-44-305 list: not written for a portfolio of
    Massachusetts files only; with a Colorado plan beside them it is."""
    out = tmp_path / "out"
    result = invoke("portfolio", "examples/massachusetts", "-o", str(out), "--today", "2028-01-15")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["portfolio.html", "portfolio.xlsx"]
    assert "waivers-posting.csv" not in result.output
    assert "waiver" not in result.output
    both = tmp_path / "both"
    result = invoke("portfolio", "examples/massachusetts", "examples/standalone", "-o", str(both),
                    "--today", "2028-01-15")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (both / "waivers-posting.csv").is_file()
    assert "waivers-posting.csv" in result.output


def test_plans_with_errors_are_reported_not_refused(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    (folder / "broken").mkdir(parents=True)
    (folder / "broken" / "plan.yaml").write_text(
        "kind: innovation_plan\nschool: [unclosed\n", encoding="utf-8"
    )
    draft = (ROOT / "examples" / "draft" / "plan.yaml").read_text(encoding="utf-8")
    (folder / "draft").mkdir()
    (folder / "draft" / "plan.yaml").write_text(draft, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("portfolio", str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "1 NOT READY, 1 NOT REVIEWED" in result.output
    wb = load_workbook(io.BytesIO((out / "portfolio.xlsx").read_bytes()))
    verdicts = [row[4].value for row in wb["Schools"].iter_rows(min_row=6)]
    assert sorted(verdicts) == ["NOT READY", "NOT REVIEWED"]


def test_default_output_folder_is_portfolio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("portfolio", str(ROOT / "examples" / "standalone" / "plan.yaml"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "portfolio" / "portfolio.xlsx").is_file()


def test_missing_input_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["portfolio", "no-such-folder", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output
    assert not list(tmp_path.iterdir())


def test_bad_today_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["portfolio", "examples/standalone", "--today", "soon"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_unknown_pack_exits_3(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["portfolio", "examples/standalone", "--rules", "nope", "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 3, result.output


def test_unwritable_output_exits_4(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["portfolio", "examples/standalone", "-o", str(blocker / "out")]
    )
    assert result.exit_code == 4, result.output
    assert "Cannot write" in result.output


def test_listed_in_help() -> None:
    assert "portfolio" in invoke("--help").output
