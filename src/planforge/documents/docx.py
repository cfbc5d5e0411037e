"""The docxtpl adapter: plan data -> context -> Word document bytes -> verified file.

Rendering is safe by construction and checked afterwards:

* the template is untrusted input: its package is checked and bounded before it is unpacked
  (:mod:`planforge.documents.template_package`), and its tags run in our own sandboxed
  ``ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)``;
* plan text is escaped exactly once and is never template source, so ``{{ 7*7 }}`` in a plan
  prints as typed; a variable the template uses but the context lacks is a
  :class:`TemplateError` naming the variable and the template file;
* XML-illegal characters are stripped from the plan again (the loader already does) with a
  warning finding;
* the rendered body is parsed strictly *before* docxtpl's own lenient re-parse;
* then :func:`verify` checks the package in memory - the parts Word and LibreOffice need
  are there (each once), every XML part parses strictly,
  ``wp:docPr/@id`` values are unique, and every plan string the template printed (recorded by
  the context values themselves) appears in the document text. Any failure is a
  :class:`RenderError` and nothing is written. Files are written atomically.

docxtpl and python-docx objects never leave this module.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planforge.documents.context import SHOWN, Shown, readable
from planforge.documents.kinds import DOCUMENT_KINDS, RenderInput
from planforge.documents.markdown import NUMBERING, NumberingAllocator
from planforge.domain.text import strip_illegal
from planforge.errors import (
    Finding,
    PlanforgeError,
    RenderError,
    TemplateError,
    warning,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


# --------------------------------------------------------------------------- sanitising


def sanitize(data: Any, pointer: str = "") -> tuple[Any, list[Finding]]:
    """A copy of `data` without XML-illegal characters, and a warning for each string changed."""
    findings: list[Finding] = []
    if isinstance(data, str):
        clean, count = strip_illegal(data)
        if count:
            msg = (
                f"Removed {count} character{'s' if count != 1 else ''} that cannot appear in a "
                f"Word document from {readable(pointer)}."
            )
            findings.append(warning("render.illegal-character", msg, pointer))
        return clean, findings
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out[key], found = sanitize(
                value, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            )
            findings.extend(found)
        return out, findings
    if isinstance(data, list):
        items = [sanitize(v, f"{pointer}/{i}") for i, v in enumerate(data)]
        return [v for v, _ in items], [f for _, fs in items for f in fs]
    return data, findings


# --------------------------------------------------------------------------- rendering


@dataclass
class Rendered:
    """A verified document in memory."""

    data: bytes
    shown: list[Shown] = field(default_factory=list)


def render_document(kind: str, inp: RenderInput, *, templates: Path) -> Rendered:
    """Render one document kind to verified bytes (raises TemplateError / RenderError)."""
    spec = DOCUMENT_KINDS[kind]
    template = templates / spec.template
    if not template.is_file():
        msg = (
            f"Template {spec.template} was not found in {templates}. Copy it from planforge's "
            "templates/ folder, or leave out --templates to use the bundled one."
        )
        raise TemplateError(msg)
    context = spec.build(inp)
    data, shown = render_template(template, context, title=spec.heading(context))
    verify(data, shown, template.name)
    return Rendered(data, shown)


def render_template(
    template: Path, context: dict[str, Any], *, title: str = ""
) -> tuple[bytes, list[Shown]]:
    """Render a docxtpl template with the safe environment; return bytes and shown values."""
    shown: list[Shown] = []
    allocator = NumberingAllocator()
    tokens = (SHOWN.set(shown), NUMBERING.set(allocator))
    try:
        tpl = _load(template)
        _render(tpl, context, template.name)
        _add_numbering(tpl, allocator)
        if title:
            tpl.docx.core_properties.title = document_title(title)
        buffer = io.BytesIO()
        tpl.save(buffer)
    except PlanforgeError:
        raise
    except Exception as e:  # a package python-docx reads but cannot work with
        raise _unusable(template, e) from e
    finally:
        SHOWN.reset(tokens[0])
        NUMBERING.reset(tokens[1])
    return buffer.getvalue(), shown


def _unusable(template: Path, error: Exception) -> TemplateError:
    msg = (
        f"{template.name}: the template could not be rendered ({type(error).__name__}: {error}). "
        'Open it in Word or LibreOffice and save it as "Word Document (.docx)".'
    )
    return TemplateError(msg)


def document_title(title: str) -> str:
    """The Title property (file metadata, not document text) within Word's 255 characters."""
    return title if len(title) <= 255 else title[:254] + "\u2026"


