"""Write a realistic zone of N schools, cloned from the example zone, for timing builds.

    .venv/bin/python bench/make_zone.py 20 /tmp/zone20     # writes /tmp/zone20/zone.yaml

Each school is a copy of one of the four example members (cycled) with its own name and
folder, so every document differs. The zone file is the example zone with the new member list.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "confluence-zone"


def member_plans() -> list[Path]:
    """The example zone's member plans, in the zone's order."""
    text = (EXAMPLE / "zone.yaml").read_text(encoding="utf-8")
    return [EXAMPLE / rel for rel in re.findall(r"^\s+- plan: (\S+)$", text, flags=re.M)]


def make_zone(count: int, outdir: Path) -> Path:
    """Write `count` schools and a zone.yaml under `outdir`; return the zone file."""
    sources = member_plans()
    entries = []
    for i in range(count):
        source = sources[i % len(sources)]
        text = source.read_text(encoding="utf-8")
        name = re.search(r"^  name: (.+)$", text, flags=re.M)
        assert name, source
        new_name = f"{name.group(1)} Campus {i + 1}"
        text = text.replace(f"  name: {name.group(1)}", f"  name: {new_name}", 1)
        folder = outdir / "schools" / f"school-{i + 1:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "plan.yaml").write_text(text, encoding="utf-8")
        entries.append(f"  - plan: schools/school-{i + 1:03d}/plan.yaml\n    joined: 2026-07-01\n")
    zone = (EXAMPLE / "zone.yaml").read_text(encoding="utf-8")
    zone = re.sub(
        r"^schools:\n(?:  .*\n|\s*\n)*?(?=^\S)",
        "schools:\n" + "".join(entries) + "\n",
        zone,
        count=1,
        flags=re.M,
    )
    target = outdir / "zone.yaml"
    target.write_text(zone, encoding="utf-8")
    return target


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: make_zone.py N OUTDIR")
    print(make_zone(int(sys.argv[1]), Path(sys.argv[2])))
