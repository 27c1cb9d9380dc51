"""What waits for a member's decision: versions in review that this member may review or approve.

For the start page (and anything else that lists "your next step"). A version in review waits for

- a named reviewer's review while that reviewer has not reviewed it (``VersionReview``), and
- a member's approval when the member may approve plans, did not start, change or submit it (four
  eyes, ``PlanVersion.contributors``) and every reviewer named for it has reviewed it.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan.models import PlanVersion, ReviewState, VersionReview, VersionStatus


def versions_waiting_for(member: Membership) -> QuerySet[PlanVersion]:
    """Versions of the member's organization waiting for this member's review or approval.

    Oldest submission first; one query, each version with its plan (``select_related``). Which of the
    two a version waits for: ``waits_for_review(member, version)``.
    """
    versions = PlanVersion.objects.filter(
        plan__organization_id=member.organization_id, status=VersionStatus.IN_REVIEW
    )
    if not member.is_active:
        return versions.none()
    current = VersionReview.objects.filter(version_id=OuterRef("pk"), submitted_at=OuterRef("submitted_at"))
    wanted = Q(pk__in=[])
    if member.can(Capability.REVIEW_PLAN):
        wanted |= Q(Exists(current.filter(reviewer_id=member.pk, state=ReviewState.PENDING)))
    if member.can(Capability.APPROVE_PLAN):
        contributed = PlanVersion.contributors.through.objects.filter(
            planversion_id=OuterRef("pk"), membership_id=member.pk
        )
        wanted |= (
            ~Q(author_id=member.pk)
            & ~Q(Exists(contributed))
            & ~Q(Exists(current.exclude(state=ReviewState.REVIEWED)))
        )
    return (
        versions.filter(wanted).select_related("plan").order_by(F("submitted_at").asc(nulls_last=True), "pk")
    )


def waits_for_review(member: Membership, version: PlanVersion) -> bool:
    """Whether ``version`` waits for ``member``'s review (rather than approval)."""
    if version.submitted_at is None:
        return False
    return VersionReview.objects.filter(
        version=version, submitted_at=version.submitted_at, reviewer=member, state=ReviewState.PENDING
    ).exists()
