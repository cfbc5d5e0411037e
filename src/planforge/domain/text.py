"""Characters that cannot appear in a Word document: one definition for loader and renderer."""

from __future__ import annotations

import re

# Characters XML 1.0 forbids, C1 controls and non-characters YAML refuses to read, and the
# Unicode line separators (NEL, LS, PS) that YAML would silently turn into spaces or new lines.
XML_ILLEGAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)


def strip_illegal(text: str) -> tuple[str, int]:
    """`text` without the characters of :data:`XML_ILLEGAL`, and how many were removed."""
    return XML_ILLEGAL.subn("", text)
