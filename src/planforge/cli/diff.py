"""`planforge diff OLD NEW`: what changed between two versions of a plan, lever by lever."""

from __future__ import annotations

import sys

import click

from planforge.cli._common import fails_cleanly
from planforge.errors import Severity
from planforge.inputs.loader import LoadedDocument
from planforge.inputs.pipeline import display_path
from planforge.inputs.validate import validate_document


@click.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "-f",
    "output_format",
    default="text",
    show_default=True,
    type=click.Choice(["text", "markdown", "json"]),
    help="Output format.",
)
@click.option(
    "--docx",
    "docx_out",
    type=click.Path(dir_okay=False),
    metavar="OUT",
    help='Also write the "What you are voting on" summary as a Word document.',
)
@fails_cleanly
def diff(old: str, new: str, output_format: str, docx_out: str | None) -> None:
    """Compare an earlier plan (OLD) with a new version (NEW), lever by lever.

    Lists innovations, waivers, budget and staffing lines, schedules, goals, consent votes
    and school facts that were added, removed or changed. For a renewal, a waiver whose
    `status` contradicts what changed is reported at its line in NEW.
    Exit 0 when the diff is shown, 1 when a waiver status contradicts it,
    2 when a file cannot be read or is not an innovation plan.
    """
    from planforge.changes.core import compare
    from planforge.changes.report import REPORTERS

    if docx_out is not None and not docx_out.lower().endswith(".docx"):
        msg = f"{docx_out}: the summary is a Word document; give it a name ending in .docx."
        raise click.BadParameter(msg, param_hint="--docx")
    docs = [_load(old), _load(new)]
    result = compare(docs[0], docs[1])
    REPORTERS[output_format](result, sys.stdout)
    _note_invalid(docs)
    if docx_out is not None:
        from planforge.changes.docx import write_summary

        written = write_summary(result, docx_out)
        click.echo(f"Wrote {display_path(written)}.", err=True)
    sys.exit(1 if result.has_contradictions else 0)


def _load(path: str) -> LoadedDocument:
    from planforge.changes.core import load_plan

    return load_plan(path)  # its InputFileError's findings are printed by fails_cleanly


def _note_invalid(docs: list[LoadedDocument]) -> None:
    for doc in docs:
        _, findings = validate_document(doc)
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        if errors:
            click.echo(
                f"note: {doc.path} has {errors} schema error{'s' if errors != 1 else ''}; the "
                f"diff may be incomplete. Run `planforge validate {doc.path}`.",
                err=True,
            )
