"""The field reference (docs/reference/fields.md), generated from the schemas.

Run from the repository root:

    python -m planforge.authoring.fieldref            # rewrite docs/reference/fields.md
    python -m planforge.authoring.fieldref --check    # exit 1 if the file is out of date
    python -m planforge.authoring.fieldref -o -       # print to standard output

tests/unit/test_fieldref.py fails when the committed file differs from what this produces.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planforge.authoring.schemawalk import FieldInfo, document_schema, iter_fields

DEFAULT_OUTPUT = Path("docs/reference/fields.md")
REGENERATE = "python -m planforge.authoring.fieldref"
DOCUMENTS = (
    ("plan", "Innovation plan", "innovation_plan"),
    ("zone", "Zone agreement", "zone_agreement"),
    ("sop", "School operational plan", "school_operational_plan"),
)
HEADER = f"""# Field reference

Every field of a planforge innovation plan, zone agreement and (Massachusetts empowerment
zones) school operational plan: its path, type, whether it is required, the allowed values,
what it means, and examples. A path such as
`levers.schedule.bell_schedules[].blocks[].start` means: under `levers`, then `schedule`,
in each item of the `bell_schedules` list, in each item of its `blocks` list, the field
`start`. "Required" is within its parent: a required field of an optional section is needed
only when the section is present.

This file is generated from `schemas/*.schema.json` by `{REGENERATE}` (run it from the
repository root after changing a schema). Do not edit it by hand.
"""
COLUMNS = ("Field", "Type", "Required", "Allowed values", "Description", "Examples")


def render() -> str:
    """The whole reference as markdown."""
    parts = [HEADER]
    for label, title, kind in DOCUMENTS:
        parts.append(_document(label, title, kind))
    return "\n".join(parts).rstrip() + "\n"


def _document(label: str, title: str, kind: str) -> str:
    schema = document_schema(label)
    lines = [f"## {title} (`kind: {kind}`)", "", str(schema.get("description", "")), ""]
    fields = list(iter_fields(label))
    for top in (f for f in fields if f.depth == 0):
        lines += _section(top, [f for f in fields if _under(f.path, top.path)])
    return "\n".join(lines)


def _under(path: str, top: str) -> bool:
    return path == top or path.startswith((f"{top}.", f"{top}[]"))


def _section(top: FieldInfo, fields: Sequence[FieldInfo]) -> list[str]:
    need = "required" if top.required else "optional"
    lines = [f"### `{top.path}` ({need})", "", top.description or "(no description)", ""]
    lines.append("| " + " | ".join(COLUMNS) + " |")
    lines.append("|" + "---|" * len(COLUMNS))
    lines += [_row(f) for f in fields]
    lines.append("")
    return lines


def _row(f: FieldInfo) -> str:
    cells = (
        f"`{f.path}`",
        f.type_label,
        "yes" if f.required else "no",
        ", ".join(f"`{v}`" for v in f.allowed),
        f.description,
        "; ".join(_example(e) for e in f.examples),
    )
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _example(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"`{text}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def main(argv: list[str] | None = None) -> int:
    """Write (or check) the field reference. Returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m planforge.authoring.fieldref",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-o",
        "--output",
        default=str(DEFAULT_OUTPUT),
        help="file to write, or - for standard output",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if the file differs from the schemas instead of writing it",
    )
    args = parser.parse_args(argv)
    text = render()
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    out = Path(args.output)
    if args.check:
        current = out.read_text(encoding="utf-8") if out.is_file() else ""
        if current != text:
            print(f"{out} is out of date; regenerate it with `{REGENERATE}`.", file=sys.stderr)
            return 1
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"Wrote {out}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
