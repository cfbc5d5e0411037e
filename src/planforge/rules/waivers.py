"""Waivers: replacement policies, lever cross-references, citations and the catalog."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from planforge.domain.catalog import display
from planforge.domain.labels import lever_word
from planforge.errors import Finding, Severity
from planforge.rules import RuleContext, rule
from planforge.rules._util import (
    LEVERS,
    active_waivers,
    and_list,
    get,
    items,
    thin,
    waiver_citation,
    waiver_label,
)
from planforge.rules.elements import check_text

_INTENT = "C.R.S. 22-32.5-108 and 22-2-117(1)(a): how the intent of each waived provision is met"
_LIMITS = "C.R.S. 22-32.5-108; 22-2-117(1)(b) (statutes that cannot be waived)"


@rule(
    "co.waivers.replacement",
    element="waivers",
    enforces=_INTENT,
    message="Every waiver needs a replacement policy that says how the intent of the waived "
    "provision is still met.",
    hint="Write what the school will do instead, in words the average teacher understands, "
    "and how that meets the purpose of the provision waived.",
    params=("text.min_words", "text.placeholders"),
)
def replacement(ctx: RuleContext) -> Iterator[Finding]:
    for index, waiver in active_waivers(ctx.data):
        base = f"/waivers/{index}"
        label = waiver_label(index, waiver)
        yield from check_text(
            ctx,
            f"{base}/replacement_policy",
            waiver.get("replacement_policy"),
            f"{label}: the replacement policy",
        )
        yield from check_text(
            ctx,
            f"{base}/how_intent_is_met",
            waiver.get("how_intent_is_met"),
            f"{label}: how the intent is met",
        )


_RATIONALE = (
    "CSI waiver requests: a Rationale and Replacement Plan for each waiver; CDE Appendix A: "
    "the state waiver request section (no statute requires a rationale for innovation plans)"
)


def _words_of(text: object) -> list[str]:
    return re.findall(r"[a-z0-9]+", str(text or "").lower())


def _rationale_problem(waiver: dict[str, Any], filler: list[str], min_short: int) -> str | None:
    """Why a written-out rationale is not the school's own reason, or None."""
    text = " ".join(_words_of(waiver.get("rationale")))
    for field, what in (
        ("replacement_policy", "the replacement policy"),
        ("how_intent_is_met", "how the intent is met"),
    ):
        if text and text == " ".join(_words_of(waiver.get(field))):
            return f"repeats {what} word for word; say why the school needs the waiver"
    known = {*_words_of(waiver.get("title")), *_words_of(waiver.get("citation"))}
    known |= {w.lower() for w in filler}
    own = [w for w in text.split() if w not in known]
    if len(own) < min_short:
        return (
            "only restates the request (the provision's title or citation); say what the "
            "provision stops the school from doing and which innovation depends on the waiver"
        )
    return None


@rule(
    "co.waivers.rationale",
    element="waivers",
    severity=Severity.WARNING,
    enforces=_RATIONALE,
    message="Every waiver needs a rationale in the school's own words: why the school needs it, "
    "not its title or a copy of the replacement policy.",
    hint="Say what the provision stops the school from doing and which innovation depends on "
    "the waiver, for example: the district calendar ends in late May; our 184-day year starts "
    "in early August.",
    params=(
        "text.min_words",
        "text.min_words_short",
        "text.placeholders",
        "waivers.rationale_filler_words",
    ),
)
def rationale(ctx: RuleContext) -> Iterator[Finding]:
    need, short = ctx.param("text.min_words"), ctx.param("text.min_words_short")
    filler = list(ctx.param("waivers.rationale_filler_words"))
    for index, waiver in active_waivers(ctx.data):
        problem = thin(waiver.get("rationale"), need, ctx.param("text.placeholders"))
        problem = problem or _rationale_problem(waiver, filler, short)
        if problem:
            msg = f"{waiver_label(index, waiver)}: the rationale {problem}."
            yield ctx.finding(f"/waivers/{index}/rationale", msg)


def lever_refs(data: Any) -> Iterator[tuple[str, str]]:
    """(pointer, waiver id) for every waiver reference under `levers.<lever>.waivers`."""
    for lever in LEVERS:
        refs = get(data, "levers", lever, "waivers")
        for index, ref in enumerate(refs if isinstance(refs, list) else []):
            yield f"/levers/{lever}/waivers/{index}", str(ref)


