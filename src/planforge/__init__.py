"""planforge: innovation plans and zone agreements as structured, checkable data.

The library API (see ``docs/api.md``)::

    import planforge

    results = planforge.check(["examples/standalone/plan.yaml"])
    [entry] = planforge.review(results)
    rendered = planforge.render(results, ["plan"])

``check``, ``review``, ``render``, ``render_agreement``, ``build``, ``diff``, ``portfolio``
and ``ruleset``
live in :mod:`planforge.api` and are loaded on first use, so that ``planforge validate``
starts quickly: heavy modules (docx, docxtpl, jinja2) are imported only when rendering.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "build",
    "check",
    "diff",
    "portfolio",
    "render",
    "render_agreement",
    "review",
    "ruleset",
]
_API = frozenset(__all__) - {"__version__"}

if TYPE_CHECKING:
    from planforge.api import (
        build,
        check,
        diff,
        portfolio,
        render,
        render_agreement,
        review,
        ruleset,
    )


def __getattr__(name: str) -> Any:
    if name in _API:
        from planforge import api

        return getattr(api, name)
    raise AttributeError(f"module 'planforge' has no attribute {name!r}")
