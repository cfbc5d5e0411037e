"""Render checked plans and zones to documents in memory, with the packs chosen for each.

This is the library layer behind ``planforge render``, ``planforge mou`` and the web
workspace: it prepares each file's :class:`RenderInput` (clean data, the rule packs' parameters,
the review for the memo), runs the jobs through the one :class:`Runner`, and returns
:class:`Document` values with suggested file names. Nothing is printed or written here.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from planforge.documents.kinds import DOCUMENT_KINDS, RenderInput, kinds_for
from planforge.documents.runner import Outcome, RenderJob, Runner, worker_count
from planforge.errors import Finding, InputFileError, PlanforgeError
from planforge.inputs.pipeline import FileResult, member_problems, not_found
from planforge.inputs.schemas import PLAN_KINDS


@dataclass(frozen=True)
class Document:
    """One rendered document (or the error that stopped it), with a suggested file name."""

    kind: str
    filename: str
    source: str
    data: bytes | None
    error: PlanforgeError | None = None

    @property
    def ok(self) -> bool:
        """True when the document was rendered and verified."""
        return self.data is not None

    @property
    def label(self) -> str:
        """What the document is, e.g. "Innovation plan"."""
        return DOCUMENT_KINDS[self.kind].label


@dataclass
class Rendered:
    """Documents in the order asked for, and the warnings met while preparing the data."""

    documents: list[Document] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[PlanforgeError]:
        """The errors of the documents that could not be rendered, in order."""
        return [d.error for d in self.documents if d.error is not None]


def today_iso() -> str:
    """The date printed on memos."""
    return datetime.date.today().isoformat()


def plan_results(results: Sequence[FileResult]) -> list[FileResult]:
    """The school plans among checked files (innovation plans and Massachusetts school
    operational plans); an error when there are none."""
    plans = [r for r in results if r.kind in PLAN_KINDS]
    if not plans:
        hint = (
            "Give a plan file (kind: innovation_plan, or school_operational_plan) or a zone file "
            "that lists member plans."
        )
        raise not_found(results, "an innovation plan", hint)
    return plans


def blocking(results: Sequence[FileResult]) -> list[FileResult]:
    """Files other than the plans that stop rendering (unless draft): a file that could not
    be read, a zone with a member plan it could not use (missing, unreadable, outside its
    folder), so no plan is silently left out."""
    return [
        r
        for r in results
        if r.kind not in PLAN_KINDS
        and r.failed()
        and (not r.doc.usable or r.kind is None or any(f.code in _LOST for f in member_problems(r)))
    ]


_LOST = frozenset({"zone.member-missing", "zone.member-unreadable", "zone.member-outside"})
"""Member problems that leave a plan out of what is rendered."""


def prepare(
    result: FileResult, *, rules: str | None = None, draft: bool = False, today: str = ""
) -> tuple[RenderInput, list[Finding]]:
    """A plan's render input (without the review) and the warnings from cleaning its text."""
    from planforge.documents.docx import sanitize
    from planforge.packs.selection import ruleset_for

    if result.data is None:
        raise PlanforgeError(f"{result.path}: the file could not be read, so nothing was rendered.")
    ruleset = ruleset_for(result, rules)
    data, findings = sanitize(result.data)
    inp = RenderInput(
        data, draft=draft, today=today or today_iso(), params=ruleset.params, packs=ruleset.label
    )
    return inp, [f.in_file(result.path) for f in findings]


def zone_data(results: Sequence[FileResult]) -> dict[str, object]:
    """The clean data of each zone among `results`, by its path (a member plan's
    ``member_of``): the state waiver request names the board's president from it."""
    from planforge.documents.docx import sanitize

    return {
        r.path: sanitize(r.data)[0]
        for r in results
        if r.kind == "zone_agreement" and isinstance(r.data, dict)
    }


def with_review(inp: RenderInput, result: FileResult, rules: str | None = None) -> RenderInput:
    """The same input with the file's review (for the memo), using the same packs."""
    from planforge.packs.selection import ruleset_for
    from planforge.rules.engine import review_file

    return replace(inp, review=review_file(result, ruleset_for(result, rules)))


