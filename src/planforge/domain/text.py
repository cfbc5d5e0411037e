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


# A byte of a file or folder name that is not UTF-8 reaches Python as a lone surrogate
# (U+DC80..U+DCFF, "surrogateescape"); such a string cannot be written as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` safe to print or write as UTF-8: a name byte that is not UTF-8 is shown as
    ``\\xff`` (as Python and most tools show it), any other lone surrogate as ``\\udXXX``."""
    return _SURROGATE.sub(_shown, text) if _SURROGATE.search(text) else text


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def json_safe(text: str) -> str:
    """JSON text (written with ``ensure_ascii=False``) safe to write as UTF-8: each lone
    surrogate becomes its ``\\udcff`` escape, which a JSON reader turns back into the same
    string (so a path read back from JSON opens the same file)."""
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def and_list(names: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
