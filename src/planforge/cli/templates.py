"""`planforge templates check [DIR]`: check a folder of (restyled) Word templates."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planforge.cli._common import fails_cleanly
from planforge.errors import InputFileError


@click.group()
def templates() -> None:
    """Work with the Word templates planforge renders from."""


@templates.command()
@click.argument("folder", metavar="[DIR]", required=False, type=click.Path())
@fails_cleanly
def check(folder: str | None) -> None:
    """Check the templates in DIR (default: planforge's own) before rendering with them.

    \b
    Each template is checked for what would stop `render` or `build`: a file that is
    not a usable .docx, tag errors, variables that planforge does not provide
    (named as typed, e.g. school.nmae), and a trial render from a complete sample
    plan and zone (nothing is written).
    Exit codes: 0 all fine, 1 a template has problems, 2 DIR is not a folder,
    3 planforge's own sample or templates are missing.
    """
    from planforge.documents.templates_check import check_folder, other_files
    from planforge.inputs.pipeline import display_path

    path = _folder(folder)
    reports = check_folder(path)
    for report in reports:
        shown = display_path(report.path)
        if report.ok:
            click.echo(f"{shown}: ok")
        for problem in report.problems:
            click.echo(f"{shown}: error: {problem}")
    for name in other_files(path):
        click.echo(f"{display_path(path / name)}: note: not a planforge template name; ignored.")
    bad = sum(1 for r in reports if not r.ok)
    click.echo(f"{len(reports)} templates checked: {len(reports) - bad} ok, {bad} with problems.")
    sys.exit(1 if bad else 0)


def _folder(folder: str | None) -> Path:
    if folder is None:
        from planforge.resources import templates_dir

        return templates_dir()
    path = Path(folder)
    if not path.is_dir():
        raise InputFileError(f"{folder}: no such folder (give the folder holding the templates).")
    return path
