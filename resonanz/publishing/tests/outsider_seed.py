"""Seeders of the publishing app for the outsider walk (see resonanz/core/tests/outsider_seed.py).

Accounts are connected with ``save_account`` (a profile made up here, as the seeds reach no network).
The approved post is scheduled with ``schedule_post`` and recorded as published (as the worker would),
and corrected with ``record_correction`` (8.7).
"""

from __future__ import annotations

from django.utils import timezone

from resonanz.content.models import PostNetwork, PostStatus
from resonanz.content.tests.factories import make_post
from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.publishing.actions.accounts import save_account
from resonanz.publishing.actions.corrections import record_correction
from resonanz.publishing.actions.deliveries import schedule_post
from resonanz.publishing.connectors.base import Profile
from resonanz.publishing.models import AccountKind, CorrectionAction, Delivery, DeliveryStatus


@outsider_seeder
def seed_publishing(ctx: SeedContext) -> None:
    marker = ctx.marker
    slug = ctx.organization.slug
    manager = ctx.members[Role.COMMUNICATIONS_MANAGER]
    now = timezone.now()
    # Accounts are stored through the action that stores what the network confirmed; the seeds cannot
    # reach a network, so the confirmed profile is made up here.
    company = save_account(
        manager,
        kind=AccountKind.COMPANY,
        network=PostNetwork.BLUESKY,
        base_url="https://pds.example",
        profile=Profile(identifier=f"did:plc:{slug}", display_name=f"Konto {marker}"),
        secret=f"app-password-{marker}",
        channel=ctx.made.get("plan.channel"),
    )
    ambassador = ctx.members[Role.AMBASSADOR]
    ctx.made["publishing.personal_account"] = save_account(
        ambassador,
        kind=AccountKind.PERSONAL,
        network=PostNetwork.MASTODON,
        base_url="https://social.example",
        profile=Profile(identifier=f"{marker.lower()}-ambassador", display_name=f"Eigenes Konto {marker}"),
        secret=f"token-{marker}",
    )
    post = make_post(manager, title=f"Veröffentlicht {marker}", text=f"Wir sind online {marker}")
    post.status = PostStatus.APPROVED
    post.approved_revision = post.revision
    post.save(update_fields=["status", "approved_revision"])
    (delivery,) = schedule_post(manager, post, [company], now)
    # Published as the worker records it (its own tests publish to a real server).
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PUBLISHED,
        attempts=1,
        remote_id=f"at://did:plc:{slug}/app.bsky.feed.post/3kabc",
        remote_url=f"https://bsky.app/profile/{slug}.pds.example/post/3kabc",
        published_at=now,
    )
    delivery.refresh_from_db()
    quality = ctx.members[Role.QUALITY_OFFICER]
    ctx.made["publishing.account"] = company
    ctx.made["publishing.delivery"] = delivery
    ctx.made["publishing.correction"] = record_correction(
        quality,
        delivery,
        what_was_wrong=f"Falsches Datum {marker}",
        correction=CorrectionAction.KEPT,
        what_was_done=f"Hinweis ergänzt {marker}",
    )
