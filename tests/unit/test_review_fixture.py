"""The shared fixtures are schema-valid and pass every rule (so each failing case is the rule's doing)."""

from __future__ import annotations

from fixtures import codes, member, run, valid_plan, valid_zone

from planforge.inputs.loader import LoadedDocument, SourceMap
from planforge.inputs.validate import validate_document
from planforge.packs.loader import load_packs


def test_fixtures_are_schema_valid() -> None:
    for data in (valid_plan(), valid_zone()):
        _, findings = validate_document(LoadedDocument("t.yaml", data, SourceMap(), []))
        assert findings == []


def test_fixtures_pass_every_rule() -> None:
    ruleset = load_packs("co,dps")
    for rule_id, (rule, _) in ruleset.rules.items():
        for data in (valid_plan(), valid_zone()):
            if data["kind"] in rule.kinds:
                assert codes(run(rule_id, data, members=[member()])) == [], rule_id
