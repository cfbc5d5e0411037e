"""`planforge render PLAN`: board-ready Word documents (and optionally PDFs) from a plan."""

from __future__ import annotations

import datetime
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

import click

from planforge.cli._common import (
    fails_cleanly,
    output_option,
    templates_folder,
    templates_option,
    write_pdfs,
)
from planforge.documents.naming import plan_stems
from planforge.errors import InputFileError, PlanforgeError
from planforge.inputs.pipeline import FileResult, check_paths, display_path
from planforge.reporters import FileEntry, format_line, report_text

KINDS = ("plan", "waivers", "review")


@click.command()
@click.argument("plan", type=click.Path())
@output_option("the documents")
@click.option(
    "--document",
    "document",
    type=click.Choice([*KINDS, "all"]),
    default="all",
    show_default=True,
    help="Which document to render.",
)
@templates_option()
@click.option(
    "--draft",
    is_flag=True,
    help="Render a plan that still has errors, marking gaps as [MISSING: ...].",
)
@click.option("--pdf", is_flag=True, help="Also convert each document to PDF with LibreOffice.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Documents rendered side by side (default: the number of CPU cores; 1 = one by one).",
)
@fails_cleanly
def render(
    plan: str,
    out: str,
    document: str,
    templates: str | None,
    draft: bool,
    pdf: bool,
    jobs: int | None,
) -> None:
    """Render PLAN as Word documents: the innovation plan, the state waiver request and the
    review memo (or one of them with --document).

    \b
    Files are named <OUT>/<school>-innovation-plan.docx, -waiver-request.docx and
    -review-memo.docx. A zone file renders each of its member plans. A plan with
    validation errors is refused (exit 1) unless --draft.
    """
    kinds = list(KINDS) if document == "all" else [document]
    with _DocumentRunner(min(len(kinds), jobs or os.cpu_count() or 1)) as runner:
        plans = _plans(check_paths([plan]))
        if draft:
            for f in sorted((f for r in plans for f in r.findings), key=lambda f: f.sort_key()):
                click.echo(format_line(f), err=True)
        else:
            _refuse_invalid(plans)
        folder = templates_folder(templates)
        stems = plan_stems(plans)
        for result in plans:
            _render_plan(result, stems[result.path], kinds, Path(out), folder, runner, draft)
    for target in runner.written:
        click.echo(f"wrote {display_path(target)}")
    if runner.errors:
        raise runner.errors[0]
    if pdf:
        write_pdfs(runner.written)


def _plans(results: list[FileResult]) -> list[FileResult]:
    plans = [r for r in results if r.kind == "innovation_plan"]
    if not plans:
        names = ", ".join(r.path for r in results)
        msg = (
            f"{names}: no innovation plan to render. Give a plan file (kind: innovation_plan) "
            "or a zone file that lists member plans."
        )
        raise InputFileError(msg)
    return plans


def _refuse_invalid(plans: list[FileResult]) -> None:
    bad = [r for r in plans if r.failed()]
    if not bad:
        return
    report_text([FileEntry(r.path, r.kind, r.findings) for r in bad], sys.stdout)
    click.echo(
        f"planforge: not rendered: {', '.join(r.path for r in bad)} "
        "has errors. Fix them, or use --draft to render with [MISSING: ...] marks.",
        err=True,
    )
    sys.exit(1)


def _render_plan(
    result: FileResult,
    stem: str,
    kinds: list[str],
    out: Path,
    folder: Path,
    runner: _DocumentRunner,
    draft: bool,
) -> None:
    from planforge.documents.docx import DOCUMENT_KINDS, RenderInput, sanitize

    if result.data is None:
        raise PlanforgeError(f"{result.path}: the file could not be read, so nothing was rendered.")
    data, findings = sanitize(result.data)
    for f in findings:
        click.echo(format_line(f.in_file(result.path)), err=True)
    today = datetime.date.today().isoformat()
    targets = {kind: out / f"{stem}{DOCUMENT_KINDS[kind].suffix}" for kind in kinds}
    plain = RenderInput(data, draft=draft, today=today)
    # Documents that need no review start first; the review runs while they render.
    for kind in (k for k in kinds if not DOCUMENT_KINDS[k].needs_review):
        runner.submit(kind, plain, folder, targets[kind])
    reviewed = [k for k in kinds if DOCUMENT_KINDS[k].needs_review]
    if reviewed:
        inp = RenderInput(data, draft=draft, review=_review(result), today=today)
        for kind in reviewed:
            runner.submit(kind, inp, folder, targets[kind])


def render_to(kind: str, inp: Any, folder: Path, target: Path) -> None:
    """Render one document kind, verify it and write it (runs in a worker when parallel)."""
    from planforge.documents.docx import render_document
    from planforge.outputs import write_atomic

    write_atomic(target, render_document(kind, inp, templates=folder).data)


class _DocumentRunner:
    """Renders a plan's documents side by side on a multi-core machine, else one by one.

    Every document is attempted; `written` lists those that were written and `errors` the
    PlanforgeErrors of those that were not, in submission order, once the runner has closed.
    """

    def __init__(self, workers: int) -> None:
        self.parallel = workers > 1 and sys.platform != "win32"
        self.workers = workers
        self.pool: Any = None
        self.jobs: list[tuple[Path, Any]] = []
        self.written: list[Path] = []
        self.errors: list[PlanforgeError] = []

    def __enter__(self) -> _DocumentRunner:
        if self.parallel:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            import docxtpl  # noqa: F401  (loaded once, before the workers fork)

            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self

    def submit(self, kind: str, inp: Any, folder: Path, target: Path) -> None:
        if self.pool is not None:
            self.jobs.append((target, self.pool.submit(render_to, kind, inp, folder, target)))
            return
        try:
            render_to(kind, inp, folder, target)
            self.written.append(target)
        except PlanforgeError as e:
            self.errors.append(e)

    def __exit__(self, *exc: object) -> None:
        if self.pool is None:
            return
        with self.pool:
            for target, future in self.jobs:
                error = future.exception()
                if error is None:
                    self.written.append(target)
                elif isinstance(error, PlanforgeError):
                    self.errors.append(error)
                else:
                    raise error


def _review(result: FileResult) -> Any:
    from planforge.review.core import review_file

    return review_file(result, _default_packs())


@cache
def _default_packs() -> Any:
    """The default rule packs, read once per run (a zone renders many plans)."""
    from planforge.packs.loader import load_packs

    return load_packs()