@rule(
    "co.waivers.orphan",
    element="waivers",
    severity=Severity.WARNING,
    enforces="22-32.5-104(3): each waiver must serve the plan's innovations",
    message="Every waiver should be used by at least one lever.",
    hint="Add the waiver id to the `waivers:` list of the lever that needs it, or drop the waiver.",
)
def orphan(ctx: RuleContext) -> Iterator[Finding]:
    used = {ref for _, ref in lever_refs(ctx.data)}
    for index, waiver in active_waivers(ctx.data):
        if waiver.get("id") not in used:
            named = [lever_word(str(x)) for x in waiver.get("levers") or []]
            levers = f"the {and_list(named)} lever" if named else "a lever"
            msg = (
                f"{waiver_label(index, waiver)} is not among the waivers any lever relies on; "
                f"list it under {levers}{'s' if len(named) > 1 else ''} or drop it."
            )
            yield ctx.finding(f"/waivers/{index}/id", msg)


@rule(
    "co.waivers.dangling",
    element="waivers",
    enforces="22-32.5-104(3): waivers identified in the plan",
    message="Every waiver a lever refers to must exist in the `waivers:` list.",
    hint="Fix the spelling of the id, or add the waiver to the `waivers:` list.",
)
def dangling(ctx: RuleContext) -> Iterator[Finding]:
    ids = [str(w.get("id")) for _, w in items(ctx.data, "waivers")]
    for pointer, ref in lever_refs(ctx.data):
        if ref not in ids:
            import difflib  # only for suggestions; not loaded on the common path

            guess = difflib.get_close_matches(ref, ids, n=1, cutoff=0.6)
            tail = f" Did you mean “{guess[0]}”?" if guess else ""
            lever = lever_word(pointer.split("/")[2])
            yield ctx.finding(
                pointer,
                f"The {lever} lever relies on a waiver “{ref}” that is not in the plan's list "
                f"of waivers.{tail}",
            )


@rule(
    "co.waivers.duplicate-id",
    element="waivers",
    enforces="Unambiguous waiver references",
    message="Each waiver id must be used once.",
    hint="Rename one of the waivers (and update the levers that refer to it).",
)
def duplicate_id(ctx: RuleContext) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for index, waiver in items(ctx.data, "waivers"):
        wid = str(waiver.get("id"))
        if wid in seen:
            yield ctx.finding(
                f"/waivers/{index}/id",
                f"{waiver_label(index, waiver)} has the same id (“{wid}”) as waiver "
                f"{seen[wid] + 1}; each waiver needs its own.",
            )
        seen.setdefault(wid, index)


@rule(
    "co.waivers.duplicate-citation",
    element="waivers",
    severity=Severity.WARNING,
    enforces="Unambiguous waiver requests",
    message="The same provision should be waived once.",
    hint="Merge the two waivers into one with a single replacement policy.",
)
def duplicate_citation(ctx: RuleContext) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for index, waiver in active_waivers(ctx.data):
        key = f"{waiver.get('kind')}:{waiver_citation(waiver)}"
        if key in seen:
            msg = f"{waiver_label(index, waiver)} waives the same provision as waiver {seen[key]}."
            yield ctx.finding(f"/waivers/{index}/citation", msg)
        seen.setdefault(key, str(index + 1))


@rule(
    "co.waivers.non-waivable",
    element="waivers",
    enforces=_LIMITS,
    message="Some statutes can never be waived: the School Finance Act, ECEA, state assessments, "
    "accountability, article 64, fingerprinting and criminal history record checks of school "
    "personnel, anything outside title 22, and federal law.",
    hint="Remove this waiver; the school must comply with the provision.",
)
def non_waivable(ctx: RuleContext) -> Iterator[Finding]:
    for index, waiver in active_waivers(ctx.data):
        why = ctx.catalog.non_waivable(
            str(waiver.get("citation", "")), str(waiver.get("kind")), str(waiver.get("title", ""))
        )
        if why:
            yield ctx.finding(
                f"/waivers/{index}/citation", f"{waiver_label(index, waiver)}: {why}."
            )


