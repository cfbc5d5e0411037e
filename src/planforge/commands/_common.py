"""Options and helpers shared by several commands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from planforge.errors import PlanforgeError

F = TypeVar("F", bound=Callable[..., Any])


def fails_cleanly(func: F) -> F:
    """Turn a PlanforgeError into a one-line message and its exit code (never a traceback)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PlanforgeError as e:
            click.echo(f"planforge: {e}", err=True)
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
