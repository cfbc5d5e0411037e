"""File names for outputs: a school's or zone's name as a folder-safe slug."""

from __future__ import annotations

import re
from pathlib import Path

from planforge.pipeline import FileResult


def slug(name: str, fallback: str) -> str:
    """`Aurora Vista Elementary` -> `aurora-vista-elementary`."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:80].strip("-") or fallback


def plan_stem(result: FileResult) -> str:
    """`<school-slug>` from `school.name`, else the plan's folder or file name."""
    data = result.data if isinstance(result.data, dict) else {}
    school = data.get("school") if isinstance(data.get("school"), dict) else {}
    name = school.get("name") if isinstance(school, dict) else None
    path = Path(result.path)
    fallback = path.parent.name if path.stem in ("plan", "zone") else path.stem
    return slug(name if isinstance(name, str) else "", slug(fallback, "plan"))
