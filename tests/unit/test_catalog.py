"""The waiver catalog: normalisation, lookup, non-waivable checks, did-you-mean, search."""

from __future__ import annotations

import pytest

from planforge.domain.catalog import display, load_catalog, normalize, normalize_statute, parents


@pytest.mark.parametrize(
    "text",
    [
        "CRS 22-32-109 (1)(f)",
        "C.R.S. § 22-32-109(1)(f)",
        "22-32-109(1)(F)",
        "c.r.s. 22-32-109(1)(f).",
        "C.R.S. §§ 22-32-109 (1) (f)",
    ],
)
def test_statute_spellings_normalise_alike(text: str) -> None:
    assert normalize_statute(text) == "22-32-109(1)(f)"


def test_subparagraph_case() -> None:
    assert normalize("crs 22-32-109(1)(N)(ii)(a)") == "22-32-109(1)(n)(II)(A)"
    assert display("22-32-109(1)(f)") == "C.R.S. 22-32-109(1)(f)"


def test_other_citation_kinds() -> None:
    assert normalize("bdfh", "district_policy") == "BDFH"
    assert normalize("article 8-1", "cba") == "Article 8-1"
    assert normalize("Article 54 of title 22") == "22-54"
    assert normalize_statute("Policy BDFH") is None


def test_parents() -> None:
    assert parents("22-32-109(1)(n)(II)(A)") == [
        "22-32-109(1)(n)(II)",
        "22-32-109(1)(n)",
        "22-32-109(1)",
        "22-32-109",
    ]


def test_lookup_exact_then_parent() -> None:
    cat = load_catalog()
    exact = cat.lookup("C.R.S. 22-32-109(1)(f)")
    assert exact
    assert exact.exact
    assert exact.entry.title == "Local board duties concerning selection of staff and pay"
    parent = cat.lookup("22-32-109(1)(n)(II)(A)(3)")
    assert parent
    assert not parent.exact
    assert parent.entry.citation == "22-32-109(1)(n)(II)(A)"
    assert cat.lookup("22-99-999") is None


def test_non_waivable() -> None:
    cat = load_catalog()
    assert "Public School Finance Act" in (cat.non_waivable("Article 54") or "")
    assert "Exceptional Children" in (cat.non_waivable("22-20-103(5)") or "")
    assert "State assessments" in (cat.non_waivable("22-7-1006.3(1)(a)") or "")
    assert "outside title 22" in (cat.non_waivable("C.R.S. 24-51-101") or "")
    assert "federal law" in (cat.non_waivable("34 C.F.R. 300.1") or "")
    assert "Duty to post waivers" in (cat.non_waivable("22-44-305(1)") or "")
    assert cat.non_waivable("22-32-109(1)(f)") is None
    assert cat.non_waivable("BDFH", "district_policy") is None


def test_charter_list_is_marked_as_charter_only() -> None:
    cat = load_catalog()
    charter = cat.lists["charter_automatic"]
    assert "CHARTER" in charter["note"]
    assert "no automatic waivers" in charter["note"]
    assert len(cat.in_list("charter_automatic")) == 15
    assert all(e.confidence in {"V", "P", "U"} for e in cat.entries)


def test_did_you_mean_and_search() -> None:
    cat = load_catalog()
    assert cat.suggest("22-32-190(1)(f)", "state_statute")[0] == "22-32-109(1)(f)"
    assert [e.citation for e in cat.search("calendar")][:1] == ["22-32-109(1)(n)(I)"]
    assert cat.search("22-63-20")[0].citation.startswith("22-63-20")


def test_dps_policy_titles_follow_dps_waiver_tables() -> None:
    """West Leadership Academy's Appendix E (DPS's own waiver table) titles GBEBB "Dress Code
    for Non Teaching Staff" and GBEBA "Staff Dress, Accessories and Grooming for Certificated
    Staff (Teachers)"; JBE appears in no DPS source (schools cite JHB-R for excused absences)."""
    cat = load_catalog()
    titles = {e.citation: e for e in cat.in_list("dps_policy")}
    assert titles["GBEBB"].title == "Dress Code for Non Teaching Staff"
    assert titles["GBEBB"].confidence == "V"
    assert titles["GBEBA"].title.startswith("Staff Dress, Accessories and Grooming")
    assert titles["GCB"].title == "Professional Staff Contracts"
    assert "JBE" not in titles
    assert titles["JHB-R"].confidence == "P"


def test_article_54_is_the_school_finance_act_of_2025() -> None:
    """HB24-1448 renamed article 54 the "Public School Finance Act of 2025"."""
    cat = load_catalog()
    assert "Public School Finance Act of 2025" in (cat.non_waivable("C.R.S. 22-54-104") or "")
    assert cat.sources[cat.by_citation["22-54"].source]["title"].startswith("HB24-1448")


def test_fingerprinting_is_a_non_waivable_category() -> None:
    cat = load_catalog()
    assert [c.name for c in cat.categories] == ["fingerprinting"]
    assert "22-2-117(1)(b)(IV)" in (cat.non_waivable("22-32-109.9(1)(a)") or "")
    why = cat.non_waivable("22-2-999", "state_statute", "Criminal history checks of coaches")
    assert why
    assert "cannot be waived" in why
    assert cat.non_waivable("22-32-109(1)(f)", "state_statute", "Hiring; background checks") is None
    assert "22-32-109.7" not in cat.by_citation  # no source ties it to fingerprinting


def test_principal_licensure_section_is_known() -> None:
    """22-60.5-301 (principal licensure) is a catalog entry, so it is not "did you mean
    22-63-301?" any more; its official title was not retrieved [U]."""
    cat = load_catalog()
    match = cat.lookup("C.R.S. 22-60.5-301")
    assert match
    assert match.exact
    assert match.entry.confidence == "U"
    assert "22-63-301" in match.entry.note


def test_dcta_articles_are_keyed_by_edition() -> None:
    cat = load_catalog()
    note = cat.lists["dcta_article"]["note"]
    assert "2017 - August 31, 2022" in note
    assert "[U]" in note
    assert all(e.source.startswith("dcta-") for e in cat.in_list("dcta_article"))
    workday = cat.lookup_cba("Article 8-1")
    assert workday
    assert workday.entry.citation == "DCTA Article 8"
    assert not workday.exact
    assert cat.lookup_cba("Article 20.5")
    assert cat.lookup_cba("DCTA Art. 7")
    assert cat.lookup_cba("Article 14") is None
    assert cat.lookup_cba("ACEA Article 8") is None  # another union's contract
    assert cat.lookup_cba("Appendix A") is None
