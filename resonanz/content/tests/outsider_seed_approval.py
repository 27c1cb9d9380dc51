"""Seeders for the outsider walk: approval rules, and a post waiting for its second approval with a
comment (imported by outsider_seed)."""

from __future__ import annotations

from resonanz.content.actions import approval as actions
from resonanz.content.tests.factories import make_post
from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder


@outsider_seeder
def seed_approval(ctx: SeedContext) -> None:
    marker = ctx.marker
    manager = ctx.members[Role.COMMUNICATIONS_MANAGER]
    quality = ctx.members[Role.QUALITY_OFFICER]
    ctx.made["content.approval_policy"] = actions.set_approval_policy(quality, None, 2, 24)
    channel = ctx.made.get("plan.channel")
    if channel is not None:
        ctx.made["content.channel_approval_policy"] = actions.set_approval_policy(quality, channel, 2, 12)
    post = make_post(manager, title=f"Freigabe {marker}", text=f"Beitrag in Prüfung {marker}")
    actions.approve_post(quality, post, comment=f"Erste Freigabe {marker}")
    actions.comment_on_post(quality, post, f"Kommentar {marker}")
    ctx.made["content.post_in_review"] = post
