"""Shared building blocks for planforge's Word templates (styles, cover, fields, tables).

Every template is assembled from these functions, so a new template (for example
``zone-agreement.docx``) looks like the others. See build_templates.py for the entry point.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Pt, RGBColor, Twips

BODY_FONT = "Liberation Serif"
HEADING_FONT = "Liberation Sans"
ACCENT = "1F3864"  # dark navy for headings
HEADER_FILL = "D9E2F3"  # pale blue table header shading
RULE = "8EAADB"
TEXT_WIDTH_TWIPS = 9360  # 6.5 in between 1 in margins on US Letter
TABLE_STYLE = "Planforge Table"
GRID_STYLE = "Planforge Grid"

Doc = Any  # python-docx Document (untyped library)


# --------------------------------------------------------------------------- fonts and styles


def _set_fonts(rpr: Any, name: str) -> None:
    """Replace a run-properties element's rFonts with explicit (non-theme) faces."""
    old = rpr.find(qn("w:rFonts"))
    if old is not None:
        rpr.remove(old)
    fonts = parse_xml(
        f'<w:rFonts {nsdecls("w")} w:ascii="{name}" w:hAnsi="{name}" '
        f'w:eastAsia="{name}" w:cs="{name}"/>'
    )
    rpr.insert(0, fonts)


def _style(doc: Doc, name: str, kind: Any = WD_STYLE_TYPE.PARAGRAPH) -> Any:
    try:
        return doc.styles[name]
    except KeyError:
        return doc.styles.add_style(name, kind)


def setup_defaults(doc: Doc) -> None:
    """Body font, size and spacing for every paragraph that does not say otherwise."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, BODY_FONT)
    for tag, val in (("w:sz", "22"), ("w:szCs", "22")):
        rpr.find(qn(tag)).set(qn("w:val"), val)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "120")
    spacing.set(qn("w:line"), "264")
    _strip_theme_fonts(doc)
    _set_theme_fonts(doc)


def _strip_theme_fonts(doc: Doc) -> None:
    """Every style that points at a theme font gets the explicit planforge face instead."""
    for rfonts in doc.styles.element.iter(qn("w:rFonts")):
        if rfonts.get(qn("w:asciiTheme")) is None:
            continue
        major = rfonts.get(qn("w:asciiTheme")).startswith("major")
        rpr = rfonts.getparent()
        _set_fonts(rpr, HEADING_FONT if major else BODY_FONT)


def _set_theme_fonts(doc: Doc) -> None:
    """Point the theme's major/minor Latin fonts at the planforge faces too."""
    theme = next(p for p in doc.part.package.iter_parts() if p.partname.endswith("theme1.xml"))
    blob = theme.blob.decode("utf-8")
    blob = blob.replace('<a:latin typeface="Calibri"/>', f'<a:latin typeface="{BODY_FONT}"/>')
    blob = blob.replace('<a:latin typeface="Cambria"/>', f'<a:latin typeface="{HEADING_FONT}"/>')
    theme._blob = blob.encode("utf-8")


def _heading(doc: Doc, name: str, size: float, *, before: int, after: int, color: str) -> Any:
    style = doc.styles[name]
    style.font.size = Pt(size)
    style.font.bold = True
    style.font.color.rgb = RGBColor.from_string(color)
    _set_fonts(style.element.get_or_add_rPr(), HEADING_FONT)
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.keep_with_next = True
    return style


def setup_styles(doc: Doc, *, sections_on_new_page: bool) -> None:
    """Headings, title, cover, table text, small print and list styles."""
    setup_defaults(doc)
    h1 = _heading(
        doc, "Heading 1", 16, before=0 if sections_on_new_page else 18, after=10, color=ACCENT
    )
    h1.paragraph_format.page_break_before = sections_on_new_page
    _bottom_rule(h1)
    _heading(doc, "Heading 2", 13, before=14, after=6, color=ACCENT)
    _heading(doc, "Heading 3", 11, before=10, after=4, color="2F5496")
    _heading(doc, "Heading 4", 10.5, before=8, after=2, color="404040")
    doc.styles["Heading 4"].font.italic = False
    _title_styles(doc)
    _small_styles(doc)
    for name in ("List Bullet", "List Number"):
        doc.styles[name].paragraph_format.space_after = Pt(3)
    _heading(doc, "TOC Heading", 16, before=0, after=12, color=ACCENT)
    for level in (1, 2):
        toc = _style(doc, f"toc {level}")
        toc.base_style = doc.styles["Normal"]
        toc.paragraph_format.space_after = Pt(2)
        toc.paragraph_format.left_indent = Inches(0.25 * (level - 1))
        toc.font.bold = level == 1


