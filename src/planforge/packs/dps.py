"""Denver Public Schools local policy (the `dps` pack)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from planforge.domain.catalog import display, normalize
from planforge.errors import Finding, Severity
from planforge.rules import PLAN, ZONE, RuleContext, rule
from planforge.rules._util import active_waivers, get, items, waiver_citation, waiver_label

_EL12 = (
    "DPS Board Executive Limitation EL-12 as revised on 16 June 2022 (special meeting, 5-2), which "
    "partly reversed the March 2022 text; adopted text not retrieved [P]"
)


def _date(value: Any) -> str | None:
    return value if isinstance(value, str) and len(value) == 10 else None


@rule(
    "dps.waivers.el12",
    element="waivers",
    severity=Severity.WARNING,
    enforces=_EL12,
    message="For plans submitted on or after 16 June 2022, the superintendent will not recommend "
    "waivers of TECDA (C.R.S. 22-63) except 22-63-201, nor of the DCTA agreement's salary "
    "schedule, grievance procedure or procedure for complaints against teachers; calendar, "
    "day length, leadership structure, planning time, class size, duty-free lunch and extra-duty "
    "pay may be waived again.",
    hint="Drop the waiver, or document the exception (e.g. Accountability Clock) the board should apply.",
    params=(
        "el12.effective",
        "el12.statute_prefixes",
        "el12.allowed",
        "el12.cba_prohibited",
        "el12.cba_allowed",
    ),
)
def el12(ctx: RuleContext) -> Iterator[Finding]:
    effective, submitted = str(ctx.param("el12.effective")), _date(ctx.data.get("submitted"))
    if submitted is not None and submitted < effective:
        return  # the limits apply to plans submitted after they took effect
    prefixes, allowed = ctx.param("el12.statute_prefixes"), ctx.param("el12.allowed")
    for index, waiver in active_waivers(ctx.data):
        key = waiver_citation(waiver)
        if waiver.get("kind") == "cba":
            reason = _el12_cba(ctx, waiver)
            if reason:
                yield ctx.finding(
                    f"/waivers/{index}",
                    f"{waiver_label(index, waiver, title=True)} waives {reason}; "
                    f"EL-12 (as revised on {effective}) keeps it, so the superintendent will not recommend the waiver.",
                )
        elif (
            waiver.get("kind") == "state_statute"
            and any(key.startswith(p) for p in prefixes)
            and not any(key.startswith(a) for a in allowed)
        ):
            yield ctx.finding(
                f"/waivers/{index}/citation",
                f"Waiver {index + 1} waives {display(key)} (TECDA); EL-12 allows only {', '.join(display(a) for a in allowed)}.",
            )


def _el12_cba(ctx: RuleContext, waiver: dict[str, Any]) -> str | None:
    """Which provision EL-12 keeps that a union-contract waiver touches (and how we know)."""
    text = f"{waiver.get('citation', '')} {waiver.get('title', '')}".lower()
    for topic in ctx.param("el12.cba_allowed"):
        if any(str(k).lower() in text for k in topic.get("keywords") or ()):
            return None
    article = _article_number(str(waiver.get("citation", "")))
    for topic in ctx.param("el12.cba_prohibited"):
        provision = str(topic.get("provision"))
        word = next((str(k) for k in topic.get("keywords") or () if str(k).lower() in text), None)
        if word:
            return f"{provision} (its citation or title mentions “{word}”)"
        if article is not None and article in [str(a) for a in topic.get("articles") or ()]:
            return (
                f"{provision} (article {article} in earlier DCTA agreements; the numbering of "
                "the agreement cited is not verified, so check it)"
            )
    return None


def _article_number(citation: str) -> str | None:
    """`Article 7-2` -> `7`; None when the citation is not an article number."""
    m = re.match(r"^(?:\S+ )?Article ([0-9]+(?:\.5)?)", normalize(citation, "cba"))
    return m.group(1) if m else None


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
                f"{waiver_label(index, waiver)}: the replacement policy has a {longest}-word sentence (aim for {limit} or fewer).",
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
                    f"Waiver {index + 1}: policy code {key} is not in the catalog of DPS policies.{tail}",
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
                f"{waiver_label(index, waiver)} does not record the version of the policy waived "
                "(the date it was adopted or last revised).",
            )


@rule(
    "dps.waivers.cba-unknown",
    element="waivers",
    severity=Severity.INFO,
    enforces="planforge waiver catalog (DCTA agreement articles; numbering by edition [U])",
    message="A union-contract citation that matches no DCTA article planforge knows is noted, "
    "so the reviewer checks it against the agreement the waiver names.",
    hint="Check the article number against the agreement named in `agreement:`; "
    "`planforge waivers --list dcta_article` lists the articles planforge knows.",
)
def cba_unknown(ctx: RuleContext) -> Iterator[Finding]:
    for index, waiver in active_waivers(ctx.data):
        if waiver.get("kind") != "cba" or ctx.catalog.lookup_cba(str(waiver.get("citation", ""))):
            continue
        agreement = f" ({waiver.get('agreement')})" if waiver.get("agreement") else ""
        yield ctx.finding(
            f"/waivers/{index}/citation",
            f"Waiver {index + 1}: {normalize(str(waiver.get('citation', '')), 'cba')} matches no "
            f"DCTA article planforge knows (its numbers come from the 2017-2022 and 1999-2002 "
            f"agreements); check it against the agreement cited{agreement}.",
        )


@rule(
    "dps.renewal.waiver-status",
    element="waivers",
    enforces="DPS Board of Education, March 2023: the Northeast Denver Innovation Zone renewal "
    "was sent back because it did not say which 2018 waivers it kept (cpednews.org, "
    "boardhawk.org, 9 March 2023); not a requirement of C.R.S. 22-32.5-110",
    message="In a renewal or revision every waiver must say whether it is kept, modified, added or dropped.",
    hint="Add `status: kept`, `modified`, `added` or `dropped` to each waiver, so staff know what they vote on.",
)
def waiver_status(ctx: RuleContext) -> Iterator[Finding]:
    action = get(ctx.data, "action")
    if action not in ("renewal", "revision"):
        return
    for index, waiver in items(ctx.data, "waivers"):
        if not waiver.get("status"):
            msg = f"{waiver_label(index, waiver)} has no renewal status; a {action} must say whether it is kept, modified, added or dropped."
            yield ctx.finding(f"/waivers/{index}", msg)
