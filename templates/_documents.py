"""The content of each planforge template, assembled from the blocks in _blocks.py.

Each ``build_<kind>(doc)`` fills a blank planforge document and returns the document title.
The variables used here are the template context documented in docs/templates.md.
"""

from __future__ import annotations

from functools import partial

from _blocks import (
    Doc,
    add_cover,
    add_toc,
    data_table,
    facts_table,
    goals_table,
    labelled_prose,
    memo_fields,
    para,
    prose,
    section_if,
    setup_header_footer,
    setup_page,
    signature_table,
    tag,
    waiver_details,
)

LEVER_NOTE = (
    "The plan uses the five levers of autonomy named in the Innovation Schools Act. For each "
    "lever it describes current practice, the innovations, the rationale and the waivers the "
    "lever relies on."
)
CONSENT_NOTE = (
    "Colorado requires the consent of a majority of the administrators, a majority of the "
    "teachers and a majority of the School Accountability Committee. A waiver of collective "
    "bargaining provisions needs the approval of at least 60% of the bargaining-unit members "
    "employed at the school, by secret ballot."
)


def _standard_pages(doc: Doc, title: str, kicker_lines: list[str], footer: list[str]) -> None:
    section = setup_page(doc)
    setup_header_footer(section, "{% if draft %}DRAFT \u2014 {% endif %}{{ school.name }}", title)
    add_cover(doc, "{{ school.district }}", title, kicker_lines, footer)
    add_toc(doc)


# --------------------------------------------------------------------------- innovation plan


def build_innovation_plan(doc: Doc) -> str:
    title = "Innovation Plan"
    _standard_pages(
        doc,
        title,
        [
            "{{ plan.action_label }} \u00b7 Grades {{ school.grades }}",
            "Plan term: {{ plan.term_label }}",
            "{%p if school.zone %}",
            "Member of {{ school.zone }}",
            "{%p endif %}",
            "Submitted: {{ plan.submitted }}",
        ],
        [
            "Prepared for the {{ board_name }}",
            "Under the Innovation Schools Act of 2008, C.R.S. 22-32.5",
        ],
    )
    _overview(doc)
    _mission(doc)
    _levers(doc)
    _affected(doc)
    _goals(doc)
    _budget(doc)
    _staffing(doc)
    _schedule(doc)
    _waivers(doc)
    _consent(doc)
    _support(doc)
    _signatures(doc)
    return title


def _overview(doc: Doc) -> None:
    para(doc, "School Overview", "Heading 1")
    facts_table(doc, "f in school.facts")


def _mission(doc: Doc) -> None:
    para(doc, "Mission and the Case for Innovation", "Heading 1")
    para(doc, "Mission", "Heading 2")
    prose(doc, "mission.statement")
    tag(doc, "{%p if mission.vision %}")
    para(doc, "Vision", "Heading 2")
    prose(doc, "mission.vision")
    tag(doc, "{%p endif %}")
    para(doc, "Why innovation status", "Heading 2")
    prose(doc, "mission.why_innovation")


