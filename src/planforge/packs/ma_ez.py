"""Massachusetts empowerment zones (the `ma-ez` pack): the Springfield model.

A zone memorandum among the School Committee, the Department of Elementary and Secondary
Education and a nonprofit zone board on which the Commissioner's appointees are a majority; a
separate zone teacher contract; and the School Operational Plan (SOP) each zone school writes
every year with its elected Teacher Leadership Team (TLT), approved by the zone board.

Imported only when the `ma-ez` pack is chosen (the default, with `ma`, of a Massachusetts zone
or school operational plan). Every threshold and list is a parameter of ``ma-ez.yaml`` with its
source and confidence. The zone rules review only a zone of ``type: empowerment_zone`` (the `ma`
pack's ``ma.zone.not-supported`` reports any other Massachusetts zone); the zone's member plans
are checked here too, because a school operational plan's own review does not see its zone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from planforge.domain.hours import school_year_days
from planforge.domain.labels import (
    EZ_BODIES,
    EZ_ITEMS,
    EZ_LEVERS,
    RETURN_VEHICLES,
    SPENDING_CATEGORIES,
    authority_phrase,
    in_sentence,
)
from planforge.domain.numbers import is_number
from planforge.domain.sop import calendar_time, sop_budget
from planforge.errors import Finding
from planforge.packs._ma_common import (
    count,
    day,
    ma,
    more_than,
    share_of,
    short_bands,
    thin_text,
)
from planforge.rules import SOP, ZONE, RuleContext, rule
from planforge.rules._util import and_list, get, items, money, placeholder
from planforge.rules.schedule import limits

_ZONE = (ZONE,)
_SOP = (SOP,)
SRST = "SEZP memorandum of understanding (SchoolRestarts summary, SRST)"
D16742 = "DESE press release of 6 Feb 2015 on the SEZP board (D16742) and the SEZP board page"
SEZPS = "SEZP schools page (SEZPS)"

PARTIES = {
    "district": "the district (its School Committee)",
    "state_agency": "the state (the Department of Elementary and Secondary Education)",
    "zone_nonprofit": "the zone's nonprofit",
}
"""The memorandum's parties, as a rule names the missing ones."""


def _label(table: Mapping[str, str], key: Any) -> str:
    """A code's word inside a message (`zone board`, `food services`), else the code in words."""
    word = table.get(str(key))
    return in_sentence(word) if word is not None else str(key).replace("_", " ")


_LEVER_WORDS = {key: lever.word for key, lever in EZ_LEVERS.items()}
_ITEM_WORDS = {key: item.of_school for key, item in EZ_ITEMS.items()}
"""Each school's items as the messages name them (`school budget`)."""


def _return_how(code: Any) -> str:
    """`to ordinary district management`: how schools return, inside a message."""
    vehicle = RETURN_VEHICLES.get(str(code))
    return vehicle.how if vehicle else str(code).replace("_", " ")


def _share_words(share: Any) -> str:
    value = share_of(share)
    return "half" if value == share_of("1/2") else f"{float(value):.0%}"


def _empowerment(ctx: RuleContext) -> bool:
    return bool(get(ctx.data, "zone", "type") == "empowerment_zone")


def _ez(ctx: RuleContext) -> dict[str, Any]:
    """The zone's Massachusetts section, or {} (not an empowerment zone, or no section:
    ``ma-ez.section`` reports that once)."""
    return ma(ctx) if _empowerment(ctx) else {}


def _tally(vote: dict[str, Any]) -> tuple[int, int, int]:
    return (
        count(vote.get("eligible")),
        count(vote.get("votes_for")),
        count(vote.get("votes_against")),
    )


# --------------------------------------------------------------------------- the memorandum


@rule(
    "ma-ez.section",
    element="ma-ez.memorandum",
    presence=True,
    kinds=_ZONE,
    enforces=f"{SRST}; brief §6.4: a Massachusetts empowerment zone's memorandum records to whom "
    "the board reports, its approvals, the zone teacher contract, the annual cycle and the "
    "return of schools",
    message="A Massachusetts empowerment zone's memorandum has its Massachusetts terms: to whom "
    "the board reports, who approved it, the zone teacher contract, the annual cycle and how "
    "schools return to the district.",
    hint="Add the `ma:` section (board, approvals, zone_contract, annual_cycle, return_of_schools) "
    "and the professional-development autonomy.",
    params=("ma-ez.sop.levers",),
)
def section(ctx: RuleContext) -> Iterator[Finding]:
    if not _empowerment(ctx):
        return
    if not ma(ctx):
        yield ctx.finding(
            "",
            "The memorandum has no Massachusetts terms: to whom the board reports, who approved "
            "the memorandum, the zone teacher contract, the annual cycle of school plans and the "
            "return of schools to the district are all missing.",
        )
    levers = ctx.param("ma-ez.sop.levers")
    if "professional_development" in levers and not get(
        ctx.data, "autonomies", "professional_development"
    ):
        yield ctx.finding(
            "/autonomies",
            "The memorandum does not say what Member Schools decide about professional "
            "development, one of the levers each school's operational plan uses; add it to the "
            "autonomies.",
        )


