"""How the plan's records read in the audit trail (see ``resonanz.core.audit_reading``)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zoneinfo
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resonanz.core import audit_reading
from resonanz.core.models import AuditRecord, Organization
from resonanz.plan.models import (
    CommunicationPlan,
    Evidence,
    EvidenceKind,
    PlanReview,
    PlanRow,
    PlanVersion,
    ReminderKind,
    ReviewOutcome,
)
from resonanz.plan.recurrence import describe

MAX_NAMES = 1000


def describe_evidence(entry: AuditRecord, zone: zoneinfo.ZoneInfo) -> str | None:
    """ "marked as done 30.11.2026" in the reader's language, from the record's own data."""
    data = entry.after if isinstance(entry.after, dict) else entry.before
    if not isinstance(data, dict) or data.get("kind") not in EvidenceKind.values:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(data.get("occurred_at")))
    except ValueError:
        return None
    day = moment.astimezone(zone).date() if moment.tzinfo is not None else moment.date()
    return f"{EvidenceKind(data['kind']).label} {formats.date_format(day, 'SHORT_DATE_FORMAT')}"


_VERSION = re.compile(r"^(?P<plan>.+) v(?P<number>\d+)$")


def describe_version(entry: AuditRecord, zone: zoneinfo.ZoneInfo) -> str | None:
    """ "KP-01, Version 3" rather than the stored "KP-01 v3"."""
    found = _VERSION.match(entry.object_repr)
    if found is None:
        return None
    return _("%(plan)s, version %(number)s") % {"plan": found.group("plan"), "number": found.group("number")}


def plan_names(organization: Organization, ids: set[str]) -> dict[str, str]:
    numbers = [int(value) for value in ids if value.isdigit()][:MAX_NAMES]
    plans = CommunicationPlan.objects.filter(organization=organization, pk__in=numbers)
    return {str(plan.pk): str(plan) for plan in plans.only("identifier", "title")}


def row_names(organization: Organization, keys: set[str]) -> dict[str, str]:
    """A row by its key, as the newest version of its plan names it."""
    wanted = []
    for value in list(keys)[:MAX_NAMES]:
        try:
            wanted.append(uuid.UUID(value))
        except ValueError:
            continue
    rows = (
        PlanRow.objects.filter(version__plan__organization=organization, row_key__in=wanted)
        .select_related("topic")
        .order_by("row_key", "-version__number")
    )
    names: dict[str, str] = {}
    for row in rows:
        names.setdefault(str(row.row_key), str(row))
    return names


def reminder_kind(value: Any) -> str:
    return str(ReminderKind(value).label) if value in ReminderKind.values else str(value)


def review_outcome(value: Any) -> str:
    return str(ReviewOutcome(value).label) if value in ReviewOutcome.values else str(value)


def register() -> None:
    audit_reading.describe_objects(Evidence._meta.label_lower, describe_evidence)
    audit_reading.describe_objects(PlanVersion._meta.label_lower, describe_version)
    audit_reading.resolve_names(CommunicationPlan._meta.label_lower, plan_names)
    audit_reading.resolve_names("plan.row", row_names)
    audit_reading.name_references(Evidence._meta.label_lower, "row_key", "plan.row", gettext_lazy("row"))
    audit_reading.hide_keys(PlanRow._meta.label_lower, "row_key")
    audit_reading.format_values(PlanRow._meta.label_lower, "rrule", describe)
    audit_reading.format_values(CommunicationPlan._meta.label_lower, "kind", reminder_kind)
    outcome = PlanReview._meta.get_field("outcome").verbose_name
    audit_reading.format_values(CommunicationPlan._meta.label_lower, "outcome", review_outcome, outcome)
