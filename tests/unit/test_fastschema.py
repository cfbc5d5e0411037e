"""The generated fast validators: current, and never more lenient than jsonschema."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planforge.inputs import fastgen as fastgen
from planforge.inputs.loader import load_file
from planforge.inputs.schemas import fast_valid, is_date, validator_for
from planforge.inputs.validate import detect_kind, validate_document

ROOT = Path(__file__).resolve().parents[2]


def _examples() -> list[tuple[str, str, Any]]:
    out = []
    for path in sorted((ROOT / "examples").rglob("*.yaml")):
        data = load_file(path).data
        kind = detect_kind(data)
        if kind is not None:
            out.append((str(path.relative_to(ROOT)), kind, data))
    return out


EXAMPLES = _examples()


def full_valid(kind: str, data: Any) -> bool:
    """The reference answer: Draft7Validator with FormatChecker(["date"])."""
    return not any(True for _ in validator_for(kind).iter_errors(data))


# -- the committed modules are current ----------------------------------------------------


@pytest.mark.parametrize("label", fastgen.LABELS)
def test_generated_module_is_current(label: str) -> None:
    committed = fastgen.module_path(label).read_text(encoding="utf-8")
    assert committed == fastgen.generate(label), (
        f"{fastgen.module_path(label).name} is stale; regenerate it from the repository root "
        f"with: {fastgen.REGENERATE}"
    )


def test_check_mode_reports_a_stale_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(fastgen, "PACKAGE_DIR", tmp_path)
    assert fastgen.main(["--check"]) == 1
    assert fastgen.REGENERATE in capsys.readouterr().err
    assert fastgen.main([]) == 0
    assert fastgen.main(["--check"]) == 0


def test_generated_modules_need_only_the_standard_library() -> None:
    code = (
        "import sys, planforge.inputs._fastschema_plan, planforge.inputs._fastschema_zone;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'fastjsonschema', 'jsonschema', 'referencing'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_valid_documents_skip_jsonschema() -> None:
    path = ROOT / "examples" / "standalone" / "plan.yaml"
    code = (
        "import sys; from pathlib import Path; from planforge.inputs.pipeline import check_file;"
        f"r = check_file(Path({str(path)!r}));"
        "print(len(r.findings), 'jsonschema' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False"]


# -- explicit cases -----------------------------------------------------------------------


def _example(kind: str) -> Any:
    return copy.deepcopy(next(data for _, k, data in EXAMPLES if k == kind))


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    target = data
    for token in path[:-1]:
        target = target[token]
    target[path[-1]] = value
    return data


def test_every_example_is_valid_on_both_paths() -> None:
    for name, kind, data in EXAMPLES:
        assert fast_valid(kind, data), name
        assert full_valid(kind, data), name


PLAN_CASES = {
    "impossible date": (("submitted",), "2026-02-30"),
    "month 13": (("submitted",), "2026-13-01"),
    "year zero": (("submitted",), "0000-01-01"),
    "not a leap year": (("submitted",), "2027-02-29"),
    "date as number": (("submitted",), 20260120),
    "time without leading zero": (
        ("levers", "schedule", "bell_schedules", 0, "blocks", 0, "start"),
        "8:30",
    ),
    "hour 24": (("levers", "schedule", "bell_schedules", 0, "blocks", 0, "start"), "24:00"),
    "cde_code as number": (("school", "cde_code"), 412),
    "enum typo": (("school", "status"), "exisitng"),
    "empty text": (("school", "name"), ""),
    "empty value": (("school", "name"), None),
    "negative count": (("school", "enrollment"), -1),
    "fractional count": (("school", "enrollment"), 412.5),
    "bool as count": (("school", "enrollment"), True),
    "too many days": (("levers", "schedule", "instructional_days"), 367),
    "wrong kind": (("kind",), "zone_agreement"),
}


@pytest.mark.parametrize("case", sorted(PLAN_CASES))
def test_fast_path_rejects(case: str) -> None:
    path, value = PLAN_CASES[case]
    data = _set(_example("innovation_plan"), path, value)
    assert not full_valid("innovation_plan", data)
    assert not fast_valid("innovation_plan", data)


def test_fast_path_accepts_a_leap_day_and_whole_float() -> None:
    data = _example("innovation_plan")
    data["submitted"] = "2028-02-29"
    data["school"]["enrollment"] = 412.0
    assert full_valid("innovation_plan", data)
    assert fast_valid("innovation_plan", data)


def test_unknown_key_and_missing_key_are_rejected() -> None:
    extra = _example("innovation_plan")
    extra["school"]["principal"] = "Someone"
    missing = _example("zone_agreement")
    del missing[next(iter(missing))]
    assert not fast_valid("innovation_plan", extra)
    assert not fast_valid("zone_agreement", missing)


def test_repeated_list_entry_is_rejected() -> None:
    data = _example("innovation_plan")
    waiver = next(w for w in data["waivers"] if w["levers"])
    waiver["levers"] = [*waiver["levers"], waiver["levers"][0]]
    assert not full_valid("innovation_plan", data)
    assert not fast_valid("innovation_plan", data)


def test_date_check_matches_jsonschema() -> None:
    assert is_date("2026-01-20")
    assert is_date(20260120)  # not a string: the `type` keyword reports it
    for bad in ("2026-02-30", "2026-1-20", "2026-01-20\n", "٢٠٢٦-01-20", "0000-01-01", "x"):
        assert not is_date(bad), bad


def _test_documents() -> list[Any]:
    """tests/data: the minimal plan and zone, the render fixtures and every negative case."""
    out = []
    for path in sorted((ROOT / "tests" / "data").rglob("*.yaml")):
        doc = load_file(path)
        kind = detect_kind(doc.data) if doc.usable else None
        if kind is not None:
            out.append(pytest.param(kind, doc.data, id=path.parent.name + "/" + path.name))
    return out


@pytest.mark.parametrize(("kind", "data"), _test_documents())
def test_test_data_and_negative_cases_agree(kind: str, data: Any) -> None:
    assert fast_valid(kind, data) == full_valid(kind, data)


# Strings on which regex engines and date parsers disagree: a trailing newline (Python's `$`
# matches before it), non-ASCII digits, and whitespace that Python's `\s` has and ECMA-262's
# lacks (U+001C..U+001F, U+0085) or the reverse (U+FEFF); the loader passes them all through
# from escapes in double-quoted YAML. The fast path may refuse such a value (jsonschema then
# decides) but must never accept one jsonschema rejects.
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _edge_variants(value: str) -> list[str]:
    return [
        f"{value}\n",
        f"\x85{value}",
        f"\x1c{value}",
        f"\ufeff{value}",
        f"{value}\x85",
        f"\u2028{value}",
        value.translate(_ARABIC_DIGITS),
    ]


def _short_string_leaves(data: Any) -> list[tuple[tuple[Any, ...], str]]:
    """One short string per place in the document (list indexes folded): where patterns are."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for path, value in _nodes(data):
        shape = tuple(0 if isinstance(t, int) else t for t in path)
        if isinstance(value, str) and len(value) <= 40 and path and shape not in seen:
            seen.add(shape)
            out.append((path, value))
    return out