@rule(
    "ma-ez.parties",
    element="ma-ez.memorandum",
    kinds=_ZONE,
    enforces=f"{SRST}: the memorandum's parties are the School Committee (the district), DESE "
    "and the zone's nonprofit",
    message="The memorandum's parties include the district, the state and the zone's nonprofit.",
    hint="Add the missing party under `parties` (role district, state_agency or zone_nonprofit).",
    params=("ma-ez.parties.roles",),
)
def parties(ctx: RuleContext) -> Iterator[Finding]:
    if not _empowerment(ctx):
        return
    roles = {p.get("role") for _, p in items(ctx.data, "parties")}
    missing = [str(r) for r in ctx.param("ma-ez.parties.roles") if r not in roles]
    if missing:
        yield ctx.finding(
            "/parties",
            f"The memorandum's parties do not include {and_list([PARTIES.get(r, r) for r in missing])}.",
        )


# --------------------------------------------------------------------------- the board


@rule(
    "ma-ez.board.seats",
    element="ma-ez.board",
    kinds=_ZONE,
    enforces=f"{D16742}: the mayor, the superintendent, the School Committee's vice chair (or "
    "their designees) and four directors appointed by the Commissioner, one of them the chair",
    message="The board's voting seats, by appointing authority, are those of the Springfield "
    "model; the chair is one of the Commissioner's appointees; the state's appointees are a "
    "majority; all seats, voting or not, add up to the board's size.",
    hint="Give every seat its `authority` and `count`, mark the chair's seats with `chair: true`, "
    "and make `governance.size` the number of all seats.",
    params=(
        "ma-ez.board.seats",
        "ma-ez.board.chair_authority",
        "ma-ez.board.state_authorities",
    ),
)
def board_seats(ctx: RuleContext) -> Iterator[Finding]:
    if not _empowerment(ctx):
        return
    seats = list(items(ctx.data, "governance", "seats"))
    by: Counter[str] = Counter()
    total = voting_unnamed = 0
    for index, seat in seats:
        authority = seat.get("authority")
        if not authority:
            yield ctx.finding(
                f"/governance/seats/{index}",
                f"The seats appointed by {seat.get('appointed_by')} do not say which authority "
                "appoints them: add `authority:` (commissioner, mayor, superintendent or "
                "school_committee).",
            )
        total += count(seat.get("count"))  # the board's size counts every seat (the schema)
        if seat.get("voting") is False:
            continue
        if authority:
            by[str(authority)] += count(seat.get("count"))
        else:
            voting_unnamed += count(seat.get("count"))
    want = {str(k): int(v) for k, v in ctx.param("ma-ez.board.seats").items()}
    if voting_unnamed:  # the composition cannot be judged until every seat names its authority
        want, by = {}, Counter()
    for authority, n in want.items():
        if by[authority] != n:
            yield ctx.finding(
                "/governance/seats",
                f"{by[authority]} voting seat(s) are appointed by {authority_phrase(authority)}; "
                f"the Springfield model gives {authority_phrase(authority)} {n}.",
            )
    for authority, n in by.items():
        if authority not in want:
            yield ctx.finding(
                "/governance/seats",
                f"{n} voting seat(s) are appointed by {authority_phrase(authority)}; the "
                "Springfield model has no such seats.",
            )
    size = get(ctx.data, "governance", "size")
    if isinstance(size, int) and total != size:
        yield ctx.finding(
            "/governance/size",
            f"The board has {size} seats, but its seat groups add up to {total}.",
        )
    chair = str(ctx.param("ma-ez.board.chair_authority"))
    chairs = [(i, s) for i, s in seats if s.get("chair") is True]
    if not chairs:
        yield ctx.finding(
            "/governance/seats",
            f"No seat is marked as the chair's; the chair is one of {authority_phrase(chair)}'s "
            "appointees.",
        )
    elif len(chairs) > 1:
        yield ctx.finding(
            "/governance/seats", "More than one group of seats is marked as the chair's."
        )
    for index, seat in chairs:
        if seat.get("authority") != chair:
            yield ctx.finding(
                f"/governance/seats/{index}/chair",
                f"The chair comes from the seats appointed by {seat.get('appointed_by')}; the "
                f"chair is one of {authority_phrase(chair)}'s appointees.",
            )
    state = sum(by[str(a)] for a in ctx.param("ma-ez.board.state_authorities"))
    voting = sum(by.values())
    if voting and not voting_unnamed and state * 2 <= voting:
        yield ctx.finding(
            "/governance/seats",
            f"The state's appointees hold {state} of the {voting} voting seats, not a majority.",
        )


@rule(
    "ma-ez.board.reports-to",
    element="ma-ez.board",
    kinds=_ZONE,
    enforces=f"{D16742}: the board reports to the superintendent and to the Commissioner",
    message="The memorandum says the board reports to the superintendent and to the Commissioner.",
    hint="List both under `ma.board.reports_to`.",
    params=("ma-ez.board.reports_to",),
)
def reports_to(ctx: RuleContext) -> Iterator[Finding]:
    block = _ez(ctx)
    if not block:
        return
    listed = get(block, "board", "reports_to")
    entries = [str(x) for x in listed] if isinstance(listed, list) else []
    missing = [
        str(w)
        for w in ctx.param("ma-ez.board.reports_to")
        if not any(_names_office(entry, str(w)) for entry in entries)
    ]
    if missing:
        where = "/ma/board/reports_to" if isinstance(listed, list) else "/ma/board"
        yield ctx.finding(
            where,
            "The memorandum does not say that the board reports to "
            f"{and_list([authority_phrase(w) for w in missing])}.",
        )


_SUBORDINATE = re.compile(r"assistant|associate|deputy|vice|acting", re.IGNORECASE)


