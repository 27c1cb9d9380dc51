"""Retention of mentions: deleted after ``RESONANZ_MENTION_RETENTION_DAYS`` days; the alarms stay."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Count

from resonanz.monitoring.models import Mention

logger = logging.getLogger(__name__)


def delete_old_mentions(now: dt.datetime | None = None) -> dict[int, int]:
    """Delete mentions posted before the retention window; log and return the count per organization."""
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=int(settings.MENTION_RETENTION_DAYS))
    with transaction.atomic():
        old = Mention.objects.filter(posted_at__lt=cutoff)
        counts = {
            row["organization_id"]: row["n"]
            for row in old.values("organization_id").annotate(n=Count("pk")).order_by("organization_id")
        }
        old.delete()
    for organization_id, count in counts.items():
        logger.info(
            "monitoring: deleted %s mentions posted before %s of organization %s",
            count,
            cutoff.isoformat(),
            organization_id,
        )
    return counts
