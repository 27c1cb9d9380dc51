"""What each role may do, and what every page and API operation requires: the role matrix's independent half.

``core.roles.CAPABILITIES`` grants capabilities to roles; ``ROLES`` below states the same once more, role
by role, including what each role must NOT do, so that granting or dropping a capability in one place
only fails the role matrix. The views declare their capability themselves (``org_view(Capability.X)``,
``member_of(request, Capability.X)``); the role matrix checks that they answer as they declare. ``PAGES``
and ``API`` pin the declarations, so that weakening one (an edit page that asks only for ``VIEW_PLAN``)
fails the matrix too. A new page or operation needs a line here: decide there, in review, who may use it.
"""

from __future__ import annotations

from resonanz.core.roles import Capability as C
from resonanz.core.roles import Role

# The columns of the grid below, in this order.
_COLUMNS = (
    Role.ADMIN,
    Role.QUALITY_OFFICER,
    Role.COMMUNICATIONS_MANAGER,
    Role.BUDDY,
    Role.AMBASSADOR,
    Role.DATA_PROTECTION_OFFICER,
    Role.AUDITOR,
    Role.WORKS_COUNCIL,
)

# "x": the role may; "-": it must not. What each role is for, and so what it must not do:
# - admin: members, roles and settings; reads the trail and every version, but does not write or approve
#   the plan (that is the quality officer's and the communications team's: separation of duties), nor
#   read evidence about people's work (notes, recorders, files).
# - quality officer: owns the plan (edits, reviews, approves, publishes), reads the audit trail; manages
#   nobody.
# - communications manager: drafts the plan and records what was done; approves nothing, reads no
#   audit trail. Reviews a colleague's version when named as reviewer (REVIEW_PLAN: the content check
#   before approval needs someone who knows the communication, and the approver stays the quality
#   officer); four eyes hold because nobody reviews a version they worked on.
# - buddy: coaches people and records what they did; sees only the published plan.
# - ambassador: reads the published plan and whether it ran; no evidence, nothing else.
# - data-protection officer: reads the audit trail and aggregates to check processing; changes nothing
#   (no members, no settings, no evidence) and reads no drafts.
# - auditor: reads every version and record; changes nothing.
# People (7.2/7.3) and the buddy programme:
# - every employee role takes part (own profile, coaching opt-in, events, acknowledgements); the auditor
#   (an outsider who changes nothing) and the works council (a body, not a participant here) do not.
# - the people directory: those who work with people (admin, quality, communications, buddies) and
#   the auditor; not ambassadors (colleagues' profiles are not theirs to browse), not the works council.
# - the administrator imports people and handles leavers (HR data); the quality officer owns the
#   competence evidence (catalogue, trainings, certificates, requirements); the communications manager
#   runs the buddy programme (buddies, matching, events); buddies coach.
# - the data-protection officer sees what is stored about whom, and changes nothing there.
# - works council: aggregates only; no single person (no member list, no audit trail, no evidence with
#   its notes, recorders and files, no names in the plan: roles and counts), no drafts, and changes nothing.
# fmt: off
GRID: dict[C, str] = {
    #                       admin  qo   cm   buddy amb  dpo  auditor wc
    C.VIEW_HOME:            "x     x    x    x     x    x    x       x",
    C.VIEW_MEMBERS:         "x     x    x    x     -    x    x       -",
    C.MANAGE_MEMBERS:       "x     -    -    -     -    -    -       -",
    C.MANAGE_ORGANIZATION:  "x     -    -    -     -    -    -       -",
    C.VIEW_AUDIT:           "x     x    -    -     -    x    x       -",
    C.EXPORT_AUDIT:         "x     x    -    -     -    x    x       -",
    C.USE_API:              "x     x    x    x     x    x    x       x",
    C.VIEW_PLAN:            "x     x    x    x     x    x    x       x",
    C.VIEW_PLAN_VERSIONS:   "x     x    x    -     -    -    x       -",
    C.EDIT_PLAN:            "-     x    x    -     -    -    -       -",
    C.APPROVE_PLAN:         "-     x    -    -     -    -    -       -",
    C.REVIEW_PLAN:          "-     x    x    -     -    -    -       -",
    C.RECORD_EVIDENCE:      "-     x    x    x     -    -    -       -",
    C.VIEW_EVIDENCE:        "-     x    x    x     -    -    x       -",
    C.VIEW_AGGREGATES:      "x     x    x    -     -    x    x       x",
    C.VIEW_NAMES:           "x     x    x    x     x    x    x       -",
    C.TAKE_PART:            "x     x    x    x     x    x    -       -",
    C.VIEW_PEOPLE:          "x     x    x    x     -    -    x       -",
    C.MANAGE_PEOPLE:        "x     -    -    -     -    -    -       -",
    C.VIEW_COMPETENCE:      "-     x    x    -     -    -    x       -",
    C.MANAGE_COMPETENCE:    "-     x    -    -     -    -    -       -",
    C.MANAGE_PROGRAM:       "-     -    x    -     -    -    -       -",
    C.COACH:                "-     -    -    x     -    -    -       -",
    C.VIEW_PERSONAL_DATA:   "-     -    -    -     -    x    -       -",
}
# fmt: on

