"""The review's checklist as reports show it: CDE Appendix A's rows, in its order, unnumbered."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fixtures import valid_plan

from planforge.documents.memo_context import review_context
from planforge.inputs.pipeline import check_paths
from planforge.packs.loader import load_packs
from planforge.rules.engine import ReviewEntry, review_results
from planforge.rules.report import entry_markdown, entry_text

APPENDIX_A_ORDER = ["mission", "innovations", "academic", "programs", "budget"]


def _entry(tmp_path: Path) -> ReviewEntry:
    path = tmp_path / "plan.yaml"
    path.write_text(json.dumps(valid_plan()))  # JSON is YAML
    [entry] = review_results(check_paths([path]), "co")
    return entry


def test_co_rows_follow_appendix_a_order_and_mark_unverified_rows() -> None:
    """CDE's Appendix A lists the expected improvements in academic achievement before the
    programs and policies affected (the order planforge had swapped); rows after the budget
    were not visible in the copy retrieved and are marked [U] in their citation."""
    rows = load_packs("co").element_defs("innovation_plan")
    assert [r.id for r in rows][:5] == APPENDIX_A_ORDER
    assert all("[V]" in r.cite for r in rows[:4])
    assert all("[U]" in r.cite for r in rows if r.id in ("waivers", "consent", "support"))
    academic = next(r for r in rows if r.id == "academic")
    assert academic.title == "Expected improvements in academic achievement"


def test_text_and_markdown_checklists_are_unnumbered(tmp_path: Path) -> None:
    """Appendix A's rows carry no numbers, so a report that numbered them ("1. Mission ...")
    pointed authorizers at the wrong row once the order followed CDE."""
    entry = _entry(tmp_path)
    text = entry_text(entry)
    table = text[text.index("Statutory elements") + 3 :]
    first = table[0].strip()
    assert first.startswith("Mission and why innovation designation would enhance it")
    assert not any(re.match(r"\s+\d+\. ", line) for line in text)
    markdown = [line for line in entry_markdown(entry) if line.startswith("| ")]
    assert markdown[1].startswith("| Mission and why innovation designation")
    assert not any(re.match(r"\| \d+\. ", line) for line in markdown)


def test_memo_rows_are_unnumbered_in_appendix_a_order(tmp_path: Path) -> None:
    entry = _entry(tmp_path)
    rows = review_context(valid_plan(), entry)["review"]["elements"]
    titles = [r["title"] for r in rows]
    assert titles[:5] == [e.title for e in entry.elements][:5]
    assert titles[2] == "Expected improvements in academic achievement"
    assert not any(re.match(r"\d+\.", t) for t in titles)
