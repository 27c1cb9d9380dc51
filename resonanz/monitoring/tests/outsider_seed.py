"""Seeder for the outsider walk: monitoring settings with an on-call manager and a playbook, an import of
mentions (authors and texts carry the marker) and an alarm with its incident."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.monitoring import alarm as alarms
from resonanz.monitoring.actions import import_mentions, raise_alarm, update_monitoring_settings


@outsider_seeder
def seed_monitoring(ctx: SeedContext) -> None:
    admin = ctx.admin
    update_monitoring_settings(
        admin, on_call=ctx.members[Role.COMMUNICATIONS_MANAGER], playbook=[f"Lage bewerten {ctx.marker}"]
    )
    now = timezone.now().replace(microsecond=0)
    lines = [
        json.dumps(
            {
                "id": f"{ctx.marker}-{index}",
                "network": "mastodon",
                "author": f"@kritik{index}{ctx.marker}@example.social",
                "created_at": (now - dt.timedelta(minutes=10 * index)).isoformat(),
                "lang": "de",
                "text": f"Das ist wirklich enttäuschend {ctx.marker}",
            }
        )
        for index in range(3)
    ]
    import_mentions(admin, data=("\n".join(lines) + "\n").encode(), file_name=f"{ctx.marker}.jsonl")
    raise_alarm(
        ctx.organization,
        alarms.Alarm(
            at=now - dt.timedelta(hours=1), reason="spike", voices=30, expected=3.0, negative_share=0.7
        ),
    )
