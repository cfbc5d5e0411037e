"""The state waiver request: what the local board asks of the State Board (pure, no docx).

The local board, not the school, submits an innovation plan to the commissioner and the State
Board (C.R.S. 22-32.5-107), and the State Board waives only state statutes and rules
(C.R.S. 22-32.5-108). So the request:

* asks the State Board for the plan's waivers of **state statutes and rules** only; district
  policies and union-contract provisions, which the local board and the school's bargaining
  unit decide, follow in an appendix *for information*;
* is signed for the local board by its **president or the superintendent** (named from the
  plan's signatories, else from its zone's, else a signature line with the role), never by the
  principal;
* carries the board's **resolution page**: the resolution's number and date when the plan
  records them, else a form the board secretary completes at the meeting.

See docs/templates.md for every variable. The innovation plan's own waiver tables are built by
:func:`planforge.documents.plan_context.waivers_context`, which this module reuses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from planforge.documents.context import PlanText, Reader, fact, number, person_line, plain
from planforge.documents.plan_context import TitleLookup, common_context, waivers_context
from planforge.domain.labels import WAIVER_STATUS

STATE_BOARD = "Colorado State Board of Education"
BLANK = "______________________________"
SHORT_BLANK = "______________"
ANY_SIGNER = "President of the Board of Education or Superintendent"
_PRESIDENT = re.compile(r"(?<!vice )(?<!vice-)\bpresident\b", re.IGNORECASE)
_SUPERINTENDENT = re.compile(
    r"(?<!deputy )(?<!assistant )(?<!associate )(?<!area )\bsuperintendent\b", re.IGNORECASE
)
_PLAN_WORDS = {
    "renewal": "the renewed innovation plan",
    "revision": "the revised innovation plan",
}


def waiver_request_context(
    data: Any,
    *,
    draft: bool = False,
    titles: TitleLookup | None = None,
    params: Mapping[str, Any] | None = None,
    zone: Any = None,
) -> dict[str, Any]:
    """Everything the waiver-request template shows.

    ``params`` are the rule packs' parameters (as for the innovation plan); ``zone`` is the
    zone's data when the plan is a member of one (its signatories may name the board's
    president).
    """
    r = Reader(data, draft=draft)
    ctx = common_context(r)
    board = _board(r, ctx["board_name"])
    waivers = waivers_context(r, titles, params)
    state = [w for w in waivers["state"] if not _dropped(w)]
    dropped = [w for w in waivers["state"] if _dropped(w)]
    school = plain(r.text("/school/name"), "the school")
    waivers.update(
        state=state,
        state_dropped=dropped,
        summary=_summary(len(state), len(dropped), waivers["district"], waivers["cba"]),
        letter=_letter(r, board, len(state)),
        state_intro=(
            f"The State Board is asked to waive the state statutes and rules below for {school} "
            "for the term of the plan. Each is followed by the rationale for the waiver, the "
            "replacement plan and how the school will continue to meet the intent of the law."
        ),
        dropped_intro=(
            "This waiver of the prior plan is no longer requested; the provision applies to "
            "the school again:"
            if len(dropped) == 1
            else "These waivers of the prior plan are no longer requested; the provisions "
            "apply to the school again:"
        ),
        appendix_intro=(
            "The local board grants waivers of its own policies, and union-contract provisions "
            "are waived with the vote of the bargaining-unit members employed at the school "
            "(C.R.S. 22-32.5-109). They are not part of the request to the State Board and are "
            "listed here for information, so that the State Board sees the whole plan."
        ),
        district_intro=(
            "Each district policy is followed by the rationale and the replacement policy."
        ),
        cba_intro=(
            "Each provision is followed by the rationale and the replacement policy. The plan "
            "names the agreement each provision belongs to."
        ),
    )
    ctx["waivers"] = waivers
    ctx["request"] = _request(r, board, zone)
    ctx["resolution"] = _resolution(r, board, len(state))
    return ctx


def _dropped(waiver: Mapping[str, Any]) -> bool:
    return bool(waiver.get("status_label") == WAIVER_STATUS["dropped"])


def _board(r: Reader, board_name: str) -> str:
    """The local board as the resolution names it (``adopted_by``), else "<district> Board of
    Education"."""
    return plain(r.text("/board_resolution/adopted_by")) or board_name


def _plural(count: int, one: str, many: str) -> str:
    return f"{number(count)} {one if count == 1 else many}"


def _summary(
    state: int, dropped: int, district: list[dict[str, Any]], cba: list[dict[str, Any]]
) -> str:
    """What is asked of the State Board, and what the appendix lists."""
    if state:
        asked = f"The plan asks the State Board to waive {_plural(state, 'state statute or rule', 'state statutes and rules')}."
    else:
        asked = "The plan asks the State Board to waive no state statute or rule."
    if dropped:
        asked += (
            f" Of the prior plan's state waivers, {number(dropped)} "
            f"{'is' if dropped == 1 else 'are'} no longer requested."
        )
    listed = []
    if district:
        listed.append(_plural(len(district), "district policy", "district policies"))
    if cba:
        provision = "collective bargaining agreement provision"
        listed.append(_plural(len(cba), provision, provision + "s"))
    if listed:
        asked += f" The appendix lists {' and '.join(listed)} for information."
    return asked


