"""One headless LibreOffice plus the UNO worker that drives it (used by planforge.documents.pdf.convert only).

The office runs in its own process group with a private profile and listens on a named pipe;
``_uno_worker.py`` runs under a Python that has ``uno`` and answers one JSON line per request.
A reader thread feeds the worker's answers into a queue so every wait has a timeout.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import IO, Any

WORKER = Path(__file__).with_name("_uno_worker.py")
STOP_GRACE = 10.0
HANDSHAKE_POLL = 0.2  # how often start-up checks whether the office has already exited
PIPE_DIRS = ("/tmp", "/var/tmp")  # where LibreOffice (osl) puts named pipes


class OfficeStartError(Exception):
    """The UNO worker could not start or connect (planforge can fall back to a plain
    ``soffice --convert-to``)."""


class OfficeDidNotStart(OfficeStartError):
    """LibreOffice itself did not start: it exited, or did not answer within the start-up
    limit. A plain ``soffice --convert-to`` would not work either."""


class OfficeLost(Exception):
    """The office (or its worker) stopped during a conversion: it crashed or was killed."""


class OfficeTimeout(Exception):
    """The office did not answer in time."""


LOST_SIGNS = ("DisposedException", "URP bridge")
"""What the UNO worker's error says when the office went away under it."""


