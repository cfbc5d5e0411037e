"""The zone operating agreement (MOU): from a checked zone and its member plans to a document.

The agreement's exhibits are drawn from each member's plan (schools, waivers, goals), so the
agreement can only be rendered when the zone and every member plan validate (or in draft).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planforge.documents.kinds import DOCUMENT_KINDS, RenderInput
from planforge.errors import PlanforgeError
from planforge.inputs.pipeline import FileResult, not_found

AGREEMENT = "mou"
"""Colorado's zone operating agreement in :data:`planforge.documents.kinds.DOCUMENT_KINDS`
(a Massachusetts empowerment zone has ``ez-mou``: see :func:`agreement_of`)."""


def agreement_of(zone: FileResult) -> str:
    """The agreement kind of a zone file: by its state (``mou`` or ``ez-mou``)."""
    from planforge.documents.kinds import agreement_kind

    return agreement_kind(zone.data)


@dataclass(frozen=True)
class ZoneBundle:
    """A zone file's result and the results of its member plans, in the zone's order."""

    zone: FileResult
    members: list[FileResult]

    def problems(self) -> list[FileResult]:
        """The zone or members with errors (the agreement is refused unless draft)."""
        return [r for r in (self.zone, *self.members) if r.failed()]


def bundle(results: list[FileResult]) -> ZoneBundle:
    """Pick the zone out of `check_paths` results (the first zone named) with its members."""
    zones = [r for r in results if r.kind == "zone_agreement"]
    if not zones:
        raise not_found(results, "a zone file", "Give a zone.yaml (kind: zone_agreement).")
    zone = zones[0]
    by_path = {r.path: r for r in results}
    return ZoneBundle(zone, [by_path[p] for p in zone.members if p in by_path])


def zone_stem(zone: FileResult) -> str:
    """File-name stem from the zone's name, e.g. `confluence-innovation-zone`."""
    from planforge.documents.naming import slug

    data = zone.data if isinstance(zone.data, dict) else {}
    info = data.get("zone") if isinstance(data.get("zone"), dict) else {}
    name = info.get("name") if isinstance(info, dict) else None
    return slug(name if isinstance(name, str) else "", slug(Path(zone.path).parent.name, "zone"))


def agreement_input(
    zb: ZoneBundle,
    *,
    draft: bool = False,
    verdicts: dict[str, str] | None = None,
    params: dict[str, Any] | None = None,
    packs: str = "",
) -> RenderInput:
    """The agreement's render input: clean zone data and its members in zone order."""
    from planforge.documents.docx import sanitize
    from planforge.documents.zone_context import Member

    zone_data, _ = sanitize(zone_data_of(zb.zone))
    joined = _joined(zone_data, zb.zone.resolved.parent)
    members = []
    for result in zb.members:
        data, _ = sanitize(result.data)
        verdict = (verdicts or {}).get(result.path, "")
        members.append(Member(result.path, data, verdict, joined.get(result.resolved, "")))
    return RenderInput(
        zone_data, draft=draft, params=dict(params or {}), packs=packs, members=tuple(members)
    )


def mou_context(
    zb: ZoneBundle, *, draft: bool = False, verdicts: dict[str, str] | None = None
) -> dict[str, Any]:
    """The template context for the agreement (clean data, members in zone order)."""
    kind = DOCUMENT_KINDS[agreement_of(zb.zone)]
    return kind.build(agreement_input(zb, draft=draft, verdicts=verdicts))


def zone_data_of(result: FileResult) -> Any:
    if result.data is None:
        msg = f"{result.path}: the file could not be read, so no agreement was rendered."
        raise PlanforgeError(msg)
    return result.data


def _joined(zone_data: Any, base: Path) -> dict[Path, str]:
    """Each member plan's `joined` date, by the plan file's resolved path."""
    schools = zone_data.get("schools") if isinstance(zone_data, dict) else None
    out: dict[Path, str] = {}
    for entry in schools if isinstance(schools, list) else []:
        if not isinstance(entry, dict):
            continue
        plan, joined = entry.get("plan"), entry.get("joined")
        if isinstance(plan, str) and isinstance(joined, str):
            out[(base / plan).resolve()] = joined
    return out


def render_mou(zb: ZoneBundle, *, templates: Path, draft: bool = False) -> bytes:
    """Render and verify the agreement; returns the .docx bytes (nothing written)."""
    from planforge.documents.docx import render_document

    inp = agreement_input(zb, draft=draft)
    return render_document(agreement_of(zb.zone), inp, templates=templates).data
