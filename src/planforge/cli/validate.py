"""`planforge validate PATH...`: schema and YAML checks, all findings at once."""

from __future__ import annotations

import sys

import click

from planforge.cli._common import allow_outside_option, fails_cleanly, format_option
from planforge.inputs.pipeline import check_paths
from planforge.reporters import REPORTER_BY_NAME, FileEntry


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_option(sorted(REPORTER_BY_NAME))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1 on warnings).")
@allow_outside_option()
@fails_cleanly
def validate(paths: tuple[str, ...], output_format: str, strict: bool, allow_outside: bool) -> None:
    """Check plan and zone files (or folders of them) against the schemas.

    A zone file also checks every member plan it names. Each problem is printed as
    `file:line:col: severity [code] message`. Exit 0 when there are no errors,
    1 when there are (or warnings with --strict), 2 when a file cannot be read.
    """
    results = check_paths(paths, allow_outside=allow_outside)
    entries = [FileEntry(r.path, r.kind, r.findings) for r in results]
    REPORTER_BY_NAME[output_format](entries, sys.stdout)
    sys.exit(1 if any(r.failed(strict=strict) for r in results) else 0)
