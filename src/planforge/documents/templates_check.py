"""`planforge templates check [DIR]`: can a folder of (restyled) Word templates be rendered?

For every template planforge renders (one per document kind in
:data:`planforge.documents.kinds.DOCUMENT_KINDS`) the check reports

* whether it is there and is a usable package (:mod:`planforge.documents.template_package`:
  not a .docx, parts missing, bad XML, too large);
* tag syntax errors (unknown or unclosed tags, unknown filters), per part;
* every variable it uses that no context provides, named as the template spells it
  (``school.nmae``, ``shcool.name``; :mod:`planforge.documents.template_names`), looked up in
  real contexts built from the complete bundled samples (``planforge/data/sample/``: a
  Colorado zone and its member plan, and a Massachusetts empowerment zone and its member's
  School Operational Plan, with every optional section filled);
* and, when all that is fine, whatever still stops a real render: the template is rendered in
  memory from the sample (final and ``--draft``) with the same sandbox and the same checks as
  ``render`` and ``build`` (:func:`planforge.documents.docx.verify`). Nothing is written.

:func:`preflight` is the cheap part (package and tag syntax) that ``build`` runs before it
writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from planforge.errors import PlanforgeError, ResourceError, TemplateError

SAMPLE_TODAY = "2026-03-01"


@dataclass
class TemplateReport:
    """What the check found in one template file."""

    name: str
    path: Path
    kinds: list[str]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the template can be used as it is."""
        return not self.problems


def templates_by_name() -> dict[str, list[str]]:
    """Template file name -> the document kinds rendered from it, in registry order."""
    from planforge.documents.kinds import DOCUMENT_KINDS

    out: dict[str, list[str]] = {}
    for name, kind in DOCUMENT_KINDS.items():
        if kind.template:  # a kind in another format (the budget spreadsheet) has no template
            out.setdefault(kind.template, []).append(name)
    return out


def check_folder(folder: Path) -> list[TemplateReport]:
    """Check every template planforge needs in `folder` (ResourceError if the sample is broken)."""
    inputs = sample_inputs()
    return [
        check_template(folder / name, kinds, inputs) for name, kinds in templates_by_name().items()
    ]


def other_files(folder: Path) -> list[str]:
    """.docx files in `folder` that planforge does not use (misnamed copies, for a note)."""
    known = set(templates_by_name())
    return sorted(p.name for p in folder.glob("*.docx") if p.name not in known)


def check_template(path: Path, kinds: list[str], inputs: dict[str, list[Any]]) -> TemplateReport:
    """Check one template against the sample inputs of the kinds rendered from it."""
    report = TemplateReport(path.name, path, kinds)
    if not path.is_file():
        report.problems.append("missing: render and build need it (copy it from planforge's).")
        return report
    try:
        sources = _checked_sources(path)
    except TemplateError as e:
        report.problems.append(_own(str(e), path))
        return report
    report.problems.extend(_unknown(sources, kinds, inputs))
    if not report.problems:
        report.problems.extend(_render_problems(path, kinds, inputs))
    return report


def preflight(path: Path) -> None:
    """Raise the TemplateError that would stop every render of `path`: an unusable package or
    a tag syntax error (checked once, before a build writes anything)."""
    _checked_sources(path)


# --------------------------------------------------------------------------- the steps


def _checked_sources(path: Path) -> list[tuple[str, str]]:
    """The template's parts as Jinja sources, each compiled once (as rendering will)."""
    from planforge.documents.docx import compile_source, template_sources
    from planforge.documents.template_names import template_error

    sources = template_sources(path)
    for part, source in sources:
        try:
            compile_source(source)
        except Exception as e:  # Jinja's syntax errors, and anything else compiling hits
            error = template_error(path.name, e, source=source)
            where = "" if part == "word/document.xml" else f" ({part})"
            raise TemplateError(f"{error}{where}") from e
    return sources