def _statutes(ctx: RuleContext) -> Iterator[tuple[int, dict[str, Any]]]:
    for index, waiver in active_waivers(ctx.data):
        citation = str(waiver.get("citation", ""))
        if waiver.get("kind") == "state_statute" and not ctx.catalog.non_waivable(
            citation, "state_statute", str(waiver.get("title", ""))
        ):
            yield index, waiver


_SECTION = re.compile(r"^\d+-\d+(\.\d+)?-\d+(\.\d+)?(\([0-9A-Za-z.]+\))*$")


@rule(
    "co.waivers.citation-format",
    element="waivers",
    enforces="CDE waiver request format: exact C.R.S. section and paragraph",
    message="A statute waiver must cite the section exactly, like C.R.S. 22-32-109(1)(n)(I).",
    hint="Write the citation as title-article-section with paragraphs in brackets, e.g. C.R.S. 22-32-109(1)(f).",
)
def citation_format(ctx: RuleContext) -> Iterator[Finding]:
    for index, waiver in _statutes(ctx):
        if not _SECTION.match(waiver_citation(waiver)):
            msg = (
                f"Waiver {index + 1}: “{waiver.get('citation')}” is not a C.R.S. section citation."
            )
            yield ctx.finding(f"/waivers/{index}/citation", msg)


@rule(
    "co.waivers.citation-unknown",
    element="waivers",
    severity=Severity.WARNING,
    enforces="planforge waiver catalog (common innovation waivers)",
    message="A statute not in the waiver catalog may be mistyped; check the citation.",
    hint="Check the citation against the C.R.S.; `planforge waivers QUERY` searches the catalog.",
)
def citation_unknown(ctx: RuleContext) -> Iterator[Finding]:
    for index, waiver in _statutes(ctx):
        key = waiver_citation(waiver)
        if _SECTION.match(key) and ctx.catalog.lookup(key, "state_statute") is None:
            guesses = ctx.catalog.suggest(key, "state_statute")
            tail = (
                " Did you mean " + " or ".join(display(g) for g in guesses) + "?" if guesses else ""
            )
            msg = f"{waiver_label(index, waiver)} is not in the waiver catalog.{tail}"
            yield ctx.finding(f"/waivers/{index}/citation", msg)


def _same(a: str, b: str) -> bool:
    clean = [re.sub(r"[^a-z0-9 ]", " ", x.lower()).split() for x in (a, b)]
    first, second = (" ".join(c) for c in clean)
    if first in second or second in first:
        return True
    import difflib  # lazy: only for titles that differ; keeps `import planforge.rules.engine` cheap

    return difflib.SequenceMatcher(None, first, second).ratio() >= 0.6


@rule(
    "co.waivers.title-mismatch",
    element="waivers",
    severity=Severity.INFO,
    enforces="planforge waiver catalog (official titles)",
    message="The waiver's title differs from the catalog's official title.",
    hint="Use the official title so the board and CDE recognise the provision.",
)
def title_mismatch(ctx: RuleContext) -> Iterator[Finding]:
    for index, waiver in active_waivers(ctx.data):
        match = ctx.catalog.lookup(str(waiver.get("citation", "")), str(waiver.get("kind")))
        title = str(waiver.get("title", ""))
        if match and match.exact and not _same(title, match.entry.title):
            msg = (
                f"Waiver {index + 1}: the plan calls {display(match.entry.citation)} "
                f"“{title}”; its official title is “{match.entry.title}”."
            )
            yield ctx.finding(f"/waivers/{index}/title", msg)


@rule(
    "co.waivers.cba-agreement",
    element="waivers",
    enforces=_LIMITS.split(";")[0] + "; 22-32.5-109",
    message="A union-contract waiver must name the agreement and its years.",
    hint='Add `agreement:`, for example "DPS-DCTA Agreement 2022-2025".',
)
def cba_agreement(ctx: RuleContext) -> Iterator[Finding]:
    for index, waiver in active_waivers(ctx.data):
        if waiver.get("kind") == "cba" and not waiver.get("agreement"):
            yield ctx.finding(
                f"/waivers/{index}",
                f"{waiver_label(index, waiver)} waives a union-contract provision but does not name the agreement.",
            )
