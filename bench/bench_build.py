"""Time `planforge build` on a generated zone against a raw in-process docxtpl loop.

    .venv/bin/python bench/bench_build.py [--schools 20]

(a) `planforge build` (CLI, fresh output, validation + review + render + verification +
    manifest) vs a raw docxtpl loop rendering the same documents from the same contexts in
    one process: target <= 0.75x.
(c) peak resident memory of the build's processes (parent and workers): target <= 200 MiB.
The batch-PDF figure (b) is bench/bench_pdf.py.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_zone import make_zone

BIN = Path(sys.executable).parent


def raw_loop(zone: Path, out: Path) -> float:
    """Render every document with plain docxtpl, contexts prepared beforehand."""
    from docxtpl import DocxTemplate
    from jinja2 import Environment, StrictUndefined

    from planforge.documents.kinds import DOCUMENT_KINDS, RenderInput, kinds_for
    from planforge.documents.zone import bundle, mou_context
    from planforge.inputs.pipeline import check_paths
    from planforge.resources import templates_dir
    from planforge.rules.engine import review_file

    results = check_paths([zone])
    zb = bundle(results)
    jobs = []
    for member in zb.members:
        inp = RenderInput(member.data, review=review_file(member), today="2026-11-22")
        for kind in kinds_for("plan"):
            spec = DOCUMENT_KINDS[kind]
            if spec.is_docx:  # the budget spreadsheet has no template
                jobs.append((templates_dir() / spec.template, spec.build(inp)))
    jobs.append((templates_dir() / "zone-agreement.docx", mou_context(zb)))
    start = time.perf_counter()
    for i, (template, context) in enumerate(jobs):
        tpl = DocxTemplate(str(template))
        tpl.render(
            context, Environment(autoescape=True, undefined=StrictUndefined), autoescape=True
        )
        tpl.save(str(out / f"doc-{i}.docx"))
    return time.perf_counter() - start


def timed_build(zone: Path, out: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [str(BIN / "planforge"), "build", str(zone), "-o", str(out), "--force", "-q"],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"build failed: {proc.stdout}{proc.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="planforge-bench-"))
    try:
        zone = make_zone(args.schools, work / "zone")
        raw_out, build_out = work / "raw", work / "build"
        raw_out.mkdir()
        raw = min(raw_loop(zone, raw_out) for _ in range(args.rounds))
        ours = min(timed_build(zone, build_out) for _ in range(args.rounds))
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        docs = 3 * args.schools + 1
        ratio = ours / raw
        print(f"zone of {args.schools} schools, {docs} documents")
        print(
            f"(a) planforge build {ours:.2f} s vs raw docxtpl loop {raw:.2f} s = {ratio:.2f}x "
            f"(target <= 0.75x, {'meets' if ratio <= 0.75 else 'MISSES'})"
        )
        print(
            f"(c) peak memory of a build process: {peak:.0f} MiB "
            f"(target <= 200 MiB, {'meets' if peak <= 200 else 'MISSES'})"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
