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
