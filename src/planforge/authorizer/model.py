"""The authorizer's portfolio as values: schools, zones, the waiver matrix, the posting list,
the renewal calendar and the findings. Built by :func:`planforge.authorizer.build_portfolio`;
written by the xlsx, HTML and CSV writers (and shown by any other front end).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planforge.authorizer.calendar import Schedule
from planforge.authorizer.cells import reflow
from planforge.domain.labels import BODIES, WAIVER_KINDS, program_label
from planforge.packs.loader import JURISDICTIONS

KINDS = ("state_statute", "state_rule", "district_policy", "cba")
STATE_KINDS = frozenset({"state_statute", "state_rule"})
PROGRAMS = ("full_day_kindergarten", "half_day_kindergarten", "elementary", "secondary")
CONSENT_BODIES = ("administrators", "teachers", "sac", "cbu_members")
VERDICTS = ("READY", "NOT READY", "NOT REVIEWED")
COLORADO = "CO"
"""The state a file is under when it names none (its `jurisdiction:`); the waiver matrix, the
posting list and the consent bodies are Colorado's."""
PLAN_KIND, SOP_KIND = "innovation_plan", "school_operational_plan"

STATE_LIST = "Innovation schools: state statutes and rules"
"""Posting list section: waivers the State Board grants (C.R.S. 22-44-305(1)(c))."""
LOCAL_LIST = "Innovation schools: district policy and union contract"
"""Posting list section: waivers the local board and the agreement's parties grant."""

KIND_LABELS = {
    "state_statute": "State statute",
    "state_rule": "State rule",
    "district_policy": "District policy",
    "cba": "Union contract (CBA)",
}
BODY_LABELS = {
    "administrators": "Administrators",
    "teachers": "Teachers",
    "sac": "SAC",
    "cbu_members": "CBU members",
}
"""Short column labels for the consent bodies (the long ones are in domain.labels.BODIES)."""


def kind_label(kind: str) -> str:
    """`State statute`, `Union contract (CBA)`; an unknown kind as given."""
    return KIND_LABELS.get(kind) or (WAIVER_KINDS[kind].label if kind in WAIVER_KINDS else kind)


def body_label(body: str) -> str:
    """`Teachers`, `SAC`."""
    return BODY_LABELS.get(body) or BODIES.get(body, body)


def state_name(jurisdiction: str) -> str:
    """`Colorado`, `Massachusetts` (an unknown code as given)."""
    return JURISDICTIONS.get(jurisdiction, jurisdiction)


def margin_label(program: str) -> str:
    """Column header for a program's hour margin."""
    return f"{program_label(program)} margin (h)"


@dataclass(frozen=True)
class Waiver:
    """One waiver a plan requests (not ``dropped``): a row of the posting list.

    ``citation`` is as typed; ``key`` is the catalog's normalised form (the matrix row);
    ``display`` is how a reader sees it (``C.R.S. 22-32-109(1)(f)``).
    """

    plan: str
    school: str
    zone: str
    kind: str
    citation: str
    key: str
    display: str
    title: str
    status: str
    replacement_policy: str
    how_intent_is_met: str
    term_start: date | None
    term_end: date | None

    @property
    def policy_text(self) -> str:
        """The replacement policy as shown: paragraphs reflowed (see cells.reflow)."""
        return reflow(self.replacement_policy)

    @property
    def posting_list(self) -> str:
        """Which section of the posting list the waiver belongs to."""
        return STATE_LIST if self.kind in STATE_KINDS else LOCAL_LIST

    def as_dict(self) -> dict[str, Any]:
        """JSON shape (dates as ISO text)."""
        return {
            "plan": self.plan,
            "school": self.school,
            "zone": self.zone,
            "list": self.posting_list,
            "kind": self.kind,
            "citation": self.citation,
            "key": self.key,
            "display": self.display,
            "title": self.title,
            "status": self.status,
            "replacement_policy": self.replacement_policy,
            "how_intent_is_met": self.how_intent_is_met,
            "term_start": _iso(self.term_start),
            "term_end": _iso(self.term_end),
        }


