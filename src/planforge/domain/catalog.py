"""The waiver catalog: citation normalisation, lookup, non-waivable checks and search.

The catalog itself is data (``src/planforge/data/catalog.yaml``) that a district may
correct; this module only reads it. Statute citations are normalised so that
"CRS 22-32-109 (1)(f)", "C.R.S. § 22-32-109(1)(f)" and "22-32-109(1)(F)" are all
``22-32-109(1)(f)``, shown to readers as "C.R.S. 22-32-109(1)(f)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from planforge.errors import ResourceError
from planforge.resources import data_dir

_PREFIX = re.compile(
    r"^\s*(?:c\.?\s*r\.?\s*s\.?|colo\.?\s*rev\.?\s*stat\.?)\s*(?:§+|sec\.?|section)?\s*", re.I
)
_SECTION = re.compile(r"^(\d+)-(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)((?:\([0-9A-Za-z.]+\))*)$")
_ARTICLE = re.compile(r"^(?:article|art\.?)\s*(\d+(?:\.\d+)?)\s*(?:of\s*title\s*(\d+))?$", re.I)
_PAREN = re.compile(r"\(([0-9A-Za-z.]+)\)")
_CBA = re.compile(r"^(?:([A-Za-z][A-Za-z-]*)\s+)?(?:article|art\.?)\s*([0-9][0-9.\-]*)$", re.I)
_POLICY = re.compile(r"^[A-Za-z]{1,6}(?:-[A-Za-z0-9]{1,4})?$")
_CBA_KEY = re.compile(r"^(?:(\S+) )?Article ([0-9][0-9.\-]*)$")


def normalize_statute(text: str) -> str | None:
    """`CRS 22-32-109 (1)(F)` -> `22-32-109(1)(f)`; None if it is not a C.R.S. section."""
    s = _PREFIX.sub("", text.strip())
    s = s.replace("§", "").replace("–", "-").replace("—", "-")
    s = re.sub(r"\s+", "", s).rstrip(".,;")
    m = _SECTION.match(s)
    if not m:
        return None
    parts = _PAREN.findall(m.group(4))
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" + "".join(
        f"({_case(i, p)})" for i, p in enumerate(parts)
    )


def _case(index: int, part: str) -> str:
    """Subsection (1), paragraph (f) lower-case, subparagraph (II) and (A) upper-case."""
    if index == 1:
        return part.lower()
    if index in (2, 3):
        return part.upper()
    return part


def normalize(text: str, kind: str | None = None) -> str:
    """Normalise any citation: statutes as above, policy codes upper-case, CBA articles tidied."""
    statute = normalize_statute(text)
    if statute is not None:
        return statute
    s = " ".join(text.split())
    article = _ARTICLE.match(s)
    if article and (article.group(2) in (None, "22")) and kind != "cba":
        return f"22-{article.group(1)}"
    cba = _CBA.match(s)
    if cba:
        who = f"{cba.group(1).upper()} " if cba.group(1) else ""
        return f"{who}Article {cba.group(2).rstrip('.')}"
    if kind == "district_policy" or _POLICY.match(s):
        return s.upper()
    return s


_LEAD_WORD = re.compile(r"^\s*(?:district\s+)?(?:policy\s+|section\s+|sec\.\s*)", re.I)


def citation_key(text: str, kind: str | None = None) -> str:
    """A key for pairing two spellings of one citation (never for display).

    The normalised citation (:func:`normalize`) without a leading "Policy" or "Section",
    ignoring case and spaces: `C.R.S. § 22-32-109 (1)(n)(I)` and `crs 22-32-109(1)(n)(i)`,
    or `Policy BDFH` and `bdfh`, give one key.
    """
    return "".join(normalize(_LEAD_WORD.sub("", text), kind).casefold().split())


def display(citation: str) -> str:
    """How a reader sees a normalised citation: statutes get the "C.R.S." prefix."""
    return f"C.R.S. {citation}" if _SECTION.match(citation) else citation


def parents(citation: str) -> list[str]:
    """`22-32-109(1)(n)(II)(A)` -> [`22-32-109(1)(n)(II)`, `22-32-109(1)(n)`, ... `22-32-109`]."""
    out = []
    current = citation
    while current.endswith(")") and "(" in current:
        current = current[: current.rfind("(")]
        out.append(current)
    return out


def section_of(citation: str) -> tuple[str, str, str] | None:
    """(title, article, section) of a normalised statute citation."""
    m = _SECTION.match(citation)
    return (m.group(1), m.group(2), m.group(3)) if m else None


@dataclass(frozen=True)
class Entry:
    """One catalog entry (see catalog.yaml for the fields)."""

    citation: str
    kind: str
    title: str
    lists: tuple[str, ...]
    confidence: str
    source: str
    scope: str = "section"
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON shape."""
        return {
            "citation": self.citation,
            "display": display(self.citation),
            "kind": self.kind,
            "title": self.title,
            "lists": list(self.lists),
            "confidence": self.confidence,
            "source": self.source,
            "scope": self.scope,
            "note": self.note,
        }


