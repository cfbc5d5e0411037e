"""Time `planforge validate`: against check-jsonschema, and fast-path variants side by side.

    .venv/bin/python bench/bench_validate.py [--rounds 15] [--schools 50] [--baseline DIR]

1. `planforge validate` on the largest example plan vs `check-jsonschema --schemafile
   schemas/plan.schema.json <plan>`, what a user would otherwise run. Target (issue 2):
   planforge <= 1.0x its time.
2. Side by side, on the largest plan, on examples/ and on a generated zone of N schools:
   * `generated`: this checkout as it is (the generated pass/fail validators);
   * `jsonschema-rs`: the same, with `fast_valid` swapped in the timed process for a
     jsonschema-rs Draft 7 validator (planforge's date check, ECMA-safe `\\s`), as weighed
     in docs/decisions.md; skipped unless `pip install jsonschema-rs` was run;
   * `jsonschema only`: the generated modules made unimportable, so every file takes the
     fallback (jsonschema, which has the final word anyway);
   * `baseline`, with --baseline DIR: the `src/planforge` of another checkout, e.g.
     `git archive <commit> src schemas | tar -x -C /tmp/base` then `--baseline /tmp/base`.
   Each variant runs from its own copy of the package with bytecode compiled, as a wheel
   install would have it, and the variants take turns within each round so that a busy
   shared machine slows them alike. Reported: medians of wall and CPU (user + system) time.
3. `python -X importtime` for each variant: everything `planforge validate` imports, the
   fast path module's share, and whether a heavy module (docx, docxtpl, jinja2, lxml) was
   imported by a validate run.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import inspect
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import ratio_line, time_command
from make_zone import make_zone

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HEAVY = ("docx", "docxtpl", "jinja2", "lxml")
GENERATED = "planforge.inputs._fastschema_plan"
NO_GENERATED = (
    "import sys\n"
    "sys.modules['planforge.inputs._fastschema_plan'] = None\n"
    "sys.modules['planforge.inputs._fastschema_zone'] = None\n"
)


def use_jsonschema_rs() -> None:
    """Run inside the timed process: answer `fast_valid` with jsonschema-rs instead.

    Self-contained (its source is sent to the child with `-c`). ECMA-262's `\\s`, which
    jsonschema-rs uses, lacks U+001C..U+001F and U+0085, so `\\s` is spelled out as Python's
    set; the schemas use it only inside [...], which is all this rewrite handles.
    """
    import importlib
    from functools import cache

    import planforge.inputs.validate as validate_module
    from planforge.inputs.schemas import KIND_LABEL, bundled_schema, is_date

    space = r"\t-\r\x1c- \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

    def ecma(node: Any) -> Any:
        if isinstance(node, list):
            return [ecma(item) for item in node]
        if not isinstance(node, dict):
            return node
        return {
            k: v.replace("\\s", space) if k == "pattern" and isinstance(v, str) else ecma(v)
            for k, v in node.items()
        }

    @cache
    def compiled(kind: str) -> Any:
        rs = importlib.import_module("jsonschema_rs")
        schema = ecma(bundled_schema(KIND_LABEL[kind]))
        return rs.Draft7Validator(schema, formats={"date": is_date}, validate_formats=True)

    def fast_valid(kind: str, data: Any) -> bool:
        try:
            return bool(compiled(kind).is_valid(data))
        except Exception:
            return False

    validate_module.fast_valid = fast_valid  # type: ignore[attr-defined]


RS_PRELUDE = textwrap.dedent(inspect.getsource(use_jsonschema_rs)) + "\n\nuse_jsonschema_rs()\n"


@dataclass
class Variant:
    """One way of running `planforge validate`: a package copy, and code run before it."""

    name: str
    root: Path
    fast_module: str = GENERATED
    prelude: str = ""
    samples: dict[str, list[tuple[float, float]]] = field(default_factory=dict)

    def python(self, code: str, *flags: str) -> list[str]:
        return [sys.executable, *flags, "-c", f"from typing import Any\n{self.prelude}{code}"]

    def validate(self, args: Sequence[str]) -> list[str]:
        run = "import sys\nfrom planforge.cli import main\nsys.exit(main())"
        return [*self.python(run), "validate", *args]

    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.root)}


def largest_plan() -> Path:
    plans = [
        p for p in (ROOT / "examples").rglob("*.yaml") if "kind: innovation_plan" in p.read_text()
    ]
    if not plans:
        plans = [ROOT / "tests" / "data" / "minimal" / "plan.yaml"]
    return max(plans, key=lambda p: p.stat().st_size)


def install_copy(checkout: Path, target: Path) -> Path:
    """Copy `checkout`'s src/planforge (+ schemas) under `target`, compiled; return `target`."""
    package = target / "planforge"
    shutil.copytree(
        checkout / "src" / "planforge", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    schemas = checkout / "schemas" if (checkout / "schemas").is_dir() else ROOT / "schemas"
    shutil.copytree(schemas, package / "_bundled" / "schemas")
    if not compileall.compile_dir(package, quiet=1):
        raise SystemExit(f"cannot compile {package}")
    return target


def fast_module_of(root: Path) -> str:
    """What a package copy's fast path imports: the generated module, or jsonschema_rs."""
    schemas = (root / "planforge" / "inputs" / "schemas.py").read_text(encoding="utf-8")
    return GENERATED if "_fastschema_" in schemas else "jsonschema_rs"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(variant: Variant, args: Sequence[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one `planforge validate` run."""
    cmd = variant.validate(args)
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=variant.env(), check=False)
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if proc.returncode != 0 or b"Traceback" in proc.stderr:
        msg = f"{variant.name}: validate {' '.join(args)} exited {proc.returncode}:\n"
        raise SystemExit(msg + (proc.stdout + proc.stderr).decode()[-800:])
    return elapsed, cpu


def side_by_side(variants: list[Variant], workloads: dict[str, list[str]], rounds: int) -> None:
    for args in workloads.values():  # warm-up: file cache
        for variant in variants:
            run_once(variant, args)
    for _ in range(rounds):
        for name, args in workloads.items():
            for variant in variants:
                variant.samples.setdefault(name, []).append(run_once(variant, args))


def import_times(variant: Variant, rounds: int) -> tuple[float, float]:
    """Medians (ms): everything validate imports, and the fast path module's share of it.

    `-X importtime` logs only `import` statements, and the CLI loads its subcommand (and the
    fast path its generated module) with importlib, so both are imported here directly.
    """
    module = variant.fast_module
    line = re.compile(r"import time:\s+\d+ \|\s+(\d+) \| ( *)(\S+)")
    totals, own = [], []
    for _ in range(rounds):
        proc = subprocess.run(
            variant.python(f"import planforge.cli.validate, {module}", "-X", "importtime"),
            capture_output=True,
            text=True,
            env=variant.env(),
            check=True,
        )
        found = [(int(m[1]), m[2], m[3]) for m in line.finditer(proc.stderr)]
        totals.append(sum(micros for micros, indent, _ in found if not indent) / 1000)
        own.append(max((micros for micros, _, name in found if name == module), default=0) / 1000)
    return statistics.median(totals), statistics.median(own)


def heavy_modules(variant: Variant, args: Sequence[str]) -> str:
    """Heavy modules (docx, docxtpl, jinja2, lxml) in sys.modules after a validate run."""
    code = (
        f"import sys\nfrom planforge.cli import main\ntry:\n    main(['validate', *{list(args)!r}])\n"
        f"except SystemExit:\n    pass\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules) or 'none')"
    )
    proc = subprocess.run(
        variant.python(code), capture_output=True, text=True, env=variant.env(), check=True
    )
    return proc.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--schools", type=int, default=50, help="size of the generated zone")
    parser.add_argument("--baseline", type=Path, help="another checkout to time side by side")
    args = parser.parse_args()

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

    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        work = Path(tmp)
        tree = install_copy(ROOT, work / "tree")
        variants = [Variant("generated", tree, fast_module_of(tree))]
        if importlib.util.find_spec("jsonschema_rs"):
            variants.append(Variant("jsonschema-rs", tree, "jsonschema_rs", RS_PRELUDE))
        else:
            print("(jsonschema-rs not installed: `pip install jsonschema-rs` to time it too)")
        variants.append(Variant("jsonschema only", tree, "jsonschema", NO_GENERATED))
        if args.baseline:
            base = install_copy(args.baseline, work / "base")
            variants.insert(0, Variant("baseline", base, fast_module_of(base)))
        make_zone(args.schools, work / "zone")
        files = sum(1 for _ in (work / "zone").rglob("*.yaml"))
        workloads = {
            "largest plan": [str(plan)],
            "examples/": [str(ROOT / "examples")],
            f"zone of {args.schools} schools ({files} files)": [str(work / "zone")],
        }
        side_by_side(variants, workloads, args.rounds)

        print(f"\nmedian of {args.rounds} rounds, variants interleaved, ms wall (ms CPU):")
        width = max(len(w) for w in workloads)
        print(f"{'':{width}}  " + "  ".join(f"{v.name:>16}" for v in variants))
        for name in workloads:
            cells = []
            for variant in variants:
                wall = statistics.median(s[0] for s in variant.samples[name]) * 1000
                cpu = statistics.median(s[1] for s in variant.samples[name]) * 1000
                cells.append(f"{f'{wall:.0f} ({cpu:.0f})':>16}")
            print(f"{name:{width}}  " + "  ".join(cells))

        print(f"\npython -X importtime, median of {args.rounds} (ms):")
        for variant in variants:
            total, fast = import_times(variant, args.rounds)
            heavy = heavy_modules(variant, [str(plan)])
            print(
                f"{variant.name:>16}: all {total:5.1f}, of which {variant.fast_module} "
                f"{fast:5.1f}; heavy modules after validate: {heavy}"
            )


if __name__ == "__main__":
    main()
