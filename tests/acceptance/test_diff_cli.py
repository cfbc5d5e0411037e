"""`planforge diff` on the renewal example, and its Word summary for the staff ballot."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from planforge.cli import cli

REPO = Path(__file__).resolve().parents[2]
PAIR = REPO / "examples" / "renewal"
OLD, NEW, CHANGES = PAIR / "plan-2023.yaml", PAIR / "plan-2026.yaml", PAIR / "CHANGES.md"


def test_renewal_pair_is_bundled() -> None:
    assert OLD.is_file()
    assert NEW.is_file()
    assert CHANGES.is_file()


# Every intended change listed in examples/renewal/CHANGES.md, as the text output shows it.
EXPECTED_TEXT = [
    # Plan-level
    "Plan type: initial → renewal",
    "Prior plan approved: added: 2023-04-20",
    "Submission date: 2023-02-17 → 2026-02-20",
    "Plan starts: 2023-07-01 → 2026-07-01",
    "Plan ends: 2026-06-30 → 2029-06-30",
    "Zone: added: Confluence Innovation Zone",
    "Enrollment: 612 → 640 (+28)",
    "Why innovation status: rewritten",
    # Waivers and lever references
    "New reliance on waiver: w-aides",
    "Removed reliance on waiver: w-holidays",
    "Was: The teacher workday",
    "$7,800",
    # Staffing
    'Removed position: "Instructional coach" (was 1 FTE, $104,800)',
    'New position: "Math intervention teachers" (2 FTE, $196,400)',
    'New position: "High-dosage math tutors" (4 FTE, $196,000)',
    'Changed position "Paraprofessionals": 10 → 8 FTE (-2); $532,000 → $454,400',
    '"Extended-day and extended-year stipends": cost $414,000 → $468,000',
    "Total staffing: 67 → 70 FTE (+3); $6,298,100 → $6,967,200 (+$669,100)",
    'Removed innovation: "Instructional coach for extended-block planning"',
    'New innovation: "Math intervention teachers"',
    'New innovation: "High-dosage math tutoring"',
    'Changed innovation "Extended-time compensation"',
    # Budget
    "Proposed budget year: 2023-24 → 2026-27",
    "Total proposed revenues: $6,656,200 → $7,480,000 (+$823,800)",
    "Total proposed expenses: $6,635,100 → $7,466,000 (+$830,900)",
    'New revenue line: "Zone flexible funds" ($188,000)',
    'New revenue line: "Colorado High-Impact Tutoring Program grant" ($150,000)',
    'Removed revenue line: "ESSER III" ($180,000)',
    'New expense line: "Confluence Zone services fee (2% of SBB)" ($108,000)',
    'New expense line: "Tutoring materials and training" ($24,000)',
    'Removed expense line: "Intervention contracts (after-school providers)"',
    "Estimated yearly savings: 60,000 → 18,000 (-42,000)",
    "Cost savings: rewritten",
    'New innovation: "Tutoring funded by a state grant"',
    # Schedule
    'Bell schedule "Grades 6-8 regular day (Mon-Thu)": every block moved 30 minutes later',
    'Bell schedule "Grades 6-8 Friday": every block moved 30 minutes later',
    "the day now starts at 07:50",
    'New innovation: "Later start for grades 6-8"',
    "School year: 2023-24 → 2026-27",
    "First day of school: 2023-08-07 → 2026-08-04",
    "Last day of school: 2024-05-31 → 2027-05-28",
    # Curriculum
    "New assessment: Tutoring progress checks every two weeks (grades 6-8)",
    # Goals
    "target 2028-29 added: 60",
    "baseline 17 → 23 (+6)",
    "baseline 43 → 49 (+6)",
    "baseline 58 → 71 (+13)",
    # Consent and support
    "44 of 56 for",
    "11 of 12 for",
    "39 of 53 for",
    'New signatory: "Jordan Akers"',
]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", str(OLD), str(NEW), *args])
    return result.exit_code, result.output


def _unwrapped(text: str) -> str:
    """The text output wraps long lines; join them for phrase matching."""
    return re.sub(r"\n +", " ", text)


def _waivers_by_category() -> dict[str, set[str]]:
    """The waiver ids CHANGES.md lists under Added / Dropped / Modified / Kept."""
    out: dict[str, set[str]] = {}
    section = CHANGES.read_text(encoding="utf-8").split("## Waivers", 1)[1].split("\n## ", 1)[0]
    for bullet in re.split(r"\n- ", section):
        m = re.match(r"\*\*(Added|Dropped|Modified|Kept)", bullet)
        if m:
            category = m.group(1).lower()
            out[category] = set(re.findall(r"`(w-[a-z0-9-]+)`", bullet))
    return out


def test_text_lists_every_intended_change() -> None:
    code, output = _run()
    assert code == 0, output
    text = _unwrapped(output)
    missing = [phrase for phrase in EXPECTED_TEXT if phrase not in text]
    assert missing == []
    assert "Culture\n-------\nNo changes." in output
    assert "Problems with waiver status" not in output


def test_waiver_categories_match_changes_md() -> None:
    expected = _waivers_by_category()
    assert set(expected) == {"added", "dropped", "modified", "kept"}
    code, output = _run("--format", "json")
    assert code == 0
    data = json.loads(output)
    actual: dict[str, set[str]] = {}
    for row in data["waivers"]:
        actual.setdefault(row["category"], set()).add(row["id"])
    assert actual == expected
    modified = next(r for r in data["waivers"] if r["category"] == "modified")
    assert modified["changed"] == ["replacement_policy"]
    assert data["findings"] == []
    assert data["summary"].endswith("waivers: 9 kept, 1 modified, 1 added, 1 dropped.")


def test_markdown_has_a_waiver_table() -> None:
    code, output = _run("-f", "markdown")
    assert code == 0
    assert "| Waiver | Citation | Status | What changes |" in output
    assert "| w-holidays | C.R.S. 22-1-112 | dropped |" in output
    assert "## Staffing" in output


def test_status_contradiction_exits_1_with_the_line(tmp_path: Path) -> None:
    text = NEW.read_text(encoding="utf-8")
    # Mark the modified workday waiver as kept: the diff must catch it.
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "id: w-dcta-workday" in line)
    status = next(i for i in range(start, len(lines)) if "status: modified" in lines[i])
    lines[status] = lines[status].replace("status: modified", "status: kept")
    broken = tmp_path / "plan-2026.yaml"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", str(OLD), str(broken)])
    assert result.exit_code == 1
    col = lines[status].index("kept") + 1
    assert f"{broken}:{status + 1}:{col}: error [diff.status-kept-but-changed]" in result.output


def test_docx_summary_for_the_ballot(tmp_path: Path) -> None:
    import docx

    out = tmp_path / "ballot" / "what-you-are-voting-on.docx"
    code, output = _run("--docx", str(out))
    assert code == 0, output
    document = docx.Document(str(out))
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith(("Heading", "Title"))
    ]
    for heading in (
        "What you are voting on",
        "At a glance",
        "Staffing",
        "Schedule",
        "Budget",
        "Waivers",
        "Budget changes",
        "Staffing changes",
        "Goals and targets",
        "Consent votes",
    ):
        assert heading in headings
    tables = {tuple(c.text for c in t.rows[0].cells): t for t in document.tables}
    waivers = tables[("Waiver", "Citation", "Status", "What changes")]
    rows = {r.cells[0].text.split(":")[0]: r.cells[2].text for r in waivers.rows[1:]}
    assert rows["w-aides"] == "Added (new)"
    assert rows["w-holidays"] == "Dropped (no longer requested)"
    assert rows["w-dcta-workday"] == "Modified"
    assert rows["w-calendar"] == "Kept (unchanged)"
    assert len(rows) == 12
    staffing = tables[("Position", "FTE before", "FTE now", "Cost before", "Cost now")]
    total = [c.text for c in staffing.rows[-1].cells]
    assert total == ["Total", "67", "70", "$6,298,100", "$6,967,200"]
    bullets = " ".join(p.text for p in document.paragraphs)
    assert 'New position: "High-dosage math tutors"' in bullets
    assert not list(out.parent.glob(".*.tmp"))


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", str(OLD), str(bad)])
    assert result.exit_code == 2
    missing = CliRunner().invoke(cli, ["diff", str(OLD), str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2
    zone = tmp_path / "zone.yaml"
    zone.write_text("kind: zone_agreement\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["diff", str(OLD), str(zone)]).exit_code == 2


def test_docx_needs_a_docx_name(tmp_path: Path) -> None:
    code, output = _run("--docx", str(tmp_path / "summary.pdf"))
    assert code == 2
    assert ".docx" in output
    assert "What changed" not in output
