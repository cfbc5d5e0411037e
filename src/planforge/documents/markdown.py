"""The small markdown subset that long plan fields ("prose") may use, as WordprocessingML.

Supported, and nothing else:

* paragraphs separated by one or more blank lines;
* a single line break inside a paragraph is a *soft wrap*: it becomes a space, as in
  markdown, so text wrapped by hand in a YAML ``|`` block reads as one paragraph;
* bullet items: a line starting with ``- `` or ``* ``;
* numbered items: a line starting with ``1. `` (any number followed by ``.`` and a space);
  a list starts at the number typed first and counts up from there;
* but a line wrapped by hand that happens to begin with ``2029. `` or ``- `` right after a
  line of text is text, not a list item, unless the line before ends with a colon (the
  rule is :mod:`planforge.domain.prose`; validation warns about such lines);
* ``**bold**``, ``*italic*`` and ``***both***`` inside a line; ``\\*`` is a literal asterisk;
  a marker without its partner is printed as typed.

A line that continues a list item (indented or not) is part of that item. Nested lists,
headings, links and code are not part of the subset and print as typed.

:func:`parse` turns text into :class:`Block` values; :func:`plain_text` gives the words a
reader sees (used to check the rendered document); :func:`wordml` writes real Word paragraphs
with the template's "List Bullet" / "List Number" styles and bold/italic runs, escaping text
exactly once. This module imports no docx library.

Numbered lists restart at their first number: while a document renders, the renderer installs
a :class:`NumberingAllocator` and adds one ``w:num`` per list to numbering.xml.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field

from planforge.domain.prose import lines as prose_lines

BULLET_STYLE = "ListBullet"
NUMBER_STYLE = "ListNumber"

_ESCAPED_STAR = "\ue000"  # private-use stand-in for `\*` while parsing inline markers
_INLINE = re.compile(
    r"\*\*\*(?=\S)(?P<both>.+?)(?<=\S)\*\*\*"
    r"|\*\*(?=\S)(?P<bold>.+?)(?<=\S)\*\*"
    r"|\*(?=[^\s*])(?P<italic>.+?)(?<=[^\s*])\*",
    re.DOTALL,
)


@dataclass(frozen=True)
class Span:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Block:
    """A paragraph or one list item. `start` is the typed number of a numbered item."""

    kind: str  # "para" | "bullet" | "number"
    lines: list[str] = field(default_factory=list)
    start: int = 1
    first_in_list: bool = False

    @property
    def spans(self) -> list[Span]:
        """The inline content, soft wraps joined with spaces."""
        return parse_inline(" ".join(line.strip() for line in self.lines))


def parse(text: str) -> list[Block]:
    """Split prose into paragraphs and list items (where a list starts:
    :mod:`planforge.domain.prose`)."""
    blocks: list[Block] = []
    current: Block | None = None
    for line in prose_lines(text):
        if line.kind == "blank":
            current = None
            continue
        if line.kind == "text":
            if current is None:
                current = Block("para", [line.text])
                blocks.append(current)
            else:
                current.lines.append(line.text)
            continue
        body = line.text[len(line.marker) :]
        if line.kind == "bullet":
            current = Block("bullet", [body])
        else:
            previous = blocks[-1] if blocks else None
            continues = current is not None and previous is current and previous.kind == "number"
            start = int(line.marker.strip().rstrip("."))
            current = Block("number", [body], start, first_in_list=not continues)
        blocks.append(current)
    return blocks


def parse_inline(text: str) -> list[Span]:
    """Bold and italic spans; unmatched markers stay as typed."""
    text = text.replace("\\*", _ESCAPED_STAR)
    spans = _inline(text, bold=False, italic=False)
    return [Span(s.text.replace(_ESCAPED_STAR, "*"), s.bold, s.italic) for s in spans if s.text]


def _inline(text: str, *, bold: bool, italic: bool) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    for m in _INLINE.finditer(text):
        spans.append(Span(text[pos : m.start()], bold, italic))
        if m.group("both") is not None:
            spans.extend(_inline(m.group("both"), bold=True, italic=True))
        elif m.group("bold") is not None:
            spans.extend(_inline(m.group("bold"), bold=True, italic=italic))
        else:
            spans.extend(_inline(m.group("italic"), bold=bold, italic=True))
        pos = m.end()
    spans.append(Span(text[pos:], bold, italic))
    return spans


def plain_text(text: str) -> str:
    """What a reader sees: the words of every block, joined by spaces."""
    return " ".join("".join(s.text for s in block.spans) for block in parse(text))


# --------------------------------------------------------------------------- WordprocessingML


_DOCXTPL_MARK = re.compile(r"(?<=[{}%])_|_(?=[{}%])")


def escape(text: str) -> str:
    """Escape text for a w:t element (once).

    An underscore next to a brace or percent sign is written as a character reference, because
    docxtpl turns the literal sequences ``{_{``, ``}_}``, ``{_%`` and ``%_}`` into tags after
    rendering; the reference reads back as ``_``.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _DOCXTPL_MARK.sub("&#95;", text)


def run_xml(text: str, *, bold: bool = False, italic: bool = False, highlight: str = "") -> str:
    """One w:r with optional bold, italic and highlight."""
    props = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    if highlight:
        props += f'<w:highlight w:val="{highlight}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def paragraph_xml(runs: str, *, style: str = "", num_id: int | None = None) -> str:
    """One w:p with an optional paragraph style and numbering instance."""
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num_id is not None:
        ppr += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{runs}</w:p>"


@dataclass
class NumberingAllocator:
    """Hands out w:numId values for numbered lists while one document renders."""

    next_id: int = 1000
    lists: list[tuple[int, int]] = field(default_factory=list)
    """(numId, start number) for every list handed out."""

    def new_list(self, start: int) -> int:
        """A fresh numbering instance restarting at `start`."""
        num_id = self.next_id
        self.next_id += 1
        self.lists.append((num_id, start))
        return num_id


NUMBERING: ContextVar[NumberingAllocator | None] = ContextVar("planforge_numbering", default=None)


def wordml(text: str) -> str:
    """Word paragraphs for prose: styles for list items, runs for emphasis."""
    allocator = NUMBERING.get()
    out: list[str] = []
    num_id: int | None = None
    for block in parse(text):
        runs = "".join(run_xml(s.text, bold=s.bold, italic=s.italic) for s in block.spans)
        if block.kind == "bullet":
            out.append(paragraph_xml(runs, style=BULLET_STYLE))
        elif block.kind == "number":
            if block.first_in_list or num_id is None:
                num_id = allocator.new_list(block.start) if allocator else None
            out.append(paragraph_xml(runs, style=NUMBER_STYLE, num_id=num_id))
        else:
            out.append(paragraph_xml(runs))
    return "".join(out) or "<w:p/>"