def _names_office(entry: str, office: str) -> bool:
    """Whether a `reports_to` entry names the office itself (`The Superintendent of Schools`),
    not a subordinate one (`The Assistant Superintendent`)."""
    word = office.replace("_", " ")
    for found in re.finditer(rf"\b{re.escape(word)}\b", entry, re.IGNORECASE):
        before = entry[: found.start()].split()
        if not (before and _SUBORDINATE.fullmatch(before[-1].strip(",."))):
            return True
    return False


# --------------------------------------------------------------------------- approvals and contract


@rule(
    "ma-ez.approvals",
    element="ma-ez.approvals",
    kinds=_ZONE,
    enforces=f"{SRST}: the School Committee approved the SEZP memorandum (Dec 2014, 6-1) before "
    "the zone's first year",
    message="The School Committee approved the memorandum by a majority of its full membership; "
    "the Commissioner's and the zone board's approvals are recorded (a warning); every approval "
    "came before the term began.",
    hint="Record the School Committee's vote (date, members, votes for and against) and date "
    "every approval on or before the term's first day.",
    params=("ma-ez.approvals.majority",),
)
def approvals(ctx: RuleContext) -> Iterator[Finding]:
    block = _ez(ctx)
    if not block:
        return
    found = block.get("approvals")
    done: dict[str, Any] = found if isinstance(found, dict) else {}
    committee = done.get("school_committee")
    if not isinstance(committee, dict):
        yield ctx.finding(
            "/ma/approvals", "The School Committee's vote approving the memorandum is not recorded."
        )
    elif "votes_for" in committee:
        full, yes, no = _tally(committee)
        if "eligible" in committee and yes + no > full:
            yield ctx.finding(
                "/ma/approvals/school_committee",
                f"{yes + no} School Committee votes were cast, but the committee has {full} members.",
            )
        elif "eligible" in committee:
            need = more_than(share_of(ctx.param("ma-ez.approvals.majority")), full)
            if yes < need:
                yield ctx.finding(
                    "/ma/approvals/school_committee/votes_for",
                    f"{yes} of the {full} School Committee members voted for the memorandum; a "
                    f"majority of the full committee, i.e. at least {need}, is needed.",
                )
        elif yes <= no:
            yield ctx.finding(
                "/ma/approvals/school_committee/votes_for",
                f"The School Committee voted {yes} for and {no} against: the memorandum was not approved.",
            )
    for key, who in (("commissioner", "the Commissioner"), ("zone_board", "the zone board")):
        if not isinstance(done.get(key), dict):  # each party approves what it signs
            yield ctx.finding(
                "/ma/approvals",
                f"The approval of the memorandum by {who} is not recorded; the memorandum is "
                "signed by the School Committee, the Department and the zone's nonprofit.",
                downgrade=True,
            )
    for key in ("commissioner", "zone_board"):
        vote = done.get(key)
        if isinstance(vote, dict) and "eligible" in vote:
            full, yes, no = _tally(vote)
            if yes + no > full:
                yield ctx.finding(
                    f"/ma/approvals/{key}",
                    f"{yes + no} votes were cast, but only {full} could vote.",
                )
    start = day(get(ctx.data, "term", "start"))
    for key, who in (
        ("school_committee", "The School Committee's approval"),
        ("commissioner", "The Commissioner's approval"),
        ("zone_board", "The zone board's approval"),
    ):
        when = day(get(done, key, "date"))
        if when is not None and start is not None and when > start:
            yield ctx.finding(
                f"/ma/approvals/{key}/date",
                f"{who} of {when} comes after the memorandum's term began on {start}.",
                downgrade=True,
            )


@rule(
    "ma-ez.contract",
    element="ma-ez.contract",
    kinds=_ZONE,
    enforces="SEZP zone teacher contract (SRCBA): ratified by the union members in the zone's "
    "schools (92 % in 2014, 95 % in 2022, 93 % in 2025) and, in 2022, passed unanimously by the "
    "zone board and the School Committee (masslive, May 2022)",
    message="The zone teacher contract was ratified by the teachers of the zone's schools, "
    "approved afterwards by the zone board and by the School Committee, and is in force during "
    "the memorandum's term.",
    hint="Record the ratification tally and both approvals under `ma.zone_contract`, and check "
    "the contract's dates.",
    params=("ma-ez.contract.ratification_share",),
)
def contract(ctx: RuleContext) -> Iterator[Finding]:
    found = _ez(ctx).get("zone_contract")
    if not isinstance(found, dict):
        return
    base = "/ma/zone_contract"
    vote = found.get("ratification")
    ratified = day(get(vote, "date"))
    if isinstance(vote, dict):
        eligible, yes, no = _tally(vote)
        share = share_of(ctx.param("ma-ez.contract.ratification_share"))
        if "votes_for" not in vote:
            yield ctx.finding(
                f"{base}/ratification",
                "The teachers' ratification vote has no tally (votes for and against), so "
                "planforge cannot tell that they ratified the contract.",
                downgrade=True,
            )
        elif "eligible" in vote and yes + no > eligible:
            yield ctx.finding(
                f"{base}/ratification",
                f"{yes + no} teachers voted on the contract, but only {eligible} could vote.",
            )
        elif yes + no == 0 or yes <= share * (yes + no):
            yield ctx.finding(
                f"{base}/ratification/votes_for",
                f"{yes} of the {yes + no} teachers voting voted for the contract; more than "
                f"{_share_words(share)} of the votes cast is needed.",
            )
    for key, who in (
        ("zone_board_approval", "The zone board"),
        ("school_committee_approval", "The School Committee"),
    ):
        approval = found.get(key)
        if not isinstance(approval, dict):
            yield ctx.finding(base, f"{who}'s approval of the contract is not recorded.")
            continue
        _, yes, no = _tally(approval)
        if "votes_for" in approval and yes <= no:
            yield ctx.finding(
                f"{base}/{key}/votes_for",
                f"{who} voted {yes} for and {no} against: it did not approve the contract.",
            )
        when = day(approval.get("date"))
        if when is not None and ratified is not None and when < ratified:
            yield ctx.finding(
                f"{base}/{key}/date",
                f"{who} approved the contract on {when}, before the teachers ratified it on {ratified}.",
                downgrade=True,
            )
    cs, ce = day(get(found, "term", "start")), day(get(found, "term", "end"))
    zs, ze = day(get(ctx.data, "term", "start")), day(get(ctx.data, "term", "end"))
    if cs and ce and zs and ze and (ce < zs or cs > ze):
        yield ctx.finding(
            f"{base}/term",
            f"The zone teacher contract ({cs} to {ce}) is not in force at any time during the "
            f"memorandum's term ({zs} to {ze}).",
        )


