"""Every version of every file, kept in SQLite in the workspace's ``.planforge/`` folder.

A version is recorded when a file is first seen by the workspace (so what was on disk can
always be restored), on every save, on a restore and when a conflict is resolved. Contents
are stored once per distinct text (by SHA-256, compressed), so a typing session of many saves
costs little.
"""

from __future__ import annotations

import datetime
import hashlib
import sqlite3
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

FOLDER = ".planforge"
FILENAME = "history.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS blobs (sha TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL,
    sha TEXT NOT NULL REFERENCES blobs(sha),
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS versions_by_path ON versions(path, id);
"""
EVENTS = {
    "found": "Found on disk",
    "created": "Created",
    "saved": "Saved",
    "restored": "Restored",
    "kept-mine": "Kept my version",
    "kept-disk": "Kept the version on disk",
    "text": "Edited as text",
}


def sha_of(data: bytes) -> str:
    """The SHA-256 of a file's bytes (the version id a page carries)."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Version:
    """One recorded version of a file."""

    id: int
    path: str
    sha: str
    at: str
    event: str
    note: str
    size: int

    @property
    def event_label(self) -> str:
        """`Saved`, `Found on disk`, …"""
        return EVENTS.get(self.event, self.event)

    @property
    def when(self) -> str:
        """Local date and time, to the second."""
        stamp = datetime.datetime.fromisoformat(self.at).astimezone()
        return stamp.strftime("%Y-%m-%d %H:%M:%S")


class History:
    """The workspace's version store (safe to use from several threads)."""

    def __init__(self, root: Path) -> None:
        self.path = root / FOLDER / FILENAME
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            db = sqlite3.connect(self.path, timeout=10)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                with db:
                    yield db
            finally:
                db.close()

    def record(self, path: str, data: bytes, event: str, note: str = "") -> int:
        """Store a version of `path` (workspace-relative); returns its id."""
        sha = sha_of(data)
        at = datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")
        with self._connect() as db:
            db.execute(
                "INSERT OR IGNORE INTO blobs(sha, size, data) VALUES (?, ?, ?)",
                (sha, len(data), zlib.compress(data, 6)),
            )
            cursor = db.execute(
                "INSERT INTO versions(path, sha, at, event, note) VALUES (?, ?, ?, ?, ?)",
                (path, sha, at, event, note[:500]),
            )
            return int(cursor.lastrowid or 0)

    def record_if_new(self, path: str, data: bytes, event: str = "found") -> None:
        """Record `data` unless it is already the latest version of `path`."""
        latest = self.latest(path)
        if latest is None or latest.sha != sha_of(data):
            self.record(path, data, event)

    def versions(self, path: str, limit: int = 200, offset: int = 0) -> list[Version]:
        """Newest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT v.id, v.path, v.sha, v.at, v.event, v.note, b.size FROM versions v "
                "JOIN blobs b ON b.sha = v.sha WHERE v.path = ? ORDER BY v.id DESC "
                "LIMIT ? OFFSET ?",
                (path, limit, offset),
            ).fetchall()
        return [Version(*row) for row in rows]

    def count(self, path: str) -> int:
        """How many versions of `path` are kept."""
        with self._connect() as db:
            row = db.execute("SELECT COUNT(*) FROM versions WHERE path = ?", (path,)).fetchone()
        return int(row[0])

    def latest(self, path: str) -> Version | None:
        """The newest version of `path`, if any."""
        found = self.versions(path, limit=1)
        return found[0] if found else None

    def get(self, path: str, version_id: int) -> Version | None:
        """One version of `path` by id."""
        with self._connect() as db:
            row = db.execute(
                "SELECT v.id, v.path, v.sha, v.at, v.event, v.note, b.size FROM versions v "
                "JOIN blobs b ON b.sha = v.sha WHERE v.path = ? AND v.id = ?",
                (path, version_id),
            ).fetchone()
        return Version(*row) if row else None

    def content(self, sha: str) -> bytes | None:
        """The bytes of a version by SHA-256."""
        with self._connect() as db:
            row = db.execute("SELECT data FROM blobs WHERE sha = ?", (sha,)).fetchone()
        return zlib.decompress(row[0]) if row else None
