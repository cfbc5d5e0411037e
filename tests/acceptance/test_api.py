"""The library API: the example in docs/api.md runs as written, and the API never prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

import planforge
from planforge.errors import InvalidInputError

ROOT = Path(__file__).resolve().parents[2]
API_DOC = ROOT / "docs" / "api.md"


def _example() -> str:
    blocks = re.findall(r"```python\n(.*?)```", API_DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1, "docs/api.md should hold exactly one runnable example"
    return blocks[0]


def test_docs_api_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(_example(), str(API_DOC), "exec"), {"__name__": "__api_example__"})
    text = printed.getvalue()
    assert "5 files, 0 with errors" in text
    assert "Steelworks" in text
    assert "READY" in text
    assert "bluebird-dual-language-academy-innovation-plan.docx" in text
    assert "confluence-innovation-zone-operating-agreement.docx" in text
    assert "21 documents built; True" in text


def test_api_functions_print_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    plan = ROOT / "examples" / "standalone" / "plan.yaml"
    planforge.review(planforge.check(plan))
    planforge.render(plan, ["waivers"])
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_render_refuses_a_plan_with_validation_errors_unless_draft(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "standalone" / "plan.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "plan.yaml"
    broken.write_text(text.replace("action: initial", "action: sometime"), encoding="utf-8")
    with pytest.raises(InvalidInputError) as caught:
        planforge.render(broken, ["plan"])
    assert [r.resolved for r in caught.value.results] == [broken.resolve()]
    assert caught.value.exit_code == 1
    rendered = planforge.render(broken, ["plan"], draft=True)
    assert rendered.documents[0].ok


def test_the_api_is_lazy() -> None:
    import subprocess
    import sys

    code = "import planforge, sys; planforge.check; print('docxtpl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
