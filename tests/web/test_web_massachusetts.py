"""Massachusetts files in the workspace: a school operational plan, an empowerment zone and an
innovation plan's `ma:` record open, edit, show their findings and make their documents, with
every field and choice in plain words."""

from __future__ import annotations

import difflib
import io
import re
import time
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from starlette.testclient import TestClient

from planforge.inputs.loader import load_text
from planforge.web.schema_nav import (
    FIELD_LABELS,
    OPTION_LABELS,
    describe,
    field_label,
    option_label,
    option_table,
    schema_at,
)
from planforge.web.sections import sections_for
from planforge.web.security import Guard

from .conftest import EXAMPLES, edit, post_form, version_of

SOP = "massachusetts/empowerment-zone/schools/canal-street/operational-plan.yaml"
ZONE = "massachusetts/empowerment-zone/zone.yaml"
PLAN = "massachusetts/innovation-school/plan.yaml"


def _text(docx: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)


def test_home_lists_operational_plans_with_their_zone_and_year(client: TestClient) -> None:
    html = client.get("/").text
    row = html[html.index("Canal Street Middle School") :]
    row = row[: row.index("</tr>")]
    assert "School operational plan" in row
    assert "Member of Harlow Falls Empowerment Zone Partnership" in row
    assert "School year 2026-27" in row
    assert f'href="/file/{SOP}"' in html
    zone = html[html.index(f'href="/file/{ZONE}"') :]
    zone = zone[: zone.index("</tr>")]
    assert "Zone agreement" in zone
    assert f'href="/zone/{ZONE}"' in zone
    assert client.get(f"/file/{SOP}", follow_redirects=False).headers["location"] == f"/edit/{SOP}"
    assert (
        client.get(f"/file/{ZONE}", follow_redirects=False).headers["location"] == f"/zone/{ZONE}"
    )


def test_every_section_of_an_operational_plan_opens(client: TestClient) -> None:
    sections = sections_for("sop")
    shown = {f for s in sections for f in s.fields}
    for name in ("/teacher_leadership_team", "/levers", "/working_conditions", "/approvals"):
        assert name in shown
    for section in sections:
        page = client.get(f"/edit/{SOP}?section={section.id}")
        assert page.status_code == 200, section.id
        assert f"<h2>{section.title}</h2>" in page.text
        assert "schedule_calendar" not in page.text
    first = client.get(f"/edit/{SOP}").text
    assert "School operational plan · <span" in first
    assert '<span class="nav-title">Teacher Leadership Team</span>' in first
    assert "Compare versions" not in first  # lever-by-lever comparing is for innovation plans
    levers = client.get(f"/edit/{SOP}?section=levers").text
    assert '<label for="f-levers-professional_development">Professional development' in levers
    assert "Illustrative Mathematics" in levers
    tlt = client.get(f"/edit/{SOP}?section=tlt").text
    assert "Teaches or represents" in tlt
    assert ">Secret ballot<" in tlt
    assert ">Vote at a meeting<" in tlt
    approvals = client.get(f"/edit/{SOP}?section=approvals").text
    for words in ("School operational plan", "Educator working conditions", "Zone Board",
                  "Teacher Leadership Team", "Approval 3 (Zone Board)"):  # fmt: skip
        assert words in approvals
    conditions = client.get(f"/edit/{SOP}?section=working-conditions").text
    assert "Educator Working Conditions" in conditions
    assert "Contract article that allows it" in conditions


