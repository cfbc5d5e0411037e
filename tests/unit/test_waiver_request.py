"""The state waiver request: asked of the State Board by the local board, with its resolution.

C.R.S. 22-32.5-107: the local board submits the plan to the commissioner and the State Board;
22-32.5-108: the State Board waives state statutes and rules. So the request asks only for
those, lists district policies and union-contract provisions in an appendix for information,
is signed by the board's president or the superintendent (never the principal) and carries
the board's resolution page (CDE wants the signed resolution with it).
"""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import docx
from _render_support import base_plan, render, text_of

from planforge.documents.render import render_plans
from planforge.documents.waiver_context import waiver_request_context
from planforge.inputs.pipeline import check_paths

ROOT = Path(__file__).resolve().parents[2]
ZONE = ROOT / "examples" / "confluence-zone" / "zone.yaml"


def _plan() -> dict[str, Any]:
    """The test plan, of a Denver school."""
    data = base_plan()
    data["school"]["district"] = "Denver Public Schools"
    return data


def _with_kinds() -> dict[str, Any]:
    """The test plan with a waiver of each kind, a dropped state waiver and signatories."""
    data = _plan()
    state = data["waivers"][0]
    for wid, kind, citation, status in (
        ("w-policy", "district_policy", "BDFH", "kept"),
        ("w-contract", "cba", "Article 8-3", "added"),
        ("w-holidays", "state_statute", "C.R.S. 22-1-112", "dropped"),
    ):
        extra = copy.deepcopy(state)
        extra.update(id=wid, kind=kind, citation=citation, status=status, title=f"Title {wid}")
        data["waivers"].append(extra)
    data["signatories"] = [
        {"party": "Bluebird Academy", "name": "Pat Principal", "title": "Principal"},
        {"party": "Denver Public Schools", "name": "Dana Deputy", "title": "Deputy Superintendent"},
        {"party": "Friends of Bluebird", "name": "Nell Nonprofit", "title": "Board President"},
    ]
    return data


def test_only_state_statutes_and_rules_are_asked_of_the_state_board() -> None:
    waivers = waiver_request_context(_with_kinds())["waivers"]
    assert [w["citation"] for w in waivers["state"]] == ["C.R.S. 22-32-109(1)(n)(I)"]
    assert [w["citation"] for w in waivers["state_dropped"]] == ["C.R.S. 22-1-112"]
    assert [w["citation"] for w in waivers["district"]] == ["BDFH"]
    assert [w["citation"] for w in waivers["cba"]] == ["Article 8-3"]
    assert waivers["summary"] == (
        "The plan asks the State Board to waive 1 state statute or rule. Of the prior plan's "
        "state waivers, 1 is no longer requested. The appendix lists 1 district policy and 1 "
        "collective bargaining agreement provision for information."
    )
    assert "C.R.S. 22-32.5-107" in waivers["letter"]
    assert "C.R.S. 22-32.5-108" in waivers["letter"]


def test_the_document_puts_district_and_contract_waivers_in_an_appendix() -> None:
    out = render("waivers", _with_kinds())
    document = docx.Document(io.BytesIO(out))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    titles = [text for style, text in headings if style == "Heading 1"]
    assert titles == [
        "Request to the State Board of Education",
        "Local Board Resolution",
        "Part I. State Statutes and Rules the State Board Is Asked to Waive",
        "Appendix. District Policies and Union-Contract Provisions, for Information",
    ]
    part_one = headings[headings.index(("Heading 1", titles[2])) + 1 :]
    part_one = part_one[: part_one.index(("Heading 1", titles[3]))]
    assert part_one == [
        ("Heading 2", "C.R.S. 22-32-109(1)(n)(I) \u2014 School calendar"),
        ("Heading 2", "State waivers no longer requested"),
    ]
    appendix = headings[headings.index(("Heading 1", titles[3])) + 1 :]
    assert ("Heading 3", "BDFH \u2014 Title w-policy") in appendix
    assert ("Heading 3", "Article 8-3 \u2014 Title w-contract") in appendix
    text = text_of(out)
    assert "State waivers no longer requested" in text
    assert "This waiver of the prior plan is no longer requested" in text
    assert "C.R.S. 22-1-112 \u2014 Title w-holidays" in text
    assert "for information" in text