PBDR_SUCCESSORS = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _insert_before(parent: Any, successors: Sequence[str], element: Any) -> None:
    """Insert `element` before the first child named in `successors` (schema order)."""
    for child in parent:
        if any(child.tag == qn(name) for name in successors):
            child.addprevious(element)
            return
    parent.append(element)


def _add_pbdr(ppr: Any, xml: str) -> None:
    _insert_before(ppr, PBDR_SUCCESSORS, parse_xml(xml))


def _bottom_rule(style: Any) -> None:
    ppr = style.element.get_or_add_pPr()
    _add_pbdr(
        ppr,
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="4" '
        f'w:color="{RULE}"/></w:pBdr>',
    )


def _para_style(doc: Doc, name: str, *, font: str, size: float, **kw: Any) -> Any:
    style = _style(doc, name)
    style.base_style = doc.styles["Normal"]
    style.font.size = Pt(size)
    _set_fonts(style.element.get_or_add_rPr(), font)
    if "color" in kw:
        style.font.color.rgb = RGBColor.from_string(kw["color"])
    style.font.bold = kw.get("bold", False)
    fmt = style.paragraph_format
    fmt.space_before = Pt(kw.get("before", 0))
    fmt.space_after = Pt(kw.get("after", 6))
    if kw.get("center"):
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return style


def _title_styles(doc: Doc) -> None:
    title = doc.styles["Title"]
    title.font.size = Pt(30)
    title.font.color.rgb = RGBColor.from_string(ACCENT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para_style(
        doc,
        "Cover School",
        font=HEADING_FONT,
        size=22,
        bold=True,
        color=ACCENT,
        after=12,
        center=True,
    )
    _para_style(doc, "Cover Line", font=HEADING_FONT, size=12, color="404040", after=6, center=True)
    _para_style(
        doc,
        "Cover Kicker",
        font=HEADING_FONT,
        size=12,
        color="2F5496",
        bold=True,
        before=96,
        after=24,
        center=True,
    )
    _para_style(
        doc,
        "Draft Mark",
        font=HEADING_FONT,
        size=14,
        color="C00000",
        bold=True,
        before=12,
        after=12,
        center=True,
    )


def _small_styles(doc: Doc) -> None:
    _para_style(doc, "Table Text", font=HEADING_FONT, size=9.5, after=0)
    _para_style(
        doc, "Table Heading", font=HEADING_FONT, size=9.5, bold=True, after=0, color="1F1F1F"
    )
    _para_style(
        doc, "Label", font=HEADING_FONT, size=10, bold=True, color="2F5496", before=6, after=2
    )
    _para_style(doc, "Note", font=BODY_FONT, size=9.5, color="404040", after=6)
    _para_style(doc, "Memo Field", font=HEADING_FONT, size=11, after=2)
    _para_style(doc, "Table Detail", font=HEADING_FONT, size=8.5, color="595959", after=0)
    _para_style(doc, "Table Caption", font=BODY_FONT, size=9.5, color="404040", after=4)
    doc.styles["Table Caption"].paragraph_format.keep_with_next = True
    doc.styles["Label"].paragraph_format.keep_with_next = True
    for name in ("Header", "Footer"):
        style = doc.styles[name]
        tabs = style.element.get_or_add_pPr().find(qn("w:tabs"))
        if tabs is not None:
            tabs.getparent().remove(tabs)
        style.font.size = Pt(9)
        style.font.color.rgb = RGBColor.from_string("595959")
        _set_fonts(style.element.get_or_add_rPr(), HEADING_FONT)


def setup_table_styles(doc: Doc) -> None:
    """Two table styles: data tables with a shaded, repeating header row, and a plain grid."""
    borders = (
        f'<w:tblBorders><w:top w:val="single" w:sz="4" w:color="{RULE}"/>'
        f'<w:bottom w:val="single" w:sz="4" w:color="{RULE}"/>'
        f'<w:insideH w:val="single" w:sz="4" w:color="{RULE}"/>'
        f'<w:insideV w:val="single" w:sz="4" w:color="{RULE}"/>'
        f'<w:left w:val="single" w:sz="4" w:color="{RULE}"/>'
        f'<w:right w:val="single" w:sz="4" w:color="{RULE}"/></w:tblBorders>'
    )
    margins = (
        '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="90" w:type="dxa"/>'
        '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="90" w:type="dxa"/></w:tblCellMar>'
    )
    header = (
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr>'
        "</w:tblStylePr>"
    )
    for name, extra in ((TABLE_STYLE, header), (GRID_STYLE, "")):
        style_id = name.replace(" ", "")
        doc.styles.element.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" '
                f'w:styleId="{style_id}"><w:name w:val="{name}"/>'
                '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
                '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
                f'<w:rPr><w:rFonts w:ascii="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}" '
                f'w:cs="{HEADING_FONT}"/><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>'
                f"<w:tblPr>{borders}{margins}</w:tblPr>{extra}</w:style>"
            )
        )


