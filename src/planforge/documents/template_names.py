"""Which variables a template uses that a context does not provide, named as the template spells them.

Jinja's own error for ``{{ school.nmae }}`` is "'dict object' has no attribute 'nmae'". This
module walks the template's syntax tree instead, looking every name and attribute up in a real
context (loop variables stand for every item of their list), and reports ``school.nmae`` and
``shcool``. Every branch of every ``if`` is checked, whatever the data; a loop over an empty
list, a filter's result or a macro argument is not known and not checked (the render that
follows catches what is left).

Pure: Jinja syntax trees and plain values in, strings out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes

from planforge.errors import TemplateError

UNKNOWN: Any = object()
"""A value not known before rendering."""
_MISSING = object()
# Filters and tests that accept an undefined value.
_TOLERANT_FILTERS = {"default", "d"}
_TOLERANT_TESTS = {"defined", "undefined"}
# What `loop` offers inside a for loop (jinja2.runtime.LoopContext).
_LOOP = dict.fromkeys(
    [
        *("index", "index0", "revindex", "revindex0", "first", "last", "length"),
        *("depth", "depth0", "previtem", "nextitem", "cycle", "changed"),
    ],
    UNKNOWN,
)


@dataclass(frozen=True)
class Unknown:
    """A variable the template uses that the context does not provide."""

    expression: str
    """As the template spells it: ``school.nmae``, ``shcool``, ``lever["titel"]``."""
    lineno: int
    reason: str


@dataclass(frozen=True)
class _Reported:
    """The value of an expression already reported as unknown (its index in `found`)."""

    index: int


@dataclass(frozen=True)
class Several:
    """A loop variable: each item of the list the loop runs over."""

    items: tuple[Any, ...]


def unknown_names(tree: nodes.Template, context: dict[str, Any], globals_: Any) -> list[Unknown]:
    """The variables `tree` uses that neither `context` nor Jinja's `globals_` provide."""
    walker = _Walker(set(globals_))
    walker.walk(tree, dict(context))
    seen: set[str] = set()
    out: list[Unknown] = []
    for found in walker.found:
        if found.expression not in seen:
            seen.add(found.expression)
            out.append(found)
    return out


