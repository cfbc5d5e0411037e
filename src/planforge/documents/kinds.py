"""The document kinds planforge renders: one registry for every front end.

Each kind is one Word template, one context builder and one entry in :data:`DOCUMENT_KINDS`.
The command line (``render --document``, ``mou``, ``build``), the packet plan, progress totals,
the template check and the library API all read this registry, so adding a document is:

1. a template in ``templates/`` (edited in Word or LibreOffice);
2. a context builder ``def my_context(inp: RenderInput) -> dict`` (pure: data in, dict out);
3. one :class:`DocumentKind` entry below.

A kind in another format (the budget spreadsheet) has no template: its entry names the format
and a ``write`` function from the context to the file's bytes.

Plan-scoped kinds are rendered once per innovation plan; zone-scoped kinds once per zone
(their :class:`RenderInput` carries the member plans).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Scope = Literal["plan", "zone"]
PLAN_SCOPE: Scope = "plan"
ZONE_SCOPE: Scope = "zone"


@dataclass(frozen=True)
class RenderInput:
    """What a context builder gets: clean data, the draft flag, the review, the date.

    ``params`` are the merged parameters of the rule packs chosen for the file
    (``RuleSet.params``), so a document prints the thresholds the review applied; ``packs``
    names those packs as the review memo shows them. ``members`` is used by zone-scoped
    kinds: the member plans as :class:`planforge.documents.zone_context.Member` values.
    """

    data: Any
    draft: bool = False
    review: Any = None
    today: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    packs: str = ""
    members: tuple[Any, ...] = ()
    zone: Any = None
    """For a plan rendered as a member of a zone: the zone's clean data (its signatories name
    the local board's president for the state waiver request), else None."""


@dataclass(frozen=True)
class DocumentKind:
    """One kind of output document.

    ``suffix`` ends the file name (``<stem><suffix>``); ``title`` is the document's title
    (file properties, progress); ``label`` names it in lists such as SUMMARY.md.

    ``format`` is the file's format: ``docx`` kinds render ``template`` (a Word template in the
    templates folder) from the context ``build`` returns; any other format has no template
    (``template`` is empty) and ``write`` turns the context into the file's bytes (the budget
    spreadsheet). Only Word documents are converted to PDF. ``uses_zone``: the context reads
    the zone of a member plan (:attr:`RenderInput.zone`), so the zone file is part of the
    document's input in an incremental build.
    """

    name: str
    scope: Scope
    template: str
    suffix: str
    title: str
    label: str
    build: Callable[[RenderInput], dict[str, Any]]
    needs_review: bool = False
    format: str = "docx"
    write: Callable[[dict[str, Any]], bytes] | None = None
    uses_zone: bool = False
    jurisdictions: frozenset[str] = frozenset({"CO", "MA"})
    """The states whose plans have this document: the state waiver request and the budget
    section CDE receives are Colorado documents, made for Colorado plans only."""

    @property
    def is_docx(self) -> bool:
        """True for a Word document rendered from a template (and convertible to PDF)."""
        return self.format == "docx"

    def heading(self, context: dict[str, Any]) -> str:
        """The Title property: `<school or zone> — <document title>`."""
        owner = context.get("zone" if self.scope == ZONE_SCOPE else "school", {})
        name = owner.get("name") if isinstance(owner, dict) else None
        title = owner.get("title", self.title) if self.scope == ZONE_SCOPE else self.title
        return f"{name} \u2014 {title}" if name else str(title)


def _plan(inp: RenderInput) -> dict[str, Any]:
    from planforge.documents.plan_context import plan_context

    return plan_context(inp.data, draft=inp.draft, titles=catalog_title, params=inp.params)


def _waivers(inp: RenderInput) -> dict[str, Any]:
    from planforge.documents.waiver_context import waiver_request_context

    return waiver_request_context(
        inp.data, draft=inp.draft, titles=catalog_title, params=inp.params, zone=inp.zone
    )


