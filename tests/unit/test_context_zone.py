"""planforge.documents.zone_context: the operating agreement's context (articles, wording, exhibits)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from planforge.documents.zone_context import (
    ARTICLES,
    ZONE_TYPES,
    Member,
    SectionCounter,
    zone_context,
)
from planforge.inputs.loader import load_file

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "confluence-zone"
MEMBER_DIRS = ("cottonwood-creek", "platte-bend", "riverfront-middle", "steelworks-high")
_CACHE: dict[str, Any] = {}


def _zone() -> dict[str, Any]:
    if "zone" not in _CACHE:
        _CACHE["zone"] = load_file(EXAMPLE / "zone.yaml").data
    return copy.deepcopy(_CACHE["zone"])


def _members() -> list[Member]:
    if "members" not in _CACHE:
        _CACHE["members"] = [
            Member(f"schools/{d}/plan.yaml", load_file(EXAMPLE / "schools" / d / "plan.yaml").data)
            for d in MEMBER_DIRS
        ]
    return list(_CACHE["members"])


def _context(zone: dict[str, Any] | None = None) -> dict[str, Any]:
    return zone_context(zone if zone is not None else _zone(), _members())


# --------------------------------------------------------------------------- articles


def test_all_articles_present_in_order_with_consecutive_numbers() -> None:
    ctx = _context()
    assert [a["key"] for a in ctx["articles"]] == [k for k, _, _ in ARTICLES]
    assert [a["number"] for a in ctx["articles"]] == list(range(1, len(ARTICLES) + 1))
    assert ctx["n"]["parties"] == 1
    assert ctx["n"]["notices"] == len(ARTICLES)


@pytest.mark.parametrize(
    "absent", [("roles",), ("facilities",), ("insurance",), ("roles", "facilities", "insurance")]
)
def test_numbers_close_up_when_optional_articles_are_absent(absent: tuple[str, ...]) -> None:
    zone = _zone()
    for key in absent:
        del zone[key]
    ctx = _context(zone)
    keys = [a["key"] for a in ctx["articles"]]
    assert not set(absent) & set(keys)
    assert [a["number"] for a in ctx["articles"]] == list(range(1, len(keys) + 1))
    for key in absent:
        assert ctx["n"][key] == 0
    # every present article's number is its position among the present ones
    for position, key in enumerate(keys, start=1):
        assert ctx["n"][key] == position
    assert ctx["n"]["notices"] == len(ARTICLES) - len(absent)


def test_empty_optional_article_counts_as_absent() -> None:
    zone = _zone()
    zone["roles"] = {}
    zone["facilities"] = ""
    ctx = _context(zone)
    assert ctx["n"]["roles"] == 0
    assert ctx["n"]["facilities"] == 0
    assert ctx["n"]["autonomies"] == 7  # roles (7) closed up
    assert ctx["roles"] == []


def test_required_articles_are_always_present() -> None:
    zone = _zone()
    for key in ("roles", "facilities", "insurance"):
        del zone[key]
    numbers = _context(zone)["n"]
    for key, _title, required in ARTICLES:
        if required:
            assert numbers[key] > 0, key


def test_section_counter_counts_per_article() -> None:
    sec = SectionCounter()
    assert [sec("term"), sec("term"), sec("governance"), sec("term"), sec("governance")] == [
        1,
        2,
        1,
        3,
        2,
    ]
    assert SectionCounter()("term") == 1  # a fresh counter per context


def test_each_context_gets_its_own_section_counter() -> None:
    first, second = _context(), _context()
    assert first["sec"] is not second["sec"]
    first["sec"]("parties")
    assert second["sec"]("parties") == 1


# --------------------------------------------------------------------------- wording by zone type


@pytest.mark.parametrize(
    ("ztype", "title", "word"),
    [
        ("izone", "Innovation Zone Operating Agreement", "Innovation Zone"),
        (
            "imo",
            "Innovation Management Organization Agreement",
            "Innovation Management Organization",
        ),
        ("empowerment_zone", "Empowerment Zone Partnership Agreement", "Empowerment Zone"),
    ],
)
def test_wording_follows_zone_type(ztype: str, title: str, word: str) -> None:
    zone = _zone()
    zone["zone"]["type"] = ztype
    ctx = _context(zone)
    expected = ZONE_TYPES[ztype]
    assert ctx["zone"]["title"] == title
    assert ctx["zone"]["type_label"] == word
    assert ctx["zone"]["body_word"] == expected.body_word
    assert ctx["recitals"]["law"] == expected.recital
    assert ctx["governance"]["statement"] == expected.governance
    meanings = {d["term"]: d["meaning"] for d in ctx["definitions"]}
    assert meanings["Agreement"] == f"this {title}, including its exhibits."
    assert f"the {word} created by this Agreement" in meanings["Zone"]


def test_zone_types_have_distinct_wording() -> None:
    for attr in ("title", "recital", "governance"):
        values = {getattr(t, attr) for t in ZONE_TYPES.values()}
        assert len(values) == len(ZONE_TYPES), attr
    assert "Innovation Schools Act" in ZONE_TYPES["izone"].recital
    assert "22-32.5" in ZONE_TYPES["imo"].recital
    assert "state" in ZONE_TYPES["empowerment_zone"].recital
    assert "appointed by the state" in ZONE_TYPES["empowerment_zone"].governance


def test_typed_recitals_are_kept_and_law_recital_is_the_fallback() -> None:
    ctx = _context()
    typed = ctx["recitals"]["typed"]
    assert len(typed) == 4
    assert typed[0].text.startswith("WHEREAS the Innovation Schools Act")
    assert typed[0].pointer == "/recitals/0"
    zone = _zone()
    del zone["recitals"]
    bare = _context(zone)["recitals"]
    assert bare["typed"] == []
    assert bare["law"] == ZONE_TYPES["izone"].recital
    assert bare["authority"][0] == "C.R.S. 22-32.5-104(1)(a)"


# --------------------------------------------------------------------------- services


def test_services_split_into_non_optional_and_optional_with_prices_and_units() -> None:
    services = _context()["services"]
    assert len(services["rows"]) == 11
    assert len(services["required"]) == 6
    assert len(services["optional"]) == 5
    assert all(
        s["mode"] == "Non-optional" and s["price"] == "Included" for s in services["required"]
    )
    assert all(s["unit"] == "" for s in services["required"])
    priced = {s["name"]: (s["price"], s["unit"]) for s in services["optional"]}
    assert priced == {
        "District curriculum and instructional materials": ("$95", "per pupil"),
        "Instructional coaching and professional learning": ("$2,400", "per FTE"),
        "Interim assessment and data services": ("$14", "per pupil"),
        "Library services": ("$18,500", "per school"),
        "Late-bus route": ("$32,000", "flat fee"),
    }
    assert all(s["mode"] == "Optional" for s in services["optional"])
    # the order of the zone file is kept in the menu
    assert services["rows"][0]["name"] == "Home-to-school transportation"


def test_optional_service_without_price_says_not_priced() -> None:
    zone = _zone()
    zone["services"].append({"name": "Nurse", "mode": "optional"})
    row = _context(zone)["services"]["optional"][-1]
    assert (row["name"], row["price"], row["unit"]) == ("Nurse", "Not priced", "")


# --------------------------------------------------------------------------- exhibits


def test_exhibit_a_rows_come_from_member_plans() -> None:
    rows = _context()["exhibits"]["schools"]
    got = [(r["name"], r["grades"], r["enrollment"], r["leader"], r["action"]) for r in rows]
    assert got[0] == (
        "Cottonwood Creek Elementary",
        "K-5",
        "412",
        "Dr. Alejandra Benavides",
        "Initial",
    )
    assert got[1] == ("Platte Bend K-8 Academy", "K-8", "640", "Samuel Oyelaran", "Renewal")
    assert [g[0] for g in got] == [
        "Cottonwood Creek Elementary",
        "Platte Bend K-8 Academy",
        "Riverfront Middle School",
        "Steelworks High School",
    ]
    membership = _context()["membership"]
    assert membership["count"] == 4
    assert membership["names"].startswith("Cottonwood Creek Elementary, Platte Bend K-8 Academy")


def test_exhibit_b_lists_each_schools_waivers_with_statuses() -> None:
    waivers = _context()["exhibits"]["waivers"]
    assert [w["count"] for w in waivers] == [11, 11, 11, 12]
    assert [w["dropped"] for w in waivers] == [0, 1, 0, 0]
    cottonwood, platte = waivers[0], waivers[1]
    assert cottonwood["school"] == "Cottonwood Creek Elementary"
    assert cottonwood["rows"][0]["citation"] == "C.R.S. 22-32-109(1)(t)"
    assert cottonwood["rows"][0]["kind"] == "State statute"
    assert cottonwood["rows"][0]["levers"] == "curriculum"
    assert {r["status"] for r in cottonwood["rows"]} == {"Requested"}  # initial plan
    statuses = {r["status"] for r in platte["rows"]}
    assert {"Kept", "Dropped", "Modified"} <= statuses  # a renewal's statuses
    assert platte["rows"][0]["citation"] == "C.R.S. 22-32-109(1)(n)(I)"
    assert platte["rows"][0]["title"] == "School calendar"


def test_exhibit_d_goals_with_baseline_and_targets() -> None:
    goals = _context()["exhibits"]["goals"]
    assert [g["school"] for g in goals] == [
        "Cottonwood Creek Elementary",
        "Platte Bend K-8 Academy",
        "Riverfront Middle School",
        "Steelworks High School",
    ]
    first = goals[0]["rows"][0]
    assert first["metric"] == "CMAS ELA percent meeting or exceeding expectations, grades 3-5"
    assert first["group"] == "All students"
    assert first["baseline"] == "2024-25: 34%"
    assert first["targets"] == "2026-27: 38%; 2027-28: 43%; 2028-29: 48%"
    growth = goals[0]["rows"][1]
    assert growth["baseline"] == "2024-25: 44"  # percentile: no % sign
    assert growth["group"] == "Multilingual learners"


def test_exhibits_follow_member_order_and_handle_sparse_plans() -> None:
    sparse = Member("x/plan.yaml", {"school": {"name": "Tiny School"}}, joined="2026-07-01")
    ctx = zone_context(_zone(), [sparse])
    row = ctx["exhibits"]["schools"][0]
    assert (row["name"], row["grades"], row["enrollment"], row["leader"], row["joined"]) == (
        "Tiny School",
        "",
        "",
        "",
        "2026-07-01",
    )
    assert ctx["exhibits"]["waivers"] == [
        {"school": "Tiny School", "rows": [], "count": 0, "dropped": 0}
    ]
    assert ctx["exhibits"]["goals"] == [{"school": "Tiny School", "rows": []}]
    nameless = zone_context(_zone(), [Member("y/plan.yaml", {})])
    assert nameless["exhibits"]["schools"][0]["name"] == "y/plan.yaml"


def test_parties_and_signatories() -> None:
    ctx = _context()
    parties = ctx["parties"]
    assert [p["short"] for p in parties] == ["the District", "the Zone", "DCTA"]
    assert parties[0]["representative"] == "Dr. Harriet Sandoval"
    sigs = ctx["signatories"]
    assert len(sigs) == 5
    assert sigs[0]["name_line"] == "Carmen Villaseñor"
    assert sigs[0]["title"] == "President, Board of Education"
    zone = _zone()
    del zone["parties"][0]["short_name"]
    zone["parties"].append({"role": "state_agency", "name": "Colorado Department of Education"})
    parties = _context(zone)["parties"]
    assert parties[0]["short"] == "the District"  # from the role
    assert parties[-1]["short"] == "the State"


def test_governance_seats_quorum_and_voting() -> None:
    zone = _zone()
    zone["governance"]["seats"].append(
        {"appointed_by": "Commissioner of Education", "count": 1, "voting": False}
    )
    gov = _context(zone)["governance"]
    assert gov["board_name"] == "Confluence Schools Partnership Board of Directors"
    assert (gov["size"], gov["quorum"], gov["term_years"]) == ("9", "5", "2")
    assert gov["seats"][0]["appointed_by"] == "Superintendent of Denver Public Schools"
    assert gov["seats"][0]["count"] == "2"
    assert gov["seats"][0]["voting"] == "Voting"
    assert gov["seats"][-1]["voting"] == "Non-voting"
    assert gov["seats"][-1]["description"] == ""


def test_zone_legal_name_appears_in_the_definitions() -> None:
    data = copy.deepcopy(_zone())
    zone_def = next(d for d in zone_context(data, [])["definitions"] if d["term"] == "Zone")
    assert f"Its governing organization is {data['zone']['legal_name']}." in zone_def["meaning"]
    del data["zone"]["legal_name"]
    zone_def = next(d for d in zone_context(data, [])["definitions"] if d["term"] == "Zone")
    assert "governing organization" not in zone_def["meaning"]
