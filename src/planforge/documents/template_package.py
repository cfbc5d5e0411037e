"""A Word template is untrusted input: bounded, complete and well-formed before docxtpl opens it.

:func:`read_template` reads a template file and returns the package bytes to render, or raises
one :class:`TemplateError` naming the file and saying what to do. In order:

1. the file is a zip package: an empty file, a PDF, an old ``.doc``, an ``.odt``, an RTF or a
   renamed text file each get their own message;
2. the zip's table of contents is checked *before anything is unpacked*: at most
   :data:`MAX_PARTS` parts, each XML part at most :data:`MAX_XML_BYTES` and all parts together
   at most :data:`MAX_TOTAL_BYTES` once unpacked. Python's zipfile never inflates more than a
   part declares (a part that lies fails its CRC check), so a zip bomb is refused at once;
3. the parts Word and LibreOffice need (:data:`REQUIRED_PARTS`) are present, and
   ``[Content_Types].xml`` declares a Word document (not a .dotx / .docm);
4. every ``.xml`` / ``.rels`` part parses strictly (no DTD, no entities);
5. every internal relationship of the package and of the main document names a part that
   exists;
6. :func:`normalise` undoes what a LibreOffice round trip does to a template (see
   docs/templates.md): its misspelt core-properties relationship type (python-docx would add
   a second ``docProps/core.xml``) and the dropped ``w:updateFields`` setting (Word would no
   longer refresh the table of contents).

Pure standard library plus lxml; no docx imports.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from planforge.errors import TemplateError

MAX_FILE_BYTES = 50 * 1024 * 1024
"""A template file larger than this on disk is refused (logos included, 50 MiB is plenty)."""
MAX_PARTS = 1000
"""Parts (files) in the zip; Word writes 10-30."""
MAX_XML_BYTES = 20 * 1024 * 1024
"""One unpacked XML part; the largest bundled template's document.xml is about 55 KB."""
MAX_TOTAL_BYTES = 100 * 1024 * 1024
"""All parts together, unpacked."""

REQUIRED_PARTS = (
    "[Content_Types].xml",
    "_rels/.rels",
    "word/document.xml",
    "word/_rels/document.xml.rels",
)
"""Parts without which Word or LibreOffice cannot open the document."""

