"""Shared helpers for the bench scripts: time a command several times, report medians."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Sequence


def time_command(cmd: Sequence[str], *, runs: int = 7, ok_codes: Sequence[int] = (0,)) -> float:
    """Median wall time in seconds of `cmd` over `runs` runs (after one warm-up run)."""
    subprocess.run(cmd, capture_output=True, check=False)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
        if proc.returncode not in ok_codes:
            msg = f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[:500]}"
            raise SystemExit(msg)
    return statistics.median(samples)


def ratio_line(label: str, ours: float, theirs: float, target: float) -> str:
    """One aligned report line with the ratio and whether the target is met."""
    ratio = ours / theirs
    verdict = "meets" if ratio <= target else "MISSES"
    return (
        f"{label}: planforge {ours * 1000:.0f} ms vs {theirs * 1000:.0f} ms "
        f"= {ratio:.2f}x (target <= {target:.2f}x, {verdict})"
    )
