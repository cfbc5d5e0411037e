"""Renewals and revisions: dropped waivers and the prior approval date.

Whether every waiver of a renewal must carry a `status` is Denver practice, not statute: that
rule is `dps.renewal.waiver-status` in packs/dps.py.
"""

from __future__ import annotations

from collections.abc import Iterator

from planforge.domain.labels import lever_word
from planforge.errors import Finding, Severity
from planforge.rules import RuleContext, rule
from planforge.rules._util import active_waivers, get, items, prior_approval, waiver_label
from planforge.rules.waivers import lever_refs

_REVIEW = "C.R.S. 22-32.5-110 (review every 3 years; revision)"
_CHANGES = ("renewal", "revision")


def _is_change(ctx: RuleContext) -> bool:
    return get(ctx.data, "action") in _CHANGES


@rule(
    "co.renewal.dropped",
    element="waivers",
    severity=Severity.INFO,
    enforces=_REVIEW,
    message="Waivers the school no longer requests are listed so the board sees what ends.",
    hint="Nothing to fix: this lists the dropped waivers for the record.",
)
def dropped(ctx: RuleContext) -> Iterator[Finding]:
    for index, waiver in items(ctx.data, "waivers"):
        if waiver.get("status") == "dropped":
            msg = f"{waiver_label(index, waiver, title=True)} is dropped: the school will follow this provision again."
            yield ctx.finding(f"/waivers/{index}/status", msg)


@rule(
    "co.renewal.dropped-still-used",
    element="waivers",
    severity=Severity.WARNING,
    enforces=_REVIEW + "; 22-32.5-104(3): each waiver must serve the plan's innovations",
    message="A lever must not rely on a waiver the plan drops.",
    hint="Remove the dropped waiver's id from the lever's `waivers:` list, or keep the waiver "
    "(`status: kept` or `modified`) if the lever still needs it.",
)
def dropped_still_used(ctx: RuleContext) -> Iterator[Finding]:
    active = {str(w.get("id")) for _, w in active_waivers(ctx.data)}
    dropped = {
        str(w.get("id")): waiver_label(i, w)
        for i, w in items(ctx.data, "waivers")
        if str(w.get("id")) not in active
    }
    plan = get(ctx.data, "action") if _is_change(ctx) else "plan"
    for pointer, ref in lever_refs(ctx.data):
        if ref in dropped:
            lever = lever_word(pointer.split("/")[2])
            msg = f"The {lever} lever still relies on {dropped[ref]}, which this {plan} drops; remove it from the lever's waivers."
            yield ctx.finding(pointer, msg)


@rule(
    "co.renewal.prior-approval",
    element="term",
    enforces=_REVIEW,
    message="A renewal or revision must give the date the current plan was approved "
    "(`prior_plan_approved`, or an approval or renewal listed in `history`).",
    hint="Add `prior_plan_approved: YYYY-MM-DD`, or list the approval under `history`.",
)
def prior_approval_given(ctx: RuleContext) -> Iterator[Finding]:
    if _is_change(ctx) and prior_approval(ctx.data) is None:
        yield ctx.finding(
            "/action",
            f"This is a {ctx.data.get('action')} but neither `prior_plan_approved` nor an "
            "approval in `history` gives the date the current plan was approved.",
        )


@rule(
    "co.renewal.status-initial",
    element="waivers",
    severity=Severity.WARNING,
    enforces=_REVIEW,
    message="An initial plan has no prior waivers to keep, modify or drop.",
    hint="Remove `status` from the waivers, or set `action: renewal` or `revision`.",
)
def status_initial(ctx: RuleContext) -> Iterator[Finding]:
    if get(ctx.data, "action") != "initial":
        return
    for index, waiver in items(ctx.data, "waivers"):
        if waiver.get("status") in ("kept", "modified", "dropped"):
            yield ctx.finding(
                f"/waivers/{index}/status",
                f"{waiver_label(index, waiver)} is marked “{waiver.get('status')}”, but this is an initial plan.",
            )
