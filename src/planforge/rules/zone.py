"""Zone agreements: members, board, services, funding, dispute resolution, term."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from planforge.errors import Finding, Severity
from planforge.rules import ZONE, RuleContext, rule
from planforge.rules._util import get, items
from planforge.rules.elements import check_text

_SB197 = (
    "C.R.S. 22-32.5-110.5 (SB 22-197): a zone with alternative governance and the local board "
    "resolve disagreements about the plan through a dispute-resolution process conducted by a "
    "neutral third party from the list the Colorado Department of Education publishes"
)
# Zone types that are not Colorado innovation zones, so C.R.S. 22-32.5-110.5 never applies:
# the empowerment zone is the Massachusetts model.
_NOT_COLORADO = frozenset({"empowerment_zone"})
_ZONE = (ZONE,)


@rule(
    "co.zone.members",
    element="zone.members",
    presence=True,
    kinds=_ZONE,
    enforces="C.R.S. 22-32.5-104(4): the zone plan includes each member school's plan",
    message="Every member school's plan must exist, validate and pass review.",
    hint="Fix the member plan named here (its own report lists the problems), then review the zone again.",
)
def members(ctx: RuleContext) -> Iterator[Finding]:
    for member in ctx.members:
        if member.kind == "zone_agreement":
            continue  # the pipeline already reports it (zone.member-not-plan)
        if member.kind != "innovation_plan":
            yield ctx.finding(
                member.pointer,
                f"Member {member.path} is not an innovation plan (its document kind is not innovation_plan).",
            )
        elif member.schema_errors:
            yield ctx.finding(
                member.pointer,
                f"Member plan {member.path} has {member.schema_errors} validation error(s) and was not reviewed.",
            )
        elif member.review_errors:
            yield ctx.finding(
                member.pointer,
                f"Member plan {member.path} is not ready: {member.review_errors} review error(s).",
            )


@rule(
    "co.zone.school-zone",
    element="zone.members",
    severity=Severity.WARNING,
    kinds=_ZONE,
    enforces="Consistency between the zone agreement and its members' plans",
    message="Each member plan's `school.zone` should name this zone.",
    hint="Set `school.zone` in the member plan to the zone's name exactly.",
)
def school_zone(ctx: RuleContext) -> Iterator[Finding]:
    name = get(ctx.data, "zone", "name")
    for member in ctx.members:
        if member.kind != "innovation_plan" or not isinstance(member.data, dict):
            continue
        theirs = get(member.data, "school", "zone")
        if theirs != name:
            said = f"says “{theirs}”" if theirs else "does not name a zone"
            yield ctx.finding(
                member.pointer, f"Member plan {member.path} {said}; this zone is “{name}”."
            )


@rule(
    "co.zone.seats",
    element="zone.governance",
    kinds=_ZONE,
    enforces="Zone agreement: board composition",
    message="The board's seats must add up to its stated size, and the quorum must not exceed it.",
    hint="Correct `governance.size`, the seat counts or `governance.quorum`.",
)
def seats(ctx: RuleContext) -> Iterator[Finding]:
    total = sum(int(s.get("count") or 0) for _, s in items(ctx.data, "governance", "seats"))
    size, quorum = get(ctx.data, "governance", "size"), get(ctx.data, "governance", "quorum")
    if isinstance(size, int) and total != size:
        yield ctx.finding(
            "/governance/size",
            f"The board has {size} seats, but the seats listed add up to {total}.",
        )
    if isinstance(size, int) and isinstance(quorum, int) and quorum > size:
        yield ctx.finding(
            "/governance/quorum", f"The quorum ({quorum}) is larger than the board ({size})."
        )


@rule(
    "co.zone.service-price",
    element="zone.services",
    severity=Severity.WARNING,
    kinds=_ZONE,
    enforces="Zone agreement: service menu with opt-out pricing (LLN lesson)",
    message="Each optional district service should state its price and unit.",
    hint="Add `price` and `unit` (per_pupil, per_school, per_fte or flat) to the optional service.",
)
def service_price(ctx: RuleContext) -> Iterator[Finding]:
    for index, service in items(ctx.data, "services"):
        if service.get("mode") == "optional" and ("price" not in service or "unit" not in service):
            yield ctx.finding(
                f"/services/{index}",
                f"Optional service “{service.get('name')}” has no price and unit, so schools cannot weigh opting out.",
            )


def alternative_governance(data: Any, default_types: list[str]) -> bool:
    """Whether a zone has alternative governance (SB 22-197), as its file says or its type implies.

    `governance.alternative_governance` decides when given; otherwise a zone of one of
    `default_types` (the pack's `zone.alternative_governance_types`: an izone, which has its own
    nonprofit board) has it. A Massachusetts empowerment zone never does.
    """
    kind = get(data, "zone", "type")
    if kind in _NOT_COLORADO:
        return False
    flag = get(data, "governance", "alternative_governance")
    return flag if isinstance(flag, bool) else kind in default_types


@rule(
    "co.zone.dispute-resolution",
    element="zone.disputes",
    presence=True,
    kinds=_ZONE,
    enforces=_SB197,
    message="A zone with alternative governance must set out a dispute-resolution process, "
    "conducted by a neutral third party from CDE's list.",
    hint="Describe each step under `dispute_resolution.steps`, including the neutral third party "
    "from the Colorado Department of Education's list who conducts the dispute resolution.",
    params=(
        "text.min_words",
        "text.placeholders",
        "zone.alternative_governance_types",
        "zone.neutral_party_terms",
    ),
)
def dispute_resolution(ctx: RuleContext) -> Iterator[Finding]:
    if not alternative_governance(ctx.data, list(ctx.param("zone.alternative_governance_types"))):
        return
    steps = [s for s in get(ctx.data, "dispute_resolution", "steps") or [] if isinstance(s, str)]
    if not steps:
        yield ctx.finding("/dispute_resolution", "No dispute-resolution steps are set out.")
        return
    for index, step in enumerate(steps):
        yield from check_text(
            ctx, f"/dispute_resolution/steps/{index}", step, f"Dispute-resolution step {index + 1}"
        )
    terms = [str(t).lower() for t in ctx.param("zone.neutral_party_terms")]
    if not any(t in step.lower() for step in steps for t in terms):
        yield ctx.finding(
            "/dispute_resolution/steps",
            "None of the dispute-resolution steps names the neutral third party who must conduct "
            "the dispute resolution, chosen from the list the Colorado Department of Education "
            "publishes (C.R.S. 22-32.5-110.5(2)).",
            downgrade=True,
        )


@rule(
    "co.zone.funding",
    element="zone.funding",
    presence=True,
    kinds=_ZONE,
    enforces="Zone agreement: funding method and retained services",
    message="The agreement must state how funding is allocated and which services the district keeps.",
    hint="Describe `funding.method` and list `funding.retained_services`.",
    params=("text.min_words", "text.placeholders"),
)
def funding(ctx: RuleContext) -> Iterator[Finding]:
    yield from check_text(
        ctx, "/funding/method", get(ctx.data, "funding", "method"), "The funding method"
    )
    if not get(ctx.data, "funding", "retained_services"):
        yield ctx.finding("/funding/retained_services", "No retained district services are listed.")


@rule(
    "co.zone.review-cadence",
    element="zone.term",
    kinds=_ZONE,
    enforces="C.R.S. 22-32.5-110 (review every 3 years)",
    message="The agreement must be reviewed at least as often as the statute requires.",
    hint="Set `term.review_cadence_years` to 3 or less.",
    params=("review.max_cadence_years",),
)
def review_cadence(ctx: RuleContext) -> Iterator[Finding]:
    cadence, limit = (
        get(ctx.data, "term", "review_cadence_years"),
        int(ctx.param("review.max_cadence_years")),
    )
    if not isinstance(cadence, int):
        yield ctx.finding("/term", "No review cadence (how many years between reviews) is stated.")
    elif cadence > limit:
        yield ctx.finding(
            "/term/review_cadence_years",
            f"The agreement is reviewed every {cadence} years; the statute requires review every {limit}.",
        )
