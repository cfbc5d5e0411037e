"""Each file in its own state's words: nothing Colorado-specific is shown for a Massachusetts
file (an innovation plan with `jurisdiction: MA`, an empowerment zone, a school operational
plan), and nothing Massachusetts-specific for a Colorado one: the rule packs offered, the
fields shown, their help, the review page and the portfolio's files."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from planforge.authoring.starter import guidance
from planforge.inputs.loader import load_text
from planforge.web.app import create_app
from planforge.web.schema_nav import form_help, schema_at
from planforge.web.sections import sections_for
from planforge.web.security import Guard
from planforge.web.states import (
    bundled_packs,
    field_path,
    hidden,
    rule_packs,
    state_of,
    without_other_state,
)
from planforge.web.workspace import Workspace

from .conftest import EXAMPLES, ORIGIN, TOKEN, edit, version_of

SOP = "massachusetts/empowerment-zone/schools/canal-street/operational-plan.yaml"
ZONE = "massachusetts/empowerment-zone/zone.yaml"
PLAN = "massachusetts/innovation-school/plan.yaml"
CO_ZONE = "confluence-zone/zone.yaml"
CO_PLAN = "standalone/plan.yaml"

COLORADO_LAW = re.compile(
    r"Colorado|C\.R\.S|\bCDE\b|SB \d\d-\d+|S\.B\. \d|Denver|\bDPS\b|School Accountability"
    r"|(?<![\w-])(co|dps)(?![\w-])"
)
MASSACHUSETTS_LAW = re.compile(r"Massachusetts|M\.G\.L|\bCMR\b|Springfield|empowerment zone's")
HELP = re.compile(r'<p class="help"[^>]*>(.*?)</p>|<dd>(.*?)</dd>', re.DOTALL)


def _label(rel: str) -> tuple[str, dict[str, object]]:
    data = load_text((EXAMPLES / rel).read_text(encoding="utf-8")).data
    kind = data["kind"]
    return {"zone_agreement": "zone", "school_operational_plan": "sop"}.get(kind, "plan"), data


def _helps(page: str) -> list[str]:
    """The help paragraphs (and table-column help) of an editor page, as text."""
    form = page[page.index('id="section-form"') :]
    return [html.unescape(re.sub(r"<[^>]+>", "", a or b)) for a, b in HELP.findall(form) if a or b]


def _choices(page: str, pointer: str) -> dict[str, str]:
    """value -> words of the checkboxes of the list at `pointer`."""
    found = re.findall(
        rf'<input type="checkbox" id="([^"]+)" name="{re.escape(pointer)}" value="([^"]*)"[^>]*>'
        r' <label for="\1">([^<]*)</label>',
        page,
    )
    return {value: html.unescape(words) for _, value, words in found}


# -- 1. rule packs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "section", "packs"),
    [
        (ZONE, "rules", ["ma", "ma-ez"]),
        (SOP, "school", ["ma", "ma-ez"]),
        (PLAN, "school", ["ma"]),
        (CO_ZONE, "rules", ["co", "dps"]),
        (CO_PLAN, "school", ["co", "dps"]),
    ],
)
def test_rule_packs_offered_are_the_files_states(
    client: TestClient, rel: str, section: str, packs: list[str]
) -> None:
    page = client.get(f"/edit/{rel}?section={section}").text
    offered = _choices(page, "/rules")
    assert list(offered) == packs
    titles = {p.name: p.title for p in bundled_packs()}
    for name in packs:
        assert offered[name] == f"{name} — {titles[name]}", "named with the pack's title"
    fieldset = page[page.index('id="f-rules"') :]
    help_text = html.unescape(fieldset[: fieldset.index("</p>")])
    other = COLORADO_LAW if packs[0] == "ma" else MASSACHUSETTS_LAW
    assert not other.search(help_text), help_text
    assert f"default of a {'Massachusetts' if packs[0] == 'ma' else 'Colorado'}" in help_text


def test_pack_titles_come_from_the_pack_files() -> None:
    from planforge.resources import packs_dir

    for pack in bundled_packs():
        text = (packs_dir() / f"{pack.name}.yaml").read_text(encoding="utf-8")
        assert re.search(rf"^title: \"?{re.escape(pack.title)}\"?$", text, re.MULTILINE), pack
    assert [n for n, _ in rule_packs("plan", {"jurisdiction": "MA"})] == ["ma"]
    ez = {"jurisdiction": "MA", "zone": {"type": "empowerment_zone"}}
    assert [n for n, _ in rule_packs("zone", ez)] == ["ma", "ma-ez"]
    assert [n for n, _ in rule_packs("sop", {"jurisdiction": "MA"})] == ["ma", "ma-ez"]
    assert [n for n, _ in rule_packs("plan", {})] == ["co", "dps"]
    assert [n for n, _ in rule_packs("zone", {"jurisdiction": "CO"})] == ["co", "dps"]


def test_a_pack_of_the_other_state_named_in_the_file_is_shown_to_be_unticked(
    client: TestClient, guard: Guard, workspace: Path
) -> None:
    """A Massachusetts file that names `co` is not reviewed (the pack is refused): the editor
    opens, says why beside the rule packs, and shows `co` ticked, to be unticked."""
    path = workspace / PLAN
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("jurisdiction: MA\n", "jurisdiction: MA\nrules: [co]\n"), "utf-8")
    page = client.get(f"/edit/{PLAN}?section=school")
    assert page.status_code == 200
    offered = _choices(page.text, "/rules")
    assert offered == {"ma": offered["ma"], "co": "co (not in the list)"}
    shown = html.unescape(page.text)
    assert "the rule pack co (named by its" in shown
    assert "applies Colorado law" in shown
    assert 'id="f-rules-findings"' in page.text
    assert client.get(f"/review/{PLAN}").status_code == 200
    assert client.get("/").status_code == 200
    portfolio = client.get("/portfolio")
    assert portfolio.status_code == 409
    refused = html.unescape(portfolio.text)
    assert "the rule pack co (named by its" in refused
    assert "applies Colorado law" in refused
    response = edit(client, guard, PLAN, version_of(page.text),
                    [{"op": "set", "pointer": "/rules", "value": []}])  # fmt: skip
    assert response.status_code == 200, response.text
    assert not any(f["code"] == "rules.unusable" for f in response.json()["findings"])


# -- 2. fields and help ---------------------------------------------------------------------


def test_massachusetts_zone_governance_has_no_colorado_field(client: TestClient) -> None:
    page = client.get(f"/edit/{ZONE}?section=governance").text
    assert "f-governance-alternative_governance" not in page
    assert "SB 22-197" not in page
    assert "lternative governance" not in page
    assert "Who appoints (authority)" in page  # the Massachusetts seats stay
    contract = client.get(f"/edit/{ZONE}?section=ma-contract").text
    assert "f-ma-zone_contract-term-review_cadence_years" not in contract


@pytest.mark.parametrize(
    ("section", "pointer", "path"),
    [
        ("dispute-resolution", "/dispute_resolution", "dispute_resolution"),
        ("human-resources", "/human_resources/evaluation", "human_resources.evaluation"),
        ("term", "/term/review_cadence_years", "term.review_cadence_years"),
        ("schools", "/schools", "schools"),
    ],
)
def test_massachusetts_zone_help_is_the_starters_massachusetts_words(
    client: TestClient, section: str, pointer: str, path: str
) -> None:
    """The words are those of the Massachusetts starter (guidance.yaml `descriptions`), read
    from there, not a copy."""
    words = form_help(guidance("zone-ma")["descriptions"][path], pointer)
    helps = _helps(client.get(f"/edit/{ZONE}?section={section}").text)
    assert any(h == words or h.startswith(words + " ") for h in helps), words
    assert not any(COLORADO_LAW.search(h) for h in helps)


def test_operational_plan_calendar_help_is_massachusetts(client: TestClient) -> None:
    helps = _helps(client.get(f"/edit/{SOP}?section=calendar").text)
    assert not COLORADO_LAW.search(" ".join(helps)), helps
    descriptions = guidance("sop")["descriptions"]
    for path in ("calendar.bell_schedules[].program", "calendar.bell_schedules[].blocks[].type"):
        pointer = "/" + path.replace("[]", "/0").replace(".", "/")
        own = form_help(descriptions[path], pointer, (schema_at("sop", pointer) or {})["enum"])
        assert own.startswith(descriptions[path][:12]), own
        assert own in helps, path


@pytest.mark.parametrize("rel", [ZONE, SOP, PLAN])
def test_no_colorado_law_in_any_help_of_a_massachusetts_file(client: TestClient, rel: str) -> None:
    label, data = _label(rel)
    for section in sections_for(label, data):
        page = client.get(f"/edit/{rel}?section={section.id}").text
        for text in _helps(page):
            assert not COLORADO_LAW.search(text), f"{rel} {section.id}: {text}"


@pytest.mark.parametrize("rel", [CO_ZONE, CO_PLAN])
def test_no_massachusetts_law_in_any_help_of_a_colorado_file(client: TestClient, rel: str) -> None:
    label, data = _label(rel)
    for section in sections_for(label, data):
        if section.id == "jurisdiction":  # the field that chooses the state names both
            continue
        page = client.get(f"/edit/{rel}?section={section.id}").text
        for text in _helps(page):
            assert not MASSACHUSETTS_LAW.search(text), f"{rel} {section.id}: {text}"
    if label == "zone":
        assert not any(s.id.startswith("ma-") for s in sections_for(label, data))


def test_massachusetts_plan_has_no_colorado_sections_or_fields(
    client: TestClient, guard: Guard
) -> None:
    label, data = _label(PLAN)
    ids = [s.id for s in sections_for(label, data)]
    assert "waivers" not in ids
    assert "consent" not in ids
    assert "ma-prospectus" in ids
    school = client.get(f"/edit/{PLAN}?section=school").text
    assert "f-school-cde_code" not in school
    assert "f-school-sac_name" not in school
    assert "CDE school code" not in school
    curriculum = client.get(f"/edit/{PLAN}?section=curriculum").text
    assert 'name="/levers/curriculum/waivers"' not in curriculum
    assert "?section=waivers" not in curriculum  # not in the list of sections
    assert "?section=consent" not in curriculum
    refused = edit(client, guard, PLAN, version_of(curriculum),
                   [{"op": "add", "pointer": "/waivers"}])  # fmt: skip
    assert refused.status_code == 400
    # a Colorado plan keeps them all
    co = [s.id for s in sections_for(*_label(CO_PLAN))]
    assert "waivers" in co
    assert "consent" in co
    assert "f-school-cde_code" in client.get(f"/edit/{CO_PLAN}?section=school").text


def test_a_colorado_field_written_in_a_massachusetts_zone_is_shown_to_be_emptied(
    client: TestClient, guard: Guard, workspace: Path
) -> None:
    """`alternative_governance: true` is an error of the ma-ez pack: the field is shown, with
    a note instead of Colorado's help, until it is emptied; then it is gone."""
    path = workspace / ZONE
    text = path.read_text(encoding="utf-8")
    assert "\ngovernance:\n" in text
    path.write_text(
        text.replace("\ngovernance:\n", "\ngovernance:\n  alternative_governance: true\n"), "utf-8"
    )
    page = client.get(f"/edit/{ZONE}?section=governance").text
    assert 'id="f-governance-alternative_governance"' in page
    assert "Not part of a Massachusetts zone agreement: empty it" in page
    assert "SB 22-197" not in "".join(_helps(page))
    assert "claims alternative governance" in page  # the ma-ez pack's finding, beside it
    response = edit(client, guard, ZONE, version_of(page),
                    [{"op": "set", "pointer": "/governance/alternative_governance", "value": ""}],
                    section="governance")  # fmt: skip
    assert response.status_code == 200, response.text
    assert "alternative_governance" not in path.read_text(encoding="utf-8")
    page = client.get(f"/edit/{ZONE}?section=governance").text
    assert 'id="f-governance-alternative_governance"' not in page
    again = edit(client, guard, ZONE, version_of(page),
                 [{"op": "set", "pointer": "/governance/alternative_governance", "value": "true"}])  # fmt: skip
    assert again.status_code == 400, "a field that is not shown cannot be filled in"


