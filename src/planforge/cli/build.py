"""`planforge build ZONE`: validate, review and render a zone's whole board packet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from planforge.cli._common import (
    allow_outside_option,
    fails_cleanly,
    output_option,
    rules_option,
    templates_folder,
    templates_option,
)
from planforge.inputs.pipeline import check_paths, display_path, member_problems
from planforge.reporters import format_line


@click.command()
@click.argument("zone", type=click.Path())
@output_option("the packet")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel workers (default: the number of CPU cores).",
)
@click.option(
    "--pdf", is_flag=True, help="Also convert every document to PDF (one LibreOffice session)."
)
@templates_option()
@click.option("--draft", is_flag=True, help="Render files that still have errors, marking gaps.")
@click.option(
    "--force", is_flag=True, help="Rebuild every document even if its inputs are unchanged."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary; errors only.")
@rules_option()
@allow_outside_option()
@fails_cleanly
def build(
    zone: str,
    out: str,
    jobs: int | None,
    pdf: bool,
    templates: str | None,
    draft: bool,
    force: bool,
    quiet: bool,
    rules: str | None,
    allow_outside: bool,
) -> None:
    """Build ZONE's board packet into OUT: each member school's documents (a Colorado
    plan's innovation plan, state waiver request, budget section (.docx and .xlsx) and review
    memo; a Massachusetts school operational plan and its review memo), the zone's agreement
    (operating agreement, or a Massachusetts empowerment zone's memorandum of
    understanding), manifest.json and SUMMARY.md.

    \b
    Documents whose inputs and template are unchanged since the last build, and whose
    files are still the ones written then, are not rebuilt (--force rebuilds all). A school
    that fails is reported and the others still build; the exit code is 1 if anything
    failed (3 if a template is broken or LibreOffice could not make the PDFs, 4 if another
    build is writing to OUT).
    """
    from planforge.documents.manifest import MANIFEST
    from planforge.documents.packet import SUMMARY, Settings, build_packet
    from planforge.documents.zone import bundle

    zb = bundle(check_paths([zone], allow_outside=allow_outside))
    for problem in member_problems(zb.zone):  # a member left out: say which, and why
        click.echo(format_line(problem), err=True)
    outdir = Path(out)
    settings = Settings(outdir, templates_folder(templates), jobs or 0, draft, pdf, force, rules)
    with _Bars(not quiet and sys.stderr.isatty()) as bars:
        result = build_packet(zb.zone, zb.members, settings, progress=bars.update)
    if not quiet:
        for warning in result.warnings:
            click.echo(f"planforge: warning: {warning}", err=True)
    if result.pdf_problem:  # once, not once per document
        click.echo(f"planforge: {result.pdf_problem}", err=True)
    for doc in result.failed:
        click.echo(f"planforge: failed: {doc.path}: {doc.error}", err=True)
    if not quiet:
        click.echo(
            f"{len(result.docs)} documents: {result.count('built')} built, "
            f"{result.count('unchanged')} unchanged, {len(result.failed)} failed. "
            f"See {display_path(outdir / SUMMARY)} and {display_path(outdir / MANIFEST)}."
        )
    sys.exit(result.exit_code)


_LABELS = {"render": "Rendering", "pdf": "Converting to PDF"}


class _Bars:
    """A progress bar per phase of the build, on a terminal only."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.phase = ""
        self.bar: Any = None

    def __enter__(self) -> _Bars:
        return self

    def update(self, phase: str, done: int, total: int) -> None:
        if not self.show:
            return
        if phase != self.phase:
            self._close()
            self.phase = phase
            label = _LABELS.get(phase, phase)
            self.bar = click.progressbar(length=total, label=label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done)

    def _close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __exit__(self, *exc: object) -> None:
        self._close()
