"""Reminders: a daily job step that e-mails the owners of overdue corrective actions and those who
check the effectiveness of an incident's actions once the check is due.

Chosen by state, not by date: every run looks at every open action past its due date and every check
due and not yet recorded, and sends what is still missing for the current due date (a missed run is
caught up by the next). The unique ``QualityReminder`` row is the claim: two workers (or a re-run)
cannot both insert it, so nobody gets the same reminder twice; a failed e-mail gives the claim back.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, Model, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from resonanz.core import audit
from resonanz.core.guards import system_step
from resonanz.core.models import Membership, Organization, User
from resonanz.core.roles import Role
from resonanz.quality.models import EffectivenessCheck, Incident, IncidentAction, QualityReminder, Status

logger = logging.getLogger(__name__)
MAX_REMINDERS_PER_RUN = 1000


def _today(organization: Organization, now: dt.datetime) -> dt.date:
    return now.astimezone(organization.zone).date()


def _not_sent(key_prefix: str, due_field: str) -> Exists:
    # The claim's key names the object and its due date, so a moved due date is reminded again.
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    return Exists(
        QualityReminder.objects.filter(
            organization=OuterRef("organization"),
            key=Concat(
                Value(key_prefix),
                Cast(OuterRef("pk"), CharField()),
                Value(":"),
                Cast(OuterRef(due_field), CharField()),
            ),
        )
    )


def _overdue_actions(now: dt.datetime) -> list[IncidentAction]:
    # A day of slack covers every time zone; _remind decides exactly, in the organization's zone.
    return list(
        IncidentAction.objects.filter(status="open", due_date__lt=now.date() + dt.timedelta(days=1))
        .exclude(_not_sent("action:", "due_date"))
        .select_related("organization", "owner__user", "incident")
        .order_by("due_date", "pk")[:MAX_REMINDERS_PER_RUN]
    )


def _due_checks(now: dt.datetime) -> list[EffectivenessCheck]:
    return list(
        EffectivenessCheck.objects.filter(
            result="", incident__status=Status.CHECKING, due_date__lte=now.date() + dt.timedelta(days=1)
        )
        .exclude(_not_sent("check:", "due_date"))
        .select_related("organization", "incident__owner__user")
        .order_by("due_date", "pk")[:MAX_REMINDERS_PER_RUN]
    )


def _check_recipients(incident: Incident) -> list[User]:
    """Who checks effectiveness: the incident's responsible person, else the quality officers."""
    if incident.owner is not None and incident.owner.is_active:
        return [incident.owner.user]
    officers = (
        Membership.objects.filter(
            organization_id=incident.organization_id,
            is_active=True,
            role_assignments__role=Role.QUALITY_OFFICER,
        )
        .select_related("user")
        .order_by("pk")
        .distinct()
    )
    return [member.user for member in officers]


def _claim(organization: Organization, key: str, recipients: list[User]) -> QualityReminder | None:
    try:
        with transaction.atomic():
            return QualityReminder.objects.create(
                organization=organization, key=key, recipients=", ".join(user.email for user in recipients)
            )
    except IntegrityError:
        return None


def _link(incident: Incident) -> str:
    path = reverse(
        "quality:quality_incident", kwargs={"org": incident.organization.slug, "incident_id": incident.pk}
    )
    return settings.SITE_URL + path


def _deliver(reminder: QualityReminder, obj: Model, recipients: list[User], context: dict[str, Any]) -> bool:
    """E-mail each recipient in their language; on failure give the claim back for the next run."""
    try:
        for user in recipients:
            with translation.override(user.language):
                mail = {**context, "name": user.get_short_name()}
                subject = render_to_string("quality/email/reminder_subject.txt", mail).strip()
                body = render_to_string("quality/email/reminder.txt", mail)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:
        logger.exception("quality reminder %s could not be sent; it will be retried", reminder.key)
        QualityReminder.objects.filter(pk=reminder.pk).delete()
        return False
    with transaction.atomic():
        QualityReminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
        audit.record(
            reminder.organization,
            None,
            "quality.reminder_sent",
            obj,
            after={"reminder": reminder.key, "recipients": reminder.recipients},
            personal=("recipients",),
        )
    return True


@system_step
def remind_action(corrective: IncidentAction, now: dt.datetime) -> bool:
    """Remind the owner of an overdue corrective action, once per due date. True if one was sent."""
    if corrective.due_date >= _today(corrective.organization, now) or not corrective.owner.is_active:
        return False
    recipients = [corrective.owner.user]
    reminder = _claim(corrective.organization, f"action:{corrective.pk}:{corrective.due_date}", recipients)
    if reminder is None:
        return False
    context = {
        "kind": "action",
        "incident": corrective.incident,
        "title": corrective.title,
        "due_date": corrective.due_date,
        "link": _link(corrective.incident),
        "organization": corrective.organization,
    }
    return _deliver(reminder, corrective, recipients, context)


@system_step
def remind_check(check: EffectivenessCheck, now: dt.datetime) -> bool:
    """Remind whoever checks that an effectiveness check is due, once per due date."""
    recipients = _check_recipients(check.incident)
    if check.due_date > _today(check.organization, now) or not recipients:
        return False
    reminder = _claim(check.organization, f"check:{check.pk}:{check.due_date}", recipients)
    if reminder is None:
        return False
    context = {
        "kind": "check",
        "incident": check.incident,
        "title": check.incident.title,
        "due_date": check.due_date,
        "link": _link(check.incident),
        "organization": check.organization,
    }
    return _deliver(reminder, check, recipients, context)


@system_step
def send_quality_reminders(now: dt.datetime | None = None) -> int:
    """Send every reminder that is due now; returns how many were sent."""
    now = now or timezone.now()
    sent = sum(remind_action(corrective, now) for corrective in _overdue_actions(now))
    return sent + sum(remind_check(check, now) for check in _due_checks(now))
