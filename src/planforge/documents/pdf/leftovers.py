"""What a killed PDF run leaves behind, and cleaning it up on the next run.

Every :class:`~planforge.documents.pdf.convert.PdfSession` works in a scratch folder
``planforge-pdf-*`` in the temporary folder (the private LibreOffice profiles, logs and cold
conversions). For the session's lifetime it holds an advisory lock on ``owner.lock`` in that
folder, which the operating system releases when the process ends in any way, ``kill -9``
included, and it lists in ``state.json`` how its processes can be recognised (the folder and
the UNO pipe names, which appear on their command lines) and the socket files LibreOffice
makes in ``/tmp``.

When a session starts it reaps every such folder of the same user whose lock is free: the
processes still running that name the folder or its pipes are killed, the sockets are
removed and the folder is deleted. A folder without a lock file (a run killed while it was
being created, or an older planforge) is reaped once it is :data:`ORPHAN_AGE` seconds old.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from planforge.documents.pdf.office import PIPE_DIRS

PREFIX = "planforge-pdf-"
LOCK = "owner.lock"
STATE = "state.json"
ORPHAN_AGE = 6 * 3600.0
_MAX_STATE = 1 << 20


class ScratchFolder:
    """A session's scratch folder: created after reaping what dead runs left, locked while
    in use, with a state file naming the processes and sockets to clean up after a kill."""

    def __init__(self) -> None:
        reap()
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX))
        self._lock = _hold(self.path)
        self._markers = [str(self.path), self.path.as_uri()]
        self._sockets: list[str] = []
        self._save()

    def record(self, markers: Iterable[str], sockets: Iterable[Path]) -> None:
        """Remember processes (by a string on their command line) and socket files, before
        they are started, so that a later run can clean them up if this one is killed."""
        self._markers.extend(markers)
        self._sockets.extend(str(s) for s in sockets)
        self._save()

    def close(self) -> None:
        """Delete the folder, then release the lock."""
        shutil.rmtree(self.path, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def _save(self) -> None:
        state = {"pid": os.getpid(), "markers": self._markers, "sockets": self._sockets}
        part = self.path / f".{STATE}.part"
        with contextlib.suppress(OSError):
            part.write_text(json.dumps(state), encoding="utf-8")
            os.replace(part, self.path / STATE)


def _hold(folder: Path) -> int | None:
    """Lock ``owner.lock`` in a new folder. The file is locked under another name and then
    renamed, so a reaper never finds it unlocked."""
    if sys.platform == "win32":  # pragma: no cover - no flock; nothing is reaped there
        return None
    import fcntl

    part = folder / f".{LOCK}.{os.getpid()}"
    fd = os.open(part, os.O_CREAT | os.O_WRONLY | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.rename(part, folder / LOCK)
    except OSError:
        os.close(fd)
        return None
    return fd


def reap(base: Path | None = None) -> list[Path]:
    """Clean up after dead runs in the temporary folder; return the folders removed."""
    if sys.platform == "win32":  # pragma: no cover
        return []
    root = base or Path(tempfile.gettempdir())
    try:
        candidates = sorted(root.glob(f"{PREFIX}*"))
    except OSError:
        return []
    reaped = []
    for folder in candidates:
        try:
            info = folder.lstat()
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            continue
        if _in_use(folder, info.st_mtime):
            continue
        _reap_folder(folder)
        reaped.append(folder)
    return reaped


def _in_use(folder: Path, mtime: float) -> bool:
    """True while the run that made `folder` still holds its lock (or it is too new to say)."""
    import fcntl

    try:
        fd = os.open(folder / LOCK, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
    except FileNotFoundError:
        return time.time() - mtime < ORPHAN_AGE
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # also releases the lock just taken
    return False


def _reap_folder(folder: Path) -> None:
    markers, sockets = _read_state(folder)
    markers = [m for m in {str(folder), folder.as_uri(), *markers} if "planforge" in m]
    for pid, command in _processes():
        if pid != os.getpid() and any(m in command for m in markers):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    prefix = f"OSL_PIPE_{os.getuid()}_"
    for name in sockets:
        path = Path(name)
        if str(path.parent) in PIPE_DIRS and path.name.startswith(prefix):
            with contextlib.suppress(OSError):
                path.unlink()
    shutil.rmtree(folder, ignore_errors=True)


def _read_state(folder: Path) -> tuple[list[str], list[str]]:
    """The markers and sockets a dead run recorded; nothing if the file is damaged."""
    try:
        with (folder / STATE).open("rb") as fh:
            state = json.loads(fh.read(_MAX_STATE))
        markers, sockets = state.get("markers", []), state.get("sockets", [])
    except (OSError, ValueError, RecursionError, AttributeError):
        return [], []
    if not isinstance(markers, list) or not isinstance(sockets, list):
        return [], []
    return [m for m in markers if isinstance(m, str)], [s for s in sockets if isinstance(s, str)]


def _processes() -> Iterator[tuple[int, str]]:
    """(pid, command line) of this user's processes."""
    proc = Path("/proc")
    if proc.is_dir():
        uid = os.getuid()
        for entry in proc.iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError):
                if entry.stat().st_uid == uid:
                    raw = (entry / "cmdline").read_bytes()
                    yield int(entry.name), raw.replace(b"\0", b" ").decode("utf-8", "replace")
        return
    try:  # pragma: no cover - macOS and the BSDs
        listing = subprocess.run(
            ["ps", "-x", "-o", "pid=", "-o", "command="],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError):  # pragma: no cover
        return
    for line in listing.splitlines():  # pragma: no cover
        pid, _, command = line.strip().partition(" ")
        if pid.isdigit():
            yield int(pid), command
