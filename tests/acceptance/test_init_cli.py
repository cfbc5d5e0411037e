"""`planforge init`: a starter that validates, never overwrites, and helps the editor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from planforge.cli import cli
from planforge.inputs.schemas import bundled_schema


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_init_writes_a_plan_that_validates(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["init", "plan.yaml", "--school", "Juniper Ridge Elementary"])
    assert result.exit_code == 0, result.output
    assert "Wrote plan.yaml" in result.output
    text = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=.planforge/plan.schema.json"
    assert "name: Juniper Ridge Elementary" in text
    schema = json.loads((tmp_path / ".planforge" / "plan.schema.json").read_text("utf-8"))
    assert schema == bundled_schema("plan")
    check = runner.invoke(cli, ["validate", "plan.yaml"])
    assert check.exit_code == 0, check.output
    assert "no problems found" in check.output


def test_init_zone_in_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["init", "--zone", "myzone/"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "myzone" / "zone.yaml").is_file()
    assert (tmp_path / "myzone" / ".planforge" / "zone.schema.json").is_file()
    check = runner.invoke(cli, ["validate", "myzone/zone.yaml"])
    # The only problem is the member plan the team has not created yet.
    codes = [line for line in check.output.splitlines() if "error [" in line]
    assert len(codes) == 1
    assert "[zone.member-missing]" in codes[0]


def test_init_member_plan_makes_the_zone_valid(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["init", "--zone", "zone.yaml"]).exit_code == 0
    made = runner.invoke(cli, ["init", "schools/TODO-school/plan.yaml"])
    assert made.exit_code == 0, made.output
    check = runner.invoke(cli, ["validate", "zone.yaml"])
    assert check.exit_code == 0, check.output


def test_init_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text("kind: innovation_plan\n", encoding="utf-8")
    result = runner.invoke(cli, ["init", "plan.yaml"])
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8") == "kind: innovation_plan\n"


def test_init_rejects_a_non_yaml_name(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["init", "plan.txt"])
    assert result.exit_code == 2
    assert ".yaml" in result.output


def test_init_school_with_zone_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["init", "--zone", "--school", "X", "zone.yaml"])
    assert result.exit_code == 2


def test_review_of_a_fresh_starter_lists_what_to_fill_in(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["init", "plan.yaml"]).exit_code == 0
    result = runner.invoke(cli, ["review", "plan.yaml"])
    assert result.exit_code == 1
    assert "TODO" in result.output


def test_init_sop_writes_a_school_operational_plan_that_validates(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(cli, ["init", "--sop", "canal/", "--school", "Canal Street Middle"])
    assert result.exit_code == 0, result.output
    assert "Wrote canal/operational-plan.yaml" in result.output
    text = (tmp_path / "canal" / "operational-plan.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=.planforge/sop.schema.json"
    assert "name: Canal Street Middle" in text
    assert "jurisdiction: MA" in text
    assert "Teacher Leadership Team" in text
    schema = json.loads((tmp_path / "canal" / ".planforge" / "sop.schema.json").read_text("utf-8"))
    assert schema == bundled_schema("sop")
    check = runner.invoke(cli, ["validate", "canal/operational-plan.yaml"])
    assert check.exit_code == 0, check.output


def test_init_massachusetts_zone_and_its_member_plan(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["init", "--zone", "--state", "MA", "ez/"])
    assert result.exit_code == 0, result.output
    assert "--sop" in result.output  # how to write each member school's plan
    text = (tmp_path / "ez" / "zone.yaml").read_text(encoding="utf-8")
    assert "jurisdiction: MA" in text
    assert "type: empowerment_zone" in text
    for colorado in ("C.R.S", "SB 22-197", "CDE", "Colorado"):
        assert colorado not in text, colorado
    assert (tmp_path / "ez" / ".planforge" / "zone.schema.json").is_file()
    check = runner.invoke(cli, ["validate", "ez/zone.yaml"])
    codes = [line for line in check.output.splitlines() if "error [" in line]
    assert len(codes) == 1
    assert "[zone.member-missing]" in codes[0]
    made = runner.invoke(cli, ["init", "--sop", "ez/schools/TODO-school/"])
    assert made.exit_code == 0, made.output
    check = runner.invoke(cli, ["validate", "ez/zone.yaml"])
    assert check.exit_code == 0, check.output


def test_init_zone_state_co_is_todays_zone(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(cli, ["init", "--zone", "--state", "co", "a.yaml"]).exit_code == 0
    assert runner.invoke(cli, ["init", "--zone", "b.yaml"]).exit_code == 0
    text = (tmp_path / "a.yaml").read_text(encoding="utf-8")
    assert text == (tmp_path / "b.yaml").read_text(encoding="utf-8")
    assert "C.R.S. 22-32.5-104(1)(a)" in text


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--zone", "--sop"], "Choose one"),
        (["--sop", "--state", "CO"], "Massachusetts"),
        (["--state", "MA"], "--zone --state MA"),
        (["--state", "CO"], "use it with --zone"),
        (["--zone", "--state", "MA", "--school", "X"], "--school fills in a plan"),
        (["--zone", "--state", "TX"], "'TX' is not one of"),
    ],
)
def test_init_options_that_do_not_go_together(
    runner: CliRunner, tmp_path: Path, args: list[str], says: str
) -> None:
    result = runner.invoke(cli, ["init", *args, "out.yaml"])
    assert result.exit_code == 2
    assert says in result.output
    assert not (tmp_path / "out.yaml").exists()


def test_init_sop_with_state_ma_is_the_same_plan(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(cli, ["init", "--sop", "--state", "MA", "a.yaml"]).exit_code == 0
    assert runner.invoke(cli, ["init", "--sop", "b.yaml"]).exit_code == 0
    text = (tmp_path / "a.yaml").read_text(encoding="utf-8")
    assert text == (tmp_path / "b.yaml").read_text(encoding="utf-8")
