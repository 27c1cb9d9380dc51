"""Seeder for the outsider walk: incidents through their workflow, corrective actions, a scheduled
effectiveness check and a sent reminder."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.plan.reviews import local_today
from resonanz.quality import actions
from resonanz.quality.actions.reminders import send_quality_reminders
from resonanz.quality.models import DEFAULT_CHECK_WEEKS


@outsider_seeder
def seed_quality(ctx: SeedContext) -> None:
    admin, owner = ctx.admin, ctx.members[Role.AMBASSADOR]
    incident = actions.open_incident(
        admin,
        title=f"Beschwerde {ctx.marker}",
        description=f"Vorfall {ctx.marker}",
        checklist=[f"Punkt {ctx.marker}"],
    )
    actions.record_containment(admin, incident, containment=f"Eingedämmt {ctx.marker}")
    actions.record_cause_analysis(admin, incident, whys=[f"Warum {ctx.marker}"], cause_category="method")
    today = local_today(ctx.organization)
    done = actions.add_corrective_action(
        admin, incident, title=f"Maßnahme {ctx.marker}", owner=owner, due_date=today + dt.timedelta(days=7)
    )
    actions.complete_corrective_action(owner, done, note=f"Erledigt {ctx.marker}")
    actions.schedule_effectiveness_check(
        admin, incident, weeks=8, criterion=f"Keine Wiederholung {ctx.marker}"
    )
    second = actions.open_incident(admin, title=f"Abweichung {ctx.marker}")
    actions.record_containment(admin, second, containment=f"Gestoppt {ctx.marker}")
    actions.record_cause_analysis(admin, second, whys=[f"Grund {ctx.marker}"], cause_category="people")
    pending = actions.add_corrective_action(
        admin,
        second,
        title=f"Offene Maßnahme {ctx.marker}",
        owner=owner,
        due_date=today + dt.timedelta(days=3),
    )
    send_quality_reminders(timezone.now() + dt.timedelta(weeks=DEFAULT_CHECK_WEEKS, days=1))
    ctx.made.update(
        {"quality.incident": incident, "quality.open_incident": second, "quality.action": pending}
    )
