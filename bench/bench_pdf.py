"""Issue 5(b): batch PDF of 20 documents in one warm LibreOffice vs 20 cold soffice calls.

    .venv/bin/python bench/bench_pdf.py [--docs 20] [--pages 4] [--rounds 1] [--keep DIR]

Generates N .docx files with python-docx (title page, a Word TOC field, one heading per page),
then times:
  warm  planforge.documents.pdf.convert.convert_to_pdf(all N)  - one office, private profile, TOC updated, PDFs checked
  cold  N x `soffice --headless --convert-to pdf`, each with its own fresh profile (what a safe
        per-file conversion needs: a shared profile makes concurrent runs fail, field notes §5.1)
  cold* N x `soffice --convert-to pdf` reusing one profile, sequentially (informational: the
        fastest unsafe cold variant)
and prints seconds and the ratio warm/cold (target <= 0.35x). Figures are the median of --rounds.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from planforge.documents.pdf.convert import convert_to_pdf, find_soffice

TARGET = 0.35


def add_toc(document: object) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, 'TOC \\o "1-3" \\h \\z \\u'), ("separate", None)):
        el = OxmlElement("w:fldChar" if kind else "w:instrText")
        if kind:
            el.set(qn("w:fldCharType"), kind)
        else:
            el.text = text
        run._r.append(el)
    paragraph.add_run("Update the table of contents.")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def make_docs(folder: Path, count: int, pages: int) -> list[Path]:
    import docx

    paths = []
    for n in range(1, count + 1):
        document = docx.Document()
        document.add_heading(f"Innovation plan {n:02d}", 0)
        add_toc(document)
        for p in range(1, pages + 1):
            heading_paragraph = document.add_heading(f"Element {p}: school design", 1)
            heading_paragraph.paragraph_format.page_break_before = True
            document.add_paragraph("The school will use its autonomy to serve students. " * 40)
            table = document.add_table(rows=4, cols=3)
            for i, row in enumerate(table.rows):
                for j, cell in enumerate(row.cells):
                    cell.text = f"r{i} c{j}"
        path = folder / f"plan_{n:02d}.docx"
        document.save(str(path))
        paths.append(path)
    return paths


def warm(docs: list[Path], out: Path) -> float:
    start = time.perf_counter()
    results = convert_to_pdf(docs, out)
    seconds = time.perf_counter() - start
    failed = [r for r in results if not r.ok]
    if failed:
        sys.exit(f"warm conversion failed: {failed[0].source}: {failed[0].error}")
    return seconds


def cold(docs: list[Path], out: Path, *, shared_profile: bool) -> float:
    soffice = find_soffice()
    start = time.perf_counter()
    for i, doc in enumerate(docs):
        profile = out / ("profile" if shared_profile else f"profile-{i}")
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
             "--nologo", "--norestore", "--convert-to", "pdf", "--outdir", str(out / "pdf"),
             str(doc)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    seconds = time.perf_counter() - start
    missing = [d for d in docs if not (out / "pdf" / f"{d.stem}.pdf").is_file()]
    if missing:
        sys.exit(f"cold conversion wrote no PDF for {missing[0]}")
    return seconds


def median_of(rounds: int, run: Callable[[Path], float], root: Path, label: str) -> float:
    times = []
    for r in range(rounds):
        out = root / f"{label}-{r}"
        out.mkdir()
        times.append(run(out))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--docs", type=int, default=20)
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write documents and PDFs here (kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as scratch:
        root = args.keep or Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        docs = make_docs(root, args.docs, args.pages)
        w = median_of(args.rounds, lambda out: warm(docs, out), root, "warm")
        c = median_of(args.rounds, lambda o: cold(docs, o, shared_profile=False), root, "cold")
        s = median_of(args.rounds, lambda o: cold(docs, o, shared_profile=True), root, "shared")
    n = args.docs
    print(f"documents: {n} x {args.pages + 1}+ pages, rounds: {args.rounds} (median)")
    print(
        f"warm  planforge.documents.pdf.convert batch            : {w:7.2f} s  ({w / n:.3f} s/doc)"
    )
    print(f"cold  soffice --convert-to, own prof : {c:7.2f} s  ({c / n:.3f} s/doc)")
    print(f"cold* soffice --convert-to, 1 profile: {s:7.2f} s  ({s / n:.3f} s/doc)")
    verdict = "meets" if w / c <= TARGET else "MISSES"
    print(
        f"ratio warm/cold = {w / c:.3f}x ({verdict} target <= {TARGET}x); warm/cold* = {w / s:.3f}x"
    )


if __name__ == "__main__":
    main()
