"""`planforge schema [plan|zone|sop] [-o FILE]`: print the self-contained JSON Schema."""

from __future__ import annotations

from pathlib import Path

import click

from planforge.cli._common import fails_cleanly
from planforge.inputs.schemas import KIND_LABEL

LABELS = tuple(KIND_LABEL.values())
"""The schema of each document kind by its short name: plan, zone, sop."""


@click.command()
@click.argument("label", metavar=f"[{'|'.join(LABELS)}]", type=click.Choice(LABELS), default="plan")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to FILE instead.")
@fails_cleanly
def schema(label: str, output: str | None) -> None:
    """Print the plan (default), zone or sop schema as one self-contained JSON file.

    sop is a Massachusetts empowerment-zone School Operational Plan. Point an editor at it
    for completion and hover help, or refresh the copy `planforge init` wrote:
    planforge schema plan -o .planforge/plan.schema.json
    """
    from planforge.authoring.starter import schema_json
    from planforge.outputs import write_text_atomic

    text = schema_json(label)
    if output is None:
        click.echo(text, nl=False)
        return
    write_text_atomic(Path(output), text)
    click.echo(f"Wrote {output}.", err=True)