# --------------------------------------------------------------------------- numbering


def _abstract_num(num_id: int, fmt: str, texts: Sequence[str], font: str | None) -> str:
    levels = []
    for ilvl, text in enumerate(texts):
        rfonts = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else ""
        left = 360 * (ilvl + 1) + 360
        levels.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="360"/></w:pPr>{rfonts}</w:lvl>'
        )
    return (
        f'<w:abstractNum w:abstractNumId="{num_id}"><w:multiLevelType w:val="hybridMultilevel"/>'
        f"{''.join(levels)}</w:abstractNum>"
    )


def setup_numbering(doc: Doc) -> None:
    """Replace the default numbering with one bullet list (numId 1) and one decimal list (2).

    "List Bullet" and "List Number" point at them. The renderer restarts each numbered list
    by adding a new w:num that refers to the List Number abstract numbering.
    """
    numbering = doc.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    bullets = _abstract_num(1, "bullet", ["\u2022", "\u25e6", "\u25aa"], "Liberation Sans")
    numbers = _abstract_num(2, "decimal", ["%1.", "%2.", "%3."], None)
    numbering.append(
        parse_xml(bullets.replace("<w:abstractNum ", f"<w:abstractNum {nsdecls('w')} "))
    )
    numbering.append(
        parse_xml(numbers.replace("<w:abstractNum ", f"<w:abstractNum {nsdecls('w')} "))
    )
    for num_id in (1, 2):
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/>'
                "</w:num>"
            )
        )
    for name, num_id in (("List Bullet", 1), ("List Number", 2)):
        ppr = doc.styles[name].element.get_or_add_pPr()
        ppr.find(qn("w:numPr")).find(qn("w:numId")).set(qn("w:val"), str(num_id))


# --------------------------------------------------------------------------- settings, page, fields


SETTINGS_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
)


def setup_settings(doc: Doc) -> None:
    """Ask Word to refresh fields (TOC, page numbers) on open; drop editing-session noise."""
    settings = doc.settings.element
    update = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
    anchor = next(
        (
            settings.find(qn(t))
            for t in SETTINGS_AFTER_UPDATE_FIELDS
            if settings.find(qn(t)) is not None
        ),
        None,
    )
    if anchor is None:
        settings.append(update)
    else:
        anchor.addprevious(update)
    for tag in ("w:rsids", "w:proofState", "w:attachedTemplate"):
        node = settings.find(qn(tag))
        if node is not None:
            settings.remove(node)


def add_field(paragraph: Any, instruction: str, placeholder: str, *, dirty: bool = False) -> None:
    """A complex field (begin / instruction / separate / cached result / end)."""
    flag = ' w:dirty="true"' if dirty else ""
    runs = (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"{flag}/></w:r>',
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{placeholder}</w:t></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
    )
    for run in runs:
        paragraph._p.append(parse_xml(run))


def setup_page(doc: Doc, *, cover: bool = True) -> Any:
    """US Letter, one-inch margins; with a cover, the first page has an empty header/footer."""
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    section.header_distance = section.footer_distance = Inches(0.45)
    section.different_first_page_header_footer = cover
    if cover:
        section.first_page_header.is_linked_to_previous = False
        section.first_page_footer.is_linked_to_previous = False
    return section


