"""`planforge init PATH [--zone [--state CO|MA] | --sop] [--school NAME]`: write a starter.

A commented starter innovation plan (the default), zone agreement (`--zone`: a Colorado
zone, or with `--state MA` a Massachusetts empowerment-zone memorandum) or Massachusetts
School Operational Plan (`--sop`).
"""

from __future__ import annotations

import click

from planforge.cli._common import fails_cleanly
from planforge.inputs.pipeline import display_path


@click.command()
@click.argument("path", type=click.Path())
@click.option("--zone", is_flag=True, help="Write a zone agreement instead of a plan.")
@click.option(
    "--sop",
    is_flag=True,
    help="Write a Massachusetts empowerment-zone School Operational Plan instead of a plan.",
)
@click.option(
    "--state",
    type=click.Choice(["CO", "MA"], case_sensitive=False),
    metavar="[CO|MA]",
    help=(
        "With --zone: CO (the default) for a Colorado innovation zone, MA for a "
        "Massachusetts empowerment zone."
    ),
)
@click.option("--school", metavar="NAME", help="The school's name, filled in as school.name.")
@fails_cleanly
def init(path: str, zone: bool, sop: bool, state: str | None, school: str | None) -> None:
    """Write a starter plan (or zone agreement) to PATH, with help above every field.

    PATH is a new .yaml file, or a folder (plan.yaml, zone.yaml or, with --sop,
    operational-plan.yaml is written in it). An existing file is never overwritten
    (exit 2). A copy of the schema is written to .planforge/ beside the file so editors
    can check and complete it as you type.

    \b
    planforge init schools/juniper/ --school "Juniper Ridge Elementary"
    planforge init myzone/ --zone                  (a Colorado innovation zone)
    planforge init myzone/ --zone --state MA       (a Massachusetts empowerment zone)
    planforge init myzone/schools/canal/ --sop     (one school's operational plan)
    """
    from planforge.authoring.starter import starter_label, write_starter

    state = state.upper() if state else None
    _check_options(zone=zone, sop=sop, state=state, school=school)
    label = starter_label(zone=zone, sop=sop, state=state or "CO")
    written = write_starter(path, label=label, school=school)
    plan = display_path(written.path)
    click.echo(f"Wrote {plan} (and the editor schema {display_path(written.schema_path)}).")
    click.echo("Next: replace every TODO, then run")
    click.echo(f"  planforge validate {plan}")
    click.echo(f"  planforge review {plan}")
    if label == "zone-ma":
        folder = display_path(written.path.parent)
        prefix = "" if folder in ("", ".") else f"{folder}/"
        click.echo(
            f"Write each member school's plan with: planforge init {prefix}schools/<school>/ --sop"
        )


def _check_options(*, zone: bool, sop: bool, state: str | None, school: str | None) -> None:
    """Refuse options that do not go together (exit 2, with what to write instead)."""
    if zone and sop:
        msg = (
            "--zone and --sop write different files: a zone's agreement (--zone) or one "
            "school's operational plan (--sop). Choose one."
        )
        raise click.UsageError(msg)
    if zone and school is not None:
        raise click.UsageError("--school fills in a plan; a zone names its schools by plan file.")
    if sop and state == "CO":
        msg = (
            "A School Operational Plan is a Massachusetts empowerment-zone document: "
            "leave out --state CO (or write --state MA)."
        )
        raise click.UsageError(msg)
    if not zone and not sop and state is not None:
        msg = (
            "--state chooses the state of a zone: use it with --zone (--zone --state MA for "
            "a Massachusetts empowerment zone). A school in an empowerment zone writes its "
            "plan with --sop."
        )
        raise click.UsageError(msg)
