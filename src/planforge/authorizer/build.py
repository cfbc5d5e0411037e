"""Build a :class:`Portfolio` from checked files and their reviews (one review pass, reused).

Nothing here reads files or prints: the caller (``planforge.portfolio`` in the API, the
``portfolio`` command, a web page) checks and reviews the files once and hands both over.
The rule sets are the ones the review used (cached per process), consulted only for the
review cadence the statute allows and the waiver catalog's titles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from planforge.authorizer.calendar import (
    DUE,
    OVERDUE,
    Schedule,
    parse_date,
    schedule,
    window_end,
)
from planforge.authorizer.cells import natural_key, squash
from planforge.authorizer.model import (
    COLORADO,
    CONSENT_BODIES,
    KINDS,
    PLAN_KIND,
    PROGRAMS,
    SOP_KIND,
    STATE_KINDS,
    FindingRow,
    MatrixRow,
    Portfolio,
    Renewal,
    School,
    Waiver,
    Zone,
)
from planforge.domain.catalog import Catalog, display, normalize
from planforge.domain.hours import school_year_days
from planforge.domain.numbers import is_number
from planforge.errors import SEVERITY_ORDER, Severity
from planforge.inputs.pipeline import FileResult
from planforge.packs.loader import RuleSet
from planforge.rules.engine import ReviewEntry

ZONE_KIND = "zone_agreement"
STATUTORY_CADENCE = 3
"""Years between reviews when neither the packs nor the file say (C.R.S. 22-32.5-110)."""


def build_portfolio(
    results: Sequence[FileResult],
    entries: Sequence[ReviewEntry],
    *,
    today: date,
    rules: str | None = None,
) -> Portfolio:
    """The portfolio of the checked files `results`, reviewed as `entries` (same paths).

    `rules` is the override the review used (``co,dps``), so that each file's review
    cadence limit comes from the same packs. `today` sets the renewal window. Each file's
    state is its `jurisdiction:` (Colorado when it names none); only Colorado plans feed the
    waiver matrix, the posting list and the consent columns.
    """
    from planforge.packs.selection import ruleset_for

    reviewed = {e.path: e for e in entries}
    zone_files = {r.path: r for r in results if r.kind == ZONE_KIND}
    schools: list[School] = []
    zones: list[Zone] = []
    catalogs: dict[str, Catalog] = {}
    for result in results:
        entry = reviewed.get(result.path)
        if entry is None:
            continue
        ruleset = ruleset_for(result, rules)
        catalogs[result.path] = ruleset.catalog
        if result.kind == ZONE_KIND:
            zones.append(_zone(result, entry, ruleset, today))
        else:
            schools.append(_school(result, entry, ruleset, zone_files, today))
    _mark_superseded(schools)
    schools.sort(key=lambda s: (not s.current, _state_rank(s), natural_key(s.label), s.path))
    current = [s for s in schools if s.current]
    return Portfolio(
        today=today,
        window_end=window_end(today),
        district=_district(current, zones),
        packs=sorted({s.packs for s in current} | {z.packs for z in zones}),
        schools=schools,
        zones=zones,
        matrix=_matrix(current, catalogs),
        posting=_posting(current),
        renewals=_renewals(current, zones),
        findings=_findings(current, zones, reviewed),
        programs=[p for p in PROGRAMS if any(p in s.margins for s in current)],
        bodies=[b for b in CONSENT_BODIES if any(b in s.consent for s in current)],
    )


def _state_rank(school: School) -> tuple[bool, str]:
    """Colorado's plans first, then each other state's (one state: the same order as ever)."""
    return (school.jurisdiction != COLORADO, school.jurisdiction)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _cadence(term: dict[str, Any], fallback: Any, ruleset: RuleSet) -> int:
    limit = ruleset.params.get("review.max_cadence_years", STATUTORY_CADENCE)
    limit = int(limit) if is_number(limit) else STATUTORY_CADENCE
    stated = term.get("review_cadence_years", fallback)
    return min(int(stated), limit) if is_number(stated) and stated >= 1 else limit


def _school(
    result: FileResult,
    entry: ReviewEntry,
    ruleset: RuleSet,
    zone_files: dict[str, FileResult],
    today: date,
) -> School:
    from planforge.packs.selection import jurisdiction_of

    data = _dict(result.data)
    info = _dict(data.get("school"))
    term = _dict(data.get("term"))
    state = jurisdiction_of(result)
    colorado = state == COLORADO
    zone_file = zone_files.get(result.member_of or "")
    zone_data = _dict(zone_file.data) if zone_file else {}
    zone_term = _dict(zone_data.get("term"))
    zone = _text(_dict(zone_data.get("zone")).get("name")) or _text(info.get("zone"))
    cadence = _cadence(term, zone_term.get("review_cadence_years"), ruleset)
    start, end = parse_date(term.get("start")), parse_date(term.get("end"))
    enrollment = info.get("enrollment")
    metrics = entry.metrics
    budget = _dict(metrics.get("budget"))
    if result.kind == SOP_KIND:  # a yearly plan: its school year is its term, renewed each year
        year = school_year_days(data.get("school_year"))
        start, end = year if year else (None, None)
        cadence = 1
        sop = _dict(metrics.get("sop_budget"))
        budget = {"revenue_proposed": sop.get("allocation"), "expense_proposed": sop.get("planned")}
    school = School(
        path=result.path,
        name=entry.name or _text(info.get("name")),
        district=entry.district or _text(info.get("district")),
        zone=zone,
        grades=_text(info.get("grades")),
        enrollment=enrollment if is_number(enrollment) and isinstance(enrollment, int) else None,
        status=_text(info.get("status")),
        action=_text(data.get("action")),
        verdict=entry.verdict,
        errors=entry.count(Severity.ERROR),
        warnings=entry.count(Severity.WARNING),
        infos=entry.count(Severity.INFO),
        packs=entry.packs,
        schedule=schedule(start, end, cadence, today),
        consent=_consent(_dict(metrics.get("consent"))) if colorado else {},
        margins=_margins(_dict(metrics.get("instructional_time"))),
        revenue=_number(budget.get("revenue_proposed")),
        expenses=_number(budget.get("expense_proposed")),
        jurisdiction=state,
        kind=result.kind or PLAN_KIND,
    )
    # Waivers are Colorado's (C.R.S. 22-32.5, 22-44-305): a Massachusetts plan that lists any
    # is reviewed with an error for them (ma.plan.colorado-items), and none is posted.
    for raw in (data.get("waivers") or []) if colorado else []:
        if not isinstance(raw, dict) or not isinstance(raw.get("citation"), str):
            continue
        if raw.get("status") == "dropped":
            school.dropped += 1
        else:
            school.waivers.append(_waiver(raw, school, ruleset.catalog))
    return school


def _number(value: Any) -> float | None:
    return float(value) if is_number(value) else None


def _consent(votes: dict[str, Any]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for body in CONSENT_BODIES:
        vote = votes.get(body)
        if isinstance(vote, dict):
            eligible, yes = vote.get("eligible"), vote.get("votes_for")
            ok = is_number(eligible) and is_number(yes) and eligible > 0
            out[body] = yes / eligible if ok else None  # type: ignore[operator]
    return out


def _margins(time: dict[str, Any]) -> dict[str, float]:
    """Per program, the spare hours of its tightest grade band (the review's
    :attr:`planforge.domain.hours.BandTime.margin`, in the key figures as ``margin``)."""
    out: dict[str, float] = {}
    for key, raw in time.items():
        figures = _dict(raw)
        program = _text(figures.get("program")) or key.split(":")[0]
        spare = figures.get("margin")
        if is_number(spare):
            out[program] = min(float(spare), out.get(program, float(spare)))
    return out


def _waiver(raw: dict[str, Any], school: School, catalog: Catalog) -> Waiver:
    kind, citation = _text(raw.get("kind")), _text(raw.get("citation"))
    key = normalize(citation, kind or None)
    return Waiver(
        plan=school.path,
        school=school.label,
        zone=school.zone,
        kind=kind,
        citation=citation,
        key=key,
        display=display(key) if kind in STATE_KINDS else key,
        title=_text(raw.get("title")),
        status=_text(raw.get("status")),
        replacement_policy=_text(raw.get("replacement_policy")),
        how_intent_is_met=_text(raw.get("how_intent_is_met")),
        term_start=school.schedule.start,
        term_end=school.schedule.end,
    )


def _zone(result: FileResult, entry: ReviewEntry, ruleset: RuleSet, today: date) -> Zone:
    from planforge.packs.selection import jurisdiction_of

    data = _dict(result.data)
    term = _dict(data.get("term"))
    start, end = parse_date(term.get("start")), parse_date(term.get("end"))
    return Zone(
        path=result.path,
        name=entry.name or result.path,
        district=entry.district,
        verdict=entry.verdict,
        errors=entry.count(Severity.ERROR),
        warnings=entry.count(Severity.WARNING),
        packs=entry.packs,
        schedule=schedule(start, end, _cadence(term, None, ruleset), today),
        members=len(result.members),
        jurisdiction=jurisdiction_of(result),
    )


def _identity(school: School) -> tuple[str, str, str]:
    return (squash(school.name), squash(school.district), school.jurisdiction)


def _mark_superseded(schools: list[School]) -> None:
    """One current plan per school: the latest term start; on a tie a zone's member, then
    the first given. The others are kept, marked, and left out of the portfolio's lists."""
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for index, school in enumerate(schools):
        if school.name:
            groups[_identity(school)].append(index)
    for indexes in groups.values():
        if len(indexes) < 2:
            continue

        def rank(i: int) -> tuple[date, bool, int]:
            s = schools[i]
            return (s.schedule.start or date.min, bool(s.zone), -i)

        keep = schools[max(indexes, key=rank)]
        for i in indexes:
            other = schools[i]
            if other is keep:
                continue
            other.current = False
            if other.schedule.start == keep.schedule.start:
                other.note = f"Same school and term as {keep.path}; listed once."
            else:
                since = keep.schedule.start.isoformat() if keep.schedule.start else "?"
                other.note = f"Superseded by {keep.path} (term from {since})."