# --------------------------------------------------------------------------- services, cycle, return


@rule(
    "ma-ez.retained-services",
    element="ma-ez.services",
    kinds=_ZONE,
    enforces=f"{SRST}: the district keeps facilities, transportation and food services; BESE "
    "memo of 13 May 2016: the zone relies on the district's finance and human resources",
    message="Each service the district keeps is listed, with its category, as a service schools "
    "cannot opt out of (finance and human resources: a warning).",
    hint="List the service under `services` with its `category` and `mode: non_optional`.",
    params=("ma-ez.retained_services", "ma-ez.retained_back_office"),
)
def retained_services(ctx: RuleContext) -> Iterator[Finding]:
    if not _empowerment(ctx):
        return
    services = list(items(ctx.data, "services"))
    for param, soft in (("ma-ez.retained_services", False), ("ma-ez.retained_back_office", True)):
        for category in ctx.param(param):
            what = _label(SPENDING_CATEGORIES, category)
            listed = [(i, s) for i, s in services if s.get("category") == category]
            if not listed:
                yield ctx.finding(
                    "/services",
                    f"No {what} service is listed; the district keeps {what}, so the memorandum "
                    "lists it as a service schools cannot opt out of.",
                    downgrade=soft,
                )
            for index, service in listed:
                if service.get("mode") != "non_optional":
                    yield ctx.finding(
                        f"/services/{index}/mode",
                        f"“{service.get('name')}” is a {what} service, which the district keeps, "
                        "but schools may opt out of it here.",
                        downgrade=soft,
                    )


@rule(
    "ma-ez.annual-cycle",
    element="ma-ez.cycle",
    kinds=_ZONE,
    enforces=f"{SEZPS}: the zone board approves each school's operational plan (May) and educator "
    "working conditions (June); SEZP board page: it approves the annual school budgets",
    message="The annual cycle has the zone board approve each school's operational plan, "
    "educator working conditions and budget (a month other than Springfield's is a warning).",
    hint="Add each item to `ma.annual_cycle` with `approved_by: zone_board` and its month.",
    params=("ma-ez.cycle.items", "ma-ez.cycle.months"),
)
def annual_cycle(ctx: RuleContext) -> Iterator[Finding]:
    block = _ez(ctx)
    if not block:
        return
    cycle = list(items(block, "annual_cycle"))
    months = ctx.param("ma-ez.cycle.months")
    for item in ctx.param("ma-ez.cycle.items"):
        what = _label(_ITEM_WORDS, item)
        rows = [(i, r) for i, r in cycle if r.get("item") == item]
        if not rows:
            yield ctx.finding(
                "/ma/annual_cycle",
                f"The annual cycle does not say when the zone board approves each school's {what}.",
            )
        for index, row in rows:
            month, usual = row.get("month"), months.get(item)
            if row.get("approved_by") != "zone_board":
                yield ctx.finding(
                    f"/ma/annual_cycle/{index}/approved_by",
                    f"Each school's {what} is approved by the "
                    f"{_label(EZ_BODIES, row.get('approved_by'))} here; the zone board approves it.",
                )
            elif usual and month != usual:
                yield ctx.finding(
                    f"/ma/annual_cycle/{index}/month",
                    f"The zone board approves each school's {what} in {month}; in Springfield it "
                    f"does so in {usual}. Check that the month leaves time before the school year.",
                    downgrade=True,
                )


@rule(
    "ma-ez.return",
    element="ma-ez.return",
    kinds=_ZONE,
    enforces="Springfield 2026: schools that met their goals return to the district as "
    "innovation schools under M.G.L. c.71 §92 (local press; citizenportal.ai [P])",
    message="The memorandum says when a school leaves the zone and how it returns to the "
    "district (in Springfield, as an innovation school: otherwise a warning).",
    hint="Write `exit_criteria` and `ma.return_of_schools` (vehicle and process).",
    params=("ma-ez.return.vehicle",),
)
def return_of_schools(ctx: RuleContext) -> Iterator[Finding]:
    block = _ez(ctx)
    if not block:
        return
    why = thin_text(ctx, ctx.data.get("exit_criteria"))
    if why:
        yield ctx.finding(
            "/exit_criteria" if "exit_criteria" in ctx.data else "",
            f"The criteria for a school to leave the zone {why}.",
        )
    back = block.get("return_of_schools")
    if not isinstance(back, dict):
        yield ctx.finding(
            "/ma", "The memorandum does not say how a school returns to the district."
        )
        return
    why = thin_text(ctx, back.get("process"))
    if why:
        yield ctx.finding(
            "/ma/return_of_schools/process",
            f"The steps for a school's return to the district {why}.",
        )
    usual = str(ctx.param("ma-ez.return.vehicle"))
    if back.get("vehicle") != usual:
        yield ctx.finding(
            "/ma/return_of_schools/vehicle",
            f"Schools return {_return_how(back.get('vehicle'))} here; in Springfield they "
            f"return {_return_how(usual)}.",
            downgrade=True,
        )


