"""Massachusetts files (jurisdiction: MA) are reviewed by the `ma` pack only, never by
Colorado's, and their documents name Massachusetts law and bodies, not Colorado's."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from planforge.cli import cli
from planforge.documents.plan_context import plan_context
from planforge.inputs.loader import load_file

ROOT = Path(__file__).resolve().parents[2]
MA_PLAN = ROOT / "examples" / "massachusetts" / "innovation-school" / "plan.yaml"
CO_PLAN = ROOT / "examples" / "standalone" / "plan.yaml"
COLORADO = ("C.R.S.", "Colorado", "State Board of Education", "22-32.5", "School Accountability")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_ma_example_is_ready_under_the_ma_pack_by_default() -> None:
    code, out = _run("review", str(MA_PLAN))
    assert code == 0, out
    assert "Rule packs: ma\n" in out
    assert "Verdict: READY" in out
    assert "co." not in out
    assert "C.R.S." not in out


def test_colorado_packs_are_refused_for_a_massachusetts_file() -> None:
    for packs in ("co", "co,dps", "dps"):
        code, out = _run("review", str(MA_PLAN), "--rules", packs)
        assert code == 3, out
        assert "Colorado law, but the file is under Massachusetts law" in out


def test_ma_pack_is_refused_for_a_colorado_file() -> None:
    code, out = _run("review", str(CO_PLAN), "--rules", "ma")
    assert code == 3, out
    assert "Massachusetts law, but the file is under Colorado law" in out


def test_a_colorado_pack_named_in_a_massachusetts_file_is_refused(tmp_path: Path) -> None:
    text = MA_PLAN.read_text("utf-8").replace(
        "jurisdiction: MA\n", "jurisdiction: MA\nrules: [co]\n"
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, "utf-8")
    code, out = _run("review", str(plan))
    assert code == 3, out


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return [str(value)] if value is not None else []


def test_ma_plan_context_names_no_colorado_law_or_body() -> None:
    ctx = plan_context(load_file(MA_PLAN).data)
    assert ctx["board_name"] == "School Committee of Wexcombe Public Schools"
    assert ctx["law_line"].startswith("Under M.G.L. c.71 §92")
    text = "\n".join(_strings(ctx))
    assert [w for w in COLORADO if w in text] == []
    assert "two-thirds" in ctx["consent_rule"]
    assert [row["body_label"] for row in ctx["consent"]["rows"]] == [
        "Screening committee (two-thirds of members)",
        "Teachers (two-thirds)",
        "School Committee (majority of the full committee)",
    ]
    staffing = next(lever for lever in ctx["levers"] if lever["key"] == "staffing")
    assert [str(w["citation"]) for w in staffing["waivers"]] == [
        "Article 9, §4 (voluntary transfers and seniority placement)"
    ]


def test_co_plan_context_keeps_its_colorado_wording() -> None:
    ctx = plan_context(load_file(CO_PLAN).data)
    assert ctx["law_line"] == "Under the Innovation Schools Act of 2008, C.R.S. 22-32.5"
    assert ctx["board_name"] == "Denver Public Schools Board of Education"
    assert "C.R.S. 22-32-109(1)(n)(I)" in ctx["schedule"]["hours_note"]


def test_ma_waiver_tables_group_the_changes_by_kind() -> None:
    ctx = plan_context(load_file(MA_PLAN).data)
    groups = ctx["waivers"]["groups"]
    assert [g["title"] for g in groups] == [
        "Union-contract waivers and modifications",
        "District policies and procedures",
    ]
    assert [[row["number"] for row in g["rows"]] for g in groups] == [["1", "2"], ["3"]]
    assert "two-thirds" in groups[0]["intro"]


def test_colorado_documents_are_not_made_for_a_massachusetts_plan(tmp_path: Path) -> None:
    """The state waiver request and CDE's budget section are Colorado documents."""
    import planforge

    plan = ROOT / "examples" / "massachusetts" / "innovation-school" / "plan.yaml"
    rendered = planforge.render(plan)
    assert [d.kind for d in rendered.documents] == ["plan", "review"]
    asked = planforge.render(plan, ["waivers"])
    assert asked.documents[0].data is None
    assert "under Colorado law" in str(asked.documents[0].error)
