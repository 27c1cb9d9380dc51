"""Actions of the objectives app: the only functions that set, change, measure and close quality objectives.

Measurability is decided here, once (``_refuse_unmeasurable``): the page's form and the API pass what
they were given and show the reason this module gives.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit, metrics
from resonanz.core.dates import refuse_far_date
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.objectives.evaluation import evaluate
from resonanz.objectives.models import (
    MAX_OBJECTIVE_DAYS,
    VALUE_DIGITS,
    VALUE_PLACES,
    Direction,
    EvaluationFrequency,
    ManualEntry,
    Objective,
    ObjectiveStatus,
)

FIELDS = (
    "title",
    "owner",
    "metric_key",
    "unit",
    "baseline",
    "target",
    "direction",
    "starts_on",
    "deadline",
    "evaluation_method",
    "frequency",
)
LARGEST = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES)


def _number(value: Any, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ActionRefused(_("Enter a number."), field=field) from None
    if not number.is_finite() or abs(number) >= LARGEST:
        raise ActionRefused(_("Enter a number below one trillion."), field=field)
    return number.quantize(Decimal(1).scaleb(-VALUE_PLACES))


def _refuse_unmeasurable(
    target: Decimal | None, deadline: dt.date | None, metric_key: str, unit: str
) -> None:
    """Refuse an objective nobody could check: it needs a target number, a deadline and a data source.

    "More visibility" has none of the three; "6,000 followers by 30 June, read from the reach figures"
    has all of them. The reason names what is missing, so that the person can add it.
    """
    missing = []
    if target is None:
        missing.append(_("no target number"))
    if deadline is None:
        missing.append(_("no deadline"))
    if not metric_key and not unit.strip():
        missing.append(_("no data source (a platform metric, or values recorded by hand in a named unit)"))
    if missing:
        raise ActionRefused(
            _(
                "An objective must be measurable, and this one is not: it has %(missing)s. “More visibility” "
                "cannot be checked by anyone; “6,000 followers by 30 June, read from the reach figures” can."
            ),
            params={"missing": "; ".join(str(part) for part in missing)},
            code="unmeasurable",
        )


def _clean(member: Membership, values: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise a complete set of an objective's values (all of ``FIELDS``)."""
    title = " ".join(str(values.get("title") or "").split())
    if not title:
        raise ActionRefused(_("Name the objective."), field="title")
    if len(title) > 200:
        raise ActionRefused(_("Use at most 200 characters."), field="title")
    metric_key = str(values.get("metric_key") or "").strip()
    metric = None
    if metric_key:
        metric = metrics.find(metric_key)
        if metric is None:
            raise ActionRefused(_("Choose one of the platform's metrics."), field="metric_key")
    unit = " ".join(str(values.get("unit") or "").split())
    target = _number(values.get("target"), "target")
    deadline = values.get("deadline")
    _refuse_unmeasurable(target, deadline, metric_key, unit)
    assert target is not None and deadline is not None
    if metric is not None:
        unit = metric.unit.value  # shown as the metric's unit (``Objective.unit_label``)
    if len(unit) > 40:
        raise ActionRefused(_("Use at most 40 characters."), field="unit")
    baseline = _number(values.get("baseline"), "baseline")
    if baseline is None:
        raise ActionRefused(_("Enter the value at the start (the baseline)."), field="baseline")
    starts_on = values.get("starts_on")
    if not isinstance(starts_on, dt.date):
        raise ActionRefused(_("Enter the start date."), field="starts_on")
    refuse_far_date(starts_on, "starts_on")
    refuse_far_date(deadline, "deadline")
    if deadline <= starts_on:
        raise ActionRefused(_("The deadline must lie after the start."), field="deadline")
    if (deadline - starts_on).days > MAX_OBJECTIVE_DAYS:
        raise ActionRefused(
            _("An objective runs for at most one year; set a follow-up objective for the next year."),
            field="deadline",
        )
    direction = values.get("direction")
    if direction not in Direction.values:
        raise ActionRefused(_("Choose “at least” or “at most”."), field="direction")
    if target == baseline:
        raise ActionRefused(_("The target must differ from the baseline."), field="target")
    frequency = values.get("frequency")
    if frequency not in EvaluationFrequency.values:
        raise ActionRefused(_("Choose how often the objective is evaluated."), field="frequency")
    method = str(values.get("evaluation_method") or "").strip()
    if not method:
        raise ActionRefused(_("Describe how the objective is evaluated."), field="evaluation_method")
    if len(method) > 2000:
        raise ActionRefused(_("Use at most 2,000 characters."), field="evaluation_method")
    owner = values.get("owner")
    if not isinstance(owner, Membership) or owner.organization_id != member.organization_id:
        raise ActionRefused(_("Choose the owner among the organization's members."), field="owner")
    if not owner.is_active:
        raise ActionRefused(_("The owner must be an active member."), field="owner")
    return {
        "title": title,
        "owner": owner,
        "metric_key": metric_key,
        "unit": unit,
        "baseline": baseline,
        "target": target,
        "direction": direction,
        "starts_on": starts_on,
        "deadline": deadline,
        "evaluation_method": method,
        "frequency": frequency,
    }


