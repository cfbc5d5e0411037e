"""Speed target P1: `planforge render PLAN --document plan` against pandoc writing a .docx.

    .venv/bin/python bench/bench_p1.py [--runs N]

On the largest bundled example plan. The baseline is pandoc producing a .docx of the same
content: planforge's innovation plan is turned into Markdown once (`pandoc -f docx -t
markdown`, during set-up, not timed), and the timed baseline converts that Markdown back to
a .docx. The two commands are timed alternately in one run (A B A B …) so that a busy
machine slows both alike; medians are compared. Target: planforge <= 1.0x pandoc.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_render import largest_plan

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _once(cmd: Sequence[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[:500]}")
    return elapsed


def side_by_side(a: Sequence[str], b: Sequence[str], runs: int) -> tuple[float, float]:
    """Median seconds of `a` and `b`, timed alternately after one warm-up run each."""
    _once(a)
    _once(b)
    ta, tb = [], []
    for _ in range(runs):
        ta.append(_once(a))
        tb.append(_once(b))
    return statistics.median(ta), statistics.median(tb)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    if shutil.which("pandoc") is None:
        print("P1 needs pandoc: apt-get install pandoc")
        return 2
    plan = largest_plan()
    work = Path(tempfile.mkdtemp(prefix="planforge-p1-"))
    try:
        ours = [
            str(BIN / "planforge"), "render", str(plan), "--document", "plan",
            "-o", str(work / "ours"),
        ]  # fmt: skip
        _once(ours)
        docx = next((work / "ours").glob("*-innovation-plan.docx"))
        md = work / "plan.md"
        _once(["pandoc", "-f", "docx", "-t", "markdown", str(docx), "-o", str(md)])
        theirs = ["pandoc", str(md), "-o", str(work / "pandoc.docx")]
        t_ours, t_theirs = side_by_side(ours, theirs, args.runs)
        ratio = t_ours / t_theirs
        verdict = "meets" if ratio <= 1.0 else "MISSES"
        print(
            f"plan: {plan.relative_to(ROOT)} ({plan.stat().st_size:,} bytes), {args.runs} runs each"
        )
        print(
            f"P1 render --document plan: planforge {t_ours * 1000:.0f} ms vs pandoc "
            f"{t_theirs * 1000:.0f} ms = {ratio:.2f}x (target <= 1.00x, {verdict})"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
