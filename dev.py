#!/usr/bin/env python3
"""Set up planforge in a local virtual environment and run it.

    python3 dev.py example   # set up, then build the example zone's documents into ./out
    python3 dev.py test      # set up, then run the whole test suite (lint, types, tests)
    python3 dev.py serve     # set up, then open the examples in the web workspace

Needs only Python 3.11+ (with the venv module; on Debian: python3-venv). LibreOffice is
optional: with it installed the example also produces PDFs and the PDF tests run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".planforge-installed"


def run(*cmd: str | Path) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT)
    if code:
        sys.exit(code)


def setup() -> None:
    """Create .venv and install planforge with its test tools, once per pyproject change."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be run by an older python3
        sys.exit(f"planforge needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and (BIN / "planforge").exists():
        return
    if not (BIN / "python").exists():
        print(f"Creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", ".[test]")
    STAMP.write_text(wanted)


def compile_bytecode() -> None:
    """Compile planforge's own modules, as a wheel install would.

    An editable install leaves them as source; where PYTHONDONTWRITEBYTECODE is set (as on
    our CI machines) every command would otherwise recompile them on start-up.
    """
    subprocess.call(
        [str(BIN / "python"), "-m", "compileall", "-q", str(ROOT / "src" / "planforge")], cwd=ROOT
    )


def example() -> None:
    out = ROOT / "out" / "confluence-zone"
    args = ["build", "examples/confluence-zone/zone.yaml", "-o", str(out)]
    if shutil.which("soffice") or shutil.which("libreoffice"):
        args.append("--pdf")
    else:
        print(
            "LibreOffice not found: building .docx only (install libreoffice-writer-nogui for PDFs)."
        )
    run(BIN / "planforge", *args)


def test() -> None:
    run(BIN / "ruff", "check", "src", "tests", "bench", "dev.py")
    run(BIN / "ruff", "format", "--check", "src", "tests", "bench", "dev.py")
    run(BIN / "mypy")
    run(BIN / "pytest", "-q", *sys.argv[2:])


def setup_only() -> None:
    """`python3 dev.py setup`: create the environment and stop."""


def serve() -> None:
    """`python3 dev.py serve [FOLDER]`: the web workspace on the examples (or FOLDER)."""
    try:
        run(BIN / "planforge", "serve", *(sys.argv[2:] or ["examples"]))
    except KeyboardInterrupt:
        print("stopped")


COMMANDS = {"example": example, "test": test, "setup": setup_only, "serve": serve}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(f"usage: python3 dev.py {{{'|'.join(COMMANDS)}}} [pytest args]")
    setup()
    compile_bytecode()
    COMMANDS[sys.argv[1]]()
