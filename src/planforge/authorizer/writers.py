"""The portfolio's files, as bytes or written into a folder: the workbook and the page, and
the C.R.S. 22-44-305 posting list only when the portfolio holds a Colorado file."""

from __future__ import annotations

from pathlib import Path

from planforge.authorizer.model import Portfolio
from planforge.outputs import write_atomic

XLSX, HTML, CSV = "portfolio.xlsx", "portfolio.html", "waivers-posting.csv"


def has_posting(p: Portfolio) -> bool:
    """True when the portfolio has a posting list to write: Colorado's waivers list
    (C.R.S. 22-44-305), for a portfolio with a Colorado file (or none at all). A portfolio of
    Massachusetts files only has no such list, so no `waivers-posting.csv`."""
    return p.colorado


def documents(p: Portfolio) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the workbook, the page and (see :func:`has_posting`) the posting
    CSV."""
    from planforge.authorizer.html import to_html
    from planforge.authorizer.posting import to_csv
    from planforge.authorizer.xlsx import to_xlsx

    out = [(XLSX, to_xlsx(p)), (HTML, to_html(p).encode("utf-8"))]
    if has_posting(p):
        out.append((CSV, to_csv(p)))
    return out


def write_portfolio(p: Portfolio, outdir: str | Path) -> list[Path]:
    """Write the portfolio's files (:func:`documents`) into `outdir` (created if needed);
    return their paths.

    Raises :class:`~planforge.errors.OutputError` when the folder cannot be written.
    """
    folder = Path(outdir)
    written = []
    for name, data in documents(p):
        target = folder / name
        write_atomic(target, data)
        written.append(target)
    return written