def _load(template: Path) -> Any:
    """A docxtpl template from a checked, normalised copy of the file (TemplateError if unusable).

    The file is untrusted: :func:`planforge.documents.template_package.read_template` bounds its
    size and part count before anything is unpacked and requires the parts Word needs.
    """
    from docxtpl import DocxTemplate
    from lxml import etree

    from planforge.documents.template_package import read_template

    data = read_template(template)

    class StrictTemplate(DocxTemplate):  # type: ignore[misc]
        """Parse the rendered body strictly before docxtpl's lenient (recover=True) parse."""

        def patch_xml(self, src_xml: str) -> str:
            return _patched(src_xml, self._patch_now)

        def resolve_listing(self, xml: str) -> str:
            # docxtpl rewrites tab, bell, newline and form-feed characters inside <w:t> into
            # WordML, paragraph by paragraph with regular expressions (a third of a render).
            # Without any of them the rewrite returns its input unchanged, so skip it.
            if not _needs_listing(xml):
                return xml
            resolved: str = super().resolve_listing(xml)
            return resolved

        def _patch_now(self, src_xml: str) -> str:
            patched: str = super().patch_xml(src_xml)
            return _TAG.sub(lambda m: m.group(0).translate(_TAG_CHARS), patched)

        def fix_tables(self, xml: str) -> Any:
            try:
                etree.fromstring(xml.encode("utf-8"), etree.XMLParser(huge_tree=True))
            except etree.XMLSyntaxError as e:
                msg = f"{template.name}: the rendered document body is not well-formed XML ({e})."
                raise RenderError(msg) from e
            tree = super().fix_tables(xml)
            for table in tree.iter(f"{{{W}}}tbl"):
                fit_table(table)
            return tree

    tpl = StrictTemplate(io.BytesIO(data))
    try:
        tpl.init_docx()
    except Exception as e:  # python-docx raises several types for a broken package
        msg = f"{template}: not a readable Word (.docx) template ({e}). Save it again from Word."
        raise TemplateError(msg) from e
    return tpl


# Inside a tag, LibreOffice's and Word's autocorrect may leave characters Jinja cannot read:
# no-break spaces and low/curly quotes (docxtpl itself maps only \u2018\u2019\u201c\u201d).
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_TAG_CHARS = str.maketrans(
    {"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u201e": '"', "\u201a": "'"}
)


def _needs_listing(xml: str) -> bool:
    """True when docxtpl's listing rewrite could change `xml` (it has \\t, \\a, \\n or \\f)."""
    return any(c in xml for c in "\t\a\n\f")


_PATCHED: dict[str, str] = {}
_PATCH_SALT = b"patch-1\0"


def _patched(src_xml: str, patch: Callable[[str], str]) -> str:
    """docxtpl's tag clean-up of a template part (``patch_xml``: about 60 regular expressions,
    tens of milliseconds a document), done once per part text and remembered in memory and
    in planforge's cache folder. The result depends only on the part's text, the docxtpl
    version and planforge's own clean-up, all of which are in the key."""
    import hashlib

    import docxtpl

    salt = _PATCH_SALT + str(getattr(docxtpl, "__version__", "")).encode()
    key = hashlib.sha256(salt + src_xml.encode("utf-8", "surrogatepass")).hexdigest()
    found = _PATCHED.get(key)
    if found is None:
        found = _PATCHED[key] = _patched_on_disk(key, src_xml, patch)
    return found


def _patched_on_disk(key: str, src_xml: str, patch: Callable[[str], str]) -> str:
    from planforge.inputs.datafiles import cache_dir, write_cached

    folder = cache_dir()
    entry = folder / f"patched-{key}.xml" if folder is not None else None
    if entry is not None:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            return entry.read_text("utf-8")
    result = patch(src_xml)
    if entry is not None:
        write_cached(entry, result)
    return result


