"""`planforge mou ZONE`: the zone operating agreement, checked by opening the .docx.

The example zone's agreement is rendered once per module; imo and empowerment-zone variants
are copies of the example zone (and its member plans) in a temporary folder.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from planforge.cli import cli
from planforge.documents.zone_context import ZONE_TYPES

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "confluence-zone"
ZONE = EXAMPLE / "zone.yaml"
STEM = "confluence-innovation-zone"
DOCX = f"{STEM}-operating-agreement.docx"
SCHOOLS = (
    "Cottonwood Creek Elementary",
    "Platte Bend K-8 Academy",
    "Riverfront Middle School",
    "Steelworks High School",
)
ARTICLE_TITLES = (
    "Parties and Recitals",
    "Definitions",
    "Purpose and Shared Goals",
    "Term, Renewal Review and Amendment",
    "Member Schools",
    "Governance",
    "Roles and Responsibilities",
    "Autonomies and Waivers",
    "Funding",
    "District Services",
    "Human Resources",
    "Students",
    "Facilities and Operations",
    "Accountability",
    "Compliance with Law",
    "Dispute Resolution",
    "Termination and Transition",
    "Insurance, Indemnification and Liability",
    "Notices and General Provisions",
)
STATE_PARTY = """\
  - role: state_agency
    name: Colorado Department of Education
    short_name: the State
    representative:
      name: Dr. Dana Whitfield
      title: Commissioner of Education
    address: 201 East Colfax Avenue, Denver, CO 80203
"""
STATE_SEAT = """\
    - appointed_by: Commissioner of Education
      count: 1
      description: A member appointed by the Commissioner for the state
