"""The built wheel carries its schemas and templates and works outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    cmd = [
        sys.executable,
        "-m",
        "build",
        "--wheel",
        "--no-isolation",
        "--outdir",
        str(out),
        str(ROOT),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return next(out.glob("planforge-*.whl"))


@pytest.mark.slow
def test_wheel_contains_schemas_templates_and_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for schema in ("plan", "zone", "common"):
        assert f"planforge/_bundled/schemas/{schema}.schema.json" in names
    assert any(n.startswith("planforge/_bundled/templates/") and n.endswith(".docx") for n in names)
    assert "planforge/py.typed" in names


@pytest.mark.slow
def test_installed_wheel_validates_outside_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    pip = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--target",
        str(target),
        str(wheel),
    ]
    assert subprocess.run(pip, capture_output=True).returncode == 0
    work = tmp_path / "elsewhere"
    work.mkdir()
    plan = work / "plan.yaml"
    plan.write_text((ROOT / "tests" / "data" / "minimal" / "plan.yaml").read_text())
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import planforge.resources as r, sys\n"
        "print(r.schemas_dir()); print(r.templates_dir())\n"
        "from planforge.cli import main\n"
        "main(['validate', 'plan.yaml'])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(str(target)), lines
    assert lines[1].startswith(str(target)), lines
    assert "no problems found" in proc.stdout
