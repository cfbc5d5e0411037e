"""`planforge serve [FOLDER]`: the web workspace for school teams and authorizers."""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
from pathlib import Path

import click

from planforge.cli._common import fails_cleanly

DEFAULT_PORT = 8765
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int, *, fallback: bool) -> socket.socket:
    """A listening socket on host:port (any free port when `fallback` and port is taken)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError:
        if not fallback:
            sock.close()
            raise
        sock.bind((host.strip("[]"), 0))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def url_host(host: str) -> str:
    """The host as written in a URL."""
    if host in ("0.0.0.0", "::"):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


@click.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@click.option(
    "--port",
    type=int,
    default=None,
    help=f"Port to listen on (default {DEFAULT_PORT}, or a free one).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--no-browser", is_flag=True, help="Do not open a browser; just print the link.")
@click.option(
    "--unsafe-host",
    is_flag=True,
    help="Allow listening on an address other than this computer (there is no sign-in yet).",
)
@click.option(
    "--templates",
    "templates",
    type=click.Path(file_okay=False),
    help="Folder of restyled Word templates inside the workspace (default: planforge's own).",
)
@fails_cleanly
def serve(
    folder: str,
    port: int | None,
    host: str,
    no_browser: bool,
    unsafe_host: bool,
    templates: str | None,
) -> None:
    """Open FOLDER (default: the current folder) as a web workspace in your browser.

    School teams write their plan section by section, with problems shown beside each
    field as they type; authorizers see every plan's verdict, the review checklist and the
    documents. Every change is saved to the YAML file as you type, and every version is kept
    in FOLDER/.planforge/history.sqlite.

    The workspace listens on this computer only (127.0.0.1) and prints a link with a secret
    token; only someone with the link can open it. Press Ctrl+C to stop.
    """
    from planforge.web import WEB_EXTRA_HINT, missing_dependency

    missing = missing_dependency()
    if missing is not None:
        click.echo(f"planforge: {missing} is not installed. {WEB_EXTRA_HINT}", err=True)
        sys.exit(3)
    root = Path(folder)
    if not root.is_dir():
        raise click.BadParameter(f"{folder}: no such folder.", param_hint="FOLDER")
    if not is_loopback(host):
        if not unsafe_host:
            raise click.UsageError(
                f"--host {host} would let other computers reach the workspace, which has no "
                "sign-in yet. Use the default (127.0.0.1), or add --unsafe-host if you "
                "understand the risk (anyone with the link could read and change the plans)."
            )
        click.echo(
            f"WARNING: listening on {host}: anyone on the network who has the link can read "
            "and change every plan in this folder. Put it behind a proxy with sign-in and "
            "TLS before using it this way.",
            err=True,
        )
    template_folder = _templates(root, templates)
    _run(root, host, port, no_browser=no_browser, templates=template_folder)


def _templates(root: Path, templates: str | None) -> Path | None:
    if templates is None:
        return None
    folder = (root / templates).resolve() if not Path(templates).is_absolute() else Path(templates)
    folder = folder.resolve()
    if not folder.is_relative_to(root.resolve()) or not folder.is_dir():
        raise click.BadParameter(
            f"{templates}: give a folder inside the workspace ({root}).", param_hint="--templates"
        )
    return folder


def _run(
    root: Path, host: str, port: int | None, *, no_browser: bool, templates: Path | None
) -> None:
    import uvicorn

    from planforge.web.app import create_app
    from planforge.web.security import LOOPBACK_NAMES as ALLOWED
    from planforge.web.security import Guard, new_token

    try:
        sock = bind(host, DEFAULT_PORT if port is None else port, fallback=port is None)
    except OSError as e:
        click.echo(f"planforge: cannot listen on {host}:{port}: {e.strerror or e}", err=True)
        sys.exit(2)
    actual = int(sock.getsockname()[1])
    extra: tuple[str, ...] = ()
    if not is_loopback(host):
        names = {url_host(host), host, socket.getfqdn()}
        extra = tuple(sorted(n for n in names if n and n not in ("0.0.0.0", "::")))
    guard = Guard(new_token(), actual, hosts=ALLOWED, extra_hosts=extra)
    app = create_app(root, guard, templates=templates)
    url = f"http://{url_host(host)}:{actual}/?token={guard.token}"
    click.echo(f"planforge workspace: {root.resolve()}")
    click.echo(f"Open this link in your browser (it is your key; do not share it):\n  {url}")
    click.echo("Press Ctrl+C to stop.")
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, server_header=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    if not no_browser:
        threading.Timer(0.6, _open, args=(url,)).start()
    server.run(sockets=[sock])


def _open(url: str) -> None:
    import contextlib
    import webbrowser

    with contextlib.suppress(webbrowser.Error):  # no browser: the link is printed
        webbrowser.open(url)
