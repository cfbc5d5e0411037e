"""The grades a school serves (issue 13): preschool, K-12 and the early-college years 13-14."""

from __future__ import annotations

from typing import Any

import pytest
from fixtures import run, valid_plan

from planforge.errors import Severity
from planforge.rules.school import grade_range


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("K-5", (0, 5)),
        ("ECE-8", (-1, 8)),
        ("PK-12", (-1, 12)),
        ("9-14", (9, 14)),
        ("13-14", (13, 14)),
        ("K", (0, 0)),
        ("9 – 12", (9, 12)),
        ("15", None),
        ("grades 1-5", None),
        (None, None),
    ],
)
def test_grade_range(text: Any, expected: Any) -> None:
    assert grade_range(text) == expected


def _bell(d: dict[str, Any]) -> dict[str, Any]:
    bell: dict[str, Any] = d["levers"]["schedule"]["bell_schedules"][0]
    return bell


def test_an_early_college_and_a_preschool_pass() -> None:
    d = valid_plan()
    d["school"]["grades"] = "9-14"
    _bell(d).update(program="secondary", grades="9-14")
    assert run("co.school.grades", d) == []
    d = valid_plan()
    d["school"]["grades"] = "ECE-5"
    d["levers"]["schedule"]["bell_schedules"].append(
        {**_bell(d), "name": "Preschool day", "program": "preschool", "grades": "ECE"}
    )
    assert run("co.school.grades", d) == []


def test_grades_written_high_to_low_are_an_error() -> None:
    d = valid_plan()
    d["school"]["grades"] = "12-9"
    [f] = run("co.school.grades", d)
    assert f.severity is Severity.ERROR
    assert f.pointer == "/school/grades"
    assert "from 12 down to 9" in f.message


def test_a_schedule_outside_the_school_grades_or_program_is_a_warning() -> None:
    d = valid_plan()
    _bell(d).update(grades="6-8")
    findings = run("co.school.grades", d)
    assert [f.pointer for f in findings] == ["/levers/schedule/bell_schedules/0/grades"]
    assert findings[0].severity is Severity.WARNING
    assert "outside the grades the school serves (K-5)" in findings[0].message
    d = valid_plan()
    _bell(d).update(program="preschool", grades="K-5")
    [f] = run("co.school.grades", d)
    assert f.pointer == "/levers/schedule/bell_schedules/0/program"
    assert "preschool program day for grades K-5" in f.message