def _matrix(schools: list[School], catalogs: dict[str, Catalog]) -> list[MatrixRow]:
    groups: dict[tuple[str, str], dict[str, Waiver]] = defaultdict(dict)
    for school in schools:
        for waiver in school.waivers:
            groups[(waiver.kind, waiver.key)].setdefault(school.path, waiver)
    rows = []
    for (kind, key), waivers in groups.items():
        listed = list(waivers.values())
        rows.append(
            MatrixRow(
                key=key,
                kind=kind,
                display=listed[0].display,
                title=_title(kind, key, listed, catalogs.get(listed[0].plan)),
                waivers=waivers,
                versions=len({squash(w.replacement_policy) for w in listed}),
            )
        )
    rows.sort(key=lambda r: (_kind_rank(r.kind), natural_key(r.key)))
    return rows


def _title(kind: str, key: str, waivers: list[Waiver], catalog: Catalog | None) -> str:
    if catalog is not None:
        found = catalog.lookup(key, kind)
        if found is not None and found.exact:
            return found.entry.title
    counts = Counter(w.title for w in waivers if w.title)
    return counts.most_common(1)[0][0] if counts else ""


def _kind_rank(kind: str) -> int:
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


def _posting(schools: list[School]) -> list[Waiver]:
    waivers = [w for s in schools for w in s.waivers]
    return sorted(
        waivers,
        key=lambda w: (
            w.kind not in STATE_KINDS,
            natural_key(w.school),
            w.plan,
            _kind_rank(w.kind),
            natural_key(w.key),
        ),
    )


