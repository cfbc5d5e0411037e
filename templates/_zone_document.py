"""The zone operating agreement template (zone-agreement.docx), built from _blocks.py.

Articles are numbered by the context (`n.<article>`), so an optional article the zone did not
write is left out and the numbers close up. Section numbers are `<article>.<k>`. The variables
are documented in docs/templates.md (zone agreement context).
"""

from __future__ import annotations

from collections.abc import Callable

from _blocks import (
    Doc,
    add_toc,
    data_table,
    page_break,
    para,
    prose,
    setup_header_footer,
    setup_page,
    signature_table,
    tag,
)
from docx.shared import Pt


def _article(doc: Doc, key: str, title: str) -> None:
    para(doc, f"Article {{{{ n.{key} }}}}. {title}", "Heading 1")


def _section(doc: Doc, key: str, label: str) -> None:
    """A numbered section; `sec(key)` counts up within the article as the document renders."""
    para(doc, f"{{{{ n.{key} }}}}.{{{{ sec('{key}') }}}}  {label}", "Label")


def _optional(doc: Doc, condition: str, body: Callable[[], object]) -> None:
    tag(doc, f"{{%p if {condition} %}}")
    body()
    tag(doc, "{%p endif %}")


def _optional_section(doc: Doc, condition: str, key: str, label: str, expr: str) -> None:
    """A numbered section with prose, shown only when the zone wrote it."""
    tag(doc, f"{{%p if {condition} %}}")
    _section(doc, key, label)
    prose(doc, expr)
    tag(doc, "{%p endif %}")


def _optional_article(doc: Doc, condition: str, key: str, title: str, expr: str) -> None:
    """A whole article of prose, shown only when the zone wrote it."""
    tag(doc, f"{{%p if {condition} %}}")
    _article(doc, key, title)
    prose(doc, expr)
    tag(doc, "{%p endif %}")


def _bullets(doc: Doc, loop: str, expr: str) -> None:
    tag(doc, f"{{%p for {loop} %}}")
    prose(doc, expr)
    tag(doc, "{%p endfor %}")


def _cover(doc: Doc) -> None:
    para(doc, "{{ zone.district }}", "Cover Kicker")
    para(doc, "{{ zone.title }}", "Title")
    para(doc, "{{ zone.name }}", "Cover School")
    para(doc, "Agreement term: {{ zone.term_label }}", "Cover Line")
    para(doc, "Member schools: {{ membership.count }}", "Cover Line")
    tag(doc, "{%p if draft %}")
    para(doc, "DRAFT \u2014 NOT FOR BOARD ACTION", "Draft Mark")
    tag(doc, "{%p endif %}")
    spacer = para(doc, "", "Cover Line")
    spacer.paragraph_format.space_before = Pt(150)
    para(doc, "Between", "Cover Line")
    tag(doc, "{%p for p in parties %}")
    para(doc, "{{ p.name }}", "Cover Line")
    tag(doc, "{%p endfor %}")
    page_break(doc)


def build_zone_agreement(doc: Doc) -> str:
    title = "Operating Agreement"
    section = setup_page(doc)
    setup_header_footer(
        section, "{% if draft %}DRAFT \u2014 {% endif %}{{ zone.name }}", "{{ zone.title }}"
    )
    _cover(doc)
    add_toc(doc)
    _parties(doc)
    _definitions(doc)
    _purpose_and_term(doc)
    _schools_and_governance(doc)
    _roles(doc)
    _autonomies(doc)
    _funding_and_services(doc)
    _people(doc)
    _accountability(doc)
    _ending(doc)
    _signatures(doc)
    _exhibits(doc)
    return title


def _parties(doc: Doc) -> None:
    _article(doc, "parties", "Parties and Recitals")
    _section(doc, "parties", "Parties.")
    para(doc, "This Agreement is made between the following Parties:")
    tag(doc, "{%p for p in parties %}")
    para(
        doc,
        "{{ p.name }} (\u201c{{ p.short }}\u201d){% if p.representative %}, represented by {{ p.representative }}{% if p.representative_title %}, {{ p.representative_title }}{% endif %}{% endif %}",
        "List Bullet",
    )
    tag(doc, "{%p endfor %}")
    _section(doc, "parties", "Recitals.")
    tag(doc, "{%p for r in recitals.typed %}")
    prose(doc, "r")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not recitals.typed %}")
    para(doc, "WHEREAS {{ recitals.law }}")
    tag(doc, "{%p endif %}")
    para(doc, "NOW, THEREFORE, the Parties agree as follows.")
    _section(doc, "parties", "Authority.")
    para(doc, "This Agreement is made under the following authority:")
    tag(doc, "{%p for a in recitals.authority %}")
    para(doc, "{{ a }}", "List Bullet")
    tag(doc, "{%p endfor %}")