def test_an_operational_plan_edit_touches_only_its_lines_and_findings_follow(
    client: TestClient, guard: Guard, workspace: Path
) -> None:
    path = workspace / SOP
    before = path.read_text(encoding="utf-8")
    base = version_of(client.get(f"/edit/{SOP}?section=levers").text)
    text = "We keep Illustrative Mathematics.\r\n\r\nEvery grade adds a daily intervention block."
    response = edit(client, guard, SOP, base,
                    [{"op": "set", "pointer": "/levers/curriculum", "value": text}],
                    section="levers")  # fmt: skip
    assert response.status_code == 200, response.text
    after = path.read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert "+    Every grade adds a daily intervention block." in changed
    old_lever = load_text(before).data["levers"]["curriculum"]
    assert all(c[1:].strip() in old_lever for c in changed if c.startswith("-"))
    expected = load_text(before).data
    expected["levers"]["curriculum"] = (
        "We keep Illustrative Mathematics.\n\nEvery grade adds a daily intervention block.\n"
    )
    assert load_text(after).data == expected

    # a finding appears beside its field, in its section, in plain words
    response = edit(client, guard, SOP, response.json()["version"], [
        {"op": "set", "pointer": "/school/enrollment", "value": "many"},
        {"op": "set", "pointer": "/teacher_leadership_team/election/date", "value": ""},
    ])  # fmt: skip
    assert response.status_code == 200, response.text
    found = {f["pointer"]: f for f in response.json()["findings"]}
    assert found["/school/enrollment"]["section"] == "school"
    assert found["/teacher_leadership_team/election/date"]["section"] == "tlt"
    assert found["/teacher_leadership_team/election/date"]["where"] == (
        "Teacher Leadership Team › Election of the team › Date of the election"
    )
    assert response.json()["sections"]["tlt"]["status"][0] == "error"
    page = client.get(f"/edit/{SOP}?section=tlt").text
    assert 'id="f-teacher_leadership_team-election-date-findings"' in page
    assert "only <strong>drafts</strong>" in client.get(f"/documents/{SOP}").text


def test_operational_plan_documents_download(client: TestClient) -> None:
    page = client.get(f"/documents/{SOP}").text
    assert "School operational plan" in page
    assert "Review memo" in page
    assert "Innovation plan</h3>" not in page
    response = client.get(f"/download/{SOP}?kind=operational-plan&format=docx")
    assert response.status_code == 200, response.text[-600:]
    assert "operational-plan.docx" in response.headers["content-disposition"]
    text = _text(response.content)
    assert "Canal Street Middle School" in text
    assert "Harlow Falls Empowerment Zone Partnership" in text
    review = client.get(f"/download/{SOP}?kind=review&format=docx&draft=1")
    assert review.status_code == 200
    assert review.content[:2] == b"PK"
    for kind in ("plan", "waivers", "mou", "ez-mou"):
        assert client.get(f"/download/{SOP}?kind={kind}").status_code == 404, kind


def test_review_page_of_an_operational_plan(client: TestClient) -> None:
    page = client.get(f"/review/{SOP}")
    assert page.status_code == 200
    assert "Canal Street Middle School" in page.text
    assert "ma-ez" in page.text


def test_empowerment_zone_page_offers_the_memorandum_and_the_packet(
    client: TestClient, guard: Guard
) -> None:
    page = client.get(f"/zone/{ZONE}").text
    for school in ("Canal Street Middle School", "Brightwater Academy",
                   "Mill River Preparatory Middle School"):  # fmt: skip
        assert school in page
    assert '<h2 id="agreement">Memorandum of understanding</h2>' in page
    assert f"/download/{ZONE}?kind=ez-mou&amp;format=docx" in page
    assert "kind=mou&" not in page
    assert "school operational plan and review memo, the memorandum of understanding" in page
    assert "waiver request" not in page
    memo = client.get(f"/download/{ZONE}?kind=ez-mou&format=docx")
    assert memo.status_code == 200, memo.text[-600:]
    assert "memorandum-of-understanding.docx" in memo.headers["content-disposition"]
    assert "Harlow Falls Empowerment Zone Partnership" in _text(memo.content)
    assert client.get(f"/download/{ZONE}?kind=mou").status_code == 404
    documents = client.get(f"/documents/{ZONE}").text
    assert "Memorandum of understanding" in documents

    response = post_form(client, f"/build/{ZONE}", [("_csrf", guard.csrf)])
    assert response.status_code == 303
    job = response.headers["location"].rsplit("/", 1)[1]
    state: dict[str, Any] = {}
    for _ in range(900):
        state = client.get(f"/api/jobs/{job}").json()
        if state["finished"]:
            break
        time.sleep(0.1)
    assert state["finished"], state
    assert not state["error"], state
    labels = [d["label"] for d in state["documents"]]
    assert labels.count("School operational plan") == 3
    assert "Memorandum of understanding" in labels
    assert state["done"] == state["total"] == len(labels)
    assert all(d["status"] != "failed" for d in state["documents"]), state["documents"]


