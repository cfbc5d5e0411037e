"""`planforge templates check`, broken and hostile templates through `render` and `build`, and
templates restyled and saved by LibreOffice (marked ``pdf``: needs LibreOffice)."""

from __future__ import annotations

import os
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from _template_factory import (
    BOMB_MB,
    BROKEN,
    NAMES,
    copy_all,
    replace_text,
    restyle,
    with_paragraph,
    zip_bomb,
)
from click.testing import CliRunner, Result

from planforge.cli import cli
from planforge.resources import templates_dir

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "examples" / "standalone" / "plan.yaml"
ZONE = ROOT / "examples" / "confluence-zone" / "zone.yaml"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


# --------------------------------------------------------------------------- templates check


def test_bundled_templates_pass() -> None:
    result = run("templates", "check")
    assert result.exit_code == 0, result.output
    for name in NAMES:
        assert f"{name}: ok" in result.output
    assert "7 templates checked: 7 ok, 0 with problems." in result.output


def test_misspelt_variables_are_named(tmp_path: Path) -> None:
    folder = copy_all(tmp_path / "t")
    memo = folder / "review-memo.docx"
    replace_text(memo, memo, "word/header1.xml", "{{ school.name }}", "{{ school.nmae }}")
    replace_text(memo, memo, "word/document.xml", "{{ memo.to }}", "{{ shcool.name }}")
    plan = folder / "innovation-plan.docx"
    replace_text(plan, plan, "word/document.xml", "{{ lever.title }}", "{{ lever.titel }}")
    result = run("templates", "check", folder)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    memo_lines = [line for line in lines if line.startswith(f"{memo}: error: ")]
    assert any("uses shcool.name, which planforge does not provide" in x for x in memo_lines)
    assert any("uses school.nmae, which planforge does not provide" in x for x in memo_lines)
    assert any("word/header1.xml" in x for x in memo_lines)
    assert any(f"{plan}: error: uses lever.titel" in x for x in lines)
    assert f"{folder / 'waiver-request.docx'}: ok" in lines
    assert "7 templates checked: 5 ok, 2 with problems." in lines


def test_structural_problems_missing_and_extra_files(tmp_path: Path) -> None:
    folder = copy_all(tmp_path / "t")
    (folder / "zone-agreement.docx").unlink()
    (folder / "innovation-plan.docx").write_text("not a document")
    (folder / "my-notes.docx").write_bytes((templates_dir() / NAMES[0]).read_bytes())
    result = run("templates", "check", folder)
    assert result.exit_code == 1, result.output
    assert f"{folder / 'zone-agreement.docx'}: error: missing" in result.output
    assert "innovation-plan.docx: error: not a usable template: it is a text file" in result.output
    assert "my-notes.docx: note: not a planforge template name" in result.output
    assert "Traceback" not in result.output


def test_runtime_problems_are_found_by_a_trial_render(tmp_path: Path) -> None:
    folder = copy_all(tmp_path / "t")
    target = folder / "waiver-request.docx"
    with_paragraph(target, target, "{{ cycler.__init__.__globals__ }}")
    result = run("templates", "check", folder)
    assert result.exit_code == 1, result.output
    assert f"{target}: error: the template was stopped: access to attribute" in result.output


