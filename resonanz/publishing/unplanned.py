"""Posts published without a plan row, for the plan's planned-vs-executed view (``plan.unplanned``)."""

from __future__ import annotations

import datetime as dt

from resonanz.plan.unplanned import UnplannedItem, register_unplanned_source
from resonanz.publishing.models import Delivery, DeliveryStatus


def unplanned_posts(
    organization_id: int, start: dt.datetime, end: dt.datetime, limit: int
) -> tuple[list[UnplannedItem], int]:
    """The organization's deliveries published in ``[start, end)`` whose post has no plan row: the
    first ``limit``, oldest first, and how many there are. Two queries."""
    published = Delivery.objects.filter(
        organization_id=organization_id,
        status=DeliveryStatus.PUBLISHED,
        published_at__gte=start,
        published_at__lt=end,
        post__plan_row__isnull=True,
    )
    count = published.count()
    if not count:
        return [], 0
    found = (
        published.select_related("post")
        .only("published_at", "network", "remote_url", "scheduled_by_name", "post__title")
        .order_by("published_at", "pk")[:limit]
    )
    items = [
        UnplannedItem(
            at=delivery.published_at or start,
            network=str(delivery.get_network_display()),
            title=delivery.post.title,
            url=delivery.remote_url,
            published_by=delivery.scheduled_by_name,
        )
        for delivery in found
    ]
    return items, count


def register() -> None:
    register_unplanned_source("publishing.posts", unplanned_posts)