@dataclass(frozen=True)
class Match:
    """A lookup result: the entry and whether it matched exactly or via a parent paragraph."""

    entry: Entry
    exact: bool


@dataclass(frozen=True)
class Category:
    """Title-22 provisions no waiver can touch, recognised by words in the waiver's title.

    C.R.S. 22-2-117(1)(b)(IV) makes "any provision of this title 22 that relates to
    fingerprinting and criminal history record checks" non-waivable, wherever it sits.
    """

    name: str
    title: str
    keywords: tuple[str, ...]

    def matches(self, text: str) -> str | None:
        """The first keyword found in a text (case-insensitive), or None."""
        low = text.lower()
        return next((k for k in self.keywords if k.lower() in low), None)


@dataclass(frozen=True)
class Catalog:
    """The loaded waiver catalog."""

    version: str
    entries: tuple[Entry, ...]
    lists: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    waivable_title: str = "22"
    federal_patterns: tuple[str, ...] = ()
    categories: tuple[Category, ...] = ()

    @property
    def by_citation(self) -> dict[str, Entry]:
        """Entries by normalised citation."""
        return {e.citation: e for e in self.entries}

    def lookup(self, citation: str, kind: str | None = None) -> Match | None:
        """Exact entry, else the nearest parent paragraph's entry (statutes only)."""
        key = normalize(citation, kind)
        table = self.by_citation
        if key in table and table[key].scope == "section":
            return Match(table[key], True)
        for parent in parents(key):
            if parent in table and table[parent].scope == "section":
                return Match(table[parent], False)
        return None

    def non_waivable(self, citation: str, kind: str | None = None, title: str = "") -> str | None:
        """Why a citation cannot be waived (a sentence), or None if it may be requested.

        `title` is the waiver's own title: a title-22 statute the catalog does not know whose
        title names a non-waivable category (fingerprinting, criminal history record checks)
        cannot be waived either.
        """
        if kind in ("district_policy", "cba"):
            return None
        federal = self._federal(citation)
        if federal:
            return federal
        key = normalize(citation, kind)
        parts = section_of(key) or _article_of(key)
        if parts is None:
            return None
        for entry in self.in_list("non_waivable"):
            if _covers(entry, key, parts):
                return self._category(key, "") or _why_not(entry)
        if parts[0] != self.waivable_title:
            return f"C.R.S. {key} is outside title {self.waivable_title}; only title {self.waivable_title} statutes can be waived"
        return self._category(key, title)

    def _category(self, key: str, title: str) -> str | None:
        """A statute the catalog knows is judged by its catalog title, others by the plan's."""
        match = self.lookup(key)
        text = match.entry.title if match else title
        for category in self.categories:
            if category.matches(text):
                return f"C.R.S. {key} (“{text}”) is {category.title}, which cannot be waived"
        return None

    def lookup_cba(self, citation: str, union: str = "DCTA") -> Match | None:
        """A union-contract article: `Article 8-1` finds `DCTA Article 8` (its article).

        A citation that names no union is taken to be the district's own (`union`).
        """
        m = _CBA_KEY.match(normalize(citation, "cba"))
        if m is None:
            return None
        who, number = m.group(1) or union.upper(), m.group(2)
        table = self.by_citation
        tries = (number, number.split("-")[0], re.split(r"[.-]", number)[0])
        for index, n in enumerate(dict.fromkeys(tries)):
            entry = table.get(f"{who} Article {n}")
            if entry is not None and entry.kind == "cba":
                return Match(entry, index == 0)
        return None

    def _federal(self, citation: str) -> str | None:
        low = citation.lower()
        for pattern in self.federal_patterns:
            if re.search(rf"(?<![a-z]){re.escape(pattern.lower())}(?![a-z])", low):
                return f"`{citation}` is federal law, which no state waiver can set aside"
        return None

    def in_list(self, name: str) -> list[Entry]:
        """Entries on a named list, in catalog order."""
        return [e for e in self.entries if name in e.lists]

    def suggest(self, citation: str, kind: str | None = None, n: int = 3) -> list[str]:
        """Close catalog citations for an unknown one (did-you-mean)."""
        import difflib  # only for suggestions; not loaded on the common path

        key = normalize(citation, kind)
        pool = [e.citation for e in self.entries if kind is None or e.kind == kind]
        return difflib.get_close_matches(key, pool, n=n, cutoff=0.75)

    def search(self, query: str) -> list[Entry]:
        """Entries whose citation or title matches the query (citation match first)."""
        key = normalize(query)
        hits = [e for e in self.entries if e.citation == key or e.citation.startswith(key)]
        words = query.lower().split()
        hits += [
            e
            for e in self.entries
            if e not in hits and all(w in f"{e.citation} {e.title}".lower() for w in words)
        ]
        return hits


