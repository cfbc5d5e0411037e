"""Command-line interface: a thin click layer over the library.

Subcommands live in ``planforge.commands.<name>`` and are imported only when run, so
`planforge validate` never pays for docx or jinja imports.

Exit codes: 0 success; 1 the input has errors (warnings too with --strict) or an output
failed its checks; 2 usage error or an input file that cannot be read; 3 a problem with
planforge's own resources (schema, template, rule pack) or a missing optional tool;
4 an output that cannot be written.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from planforge import __version__
from planforge.errors import PlanforgeError

# name -> (module, attribute, one-line help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": (
        "planforge.cli.validate",
        "validate",
        "Check plan and zone files against the schemas.",
    ),
    "init": ("planforge.cli.init", "init", "Write a commented starter plan or zone file."),
    "schema": ("planforge.cli.schema", "schema", "Print the plan or zone JSON Schema."),
    "diff": ("planforge.cli.diff", "diff", "Show what changed between two plan versions."),
    "review": (
        "planforge.cli.review",
        "review",
        "Review plans and zones against their state's rule packs.",
    ),
    "render": (
        "planforge.cli.render",
        "render",
        "Render a plan as board-ready Word documents.",
    ),
    "waivers": (
        "planforge.cli.waivers",
        "waivers",
        "Search the waiver catalog by citation, title or list.",
    ),
    "mou": (
        "planforge.cli.mou",
        "mou",
        "Render a zone's agreement (operating agreement or MOU) with exhibits.",
    ),
    "build": (
        "planforge.cli.build",
        "build",
        "Validate, review and render a zone's whole board packet.",
    ),
    "portfolio": (
        "planforge.cli.portfolio",
        "portfolio",
        "Every plan at a glance: workbook, page and waiver posting list.",
    ),
    "serve": (
        "planforge.cli.serve",
        "serve",
        "Open a folder of plans as a web workspace in your browser.",
    ),
    "templates": (
        "planforge.cli.templates",
        "templates",
        "Check Word templates: templates check [DIR].",
    ),
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when it is invoked."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module = importlib.import_module(spec[0])
        command: click.Command = getattr(module, spec[1])
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planforge")
def cli() -> None:
    """planforge: write, check and render innovation plans and zone agreements.

    \b
    Start with:  planforge validate examples/
    Exit codes:  0 ok, 1 problems in the input, 2 usage or unreadable file,
                 3 planforge resource or missing tool, 4 output not writable.
    """


def main(argv: list[str] | None = None) -> Any:
    """Entry point for the `planforge` console script."""
    _printable_streams()
    try:
        return cli.main(args=argv, prog_name="planforge", standalone_mode=True)
    except PlanforgeError as e:  # pragma: no cover - commands catch their own
        click.echo(f"planforge: {e}", err=True)
        sys.exit(e.exit_code)


def _printable_streams() -> None:
    """Never fail to print: a file or folder name that is not UTF-8 reaches Python as lone
    surrogates, which stdout refuses; print such bytes as ``\\xff`` instead (the commands
    already do so; this is the net under anything they print)."""
    import codecs
    import contextlib

    from planforge.domain.text import printable

    def handler(err: UnicodeError) -> tuple[str, int]:
        if not isinstance(err, UnicodeEncodeError):
            raise err
        bad = err.object[err.start : err.end]
        shown = "".join(
            printable(c)
            if 0xD800 <= ord(c) <= 0xDFFF
            else c.encode("ascii", "backslashreplace").decode()
            for c in bad
        )
        return shown, err.end

    codecs.register_error("planforge-printable", handler)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):  # a replaced or closed stream
                reconfigure(errors="planforge-printable")
