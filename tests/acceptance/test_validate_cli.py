"""`planforge validate` driven from the command line on positive and negative cases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planforge.cli import cli

DATA = Path(__file__).resolve().parents[1] / "data"
NEGATIVE = sorted(p for p in (DATA / "negative").iterdir() if p.is_dir())


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def expected_findings(case: Path) -> list[tuple[int, int, str]]:
    rows = (line.split() for line in (case / "expected.txt").read_text().splitlines() if line)
    return [(int(a), int(b), c) for a, b, c in rows]


@pytest.mark.parametrize("case", NEGATIVE, ids=[p.name for p in NEGATIVE])
def test_negative_case_reports_expected_findings(case: Path) -> None:
    code, out = run("validate", "--format", "json", str(case))
    files = json.loads(out)["files"]
    got = [(f["line"], f["column"], f["code"]) for entry in files for f in entry["findings"]]
    assert got == expected_findings(case), out
    errors = any(f["severity"] == "error" for e in files for f in e["findings"])
    assert code == (1 if errors else 0)


@pytest.mark.parametrize("case", NEGATIVE, ids=[p.name for p in NEGATIVE])
def test_negative_case_text_lines_are_compiler_style(case: Path) -> None:
    _, out = run("validate", str(case))
    lines = out.strip().splitlines()
    for (line, col, code), text in zip(expected_findings(case), lines, strict=False):
        assert f":{line}:{col}: " in text
        assert f"[{code}]" in text
    assert "checked" in lines[-1]


def test_minimal_plan_is_valid() -> None:
    code, out = run("validate", str(DATA / "minimal" / "plan.yaml"))
    assert code == 0, out
    assert "no problems found" in out


def test_warnings_fail_only_with_strict() -> None:
    case = str(DATA / "negative" / "control-character")
    assert run("validate", case)[0] == 0
    assert run("validate", "--strict", case)[0] == 1


def test_unreadable_input_exits_2_without_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "no such file" in result.output
    assert "Traceback" not in result.output


def test_bad_format_is_usage_error() -> None:
    assert run("validate", "--format", "xml", str(DATA / "minimal"))[0] == 2


def test_json_shape() -> None:
    _, out = run("validate", "-f", "json", str(DATA / "negative" / "enum-typo"))
    entry = json.loads(out)["files"][0]
    assert set(entry) == {"path", "kind", "valid", "findings"}
    assert entry["kind"] == "innovation_plan"
    assert entry["valid"] is False
    finding = entry["findings"][0]
    assert set(finding) >= {"severity", "code", "message", "pointer", "line", "column"}
    assert finding["pointer"] == "/action"


def test_github_format() -> None:
    _, out = run("validate", "-f", "github", str(DATA / "negative" / "enum-typo"))
    assert out.startswith("::error file=")
    assert ",line=4,col=9,title=schema.enum::" in out


def test_sarif_format() -> None:
    _, out = run("validate", "-f", "sarif", str(DATA / "negative" / "duplicate-key"))
    sarif = json.loads(out)
    result = sarif["runs"][0]["results"][0]
    assert sarif["version"] == "2.1.0"
    assert result["ruleId"] == "yaml.duplicate-key"
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 15,
        "startColumn": 3,
    }


def test_zone_validates_its_members() -> None:
    folder = str(DATA / "negative" / "zone-missing-member")
    _, out = run("validate", "-f", "json", "--allow-outside", folder)
    paths = [f["path"] for f in json.loads(out)["files"]]
    assert any(p.endswith("zone.yaml") for p in paths)
    assert any(p.endswith(os.path.join("minimal", "plan.yaml")) for p in paths)


def test_folder_skips_unrelated_yaml(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text((DATA / "minimal" / "plan.yaml").read_text())
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    (tmp_path / "other.yaml").write_text("name: something else\n")
    code, out = run("validate", str(tmp_path))
    assert code == 0
    assert "1 file checked" in out


def test_python_dash_m_and_console_script() -> None:
    plan = str(DATA / "minimal" / "plan.yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "planforge", "validate", plan], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert "no problems found" in proc.stdout


def test_validate_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from planforge.cli import main\n"
        "try:\n"
        f"    main(['validate', {str(DATA / 'minimal' / 'plan.yaml')!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('docx', 'docxtpl', 'jinja2', 'lxml') if m in sys.modules]\n"
        "print('heavy=' + ','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip().splitlines()[-1] == "heavy=", proc.stdout
