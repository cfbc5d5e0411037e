"""Property tests: the loader never crashes and never changes a value."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from planforge.errors import Severity
from planforge.inputs.loader import _ILLEGAL, load_text

KEYS = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40).filter(
    lambda s: not _ILLEGAL.search(s)
)
SCALARS = st.one_of(TEXT, st.integers(-(10**12), 10**12), st.booleans(), st.none())
TREES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, TREES, min_size=1, max_size=6))
def test_json_flow_round_trips_exactly(data: dict[str, object]) -> None:
    """JSON is YAML: any JSON-written plan loads to exactly the same data."""
    doc = load_text(json.dumps(data, ensure_ascii=False) + "\n")
    assert [f for f in doc.findings if f.severity is Severity.ERROR] == []
    assert doc.data == data


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_loads_or_reports_never_raises(text: str) -> None:
    doc = load_text(text)
    if doc.data is None:
        assert any(f.severity is Severity.ERROR for f in doc.findings)
        assert all(f.line is not None and f.line >= 1 for f in doc.findings)
    else:
        assert isinstance(doc.data, dict)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[A-Za-z0-9:.\-_+ ]{1,12}", fullmatch=True))
def test_plain_scalars_are_kept_or_typed_faithfully(typed: str) -> None:
    typed = typed.strip()
    doc = load_text(f"v: {typed}\n")
    if doc.data is None:
        return
    value = doc.data["v"]
    if isinstance(value, str):
        assert value == typed
    elif isinstance(value, bool) or value is None:
        assert typed.lower() in {"true", "false", "null", "~", ""}
    else:
        assert float(value) == float(typed)
        assert (
            not typed.lstrip("+-").startswith("0")
            or typed.lstrip("+-").startswith(("0.", "0e", "0E"))
            or typed.lstrip("+-") == "0"
        )


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(KEYS, st.lists(KEYS, min_size=1, max_size=3), min_size=1, max_size=5))
def test_block_style_positions_point_at_values(data: dict[str, list[str]]) -> None:
    lines = []
    for key, items in data.items():
        lines.append(f"{key}:")
        lines.extend(f"  - {item}" for item in items)
    doc = load_text("\n".join(lines) + "\n")
    source = doc.source_map
    for key, items in data.items():
        key_line, key_col = source.keys[f"/{key}"]
        assert lines[key_line - 1][key_col - 1 :].startswith(key)
        for i, item in enumerate(items):
            line, col = source.values[f"/{key}/{i}"]
            assert lines[line - 1][col - 1 :] == item


YAMLISH = st.text(alphabet="ab9 :-#\n[]{},'\".&*!|>?~\t", max_size=60)


@settings(max_examples=600, deadline=None)
@given(st.one_of(YAMLISH, st.builds(lambda k, v: f"{k}: {v}\n", KEYS, YAMLISH)))
def test_fast_and_pure_parsers_agree(text: str) -> None:
    """Where both parsers read a file, they read it the same way.

    Each also accepts a little the other refuses (libyaml: tabs as separators, which YAML 1.2
    allows; the pure parser: `8:30` inside `{...}`); the loader uses libyaml and falls back to
    the pure parser when libyaml refuses, so it accepts the union.
    """
    from planforge.inputs.loader import force_pure_parser, use_c_parser

    if not use_c_parser():
        return
    fast = load_text(text)
    force_pure_parser(True)
    try:
        pure = load_text(text)
    finally:
        force_pure_parser(False)
    if fast.data is None or pure.data is None:
        return
    codes = [f.code for f in fast.findings]
    if any(f.severity.value == "error" for f in fast.findings):
        # A refused file's data is never used; the parsers may split e.g. `&x:y` differently
        # (libyaml ends an anchor at `:`), but both must refuse it for the same reason.
        assert codes == [f.code for f in pure.findings]
        return
    assert fast.data == pure.data
    # An empty value has no text of its own; the parsers place it a column apart.
    empty = {p for p, raw in pure.source_map.raw.items() if raw == ""}
    assert _without(fast.source_map.values, empty) == _without(pure.source_map.values, empty)
    assert [f.code for f in fast.findings] == [f.code for f in pure.findings]


def _without(positions: dict[str, tuple[int, int]], skip: set[str]) -> dict[str, tuple[int, int]]:
    return {k: v for k, v in positions.items() if k not in skip}
