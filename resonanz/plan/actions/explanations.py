"""Explaining a missed date (a reason, a text, maybe a corrective action) and corrective actions.

A date can be explained only when it was missed: a planned occurrence of the row (by the version in
force on that date), in the past, without evidence. The constraint ``plan_explanation_once`` keeps
one explanation per date when two people explain it at the same moment.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.dates import refuse_far_date
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, same_organization
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text, member_name
from resonanz.plan.execution import row_in_force
from resonanz.plan.models import (
    CorrectiveAction,
    CorrectiveStatus,
    Evidence,
    MissExplanation,
    MissReason,
    PlanRow,
)
from resonanz.plan.schedule import row_occurrences

EXPLANATION_FIELDS = ("plan", "row_key", "planned_for", "reason", "text", "corrective_action")
CORRECTIVE_FIELDS = ("title", "description", "owner", "due_date", "status", "closed_at")


def _refuse_not_missed() -> ActionRefused:
    return ActionRefused(
        _("Only a missed date can be explained: it has evidence."), field="planned_for", code="not_missed"
    )


@action(Capability.RECORD_EVIDENCE)
def explain_missed_date(
    member: Membership,
    row: PlanRow,
    *,
    planned_for: dt.datetime,
    reason: MissReason,
    text: str = "",
    corrective_action: CorrectiveAction | None = None,
) -> MissExplanation:
    """Record why the planned date ``planned_for`` of ``row`` was not carried out."""
    if not isinstance(planned_for, dt.datetime) or timezone.is_naive(planned_for):
        raise ActionRefused(_("Give the time with its time zone."), field="planned_for")
    refuse_far_date(planned_for, "planned_for")
    if planned_for >= timezone.now():
        raise ActionRefused(
            _("This date lies in the future: it can be explained once it has been missed."),
            field="planned_for",
            code="future",
        )
    if reason.organization_id != member.organization_id:
        raise ActionRefused(_("Choose a reason from the list."), field="reason")
    if not reason.is_active:
        raise ActionRefused(_("This reason is no longer offered; choose another."), field="reason")
    if corrective_action is not None and corrective_action.organization_id != member.organization_id:
        raise ActionRefused(_("Choose a corrective action of this organization."), field="corrective_action")
    with transaction.atomic():
        fresh = PlanRow.objects.select_related("version__plan__organization").get(pk=row.pk)
        plan = fresh.version.plan
        same_organization(member, plan.organization_id)
        planned_row = row_in_force(fresh, planned_for)
        if planned_row is None:
            raise ActionRefused(_("The row has no planned occurrence at this time."), field="planned_for")
        if _has_evidence(planned_row, planned_for):
            raise _refuse_not_missed()
        if MissExplanation.objects.filter(plan=plan, row_key=fresh.row_key, planned_for=planned_for).exists():
            raise _refuse_explained()
        explanation = MissExplanation(
            organization_id=plan.organization_id,
            plan=plan,
            row_key=fresh.row_key,
            planned_for=planned_for,
            reason=reason,
            text=clean_text(text, 5000),
            corrective_action=corrective_action,
            recorded_by=member,
            recorded_by_name=member_name(member),
        )
        try:
            with transaction.atomic():
                explanation.save()
        except IntegrityError:
            raise _refuse_explained() from None
        audit.record(
            plan.organization,
            member,
            "plan.missed_date_explained",
            explanation,
            after=audit.snapshot(explanation, EXPLANATION_FIELDS),
        )
    return explanation


def _refuse_explained() -> ActionRefused:
    return ActionRefused(_("This date has been explained already."), field="planned_for", code="explained")


def _has_evidence(row: PlanRow, planned_for: dt.datetime) -> bool:
    """Whether evidence fulfils the date: evidence naming it, or evidence naming no date from its
    day up to the row's next date (as the comparison matches it)."""
    plan_id = row.version.plan_id
    named = Evidence.objects.filter(plan_id=plan_id, row_key=row.row_key, planned_for=planned_for)
    if named.exists():
        return True
    zone = row.version.plan.organization.zone
    day = dt.datetime.combine(planned_for.astimezone(zone).date(), dt.time(0), tzinfo=zone)
    following = row_occurrences(
        row, zone, planned_for + dt.timedelta(microseconds=1), day + dt.timedelta(days=400), 1
    )
    until = day + dt.timedelta(days=400)
    if following:
        until = dt.datetime.combine(following[0].local_date, dt.time(0), tzinfo=zone)
    loose = Evidence.objects.filter(
        plan_id=plan_id,
        row_key=row.row_key,
        planned_for__isnull=True,
        occurred_at__gte=day,
        occurred_at__lt=until,
    )
    return loose.exists()


def _clean_corrective(member: Membership, values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    if "title" in cleaned:
        cleaned["title"] = clean_text(cleaned["title"] or "", 200)
        if not cleaned["title"]:
            raise ActionRefused(_("Enter a title."), field="title")
    if "description" in cleaned:
        cleaned["description"] = clean_text(cleaned["description"] or "", 5000)
    owner = cleaned.get("owner")
    if owner is not None and (
        not isinstance(owner, Membership)
        or owner.organization_id != member.organization_id
        or not owner.is_active
    ):
        raise ActionRefused(_("Choose an active member of the organization."), field="owner")
    due = cleaned.get("due_date")
    if due is not None:
        if not isinstance(due, dt.date) or isinstance(due, dt.datetime):
            raise ActionRefused(_("Enter a valid date."), field="due_date")
        refuse_far_date(due, "due_date")
    return cleaned


@action(Capability.RECORD_EVIDENCE)
def create_corrective_action(
    member: Membership,
    *,
    title: str,
    description: str = "",
    owner: Membership | None = None,
    due_date: dt.date | None = None,
) -> CorrectiveAction:
    """A corrective action for something that went wrong (a missed date); open until closed."""
    cleaned = _clean_corrective(
        member, {"title": title, "description": description, "owner": owner, "due_date": due_date}
    )
    with transaction.atomic():
        corrective = CorrectiveAction.objects.create(
            organization=member.organization,
            created_by=member,
            created_by_name=member_name(member),
            **cleaned,
        )
        audit.record(
            member.organization,
            member,
            "plan.corrective_action_created",
            corrective,
            after=audit.snapshot(corrective, CORRECTIVE_FIELDS),
        )
    return corrective


@action(Capability.RECORD_EVIDENCE)
def close_corrective_action(member: Membership, corrective_action: CorrectiveAction) -> CorrectiveAction:
    """Mark a corrective action as done; closing a closed one changes nothing."""
    with transaction.atomic():
        locked = CorrectiveAction.objects.select_for_update().get(pk=corrective_action.pk)
        if locked.status == CorrectiveStatus.CLOSED:
            return locked
        before = audit.snapshot(locked, CORRECTIVE_FIELDS)
        locked.status = CorrectiveStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        audit.record(
            member.organization,
            member,
            "plan.corrective_action_closed",
            locked,
            before=before,
            after=audit.snapshot(locked, CORRECTIVE_FIELDS),
        )
    return locked