def render_plans(
    results: Sequence[FileResult],
    kinds: Sequence[str] | None = None,
    *,
    rules: str | None = None,
    draft: bool = False,
    templates: Path | None = None,
    today: str = "",
    jobs: int | None = 1,
) -> Rendered:
    """Render plan documents for every plan in `results`; each plan uses its own packs
    (or `rules`, which overrides them). Documents needing no review start first, and the
    review runs while they render."""
    from planforge.documents.naming import plan_stems

    plans = plan_results(results)
    wanted = tuple(kinds or kinds_for("plan"))
    folder = templates or _bundled_templates()
    stems = plan_stems(plans)
    out = Rendered()
    slots: dict[tuple[str, str], Document] = {}

    def done(job: RenderJob, outcomes: list[Outcome]) -> None:
        for o in outcomes:
            slots[(job.tag, o.kind)] = _document(o, stems[job.tag], job.tag)

    zones = zone_data(results)
    with Runner(worker_count(jobs, len(plans) * len(wanted)), done) as runner:
        for result in plans:
            inp, found = prepare(result, rules=rules, draft=draft, today=today)
            inp = replace(inp, zone=zones.get(result.member_of or ""))
            out.findings.extend(found)
            here = _applicable(wanted, result, stems[result.path], slots, explicit=bool(kinds))
            plain = tuple(k for k in here if not DOCUMENT_KINDS[k].needs_review)
            reviewed = tuple(k for k in here if DOCUMENT_KINDS[k].needs_review)
            if plain:
                runner.submit(RenderJob(plain, inp, folder, result.path))
            if reviewed:
                runner.submit(
                    RenderJob(reviewed, with_review(inp, result, rules), folder, result.path)
                )
    out.documents = [slots[(r.path, k)] for r in plans for k in wanted if (r.path, k) in slots]
    return out


def _applicable(
    wanted: tuple[str, ...],
    result: FileResult,
    stem: str,
    slots: dict[tuple[str, str], Document],
    *,
    explicit: bool,
) -> tuple[str, ...]:
    """The kinds this plan's state has. A kind asked for by name that the state does not
    have (the Colorado waiver request for a Massachusetts plan) becomes an error document;
    with all documents asked for, it is left out."""
    from planforge.documents.kinds import applies, why_not

    here = tuple(k for k in wanted if applies(k, result.data))
    for kind in (k for k in wanted if k not in here and explicit):
        spec = DOCUMENT_KINDS[kind]
        msg = f"{result.path}: {why_not(kind, result.data)}"
        slots[(result.path, kind)] = Document(
            kind, f"{stem}{spec.suffix}", result.path, None, InputFileError(msg)
        )
    return here


def render_agreement(
    results: Sequence[FileResult],
    *,
    rules: str | None = None,
    draft: bool = False,
    templates: Path | None = None,
) -> Document:
    """Render the zone operating agreement of the first zone in `results` (with its members).

    Raises :class:`InputFileError` when there is no zone; the document carries the error when
    it could not be rendered.
    """
    from planforge.documents.runner import run_job
    from planforge.documents.zone import agreement_input, agreement_of, bundle, zone_stem
    from planforge.packs.selection import ruleset_for

    zb = bundle(list(results))
    kind = agreement_of(zb.zone)
    ruleset = ruleset_for(zb.zone, rules)
    inp = agreement_input(zb, draft=draft, params=ruleset.params, packs=ruleset.label)
    job = RenderJob((kind,), inp, templates or _bundled_templates(), zb.zone.path)
    return _document(run_job(job)[0], zone_stem(zb.zone), zb.zone.path)


def _document(outcome: Outcome, stem: str, source: str) -> Document:
    name = f"{stem}{DOCUMENT_KINDS[outcome.kind].suffix}"
    return Document(outcome.kind, name, source, outcome.data, outcome.error)


def _bundled_templates() -> Path:
    from planforge.resources import templates_dir

    return templates_dir()
