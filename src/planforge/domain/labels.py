"""The words planforge uses for the plan's fixed vocabulary: levers, voting bodies, programs.

One definition for the review, ``planforge diff`` and every document, so the memo, the plan
and the diff of the same file never name the same thing differently.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lever:
    """One of the five levers of an innovation plan (and of a zone's autonomies)."""

    key: str
    word: str
    """Short name: `Curriculum` (diff sections, a waiver's list of levers)."""
    title: str
    """Heading in the innovation plan: `Curriculum, Instruction and Assessment`."""
    zone_title: str
    """Autonomy heading in a zone agreement (what zone schools decide about the lever)."""


LEVERS: dict[str, Lever] = {
    lever.key: lever
    for lever in (
        Lever("curriculum", "Curriculum", "Curriculum, Instruction and Assessment",
              "Curriculum, instruction and assessment"),
        Lever("staffing", "Staffing", "Staffing", "Staffing"),
        Lever("schedule", "Schedule", "Schedule and Calendar", "Schedule and calendar"),
        Lever("budget", "Budget", "Budget and Resources", "Budget and resources"),
        Lever("culture", "Culture", "Culture, Family Engagement and Governance",
              "Culture, student supports and governance"),
    )
}  # fmt: skip
LEVER_KEYS = tuple(LEVERS)


def lever_word(key: str) -> str:
    """`Curriculum` for `curriculum` (an unknown key as given)."""
    lever = LEVERS.get(key)
    return lever.word if lever else key


SAC = "School Accountability Committee"
BODIES = {
    "administrators": "Administrators",
    "teachers": "Teachers",
    "sac": SAC,
    "cbu_members": "Bargaining-unit members",
}
"""The bodies that vote on a plan (`consent[].body`)."""


def body_label(body: str, sac_name: str = "") -> str:
    """`Teachers`; the SAC by its own name when the plan gives one."""
    if body == "sac" and sac_name:
        return sac_name
    return BODIES.get(body, body)


@dataclass(frozen=True)
class Program:
    """A program with its own instructional-time minimum (`bell_schedules[].program`)."""

    label: str
    """`Elementary`, `Full-day kindergarten` (table cells)."""
    name: str
    """`Elementary program`, `Full-day kindergarten` (sentences)."""


PROGRAMS: dict[str, Program] = {
    "elementary": Program("Elementary", "Elementary program"),
    "secondary": Program("Secondary", "Secondary program"),
    "full_day_kindergarten": Program("Full-day kindergarten", "Full-day kindergarten"),
    "half_day_kindergarten": Program("Half-day kindergarten", "Half-day kindergarten"),
    "preschool": Program("Preschool", "Preschool program"),
}
PROGRAM_NAMES = {key: p.name for key, p in PROGRAMS.items()}


def program_label(key: str) -> str:
    """`Elementary` for `elementary` (an unknown key as given)."""
    program = PROGRAMS.get(key)
    return program.label if program else key


def program_name(key: str) -> str:
    """`Elementary program` for `elementary` (an unknown key as given)."""
    program = PROGRAMS.get(key)
    return program.name if program else key


@dataclass(frozen=True)
class WaiverKind:
    """What a waiver waives (`waivers[].kind`)."""

    label: str
    """Plain words for a school team: `Union contract`."""
    formal: str
    """Words of an agreement between parties: `Collective bargaining agreement`."""


WAIVER_KINDS: dict[str, WaiverKind] = {
    "state_statute": WaiverKind("State statute", "State statute"),
    "state_rule": WaiverKind("State rule", "State rule"),
    "district_policy": WaiverKind("District policy", "District policy"),
    "cba": WaiverKind("Union contract", "Collective bargaining agreement"),
}
WAIVER_STATUS = {"kept": "Kept", "modified": "Modified", "added": "New", "dropped": "Dropped"}
