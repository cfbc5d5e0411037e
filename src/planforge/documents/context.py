"""Template context: a validated plan (and optionally its review) as plain template values.

The *context* is what a Word template sees: dicts, lists and strings, with table rows already
shaped (totals computed, money formatted "$1,234,567", percentages "52.4%"). Three kinds of
value carry the user's own words, and each records itself when the template prints it, so the
renderer can check that every plan string the template shows really is in the document:

* :class:`PlanText` - a string exactly as typed (a ``str`` subclass, escaped once on output);
* :class:`Prose` - a long field in the markdown subset of :mod:`planforge.documents.markdown`, printed with
  ``{{p ... }}`` as real paragraphs;
* :class:`Missing` - in ``--draft`` mode, a required value that is absent, printed as a
  highlighted ``[MISSING: levers.budget.totals]``.

This module is pure: no docx imports, no file access. The document-specific builders live in
:mod:`planforge.documents.plan_context` and :mod:`planforge.documents.memo_context`.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from planforge.documents.markdown import escape, paragraph_xml, plain_text, run_xml, wordml
from planforge.domain.numbers import exact as exact
from planforge.domain.numbers import hours as hours
from planforge.domain.numbers import is_number as is_number
from planforge.domain.numbers import money as money
from planforge.domain.numbers import number as number
from planforge.domain.numbers import percent as percent
from planforge.domain.numbers import signed_money as signed_money
from planforge.domain.params import with_defaults
from planforge.domain.pointers import readable as readable


@dataclass(frozen=True)
class Shown:
    """A plan value the template printed, and the text a reader must find for it."""

    pointer: str
    text: str


SHOWN: ContextVar[list[Shown] | None] = ContextVar("planforge_shown", default=None)


def _record(pointer: str, text: str) -> None:
    shown = SHOWN.get()
    if shown is not None:
        shown.append(Shown(pointer, text))


class PlanText(str):
    """A string the user typed, printed exactly (escaped once) and recorded when shown."""

    pointer: str

    def __new__(cls, value: str, pointer: str = "") -> PlanText:
        obj = super().__new__(cls, value)
        obj.pointer = pointer
        return obj

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return (str(self), self.pointer)

    def __html__(self) -> str:
        _record(self.pointer, str(self))
        return escape(str(self))


@dataclass(frozen=True)
class Prose:
    """A long text field in the markdown subset, printed as Word paragraphs."""

    text: str
    pointer: str = ""

    def __bool__(self) -> bool:
        return bool(self.text.strip())

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        _record(self.pointer, plain_text(self.text))
        return wordml(self.text)


@dataclass(frozen=True)
class Missing:
    """A required value absent from a draft plan: a visible, highlighted placeholder."""

    pointer: str
    paragraph: bool = False

    @property
    def label(self) -> str:
        return f"[MISSING: {readable(self.pointer)}]"

    def __str__(self) -> str:
        return self.label

    def __html__(self) -> str:
        _record(self.pointer, self.label)
        run = run_xml(self.label, bold=True, highlight="yellow")
        if self.paragraph:
            return paragraph_xml(run)
        # Close the template's run, add the highlighted one, reopen a plain run.
        return f'</w:t></w:r>{run}<w:r><w:t xml:space="preserve">'


Value = PlanText | Prose | Missing | None

# --------------------------------------------------------------------------- formatting
# The pure formatting functions live in planforge.domain.numbers (the review and the diff use
# them too); they are re-exported here for the context builders.

# --------------------------------------------------------------------------- reading the plan


class Reader:
    """Reads values from plan data by JSON Pointer, wrapping what the user typed.

    In draft mode a required value that is absent (or of the wrong type) becomes a
    :class:`Missing` placeholder; otherwise an absent optional value is None.
    """

    def __init__(self, data: Any, *, draft: bool = False) -> None:
        self.data = data if isinstance(data, dict) else {}
        self.draft = draft

    def get(self, pointer: str) -> Any:
        """The raw value at `pointer`, or None."""
        from planforge.domain.pointers import value_at

        return value_at(self.data, pointer)

    def _absent(self, pointer: str, required: bool, paragraph: bool) -> Value:
        return Missing(pointer, paragraph) if required and self.draft else None

    def text(self, pointer: str, *, required: bool = False) -> Value:
        """A short string as typed (numbers typed where text was expected are shown too)."""
        value = self.get(pointer)
        if isinstance(value, str) and value.strip():
            return PlanText(value, pointer)
        if is_number(value):
            return PlanText(str(value), pointer)
        return self._absent(pointer, required, paragraph=False)

    def prose(self, pointer: str, *, required: bool = False) -> Value:
        """A markdown prose field."""
        value = self.get(pointer)
        if isinstance(value, str) and value.strip():
            return Prose(value, pointer)
        return self._absent(pointer, required, paragraph=True)

    def num(self, pointer: str) -> float | None:
        """A number, or None."""
        value = self.get(pointer)
        return value if is_number(value) else None

    def items(self, pointer: str) -> list[tuple[str, dict[str, Any]]]:
        """(pointer, mapping) for each mapping in the list at `pointer`."""
        value = self.get(pointer)
        if not isinstance(value, list):
            return []
        return [(f"{pointer}/{i}", item) for i, item in enumerate(value) if isinstance(item, dict)]

    def strings(self, pointer: str) -> list[PlanText]:
        """Each non-empty string in the list at `pointer`."""
        value = self.get(pointer)
        if not isinstance(value, list):
            return []
        return [
            PlanText(v, f"{pointer}/{i}") for i, v in enumerate(value) if isinstance(v, str) and v
        ]

    def money_at(self, pointer: str, *, required: bool = False) -> str | Value:
        """A money amount formatted, or a placeholder."""
        value = self.num(pointer)
        if value is None:
            return self._absent(pointer, required, paragraph=False)
        return money(value)


def plain(value: Any, default: str = "") -> str:
    """A value as text for a sentence planforge writes (placeholders as their label)."""
    if value is None:
        return default
    return str(value)


def fact(label: str, value: Any) -> dict[str, Any]:
    """One row of a label | value facts table."""
    return {"label": label, "value": value}


def signatories(r: Reader) -> list[dict[str, Value | str]]:
    """The signers the file lists under ``signatories``: name, title and party as typed (a
    document with a signature block of its own uses it when the list is empty)."""
    return [
        {
            "name_line": r.text(f"{p}/name", required=True),
            "title": r.text(f"{p}/title", required=True),
            "party": r.text(f"{p}/party", required=True),
        }
        for p, _ in r.items("/signatories")
    ]


def pack_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """The packs' parameters a document prints (the default pack's when none were chosen).

    ``RenderInput.params`` carries the parameters of the packs the review applied; a caller
    that chose none (empty params) gets the default pack's, read once per process.
    """
    return with_defaults(params)


def person_line(r: Reader, pointer: str) -> str | None:
    """`Name, Title, email, phone` of the person at `pointer` (the parts typed), or None."""
    parts = [plain(r.text(f"{pointer}/{k}")) for k in ("name", "title", "email", "phone")]
    parts = [p for p in parts if p]
    return ", ".join(parts) if parts else None
