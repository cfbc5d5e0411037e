"""`planforge render PLAN`: board-ready Word documents (and optionally PDFs) from a plan."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

import click

from planforge.commands._common import (
    fails_cleanly,
    output_option,
    templates_folder,
    templates_option,
    write_pdfs,
)
from planforge.errors import InputFileError, PlanforgeError
from planforge.naming import plan_stems
from planforge.pipeline import FileResult, check_paths, display_path
from planforge.report import FileEntry, format_line, report_text

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
@fails_cleanly
def render(
    plan: str, out: str, document: str, templates: str | None, draft: bool, pdf: bool
) -> None:
    """Render PLAN as Word documents: the innovation plan, the state waiver request and the
    review memo (or one of them with --document).

    \b
    Files are named <OUT>/<school>-innovation-plan.docx, -waiver-request.docx and
    -review-memo.docx. A zone file renders each of its member plans. A plan with
    validation errors is refused (exit 1) unless --draft.
    """
    plans = _plans(check_paths([plan]))
    if draft:
        for f in sorted((f for r in plans for f in r.findings), key=lambda f: f.sort_key()):
            click.echo(format_line(f), err=True)
    else:
        _refuse_invalid(plans)
    folder = templates_folder(templates)
    kinds = list(KINDS) if document == "all" else [document]
    written: list[Path] = []
    stems = plan_stems(plans)
    for result in plans:
        stem = stems[result.path]
        written.extend(_render_plan(result, stem, kinds, Path(out), folder, draft=draft))
    if pdf:
        write_pdfs(written)


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
    result: FileResult, stem: str, kinds: list[str], out: Path, folder: Path, *, draft: bool
) -> list[Path]:
    from planforge.render import DOCUMENT_KINDS, RenderInput, render_document, sanitize
    from planforge.writer import write_atomic

    if result.data is None:
        raise PlanforgeError(f"{result.path}: the file could not be read, so nothing was rendered.")
    data, findings = sanitize(result.data)
    for f in findings:
        click.echo(format_line(f.in_file(result.path)), err=True)
    review = _review(result) if any(DOCUMENT_KINDS[k].needs_review for k in kinds) else None
    inp = RenderInput(data, draft=draft, review=review, today=datetime.date.today().isoformat())
    written = []
    for kind in kinds:
        rendered = render_document(kind, inp, templates=folder)
        target = out / f"{stem}{DOCUMENT_KINDS[kind].suffix}"
        write_atomic(target, rendered.data)
        click.echo(f"wrote {display_path(target)}")
        written.append(target)
    return written


def _review(result: FileResult) -> Any:
    from planforge.review import review_file

    return review_file(result)
