"""The live alarm: the stored mentions of an organization replayed through ``alarm.AlarmDetector`` in the
organization's time zone, as ``resonanz monitoring replay`` replays a file; new alarms are raised.

Each run replays the history the detector looks at (four weeks) plus the time alarms stay live, so a run
finds the alarms the replay of the same mentions finds. Only alarms of the last ``LIVE`` hours are raised
(older ones are history, e.g. of a first import); ``raise_alarm`` stores each once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.utils import timezone

from resonanz.core.models import Organization
from resonanz.monitoring import alarm as alarms
from resonanz.monitoring.actions import raise_alarm
from resonanz.monitoring.models import Mention, MonitoringAlarm

logger = logging.getLogger(__name__)
LIVE = timedelta(hours=6)
MAX_MENTIONS_PER_RUN = 500_000  # bounds one organization's replay; the newest ones count
MAX_ORGANIZATIONS_PER_RUN = 500


def stored_mentions(organization: Organization, since: datetime, until: datetime) -> Iterator[alarms.Mention]:
    rows = (
        Mention.objects.filter(organization=organization, posted_at__gte=since, posted_at__lte=until)
        .order_by("posted_at", "pk")
        .values_list("external_id", "network", "author", "posted_at", "lang", "text")
    )
    total = rows.count()
    if total > MAX_MENTIONS_PER_RUN:
        logger.warning(
            "monitoring: organization %s has %s mentions in the window; replaying the newest %s",
            organization.pk,
            total,
            MAX_MENTIONS_PER_RUN,
        )
        rows = rows[total - MAX_MENTIONS_PER_RUN :]
    for external_id, network, author, posted_at, lang, text in rows.iterator(chunk_size=2000):
        yield alarms.Mention(external_id, network, author, posted_at, lang, text)


def check_organization(organization: Organization, now: datetime | None = None) -> list[MonitoringAlarm]:
    """Replay the organization's mentions and raise the alarms of the last hours not raised yet."""
    now = now or timezone.now()
    since = now - alarms.HISTORY - LIVE
    raised: list[MonitoringAlarm] = []
    for found in alarms.replay(stored_mentions(organization, since, now), organization.zone):
        if found.at < now - LIVE:
            continue
        stored = raise_alarm(organization, found)
        if stored is not None:
            raised.append(stored)
    return raised


def check_all(now: datetime | None = None) -> int:
    """Every organization with mentions in the last hours; how many alarms were raised."""
    now = now or timezone.now()
    active = (
        Mention.objects.filter(posted_at__gte=now - LIVE, posted_at__lte=now)
        .values_list("organization_id", flat=True)
        .distinct()
        .order_by("organization_id")[:MAX_ORGANIZATIONS_PER_RUN]
    )
    count = 0
    for organization in Organization.objects.filter(pk__in=list(active)).order_by("pk"):
        try:
            count += len(check_organization(organization, now))
        except Exception:  # one organization's trouble does not stop the others
            logger.exception("monitoring: the alarm check of organization %s failed", organization.pk)
    return count
