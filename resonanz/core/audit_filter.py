"""Which audit records the page, its CSV and JSON exports and the API show: one filter for all.

Text filters match parts (``plan.`` finds every plan action), the action also by its name in German
or English ("freigegeben", "approved": ``core.action_labels.codes_matching``), the object type also by
its model's name ("Nachweis", "evidence"), the object id exactly, and
a period runs from its first moment up to (not including) its end. Far dates are refused before
anything is read, so an export never fails half-way through its stream.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import translation

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


def types_matching(words: str) -> set[str]:
    """The object types (``plan.evidence``) whose model is named ``words`` in German or English.

    Bounded by the number of models, whatever is typed.
    """
    wanted = words.strip().casefold()
    if not wanted:
        return set()
    found: set[str] = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found |= {
                model._meta.label_lower
                for model in apps.get_models()
                if wanted in str(model._meta.verbose_name).casefold()
            }
    return found


def filter_records(records: QuerySet[AuditRecord], wanted: AuditFilter) -> QuerySet[AuditRecord]:
    if wanted.action:
        term = wanted.action.strip()
        records = records.filter(Q(action__icontains=term) | Q(action__in=codes_matching(term)))
    if wanted.actor:
        records = records.filter(actor_name__icontains=wanted.actor)
    if wanted.object_type:
        term = wanted.object_type.strip()
        records = records.filter(Q(object_type__icontains=term) | Q(object_type__in=types_matching(term)))
    if wanted.object_id:
        records = records.filter(object_id=wanted.object_id.strip())
    if wanted.since is not None:
        records = records.filter(created_at__gte=wanted.since)
    if wanted.until is not None:
        records = records.filter(created_at__lt=wanted.until)
    return records
