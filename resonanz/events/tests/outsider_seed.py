"""Seeder for the outsider walk: events, registrations, a calendar feed, policies and an acknowledgement."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.events import actions
from resonanz.events.models import EventKind, PolicyKind


@outsider_seeder
def seed_events(ctx: SeedContext) -> None:
    admin, marker = ctx.admin, ctx.marker
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=20)
    event = actions.create_event(
        admin,
        title=f"LinkedIn-Workshop {marker}",
        kind=EventKind.WORKSHOP,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        capacity=1,
        place=f"Raum {marker}",
        description=f"Beschreibung {marker}",
    )
    own = actions.register_for_event(admin, event)
    waiting = actions.register_for_event(ctx.members[Role.AMBASSADOR], event)
    _feed, _token = actions.create_calendar_feed(admin)
    draft = actions.create_policy(
        admin, title=f"Entwurf {marker}", version_label="0.1", text=f"Text {marker}", kind=PolicyKind.OTHER
    )
    guideline = actions.create_policy(
        admin,
        title=f"Social-Media-Leitlinie {marker}",
        version_label="1.0",
        text=f"Leitlinie {marker}",
        kind=PolicyKind.SOCIAL_MEDIA_GUIDELINE,
    )
    actions.publish_policy(admin, guideline)
    acknowledgement = actions.acknowledge_policy(admin, guideline)
    ctx.made.update(
        {
            "events.event": event,
            "events.registration": own,
            "events.waiting_registration": waiting,
            "events.draft_policy": draft,
            "events.policy": guideline,
            "events.acknowledgement": acknowledgement,
        }
    )
