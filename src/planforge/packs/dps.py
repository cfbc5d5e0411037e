"""Denver Public Schools local policy (the `dps` pack)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from planforge.domain.catalog import display
from planforge.errors import Finding, Severity
from planforge.rules import PLAN, ZONE, RuleContext, rule
from planforge.rules._util import active_waivers, get, waiver_citation

_EL12 = "DPS Board Executive Limitation EL-12 (as revised March 2022)"


@rule(
    "dps.waivers.el12",
    element="waivers",
    severity=Severity.WARNING,
    enforces=_EL12,
    message="The superintendent will not recommend plans that waive DCTA contract provisions or "
    "TECDA (22-63) statutes, except 22-63-201.",
    hint="Drop the waiver, or document the exception (e.g. Accountability Clock) the board should apply.",
    params=("el12.statute_prefixes", "el12.allowed"),
)
def el12(ctx: RuleContext) -> Iterator[Finding]:
    prefixes, allowed = ctx.param("el12.statute_prefixes"), ctx.param("el12.allowed")
    for index, waiver in active_waivers(ctx.data):
        key = waiver_citation(waiver)
        if waiver.get("kind") == "cba":
            yield ctx.finding(
                f"/waivers/{index}",
                f"Waiver {waiver.get('id')} waives a union-contract provision ({key}); EL-12 bars recommending it.",
            )
        elif (
            waiver.get("kind") == "state_statute"
            and any(key.startswith(p) for p in prefixes)
            and not any(key.startswith(a) for a in allowed)
        ):
            yield ctx.finding(
                f"/waivers/{index}/citation",
                f"Waiver {waiver.get('id')} waives {display(key)} (TECDA); EL-12 allows only {', '.join(display(a) for a in allowed)}.",
            )


@rule(
    "dps.term.length",
    element="term",
    severity=Severity.WARNING,
    kinds=(PLAN, ZONE),
    enforces="DPS innovation renewal: status renewed every three years or more often",
    message="A term longer than the renewal cycle outlasts the next review.",
    hint="End the term after at most three school years.",
    params=("term.max_years",),
)
def term_length(ctx: RuleContext) -> Iterator[Finding]:
    start, end = get(ctx.data, "term", "start"), get(ctx.data, "term", "end")
    limit = int(ctx.param("term.max_years"))
    if isinstance(start, str) and isinstance(end, str) and len(start) == len(end) == 10:
        latest = f"{int(start[:4]) + limit}{start[4:]}"
        if end > latest:
            yield ctx.finding(
                "/term/end", f"The term runs from {start} to {end}, more than {limit} years."
            )


_CODES = re.compile(r"\s*(?:[/,;&]|\band\b)\s*", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n\s*[-*\d]+[.)]?\s+|\n\n")


@rule(
    "dps.waivers.readability",
    element="waivers",
    severity=Severity.INFO,
    enforces="DPS replacement-policy standard: language clear to the average teacher",
    message="Very long sentences make a replacement policy hard for staff to follow.",
    hint="Split long sentences; use a bulleted list for several steps.",
    params=("readability.max_sentence_words",),
)
def readability(ctx: RuleContext) -> Iterator[Finding]:
    limit = int(ctx.param("readability.max_sentence_words"))
    for index, waiver in active_waivers(ctx.data):
        text = waiver.get("replacement_policy")
        if not isinstance(text, str):
            continue
        longest = max((len(s.split()) for s in _SENTENCE.split(text)), default=0)
        if longest > limit:
            yield ctx.finding(
                f"/waivers/{index}/replacement_policy",
                f"Waiver {waiver.get('id')}: the replacement policy has a {longest}-word sentence (aim for {limit} or fewer).",
            )


@rule(
    "dps.waivers.policy-unknown",
    element="waivers",
    severity=Severity.WARNING,
    enforces="DPS board policy index",
    message="A district policy waiver should cite a DPS policy code from the catalog.",
    hint="Check the code in the DPS board policy index; `planforge waivers --list dps_policy` lists known codes.",
)
def policy_unknown(ctx: RuleContext) -> Iterator[Finding]:
    for index, waiver in active_waivers(ctx.data):
        if waiver.get("kind") != "district_policy":
            continue
        for code in _CODES.split(str(waiver.get("citation", ""))):
            key = code.strip().upper()
            if key and ctx.catalog.lookup(key, "district_policy") is None:
                guesses = ctx.catalog.suggest(key, "district_policy")
                tail = f" Did you mean {' or '.join(guesses)}?" if guesses else ""
                yield ctx.finding(
                    f"/waivers/{index}/citation",
                    f"Waiver {waiver.get('id')}: policy code {key} is not in the catalog of DPS policies.{tail}",
                )


@rule(
    "dps.waivers.policy-version",
    element="waivers",
    severity=Severity.INFO,
    enforces="DPS practice: district policy changes can void waivers (LLN, 2016)",
    message="Record which version of a district policy or agreement was waived.",
    hint="Add `policy_version: YYYY-MM-DD` (the adoption or revision date of the policy waived).",
)
def policy_version(ctx: RuleContext) -> Iterator[Finding]:
    for index, waiver in active_waivers(ctx.data):
        if waiver.get("kind") in ("district_policy", "cba") and not waiver.get("policy_version"):
            yield ctx.finding(
                f"/waivers/{index}",
                f"Waiver {waiver.get('id')} does not record the policy version waived (`policy_version`).",
            )