def _article_of(key: str) -> tuple[str, str, str] | None:
    m = re.fullmatch(r"(\d+)-(\d+(?:\.\d+)?)", key)
    return (m.group(1), m.group(2), "") if m else None


def _why_not(entry: Entry) -> str:
    if entry.scope == "section":
        return f"C.R.S. {entry.citation} ({entry.title}) cannot be waived"
    return f"{entry.title} cannot be waived"


def _covers(entry: Entry, key: str, parts: tuple[str, str, str]) -> bool:
    title, article, section = parts
    if entry.scope == "article":
        return entry.citation == f"{title}-{article}"
    if entry.scope == "part":
        return f"{title}-{article}-{section}".startswith(entry.citation)
    return key == entry.citation or key.startswith(entry.citation + "(")


def _entry(raw: dict[str, Any]) -> Entry:
    return Entry(
        citation=str(raw["citation"]),
        kind=str(raw["kind"]),
        title=str(raw["title"]),
        lists=tuple(str(x) for x in raw.get("lists") or ()),
        confidence=str(raw.get("confidence", "U")),
        source=str(raw.get("source", "")),
        scope=str(raw.get("scope", "section")),
        note=str(raw.get("note") or ""),
    )


def load_catalog(path: Path | None = None) -> Catalog:
    """Read a catalog file (the bundled one by default)."""
    target = path or data_dir() / "catalog.yaml"
    if path is None:
        return _bundled_catalog(target)
    return _read_catalog(target)


@cache
def _bundled_catalog(target: Path) -> Catalog:
    return _read_catalog(target)


def _read_catalog(target: Path) -> Catalog:
    from planforge.inputs.datafiles import load_data_file

    doc = load_data_file(target)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        msg = f"{target}: the waiver catalog is missing or unreadable (needs `entries:`)."
        raise ResourceError(msg)
    try:
        entries = tuple(_entry(raw) for raw in data["entries"])
    except (KeyError, TypeError, AttributeError) as e:
        msg = f"{target}: a catalog entry lacks `citation`, `kind` or `title` ({e})."
        raise ResourceError(msg) from e
    rules = data.get("non_waivable_rules") or {}
    return Catalog(
        version=str(data.get("catalog_version", "")),
        entries=entries,
        lists=dict(data.get("lists") or {}),
        sources=dict(data.get("sources") or {}),
        waivable_title=str(rules.get("waivable_title", "22")),
        federal_patterns=tuple(str(p) for p in rules.get("federal_patterns") or ()),
        categories=tuple(_category(raw, target) for raw in rules.get("categories") or ()),
    )


def _category(raw: Any, target: Path) -> Category:
    if not isinstance(raw, dict) or not raw.get("keywords"):
        msg = f"{target}: each of `non_waivable_rules.categories` needs `name`, `title` and `keywords`."
        raise ResourceError(msg)
    return Category(
        name=str(raw.get("name", "")),
        title=str(raw.get("title", raw.get("name", ""))),
        keywords=tuple(str(k) for k in raw["keywords"]),
    )
