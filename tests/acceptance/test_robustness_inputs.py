"""Issue 12, inputs side: numbers, files that misbehave, text as typed, pack parameters and
member paths outside the zone. Every case: the promised exit code, a message naming the
problem, and never a traceback."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from planforge.cli import cli

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "tests" / "data" / "minimal" / "plan.yaml"
ZONE = ROOT / "examples" / "confluence-zone" / "zone.yaml"
_SCHOOLS = re.compile(r"schools:\n(  - plan: .*\n    joined: .*\n)+")


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def plan_with(folder: Path, old: str, new: str, name: str = "plan.yaml") -> Path:
    text = PLAN.read_text(encoding="utf-8")
    assert old in text
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def zone_with(folder: Path, *plans: str) -> Path:
    """The example zone, its `schools:` replaced by the given plan paths."""
    entries = "".join(f"  - plan: {p}\n    joined: 2026-07-01\n" for p in plans)
    text = _SCHOOLS.sub(lambda _: f"schools:\n{entries}", ZONE.read_text(encoding="utf-8"))
    target = folder / "zone.yaml"
    target.write_text(text, encoding="utf-8")
    return target


def schools(folder: Path, *names: str) -> list[str]:
    """One copy of the minimal plan per name, each with its own school name."""
    out = []
    for name in names:
        plan_with(folder / name, "Juniper Ridge Elementary", f"{name.title()} Elementary")
        out.append(f"{name}/plan.yaml")
    return out


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        return z.read("word/document.xml").decode("utf-8")


# --------------------------------------------------------------------------- 1. numbers


@pytest.mark.parametrize(
    ("old", "typed", "field"),
    [
        ("enrollment: 300", "9" * 5000, "enrollment"),
        ("proposed: 60000}", "1e309", "proposed"),
        ("total_cost: 960000", "1e999", "total_cost"),
        ("fte: 12\n", "1e-400", "fte"),
    ],
)
def test_numbers_no_plan_can_mean_are_refused_at_their_line(
    tmp_path: Path, old: str, typed: str, field: str
) -> None:
    value = old.split(": ")[1].rstrip("}\n")
    plan = plan_with(tmp_path, old, old.replace(value, typed))
    line = line_of(plan, typed[:30])
    result = run("validate", str(plan))
    assert result.exit_code == 1, result.output
    assert f"plan.yaml:{line}:" in result.output
    assert "error [schema.number-range]" in result.output
    assert f"`{field}` is `{typed[:20]}" in result.output
    for command in (["review"], ["render", "-o", str(tmp_path / "out")]):
        other = run(*command, str(plan))
        assert other.exit_code == 1, other.output
    assert not (tmp_path / "out").exists()


def test_a_huge_cost_never_overflows_render_or_diff(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, "proposed: 60000}", "proposed: 1e309}")
    draft = run("render", str(plan), "--draft", "-o", str(tmp_path / "out"))
    assert draft.exit_code == 0, draft.output
    for doc in (tmp_path / "out").glob("*.docx"):
        text = document_xml(doc)
        assert "$inf" not in text
    diff = run("diff", str(PLAN), str(plan))
    assert diff.exit_code == 0, diff.output
    assert "$inf" not in diff.output
    assert "schema error" in diff.output


def test_numbers_a_plan_can_mean_still_load_as_numbers(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, "cost: 960000\n", "cost: 999999999999999.5\n")
    result = run("validate", str(plan))
    assert result.exit_code == 0, result.output
    assert "number-range" not in result.output


# --------------------------------------------------------------------------- 2. unreadable files


@pytest.fixture
def no_access(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Paths (absolute) that cannot be opened, as for a file without read permission (tests
    run as root, where chmod 000 does not stop reads)."""
    refused: set[str] = set()
    real_open, real_path_open = os.open, Path.open

    def denied(path: object) -> None:
        if os.path.abspath(str(path)) in refused:
            raise PermissionError(13, "Permission denied", str(path))

    def fake_open(path: str | Path, flags: int, *args: int, **kwargs: int) -> int:
        denied(path)
        return real_open(path, flags, *args, **kwargs)

    def fake_path_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        denied(self)
        return real_path_open(self, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(Path, "open", fake_path_open)
    return refused


@pytest.mark.parametrize("command", ["validate", "review", "render", "mou", "build"])
def test_unreadable_file_says_why_in_every_command(
    tmp_path: Path, no_access: set[str], command: str
) -> None:
    zone = zone_with(tmp_path, *schools(tmp_path, "a"))
    no_access.add(str(zone.resolve()))
    output = ["-o", str(tmp_path / "out")] if command in ("render", "mou", "build") else []
    result = run(command, str(zone), *output)
    assert result.exit_code == 2, result.output
    assert "zone.yaml: cannot be read (Permission denied)" in result.output
    assert "not a zone file" not in result.output


BAD_FILES = {
    "not-utf8": (b"kind: zone_agreement\nzone: {name: caf\xe9}\n", "2:", "yaml.not-utf8"),
    "binary": (b"kind: zone_agreement\n\x00\x01\x02PK\x03\x04", "2:1:", "yaml.binary"),
    "too-deep": (
        b"kind: zone_agreement\nx: " + b"[" * 100 + b"]" * 100 + b"\n",
        "2:",
        "yaml.too-deep",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
@pytest.mark.parametrize("command", ["render", "mou", "build"])
def test_a_file_that_cannot_be_read_gives_its_real_reason(
    tmp_path: Path, case: str, command: str
) -> None:
    content, where, code = BAD_FILES[case]
    target = tmp_path / "zone.yaml"
    target.write_bytes(content)
    result = run(command, str(target), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert f"zone.yaml:{where}" in result.output
    assert f"error [{code}]" in result.output
    assert "cannot be read as" in result.output
    assert "not a zone file" not in result.output
    assert "no innovation plan" not in result.output


# --------------------------------------------------------------------------- 3. FIFOs, devices


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


@needs_fifo
def test_folder_scan_skips_a_fifo_instead_of_blocking(tmp_path: Path) -> None:
    shutil.copy(PLAN, tmp_path / "plan.yaml")
    (tmp_path / "pipe").mkdir()
    os.mkfifo(tmp_path / "pipe" / "plan.yaml")
    os.mkfifo(tmp_path / "other.yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "planforge", "validate", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 file checked" in proc.stdout


@needs_fifo
def test_a_fifo_named_directly_is_refused_unread(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "plan.yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "planforge", "validate", str(tmp_path / "plan.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "is not a regular file (a named pipe)" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_dev_zero_is_refused_in_every_place(tmp_path: Path) -> None:
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    direct = run("validate", str(tmp_path / "zero.yaml"))
    assert direct.exit_code == 2
    assert "is not a regular file (a device)" in direct.output
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "plan.yaml").symlink_to("/dev/zero")
    shutil.copy(PLAN, tmp_path / "plan.yaml")
    scan = run("validate", str(tmp_path))
    assert scan.exit_code == 0, scan.output  # the link is skipped, the plan checked
    assert "1 file checked" in scan.output
    zone = zone_with(tmp_path, *schools(tmp_path, "a"), "z/plan.yaml")
    member = run("validate", "--allow-outside", str(zone))  # it leads out: allowed, still refused
    assert member.exit_code == 1
    assert "error [zone.member-unreadable] Member plan `z/plan.yaml` is not a regular file" in (
        member.output
    )


@needs_fifo
def test_a_fifo_member_is_refused_and_the_others_checked(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    os.mkfifo(tmp_path / "p" / "plan.yaml")
    zone = zone_with(tmp_path, *schools(tmp_path, "a"), "p/plan.yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "planforge", "validate", str(zone)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "[zone.member-unreadable] Member plan `p/plan.yaml` is not a regular file" in (
        proc.stdout
    )
    assert "2 files checked" in proc.stdout


def test_the_size_limit_applies_while_reading(tmp_path: Path) -> None:
    from planforge.inputs.loader import MAX_BYTES, read_limited

    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES * 2))
    assert len(read_limited(big, "big.yaml", MAX_BYTES + 1)) == MAX_BYTES + 1
    result = run("validate", str(big))
    assert result.exit_code == 1
    assert "error [yaml.too-large]" in result.output


# --------------------------------------------------------------------------- 4. one member


def test_an_unreadable_member_never_stops_the_zone(tmp_path: Path, no_access: set[str]) -> None:
    zone = zone_with(tmp_path, *schools(tmp_path, "alpha", "beta", "gamma"))
    no_access.add(str((tmp_path / "beta" / "plan.yaml").resolve()))
    line = line_of(zone, "beta/plan.yaml")
    checked = run("validate", str(zone))
    assert checked.exit_code == 1, checked.output
    assert (
        f"zone.yaml:{line}:11: error [zone.member-unreadable] Member plan `beta/plan.yaml` "
        "cannot be read: Permission denied"
    ) in checked.output
    out = tmp_path / "packet"
    built = run("build", str(zone), "-o", str(out), "-j", "1", "-q")
    assert built.exit_code == 1, built.output
    assert "[zone.member-unreadable] Member plan `beta/plan.yaml` cannot be read" in built.output
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == ["alpha-elementary", "gamma-elementary"]
    assert len(list(out.glob("*/*.docx"))) == 2 * len(list(out.glob("alpha-elementary/*.docx")))
    assert (out / "SUMMARY.md").is_file()
    assert (out / "manifest.json").is_file()


def test_a_member_deleted_while_the_zone_is_read_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planforge.inputs.pipeline as pipeline
    from planforge.inputs.loader import load_file

    zone = zone_with(tmp_path, *schools(tmp_path, "alpha", "beta"))
    victim = (tmp_path / "beta" / "plan.yaml").resolve()
    real = load_file

    def vanishing(path: Path, **kw: str) -> object:
        if Path(path).resolve() == victim:
            victim.unlink()  # deleted after the zone listed it, before it was read
        return real(path, **kw)

    monkeypatch.setattr(pipeline, "load_file", vanishing)
    out = tmp_path / "packet"
    result = run("build", str(zone), "-o", str(out), "-j", "1", "-q")
    assert result.exit_code == 1, result.output
    assert "Member plan `beta/plan.yaml` cannot be read: no such file" in result.output
    assert [p.name for p in out.iterdir() if p.is_dir()] == ["alpha-elementary"]
    assert (out / "manifest.json").is_file()


# --------------------------------------------------------------------------- 5. names not UTF-8


def _bad_folder(tmp_path: Path) -> Path:
    folder = Path(os.fsdecode(os.fsencode(tmp_path) + b"/zone-\xff-caf\xe9"))
    try:
        folder.mkdir()
    except (OSError, UnicodeError):  # pragma: no cover - a file system that refuses the name
        pytest.skip("this file system does not allow names that are not UTF-8")
    return folder


def test_folder_name_not_utf8_gives_valid_json_and_text(tmp_path: Path) -> None:
    folder = _bad_folder(tmp_path)
    zone = zone_with(folder, *schools(folder, "a"))
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(zone)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout_bytes.decode("utf-8"))  # valid UTF-8, valid JSON
    assert {f["path"] for f in data["files"]} == {str(zone), str(folder / "a" / "plan.yaml")}
    plan = plan_with(folder, "kind: innovation_plan", "kind: innovation_plan\nbogus: 1")
    text = CliRunner().invoke(cli, ["validate", str(plan)])
    assert text.exit_code == 1
    assert "zone-\\xff-caf\\xe9" in text.stdout_bytes.decode("utf-8")


def test_folder_name_not_utf8_still_writes_manifest_and_summary(tmp_path: Path) -> None:
    folder = _bad_folder(tmp_path)
    zone = zone_with(folder, *schools(folder, "a"))
    out = folder / "packet"
    command: list[str | bytes] = [
        sys.executable,
        "-m",
        "planforge",
        "build",
        os.fsencode(zone),
        "-o",
        os.fsencode(out),
    ]
    first = subprocess.run([*command, "-j", "1"], capture_output=True, timeout=600)
    stdout, stderr = first.stdout.decode("utf-8"), first.stderr.decode("utf-8")  # valid UTF-8
    assert first.returncode in (0, 1), stdout + stderr
    assert "Traceback" not in stderr
    assert "zone-\\xff-caf\\xe9" in stdout
    manifest = json.loads((out / "manifest.json").read_bytes().decode("utf-8"))
    assert manifest["zone"]["path"] == str(zone)  # the JSON escape reads back as the path
    summary = (out / "SUMMARY.md").read_bytes().decode("utf-8")
    assert "zone-\\xff-caf\\xe9" in summary
    again = subprocess.run([*command, "-j", "1"], capture_output=True, timeout=600)
    assert " 0 built" in again.stdout.decode("utf-8"), again.stdout + again.stderr


# --------------------------------------------------------------------------- 13. text as typed


def test_a_wrapped_line_starting_with_a_year_stays_text_and_warns(tmp_path: Path) -> None:
    wrapped = (
        "rationale: |\n"
        "      Our students need more phonics practice, and the program will be in every\n"
        "      classroom by fall\n"
        "      2029. Until then teachers share materials\n"
        "      - and coaching - across grades."
    )
    plan = plan_with(
        tmp_path,
        "rationale: Our students need more phonics practice than the district program offers.",
        wrapped,
    )
    result = run("validate", str(plan))
    assert result.exit_code == 0, result.output
    year, dash = line_of(plan, "2029. Until"), line_of(plan, "- and coaching")
    assert f"plan.yaml:{year}:7: warning [text.wrapped-list-marker]" in result.output
    assert f"plan.yaml:{dash}:7: warning [text.wrapped-list-marker]" in result.output
    assert "not as a numbered item" in result.output
    assert "not as a bullet" in result.output
    assert run("validate", "--strict", str(plan)).exit_code == 1
    out = tmp_path / "out"
    rendered = run("render", str(plan), "-o", str(out), "--document", "plan")
    assert rendered.exit_code == 0, rendered.output
    xml = document_xml(out / "juniper-ridge-elementary-innovation-plan.docx")
    assert "fall 2029. Until then teachers share materials - and coaching - across grades." in (xml)


def test_a_list_the_writer_clearly_meant_is_still_a_list() -> None:
    from planforge.documents.markdown import parse

    kinds = [b.kind for b in parse("Our goals:\n- reading\n- math\n\n2029. a year\n2030. next")]
    assert kinds == ["para", "bullet", "bullet", "number", "number"]


# --------------------------------------------------------------------------- 14. Markdown


NAME = "Smith & Jones <Charter> School"


def test_a_name_with_markup_characters_reads_as_typed_in_markdown(tmp_path: Path) -> None:
    plan = plan_with(tmp_path / "a", "Juniper Ridge Elementary", f'"{NAME}"')
    review = run("review", "--format", "markdown", str(plan))
    assert "## Smith & Jones \\<Charter\\> School — " in review.output
    assert "<Charter>" not in review.output
    zone = zone_with(tmp_path, "a/plan.yaml")
    out = tmp_path / "packet"
    run("build", str(zone), "-o", str(out), "-j", "1", "-q")
    summary = (out / "SUMMARY.md").read_text(encoding="utf-8")
    assert "| Smith & Jones \\<Charter\\> School |" in summary
    assert "<Charter>" not in summary


# --------------------------------------------------------------------------- 15. packs


@pytest.mark.parametrize(
    ("parameters", "name", "shown"),
    [
        ("  term.max_years: three\n", "term.max_years", "three"),
        ("  schedule.min_days: 1e400\n", "schedule.min_days", "1e400"),
        ("  consent.majority: {value: half}\n", "consent.majority", "half"),
        ("  support.groups: 5\n", "support.groups", "5"),
        (
            "  readability.max_sentence_words: 99999999999\n",
            "readability.max_sentence_words",
            "99999999999",
        ),
    ],
)
def test_a_pack_parameter_of_the_wrong_type_or_size_is_exit_3(
    tmp_path: Path, parameters: str, name: str, shown: str
) -> None:
    pack = tmp_path / "acme.yaml"
    pack.write_text(f"pack: acme\nextends: dps\nparameters:\n{parameters}", encoding="utf-8")
    for command in ("review", "render"):
        args = [command, "--rules", str(pack), str(PLAN)]
        result = run(*args, *(["-o", str(tmp_path / "out")] if command == "render" else []))
        assert result.exit_code == 3, result.output
        assert f"rule pack {pack}: parameter `{name}` must be" in result.output
        assert f"(it is `{shown}" in result.output


# --------------------------------------------------------------------------- 17. outside paths


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path opened while the fixture is active (real paths, links followed)."""
    seen: list[str] = []
    real_open, real_path_open = os.open, Path.open

    def spy(path: str | Path, flags: int, *args: int, **kwargs: int) -> int:
        seen.append(os.path.realpath(path))
        return real_open(path, flags, *args, **kwargs)

    def path_spy(self: Path, *args: Any, **kwargs: Any) -> Any:
        seen.append(os.path.realpath(self))
        return real_path_open(self, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    monkeypatch.setattr(Path, "open", path_spy)
    return seen


def test_member_paths_outside_the_zone_are_refused_unread(
    tmp_path: Path, opened: list[str]
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("kind: innovation_plan\nTOKEN_abc123: leaked\n", encoding="utf-8")
    zone_dir = tmp_path / "zone"
    zone_dir.mkdir()
    names = schools(zone_dir, "a")
    (zone_dir / "b").mkdir()
    (zone_dir / "b" / "plan.yaml").symlink_to(secret)
    members = [*names, "../secret.yaml", str(secret), "b/plan.yaml"]
    if Path("/proc/self/environ").exists():
        (zone_dir / "env").mkdir()
        (zone_dir / "env" / "plan.yaml").symlink_to("/proc/self/environ")
        members.append("env/plan.yaml")
    zone = zone_with(zone_dir, *members)
    for command in (
        ["validate"],
        ["review"],
        ["render", "-o", str(tmp_path / "r")],
        ["mou", "-o", str(tmp_path / "m")],
        ["build", "-o", str(tmp_path / "p"), "-j", "1", "-q"],
    ):
        opened.clear()
        result = run(*command, str(zone))
        assert result.exit_code == 1, (command, result.output)
        assert "TOKEN_abc123" not in result.output
        assert str(secret) not in opened
        assert not any(p.endswith("/environ") for p in opened)
        if command[0] == "validate":
            assert result.output.count("error [zone.member-outside]") == len(members) - 1
            assert "leads outside the zone's folder through a link" in result.output
            assert "--allow-outside" in result.output
    allowed = run("validate", "--allow-outside", str(zone))
    assert "zone.member-outside" not in allowed.output
    assert str(secret) in opened