_COMPILED: dict[str, Any] = {}
# The salt changes whenever compiled code would differ: the finalize hook (finalize-1), then
# the sandbox, whose code calls through environment.call / call_binop (sandbox-1).
_CODE_SALT = b"sandbox-1\0"
MAX_RENDERED_CHARS = 50_000_000
"""A rendered part longer than this (a loop run wild) stops the render."""
MAX_BUILT_LENGTH = 1_000_000
"""``"x" * n`` / ``list * n`` in a tag may build at most this many items."""


def environment() -> Any:
    """The safe Jinja environment (sandbox, autoescape, StrictUndefined) with compiled-code caching.

    Templates are untrusted input, so they run in Jinja's immutable sandbox: no attribute
    starting with ``_`` (so no ``cycler.__init__.__globals__.os``), no unsafe or mutating
    methods, ``range`` up to 100,000 items; on top of that ``*`` and ``**`` may not build huge
    values and a rendered part may not exceed :data:`MAX_RENDERED_CHARS`. A refusal is a
    ``jinja2.exceptions.SecurityError``.

    docxtpl compiles each part's XML with ``from_string``, which Jinja never caches. Compiled
    code is memoised per process (a zone renders the same templates for every school) and kept
    in Jinja's per-user bytecode cache between runs (``PLANFORGE_CACHE_DIR`` chooses the folder;
    set it to an empty string to switch the disk cache off). Output is identical either way.
    """
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class CachingEnvironment(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
            if not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            cls = template_class or self.template_class
            return cls.from_code(self, _compiled(self, source), self.make_globals(globals), None)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            _check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

        concat = staticmethod(_bounded_concat)

    return CachingEnvironment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_bytecode_cache(),
        finalize=_finalize,
    )


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``"x" * 10**9`` and ``10 ** 10 ** 10`` before Python tries to build them."""
    from jinja2.exceptions import SecurityError

    if operator == "**":
        if isinstance(right, int | float) and abs(right) > 1000:
            raise SecurityError(f"the power {right!r} is too large for a template")
        if isinstance(left, int) and left.bit_length() > 10_000:
            raise SecurityError("the number is too large for a template")
        return
    for seq, times in ((left, right), (right, left)):
        sized = isinstance(seq, str | list | tuple) and isinstance(times, int)
        if sized and len(seq) * times > MAX_BUILT_LENGTH:
            raise SecurityError(f"repeating a value {times} times is too much for a template")


def _bounded_concat(parts: Any) -> str:
    """Join a rendered part's pieces, stopping once it exceeds :data:`MAX_RENDERED_CHARS`."""
    from jinja2.exceptions import SecurityError

    out: list[str] = []
    size = 0
    for piece in parts:
        size += len(piece)
        if size > MAX_RENDERED_CHARS:
            msg = f"the rendered document is larger than {MAX_RENDERED_CHARS:,} characters"
            raise SecurityError(msg)
        out.append(piece)
    return "".join(out)


def _finalize(value: Any) -> Any:
    """Escape plain strings the way PlanText is escaped (see :func:`planforge.documents.markdown.escape`).

    Sentences planforge composes around plan text (``f"{name}, {title}"``) are plain ``str``;
    Jinja's own escaping would leave ``{_{`` in them for docxtpl to turn into ``{{``.
    """
    if isinstance(value, str) and not hasattr(value, "__html__"):
        from markupsafe import Markup

        from planforge.documents.markdown import escape

        return Markup(escape(value))
    return value


def _bytecode_cache() -> Any:
    from jinja2.bccache import FileSystemBytecodeCache

    folder = os.environ.get("PLANFORGE_CACHE_DIR")
    if folder == "":
        return None
    try:
        return FileSystemBytecodeCache(folder or None, "planforge-%s.cache")
    except (OSError, RuntimeError):
        return None


def _compiled(env: Any, source: str) -> Any:
    import hashlib

    key = hashlib.sha256(_CODE_SALT + source.encode("utf-8")).hexdigest()
    code = _COMPILED.get(key)
    if code is not None:
        return code
    cache = env.bytecode_cache
    bucket = None
    if cache is not None:
        try:
            bucket = cache.get_bucket(env, key, None, source)
            code = bucket.code
        except OSError:
            bucket = None
    if code is None:
        code = env.compile(source)
        if bucket is not None:
            bucket.code = code
            with contextlib.suppress(OSError):
                cache.set_bucket(bucket)
    _COMPILED[key] = code
    return code


