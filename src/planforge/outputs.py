"""Writing output files atomically: a reader never sees half a document.

Every file planforge writes (documents, manifests, starter plans, schemas) goes through a
temporary file in the target folder and `os.replace`, with the permissions a normally
created file would get.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from planforge.errors import OutputError


def default_file_mode() -> int:
    """Permissions a normally created file gets (0o666 less the umask)."""
    current = os.umask(0o022)
    os.umask(current)
    return 0o666 & ~current


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file and os.replace, creating folders."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        msg = f"Cannot write to {path.parent}: {e.strerror or e}."
        raise OutputError(msg) from e
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, default_file_mode())
        os.replace(tmp, path)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            msg = f"Cannot write {path}: {e.strerror or e}."
            raise OutputError(msg) from e
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text atomically (line endings as given)."""
    write_atomic(path, text.encode("utf-8"))
