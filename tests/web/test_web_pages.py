"""The workspace's pages: home, new plan, review, documents, zone packet, compare, CLI."""

from __future__ import annotations

import importlib.util
import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from starlette.testclient import TestClient

from planforge.cli import cli
from planforge.web.security import Guard

from .conftest import post_form, version_of


def test_home_lists_every_plan_and_zone_with_its_verdict(client: TestClient) -> None:
    html = client.get("/").text
    assert html.count('href="/file/') >= 9
    for name in (
        "Sable Ridge High School",
        "Confluence Innovation Zone",
        "Bluebird Dual Language Academy",
    ):
        assert name in html
    row = html[html.index("Sable Ridge High School") :]
    row = row[: row.index("</tr>")]
    assert "Not ready" in row
    assert "draft/plan.yaml" in row
    assert "Jun 30, 2029" in html  # renewal due at the end of the term
    assert "Member of Confluence Innovation Zone" in html


def test_new_plan_from_the_starter(client: TestClient, guard: Guard, workspace: Path) -> None:
    assert "School name" in client.get("/new").text
    response = post_form(
        client,
        "/new",
        [("_csrf", guard.csrf), ("school", "Aurora Vista Elementary"), ("folder", "")],
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/edit/aurora-vista-elementary/plan.yaml?created=1"
    path = workspace / "aurora-vista-elementary" / "plan.yaml"
    assert "name: Aurora Vista Elementary" in path.read_text(encoding="utf-8")
    page = client.get(response.headers["location"]).text
    assert "created from the starter" in page
    assert 'value="Aurora Vista Elementary"' in page
    again = post_form(
        client, "/new", [("_csrf", guard.csrf), ("school", "Aurora Vista Elementary")]
    )
    assert again.status_code == 400
    assert "already exists" in again.text
    blank = post_form(client, "/new", [("_csrf", guard.csrf), ("school", " ")])
    assert blank.status_code == 400


def test_editor_shows_sections_labels_and_findings_beside_fields(client: TestClient) -> None:
    html = client.get("/edit/draft/plan.yaml?section=waivers").text
    for nav in (
        "School",
        "Mission",
        "Curriculum",
        "Waivers",
        "Goals",
        "Budget figures",
        "Consent votes",
    ):
        assert f'<span class="nav-title">{nav}</span>' in html
    assert 'aria-current="page"' in html
    assert '<label for="f-waivers-2-replacement_policy">Replacement policy' in html
    field = html[html.index('data-anchor="/waivers/2/replacement_policy"') :]
    field = field[: field.index("</ul>")]
    assert "placeholder" in field
    assert "Error:" in field
    assert "`" not in field
    assert "waivers[" not in field
    assert "w-staff-dress" in html
    school = client.get("/edit/draft/plan.yaml").text
    assert 'type="date"' in school
    assert 'type="number"' in school
    assert "<select" in school
    calendar = client.get("/edit/draft/plan.yaml?section=calendar").text
    assert 'class="edit-table"' in calendar
    assert 'type="time"' in calendar


def test_review_page_has_the_checklist_figures_and_packs(client: TestClient) -> None:
    html = client.get("/review/draft/plan.yaml").text
    assert "Checklist by statutory element" in html
    assert "Consent of administrators, teachers and SAC" in html
    assert "Missing" in html
    assert "Partially meets" in html
    assert "Key figures" in html
    assert "Instructional time" in html
    assert "Rule packs applied" in html
    assert "co" in html
    zone = client.get("/review/confluence-zone/zone.yaml").text
    assert "Member schools and their plans" in zone


def test_documents_download_as_word(client: TestClient) -> None:
    page = client.get("/documents/standalone/plan.yaml").text
    assert "Innovation plan" in page
    assert "Review memo" in page
    response = client.get("/download/standalone/plan.yaml?kind=plan&format=docx")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Bluebird Dual Language Academy" in text
    draft = client.get("/download/standalone/plan.yaml?kind=review&format=docx&draft=1")
    assert draft.status_code == 200
    assert draft.content[:2] == b"PK"
    assert client.get("/download/standalone/plan.yaml?kind=mou").status_code == 404


def test_a_plan_with_form_errors_gets_drafts_only(client: TestClient, guard: Guard) -> None:
    rel = "standalone/plan.yaml"
    from .conftest import edit

    base = version_of(client.get(f"/edit/{rel}").text)
    edit(
        client, guard, rel, base, [{"op": "set", "pointer": "/school/enrollment", "value": "many"}]
    )
    page = client.get(f"/documents/{rel}").text
    assert "only <strong>drafts</strong>" in page
    assert client.get(f"/download/{rel}?kind=plan&format=docx").status_code == 409
    draft = client.get(f"/download/{rel}?kind=plan&format=docx&draft=1")
    assert draft.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(draft.content)).paragraphs)
    assert "DRAFT" in text.upper()


