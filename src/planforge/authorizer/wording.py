"""The portfolio's wording by the states of its files (each file's `jurisdiction:`).

A Colorado-only portfolio reads as it always has (the writers keep that text as it is). The
waiver matrix, the posting list C.R.S. 22-44-305 requires and the consent bodies (SAC, CBU)
are Colorado's: left out when no file is Colorado's, labelled as Colorado's when files of
several states share a portfolio. Where each review or renewal comes from is said per state:
Colorado's C.R.S. 22-32.5-110; in Massachusetts, the School Committee's authorization term of
an innovation school (M.G.L. c.71 §92(m), the ``ma`` pack's ``term.max_years``), the School
Operational Plan an empowerment-zone school writes each school year (the ``ma-ez`` pack) and
the term of a zone's memorandum.
"""

from __future__ import annotations

from collections.abc import Iterable

from planforge.authorizer.model import COLORADO, SOP_KIND, Portfolio, state_name

MASSACHUSETTS = "MA"
POSTING_TITLE = "Waiver posting list (C.R.S. 22-44-305)"
MIXED_POSTING_TITLE = "Waiver posting list (Colorado, C.R.S. 22-44-305)"


def colorado_part(p: Portfolio, text: str) -> str:
    """`Waiver matrix (Colorado)` when other states' files share the portfolio, else as is."""
    return f"{text} (Colorado)" if p.mixed else text


def posting_title(p: Portfolio) -> str:
    """The posting list's heading (its law; Colorado's by name among other states)."""
    return MIXED_POSTING_TITLE if p.mixed else POSTING_TITLE


def states(p: Portfolio) -> str:
    """`Massachusetts`, `Colorado and Massachusetts`."""
    names = [state_name(j) for j in p.jurisdictions]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def cadence_text(cadences: Iterable[int]) -> str:
    """`every 3 years`, `every 2 or 3 years (as each plan states)`."""
    found = sorted(set(cadences))
    if len(found) == 1:
        return f"every {found[0]} years"
    return "every " + " or ".join(str(c) for c in found) + " years (as each plan states)"


def review_bases(p: Portfolio) -> list[str]:
    """One sentence per state: when its plans, operational plans and zones come up again."""
    out = []
    schools = p.current
    co = [s.schedule.cadence for s in schools if s.jurisdiction == COLORADO]
    co += [z.schedule.cadence for z in p.zones if z.jurisdiction == COLORADO]
    if co:
        out.append(
            f"Colorado: the local board reviews an innovation plan {cadence_text(co)} from the "
            "term's start, at the latest when the term ends (C.R.S. 22-32.5-110)."
        )
    ma = [s for s in schools if s.jurisdiction == MASSACHUSETTS]
    parts = []
    if any(s.kind != SOP_KIND for s in ma):
        parts.append(
            "the School Committee authorizes an innovation school for the plan's term, not "
            "more than 5 years (M.G.L. c.71 §92(m)), and decides on renewal when the term ends"
        )
    if any(s.kind == SOP_KIND for s in ma):
        parts.append(
            "an empowerment-zone school writes a School Operational Plan for each school year, "
            "so the next one is due when the year ends (June 30)"
        )
    if any(z.jurisdiction == MASSACHUSETTS for z in p.zones):
        parts.append("an empowerment zone's memorandum comes up for renewal when its term ends")
    if parts:
        out.append("Massachusetts: " + "; ".join(parts) + ".")
    return out


def renewal_note(p: Portfolio, window: str) -> str:
    """The renewal calendar's note when the portfolio is not Colorado's alone; `window` is
    `between 2028-01-15 and 2029-07-15` or `in the next 18 months`."""
    what = "Plans, operational plans" if any(s.kind == SOP_KIND for s in p.current) else "Plans"
    return " ".join(
        [
            f"{what} and zone agreements whose term ends or whose review is due {window}, "
            "and any already overdue.",
            *review_bases(p),
        ]
    )


def schools_note(p: Portfolio, *, workbook: bool = False) -> str:
    """The Schools table's note when the portfolio is not Colorado's alone."""
    out = ["One row per plan." if not workbook else ""]
    if p.bodies:
        out.append(
            f"{colorado_part(p, 'Consent')}: the share of all eligible members voting yes "
            "(red: not a majority)."
        )
    minimum = "the minimum of the school's state" if p.mixed else "the state minimum"
    out.append(
        f"Hour margin: annual instructional hours minus {minimum}, for the tightest grade band "
        "of each program (red: short)."
    )
    out.append("Next review, by state. " + " ".join(review_bases(p)))
    if p.colorado:
        out.append(
            f"{colorado_part(p, 'Waivers by kind')}: state statute, state rule, district policy, "
            "union contract (CBA)."
        )
    return " ".join(x for x in out if x)
