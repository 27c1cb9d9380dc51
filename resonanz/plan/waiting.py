"""What waits for a member's decision: versions in review that this member may review or approve.

For the start page (and anything else that lists "your next step"). A version waits for a member's
approval when it is in review, the member may approve plans and did not start, change or submit it
(four eyes, ``PlanVersion.contributors``).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan.models import PlanVersion, VersionStatus


def versions_waiting_for(member: Membership) -> QuerySet[PlanVersion]:
    """Versions of the member's organization waiting for this member's approval, oldest submission first.

    One query; each version comes with its plan (``select_related``). Empty for members who may not
    approve.
    """
    versions = PlanVersion.objects.filter(
        plan__organization_id=member.organization_id, status=VersionStatus.IN_REVIEW
    )
    if not member.is_active or not member.can(Capability.APPROVE_PLAN):
        return versions.none()
    contributed = PlanVersion.contributors.through.objects.filter(
        planversion_id=OuterRef("pk"), membership_id=member.pk
    )
    return (
        versions.exclude(author_id=member.pk)
        .exclude(Exists(contributed))
        .select_related("plan")
        .order_by("submitted_at", "pk")
    )
