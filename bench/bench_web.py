"""The web workspace against the command line, side by side, on the largest example plan.

    .venv/bin/python bench/bench_web.py [--edits 50] [--runs 5]

Starts `planforge serve` on a copy of the plan and measures, through HTTP as the browser
does:

* edit -> updated findings: p95 of ``POST /api/edit`` (save, re-check, review, findings)
  over the edits, against one cold ``planforge review`` of the same plan (target <= 0.5x);
* a .docx download (``GET /download/...?kind=plan``) made right after an edit, so nothing
  is cached, against one cold ``planforge render --document plan`` (target <= 0.5x);
* opening the editor (``GET /edit/...``) on a file changed on disk since the last request,
  so it is read, checked and reviewed again, against one cold review (target <= 0.5x).

The baselines are medians of several cold runs (a new process each, as a user runs them).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from _timing import ratio_line, time_command

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "renewal" / "plan-2026.yaml"
PLANFORGE = str(Path(sys.executable).parent / "planforge")


class Server:
    """`planforge serve` in a subprocess, and requests to it with the access cookie."""

    def __init__(self, folder: Path) -> None:
        command = [PLANFORGE, "serve", str(folder), "--port", "0", "--no-browser"]
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        link = ""
        while not link:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("planforge serve did not start")
            found = re.search(r"(http://\S+)/\?token=(\S+)", line)
            if found:
                link = found.group(0)
                self.base, self.token = found.group(1), found.group(2)
        self.cookie = ""
        self.csrf = ""

    def request(
        self, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, dict[str, str]]:
        sent = {"Cookie": self.cookie, "Origin": self.base, **(headers or {})}
        req = urllib.request.Request(self.base + path, data=body, headers=sent)
        try:
            with urllib.request.urlopen(req, timeout=120) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read(), dict(e.headers)

    def login(self) -> None:
        self.cookie = f"planforge-{self.base.rsplit(':', 1)[1]}={self.token}"

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def _version(html: bytes) -> str:
    found = re.search(rb'data-version="([0-9a-f]{64})"', html)
    assert found, "no version on the page"
    return found.group(1).decode()


def _csrf(html: bytes) -> str:
    found = re.search(rb'name="csrf-token" content="([0-9a-f]+)"', html)
    assert found
    return found.group(1).decode()


EDITS = [
    ("/mission/vision", "Every student known by name and ready to lead, draft {i}."),
    ("/school/enrollment", "{n}"),
    (
        "/levers/curriculum/rationale",
        "Research on structured literacy supports this, note {i}.\nSecond line.",
    ),
    ("/school/leader/title", "Principal {i}"),
]


def edits(server: Server, rel: str, count: int) -> tuple[list[float], str]:
    status, html, _ = server.request(f"/edit/{rel}?section=school")
    assert status == 200
    version = _version(html)
    server.csrf = _csrf(html)
    times = []
    for i in range(count):
        pointer, template = EDITS[i % len(EDITS)]
        value = template.format(i=i, n=400 + i)
        body = json.dumps(
            {
                "base": version,
                "section": "school",
                "ops": [{"op": "set", "pointer": pointer, "value": value}],
            }
        )
        start = time.perf_counter()
        status, data, _ = server.request(f"/api/edit/{rel}", body.encode(), {
            "Content-Type": "application/json", "X-CSRF-Token": server.csrf})  # fmt: skip
        times.append(time.perf_counter() - start)
        if status != 200:
            raise SystemExit(f"edit failed: {status} {data[:300]!r}")
        reply: dict[str, Any] = json.loads(data)
        assert "findings" in reply
        version = reply["version"]
    return times, version


def downloads(server: Server, rel: str, runs: int, version: str) -> list[float]:
    times = []
    for i in range(runs):
        body = json.dumps(
            {
                "base": version,
                "ops": [{"op": "set", "pointer": "/school/leader/title", "value": f"Head {i}"}],
            }
        )
        _, data, _ = server.request(f"/api/edit/{rel}", body.encode(), {
            "Content-Type": "application/json", "X-CSRF-Token": server.csrf})  # fmt: skip
        version = json.loads(data)["version"]
        start = time.perf_counter()
        status, docx, _ = server.request(f"/download/{rel}?kind=plan&format=docx")
        times.append(time.perf_counter() - start)
        if status != 200 or docx[:2] != b"PK":
            raise SystemExit(f"download failed: {status}")
    return times


def opens(server: Server, rel: str, path: Path, runs: int) -> tuple[list[float], list[float]]:
    changed, warm = [], []
    for i in range(runs):
        text = path.read_text(encoding="utf-8")
        path.write_text(text + f"# touched {i}\n", encoding="utf-8")  # changed on disk
        start = time.perf_counter()
        status, _, _ = server.request(f"/edit/{rel}")
        changed.append(time.perf_counter() - start)
        assert status == 200
        start = time.perf_counter()
        server.request(f"/edit/{rel}")
        warm.append(time.perf_counter() - start)
    return changed, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="planforge-bench-web-") as tmp:
        folder = Path(tmp) / "workspace"
        (folder / "renewal").mkdir(parents=True)
        shutil.copy(PLAN, folder / "renewal" / PLAN.name)
        rel = f"renewal/{PLAN.name}"
        out = Path(tmp) / "out"
        review = time_command([PLANFORGE, "review", str(PLAN)], runs=args.runs, ok_codes=(0, 1))
        render = time_command(
            [PLANFORGE, "render", str(PLAN), "--document", "plan", "-o", str(out)], runs=args.runs
        )
        server = Server(folder)
        try:
            server.login()
            edit_times, version = edits(server, rel, args.edits)
            download_times = downloads(server, rel, args.runs, version)
            changed, warm = opens(server, rel, folder / rel, args.runs)
        finally:
            server.close()
    p95 = sorted(edit_times)[max(0, round(0.95 * len(edit_times)) - 1)]
    print(f"Largest example: {PLAN.relative_to(ROOT)} ({PLAN.stat().st_size / 1024:.1f} KB)")
    print(f"Baselines (median of {args.runs} cold runs): review {review * 1000:.0f} ms, "
          f"render --document plan {render * 1000:.0f} ms")  # fmt: skip
    print(f"Edits: {len(edit_times)}, median {statistics.median(edit_times) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, max {max(edit_times) * 1000:.0f} ms")  # fmt: skip
    print(ratio_line("edit -> updated findings, p95 vs cold review", p95, review, 0.5))
    download = statistics.median(download_times)
    print(ratio_line(".docx download (after an edit) vs cold render", download, render, 0.5))
    opened = statistics.median(changed)
    print(ratio_line("open the editor (file changed on disk) vs cold review", opened, review, 0.5))
    print(f"  (opening again, unchanged: median {statistics.median(warm) * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
