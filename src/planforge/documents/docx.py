"""The docxtpl adapter: plan data -> context -> Word document bytes -> verified file.

Rendering is safe by construction and checked afterwards:

* our own ``jinja2.Environment(autoescape=True, undefined=StrictUndefined)``: plan text is
  escaped exactly once and is never template source, so ``{{ 7*7 }}`` in a plan prints as
  typed; a variable the template uses but the context lacks is a :class:`TemplateError`
  naming the variable and the template file;
* XML-illegal characters are stripped from the plan again (the loader already does) with a
  warning finding;
* the rendered body is parsed strictly *before* docxtpl's own lenient re-parse;
* then :func:`verify` checks the package in memory - every XML part parses strictly,
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
from planforge.documents.markdown import NUMBERING, NumberingAllocator
from planforge.errors import (
    Finding,
    RenderError,
    ResourceError,
    TemplateError,
    warning,
)

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


@dataclass(frozen=True)
class RenderInput:
    """What a context builder gets: clean plan data, the draft flag, the review, the date."""

    data: Any
    draft: bool = False
    review: Any = None
    today: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    """The merged parameters of the rule packs chosen for this file (``RuleSet.params``), so a
    document prints the same thresholds the review applied."""


@dataclass(frozen=True)
class DocumentKind:
    """One kind of output document: its template, file-name suffix and context builder."""

    template: str
    suffix: str
    title: str
    build: Callable[[RenderInput], dict[str, Any]]
    needs_review: bool = False


def _plan(inp: RenderInput) -> dict[str, Any]:
    from planforge.documents.plan_context import plan_context

    return plan_context(inp.data, draft=inp.draft, titles=catalog_title)


def _waivers(inp: RenderInput) -> dict[str, Any]:
    from planforge.documents.plan_context import waiver_request_context

    return waiver_request_context(inp.data, draft=inp.draft, titles=catalog_title)


def _review(inp: RenderInput) -> dict[str, Any]:
    from planforge.documents.memo_context import review_context

    return review_context(inp.data, inp.review, draft=inp.draft, today=inp.today)


DOCUMENT_KINDS: dict[str, DocumentKind] = {
    "plan": DocumentKind("innovation-plan.docx", "-innovation-plan.docx", "Innovation Plan", _plan),
    "waivers": DocumentKind(
        "waiver-request.docx", "-waiver-request.docx", "Waiver Request", _waivers
    ),
    "review": DocumentKind("review-memo.docx", "-review-memo.docx", "Review Memo", _review, True),
}


def catalog_title(citation: str, kind: str) -> str | None:
    """The official title of a citation from the waiver catalog (exact matches only)."""
    try:
        from planforge.domain.catalog import load_catalog

        match = load_catalog().lookup(citation, kind)
    except (ImportError, ResourceError):
        return None
    return match.entry.title if match is not None and match.exact and match.entry.title else None


# --------------------------------------------------------------------------- sanitising


def sanitize(data: Any, pointer: str = "") -> tuple[Any, list[Finding]]:
    """A copy of `data` without XML-illegal characters, and a warning for each string changed."""
    findings: list[Finding] = []
    if isinstance(data, str):
        clean, count = _ILLEGAL.subn("", data)
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
    data, shown = render_template(template, context, title=_doc_title(context, spec.title))
    verify(data, shown, template.name)
    return Rendered(data, shown)


def _doc_title(context: dict[str, Any], title: str) -> str:
    school = context.get("school", {}).get("name")
    return f"{school} \u2014 {title}" if school else title


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
    finally:
        SHOWN.reset(tokens[0])
        NUMBERING.reset(tokens[1])
    return buffer.getvalue(), shown


def document_title(title: str) -> str:
    """The Title property (file metadata, not document text) within Word's 255 characters."""
    return title if len(title) <= 255 else title[:254] + "\u2026"


def _load(template: Path) -> Any:
    from docxtpl import DocxTemplate
    from lxml import etree

    class StrictTemplate(DocxTemplate):  # type: ignore[misc]
        """Parse the rendered body strictly before docxtpl's lenient (recover=True) parse."""

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

    try:
        return StrictTemplate(str(template))
    except Exception as e:  # python-docx raises several types for a broken package
        msg = f"{template}: not a readable Word (.docx) template ({e}). Save it again from Word."
        raise TemplateError(msg) from e


_COMPILED: dict[str, Any] = {}
_CODE_SALT = b"finalize-1\0"


def environment() -> Any:
    """The safe Jinja environment (autoescape, StrictUndefined) with compiled-template caching.

    docxtpl compiles each part's XML with ``from_string``, which Jinja never caches. Compiled
    code is memoised per process (a zone renders the same templates for every school) and kept
    in Jinja's per-user bytecode cache between runs (``PLANFORGE_CACHE_DIR`` chooses the folder;
    set it to an empty string to switch the disk cache off). Output is identical either way.
    """
    import jinja2

    class CachingEnvironment(jinja2.Environment):
        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
            if not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            cls = template_class or self.template_class
            return cls.from_code(self, _compiled(self, source), self.make_globals(globals), None)

    return CachingEnvironment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_bytecode_cache(),
        finalize=_finalize,
    )


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

    # The salt changes whenever compiled code would differ (e.g. the finalize hook was added).
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
    import jinja2

    env = environment()
    try:
        tpl.render(context, jinja_env=env, autoescape=True)
    except jinja2.UndefinedError as e:
        msg = (
            f"{name}: the template uses a value planforge does not provide ({e.message}). "
            "Check the spelling of the tag; docs/templates.md lists every variable."
        )
        raise TemplateError(msg) from e
    except jinja2.TemplateSyntaxError as e:
        msg = (
            f"{name}: template tag error: {e.message}. Type each tag in one go, with spaces "
            "inside the braces, and keep {%p %} tags alone in their paragraph."
        )
        raise TemplateError(msg) from e
    except jinja2.TemplateError as e:
        raise TemplateError(f"{name}: {e}") from e


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


def _parts(data: bytes) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return {name: z.read(name) for name in z.namelist()}
    except zipfile.BadZipFile as e:
        raise RenderError(f"the rendered document is not a valid package ({e}).") from e


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
    """Strict XML, unique drawing ids, every shown plan string present; else RenderError."""
    from lxml import etree

    parser = etree.XMLParser(huge_tree=True, resolve_entities=False)
    trees: dict[str, Any] = {}
    for part, raw in _parts(data).items():
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