def fit_table(table: Any) -> None:
    """Rebuild a fixed-layout table's grid from its first row's cell widths.

    docxtpl's `{%tc for %}` column loops copy the looped cell (with its width) but leave the
    template's grid, so columns can collapse. When the grid disagrees with the first row,
    the grid and every row take the first row's widths, scaled to the table width.
    """
    w = f"{{{W}}}"
    grid, rows = table.find(f"{w}tblGrid"), table.findall(f"{w}tr")
    if grid is None or not rows or table.find(f".//{w}gridSpan") is not None:
        return
    found = [_cell_width(tc) for tc in rows[0].findall(f"{w}tc")]
    widths = [x for x in found if x is not None]
    current = [int(float(c.get(f"{w}w", "0"))) for c in grid.findall(f"{w}gridCol")]
    if not widths or len(widths) != len(found) or widths == current:
        return
    if any(len(r.findall(f"{w}tc")) != len(widths) for r in rows):
        return
    total = _table_width(table) or sum(widths)
    scaled = [int(x * total / sum(widths)) for x in widths]
    for col in list(grid):
        grid.remove(col)
    for width in scaled:
        grid.append(grid.makeelement(f"{w}gridCol", {f"{w}w": str(width)}))
    for row in rows:
        for tc, width in zip(row.findall(f"{w}tc"), scaled, strict=True):
            tcw = tc.find(f"{w}tcPr/{w}tcW")
            if tcw is not None:
                tcw.set(f"{w}w", str(width))
                tcw.set(f"{w}type", "dxa")


def _cell_width(tc: Any) -> int | None:
    tcw = tc.find(f"{{{W}}}tcPr/{{{W}}}tcW")
    if tcw is None or tcw.get(f"{{{W}}}type") != "dxa":
        return None
    return int(float(tcw.get(f"{{{W}}}w", "0"))) or None


def _table_width(table: Any) -> int | None:
    for tblw in table.findall(f"{{{W}}}tblPr/{{{W}}}tblW"):
        if tblw.get(f"{{{W}}}type") == "dxa":
            return int(float(tblw.get(f"{{{W}}}w", "0"))) or None
    return None


def _render(tpl: Any, context: dict[str, Any], name: str) -> None:
    from planforge.documents.template_names import template_error

    try:
        tpl.render(context, jinja_env=environment(), autoescape=True)
    except PlanforgeError:
        raise
    except Exception as e:  # Jinja's errors, the sandbox's, and tags failing as they run
        raise template_error(name, e, lambda: _sources(tpl), context) from e


def compile_source(source: str) -> None:
    """Compile one patched part as rendering will (and cache the code); Jinja errors raise."""
    _compiled(environment(), source)


def template_sources(template: Path) -> list[tuple[str, str]]:
    """(part, Jinja source) of every part rendering renders, patched exactly as rendering
    patches them; TemplateError for a template that cannot be used at all."""
    tpl = _load(template)
    try:
        return _sources(tpl)
    except Exception as e:
        raise _unusable(template, e) from e


def _sources(tpl: Any) -> list[tuple[str, str]]:
    def prepared(xml: str) -> str:
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml))  # as render_xml_part

    out = [("word/document.xml", prepared(tpl.get_xml()))]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _, part in tpl.get_headers_footers(uri):
            out.append((str(part.partname).lstrip("/"), prepared(tpl.get_part_xml(part))))
    for part in tpl.docx.part.package.parts:
        if part.content_type.endswith(".footnotes+xml"):
            out.append((str(part.partname).lstrip("/"), prepared(part.blob.decode("utf-8"))))
    properties = tpl.docx.core_properties
    for prop in ("author", "comments", "identifier", "language", "subject", "title"):
        value = getattr(properties, prop) or ""
        if "{" in value:
            out.append((f"docProps/core.xml ({prop})", value))
    return out


