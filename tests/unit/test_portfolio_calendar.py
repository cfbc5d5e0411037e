"""planforge.authorizer.calendar and cells: review dates, the renewal window, cell text."""

from __future__ import annotations

from datetime import date

import pytest

from planforge.authorizer.calendar import (
    DUE,
    LATER,
    OVERDUE,
    REVIEW_DUE,
    TERM_ENDS,
    UNKNOWN,
    add_months,
    parse_date,
    review_dates,
    schedule,
    window_end,
)
from planforge.authorizer.cells import formula_like, natural_key, neutralise, reflow

START, END = date(2026, 7, 1), date(2029, 6, 30)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 12, 30), 18, date(2029, 6, 30)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 7, 1), 36, date(2029, 7, 1)),
    ],
)
def test_add_months_clamps_to_the_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_three_year_term_is_reviewed_when_it_ends() -> None:
    assert review_dates(START, END, 3) == [END]


def test_a_longer_term_is_reviewed_every_cadence_years_and_at_its_end() -> None:
    end = date(2031, 6, 30)
    assert review_dates(START, end, 3) == [date(2029, 7, 1), end]
    assert review_dates(START, end, 1)[:2] == [date(2027, 7, 1), date(2028, 7, 1)]


def test_without_an_end_the_first_review_counts() -> None:
    assert review_dates(START, None, 3) == [date(2029, 7, 1)]


def test_renewal_window_is_eighteen_months_inclusive() -> None:
    assert window_end(date(2027, 12, 30)) == END
    assert schedule(START, END, 3, date(2027, 12, 30)).state == DUE
    assert schedule(START, END, 3, date(2027, 12, 29)).state == LATER


def test_schedule_states_and_events() -> None:
    later = schedule(START, END, 3, date(2026, 11, 30))
    assert (later.next_review, later.event, later.state) == (END, TERM_ENDS, LATER)
    assert later.days_left == (END - date(2026, 11, 30)).days
    over = schedule(START, END, 3, date(2029, 7, 5))
    assert (over.next_review, over.state, over.days_left) == (END, OVERDUE, -5)
    mid = schedule(START, date(2031, 6, 30), 3, date(2028, 3, 1))
    assert (mid.next_review, mid.event, mid.state) == (date(2029, 7, 1), REVIEW_DUE, DUE)
    assert schedule(None, END, 3, date(2026, 1, 1)).state == UNKNOWN


def test_parse_date_takes_iso_text_only() -> None:
    assert parse_date("2026-07-01") == START
    assert parse_date("July 1") is None
    assert parse_date(20260701) is None


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2 days", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_is_neutralised_with_an_apostrophe(text: str) -> None:
    assert formula_like(text)
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["School", "", "2026-07-01", "C.R.S. 22-32-109(1)(f)", "'quoted"])
def test_other_text_is_unchanged(text: str) -> None:
    assert not formula_like(text)
    assert neutralise(text) == text


def test_natural_key_orders_citations_by_number() -> None:
    cites = ["22-63-201", "22-9-106", "22-32-110(1)(k)", "22-32-109(1)(f)", "22-32-109(1)(t)"]
    assert sorted(cites, key=natural_key) == [
        "22-9-106",
        "22-32-109(1)(f)",
        "22-32-109(1)(t)",
        "22-32-110(1)(k)",
        "22-63-201",
    ]


def test_reflow_joins_hard_wrapped_lines_but_keeps_paragraphs_and_lists() -> None:
    typed = "One line\nwrapped here.\n\n- first\n- second\n  continued\n\nLast.\n"
    assert reflow(typed) == "One line wrapped here.\n\n- first\n- second continued\n\nLast."