@rule(
    "ma-ez.no-colorado",
    element="ma-ez.law",
    kinds=_ZONE,
    enforces="planforge policy: a Massachusetts empowerment zone rests on its memorandum and "
    "Massachusetts law; Colorado's Innovation Schools Act (C.R.S. 22-32.5), SB 22-197 "
    "alternative governance and the Colorado State Board and Department do not apply",
    message="The memorandum claims nothing from Colorado law: no alternative governance, no "
    "Colorado statutes or bodies in its authority, recitals or dispute-resolution steps.",
    hint="Cite the Massachusetts law and votes the memorandum rests on; drop "
    "`governance.alternative_governance`.",
    params=("ma-ez.colorado_terms",),
)
def no_colorado(ctx: RuleContext) -> Iterator[Finding]:
    if not _empowerment(ctx):
        return
    if get(ctx.data, "governance", "alternative_governance") is True:
        yield ctx.finding(
            "/governance/alternative_governance",
            "The board claims alternative governance, which exists only under Colorado law "
            "(SB 22-197); a Massachusetts zone board acts under its memorandum.",
        )
    terms = [str(t) for t in ctx.param("ma-ez.colorado_terms")]
    texts = [
        ("authority", get(ctx.data, "authority"), "Authority"),
        ("recitals", get(ctx.data, "recitals"), "Recital"),
        ("dispute_resolution/steps", get(ctx.data, "dispute_resolution", "steps"), "Dispute step"),
    ]
    for key, values, what in texts:
        for index, text in enumerate(values if isinstance(values, list) else []):
            hit = placeholder(text, terms) if isinstance(text, str) else None
            if hit:
                yield ctx.finding(
                    f"/{key}/{index}",
                    f"{what} {index + 1} mentions “{hit}”, which is Colorado's; a Massachusetts "
                    "zone rests on Massachusetts law and its memorandum.",
                )


# --------------------------------------------------------------------------- member plans


@rule(
    "ma-ez.members",
    element="zone.members",
    presence=True,
    kinds=_ZONE,
    enforces=f"{SEZPS}: each zone school writes a School Operational Plan each year, with "
    "educator working conditions set under the zone teacher contract (SRCBA)",
    message="Every member file is a school operational plan of this zone, for the same school "
    "year within the memorandum's term, valid and without review errors; its working conditions "
    "name the zone teacher contract (a different zone or contract name is a warning).",
    hint="Fix the member plan named here (its own review lists its problems); set its zone and "
    "contract names exactly as this memorandum writes them.",
)
def members(ctx: RuleContext) -> Iterator[Finding]:
    if not _empowerment(ctx):
        return
    name = get(ctx.data, "zone", "name")
    agreed = get(ma(ctx), "zone_contract", "name")
    plans = [m for m in ctx.members if m.kind == SOP and isinstance(m.data, dict)]
    years = Counter(str(get(m.data, "school_year")) for m in plans if not m.schema_errors)
    usual = years.most_common(1)[0][0] if years else None
    zs, ze = day(get(ctx.data, "term", "start")), day(get(ctx.data, "term", "end"))
    for member in ctx.members:
        if member.kind == ZONE:
            continue  # the pipeline already reports it (zone.member-not-plan)
        if member.kind != SOP:
            yield ctx.finding(
                member.pointer,
                f"Member {member.path} is not a school operational plan; each school in an "
                "empowerment zone has one for the year.",
            )
            continue
        if member.schema_errors:
            yield ctx.finding(
                member.pointer,
                f"Member plan {member.path} has {member.schema_errors} validation error(s) and "
                "was not reviewed.",
            )
            continue
        if member.review_errors:
            yield ctx.finding(
                member.pointer,
                f"Member plan {member.path} is not ready: {member.review_errors} review error(s).",
            )
        if not isinstance(member.data, dict):
            continue
        year = get(member.data, "school_year")
        span = school_year_days(year)
        if len(years) > 1 and str(year) != usual:
            yield ctx.finding(
                member.pointer,
                f"Member plan {member.path} is for the {year} school year; the zone's other "
                f"plans are for {usual}.",
            )
        elif span and zs and ze and (span[0] > ze or span[1] < zs):
            yield ctx.finding(
                member.pointer,
                f"Member plan {member.path} is for the {year} school year, outside the "
                f"memorandum's term ({zs} to {ze}).",
            )
        theirs = get(member.data, "school", "zone")
        if theirs != name:
            yield ctx.finding(
                member.pointer,
                f"Member plan {member.path} names the zone “{theirs}”; this zone is “{name}”.",
                downgrade=True,
            )
        terms = get(member.data, "working_conditions", "contract")
        if isinstance(agreed, str) and terms != agreed:
            yield ctx.finding(
                member.pointer,
                f"Member plan {member.path} sets its working conditions under “{terms}”; the "
                f"zone teacher contract is “{agreed}”.",
                downgrade=True,
            )


# --------------------------------------------------------------------------- school operational plans


