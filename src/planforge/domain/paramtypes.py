"""What each rule pack parameter planforge's rules read must be: its type and its range.

A pack is YAML that districts edit, so a parameter can be typed wrong (``term.max_years:
three``) or far out of range (``schedule.min_days: 1e400``). Every bundled parameter is
described here once; the pack loader checks each value as it merges a pack (so the message
names the pack file), and :meth:`planforge.rules.RuleContext.param` and
:meth:`planforge.domain.hours.Limits.from_params` check again where they are used. A
parameter not listed here (one a district's own Python rule reads) is not checked; a rule
that reads a new number or list parameter adds a row.

Pure: values in, a sentence out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from planforge.domain.labels import MONTHS
from planforge.domain.numbers import LIMIT, is_number

Check = Callable[[Any], bool]

_HOURS_A_YEAR = 24 * 366


def _number(low: float, high: float) -> Check:
    return lambda v: is_number(v) and low <= v <= high


def _whole(low: int, high: int) -> Check:
    return lambda v: is_number(v) and low <= v <= high and float(v).is_integer()


def _text(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip())


def _texts(v: Any) -> bool:
    return isinstance(v, list) and all(_text(x) for x in v)


def _hours_by_program(v: Any) -> bool:
    return isinstance(v, Mapping) and all(
        isinstance(k, str) and _number(0, _HOURS_A_YEAR)(x) for k, x in v.items()
    )


_FRACTION = (_number(0, 1), "a share between 0 and 1, for example 0.5")
_TEXTS = (_texts, "a list of texts, for example [staff, families]")
_WORDS = (_whole(0, 10_000), "a whole number from 0 to 10,000")
_YEARS = (_whole(1, 100), "a whole number of years from 1 to 100")
_DAYS = (_whole(0, 366), "a whole number of days from 0 to 366")
_COUNT = (_whole(0, 1_000), "a whole number from 0 to 1,000")


def _ratio(v: Any) -> bool:
    """A share written as a fraction ("2/3") or a number from 0 to 1."""
    if isinstance(v, str):
        top, _, bottom = v.partition("/")
        return (
            top.strip().isdigit()
            and bottom.strip().isdigit()
            and int(bottom) > 0
            and int(top) <= int(bottom)
        )
    return _number(0, 1)(v)


_RATIO = (_ratio, 'a share written "2/3" or as a number between 0 and 1')
_MONTHS = frozenset(MONTHS)


def _counts_by_key(v: Any) -> bool:
    return isinstance(v, Mapping) and all(
        isinstance(k, str) and _whole(0, 1_000)(x) for k, x in v.items()
    )


def _months_by_key(v: Any) -> bool:
    return isinstance(v, Mapping) and all(isinstance(k, str) and x in _MONTHS for k, x in v.items())


_SEATS = (_counts_by_key, "a mapping of appointing authority: seats, for example {commissioner: 4}")
_CYCLE = (_months_by_key, "a mapping of item: month, for example {sop: May}")
_CODE = (_text, "a text, for example commissioner")
_HOURS = (
    _hours_by_program,
    f"a mapping of program: hours a year (0 to {_HOURS_A_YEAR:,}), for example {{elementary: 990}}",
)

PARAM_TYPES: dict[str, tuple[Check, str]] = {
    "consent.majority": _FRACTION,
    "consent.cba_threshold": _FRACTION,
    "schedule.min_hours": _HOURS,
    "schedule.reduced_min_hours": _HOURS,
    "schedule.counted_blocks": _TEXTS,
    "schedule.min_days": (_whole(0, 366), "a whole number of days from 0 to 366"),
    "review.max_cadence_years": _YEARS,
    "text.min_words": _WORDS,
    "text.min_words_short": _WORDS,
    "text.placeholders": _TEXTS,
    "innovations.min_count": (_whole(0, 1_000), "a whole number from 0 to 1,000"),
    "support.groups": _TEXTS,
    "budget.tolerance": (
        _number(0, LIMIT - 1),
        "an amount in dollars of 0 or more, for example 0 or 100",
    ),
    "el12.statute_prefixes": _TEXTS,
    "el12.allowed": _TEXTS,
    "term.max_years": _YEARS,
    "readability.max_sentence_words": (_whole(1, 10_000), "a whole number from 1 to 10,000"),
    # Massachusetts (the `ma` pack)
    "ma.prospectus.elements": _TEXTS,
    "ma.screening.convene_days": _DAYS,
    "ma.screening.decision_days": _DAYS,
    "ma.screening.threshold": _RATIO,
    "ma.screening.roles": _TEXTS,
    "ma.plan_committee.max_members": _COUNT,
    "ma.plan_committee.roles": _TEXTS,
    "ma.autonomy.min_areas": (_whole(0, 6), "a whole number from 0 to 6"),
    "ma.teacher_vote.threshold": _RATIO,
    "ma.teacher_vote.denominator": (lambda v: v in ("eligible", "cast"), "eligible or cast"),
    "ma.school_committee.decision_days": _DAYS,
    "ma.school_committee.min_hearings": _COUNT,
    "ma.school_committee.majority": _FRACTION,
    "ma.notice.days": _DAYS,
    "ma.schedule.scheduled_days": _DAYS,
    "ma.evaluation.renewal_evaluations": _COUNT,
    # Massachusetts empowerment zones (the `ma-ez` pack)
    "ma-ez.parties.roles": _TEXTS,
    "ma-ez.board.seats": _SEATS,
    "ma-ez.board.chair_authority": _CODE,
    "ma-ez.board.state_authorities": _TEXTS,
    "ma-ez.board.reports_to": _TEXTS,
    "ma-ez.approvals.majority": _FRACTION,
    "ma-ez.contract.ratification_share": _FRACTION,
    "ma-ez.retained_services": _TEXTS,
    "ma-ez.retained_back_office": _TEXTS,
    "ma-ez.cycle.items": _TEXTS,
    "ma-ez.cycle.months": _CYCLE,
    "ma-ez.return.vehicle": _CODE,
    "ma-ez.colorado_terms": _TEXTS,
    "ma-ez.tlt.min_members": _COUNT,
    "ma-ez.sop.levers": _TEXTS,
    "ma-ez.sop.approvals.required": _TEXTS,
    "ma-ez.sop.approvals.expected": _TEXTS,
}
"""Parameter name -> (check, what it must be, in words)."""


def shown(value: Any) -> str:
    """A parameter value as the pack author typed it, shortened when long."""
    text = str(value) if isinstance(value, str) else repr(value)
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "empty"
    return text if len(text) <= 60 else f"{text[:45]}… ({len(text):,} characters)"


def param_problem(name: str, value: Any) -> str | None:
    """What is wrong with a parameter's value, e.g. "must be a whole number of years from 1
    to 100 (it is `three`)", or None when it is fine or planforge does not know it."""
    spec = PARAM_TYPES.get(name)
    if spec is None:
        return None
    check, what = spec
    if check(value):
        return None
    return f"must be {what} (it is `{shown(value)}`)"


def whole_number_problem(value: Any, low: int, high: int) -> str | None:
    """The same sentence for a whole-number setting outside the parameter table."""
    if _whole(low, high)(value):
        return None
    return f"must be a whole number from {low:,} to {high:,} (it is `{shown(value)}`)"
