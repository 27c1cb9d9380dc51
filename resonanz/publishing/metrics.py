"""Publishing's figure for quality objectives (``core.metrics``): posts that went out in the period."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.metrics import Metric, Reading, Unit, count, register
from resonanz.core.models import Organization
from resonanz.core.period import Period
from resonanz.publishing.models import Delivery, DeliveryStatus


def published_posts(organization: Organization, period: Period) -> Reading:
    """Posts with at least one delivery published in the period (a post sent to three accounts is one)."""
    start, end = period.window(organization.zone)
    posts = (
        Delivery.objects.filter(
            organization=organization,
            status=DeliveryStatus.PUBLISHED,
            published_at__gte=start,
            published_at__lt=end,
        )
        .values("post_id")
        .distinct()
        .count()
    )
    return count(posts)


def register_metrics() -> None:
    register(
        Metric(
            key="publishing.published_posts",
            label=_("Posts published"),
            description=_("Posts published to at least one network account in the period."),
            unit=Unit.COUNT,
            reader=published_posts,
        )
    )
