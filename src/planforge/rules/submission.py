"""The state submission package: what the district sends CDE with a plan that needs state waivers.

CDE's Guidance (Appendix A) asks the district to attach, separately, the whole plan, the plan's
signed board resolution, its state waiver request section and its budget section. The local
board's resolution exists only after the board votes, so while a plan is being drafted and
reviewed its absence is a reminder (a warning), not an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from planforge.errors import Finding, Severity
from planforge.rules import RuleContext, rule
from planforge.rules._util import active_waivers, get, plural

_PACKAGE = (
    "CDE Guidance for Implementation of the Innovation Schools Act, Appendix A: attach the plan's "
    "signed board resolution; C.R.S. 22-32.5-107(2) (the local board submits the plan to the "
    "commissioner); 22-32.5-108 (state waivers)"
)
STATE_KINDS = ("state_statute", "state_rule")


@rule(
    "co.submission.board-resolution",
    element="term",
    severity=Severity.WARNING,
    enforces=_PACKAGE,
    message="A plan that asks for state waivers goes to CDE with the local board's signed "
    "resolution: record its number and date once the board has voted (until then this is a "
    "reminder).",
    hint='After the board votes, add `board_resolution: {number: "3521", date: YYYY-MM-DD}`.',
)
def board_resolution(ctx: RuleContext) -> Iterator[Finding]:
    if isinstance(get(ctx.data, "board_resolution"), dict):
        return
    state = [w for _, w in active_waivers(ctx.data) if w.get("kind") in STATE_KINDS]
    if not state:
        return
    msg = (
        f"The plan asks for {plural(len(state), 'state waiver')}, so the district sends it to "
        "CDE with the local board's signed resolution. The plan does not record the resolution "
        "yet: add its number and date after the board's vote."
    )
    yield ctx.finding("/waivers", msg)