def test_usage_and_resource_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run("templates", "check", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "no such folder" in result.output
    from planforge.documents import templates_check

    monkeypatch.setattr(templates_check, "sample_dir", lambda: tmp_path)
    result = run("templates", "check")
    assert result.exit_code == 3
    assert "sample" in result.output
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- broken templates


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bomb")
    return zip_bomb(templates_dir() / "innovation-plan.docx", folder / "innovation-plan.docx")


def _broken_folder(tmp_path: Path, kind: str, bomb: Path) -> Path:
    folder = copy_all(tmp_path / "templates")
    target = folder / "innovation-plan.docx"
    if kind == "zip-bomb":
        target.write_bytes(bomb.read_bytes())
    else:
        BROKEN[kind][0](templates_dir() / "innovation-plan.docx", target)
    return folder


KINDS = [*BROKEN, "zip-bomb"]


def _expected(kind: str) -> str:
    return f"{BOMB_MB} MiB" if kind == "zip-bomb" else BROKEN[kind][1]


def _assert_refused(result: Result, kind: str, out: Path, started: float) -> None:
    assert result.exit_code == 3, result.output
    assert "innovation-plan.docx" in result.stderr
    assert _expected(kind) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.rglob("*.docx"))
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("kind", KINDS)
def test_render_refuses_a_broken_template(tmp_path: Path, kind: str, bomb: Path) -> None:
    folder = _broken_folder(tmp_path, kind, bomb)
    out = tmp_path / "out"
    started = time.monotonic()
    result = run("render", PLAN, "-o", out, "--document", "plan", "--templates", folder)
    _assert_refused(result, kind, out, started)


@pytest.mark.parametrize("kind", KINDS)
def test_build_refuses_a_broken_template(tmp_path: Path, kind: str, bomb: Path) -> None:
    folder = _broken_folder(tmp_path, kind, bomb)
    out = tmp_path / "out"
    started = time.monotonic()
    result = run("build", ZONE, "-o", out, "-q", "--templates", folder)
    _assert_refused(result, kind, out, started)
    assert not out.exists()


def test_zip_bomb_is_refused_at_once(bomb: Path) -> None:
    from planforge.documents.template_package import read_template
    from planforge.errors import TemplateError

    started = time.monotonic()
    with pytest.raises(TemplateError, match="Refused without unpacking it"):
        read_template(bomb)
    assert time.monotonic() - started < 1


# --------------------------------------------------------------------------- hostile templates


def _payload(marker: Path) -> str:
    return f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"