def _approvals(ctx: RuleContext, body: str, item: str) -> list[tuple[int, dict[str, Any]]]:
    return [
        (i, a)
        for i, a in items(ctx.data, "approvals")
        if a.get("body") == body and a.get("item") == item
    ]


@rule(
    "ma-ez.sop.tlt",
    element="ma-ez.sop.tlt",
    kinds=_SOP,
    enforces=f"{SEZPS}; SEA-SEZP Guidance for Teacher Leadership Teams (11/1/2018): the plan is "
    "written by a Teacher Leadership Team whose members are elected by their colleagues",
    message="The Teacher Leadership Team has enough members, each elected by the teachers "
    "before the plan was submitted and approved, and the election's count adds up.",
    hint="Record each member's election date and the election (date, method, eligible, ballots cast).",
    params=("ma-ez.tlt.min_members",),
)
def tlt(ctx: RuleContext) -> Iterator[Finding]:
    team = ctx.data.get("teacher_leadership_team")
    if not isinstance(team, dict):
        return
    base = "/teacher_leadership_team"
    team_members = list(items(team, "members"))
    least = int(ctx.param("ma-ez.tlt.min_members"))
    if len(team_members) < least:
        yield ctx.finding(
            f"{base}/members",
            f"The Teacher Leadership Team has {len(team_members)} member(s); at least {least} expected.",
            downgrade=True,  # the size is planforge's choice (U): the source gives none
        )
    marks = [(day(ctx.data.get("submitted")), "submitted")] + [
        (day(a.get("date")), "approved by the zone board")
        for _, a in _approvals(ctx, "zone_board", "sop")
    ]
    dated = [(d, what) for d, what in marks if d is not None]
    by, what = min(dated) if dated else (None, "")
    election = team.get("election")
    held = day(get(election, "date"))
    if held is not None and by is not None and held > by:
        yield ctx.finding(
            f"{base}/election/date",
            f"The team was elected on {held}, after the plan was {what} on {by}; the elected team "
            "writes the plan.",
        )
    for index, member in team_members:
        elected = day(member.get("elected"))
        if elected is not None and by is not None and elected > by:
            yield ctx.finding(
                f"{base}/members/{index}/elected",
                f"{member.get('name')} was elected on {elected}, after the plan was {what} on {by}.",
            )
    if isinstance(election, dict) and "ballots_cast" in election:
        eligible, cast = count(election.get("eligible")), count(election.get("ballots_cast"))
        if cast == 0:
            yield ctx.finding(
                f"{base}/election/ballots_cast", "No ballots were cast in the team's election."
            )
        elif "eligible" in election and cast > eligible:
            yield ctx.finding(
                f"{base}/election/ballots_cast",
                f"{cast} ballots were cast, but only {eligible} teachers could vote.",
            )


@rule(
    "ma-ez.sop.levers",
    element="ma-ez.sop.levers",
    kinds=_SOP,
    enforces="SEZP (springfieldempowerment.org/about; BESE memo of 13 May 2016): schools decide "
    "hiring, scheduling, budget, curriculum and professional development; Empower Schools adds "
    "culture",
    message="The plan says, in substance, how the school uses each lever this year.",
    hint="Write a few sentences for each lever under `levers`.",
    params=("ma-ez.sop.levers", "text.min_words", "text.placeholders"),
)
def levers(ctx: RuleContext) -> Iterator[Finding]:
    found = ctx.data.get("levers")
    written: dict[str, Any] = found if isinstance(found, dict) else {}
    for lever in ctx.param("ma-ez.sop.levers"):
        why = thin_text(ctx, written.get(lever))
        if why:
            yield ctx.finding(
                f"/levers/{lever}" if lever in written else "/levers",
                f"The {_label(_LEVER_WORDS, lever)} section {why}.",
            )


def _blank(value: Any, ctx: RuleContext) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "is missing"
    if isinstance(value, str):
        found = placeholder(value, list(ctx.param("text.placeholders")))
        if found:
            return f"is a placeholder ({found!r})"
    return None


@rule(
    "ma-ez.sop.goals",
    element="ma-ez.sop.goals",
    kinds=_SOP,
    enforces="ERS Sample School Operational Plan: annual goals, each with the strategies to "
    "reach it",
    message="Every goal has a baseline, a target and at least one strategy; every strategy "
    "serves a goal of the plan.",
    hint="Give each strategy the id of the goal it serves, and each goal a baseline and a target.",
    params=("text.placeholders",),
)
def goals(ctx: RuleContext) -> Iterator[Finding]:
    goal_list = list(items(ctx.data, "goals"))
    ids = Counter(str(g.get("id")) for _, g in goal_list)
    served = {str(s.get("goal")) for _, s in items(ctx.data, "strategies")}
    for index, goal in goal_list:
        gid = str(goal.get("id"))
        if ids[gid] > 1:
            yield ctx.finding(f"/goals/{index}/id", f"Two goals have the id {gid}.")
        if gid not in served:
            yield ctx.finding(
                f"/goals/{index}",
                f"Goal {gid} (“{goal.get('statement')}”) has no strategy to reach it.",
            )
        for key in ("baseline", "target"):
            why = _blank(goal.get(key), ctx)
            if why:
                yield ctx.finding(f"/goals/{index}/{key}", f"The {key} of goal {gid} {why}.")
    for index, strategy in items(ctx.data, "strategies"):
        target = strategy.get("goal")
        if str(target) not in ids:
            yield ctx.finding(
                f"/strategies/{index}/goal",
                f"Strategy {index + 1} serves goal “{target}”, which the plan does not have.",
            )


_ARTICLE = re.compile(r"\d|\b[IVXLC]+\b")


