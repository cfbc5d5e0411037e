"""Word -> PDF through LibreOffice, many documents in one warm office session.

``convert_to_pdf(paths)`` is the whole public workflow: it finds ``soffice``, starts one headless
office with a private profile, and drives it over UNO through ``_uno_worker.py`` (run by the
system Python that has ``python3-uno``). Every document is loaded hidden, its tables of contents
and fields are updated (so TOC page numbers are right), exported with ``writer_pdf_Export`` and
checked (exists, starts with ``%PDF``, has pages). A document that fails or exceeds the timeout
is reported in its :class:`PdfResult`; the office is restarted and the batch goes on. If the
office crashes (or is killed) during a document, it is restarted and that document is tried
once more. If the UNO path cannot start, each document is converted with a cold
``soffice --convert-to pdf`` instead and the result says that TOC page numbers may be stale.
If LibreOffice itself does not start (or keeps stopping), :class:`OfficeUnavailable` says so
once. Each session cleans up after runs that were killed (``leftovers.py``). See docs/pdf.md.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from planforge.documents.pdf.leftovers import ScratchFolder
from planforge.documents.pdf.office import (
    OfficeDidNotStart,
    OfficeLost,
    OfficeProcess,
    OfficeStartError,
    OfficeTimeout,
    kill_group,
    office_env,
)
from planforge.errors import Finding, Severity, ToolMissingError

SOFFICE_NAMES = ("soffice", "libreoffice")
SOFFICE_FALLBACKS = ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice")
INSTALL_HINT = (
    "LibreOffice is needed for --pdf. Install it with: sudo apt-get install "
    "libreoffice-writer-nogui python3-uno poppler-utils fonts-crosextra-carlito "
    "fonts-liberation (Debian/Ubuntu), sudo dnf install libreoffice-writer (Fedora), "
    "brew install --cask libreoffice (macOS); the .docx files were still written."
)
FALLBACK_NOTE = (
    "converted with a plain 'soffice --convert-to pdf' (UNO unavailable: {reason}); "
    "table-of-contents page numbers may not be refreshed"
)
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
START_TIMEOUT = 30.0
"""Seconds LibreOffice gets to start and answer (``PLANFORGE_PDF_START_TIMEOUT`` overrides);
a warm start takes 1-3 s, a first start with a new profile a few more."""
MAX_LOST_IN_A_ROW = 3
"""Documents in a row that may lose the office (each after a restart and one retry) before
the session gives up and says that LibreOffice keeps stopping."""


class OfficeUnavailable(ToolMissingError):
    """LibreOffice is installed but did not start, or keeps stopping: no (more) PDFs."""


def start_timeout() -> float:
    """The start-up limit: ``$PLANFORGE_PDF_START_TIMEOUT`` seconds, else :data:`START_TIMEOUT`."""
    try:
        value = float(os.environ.get("PLANFORGE_PDF_START_TIMEOUT", ""))
    except ValueError:
        return START_TIMEOUT
    return value if value > 0 else START_TIMEOUT


def did_not_start(soffice: str, reason: str) -> str:
    """The one message for an office that did not start."""
    return (
        f"LibreOffice did not start ({reason}; {soffice}). No PDFs were written; the .docx "
        "files were. Check that `soffice --headless --version` works on this machine; on a "
        "slow machine allow a longer start with PLANFORGE_PDF_START_TIMEOUT=<seconds>."
    )


@dataclass(frozen=True)
class PdfResult:
    """What happened to one document: the PDF written, or why not."""

    source: Path
    pdf: Path | None
    pages: int = 0
    seconds: float = 0.0
    error: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        """True when a checked PDF was written."""
        return self.error is None and self.pdf is not None

    def as_finding(self) -> Finding | None:
        """An error finding for a failed conversion, a warning for a degraded one, else None."""
        if self.error is not None:
            return Finding(
                Severity.ERROR,
                "pdf-failed",
                f"PDF not written: {self.error}",
                path=str(self.source),
            )
        if self.note is not None:
            return Finding(Severity.WARNING, "pdf-degraded", self.note, path=str(self.source))
        return None


def find_soffice() -> str:
    """Path of LibreOffice's ``soffice``; ToolMissingError with install advice if absent."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    for candidate in SOFFICE_FALLBACKS:
        if os.access(candidate, os.X_OK):
            return candidate
    raise ToolMissingError(INSTALL_HINT)