def test_colorado_waivers_written_in_a_massachusetts_plan_are_shown_to_be_removed(
    client: TestClient, guard: Guard, workspace: Path
) -> None:
    """The `ma` pack reports them (ma.plan.colorado-items); the Waivers section is back, with
    one note on the list, until its rows are removed."""
    path = workspace / PLAN
    text = path.read_text(encoding="utf-8")
    waiver = (
        "waivers:\n"
        "  - id: w-calendar\n"
        "    kind: state_statute\n"
        "    citation: C.R.S. 22-32-109(1)(n)(II)(B)\n"
        "    title: Adopt district calendar\n"
        "    levers: [schedule]\n"
        "    rationale: The school sets a longer day.\n"
        "    replacement_policy: The school publishes its own calendar.\n"
        "    how_intent_is_met: Families know the calendar early.\n"
    )
    path.write_text(text.replace("waivers: []\n", waiver), encoding="utf-8")
    label, data = _label(PLAN)
    assert "waivers" not in [s.id for s in sections_for(label, data)]
    page = client.get(f"/edit/{PLAN}?section=waivers").text
    assert "<h2>Waivers requested</h2>" in page
    assert page.count("Not part of a Massachusetts innovation plan") == 1
    response = edit(client, guard, PLAN, version_of(page), [{"op": "remove", "pointer": "/waivers/0"}],
                    section="waivers")  # fmt: skip
    assert response.status_code == 200, response.text
    assert "waivers" not in response.json()["sections"]