def _renewals(schools: list[School], zones: list[Zone]) -> list[Renewal]:
    items: list[tuple[str, str, str, str, Schedule, str, str]] = [
        (s.label, s.path, _what(s), s.zone, s.schedule, s.verdict, s.jurisdiction) for s in schools
    ]
    items += [
        (z.name, z.path, "Zone agreement", z.name, z.schedule, z.verdict, z.jurisdiction)
        for z in zones
    ]
    out = [
        Renewal(
            name=name,
            path=path,
            what=what,
            zone=zone,
            event=sched.event,
            due=sched.next_review,
            state=sched.state,
            days_left=sched.days_left or 0,
            term_end=sched.end,
            verdict=verdict,
            jurisdiction=state,
        )
        for name, path, what, zone, sched, verdict, state in items
        if sched.state in (OVERDUE, DUE) and sched.next_review is not None
    ]
    return sorted(out, key=lambda r: (r.due, r.name.casefold()))


def _what(school: School) -> str:
    """`Plan`, or `Operational plan` for an empowerment-zone school's yearly plan."""
    return "Operational plan" if school.kind == SOP_KIND else "Plan"


def _findings(
    schools: list[School], zones: list[Zone], reviewed: dict[str, ReviewEntry]
) -> list[FindingRow]:
    out = []
    named = [(s.label, s.path, s.jurisdiction) for s in schools]
    named += [(z.name, z.path, z.jurisdiction) for z in zones]
    for name, path, state in named:
        for f in reviewed[path].findings:
            out.append(
                FindingRow(name, path, str(f.severity), f.code, f.message, f.line, f.column, state)
            )
    order = {str(k): v for k, v in SEVERITY_ORDER.items()}
    return sorted(out, key=lambda f: (order.get(f.severity, 3), f.name.casefold(), f.line or 0))


def _district(schools: list[School], zones: list[Zone]) -> str:
    files: list[School | Zone] = [*schools, *zones]
    counts = Counter(x.district for x in files if x.district)
    return counts.most_common(1)[0][0] if counts else ""