@rule(
    "ma-ez.sop.working-conditions",
    element="ma-ez.sop.ewc",
    kinds=_SOP,
    enforces=f"{SEZPS}: each school's educator working conditions, set under the zone teacher "
    "contract (SRCBA: working conditions set at school level)",
    message="Each working condition says what the school sets and cites the article or section "
    "of the zone teacher contract that allows it.",
    hint="Give each item a `contract_article` with its number (Article 5, section 5.2).",
    params=("text.min_words", "text.placeholders"),
)
def working_conditions(ctx: RuleContext) -> Iterator[Finding]:
    base = "/working_conditions"
    terms = get(ctx.data, "working_conditions", "contract")
    if _blank(terms, ctx):
        yield ctx.finding(
            f"{base}/contract" if terms is not None else base,
            "The working conditions do not name the zone teacher contract they are set under.",
        )
    for index, item in items(ctx.data, "working_conditions", "items"):
        topic = item.get("topic")
        article = item.get("contract_article")
        if _blank(article, ctx) or not _ARTICLE.search(str(article)):
            yield ctx.finding(
                f"{base}/items/{index}/contract_article",
                f"The working condition “{topic}” does not cite the number of the contract "
                "article or section that allows it.",
            )
        why = thin_text(ctx, item.get("provision"))
        if why:
            yield ctx.finding(
                f"{base}/items/{index}/provision", f"What the school sets for “{topic}” {why}."
            )


@rule(
    "ma-ez.sop.approvals",
    element="ma-ez.sop.approvals",
    kinds=_SOP,
    enforces=f"{SEZPS}: the zone board approves each school's operational plan and educator "
    "working conditions before the school year; SEZP board page: and its budget",
    message="The zone board approved the plan and the working conditions (the budget: a "
    "warning), each before the school year began on July 1; any vote recorded carried.",
    hint="Record each approval (body zone_board, item, date) under `approvals`.",
    params=("ma-ez.sop.approvals.required", "ma-ez.sop.approvals.expected"),
)
def sop_approvals(ctx: RuleContext) -> Iterator[Finding]:
    for param, soft in (
        ("ma-ez.sop.approvals.required", False),
        ("ma-ez.sop.approvals.expected", True),
    ):
        for item in ctx.param(param):
            if not _approvals(ctx, "zone_board", str(item)):
                yield ctx.finding(
                    "/approvals",
                    f"The zone board's approval of the {_label(_ITEM_WORDS, item)} is not recorded.",
                    downgrade=soft,
                )
    year = ctx.data.get("school_year")
    span = school_year_days(year)
    if span is None and isinstance(year, str):
        yield ctx.finding(
            "/school_year",
            f"{year} is not a school year: write the two years it spans, for example 2026-27.",
        )
    submitted = day(ctx.data.get("submitted"))
    for index, approval in items(ctx.data, "approvals"):
        who, what = (
            _label(EZ_BODIES, approval.get("body")),
            _label(_ITEM_WORDS, approval.get("item")),
        )
        _, yes, no = _tally(approval)
        team = len(list(items(ctx.data, "teacher_leadership_team", "members")))
        if approval.get("body") == "teacher_leadership_team" and team and yes + no > team:
            yield ctx.finding(
                f"/approvals/{index}/votes_for",
                f"{yes + no} votes of the Teacher Leadership Team are recorded, but it has {team} "
                "members.",
            )
        if "votes_for" in approval and yes <= no:
            yield ctx.finding(
                f"/approvals/{index}/votes_for",
                f"The {who} voted {yes} for and {no} against the {what}: it was not approved.",
            )
        when = day(approval.get("date"))
        if when is None or span is None or approval.get("item") == "operator":
            continue  # an operator contract may run for several years
        start = span[0]
        if when >= start:
            yield ctx.finding(
                f"/approvals/{index}/date",
                f"The {who} approved the {what} on {when}, on or after the first day of the "
                f"school year ({start}); it is approved before the year starts.",
                downgrade=True,
            )
        elif when < start.replace(year=start.year - 1):
            yield ctx.finding(
                f"/approvals/{index}/date",
                f"The {who} approved the {what} on {when}, more than a year before the "
                f"{ctx.data.get('school_year')} school year: is it an earlier year's approval?",
                downgrade=True,
            )
        elif (
            submitted is not None
            and approval.get("body") == "zone_board"
            and approval.get("item") == "sop"
            and when < submitted
        ):
            yield ctx.finding(
                f"/approvals/{index}/date",
                f"The {who} approved the plan on {when}, before it was submitted on {submitted}.",
                downgrade=True,
            )


@rule(
    "ma-ez.sop.budget",
    element="ma-ez.sop.budget",
    kinds=_SOP,
    enforces="masslive, June 2015: each school's budget is decided by the principal with the "
    "elected Teacher Leadership Team, within the school's allocation from the zone",
    message="The budget lines fit within the school's allocation; the principal and the Teacher "
    "Leadership Team signed the budget (a warning).",
    hint="Trim the budget lines or correct the allocation; record `budget.signed`.",
)
def budget(ctx: RuleContext) -> Iterator[Finding]:
    found = ctx.data.get("budget")
    if not isinstance(found, dict):
        return
    totals = sop_budget(ctx.data)
    if totals.allocation is not None and totals.planned > totals.allocation:
        yield ctx.finding(
            "/budget/lines",
            f"The budget lines add up to {money(totals.planned)}, more than the school's "
            f"allocation of {money(totals.allocation)}.",
        )
    signed = found.get("signed")
    for key, who in (
        ("principal", "the principal"),
        ("teacher_leadership_team", "the Teacher Leadership Team"),
    ):
        if not get(signed, key):
            yield ctx.finding(
                "/budget/signed" if isinstance(signed, dict) else "/budget",
                f"The budget is not signed by {who}.",
                downgrade=True,
            )


