"""A fake LibreOffice for testing how planforge copes with a misbehaving one, in milliseconds.

``install(folder, monkeypatch, ...)`` puts a fake ``soffice`` first on PATH (found by
``find_soffice``) and points ``PLANFORGE_UNO_PYTHON`` at a fake UNO worker that speaks the
worker's JSON-lines protocol (see ``_uno_worker.py``). Both take their behaviour from
environment variables, so subprocesses started by planforge inherit it:

- ``FAKE_SOFFICE``: ``serve`` (runs until killed, like an office), ``exit`` (exits 1 at once);
- ``FAKE_UNO``: ``ok`` (says ready, writes a one-page PDF per request), ``silent`` (never
  answers: an office that never starts listening), ``fatal`` (cannot import uno);
- ``FAKE_CRASH_AFTER=N``: after N conversions the office is killed and the request answered
  as the real worker does then (DisposedException); once, or on every later request with
  ``FAKE_CRASH_ALWAYS=1``.

Every office started appends its pid to ``soffice.pids`` in the state folder.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
import zipfile
from pathlib import Path

import pytest

SOFFICE = """#!{python} -S
import os, sys, time
state = os.environ["FAKE_OFFICE_DIR"]
with open(os.path.join(state, "soffice.pids"), "a") as fh:
    fh.write(f"{{os.getpid()}}\\n")
if os.environ.get("FAKE_SOFFICE", "serve") == "exit":
    sys.exit(1)
time.sleep(3600)
"""

WORKER = """#!{python} -S
import json, os, signal, sys, time
state = os.environ["FAKE_OFFICE_DIR"]
mode = os.environ.get("FAKE_UNO", "ok")
DISPOSED = ("LibreOffice could not load the file (com.sun.star.lang.DisposedException: "
            "Binary URP bridge already disposed)")

def send(message):
    sys.stdout.write(json.dumps(message) + "\\n")
    sys.stdout.flush()

def bump(name):
    path = os.path.join(state, name)
    count = int(open(path).read() or 0) + 1 if os.path.exists(path) else 1
    with open(path, "w") as fh:
        fh.write(str(count))
    return count

def kill_office():
    with open(os.path.join(state, "soffice.pids")) as fh:
        pid = int(fh.read().split()[-1])
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass

if mode == "silent":
    time.sleep(3600)
if mode == "fatal":
    send({{"fatal": "cannot import uno (fake)"}})
    sys.exit(1)
time.sleep(0.05)
send({{"ready": True}})
crash_after = int(os.environ.get("FAKE_CRASH_AFTER", "0"))
always = os.environ.get("FAKE_CRASH_ALWAYS") == "1"
disposed = False
for line in sys.stdin:
    request = json.loads(line)
    if request.get("quit"):  # like desktop.terminate(); at end of input the office stays
        kill_office()
        break
    count = bump("converted")
    if crash_after and count > crash_after and not disposed:
        if always or not os.path.exists(os.path.join(state, "crashed")):
            open(os.path.join(state, "crashed"), "w").close()
            kill_office()
            disposed = True
    if disposed:
        send({{"ok": False, "error": DISPOSED}})
        continue
    with open(request["dst"], "wb") as fh:
        fh.write(b"%PDF-1.4\\n1 0 obj <</Type /Page>> endobj\\n%%EOF\\n")
    send({{"ok": True}})
"""


def install(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    soffice: str = "serve",
    uno: str = "ok",
    crash_after: int = 0,
    crash_always: bool = False,
) -> Path:
    """Install the fakes; return the state folder (``soffice.pids``, ``converted``)."""
    bindir = folder / "bin"
    state = folder / "state"
    bindir.mkdir(parents=True)
    state.mkdir()
    for name, text in (("soffice", SOFFICE), ("uno-python", WORKER)):
        script = bindir / name
        script.write_text(text.format(python=sys.executable), encoding="utf-8")
        script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("PLANFORGE_UNO_PYTHON", str(bindir / "uno-python"))
    monkeypatch.setenv("FAKE_OFFICE_DIR", str(state))
    monkeypatch.setenv("FAKE_SOFFICE", soffice)
    monkeypatch.setenv("FAKE_UNO", uno)
    monkeypatch.setenv("FAKE_CRASH_AFTER", str(crash_after))
    monkeypatch.setenv("FAKE_CRASH_ALWAYS", "1" if crash_always else "0")
    return state


def office_pids(state: Path) -> list[int]:
    """Every fake office started so far."""
    path = state / "soffice.pids"
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def gone(pid: int, within: float = 5.0) -> bool:
    """True once `pid` has ended (a zombie counts as ended)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        stat = Path(f"/proc/{pid}/stat")
        try:
            if stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return True
        except (OSError, IndexError):
            pass
        time.sleep(0.05)
    return False


def kill(pid: int) -> None:
    """SIGKILL, ignoring a process already gone."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def tiny_docx(path: Path) -> Path:
    """Enough of a .docx for planforge's input check (the fake office does not read it)."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return path
