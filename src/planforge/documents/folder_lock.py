"""One build at a time per output folder.

``planforge build`` holds an exclusive lock on ``OUT/.planforge-build.lock`` from reading the
last manifest until the new one is written. A second build into the same folder waits up to
:data:`LOCK_WAIT` seconds for it, then stops with exit code 4 (:class:`OutputError`) and a
message naming the process that holds it. The lock is ``flock(2)`` (``msvcrt.locking`` on
Windows): the operating system releases it when its holder ends in any way, ``kill -9``
included, so a lock file left behind never blocks a later build. Processes forked while it is
held (the render pool) close their copy, so a worker that outlives a killed build does not
keep the folder locked.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from planforge.errors import OutputError
from planforge.inputs.pipeline import display_path

LOCK_NAME = ".planforge-build.lock"
LOCK_WAIT = 5.0
"""Seconds a second build waits for the first before it stops."""
_POLL = 0.1
_HELD: set[int] = set()


def _close_in_child() -> None:
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


if sys.platform != "win32":
    os.register_at_fork(after_in_child=_close_in_child)


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _open(outdir: Path) -> int:
    path = outdir / LOCK_NAME
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        return os.open(path, flags, 0o644)
    except OSError as e:
        msg = (
            f"cannot lock the output folder {display_path(outdir)} "
            f"({e.strerror or e}); choose a folder you can write to with -o."
        )
        raise OutputError(msg) from e


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError, IndexError, AttributeError):
        pid = int(os.pread(fd, 32, 0).split()[0])
        return f" (process {pid})"
    return ""


@contextmanager
def folder_lock(outdir: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the output folder's build lock for the block (creating the folder if needed);
    OutputError (exit 4) if another build still holds it after `wait` seconds."""
    fd = _open(outdir)
    deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
    try:
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                msg = (
                    f"another planforge build{_holder(fd)} is writing to "
                    f"{display_path(outdir)}; wait for it to finish and run this build again, "
                    "or build into another folder with -o."
                )
                raise OutputError(msg)
            time.sleep(_POLL)
    except BaseException:
        os.close(fd)
        raise
    _HELD.add(fd)
    try:
        with contextlib.suppress(OSError, AttributeError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        _HELD.discard(fd)
        os.close(fd)
