"""`planforge review PATH...`: the authorizer's review against the Colorado rule packs."""

from __future__ import annotations

import sys

import click

from planforge.cli._common import fails_cleanly, format_option
from planforge.inputs.pipeline import check_paths
from planforge.review.core import review_results
from planforge.review.report import REVIEW_REPORTERS
from planforge.review.rules import load_packs


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--rules",
    "rules",
    default="co",
    show_default=True,
    metavar="PACKS",
    help="Rule packs, comma-separated: bundled names (co, dps) or pack files (district.yaml).",
)
@format_option(sorted(REVIEW_REPORTERS))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1 on warnings).")
@fails_cleanly
def review(paths: tuple[str, ...], rules: str, output_format: str, strict: bool) -> None:
    """Review plans and zone agreements as an authorizer would, before a board recommendation.

    For each file: a checklist of the statutory plan elements (Meets / Partially meets /
    Missing, with comments), key figures, every finding as `file:line:col: severity [code]
    message`, and a verdict. A zone is reviewed with every member plan. Files with
    validation errors are listed but not reviewed. Exit 0 when there are no errors, 1 when
    there are (or warnings with --strict), 2 when a file cannot be read, 3 for a broken pack.
    """
    packs = load_packs(rules)
    entries = review_results(check_paths(paths), packs)
    REVIEW_REPORTERS[output_format](entries, sys.stdout)
    sys.exit(1 if any(e.failed(strict=strict) for e in entries) else 0)