ROLES: dict[Role, frozenset[C]] = {
    role: frozenset(capability for capability, marks in GRID.items() if marks.split()[column] == "x")
    for column, role in enumerate(_COLUMNS)
}

# Capabilities that change something: a token with read scope never carries them.
WRITES = frozenset(
    {C.MANAGE_MEMBERS, C.MANAGE_ORGANIZATION, C.EDIT_PLAN, C.APPROVE_PLAN, C.REVIEW_PLAN, C.RECORD_EVIDENCE}
    | {C.TAKE_PART, C.MANAGE_PEOPLE, C.MANAGE_COMPETENCE, C.MANAGE_PROGRAM, C.COACH}
)

PAGES: dict[str, C] = {
    "o/<slug:org>/": C.VIEW_HOME,
    "o/<slug:org>/audit/": C.VIEW_AUDIT,
    "o/<slug:org>/audit/<int:audit_record_id>/": C.VIEW_AUDIT,
    "o/<slug:org>/audit/export.csv": C.EXPORT_AUDIT,
    "o/<slug:org>/audit/export.json": C.EXPORT_AUDIT,
    "o/<slug:org>/members/": C.VIEW_MEMBERS,
    "o/<slug:org>/members/<int:membership_id>/": C.VIEW_MEMBERS,
    "o/<slug:org>/members/invitations/<int:invitation_id>/revoke/": C.MANAGE_MEMBERS,
    "o/<slug:org>/plan/": C.VIEW_PLAN,
    "o/<slug:org>/plan/<int:communication_plan_id>/": C.VIEW_PLAN,
    "o/<slug:org>/plan/<int:communication_plan_id>/calendar/": C.VIEW_PLAN,
    "o/<slug:org>/plan/<int:communication_plan_id>/diff/": C.VIEW_PLAN_VERSIONS,
    "o/<slug:org>/plan/<int:communication_plan_id>/execution/": C.VIEW_PLAN,
    "o/<slug:org>/plan/<int:communication_plan_id>/import/": C.EDIT_PLAN,
    "o/<slug:org>/plan/<int:communication_plan_id>/import/template.xlsx": C.EDIT_PLAN,
    "o/<slug:org>/plan/<int:communication_plan_id>/new-draft/": C.EDIT_PLAN,
    "o/<slug:org>/plan/<int:communication_plan_id>/people/": C.VIEW_PLAN,
    "o/<slug:org>/plan/<int:communication_plan_id>/review/": C.EDIT_PLAN,
    "o/<slug:org>/plan/<int:communication_plan_id>/settings/": C.EDIT_PLAN,
    "o/<slug:org>/plan/<int:communication_plan_id>/versions/": C.VIEW_PLAN_VERSIONS,
    "o/<slug:org>/plan/audiences/": C.VIEW_PLAN,
    "o/<slug:org>/plan/audiences/<int:audience_id>/": C.EDIT_PLAN,
    "o/<slug:org>/plan/audiences/<int:audience_id>/active/": C.EDIT_PLAN,
    "o/<slug:org>/plan/senders/": C.EDIT_PLAN,
    "o/<slug:org>/plan/channels/": C.VIEW_PLAN,
    "o/<slug:org>/plan/channels/<int:channel_id>/": C.EDIT_PLAN,
    "o/<slug:org>/plan/channels/<int:channel_id>/active/": C.EDIT_PLAN,
    "o/<slug:org>/plan/evidence/<int:evidence_id>/file/": C.VIEW_EVIDENCE,
    "o/<slug:org>/plan/imports/<int:import_job_id>/": C.EDIT_PLAN,
    "o/<slug:org>/plan/imports/<int:import_job_id>/confirm/": C.EDIT_PLAN,
    "o/<slug:org>/plan/imports/<int:import_job_id>/discard/": C.EDIT_PLAN,
    "o/<slug:org>/plan/imports/<int:import_job_id>/progress/": C.EDIT_PLAN,
    "o/<slug:org>/plan/new/": C.EDIT_PLAN,
    "o/<slug:org>/plan/rows/<int:plan_row_id>/": C.VIEW_PLAN,
    "o/<slug:org>/plan/rows/<int:plan_row_id>/delete/": C.EDIT_PLAN,
    "o/<slug:org>/plan/rows/<int:plan_row_id>/done/": C.RECORD_EVIDENCE,
    "o/<slug:org>/plan/rows/<int:plan_row_id>/explain/": C.RECORD_EVIDENCE,
    "o/<slug:org>/plan/<int:communication_plan_id>/execution/export/": C.VIEW_PLAN,
    "o/<slug:org>/plan/miss-reasons/": C.VIEW_PLAN,
    "o/<slug:org>/plan/miss-reasons/<int:miss_reason_id>/": C.EDIT_PLAN,
    "o/<slug:org>/plan/miss-reasons/<int:miss_reason_id>/active/": C.EDIT_PLAN,
    "o/<slug:org>/plan/rows/<int:plan_row_id>/edit/": C.EDIT_PLAN,
    "o/<slug:org>/plan/rows/<int:plan_row_id>/move/": C.EDIT_PLAN,
    "o/<slug:org>/plan/topics/": C.VIEW_PLAN,
    "o/<slug:org>/plan/topics/<int:topic_id>/": C.EDIT_PLAN,
    "o/<slug:org>/plan/topics/<int:topic_id>/active/": C.EDIT_PLAN,
    "o/<slug:org>/plan/versions/<int:plan_version_id>/": C.VIEW_PLAN_VERSIONS,
    "o/<slug:org>/plan/versions/<int:plan_version_id>/approve/": C.APPROVE_PLAN,
    "o/<slug:org>/plan/versions/<int:plan_version_id>/comment/": C.EDIT_PLAN,
    "o/<slug:org>/plan/versions/<int:plan_version_id>/export.csv": C.VIEW_NAMES,
    "o/<slug:org>/plan/versions/<int:plan_version_id>/export.pdf": C.VIEW_NAMES,
    "o/<slug:org>/plan/versions/<int:plan_version_id>/export.xlsx": C.VIEW_NAMES,
    "o/<slug:org>/plan/versions/<int:plan_version_id>/header/": C.EDIT_PLAN,
    "o/<slug:org>/plan/versions/<int:plan_version_id>/publish/": C.APPROVE_PLAN,
    "o/<slug:org>/plan/versions/<int:plan_version_id>/reject/": C.APPROVE_PLAN,
    "o/<slug:org>/plan/versions/<int:plan_version_id>/review/": C.REVIEW_PLAN,
    "o/<slug:org>/plan/versions/<int:plan_version_id>/reviewers/": C.EDIT_PLAN,
    "o/<slug:org>/plan/versions/<int:plan_version_id>/rows/new/": C.EDIT_PLAN,
    "o/<slug:org>/plan/versions/<int:plan_version_id>/submit/": C.EDIT_PLAN,
    # Competence (clause 7.2): the quality officer keeps it; communications manager and auditor read it.
    "o/<slug:org>/competence/": C.VIEW_COMPETENCE,
    "o/<slug:org>/competence/<int:competence_id>/": C.MANAGE_COMPETENCE,
    "o/<slug:org>/competence/<int:competence_id>/active/": C.MANAGE_COMPETENCE,
    "o/<slug:org>/competence/requirements/": C.VIEW_COMPETENCE,
    "o/<slug:org>/competence/requirements/roles/<int:role_requirement_id>/remove/": C.MANAGE_COMPETENCE,
    "o/<slug:org>/competence/requirements/channels/<int:channel_requirement_id>/remove/": C.MANAGE_COMPETENCE,
    "o/<slug:org>/competence/trainings/": C.VIEW_COMPETENCE,
    "o/<slug:org>/competence/trainings/<int:training_id>/": C.VIEW_COMPETENCE,
    "o/<slug:org>/competence/trainings/<int:training_id>/edit/": C.MANAGE_COMPETENCE,
    "o/<slug:org>/competence/trainings/<int:training_id>/participants/": C.MANAGE_COMPETENCE,
    "o/<slug:org>/competence/participations/<int:training_participation_id>/": C.MANAGE_COMPETENCE,
    "o/<slug:org>/competence/trainings/<int:training_id>/checks/": C.MANAGE_COMPETENCE,
    "o/<slug:org>/competence/checks/<int:effectiveness_check_id>/": C.MANAGE_COMPETENCE,
    "o/<slug:org>/competence/people/<int:membership_id>/": C.VIEW_COMPETENCE,
    "o/<slug:org>/competence/certificates/<int:certificate_id>/file/": C.VIEW_COMPETENCE,
    "o/<slug:org>/competence/matrix/": C.VIEW_COMPETENCE,
    "o/<slug:org>/competence/matrix/export.xlsx": C.VIEW_COMPETENCE,
    "o/<slug:org>/competence/matrix/export.pdf": C.VIEW_COMPETENCE,
    "o/<slug:org>/people/": C.VIEW_HOME,
    "o/<slug:org>/buddy/": C.MANAGE_PROGRAM,
    "o/<slug:org>/buddy/runs/": C.MANAGE_PROGRAM,
    "o/<slug:org>/buddy/runs/<int:matching_run_id>/": C.MANAGE_PROGRAM,
    "o/<slug:org>/buddy/buddies/new/": C.MANAGE_PROGRAM,
    "o/<slug:org>/buddy/buddies/<int:buddy_profile_id>/": C.MANAGE_PROGRAM,
    "o/<slug:org>/buddy/weights/": C.MANAGE_PROGRAM,
    "o/<slug:org>/buddy/criteria/": C.MANAGE_PROGRAM,
    "o/<slug:org>/buddy/pairs/pin/": C.MANAGE_PROGRAM,
    "o/<slug:org>/buddy/pairs/<int:pair_id>/": C.MANAGE_PROGRAM,
    "o/<slug:org>/buddy/pairs/<int:pair_id>/move/": C.MANAGE_PROGRAM,
    "o/<slug:org>/buddy/pairs/<int:pair_id>/end/": C.MANAGE_PROGRAM,
    "o/<slug:org>/buddy/pairs/<int:pair_id>/goals/": C.TAKE_PART,
    "o/<slug:org>/buddy/pairs/<int:pair_id>/sessions/": C.COACH,
    "o/<slug:org>/buddy/pairs/<int:pair_id>/milestones/": C.COACH,
    "o/<slug:org>/buddy/pairs/<int:pair_id>/campaigns/": C.TAKE_PART,
    "o/<slug:org>/buddy/pairs/<int:pair_id>/checks/": C.COACH,
    "o/<slug:org>/buddy/milestones/<int:milestone_id>/done/": C.COACH,
    "o/<slug:org>/buddy/coachees/": C.COACH,
    "o/<slug:org>/buddy/coaching/": C.TAKE_PART,
    "o/<slug:org>/buddy/opt-in/": C.TAKE_PART,
    "o/<slug:org>/buddy/opt-out/": C.TAKE_PART,
    "o/<slug:org>/buddy/figures/": C.VIEW_AGGREGATES,
    "o/<slug:org>/buddy/personal-data/": C.VIEW_PERSONAL_DATA,
    "o/<slug:org>/settings/": C.MANAGE_ORGANIZATION,
    "o/<slug:org>/tokens/": C.USE_API,
    "o/<slug:org>/tokens/<int:api_token_id>/revoke/": C.USE_API,
}

