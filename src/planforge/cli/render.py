"""`planforge render PLAN`: board-ready Word documents (and optionally PDFs) from a plan."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planforge.cli._common import (
    allow_outside_option,
    fails_cleanly,
    output_option,
    rules_option,
    templates_folder,
    templates_option,
    write_pdfs,
)
from planforge.documents.kinds import kinds_for
from planforge.domain.text import printable
from planforge.inputs.pipeline import FileResult, check_paths, display_path
from planforge.reporters import FileEntry, format_line, report_text

KINDS = tuple(kinds_for("plan"))


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
@rules_option()
@allow_outside_option()
@fails_cleanly
def render(
    plan: str,
    out: str,
    document: str,
    templates: str | None,
    draft: bool,
    pdf: bool,
    jobs: int | None,
    rules: str | None,
    allow_outside: bool,
) -> None:
    """Render PLAN as board-ready documents (or one of them with --document): for a
    Colorado plan the innovation plan, the state waiver request, the budget section (Word
    and Excel) and the review memo; for a Massachusetts innovation plan the plan and the
    memo; for a Massachusetts school operational plan the operational plan and the memo.

    \b
    Files are named <OUT>/<school>-innovation-plan.docx, -waiver-request.docx,
    -budget-section.docx, -budget.xlsx, -operational-plan.docx and -review-memo.docx. A
    zone file renders each of its member plans. A plan with validation errors is refused
    (exit 1) unless --draft. The rule packs are the ones the file names (`rules:`), or
    its state's default (co; ma for Massachusetts; ma, ma-ez for a Massachusetts
    empowerment zone and its operational plans); --rules overrides them. --pdf converts
    the Word documents.
    """
    from planforge.documents.render import blocking, plan_results, render_plans
    from planforge.outputs import write_atomic

    kinds = None if document == "all" else [document]  # all: what each plan's state has
    results = check_paths([plan], allow_outside=allow_outside)
    plans = plan_results(results)
    if draft:
        shown = [*blocking(results), *plans]
        for f in sorted((f for r in shown for f in r.findings), key=lambda f: f.sort_key()):
            click.echo(format_line(f), err=True)
    else:
        _refuse_invalid([*blocking(results), *plans])
    rendered = render_plans(  # the zones among `results` name the board's president
        results, kinds, rules=rules, draft=draft, templates=templates_folder(templates), jobs=jobs
    )
    for finding in rendered.findings:
        click.echo(format_line(finding), err=True)
    written = []
    for doc in rendered.documents:
        if doc.data is not None:
            target = Path(out) / doc.filename
            write_atomic(target, doc.data)
            written.append(target)
            click.echo(printable(f"wrote {display_path(target)}"))
    if rendered.errors:
        raise rendered.errors[0]
    if pdf:  # Word documents only: the budget spreadsheet stays a spreadsheet
        write_pdfs([path for path in written if path.suffix == ".docx"])


def _refuse_invalid(plans: list[FileResult]) -> None:
    bad = [r for r in plans if r.failed()]
    if not bad:
        return
    report_text([FileEntry(r.path, r.kind, r.findings) for r in bad], sys.stdout)
    names = ", ".join(r.path for r in bad)
    click.echo(
        printable(
            f"planforge: not rendered: {names} has errors. Fix them, or use --draft to render "
            "with [MISSING: ...] marks."
        ),
        err=True,
    )
    sys.exit(1)