def test_zone_page_builds_the_packet_with_progress(client: TestClient, guard: Guard) -> None:
    page = client.get("/zone/confluence-zone/zone.yaml").text
    for school in (
        "Cottonwood Creek Elementary",
        "Platte Bend K-8 Academy",
        "Steelworks High School",
    ):
        assert school in page
    response = post_form(client, "/build/confluence-zone/zone.yaml", [("_csrf", guard.csrf)])
    assert response.status_code == 303
    job = response.headers["location"].rsplit("/", 1)[1]
    seen = []
    for _ in range(600):
        state = client.get(f"/api/jobs/{job}").json()
        seen.append(state["done"])
        if state["finished"]:
            break
        time.sleep(0.1)
    assert state["finished"], state
    assert not state["error"], state
    from planforge.documents.kinds import kinds_for

    colorado = {"kind": "innovation_plan", "jurisdiction": "CO"}
    zone = {"kind": "zone_agreement", "jurisdiction": "CO"}
    expected = 4 * len(kinds_for("plan", colorado)) + len(kinds_for("zone", zone))
    assert state["done"] == state["total"] == expected
    assert len(state["documents"]) == expected
    assert "The packet is ready" in client.get(f"/jobs/{job}").text
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/jobs/{job}/zip").content))
    assert "SUMMARY.md" in archive.namelist()
    first = state["documents"][0]["name"]
    assert client.get(f"/jobs/{job}/file/{first}").content[:2] == b"PK"
    assert client.get(f"/jobs/{job}/file/../../../etc/passwd").status_code == 404


def test_compare_a_renewal_lever_by_lever(client: TestClient) -> None:
    html = client.get("/compare/renewal/plan-2026.yaml?with=f:renewal/plan-2023.yaml").text
    assert "What changed" in html
    for heading in ("Curriculum", "Staffing", "Waivers", "Budget (proposed year of each version)"):
        assert heading in html
    assert re.search(r"<li class=\"change (added|changed|removed|moved)\">", html)
    summary = client.get("/whatchanged/renewal/plan-2026.yaml?with=f:renewal/plan-2023.yaml")
    assert summary.content[:2] == b"PK"


def test_compare_with_an_uploaded_file(client: TestClient, guard: Guard, workspace: Path) -> None:
    earlier = (workspace / "renewal" / "plan-2023.yaml").read_bytes()
    response = client.post(
        "/compare/renewal/plan-2026.yaml",
        files={"earlier": ("old-plan.yaml", earlier, "application/x-yaml")},
        data={"_csrf": guard.csrf},
        headers={"origin": "http://testserver"},
    )
    assert response.status_code == 200
    assert "What changed" in response.text
    assert "old-plan.yaml" in response.text


def test_serve_without_the_web_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *args: object) -> object:
        return None if name == "uvicorn" else real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    result = CliRunner().invoke(cli, ["serve", "--no-browser"])
    assert result.exit_code == 3
    assert 'pip install "planforge[web]"' in result.output
    assert "Traceback" not in result.output


def test_serve_refuses_other_addresses_unless_forced(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", str(tmp_path), "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code == 2
    assert "--unsafe-host" in result.output
    missing = CliRunner().invoke(cli, ["serve", str(tmp_path / "nope"), "--no-browser"])
    assert missing.exit_code == 2
    assert "serve" in CliRunner().invoke(cli, ["--help"]).output


@pytest.mark.pdf
@pytest.mark.slow
def test_pdf_download_when_libreoffice_is_installed(client: TestClient) -> None:
    from planforge.web.views_docs import pdf_available

    if not pdf_available():
        pytest.skip("LibreOffice is not installed")
    assert "PDF" in client.get("/documents/standalone/plan.yaml").text
    response = client.get("/download/standalone/plan.yaml?kind=plan&format=pdf")
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"


def test_home_offers_the_authorizers_portfolio(client: TestClient) -> None:
    """The portfolio page and files come from the same library function as the CLI's."""
    import io

    from openpyxl import load_workbook

    assert 'href="/portfolio"' in client.get("/").text
    page = client.get("/portfolio")
    assert page.status_code == 200
    for name in ("Sable Ridge High School", "Waiver matrix", "Bluebird Dual Language Academy"):
        assert name in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src" not in csp
    assert "default-src 'none'" in csp
    assert "<script" not in page.text
    workbook = client.get("/portfolio/portfolio.xlsx")
    assert "attachment" in workbook.headers["content-disposition"]
    names = load_workbook(io.BytesIO(workbook.content)).sheetnames
    assert "Waiver matrix" in names
    posting = client.get("/portfolio/waivers-posting.csv")
    assert "Steelworks High School" in posting.content.decode("utf-8-sig")
    assert client.get("/portfolio/..%2Fzone.yaml").status_code == 404
