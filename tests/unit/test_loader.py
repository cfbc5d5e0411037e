"""The loader keeps what the user typed, or stops with a located finding."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from planforge.errors import InputFileError, Severity
from planforge.inputs.loader import (
    MAX_BYTES,
    force_pure_parser,
    load_bytes,
    load_file,
    load_text,
    resolve_plain,
    use_c_parser,
)


@pytest.fixture(autouse=True, params=["libyaml", "pure"])
def parser(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Every loader test runs with the fast libyaml parser and the pure-Python one."""
    force_pure_parser(request.param == "pure")
    if request.param == "libyaml" and not use_c_parser():
        pytest.skip("ruamel.yaml.clib is not installed")
    yield request.param
    force_pure_parser(False)


def codes(doc) -> list[tuple[int | None, int | None, str]]:
    return [(f.line, f.column, f.code) for f in doc.findings]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("8:30", "8:30"),
        ("14:45", "14:45"),
        ("09:30", "09:30"),
        ("no", "no"),
        ("NO", "NO"),
        ("No", "No"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("02134", "02134"),
        ("0755", "0755"),
        ("0o17", "0o17"),
        ("0x1F", "0x1F"),
        ("2026-01-20", "2026-01-20"),
        ("2026-01-20T08:30:00", "2026-01-20T08:30:00"),
        ("1_000", "1_000"),
        (".inf", ".inf"),
        ("007.5", "007.5"),
    ],
)
def test_ambiguous_plain_scalars_stay_as_typed(typed: str, expected: str) -> None:
    doc = load_text(f"value: {typed}\n")
    assert doc.findings == []
    assert doc.data == {"value": expected}
    assert isinstance(doc.data["value"], str)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("0", 0),
        ("412", 412),
        ("-3", -3),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("true", True),
        ("false", False),
        ("~", None),
        ("null", None),
        ("", None),
    ],
)
def test_core_schema_values_are_typed(typed: str, expected: object) -> None:
    assert load_text(f"value: {typed}\n").data == {"value": expected}


def test_numbers_remember_the_text_typed() -> None:
    doc = load_text("version: 1.10\n")
    assert doc.data == {"version": 1.1}
    assert doc.source_map.raw["/version"] == "1.10"


def test_quoted_values_are_always_text() -> None:
    doc = load_text("a: '02134'\nb: \"true\"\nc: '12'\n")
    assert doc.data == {"a": "02134", "b": "true", "c": "12"}


def test_every_node_has_line_and_column() -> None:
    doc = load_text("school:\n  name: Aurora\n  grades: [K, '1']\nlist:\n  - a: 1\n")
    sm = doc.source_map
    assert sm.values["/school/name"] == (2, 9)
    assert sm.keys["/school/name"] == (2, 3)
    assert sm.values["/school/grades/1"] == (3, 15)
    assert sm.values["/list/0/a"] == (5, 8)
    assert sm.locate("/school/missing") == sm.values["/school"]
    assert sm.locate("/school/missing", key=True) == (1, 1)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("{cost: $140,000}", {"cost": "$140,000"}),
        (
            "{title: T, cost: $1,050,000.50, fte: 1}",
            {"title": "T", "cost": "$1,050,000.50", "fte": 1},
        ),
        ("{prior: 1,000,000 , proposed: -$1,200}", {"prior": "1,000,000", "proposed": "-$1,200"}),
        ("{fte: 1,5}", {"fte": "1,5"}),
        ("{t: Señora, cost: $9,000}", {"t": "Señora", "cost": "$9,000"}),
    ],
)
def test_amount_with_commas_in_one_line_mapping_is_read_as_typed(
    typed: str, expected: object
) -> None:
    """YAML splits `{cost: $140,000}` at the comma into `$140` and a key `000`."""
    doc = load_text(f"row: {typed}\n")
    assert doc.data == {"row": expected}
    assert doc.findings == []
    assert set(doc.source_map.values) == {"", "/row", *(f"/row/{k}" for k in expected)}
    assert not any(p.rsplit("/", 1)[-1][0].isdigit() for p in doc.source_map.raw)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("{cost: 140, 000: 2}", {"cost": 140, "000": 2}),  # a space: a real (odd) key
        ("{cost: 1,000: 3}", {"cost": 1, "000": 3}),  # a colon follows: a key with a value
        ("{cost: '$1',000}", {"cost": "$1", "000": None}),  # quoted: what was meant is unclear
        ("{cost: Grade 1,2}", {"cost": "Grade 1", "2": None}),  # not an amount
        ("[1,000]", [1, "000"]),  # a list, not a mapping
    ],
)
def test_only_an_amount_split_at_its_comma_is_joined(typed: str, expected: object) -> None:
    assert load_text(f"row: {typed}\n").data == {"row": expected}


def test_joined_amount_keeps_duplicate_key_check() -> None:
    doc = load_text("row: {cost: $1,000, fte: 1,000, cost: 2}\n")
    assert doc.data == {"row": {"cost": "$1,000", "fte": "1,000"}}
    assert codes(doc) == [(1, 33, "yaml.duplicate-key")]


def test_duplicate_key_reported_at_second_key() -> None:
    doc = load_text("kind: x\nstaff:\n  teachers: 12\n  aides: 2\n  teachers: 14\n")
    assert codes(doc) == [(5, 3, "yaml.duplicate-key")]
    assert "first at line 3" in doc.findings[0].message
    assert doc.data["staff"]["teachers"] == 12


