"""The document kinds planforge renders: one registry for every front end.

Each kind is one Word template, one context builder and one entry in :data:`DOCUMENT_KINDS`.
The command line (``render --document``, ``mou``, ``build``), the packet plan, progress totals,
the template check and the library API all read this registry, so adding a document is:

1. a template in ``templates/`` (edited in Word or LibreOffice);
2. a context builder ``def my_context(inp: RenderInput) -> dict`` (pure: data in, dict out);
3. one :class:`DocumentKind` entry below.

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


@dataclass(frozen=True)
class DocumentKind:
    """One kind of output document.

    ``suffix`` ends the file name (``<stem><suffix>``); ``title`` is the document's title
    (file properties, progress); ``label`` names it in lists such as SUMMARY.md.
    """

    name: str
    scope: Scope
    template: str
    suffix: str
    title: str
    label: str
    build: Callable[[RenderInput], dict[str, Any]]
    needs_review: bool = False

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
    from planforge.documents.plan_context import waiver_request_context

    return waiver_request_context(
        inp.data, draft=inp.draft, titles=catalog_title, params=inp.params
    )


def _review(inp: RenderInput) -> dict[str, Any]:
    from planforge.documents.memo_context import review_context

    return review_context(inp.data, inp.review, draft=inp.draft, today=inp.today, params=inp.params)


def _agreement(inp: RenderInput) -> dict[str, Any]:
    from planforge.documents.zone_context import zone_context

    return zone_context(inp.data, list(inp.members), draft=inp.draft)


DOCUMENT_KINDS: dict[str, DocumentKind] = {
    "plan": DocumentKind(
        "plan", PLAN_SCOPE, "innovation-plan.docx", "-innovation-plan.docx",
        "Innovation Plan", "Innovation plan", _plan,
    ),
    "waivers": DocumentKind(
        "waivers", PLAN_SCOPE, "waiver-request.docx", "-waiver-request.docx",
        "Waiver Request", "State waiver request", _waivers,
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


def kinds_for(scope: Scope) -> list[str]:
    """The kinds rendered once per plan (``plan``) or once per zone (``zone``), in order."""
    return [name for name, kind in DOCUMENT_KINDS.items() if kind.scope == scope]


def catalog_title(citation: str, kind: str) -> str | None:
    """The official title of a citation from the waiver catalog (exact matches only)."""
    from planforge.errors import ResourceError

    try:
        from planforge.domain.catalog import load_catalog

        match = load_catalog().lookup(citation, kind)
    except (ImportError, ResourceError):
        return None
    return match.entry.title if match is not None and match.exact and match.entry.title else None
