"""Waivers: replacement policies, cross-references, citations and the catalog."""

from __future__ import annotations

from typing import Any

from fixtures import codes, run, valid_plan

from planforge.errors import Severity


def _waiver(**kw: Any) -> dict[str, Any]:
    d = valid_plan()["waivers"][0]
    d.update(kw)
    return d


def _with(*extra: dict[str, Any], levers: tuple[str, ...] = ()) -> dict[str, Any]:
    d = valid_plan()
    d["waivers"].extend(extra)
    d["levers"]["schedule"]["waivers"].extend(levers)
    return d


def test_replacement_policy_must_be_substantive() -> None:
    d = valid_plan()
    d["waivers"][0]["how_intent_is_met"] = "TBD"
    [f] = run("co.waivers.replacement", d)
    assert f.pointer == "/waivers/0/how_intent_is_met"
    assert f.message.startswith("Waiver 1 (C.R.S. 22-32-109(1)(n)(I)): how the intent is met is")
    assert run("co.waivers.replacement", valid_plan()) == []


def test_dropped_waiver_needs_no_replacement() -> None:
    d = valid_plan()
    d["waivers"][0].update(replacement_policy="TBD", status="dropped")
    assert run("co.waivers.replacement", d) == []


def test_orphan_waiver() -> None:
    d = _with(_waiver(id="w-extra", citation="22-1-112", title="School year - national holidays"))
    [f] = run("co.waivers.orphan", d)
    assert f.severity is Severity.WARNING
    assert f.message == (
        "Waiver 3 (C.R.S. 22-1-112) is not among the waivers any lever relies on; list it "
        "under the Schedule lever or drop it."
    )


def test_dropped_waiver_is_not_an_orphan() -> None:
    extra = _waiver(id="w-extra", citation="22-1-112", title="School year - national holidays")
    extra["status"] = "dropped"
    assert run("co.waivers.orphan", _with(extra)) == []
    extra["status"] = "kept"
    assert codes(run("co.waivers.orphan", _with(extra))) == ["co.waivers.orphan"]


def test_dangling_reference_with_did_you_mean() -> None:
    d = valid_plan()
    d["levers"]["schedule"]["waivers"] = ["w-calender"]
    [f] = run("co.waivers.dangling", d)
    assert f.pointer == "/levers/schedule/waivers/0"
    assert f.message == (
        "The Schedule lever relies on a waiver “w-calender” that is not in the plan's list of "
        "waivers. Did you mean “w-calendar”?"
    )
    assert run("co.waivers.dangling", valid_plan()) == []


def test_duplicate_id() -> None:
    d = _with(_waiver(citation="22-1-112"))
    assert codes(run("co.waivers.duplicate-id", d)) == ["co.waivers.duplicate-id"]
    assert run("co.waivers.duplicate-id", valid_plan()) == []


def test_duplicate_citation_across_spellings() -> None:
    d = _with(_waiver(id="w-two", citation="CRS 22-32-109 (1)(N)(I)"), levers=("w-two",))
    assert (
        run("co.waivers.duplicate-citation", d)[0].message
        == "Waiver 3 (C.R.S. 22-32-109(1)(n)(I)) waives the same provision as waiver 1."
    )
    assert run("co.waivers.duplicate-citation", valid_plan()) == []


def test_non_waivable_citations() -> None:
    for citation, fragment in (
        ("C.R.S. 22-54-104(5)", "Public School Finance Act"),
        ("22-7-1006.3", "State assessments"),
        ("C.R.S. 24-51-101", "outside title 22"),
        ("20 U.S.C. 1400 (IDEA)", "federal law"),
        ("22-11-301", "Educational Accountability Act"),
        ("C.R.S. 22-30.5-104(3)", "22-2-117(1)(b)"),  # item (X), listed in the brief
        ("C.R.S. 22-30.5-507(3)", "22-2-117(1)(b)"),
    ):
        d = valid_plan()
        d["waivers"][0]["citation"] = citation
        [f] = run("co.waivers.non-waivable", d)
        assert fragment in f.message, citation
        assert f.severity is Severity.ERROR
    assert run("co.waivers.non-waivable", valid_plan()) == []