def test_hidden_follows_the_starters_left_out() -> None:
    zone_ma = {"jurisdiction": "MA", "zone": {"type": "empowerment_zone"}}
    for path in guidance("zone-ma")["left_out"]:
        pointer = "/" + path.replace(".", "/")
        assert hidden("zone", zone_ma, pointer), path
    assert not hidden("zone", {}, "/governance/alternative_governance")
    assert hidden("zone", {}, "/ma")  # the Colorado zone starter leaves `ma:` out
    assert hidden("plan", {"jurisdiction": "MA"}, "/levers/schedule/waivers")
    assert not hidden("plan", {"jurisdiction": "MA", "waivers": [{"id": "w"}]}, "/waivers")
    assert not hidden("plan", {}, "/waivers")
    assert field_path("/calendar/bell_schedules/3/program") == "calendar.bell_schedules[].program"
    assert state_of("sop", {}) == "MA"
    assert state_of("plan", {"jurisdiction": "XX"}) == "CO"


@pytest.mark.parametrize(
    ("text", "state", "expected"),
    [
        (
            "How often, in years, the authorizer reviews it. Colorado reviews innovation status "
            "every 3 years.",
            "MA",
            "How often, in years, the authorizer reviews it.",
        ),
        (
            "Results on its goals (C.R.S. 22-32.5-110(1)(a)).",
            "MA",
            "Results on its goals.",
        ),
        (
            "What the block is. Which kinds count is set in the rule pack: in Colorado (co) "
            "instruction and passing count; in Massachusetts (ma) only instruction counts.",
            "MA",
            "What the block is. Which kinds count is set in the rule pack: in Massachusetts (ma) "
            "only instruction counts.",
        ),
        (
            "What the block is. Which kinds count is set in the rule pack: in Colorado (co) "
            "instruction and passing count; in Massachusetts (ma) only instruction counts.",
            "CO",
            "What the block is. Which kinds count is set in the rule pack: in Colorado (co) "
            "instruction and passing count.",
        ),
        (
            "What the state agency (in Massachusetts, the Department) is responsible for.",
            "CO",
            "What the state agency is responsible for.",
        ),
        (
            "Nothing of either state (a plain aside).",
            "MA",
            "Nothing of either state (a plain aside).",
        ),
        ("true if it requires a Colorado license.", "MA", ""),
    ],
)
def test_help_without_the_other_states_law(text: str, state: str, expected: str) -> None:
    assert without_other_state(text, state) == expected


