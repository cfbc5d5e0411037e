"""Templates are untrusted input: package checks, LibreOffice normalisation, the sandbox, and
naming the variables a template uses that planforge does not provide."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import jinja2
import pytest
from _render_support import base_plan, render
from jinja2.exceptions import SecurityError

from planforge.documents import template_package
from planforge.documents.docx import environment, template_sources, verify
from planforge.documents.kinds import DOCUMENT_KINDS
from planforge.documents.template_names import find_unknown, unknown_names
from planforge.documents.template_package import read_template
from planforge.documents.templates_check import sample_inputs, templates_by_name
from planforge.errors import RenderError, TemplateError
from planforge.resources import templates_dir

PLAN_TEMPLATE = templates_dir() / "innovation-plan.docx"


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _package(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _template(tmp_path: Path, parts: dict[str, bytes], name: str = "innovation-plan.docx") -> Path:
    path = tmp_path / name
    path.write_bytes(_package(parts))
    return path


def _with_body(text: str, source: Path = PLAN_TEMPLATE) -> dict[str, bytes]:
    parts = _parts(source.read_bytes())
    paragraph = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>", b"<w:body>" + paragraph, 1
    )
    return parts


# --------------------------------------------------------------------------- the package


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "the file is empty"),
        (b"%PDF-1.7\n%\xe2\xe3\n", "it is a PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old-style Word .doc"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
        (b"Plain words, renamed to .docx\n", "it is a text file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "not a zip package"),
        (b"PK\x03\x04 broken", "damaged"),
    ],
)
def test_files_that_are_not_a_docx_get_one_clear_message(
    tmp_path: Path, data: bytes, expected: str
) -> None:
    path = tmp_path / "waiver-request.docx"
    path.write_bytes(data)
    with pytest.raises(TemplateError) as info:
        read_template(path)
    assert expected in str(info.value)
    assert "waiver-request.docx" in str(info.value)
    assert info.value.exit_code == 3


def test_odt_dotx_and_docm_are_named(tmp_path: Path) -> None:
    odt = _template(tmp_path, {"mimetype": b"application/vnd.oasis.opendocument.text",
                               "content.xml": b"<office/>"}, "a.docx")  # fmt: skip
    with pytest.raises(TemplateError, match=r"OpenDocument \(\.odt\)"):
        read_template(odt)
    parts = _parts(PLAN_TEMPLATE.read_bytes())
    for main, what in (
        ("template.main+xml", r"\.dotx"),
        ("document.macroEnabled.main+xml", "docm"),
    ):
        parts["[Content_Types].xml"] = _parts(PLAN_TEMPLATE.read_bytes())[
            "[Content_Types].xml"
        ].replace(b"document.main+xml", main.encode())
        with pytest.raises(TemplateError, match=what):
            read_template(_template(tmp_path, parts))


@pytest.mark.parametrize("part", template_package.REQUIRED_PARTS)
def test_a_template_without_a_required_part_is_refused(tmp_path: Path, part: str) -> None:
    parts = _parts(PLAN_TEMPLATE.read_bytes())
    del parts[part]
    with pytest.raises(TemplateError, match=re.escape(part)):
        read_template(_template(tmp_path, parts))


def test_bad_xml_doctype_and_dangling_relationships_are_refused(tmp_path: Path) -> None:
    parts = _parts(PLAN_TEMPLATE.read_bytes())
    bad = dict(parts, **{"word/styles.xml": b"<w:styles><unclosed></w:styles>"})
    with pytest.raises(TemplateError, match=r"word/styles\.xml is not well-formed XML"):
        read_template(_template(tmp_path, bad))
    entity = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;&a;</x>'
    with pytest.raises(TemplateError, match="DOCTYPE"):
        read_template(_template(tmp_path, dict(parts, **{"word/settings.xml": entity})))
    dangling = {k: v for k, v in parts.items() if k != "word/numbering.xml"}
    with pytest.raises(TemplateError, match=r"refers to word/numbering\.xml"):
        read_template(_template(tmp_path, dangling))


@pytest.mark.parametrize(
    "part",
    ["word/document.xml", "word/styles.xml", "word/numbering.xml", "docProps/core.xml",
     "word/header1.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"],
)  # fmt: skip
def test_a_part_with_the_wrong_root_element_is_refused(tmp_path: Path, part: str) -> None:
    parts = dict(_parts(PLAN_TEMPLATE.read_bytes()), **{part: b"<notes><n>hi</n></notes>"})
    with pytest.raises(TemplateError, match=rf"part {re.escape(part)} is not what Word writes"):
        read_template(_template(tmp_path, parts))


def test_sizes_and_part_count_are_bounded_before_unpacking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = _parts(PLAN_TEMPLATE.read_bytes())
    many = dict(parts, **{f"customXml/item{i}.xml": b"<x/>" for i in range(1001)})
    with pytest.raises(TemplateError, match="at most 1000"):
        read_template(_template(tmp_path, many))
    monkeypatch.setattr(template_package, "MAX_XML_BYTES", 40_000)
    with pytest.raises(TemplateError, match=r"too large once unpacked \(word/document\.xml"):
        read_template(PLAN_TEMPLATE)  # document.xml is about 55 KB
    monkeypatch.setattr(template_package, "MAX_FILE_BYTES", 1000)
    with pytest.raises(TemplateError, match="at most 0 MiB"):
        read_template(PLAN_TEMPLATE)


def test_a_part_that_lies_about_its_size_is_not_inflated(tmp_path: Path) -> None:
    data = bytearray(PLAN_TEMPLATE.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    # Shrink the declared size in the central directory: zipfile stops there and the CRC fails.
    directory = data.rfind(b"PK\x01\x02", 0, data.find(b"word/document.xml", len(data) // 2))
    data[directory + 24 : directory + 28] = (100).to_bytes(4, "little")
    assert info.file_size > 100
    path = tmp_path / "innovation-plan.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(TemplateError, match="damaged"):
        read_template(path)


def test_bundled_templates_pass_unchanged() -> None:
    for name in templates_by_name():
        path = templates_dir() / name
        assert read_template(path) == path.read_bytes()


# --------------------------------------------------------------------------- LibreOffice quirks


def _libreoffice_like(tmp_path: Path) -> Path:
    """What LibreOffice writes: its core-properties relationship type, no w:updateFields."""
    parts = _parts(PLAN_TEMPLATE.read_bytes())
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(
        template_package.CORE_PROPERTIES.encode(), template_package.LO_CORE_PROPERTIES.encode()
    )
    parts["word/settings.xml"] = re.sub(rb"<w:updateFields[^>]*/>", b"", parts["word/settings.xml"])
    return _template(tmp_path, parts)


def test_libreoffice_quirks_are_undone(tmp_path: Path) -> None:
    fixed = _parts(read_template(_libreoffice_like(tmp_path)))
    assert template_package.CORE_PROPERTIES.encode() in fixed["_rels/.rels"]
    settings = fixed["word/settings.xml"].decode()
    assert '<w:updateFields w:val="true"/><w:compat>' in settings  # in schema order


def test_a_libreoffice_saved_template_renders_one_core_properties_part(tmp_path: Path) -> None:
    _libreoffice_like(tmp_path)
    data = render("plan", base_plan(), templates=tmp_path)  # warnings are errors here
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        assert names.count("docProps/core.xml") == 1
        assert b"updateFields" in z.read("word/settings.xml")


def test_no_break_spaces_and_low_quotes_inside_tags_are_read(tmp_path: Path) -> None:
    text = "Hello\u00a0{{\u00a0school.name\u00a0}} {{ \u201ex\u201c if draft else \u201ey\u201c }}"
    _template(tmp_path, _with_body(text))
    data = render("plan", base_plan(), templates=tmp_path)
    assert "Hello\u00a0TODO: the school" in _parts(data)["word/document.xml"].decode()


# --------------------------------------------------------------------------- the sandbox


@pytest.mark.parametrize(
    "source",
    [
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ lipsum.__globals__['os'] }}",
        "{{ 'x' * 100000000 }}",
        "{{ [1] * 10000000 }}",
        "{{ 2 ** 100000 }}",
        "{% for i in range(100) %}{{ 'x' * 1000000 }}{% endfor %}",
    ],
)
def test_the_sandbox_refuses(source: str) -> None:
    with pytest.raises(SecurityError):
        environment().from_string(source).render()


def test_the_sandbox_keeps_autoescape_finalize_and_strict_undefined() -> None:
    env = environment()
    assert env.from_string("{{ a }}|{{ 2 * 3 }}|{{ 'ab' * 2 }}").render(a="<b> & c") == (
        "&lt;b&gt; &amp; c|6|abab"
    )
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ nothing }}").render()
    with pytest.raises(SecurityError):
        env.from_string("{{ items.append(1) }}").render(items=[])  # immutable sandbox


def test_compiled_code_on_disk_is_sandboxed_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planforge.documents import docx as docx_module

    (tmp_path / "cache").mkdir()
    monkeypatch.setenv("PLANFORGE_CACHE_DIR", str(tmp_path / "cache"))
    marker = tmp_path / "PWNED"
    payload = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    for _ in range(2):  # the second run reads the compiled code back from the disk cache
        monkeypatch.setattr(docx_module, "_COMPILED", {})
        with pytest.raises(SecurityError):
            environment().from_string(payload).render()
    assert list((tmp_path / "cache").iterdir())
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{ cycler.__init__.__globals__ }}", r"was stopped: access to attribute '__init__'"),
        ("{{ 1 / 0 }}", r"a template tag failed \(ZeroDivisionError"),
        ("{{ school.name() }}", r"a template tag failed \(TypeError"),
        ("{% include 'other.docx' %}", "a template tag failed"),
        ("{{ range(1000000) | list }}", "a template tag failed"),
        ("{{ shcool.name }}", r"does not provide: shcool\.name \(there is no variable 'shcool'"),
        ("{{ school.nmae }}", r"does not provide: school\.nmae \(school has no 'nmae'"),
    ],
)
def test_render_errors_are_one_template_error(tmp_path: Path, text: str, expected: str) -> None:
    _template(tmp_path, _with_body(text))
    with pytest.raises(TemplateError, match=expected) as info:
        render("plan", base_plan(), templates=tmp_path)
    assert str(info.value).startswith("innovation-plan.docx: ")


# --------------------------------------------------------------------------- verification


def test_verify_requires_the_parts_word_needs() -> None:
    data = render("plan", base_plan())
    verify(data, [], "x.docx")
    parts = _parts(data)
    del parts["word/_rels/document.xml.rels"]
    with pytest.raises(RenderError, match=r"no word/_rels/document\.xml\.rels"):
        verify(_package(parts), [], "x.docx")


def test_verify_refuses_a_part_stored_twice() -> None:
    buffer = io.BytesIO(render("plan", base_plan()))
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(buffer, "a") as z:
        z.writestr("docProps/core.xml", b"<x/>")
    with pytest.raises(RenderError, match=r"docProps/core\.xml twice"):
        verify(buffer.getvalue(), [], "x.docx")


# --------------------------------------------------------------------------- naming variables


def _unknown(source: str, context: dict[str, Any]) -> list[str]:
    tree = jinja2.Environment().parse(source)
    return [u.expression for u in unknown_names(tree, context, {"range": range, "cycler": 0})]


def test_unknown_names_are_spelt_as_in_the_template() -> None:
    context = {"school": {"name": "A"}, "levers": [{"title": "x"}, {"title": "y", "more": 1}]}
    source = (
        "{{ shcool.name }} {{ school.nmae }} {{ school['nmae2'] }} {{ school.name.upper() }}"
        "{% for lever in levers %}{{ lever.title }}{{ lever.more }}{{ lever.titel }}"
        "{{ loop.index }}{% endfor %}{{ lever }}{% for i in range(3) %}{{ i.x }}{% endfor %}"
        "{% if school.zone is defined %}{{ school.zone | default('') }}{% endif %}"
        "{% set s = school %}{{ s.nmae3.deeper }}{% with z = school %}{{ z.name }}{% endwith %}"
        "{% macro m(x) %}{{ x.anything }}{{ shcool2 }}{% endmacro %}{{ m(1) }}"
    )
    assert _unknown(source, context) == [
        "shcool.name",
        "school.nmae",
        "school['nmae2']",
        "lever.titel",
        "lever",
        "s.nmae3.deeper",
        "shcool2",
    ]


def test_every_variable_of_every_bundled_template_is_checked_by_the_sample() -> None:
    """Misspell each `{{ a.b }}` in turn: the sample's contexts must catch every one (so the
    sample fills every list a template loops over)."""
    inputs = sample_inputs()
    for name, kinds in templates_by_name().items():
        sources = template_sources(templates_dir() / name)
        contexts = [DOCUMENT_KINDS[k].build(inputs[k][0]) for k in kinds]
        for context in contexts:
            assert find_unknown(sources, context) == [], name
        tags = {m for _, src in sources for m in re.findall(r"\{\{p? ([\w.]+\.\w+) \}\}", src)}
        assert len(tags) > 10, name
        for tag in sorted(tags):
            wrong = tag + "x"
            mutated = [(p, s.replace(f" {tag} }}}}", f" {wrong} }}}}")) for p, s in sources]
            found = {u.unknown.expression for c in contexts for u in find_unknown(mutated, c)}
            assert wrong in found, f"{name}: the sample does not exercise {{{{ {tag} }}}}"
