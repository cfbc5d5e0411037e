"""The review memo a board member reads: fields by their labels, items numbered as the plan
lists them, never a YAML path; and the rule packs the file names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _render_support import text_of

from planforge import api
from planforge.documents.memo_context import review_context
from planforge.inputs.loader import load_file

ROOT = Path(__file__).resolve().parents[2]
DRAFT = ROOT / "examples" / "draft" / "plan.yaml"
MINIMAL = ROOT / "tests" / "data" / "minimal" / "plan.yaml"

# `waivers[4].replacement_policy`, `mission.why_innovation`, `levers.budget`, a backtick, a
# line of the YAML file, or a snake_case key: what a reader without the file cannot follow.
_YAML = re.compile(r"\b[a-z_]+(\[\d+\])*\.[a-z_]{2,}|`|\(line \d|\bline \d+\b|\b[a-z]+_[a-z_]+\b")


def _memo_text(path: Path, rules: str | None = None) -> str:
    rendered = api.render([path], ["review"], rules=rules, draft=True, today="2026-03-01")
    [doc] = rendered.documents
    assert doc.data is not None, doc.error
    return text_of(doc.data)


def test_memo_names_fields_by_label_never_by_yaml_path() -> None:
    text = _memo_text(DRAFT)
    assert not _YAML.search(text), _YAML.search(text)
    for label in (
        "Waiver 3 (C.R.S. 22-32-110(1)(k)(I)) — replacement policy",
        "Teachers' vote — votes for",
        "Mission — why innovation",
        "Budget — stated proposed expense total",
    ):
        assert label in text


def test_every_finding_row_is_located_in_words() -> None:
    [entry] = api.review(DRAFT)
    ctx = review_context(load_file(DRAFT).data, entry, draft=True)
    rows = ctx["review"]["findings"]
    assert len(rows) == len(entry.findings) > 5
    for row in rows:
        assert not _YAML.search(row["location"] + " " + row["message"]), row
    comments = " ".join(e["comments"] for e in ctx["review"]["elements"])
    assert not _YAML.search(comments)


def _plan_naming_dps(tmp_path: Path) -> Path:
    """The minimal plan with `rules: [co, dps]` and a district-policy waiver without the
    version of the policy waived (a `dps` rule, dps.waivers.policy-version)."""
    text = MINIMAL.read_text().replace(
        "kind: innovation_plan\n", "kind: innovation_plan\nrules: [co, dps]\n"
    )
    waiver = (
        "  - id: w-dress\n    kind: district_policy\n    citation: GBEBA\n"
        "    title: Staff Dress, Accessories and Grooming for Certificated Staff (Teachers)\n"
        "    levers: [culture]\n"
        "    rationale: Staff dress for outdoor learning on most days of the school year.\n"
        "    replacement_policy: Staff wear clothing suited to outdoor learning and the weather.\n"
        "    how_intent_is_met: Staff dress remains professional and safe for every activity.\n"
    )
    text = text.replace("\ngoals:\n", f"\n{waiver}goals:\n")
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    return path


def test_memo_uses_the_packs_the_file_names(tmp_path: Path) -> None:
    path = _plan_naming_dps(tmp_path)
    text = _memo_text(path)
    assert "co, dps" in text  # Rule packs applied
    assert "Waiver 2 (GBEBA) does not record the version of the policy waived" in text
    assert not _YAML.search(text), _YAML.search(text)
    overridden = _memo_text(path, rules="co")
    assert "does not record the version of the policy waived" not in overridden


@pytest.mark.parametrize("plan", ["standalone/plan.yaml", "renewal/plan-2026.yaml"])
def test_bundled_examples_memos_show_no_yaml(plan: str) -> None:
    text = _memo_text(ROOT / "examples" / plan)
    assert not _YAML.search(text), _YAML.search(text)