MAIN_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
CORE_PROPERTIES = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
)
LO_CORE_PROPERTIES = (
    "http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/core-properties"
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"

_SAVE_AS = 'Open it in Word or LibreOffice and save it as "Word Document (.docx)".'


def read_template(path: Path) -> bytes:
    """The checked, normalised package bytes of a template; TemplateError if unusable."""
    data = _read_file(path)
    return normalise(read_parts(data, str(path)), data)


def read_parts(data: bytes, name: str) -> dict[str, bytes]:
    """Every part of a template package, after the checks above (TemplateError naming `name`)."""
    _sniff(data, name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            _check_contents(infos, name)
            parts = {info.filename: z.read(info) for info in infos if not info.is_dir()}
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as e:
        raise TemplateError(f"{name}: the file is damaged ({e}). {_SAVE_AS}") from e
    _check_required(parts, name)
    trees = _parse_xml(parts, name)
    _check_content_types(trees, name)
    _check_relationships(trees, parts, name)
    return parts


def missing_parts(names: list[str]) -> list[str]:
    """The required parts absent from a package's part names (used to verify output too)."""
    present = set(names)
    return [part for part in REQUIRED_PARTS if part not in present]


# --------------------------------------------------------------------------- the file


def _read_file(path: Path) -> bytes:
    """The template's bytes: a regular file only (a pipe or `/dev/zero` is refused unread),
    never more than the limit."""
    from planforge.errors import InputFileError
    from planforge.inputs.loader import read_limited

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TemplateError(_too_big(path, size))
        data = read_limited(path, str(path), MAX_FILE_BYTES + 1)
    except OSError as e:
        raise TemplateError(f"{path}: the template cannot be read ({e.strerror or e}).") from e
    except InputFileError as e:
        raise TemplateError(f"{e} It cannot be used as a template.") from e
    if len(data) > MAX_FILE_BYTES:  # it grew after the size was checked
        raise TemplateError(_too_big(path, len(data)))
    return data


def _too_big(path: Path, size: int) -> str:
    return (
        f"{path}: the template is {size / 2**20:.0f} MiB; templates may be at most "
        f"{MAX_FILE_BYTES // 2**20} MiB. Use smaller pictures."
    )


def _sniff(data: bytes, name: str) -> None:
    """A clear message for the files people mistake for a .docx."""
    what = None
    if not data:
        what = "the file is empty (0 bytes)"
    elif data.startswith(b"%PDF"):
        what = "it is a PDF, not a Word document"
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        what = "it is an old-style Word .doc file (or a password-protected document)"
    elif data.startswith(b"{\\rtf"):
        what = "it is an RTF file, not a Word .docx document"
    elif not data.startswith(b"PK"):
        what = "it is a text file, not a Word document" if _is_text(data) else None
        what = what or "it is not a Word .docx document (not a zip package)"
    if what:
        raise TemplateError(f"{name}: not a usable template: {what}. {_SAVE_AS}")


def _is_text(data: bytes) -> bool:
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _check_contents(infos: list[zipfile.ZipInfo], name: str) -> None:
    if len(infos) > MAX_PARTS:
        msg = (
            f"{name}: the package has {len(infos)} parts; a template may have at most {MAX_PARTS}."
        )
        raise TemplateError(msg)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            msg = f"{name}: the package is encrypted. Remove the password and save it again."
            raise TemplateError(msg)
        limit = MAX_XML_BYTES if info.filename.endswith((".xml", ".rels")) else MAX_TOTAL_BYTES
        total += info.file_size
        if info.file_size > limit or total > MAX_TOTAL_BYTES:
            msg = (
                f"{name}: too large once unpacked ({info.filename} is "
                f"{info.file_size / 2**20:.0f} MiB; the limits are {MAX_XML_BYTES // 2**20} MiB "
                f"per XML part and {MAX_TOTAL_BYTES // 2**20} MiB in all). Refused without "
                "unpacking it."
            )
            raise TemplateError(msg)


def _check_required(parts: dict[str, bytes], name: str) -> None:
    if "content.xml" in parts and "word/document.xml" not in parts:
        msg = f"{name}: not a usable template: it is an OpenDocument (.odt) file. {_SAVE_AS}"
        raise TemplateError(msg)
    missing = missing_parts(list(parts))
    if missing:
        msg = (
            f"{name}: not a complete Word document: the package has no {', '.join(missing)}, "
            f"so Word and LibreOffice could not open what planforge renders. {_SAVE_AS}"
        )
        raise TemplateError(msg)


# --------------------------------------------------------------------------- the XML


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _parse_xml(parts: dict[str, bytes], name: str) -> dict[str, Any]:
    from lxml import etree

    trees: dict[str, Any] = {}
    parser = _parser()
    for part, raw in parts.items():
        if not part.endswith((".xml", ".rels")):
            continue
        try:
            tree = etree.fromstring(raw, parser)
        except etree.XMLSyntaxError as e:
            msg = f"{name}: part {part} is not well-formed XML ({e}). {_SAVE_AS}"
            raise TemplateError(msg) from e
        if tree.getroottree().docinfo.doctype:
            msg = f"{name}: part {part} has a DOCTYPE declaration, which Word never writes."
            raise TemplateError(msg)
        _check_root(tree, part, name)
        trees[part] = tree
    return trees


_ROOTS = {
    "[Content_Types].xml": f"{_CT}Types",
    "docProps/core.xml": f"{{{CP}}}coreProperties",
    "word/document.xml": f"{{{W}}}document",
    "word/styles.xml": f"{{{W}}}styles",
    "word/numbering.xml": f"{{{W}}}numbering",
    "word/settings.xml": f"{{{W}}}settings",
    "word/footnotes.xml": f"{{{W}}}footnotes",
}


def _check_root(tree: Any, part: str, name: str) -> None:
    """A part Word and python-docx read must have the root element Word writes there."""
    expected = _ROOTS.get(part)
    if part.endswith(".rels"):
        expected = f"{_PR}Relationships"
    elif re.fullmatch(r"word/(header|footer)\d*\.xml", part):
        expected = f"{{{W}}}{'hdr' if 'header' in part else 'ftr'}"
    body = part != "word/document.xml" or tree.find(f"{{{W}}}body") is not None
    if expected is None or (tree.tag == expected and body):
        return
    what = f"<{tree.tag.rsplit('}', 1)[-1]}>" + ("" if body else " without a body")
    msg = (
        f"{name}: part {part} is not what Word writes there (it holds {what}, not "
        f"<{expected.rsplit('}', 1)[-1]}>). {_SAVE_AS}"
    )
    raise TemplateError(msg)


def _check_content_types(trees: dict[str, Any], name: str) -> None:
    types = {
        o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
        for o in trees["[Content_Types].xml"].iter(f"{_CT}Override")
    }
    main = types.get(_main_part(trees, name), "")
    if main == MAIN_DOCUMENT:
        return
    if "template.main" in main:
        what = "it is a Word template (.dotx)"
    elif "macroEnabled" in main:
        what = "it is a macro-enabled document (.docm)"
    else:
        what = "[Content_Types].xml does not declare its main part as a Word document"
    raise TemplateError(f"{name}: not a usable template: {what}. {_SAVE_AS}")


def _main_part(trees: dict[str, Any], name: str) -> str:
    for rel in trees["_rels/.rels"].iter(f"{_PR}Relationship"):
        if rel.get("Type") == OFFICE_DOCUMENT:
            return _resolve("", rel.get("Target", ""))
    msg = f"{name}: _rels/.rels does not say which part is the document. {_SAVE_AS}"
    raise TemplateError(msg)


def _check_relationships(trees: dict[str, Any], parts: dict[str, bytes], name: str) -> None:
    main = _main_part(trees, name)
    if main != "word/document.xml":
        msg = f"{name}: the document part is {main}, not word/document.xml. {_SAVE_AS}"
        raise TemplateError(msg)
    for rels, base in (("_rels/.rels", ""), ("word/_rels/document.xml.rels", "word")):
        for rel in trees[rels].iter(f"{_PR}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = _resolve(base, rel.get("Target", ""))
            if target not in parts:
                msg = f"{name}: {rels} refers to {target}, which is not in the package. {_SAVE_AS}"
                raise TemplateError(msg)


def _resolve(base: str, target: str) -> str:
    from urllib.parse import unquote

    target = unquote(target)
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, target))


# --------------------------------------------------------------------------- normalising

_TOC = re.compile(rb"<w:instrText[^>]*>\s*TOC\b|w:instr=\"\s*TOC\b")
# w:settings children that come after w:updateFields in the schema's sequence.
_AFTER_UPDATE_FIELDS = {
    f"{{{W}}}{tag}"
    for tag in [
        *("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids"),
        *("attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats"),
        *("doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown"),
        *("smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags"),
        *("decimalSymbol", "listSeparator"),
    ]
} | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}


def normalise(parts: dict[str, bytes], original: bytes) -> bytes:
    """Undo LibreOffice's changes that break rendering; the original bytes when none apply."""
    changed = dict(parts)
    rels = parts["_rels/.rels"]
    if LO_CORE_PROPERTIES.encode() in rels:
        changed["_rels/.rels"] = rels.replace(LO_CORE_PROPERTIES.encode(), CORE_PROPERTIES.encode())
    settings = parts.get("word/settings.xml")
    toc = _TOC.search(parts["word/document.xml"])
    if settings is not None and b"updateFields" not in settings and toc:
        changed["word/settings.xml"] = _with_update_fields(settings)
    if changed == parts:
        return original
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for part, raw in changed.items():
            z.writestr(part, raw)
    return buffer.getvalue()


def _with_update_fields(settings: bytes) -> bytes:
    """settings.xml with ``<w:updateFields w:val="true"/>`` in its schema position."""
    from lxml import etree

    root = etree.fromstring(settings, _parser())
    element = root.makeelement(f"{{{W}}}updateFields", {f"{{{W}}}val": "true"})
    after = next((child for child in root if child.tag in _AFTER_UPDATE_FIELDS), None)
    if after is None:
        root.append(element)
    else:
        after.addprevious(element)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out