def _budget(inp: RenderInput) -> dict[str, Any]:
    from planforge.documents.budget_context import budget_section_context

    return budget_section_context(
        inp.data, draft=inp.draft, titles=catalog_title, params=inp.params
    )


def _budget_sheet(inp: RenderInput) -> dict[str, Any]:
    from planforge.documents.budget_context import budget_sheet_context

    return budget_sheet_context(inp.data, draft=inp.draft, params=inp.params)


def _write_budget_sheet(context: dict[str, Any]) -> bytes:
    from planforge.documents.budget_xlsx import budget_workbook

    return budget_workbook(context)


def _review(inp: RenderInput) -> dict[str, Any]:
    from planforge.documents.memo_context import review_context

    return review_context(inp.data, inp.review, draft=inp.draft, today=inp.today, params=inp.params)


def _agreement(inp: RenderInput) -> dict[str, Any]:
    from planforge.documents.zone_context import zone_context

    return zone_context(inp.data, list(inp.members), draft=inp.draft)


COLORADO = frozenset({"CO"})

DOCUMENT_KINDS: dict[str, DocumentKind] = {
    "plan": DocumentKind(
        "plan", PLAN_SCOPE, "innovation-plan.docx", "-innovation-plan.docx",
        "Innovation Plan", "Innovation plan", _plan,
    ),
    "waivers": DocumentKind(
        "waivers", PLAN_SCOPE, "waiver-request.docx", "-waiver-request.docx",
        "State Waiver Request", "State waiver request", _waivers, uses_zone=True,
        jurisdictions=COLORADO,
    ),
    "budget": DocumentKind(
        "budget", PLAN_SCOPE, "budget-section.docx", "-budget-section.docx",
        "Budget Section", "Budget section", _budget, jurisdictions=COLORADO,
    ),
    "budget-sheet": DocumentKind(
        "budget-sheet", PLAN_SCOPE, "", "-budget.xlsx",
        "Budget Section", "Budget spreadsheet", _budget_sheet,
        format="xlsx", write=_write_budget_sheet, jurisdictions=COLORADO,
    ),
    "review": DocumentKind(
        "review", PLAN_SCOPE, "review-memo.docx", "-review-memo.docx",
        "Review Memo", "Review memo", _review, needs_review=True,
    ),
    "mou": DocumentKind(
        "mou", ZONE_SCOPE, "zone-agreement.docx", "-operating-agreement.docx",
        "Zone Operating Agreement", "Operating agreement", _agreement,
    ),
}  # fmt: skip


def templates_used() -> list[str]:
    """The Word templates the kinds render, each once, in registry order."""
    return list(dict.fromkeys(k.template for k in DOCUMENT_KINDS.values() if k.template))


def kinds_for(scope: Scope, data: Any = None) -> list[str]:
    """The kinds rendered once per plan (``plan``) or once per zone (``zone``), in order;
    given a file's data, only those its state has (see :attr:`DocumentKind.jurisdictions`)."""
    return [
        name
        for name, kind in DOCUMENT_KINDS.items()
        if kind.scope == scope and (data is None or applies(name, data))
    ]


def jurisdiction_of(data: Any) -> str:
    """``CO`` or ``MA``: the state a plan or zone names (``jurisdiction:``), Colorado by default."""
    found = data.get("jurisdiction") if isinstance(data, dict) else None
    return found if isinstance(found, str) and found else "CO"


def applies(kind: str, data: Any) -> bool:
    """Whether a file of this state has this kind of document."""
    return jurisdiction_of(data) in DOCUMENT_KINDS[kind].jurisdictions


def catalog_title(citation: str, kind: str) -> str | None:
    """The official title of a citation from the waiver catalog (exact matches only)."""
    from planforge.errors import ResourceError

    try:
        from planforge.domain.catalog import load_catalog

        match = load_catalog().lookup(citation, kind)
    except (ImportError, ResourceError):
        return None
    return match.entry.title if match is not None and match.exact and match.entry.title else None
