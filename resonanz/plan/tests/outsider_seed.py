"""Seeder for the outsider walk: one of every plan object, marked with the organization's marker."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.plan import actions
from resonanz.plan.models import ChannelKind, WhenKind


@outsider_seeder
def seed_plan(ctx: SeedContext) -> None:
    """Reference data, a plan with a superseded, a published and a draft version, comments, evidence."""
    admin, marker = ctx.admin, ctx.marker
    channel = actions.create_channel(
        admin, name=f"Kanal {marker}", kind=ChannelKind.OWNED_MEDIUM, owner=admin
    )
    audience = actions.create_audience(admin, name=f"Zielgruppe {marker}", expectations=f"Erwartung {marker}")
    topic = actions.create_topic(admin, name=f"Thema {marker}", description=f"Beschreibung {marker}")
    inactive = actions.create_topic(admin, name=f"Altes Thema {marker}")
    actions.deactivate_topic(admin, inactive)

    plan = actions.create_plan(admin, identifier=f"KP-{marker}"[:30], title=f"Plan {marker}")
    first = plan.versions.get()
    values = {
        "topic": topic,
        "description": f"Zeile {marker}",
        "key_messages": f"Botschaft {marker}",
        "when_kind": WhenKind.RECURRENCE,
        "rrule": "FREQ=WEEKLY;BYDAY=MO",
        "start_date": dt.date(2026, 1, 5),
        "start_time": dt.time(9, 0),
        "audiences": [audience],
        "channels": [channel],
        "sender_roles": [Role.COMMUNICATIONS_MANAGER],
        "senders": [admin],
        "owner": admin,
        "approver": admin,
        "notes": f"Notiz {marker}",
    }
    row = actions.add_row(admin, first, **values)
    approver = ctx.members[Role.QUALITY_OFFICER]
    actions.submit_for_review(admin, first)
    actions.reject_version(approver, first, f"Bitte ergänzen {marker}")
    actions.submit_for_review(admin, first)
    actions.approve_version(approver, first, f"Freigegeben {marker}")
    actions.publish_version(approver, first)

    second = actions.start_new_draft(admin, plan, f"Änderung {marker}")
    second_row = second.rows.get()
    actions.update_row(admin, second_row, description=f"Geändert {marker}")
    actions.submit_for_review(admin, second)
    actions.approve_version(approver, second)
    actions.publish_version(approver, second)

    draft = actions.start_new_draft(admin, plan, f"Entwurf {marker}")
    actions.add_row(admin, draft, description=f"Entwurfszeile {marker}", trigger=f"Anlass {marker}")
    actions.add_comment(admin, draft, f"Kommentar {marker}")

    monday = dt.datetime(2026, 1, 5, 9, 0, tzinfo=ctx.organization.zone)
    upload = SimpleUploadedFile(
        f"protokoll-{marker}.txt", f"Protokoll {marker}".encode(), content_type="text/plain"
    )
    # The file is stored on commit, which the test's transaction never reaches: run that step here.
    with TestCase.captureOnCommitCallbacks(execute=True):
        evidence = actions.mark_occurrence_done(
            admin, row, planned_for=monday, note=f"Erledigt {marker}", attachment=upload
        )
    linked = actions.link_evidence(
        admin, row, monday + dt.timedelta(days=7), obj=channel, note=f"Beitrag {marker}"
    )

    reason = actions.create_miss_reason(admin, name=f"Grund {marker}")
    corrective = actions.create_corrective_action(
        admin, title=f"Maßnahme {marker}", description=f"Beschreibung {marker}", owner=admin
    )
    explanation = actions.explain_missed_date(
        admin,
        row,
        planned_for=monday + dt.timedelta(days=14),
        reason=reason,
        text=f"Erklärung {marker}",
        corrective_action=corrective,
    )

    ctx.made.update(
        {
            "plan.miss_reason": reason,
            "plan.corrective_action": corrective,
            "plan.explanation": explanation,
            "plan.channel": channel,
            "plan.audience": audience,
            "plan.topic": topic,
            "plan.plan": plan,
            "plan.superseded_version": first,
            "plan.published_version": second,
            "plan.draft": draft,
            "plan.row": row,
            "plan.evidence": evidence,
            "plan.linked_evidence": linked,
        }
    )


# Imports and exports seed their own objects (after the draft they need is made above).
from resonanz.plan.tests import outsider_seed_transfer  # noqa: E402, F401