def _levers(doc: Doc) -> None:
    para(doc, "Innovations", "Heading 1")
    para(doc, LEVER_NOTE)
    tag(doc, "{%p for lever in levers %}")
    para(doc, "{{ lever.title }}", "Heading 2")
    labelled_prose(doc, "Current practice", "lever.current_practice")
    para(doc, "Innovations", "Label")
    tag(doc, "{%p for item in lever.innovations %}")
    para(doc, "{{ item.title }}", "Heading 4")
    prose(doc, "item.description")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not lever.innovations %}")
    para(doc, "No innovations are proposed for this lever.")
    tag(doc, "{%p endif %}")
    labelled_prose(doc, "Rationale", "lever.rationale")
    tag(doc, "{%p for extra in lever.extras %}")
    labelled_prose(doc, "{{ extra.label }}", "extra.body")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if lever.assessments %}")
    para(doc, "Assessments in addition to the state assessments", "Label")
    tag(doc, "{%p for a in lever.assessments %}")
    para(doc, "{{ a }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    para(doc, "Waivers this lever relies on", "Label")
    tag(doc, "{%p for w in lever.waivers %}")
    para(doc, "{{ w.citation }} \u2014 {{ w.title }} ({{ w.kind_label }})", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not lever.waivers %}")
    para(doc, "This lever does not rely on any waiver.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def _affected(doc: Doc) -> None:
    para(doc, "Programs, Policies and Operational Documents Affected", "Heading 1")
    section_if(
        doc,
        "affected_programs",
        lambda: data_table(
            doc,
            "row in affected_programs",
            [
                ("Program, policy or document", "{{ row.name }}", 1.6),
                ("Type", "{{ row.type_label }}", 1.1),
                ("How the plan changes it", "{{p row.change }}", 3.8),
            ],
        ),
        "The plan does not change any program, policy or operational document.",
    )


def _goals(doc: Doc) -> None:
    para(doc, "Expected Improvements in Academic Performance", "Heading 1")
    section_if(
        doc,
        "goals.rows",
        lambda: (
            para(doc, "{{ goals.intro }}"),
            goals_table(doc),
        ),
        "The plan does not state measurable academic goals.",
    )


def _budget(doc: Doc) -> None:
    para(doc, "Budget", "Heading 1")
    para(doc, "{{ budget.intro }}")
    para(doc, "Expenses by category", "Heading 2")
    money = (2, 3, 4)
    data_table(
        doc,
        "row in budget.expenses",
        [
            ("Category", "{{ row.category }}", 2.2),
            ("Funding source", "{{ row.funding_source }}", 1.6),
            ("{{ budget.prior_year }}", "{{ row.prior }}", 1.0),
            ("{{ budget.proposed_year }}", "{{ row.proposed }}", 1.0),
            ("Change", "{{ row.change }}", 0.9),
        ],
        totals=[
            "Total expenses",
            "",
            "{{ budget.expense_total.prior }}",
            "{{ budget.expense_total.proposed }}",
            "{{ budget.expense_total.change }}",
        ],
        right=money,
    )
    para(doc, "Revenue by source", "Heading 2")
    data_table(
        doc,
        "row in budget.revenues",
        [
            ("Source", "{{ row.source }}", 2.5),
            ("Type", "{{ row.type_label }}", 1.3),
            ("{{ budget.prior_year }}", "{{ row.prior }}", 1.0),
            ("{{ budget.proposed_year }}", "{{ row.proposed }}", 1.0),
            ("Change", "{{ row.change }}", 0.9),
        ],
        totals=[
            "Total revenue",
            "",
            "{{ budget.revenue_total.prior }}",
            "{{ budget.revenue_total.proposed }}",
            "{{ budget.revenue_total.change }}",
        ],
        right=money,
    )
    para(doc, "Summary", "Heading 2")
    facts_table(doc, "f in budget.summary", widths=(1.6, 2.0))
    tag(doc, "{%p for note in budget.notes %}")
    para(doc, "{{ note }}", "Note")
    tag(doc, "{%p endfor %}")
    para(doc, "Cost savings and increased efficiencies", "Heading 2")
    prose(doc, "budget.cost_savings")
    tag(doc, "{%p if budget.savings_amount %}")
    para(doc, "Estimated yearly savings: {{ budget.savings_amount }}.")
    tag(doc, "{%p endif %}")


def _staffing(doc: Doc) -> None:
    para(doc, "Staffing Plan", "Heading 1")
    para(doc, "{{ staffing.intro }}")
    data_table(
        doc,
        "row in staffing.rows",
        [
            ("Position", "{{ row.title }}", 2.6),
            ("FTE", "{{ row.fte }}", 0.6),
            ("Yearly cost", "{{ row.cost }}", 1.1),
            ("Funding source", "{{ row.funding_source }}", 1.7),
            ("License", "{{ row.licensed }}", 0.9),
        ],
        totals=["Total", "{{ staffing.total_fte }}", "{{ staffing.total_cost }}", "", ""],
        right=(1, 2),
    )
    tag(doc, "{%p for note in staffing.notes %}")
    para(doc, "{{ note }}", "Note")
    tag(doc, "{%p endfor %}")


def _schedule(doc: Doc) -> None:
    para(doc, "Schedule and Calendar", "Heading 1")
    para(doc, "Calendar", "Heading 2")
    facts_table(doc, "f in schedule.calendar", widths=(1.6, 2.0))
    para(doc, "Instructional time against the state minimum", "Heading 2")
    data_table(
        doc,
        "row in schedule.hours",
        [
            ("Program", "{{ row.program_label }}", 1.5),
            ("Days", "{{ row.days }}", 0.55),
            ("Scheduled hours", "{{ row.scheduled }}", 0.9),
            ("Deductions", "{{ row.deductions }}", 0.9),
            ("Annual hours", "{{ row.annual }}", 0.85),
            ("State minimum", "{{ row.minimum }}", 0.85),
            ("Result", "{{ row.result }}", 1.3),
        ],
        right=(1, 2, 3, 4, 5),
    )
    para(doc, "{{ schedule.hours_note }}", "Note")
    para(doc, "Bell schedules", "Heading 2")
    tag(doc, "{%p for bell in schedule.bells %}")
    para(doc, "{{ bell.name }}", "Heading 4")
    para(doc, "{{ bell.summary }}", "Table Caption")
    data_table(
        doc,
        "row in bell.rows",
        [
            ("Block", "{{ row.name }}", 2.6),
            ("Start", "{{ row.start }}", 0.8),
            ("End", "{{ row.end }}", 0.8),
            ("Minutes", "{{ row.minutes }}", 0.8),
            ("Counts as instruction", "{{ row.counts }}", 1.5),
        ],
        totals=["Instructional minutes a day", "", "", "{{ bell.minutes }}", ""],
        right=(3,),
    )
    tag(doc, "{%p endfor %}")


def _waivers(doc: Doc) -> None:
    para(doc, "Waivers Requested", "Heading 1")
    section_if(doc, "waivers.rows", lambda: _waiver_table(doc), "The plan requests no waivers.")


def _waiver_table(doc: Doc) -> None:
    para(doc, "{{ waivers.summary }}")
    data_table(
        doc,
        "w in waivers.rows",
        [
            ("Citation", "{{ w.citation }}", 1.2),
            ("Official title", "{{ w.official_title }}", 1.3),
            ("Kind", "{{ w.kind_label }}", 0.9),
            ("Levers", "{{ w.levers_label }}", 0.9),
            ("Replacement policy", "{{p w.replacement_policy }}", 2.7),
        ],
    )
    para(doc, "Rationale and how the intent of each provision is met", "Heading 2")
    tag(doc, "{%p for w in waivers.rows %}")
    para(doc, "{{ w.citation }} \u2014 {{ w.title }}", "Heading 4")
    labelled_prose(doc, "Rationale", "w.rationale")
    labelled_prose(doc, "How the intent is met", "w.how_intent_is_met")
    tag(doc, "{%p endfor %}")


def _consent(doc: Doc) -> None:
    para(doc, "Evidence of Consent", "Heading 1")
    section_if(doc, "consent.rows", lambda: _consent_table(doc), "{{ consent.empty_note }}")
    para(doc, CONSENT_NOTE, "Note")


def _consent_table(doc: Doc) -> None:
    data_table(
        doc,
        "v in consent.rows",
        [
            ("Group", "{{ v.body_label }}", 1.45),
            ("Eligible", "{{ v.eligible }}", 0.72),
            ("For", "{{ v.votes_for }}", 0.45),
            ("Against", "{{ v.votes_against }}", 0.72),
            ("Abstained", "{{ v.abstentions }}", 0.88),
            ("For, % of eligible", "{{ v.pct_eligible }}", 0.78),
            ("For, % of votes cast", "{{ v.pct_cast }}", 0.78),
            ("Date and method", "{{ v.date }}, {{ v.method_label }}", 1.22),
        ],
        right=(1, 2, 3, 4, 5, 6),
    )
    tag(doc, "{%p for v in consent.notes %}")
    para(doc, "{{ v.body_label }}: {{ v.notes }}", "Note")
    tag(doc, "{%p endfor %}")


def _support(doc: Doc) -> None:
    para(doc, "Evidence of Support", "Heading 1")
    section_if(
        doc, "support", lambda: _support_items(doc), "No statements of support are recorded."
    )


def _support_items(doc: Doc) -> None:
    tag(doc, "{%p for s in support %}")
    para(doc, "{{ s.group_label }}", "Heading 4")
    prose(doc, "s.summary")
    tag(doc, "{%p if s.evidence %}")
    para(doc, "Evidence: {{ s.evidence }}", "Note")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def _signatures(doc: Doc) -> None:
    para(doc, "Signatures", "Heading 1")
    para(doc, "{{ signature_intro }}")
    signature_table(doc)


# --------------------------------------------------------------------------- state waiver request


def build_waiver_request(doc: Doc) -> str:
    title = "Waiver Request"
    _standard_pages(
        doc,
        title,
        [
            "Innovation plan: {{ plan.action_label }}",
            "Plan term: {{ plan.term_label }}",
            "Submitted: {{ plan.submitted }}",
        ],
        [
            "Prepared for the {{ board_name }}",
            "and the Colorado State Board of Education",
        ],
    )
    para(doc, "Introduction", "Heading 1")
    para(doc, "To the Colorado State Board of Education and the Commissioner of Education:")
    para(doc, "{{ waivers.letter }}")
    para(doc, "{{ waivers.summary }}")
    para(doc, "Respectfully submitted,")
    para(doc, "{{ school.leader_name }}", "Memo Field")
    para(doc, "{{ school.leader_title }}, {{ school.name }}", "Memo Field")
    for heading, key, empty in (
        ("Part I. State Statutes and Rules", "state", "No state statute or rule is waived."),
        ("Part II. District Policies", "district", "No district policy is waived."),
        (
            "Part III. Collective Bargaining Agreement Provisions",
            "cba",
            "No provision of a collective bargaining agreement is waived.",
        ),
    ):
        para(doc, heading, "Heading 1")
        section_if(doc, f"waivers.{key}", partial(_waiver_part, doc, key), empty)
    return title


def _waiver_part(doc: Doc, key: str) -> None:
    para(doc, f"{{{{ waivers.{key}_intro }}}}")
    data_table(
        doc,
        f"w in waivers.{key}",
        [
            ("Reference", "{{ w.citation }}", 1.4),
            ("Official title", "{{ w.official_title }}", 2.2),
            ("Levers", "{{ w.levers_label }}", 1.4),
            ("Status", "{{ w.status_label }}", 1.0),
        ],
    )
    tag(doc, f"{{%p for w in waivers.{key} %}}")
    waiver_details(doc)
    tag(doc, "{%p endfor %}")


# --------------------------------------------------------------------------- review memo


def build_review_memo(doc: Doc) -> str:
    title = "Review Memo"
    section = setup_page(doc, cover=False)
    setup_header_footer(section, "{% if draft %}DRAFT \u2014 {% endif %}{{ school.name }}", title)
    para(doc, "Memorandum", "Title")
    memo_fields(doc)
    para(doc, "Summary", "Heading 1")
    para(doc, "{{ review.verdict_detail }}", "Label")
    para(doc, "{{ review.summary }}")
    para(doc, "Statutory elements", "Heading 1")
    data_table(
        doc,
        "e in review.elements",
        [
            ("Element", "{{ e.title }}", 2.2),
            ("Status", "{{ e.status_label }}", 1.0),
            ("Comments", "{{ e.comments }}", 3.3),
        ],
    )
    para(doc, "Findings", "Heading 1")
    section_if(doc, "review.findings", lambda: _findings_table(doc), "{{ review.no_findings }}")
    para(doc, "Key figures", "Heading 1")
    facts_table(doc, "f in review.metrics", widths=(2.0, 2.0))
    para(doc, "Recommendation", "Heading 1")
    para(doc, "{{ review.recommendation }}")
    return title


def _findings_table(doc: Doc) -> None:
    data_table(
        doc,
        "f in review.findings",
        [
            ("Severity", "{{ f.severity_label }}", 0.9),
            ("Finding", "{{ f.message }}", 3.9),
            ("Where", "{{ f.location }}", 1.7),
        ],
    )