def test_colorado_zone_page_offers_its_operating_agreement(client: TestClient) -> None:
    page = client.get("/zone/confluence-zone/zone.yaml").text
    assert '<h2 id="agreement">Operating agreement</h2>' in page
    assert "waiver request" in page
    editor = client.get("/edit/confluence-zone/zone.yaml").text
    assert "Zone teacher contract" not in editor  # the `ma:` terms are Massachusetts only


def test_empowerment_zone_editor_shows_its_massachusetts_terms(client: TestClient) -> None:
    html = client.get(f"/edit/{ZONE}?section=ma-cycle").text
    for words in ("Yearly approvals", "School operational plan", "Performance goals",
                  "Innovation plan under M.G.L. c.71 §92", "How a school returns"):  # fmt: skip
        assert words in html
    assert "Sop" not in html
    board = client.get(f"/edit/{ZONE}?section=ma-board").text
    assert "Approvals of this memorandum" in board
    contract = client.get(f"/edit/{ZONE}?section=ma-contract").text
    assert "Teachers&#39; ratification vote" in contract
    assert "First day of the contract" in contract
    governance = client.get(f"/edit/{ZONE}?section=governance").text
    assert "Who appoints (authority)" in governance
    assert ">Commissioner<" in governance


def test_massachusetts_innovation_plan_edits_its_ma_record(
    client: TestClient, guard: Guard, workspace: Path
) -> None:
    html = client.get(f"/edit/{PLAN}?section=ma-autonomies").text
    for words in ("Areas of autonomy", "School schedule and calendar",
                  "School district policies and procedures", "Union-contract changes",
                  "Area of autonomy 2 (School schedule and calendar)"):  # fmt: skip
        assert words in html
    prospectus = client.get(f"/edit/{PLAN}?section=ma-prospectus").text
    assert "Areas of autonomy sought" in prospectus
    assert "Conversion of an existing school" in prospectus
    votes = client.get(f"/edit/{PLAN}?section=ma-votes").text
    assert "School Committee" in votes
    assert "Members of the full committee" in votes
    base = version_of(html)
    response = edit(client, guard, PLAN, base, [
        {"op": "set", "pointer": "/ma/autonomies/1/cba_changes/0/article", "value": ""},
    ], section="ma-autonomies")  # fmt: skip
    assert response.status_code == 200, response.text
    found = [f for f in response.json()["findings"]
             if f["pointer"] == "/ma/autonomies/1/cba_changes/0/article"]  # fmt: skip
    assert found
    assert found[0]["section"] == "ma-autonomies"
    assert found[0]["where"].startswith("Massachusetts › Areas of autonomy › Area of autonomy 2")
    # a Colorado plan has no `ma:` sections and cannot be edited there
    assert "ma-prospectus" not in client.get("/edit/standalone/plan.yaml").text
    colorado = version_of(client.get("/edit/standalone/plan.yaml").text)
    refused = edit(client, guard, "standalone/plan.yaml", colorado,
                   [{"op": "set", "pointer": "/ma/school_type", "value": "new"}])  # fmt: skip
    assert refused.status_code == 400


# -- labels -----------------------------------------------------------------------------------

ODD = re.compile(r"\b(sop|ewc|cba|tlt|mou|ez|ma|sac|cde)\b", re.IGNORECASE)
"""Abbreviations and codes that must never reach a label as they are."""


