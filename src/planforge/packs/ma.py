"""Massachusetts innovation schools (the `ma` pack): M.G.L. c.71 §92, 603 CMR 48.00, 603 CMR 27.00.

Imported only when the `ma` pack is chosen (a file with ``jurisdiction: MA``), so these rules
never review a Colorado plan, and the Colorado rules (pack ``co``) never review this one.
Every threshold is a parameter of ``ma.yaml`` with its source and confidence. This module has
the plan, prospectus and autonomy rules; ``ma_approvals`` (imported below) the votes,
approvals, learning time, evaluation and zone rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from planforge.errors import Finding, Severity
from planforge.packs import ma_approvals  # noqa: F401  (registers the approval rules)
from planforge.packs._ma_common import (
    AREAS,
    S92,
    changes,
    count,
    day,
    ma,
    needed,
    share_of,
    thin_text,
)
from planforge.rules import RuleContext, rule
from planforge.rules._util import and_list, get, items
from planforge.rules.elements import term_years

# --------------------------------------------------------------------------- the plan


@rule(
    "ma.plan.section",
    element="ma.plan",
    presence=True,
    enforces=f"{S92}(c); 603 CMR 48.00: the innovation plan and the approval record",
    message="A Massachusetts plan needs `jurisdiction: MA` and its `ma:` section.",
    hint="Add `jurisdiction: MA` and the `ma:` section (docs/guide/massachusetts.md).",
)
def plan_section(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.data.get("jurisdiction") != "MA":
        yield ctx.finding(
            "/jurisdiction",
            "The `ma` pack reviews Massachusetts plans; this file does not say `jurisdiction: MA`.",
        )
    if not ma(ctx):
        yield ctx.finding(
            "", "The plan has no `ma:` section (prospectus, committees, autonomies, votes)."
        )


@rule(
    "ma.plan.colorado-items",
    element="ma.plan",
    enforces=f"{S92}: Massachusetts has no waiver catalog, SAC consent or bargaining-unit ballot",
    message="Colorado waivers, consent votes, CDE codes and School Accountability Committees have "
    "no meaning under M.G.L. c.71 §92.",
    hint="Record union-contract changes under `ma.autonomies[].cba_changes`, state-law conflicts "
    "under `state_law_conflicts`, and the teacher vote under `ma.teacher_vote`; leave "
    "`waivers` and `consent` empty ([]).",
)
def colorado_items(ctx: RuleContext) -> Iterator[Finding]:
    for index, waiver in items(ctx.data, "waivers"):
        yield ctx.finding(
            f"/waivers/{index}",
            f"Waiver {waiver.get('id')} ({waiver.get('citation')}) is a Colorado waiver request; "
            "a Massachusetts plan states its autonomies and contract changes under `ma.autonomies`.",
        )
    for index, vote in items(ctx.data, "consent"):
        yield ctx.finding(
            f"/consent/{index}",
            f"The `{vote.get('body')}` consent vote is a Colorado vote; record the teachers' vote "
            "under `ma.teacher_vote`.",
        )
    for key, what in (
        ("cde_code", "CDE school code"),
        ("sac_name", "School Accountability Committee"),
    ):
        if get(ctx.data, "school", key) is not None:
            yield ctx.finding(
                f"/school/{key}", f"`school.{key}` (a Colorado {what}) does not apply."
            )


@rule(
    "ma.prospectus.elements",
    element="ma.prospectus",
    enforces=f"{S92}, prospectus elements (i)-(xii) (DESE 'Six Steps to Approval')",
    message="The prospectus states all twelve elements: (ii) the location for a new school, "
    "(iii) the school converted for a conversion.",
    hint="Complete `ma.prospectus` (docs/reference/fields.md lists each element).",
    params=("ma.prospectus.elements",),
)
def prospectus_elements(ctx: RuleContext) -> Iterator[Finding]:
    block = ma(ctx)
    found = block.get("prospectus")
    prospectus: dict[str, Any] = found if isinstance(found, dict) else {}
    missing = [
        k for k in ctx.param("ma.prospectus.elements") if prospectus.get(k) in (None, "", [])
    ]
    kind = prospectus.get("new_or_conversion")
    if kind == "new" and not prospectus.get("location"):
        missing.append("location")
    if kind in ("conversion", "academy") and not prospectus.get("conversion_school"):
        missing.append("conversion_school")
    if missing:
        yield ctx.finding("/ma/prospectus", f"The prospectus lacks {and_list(missing)}.")
    if kind and block.get("school_type") and kind != block.get("school_type"):
        yield ctx.finding(
            "/ma/prospectus/new_or_conversion",
            f"The prospectus proposes a {kind} school but `ma.school_type` is {block.get('school_type')}.",
        )
    if kind == "new" and not prospectus.get("impact_statement"):
        yield ctx.finding(
            "/ma/prospectus",
            "A new school's prospectus needs the screening committee's impact statement (§92(h)).",
            downgrade=True,
        )


# --------------------------------------------------------------------------- screening committee


@rule(
    "ma.screening.members",
    element="ma.prospectus",
    enforces=f"{S92}(h): the superintendent or designee, a School Committee member or designee, "
    "and a leader of the local teachers' union",
    message="The screening committee has the three members the statute names.",
    hint="List each member with role superintendent, school_committee and union.",
    params=("ma.screening.roles",),
)
def screening_members(ctx: RuleContext) -> Iterator[Finding]:
    roles = {str(m.get("role")) for _, m in items(ma(ctx), "screening", "members")}
    missing = [str(r) for r in ctx.param("ma.screening.roles") if r not in roles]
    if missing:
        yield ctx.finding(
            "/ma/screening/members", f"The screening committee has no {and_list(missing)} member."
        )


@rule(
    "ma.screening.convened",
    element="ma.prospectus",
    severity=Severity.WARNING,
    enforces="DESE Innovation Schools Authorization Process: the superintendent convenes the "
    "screening committee within 30 days of receiving the prospectus",
    message="The screening committee is convened within the days the pack sets after the "
    "prospectus is received.",
    hint="Record `ma.prospectus.received` and `ma.screening.convened`.",
    params=("ma.screening.convene_days",),
)
def screening_convened(ctx: RuleContext) -> Iterator[Finding]:
    block, days = ma(ctx), int(ctx.param("ma.screening.convene_days"))
    received = day(get(block, "prospectus", "received"))
    convened = day(get(block, "screening", "convened"))
    if convened is None:
        yield ctx.finding(
            "/ma/screening", "The date the screening committee was convened is not recorded."
        )
    elif received is not None and (convened - received).days > days:
        yield ctx.finding(
            "/ma/screening/convened",
            f"The screening committee was convened {(convened - received).days} days after the "
            f"prospectus was received ({received}); at most {days} are allowed.",
        )


@rule(
    "ma.screening.decision",
    element="ma.prospectus",
    enforces=f"{S92}(h); 603 CMR 48.04(3): accept, reject or return by a two-thirds vote within "
    "30 days of receiving the prospectus (or its revision)",
    message="The screening committee accepted the prospectus by two-thirds of its members, in time.",
    hint="Record each decision (date, votes for and against, outcome); the last must be accept.",
    params=("ma.screening.threshold", "ma.screening.decision_days"),
)
def screening_decision(ctx: RuleContext) -> Iterator[Finding]:
    block = ma(ctx)
    decisions = list(items(block, "screening", "decisions"))
    if not decisions:
        yield ctx.finding("/ma/screening", "No screening committee decision is recorded.")
        return
    index, last = decisions[-1]
    pointer = f"/ma/screening/decisions/{index}"
    members = len(list(items(block, "screening", "members")))
    share = share_of(ctx.param("ma.screening.threshold"))
    need = needed(share, members)
    yes = count(last.get("votes_for"))
    if last.get("outcome") != "accept":
        yield ctx.finding(
            f"{pointer}/outcome",
            f"The last screening decision is `{last.get('outcome')}`, not accept.",
        )
    elif yes < need:
        yield ctx.finding(
            f"{pointer}/votes_for",
            f"The prospectus was accepted by {yes} of {members} members; {share} of the committee, "
            f"i.e. at least {need}, is needed.",
        )
    days = int(ctx.param("ma.screening.decision_days"))
    for i, decision in decisions:
        start = day(decision.get("revision_received")) or day(get(block, "prospectus", "received"))
        when = day(decision.get("date"))
        if start is not None and when is not None and (when - start).days > days:
            yield ctx.finding(
                f"/ma/screening/decisions/{i}/date",
                f"The decision of {when} came {(when - start).days} days after the prospectus "
                f"(or its revision) was received on {start}; the committee decides within {days}.",
            )


@rule(
    "ma.committee.members",
    element="ma.committee",
    enforces=f"{S92}(i); DESE Innovation Schools Authorization Process (up to 11 members)",
    message="The innovation plan committee has at most the members the pack allows and the "
    "roles it lists.",
    hint="List the committee under `ma.plan_committee` with each member's role.",
    params=("ma.plan_committee.max_members", "ma.plan_committee.roles"),
)
def committee_members(ctx: RuleContext) -> Iterator[Finding]:
    members = list(items(ma(ctx), "plan_committee"))
    most = int(ctx.param("ma.plan_committee.max_members"))
    if len(members) > most:
        yield ctx.finding(
            "/ma/plan_committee",
            f"The innovation plan committee has {len(members)} members; at most {most} are allowed.",
        )
    roles = {str(m.get("role")) for _, m in members}
    missing = [str(r) for r in ctx.param("ma.plan_committee.roles") if r not in roles]
    if missing:
        yield ctx.finding(
            "/ma/plan_committee",
            f"The innovation plan committee has no {and_list(missing)}.",
            downgrade=True,
        )


# --------------------------------------------------------------------------- autonomy


@rule(
    "ma.autonomy.areas",
    element="ma.autonomy",
    enforces=f"{S92}(b), (c): autonomy and flexibility in one or more of six areas, articulated in the plan",
    message="The plan uses at least one of the six areas of autonomy, each once, each described.",
    hint="Add an entry to `ma.autonomies` per area used, with a narrative.",
    params=("ma.autonomy.min_areas",),
)
def autonomy_areas(ctx: RuleContext) -> Iterator[Finding]:
    areas = list(items(ma(ctx), "autonomies"))
    least = int(ctx.param("ma.autonomy.min_areas"))
    if len(areas) < least:
        yield ctx.finding(
            "/ma/autonomies",
            f"The plan uses {len(areas)} areas of autonomy; at least {least} needed.",
        )
    seen: set[str] = set()
    for index, area in areas:
        name = str(area.get("area"))
        if name in seen:
            yield ctx.finding(
                f"/ma/autonomies/{index}/area",
                f"The area {AREAS.get(name, name)} is listed twice.",
            )
        seen.add(name)
        problem = thin_text(ctx, area.get("narrative"))
        if problem:
            yield ctx.finding(
                f"/ma/autonomies/{index}/narrative",
                f"The narrative for {AREAS.get(name, name)} {problem}.",
            )


@rule(
    "ma.autonomy.cba-article",
    element="ma.autonomy",
    enforces=f"{S92}(b)(iv): waivers from or modifications to contracts or collective "
    "bargaining agreements, which the teachers vote on",
    message="Each union-contract waiver or modification cites the article it changes and says what changes.",
    hint="Write the article and section, e.g. `Article 12, §3`, and describe the change.",
)
def cba_article(ctx: RuleContext) -> Iterator[Finding]:
    for pointer, change in changes(ctx):
        article = str(change.get("article") or "")
        if not any(ch.isdigit() for ch in article) and not any(
            w in ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
            for w in article.replace(",", " ").split()
        ):
            yield ctx.finding(f"{pointer}/article", f"`{article}` does not cite an article number.")
        problem = thin_text(ctx, change.get("description"), short=True)
        if problem:
            yield ctx.finding(f"{pointer}/description", f"The description of the change {problem}.")


@rule(
    "ma.autonomy.state-law",
    element="ma.state_law",
    enforces="603 CMR 48.03(3)(b): before presenting the plan to the School Committee, the plan "
    "committee asks the Commissioner to approve each provision that may conflict with state law",
    message="Each provision that may conflict with state law or regulation has the Commissioner's "
    "approval, requested before the plan went to the School Committee (a pending request is a warning).",
    hint="Record `requested`, `status` and the Commissioner's answer for each conflict.",
)
def state_law(ctx: RuleContext) -> Iterator[Finding]:
    block = ma(ctx)
    received = day(get(block, "school_committee", "received"))
    for a, area in items(block, "autonomies"):
        for c, conflict in items(area, "state_law_conflicts"):
            pointer, cite = f"/ma/autonomies/{a}/state_law_conflicts/{c}", conflict.get("citation")
            requested = day(conflict.get("requested"))
            if requested is None:
                yield ctx.finding(
                    pointer, f"No request to the Commissioner is recorded for {cite}."
                )
            elif received is not None and requested > received:
                yield ctx.finding(
                    f"{pointer}/requested",
                    f"The request for {cite} ({requested}) came after the School Committee received "
                    f"the plan ({received}); it must come before.",
                )
            status = conflict.get("status")
            if status == "denied":
                yield ctx.finding(
                    f"{pointer}/status",
                    f"The Commissioner denied {cite}; the provision cannot stand.",
                )
            elif status != "approved":
                yield ctx.finding(
                    f"{pointer}/status",
                    f"The Commissioner has not yet approved {cite}.",
                    downgrade=True,
                )


@rule(
    "ma.goals.annual",
    element="ma.goals",
    enforces=f"{S92}; DESE Innovation Schools Authorization Process: the superintendent "
    "evaluates the school against the measurable annual goals in its plan",
    message="The plan states measurable annual goals with a target for every school year of its term.",
    hint="Add goals under `goals` with a baseline and a target for each school year.",
)
def goals_annual(ctx: RuleContext) -> Iterator[Finding]:
    goals = list(items(ctx.data, "goals"))
    if not goals:
        yield ctx.finding("/goals", "The plan states no measurable annual goals.")
    years = term_years(ctx.data)
    for index, goal in goals:
        base = str(get(goal, "baseline", "year") or "")
        have = {str(t.get("year")) for _, t in items(goal, "targets")}
        missing = [y for y in years if y > base and y not in have]
        if missing:
            yield ctx.finding(
                f"/goals/{index}/targets",
                f"Goal {goal.get('id')} has no target for {and_list(missing)}.",
            )
