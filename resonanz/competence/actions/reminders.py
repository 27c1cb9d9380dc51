"""Expiry reminders: a job step that e-mails the holder of a certificate (and the QO) before it runs out.

Chosen by state, not by date: every run looks at every certificate that runs out within
``REMIND_DAYS_BEFORE`` days and has no reminder yet, so a missed run is caught up by the next one. A
certificate renewed by a later one that lasts longer is left alone. The unique ``CertificateReminder``
row is the claim: two workers (or a re-run) cannot both insert it, so nobody is reminded twice.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from resonanz.competence.models import Certificate, CertificateReminder, CertificateReminderKind
from resonanz.competence.validity import REMIND_DAYS_BEFORE, expiring
from resonanz.core import audit
from resonanz.core.guards import system_step
from resonanz.core.models import Membership, User
from resonanz.core.roles import Role

logger = logging.getLogger(__name__)
MAX_REMINDERS_PER_RUN = 1000
KIND = CertificateReminderKind.DAYS_30


def _candidates(today: dt.date) -> list[Certificate]:
    reminded = CertificateReminder.objects.filter(certificate=OuterRef("pk"), kind=KIND)
    return list(
        Certificate.objects.filter(expiring(today, REMIND_DAYS_BEFORE))
        .exclude(Exists(reminded))
        .select_related("organization", "competence", "membership__user")
        .order_by("expires_on", "pk")[:MAX_REMINDERS_PER_RUN]
    )


def _claim(certificate: Certificate) -> CertificateReminder | None:
    try:
        with transaction.atomic():
            return CertificateReminder.objects.create(certificate=certificate, kind=KIND)
    except IntegrityError:
        return None


def _recipients(certificate: Certificate) -> list[User]:
    """The holder first, then the organization's active quality officers (each person once)."""
    officers = [
        membership.user
        for membership in Membership.objects.filter(
            organization_id=certificate.organization_id,
            is_active=True,
            role_assignments__role=Role.QUALITY_OFFICER,
        )
        .select_related("user")
        .order_by("pk")[:20]
    ]
    found: list[User] = [certificate.membership.user]
    for user in officers:
        if user.pk not in {known.pk for known in found}:
            found.append(user)
    return [user for user in found if user.is_active and user.email]


def _link(certificate: Certificate, for_holder: bool) -> str:
    """Officers get the holder's certificates; the holder (who may not see them) gets the start page."""
    slug = certificate.organization.slug
    try:
        if for_holder:
            path = reverse("org-home", kwargs={"org": slug})
        else:
            path = reverse(
                "competence:competence_person",
                kwargs={"org": slug, "membership_id": certificate.membership_id},
            )
    except NoReverseMatch:
        path = f"/o/{slug}/"
    return settings.SITE_URL + path


@system_step
def remind_of_expiry(certificate: Certificate) -> bool:
    """Send the reminder about ``certificate`` unless it went out already. True if it was sent now."""
    reminder = _claim(certificate)
    if reminder is None:
        return False  # another worker (or an earlier run) was quicker
    holder = certificate.membership.user
    sent_to: list[str] = []
    for user in _recipients(certificate):
        context = {
            "name": user.full_name or user.email,
            "holder": holder.full_name or holder.email,
            "is_holder": user.pk == holder.pk,
            "competence": certificate.competence.name,
            "expires_on": certificate.expires_on,
            "link": _link(certificate, user.pk == holder.pk),
            "organization": certificate.organization,
        }
        with translation.override(user.language):
            subject = render_to_string("competence/email/expiry_reminder_subject.txt", context).strip()
            body = render_to_string("competence/email/expiry_reminder.txt", context)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:
            logger.exception(
                "expiry reminder for certificate %s could not be sent to one recipient", certificate.pk
            )
            continue
        sent_to.append(user.email)
    if not sent_to:
        # Nobody got it: give the claim back so that the next run tries again.
        CertificateReminder.objects.filter(pk=reminder.pk).delete()
        return False
    with transaction.atomic():
        CertificateReminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
        audit.record(
            certificate.organization,
            None,
            "competence.expiry_reminder_sent",
            certificate,
            after={"kind": KIND.value, "expires_on": certificate.expires_on, "recipients": sent_to},
            personal=("recipients",),
        )
    return True


@system_step
def send_one_expiry_reminder(today: dt.date | None = None) -> bool:
    """The one-row step: send the first due reminder. False when there was nothing to send."""
    today = today or timezone.localdate()
    return any(remind_of_expiry(certificate) for certificate in _candidates(today))


@system_step
def send_expiry_reminders(today: dt.date | None = None) -> int:
    """Send every reminder that is due, in one pass; returns how many certificates were reminded of."""
    today = today or timezone.localdate()
    return sum(remind_of_expiry(certificate) for certificate in _candidates(today))