def setup_header_footer(section: Any, left: str, right: str) -> None:
    """Running header `left <tab> right` over a rule, and a centred "Page X of Y" footer."""
    header = section.header.paragraphs[0]
    header.style = "Header"
    header.text = ""
    header.add_run(left)
    header.add_run("\t")
    header.add_run(right)
    header.paragraph_format.tab_stops.add_tab_stop(Inches(6.5), WD_TAB_ALIGNMENT.RIGHT)
    _bottom_border(header)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    add_field(footer, "PAGE", "1")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES", "1")


def _bottom_border(paragraph: Any) -> None:
    _add_pbdr(
        paragraph._p.get_or_add_pPr(),
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="4" w:space="4" '
        f'w:color="{RULE}"/></w:pBdr>',
    )


# --------------------------------------------------------------------------- content blocks


def tag(doc: Doc, text: str) -> None:
    """A paragraph that holds only a docxtpl block tag (`{%p ... %}`)."""
    doc.add_paragraph(text)


def para(doc: Doc, text: str, style: str | None = None) -> Any:
    return doc.add_paragraph(text, style=style)


def page_break(doc: Doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def prose(doc: Doc, expr: str) -> None:
    """Markdown prose rendered as real paragraphs: `{{p expr }}` alone in its paragraph."""
    doc.add_paragraph(f"{{{{p {expr} }}}}")


def labelled_prose(doc: Doc, label: str, expr: str) -> None:
    para(doc, label, "Label")
    prose(doc, expr)


def add_cover(
    doc: Doc, kicker: str, title: str, lines: Sequence[str], footer: Sequence[str]
) -> None:
    """Cover page: kicker, title, school name, detail lines, prepared-for lines, draft mark."""
    para(doc, kicker, "Cover Kicker")
    para(doc, title, "Title")
    para(doc, "{{ school.name }}", "Cover School")
    for line in lines:
        if line.startswith("{%p"):
            tag(doc, line)
        else:
            para(doc, line, "Cover Line")
    tag(doc, "{%p if draft %}")
    para(doc, "DRAFT \u2014 NOT FOR BOARD ACTION", "Draft Mark")
    tag(doc, "{%p endif %}")
    spacer = para(doc, "", "Cover Line")
    spacer.paragraph_format.space_before = Pt(150)
    for line in footer:
        para(doc, line, "Cover Line")
    page_break(doc)


def add_toc(doc: Doc) -> None:
    """A "Contents" page holding a TOC field over Heading 1-3 (Word fills it on open)."""
    para(doc, "Contents", "TOC Heading")
    add_field(
        doc.add_paragraph(),
        'TOC \\o "1-3" \\h \\z \\u',
        "Right-click here and choose Update Field to build the table of contents.",
        dirty=True,
    )
    page_break(doc)


def _cell_width(cell: Any, twips: int) -> None:
    cell.width = Twips(twips)


def _widths(fractions: Sequence[float]) -> list[int]:
    total = sum(fractions)
    return [int(TEXT_WIDTH_TWIPS * f / total) for f in fractions]


def _table(doc: Doc, columns: int, rows: int, widths: Sequence[float], style: str) -> Any:
    table = doc.add_table(rows=rows, cols=columns)
    table.style = doc.styles[style]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    twips = _widths(widths)
    tblpr = table._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    tblw.set(qn("w:w"), str(TEXT_WIDTH_TWIPS))
    tblw.set(qn("w:type"), "dxa")
    table.autofit = False  # w:tblLayout fixed, in schema order
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), twips, strict=True):
        col.set(qn("w:w"), str(width))
    for row in table.rows:
        for cell, width in zip(row.cells, twips, strict=True):
            _cell_width(cell, width)
    return table


def _fill(cell: Any, text: str, style: str, *, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    paragraph.text = text
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _repeat_header(row: Any) -> None:
    row._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))