@dataclass
class School:
    """One plan file: a row of the Schools sheet.

    ``consent`` maps each voting body to its yes share of *eligible* voters (0..1, None
    when no one was eligible); ``margins`` maps each program to its annual instructional
    hours after deductions minus the minimum (negative: short). ``current`` is False for a
    plan superseded by a later plan of the same school (or a copy of one), which ``note``
    names; only current plans feed the matrix, the posting list and the renewal calendar.
    ``jurisdiction`` is the state of the file (`CO`, `MA`): waivers and consent votes are read
    from Colorado plans only. ``kind`` is the file's kind (an innovation plan, or a
    Massachusetts empowerment-zone school's yearly operational plan).
    """

    path: str
    name: str
    district: str
    zone: str
    grades: str
    enrollment: int | None
    status: str
    action: str
    verdict: str
    errors: int
    warnings: int
    infos: int
    packs: str
    schedule: Schedule
    consent: dict[str, float | None] = field(default_factory=dict)
    margins: dict[str, float] = field(default_factory=dict)
    revenue: float | None = None
    expenses: float | None = None
    waivers: list[Waiver] = field(default_factory=list)
    dropped: int = 0
    current: bool = True
    note: str = ""
    jurisdiction: str = COLORADO
    kind: str = PLAN_KIND

    @property
    def label(self) -> str:
        """The school's name, or its file when the name is unknown."""
        return self.name or self.path

    @property
    def balance(self) -> float | None:
        """Proposed revenue minus proposed expenses."""
        if self.revenue is None or self.expenses is None:
            return None
        return self.revenue - self.expenses

    @property
    def per_pupil(self) -> float | None:
        """Proposed expenses per enrolled student."""
        if self.expenses is None or not self.enrollment:
            return None
        return self.expenses / self.enrollment

    def by_kind(self) -> dict[str, int]:
        """How many waivers of each kind the plan requests (dropped ones not counted)."""
        counts = Counter(w.kind for w in self.waivers)
        return {kind: counts.get(kind, 0) for kind in KINDS}

    def as_dict(self) -> dict[str, Any]:
        """JSON shape (dates as ISO text)."""
        return {
            "path": self.path,
            "name": self.name,
            "district": self.district,
            "zone": self.zone,
            "grades": self.grades,
            "enrollment": self.enrollment,
            "status": self.status,
            "action": self.action,
            "verdict": self.verdict,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "packs": self.packs,
            "term_start": _iso(self.schedule.start),
            "term_end": _iso(self.schedule.end),
            "review_cadence_years": self.schedule.cadence,
            "next_review": _iso(self.schedule.next_review),
            "review_state": self.schedule.state,
            "consent": self.consent,
            "margins": self.margins,
            "revenue_proposed": self.revenue,
            "expenses_proposed": self.expenses,
            "waivers_by_kind": self.by_kind(),
            "waivers_dropped": self.dropped,
            "current": self.current,
            "note": self.note,
            "jurisdiction": self.jurisdiction,
            "kind": self.kind,
        }


@dataclass
class Zone:
    """A zone agreement in the portfolio (its term is on the renewal calendar too)."""

    path: str
    name: str
    district: str
    verdict: str
    errors: int
    warnings: int
    packs: str
    schedule: Schedule
    members: int
    jurisdiction: str = COLORADO

    def as_dict(self) -> dict[str, Any]:
        """JSON shape."""
        return {
            "path": self.path,
            "name": self.name,
            "district": self.district,
            "verdict": self.verdict,
            "errors": self.errors,
            "warnings": self.warnings,
            "packs": self.packs,
            "term_start": _iso(self.schedule.start),
            "term_end": _iso(self.schedule.end),
            "next_review": _iso(self.schedule.next_review),
            "review_state": self.schedule.state,
            "members": self.members,
            "jurisdiction": self.jurisdiction,
        }


@dataclass
class MatrixRow:
    """One waived provision across the portfolio: which plans waive it, and whether their
    replacement policies say the same thing (``versions``: distinct texts, ignoring case
    and spacing)."""

    key: str
    kind: str
    display: str
    title: str
    waivers: dict[str, Waiver]
    versions: int

    @property
    def differs(self) -> bool:
        """True when two or more schools waive it with different replacement policies."""
        return self.versions > 1

    @property
    def consistency(self) -> str:
        """`Same text`, `Differs (3 versions)` or `One school`."""
        if len(self.waivers) < 2:
            return "One school"
        return f"Differs ({self.versions} versions)" if self.differs else "Same text"

    def as_dict(self) -> dict[str, Any]:
        """JSON shape."""
        return {
            "key": self.key,
            "kind": self.kind,
            "display": self.display,
            "title": self.title,
            "plans": sorted(self.waivers),
            "versions": self.versions,
            "consistency": self.consistency,
        }


@dataclass(frozen=True)
class Renewal:
    """A plan or zone agreement on the renewal calendar (due or overdue within the window)."""

    name: str
    path: str
    what: str
    zone: str
    event: str
    due: date
    state: str
    days_left: int
    term_end: date | None
    verdict: str
    jurisdiction: str = COLORADO

    def as_dict(self) -> dict[str, Any]:
        """JSON shape."""
        return {
            "name": self.name,
            "path": self.path,
            "what": self.what,
            "zone": self.zone,
            "event": self.event,
            "due": _iso(self.due),
            "state": self.state,
            "days_left": self.days_left,
            "term_end": _iso(self.term_end),
            "verdict": self.verdict,
            "jurisdiction": self.jurisdiction,
        }


