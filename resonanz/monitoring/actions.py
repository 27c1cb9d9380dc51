"""Actions of the monitoring app: importing mentions, the monitoring settings, and the alarm job's step.

Every action runs in one transaction and writes its audit record; e-mails wait for the commit.
"""

from __future__ import annotations

from datetime import UTC

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, system_step
from resonanz.core.models import Membership, Organization
from resonanz.core.roles import Capability
from resonanz.monitoring import alarm as alarms
from resonanz.monitoring.imports import read_upload
from resonanz.monitoring.incidents import open_incident
from resonanz.monitoring.models import (
    MAX_PLAYBOOK_ITEM_LENGTH,
    MAX_PLAYBOOK_ITEMS,
    MentionImport,
    MonitoringAlarm,
    MonitoringSettings,
)
from resonanz.monitoring.notices import MANAGING_ROLES, notify_on_call, settings_of
from resonanz.monitoring.storing import store_mentions

C = Capability


@action(C.MANAGE_MONITORING)
def import_mentions(member: Membership, *, data: bytes, file_name: str = "") -> MentionImport:
    """Store the mentions of an uploaded CSV or JSON-lines file, all or none; ones already stored are
    skipped and counted."""
    rows = read_upload(data, file_name)
    organization = member.organization
    try:
        with transaction.atomic():
            batch = MentionImport.objects.create(
                organization=organization,
                imported_by=member,
                imported_by_name=member.user.full_name or member.user.email,
                imported_at=timezone.now(),
                file_name=file_name[:200],
                rows=len(rows),
                stored=0,
                duplicates=len(rows),
            )
            stored, duplicates = store_mentions(organization, rows, batch=batch)
            batch.stored, batch.duplicates = stored, duplicates
            batch.save(update_fields=["stored", "duplicates"])
            audit.record(
                organization,
                member,
                "monitoring.mentions_imported",
                batch,
                after={
                    "file": batch.file_name,
                    "rows": len(rows),
                    "stored": stored,
                    "duplicates": duplicates,
                },
                personal=("after.file",),
            )
    except IntegrityError:  # another import stored the same mentions meanwhile
        raise ActionRefused(
            gettext_lazy(
                "The same mentions were being stored at the same time. Please import the file again."
            )
        ) from None
    return batch


@action(C.MANAGE_MONITORING)
def update_monitoring_settings(
    member: Membership, *, on_call: Membership | None, playbook: list[str]
) -> MonitoringSettings:
    """Name the on-call communications manager and keep the crisis playbook (one checklist item a line)."""
    items = [" ".join(str(item).split()) for item in playbook]
    items = [item for item in items if item]
    if len(items) > MAX_PLAYBOOK_ITEMS:
        raise ActionRefused(
            gettext_lazy("The playbook may have at most %(limit)s items."),
            params={"limit": MAX_PLAYBOOK_ITEMS},
            field="playbook",
        )
    if any(len(item) > MAX_PLAYBOOK_ITEM_LENGTH for item in items):
        raise ActionRefused(
            gettext_lazy("An item of the playbook may have at most %(limit)s characters."),
            params={"limit": MAX_PLAYBOOK_ITEM_LENGTH},
            field="playbook",
        )
    if on_call is not None and (
        not on_call.is_active or not on_call.role_assignments.filter(role__in=MANAGING_ROLES).exists()
    ):
        raise ActionRefused(
            gettext_lazy("The person on call must be an active communications manager or quality officer."),
            field="on_call",
        )
    organization = member.organization
    with transaction.atomic():
        current, _created = MonitoringSettings.objects.select_for_update().get_or_create(
            organization=organization, defaults={"playbook": []}
        )
        before = {"on_call": current.on_call_id, "playbook": list(current.playbook)}
        current.on_call = on_call
        current.playbook = items
        current.save()
        audit.record(
            organization,
            member,
            "monitoring.settings_updated",
            current,
            before=before,
            after={"on_call": current.on_call_id, "playbook": items},
        )
    return current


@system_step
def raise_alarm(organization: Organization, found: alarms.Alarm) -> MonitoringAlarm | None:
    """Store a new alarm, open its incident with the crisis playbook and tell the on-call manager once;
    None when this alarm (or one of the same reason within the cool-down) is stored already."""
    hour = found.at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        if MonitoringAlarm.objects.filter(
            organization=organization,
            reason=found.reason,
            at__gt=found.at - alarms.COOLDOWN,
            at__lt=found.at + alarms.COOLDOWN,
        ).exists():
            return None
        stored = MonitoringAlarm.objects.create(
            organization=organization,
            at=found.at,
            hour=hour,
            reason=found.reason,
            voices=found.voices,
            expected=found.expected,
            negative_share=min(max(found.negative_share, 0.0), 1.0),
        )
        local = found.at.astimezone(organization.zone)
        with translation.override(organization.default_language):
            title = _("Shitstorm early warning: %(reason)s at %(at)s") % {
                "reason": stored.get_reason_display(),
                "at": local.strftime("%Y-%m-%d %H:%M"),
            }
            description = _(
                "%(voices)s voices in the hour (%(expected)s expected), %(share)s %% of them negative."
            ) % {
                "voices": found.voices,
                "expected": round(found.expected, 1),
                "share": round(found.negative_share * 100),
            }
        stored.incident_key = open_incident(
            organization,
            source_key=f"monitoring-alarm-{stored.pk}",
            title=title,
            description=description,
            checklist=list(settings_of(organization).playbook),
        )
        if stored.incident_key:
            stored.save(update_fields=["incident_key"])
        audit.record(
            organization,
            None,
            "monitoring.alarm_raised",
            stored,
            after={**found.as_json(), "incident": stored.incident_key},
        )
        transaction.on_commit(lambda: notify_on_call(stored.pk))
    return stored
