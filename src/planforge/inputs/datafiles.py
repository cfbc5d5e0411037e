"""planforge's own data files (rule packs, the waiver catalog), read once and remembered.

Packs and the catalog are YAML that districts may edit, so they are read with the same
never-lying loader as plans. Parsing them that way costs tens of milliseconds on every run;
a file that loaded without findings is therefore remembered as JSON in the user's cache
folder, keyed by a hash of its bytes (and planforge's version), and later runs read the JSON.
Any change to the file changes the key. JSON holds data only, so a cache file can never run
code; an unreadable or damaged cache entry is ignored and rewritten.

``PLANFORGE_CACHE_DIR`` chooses the cache folder; set it to an empty string to switch it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from planforge.inputs.loader import MAX_BYTES, LoadedDocument, SourceMap, load_bytes, read_limited

_FORMAT = b"\0numbers-as-typed\0"
"""Part of every cache key: changes when the loader reads the same bytes differently."""


def cache_dir() -> Path | None:
    """The folder for planforge's caches, or None when switched off."""
    chosen = os.environ.get("PLANFORGE_CACHE_DIR")
    if chosen == "":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "planforge"


def load_data_file(path: Path) -> LoadedDocument:
    """Load a pack or catalog file, from the cache when its bytes were loaded before."""
    from planforge import __version__

    raw = read_limited(path, str(path), MAX_BYTES + 1)
    key = hashlib.sha256(__version__.encode() + _FORMAT + raw).hexdigest()
    folder = cache_dir()
    entry = folder / f"data-{key}.json" if folder is not None else None
    if entry is not None:
        with contextlib.suppress(OSError, ValueError):
            return LoadedDocument(str(path), json.loads(entry.read_text("utf-8")), SourceMap(), [])
    doc = load_bytes(raw, str(path))
    if entry is not None and not doc.findings and doc.data is not None:
        _remember(entry, doc)
    return doc


def _remember(entry: Path, doc: LoadedDocument) -> None:
    with contextlib.suppress(TypeError, ValueError):
        write_cached(entry, json.dumps(doc.data, ensure_ascii=False))


def write_cached(entry: Path, text: str) -> None:
    """Write a cache file atomically (a temporary file, then a rename); a cache that cannot
    be written is simply not kept."""
    with contextlib.suppress(OSError, UnicodeEncodeError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, "utf-8")
        os.replace(tmp, entry)
