"""A real server and a real browser for the end-to-end tests and the guide's screenshots.

The server is `planforge serve` in a subprocess (so the command itself is tested); the
browser is Debian's chromium driven by Selenium through chromium-driver. Under ``CI=true`` a
missing browser fails the tests instead of skipping them (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"


def browser_problem() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            return f"{path} is missing (apt-get install chromium chromium-driver)"
    return None


@contextmanager
def server(folder: Path) -> Iterator[str]:
    """`planforge serve FOLDER` on a free port; yields the link with its token."""
    command = [
        sys.executable,
        "-m",
        "planforge",
        "serve",
        str(folder),
        "--port",
        "0",
        "--no-browser",
    ]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = ""
        deadline = time.monotonic() + 30
        assert proc.stdout is not None
        while time.monotonic() < deadline and not url:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
            found = re.search(r"http://\S+\?token=\S+", line)
            url = found.group(0) if found else ""
        if not url:
            raise RuntimeError("planforge serve did not print its link")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a stuck server
            proc.kill()
            proc.wait(5)
        if proc.stdout is not None:
            proc.stdout.close()


@contextmanager
def chrome(downloads: Path, *, width: int = 1400, height: int = 1000) -> Iterator[Any]:
    """A headless Chromium that saves downloads into `downloads`."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--lang=en-US"):  # fmt: skip
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
        "intl.accept_languages": "en-US",
    })  # fmt: skip
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def axe_violations(driver: Any, impacts: tuple[str, ...] = ("critical",)) -> list[dict[str, Any]]:
    """Run axe-core (vendored, injected into the page only here) and return its violations
    of the given impacts."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', description: String(e), nodes: []}]));"
    )
    return [v for v in result if v.get("impact") in impacts]


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable list of axe violations for an assertion message."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['description']} at "
        + ", ".join(str(n.get("target")) for n in v.get("nodes", [])[:3])
        for v in violations
    )


def copy_examples(target: Path) -> Path:
    """A copy of examples/ to work on."""
    source = Path(__file__).resolve().parents[2] / "examples"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.md"))
    return target
