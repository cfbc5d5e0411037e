"""A waiver's rationale: present, substantive and the school's own reason (co.waivers.rationale)."""

from __future__ import annotations

from typing import Any

from fixtures import codes, run, valid_plan

from planforge.errors import Severity

RULE = "co.waivers.rationale"


def _policy_waiver(**kw: Any) -> dict[str, Any]:
    waiver = {
        "id": "w-df-r",
        "kind": "district_policy",
        "citation": "DF-R",
        "title": "Revenue from Non Tax Sources Procedures for School-Based Sponsorships",
        "policy_version": "2015-01-01",
        "levers": ["budget"],
        "rationale": "The School requests waivers from policy DF-R.",
        "replacement_policy": (
            "The School has the authority to collect revenue directly from sponsorships subject "
            "to District oversight through routine reporting to the Office of Budget."
        ),
        "how_intent_is_met": (
            "Sponsorship revenue is reported to the Office of Budget every quarter, as the "
            "policy's procedures intend."
        ),
    }
    waiver.update(kw)
    return waiver


def _plan_with(waiver: dict[str, Any]) -> dict[str, Any]:
    data = valid_plan()
    data["waivers"].append(waiver)
    data["levers"]["budget"]["waivers"].append(waiver["id"])
    return data


def test_a_rationale_in_the_schools_own_words_passes() -> None:
    assert run(RULE, valid_plan()) == []
    own = _policy_waiver(
        rationale=(
            "The policy routes every sponsorship through the district, so our family nights "
            "and robotics team cannot accept local business sponsorships directly."
        )
    )
    assert run(RULE, _plan_with(own)) == []


def test_west_campus_appendix_e_restating_the_request() -> None:
    """DPS's "Appendix E Waiver Request Template" as West Leadership Academy filled it in
    (West campus, beside West Early College; copy at businessdocbox.com): the "Description of
    Innovation" cell of the DF-R waiver says only "The School requests waivers from policy
    DF-R." and its replacement repeats the DF waiver's word for word. CSI and CDE practice want
    a rationale beside the replacement plan; a restated request is none, so the review warns."""
    [f] = run(RULE, _plan_with(_policy_waiver()))
    assert f.severity is Severity.WARNING
    assert f.pointer == "/waivers/2/rationale"
    assert f.message.startswith("Waiver 3 (DF-R): the rationale only restates the request")
    assert "waivers[" not in f.message  # fields are named, not YAML paths


def test_a_rationale_copied_from_the_replacement_policy() -> None:
    copied = _policy_waiver()
    copied["rationale"] = copied["replacement_policy"].upper()
    [f] = run(RULE, _plan_with(copied))
    assert "repeats the replacement policy word for word" in f.message


def test_placeholder_or_too_short_rationale() -> None:
    for text, fragment in (
        ("TBD", "is a placeholder ('TBD')"),
        ("Needed for budget.", "has only 3 words (at least 6 expected)"),
    ):
        found = run(RULE, _plan_with(_policy_waiver(rationale=text)))
        assert codes(found) == [RULE]
        assert fragment in found[0].message


def test_a_dropped_waiver_needs_no_rationale() -> None:
    waiver = _policy_waiver(status="dropped")
    assert run(RULE, _plan_with(waiver)) == []


def test_dps_keeps_the_co_severity() -> None:
    """DPS asks for replacement language and how the intent is met (thecommons.dpsk12.org,
    Page 1917), which co.waivers.replacement checks; no DPS source makes a rationale an error."""
    [co] = run(RULE, _plan_with(_policy_waiver()), packs="co")
    [dps] = run(RULE, _plan_with(_policy_waiver()), packs="co,dps")
    assert co.severity is dps.severity is Severity.WARNING
