"""`planforge init PATH [--zone] [--school NAME]`: write a commented starter plan or zone."""

from __future__ import annotations

import click

from planforge.cli._common import fails_cleanly
from planforge.inputs.pipeline import display_path


@click.command()
@click.argument("path", type=click.Path())
@click.option("--zone", is_flag=True, help="Write a zone operating agreement instead of a plan.")
@click.option("--school", metavar="NAME", help="The school's name, filled in as school.name.")
@fails_cleanly
def init(path: str, zone: bool, school: str | None) -> None:
    """Write a starter plan (or zone agreement) to PATH, with help above every field.

    PATH is a new .yaml file, or a folder (plan.yaml or zone.yaml is written in it).
    An existing file is never overwritten (exit 2). A copy of the schema is written to
    .planforge/ beside the file so editors can check and complete it as you type.
    """
    from planforge.authoring.starter import write_starter

    if zone and school is not None:
        raise click.UsageError("--school fills in a plan; a zone names its schools by plan file.")
    written = write_starter(path, zone=zone, school=school)
    plan = display_path(written.path)
    click.echo(f"Wrote {plan} (and the editor schema {display_path(written.schema_path)}).")
    click.echo("Next: replace every TODO, then run")
    click.echo(f"  planforge validate {plan}")
    click.echo(f"  planforge review {plan}")
