"""The dps pack: EL-12, term length, readability, policy codes and versions."""

from __future__ import annotations

from fixtures import codes, run, valid_plan, valid_zone

from planforge.errors import Severity


def test_el12_flags_cba_and_tecda_but_not_22_63_201() -> None:
    d = valid_plan()
    base = d["waivers"][0]
    d["waivers"] += [
        {
            **base,
            "id": "w-dcta",
            "kind": "cba",
            "citation": "Article 8-1",
            "agreement": "DPS-DCTA 2022-2025",
        },
        {**base, "id": "w-dismissal", "citation": "22-63-301"},
        {**base, "id": "w-license", "citation": "C.R.S. 22-63-201"},
    ]
    findings = run("dps.waivers.el12", d)
    assert [f.pointer for f in findings] == ["/waivers/2", "/waivers/3/citation"]
    assert all(f.severity is Severity.WARNING for f in findings)
    assert "EL-12 allows only C.R.S. 22-63-201" in findings[1].message
    assert run("dps.waivers.el12", valid_plan()) == []


def test_term_length() -> None:
    d = valid_plan()
    d["term"]["end"] = "2031-06-30"
    assert "more than 3 years" in run("dps.term.length", d)[0].message
    assert run("dps.term.length", valid_plan()) == []
    assert run("dps.term.length", valid_zone()) == []


def test_readability_long_sentence() -> None:
    d = valid_plan()
    d["waivers"][0]["replacement_policy"] = " ".join(["word"] * 45) + "."
    [f] = run("dps.waivers.readability", d)
    assert f.severity is Severity.INFO
    assert "45-word sentence" in f.message
    assert run("dps.waivers.readability", valid_plan()) == []


def test_policy_unknown_with_suggestion_and_multi_codes() -> None:
    d = valid_plan()
    d["waivers"][1]["citation"] = "GCBB"
    assert "Did you mean GCB" in run("dps.waivers.policy-unknown", d)[0].message
    d["waivers"][1]["citation"] = "DF / DF-R"
    assert run("dps.waivers.policy-unknown", d) == []


def test_policy_version() -> None:
    d = valid_plan()
    del d["waivers"][1]["policy_version"]
    assert codes(run("dps.waivers.policy-version", d)) == ["dps.waivers.policy-version"]
    assert run("dps.waivers.policy-version", valid_plan()) == []
