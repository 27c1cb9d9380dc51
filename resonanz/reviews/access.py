"""Access helpers of the reviews app: anything outside the member's organization, or without the
capability asked for, is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from resonanz.core.access import require_or_404
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.reviews.models import ManagementReview, ReviewOutput


def review_queryset(member: Membership) -> QuerySet[ManagementReview]:
    require_or_404(member, Capability.VIEW_REVIEWS)
    return ManagementReview.objects.filter(organization_id=member.organization_id).select_related(
        "chair__user"
    )


def get_review_for(
    member: Membership, review_id: Any, capability: Capability = Capability.VIEW_REVIEWS
) -> ManagementReview:
    require_or_404(member, capability)
    try:
        return review_queryset(member).get(pk=review_id)
    except (ManagementReview.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def get_output_for(member: Membership, output_id: Any) -> ReviewOutput:
    require_or_404(member, Capability.MANAGE_REVIEWS)
    try:
        return ReviewOutput.objects.select_related("review").get(
            pk=output_id, review__organization_id=member.organization_id
        )
    except (ReviewOutput.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def member_choices(member: Membership) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization_id=member.organization_id, is_active=True)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