@pytest.mark.parametrize("kind", ["innovation_plan", "zone_agreement"])
def test_fast_path_is_never_more_lenient_on_edge_strings(kind: str) -> None:
    original = _example(kind)
    original.setdefault("rules", ["co", "dps"])  # pattern ^[^,\s][^,]*$; no example has one yet
    assert full_valid(kind, original)
    checked = 0
    for path, value in _short_string_leaves(original):
        for variant in _edge_variants(value):
            data = _set(copy.deepcopy(original), path, variant)
            if fast_valid(kind, data):
                assert full_valid(kind, data), (path, variant)
                checked += 1
    assert checked  # free text fields take these values, so some are accepted


def test_fallback_still_gives_messages() -> None:
    doc = load_file(ROOT / "examples" / "standalone" / "plan.yaml")
    _set(doc.data, ("submitted",), "2026-02-30")
    _, findings = validate_document(doc)
    assert [f.code for f in findings] == ["schema.format"]


# -- property: the fast answer equals the full answer ---------------------------------------

REPLACEMENTS: list[Any] = [
    None, "", " ", "x", "TODO", 0, -1, 1, 1.5, 366, 367, 10**9, -0.5, True, False, [], {},
    "2026-01-20", "2026-02-30", "2026-13-01", "2028-02-29", "2027-02-29", "0000-01-01",
    "26-01-20", "08:30", "8:30", "24:00", "15:45", "2026-27", "2026-2027", "K-5", "13",
    "0412", "412", "elementary", "renewal", "kept", "teachers", "secret_ballot",
    "curriculum", "someone@example.org", "not-an-email", "w-calendar", "W Calendar",
    ["x"], [""], [None], {"name": "x"},
]  # fmt: skip