@rule(
    "ma-ez.sop.retained-services",
    element="ma-ez.sop.budget",
    kinds=_SOP,
    enforces=f"{SRST}: the district keeps facilities, transportation and food services, so a "
    "school budget does not pay for them (planforge's reading [P])",
    message="No budget line pays for a service the district keeps (facilities, transportation, "
    "food services).",
    hint="Remove the line, or move the money to what the school decides (the district provides "
    "the service).",
    params=("ma-ez.retained_services",),
)
def sop_retained_services(ctx: RuleContext) -> Iterator[Finding]:
    retained = {str(c) for c in ctx.param("ma-ez.retained_services")}
    for index, line in items(ctx.data, "budget", "lines"):
        category = line.get("category")
        if category in retained:
            amount = line.get("amount")
            shown = f" ({money(amount)})" if is_number(amount) else ""
            yield ctx.finding(
                f"/budget/lines/{index}/category",
                f"The budget line “{line.get('description')}”{shown} pays for "
                f"{_label(SPENDING_CATEGORIES, category)}, a service the district keeps in the zone.",
            )


@rule(
    "ma-ez.sop.operator",
    element="ma-ez.sop.operator",
    kinds=_SOP,
    enforces="masslive, June 2015: the zone board approved the UP Education Network restart "
    "contract, which also needed a School Committee vote",
    message="A contract with an outside operator was approved by the zone board and by the "
    "School Committee.",
    hint="Record both approval dates on `operator` (or as approvals of item operator).",
)
def operator(ctx: RuleContext) -> Iterator[Finding]:
    found = ctx.data.get("operator")
    if not isinstance(found, dict):
        return
    missing = [
        _label(EZ_BODIES, body)
        for body, key in (
            ("zone_board", "zone_board_approval"),
            ("school_committee", "school_committee_approval"),
        )
        if not found.get(key) and not _approvals(ctx, body, "operator")
    ]
    if missing:
        yield ctx.finding(
            "/operator",
            f"The contract with {found.get('name')} has no recorded approval by the "
            f"{and_list(missing)}; an operator contract needs both the zone board's and the "
            "School Committee's.",
        )


@rule(
    "ma-ez.sop.learning-time",
    element="ma-ez.sop.learning_time",
    kinds=_SOP,
    enforces="603 CMR 27.03 (185 days scheduled, 180 operated; kindergarten 425 hours) and 27.04 "
    "(900 hours elementary, 990 secondary, structured learning time only)",
    message="When the plan gives its calendar, each grade band reaches its structured-learning-"
    "time minimum and the calendar schedules the days 603 CMR 27.03 requires.",
    hint="Lengthen the day or the year.",
    params=("ma.schedule.scheduled_days",),
)
def learning_time(ctx: RuleContext) -> Iterator[Finding]:
    calendar = ctx.data.get("calendar")
    if not isinstance(calendar, dict):
        return
    bounds = limits(ctx)
    for band, sentence in short_bands(calendar_time(ctx.data, bounds).values()):
        yield ctx.finding(f"/calendar/bell_schedules/{band.schedules[0]}", sentence)
    days = calendar.get("instructional_days")
    need = int(ctx.param("ma.schedule.scheduled_days"))
    if not isinstance(days, int):
        return
    if bounds.min_days is not None and days < bounds.min_days:
        yield ctx.finding(
            "/calendar/instructional_days",
            f"{days} school days; 603 CMR 27.03 requires at least {bounds.min_days} days of "
            f"school, on a schedule of at least {need}.",
        )
    elif days < need:
        yield ctx.finding(
            "/calendar/instructional_days",
            f"{days} school days are planned; 603 CMR 27.03(2) requires the calendar to schedule "
            f"at least {need} (of which at least {bounds.min_days or need} are held, 27.03(3)). "
            "Add the extra days to the calendar.",
        )


@rule(
    "ma-ez.sop.exit",
    element="ma-ez.sop.exit",
    kinds=_SOP,
    enforces="Springfield 2026: a school leaving the zone returns as an innovation school under "
    "M.G.L. c.71 §92, with its own innovation plan (local press; citizenportal.ai [P])",
    message="A school that will leave the zone names its innovation plan, and returns after the "
    "school year this plan covers.",
    hint="Set `exit.innovation_plan` to the path of the school's innovation plan.",
)
def exit_plan(ctx: RuleContext) -> Iterator[Finding]:
    found = ctx.data.get("exit")
    if not isinstance(found, dict):
        return
    path = found.get("innovation_plan")
    if not isinstance(path, str) or not path.strip():
        yield ctx.finding(
            "/exit",
            "The school will leave the zone but names no innovation plan; a school returning to "
            "the district comes back as an innovation school under M.G.L. c.71 §92, with its own "
            "plan, teacher vote and School Committee vote.",
        )
    back, span = day(found.get("return_date")), school_year_days(ctx.data.get("school_year"))
    if back is not None and span is not None and back <= span[1]:
        yield ctx.finding(
            "/exit/return_date",
            f"The school returns to the district on {back}, on or before the last day of the "
            f"{ctx.data.get('school_year')} school year this plan is for ({span[1]}); it returns "
            "after the year ends.",
        )
