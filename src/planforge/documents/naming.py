"""File names for outputs: a school's or zone's name as a folder-safe slug."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from planforge.inputs.pipeline import FileResult


def slug(name: str, fallback: str) -> str:
    """`Aurora Vista Elementary` -> `aurora-vista-elementary` (`École` -> `ecole`)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return text[:80].strip("-") or fallback


def plan_stem(result: FileResult) -> str:
    """`<school-slug>` from `school.name`, else the plan's folder or file name."""
    data = result.data if isinstance(result.data, dict) else {}
    school = data.get("school") if isinstance(data.get("school"), dict) else {}
    name = school.get("name") if isinstance(school, dict) else None
    path = Path(result.path)
    fallback = path.parent.name if path.stem in ("plan", "zone") else path.stem
    return slug(name if isinstance(name, str) else "", slug(fallback, "plan"))


def plan_stems(results: Iterable[FileResult]) -> dict[str, str]:
    """Each plan's stem by its path, unique: a second school of the same name (or a second
    version of one plan) gets `-2`, a third `-3`, so no output overwrites another."""
    stems: dict[str, str] = {}
    used: set[str] = set()
    for result in results:
        base = stem = plan_stem(result)
        number = 2
        while stem in used:
            stem, number = f"{base}-{number}", number + 1
        used.add(stem)
        stems[result.path] = stem
    return stems
