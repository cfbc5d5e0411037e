"""The portfolio's three files, as bytes or written into a folder."""

from __future__ import annotations

from pathlib import Path

from planforge.authorizer.model import Portfolio
from planforge.outputs import write_atomic

XLSX, HTML, CSV = "portfolio.xlsx", "portfolio.html", "waivers-posting.csv"


def documents(p: Portfolio) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the workbook, the page and the posting CSV."""
    from planforge.authorizer.html import to_html
    from planforge.authorizer.posting import to_csv
    from planforge.authorizer.xlsx import to_xlsx

    return [(XLSX, to_xlsx(p)), (HTML, to_html(p).encode("utf-8")), (CSV, to_csv(p))]


def write_portfolio(p: Portfolio, outdir: str | Path) -> list[Path]:
    """Write the three files into `outdir` (created if needed); return their paths.

    Raises :class:`~planforge.errors.OutputError` when the folder cannot be written.
    """
    folder = Path(outdir)
    written = []
    for name, data in documents(p):
        target = folder / name
        write_atomic(target, data)
        written.append(target)
    return written
