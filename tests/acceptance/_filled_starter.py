"""A starter as a hurried school team fills it in: every `TODO:` text replaced with its own
words and the votes recorded, but the example numbers, dates and times left with their
`# TODO` comments (the situation issue 10 found on real plans)."""

from __future__ import annotations

import json
import re

from planforge.authoring.starter import placeholder_pointers, starter_text
from planforge.inputs.loader import load_text

PROSE = (
    "Teachers plan lessons together every week, look at student work and adjust instruction "
    "so that every student reads on grade level."
)
LONG = {
    "rationale": "Students who read well by third grade succeed later, and daily small-group "
    "reading has raised scores in schools like ours.",
    "how_intent_is_met": "Students still receive at least the instructional hours Colorado "
    "requires, counted from the school's own bell schedule.",
}
# Short answers a team writes, by field name (the last key of the field).
SHORT = {
    "name": "Ana Reyes",
    "district": "Denver Public Schools",
    "address": "1820 S Vallejo St, Denver, CO 80223",
    "phone": "720-555-0142",
    "title": "Extended literacy block",
    "metric": "CMAS ELA median growth percentile",
    "party": "Schmitt Elementary",
    "evidence": "Family survey, 214 of 301 responding families in favour",
    "notes": "Ballots counted by two teachers and the SAC chair",
    "note": "Salaries rise with the step increase",
    "description": "None expected.",
    "position": "Classroom teachers",
}
VOTES_FOR = re.compile(r"^(\s*votes_for: )0(  # TODO)$", re.MULTILINE)


def filled_starter(label: str = "plan", *, school: str | None = "Schmitt Elementary") -> str:
    """The starter with every text placeholder replaced and (for a plan) the votes filled in.

    Numbers, dates and times keep the starter's examples and their `# TODO` comments;
    votes_for gets a majority of the eligible count (a real tally), its comment left in place.
    """
    text = starter_text(label, school=school if label == "plan" else None)
    doc = load_text(text)
    lines = text.split("\n")
    located = sorted(
        ((doc.source_map.values[p], p) for p in placeholder_pointers(doc.data)), reverse=True
    )
    for (line, column), pointer in located:
        key = "position" if "/positions/" in pointer else pointer.rsplit("/", 1)[-1]
        _replace(lines, line - 1, column - 1, SHORT.get(key) or LONG.get(key, PROSE))
    out = "\n".join(lines)
    if label == "zone":
        out = out.replace("schools/TODO-school/plan.yaml", "schools/schmitt/plan.yaml")
    return _votes(out)


def _replace(lines: list[str], index: int, column: int, words: str) -> None:
    line = lines[index]
    if line[column:].startswith("|"):  # a block: replace its indented lines
        indent = len(line) - len(line.lstrip()) + 2
        end = index + 1
        while end < len(lines) and lines[end].startswith(" " * indent):
            end += 1
        lines[index + 1 : end] = [" " * indent + (words if len(words) > 40 else PROSE)]
    else:  # a quoted text on this line
        lines[index] = line[:column] + json.dumps(words)


def _votes(text: str) -> str:
    eligible = iter(int(n) for n in re.findall(r"^\s*eligible: (\d+)  # TODO$", text, re.M))
    return VOTES_FOR.sub(lambda m: f"{m.group(1)}{next(eligible) // 2 + 1}{m.group(2)}", text)
