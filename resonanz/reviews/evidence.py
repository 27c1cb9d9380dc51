"""The evidence the clause library shows for the management review (ISO 9001 9.3): held reviews."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.reviews.models import ManagementReview, ReviewStatus
from resonanz.standards.evidence import MAX_ITEMS, EvidenceItem, register_evidence


def held_reviews(member: Membership) -> list[EvidenceItem]:
    """Held and closed management reviews, newest first (their pack, minutes and outputs)."""
    if not member.can(Capability.VIEW_REVIEWS):
        return []
    held = (
        ManagementReview.objects.filter(organization_id=member.organization_id)
        .exclude(status=ReviewStatus.DRAFT)
        .order_by("-held_on", "-number")[:MAX_ITEMS]
    )
    return [
        EvidenceItem(
            _("Management review #%(number)s: %(title)s") % {"number": review.number, "title": review.title},
            review.held_on,
            reverse("reviews:review_detail", args=[member.organization.slug, review.pk]),
        )
        for review in held
    ]


def register() -> None:
    register_evidence("reviews.held", ["9.3", "9.3.1", "9.3.2", "9.3.3"], held_reviews)
