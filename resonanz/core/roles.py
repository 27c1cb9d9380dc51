"""Roles and what each may do: the one capability table of resonanz.

A membership holds one or more roles; its capabilities are the union of theirs. Views and API handlers
ask ``member.can(Capability.X)``; the role matrix test checks this table against real requests.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    QUALITY_OFFICER = "quality_officer", _("Quality officer")
    COMMUNICATIONS_MANAGER = "communications_manager", _("Communications manager")
    BUDDY = "buddy", _("Social media buddy")
    AMBASSADOR = "ambassador", _("Ambassador")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")
    AUDITOR = "auditor", _("Auditor")
    WORKS_COUNCIL = "works_council", _("Works council")


class Capability(models.TextChoices):
    VIEW_HOME = "home.view", _("See the start page")
    VIEW_MEMBERS = "members.view", _("See the members of the organization")
    MANAGE_MEMBERS = "members.manage", _("Add members and change their roles")
    MANAGE_ORGANIZATION = "organization.manage", _("Change the organization's settings")
    VIEW_AUDIT = "audit.view", _("Read the audit trail")
    EXPORT_AUDIT = "audit.export", _("Export the audit trail")
    USE_API = "api.use", _("Use the API with a personal token")
    # The communication plan (clause 7.4).
    VIEW_PLAN = "plan.view", _("Read the published communication plan")
    VIEW_PLAN_VERSIONS = "plan.versions", _("Read every version of the communication plan")
    EDIT_PLAN = "plan.edit", _("Edit drafts of the communication plan")
    APPROVE_PLAN = "plan.approve", _("Review, approve and publish the communication plan")
    # A named reviewer's check before approval (document control's review step): someone who knows
    # the plan's content, not necessarily someone who may approve it.
    REVIEW_PLAN = "plan.review", _("Review versions of the communication plan before approval")
    RECORD_EVIDENCE = "plan.evidence", _("Record evidence of executed communication")
    # Evidence names who recorded it and carries free notes and files about people's work: the roles
    # that check or record execution read it, the others see only what was planned and whether it ran.
    VIEW_EVIDENCE = "plan.evidence.view", _("Read evidence: its notes, who recorded it, attached files")
    # Also the reach dashboards (clicks by campaign, topic, network, unit): aggregates with a minimum
    # group size; who may see people in them is decided once more in ``reach.privacy`` (names, switch,
    # consent). One's own reach needs TAKE_PART only.
    VIEW_AGGREGATES = "reports.aggregates", _("See aggregated figures")
    # Who is named in the plan (senders, approvers, the responsible, authors of versions). The works
    # council sees roles and counts only, never individual people.
    VIEW_NAMES = "plan.names", _("See the people named in the plan, not only their roles")
    # People, competence (clause 7.2/7.3) and the Social Media Buddy programme.
    TAKE_PART = (
        "people.take_part",
        _("Keep one's own profile, opt in to coaching, register for events, acknowledge policies"),
    )
    VIEW_PEOPLE = "people.view", _("See colleagues' profiles in the people directory")
    MANAGE_PEOPLE = "people.manage", _("Import people, edit their profiles and handle leavers")
    VIEW_COMPETENCE = "people.competence.view", _("See the training matrix, trainings and certificates")
    MANAGE_COMPETENCE = (
        "people.competence.manage",
        _("Keep the competence catalogue, trainings, certificates and competence requirements"),
    )
    MANAGE_PROGRAM = "people.program.manage", _("Run the buddy programme: buddies, matching, events")
    COACH = "people.coach", _("Coach colleagues as a social media buddy")
    # What is stored about whom: the data-protection officer's view.
    VIEW_PERSONAL_DATA = "people.personal_data", _("See what personal data is stored about whom")
    # Content and publishing (clauses 8.1, 8.5.6, 8.6, 8.7).
    VIEW_CONTENT = "content.view", _("Read posts, their checks and approvals, and the editorial calendar")
    WRITE_POSTS = "content.write", _("Write posts and submit them for approval")
    APPROVE_POSTS = "content.approve", _("Approve posts, request changes or reject them")
    MANAGE_GUIDELINES = "content.guidelines", _("Keep guideline rules, approval rules and campaigns")
    SCHEDULE_POSTS = (
        "publishing.schedule",
        _("Schedule approved posts and resolve deliveries that need attention"),
    )
    MANAGE_ACCOUNTS = "publishing.accounts", _("Connect and disconnect the organization's network accounts")
    CORRECT_POSTS = "publishing.correct", _("Correct or delete published posts, with a correction record")
    # Employee advocacy (clause 9.1): the share library.
    MANAGE_LIBRARY = (
        "advocacy.library",
        _("Offer approved posts for sharing and withdraw them from the library"),
    )
    SHARE_CONTENT = "advocacy.share", _("See the share library and share its posts on one's own accounts")
    # quality: incidents, nonconformities and corrective actions (clauses 8.7, 10.2). Incidents name
    # people (owners of actions, senders without a competence): the works council sees none of them.
    VIEW_INCIDENTS = "quality.incidents.view", _("Read incidents, their analyses and corrective actions")
    OPEN_INCIDENTS = "quality.incidents.open", _("Open incidents and record their containment")
    MANAGE_INCIDENTS = (
        "quality.incidents.manage",
        _("Handle incidents: grade, analyse causes, assign corrective actions, check their effectiveness"),
    )
    # standards: the clause library (ISO 9001, a GDPR checklist) with live evidence and readiness.
    VIEW_STANDARDS = "standards.view", _("Read the clause library with each clause's evidence and readiness")
    MANAGE_STANDARDS = "standards.manage", _("Adopt standards and write readiness notes on their clauses")
    # Monitoring (issue 17): the shitstorm early warning. Figures per hour are aggregates (the works
    # council sees them); mentions carry authors and texts; alarms are read by the auditor too.
    VIEW_MONITORING_FIGURES = "monitoring.figures", _("See mentions per hour and their negative share")
    VIEW_MONITORING_ALARMS = "monitoring.alarms", _("See the alarms of the shitstorm early warning")
    VIEW_MENTIONS = "monitoring.mentions", _("Read mentions of the organization: authors and texts")
    MANAGE_MONITORING = (
        "monitoring.manage",
        _("Import mentions, name the on-call communications manager and keep the crisis playbook"),
    )
    # objectives: quality objectives (clause 6.2). Objectives are figures of the organization, so the
    # works council reads them too, without the people behind them (owners and recorders need VIEW_NAMES).
    VIEW_OBJECTIVES = "objectives.view", _("Read the quality objectives, their figures and trends")
    MANAGE_OBJECTIVES = "objectives.manage", _("Set, change, measure and close quality objectives")
    # risks: the register of risks and opportunities (clause 6.1). Its counts per likelihood and impact
    # are an aggregate (VIEW_AGGREGATES); the register itself names owners and describes risks.
    VIEW_RISKS = "risks.view", _("Read the register of risks and opportunities")
    MANAGE_RISKS = "risks.manage", _("Register, rate, treat, review and close risks and opportunities")
    # audits: internal audits (clause 9.2). Audits name auditors and audited persons and describe their
    # work: read by who runs or checks the management system, kept by the quality officer and the admin.
    VIEW_AUDITS = "audits.view", _("Read the audit programme, internal audits, their checklists and reports")
    MANAGE_AUDITS = "audits.manage", _("Plan, carry out and complete internal audits")
    # reviews: the management review (clause 9.3). Its input pack shows incidents, risks and owners of
    # actions by name, so it is read by those who read those registers, not the works council.
    VIEW_REVIEWS = "reviews.view", _("Read management reviews: input packs, minutes and outputs")
    MANAGE_REVIEWS = (
        "reviews.manage",
        _("Prepare, hold and close management reviews and record their outputs"),
    )


C = Capability
_EVERYONE = frozenset({C.VIEW_HOME, C.VIEW_PLAN, C.USE_API})
# Everyone but the works council also sees who is named in the plan, and every employee role takes
# part in the people programme (own profile, coaching, events, acknowledgements).
_NAMED = _EVERYONE | {C.VIEW_NAMES}
_STAFF = _NAMED | {C.TAKE_PART}

CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.ADMIN: _STAFF
    | {C.VIEW_MEMBERS, C.MANAGE_MEMBERS, C.MANAGE_ORGANIZATION, C.VIEW_AUDIT, C.EXPORT_AUDIT}
    | {C.VIEW_PLAN_VERSIONS, C.VIEW_AGGREGATES, C.VIEW_PEOPLE, C.MANAGE_PEOPLE, C.MANAGE_ACCOUNTS}
    | {C.MANAGE_LIBRARY, C.SHARE_CONTENT},
    Role.QUALITY_OFFICER: _STAFF
    | {C.VIEW_MEMBERS, C.VIEW_AUDIT, C.EXPORT_AUDIT, C.VIEW_PLAN_VERSIONS, C.EDIT_PLAN, C.APPROVE_PLAN}
    | {C.REVIEW_PLAN, C.RECORD_EVIDENCE, C.VIEW_EVIDENCE, C.VIEW_AGGREGATES}
    | {C.VIEW_PEOPLE, C.VIEW_COMPETENCE, C.MANAGE_COMPETENCE}
    | {C.VIEW_CONTENT, C.APPROVE_POSTS, C.MANAGE_GUIDELINES, C.CORRECT_POSTS, C.SHARE_CONTENT},
    Role.COMMUNICATIONS_MANAGER: _STAFF
    | {C.VIEW_MEMBERS, C.VIEW_PLAN_VERSIONS, C.EDIT_PLAN, C.REVIEW_PLAN, C.RECORD_EVIDENCE, C.VIEW_EVIDENCE}
    | {C.VIEW_AGGREGATES, C.VIEW_PEOPLE, C.VIEW_COMPETENCE, C.MANAGE_PROGRAM}
    | {C.VIEW_CONTENT, C.WRITE_POSTS, C.APPROVE_POSTS, C.MANAGE_GUIDELINES, C.SCHEDULE_POSTS}
    | {C.MANAGE_ACCOUNTS, C.CORRECT_POSTS, C.MANAGE_LIBRARY, C.SHARE_CONTENT},
    Role.BUDDY: _STAFF
    | {C.VIEW_MEMBERS, C.RECORD_EVIDENCE, C.VIEW_EVIDENCE, C.VIEW_PEOPLE, C.COACH}
    | {C.VIEW_CONTENT, C.WRITE_POSTS, C.SHARE_CONTENT},
    Role.AMBASSADOR: _STAFF | {C.WRITE_POSTS, C.SHARE_CONTENT},
    Role.DATA_PROTECTION_OFFICER: _STAFF
    | {C.VIEW_MEMBERS, C.VIEW_AUDIT, C.EXPORT_AUDIT, C.VIEW_AGGREGATES, C.VIEW_PERSONAL_DATA},
    Role.AUDITOR: _NAMED
    | {C.VIEW_MEMBERS, C.VIEW_AUDIT, C.EXPORT_AUDIT, C.VIEW_PLAN_VERSIONS, C.VIEW_EVIDENCE}
    | {C.VIEW_AGGREGATES, C.VIEW_PEOPLE, C.VIEW_COMPETENCE, C.VIEW_CONTENT},
    # Aggregates only: the published plan by roles and how much of it ran; never individual people
    # (no names in the plan, no evidence about their work).
    Role.WORKS_COUNCIL: _EVERYONE | {C.VIEW_AGGREGATES},
}
# quality (incidents and corrective actions): the quality officer and the administrator handle them,
# the communications manager opens them and records their containment (a complaint comes in on a
# channel the team runs), the auditor reads them; the works council sees none (they name people).
CAPABILITIES[Role.ADMIN] |= {C.VIEW_INCIDENTS, C.OPEN_INCIDENTS, C.MANAGE_INCIDENTS}
CAPABILITIES[Role.QUALITY_OFFICER] |= {C.VIEW_INCIDENTS, C.OPEN_INCIDENTS, C.MANAGE_INCIDENTS}
CAPABILITIES[Role.COMMUNICATIONS_MANAGER] |= {C.VIEW_INCIDENTS, C.OPEN_INCIDENTS}
CAPABILITIES[Role.AUDITOR] |= {C.VIEW_INCIDENTS}
# standards: the clause pages list evidence that names people's work (approvals, trainings), so those
# who check or run the management system read them, not the works council; the quality officer and
# the data-protection officer (the GDPR checklist is theirs) adopt standards and write the notes.
for _role in (Role.ADMIN, Role.QUALITY_OFFICER, Role.COMMUNICATIONS_MANAGER, Role.DATA_PROTECTION_OFFICER):
    CAPABILITIES[_role] |= {C.VIEW_STANDARDS}
CAPABILITIES[Role.AUDITOR] |= {C.VIEW_STANDARDS}
for _role in (Role.QUALITY_OFFICER, Role.DATA_PROTECTION_OFFICER):
    CAPABILITIES[_role] |= {C.MANAGE_STANDARDS}

# Monitoring (issue 17): the communications manager and the quality officer run it, the auditor reads
# alarms and figures, the works council figures only (no authors, no texts).
_MONITORING = {C.VIEW_MONITORING_FIGURES, C.VIEW_MONITORING_ALARMS, C.VIEW_MENTIONS, C.MANAGE_MONITORING}
CAPABILITIES[Role.QUALITY_OFFICER] |= _MONITORING
CAPABILITIES[Role.COMMUNICATIONS_MANAGER] |= _MONITORING
CAPABILITIES[Role.AUDITOR] |= {C.VIEW_MONITORING_FIGURES, C.VIEW_MONITORING_ALARMS}
CAPABILITIES[Role.WORKS_COUNCIL] |= {C.VIEW_MONITORING_FIGURES}

# objectives: the quality officer and the administrator keep the objectives; the communications manager
# and the auditor read them; the works council reads them as the organization's figures (no names).
_OBJECTIVES: dict[Role, frozenset[Capability]] = {
    Role.ADMIN: frozenset({C.VIEW_OBJECTIVES, C.MANAGE_OBJECTIVES}),
    Role.QUALITY_OFFICER: frozenset({C.VIEW_OBJECTIVES, C.MANAGE_OBJECTIVES}),
    Role.COMMUNICATIONS_MANAGER: frozenset({C.VIEW_OBJECTIVES}),
    Role.AUDITOR: frozenset({C.VIEW_OBJECTIVES}),
    Role.WORKS_COUNCIL: frozenset({C.VIEW_OBJECTIVES}),
}
for _role, _granted in _OBJECTIVES.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _granted

# risks: the quality officer and the administrator keep the register; the communications manager and
# the auditor read it; the works council sees the matrix's counts only (through VIEW_AGGREGATES).
_RISKS: dict[Role, frozenset[Capability]] = {
    Role.ADMIN: frozenset({C.VIEW_RISKS, C.MANAGE_RISKS}),
    Role.QUALITY_OFFICER: frozenset({C.VIEW_RISKS, C.MANAGE_RISKS}),
    Role.COMMUNICATIONS_MANAGER: frozenset({C.VIEW_RISKS}),
    Role.AUDITOR: frozenset({C.VIEW_RISKS}),
}
for _role, _granted in _RISKS.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _granted

# audits (9.2): the quality officer and the administrator plan and carry out internal audits (the
# persons named as auditors need no further right: who records results holds MANAGE_AUDITS); the
# communications manager (whose process is audited, 9.2.2 c) and the auditor read them; the works
# council does not (audits name people and describe their work).
_AUDITS: dict[Role, frozenset[Capability]] = {
    Role.ADMIN: frozenset({C.VIEW_AUDITS, C.MANAGE_AUDITS}),
    Role.QUALITY_OFFICER: frozenset({C.VIEW_AUDITS, C.MANAGE_AUDITS}),
    Role.COMMUNICATIONS_MANAGER: frozenset({C.VIEW_AUDITS}),
    Role.AUDITOR: frozenset({C.VIEW_AUDITS}),
}
for _role, _granted in _AUDITS.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _granted

# reviews (9.3): top management (the administrator) and the quality officer prepare and hold the
# management review; the communications manager (a process owner who presents inputs) and the auditor
# read it; the works council does not (the pack names people).
_REVIEWS: dict[Role, frozenset[Capability]] = {
    Role.ADMIN: frozenset({C.VIEW_REVIEWS, C.MANAGE_REVIEWS}),
    Role.QUALITY_OFFICER: frozenset({C.VIEW_REVIEWS, C.MANAGE_REVIEWS}),
    Role.COMMUNICATIONS_MANAGER: frozenset({C.VIEW_REVIEWS}),
    Role.AUDITOR: frozenset({C.VIEW_REVIEWS}),
}
for _role, _granted in _REVIEWS.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _granted

# Capabilities that change something. An API token with read scope never changes anything with them
# (it may read what they show, ``api_auth.member_of``), and the auditor and works-council roles never
# hold them (checked by a test).
WRITE_CAPABILITIES = frozenset(
    {C.MANAGE_MEMBERS, C.MANAGE_ORGANIZATION, C.EDIT_PLAN, C.APPROVE_PLAN, C.REVIEW_PLAN, C.RECORD_EVIDENCE}
    | {C.TAKE_PART, C.MANAGE_PEOPLE, C.MANAGE_COMPETENCE, C.MANAGE_PROGRAM, C.COACH}
    | {C.WRITE_POSTS, C.APPROVE_POSTS, C.MANAGE_GUIDELINES, C.SCHEDULE_POSTS, C.MANAGE_ACCOUNTS}
    | {C.CORRECT_POSTS, C.MANAGE_LIBRARY, C.SHARE_CONTENT}
    # quality
    | {C.OPEN_INCIDENTS, C.MANAGE_INCIDENTS}
    # standards
    | {C.MANAGE_STANDARDS}
    | {C.MANAGE_MONITORING}  # monitoring (issue 17)
    | {C.MANAGE_OBJECTIVES}  # objectives
    | {C.MANAGE_RISKS}  # risks
    | {C.MANAGE_AUDITS}  # audits
    | {C.MANAGE_REVIEWS}  # reviews
)


def capabilities_for(roles: frozenset[str] | set[str] | list[str]) -> frozenset[Capability]:
    granted: set[Capability] = set()
    for role in roles:
        granted |= CAPABILITIES[Role(role)]  # every role has an entry (checked by a test)
    return frozenset(granted)
