"""Who hears of an alarm, and the e-mail they get (after the alarm's transaction commits)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from resonanz.core.models import Membership, Organization
from resonanz.core.roles import CAPABILITIES, Capability
from resonanz.monitoring.models import MonitoringAlarm, MonitoringSettings

logger = logging.getLogger(__name__)
MAX_RECIPIENTS = 20
MANAGING_ROLES = [
    role.value for role, granted in CAPABILITIES.items() if Capability.MANAGE_MONITORING in granted
]


def settings_of(organization: Organization) -> MonitoringSettings:
    found = MonitoringSettings.objects.filter(organization=organization).select_related("on_call").first()
    return found or MonitoringSettings(organization=organization, playbook=[])


def _recipients(organization: Organization) -> list[Membership]:
    """The on-call communications manager, else every active member who manages monitoring."""
    chosen = settings_of(organization).on_call
    if chosen is not None and chosen.is_active:
        return [Membership.objects.select_related("user").get(pk=chosen.pk)]
    members = Membership.objects.filter(
        organization=organization, is_active=True, role_assignments__role__in=MANAGING_ROLES
    )
    return list(members.select_related("user").distinct().order_by("pk")[:MAX_RECIPIENTS])


def notify_on_call(alarm_id: int) -> int:
    """E-mail the alarm to whoever is on call, each in their language; how many were sent."""
    found = MonitoringAlarm.objects.select_related("organization").filter(pk=alarm_id).first()
    if found is None:
        return 0
    organization = found.organization
    link = settings.SITE_URL + reverse("org-home", args=[organization.slug])
    sent = 0
    for member in _recipients(organization):
        user = member.user
        context = {
            "alarm": found,
            "local_at": found.at.astimezone(organization.zone),
            "share": round(found.negative_share * 100),
            "incident": bool(found.incident_key),
            "name": user.full_name or user.email,
            "link": link,
            "organization": organization,
        }
        try:
            with translation.override(user.language or organization.default_language):
                subject = render_to_string("monitoring/email/alarm_subject.txt", context).strip()
                body = render_to_string("monitoring/email/alarm.txt", context)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            sent += 1
        except Exception:
            logger.exception("the alarm notice %s could not be sent", alarm_id)
    return sent
