"""The YAML loader that never lies about what the user typed.

It reads a plan or zone file into plain JSON-compatible data (dict, list, str, int, float,
bool, None) plus a :class:`SourceMap` giving the 1-based line and column of every key and value.

The loader is built on ruamel.yaml's *event* stream, not its constructors, so every choice
about a value is made here:

* plain scalars follow the YAML 1.2 core schema, except that anything a spreadsheet or a
  YAML 1.1 parser would mangle stays the string typed: ``8:30``, ``no``, ``NO``, ``yes``,
  ``on``, dates such as ``2026-01-20``, numbers with a leading zero (``02134``), and
  numbers no plan can mean (``1e309``, 5,000 digits), which validation then refuses;
* anchors, aliases, merge keys and unknown tags are reported, never expanded, so an
  "alias bomb" costs nothing;
* duplicate keys are reported at the second key;
* an amount with thousands commas inside a one-line ``{...}`` mapping (``{cost: $140,000}``),
  which YAML splits at each comma into ``$140`` and a key ``000``, is read back as the
  ``$140,000`` typed, so validation gives the same advice as on a line of its own;
* tabs used for indentation, non-UTF-8 bytes, binary data (NUL bytes), empty files, files
  that are not a mapping and files over 5 MB each give one clear finding; only regular
  files are read (:func:`read_limited`), never more than 5 MB of them;
* characters that cannot appear in a Word document (XML-illegal control characters) are
  reported and removed.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from planforge.domain.numbers import number_problem
from planforge.domain.text import XML_ILLEGAL
from planforge.errors import Finding, InputFileError, error, warning
from planforge.inputs.placeholders import todo_comment_lines

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 250_000

_ILLEGAL = XML_ILLEGAL  # what cannot appear in a Word document (one definition, domain.text)
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_LEADING_ZERO_FLOAT = re.compile(r"[-+]?0[0-9]")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_CORE = "tag:yaml.org,2002:"
_AMOUNT_HEAD = re.compile(r"[-+]?\$?[-+]?[0-9]+(,[0-9]+)*")
_AMOUNT_TAIL = re.compile(r"[0-9]+(\.[0-9]+)?")
_ALLOWED_TAGS = frozenset(
    {"!"} | {_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}
)

Position = tuple[int, int]


def escape_pointer_token(token: str | int) -> str:
    """Escape one JSON Pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(parent: str, token: str | int) -> str:
    """Append a token to a JSON Pointer."""
    return f"{parent}/{escape_pointer_token(token)}"


def parent_pointer(pointer: str) -> str:
    """The pointer one level up ('' for the document root)."""
    return pointer.rsplit("/", 1)[0] if pointer else ""


@dataclass
class SourceMap:
    """1-based positions of every value and every mapping key, by JSON Pointer."""

    values: dict[str, Position] = field(default_factory=dict)
    keys: dict[str, Position] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    """The text typed for values that were read as numbers, booleans or null."""
    blocks: dict[str, Position] = field(default_factory=dict)
    """For text written as a literal block (``|``): where its first line of text is, so a
    finding about line k of the text can point at line ``line + k``."""

    def locate(self, pointer: str, *, key: bool = False) -> Position:
        """Position of `pointer` (its key if `key`), else of its nearest located ancestor."""
        probe = pointer
        while True:
            found = (self.keys.get(probe) if key else None) or self.values.get(probe)
            if found:
                return found
            if not probe:
                return (1, 1)
            probe = parent_pointer(probe)


@dataclass
class LoadedDocument:
    """What the loader read: data (None if unusable), its source map and any findings."""

    path: str
    data: Any
    source_map: SourceMap
    findings: list[Finding]
    todo_lines: frozenset[int] = frozenset()
    """Lines whose comment says TODO: the starter's mark on an example value (placeholders.py)."""
    content: bytes | None = field(default=None, repr=False, compare=False)
    """The bytes :func:`load_file` read (None for text loaded otherwise): what a build
    hashes, so the hash covers exactly what was rendered even if the file changes later."""

    @property
    def usable(self) -> bool:
        """True when the data can be validated (no loader error stopped it)."""
        return self.data is not None


class _Stop(Exception):
    """Internal: loading cannot continue; the reason is already a finding."""


def load_file(path: str | Path, *, display: str | None = None) -> LoadedDocument:
    """Read and load a file. Raises InputFileError if it cannot be opened at all."""
    name = display or str(path)
    raw = read_limited(path, name, MAX_BYTES + 1)
    doc = load_bytes(raw, name)
    doc.content = raw
    return doc