def _definitions(doc: Doc) -> None:
    _article(doc, "definitions", "Definitions")
    para(doc, "In this Agreement the following words have these meanings:")
    tag(doc, "{%p for d in definitions %}")
    para(doc, "\u201c{{ d.term }}\u201d means {{ d.meaning }}", "List Bullet")
    tag(doc, "{%p endfor %}")


def _purpose_and_term(doc: Doc) -> None:
    _article(doc, "purpose", "Purpose and Shared Goals")
    prose(doc, "purpose")
    _article(doc, "term", "Term, Renewal Review and Amendment")
    _section(doc, "term", "Term.")
    para(
        doc,
        "This Agreement takes effect on {{ term.start }} and ends on {{ term.end }}, unless it is terminated earlier under Article {{ n.termination }}.",
    )
    _section(doc, "term", "Renewal review.")
    para(
        doc,
        "The District reviews the Zone and each Member School every {{ term.cadence }} years, at the same time, and decides whether to renew this Agreement and each Member School's innovation status.",
    )
    _optional_section(doc, "term.amendment", "term", "Amendment.", "term.amendment")


def _schools_and_governance(doc: Doc) -> None:
    _article(doc, "schools", "Member Schools")
    _section(doc, "schools", "Members.")
    para(
        doc,
        "The Zone has {{ membership.count }} Member Schools, listed in Exhibit A: {{ membership.names }}. Each Member School holds innovation status under its Innovation Plan.",
    )
    _optional_section(doc, "membership.entry", "schools", "Entry.", "membership.entry")
    _optional_section(doc, "membership.exit", "schools", "Exit and removal.", "membership.exit")
    _article(doc, "governance", "Governance")
    _section(doc, "governance", "Governing body.")
    para(doc, "{{ governance.statement }}")
    _section(doc, "governance", "Composition.")
    para(doc, "The {{ governance.board_name }} has {{ governance.size }} seats, filled as follows:")
    data_table(
        doc,
        "s in governance.seats",
        [
            ("Appointed by", "{{ s.appointed_by }}", 2.4),
            ("Seats", "{{ s.count }}", 0.8),
            ("Vote", "{{ s.voting }}", 1.0),
            ("Who may serve", "{{ s.description }}", 2.5),
        ],
        right=(1,),
    )
    _section(doc, "governance", "Quorum.")
    para(
        doc,
        "A quorum is {{ governance.quorum }} members.{% if governance.term_years %} Members serve terms of {{ governance.term_years }} years.{% endif %}",
    )
    _optional_section(doc, "governance.meetings", "governance", "Meetings.", "governance.meetings")
    _optional_section(
        doc, "governance.conflicts", "governance", "Conflicts of interest.", "governance.conflicts"
    )


def _roles(doc: Doc) -> None:
    def body() -> None:
        _article(doc, "roles", "Roles and Responsibilities")
        tag(doc, "{%p for role in roles %}")
        para(doc, "{{ n.roles }}.{{ sec('roles') }}  {{ role.label }}.", "Label")
        tag(doc, "{%p for d in role.duties %}")
        para(doc, "{{ d }}", "List Bullet")
        tag(doc, "{%p endfor %}")
        tag(doc, "{%p endfor %}")

    _optional(doc, "roles", body)


def _autonomies(doc: Doc) -> None:
    _article(doc, "autonomies", "Autonomies and Waivers")
    para(
        doc,
        "Member Schools hold the following autonomies over the five levers. Each school's own Innovation Plan says how it uses them.",
    )
    tag(doc, "{%p for a in autonomies %}")
    para(doc, "{{ n.autonomies }}.{{ sec('autonomies') }}  {{ a.title }}.", "Label")
    prose(doc, "a.text")
    tag(doc, "{%p endfor %}")
    _section(doc, "autonomies", "Waiver schedule.")
    para(
        doc,
        "The waivers each Member School relies on, with their replacement policies, are those in its approved Innovation Plan and are listed by school in Exhibit B. A waiver is in effect only as approved by the District's Board of Education and, for state statutes and rules, by the State Board of Education.",
    )


