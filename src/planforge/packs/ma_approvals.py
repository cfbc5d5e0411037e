"""Massachusetts innovation schools, votes and approvals (registered by ``ma.py``): the teacher
vote, the School Committee, the term, the Commissioner's notice, learning time (603 CMR 27.00),
the annual evaluation, amendments, and Massachusetts zones (not reviewed yet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from planforge.errors import Finding, Severity
from planforge.packs._ma_common import (
    S92,
    changes,
    count,
    day,
    ma,
    more_than,
    needed,
    share_of,
    short_bands,
)
from planforge.rules import SOP, ZONE, RuleContext, rule
from planforge.rules._util import get, items
from planforge.rules.schedule import instructional_time, limits

# --------------------------------------------------------------------------- votes and approvals


@rule(
    "ma.vote.teachers",
    element="ma.vote",
    enforces=f"{S92}; 603 CMR 48.04(4); DESE teacher-vote guidance: at least two-thirds of the "
    "teachers of a conversion school or academy approve the plan (and any new contract change "
    "at renewal or amendment)",
    message="A conversion school or academy (or a plan with new contract changes) has the "
    "teachers' vote, at least the pack's share of the pack's denominator, before the School Committee vote.",
    hint="Record `ma.teacher_vote` (eligible, for, against, date, process).",
    params=("ma.teacher_vote.threshold", "ma.teacher_vote.denominator"),
)
def teacher_vote(ctx: RuleContext) -> Iterator[Finding]:
    block = ma(ctx)
    conversion = (
        block.get("school_type") in ("conversion", "academy")
        and ctx.data.get("action") == "initial"
    )
    new_changes = any(change.get("new") is True for _, change in changes(ctx))
    vote = block.get("teacher_vote")
    if not isinstance(vote, dict):
        if conversion or new_changes:
            why = (
                "a conversion school or academy"
                if conversion
                else "the plan has new contract changes"
            )
            yield ctx.finding("/ma", f"No teacher vote is recorded, and {why}.")
        return
    eligible, yes, no = (count(vote.get(k)) for k in ("eligible", "votes_for", "votes_against"))
    if yes + no > eligible:
        yield ctx.finding(
            "/ma/teacher_vote",
            f"{yes + no} votes were cast but only {eligible} teachers were eligible.",
        )
        return
    basis = ctx.param("ma.teacher_vote.denominator")
    of = eligible if basis == "eligible" else yes + no
    share = share_of(ctx.param("ma.teacher_vote.threshold"))
    need = needed(share, of)
    if of == 0 or yes < need:
        yield ctx.finding(
            "/ma/teacher_vote/votes_for",
            f"{yes} of {of} teachers ({'eligible' if basis == 'eligible' else 'voting'}) voted for "
            f"the plan; {share} of them, i.e. at least {need}, is needed.",
        )
    voted, decided = day(vote.get("date")), day(get(block, "school_committee", "vote", "date"))
    if voted is not None and decided is not None and voted > decided:
        yield ctx.finding(
            "/ma/teacher_vote/date",
            f"The teachers voted on {voted}, after the School Committee's vote of {decided}.",
        )


@rule(
    "ma.vote.new-school-agreement",
    element="ma.vote",
    enforces="DESE Innovation Schools Authorization Process: a new school's contract waivers or "
    "modifications are negotiated by the applicant, the union and the superintendent",
    message="A new school with union-contract changes has the signed agreement of the applicant, "
    "the union and the superintendent.",
    hint="Record `ma.cba_agreement` (date, parties).",
)
def new_school_agreement(ctx: RuleContext) -> Iterator[Finding]:
    block = ma(ctx)
    if block.get("school_type") != "new" or not any(True for _ in changes(ctx)):
        return
    if not isinstance(block.get("cba_agreement"), dict):
        yield ctx.finding(
            "/ma", "The new school changes the union contract but no agreement is recorded."
        )


@rule(
    "ma.school-committee.hearing",
    element="ma.school_committee",
    enforces=f"{S92}(m): at least one public hearing, then the final vote not later than 60 "
    "days after the School Committee receives the plan",
    message="The School Committee holds the public hearing(s) before its final vote, which comes "
    "within the days the pack sets after it received the plan.",
    hint="Record `ma.school_committee.received`, `hearings` and `vote.date`.",
    params=("ma.school_committee.min_hearings", "ma.school_committee.decision_days"),
)
def committee_hearing(ctx: RuleContext) -> Iterator[Finding]:
    committee = get(ma(ctx), "school_committee")
    if not isinstance(committee, dict):
        return
    received, voted = day(committee.get("received")), day(get(committee, "vote", "date"))
    hearings = [d for d in (day(h) for h in committee.get("hearings") or []) if d is not None]
    least, days = (
        int(ctx.param("ma.school_committee.min_hearings")),
        int(ctx.param("ma.school_committee.decision_days")),
    )
    if voted is None:
        return  # reviewed before the vote: the hearing and the clock are checked once it is recorded
    before = [h for h in hearings if h <= voted]
    if len(before) < least:
        yield ctx.finding(
            "/ma/school_committee",
            f"{len(before)} public hearing(s) before the vote of {voted}; at least {least} needed.",
        )
    if received is not None and (voted - received).days > days:
        yield ctx.finding(
            "/ma/school_committee/vote/date",
            f"The vote of {voted} came {(voted - received).days} days after the plan was received "
            f"({received}); the final vote comes within {days}.",
        )


@rule(
    "ma.school-committee.vote",
    element="ma.school_committee",
    enforces="DESE Innovation Schools Authorization Process and renewal guidance: a majority of "
    "the full School Committee (as fully constituted)",
    message="The School Committee approved the plan by a majority of its full membership, not of those present.",
    hint="Record `members_full`: the seats of the committee as fully constituted.",
    params=("ma.school_committee.majority",),
)
def committee_vote(ctx: RuleContext) -> Iterator[Finding]:
    vote = get(ma(ctx), "school_committee", "vote")
    if not isinstance(vote, dict):
        return
    full, yes, no = (count(vote.get(k)) for k in ("members_full", "votes_for", "votes_against"))
    need = more_than(share_of(ctx.param("ma.school_committee.majority")), full)
    if yes + no > full:
        yield ctx.finding(
            "/ma/school_committee/vote", f"{yes + no} votes for a committee of {full}."
        )
    elif yes < need:
        yield ctx.finding(
            "/ma/school_committee/vote/votes_for",
            f"{yes} of the {full} members voted for the plan; a majority of the full committee, "
            f"i.e. at least {need}, is needed.",
        )


@rule(
    "ma.term.length",
    element="ma.school_committee",
    enforces=f"{S92}(m): authorization for a period of not more than 5 years",
    message="The plan's term is at most the years the pack allows.",
    hint="Shorten `term.end` (the School Committee may renew the plan).",
    params=("term.max_years",),
)
def term_length(ctx: RuleContext) -> Iterator[Finding]:
    start, end = day(get(ctx.data, "term", "start")), day(get(ctx.data, "term", "end"))
    years = int(ctx.param("term.max_years"))
    if start is None or end is None:
        return
    try:
        limit = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        limit = dt.date(start.year + years, 3, 1)
    if end >= limit:
        yield ctx.finding(
            "/term/end",
            f"The term {start} to {end} is longer than {years} years; it must end before {limit}.",
        )


@rule(
    "ma.notice.commissioner",
    element="ma.notice",
    severity=Severity.WARNING,
    enforces="603 CMR 48.04(5): the superintendent notifies the Commissioner within 30 days of "
    "authorization, with a copy of the approved plan",
    message="After the School Committee's vote, the Commissioner is notified in time, with the plan.",
    hint="Record `ma.commissioner_notice` (date, plan_attached: true).",
    params=("ma.notice.days",),
)
def commissioner_notice(ctx: RuleContext) -> Iterator[Finding]:
    block, days = ma(ctx), int(ctx.param("ma.notice.days"))
    voted = day(get(block, "school_committee", "vote", "date"))
    if voted is None:
        return
    notice = block.get("commissioner_notice")
    due = voted + dt.timedelta(days=days)
    if not isinstance(notice, dict):
        yield ctx.finding("/ma", f"The notice to the Commissioner (due by {due}) is not recorded.")
        return
    sent = day(notice.get("date"))
    if sent is not None and sent > due:
        yield ctx.finding(
            "/ma/commissioner_notice/date",
            f"The notice of {sent} is after {due}, {days} days after the vote.",
        )
    if notice.get("plan_attached") is not True:
        yield ctx.finding(
            "/ma/commissioner_notice", "The notice must include a copy of the approved plan."
        )


# --------------------------------------------------------------------------- time, evaluation, amendments


@rule(
    "ma.schedule.learning-time",
    element="ma.learning_time",
    enforces="603 CMR 27.03 (185 days scheduled, 180 operated; kindergarten 425 hours) and 27.04 "
    "(900 hours elementary, 990 secondary, structured learning time only)",
    message="Each grade band reaches its structured-learning-time minimum and the year has the "
    "days 603 CMR 27.03 requires (a recorded Commissioner approval or 27.06 waiver makes it a warning).",
    hint="Lengthen the day or the year, or record `ma.learning_time.commissioner_approval`.",
    params=("ma.schedule.scheduled_days",),
)
def learning_time(ctx: RuleContext) -> Iterator[Finding]:
    approved = bool(get(ma(ctx), "learning_time", "commissioner_approval"))
    bounds = limits(ctx)
    for _, sentence in short_bands(instructional_time(ctx.data, bounds).values()):
        yield ctx.finding("/levers/schedule/bell_schedules", sentence, downgrade=approved)
    scheduled = get(ma(ctx), "learning_time", "scheduled_days")
    days = get(ctx.data, "levers", "schedule", "instructional_days")
    scheduled = scheduled if isinstance(scheduled, int) else days
    need = int(ctx.param("ma.schedule.scheduled_days"))
    if isinstance(scheduled, int) and scheduled < need:
        yield ctx.finding(
            "/ma/learning_time",
            f"The School Committee schedules {scheduled} days; 603 CMR 27.03(2) requires {need}.",
            downgrade=approved,
        )
    if isinstance(days, int) and bounds.min_days is not None and days < bounds.min_days:
        yield ctx.finding(
            "/levers/schedule/instructional_days",
            f"{days} instructional days; 603 CMR 27.03(3) requires {bounds.min_days}.",
            downgrade=approved,
        )


@rule(
    "ma.evaluation.annual",
    element="ma.evaluation",
    severity=Severity.WARNING,
    enforces=f"{S92}; DESE annual-evaluation guidance: the superintendent evaluates the school at "
    "least annually against its measurable annual goals, reported to the School Committee and DESE",
    message="The plan says who evaluates the school each year and when; a renewal records the "
    "evaluations done.",
    hint="Add `ma.evaluation` (by, due, reported_to); for a renewal list `ma.evaluations`.",
    params=("ma.evaluation.renewal_evaluations",),
)
def evaluation(ctx: RuleContext) -> Iterator[Finding]:
    block = ma(ctx)
    if not isinstance(block.get("evaluation"), dict):
        yield ctx.finding("/ma", "The plan does not say how the school is evaluated each year.")
    done = len(list(items(block, "evaluations")))
    least = int(ctx.param("ma.evaluation.renewal_evaluations"))
    if ctx.data.get("action") == "renewal" and done < least:
        yield ctx.finding(
            "/ma", f"A renewal records {done} annual evaluation(s); at least {least} expected."
        )


@rule(
    "ma.amendments.process",
    element="ma.evaluation",
    enforces="603 CMR 48.04(6): an amendment affecting a major autonomy repeats §92(i)-(m) through "
    "School Committee approval; DESE: a change to the union contract needs two-thirds of the teachers",
    message="Each amendment that touches a major autonomy has the School Committee's approval, and "
    "each that changes the union contract has the teachers' vote.",
    hint="Record `school_committee_vote` and `teacher_vote` on the amendment.",
    params=("ma.teacher_vote.threshold", "ma.school_committee.majority"),
)
def amendments(ctx: RuleContext) -> Iterator[Finding]:
    share = share_of(ctx.param("ma.teacher_vote.threshold"))
    for index, amendment in items(ma(ctx), "amendments"):
        pointer = f"/ma/amendments/{index}"
        committee = amendment.get("school_committee_vote")
        if amendment.get("major_autonomy") is True and not isinstance(committee, dict):
            yield ctx.finding(
                pointer,
                "The amendment affects a major autonomy but no School Committee vote is recorded.",
            )
        elif isinstance(committee, dict) and "eligible" in committee:
            full, yes = count(committee.get("eligible")), count(committee.get("votes_for"))
            if yes < more_than(share_of(ctx.param("ma.school_committee.majority")), full):
                yield ctx.finding(
                    f"{pointer}/school_committee_vote",
                    f"{yes} of {full} members is not a majority of the full committee.",
                )
        vote = amendment.get("teacher_vote")
        if amendment.get("cba_change") is not True:
            continue
        if not isinstance(vote, dict):
            yield ctx.finding(
                pointer, "The amendment changes the union contract but no teacher vote is recorded."
            )
            continue
        eligible, yes = count(vote.get("eligible")), count(vote.get("votes_for"))
        if eligible == 0 or yes < needed(share, eligible):
            yield ctx.finding(
                f"{pointer}/teacher_vote",
                f"{yes} of {eligible} eligible teachers voted for the amendment; {share} is needed.",
            )


@rule(
    "ma.zone.not-supported",
    element="Other requirements",
    kinds=(ZONE,),
    enforces="planforge scope: Massachusetts empowerment zones are reviewed by the ma-ez pack; "
    "Innovation Schools Zones under 603 CMR 48.04(2) are not reviewed yet",
    message="planforge reviews a Massachusetts zone only as an empowerment zone "
    "(`type: empowerment_zone`); it does not yet review an Innovation Schools Zone, and refuses "
    "to write its agreement.",
    hint="Review the member innovation plans one by one; have the agreement reviewed by counsel.",
)
def zone_not_supported(ctx: RuleContext) -> Iterator[Finding]:
    if get(ctx.data, "zone", "type") == "empowerment_zone":
        return
    yield ctx.finding(
        "/zone/type",
        "This Massachusetts zone is not an empowerment zone, so it was not reviewed: planforge "
        "has no rules yet for an Innovation Schools Zone under 603 CMR 48.04(2).",
    )


@rule(
    "ma.zone.needs-ma-ez",
    element="Other requirements",
    kinds=(ZONE, SOP),
    enforces="planforge scope: a Massachusetts empowerment zone and its school operational plans "
    "are reviewed by the ma-ez pack (board, zone teacher contract, annual cycle, the plans)",
    message="A Massachusetts empowerment zone or school operational plan reviewed without the "
    "`ma-ez` pack has not been reviewed: none of its requirements were checked.",
    hint="Leave out `rules:` (the default is ma, ma-ez) or name both: `rules: [ma, ma-ez]`.",
)
def needs_empowerment_pack(ctx: RuleContext) -> Iterator[Finding]:
    if EMPOWERMENT_PACK_PARAM in ctx.params:
        return
    if ctx.kind == ZONE and get(ctx.data, "zone", "type") != "empowerment_zone":
        return  # an Innovation Schools Zone: ma.zone.not-supported says so
    yield ctx.finding(
        "/rules" if "rules" in ctx.data else "",
        "This file was reviewed without the ma-ez pack, so nothing about the empowerment zone "
        "was checked; review it with the packs ma and ma-ez.",
    )


EMPOWERMENT_PACK_PARAM = "ma-ez.board.seats"
"""A parameter only the `ma-ez` pack sets: its presence shows the pack was loaded."""
