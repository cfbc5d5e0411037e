"""UNO worker for planforge.documents.pdf.convert: run by LibreOffice's Python (``/usr/bin/python3`` + python3-uno).

It is NOT imported by planforge. ``planforge.documents.pdf.convert`` starts it as a subprocess with the office's
connection string as its only argument, then talks JSON lines over stdin/stdout:

- first line out: ``{"ready": true}`` once connected, or ``{"fatal": "..."}`` (then exit 1);
- each line in: ``{"src": "/abs/in.docx", "dst": "/abs/out.pdf"}``;
  each line out: ``{"ok": true}`` or ``{"ok": false, "error": "..."}``;
- ``{"quit": true}`` (or end of input) terminates the office and exits.

Kept compatible with Python 3.9+ (the system Python of older distributions).
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from typing import Any

try:
    import uno  # type: ignore[import-not-found]
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
except ImportError as _exc:  # pragma: no cover - depends on the system
    _IMPORT_ERROR: str | None = f"cannot import uno ({_exc}); install python3-uno"
else:
    _IMPORT_ERROR = None

WORD_FILTER = "MS Word 2007 XML"
CONNECT_SECONDS = 60.0


def _send(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _props(**values: Any) -> tuple[Any, ...]:
    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name = name
        prop.Value = value
        out.append(prop)
    return tuple(out)


def _connect(connection: str) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            ctx = resolver.resolve(f"uno:{connection};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)


def _update_indexes(doc: Any) -> None:
    indexes = doc.getDocumentIndexes()
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()


def _refresh(doc: Any) -> None:
    """Update tables of contents and fields; twice, so page numbers see the final layout."""
    for _ in range(2):
        _update_indexes(doc)
        doc.getTextFields().refresh()
        doc.refresh()


def _load(desktop: Any, src: str) -> Any:
    props: dict[str, Any] = {"Hidden": True, "ReadOnly": True, "UpdateDocMode": 0}
    props["MacroExecutionMode"] = 0  # never run macros from a document
    if src.lower().endswith(".docx"):
        props["FilterName"] = WORD_FILTER
    try:
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(src), "_blank", 0, _props(**props)
        )
    except Exception as exc:
        raise RuntimeError(f"LibreOffice could not load the file ({_describe(exc)})") from exc
    if doc is None:
        raise RuntimeError("LibreOffice could not load the file (not a readable document)")
    return doc


def _convert(desktop: Any, src: str, dst: str) -> None:
    doc = _load(desktop, src)
    try:
        if not doc.supportsService("com.sun.star.text.TextDocument"):
            raise RuntimeError("the file did not open as a text document")
        _refresh(doc)
        doc.storeToURL(uno.systemPathToFileUrl(dst), _props(FilterName="writer_pdf_Export"))
    finally:
        doc.close(True)


def _describe(exc: BaseException) -> str:
    message = getattr(exc, "Message", "") or str(exc)
    return f"{type(exc).__name__}: {message}".strip().rstrip(":")


def _serve(desktop: Any) -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        if request.get("quit"):
            break
        try:
            _convert(desktop, request["src"], request["dst"])
        except Exception as exc:
            _send(
                {
                    "ok": False,
                    "error": str(exc) if isinstance(exc, RuntimeError) else _describe(exc),
                }
            )
        else:
            _send({"ok": True})


def main() -> int:
    if _IMPORT_ERROR is not None:
        _send({"fatal": _IMPORT_ERROR})
        return 1
    try:
        desktop = _connect(sys.argv[1])
    except Exception as exc:
        _send({"fatal": f"cannot connect to LibreOffice ({_describe(exc)})"})
        return 1
    _send({"ready": True})
    _serve(desktop)
    with contextlib.suppress(Exception):  # the office often drops the bridge while terminating
        desktop.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
