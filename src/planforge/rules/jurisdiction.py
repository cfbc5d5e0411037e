"""Massachusetts fields in a Colorado file: typed, but no Colorado document prints them.

The Massachusetts sections (`ma:` of a plan or zone) and the fields only a Massachusetts
empowerment zone's memorandum prints (a professional-development autonomy, a seat group's
chair and designee) validate in any file, because both states share one plan and one zone
shape. In a Colorado file they would be dropped silently from the documents, so the review
stops on them instead (the Massachusetts counterpart is `ma.plan.colorado-items`).
"""

from __future__ import annotations

from collections.abc import Iterator

from planforge.errors import Finding
from planforge.rules import PLAN, ZONE, RuleContext, rule
from planforge.rules._util import get, items


@rule(
    "co.massachusetts-items",
    element="other",
    kinds=(PLAN, ZONE),
    enforces="planforge policy: a value typed appears in the documents, or the tool stops; the "
    "Colorado plan and operating agreement have no Massachusetts sections",
    message="Massachusetts sections and fields have no place in a Colorado plan or zone "
    "agreement, and its documents would leave them out.",
    hint="Remove them, or set `jurisdiction: MA` if the file is under Massachusetts law.",
)
def massachusetts_items(ctx: RuleContext) -> Iterator[Finding]:
    if "ma" in ctx.data:
        yield ctx.finding(
            "/ma",
            "The `ma:` section is for Massachusetts files; this file is under Colorado law, so "
            "nothing in it would appear in the documents.",
        )
    if get(ctx.data, "autonomies", "professional_development") is not None:
        yield ctx.finding(
            "/autonomies/professional_development",
            "Professional development is an autonomy of its own only in a Massachusetts "
            "empowerment zone; in a Colorado agreement describe it under staffing.",
        )
    for index, seat in items(ctx.data, "governance", "seats"):
        for key, what in (("chair", "the chair"), ("designee", "a designee")):
            if key in seat:
                yield ctx.finding(
                    f"/governance/seats/{index}/{key}",
                    f"The Colorado operating agreement does not print whether a seat holds "
                    f"{what}; say it in the seat's description instead.",
                )
