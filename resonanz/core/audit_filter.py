"""Which audit records the page, its CSV and JSON exports and the API show: one filter for all.

Text filters match parts (``plan.`` finds every plan action), the action also by its name in German
or English ("freigegeben", "approved": ``core.action_labels.codes_matching``), the object id exactly, and
a period runs from its first moment up to (not including) its end. Far dates are refused before
anything is read, so an export never fails half-way through its stream.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from resonanz.core.action_labels import codes_matching
from resonanz.core.dates import refuse_far_date
from resonanz.core.models import AuditRecord


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    since: dt.datetime | None = None  # aware, included
    until: dt.datetime | None = None  # aware, excluded

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            moment = getattr(self, name)
            if moment is not None:
                refuse_far_date(moment, name)


def days(
    first: dt.date | None, last: dt.date | None, zone: zoneinfo.ZoneInfo
) -> dict[str, dt.datetime | None]:
    """``since`` and ``until`` for the days ``first`` to ``last`` (both included) in ``zone``."""
    for value, name in ((first, "date_from"), (last, "date_to")):
        if value is not None:
            refuse_far_date(value, name)
    return {
        "since": dt.datetime.combine(first, dt.time.min, tzinfo=zone) if first else None,
        "until": dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone) if last else None,
    }


def filter_records(records: QuerySet[AuditRecord], wanted: AuditFilter) -> QuerySet[AuditRecord]:
    if wanted.action:
        term = wanted.action.strip()
        records = records.filter(Q(action__icontains=term) | Q(action__in=codes_matching(term)))
    if wanted.actor:
        records = records.filter(actor_name__icontains=wanted.actor)
    if wanted.object_type:
        records = records.filter(object_type__icontains=wanted.object_type)
    if wanted.object_id:
        records = records.filter(object_id=wanted.object_id.strip())
    if wanted.since is not None:
        records = records.filter(created_at__gte=wanted.since)
    if wanted.until is not None:
        records = records.filter(created_at__lt=wanted.until)
    return records
