"""Access helpers of the plan app: the only way views and API handlers reach plan objects.

Anything outside the member's organization is a 404. Every member with VIEW_PLAN reads published
versions; drafts, versions in review, approved and superseded versions are for members who may read
every version (VIEW_PLAN_VERSIONS) or edit or approve the plan. To everyone else they do not exist.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from resonanz.core.access import require_or_404
from resonanz.core.errors import ActionRefused
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan.models import (
    OPEN_STATUSES,
    Audience,
    Channel,
    CommunicationPlan,
    CorrectiveAction,
    Evidence,
    ImportJob,
    MissExplanation,
    MissReason,
    PlanReview,
    PlanRow,
    PlanVersion,
    Topic,
    VersionComment,
    VersionStatus,
)

M = TypeVar("M", bound=models.Model)
_MISSES = (ValueError, TypeError, OverflowError)


def sees_all_versions(member: Membership) -> bool:
    return any(
        member.can(capability)
        for capability in (Capability.VIEW_PLAN_VERSIONS, Capability.EDIT_PLAN, Capability.APPROVE_PLAN)
    )


def _get(queryset: QuerySet[M], pk: Any) -> M:
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, *_MISSES):
        raise Http404 from None


# ---------------------------------------------------------------- plans and versions


def plan_queryset(member: Membership) -> QuerySet[CommunicationPlan]:
    require_or_404(member, Capability.VIEW_PLAN)
    return CommunicationPlan.objects.filter(organization_id=member.organization_id).select_related(
        "owner__user"
    )


def get_plan_for(
    member: Membership, communication_plan_id: Any, capability: Capability = Capability.VIEW_PLAN
) -> CommunicationPlan:
    require_or_404(member, capability)
    return _get(plan_queryset(member), communication_plan_id)


get_communication_plan_for = get_plan_for


def version_queryset(member: Membership) -> QuerySet[PlanVersion]:
    require_or_404(member, Capability.VIEW_PLAN)
    versions = PlanVersion.objects.filter(plan__organization_id=member.organization_id).select_related(
        "plan", "author__user", "reviewer__user", "approver__user", "publisher__user"
    )
    if not sees_all_versions(member):
        versions = versions.filter(status=VersionStatus.PUBLISHED)
    return versions


def get_version_for(
    member: Membership, plan_version_id: Any, capability: Capability = Capability.VIEW_PLAN
) -> PlanVersion:
    require_or_404(member, capability)
    return _get(version_queryset(member), plan_version_id)


get_plan_version_for = get_version_for


def published_version(plan: CommunicationPlan) -> PlanVersion | None:
    return plan.versions.filter(status=VersionStatus.PUBLISHED).first()


def open_version(plan: CommunicationPlan) -> PlanVersion | None:
    """The draft, or the version in review or approved and waiting for publication, if there is one."""
    return plan.versions.filter(status__in=OPEN_STATUSES).first()


def comment_queryset(member: Membership) -> QuerySet[VersionComment]:
    return VersionComment.objects.filter(version__in=version_queryset(member)).select_related("author__user")


def get_version_comment_for(member: Membership, version_comment_id: Any) -> VersionComment:
    return _get(comment_queryset(member), version_comment_id)


def review_history(member: Membership, plan: CommunicationPlan) -> QuerySet[PlanReview]:
    """The plan's periodic reviews, newest first, for members who read every version (names included)."""
    require_or_404(member, Capability.VIEW_PLAN_VERSIONS)
    if plan.organization_id != member.organization_id:
        raise Http404
    return PlanReview.objects.filter(plan=plan).select_related("version").order_by("-reviewed_at", "-pk")


