"""The web workspace (`planforge serve`): plans and zones edited, reviewed and rendered in a
browser, for school teams and authorizers.

An optional part of planforge: ``pip install "planforge[web]"`` adds Starlette, uvicorn and
python-multipart. The app is built by :func:`planforge.web.app.create_app`; the pieces are

* ``security`` — the per-launch token, Host allowlist, Origin/CSRF checks, size limits,
  Content-Security-Policy and workspace path confinement;
* ``workspace`` and ``history`` — the folder's files, their checked state, atomic saves with
  conflict detection, and every version in ``.planforge/history.sqlite``;
* ``editing``, ``yamltext`` and ``roundtrip`` — edits that change only the lines of the
  fields edited (verified by reloading), with a ruamel.yaml round trip as the fallback;
* ``schema_nav``, ``sections``, ``forms`` and ``findings`` — forms generated from the JSON
  Schema, labels in plain words, findings beside their fields;
* ``views_*`` — the pages.
"""

from __future__ import annotations

WEB_EXTRA_HINT = (
    'The web workspace needs planforge\'s "web" extra. Install it with:\n'
    '  pip install "planforge[web]"\n'
    '(in a checkout: .venv/bin/pip install -e ".[web]")'
)


def missing_dependency() -> str | None:
    """The name of a web dependency that is not installed, or None when all are."""
    import importlib.util

    for module in ("starlette", "uvicorn", "multipart", "jinja2"):
        if importlib.util.find_spec(module) is None:
            return module
    return None
