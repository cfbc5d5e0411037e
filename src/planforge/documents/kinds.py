"""The document kinds planforge renders: one registry for every front end.

Each kind is one Word template, one context builder and one entry in :data:`DOCUMENT_KINDS`.
The command line (``render --document``, ``mou``, ``build``), the packet plan, progress totals,
the template check and the library API all read this registry, so adding a document is:

1. a template in ``templates/`` (edited in Word or LibreOffice);
2. a context builder ``def my_context(inp: RenderInput) -> dict`` (pure: data in, dict out);
3. one :class:`DocumentKind` entry below.

A kind in another format (the budget spreadsheet) has no template: its entry names the format
and a ``write`` function from the context to the file's bytes.

Plan-scoped kinds are rendered once per plan file (an innovation plan, or a Massachusetts
school operational plan); zone-scoped kinds once per zone (their :class:`RenderInput` carries
the member plans). Which kinds a file gets depends on its state and its ``kind:``
(:func:`applies`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    document's input in an incremental build; ``True``, or the member file kinds for which it
    does (:meth:`reads_zone`).
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
    uses_zone: bool | frozenset[str] = False
    jurisdictions: frozenset[str] = frozenset({"CO", "MA"})
    """The states whose plans have this document: the state waiver request and the budget
    section CDE receives are Colorado documents, made for Colorado plans only."""
    file_kinds: frozenset[str] = frozenset({"innovation_plan"})
    """The document kinds (``kind:``) of the files this document is made from: the innovation
    plan's documents from innovation plans, the operational plan from a Massachusetts
    empowerment-zone school's ``school_operational_plan``, the agreements from zone files."""

    def reads_zone(self, data: Any) -> bool:
        """Whether this document of a member file depends on its zone's file (``uses_zone``:
        always, never, or for the file kinds it names)."""
        if isinstance(self.uses_zone, bool):
            return self.uses_zone
        declared = data.get("kind") if isinstance(data, dict) else None
        return declared in self.uses_zone

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

    return review_context(
        inp.data, inp.review, draft=inp.draft, today=inp.today, params=inp.params, zone=inp.zone
    )


def _agreement(inp: RenderInput) -> dict[str, Any]:
    from planforge.documents.zone_context import zone_context

    return zone_context(inp.data, list(inp.members), draft=inp.draft)


def _operational_plan(inp: RenderInput) -> dict[str, Any]:
    from planforge.documents.sop_context import operational_plan_context

    return operational_plan_context(inp.data, draft=inp.draft, params=inp.params, zone=inp.zone)


def _ez_agreement(inp: RenderInput) -> dict[str, Any]:
    from planforge.documents.ez_context import empowerment_zone_context

    return empowerment_zone_context(inp.data, list(inp.members), draft=inp.draft)


COLORADO = frozenset({"CO"})
MASSACHUSETTS = frozenset({"MA"})
PLANS = frozenset({"innovation_plan"})
ZONES = frozenset({"zone_agreement"})
SOPS = frozenset({"school_operational_plan"})

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
    "operational-plan": DocumentKind(
        "operational-plan", PLAN_SCOPE, "operational-plan.docx", "-operational-plan.docx",
        "School Operational Plan", "School operational plan", _operational_plan,
        uses_zone=True, jurisdictions=MASSACHUSETTS, file_kinds=SOPS,
    ),
    "review": DocumentKind(
        "review", PLAN_SCOPE, "review-memo.docx", "-review-memo.docx",
        "Review Memo", "Review memo", _review, needs_review=True, file_kinds=PLANS | SOPS,
        uses_zone=SOPS,  # an operational plan's memo is addressed to its zone's board
    ),
    "mou": DocumentKind(
        "mou", ZONE_SCOPE, "zone-agreement.docx", "-operating-agreement.docx",
        "Zone Operating Agreement", "Operating agreement", _agreement,
        jurisdictions=COLORADO, file_kinds=ZONES,
    ),
    "ez-mou": DocumentKind(
        "ez-mou", ZONE_SCOPE, "empowerment-zone-agreement.docx",
        "-memorandum-of-understanding.docx", "Empowerment Zone Memorandum of Understanding",
        "Memorandum of understanding", _ez_agreement,
        jurisdictions=MASSACHUSETTS, file_kinds=ZONES,
    ),
}  # fmt: skip


def templates_used(kinds: Iterable[str] | None = None) -> list[str]:
    """The Word templates the kinds render (default: every kind), each once, in order."""
    chosen = DOCUMENT_KINDS.values() if kinds is None else [DOCUMENT_KINDS[k] for k in kinds]
    return list(dict.fromkeys(k.template for k in chosen if k.template))


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
    from planforge.domain.labels import state_of

    return state_of(data)


def applies(kind: str, data: Any) -> bool:
    """Whether a file of this state and document kind has this kind of document (a file
    that names no `kind:` is taken as its scope's usual one)."""
    spec = DOCUMENT_KINDS[kind]
    declared = data.get("kind") if isinstance(data, dict) else None
    file_kind = declared if isinstance(declared, str) else _USUAL[spec.scope]
    return jurisdiction_of(data) in spec.jurisdictions and file_kind in spec.file_kinds


_USUAL = {PLAN_SCOPE: "innovation_plan", ZONE_SCOPE: "zone_agreement"}
_FILE_WORDS = {
    "innovation_plan": "an innovation plan",
    "zone_agreement": "a zone",
    "school_operational_plan": "a school operational plan",
}


def why_not(kind: str, data: Any) -> str:
    """Why a file has no document of this kind (for a kind asked for by name)."""
    spec = DOCUMENT_KINDS[kind]
    from planforge.domain.labels import STATES

    states = " or ".join(STATES.get(s, s) for s in sorted(spec.jurisdictions))
    made_from = " or ".join(_FILE_WORDS.get(k, k) for k in sorted(spec.file_kinds))
    declared = data.get("kind") if isinstance(data, dict) else None
    this = _FILE_WORDS.get(declared if isinstance(declared, str) else _USUAL[spec.scope], "a file")
    return (
        f"the {spec.label.lower()} is made from {made_from} under {states} law; this file is "
        f"{this} under {STATES[jurisdiction_of(data)]} law."
    )


def agreement_kind(data: Any) -> str:
    """The zone agreement a zone file has: Colorado's operating agreement (``mou``) or a
    Massachusetts empowerment zone's memorandum of understanding (``ez-mou``)."""
    found = kinds_for(ZONE_SCOPE, data)
    return found[0] if found else "mou"


def catalog_title(citation: str, kind: str) -> str | None:
    """The official title of a citation from the waiver catalog (exact matches only)."""
    from planforge.errors import ResourceError

    try:
        from planforge.domain.catalog import load_catalog

        match = load_catalog().lookup(citation, kind)
    except (ImportError, ResourceError):
        return None
    return match.entry.title if match is not None and match.exact and match.entry.title else None
