"""The dps pack: EL-12, term length, readability, policy codes and versions."""

from __future__ import annotations

from typing import Any

from fixtures import codes, packs_for, run, valid_plan, valid_zone

from planforge.errors import Severity


def _cba(base: dict[str, Any], wid: str, citation: str, title: str) -> dict[str, Any]:
    return {**base, "id": wid, "kind": "cba", "citation": citation, "title": title,
            "agreement": "DPS-DCTA Agreement 2022-2025"}  # fmt: skip


def test_el12_june_2022_keeps_tecda_salary_grievance_and_complaints() -> None:
    """Denver renewals after June 2022 carry forward contract waivers (the NDIZ renewal of
    March 2023 was sent back partly for seeking waivers the board had curtailed in 2022). The
    teacher workday, work year and extra-duty pay were re-allowed on 16 June 2022; the salary
    schedule, the grievance procedure and TECDA dismissal (22-63-301) were not. 22-63-201
    (licensure for non-core subjects) stays allowed."""
    d = valid_plan()
    base = d["waivers"][0]
    d["waivers"] += [
        _cba(base, "w-workday", "Article 8-1", "Length of the teacher workday"),
        _cba(base, "w-year", "Article 8-7", "Teacher work year and calendar"),
        _cba(base, "w-extra", "Article 12", "Extra duty pay for after-school clubs"),
        _cba(base, "w-salary", "Appendix A", "Salary schedule placement"),
        _cba(base, "w-grievance", "Article 7-3", "Timelines"),
        {**base, "id": "w-dismissal", "citation": "22-63-301"},
        {**base, "id": "w-license", "citation": "C.R.S. 22-63-201"},
    ]
    findings = run("dps.waivers.el12", d)
    assert [f.pointer for f in findings] == ["/waivers/5", "/waivers/6", "/waivers/7/citation"]
    assert all(f.severity is Severity.WARNING for f in findings)
    assert "waives the contract's salary schedule (its citation or title mentions “salary" in (
        findings[0].message
    )
    assert "the grievance procedure (article 7 in earlier DCTA agreements" in findings[1].message
    assert "EL-12 allows only C.R.S. 22-63-201" in findings[2].message
    assert run("dps.waivers.el12", valid_plan()) == []


def test_el12_applies_only_to_plans_submitted_after_it() -> None:
    """DC21 at Wyman (2019) and West Early College (2017) were approved years before EL-12:
    reviewing such a plan under `dps` must not apply the 2022 limits. The plan's `submitted`
    date decides (el12.effective: 2022-06-16)."""
    d = valid_plan()
    d["waivers"].append(_cba(d["waivers"][0], "w-grievance", "Article 7", "Grievance procedure"))
    d["submitted"] = "2019-02-01"
    assert run("dps.waivers.el12", d) == []
    d["submitted"] = "2022-06-16"
    assert codes(run("dps.waivers.el12", d)) == ["dps.waivers.el12"]
    del d["submitted"]  # a plan being written now is held to the current limits
    assert codes(run("dps.waivers.el12", d)) == ["dps.waivers.el12"]


def test_cba_citation_matching_no_known_article_is_a_note() -> None:
    """A Denver plan cites "Article 14" for transfers; planforge's DCTA articles come from the
    2017-2022 and 1999-2002 agreements (transfer was article 13 in 1999-2002), so the citation
    is noted for the reviewer to check against the agreement the waiver names."""
    d = valid_plan()
    base = d["waivers"][0]
    d["waivers"] += [
        _cba(base, "w-transfer", "Article 14", "Transfer, assignment and priority placement"),
        _cba(base, "w-workday", "Article 8-1", "Length of the teacher workday"),
    ]
    [f] = run("dps.waivers.cba-unknown", d)
    assert f.severity is Severity.INFO
    assert f.pointer == "/waivers/2/citation"
    assert f.message.startswith("Waiver 3: Article 14 matches no DCTA article")
    assert "(DPS-DCTA Agreement 2022-2025)" in f.message
    assert run("dps.waivers.cba-unknown", valid_plan()) == []


def test_renewal_waiver_status_is_denver_practice() -> None:
    """The Denver board sent the Northeast Denver Innovation Zone renewal back in March 2023
    because it did not say which 2018 waivers it kept: a `dps` rule, not 22-32.5-110, so `co`
    does not require a status."""
    d = valid_plan()
    d["action"], d["prior_plan_approved"] = "renewal", "2023-04-20"
    for w in d["waivers"]:
        w["status"] = "kept"
    assert run("dps.renewal.waiver-status", d) == []
    del d["waivers"][1]["status"]
    [f] = run("dps.renewal.waiver-status", d)
    assert f.severity is Severity.ERROR
    assert f.message.startswith("Waiver 2 (IGA) has no renewal status; a renewal must say")
    assert f.pointer == "/waivers/1"
    assert "dps.renewal.waiver-status" not in packs_for("co").rules
    assert not [r for r in packs_for("co").rules if r.endswith("waiver-status")]


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
