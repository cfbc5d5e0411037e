"""The markdown subset: parsing, plain text and WordprocessingML."""

from __future__ import annotations

from lxml import etree

from planforge.documents.markdown import (
    NUMBERING,
    NumberingAllocator,
    Span,
    parse,
    parse_inline,
    plain_text,
    wordml,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _paragraphs(xml: str) -> list[etree._Element]:
    root = etree.fromstring(f'<w:body xmlns:w="{W}">{xml}</w:body>')
    return list(root)


def _style(p: etree._Element) -> str | None:
    found = p.find(f"{{{W}}}pPr/{{{W}}}pStyle")
    return None if found is None else found.get(f"{{{W}}}val")


def test_paragraphs_split_on_blank_lines_and_soft_wraps_become_spaces() -> None:
    blocks = parse("First line\nsame paragraph.\n\n\nSecond paragraph.")
    assert [b.kind for b in blocks] == ["para", "para"]
    assert (
        plain_text("First line\nsame paragraph.\n\nSecond.") == "First line same paragraph. Second."
    )


def test_bullets_and_numbers() -> None:
    blocks = parse("Intro:\n- one\n* two\n\n1. first\n2. second\n   continued")
    assert [b.kind for b in blocks] == ["para", "bullet", "bullet", "number", "number"]
    assert blocks[3].first_in_list
    assert not blocks[4].first_in_list
    assert plain_text("1. first\n2. second\n   continued") == "first second continued"


def test_inline_bold_italic_both_and_escapes() -> None:
    assert parse_inline("a **b** *c* ***d*** e") == [
        Span("a "),
        Span("b", bold=True),
        Span(" "),
        Span("c", italic=True),
        Span(" "),
        Span("d", bold=True, italic=True),
        Span(" e"),
    ]
    assert parse_inline(r"5 \* 3 = 15") == [Span("5 * 3 = 15")]
    assert plain_text("**bold with *italic* inside**") == "bold with italic inside"


def test_unmatched_markers_and_template_syntax_print_as_typed() -> None:
    for text in ("{{ 7*7 }}", "{% if x %}yes{% endif %}", "a * b", "**not closed", "2 ** 3"):
        assert plain_text(text) == text


def test_wordml_uses_list_styles_and_runs() -> None:
    paras = _paragraphs(wordml("Text with **bold** & <tags>\n\n- item\n1. first\n2. second"))
    assert [_style(p) for p in paras] == [None, "ListBullet", "ListNumber", "ListNumber"]
    first = paras[0]
    texts = ["".join(r.itertext()) for r in first.iter(f"{{{W}}}r")]
    assert texts == ["Text with ", "bold", " & <tags>"]
    assert first.find(f".//{{{W}}}b") is not None


def test_numbered_lists_restart_with_an_allocator() -> None:
    allocator = NumberingAllocator()
    token = NUMBERING.set(allocator)
    try:
        xml = wordml("1. a\n2. b\n\nBetween.\n\n3. c\n\n- x\n\n1. again")
    finally:
        NUMBERING.reset(token)
    assert allocator.lists == [(1000, 1), (1001, 3), (1002, 1)]
    assert xml.count('w:numId w:val="1000"') == 2
    assert xml.count("<w:numId ") == 4  # the paragraph and the bullet carry none


def test_empty_prose_is_one_empty_paragraph() -> None:
    assert wordml("") == "<w:p/>"


def test_every_feature_round_trips_to_plain_text() -> None:
    text = (
        "Mission for **all** students & families <K-5>.\nSecond line.\n\n"
        "- bullet *one*\n- bullet ***two***\n\n1. step one\n2. step \\*two\\*"
    )
    assert plain_text(text) == (
        "Mission for all students & families <K-5>. Second line. bullet one bullet two "
        "step one step *two*"
    )
