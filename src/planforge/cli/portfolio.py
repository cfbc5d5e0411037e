"""`planforge portfolio PATH...`: every plan at a glance, for the authorizer's portfolio team."""

from __future__ import annotations

from datetime import date

import click

from planforge.cli._common import fails_cleanly, rules_option


def _parse_today(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD.") from None


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "-o",
    "--output",
    "out",
    default="portfolio",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for portfolio.xlsx, portfolio.html and (with Colorado plans) waivers-posting.csv.",
)
@rules_option()
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    callback=_parse_today,
    help="Date the portfolio is as of (next reviews, the 18-month renewal window). Default: today.",
)
@fails_cleanly
def portfolio(paths: tuple[str, ...], out: str, rules: str | None, today: date | None) -> None:
    """Review every plan (files or folders; a zone brings its members) and write the
    portfolio: a workbook (Schools, Renewals, Waiver matrix, Posting, Findings, charts), a
    printable page with the same tables, and (when there are Colorado plans) the
    C.R.S. 22-44-305 waiver list as CSV: a portfolio of Massachusetts files only has none.

    Each file is reviewed with the packs it names (`rules: [co, dps]`), or its state's
    default (co; ma, or ma and ma-ez for a Massachusetts empowerment zone); --rules
    overrides them. The portfolio is a report: it is written even when plans have errors
    (they show as NOT READY or NOT REVIEWED). Exit 0 when written; 2 when an input cannot
    be read, 3 for a broken or unknown rule pack, 4 when the output cannot be written.
    """
    from planforge.api import portfolio as build
    from planforge.authorizer import write_portfolio
    from planforge.inputs.pipeline import display_path

    result = build(list(paths), rules=rules, today=today)
    for path in write_portfolio(result, out):
        click.echo(f"wrote {display_path(path.resolve())}")
    verdicts = ", ".join(f"{n} {v}" for v, n in result.verdicts().items() if n)
    due = len(result.renewals)
    waivers = (  # Colorado's waivers; a Massachusetts plan has none
        f"{len(result.posting)} waivers in {len(result.matrix)} provisions, "
        if result.colorado
        else ""
    )
    click.echo(
        f"{len(result.current)} schools ({verdicts or 'none'}), {waivers}{due} "
        f"review{'s' if due != 1 else ''} due or overdue by {result.window_end.isoformat()}."
    )
