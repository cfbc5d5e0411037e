"""planforge as a library: the functions every front end calls (CLI, web workspace, scripts).

Each function takes paths (or the :class:`FileResult` values :func:`check` returns) and
keyword options, and returns values: findings, review entries with verdicts, documents as
bytes with suggested file names, build results, diffs. Nothing here prints or exits.
Problems in the user's files are *findings*; a run that cannot go on raises a
:class:`~planforge.errors.PlanforgeError` subclass whose ``exit_code`` the CLI uses.

Rule packs are chosen once: ``rules="co,dps"`` overrides the packs each file names in its
``rules:`` list (a zone's member plans that name none use the zone's); without either,
``co`` applies. See ``docs/api.md`` for a walk-through.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from planforge.errors import InputFileError, InvalidInputError
from planforge.inputs.pipeline import FileResult, check_paths

if TYPE_CHECKING:
    from datetime import date

    from planforge.authorizer.model import Portfolio
    from planforge.changes.core import PlanDiff
    from planforge.documents.packet import BuildResult
    from planforge.documents.render import Document, Rendered
    from planforge.packs.loader import RuleSet
    from planforge.rules.engine import ReviewEntry

Files = Sequence[str | Path | FileResult] | str | Path | FileResult


def check(files: Files, *, allow_outside: bool = False) -> list[FileResult]:
    """Load and validate files or folders (a zone brings its member plans).

    Each :class:`FileResult` has ``path``, ``kind``, ``data`` (as typed, never changed),
    ``findings`` (YAML and schema problems, each at its line and column) and ``failed()``.
    A zone's member plan outside the zone file's folder is refused unread (an error on the
    zone) unless ``allow_outside``; pass the results on to the other functions.
    """
    items = _as_list(files)
    done = [f for f in items if isinstance(f, FileResult)]
    paths = [f for f in items if not isinstance(f, FileResult)]
    return done + (check_paths(paths, allow_outside=allow_outside) if paths else [])


def ruleset(file: FileResult | None = None, *, rules: str | None = None) -> RuleSet:
    """The rule set that applies to a checked file (or the default), as every command uses it."""
    from planforge.packs.selection import ruleset_for

    return ruleset_for(file, rules)


def review(files: Files, *, rules: str | None = None) -> list[ReviewEntry]:
    """Review plans and zones as an authorizer would: one entry per file, with its checklist
    (``elements``), ``findings``, key figures (``metrics``), ``verdict`` and ``packs``."""
    from planforge.rules.engine import review_results

    return review_results(check(files), rules)


def render(
    files: Files,
    kinds: Sequence[str] | None = None,
    *,
    rules: str | None = None,
    draft: bool = False,
    templates: str | Path | None = None,
    today: str = "",
    jobs: int | None = 1,
) -> Rendered:
    """Render plan documents (``plan``, ``waivers``, ``budget``, ``budget-sheet``,
    ``review``; default all: every plan-scoped kind in the registry) to bytes.

    Returns :class:`~planforge.documents.render.Rendered`: ``documents`` (each with
    ``kind``, ``filename``, ``data`` or ``error``) and ``findings`` (warnings met while
    preparing the text). Plans with validation errors raise :class:`InvalidInputError`
    unless ``draft`` (gaps are then marked ``[MISSING: …]``).
    """
    from planforge.documents.render import blocking, plan_results, render_plans

    results = check(files)
    plans = plan_results(results)
    if not draft:
        _refuse_invalid([*blocking(results), *plans])
    return render_plans(  # with the zones among `results`, for the members' waiver requests
        results, kinds, rules=rules, draft=draft, templates=_folder(templates), today=today,
        jobs=jobs,
    )  # fmt: skip


def render_agreement(
    zone: Files,
    *,
    rules: str | None = None,
    draft: bool = False,
    templates: str | Path | None = None,
) -> Document:
    """Render a zone's operating agreement (with exhibits drawn from its member plans)."""
    from planforge.documents.render import render_agreement as _render
    from planforge.documents.zone import bundle

    results = check(zone)
    if not draft:
        _refuse_invalid(bundle(results).problems())
    return _render(results, rules=rules, draft=draft, templates=_folder(templates))


def build(
    zone: Files,
    outdir: str | Path,
    *,
    rules: str | None = None,
    draft: bool = False,
    pdf: bool = False,
    jobs: int | None = None,
    force: bool = False,
    templates: str | Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> BuildResult:
    """Build a zone's whole packet into `outdir` (incremental; writes the documents,
    ``manifest.json`` and ``SUMMARY.md``) and return what happened to each document.

    `progress(phase, done, total)` is called as documents finish (phase ``"render"``, then
    ``"pdf"`` when converting)."""
    from planforge.documents.packet import Settings, build_packet
    from planforge.documents.zone import bundle

    zb = bundle(check(zone))
    settings = Settings(Path(outdir), _folder(templates), jobs or 0, draft, pdf, force, rules)
    return build_packet(zb.zone, zb.members, settings, progress=progress)


def diff(old: str | Path, new: str | Path) -> PlanDiff:
    """What changed between two versions of a plan, lever by lever (``changes``,
    ``waivers``, ``findings`` for waiver statuses that contradict the change)."""
    from planforge.changes.core import compare, load_plan

    return compare(load_plan(old), load_plan(new))


def portfolio(files: Files, *, rules: str | None = None, today: date | None = None) -> Portfolio:
    """The authorizer's portfolio of plans and zones (a zone brings its members), each reviewed
    with the packs it names, as of `today` (default: the current date).

    Returns :class:`~planforge.authorizer.model.Portfolio`: ``schools`` (one row per plan,
    with verdict, term, next review, consent shares, hour margins, budget, waivers by kind),
    ``zones``, ``matrix`` (who waives what), ``posting`` (the C.R.S. 22-44-305 list),
    ``renewals`` (due within 18 months or overdue) and ``findings``; ``documents()`` gives
    ``portfolio.xlsx``, ``portfolio.html`` and (with a Colorado file) ``waivers-posting.csv``
    as bytes.
    """
    from datetime import date as _date

    from planforge.authorizer.build import build_portfolio
    from planforge.rules.engine import review_results

    results = check(files)
    entries = review_results(results, rules)
    return build_portfolio(results, entries, today=today or _date.today(), rules=rules)


def _as_list(files: Files) -> list[str | Path | FileResult]:
    if isinstance(files, (str, Path, FileResult)):
        return [files]
    return list(files)


def _folder(templates: str | Path | None) -> Path:
    from planforge.resources import templates_dir

    if templates is None:
        return templates_dir()
    folder = Path(templates)
    if not folder.is_dir():
        raise InputFileError(f"templates folder {templates}: no such folder.")
    return folder


def _refuse_invalid(results: Sequence[FileResult]) -> None:
    bad = [r for r in results if r.failed()]
    if bad:
        names = ", ".join(r.path for r in bad)
        raise InvalidInputError(
            f"{names}: has errors; fix them, or render a draft (draft=True).", bad
        )