def _unknown(
    sources: list[tuple[str, str]], kinds: list[str], inputs: dict[str, list[Any]]
) -> list[str]:
    from planforge.documents.kinds import DOCUMENT_KINDS
    from planforge.documents.template_names import find_unknown

    problems: list[str] = []
    for kind in kinds:
        for inp in (i for i in inputs[kind] if not i.draft):  # each sample the kind is made from
            context = DOCUMENT_KINDS[kind].build(inp)
            for located in find_unknown(sources, context):
                message = "uses " + located.describe(", which planforge does not provide")
                if message not in problems:
                    problems.append(message)
    return problems


def _render_problems(path: Path, kinds: list[str], inputs: dict[str, list[Any]]) -> list[str]:
    from planforge.documents.docx import render_document

    problems: list[str] = []
    for kind in kinds:
        for inp in inputs[kind]:
            try:
                render_document(kind, inp, templates=path.parent)
            except PlanforgeError as e:
                mode = " (with --draft)" if inp.draft else ""
                problems.append(f"{_own(str(e), path)}{mode}")
                break
    return problems


def _own(message: str, path: Path) -> str:
    """A message without the template's name in front (the report already names it)."""
    for prefix in (f"{path}: ", f"{path.name}: "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


# --------------------------------------------------------------------------- the sample


def sample_dir() -> Path:
    """The bundled complete sample: ``zone.yaml`` and its member ``plan.yaml`` (Colorado), and
    ``ma-ez/zone.yaml`` with its member ``operational-plan.yaml`` (a Massachusetts empowerment
    zone)."""
    from planforge.resources import data_dir

    return data_dir() / "sample"


SAMPLE_ZONES = ("zone.yaml", "ma-ez/zone.yaml")
"""The sample zones, relative to :func:`sample_dir`: each document kind is checked with the
sample its state and file kind have (:func:`planforge.documents.kinds.applies`)."""


def sample_inputs() -> dict[str, list[Any]]:
    """Per document kind, the render inputs of the bundled samples: final, then draft (a kind
    made from both samples, the review memo, has the Colorado plan's inputs first)."""
    from planforge.documents.kinds import DOCUMENT_KINDS, ZONE_SCOPE, applies

    samples = [_sample(sample_dir() / name) for name in SAMPLE_ZONES]
    inputs: dict[str, list[Any]] = {}
    for draft in (False, True):
        for zone_data, plan_data, make in samples:
            for name, kind in DOCUMENT_KINDS.items():
                source = zone_data if kind.scope == ZONE_SCOPE else plan_data
                if applies(name, source):
                    inputs.setdefault(name, []).append(make(kind, draft))
    return inputs


def _sample(zone: Path) -> tuple[Any, Any, Any]:
    """A sample zone's data, its first member's data, and `make(kind, draft)` for its inputs."""
    from planforge.documents.kinds import ZONE_SCOPE, DocumentKind
    from planforge.documents.render import prepare, with_review
    from planforge.documents.zone import agreement_input, bundle
    from planforge.inputs.pipeline import check_paths

    if not zone.is_file():
        raise ResourceError(f"planforge's sample zone {zone} is missing; reinstall planforge.")
    results = check_paths([zone])
    broken = [r.path for r in results if r.failed()]
    if broken or len(results) < 2:
        msg = f"planforge's sample files are broken ({', '.join(broken)}); reinstall planforge."
        raise ResourceError(msg)
    zb = bundle(results)
    member = zb.members[0]
    final, _ = prepare(member, today=SAMPLE_TODAY)
    final = replace(final, zone=agreement_input(zb).data)
    reviewed = with_review(final, member)

    def make(kind: DocumentKind, draft: bool) -> Any:
        if kind.scope == ZONE_SCOPE:
            return agreement_input(zb, draft=draft)
        return replace(reviewed if kind.needs_review else final, draft=draft)

    return zb.zone.data, member.data, make
