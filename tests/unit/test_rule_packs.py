"""Rule packs: selection, custom pack files, declarative rules, broken packs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fixtures import valid_plan

from planforge.errors import InputFileError, ResourceError, Severity
from planforge.packs.loader import load_packs
from planforge.rules import RULES, RuleContext, run_rule


def _run_all(spec: str, data: dict[str, object]) -> list[tuple[str, Severity, str]]:
    ruleset = load_packs(spec)
    ctx = RuleContext(data, "innovation_plan", ruleset.params, ruleset.catalog)
    return [
        (f.code, f.severity, f.message)
        for r, s in ruleset.rules.values()
        for f in run_rule(r, s, ctx)
    ]


def test_co_is_default_and_dps_extends_it() -> None:
    co, both = load_packs("co"), load_packs("co,dps")
    assert co.names == ["co"]
    assert both.names == ["co", "dps"]
    assert load_packs("dps").names == ["co", "dps"]
    assert not any(r.startswith("dps.") for r in co.rules)
    # every rule but Massachusetts's (the `ma` pack, never combined with co: test_rules_ma.py)
    assert set(both.rules) == {r for r in RULES if not r.startswith(("ma.", "ma-ez."))}


def test_custom_pack_disables_rule_and_changes_threshold(tmp_path: Path) -> None:
    data = valid_plan()
    data["consent"][1].update(eligible=20, votes_for=14, votes_against=6)  # 70%
    data["mission"]["statement"] = "Learn."
    pack = tmp_path / "acme.yaml"
    pack.write_text(
        "pack: acme\nextends: co\nparameters:\n  consent.majority: 0.75\n"
        "rules:\n  co.elements.mission: off\n  co.support.groups: warning\n"
    )
    before = _run_all("co", data)
    after = _run_all(str(pack), data)
    assert any(code == "co.elements.mission" for code, _, _ in before)
    assert not any(code == "co.elements.mission" for code, _, _ in after)
    assert not any(code == "co.consent.teachers" for code, _, _ in before)
    teachers = [m for code, _, m in after if code == "co.consent.teachers"]
    assert teachers == [
        "Teachers: 14 of 20 eligible voted yes (70.0%); a majority of all 20 is needed, i.e. at least 16."
    ]
    assert load_packs(str(pack)).rules["co.support.groups"][1] is Severity.WARNING


def test_declarative_rules(tmp_path: Path) -> None:
    pack = tmp_path / "district.yaml"
    pack.write_text(
        "extends: co\ndeclarative:\n"
        "  - id: acme.school.cde-code\n    type: required\n    pointer: /school/cde_code\n"
        "    min_words: 0\n    severity: warning\n    element: mission\n    message: The CDE school code is required\n"
        "  - id: acme.waivers.policy-version\n    type: required\n    pointer: /waivers/*/policy_version\n    min_words: 0\n"
        "  - id: acme.waivers.no-calendar\n    type: forbidden_citation\n    citations: ['22-32-109(1)(n)']\n"
        "    message: the district does not allow calendar waivers\n"
    )
    found = _run_all(str(pack), valid_plan())
    mine = [(c, s, m) for c, s, m in found if c.startswith("acme.")]
    assert (
        "acme.school.cde-code",
        Severity.WARNING,
        "The CDE school code is required (School — CDE school code is missing).",
    ) in mine
    assert [c for c, _, _ in mine].count(
        "acme.waivers.policy-version"
    ) == 1  # only w-calendar lacks it
    assert any(
        c == "acme.waivers.no-calendar" and "does not allow calendar waivers" in m
        for c, _, m in mine
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("rules:\n  co.consent.teacher: off\n", "Did you mean `co.consent.teachers`?"),
        ("rules:\n  co.consent.teachers: loud\n", "must be error, warning, info, on or off"),
        ("rulez: {}\n", "unknown key(s) rulez"),
        ("declarative:\n  - id: x\n    type: magic\n", "needs `id` and `type`"),
    ],
)
def test_broken_pack_is_a_resource_error(tmp_path: Path, text: str, fragment: str) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text("extends: co\n" + text)
    with pytest.raises(ResourceError, match=re.escape(fragment)):
        load_packs(str(pack))


def test_unknown_pack_name_and_missing_file() -> None:
    with pytest.raises(ResourceError, match="bundled packs: co, dps"):
        load_packs("tx")
    with pytest.raises(InputFileError):
        load_packs("nowhere/pack.yaml")


def test_missing_parameter_is_reported(tmp_path: Path) -> None:
    pack = tmp_path / "thin.yaml"
    pack.write_text("rules:\n  co.consent.teachers: error\n")
    with pytest.raises(ResourceError, match=r"consent\.majority"):
        _run_all(str(pack), valid_plan())


def test_every_rule_is_exercised_by_a_test() -> None:
    tests = "".join(p.read_text() for p in Path(__file__).parent.glob("test_rules_*.py"))
    untested = [rule_id for rule_id in RULES if f'"{rule_id}"' not in tests]
    assert untested == []


def test_every_rule_documented() -> None:
    docs = Path(__file__).parents[2] / "docs" / "review.md"
    text = docs.read_text()
    assert [r for r in RULES if f"`{r}`" not in text] == []


def test_default_packs_follow_the_state_the_kind_and_the_zone_type() -> None:
    from planforge.packs.loader import default_packs

    assert default_packs("CO", "innovation_plan") == ("co",)
    assert default_packs("CO", "zone_agreement", "empowerment_zone") == ("co",)
    assert default_packs("MA", "innovation_plan") == ("ma",)
    assert default_packs("MA", "school_operational_plan") == ("ma", "ma-ez")
    assert default_packs("MA", "zone_agreement", "empowerment_zone") == ("ma", "ma-ez")
    assert default_packs("MA", "zone_agreement", "izone") == ("ma",)  # not reviewed yet