"""
STATE_SIGNATORY = (
    "  - {party: Colorado Department of Education, name: Dr. Dana Whitfield, "
    "title: Commissioner of Education}\n"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def copy_zone(dest: Path) -> Path:
    """A copy of the example zone (zone file and member plan folders) under `dest`."""
    shutil.copytree(EXAMPLE, dest)
    return dest / "zone.yaml"


def without_recitals(text: str) -> str:
    out = re.sub(r"^recitals:\n(?:[ \t]+.*\n|[ \t]*\n)*", "", text, count=1, flags=re.M)
    assert out != text
    return out


def make_variant(dest: Path, ztype: str) -> Path:
    """The example zone as another zone type, without typed recitals (so the law one shows)."""
    zone = copy_zone(dest)
    text = without_recitals(zone.read_text(encoding="utf-8"))
    text = text.replace("  type: izone\n", f"  type: {ztype}\n", 1)
    if ztype == "empowerment_zone":
        text = text.replace("parties:\n", "parties:\n" + STATE_PARTY, 1)
        text = text.replace("  seats:\n", "  seats:\n" + STATE_SEAT, 1)
        text = text.replace("  size: 9\n", "  size: 10\n", 1)
        text = text.rstrip("\n") + "\n" + STATE_SIGNATORY
    zone.write_text(text, encoding="utf-8")
    return zone


# --------------------------------------------------------------------------- reading a .docx


class Agreement:
    """An opened agreement: python-docx document plus the raw XML parts."""

    def __init__(self, path: Path) -> None:
        import docx

        self.path = path
        self.doc: Any = docx.Document(str(path))
        with zipfile.ZipFile(path) as z:
            self.parts = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}

    def headings(self, level: int) -> list[str]:
        style = f"Heading {level}"
        return [p.text for p in self.doc.paragraphs if p.style.name == style]

    def paragraphs(self) -> list[str]:
        return [p.text for p in self.doc.paragraphs]

    def text(self) -> str:
        cells = [c.text for t in self.doc.tables for row in t.rows for c in row.cells]
        return "\n".join(self.paragraphs() + cells)

    def table(self, first_header: str) -> list[list[str]]:
        """Rows (without the header) of every table whose first header cell is `first_header`."""
        rows: list[list[str]] = []
        for t in self.doc.tables:
            if t.rows[0].cells[0].text == first_header:
                rows += [[c.text for c in row.cells] for row in t.rows[1:]]
        return rows

    def section_text(self, start: str, end: str | None) -> str:
        """Body text (paragraphs and tables, in order) from heading `start` to heading `end`."""
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        out: list[str] = []
        inside = False
        for block in self.doc.element.body.iterchildren():
            if block.tag.endswith("}p"):
                para = Paragraph(block, self.doc)
                if para.style.name.startswith("Heading") and para.text == start:
                    inside = True
                elif inside and end is not None and para.text == end:
                    break
                if inside:
                    out.append(para.text)
            elif inside and block.tag.endswith("}tbl"):
                table = Table(block, self.doc)
                out += [c.text for row in table.rows for c in row.cells]
        return "\n".join(out)


@pytest.fixture(scope="module")
def agreement(tmp_path_factory: pytest.TempPathFactory) -> Agreement:
    out = tmp_path_factory.mktemp("mou")
    result = run("mou", str(ZONE), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == [DOCX]
    assert f"wrote {out / DOCX}" in result.output or DOCX in result.output
    return Agreement(out / DOCX)


_VARIANTS: dict[str, Agreement] = {}


def rendered_variant(factory: pytest.TempPathFactory, ztype: str) -> Agreement:
    """The agreement of the `ztype` variant, rendered once per test session."""
    if ztype not in _VARIANTS:
        base = factory.mktemp(ztype)
        zone = make_variant(base / "zone", ztype)
        result = run("mou", str(zone), "-o", str(base / "out"))
        assert result.exit_code == 0, result.output
        _VARIANTS[ztype] = Agreement(base / "out" / DOCX)
    return _VARIANTS[ztype]


@pytest.fixture(scope="module", params=["imo", "empowerment_zone"])
def variant(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Agreement]:
    ztype: str = request.param
    return ztype, rendered_variant(tmp_path_factory, ztype)


# --------------------------------------------------------------------------- the example zone


def test_articles_in_order_with_consecutive_numbers(agreement: Agreement) -> None:
    articles = [h for h in agreement.headings(1) if h.startswith("Article ")]
    assert articles == [f"Article {i}. {t}" for i, t in enumerate(ARTICLE_TITLES, start=1)]
    assert articles[0] == "Article 1. Parties and Recitals"


def test_sections_are_numbered_within_their_article(agreement: Agreement) -> None:
    labels = [
        p.text for p in agreement.doc.paragraphs if p.style.name == "Label" and p.text[:1].isdigit()
    ]
    assert labels[:3] == ["1.1  Parties.", "1.2  Recitals.", "1.3  Authority."]
    seen: dict[str, list[int]] = {}
    for label in labels:
        article, section = label.split()[0].split(".")
        seen.setdefault(article, []).append(int(section))
    assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in seen.values()), seen
    assert "17.2  Notice." in labels  # termination: notice_days present
    # cross-reference to the termination article uses its number
    assert "unless it is terminated earlier under Article 17." in agreement.text()


def test_parties_and_typed_recitals(agreement: Agreement) -> None:
    text = agreement.text()
    for name in (
        "School District No. 1 in the City and County of Denver",
        "Confluence Schools Partnership",
        "Denver Classroom Teachers Association",
    ):
        assert name in text
    assert (
        "School District No. 1 in the City and County of Denver (\u201cthe District\u201d), "
        "represented by Dr. Harriet Sandoval, Deputy Superintendent, Authorizing & Accountability"
    ) in agreement.paragraphs()
    article = agreement.section_text("Article 1. Parties and Recitals", "Article 2. Definitions")
    assert "WHEREAS the Innovation Schools Act of 2008 allows a group" in article
    assert "Resolution No. 4187" in article
    # typed recitals replace the generated law recital
    assert ZONE_TYPES["izone"].recital not in text
    assert "SB 22-197 (Innovation School Zones With Alternative Governance)" in article


def test_board_seats_table(agreement: Agreement) -> None:
    rows = agreement.table("Appointed by")
    assert [r[:3] for r in rows] == [
        ["Superintendent of Denver Public Schools", "2", "Voting"],
        ["Teachers of the member schools (election)", "2", "Voting"],
        ["Member school principals", "1", "Voting"],
        ["Families of member-school students (election)", "1", "Voting"],
        ["Confluence Schools Partnership Board (self-perpetuating)", "3", "Voting"],
    ]
    assert "The Confluence Schools Partnership Board of Directors has 9 seats" in agreement.text()
    assert "A quorum is 5 members. Members serve terms of 2 years." in agreement.paragraphs()


def test_exhibit_c_services_and_prices(agreement: Agreement) -> None:
    rows = {r[0]: (r[1], r[2]) for r in agreement.table("Service")}
    assert rows["Home-to-school transportation"] == ("Non-optional", "Included")
    assert rows["District curriculum and instructional materials"] == ("Optional", "$95 per pupil")
    assert rows["Instructional coaching and professional learning"] == (
        "Optional",
        "$2,400 per FTE",
    )
    assert rows["Library services"] == ("Optional", "$18,500 per school")
    assert rows["Late-bus route"] == ("Optional", "$32,000 flat fee")
    assert len(rows) == 11
    # Article 10 lists optional services with their prices
    assert "Interim assessment and data services: $14 per pupil" in agreement.paragraphs()


def test_exhibit_a_lists_all_schools(agreement: Agreement) -> None:
    rows = agreement.table("School")
    assert [r[0] for r in rows] == list(SCHOOLS)
    assert rows[0][1:] == ["K-5", "412", "Dr. Alejandra Benavides", "Initial"]
    assert rows[1][1:] == ["K-8", "640", "Samuel Oyelaran", "Renewal"]


def test_exhibit_b_heading_and_citations_per_school(agreement: Agreement) -> None:
    from planforge.inputs.loader import load_file

    headings = agreement.headings(2)
    exhibit_b = agreement.section_text(
        "Exhibit B. Waiver Schedule by School", "Exhibit C. District Service Menu and Prices"
    )
    for folder, school in zip(
        ("cottonwood-creek", "platte-bend", "riverfront-middle", "steelworks-high"),
        SCHOOLS,
        strict=True,
    ):
        waivers = load_file(EXAMPLE / "schools" / folder / "plan.yaml").data["waivers"]
        dropped = sum(1 for w in waivers if w.get("status") == "dropped")
        heading = f"{school} ({len(waivers) - dropped} waivers in effect"
        heading += f"; {dropped} dropped at renewal)" if dropped else ")"
        assert heading in headings
        start = exhibit_b.index(f"{school} (")
        block = exhibit_b[start:]
        for waiver in waivers:
            assert waiver["citation"] in block, (school, waiver["citation"])
    rows = agreement.table("Reference")
    assert [
        "C.R.S. 22-32-109(1)(n)(I)",
        "School calendar",
        "State statute",
        "schedule",
        "Kept",
    ] in (rows)


def test_exhibit_d_goals(agreement: Agreement) -> None:
    exhibit_d = agreement.section_text("Exhibit D. Performance Goals by School", None)
    for school in SCHOOLS:
        assert school in exhibit_d
    rows = agreement.table("Measure")
    assert [
        "CMAS ELA percent meeting or exceeding expectations, grades 3-5",
        "All students",
        "2024-25: 34%",
        "2026-27: 38%; 2027-28: 43%; 2028-29: 48%",
    ] in rows
    assert "Four-year graduation rate" in [r[0] for r in rows]


def test_signature_blocks(agreement: Agreement) -> None:
    cells = [c for t in agreement.doc.tables for row in t.rows for c in (x.text for x in row.cells)]
    for name, title, party in (
        (
            "Carmen Villaseñor",
            "President, Board of Education",
            "School District No. 1 in the City and County of Denver",
        ),
        (
            "Dr. Harriet Sandoval",
            "Deputy Superintendent, Authorizing & Accountability",
            "School District No. 1 in the City and County of Denver",
        ),
        ("Renée Castellano", "Chair of the Board", "Confluence Schools Partnership"),
        ("Jordan Akers", "Executive Director", "Confluence Schools Partnership"),
        ("Megan Fairbanks", "Zone Liaison, DCTA", "Denver Classroom Teachers Association"),
    ):
        assert name in cells
        assert f"{title}, {party}" in cells
    assert cells.count("Signature") == 5


def test_header_footer_and_toc(agreement: Agreement) -> None:
    header = " ".join(p.text for s in agreement.doc.sections for p in s.header.paragraphs)
    assert "Confluence Innovation Zone" in header
    assert "Innovation Zone Operating Agreement" in header
    footers = [v for k, v in agreement.parts.items() if k.startswith("word/footer")]
    assert footers
    footer = "".join(footers)
    assert re.search(r"<w:instrText[^>]*>\s*PAGE\s*</w:instrText>", footer)
    assert re.search(r"<w:instrText[^>]*>\s*NUMPAGES\s*</w:instrText>", footer)
    body = agreement.parts["word/document.xml"]
    assert re.search(r"<w:instrText[^>]*>\s*TOC \\o", body)
    assert "Contents" in agreement.paragraphs()


def test_cover_and_no_draft_mark(agreement: Agreement) -> None:
    paragraphs = agreement.paragraphs()
    assert "Innovation Zone Operating Agreement" in paragraphs
    assert "Agreement term: 2026-07-01 to 2029-06-30" in paragraphs
    assert "Member schools: 4" in paragraphs
    assert not any("DRAFT" in p for p in paragraphs)
    assert "{{" not in agreement.text()
    assert "{%" not in agreement.text()


# --------------------------------------------------------------------------- each zone type


def test_zone_type_wording(variant: tuple[str, Agreement]) -> None:
    ztype, doc = variant
    wording = ZONE_TYPES[ztype]
    paragraphs = doc.paragraphs()
    assert wording.title in paragraphs  # cover title
    header = " ".join(p.text for s in doc.doc.sections for p in s.header.paragraphs)
    assert wording.title in header
    assert f"WHEREAS {wording.recital}" in paragraphs
    assert wording.governance in paragraphs
    for other, text in ZONE_TYPES.items():
        if other != ztype:
            assert text.title not in paragraphs
            assert text.governance not in paragraphs
    definitions = doc.section_text("Article 2. Definitions", "Article 3. Purpose and Shared Goals")
    assert f"the {wording.zone_word} created by this Agreement" in definitions
    assert f"this {wording.title}, including its exhibits." in definitions
    articles = [h for h in doc.headings(1) if h.startswith("Article ")]
    assert articles == [f"Article {i}. {t}" for i, t in enumerate(ARTICLE_TITLES, start=1)]


def test_empowerment_zone_has_state_party_and_seat(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    doc = rendered_variant(tmp_path_factory, "empowerment_zone")
    text = doc.text()
    assert (
        "Colorado Department of Education (\u201cthe State\u201d), represented by "
        "Dr. Dana Whitfield, Commissioner of Education"
    ) in doc.paragraphs()
    seats = doc.table("Appointed by")
    assert seats[0][:3] == ["Commissioner of Education", "1", "Voting"]
    assert "has 10 seats" in text
    assert "Commissioner of Education, Colorado Department of Education" in text
    assert "members appointed by the state" in text


def test_imo_keeps_recitals_when_typed(tmp_path: Path) -> None:
    zone = copy_zone(tmp_path / "zone")
    text = zone.read_text(encoding="utf-8").replace("  type: izone\n", "  type: imo\n", 1)
    zone.write_text(text, encoding="utf-8")
    result = run("mou", str(zone), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    doc = Agreement(tmp_path / "out" / DOCX)
    assert ZONE_TYPES["imo"].title in doc.paragraphs()
    assert f"WHEREAS {ZONE_TYPES['imo'].recital}" not in doc.paragraphs()
    assert "WHEREAS the Innovation Schools Act of 2008 allows a group" in doc.text()


def test_optional_articles_absent_close_up_numbers(tmp_path: Path) -> None:
    zone = copy_zone(tmp_path / "zone")
    text = zone.read_text(encoding="utf-8")
    text = re.sub(
        r"^(roles|facilities|insurance):.*\n(?:[ \t]+.*\n|[ \t]*\n)*", "", text, flags=re.M
    )
    zone.write_text(text, encoding="utf-8")
    result = run("mou", str(zone), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    doc = Agreement(tmp_path / "out" / DOCX)
    titles = [
        t
        for t in ARTICLE_TITLES
        if t
        not in {
            "Roles and Responsibilities",
            "Facilities and Operations",
            "Insurance, Indemnification and Liability",
        }
    ]
    articles = [h for h in doc.headings(1) if h.startswith("Article ")]
    assert articles == [f"Article {i}. {t}" for i, t in enumerate(titles, start=1)]
    assert "7.1  Curriculum, instruction and assessment." in doc.paragraphs()
    assert "unless it is terminated earlier under Article 15." in doc.text()


# --------------------------------------------------------------------------- refusals


def _break_member(zone: Path) -> Path:
    plan = zone.parent / "schools" / "platte-bend" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace("  enrollment: 640\n", "  enrollment: lots\n", 1), encoding="utf-8"
    )
    return plan


def test_member_with_errors_is_refused_then_renders_as_draft(tmp_path: Path) -> None:
    zone = copy_zone(tmp_path / "zone")
    _break_member(zone)
    out = tmp_path / "out"
    result = run("mou", str(zone), "-o", str(out))
    assert result.exit_code == 1, result.output
    assert not out.exists() or not any(out.iterdir())
    assert "platte-bend" in result.stdout
    assert re.search(r"plan\.yaml:\d+:\d+: error", result.stdout), result.stdout
    assert "school.enrollment" in result.stdout or "enrollment" in result.stdout
    assert "agreement not rendered" in result.stderr
    drafted = run("mou", str(zone), "-o", str(out), "--draft")
    assert drafted.exit_code == 0, drafted.output
    doc = Agreement(out / DOCX)
    assert any("DRAFT" in p for p in doc.paragraphs())
    assert [r[0] for r in doc.table("School")] == list(SCHOOLS)


def test_plan_file_instead_of_zone(tmp_path: Path) -> None:
    plan = EXAMPLE / "schools" / "platte-bend" / "plan.yaml"
    result = run("mou", str(plan), "-o", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert "not a zone file" in result.output
    assert "zone.yaml" in result.output
    assert "Traceback" not in result.output
    assert not any(tmp_path.iterdir())


def test_missing_template_in_templates_folder(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    result = run("mou", str(ZONE), "-o", str(tmp_path / "out"), "--templates", str(templates))
    assert result.exit_code == 3, result.output
    assert "zone-agreement.docx" in result.output
    assert not (tmp_path / "out").exists()
