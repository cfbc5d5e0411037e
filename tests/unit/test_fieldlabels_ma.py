"""Massachusetts fields as a principal or a zone director names them (domain/fieldlabels.py):
every field of a school operational plan and of a zone's or an innovation plan's `ma:` block,
in the words of domain/labels.py, never a code, a Colorado word or a YAML path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planforge.authoring.schemawalk import iter_fields
from planforge.authoring.starter import placeholder_data
from planforge.domain.fieldlabels import field_label, plain_message
from planforge.inputs.loader import load_file

ROOT = Path(__file__).resolve().parents[2]
MA = ROOT / "examples" / "massachusetts"
EZ = MA / "empowerment-zone"
SOPS = sorted((EZ / "schools").glob("*/operational-plan.yaml"))


def _load(path: Path) -> Any:
    return load_file(path).data


@pytest.fixture(scope="module")
def canal_street() -> Any:
    return _load(EZ / "schools" / "canal-street" / "operational-plan.yaml")


@pytest.fixture(scope="module")
def zone() -> Any:
    return _load(EZ / "zone.yaml")


@pytest.fixture(scope="module")
def innovation_plan() -> Any:
    return _load(MA / "innovation-school" / "plan.yaml")


def pointers(schema: str, under: tuple[str, ...] = ()) -> Iterator[str]:
    """Every field of a schema (the first and second item of every list), as JSON Pointers;
    with `under`, only the fields in those top-level sections."""
    for field in iter_fields(schema):
        if under and field.path.split(".", 1)[0].removesuffix("[]") not in under:
            continue
        pointer = "/" + field.path.replace("[]", ".0").replace(".", "/")
        yield pointer
        if field.schema.get("type") == "array":
            yield f"{pointer}/0"
            yield f"{pointer}/1"


def _documents() -> list[tuple[str, str, tuple[str, ...], Any]]:
    """(test id, schema, sections walked, data): the examples, the starters' placeholder
    values and no document at all (items then have no names)."""
    cases: list[tuple[str, str, tuple[str, ...], Any]] = [
        (f"sop-{path.parent.name}", "sop", (), _load(path)) for path in SOPS
    ]
    cases += [
        ("sop-starter", "sop", (), placeholder_data("sop")),
        ("sop-without-data", "sop", (), {"kind": "school_operational_plan"}),
        ("zone-example", "zone", ("ma", "governance"), _load(EZ / "zone.yaml")),
        ("zone-starter", "zone", ("ma", "governance"), placeholder_data("zone-ma")),
        ("plan-example", "plan", ("ma",), _load(MA / "innovation-school" / "plan.yaml")),
        ("plan-without-data", "plan", ("ma",), None),
    ]
    return cases


CASES = _documents()
CODE = re.compile(r"[a-z]+_[a-z_]+")
BARE_ITEM = re.compile(r"\bitem \d+\b", re.IGNORECASE)
COLORADO = ("savings", "waiver", "C.R.S.", "SAC", "CDE")


@pytest.mark.parametrize(
    ("schema", "under", "data"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_every_massachusetts_field_has_a_readers_label(
    schema: str, under: tuple[str, ...], data: Any
) -> None:
    labels = {pointer: field_label(data, pointer) for pointer in pointers(schema, under)}
    assert len(labels) > 40
    for pointer, label in labels.items():
        where = (pointer, label)
        assert label[:1].isupper(), where
        assert not CODE.search(label), where  # `professional_development`
        assert "_" not in label, where
        assert not re.match(r"Ma\b", label), where  # `Ma: board — character`
        assert not BARE_ITEM.search(label), where  # `Ma: item 1 — description`
        assert "/" not in label.split("(")[0], where  # no YAML path
        for word in COLORADO:
            assert word not in label, where


@pytest.mark.parametrize(
    ("pointer", "label"),
    [
        ("/budget/lines/1/amount", "Budget line 2 (Extended learning time) — amount"),
        (
            "/teacher_leadership_team/members/2/elected",
            "Teacher Leadership Team member 3 (Jonas Eberhardt-Silva) — date elected",
        ),
        ("/levers/professional_development", "Lever: professional development"),
        ("/goals/0/baseline", "Goal 1 (g-math) — baseline"),
        ("/goals/0/id", "Goal 1 (g-math)"),
        ("/strategies/1/owner", "Strategy 2 — owner"),
        (
            "/working_conditions/items/0/contract_article",
            "Educator working condition 1 (Teacher workday) — contract article",
        ),
        ("/approvals/2/date", "Approval 3 (Zone Board, school operational plan) — date"),
        (
            "/teacher_leadership_team/election/method",
            "Teacher Leadership Team election — method",
        ),
        ("/budget/signed/principal", "Budget — date signed by the principal"),
        ("/school/principal/email", "Principal — email"),
        (
            "/calendar/bell_schedules/0/blocks/1/start",
            "Bell schedule 1 (Regular day) — block 2 (Advisory) — start time",
        ),
        ("/signatories/0/name", "Signatory 1 (Marisol Vance-Okoro) — name"),
        ("/vision", "Vision"),
    ],
)
def test_school_operational_plan_labels(canal_street: Any, pointer: str, label: str) -> None:
    assert field_label(canal_street, pointer) == label


@pytest.mark.parametrize(
    ("pointer", "label"),
    [
        (
            "/ma/zone_contract/ratification/votes_for",
            "Zone teacher contract — ratification vote — votes for",
        ),
        ("/ma/annual_cycle/1/month", "Annual cycle 2 (school operational plan) — month"),
        ("/ma/return_of_schools/process", "Return of schools — process"),
        ("/ma/return_of_schools/vehicle", "Return of schools — how schools return"),
        (
            "/governance/seats/0/authority",
            "Board seat group 1 (Commissioner of Elementary and Secondary Education) — authority",
        ),
        ("/ma/board/character", "Zone Board — legal character"),
        (
            "/ma/approvals/school_committee/votes_for",
            "Approval of the memorandum — School Committee vote — votes for",
        ),
        (
            "/ma/zone_contract/parties/1",
            "Zone teacher contract — party 2 (Harlow Falls Education Association)",
        ),
        ("/parties/1/name", "Party 2 (Massachusetts Department of Elementary…) — name"),
        ("/governance/size", "Governing board — board size"),
        ("/ma", "Massachusetts terms"),
    ],
)
def test_zone_labels(zone: Any, pointer: str, label: str) -> None:
    assert field_label(zone, pointer) == label


@pytest.mark.parametrize(
    ("pointer", "label"),
    [
        (
            "/ma/autonomies/1/cba_changes/0/article",
            "Area of autonomy 2 (school schedule and calendar) — union-contract change 1 "
            "(Article 14, §2 (length of the teacher work day)) — contract article",
        ),
        ("/ma/teacher_vote/eligible", "Teacher vote — teachers eligible"),
        (
            "/ma/school_committee/vote/members_full",
            "School Committee — final vote — members of the full committee",
        ),
        (
            "/ma/screening/decisions/0/outcome",
            "Screening committee decision 1 (2025-11-03) — outcome",
        ),
        (
            "/ma/plan_committee/0/role",
            "Innovation plan committee member 1 (Denise Okafor-Lindqvist) — role",
        ),
        (
            "/ma/prospectus/autonomies_sought/1",
            "Prospectus — area of autonomy sought 2 (school schedule and calendar)",
        ),
    ],
)
def test_innovation_plan_labels(innovation_plan: Any, pointer: str, label: str) -> None:
    assert field_label(innovation_plan, pointer) == label


def test_the_same_path_is_named_by_the_documents_kind(canal_street: Any) -> None:
    pointer = "/budget/lines/1/amount"
    assert field_label(canal_street, pointer).endswith("— amount")
    colorado = {"kind": "innovation_plan", "budget": canal_street["budget"]}
    assert field_label(colorado, pointer) == "Budget: item 2 (extended_time) — estimated savings"


def test_colorado_zones_keep_their_labels(zone: Any) -> None:
    colorado = {**zone, "jurisdiction": "CO"}
    colorado.pop("ma")
    assert field_label(colorado, "/governance/seats/0/authority") == (
        "Governing board: seat group 1 (Commissioner of Elementary and…) — authority"
    )
    assert field_label(colorado, "/parties/1/name") == (
        "Party 2 (massachusetts department of elementary…) — name"
    )


def test_messages_name_massachusetts_fields_in_their_words(canal_street: Any) -> None:
    said = plain_message(
        "`amount` must be a plain number; see `budget.lines[2].amount` and `working_conditions`.",
        canal_street,
        "/budget/allocation",
    )
    assert said == (
        "amount must be a plain number; see Budget line 2 (Extended learning time) — amount "
        "and educator working conditions."
    )
    assert plain_message("`amount` is empty", canal_street, "/budget/lines/1/amount") == (
        "Budget line 2 (Extended learning time) — amount is empty"
    )