def kill_group(proc: subprocess.Popen[Any]) -> None:
    """Kill a process started with ``start_new_session=True`` and all its children."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.wait()


def office_env(workdir: Path) -> dict[str, str]:
    """The office's environment: its temporary files (``lu*.tmp``) go into `workdir`, so they
    are deleted with it, even after a kill. Its pipes stay in /tmp (osl does not use TMPDIR)."""
    tmp = workdir / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "TMPDIR": str(tmp)}


def _tail(path: Path, limit: int = 400) -> str:
    try:
        text = path.read_text(errors="replace").strip()
    except OSError:
        return ""
    return text[-limit:]


class OfficeProcess:
    """``soffice --accept=pipe,...`` with a private profile in ``workdir``, plus its worker."""

    def __init__(self, soffice: str, python: str, workdir: Path) -> None:
        self.soffice = soffice
        self.python = python
        self.workdir = workdir
        self.pipe_name = f"planforge_{uuid.uuid4().hex}"
        self._office: subprocess.Popen[bytes] | None = None
        self._worker: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[str | None] = queue.Queue()
        self._logs: list[IO[bytes]] = []
        self._reader: threading.Thread | None = None

    @property
    def profile_url(self) -> str:
        """The private LibreOffice profile (``-env:UserInstallation``)."""
        return (self.workdir / "profile").resolve().as_uri()

    def socket_files(self) -> list[Path]:
        """The sockets the office makes in /tmp; left behind when it is killed, so we remove them.

        ``SingleOfficeIPC_`` + MD5 of the profile URL (UTF-16LE, bytes in unpadded hex) is how
        LibreOffice names its per-profile pipe (desktop/source/app/officeipcthread.cxx).
        """
        digest = hashlib.md5(self.profile_url.encode("utf-16-le"), usedforsecurity=False)
        ipc = "SingleOfficeIPC_" + "".join(format(b, "x") for b in digest.digest())
        uid = os.getuid()
        return [
            Path(d, f"OSL_PIPE_{uid}_{name}") for d in PIPE_DIRS for name in (self.pipe_name, ipc)
        ]

    def start(self, timeout: float) -> None:
        """Start both processes and wait for the worker's handshake.

        OfficeDidNotStart when the office exits with an error or nothing answers within
        `timeout` seconds; OfficeStartError when only the UNO side is missing."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._office = self._spawn_office()
        self._worker = self._spawn_worker()
        self._reader = threading.Thread(target=self._read, args=(self._worker.stdout,), daemon=True)
        self._reader.start()
        answer = self._handshake(self._office, timeout)
        if answer.get("ready") is not True:
            fatal = str(answer.get("fatal") or answer)
            if fatal.startswith("cannot connect"):  # the worker is fine; the office is not
                raise OfficeDidNotStart(fatal)
            raise OfficeStartError(fatal)

    def _handshake(self, office: subprocess.Popen[bytes], timeout: float) -> dict[str, Any]:
        """The worker's first answer; stop early when the office exits with an error."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self._answer(min(HANDSHAKE_POLL, max(0.0, deadline - time.monotonic())))
            except OfficeTimeout:
                code = office.poll()
                if code not in (None, 0):
                    log = _tail(self.workdir / "soffice.log", 200)
                    detail = f": {log}" if log else ""
                    msg = f"LibreOffice exited during start-up (exit code {code}){detail}"
                    raise OfficeDidNotStart(msg) from None
                if time.monotonic() >= deadline:
                    msg = f"LibreOffice did not answer within {timeout:g} s of starting"
                    raise OfficeDidNotStart(msg) from None

    def _spawn_office(self) -> subprocess.Popen[bytes]:
        profile = self.profile_url
        command = [
            self.soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"--accept=pipe,name={self.pipe_name};urp;StarOffice.ComponentContext",
        ]
        log = (self.workdir / "soffice.log").open("wb")
        self._logs.append(log)
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
            env=office_env(self.workdir),
        )

    def _spawn_worker(self) -> subprocess.Popen[str]:
        log = (self.workdir / "worker.log").open("wb")
        self._logs.append(log)
        try:
            return subprocess.Popen(
                [self.python, "-I", str(WORKER), f"pipe,name={self.pipe_name}"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
        except OSError as exc:
            raise OfficeStartError(f"cannot run {self.python}: {exc.strerror or exc}") from exc

    def _read(self, stream: IO[str] | None) -> None:
        if stream is None:
            return
        with stream:
            for line in stream:
                self._answers.put(line)
        self._answers.put(None)

    def _answer(self, timeout: float) -> dict[str, Any]:
        try:
            line = self._answers.get(timeout=timeout)
        except queue.Empty as exc:
            raise OfficeTimeout from exc
        if line is None:
            detail = _tail(self.workdir / "worker.log") or "no message"
            raise OfficeStartError(f"the UNO worker exited ({detail})")
        try:
            answer: dict[str, Any] = json.loads(line)
        except json.JSONDecodeError as exc:
            raise OfficeStartError(f"unexpected output from the UNO worker: {line!r}") from exc
        return answer

    def convert(self, source: Path, target: Path, timeout: float) -> str | None:
        """Ask the worker for one PDF; None when done, else the error message.

        OfficeLost when the office or the worker stopped meanwhile (the document may be
        fine: convert it again in a new office); OfficeTimeout when nothing answered."""
        try:
            self._send({"src": str(source), "dst": str(target)})
            answer = self._answer(timeout)
        except OfficeStartError as exc:
            raise OfficeLost(str(exc)) from exc
        if answer.get("ok"):
            return None
        error = str(answer.get("error") or "conversion failed")
        if any(sign in error for sign in LOST_SIGNS) or not self.running():
            raise OfficeLost(error)
        return error

    def running(self) -> bool:
        """True while the office process is alive."""
        return self._office is not None and self._office.poll() is None

    def _send(self, message: dict[str, Any]) -> None:
        worker = self._worker
        if worker is None or worker.stdin is None or worker.poll() is not None:
            raise OfficeStartError("the UNO worker is not running")
        try:
            worker.stdin.write(json.dumps(message) + "\n")
            worker.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise OfficeStartError("the UNO worker stopped") from exc

    def stop(self) -> None:
        """Ask the office to quit; kill whatever is still running after a grace period."""
        try:
            self._send({"quit": True})
        except OfficeStartError:  # no worker to ask: nothing to wait for
            self.kill()
            return
        deadline = time.monotonic() + STOP_GRACE
        for proc in (self._worker, self._office):
            if proc is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(max(0.1, deadline - time.monotonic()))
        self.kill()

    def kill(self) -> None:
        """Kill both processes at once and release their pipes and logs."""
        if self._office is not None:
            kill_group(self._office)
        if self._worker is not None:
            if self._worker.poll() is None:
                self._worker.kill()
            self._worker.wait()
            if self._reader is not None:
                self._reader.join(STOP_GRACE)
            if self._worker.stdin is not None:
                with contextlib.suppress(OSError):
                    self._worker.stdin.close()
        for log in self._logs:
            log.close()
        for socket_file in self.socket_files():
            with contextlib.suppress(OSError):
                socket_file.unlink(missing_ok=True)
        self._office = self._worker = None
        self._logs = []
