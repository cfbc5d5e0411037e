"""`planforge build ZONE`: validate, review and render a zone's whole board packet."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from planforge.cli._common import (
    fails_cleanly,
    output_option,
    templates_folder,
    templates_option,
)
from planforge.inputs.pipeline import check_paths, display_path


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
) -> None:
    """Build ZONE's board packet into OUT: each member school's innovation plan, state
    waiver request and review memo, the zone operating agreement, manifest.json and
    SUMMARY.md.

    \b
    Documents whose inputs and template are unchanged since the last build are not
    rebuilt (--force rebuilds all). A school that fails is reported and the others still
    build; the exit code is 1 if anything failed.
    """
    from planforge.documents.packet import (
        Settings,
        build_zone,
        convert_pdfs,
        write_manifest,
        write_summary,
    )
    from planforge.documents.zone import bundle

    results = check_paths([zone])
    zb = bundle(results)
    outdir = Path(out)
    settings = Settings(
        outdir, templates_folder(templates), jobs or os.cpu_count() or 1, draft, pdf, force
    )
    total = 3 * len(zb.members) + 1
    show = not quiet and sys.stderr.isatty()
    with _progress(show, total, "Rendering") as tick:
        result = build_zone(zb.zone, zb.members, settings, progress=tick)
    if pdf:
        with _progress(show, len(result.docs), "Converting to PDF") as tick:
            convert_pdfs(result, on_done=tick)
    manifest = write_manifest(result, outdir)
    summary = write_summary(result, outdir)
    for doc in result.failed:
        click.echo(f"planforge: failed: {doc.path}: {doc.error}", err=True)
    if not quiet:
        click.echo(
            f"{len(result.docs)} documents: {result.count('built')} built, "
            f"{result.count('unchanged')} unchanged, {len(result.failed)} failed. "
            f"See {display_path(summary)} and {display_path(manifest)}."
        )
    sys.exit(1 if result.failed else 0)


@contextmanager
def _progress(show: bool, total: int, label: str) -> Iterator[Callable[[int], None]]:
    if not show:
        yield lambda n: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update
