"""planforge: innovation plans and zone agreements as structured, checkable data.

The public API is small and lazy so that `planforge validate` starts quickly:
heavy modules (docx, docxtpl, jinja2) are imported only by the commands that render.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