def _add_numbering(tpl: Any, allocator: NumberingAllocator) -> None:
    """One w:num per numbered list, restarting at its first typed number."""
    if not allocator.lists:
        return
    from docx.oxml import parse_xml

    abstract = _list_number_abstract(tpl)
    if abstract is None:
        return
    numbering = tpl.docx.part.numbering_part.element
    for num_id, start in allocator.lists:
        numbering.append(
            parse_xml(
                f'<w:num xmlns:w="{W}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
                f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
            )
        )


def _list_number_abstract(tpl: Any) -> str | None:
    """The abstractNumId behind the template's "List Number" style, if it has one."""
    try:
        style = tpl.docx.styles["List Number"].element
        numbering = tpl.docx.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None
    num_ids = style.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    if not num_ids:
        return None
    found = numbering.xpath(f'./w:num[@w:numId="{num_ids[0]}"]/w:abstractNumId/@w:val')
    return str(found[0]) if found else None


# --------------------------------------------------------------------------- verification


def _parts(data: bytes, name: str = "document") -> dict[str, bytes]:
    """The parts of a rendered package: every part Word and LibreOffice need, each once."""
    from planforge.documents.template_package import missing_parts

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
            parts = {part: z.read(part) for part in names}
    except zipfile.BadZipFile as e:
        raise RenderError(f"{name}: the rendered document is not a valid package ({e}).") from e
    twice = sorted({part for part in names if names.count(part) > 1})
    if twice:
        msg = f"{name}: the rendered package holds {', '.join(twice)} twice; Word would refuse it."
        raise RenderError(msg)
    missing = missing_parts(names)
    if missing:
        msg = (
            f"{name}: the rendered package has no {', '.join(missing)}, so Word and LibreOffice "
            "could not open it; nothing was written."
        )
        raise RenderError(msg)
    return parts


def _is_text_part(name: str) -> bool:
    return name == "word/document.xml" or bool(re.fullmatch(r"word/(header|footer)\d*\.xml", name))


def document_text(trees: dict[str, Any]) -> str:
    """Paragraph text of the body, headers and footers (tabs and breaks as spaces)."""
    lines: list[str] = []
    for name in sorted(trees):
        if not _is_text_part(name):
            continue
        for p in trees[name].iter(f"{{{W}}}p"):
            parts = []
            for node in p.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"):
                parts.append(node.text or "" if node.tag == f"{{{W}}}t" else " ")
            lines.append("".join(parts))
    return "\n".join(lines)


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space."""
    return " ".join(text.split())


def verify(data: bytes, shown: list[Shown], name: str = "document") -> None:
    """Required parts present once each, strict XML, unique drawing ids, every shown plan
    string present; else RenderError."""
    from lxml import etree

    parser = etree.XMLParser(huge_tree=True, resolve_entities=False)
    trees: dict[str, Any] = {}
    for part, raw in _parts(data, name).items():
        if part.endswith((".xml", ".rels")):
            try:
                trees[part] = etree.fromstring(raw, parser)
            except etree.XMLSyntaxError as e:
                raise RenderError(f"{name}: part {part} is not well-formed XML ({e}).") from e
    _check_ids(trees, name)
    _check_text(trees, shown, name)


def _check_ids(trees: dict[str, Any], name: str) -> None:
    seen: dict[str, str] = {}
    for part, tree in trees.items():
        for node in tree.iter(f"{{{WP}}}docPr"):
            ident = node.get("id", "")
            if ident in seen:
                msg = (
                    f"{name}: drawing id {ident} is used twice ({seen[ident]} and {part}); Word "
                    "would report unreadable content."
                )
                raise RenderError(msg)
            seen[ident] = part


def _check_text(trees: dict[str, Any], shown: list[Shown], name: str) -> None:
    text = normalise(document_text(trees))
    missing = [s for s in shown if normalise(s.text) not in text]
    if not missing:
        return
    listed = "; ".join(f"{readable(s.pointer)} ({_clip(s.text)!r})" for s in missing[:5])
    more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
    msg = (
        f"{name}: the rendered document lost plan text, so nothing was written. Missing: "
        f"{listed}{more}."
    )
    raise RenderError(msg)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# --------------------------------------------------------------------------- writing
