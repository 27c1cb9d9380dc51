"""Retention of raw clicks: deleted after ``RESONANZ_CLICK_RETENTION_DAYS`` days; the rollups stay."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Count

from resonanz.links.models import Click

logger = logging.getLogger(__name__)


def delete_old_clicks(today: dt.date | None = None) -> dict[int, int]:
    """Delete raw clicks of days before the retention window; log and return the count per organization."""
    day = today or dt.datetime.now(dt.UTC).date()
    cutoff = day - dt.timedelta(days=int(settings.CLICK_RETENTION_DAYS))
    with transaction.atomic():
        old = Click.objects.filter(day__lt=cutoff)
        counts = {
            row["organization_id"]: row["n"]
            for row in old.values("organization_id").annotate(n=Count("pk")).order_by("organization_id")
        }
        old.delete()
    for organization_id, count in counts.items():
        logger.info(
            "links: deleted %s raw clicks before %s of organization %s",
            count,
            cutoff.isoformat(),
            organization_id,
        )
    return counts