def reviewer_candidates(member: Membership, version: PlanVersion) -> QuerySet[Membership]:
    """Members who may be named to review ``version``: active, holding a role that may review the
    plan, and not among those who started, changed or submitted it. Ordered by name."""
    from resonanz.core.models import MembershipRole
    from resonanz.core.roles import CAPABILITIES

    roles = [role for role, capabilities in CAPABILITIES.items() if Capability.REVIEW_PLAN in capabilities]
    reviewing = MembershipRole.objects.filter(role__in=roles).values("membership_id")
    return (
        Membership.objects.filter(organization_id=member.organization_id, is_active=True, pk__in=reviewing)
        .exclude(pk=version.author_id)
        .exclude(pk__in=version.contributors.values("pk"))
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def last_review(plan: CommunicationPlan) -> PlanReview | None:
    """The plan's latest review (for its header: date and outcome, no names)."""
    return (
        PlanReview.objects.filter(plan=plan).select_related("version").order_by("-reviewed_at", "-pk").first()
    )


# ---------------------------------------------------------------- rows


def rows_of(version: PlanVersion | QuerySet[PlanVersion] | None = None) -> QuerySet[PlanRow]:
    """Rows with every answer loaded in a fixed number of queries, in matrix order."""
    rows = PlanRow.objects.all()
    if isinstance(version, PlanVersion):
        rows = rows.filter(version=version)
    elif version is not None:
        rows = rows.filter(version__in=version)
    return (
        rows.select_related("topic", "approver__user", "owner__user")
        .prefetch_related(
            Prefetch("audiences", queryset=Audience.objects.order_by("name")),
            Prefetch("channels", queryset=Channel.objects.order_by("name")),
            Prefetch(
                "senders", queryset=Membership.objects.select_related("user").order_by("user__full_name")
            ),
        )
        .order_by("position", "pk")
    )


def row_queryset(member: Membership) -> QuerySet[PlanRow]:
    return rows_of().filter(version__in=version_queryset(member)).select_related("version__plan")


def get_row_for(
    member: Membership, plan_row_id: Any, capability: Capability = Capability.VIEW_PLAN
) -> PlanRow:
    require_or_404(member, capability)
    return _get(row_queryset(member), plan_row_id)


get_plan_row_for = get_row_for


# ---------------------------------------------------------------- reference data


def member_in_organization(member: Membership, membership_id: Any) -> Membership:
    """An active member of the caller's organization, for owner and sender choices; else refused."""
    found = None
    if isinstance(membership_id, int) and not isinstance(membership_id, bool):
        found = (
            Membership.objects.filter(
                organization_id=member.organization_id, is_active=True, pk=membership_id
            )
            .select_related("user")
            .first()
        )
    if found is None:
        raise ActionRefused(_("Choose an active member of the organization."), field="owner")
    return found


def channel_queryset(member: Membership) -> QuerySet[Channel]:
    require_or_404(member, Capability.VIEW_PLAN)
    return Channel.objects.filter(organization_id=member.organization_id).select_related("owner__user")


def get_channel_for(
    member: Membership, channel_id: Any, capability: Capability = Capability.VIEW_PLAN
) -> Channel:
    require_or_404(member, capability)
    return _get(channel_queryset(member), channel_id)


def audience_queryset(member: Membership) -> QuerySet[Audience]:
    require_or_404(member, Capability.VIEW_PLAN)
    return Audience.objects.filter(organization_id=member.organization_id)


def get_audience_for(
    member: Membership, audience_id: Any, capability: Capability = Capability.VIEW_PLAN
) -> Audience:
    require_or_404(member, capability)
    return _get(audience_queryset(member), audience_id)


def topic_queryset(member: Membership) -> QuerySet[Topic]:
    require_or_404(member, Capability.VIEW_PLAN)
    return Topic.objects.filter(organization_id=member.organization_id)


def get_topic_for(member: Membership, topic_id: Any, capability: Capability = Capability.VIEW_PLAN) -> Topic:
    require_or_404(member, capability)
    return _get(topic_queryset(member), topic_id)


# ---------------------------------------------------------------- evidence


def evidence_queryset(member: Membership) -> QuerySet[Evidence]:
    require_or_404(member, Capability.VIEW_EVIDENCE)
    return Evidence.objects.filter(organization_id=member.organization_id).select_related("plan")


def get_evidence_for(
    member: Membership, evidence_id: Any, capability: Capability = Capability.VIEW_EVIDENCE
) -> Evidence:
    require_or_404(member, capability)
    return _get(evidence_queryset(member), evidence_id)


# ---------------------------------------------------------------- imports


def get_import_job_for(member: Membership, import_job_id: Any) -> ImportJob:
    """An import of the member's organization, for members who edit the plan; anything else is a 404.

    Imports are shared among the editors, like the draft they fill: a colleague may finish one.
    """
    require_or_404(member, Capability.EDIT_PLAN)
    jobs = ImportJob.objects.select_related("version__plan__organization", "created_by__user")
    return _get(jobs.filter(organization_id=member.organization_id), import_job_id)


# ---------------------------------------------------------------- missed dates


def miss_reason_queryset(member: Membership) -> QuerySet[MissReason]:
    require_or_404(member, Capability.VIEW_PLAN)
    return MissReason.objects.filter(organization_id=member.organization_id)


def get_miss_reason_for(
    member: Membership, miss_reason_id: Any, capability: Capability = Capability.VIEW_PLAN
) -> MissReason:
    require_or_404(member, capability)
    return _get(miss_reason_queryset(member), miss_reason_id)


def explanation_queryset(member: Membership) -> QuerySet[MissExplanation]:
    """Explanations carry free text and who wrote it: for members who read evidence."""
    require_or_404(member, Capability.VIEW_EVIDENCE)
    return MissExplanation.objects.filter(organization_id=member.organization_id).select_related("reason")


def corrective_action_queryset(member: Membership) -> QuerySet[CorrectiveAction]:
    require_or_404(member, Capability.VIEW_EVIDENCE)
    return CorrectiveAction.objects.filter(organization_id=member.organization_id)


def get_corrective_action_for(member: Membership, corrective_action_id: Any) -> CorrectiveAction:
    return _get(corrective_action_queryset(member), corrective_action_id)