def find_uno_python(soffice: str) -> str:
    """The Python that can ``import uno``: $PLANFORGE_UNO_PYTHON, LibreOffice's own, or system."""
    override = os.environ.get("PLANFORGE_UNO_PYTHON")
    if override:
        return override
    bundled = Path(soffice).resolve().parent / "python"
    if os.access(bundled, os.X_OK):
        return str(bundled)
    return "/usr/bin/python3"


def count_pages(pdf: Path) -> int:
    """Page count from ``pdfinfo`` (poppler-utils) when installed, else by counting page objects."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        done = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=False)
        match = re.search(r"^Pages:\s+(\d+)", done.stdout, re.MULTILINE)
        if done.returncode == 0 and match:
            return int(match.group(1))
    return len(PAGE_OBJECT.findall(pdf.read_bytes()))


def check_pdf(pdf: Path) -> tuple[int, str | None]:
    """(pages, None) for a sound PDF, else (0, what is wrong)."""
    if not pdf.is_file() or pdf.stat().st_size == 0:
        return 0, "LibreOffice produced no PDF (or an empty one)"
    with pdf.open("rb") as fh:
        if fh.read(5) != b"%PDF-":
            return 0, "the file LibreOffice wrote is not a PDF"
    pages = count_pages(pdf)
    if pages < 1:
        return 0, "the PDF has no pages"
    return pages, None


def input_problem(source: Path) -> str | None:
    """Why a file cannot be converted (missing, not a Word .docx package), else None."""
    if not source.is_file():
        return f"{source} does not exist or is not a file"
    if source.suffix.lower() == ".docx":
        try:
            with zipfile.ZipFile(source) as zf:
                zf.getinfo("word/document.xml")
        except (zipfile.BadZipFile, KeyError, OSError):
            return f"{source.name} is not a Word .docx file (no word/document.xml inside)"
    return None


class PdfSession:
    """One warm LibreOffice (restarted after a timeout or crash); use as a context manager.

    Starting one first cleans up what killed runs left (their offices and scratch folders).
    """

    def __init__(
        self,
        soffice: str | None = None,
        *,
        timeout: float = 120.0,
        startup_timeout: float | None = None,
        python: str | None = None,
    ) -> None:
        self.soffice = soffice or find_soffice()
        self.python = python or find_uno_python(self.soffice)
        self.timeout = timeout
        self.startup_timeout = startup_timeout or start_timeout()
        self.fallback_reason: str | None = None
        self.restarts = 0
        """How many times the office was restarted after it stopped during a document."""
        self._folder = ScratchFolder()
        self._workdir = self._folder.path
        self._office: OfficeProcess | None = None
        self._starts = 0
        self._lost_in_a_row = 0
        self._unavailable: str | None = None

    def __enter__(self) -> PdfSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the office and delete the private profiles."""
        if self._office is not None:
            self._office.stop()
            self._office = None
        self._folder.close()

    def convert(self, source: Path, target: Path) -> PdfResult:
        """Convert one document to ``target``; never raises for a bad document.

        Raises :class:`OfficeUnavailable` when LibreOffice does not start or keeps stopping
        (the same for every later document)."""
        start = time.monotonic()
        part = target.with_name(f".{target.name}.part")
        try:
            error = input_problem(source) or self._produce(source.resolve(), part)
            pages = 0
            if error is None:
                pages, error = check_pdf(part)
            if error is None:
                os.replace(part, target)
        except OSError as exc:
            error, pages = f"cannot write {target}: {exc.strerror or exc}", 0
        finally:
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)
        note = FALLBACK_NOTE.format(reason=self.fallback_reason) if self.fallback_reason else None
        return PdfResult(
            source,
            None if error else target,
            pages,
            round(time.monotonic() - start, 3),
            error,
            note,
        )

    def _produce(self, source: Path, part: Path) -> str | None:
        """Convert in the warm office. If the office stops during the document (a crash, a
        kill), it is restarted and the document tried once more: the document is most
        likely fine. A timeout is not retried: the document would likely hang again."""
        part.parent.mkdir(parents=True, exist_ok=True)
        lost = ""
        for _attempt in range(2):
            office = self._ensure_office()
            if office is None:
                return self._convert_cold(source, part)
            try:
                error = office.convert(source, part.resolve(), self.timeout)
            except OfficeTimeout:
                self._drop_office()
                return f"timed out after {self.timeout:g} s; LibreOffice was restarted"
            except OfficeLost as exc:
                self._drop_office()
                self.restarts += 1
                lost = str(exc)
                continue
            self._lost_in_a_row = 0
            return error
        self._lost_in_a_row += 1
        if self._lost_in_a_row >= MAX_LOST_IN_A_ROW:
            self._unavailable = (
                f"LibreOffice stopped during {self._lost_in_a_row} documents in a row, even "
                f"after restarts ({lost}); the remaining documents have no PDF. The .docx "
                "files were written."
            )
        return f"LibreOffice stopped while converting it, twice (restarted each time): {lost}"

    def _ensure_office(self) -> OfficeProcess | None:
        if self._unavailable is not None:
            raise OfficeUnavailable(self._unavailable)
        if self._office is None and self.fallback_reason is None:
            self._starts += 1
            office = OfficeProcess(self.soffice, self.python, self._workdir / f"uno-{self._starts}")
            self._folder.record([office.pipe_name], office.socket_files())
            try:
                office.start(self.startup_timeout)
            except OfficeDidNotStart as exc:
                office.kill()
                self._unavailable = did_not_start(self.soffice, str(exc))
                raise OfficeUnavailable(self._unavailable) from exc
            except OfficeStartError as exc:
                office.kill()
                self.fallback_reason = str(exc)
                return None
            self._office = office
        return self._office

    def _drop_office(self) -> None:
        if self._office is not None:
            self._office.kill()
            self._office = None

    def _convert_cold(self, source: Path, part: Path) -> str | None:
        self._starts += 1
        return cold_convert(
            self.soffice, source, part, self._workdir / f"cold-{self._starts}", self.timeout
        )


