"""Consent evidence: majorities of administrators, teachers and SAC; the 60% CBA vote.

A vote is *held* unless it says `held: false` (scheduled, not yet consent). A held vote
normally gives its tally; one whose counts were not recorded (`tally: not_recorded`) still
counts as held, is never reported as missing, and is reported once, as a warning that its
majority cannot be checked (`co.consent.tally-recorded`), unless its recorded outcome says
it did not approve the plan.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from planforge.domain.labels import BODIES as BODY_NAMES
from planforge.errors import Finding, Severity
from planforge.rules import RuleContext, rule
from planforge.rules._util import active_waivers, get, items, percent, waiver_label

_MAJORITY = "C.R.S. 22-32.5-104(3)(f); Denver School Dist. No. 1 v. DCTA, 2017 CO 30"
_CBA = "C.R.S. 22-32.5-109 (collective bargaining agreement waivers)"


def votes(data: Any, body: str) -> list[tuple[int, dict[str, Any]]]:
    """(index, vote) for every vote of a body, in file order (scheduled ones too)."""
    return [(i, v) for i, v in items(data, "consent") if v.get("body") == body]


def is_held(vote: dict[str, Any]) -> bool:
    """False only for a vote recorded as scheduled (`held: false`)."""
    return vote.get("held") is not False


def tally_known(vote: dict[str, Any]) -> bool:
    """False for a held vote whose counts were not recorded (`tally: not_recorded`)."""
    return vote.get("tally") != "not_recorded"


def held_votes(data: Any, body: str) -> list[tuple[int, dict[str, Any]]]:
    """(index, vote) for every vote of a body that was held, in file order."""
    return [(i, v) for i, v in votes(data, body) if is_held(v)]


def scheduled_note(data: Any, body: str) -> str:
    """` The teachers' vote is scheduled for 2026-03-10 and not yet held.` (or nothing)."""
    planned = [v for _, v in votes(data, body) if not is_held(v)]
    if not planned:
        return ""
    name = BODY_NAMES[body] if body == "sac" else BODY_NAMES[body].lower()
    when = planned[-1].get("date")
    return f" The vote of the {name} is scheduled{f' for {when}' if when else ''} and not yet held."


def _rejected(vote: dict[str, Any]) -> bool:
    return not tally_known(vote) and vote.get("outcome") == "not_approved"


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
    bodies = ("administrators", "teachers", "sac")
    if not any(held_votes(ctx.data, b) for b in bodies):
        msg = "No consent votes of administrators, teachers or the SAC are recorded."
        if any(votes(ctx.data, b) for b in bodies):
            msg = (
                "No consent vote of administrators, teachers or the SAC has been held yet."
                + "".join(scheduled_note(ctx.data, b) for b in bodies)
            )
        if is_new(ctx):
            msg += " The school is new (status: new), so consent may be deferred until staff are hired."
        yield ctx.finding("/consent", msg, downgrade=is_new(ctx))


def _majority(body: str) -> Any:
    def check(ctx: RuleContext) -> Iterator[Finding]:
        found = held_votes(ctx.data, body)
        new = is_new(ctx)
        if not found:
            if any(held_votes(ctx.data, b) for b in ("administrators", "teachers", "sac")):
                name = BODY_NAMES[body] if body == "sac" else BODY_NAMES[body].lower()
                note = scheduled_note(ctx.data, body)
                msg = (
                    f"No vote of the {name} has been held yet.{note}"
                    if note
                    else (f"No vote of the {name} is recorded.")
                )
                yield ctx.finding("/consent", msg, downgrade=new)
            return
        index, vote = found[-1]
        if not tally_known(vote):
            if _rejected(vote):
                msg = (
                    f"{BODY_NAMES[body]}: the vote of {vote.get('date')} did not approve the plan "
                    "(its tally was not recorded)."
                )
                yield ctx.finding(f"/consent/{index}/outcome", msg, downgrade=new)
            return  # held, counts unknown: co.consent.tally-recorded says so
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
        if not is_held(vote) or not tally_known(vote):
            continue
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
    found = held_votes(ctx.data, "cbu_members")
    ids = "; ".join(waiver_label(i, w) for i, w in cba)
    if not found:
        msg = f"The plan waives union-contract provisions ({ids}) but records no bargaining-unit members' vote."
        msg += scheduled_note(ctx.data, "cbu_members")
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
    if not tally_known(vote):
        if _rejected(vote):
            msg = (
                f"{BODY_NAMES['cbu_members']}: the vote of {vote.get('date')} did not approve the "
                "waivers (its tally was not recorded)."
            )
            yield ctx.finding(f"/consent/{index}/outcome", msg)
        return  # held, counts unknown: co.consent.tally-recorded says so
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


@rule(
    "co.consent.tally-recorded",
    element="consent",
    severity=Severity.WARNING,
    enforces=_MAJORITY + "; " + _CBA,
    message="A vote recorded as held without its tally (`tally: not_recorded`) is not missing, "
    "but the majority of all eligible (60% for bargaining-unit members) cannot be checked.",
    hint="Attach the tally sheet, or record eligible, votes_for and votes_against if the counts "
    "can still be found.",
    params=("consent.cba_threshold",),
)
def tally_recorded(ctx: RuleContext) -> Iterator[Finding]:
    for index, vote in items(ctx.data, "consent"):
        if not is_held(vote) or tally_known(vote) or _rejected(vote):
            continue
        body = str(vote.get("body"))
        name = BODY_NAMES.get(body, body)
        outcome = " and approved the plan" if vote.get("outcome") == "approved" else ""
        need = (
            f"at least {float(ctx.param('consent.cba_threshold')):.0%} of all eligible members"
            if body == "cbu_members"
            else "a majority of all eligible"
        )
        msg = (
            f"{name}: the vote of {vote.get('date')} is recorded as held{outcome}, but its tally "
            f"was not recorded, so planforge cannot check that {need} voted yes."
        )
        yield ctx.finding(f"/consent/{index}", msg)
