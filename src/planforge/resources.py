"""The one place that finds planforge's bundled schemas, templates and data files.

In an installed wheel they live inside the package (``planforge/_bundled``); in a source
checkout or an editable install they are the top-level ``schemas/`` and ``templates/`` folders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from planforge.errors import ResourceError

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _bundled(name: str) -> Path:
    candidates = [_PACKAGE_DIR / "_bundled" / name, _PACKAGE_DIR.parents[1] / name]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    msg = f"planforge's {name}/ folder is missing from this installation; reinstall planforge."
    raise ResourceError(msg)


def schemas_dir() -> Path:
    """Folder holding plan.schema.json, zone.schema.json and common.schema.json."""
    return _bundled("schemas")


def templates_dir() -> Path:
    """Folder holding the default Word templates."""
    return _bundled("templates")


def packs_dir() -> Path:
    """Folder holding the bundled rule packs (``co.yaml``, ``dps.yaml`` and their code)."""
    return _PACKAGE_DIR / "packs"


def data_dir() -> Path:
    """Folder holding rule packs and the waiver catalog (package data)."""
    return _PACKAGE_DIR / "data"