def cold_convert(
    soffice: str, source: Path, part: Path, scratch: Path, timeout: float
) -> str | None:
    """One ``soffice --convert-to pdf`` with its own profile under ``scratch``; None if done."""
    outdir = scratch / "out"
    command = [
        soffice,
        f"-env:UserInstallation={(scratch / 'profile').as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(outdir),
        str(source),
    ]
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=office_env(scratch),
    ) as proc:
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            return f"timed out after {timeout:g} s"
    produced = outdir / f"{source.stem}.pdf"
    if not produced.is_file():
        return "LibreOffice could not convert the file (soffice wrote no PDF)"
    shutil.move(produced, part)
    shutil.rmtree(scratch, ignore_errors=True)
    return None


def pdf_targets(docx_paths: Sequence[Path], outdir: Path | None) -> list[Path]:
    """Where each PDF goes: next to its .docx, or in ``outdir`` with the same stem."""
    return [(outdir or p.parent) / f"{p.stem}.pdf" for p in docx_paths]


@contextmanager
def pdf_session(
    *, timeout: float = 120.0, startup_timeout: float | None = None
) -> Iterator[PdfSession]:
    """A :class:`PdfSession` that is always cleaned up."""
    session = PdfSession(timeout=timeout, startup_timeout=startup_timeout)
    try:
        yield session
    finally:
        session.close()


def convert_to_pdf(
    docx_paths: Sequence[Path],
    outdir: Path | None = None,
    *,
    timeout: float = 120.0,
    startup_timeout: float | None = None,
    on_result: Callable[[PdfResult], None] | None = None,
) -> list[PdfResult]:
    """Convert documents to PDF in one warm LibreOffice; one result per input, in order.

    Raises ToolMissingError (with install advice) when LibreOffice is not installed, and
    :class:`OfficeUnavailable` (a ToolMissingError) when it does not start or keeps stopping
    (`on_result` has then seen the documents done before); every other problem is reported in
    the document's result.
    """
    find_soffice()
    results: list[PdfResult] = []
    seen: set[Path] = set()
    with pdf_session(timeout=timeout, startup_timeout=startup_timeout) as session:
        for source, target in zip(docx_paths, pdf_targets(docx_paths, outdir), strict=True):
            if target.resolve() in seen:
                result = PdfResult(source, None, error=f"another document already wrote {target}")
            else:
                seen.add(target.resolve())
                result = session.convert(source, target)
            results.append(result)
            if on_result is not None:
                on_result(result)
    return results