def test_shell_command_in_a_template_does_not_run_on_render(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED_xyz"
    folder = copy_all(tmp_path / "templates")
    for name in NAMES[:4]:  # every Word document `render` writes
        with_paragraph(folder / name, folder / name, _payload(marker))
    out = tmp_path / "out"
    result = run("render", PLAN, "-o", out, "--templates", folder)
    assert result.exit_code == 3, result.output
    assert "the template was stopped: access to attribute '__init__'" in result.stderr
    assert "Traceback" not in result.output
    written = [p.suffix for p in out.iterdir()] if out.exists() else []
    assert written == [".xlsx"]  # only the budget spreadsheet, which has no template
    assert not marker.exists()


def test_shell_command_in_a_template_does_not_run_on_build_or_mou(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED_xyz"
    folder = copy_all(tmp_path / "templates")
    for name in NAMES:
        with_paragraph(folder / name, folder / name, _payload(marker))
    out = tmp_path / "out"
    result = run("build", ZONE, "-o", out, "-q", "-j", "1", "--templates", folder)
    assert result.exit_code == 3, result.output  # every document failed, each said why
    assert result.stderr.count("the template was stopped") == 17  # 4 Word documents x 4 + MOU
    assert not list(out.rglob("*.docx"))
    result = run("mou", ZONE, "-o", out, "--templates", folder)
    assert result.exit_code == 3, result.output
    assert "zone-agreement.docx: the template was stopped" in result.stderr
    assert not marker.exists()


def test_shell_command_in_the_document_properties_does_not_run(tmp_path: Path) -> None:
    from _template_factory import rebuild

    marker = tmp_path / "PWNED_xyz"
    folder = copy_all(tmp_path / "templates")
    target = folder / "innovation-plan.docx"

    def edit(name: str, data: bytes) -> bytes:
        if name != "docProps/core.xml":
            return data
        title = _payload(marker).replace("'", "&apos;").encode()
        return data.replace(b"<dc:title>", b"<dc:title>" + title, 1)

    rebuild(target, target, edit=edit)
    result = run(
        "render", PLAN, "-o", tmp_path / "out", "--document", "plan", "--templates", folder
    )
    assert result.exit_code == 3, result.output
    assert "the template was stopped" in result.stderr
    assert not marker.exists()


# --------------------------------------------------------------------------- LibreOffice


def _soffice() -> str:
    from planforge.documents.pdf.convert import find_soffice
    from planforge.errors import ToolMissingError

    try:
        return find_soffice()
    except ToolMissingError:
        if os.environ.get("PLANFORGE_REQUIRE_PDF") == "1":
            pytest.fail("PLANFORGE_REQUIRE_PDF=1 but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def restyled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every bundled template restyled (fonts, colours) and saved again by LibreOffice."""
    soffice = _soffice()
    work = tmp_path_factory.mktemp("restyle")
    (work / "styled").mkdir()
    for name in NAMES:
        restyle(templates_dir() / name, work / "styled" / name)
    profile = (work / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
         "--outdir", str(work / "saved"), *(str(work / "styled" / n) for n in NAMES)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return work / "saved"


@pytest.mark.pdf
def test_libreoffice_saved_templates_keep_the_restyling(restyled: Path) -> None:
    for name in NAMES:
        with zipfile.ZipFile(restyled / name) as z:
            styles = z.read("word/styles.xml").decode("utf-8")
        assert "DejaVu Sans" in styles
        assert "7030A0" in styles
    # Whether this LibreOffice writes its misspelt core-properties relationship varies by
    # version and document; tests/unit/test_template_safety.py builds that case itself.


@pytest.mark.pdf
def test_libreoffice_saved_templates_pass_the_check(restyled: Path) -> None:
    result = run("templates", "check", restyled)
    assert result.exit_code == 0, result.output
    assert "7 templates checked: 7 ok, 0 with problems." in result.output


RENDERED = [
    *(p for p in sorted((ROOT / "examples").glob("*/plan.yaml")) if p.parent.name != "draft"),
    *sorted((ROOT / "examples" / "renewal").glob("*.yaml")),
]


@pytest.mark.pdf
@pytest.mark.parametrize("plan", RENDERED, ids=[str(p.relative_to(ROOT)) for p in RENDERED])
def test_every_example_renders_with_restyled_templates(
    restyled: Path, plan: Path, tmp_path: Path
) -> None:
    result = run("render", plan, "-o", tmp_path, "--templates", restyled)
    assert result.exit_code == 0, result.output
    written = sorted(tmp_path.glob("*.docx"))
    assert len(written) == 4  # plan, waiver request, budget section, memo (and the .xlsx)
    for path in written:
        with zipfile.ZipFile(path) as z:
            assert z.namelist().count("docProps/core.xml") == 1
            assert "DejaVu" in z.read("word/styles.xml").decode("utf-8")


@pytest.mark.pdf
def test_the_draft_renders_with_restyled_templates(restyled: Path, tmp_path: Path) -> None:
    draft = ROOT / "examples" / "draft" / "plan.yaml"
    result = run("render", draft, "-o", tmp_path, "--draft", "--templates", restyled)
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.docx"))) == 4


@pytest.mark.pdf
def test_the_zone_builds_with_restyled_templates(restyled: Path, tmp_path: Path) -> None:
    result = run("build", ZONE, "-o", tmp_path, "-q", "--templates", restyled)
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.rglob("*.docx"))) == 17  # 4 per school and the agreement
    result = run("mou", ZONE, "-o", tmp_path / "mou", "--templates", restyled)
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_check_runs_from_an_installed_wheel(tmp_path: Path) -> None:
    """The sample plan and zone the check renders from are package data."""
    import sys

    dist, target, work = tmp_path / "dist", tmp_path / "site", tmp_path / "elsewhere"
    build = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)]
    done = subprocess.run([*build, str(ROOT)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    wheel = next(dist.glob("planforge-*.whl"))
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target)]
    assert subprocess.run([*pip, str(wheel)], capture_output=True).returncode == 0
    work.mkdir()
    code = "from planforge.cli import main\nmain(['templates', 'check'])\n"
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert str(target) in done.stdout
    assert "7 templates checked: 7 ok, 0 with problems." in done.stdout