# Near misses of the same shape as the value they replace, so format and range checks are
# exercised often, not only when a random replacement happens to land on the right field.
NEAR_MISSES: list[tuple[re.Pattern[str], list[Any]]] = [
    (re.compile(r"\d{4}-\d{2}-\d{2}"), ["2026-02-30", "2026-04-31", "2027-02-29", "2028-02-29",
                                           "2026-00-10", "0000-01-01", "2026-1-20", "2026-12-31"]),
    (re.compile(r"\d{2}:\d{2}"), ["8:30", "08:60", "24:00", "23:59", "00:00", "08:30:00"]),
    (re.compile(r"\d{4}-\d{2}"), ["2026-2027", "2026-7", "2026-27"]),
]  # fmt: skip
NUMBERS: list[Any] = [-1, -0.01, 0, 0.5, 1, 366, 367, 1.0, "1", None]


def _near_miss_options(value: Any) -> list[Any]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return NUMBERS
    for shape, options in NEAR_MISSES:
        if isinstance(value, str) and shape.fullmatch(value):
            return options
    return REPLACEMENTS


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    out = [(path, value)]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _nodes(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _nodes(child, (*path, index))
    return out


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for token in path[:-1]:
        data = data[token]
    return data


def _mutate(draw: st.DrawFn, data: Any) -> None:
    nodes = _nodes(data)
    scalars = [n for n in nodes if not isinstance(n[1], (dict, list))]
    shaped = [n for n in scalars if _near_miss_options(n[1]) is not REPLACEMENTS]
    path, value = draw(st.sampled_from(nodes) | st.sampled_from(scalars) | st.sampled_from(shaped))
    op = draw(st.sampled_from(["delete", "replace", "near-miss", "add-key", "repeat"]))
    if op == "delete" and path:
        del _parent(data, path)[path[-1]]
    elif op == "replace" and path:
        _parent(data, path)[path[-1]] = copy.deepcopy(draw(st.sampled_from(REPLACEMENTS)))
    elif op == "near-miss" and path:
        _parent(data, path)[path[-1]] = draw(st.sampled_from(_near_miss_options(value)))
    elif op == "add-key" and isinstance(value, dict):
        value[draw(st.sampled_from(["unknown_field", "note", "Name", "name", "id"]))] = "x"
    elif op == "repeat" and isinstance(value, list) and value:
        value.append(copy.deepcopy(draw(st.sampled_from(value))))


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str, Any]:
    name, kind, original = draw(st.sampled_from(EXAMPLES))
    data = copy.deepcopy(original)
    for _ in range(draw(st.integers(1, 3))):
        _mutate(draw, data)
    return name, kind, data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_fast_path_agrees_with_jsonschema(case: tuple[str, str, Any]) -> None:
    name, kind, data = case
    assert fast_valid(kind, data) == full_valid(kind, data), name