def test_the_board_signs_not_the_principal() -> None:
    """Neither the principal, a deputy superintendent nor a non-profit's board president may
    sign for the local board: with none named, a signature line carries the role."""
    request = waiver_request_context(_with_kinds())["request"]
    assert request["signers"] == [
        {
            "name_line": "Name: ______________________________",
            "title": "President of the Board of Education or Superintendent",
            "party": "Denver Public Schools",
        }
    ]
    assert "C.R.S. 22-32.5-107" in request["signature_note"]
    text = text_of(render("waivers", _with_kinds()))
    assert "Pat Principal" not in text
    assert "Principal," not in text.split("Respectfully submitted,")[1].split("Signed for")[0]


def test_named_president_and_superintendent_sign() -> None:
    data = _with_kinds()
    data["signatories"] += [
        {"party": "Denver Public Schools Board of Education", "name": "Ana Board",
         "title": "President"},
        {"party": "Denver Public Schools", "name": "Sam Super", "title": "Superintendent"},
        {"party": "Denver Public Schools Board of Education", "name": "Vic Vice",
         "title": "Vice President"},
    ]  # fmt: skip
    signers = waiver_request_context(data)["request"]["signers"]
    assert [(s["name_line"], s["title"]) for s in signers] == [
        ("Ana Board", "President"),
        ("Sam Super", "Superintendent"),
    ]
    text = text_of(render("waivers", data))
    assert "Ana Board President, Denver Public Schools Board of Education" in text


def test_a_member_plan_is_signed_by_the_board_president_its_zone_names() -> None:
    rendered = render_plans(check_paths([ZONE]), ["waivers"], today="2026-03-01")
    assert rendered.documents
    for doc in rendered.documents:
        assert doc.ok, doc.error
        text = text_of(doc.data or b"")
        assert "Carmen Villaseñor President, Board of Education, School District No. 1" in text
    zone = {"signatories": [{"party": "School District No. 1", "name": "Carmen Villaseñor",
                             "title": "President, Board of Education"}]}  # fmt: skip
    data = base_plan()
    data["signatories"] = []
    signers = waiver_request_context(data, zone=zone)["request"]["signers"]
    assert [s["name_line"] for s in signers] == ["Carmen Villaseñor"]


def test_the_resolution_page_is_a_form_until_the_board_has_voted() -> None:
    data = _plan()
    data.pop("board_resolution", None)
    resolution = waiver_request_context(data)["resolution"]
    assert resolution["recorded"] is False
    text = text_of(render("waivers", data))
    assert "Local Board Resolution" in text
    assert "To be completed by the board secretary" in text
    assert "Resolution No. ______________ adopted on ______________________________ (date)" in text
    assert "Vote of the board: ______________ in favor" in text
    assert "Attest: ______________________________" in text
    assert "Secretary, Denver Public Schools Board of Education" in text


def test_the_resolution_page_states_a_recorded_resolution() -> None:
    data = base_plan()
    data["board_resolution"] = {
        "number": "3521",
        "date": "2026-04-16",
        "adopted_by": "Board of Education of School District No. 1",
    }
    resolution = waiver_request_context(data)["resolution"]
    assert resolution["recorded"] is True
    assert [(f["label"], f["value"]) for f in resolution["facts"]] == [
        ("Resolution No.", "3521"),
        ("Adopted", "2026-04-16"),
        ("Adopted by", "Board of Education of School District No. 1"),
    ]
    text = text_of(render("waivers", data))
    assert "Resolution No. 3521 Adopted 2026-04-16" in text
    assert "by Resolution No. 3521, adopted 2026-04-16. A copy of the signed resolution" in text
    assert "To be completed by the board secretary" not in text
    assert "Submitted by the Board of Education of School District No. 1" in text


def test_no_state_waiver_asks_the_state_board_for_none() -> None:
    data = base_plan()
    data["waivers"][0]["kind"] = "district_policy"
    ctx = waiver_request_context(data)
    assert ctx["waivers"]["state"] == []
    assert "asks for no waiver of a state statute or rule" in ctx["waivers"]["letter"]
    text = text_of(render("waivers", data))
    assert "The plan asks for no waiver of a state statute or rule." in text