def test_fingerprinting_provisions_cannot_be_waived_wherever_they_sit() -> None:
    """22-2-117(1)(b)(IV): any title-22 provision on fingerprinting and criminal history record
    checks of educators and school personnel is non-waivable. A teacher-led school that waives
    staff-hiring statutes must keep the background checks: 22-32-109.8 (nonlicensed staff) is
    listed, and a section the catalog does not know is recognised by the waiver's title."""
    d = valid_plan()
    d["waivers"][0].update(citation="C.R.S. 22-32-109.8(1)", title="Hiring of paraprofessionals")
    [f] = run("co.waivers.non-waivable", d)
    assert "C.R.S. 22-32-109.8(1) (“Applicants selected for nonlicensed positions" in f.message
    assert "22-2-117(1)(b)(IV)" in f.message
    d["waivers"][0].update(citation="C.R.S. 22-32-109.6", title="Fingerprint checks of volunteers")
    [f] = run("co.waivers.non-waivable", d)
    assert "fingerprinting and criminal history record checks" in f.message
    assert "22-2-117(1)(b)(IV)" in f.message
    assert run("co.waivers.citation-unknown", d) == []  # reported once, as non-waivable
    # A known statute is judged by its catalog title, not by a plan's remark about checks.
    d["waivers"][0].update(
        citation="C.R.S. 22-63-201", title="License requirement (background checks still apply)"
    )
    assert run("co.waivers.non-waivable", d) == []


def test_principal_licensure_is_not_mistaken_for_teacher_dismissal() -> None:
    """DPS granted a teacher-led school a waiver of C.R.S. 22-60.5-301 (principal licensure);
    planforge answered "did you mean 22-63-301?", the teacher-dismissal statute."""
    d = valid_plan()
    d["waivers"][0].update(citation="C.R.S. 22-60.5-301", title="Principal licensure")
    assert run("co.waivers.citation-unknown", d) == []
    d["waivers"][0]["citation"] = "C.R.S. 22-60.5-309"  # a typo still gets its suggestion
    [f] = run("co.waivers.citation-unknown", d)
    assert "Did you mean C.R.S. 22-60.5-301" in f.message


def test_citation_format() -> None:
    d = valid_plan()
    d["waivers"][0]["citation"] = "the calendar statute"
    assert codes(run("co.waivers.citation-format", d)) == ["co.waivers.citation-format"]
    assert run("co.waivers.citation-format", valid_plan()) == []


def test_citation_unknown_did_you_mean() -> None:
    d = valid_plan()
    d["waivers"][0]["citation"] = "22-32-190(1)(f)"
    [f] = run("co.waivers.citation-unknown", d)
    assert "Waiver 1 (C.R.S. 22-32-190(1)(f)) is not in the waiver catalog" in f.message
    assert "Did you mean C.R.S. 22-32-109(1)(f)" in f.message


def test_paragraph_of_known_section_is_known() -> None:
    d = valid_plan()
    d["waivers"][0]["citation"] = "22-32-109(1)(n)(II)(A)(1)"
    assert run("co.waivers.citation-unknown", d) == []


def test_title_mismatch_is_info() -> None:
    d = valid_plan()
    d["waivers"][0]["title"] = "Hiring teachers"
    [f] = run("co.waivers.title-mismatch", d)
    assert f.severity is Severity.INFO
    assert "its official title is “School calendar”" in f.message
    assert run("co.waivers.title-mismatch", valid_plan()) == []


def test_cba_waiver_needs_agreement() -> None:
    d = _with(
        _waiver(id="w-dcta", kind="cba", citation="Article 8-1", title="Workday"),
        levers=("w-dcta",),
    )
    assert codes(run("co.waivers.cba-agreement", d)) == ["co.waivers.cba-agreement"]
    d["waivers"][-1]["agreement"] = "DPS-DCTA Agreement 2022-2025"
    assert run("co.waivers.cba-agreement", d) == []