def data_table(
    doc: Doc,
    loop: str,
    columns: Sequence[tuple[str, str, float]],
    *,
    totals: Sequence[str] | None = None,
    right: Sequence[int] = (),
) -> Any:
    """A data table: shaded header row, one `{%tr for %}` body row, optional totals row.

    `columns` holds (header, cell expression, relative width); `right` lists the
    columns to right-align (money, counts).
    """
    rows = 4 + (1 if totals else 0)
    table = _table(doc, len(columns), rows, [c[2] for c in columns], TABLE_STYLE)
    _repeat_header(table.rows[0])
    for i, (head, expr, _) in enumerate(columns):
        _fill(table.rows[0].cells[i], head, "Table Heading", right=i in right)
        _fill(table.rows[2].cells[i], expr, "Table Text", right=i in right)
    _fill(table.rows[1].cells[0], f"{{%tr for {loop} %}}", "Table Text")
    _fill(table.rows[3].cells[0], "{%tr endfor %}", "Table Text")
    table.rows[2]._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
    if totals:
        for i, expr in enumerate(totals):
            _fill(table.rows[4].cells[i], expr, "Table Heading", right=i in right)
        _shade_row(table.rows[4])
    if not any("{{p " in expr for _, expr, _ in columns):  # prose rows can be long
        _keep_together(table)
    doc.add_paragraph("", style="Note")
    return table


def _keep_together(table: Any) -> None:
    """Keep a short table on one page (a long one still breaks, with its header repeated)."""
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _shade_row(row: Any) -> None:
    for cell in row.cells:
        cell._tc.get_or_add_tcPr().append(
            parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="F2F2F2"/>')
        )


def facts_table(doc: Doc, loop: str, widths: tuple[float, float] = (1, 2.6)) -> Any:
    """A two-column facts table (label | value, shaded labels) over `{%tr for f in ... %}`.

    Each item has `.label` and `.value`.
    """
    table = _table(doc, 2, 3, widths, GRID_STYLE)
    _fill(table.rows[0].cells[0], f"{{%tr for {loop} %}}", "Table Text")
    _fill(table.rows[1].cells[0], "{{ f.label }}", "Table Heading")
    table.rows[1].cells[0]._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>')
    )
    _fill(table.rows[1].cells[1], "{{ f.value }}", "Table Text")
    _fill(table.rows[2].cells[0], "{%tr endfor %}", "Table Text")
    doc.add_paragraph("", style="Note")
    return table


def signature_table(doc: Doc, loop: str = "s in signatories") -> None:
    """One block per signatory: signature and date lines, then name, title and party."""
    table = _table(doc, 2, 5, (3.2, 1.8), GRID_STYLE)
    _no_borders(table)
    _fill(table.rows[0].cells[0], f"{{%tr for {loop} %}}", "Table Text")
    for cell in table.rows[1].cells:
        cell.paragraphs[0].paragraph_format.space_before = Pt(36)
        _top_border(cell)
    table.rows[1].cells[0].paragraphs[0].add_run("Signature")
    table.rows[1].cells[1].paragraphs[0].add_run("Date")
    table.rows[1].cells[0].paragraphs[0].style = "Note"
    table.rows[1].cells[1].paragraphs[0].style = "Note"
    _fill(table.rows[2].cells[0], "{{ s.name_line }}", "Table Heading")
    _fill(table.rows[3].cells[0], "{{ s.title }}, {{ s.party }}", "Table Text")
    _fill(table.rows[4].cells[0], "{%tr endfor %}", "Table Text")


def _no_borders(table: Any) -> None:
    _insert_before(
        table._tbl.tblPr,
        ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"),
        parse_xml(
            f'<w:tblBorders {nsdecls("w")}><w:top w:val="nil"/><w:left w:val="nil"/>'
            '<w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/>'
            '<w:insideV w:val="nil"/></w:tblBorders>'
        ),
    )


def _top_border(cell: Any) -> None:
    _add_pbdr(
        cell.paragraphs[0]._p.get_or_add_pPr(),
        f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="6" w:space="2" '
        'w:color="404040"/></w:pBdr>',
    )


def section_if(doc: Doc, condition: str, body: Callable[[], object], otherwise: str) -> None:
    """`{%p if condition %}` body `{%p else %}` otherwise-sentence `{%p endif %}`."""
    tag(doc, f"{{%p if {condition} %}}")
    body()
    tag(doc, "{%p else %}")
    para(doc, otherwise)
    tag(doc, "{%p endif %}")


# --------------------------------------------------------------------------- document


def new_document(*, sections_on_new_page: bool = True) -> Doc:
    """A blank document with planforge styles, numbering, settings and page setup."""
    doc = Document()
    setup_styles(doc, sections_on_new_page=sections_on_new_page)
    setup_table_styles(doc)
    setup_numbering(doc)
    setup_settings(doc)
    prune_styles(doc)
    drop_legacy_parts(doc)
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    return doc