API: dict[str, C] = {
    "GET /api/v1/buddy/buddies": C.MANAGE_PROGRAM,
    "POST /api/v1/buddy/buddies": C.MANAGE_PROGRAM,
    "GET /api/v1/buddy/buddies/{buddy_profile_id}": C.MANAGE_PROGRAM,
    "PATCH /api/v1/buddy/buddies/{buddy_profile_id}": C.MANAGE_PROGRAM,
    "GET /api/v1/buddy/opt-ins": C.TAKE_PART,
    "POST /api/v1/buddy/opt-ins": C.TAKE_PART,
    "POST /api/v1/buddy/opt-ins/withdraw": C.TAKE_PART,
    "GET /api/v1/buddy/opt-ins/{coaching_opt_in_id}": C.TAKE_PART,
    "GET /api/v1/buddy/weights": C.MANAGE_PROGRAM,
    "PUT /api/v1/buddy/weights": C.MANAGE_PROGRAM,
    "GET /api/v1/buddy/runs": C.MANAGE_PROGRAM,
    "POST /api/v1/buddy/runs": C.MANAGE_PROGRAM,
    "GET /api/v1/buddy/runs/{matching_run_id}": C.MANAGE_PROGRAM,
    "GET /api/v1/buddy/pairs": C.TAKE_PART,
    "POST /api/v1/buddy/pairs": C.MANAGE_PROGRAM,
    "GET /api/v1/buddy/pairs/{pair_id}": C.TAKE_PART,
    "POST /api/v1/buddy/pairs/{pair_id}/move": C.MANAGE_PROGRAM,
    "POST /api/v1/buddy/pairs/{pair_id}/end": C.MANAGE_PROGRAM,
    "GET /api/v1/buddy/pairs/{pair_id}/plan": C.TAKE_PART,
    "PUT /api/v1/buddy/pairs/{pair_id}/plan": C.TAKE_PART,
    "GET /api/v1/buddy/pairs/{pair_id}/sessions": C.TAKE_PART,
    "POST /api/v1/buddy/pairs/{pair_id}/sessions": C.COACH,
    "PATCH /api/v1/buddy/sessions/{coaching_session_id}": C.COACH,
    "GET /api/v1/buddy/pairs/{pair_id}/milestones": C.TAKE_PART,
    "POST /api/v1/buddy/pairs/{pair_id}/milestones": C.COACH,
    "PATCH /api/v1/buddy/milestones/{milestone_id}": C.COACH,
    "GET /api/v1/buddy/pairs/{pair_id}/campaigns": C.TAKE_PART,
    "POST /api/v1/buddy/pairs/{pair_id}/campaigns": C.TAKE_PART,
    "PATCH /api/v1/buddy/campaigns/{topic_campaign_id}": C.TAKE_PART,
    "GET /api/v1/buddy/checks": C.TAKE_PART,
    "GET /api/v1/buddy/checks/{profile_check_id}": C.TAKE_PART,
    "POST /api/v1/buddy/pairs/{pair_id}/checks": C.COACH,
    "GET /api/v1/buddy/criteria": C.TAKE_PART,
    "POST /api/v1/buddy/criteria": C.MANAGE_PROGRAM,
    "PATCH /api/v1/buddy/criteria/{profile_check_criterion_id}": C.MANAGE_PROGRAM,
    "GET /api/v1/buddy/figures": C.VIEW_AGGREGATES,
    "GET /api/v1/audit-records": C.VIEW_AUDIT,
    "GET /api/v1/audit-records/{audit_record_id}": C.VIEW_AUDIT,
    "GET /api/v1/me": C.USE_API,
    "GET /api/v1/memberships": C.VIEW_MEMBERS,
    "POST /api/v1/memberships": C.MANAGE_MEMBERS,
    "GET /api/v1/invitations": C.MANAGE_MEMBERS,
    "DELETE /api/v1/invitations/{invitation_id}": C.MANAGE_MEMBERS,
    "GET /api/v1/memberships/{membership_id}": C.VIEW_MEMBERS,
    "PATCH /api/v1/memberships/{membership_id}": C.MANAGE_MEMBERS,
    "GET /api/v1/organizations": C.USE_API,
    "GET /api/v1/organizations/current": C.USE_API,
    "PATCH /api/v1/organizations/current": C.MANAGE_ORGANIZATION,
    "GET /api/v1/plan/audiences": C.VIEW_PLAN,
    "POST /api/v1/plan/audiences": C.EDIT_PLAN,
    "GET /api/v1/plan/audiences/{audience_id}": C.VIEW_PLAN,
    "PATCH /api/v1/plan/audiences/{audience_id}": C.EDIT_PLAN,
    "GET /api/v1/plan/channels": C.VIEW_PLAN,
    "POST /api/v1/plan/channels": C.EDIT_PLAN,
    "GET /api/v1/plan/channels/{channel_id}": C.VIEW_PLAN,
    "PATCH /api/v1/plan/channels/{channel_id}": C.EDIT_PLAN,
    "GET /api/v1/plan/evidence": C.VIEW_EVIDENCE,
    "GET /api/v1/plan/evidence/{evidence_id}": C.VIEW_EVIDENCE,
    "GET /api/v1/plan/plans": C.VIEW_PLAN,
    "POST /api/v1/plan/plans": C.EDIT_PLAN,
    "GET /api/v1/plan/plans/{communication_plan_id}": C.VIEW_PLAN,
    "PATCH /api/v1/plan/plans/{communication_plan_id}": C.EDIT_PLAN,
    "POST /api/v1/plan/plans/{communication_plan_id}/drafts": C.EDIT_PLAN,
    "POST /api/v1/plan/plans/{communication_plan_id}/reviews": C.EDIT_PLAN,
    "GET /api/v1/plan/plans/{communication_plan_id}/reviews": C.VIEW_PLAN_VERSIONS,
    "GET /api/v1/plan/plans/{communication_plan_id}/versions": C.VIEW_PLAN,
    "DELETE /api/v1/plan/rows/{plan_row_id}": C.EDIT_PLAN,
    "GET /api/v1/plan/rows/{plan_row_id}": C.VIEW_PLAN,
    "PATCH /api/v1/plan/rows/{plan_row_id}": C.EDIT_PLAN,
    "POST /api/v1/plan/rows/{plan_row_id}/evidence": C.RECORD_EVIDENCE,
    "POST /api/v1/plan/rows/{plan_row_id}/explanations": C.RECORD_EVIDENCE,
    "GET /api/v1/plan/explanations": C.VIEW_EVIDENCE,
    "GET /api/v1/plan/versions/{plan_version_id}/execution/export": C.VIEW_PLAN,
    "GET /api/v1/plan/miss-reasons": C.VIEW_PLAN,
    "POST /api/v1/plan/miss-reasons": C.EDIT_PLAN,
    "PATCH /api/v1/plan/miss-reasons/{miss_reason_id}": C.EDIT_PLAN,
    "GET /api/v1/plan/corrective-actions": C.VIEW_EVIDENCE,
    "POST /api/v1/plan/corrective-actions": C.RECORD_EVIDENCE,
    "POST /api/v1/plan/corrective-actions/{corrective_action_id}/close": C.RECORD_EVIDENCE,
    "GET /api/v1/plan/topics": C.VIEW_PLAN,
    "POST /api/v1/plan/topics": C.EDIT_PLAN,
    "GET /api/v1/plan/topics/{topic_id}": C.VIEW_PLAN,
    "PATCH /api/v1/plan/topics/{topic_id}": C.EDIT_PLAN,
    "GET /api/v1/plan/versions/{plan_version_id}": C.VIEW_PLAN,
    "PATCH /api/v1/plan/versions/{plan_version_id}": C.EDIT_PLAN,
    "POST /api/v1/plan/versions/{plan_version_id}/approve": C.APPROVE_PLAN,
    "GET /api/v1/plan/versions/{plan_version_id}/comments": C.VIEW_NAMES,
    "POST /api/v1/plan/versions/{plan_version_id}/comments": C.EDIT_PLAN,
    "GET /api/v1/plan/versions/{plan_version_id}/diff": C.VIEW_PLAN,
    "GET /api/v1/plan/versions/{plan_version_id}/export": C.VIEW_NAMES,
    "GET /api/v1/plan/versions/{plan_version_id}/execution": C.VIEW_PLAN,
    "POST /api/v1/plan/versions/{plan_version_id}/publish": C.APPROVE_PLAN,
    "POST /api/v1/plan/versions/{plan_version_id}/reject": C.APPROVE_PLAN,
    "POST /api/v1/plan/versions/{plan_version_id}/reviewers": C.EDIT_PLAN,
    "GET /api/v1/plan/versions/{plan_version_id}/reviews": C.VIEW_PLAN_VERSIONS,
    "POST /api/v1/plan/versions/{plan_version_id}/reviews": C.REVIEW_PLAN,
    "PUT /api/v1/plan/versions/{plan_version_id}/row-order": C.EDIT_PLAN,
    "GET /api/v1/plan/versions/{plan_version_id}/rows": C.VIEW_PLAN,
    "POST /api/v1/plan/versions/{plan_version_id}/rows": C.EDIT_PLAN,
    "POST /api/v1/plan/versions/{plan_version_id}/submit": C.EDIT_PLAN,
    # Competence (clause 7.2).
    "GET /api/v1/competence/competences": C.VIEW_COMPETENCE,
    "POST /api/v1/competence/competences": C.MANAGE_COMPETENCE,
    "GET /api/v1/competence/competences/{competence_id}": C.VIEW_COMPETENCE,
    "PATCH /api/v1/competence/competences/{competence_id}": C.MANAGE_COMPETENCE,
    "GET /api/v1/competence/role-requirements": C.VIEW_COMPETENCE,
    "POST /api/v1/competence/role-requirements": C.MANAGE_COMPETENCE,
    "DELETE /api/v1/competence/role-requirements/{role_requirement_id}": C.MANAGE_COMPETENCE,
    "GET /api/v1/competence/channel-requirements": C.VIEW_COMPETENCE,
    "POST /api/v1/competence/channel-requirements": C.MANAGE_COMPETENCE,
    "DELETE /api/v1/competence/channel-requirements/{channel_requirement_id}": C.MANAGE_COMPETENCE,
    "GET /api/v1/competence/trainings": C.VIEW_COMPETENCE,
    "POST /api/v1/competence/trainings": C.MANAGE_COMPETENCE,
    "GET /api/v1/competence/trainings/{training_id}": C.VIEW_COMPETENCE,
    "PATCH /api/v1/competence/trainings/{training_id}": C.MANAGE_COMPETENCE,
    "GET /api/v1/competence/trainings/{training_id}/participations": C.VIEW_COMPETENCE,
    "POST /api/v1/competence/trainings/{training_id}/participations": C.MANAGE_COMPETENCE,
    "PATCH /api/v1/competence/participations/{training_participation_id}": C.MANAGE_COMPETENCE,
    "GET /api/v1/competence/trainings/{training_id}/effectiveness-checks": C.VIEW_COMPETENCE,
    "POST /api/v1/competence/trainings/{training_id}/effectiveness-checks": C.MANAGE_COMPETENCE,
    "PATCH /api/v1/competence/effectiveness-checks/{effectiveness_check_id}": C.MANAGE_COMPETENCE,
    "GET /api/v1/competence/certificates": C.VIEW_COMPETENCE,
    "POST /api/v1/competence/certificates": C.MANAGE_COMPETENCE,
    "GET /api/v1/competence/certificates/{certificate_id}": C.VIEW_COMPETENCE,
    "PATCH /api/v1/competence/certificates/{certificate_id}": C.MANAGE_COMPETENCE,
    "GET /api/v1/competence/matrix": C.VIEW_COMPETENCE,
    "GET /api/v1/competence/matrix/export": C.VIEW_COMPETENCE,
    "GET /api/v1/competence/plan-rows/{plan_row_id}/violations": C.VIEW_NAMES,
}