def _funding_and_services(doc: Doc) -> None:
    _article(doc, "funding", "Funding")
    _section(doc, "funding", "Allocation method.")
    prose(doc, "funding.method")
    tag(doc, "{%p if funding.pass_through or funding.zone_fee %}")
    para(
        doc,
        "{% if funding.pass_through %}The District passes {{ funding.pass_through }} of per-pupil revenue through to the Member Schools. {% endif %}{% if funding.zone_fee %}The Zone retains {{ funding.zone_fee }} for its operations.{% endif %}",
    )
    tag(doc, "{%p endif %}")
    _section(doc, "funding", "Retained central services.")
    para(doc, "The District keeps providing, and keeps the funding for, these services:")
    tag(doc, "{%p for s in funding.retained %}")
    para(doc, "{{ s }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    _optional_section(doc, "funding.timing", "funding", "Timing of transfers.", "funding.timing")
    _optional_section(
        doc, "funding.reporting", "funding", "Reporting and audit.", "funding.reporting"
    )
    _article(doc, "services", "District Services")
    _section(doc, "services", "Non-optional services.")
    para(
        doc, "Member Schools receive these services from the District and may not opt out of them:"
    )
    tag(doc, "{%p for s in services.required %}")
    para(doc, "{{ s.name }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    _section(doc, "services", "Optional services.")
    para(
        doc,
        "A Member School may buy these services from the District at the prices in Exhibit C, or opt out and receive the associated funds. A school that opts out does not receive the service.",
    )
    tag(doc, "{%p for s in services.optional %}")
    para(doc, "{{ s.name }}: {{ s.price }}{% if s.unit %} {{ s.unit }}{% endif %}", "List Bullet")
    tag(doc, "{%p endfor %}")


def _people(doc: Doc) -> None:
    _article(doc, "hr", "Human Resources")
    _section(doc, "hr", "Employer of record.")
    para(doc, "The employer of record for staff of the Member Schools is {{ hr.employer }}.")
    _section(doc, "hr", "School leaders.")
    prose(doc, "hr.leader_hiring")
    _optional_section(doc, "hr.bargaining", "hr", "Collective bargaining.", "hr.bargaining")
    _optional_section(doc, "hr.evaluation", "hr", "Evaluation.", "hr.evaluation")
    _article(doc, "students", "Students")
    _section(doc, "students", "Enrollment.")
    prose(doc, "students.enrollment")
    _section(doc, "students", "Special education.")
    prose(doc, "students.special_education")
    _section(doc, "students", "English learners.")
    prose(doc, "students.english_learners")
    _optional_section(doc, "students.discipline", "students", "Discipline.", "students.discipline")
    _optional_article(doc, "facilities", "facilities", "Facilities and Operations", "facilities")


def _accountability(doc: Doc) -> None:
    _article(doc, "accountability", "Accountability")
    _section(doc, "accountability", "Performance framework.")
    prose(doc, "accountability.framework")
    _section(doc, "accountability", "Goals.")
    para(
        doc,
        "Each Member School is accountable for the academic goals in its Innovation Plan, listed by school in Exhibit D, and is reviewed every {{ accountability.cadence }} years.",
    )
    _optional_section(
        doc, "accountability.reporting", "accountability", "Reporting.", "accountability.reporting"
    )
    _section(doc, "accountability", "Interventions.")
    para(doc, "When a Member School or the Zone falls short of its goals:")
    _bullets(doc, "i in accountability.interventions", "i")
    _article(doc, "compliance", "Compliance with Law")
    para(
        doc,
        "Each Member School remains subject to every statute, rule, District policy and collective bargaining provision that is not expressly waived under its Innovation Plan, and to federal law, including the Individuals with Disabilities Education Act. Nothing in this Agreement waives a requirement that cannot be waived, such as the state assessments or school accountability.",
    )


def _ending(doc: Doc) -> None:
    _article(doc, "disputes", "Dispute Resolution")
    para(
        doc,
        "The Parties will resolve disagreements about this Agreement through the following steps, in order:",
    )
    tag(doc, "{%p for step in disputes %}")
    para(doc, "Step {{ loop.index }}", "Label")
    prose(doc, "step")
    tag(doc, "{%p endfor %}")
    _article(doc, "termination", "Termination and Transition")
    _section(doc, "termination", "Grounds.")
    para(doc, "This Agreement may be terminated before the end of its term on these grounds:")
    _bullets(doc, "g in termination.grounds", "g")
    tag(doc, "{%p if termination.notice_days %}")
    _section(doc, "termination", "Notice.")
    para(
        doc,
        "A Party that intends to terminate gives the other Parties at least {{ termination.notice_days }} days' written notice.",
    )
    tag(doc, "{%p endif %}")
    _section(doc, "termination", "Transition.")
    prose(doc, "termination.transition")
    _optional_article(
        doc, "insurance", "insurance", "Insurance, Indemnification and Liability", "insurance"
    )
    _article(doc, "notices", "Notices and General Provisions")
    tag(doc, "{%p if notices %}")
    prose(doc, "notices")
    tag(doc, "{%p endif %}")
    para(
        doc,
        "Notices go to each Party at the address below, or at another address a Party gives in writing:",
    )
    tag(doc, "{%p for p in parties %}")
    para(doc, "{{ p.name }}{% if p.address %}, {{ p.address }}{% endif %}", "List Bullet")
    tag(doc, "{%p endfor %}")
    para(
        doc,
        "The exhibits are part of this Agreement. This Agreement may be signed in counterparts.",
    )


def _signatures(doc: Doc) -> None:
    page_break(doc)
    para(doc, "Signatures", "Heading 1")
    para(doc, "The Parties have signed this Agreement on the dates below.")
    signature_table(doc)


def _exhibits(doc: Doc) -> None:
    page_break(doc)
    para(doc, "Exhibit A. Member Schools", "Heading 1")
    data_table(
        doc,
        "s in exhibits.schools",
        [
            ("School", "{{ s.name }}", 2.3),
            ("Grades", "{{ s.grades }}", 0.8),
            ("Enrollment", "{{ s.enrollment }}", 1.0),
            ("School leader", "{{ s.leader }}", 1.6),
            ("Plan", "{{ s.action }}", 0.9),
        ],
        right=(2,),
    )
    page_break(doc)
    para(doc, "Exhibit B. Waiver Schedule by School", "Heading 1")
    tag(doc, "{%p for w in exhibits.waivers %}")
    para(
        doc,
        "{{ w.school }} ({{ w.count }} waivers in effect{% if w.dropped %}; "
        "{{ w.dropped }} dropped at renewal{% endif %})",
        "Heading 2",
    )
    data_table(
        doc,
        "row in w.rows",
        [
            ("Reference", "{{ row.citation }}", 1.5),
            ("Title", "{{ row.title }}", 2.3),
            ("Kind", "{{ row.kind }}", 1.2),
            ("Levers", "{{ row.levers }}", 1.0),
            ("Status", "{{ row.status }}", 1.0),
        ],
    )
    tag(doc, "{%p endfor %}")
    page_break(doc)
    para(doc, "Exhibit C. District Service Menu and Prices", "Heading 1")
    data_table(
        doc,
        "s in services.rows",
        [
            ("Service", "{{ s.name }}", 1.8),
            ("Mode", "{{ s.mode }}", 1.1),
            ("Price", "{{ s.price }}{% if s.unit %} {{ s.unit }}{% endif %}", 1.4),
            ("What it includes", "{{ s.description }}", 2.7),
        ],
    )
    page_break(doc)
    para(doc, "Exhibit D. Performance Goals by School", "Heading 1")
    tag(doc, "{%p for g in exhibits.goals %}")
    para(doc, "{{ g.school }}", "Heading 2")
    data_table(
        doc,
        "row in g.rows",
        [
            ("Measure", "{{ row.metric }}", 2.2),
            ("Students", "{{ row.group }}", 1.2),
            ("Baseline", "{{ row.baseline }}", 1.1),
            ("Targets", "{{ row.targets }}", 2.0),
        ],
    )
    tag(doc, "{%p endfor %}")
