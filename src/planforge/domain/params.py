"""Pack parameters for callers that have not chosen packs: the default pack's, read once.

The review always has the parameters of the packs it runs (``RuleSet.params``). A document
built without a review (``plan_context(data)`` in a script, an older caller) still has to
print thresholds, and they must be the ones ``planforge review`` applies by default, never a
copy of them typed into the renderer: so they are read from the default pack itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from planforge.domain.hours import PARAMS as HOUR_PARAMS

CBA_THRESHOLD = "consent.cba_threshold"
NEEDED = (*HOUR_PARAMS, CBA_THRESHOLD)
"""The parameters the documents print."""


@cache
def _default() -> dict[str, Any]:
    # Imported here: the packs import the review rules, which import this package.
    from planforge.packs.loader import DEFAULT_PACKS, load_packs

    return dict(load_packs(DEFAULT_PACKS).params)


def default_params() -> dict[str, Any]:
    """The merged parameters of the default pack (``co``), loaded once per process."""
    return dict(_default())


def with_defaults(
    params: Mapping[str, Any] | None, needed: Iterable[str] = NEEDED
) -> dict[str, Any]:
    """`params`, with the default pack's value for any of `needed` they do not set."""
    given = dict(params or {})
    if all(name in given for name in needed):
        return given
    return {**_default(), **given}