def read_limited(path: str | Path, name: str, limit: int) -> bytes:
    """At most `limit` bytes of a regular file; InputFileError saying why it cannot be read.

    Only regular files are read: a folder, a FIFO (which would wait for a writer forever) or
    a device such as ``/dev/zero`` (which never ends) is refused before a byte is read, and
    the size limit applies while reading, not after.
    """
    try:
        _refuse_special(os.stat(path).st_mode, name)  # before opening: opening can block
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError as e:
        msg = f"{name}: no such file. Check the path and spelling."
        raise InputFileError(msg) from e
    except IsADirectoryError as e:
        raise InputFileError(f"{name}: is a folder, not a file") from e
    except (OSError, ValueError) as e:  # ValueError: a NUL byte in the name
        msg = f"{name}: cannot be read ({getattr(e, 'strerror', None) or e})."
        raise InputFileError(msg) from e
    try:
        _refuse_special(os.fstat(fd).st_mode, name)  # what was opened, in case it changed
        if hasattr(os, "O_NONBLOCK"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while size < limit:
            chunk = os.read(fd, min(1 << 20, limit - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError as e:
        msg = f"{name}: cannot be read ({e.strerror or e})."
        raise InputFileError(msg) from e
    finally:
        os.close(fd)


def _refuse_special(mode: int, name: str) -> None:
    if stat.S_ISDIR(mode):
        raise InputFileError(f"{name}: is a folder, not a file")
    if not stat.S_ISREG(mode):
        msg = (
            f"{name}: is not a regular file ({_file_type(mode)}); planforge reads only "
            "ordinary files."
        )
        raise InputFileError(msg)


def _file_type(mode: int) -> str:
    for test, word in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return word
    return "not an ordinary file"


def load_bytes(raw: bytes, name: str) -> LoadedDocument:
    """Load YAML from bytes (checked for size and UTF-8 first)."""
    if len(raw) > MAX_BYTES:
        return _failed(
            name, error("yaml.too-large", _too_large_message(len(raw)), line=1, column=1)
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if _looks_utf16(raw):
        return _failed(name, error("yaml.not-utf8", _UTF16_MESSAGE, line=1, column=1))
    if b"\x00" in raw:
        return _failed(name, _binary(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return _failed(name, _not_utf8(raw, e))
    return load_text(text, name)


def load_text(text: str, name: str = "<string>") -> LoadedDocument:
    """Load YAML text into plain data with a source map and findings."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return _failed(
            name, error("yaml.too-large", _too_large_message(len(text)), line=1, column=1)
        )
    findings: list[Finding] = []
    text, removed = _strip_illegal(text, findings)
    tabs = _tab_indentation(text, removed)
    if tabs:
        return LoadedDocument(
            name, None, SourceMap(), [f.in_file(name) for f in [*findings, *tabs]]
        )
    builder = _run_builder(text, removed, pure=not use_c_parser())
    if builder.syntax_failed and use_c_parser():
        # libyaml follows YAML 1.1 and refuses a few things YAML 1.2 allows (`8:30` inside
        # `{...}`); the pure-Python parser has the final word on what is valid.
        builder = _run_builder(text, removed, pure=True)
    findings.extend(builder.findings)
    data = builder.result
    marks = todo_comment_lines(text) if data is not None else frozenset()
    return LoadedDocument(
        name, data, builder.source_map, [f.in_file(name) for f in findings], todo_lines=marks
    )


def _run_builder(text: str, removed: dict[int, list[int]], *, pure: bool) -> _Builder:
    builder = _Builder(removed)
    try:
        builder.result = builder.build(text, pure=pure)
    except _Stop:
        builder.result = None
    return builder


def _failed(name: str, finding: Finding) -> LoadedDocument:
    return LoadedDocument(name, None, SourceMap(), [finding.in_file(name)])


def _too_large_message(size: int) -> str:
    return (
        f"The file is {size / 1024 / 1024:.1f} MB; planforge reads files up to 5 MB. "
        "A plan is normally well under 1 MB: check that this is the right file, or split "
        "attachments out of it."
    )


_UTF16_MESSAGE = (
    'The file is saved as UTF-16 (Windows calls it "Unicode"); planforge reads UTF-8. '
    "Save it as UTF-8: in most editors choose File > Save As and pick the UTF-8 encoding."
)


def _looks_utf16(raw: bytes) -> bool:
    """A UTF-16 byte-order mark, or a NUL byte in every other place of the first line."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = raw[:200]
    return len(head) >= 4 and head.count(b"\x00") * 3 >= len(head)


def _binary(raw: bytes) -> Finding:
    before = raw[: raw.index(b"\x00")]
    line = before.count(b"\n") + 1
    column = len(before) - (before.rfind(b"\n") + 1) + 1
    return error(
        "yaml.binary",
        "The file holds binary data (a NUL byte), not text. Check that this is the plan and "
        "not a Word document, PDF or zip file; a plan is plain text saved as UTF-8.",
        line=line,
        column=column,
    )


def _not_utf8(raw: bytes, e: UnicodeDecodeError) -> Finding:
    before = raw[: e.start]
    line = before.count(b"\n") + 1
    column = len(before) - (before.rfind(b"\n") + 1) + 1
    byte = raw[e.start]
    return error(
        "yaml.not-utf8",
        f"The file is not UTF-8 text (byte 0x{byte:02X} cannot be read). Save it as UTF-8: "
        "in most editors choose File > Save As and pick the UTF-8 encoding.",
        line=line,
        column=column,
    )


def _strip_illegal(text: str, findings: list[Finding]) -> tuple[str, dict[int, list[int]]]:
    """Remove XML-illegal characters; remember where (line -> original 1-based columns)."""
    removed: dict[int, list[int]] = {}
    if not _ILLEGAL.search(text):
        return text, removed
    for lineno, line in enumerate(text.split("\n"), start=1):
        for m in _ILLEGAL.finditer(line):
            col = m.start() + 1
            removed.setdefault(lineno, []).append(col)
            findings.append(
                warning(
                    "yaml.control-character",
                    f"Removed an invisible control character (U+{ord(m.group()):04X}); it cannot "
                    "appear in a Word document. It often comes from copying out of another "
                    "program: retype the text around it to be sure nothing else is hidden.",
                    line=lineno,
                    column=col,
                )
            )
    return _ILLEGAL.sub("", text), removed


def _original_column(removed: dict[int, list[int]], line: int, column: int) -> int:
    """Map a column in the cleaned text back to the column the user sees."""
    for original in removed.get(line, ()):
        if original <= column:
            column += 1
    return column


def _tab_indentation(text: str, removed: dict[int, list[int]]) -> list[Finding]:
    out = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip() and not line.lstrip().startswith("#"):
            col = _original_column(removed, lineno, indent.index("\t") + 1)
            out.append(
                error(
                    "yaml.tab",
                    "This line is indented with a tab. YAML needs spaces for indentation: "
                    "replace the tab with spaces (most editors can 'convert indentation to spaces').",
                    line=lineno,
                    column=col,
                )
            )
    return out


_FORCE_PURE = False


def use_c_parser() -> bool:
    """True when ruamel.yaml's libyaml-based parser (ruamel.yaml.clib) can be used.

    It gives the same events as the pure-Python parser about twenty times faster. Tests run
    the loader with both (see `force_pure_parser`).
    """
    if _FORCE_PURE:
        return False
    try:
        from ruamel.yaml import CParser  # type: ignore[attr-defined]  # noqa: F401
    except ImportError:
        return False
    return True


def force_pure_parser(value: bool) -> None:
    """Make the loader use the pure-Python parser (True) or the fastest available (False)."""
    global _FORCE_PURE
    _FORCE_PURE = value


def resolve_plain(value: str) -> Any:
    """Type a plain (unquoted) scalar the way a non-programmer expects.

    YAML 1.2 core schema for null, true/false, integers and floats; everything else, and
    every number whose digits would change (leading zeros, octal, hex), stays a string. So
    does a number no plan can mean (``1e309``, 5,000 digits, ``1e-400``): kept as typed, it
    is refused by validation where the schema wants a number
    (:func:`planforge.domain.numbers.number_problem`), and never overflows anything.
    """
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        return value if number_problem(value) else int(value)
    if _FLOAT.fullmatch(value) and not _LEADING_ZERO_FLOAT.match(value):
        return value if number_problem(value) else float(value)
    return value


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    pointer: str
    key: str | None = None
    key_pos: Position | None = None
    first_seen: dict[str, int] = field(default_factory=dict)
    skip_value: bool = False
    flow: bool = False
    last_plain: tuple[str, str, int, int] | None = None
    """In a ``{...}`` mapping: the last plain value (key, text, line, end column), which a
    following digits-only "key" may continue (:meth:`_Builder._thousands`)."""
    continued: tuple[str, str, int, int] | None = None


class _Builder:
    """Turns ruamel.yaml parse events into plain data, a source map and findings."""

    def __init__(self, removed: dict[int, list[int]]) -> None:
        self.removed = removed
        self.findings: list[Finding] = []
        self.source_map = SourceMap()
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.nodes = 0
        self.skip_depth = 0
        self.skipping_key = False
        self.syntax_failed = False
        self.result: Any = None
        self.documents = 0
        self.text = ""
        self._lines: list[str] | None = None

    def build(self, text: str, *, pure: bool) -> Any:
        from ruamel.yaml import YAML
        from ruamel.yaml.error import MarkedYAMLError, YAMLError

        parser = YAML(typ="safe", pure=pure)
        self.text = text
        try:
            for event in parser.parse(text):
                self._event(event)
        except MarkedYAMLError as e:
            self.syntax_failed = True
            self._syntax_error(e)
            raise _Stop from e
        except YAMLError as e:  # pragma: no cover - ruamel raises marked errors for text input
            self.findings.append(
                error("yaml.syntax", f"The file is not valid YAML: {e}", line=1, column=1)
            )
            raise _Stop from e
        if self.documents == 0 or (self.root is None and not self.findings):
            self._stop("yaml.empty", _EMPTY_MESSAGE, (1, 1))
        if self.root is None:
            raise _Stop
        if not isinstance(self.root, dict):
            pos = self.source_map.values.get("", (1, 1))
            self._stop("yaml.not-mapping", _NOT_MAPPING_MESSAGE, pos)
        return self.root

    # -- events -----------------------------------------------------------------------

    def _event(self, event: Any) -> None:
        kind = type(event).__name__
        if kind == "DocumentStartEvent":
            self.documents += 1
            if self.documents > 1:
                self._stop("yaml.multiple-documents", _MULTI_DOC_MESSAGE, self._pos(event))
            return
        if kind in ("StreamStartEvent", "StreamEndEvent", "DocumentEndEvent"):
            return
        if kind in ("MappingEndEvent", "SequenceEndEvent"):
            self._end()
            return
        if self.skip_depth:
            self._skip(kind)
            return
        self._count(event)
        if kind == "AliasEvent":
            self._alias(event)
        elif kind == "ScalarEvent":
            self._scalar(event)
        else:
            self._collection(event, kind == "MappingStartEvent")

    def _count(self, event: Any) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self._stop(
                "yaml.too-many-values",
                f"The file has more than {MAX_NODES:,} values; planforge stops here. "
                "Check that this is a plan and not a data export.",
                self._pos(event),
            )
        if len(self.stack) >= MAX_DEPTH:
            self._stop(
                "yaml.too-deep",
                f"Values are nested more than {MAX_DEPTH} levels deep. "
                "Check the indentation of this line.",
                self._pos(event),
            )

    def _skip(self, kind: str) -> None:
        if kind in ("MappingStartEvent", "SequenceStartEvent"):
            self.skip_depth += 1

    def _end(self) -> None:
        if self.skip_depth:
            self.skip_depth -= 1
            if self.skip_depth == 0 and self.skipping_key:
                self.skipping_key = False
            elif self.skip_depth == 0:
                self._after_value()
            return
        self.stack.pop()
        self._after_value()

    def _after_value(self) -> None:
        if self.stack and isinstance(self.stack[-1].container, dict):
            top = self.stack[-1]
            top.key, top.key_pos, top.skip_value = None, None, False

    def _expecting_key(self) -> bool:
        top = self.stack[-1] if self.stack else None
        return top is not None and isinstance(top.container, dict) and top.key is None

    def _alias(self, event: Any) -> None:
        pos = self._pos(event)
        message = (
            f"An alias (*{event.anchor}) repeats another part of the file invisibly, and "
            "planforge does not allow them. Write the value out in full here."
        )
        if self._expecting_key():
            top = self.stack[-1]
            top.key, top.key_pos, top.skip_value = f"*{event.anchor}", pos, True
            pointer = ""
        else:
            pointer = self._place(None, pos)
        self.findings.append(error("yaml.alias", message, pointer, line=pos[0], column=pos[1]))

    def _check_anchor_and_tag(self, event: Any) -> list[Finding]:
        """Findings for a refused anchor or tag; the caller adds the value's pointer."""
        pos = self._pos(event)
        out: list[Finding] = []
        if event.anchor is not None:
            out.append(
                error(
                    "yaml.anchor",
                    f"An anchor (&{event.anchor}) lets other places copy this value invisibly, "
                    f"and planforge does not allow them. Remove `&{event.anchor}` and write any "
                    "repeated values out in full.",
                    line=pos[0],
                    column=pos[1],
                )
            )
        tag = event.tag
        if tag is not None and tag not in _ALLOWED_TAGS:
            out.append(
                error(
                    "yaml.tag",
                    f"Unknown tag `{tag}`. planforge reads plain values only: remove the tag "
                    "(quote the value if it must stay text).",
                    line=pos[0],
                    column=pos[1],
                )
            )
        return out

    def _refused(self, findings: list[Finding], pointer: str) -> None:
        # Only a refused tag replaces the value; an anchor leaves it as typed.
        self.findings.extend(
            replace(f, pointer=pointer) if f.code == "yaml.tag" else f for f in findings
        )

    def _scalar(self, event: Any) -> None:
        refused = self._check_anchor_and_tag(event)
        plain = not event.style and (event.tag is None or event.tag == "!")
        value: Any = event.value
        if plain or (event.tag and event.tag != "!" and event.tag != _CORE + "str"):
            value = resolve_plain(event.value)
        if self._expecting_key():
            self._refused(refused, "")
            if plain and not refused and self._thousands(event):
                return
            self._key(event.value if plain else str(value), self._pos(event), plain)
            return
        top = self.stack[-1] if self.stack else None
        key = top.key if top is not None else None
        skipped = top is not None and top.skip_value
        pointer = self._place(value, self._pos(event))
        self._refused(refused, pointer)
        if top is not None and top.flow and key is not None:
            mark = event.end_mark
            typed = event.value if plain and not refused else ""
            top.last_plain = top.continued or (key, typed, mark.line, mark.column)
            top.continued = None
        if not isinstance(value, str) and not skipped:
            self.source_map.raw[pointer] = event.value
        elif event.style == "|" and "\n" in value.rstrip("\n"):
            self._block(pointer, event)

    def _thousands(self, event: Any) -> bool:
        """Read ``{cost: $140,000}`` as typed: YAML ends the value at the comma and makes
        ``000`` a key without a value. When a "key" of digits directly follows a plain
        amount after a comma on the same line, and no colon follows it, it is put back on
        the amount (as text, which validation refuses where a number belongs, saying what to
        write) and True is returned."""
        top = self.stack[-1]
        last, top.last_plain = top.last_plain, None
        if last is None or not _AMOUNT_TAIL.fullmatch(event.value):
            return False
        key, typed, line, end = last
        start = event.start_mark
        if not _AMOUNT_HEAD.fullmatch(typed) or (start.line, start.column) != (line, end + 1):
            return False
        if self._lines is None:
            self._lines = self.text.split("\n")
        text = self._lines[line] if line < len(self._lines) else ""
        after = text[event.end_mark.column :].lstrip(" ")
        if text[end : end + 1] != "," or after.startswith(":"):
            return False
        if not isinstance(top.container, dict) or key not in top.container:
            return False
        joined = f"{typed},{event.value}"
        top.container[key] = joined
        self.source_map.raw.pop(join_pointer(top.pointer, key), None)
        # The empty value YAML gives the "key" is dropped; the amount may continue again.
        top.key, top.key_pos, top.skip_value = event.value, None, True
        top.continued = (key, joined, line, event.end_mark.column)
        return True

    def _key(self, key: str, pos: Position, plain: bool) -> None:
        top = self.stack[-1]
        top.key, top.key_pos = key, pos
        if plain and key == "<<":
            self.findings.append(
                error(
                    "yaml.merge-key",
                    "A merge key (<<) copies another mapping in invisibly, and planforge does not "
                    "allow it. Write the keys out in full here.",
                    line=pos[0],
                    column=pos[1],
                )
            )
            top.skip_value = True
            return
        first = top.first_seen.get(key)
        if first is not None:
            self.findings.append(
                error(
                    "yaml.duplicate-key",
                    f"`{key}` appears twice in the same section (first at line {first}). "
                    "A reader would only see one of them: remove or rename one.",
                    join_pointer(top.pointer, key),
                    line=pos[0],
                    column=pos[1],
                )
            )
            top.skip_value = True
            return
        top.first_seen[key] = pos[0]

    def _collection(self, event: Any, is_mapping: bool) -> None:
        refused = self._check_anchor_and_tag(event)
        pos = self._pos(event)
        if self._expecting_key():
            self._refused(refused, "")
            self.findings.append(
                error(
                    "yaml.complex-key",
                    "A key must be a simple word or phrase, not a list or mapping. "
                    "Check for a stray `?`, `[` or `{` at the start of this line.",
                    line=pos[0],
                    column=pos[1],
                )
            )
            top = self.stack[-1]
            top.key, top.key_pos, top.skip_value = "?", pos, True
            self.skip_depth, self.skipping_key = 1, True
            return
        if self.stack and self.stack[-1].skip_value:
            self._refused(refused, "")
            self.skip_depth = 1
            return
        container: dict[str, Any] | list[Any] = {} if is_mapping else []
        pointer = self._place(container, pos)
        self._refused(refused, pointer)
        self.stack.append(_Frame(container, pointer, flow=bool(event.flow_style)))

    def _place(self, value: Any, pos: Position) -> str:
        """Put a value in the current container; return its pointer."""
        if not self.stack:
            self.root = value
            self.source_map.values[""] = pos
            return ""
        top = self.stack[-1]
        if isinstance(top.container, list):
            pointer = join_pointer(top.pointer, len(top.container))
            top.container.append(value)
            self.source_map.values[pointer] = pos
            return pointer
        assert top.key is not None
        pointer = join_pointer(top.pointer, top.key)
        if not top.skip_value:
            top.container[top.key] = value
            self.source_map.values[pointer] = pos
            if top.key_pos:
                self.source_map.keys[pointer] = top.key_pos
        if not isinstance(value, (dict, list)):
            self._after_value()
        return pointer

    def _block(self, pointer: str, event: Any) -> None:
        """Remember where a literal block's text starts (the line after its `|`)."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        line = event.start_mark.line + 2
        after = (text for text in self._lines[line - 1 : line + 100] if text.strip())
        content = next(after, "")
        column = len(content) - len(content.lstrip(" ")) + 1
        self.source_map.blocks[pointer] = (line, _original_column(self.removed, line, column))

    # -- positions and errors -----------------------------------------------------------

    def _pos(self, event: Any) -> Position:
        mark = event.start_mark
        line = mark.line + 1
        return (line, _original_column(self.removed, line, mark.column + 1))

    def _stop(self, code: str, message: str, pos: Position) -> None:
        self.findings.append(error(code, message, line=pos[0], column=pos[1]))
        raise _Stop

    def _syntax_error(self, e: Any) -> None:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        column = _original_column(self.removed, line, mark.column + 1) if mark else 1
        problem = (e.problem or "").strip()
        context = (e.context or "").strip()
        detail = f"{context}, {problem}" if context and problem else (problem or context or str(e))
        self.findings.append(
            error("yaml.syntax", _syntax_message(detail), line=line, column=column)
        )


def _syntax_message(detail: str) -> str:
    hints = [
        ("mapping values are not allowed", "a value containing `: ` must be put in quotes"),
        ("found character '\\t'", "replace the tab with spaces"),
        ("could not find expected ':'", "a key is missing its colon, or a quote is not closed"),
        ("found unexpected end of stream", "a quote or bracket is not closed"),
        ("expected <block end>", "check the indentation of this line against the lines above"),
        ("did not find expected key", "check the indentation of this line against the lines above"),
        ("found undefined alias", "aliases (*name) are not allowed: write the value out in full"),
        (
            "found unknown escape character",
            "inside double quotes a backslash starts an escape: use single quotes",
        ),
    ]
    for needle, hint in hints:
        if needle in detail:
            return f"The file is not valid YAML here ({detail}): {hint}."
    return f"The file is not valid YAML here ({detail}). Check quotes, colons and indentation."


_EMPTY_MESSAGE = (
    "The file is empty. A plan starts with `kind: innovation_plan` (a zone with "
    "`kind: zone_agreement`); run `planforge init` to get a starter file."
)
_NOT_MAPPING_MESSAGE = (
    "The file must be a set of `key: value` lines (a mapping) at the top level, such as "
    "`kind: innovation_plan`. This file starts with a list or a single value instead."
)
_MULTI_DOC_MESSAGE = (
    "The file holds more than one YAML document (a second `---`). Put each plan in its own file."
)