@dataclass(frozen=True)
class FindingRow:
    """A review finding of a current plan or a zone agreement."""

    name: str
    path: str
    severity: str
    code: str
    message: str
    line: int | None
    column: int | None
    jurisdiction: str = COLORADO

    def as_dict(self) -> dict[str, Any]:
        """JSON shape."""
        return {
            "name": self.name,
            "path": self.path,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "jurisdiction": self.jurisdiction,
        }


@dataclass
class Portfolio:
    """Every plan at a glance, as of ``today``.

    ``schools`` lists current plans first (by name), then superseded copies; ``matrix`` has
    one row per waived provision (state statutes, state rules, district policies, union
    contract, each in citation order); ``posting`` is the C.R.S. 22-44-305 list (state
    waivers first, then local ones, by school); ``renewals`` the reviews due or overdue by
    ``window_end``; ``packs`` the rule packs the plans were reviewed with.

    The wording follows the states of the files (:attr:`jurisdictions`): a Colorado-only
    portfolio reads as it always has; the matrix, the posting list and the consent bodies are
    Colorado's, left out when no file is Colorado's and labelled as Colorado's in a portfolio
    of several states (see :mod:`planforge.authorizer.wording`).
    """

    today: date
    window_end: date
    district: str
    packs: list[str]
    schools: list[School]
    zones: list[Zone]
    matrix: list[MatrixRow]
    posting: list[Waiver]
    renewals: list[Renewal]
    findings: list[FindingRow]
    programs: list[str]
    bodies: list[str]

    @property
    def current(self) -> list[School]:
        """The current plans (one per school)."""
        return [s for s in self.schools if s.current]

    @property
    def jurisdictions(self) -> list[str]:
        """The states of the plans and zone agreements in it (`["CO", "MA"]`), Colorado first."""
        found = {s.jurisdiction for s in self.schools} | {z.jurisdiction for z in self.zones}
        return sorted(found, key=lambda j: (j != COLORADO, j))

    @property
    def colorado_only(self) -> bool:
        """True when every file is Colorado's (or there is none): today's wording throughout."""
        return set(self.jurisdictions) <= {COLORADO}

    @property
    def colorado(self) -> bool:
        """True when the Colorado parts (waiver matrix, posting list, consent) belong in it."""
        return self.colorado_only or COLORADO in self.jurisdictions

    @property
    def mixed(self) -> bool:
        """True when it holds files of more than one state (each row then shows its state)."""
        return len(self.jurisdictions) > 1

    @property
    def colorado_schools(self) -> list[School]:
        """The current Colorado plans (the waiver matrix's columns)."""
        return [s for s in self.current if s.jurisdiction == COLORADO]

    @property
    def title(self) -> str:
        """`Innovation schools portfolio: Denver Public Schools` (Colorado);
        `Autonomous schools portfolio: …` when it holds another state's files."""
        name = (
            "Innovation schools portfolio" if self.colorado_only else "Autonomous schools portfolio"
        )
        return name + (f": {self.district}" if self.district else "")

    def verdicts(self) -> dict[str, int]:
        """How many current plans have each verdict (every verdict listed, even at 0)."""
        counts = Counter(s.verdict for s in self.current)
        return {v: counts.get(v, 0) for v in (*VERDICTS, *sorted(set(counts) - set(VERDICTS)))}

    def waiver_totals(self) -> dict[str, int]:
        """Waivers of each kind across the current plans."""
        counts = Counter(w.kind for w in self.posting)
        return {kind: counts.get(kind, 0) for kind in KINDS}

    def documents(self) -> list[tuple[str, bytes]]:
        """(file name, bytes) for every output: the workbook, the page and, with a Colorado
        file in it, the posting CSV."""
        from planforge.authorizer.writers import documents

        return documents(self)

    def as_dict(self) -> dict[str, Any]:
        """JSON shape of the whole portfolio (for a web page or a script)."""
        return {
            "title": self.title,
            "jurisdictions": self.jurisdictions,
            "today": _iso(self.today),
            "window_end": _iso(self.window_end),
            "district": self.district,
            "packs": self.packs,
            "verdicts": self.verdicts(),
            "schools": [s.as_dict() for s in self.schools],
            "zones": [z.as_dict() for z in self.zones],
            "matrix": [r.as_dict() for r in self.matrix],
            "posting": [w.as_dict() for w in self.posting],
            "renewals": [r.as_dict() for r in self.renewals],
            "findings": [f.as_dict() for f in self.findings],
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
