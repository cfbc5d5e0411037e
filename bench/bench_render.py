"""Time `planforge render` (CLI, all documents, largest example) against two baselines.

    .venv/bin/python bench/bench_render.py

(a) a minimal raw docxtpl script rendering the same three templates with the same contexts
    (pickled from planforge's context builders, so the work is identical apart from planforge's
    validation, review, verification and atomic writes). Target: planforge <= 1.15x.
(b) pandoc converting equivalent markdown to docx: the same three documents, turned into
    markdown once with `pandoc -f docx -t markdown` during set-up, then converted back with
    three `pandoc -o x.docx` runs. Target: planforge <= 1.0x. Skipped if pandoc is absent.
"""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ratio_line, time_command

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

RAW_SCRIPT = """
import pickle, sys
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined
jobs = pickle.load(open(sys.argv[1], "rb"))
for template, context, target in jobs:
    tpl = DocxTemplate(template)
    tpl.render(context, jinja_env=Environment(autoescape=True, undefined=StrictUndefined))
    tpl.save(target)
"""


def largest_plan() -> Path:
    plans = [
        p for p in (ROOT / "examples").rglob("*.yaml") if "kind: innovation_plan" in p.read_text()
    ]
    if not plans:
        plans = [ROOT / "tests" / "data" / "render" / "plan.yaml"]
    return max(plans, key=lambda p: p.stat().st_size)


def contexts(plan: Path, out: Path) -> list[tuple[str, dict[str, Any], str]]:
    """(template, context, target) for every document kind, built by planforge."""
    from planforge.documents.docx import sanitize
    from planforge.documents.kinds import DOCUMENT_KINDS, RenderInput, kinds_for
    from planforge.inputs.pipeline import check_file
    from planforge.resources import templates_dir
    from planforge.rules.engine import review_file

    result = check_file(plan)
    data, _ = sanitize(result.data)
    inp = RenderInput(data, review=review_file(result), today="2026-01-01")
    return [
        (str(templates_dir() / k.template), k.build(inp), str(out / f"raw{k.suffix}"))
        for k in (DOCUMENT_KINDS[name] for name in kinds_for("plan"))
        if k.is_docx  # the budget spreadsheet has no template
    ]


def pandoc_inputs(rendered: Path, work: Path) -> list[Path]:
    """Markdown equivalents of planforge's rendered documents."""
    out = []
    for docx in sorted(rendered.glob("*.docx")):
        md = work / f"{docx.stem}.md"
        subprocess.run(
            ["pandoc", "-f", "docx", "-t", "markdown", str(docx), "-o", str(md)], check=True
        )
        out.append(md)
    return out


def main() -> None:
    plan = largest_plan()
    work = Path(tempfile.mkdtemp(prefix="planforge-bench-"))
    try:
        ours_cmd = [str(BIN / "planforge"), "render", str(plan), "-o", str(work / "ours")]
        ours = time_command(ours_cmd)
        jobs = work / "jobs.pickle"
        jobs.write_bytes(pickle.dumps(contexts(plan, work)))
        script = work / "raw.py"
        script.write_text(RAW_SCRIPT)
        raw = time_command([sys.executable, str(script), str(jobs)])
        validate = time_command([str(BIN / "planforge"), "validate", str(plan)], ok_codes=(0, 1))
        print(f"plan: {plan.relative_to(ROOT)} ({plan.stat().st_size:,} bytes), 3 documents")
        print(ratio_line("(a) render vs raw docxtpl", ours, raw, 1.15))
        print(
            f"    (info) `planforge validate` alone takes {validate * 1000:.0f} ms; render "
            f"also runs the review for the memo and verifies every document"
        )
        if shutil.which("pandoc") is None:
            print("(b) skipped: pandoc is not installed (apt-get install pandoc)")
            return
        mds = pandoc_inputs(work / "ours", work)
        chain = " && ".join(f"pandoc '{md}' -o '{md.with_suffix('.docx')}'" for md in mds)
        theirs = time_command(["sh", "-c", chain])
        print(ratio_line("(b) render vs pandoc markdown->docx", ours, theirs, 1.0))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