class _Walker:
    def __init__(self, globals_: set[str]) -> None:
        self.globals = globals_
        self.found: list[Unknown] = []

    # ------------------------------------------------------------------ statements

    def walk(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        handler = getattr(self, f"_stmt_{type(node).__name__}", None)
        if handler is not None:
            handler(node, scope)
        elif isinstance(node, nodes.Expr):
            self.eval(node, scope)
        else:
            for child in node.iter_child_nodes():
                self.walk(child, scope)

    def _body(self, body: list[nodes.Node], scope: dict[str, Any]) -> None:
        for child in body:
            self.walk(child, scope)

    def _stmt_For(self, node: nodes.For, scope: dict[str, Any]) -> None:
        inner = {**scope, "loop": _LOOP}
        self._bind(node.target, _items(self.eval(node.iter, scope)), inner)
        if node.test is not None:
            self.eval(node.test, inner)
        self._body(node.body, inner)
        self._body(node.else_, scope)

    def _stmt_Assign(self, node: nodes.Assign, scope: dict[str, Any]) -> None:
        self._bind(node.target, self.eval(node.node, scope), scope)

    def _stmt_AssignBlock(self, node: nodes.AssignBlock, scope: dict[str, Any]) -> None:
        self._body(node.body, scope)
        self._bind(node.target, UNKNOWN, scope)

    def _stmt_Macro(self, node: nodes.Macro, scope: dict[str, Any]) -> None:
        for default in node.defaults:
            self.eval(default, scope)
        inner = {**scope, "varargs": UNKNOWN, "kwargs": UNKNOWN, "caller": UNKNOWN}
        for arg in node.args:
            self._bind(arg, UNKNOWN, inner)
        scope[node.name] = UNKNOWN
        inner[node.name] = UNKNOWN
        self._body(node.body, inner)

    def _stmt_CallBlock(self, node: nodes.CallBlock, scope: dict[str, Any]) -> None:
        self.eval(node.call, scope)
        inner = {**scope, "caller": UNKNOWN, "varargs": UNKNOWN, "kwargs": UNKNOWN}
        for arg in node.args:
            self._bind(arg, UNKNOWN, inner)
        self._body(node.body, inner)

    def _stmt_With(self, node: nodes.With, scope: dict[str, Any]) -> None:
        inner = dict(scope)
        for target, value in zip(node.targets, node.values, strict=False):
            self._bind(target, self.eval(value, scope), inner)
        self._body(node.body, inner)

    def _stmt_Import(self, node: nodes.Import, scope: dict[str, Any]) -> None:
        scope[node.target] = UNKNOWN

    def _stmt_FromImport(self, node: nodes.FromImport, scope: dict[str, Any]) -> None:
        for name in node.names:
            scope[name if isinstance(name, str) else name[1]] = UNKNOWN

    def _bind(self, target: nodes.Node, value: Any, scope: dict[str, Any]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple | nodes.List):
            for item in target.items:
                self._bind(item, UNKNOWN, scope)

    # ------------------------------------------------------------------ expressions

    def eval(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        if isinstance(node, nodes.Name):
            return self._name(node, scope)
        if isinstance(node, nodes.Getattr):
            return self._member(node, self.eval(node.node, scope), node.attr)
        if isinstance(node, nodes.Getitem):
            base = self.eval(node.node, scope)
            if isinstance(node.arg, nodes.Const):
                return self._member(node, base, node.arg.value)
            self.eval(node.arg, scope)
            return UNKNOWN
        if isinstance(node, nodes.Const):
            return node.value
        if isinstance(node, nodes.Filter | nodes.Test):
            tolerant = _TOLERANT_FILTERS if isinstance(node, nodes.Filter) else _TOLERANT_TESTS
            skip = node.node if node.name in tolerant else None
            for child in node.iter_child_nodes():
                if child is not skip:
                    self.eval(child, scope)
            return UNKNOWN
        for child in node.iter_child_nodes():
            self.eval(child, scope)
        return UNKNOWN

    def _name(self, node: nodes.Name, scope: dict[str, Any]) -> Any:
        if node.name in scope:
            return scope[node.name]
        if node.name in self.globals:
            return UNKNOWN
        return self._report(Unknown(node.name, node.lineno, f"there is no variable {node.name!r}"))

    def _report(self, unknown: Unknown) -> _Reported:
        self.found.append(unknown)
        return _Reported(len(self.found) - 1)

    def _member(self, node: nodes.Getattr | nodes.Getitem, base: Any, key: Any) -> Any:
        if base is UNKNOWN:
            return UNKNOWN
        if isinstance(base, _Reported):  # report the whole expression: shcool.name
            found = self.found[base.index]
            self.found[base.index] = Unknown(expression(node), found.lineno, found.reason)
            return base
        if isinstance(base, Several):
            values = [v for v in (_lookup(item, key) for item in base.items) if v is not _MISSING]
            if values:
                return Several(tuple(values))
            reason = f"no {expression(node.node)} in its loop has {key!r}"
        else:
            value = _lookup(base, key)
            if value is not _MISSING:
                return value
            reason = f"{expression(node.node)} has no {key!r}"
        return self._report(Unknown(expression(node), node.lineno, reason))


def _lookup(obj: Any, key: Any) -> Any:
    """``obj.key`` the way the sandbox finds it (attribute, then item), or _MISSING."""
    if isinstance(key, str) and not key.startswith("_"):
        try:
            return getattr(obj, key)
        except Exception:
            pass
    try:
        return obj[key]
    except Exception:
        return _MISSING


def _items(value: Any) -> Any:
    """What a loop variable stands for: every item of the list(s), or UNKNOWN."""
    lists = value.items if isinstance(value, Several) else (value,)
    items: list[Any] = []
    for one in lists:
        if isinstance(one, dict | list | tuple):
            items.extend(one)
        else:
            return UNKNOWN
    return Several(tuple(items)) if items else UNKNOWN


def expression(node: nodes.Node) -> str:
    """A name, attribute or item expression as a template would spell it."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{expression(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{expression(node.node)}[{node.arg.value!r}]"
    if isinstance(node, nodes.Getitem):
        return f"{expression(node.node)}[...]"
    return "(...)"


# --------------------------------------------------------------------------- messages

Sources = list[tuple[str, str]]
"""(part name, Jinja source) of each part of a template, as rendering patches them."""


@dataclass(frozen=True)
class Located:
    """An unknown variable, the part it is in, and the paragraph's text."""

    part: str
    unknown: Unknown
    paragraph: str

    def describe(self, note: str = "") -> str:
        """``school.nmae (school has no 'nmae'; word/document.xml, paragraph "Name: {{ school.nmae }}")``,
        with `note` after the expression."""
        where = f'{self.part}, paragraph "{self.paragraph}"' if self.paragraph else self.part
        return f"{self.unknown.expression}{note} ({self.unknown.reason}; {where})"


def find_unknown(sources: Sources, context: dict[str, Any]) -> list[Located]:
    """Every variable the template's parts use that `context` does not provide."""
    import jinja2
    from jinja2.defaults import DEFAULT_NAMESPACE

    env = jinja2.Environment()
    out: list[Located] = []
    for part, source in sources:
        tree = env.parse(source)
        for found in unknown_names(tree, context, DEFAULT_NAMESPACE):
            out.append(Located(part, found, paragraph(source, found.lineno)))
    return out


def paragraph(source: str, lineno: int) -> str:
    """The text of the paragraph on line `lineno` of a patched part (docxtpl starts a line at
    every ``<w:p>``), without markup, at most 80 characters."""
    lines = source.splitlines()
    if not 0 < lineno <= len(lines):
        return ""
    text = " ".join(re.sub(r"<[^>]+>", "", lines[lineno - 1]).split())
    return text if len(text) <= 80 else text[:79] + "\u2026"


def template_error(
    name: str,
    error: Exception,
    sources: Callable[[], Sources] | None = None,
    context: dict[str, Any] | None = None,
    source: str = "",
) -> TemplateError:
    """One clear TemplateError for an exception raised while compiling or rendering `name`.

    With the template's `sources` and the `context`, an undefined variable is named as the
    template spells it (``school.nmae``) instead of Jinja's "'dict object' has no attribute".
    """
    import jinja2
    from jinja2.exceptions import SecurityError

    text = str(getattr(error, "message", None) or error).rstrip(".")
    where = _where(error, source)
    if isinstance(error, SecurityError):
        msg = (
            f"{name}: the template was stopped: {text}{where}. Templates may only print the "
            'values planforge provides (docs/templates.md, "What templates may not do").'
        )
    elif isinstance(error, jinja2.UndefinedError):
        named = _named(sources, context)
        detail = "; ".join(n.describe() for n in named[:3]) if named else f"{text}{where}"
        msg = (
            f"{name}: the template uses a value planforge does not provide: {detail}. "
            "Check the spelling of the tag; docs/templates.md lists every variable."
        )
    elif isinstance(error, jinja2.TemplateSyntaxError):
        msg = (
            f"{name}: template tag error: {text}{where}. Type each tag in one go, with spaces "
            "inside the braces, and keep {%p %} tags alone in their paragraph."
        )
    elif isinstance(error, jinja2.TemplateError):
        msg = f"{name}: {text}{where}."
    else:  # a tag that fails while running: {{ 1/0 }}, {{ school.name() }}, {% include %}
        msg = f"{name}: a template tag failed ({type(error).__name__}: {text}){where}."
    return TemplateError(msg)


def _named(sources: Callable[[], Sources] | None, context: dict[str, Any] | None) -> list[Located]:
    if sources is None or context is None:
        return []
    try:
        return find_unknown(sources(), context)
    except Exception:  # best effort: the plain Jinja message is still given
        return []


def _where(error: Exception, source: str = "") -> str:
    """`` in the paragraph "..."`` for a Jinja error with a line number (else empty)."""
    lineno = getattr(error, "lineno", None)
    if not lineno:
        return ""
    text = paragraph(source, lineno) if source else _docx_context(error, lineno)
    return f' in the paragraph "{text}"' if text else ""


def _docx_context(error: Exception, lineno: int) -> str:
    """The paragraph docxtpl attached to a render error (lines lineno-3 .. lineno+3)."""
    lines = list(getattr(error, "docx_context", None) or [])
    index = lineno - 1 - max(lineno - 4, 0)
    text = " ".join(lines[index].split()) if 0 <= index < len(lines) else ""
    return text if len(text) <= 80 else text[:79] + "\u2026"
