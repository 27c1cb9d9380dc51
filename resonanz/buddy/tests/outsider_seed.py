"""Seeder for the outsider walk: one of every buddy-programme object, marked with the marker."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from resonanz.buddy import actions
from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.plan.models import Topic


@outsider_seeder
def seed_buddy(ctx: SeedContext) -> None:
    """A buddy, an opt-in sharing its details, a run, a pinned pair with a full coaching plan and a check."""
    marker = ctx.marker
    manager = ctx.members[Role.COMMUNICATIONS_MANAGER]
    buddy_member = ctx.members[Role.BUDDY]
    colleague = ctx.members[Role.AMBASSADOR]
    topic = Topic.objects.filter(organization=ctx.organization, is_active=True).first()
    topics = [topic.pk] if topic is not None else []
    buddy = actions.save_buddy_profile(
        manager,
        buddy_member,
        capacity=2,
        languages=["de", "en"],
        topics=topics,
        introduction=f"Buddy {marker}",
    )
    opt_in = actions.opt_in(
        colleague,
        languages=["de"],
        topics=topics,
        wishes=f"Wunsch {marker}",
        share_details_with_program_managers=True,
    )
    actions.update_matching_weights(manager, topic_miss=9)
    run = actions.run_matching(manager, note=f"Lauf {marker}")
    pair = (
        actions.pin_pair(manager, buddy, opt_in, reason=f"Grund {marker}")
        if not run.pairs_count
        else (run.pairs.get())
    )
    if not pair.is_manual:
        # A pinned pair carries its reason (and the marker); move the colleague onto it by hand.
        actions.end_pair(manager, pair, reason=f"Neu {marker}")
        pair = actions.pin_pair(manager, buddy, opt_in, reason=f"Grund {marker}")
    actions.update_coaching_plan(colleague, pair, goals=f"Ziele {marker}")
    session = actions.add_session(
        buddy_member,
        pair,
        starts_at=timezone.now() + dt.timedelta(days=2),
        topic=f"Thema {marker}",
        notes=f"Notizen {marker}",
    )
    milestone = actions.add_milestone(
        buddy_member, pair, title=f"Meilenstein {marker}", due_on=timezone.localdate()
    )
    campaign = actions.add_campaign(
        colleague, pair, title=f"Kampagne {marker}", topic=topic.pk if topic else None
    )
    criterion = actions.create_criterion(manager, network="linkedin", label=f"Kriterium {marker}", weight=5)
    check = actions.record_profile_check(
        buddy_member,
        pair,
        network="linkedin",
        passed=["photo", criterion.key],
        recommendations=f"Tipp {marker}",
    )
    ctx.made.update(
        {
            "buddy.buddy": buddy,
            "buddy.opt_in": opt_in,
            "buddy.run": run,
            "buddy.pair": pair,
            "buddy.session": session,
            "buddy.milestone": milestone,
            "buddy.campaign": campaign,
            "buddy.criterion": criterion,
            "buddy.check": check,
        }
    )
