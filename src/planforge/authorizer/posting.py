"""waivers-posting.csv: the C.R.S. 22-44-305 waiver list, ready for a district web page.

UTF-8 with a byte-order mark, so that Excel (which otherwise assumes the local code page)
shows accented names and curly quotes correctly; every field quoted and rows ended with
CRLF (RFC 4180). Text a spreadsheet would evaluate gets OWASP's leading apostrophe
(:func:`planforge.authorizer.cells.neutralise`).
"""

from __future__ import annotations

import csv
import io

from planforge.authorizer.cells import neutralise
from planforge.authorizer.model import Portfolio, kind_label

COLUMNS = (
    "List",
    "School",
    "Zone",
    "District",
    "Type",
    "Citation",
    "Title",
    "Replacement policy",
    "Plan term start",
    "Plan term end",
)
BOM = "\ufeff"


def posting_rows(p: Portfolio) -> list[list[str]]:
    """The posting list as text rows (header first), before neutralisation."""
    districts = {s.path: s.district for s in p.schools}
    rows = [list(COLUMNS)]
    for w in p.posting:
        rows.append(
            [
                w.posting_list,
                w.school,
                w.zone,
                districts.get(w.plan, ""),
                kind_label(w.kind),
                w.display,
                w.title,
                w.policy_text,
                w.term_start.isoformat() if w.term_start else "",
                w.term_end.isoformat() if w.term_end else "",
            ]
        )
    return rows


def to_csv(p: Portfolio) -> bytes:
    """The CSV file's bytes (UTF-8 with BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in posting_rows(p):
        writer.writerow([neutralise(cell) for cell in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
