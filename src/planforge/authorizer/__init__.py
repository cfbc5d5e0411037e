"""The authorizer's portfolio: every plan at a glance, the waiver matrix, the public waiver
list (C.R.S. 22-44-305) and the renewal calendar (22-32.5-110).

:func:`build_portfolio` turns checked files and their reviews into a :class:`Portfolio`
value (one review pass, reused); :func:`write_portfolio` writes ``portfolio.xlsx``,
``portfolio.html`` and, when the portfolio holds a Colorado file, ``waivers-posting.csv``
(:func:`has_posting`). ``planforge.portfolio(files)`` in the API does the checking and
reviewing first. Nothing here prints.
"""

from __future__ import annotations

from planforge.authorizer.build import build_portfolio
from planforge.authorizer.model import Portfolio
from planforge.authorizer.writers import CSV, HTML, XLSX, documents, has_posting, write_portfolio

__all__ = [
    "CSV",
    "HTML",
    "XLSX",
    "Portfolio",
    "build_portfolio",
    "documents",
    "has_posting",
    "write_portfolio",
]
