"""Reporters: the same findings as text, JSON, GitHub annotations and SARIF."""

from __future__ import annotations

import io
import json

from planforge.errors import Finding, Severity, error, warning
from planforge.reporters import REPORTER_BY_NAME, FileEntry, format_line, summary_line


def entries() -> list[FileEntry]:
    return [
        FileEntry(
            "b.yaml",
            "innovation_plan",
            [
                warning("w.one", "Second, a warning", "/x", line=3, column=2, path="b.yaml"),
                error("e.one", "First: 50% done, a,b", "/y", line=1, column=5, path="b.yaml"),
            ],
        ),
        FileEntry("a.yaml", "zone_agreement", []),
    ]


def render(name: str) -> str:
    out = io.StringIO()
    REPORTER_BY_NAME[name](entries(), out)
    return out.getvalue()


def test_text_is_sorted_compiler_style_with_summary() -> None:
    lines = render("text").splitlines()
    assert lines == [
        "b.yaml:1:5: error [e.one] First: 50% done, a,b",
        "b.yaml:3:2: warning [w.one] Second, a warning",
        "2 files checked: 1 with errors; 1 error, 1 warning.",
    ]


def test_summary_when_clean() -> None:
    assert summary_line([FileEntry("a.yaml", None, [])]) == "1 file checked: no problems found."


def test_json_shape() -> None:
    data = json.loads(render("json"))
    b = data["files"][0]
    assert b["path"] == "b.yaml"
    assert b["valid"] is False
    assert b["kind"] == "innovation_plan"
    assert [f["code"] for f in b["findings"]] == ["e.one", "w.one"]
    assert b["findings"][0] == {
        "severity": "error",
        "code": "e.one",
        "message": "First: 50% done, a,b",
        "pointer": "/y",
        "line": 1,
        "column": 5,
    }
    assert data["files"][1]["valid"] is True


def test_github_escapes_properties_and_data() -> None:
    out = render("github").splitlines()
    assert out[0] == "::error file=b.yaml,line=1,col=5,title=e.one::First: 50%25 done, a,b"
    assert out[1].startswith("::warning file=b.yaml,line=3,col=2")


def test_sarif_has_rules_levels_and_regions() -> None:
    sarif = json.loads(render("sarif"))
    run = sarif["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["e.one", "w.one"]
    assert [r["level"] for r in run["results"]] == ["error", "warning"]
    assert run["results"][1]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 2,
    }


def test_format_line_defaults_missing_position_to_1_1() -> None:
    f = Finding(Severity.INFO, "i.x", "note", path="p.yaml")
    assert format_line(f) == "p.yaml:1:1: info [i.x] note"