# --------------------------------------------------------------------------- special tables


def goals_table(doc: Doc) -> Any:
    """Goals with one target column per school year (docxtpl `{%tc %}` column loops)."""
    table = _table(doc, 5, 4, (2.4, 1.1, 0.01, 1.0, 0.01), TABLE_STYLE)
    _repeat_header(table.rows[0])
    head, body = table.rows[0].cells, table.rows[2].cells
    for cells, texts, style in (
        (
            head,
            (
                "Goal",
                "Baseline",
                "{%tc for y in goals.years %}",
                "{{ y }}",
                "{%tc endfor %}",
            ),
            "Table Heading",
        ),
        (
            body,
            (
                "{{ g.metric }}",
                "{{ g.baseline }}",
                "{%tc for t in g.targets %}",
                "{{ t }}",
                "{%tc endfor %}",
            ),
            "Table Text",
        ),
    ):
        for i, text in enumerate(texts):
            _fill(cells[i], text, style, right=i in (1, 3))
    group = body[0].add_paragraph("{{ g.detail }}", style="Table Detail")
    group.paragraph_format.space_after = Pt(0)
    _fill(table.rows[1].cells[0], "{%tr for g in goals.rows %}", "Table Text")
    _fill(table.rows[3].cells[0], "{%tr endfor %}", "Table Text")
    doc.add_paragraph("", style="Note")
    return table


def waiver_details(doc: Doc) -> None:
    """One waiver in the state's format: heading, agreement, rationale, replacement, intent."""
    doc.add_paragraph("{{ w.citation }} \u2014 {{ w.title }}", style="Heading 2")
    tag(doc, "{%p if w.agreement %}")
    para(doc, "Agreement: {{ w.agreement }}", "Note")
    tag(doc, "{%p endif %}")
    labelled_prose(doc, "Rationale", "w.rationale")
    labelled_prose(doc, "Replacement plan", "w.replacement_policy")
    labelled_prose(doc, "How the intent of the provision is met", "w.how_intent_is_met")


def memo_fields(doc: Doc) -> None:
    """The To / From / Date / Re block of a memo, over a rule."""
    table = _table(doc, 2, 4, (0.8, 5.7), GRID_STYLE)
    _no_borders(table)
    for row, (label, expr) in zip(
        table.rows,
        (
            ("To:", "{{ memo.to }}"),
            ("From:", "{{ memo.sender }}"),
            ("Date:", "{{ memo.date }}"),
            ("Re:", "{{ memo.subject }}"),
        ),
        strict=True,
    ):
        _fill(row.cells[0], label, "Memo Field")
        row.cells[0].paragraphs[0].runs[0].bold = True
        _fill(row.cells[1], expr, "Memo Field")
    rule = doc.add_paragraph("", style="Note")
    _bottom_border(rule)


KEEP_STYLES = frozenset(
    {
        "Normal",
        "Default Paragraph Font",
        "Normal Table",
        "No List",
        "Table Grid",
        "Header",
        "Header Char",
        "Footer",
        "Footer Char",
        "Title",
        "Title Char",
        "Subtitle",
        "Subtitle Char",
        "List Paragraph",
        "List Bullet",
        "List Number",
        "Strong",
        "Emphasis",
        "Quote",
        "Quote Char",
        "Caption",
        "TOC Heading",
        "toc 1",
        "toc 2",
        "toc 3",
    }
    | {f"Heading {n}" for n in range(1, 5)}
    | {f"Heading {n} Char" for n in range(1, 5)}
)


def prune_styles(doc: Doc) -> None:
    """Drop the default template's unused styles (most of its 800 KB of style XML).

    Kept: the styles planforge uses, Word's basic ones, and every custom style.
    """
    root = doc.styles.element
    for style in list(root.iterchildren(qn("w:style"))):
        name = style.find(qn("w:name")).get(qn("w:val"))
        custom = style.get(qn("w:customStyle")) == "1"
        if (
            not custom
            and name not in KEEP_STYLES
            and name.lower() not in {k.lower() for k in KEEP_STYLES}
        ):
            root.remove(style)


def drop_legacy_parts(doc: Doc) -> None:
    """Remove parts Word does not need: stylesWithEffects (Word 2010) and sample customXml."""
    rels = doc.part.rels
    for rid, rel in list(rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            del rels[rid]
