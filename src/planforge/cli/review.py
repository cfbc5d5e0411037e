"""`planforge review PATH...`: the authorizer's review against each file's rule packs."""

from __future__ import annotations

import sys

import click

from planforge.cli._common import allow_outside_option, fails_cleanly, format_option, rules_option
from planforge.inputs.pipeline import check_paths
from planforge.rules.engine import review_results
from planforge.rules.report import REVIEW_REPORTERS


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@rules_option()
@format_option(sorted(REVIEW_REPORTERS))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1 on warnings).")
@allow_outside_option()
@fails_cleanly
def review(
    paths: tuple[str, ...], rules: str | None, output_format: str, strict: bool, allow_outside: bool
) -> None:
    """Review plans and zone agreements as an authorizer would, before a board recommendation.

    For each file: a checklist of the plan's required elements (Meets / Partially meets /
    Missing, with comments), key figures, every finding as `file:line:col: severity [code]
    message`, and a verdict. A zone is reviewed with every member plan. Files with
    validation errors are listed but not reviewed. Exit 0 when there are no errors, 1 when
    there are (or warnings with --strict), 2 when a file cannot be read, 3 for a broken pack.
    Each file is reviewed with the packs it names (`rules: [co, dps]`), or its state's
    default (co; ma for Massachusetts; ma, ma-ez for a Massachusetts empowerment zone and
    its operational plans); --rules overrides them.
    """
    entries = review_results(check_paths(paths, allow_outside=allow_outside), rules)
    REVIEW_REPORTERS[output_format](entries, sys.stdout)
    sys.exit(1 if any(e.failed(strict=strict) for e in entries) else 0)
