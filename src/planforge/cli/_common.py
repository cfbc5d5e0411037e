"""Options and helpers shared by several commands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from planforge.domain.text import printable
from planforge.errors import InputFileError, PlanforgeError
from planforge.inputs.pipeline import display_path
from planforge.reporters import format_line

F = TypeVar("F", bound=Callable[..., Any])


def fails_cleanly(func: F) -> F:
    """Turn a PlanforgeError into a one-line message and its exit code (never a traceback).

    The findings an :class:`InputFileError` carries (why a file could not be used, each at
    its line) are printed first."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PlanforgeError as e:
            for finding in getattr(e, "findings", ()):
                click.echo(printable(format_line(finding)), err=True)
            click.echo(printable(f"planforge: {e}"), err=True)
            sys.exit(e.exit_code)

    return wrapper  # type: ignore[return-value]


def format_option(choices: list[str]) -> Callable[[F], F]:
    """`--format/-f` with the given choices, default text."""
    return click.option(
        "--format",
        "-f",
        "output_format",
        type=click.Choice(choices),
        default="text",
        show_default=True,
        help="Output format.",
    )


def output_option(what: str) -> Callable[[F], F]:
    """`-o/--output FOLDER` (default ./out) for the documents a command writes."""
    return click.option(
        "-o",
        "--output",
        "out",
        default="out",
        show_default=True,
        type=click.Path(file_okay=False),
        help=f"Folder for {what}.",
    )


def allow_outside_option() -> Callable[[F], F]:
    """`--allow-outside`: read member plans that lead outside the zone file's folder."""
    return click.option(
        "--allow-outside",
        "allow_outside",
        is_flag=True,
        help=(
            "Read member plans outside the zone file's folder (../, absolute paths, links "
            "that lead out). Off by default: only use it for zone files you trust."
        ),
    )


def rules_option(default: str | None = None) -> Callable[[F], F]:
    """`--rules PACKS`: rule packs that override the ones the files name."""
    return click.option(
        "--rules",
        "rules",
        default=default,
        metavar="PACKS",
        help=(
            "Rule packs, comma-separated: bundled names (co, dps; ma, ma-ez) or pack files "
            "(district.yaml). Default: the packs each file names in `rules:`, else its "
            "state's (co; ma; ma, ma-ez for a Massachusetts empowerment zone)."
        ),
    )


def templates_option(note: str = "") -> Callable[[F], F]:
    """`--templates DIR`: a district's restyled copies of planforge's templates."""
    return click.option(
        "--templates",
        "templates",
        type=click.Path(file_okay=False),
        help=f"Folder of restyled templates{note}.",
    )


def templates_folder(templates: str | None) -> Path:
    """The `--templates` folder, or planforge's bundled templates."""
    if templates is None:
        from planforge.resources import templates_dir

        return templates_dir()
    folder = Path(templates)
    if not folder.is_dir():
        raise InputFileError(f"--templates {templates}: no such folder.")
    return folder


def write_pdfs(paths: list[Path]) -> None:
    """Convert written documents to PDF in one LibreOffice session, reporting each as it is
    done; exit 1 if any failed (3, said once, if LibreOffice is missing or did not start)."""
    from planforge.documents.pdf.convert import PdfResult, convert_to_pdf

    failed = False

    def report(res: PdfResult) -> None:
        nonlocal failed
        if res.ok and res.pdf is not None:
            click.echo(f"wrote {display_path(res.pdf)} ({res.pages} pages)")
        finding = res.as_finding()
        if finding is not None:
            click.echo(format_line(finding), err=True)
            failed = failed or not res.ok

    convert_to_pdf(paths, on_result=report)
    if failed:
        sys.exit(1)
