"""Consent evidence: majorities of administrators, teachers and SAC; the 60% CBA vote."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from planforge.domain.labels import BODIES as BODY_NAMES
from planforge.errors import Finding
from planforge.rules import RuleContext, rule
from planforge.rules._util import active_waivers, get, items, percent

_MAJORITY = "C.R.S. 22-32.5-104(3)(f); Denver School Dist. No. 1 v. DCTA, 2017 CO 30"
_CBA = "C.R.S. 22-32.5-109 (collective bargaining agreement waivers)"


def votes(data: Any, body: str) -> list[tuple[int, dict[str, Any]]]:
    """(index, vote) for every vote of a body, in file order."""
    return [(i, v) for i, v in items(data, "consent") if v.get("body") == body]


def is_new(ctx: RuleContext) -> bool:
    """A school not yet open may defer consent (2017 CO 30)."""
    return bool(get(ctx.data, "school", "status") == "new")


def describe(vote: dict[str, Any], body: str) -> str:
    """`Teachers: 14 of 31 eligible voted yes (45.2%)`."""
    yes, eligible = int(vote.get("votes_for") or 0), int(vote.get("eligible") or 0)
    return f"{BODY_NAMES[body]}: {yes} of {eligible} eligible voted yes ({percent(yes, eligible)})"


def needed(eligible: int, share: float, *, strict: bool) -> int:
    """Smallest number of yes votes that is more than (or at least) `share` of eligible."""
    exact = eligible * share
    return math.floor(exact) + 1 if strict else math.ceil(exact - 1e-9)


@rule(
    "co.elements.consent",
    element="consent",
    presence=True,
    enforces=_MAJORITY,
    message="The plan must include the consent votes of administrators, teachers and the SAC.",
    hint="Record each vote under `consent` with eligible, votes for and against, date and method.",
)
def consent_present(ctx: RuleContext) -> Iterator[Finding]:
    if not any(votes(ctx.data, b) for b in ("administrators", "teachers", "sac")):
        msg = "No consent votes of administrators, teachers or the SAC are recorded."
        if is_new(ctx):
            msg += " The school is new (status: new), so consent may be deferred until staff are hired."
        yield ctx.finding("/consent", msg, downgrade=is_new(ctx))


def _majority(body: str) -> Any:
    def check(ctx: RuleContext) -> Iterator[Finding]:
        found = votes(ctx.data, body)
        new = is_new(ctx)
        if not found:
            if any(votes(ctx.data, b) for b in ("administrators", "teachers", "sac")):
                name = BODY_NAMES[body] if body == "sac" else BODY_NAMES[body].lower()
                yield ctx.finding("/consent", f"No vote of the {name} is recorded.", downgrade=new)
            return
        index, vote = found[-1]
        eligible, yes = int(vote.get("eligible") or 0), int(vote.get("votes_for") or 0)
        share = float(ctx.param("consent.majority"))
        if eligible == 0:
            yield ctx.finding(
                f"/consent/{index}/eligible",
                f"{BODY_NAMES[body]}: no eligible voters recorded (eligible is 0).",
                downgrade=new,
            )
        elif yes <= eligible * share:
            need = needed(eligible, share, strict=True)
            msg = f"{describe(vote, body)}; a majority of all {eligible} is needed, i.e. at least {need}."
            yield ctx.finding(f"/consent/{index}/votes_for", msg, downgrade=new)

    return check


for _body, _what in (("administrators", "administrators employed at the school"),
                     ("teachers", "teachers employed at the school"),
                     ("sac", "the School Accountability Committee")):  # fmt: skip
    rule(
        f"co.consent.{_body}",
        element="consent",
        enforces=_MAJORITY,
        message=f"A majority of {_what} must consent, counted against all eligible, not votes cast.",
        hint="Record the vote with `eligible` = everyone in the group; a majority of them must vote yes. "
        "A new school (status: new) gets a warning instead.",
        params=("consent.majority",),
    )(_majority(_body))


@rule(
    "co.consent.tally",
    element="consent",
    enforces="Arithmetic of the vote record",
    message="Votes for, against and abstentions cannot add up to more than the eligible voters.",
    hint="Check the tally sheet: eligible counts everyone in the group, including those who did not vote.",
)
def tally(ctx: RuleContext) -> Iterator[Finding]:
    for index, vote in items(ctx.data, "consent"):
        cast = sum(int(vote.get(k) or 0) for k in ("votes_for", "votes_against", "abstentions"))
        eligible = int(vote.get("eligible") or 0)
        if cast > eligible:
            body = BODY_NAMES.get(str(vote.get("body")), str(vote.get("body")))
            msg = f"{body}: {cast} votes recorded (for, against and abstaining) but only {eligible} eligible."
            yield ctx.finding(f"/consent/{index}", msg)


def cba_waivers(data: Any) -> list[tuple[int, dict[str, Any]]]:
    """Active waivers of collective bargaining agreement provisions."""
    return [(i, w) for i, w in active_waivers(data) if w.get("kind") == "cba"]


@rule(
    "co.consent.cbu-vote",
    element="consent",
    enforces=_CBA + "; the ballot follows State Board designation unless the district votes first",
    message="Waiving union-contract provisions needs the approval of at least 60% of the "
    "bargaining-unit members employed at the school, by secret ballot. Where that ballot comes "
    "after State Board designation (`consent.cba_vote_before_board: false`, as in `co`), a plan "
    "reviewed before it cannot record it, and its absence is a warning.",
    hint="Hold a secret-ballot vote of the bargaining-unit members and record it as body: cbu_members.",
    params=("consent.cba_threshold", "consent.cba_vote_before_board"),
)
def cbu_vote(ctx: RuleContext) -> Iterator[Finding]:
    cba = cba_waivers(ctx.data)
    if not cba:
        return
    share = float(ctx.param("consent.cba_threshold"))
    found = votes(ctx.data, "cbu_members")
    ids = ", ".join(str(w.get("id")) for _, w in cba)
    if not found:
        msg = f"The plan waives union-contract provisions ({ids}) but records no bargaining-unit members' vote."
        before_board = bool(ctx.param("consent.cba_vote_before_board"))
        if before_board:
            msg += " This district holds that secret ballot before its board votes, so the plan must record it."
        else:
            msg += (
                " The secret ballot (at least 60% of the members at the school) is held after the "
                "State Board designates the school; record it when it is held."
            )
        yield ctx.finding("/consent", msg, downgrade=is_new(ctx) or not before_board)
        return
    index, vote = found[-1]
    eligible, yes = int(vote.get("eligible") or 0), int(vote.get("votes_for") or 0)
    if eligible == 0 or yes / eligible < share - 1e-9:
        need = needed(eligible, share, strict=False)
        msg = f"{describe(vote, 'cbu_members')}; {share:.0%} of all {eligible} is needed, i.e. at least {need}."
        yield ctx.finding(f"/consent/{index}/votes_for", msg)


@rule(
    "co.consent.cbu-secret-ballot",
    element="consent",
    enforces=_CBA,
    message="The bargaining-unit members' vote on union-contract waivers must be a secret ballot.",
    hint="Hold the vote again by secret ballot, or correct `method` if it was one.",
)
def cbu_secret(ctx: RuleContext) -> Iterator[Finding]:
    for index, vote in votes(ctx.data, "cbu_members"):
        if vote.get("method") != "secret_ballot":
            msg = f"The bargaining-unit members' vote was taken by {vote.get('method')}, not by secret ballot."
            yield ctx.finding(f"/consent/{index}/method", msg)