def _walk(label: str, pointer: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every field below `pointer` (list items as /0)."""
    node = schema_at(label, pointer)
    if node is None or "const" in node:
        return []
    out = [(pointer, node)] if pointer else []
    props = node.get("properties")
    if isinstance(props, dict):
        for key in props:
            out += _walk(label, f"{pointer}/{key}")
    elif node.get("type") == "array":
        out += _walk(label, f"{pointer}/0")
    return out


MASSACHUSETTS_FIELDS = [
    *(("sop", p, n) for p, n in _walk("sop")),
    *(("plan", p, n) for p, n in _walk("plan", "/ma")),
    *(("zone", p, n) for p, n in _walk("zone", "/ma")),
    *(("zone", p, n) for p, n in _walk("zone", "/governance/seats/0")),
    *(("zone", p, n) for p, n in _walk("zone", "/services/0")),
]


def test_every_massachusetts_field_and_choice_reads_well() -> None:
    """A label that falls back to the field's name (humanize) is listed when it reads oddly:
    an abbreviation, or a code; every choice written with an underscore has its own words."""
    odd_fields = []
    odd_options = []
    for label, pointer, node in MASSACHUSETTS_FIELDS:
        if re.search(r"/\d+$", pointer):
            continue
        words = field_label(pointer)
        if ODD.search(words) or "_" in words:
            odd_fields.append(f"{label} {pointer}: {words}")
        items = node.get("items")
        items = items if isinstance(items, dict) else {}
        for value in node.get("enum") or items.get("enum") or []:
            shown = option_label(pointer, value)
            coded = isinstance(value, str) and ("_" in value or value.isupper())
            if (coded and value not in option_table(pointer)) or ODD.search(shown):
                odd_options.append(f"{label} {pointer}: {value} -> {shown}")
    assert not odd_fields, "fields without a label that reads well:\n" + "\n".join(odd_fields)
    assert not odd_options, "choices without words:\n" + "\n".join(odd_options)


@pytest.mark.parametrize(
    ("pointer", "words"),
    [
        ("/teacher_leadership_team", "Teacher Leadership Team"),
        ("/working_conditions", "Educator Working Conditions"),
        ("/ma/autonomies/0/cba_changes", "Union-contract changes"),
        ("/ma/school_committee", "School Committee"),
        ("/ma/approvals/commissioner", "Commissioner"),
        ("/goals/0/statement", "The goal"),
        ("/strategies/0/action", "What will be done"),
        ("/levers/schedule/bell_schedules/0/term", "Part of the year (term)"),
    ],
)
def test_massachusetts_labels(pointer: str, words: str) -> None:
    assert field_label(pointer) == words


@pytest.mark.parametrize(
    ("pointer", "value", "words"),
    [
        ("/ma/autonomies/0/area", "schedule_calendar", "School schedule and calendar"),
        ("/ma/autonomies/0/area", "district_policies", "School district policies and procedures"),
        ("/ma/prospectus/autonomies_sought", "professional_development",
         "Professional development"),
        ("/approvals/0/item", "sop", "School operational plan"),
        ("/approvals/0/item", "ewc", "Educator working conditions"),
        ("/ma/annual_cycle/0/item", "sop", "School operational plan"),
        ("/governance/seats/0/authority", "commissioner", "Commissioner"),
        ("/governance/seats/0/authority", "school_committee", "School Committee"),
        ("/ma/return_of_schools/vehicle", "innovation_plan",
         "Innovation plan under M.G.L. c.71 §92"),
        ("/teacher_leadership_team/election/method", "online_ballot", "Online ballot"),
        ("/teacher_leadership_team/election/method", "meeting_vote", "Vote at a meeting"),
        ("/ma/teacher_vote/method", "secret_ballot", "Secret ballot"),
    ],
)  # fmt: skip
def test_massachusetts_choices(pointer: str, value: str, words: str) -> None:
    assert option_label(pointer, value) == words


def test_findings_name_massachusetts_fields_in_words() -> None:
    data = load_text((EXAMPLES / PLAN).read_text(encoding="utf-8")).data
    assert describe("/ma/prospectus/autonomies_sought/2", data) == (
        "Massachusetts › Prospectus › Areas of autonomy sought › Area 3 "
        "(Staffing policies and procedures)"
    )
    sop = load_text((EXAMPLES / SOP).read_text(encoding="utf-8")).data
    assert describe("/approvals/2/item", sop) == (
        "Approvals › Approval 3 (Zone Board) › What was approved"
    )
    assert describe("/levers/professional_development", sop) == "Professional development"
    assert FIELD_LABELS["ma"] == "Massachusetts"
    assert "approvals.item" in OPTION_LABELS