# -- 3. the review page ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "heading", "packs"),
    [
        (SOP, "Checklist", "ma, ma-ez"),
        (ZONE, "Checklist", "ma, ma-ez"),
        (PLAN, "Checklist by statutory element", "ma"),
        (CO_PLAN, "Checklist by statutory element", "co"),
    ],
)
def test_review_page_heading_follows_the_reviews_statutory_flag(
    client: TestClient, rel: str, heading: str, packs: str
) -> None:
    page = client.get(f"/review/{rel}").text
    assert f"<h2>{heading}</h2>" in page
    if heading == "Checklist":
        assert "statutory" not in page
    assert f"Rule packs applied: <strong>{packs}" in page


def test_review_page_never_falls_back_to_co_for_a_massachusetts_file(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A review that names no packs shows the file's state's defaults."""
    review = Workspace.review

    def unnamed(self: Workspace, state: object) -> object:
        return replace(review(self, state), packs="")  # type: ignore[arg-type]

    monkeypatch.setattr(Workspace, "review", unnamed)
    assert "Rule packs applied: <strong>ma, ma-ez</strong>" in client.get(f"/review/{SOP}").text
    assert "Rule packs applied: <strong>ma</strong>" in client.get(f"/review/{PLAN}").text
    assert "Rule packs applied: <strong>co</strong>" in client.get(f"/review/{CO_PLAN}").text


# -- 4. the portfolio's posting list -----------------------------------------------------------


@pytest.fixture
def ma_client(tmp_path: Path, guard: Guard) -> Iterator[TestClient]:
    """A workspace of Massachusetts files only."""
    target = tmp_path / "ma"
    shutil.copytree(EXAMPLES / "massachusetts", target, ignore=shutil.ignore_patterns("*.md"))
    with TestClient(create_app(target, guard), base_url=ORIGIN) as c:
        c.cookies.set(guard.cookie_name, TOKEN)
        yield c


def test_massachusetts_workspace_offers_no_posting_list(ma_client: TestClient) -> None:
    home = ma_client.get("/").text
    assert 'href="/portfolio"' in home
    assert 'href="/portfolio/portfolio.xlsx"' in home
    assert "waivers-posting.csv" not in home
    assert "posting list" not in home
    missing = ma_client.get("/portfolio/waivers-posting.csv")
    assert missing.status_code == 404
    assert "no waiver posting list" in html.unescape(missing.text)
    assert missing.headers["content-type"].startswith("text/html")
    assert ma_client.get("/portfolio/portfolio.xlsx").status_code == 200
    assert ma_client.get("/portfolio/nothing.txt").status_code == 404


def test_workspace_with_colorado_plans_offers_the_posting_list(client: TestClient) -> None:
    home = client.get("/").text
    assert 'href="/portfolio/waivers-posting.csv"' in home
    csv = client.get("/portfolio/waivers-posting.csv")
    assert csv.status_code == 200
    assert csv.content.decode("utf-8-sig").startswith('"List"')
