"""`planforge mou ZONE`: the zone operating agreement as a Word document (and PDF)."""

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
from planforge.domain.text import printable
from planforge.inputs.pipeline import check_paths, display_path
from planforge.reporters import FileEntry, format_line, report_text


@click.command()
@click.argument("zone", type=click.Path())
@output_option("the agreement")
@templates_option(" (needs zone-agreement.docx)")
@click.option("--draft", is_flag=True, help="Render even if the zone or a member plan has errors.")
@click.option("--pdf", is_flag=True, help="Also convert the agreement to PDF with LibreOffice.")
@rules_option()
@allow_outside_option()
@fails_cleanly
def mou(
    zone: str,
    out: str,
    templates: str | None,
    draft: bool,
    pdf: bool,
    rules: str | None,
    allow_outside: bool,
) -> None:
    """Render ZONE's agreement: numbered articles, signature blocks for every party, and
    exhibits drawn from the member plans.

    \b
    A Colorado zone: the operating agreement, with exhibits A member schools, B waiver
    schedule by school, C service menu and prices, D performance goals by school, written
    to <OUT>/<zone-name>-operating-agreement.docx.
    A Massachusetts empowerment zone: the memorandum of understanding, with exhibits A
    member schools, B annual calendar, C district services, D board seats, written to
    <OUT>/<zone-name>-memorandum-of-understanding.docx.
    Refused (exit 1) when the zone or a member plan has validation errors, unless --draft.
    """
    from planforge.documents.render import render_agreement
    from planforge.documents.zone import bundle
    from planforge.outputs import write_atomic

    results = check_paths([zone], allow_outside=allow_outside)
    zb = bundle(results)
    problems = zb.problems()
    if problems and draft:
        found = sorted((f for r in problems for f in r.findings), key=lambda f: f.sort_key())
        for finding in found:
            click.echo(format_line(finding), err=True)
    elif problems:
        report_text([FileEntry(r.path, r.kind, r.findings) for r in problems], sys.stdout)
        click.echo(
            "planforge: agreement not rendered: fix the errors above, or use --draft.", err=True
        )
        sys.exit(1)
    doc = render_agreement(results, rules=rules, draft=draft, templates=templates_folder(templates))
    if doc.data is None:
        raise doc.error or RuntimeError("the agreement was not rendered")
    target = Path(out) / doc.filename
    write_atomic(target, doc.data)
    click.echo(printable(f"wrote {display_path(target)}"))
    if pdf:
        write_pdfs([target])
