"""`planforge waivers [QUERY]`: search the waiver catalog."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from planforge.cli._common import fails_cleanly, format_option
from planforge.domain.catalog import Catalog, Entry, display, load_catalog, normalize_statute


def _lookup_lines(catalog: Catalog, query: str) -> list[str]:
    """For a citation query: the match, whether it can be waived, or a did-you-mean."""
    key = normalize_statute(query)
    if key is None:
        return []
    lines = [f"{display(key)}"]
    why = catalog.non_waivable(key, "state_statute")
    if why:
        lines.append(f"  NOT WAIVABLE: {why}.")
    match = catalog.lookup(key)
    if match and not match.exact:
        lines.append(f"  Part of {display(match.entry.citation)}: {match.entry.title}")
    if match is None and not why:
        guesses = catalog.suggest(key, "state_statute")
        tail = f" Did you mean {' or '.join(display(g) for g in guesses)}?" if guesses else ""
        lines.append(f"  Not in the catalog.{tail}")
    return lines


def _row(e: Entry) -> str:
    lists = ", ".join(e.lists) or "-"
    return f"{display(e.citation):<28} {e.title}\n{'':<28} [{e.kind}; {lists}; confidence {e.confidence}]"


@click.command()
@click.argument("query", required=False)
@click.option(
    "--list",
    "list_name",
    metavar="NAME",
    help="Show one list: charter_automatic, non_waivable, common_innovation, dps_policy, dcta_article, ...",
)
@format_option(["json", "text"])
@fails_cleanly
def waivers(query: str | None, list_name: str | None, output_format: str) -> None:
    """Search the waiver catalog by citation or words in the title.

    \b
    planforge waivers "CRS 22-32-109 (1)(f)"    look up a citation (any spelling)
    planforge waivers calendar                   search titles
    planforge waivers --list non_waivable        statutes that can never be waived
    """
    catalog = load_catalog()
    if list_name and list_name not in catalog.lists:
        click.echo(
            f"planforge: unknown list `{list_name}`; lists: {', '.join(catalog.lists)}.", err=True
        )
        sys.exit(2)
    entries = catalog.in_list(list_name) if list_name else list(catalog.entries)
    if query:
        found = catalog.search(query)
        entries = [e for e in entries if e in found]
    if output_format == "json":
        payload: dict[str, Any] = {
            "catalog_version": catalog.version,
            "entries": [e.as_dict() for e in entries],
        }
        if query and normalize_statute(query):
            payload["non_waivable"] = catalog.non_waivable(query, "state_statute")
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    _text(catalog, query, list_name, entries)


def _text(catalog: Catalog, query: str | None, list_name: str | None, entries: list[Entry]) -> None:
    click.echo(f"Waiver catalog {catalog.version}")
    if list_name:
        info = catalog.lists[list_name]
        click.echo(f"{info.get('title', list_name)}")
        if info.get("note"):
            click.echo(f"Note: {info['note']}")
    lookup = _lookup_lines(catalog, query) if query else []
    if lookup:
        click.echo("\n".join(lookup))
    click.echo("")
    for e in entries:
        click.echo(_row(e))
    click.echo(f"\n{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}.")