def test_tab_indentation_reported_with_fix() -> None:
    doc = load_text("a:\n\tb: 1\n")
    assert codes(doc) == [(2, 1, "yaml.tab")]
    assert "spaces" in doc.findings[0].message
    assert doc.data is None


def test_anchor_alias_and_merge_key_reported() -> None:
    doc = load_text("base: &b {x: 1}\ncopy: *b\nmerged:\n  <<: *b\n  y: 2\n")
    assert codes(doc) == [
        (1, 7, "yaml.anchor"),
        (2, 7, "yaml.alias"),
        (4, 3, "yaml.merge-key"),
        (4, 7, "yaml.alias"),
    ]
    assert doc.data["merged"] == {"y": 2}
    assert all("full" in f.message for f in doc.findings)


def test_unknown_tags_reported_but_core_tags_allowed() -> None:
    doc = load_text("a: !foo bar\nb: !!str 0755\nc: !!python/object:os.system ls\n")
    assert [c for _, _, c in codes(doc)] == ["yaml.tag", "yaml.tag"]
    assert doc.data["b"] == "0755"


def test_alias_bomb_is_fast_and_bounded() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    text = "\n".join(lines) + "\n"
    tracemalloc.start()
    start = time.perf_counter()
    doc = load_text(text)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 2.0
    assert peak < 20 * 1024 * 1024
    assert any(f.code == "yaml.alias" for f in doc.findings)


def test_dates_stay_strings() -> None:
    assert load_text("d: 2026-01-20\n").data == {"d": "2026-01-20"}


def test_control_characters_reported_and_stripped() -> None:
    doc = load_text("name: Aurora\x0b Vista\nnext: ok\x01!\n")
    assert doc.data == {"name": "Aurora Vista", "next": "ok!"}
    assert codes(doc) == [(1, 13, "yaml.control-character"), (2, 9, "yaml.control-character")]
    assert all(f.severity is Severity.WARNING for f in doc.findings)


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_unicode_line_separators_are_reported_not_folded(char: str) -> None:
    doc = load_text(f'a: "x{char}y"\nb: 2\n')
    assert doc.data == {"a": "xy", "b": 2}
    assert codes(doc) == [(1, 6, "yaml.control-character")]
    assert doc.source_map.values["/b"] == (2, 4)


def test_columns_after_a_stripped_character_are_the_users_columns() -> None:
    doc = load_text("a: \x01x\nb: \x02\x03[1, 2]\n")
    assert doc.data == {"a": "x", "b": [1, 2]}
    assert doc.source_map.values["/a"] == (1, 5)
    assert doc.source_map.values["/b/1"] == (2, 10)


def test_non_utf8_file_gives_one_error_with_position() -> None:
    doc = load_bytes(b"name: Caf\xe9\n", "plan.yaml")
    assert codes(doc) == [(1, 10, "yaml.not-utf8")]
    assert "UTF-8" in doc.findings[0].message


def test_utf8_bom_is_accepted() -> None:
    assert load_bytes(b"\xef\xbb\xbfkind: x\n", "p.yaml").data == {"kind": "x"}


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n", "---\n"])
def test_empty_file(text: str) -> None:
    doc = load_text(text)
    assert [c for _, _, c in codes(doc)] == ["yaml.empty"]


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "42\n"])
def test_non_mapping_file(text: str) -> None:
    doc = load_text(text)
    assert [c for _, _, c in codes(doc)] == ["yaml.not-mapping"]


def test_oversized_file() -> None:
    doc = load_bytes(b"a: " + b"x" * MAX_BYTES + b"\n", "big.yaml")
    assert [c for _, _, c in codes(doc)] == ["yaml.too-large"]
    assert "5 MB" in doc.findings[0].message


def test_multiple_documents() -> None:
    doc = load_text("a: 1\n---\nb: 2\n")
    assert codes(doc) == [(2, 1, "yaml.multiple-documents")]


def test_syntax_error_has_position_and_hint() -> None:
    doc = load_text("title: Plan: the sequel\n")
    assert codes(doc) == [(1, 12, "yaml.syntax")]
    assert "quotes" in doc.findings[0].message


def test_unclosed_quote() -> None:
    doc = load_text('a: "open\nb: 2\n')
    assert [c for _, _, c in codes(doc)] == ["yaml.syntax"]


def test_deep_nesting_stops_cleanly() -> None:
    doc = load_text("a: " + "[" * 200 + "]" * 200 + "\n")
    assert [c for _, _, c in codes(doc)] == ["yaml.too-deep"]


def test_complex_key_reported() -> None:
    doc = load_text("? [a, b]\n: 1\nc: 2\n")
    assert [c for _, _, c in codes(doc)] == ["yaml.complex-key"]
    assert doc.data == {"c": 2}


def test_load_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file"):
        load_file(tmp_path / "missing.yaml")
    with pytest.raises(InputFileError, match="folder"):
        load_file(tmp_path)


def test_resolve_plain_never_changes_digits() -> None:
    for text in ["02134", "0.5", "10", "1.10"]:
        value = resolve_plain(text)
        if isinstance(value, str):
            assert value == text
        else:
            assert float(value) == float(text)
