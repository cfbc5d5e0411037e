"""Broken, hostile and restyled copies of planforge's Word templates, built in the tests."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from planforge.resources import templates_dir

NAMES = (
    "innovation-plan.docx",
    "waiver-request.docx",
    "budget-section.docx",
    "review-memo.docx",
    "zone-agreement.docx",
    "operational-plan.docx",  # Massachusetts empowerment zones
    "empowerment-zone-agreement.docx",
)
BOMB_MB = 300


def copy_all(folder: Path) -> Path:
    """A folder holding copies of every bundled template."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        shutil.copy(templates_dir() / name, folder / name)
    return folder


def rebuild(
    src: Path,
    dst: Path,
    *,
    replace: dict[str, bytes | None] | None = None,
    edit: Callable[[str, bytes], bytes] | None = None,
) -> Path:
    """A copy of the package `src` with parts replaced (None drops a part) or edited."""
    replace = replace or {}
    with zipfile.ZipFile(src) as z:
        items = [(info.filename, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(dst.with_suffix(".tmp"), "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name in replace:
                new = replace[name]
                if new is None:
                    continue
                data = new
            z.writestr(name, edit(name, data) if edit else data)
    dst.with_suffix(".tmp").replace(dst)
    return dst


def with_paragraph(src: Path, dst: Path, text: str) -> Path:
    """A copy whose body starts with a paragraph holding `text` (a tag, typed in one run)."""
    paragraph = f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'

    def edit(name: str, data: bytes) -> bytes:
        if name != "word/document.xml":
            return data
        return data.replace(b"<w:body>", b"<w:body>" + paragraph.encode(), 1)

    return rebuild(src, dst, edit=edit)


def replace_text(src: Path, dst: Path, part: str, old: str, new: str) -> Path:
    """A copy with `old` replaced by `new` once in one part (e.g. a misspelt tag)."""

    def edit(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        assert old.encode() in data, f"{old!r} not in {part}"
        return data.replace(old.encode(), new.encode(), 1)

    return rebuild(src, dst, edit=edit)


def zip_bomb(src: Path, dst: Path, megabytes: int = BOMB_MB) -> Path:
    """A template whose word/document.xml unpacks to `megabytes` MB (about 1 MB on disk)."""
    with zipfile.ZipFile(src) as z:
        items = [(info.filename, z.read(info)) for info in z.infolist()]
    chunk = b"<w:p/>" * (2**20 // 6)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in items:
            if name != "word/document.xml":
                z.writestr(name, data)
                continue
            head, tail = data.split(b"<w:body>", 1)
            with z.open(name, "w", force_zip64=True) as out:
                out.write(head + b"<w:body>")
                for _ in range(megabytes):
                    out.write(chunk)
                out.write(tail)
    return dst


def _write(data: bytes) -> Callable[[Path, Path], Path]:
    def make(src: Path, dst: Path) -> Path:
        dst.write_bytes(data)
        return dst

    return make


DOCTYPE = (
    b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
)

# kind -> (how to break a template, what the one message must say)
BROKEN: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "text-file-renamed": (_write(b"Dear board,\nthis is not a Word document.\n"), "text file"),
    "empty-file": (_write(b""), "empty"),
    "pdf": (_write(b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n%%EOF\n"), "PDF"),
    "no-document-xml": (
        lambda s, d: rebuild(s, d, replace={"word/document.xml": None}),
        "word/document.xml",
    ),
    "no-document-rels": (
        lambda s, d: rebuild(s, d, replace={"word/_rels/document.xml.rels": None}),
        "word/_rels/document.xml.rels",
    ),
    "no-content-types": (
        lambda s, d: rebuild(s, d, replace={"[Content_Types].xml": None}),
        "[Content_Types].xml",
    ),
    "bad-xml": (
        lambda s, d: rebuild(s, d, replace={"word/document.xml": b"<w:document><w:body><w:p>"}),
        "not well-formed XML",
    ),
    "doctype-entities": (
        lambda s, d: rebuild(s, d, replace={"word/document.xml": DOCTYPE}),
        "DOCTYPE",
    ),
    "style-part-missing": (
        lambda s, d: rebuild(s, d, replace={"word/styles.xml": None}),
        "word/styles.xml",
    ),
    "dotx": (
        lambda s, d: rebuild(
            s,
            d,
            edit=lambda n, b: (
                b.replace(b"document.main+xml", b"template.main+xml")
                if n == "[Content_Types].xml"
                else b
            ),
        ),
        ".dotx",
    ),
    "unknown-tag": (lambda s, d: with_paragraph(s, d, "{% frobnicate school %}"), "frobnicate"),
    "unclosed-tag": (
        lambda s, d: with_paragraph(s, d, "Name: {{ school.name and more"),
        "template tag error",
    ),
    "unknown-filter": (
        lambda s, d: with_paragraph(s, d, "{{ school.name | shout }}"),
        "No filter named 'shout'",
    ),
}


def restyle(src: Path, dst: Path) -> Path:
    """What a district does in Word: other fonts and colours in the styles."""

    def edit(name: str, data: bytes) -> bytes:
        if name != "word/styles.xml":
            return data
        text = data.decode("utf-8")
        text = text.replace("Liberation Sans", "DejaVu Sans").replace(
            "Liberation Serif", "DejaVu Serif"
        )
        text = re.sub(r'w:color w:val="[0-9A-F]{6}"', 'w:color w:val="7030A0"', text)
        text = re.sub(r'w:fill="[0-9A-F]{6}"', 'w:fill="E4D7F0"', text)
        return text.encode("utf-8")

    return rebuild(src, dst, edit=edit)
