"""Time `planforge portfolio` on a generated district of 100 plans, side by side with review.

    .venv/bin/python bench/bench_portfolio.py [--plans 100] [--rounds 3] [--loop-rounds 1]

The district is made the way bench/make_zone.py makes a zone: three zones cloned from the
example zone (each with its own name) and standalone schools cloned from
examples/standalone and examples/draft (so a few plans are NOT READY), 100 plans in all.
Three measurements, taking turns within each round so a busy machine slows them alike:

1. `planforge portfolio ZONES... STANDALONE/ -o OUT` (the workbook, the page and the CSV);
2. `planforge review` over the same paths in one process (target: portfolio <= 1.2x);
3. a loop of one `planforge review PLAN` per plan, 100 processes (target: portfolio <= 0.1x).

Medians of wall time are reported, with the ratios.
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ratio_line
from make_zone import make_zone

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
EXAMPLES = ROOT / "examples"
ZONE_NAME = "Confluence Innovation Zone"
ZONES = ("Confluence Innovation Zone", "Northfield Innovation Zone", "Mesa Ridge Innovation Zone")
STANDALONE = (EXAMPLES / "standalone" / "plan.yaml", EXAMPLES / "draft" / "plan.yaml")


def make_district(plans: int, outdir: Path) -> tuple[list[Path], list[Path]]:
    """Write a district of `plans` plans; return (paths to pass, every plan file)."""
    standalone = max(1, plans // 5)
    zoned = plans - standalone
    sizes = [zoned // len(ZONES) + (1 if i < zoned % len(ZONES) else 0) for i in range(len(ZONES))]
    inputs: list[Path] = []
    for index, (name, size) in enumerate(zip(ZONES, sizes, strict=True)):
        folder = outdir / f"zone-{index + 1}"
        zone = make_zone(size, folder)
        _rename_zone(zone, name, f"Z{index + 1}")
        inputs.append(zone)
    singles = outdir / "standalone"
    for i in range(standalone):
        source = STANDALONE[0] if i % 5 else STANDALONE[1]
        text = source.read_text(encoding="utf-8")
        found = re.search(r"^  name: (.+)$", text, flags=re.M)
        assert found, source
        text = text.replace(f"  name: {found.group(1)}", f"  name: {found.group(1)} {i + 1}", 1)
        target = singles / f"school-{i + 1:03d}" / "plan.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    inputs.append(singles)
    every = sorted(outdir.glob("zone-*/schools/*/plan.yaml")) + sorted(singles.glob("*/plan.yaml"))
    return inputs, every


def _rename_zone(zone: Path, name: str, tag: str) -> None:
    """Give a generated zone and its members their own zone name and school names."""
    zone.write_text(zone.read_text(encoding="utf-8").replace(ZONE_NAME, name), encoding="utf-8")
    for plan in zone.parent.glob("schools/*/plan.yaml"):
        text = plan.read_text(encoding="utf-8").replace(ZONE_NAME, name)
        text = re.sub(r"^(  name: .+ Campus )(\d+)$", rf"\g<1>{tag}-\2", text, count=1, flags=re.M)
        plan.write_text(text, encoding="utf-8")


def run(cmd: Sequence[str | Path]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run; stop if it fails (review exits 1 on plan errors)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[:3]}... exited {proc.returncode}: {proc.stderr.decode()[:500]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def total(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """Wall and CPU seconds of several runs added up."""
    return sum(w for w, _ in runs), sum(c for _, c in runs)


def median(samples: list[tuple[float, float]]) -> tuple[float, float]:
    """Median wall and median CPU seconds."""
    return statistics.median(w for w, _ in samples), statistics.median(c for _, c in samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of portfolio and review")
    parser.add_argument(
        "--loop-rounds", type=int, default=1, help="rounds of the 100-run loop (0: skip it)"
    )
    args = parser.parse_args()
    planforge = BIN / "planforge"
    with tempfile.TemporaryDirectory() as tmp:
        inputs, plans = make_district(args.plans, Path(tmp) / "district")
        out = Path(tmp) / "portfolio"
        portfolio_cmd: list[str | Path] = [planforge, "portfolio", *inputs, "-o", out]
        review_cmd: list[str | Path] = [planforge, "review", *inputs]
        print(f"district: {len(plans)} plans in {len(inputs) - 1} zones and "
              f"{len(list((Path(tmp) / 'district' / 'standalone').iterdir()))} standalone schools")  # fmt: skip
        run(portfolio_cmd)  # warm-up: bytecode, pack cache
        run(review_cmd)
        portfolio: list[tuple[float, float]] = []
        review: list[tuple[float, float]] = []
        loop: list[tuple[float, float]] = []
        for round_ in range(max(args.rounds, args.loop_rounds)):
            if round_ < args.rounds:
                portfolio.append(run(portfolio_cmd))
                review.append(run(review_cmd))
            if round_ < args.loop_rounds:
                loop.append(total([run([planforge, "review", plan]) for plan in plans]))
        sizes = {p.name: p.stat().st_size for p in out.iterdir()}
    ours, one = median(portfolio), median(review)
    print("outputs: " + ", ".join(f"{name} {size / 1024:.0f} KiB" for name, size in sizes.items()))
    label = f"portfolio vs review in one process ({len(plans)} plans)"
    print(ratio_line(label, ours[0], one[0], 1.2))
    print(ratio_line(label + ", CPU", ours[1], one[1], 1.2))
    if loop:
        many = median(loop)
        label = f"portfolio vs {len(plans)} separate review runs"
        print(ratio_line(label, ours[0], many[0], 0.1))
        print(ratio_line(label + ", CPU", ours[1], many[1], 0.1))
        print(ratio_line("(review in one process vs the loop)", one[0], many[0], 0.1))


if __name__ == "__main__":
    main()
