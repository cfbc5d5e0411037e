"""Time `planforge validate` on the largest example against check-jsonschema.

    .venv/bin/python bench/bench_validate.py

check-jsonschema --schemafile schemas/plan.schema.json <plan> is what a user would otherwise
run. Target (issue 2): planforge <= 1.0x its time.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ratio_line, time_command

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def largest_plan() -> Path:
    plans = [
        p for p in (ROOT / "examples").rglob("*.yaml") if "kind: innovation_plan" in p.read_text()
    ]
    if not plans:
        plans = [ROOT / "tests" / "data" / "minimal" / "plan.yaml"]
    return max(plans, key=lambda p: p.stat().st_size)


def main() -> None:
    plan = largest_plan()
    ours = time_command([str(BIN / "planforge"), "validate", str(plan)], ok_codes=(0, 1))
    theirs = time_command(
        [
            str(BIN / "check-jsonschema"),
            "--schemafile",
            str(ROOT / "schemas" / "plan.schema.json"),
            str(plan),
        ],
        ok_codes=(0, 1),
    )
    print(f"plan: {plan.relative_to(ROOT)} ({plan.stat().st_size:,} bytes)")
    print(ratio_line("validate vs check-jsonschema", ours, theirs, 1.0))


if __name__ == "__main__":
    main()