def _snapshot(objective: Objective) -> dict[str, Any]:
    return audit.snapshot(objective, (*FIELDS, "status", "final_value"))


@action(Capability.MANAGE_OBJECTIVES)
def create_objective(member: Membership, **values: Any) -> Objective:
    """Set a new quality objective; refused unless it is measurable (``_refuse_unmeasurable``)."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ActionRefused(_("These details cannot be set here."))
    cleaned = _clean(member, values)
    with transaction.atomic():
        objective = Objective.objects.create(organization=member.organization, **cleaned)
        audit.record(member.organization, member, "objectives.created", objective, after=_snapshot(objective))
    return objective


@action(Capability.MANAGE_OBJECTIVES)
def update_objective(member: Membership, objective: Objective, **changes: Any) -> Objective:
    """Change an active objective; the changed objective must be as measurable as a new one."""
    if set(changes) - set(FIELDS):
        raise ActionRefused(_("These details cannot be changed here."))
    with transaction.atomic():
        locked = Objective.objects.select_for_update().select_related("owner").get(pk=objective.pk)
        if locked.status != ObjectiveStatus.ACTIVE:
            raise ActionRefused(_("A closed or cancelled objective is not changed any more."))
        current = {field: getattr(locked, field) for field in FIELDS}
        cleaned = _clean(member, {**current, **changes})
        if cleaned["metric_key"] != locked.metric_key and locked.entries.exists():
            raise ActionRefused(
                _("Values were recorded by hand already; the data source stays as it is."),
                field="metric_key",
            )
        if locked.entries.exclude(day__range=(cleaned["starts_on"], cleaned["deadline"])).exists():
            raise ActionRefused(
                _("Recorded values lie outside the new period; keep the period around them."),
                field="deadline",
            )
        before = _snapshot(locked)
        for field, value in cleaned.items():
            setattr(locked, field, value)
        locked.save(update_fields=list(FIELDS))
        audit.record(
            member.organization, member, "objectives.updated", locked, before=before, after=_snapshot(locked)
        )
    return locked


@action(Capability.MANAGE_OBJECTIVES)
def record_entry(
    member: Membership, objective: Objective, *, day: dt.date, value: Any, note: str = ""
) -> ManualEntry:
    """Record the value of a manually measured objective on ``day`` (one value a day, within its period)."""
    if not objective.is_manual:
        raise ActionRefused(_("This objective reads its values from a platform metric."))
    if objective.status != ObjectiveStatus.ACTIVE:
        raise ActionRefused(_("A closed or cancelled objective is not changed any more."))
    if not isinstance(day, dt.date):
        raise ActionRefused(_("Enter the date."), field="day")
    refuse_far_date(day, "day")
    if not objective.starts_on <= day <= objective.deadline:
        raise ActionRefused(_("Enter a date between the start and the deadline."), field="day")
    if day > timezone.localdate(timezone=objective.organization.zone):
        raise ActionRefused(_("A value is recorded once it has been measured, not in advance."), field="day")
    number = _number(value, "value")
    if number is None:
        raise ActionRefused(_("Enter the measured value."), field="value")
    note = note.strip()
    if len(note) > 1000:
        raise ActionRefused(_("Use at most 1,000 characters."), field="note")
    try:
        with transaction.atomic():
            entry = ManualEntry.objects.create(
                objective=objective,
                day=day,
                value=number,
                note=note,
                recorded_by=member,
                recorded_by_name=member.user.full_name or member.user.email,
            )
            audit.record(
                member.organization,
                member,
                "objectives.entry_recorded",
                objective,
                after={"day": day.isoformat(), "value": str(number), "note": note},
                personal=("note",),
            )
    except IntegrityError:
        raise ActionRefused(_("A value for this date is recorded already."), field="day") from None
    return entry


def _finish(member: Membership, objective: Objective, status: ObjectiveStatus, verb: str) -> Objective:
    with transaction.atomic():
        locked = Objective.objects.select_for_update().select_related("organization").get(pk=objective.pk)
        if locked.status != ObjectiveStatus.ACTIVE:
            raise ActionRefused(_("The objective is closed or cancelled already."))
        before = _snapshot(locked)
        if status == ObjectiveStatus.CLOSED:
            locked.final_value = evaluate(locked).value
        locked.status = status
        locked.save(update_fields=["status", "final_value"])
        audit.record(member.organization, member, verb, locked, before=before, after=_snapshot(locked))
    return locked


@action(Capability.MANAGE_OBJECTIVES)
def close_objective(member: Membership, objective: Objective) -> Objective:
    """Close the objective at its evaluation: its current value is kept as the final value."""
    return _finish(member, objective, ObjectiveStatus.CLOSED, "objectives.closed")


@action(Capability.MANAGE_OBJECTIVES)
def cancel_objective(member: Membership, objective: Objective) -> Objective:
    """Stop pursuing the objective (it no longer fits); it stays on record."""
    return _finish(member, objective, ObjectiveStatus.CANCELLED, "objectives.cancelled")