def _letter(r: Reader, board: str, state: int) -> str:
    """The request itself: who submits what, under which sections, and what is asked."""
    school = plain(r.text("/school/name"), "the school")
    plan = _PLAN_WORDS.get(str(r.get("/action")), "the innovation plan")
    term = f"{plain(r.text('/term/start'), '?')} to {plain(r.text('/term/end'), '?')}"
    number_, date = r.text("/board_resolution/number"), r.text("/board_resolution/date")
    approved = (
        f" The Board approved the plan by Resolution No. {number_}, adopted {date}; the "
        "resolution page follows this letter."
        if number_ is not None and date is not None
        else " The Board's resolution approving the plan is on the page that follows this letter."
    )
    if state:
        asked = (
            f" Under C.R.S. 22-32.5-108 the Board asks the State Board to waive, for {school}, "
            "the state statutes and rules listed in Part I. For each, Part I gives the "
            "rationale, the replacement plan and the manner in which the school will continue "
            "to meet the intent of the waived provision."
        )
    else:
        asked = (
            " The plan asks for no waiver of a state statute or rule; it is submitted for the "
            "review and comment of the commissioner and the State Board."
        )
    return (
        f"The {board} submits {plan} of {school} for the term {term} to the Commissioner of "
        f"Education and the {STATE_BOARD} under C.R.S. 22-32.5-107.{approved}{asked}"
    )


# --------------------------------------------------------------------------- signature


def _request(r: Reader, board: str, zone: Any) -> dict[str, Any]:
    district = plain(r.text("/school/district"), "the district")
    blank = {"name_line": f"Name: {BLANK}", "title": ANY_SIGNER, "party": district}
    signers = _signers(r, zone) or [blank]
    return {
        "to": f"To the Commissioner of Education and the {STATE_BOARD}:",
        "submitted_by": board,
        "cover_line": f"Submitted by the {board}",
        "signers": signers,
        "signature_note": (
            f"Signed for the {board} by its president or by the superintendent "
            "(C.R.S. 22-32.5-107)."
        ),
        "contact": _contact(r),
    }


def _signers(r: Reader, zone: Any) -> list[dict[str, Any]]:
    """The board's president and the superintendent among the plan's signatories, else
    among its zone's; empty when neither names them."""
    district = plain(r.text("/school/district"))
    found = [
        {
            "name_line": r.text(f"{p}/name"),
            "title": r.text(f"{p}/title"),
            "party": r.text(f"{p}/party"),
        }
        for p, item in r.items("/signatories")
        if _signs_for_board(item, district)
    ]
    if found:
        return found
    listed = zone.get("signatories") if isinstance(zone, dict) else None
    keys = ("name", "title", "party")
    return [
        {"name_line": item["name"], "title": item["title"], "party": item["party"]}
        for item in (listed if isinstance(listed, list) else [])
        if isinstance(item, dict)
        and all(isinstance(item.get(k), str) and item[k].strip() for k in keys)
        and _signs_for_board(item, district)
    ]


def _signs_for_board(item: Mapping[str, Any], district: str) -> bool:
    """A signatory who may sign the request: the superintendent (not a deputy), or the
    president of the local board (not a vice-president, nor a non-profit's board)."""
    title, party = str(item.get("title") or ""), str(item.get("party") or "")
    if _SUPERINTENDENT.search(title):
        return True
    if not _PRESIDENT.search(title):
        return False
    where = f"{title} {party}".casefold()
    return (
        "board of education" in where
        or "school board" in where
        or "school district" in party.casefold()
        or (bool(district) and district.casefold() in party.casefold())
    )


def _contact(r: Reader) -> str | None:
    """`Questions about the plan: Sam Sample, Assistant Principal, plan@example.org`."""
    for pointer in ("/school/contact", "/school/leader"):
        line = person_line(r, pointer)
        if line:
            return f"Questions about the plan: {line}."
    return None


# --------------------------------------------------------------------------- resolution


def _resolution(r: Reader, board: str, state: int) -> dict[str, Any]:
    """The resolution page: the recorded resolution, or a form for the board secretary."""
    number_ = r.text("/board_resolution/number")
    date = r.text("/board_resolution/date")
    school = plain(r.text("/school/name"), "the school")
    term = f"{plain(r.text('/term/start'), '?')} to {plain(r.text('/term/end'), '?')}"
    plan = _PLAN_WORDS.get(str(r.get("/action")), "the innovation plan")
    recorded = isinstance(number_, PlanText) and isinstance(date, PlanText)
    waived = (
        f", and asks the {STATE_BOARD} to waive for the school the "
        f"{_plural(state, 'state statute or rule', 'state statutes and rules')} listed in Part I "
        "of the state waiver request (C.R.S. 22-32.5-107 and 22-32.5-108)"
        if state
        else ", and submits it to the Commissioner of Education and the State Board of Education "
        "(C.R.S. 22-32.5-107)"
    )
    return {
        "recorded": recorded,
        "board": board,
        "title": f"Resolution of the {board}",
        "facts": [
            fact("Resolution No.", number_),
            fact("Adopted", date),
            fact("Adopted by", board),
        ]
        if recorded
        else [],
        "statement": (
            f"The {board} approved {plan} of {school} for {term}, with the waivers it requests, "
            f"by Resolution No. {plain(number_)}, adopted {plain(date)}. A copy of the signed "
            "resolution is attached to this request."
        ),
        "instructions": (
            "To be completed by the board secretary when the board votes on the plan. Attach "
            "the signed resolution to the request sent to the Colorado Department of Education."
        ),
        "form_line": f"Resolution No. {SHORT_BLANK}      adopted on {BLANK} (date)",
        "text": f"The {board} approves {plan} of {school} for {term}{waived}.",
        "vote_line": (
            f"Vote of the board: {SHORT_BLANK} in favor, {SHORT_BLANK} against, "
            f"{SHORT_BLANK} abstaining"
        ),
        "signers": [
            {"line": f"{BLANK}    Date: {SHORT_BLANK}", "title": f"President, {board}"},
            {"line": f"Attest: {BLANK}    Date: {SHORT_BLANK}", "title": f"Secretary, {board}"},
        ],
    }
