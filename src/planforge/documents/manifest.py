"""What the last build in a packet folder wrote, and whether it is still true.

``manifest.json`` lists every document with its input hash (``hash``), its ``format`` (a Word
document, or the budget spreadsheet), the sha256 of the file as written (``sha256``) and, for
the PDF of a Word document, the sha256 of the PDF (``pdf_sha256``) and of the .docx it was
made from (``pdf_of``). An incremental build keeps a document only when its
input hash matches *and* the file on disk still has the recorded sha256; it keeps a PDF only
when its own bytes match and it was made from the .docx that is there now. Everything else is
rebuilt, and a PDF that no longer matches its .docx is deleted (re-made with ``--pdf``).
A damaged manifest (not JSON, too deep, not the expected shape) means a full rebuild, with a
warning; a missing one is simply a first build.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planforge.inputs.pipeline import display_path

if TYPE_CHECKING:
    from planforge.documents.packet import Doc

MANIFEST = "manifest.json"
MAX_MANIFEST = 64 * 1024 * 1024
_TEXT = ("path", "hash", "status")
_OPTIONAL_TEXT = ("sha256", "pdf", "pdf_sha256", "pdf_of", "error")


def file_sha256(path: Path) -> str | None:
    """sha256 of a regular file's bytes, or None if it is missing or cannot be read."""
    digest = hashlib.sha256()
    try:  # non-blocking open: a FIFO put in place of a document must not hang the build
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def pdf_path(doc: Doc) -> Path:
    """Where a document's PDF goes: next to its .docx."""
    return Path(doc.path).with_suffix(".pdf")


def previous_manifest(outdir: Path) -> tuple[dict[str, dict[str, Any]], str | None]:
    """Documents of the last build in `outdir`, by output path, and a warning when there is
    a manifest that cannot be trusted (then no documents: everything is rebuilt).

    The manifest stores paths relative to `outdir`; they are turned back into paths as this
    run shows them, so a build started from another folder is still incremental.
    """
    target = outdir / MANIFEST
    try:
        with target.open("rb") as fh:
            raw = fh.read(MAX_MANIFEST + 1)
    except FileNotFoundError:
        return {}, None
    except OSError as e:
        return {}, _damaged(target, f"it cannot be read: {e.strerror or e}")
    try:
        if len(raw) > MAX_MANIFEST:
            raise ValueError(f"it is over {MAX_MANIFEST >> 20} MB")
        docs = _documents(json.loads(raw.decode("utf-8")))
    except RecursionError:
        return {}, _damaged(target, "it is nested too deeply to be a planforge manifest")
    except (ValueError, MemoryError) as e:
        return {}, _damaged(target, str(e).splitlines()[0][:200] if str(e) else "not JSON")
    out = {}
    for d in docs:
        d["path"] = display_path(outdir / d["path"])
        if isinstance(d.get("pdf"), str):
            d["pdf"] = display_path(outdir / d["pdf"])
        out[d["path"]] = d
    return out, None


def _damaged(target: Path, reason: str) -> str:
    return (
        f"{display_path(target)} is damaged ({reason}); every document is rebuilt and the "
        "manifest written again."
    )


def _documents(data: Any) -> list[dict[str, Any]]:
    """The manifest's document entries; ValueError unless it has the shape planforge writes."""
    docs = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(docs, list):
        raise ValueError("no list of documents")
    for d in docs:
        if not isinstance(d, dict):
            raise ValueError("a document entry is not an object")
        if not all(isinstance(d.get(key), str) for key in _TEXT):
            raise ValueError("a document entry has no path, hash or status")
        if not all(isinstance(d.get(key), str | None) for key in _OPTIONAL_TEXT):
            raise ValueError("a document entry has a value of the wrong type")
        pages = d.get("pages")
        if pages is not None and (type(pages) is not int or pages < 0):
            raise ValueError("a document entry has a page count that is not a number")
    return docs


def mark_up_to_date(docs: list[Doc], previous: dict[str, dict[str, Any]], *, force: bool) -> None:
    """Docs are 'unchanged' when their input hash matches the last build and the file on disk
    is the one that build wrote; their PDF is kept when it is the one made from that file."""
    for doc in docs:
        old = previous.get(doc.path)
        if force or not old or old.get("status") == "failed" or old.get("hash") != doc.hash:
            continue
        sha = file_sha256(Path(doc.path))
        if sha is None or sha != old.get("sha256"):
            continue  # missing, emptied, truncated or replaced since: rebuild it
        doc.status, doc.sha256 = "unchanged", sha
        _keep_pdf(doc, old)


def _keep_pdf(doc: Doc, old: dict[str, Any]) -> None:
    target = pdf_path(doc)
    if old.get("pdf") != display_path(target) or old.get("pdf_of") != doc.sha256:
        return
    sha = file_sha256(target)
    if sha is not None and sha == old.get("pdf_sha256"):
        doc.pdf, doc.pdf_sha256, doc.pdf_of = display_path(target), sha, doc.sha256
        doc.pages, doc.pdf_status = old.get("pages"), "unchanged"


def drop_stale_pdfs(docs: list[Doc]) -> list[str]:
    """Delete every PDF beside a document that is not the one made from its current .docx
    (the .docx is being rebuilt, or the PDF was changed); return warnings for those that
    cannot be deleted. ``--pdf`` makes them again."""
    problems = []
    for doc in docs:
        target = pdf_path(doc)
        if doc.pdf is not None or not (target.is_file() or target.is_symlink()):
            continue
        try:
            target.unlink()
        except OSError as e:
            problems.append(
                f"{display_path(target)} is out of date and could not be deleted "
                f"({e.strerror or e}); delete it by hand."
            )
            continue
        doc.pdf_status = "removed"
    return problems
