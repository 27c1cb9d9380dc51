"""Seeder of the share library for the outsider walk (see resonanz/core/tests/outsider_seed.py): an
approved post offered for sharing, shared by the ambassador to their own account and copied."""

from __future__ import annotations

from resonanz.advocacy import actions
from resonanz.content.models import PostNetwork, PostStatus, PostVariant
from resonanz.content.tests.factories import make_post
from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder


@outsider_seeder
def seed_advocacy(ctx: SeedContext) -> None:
    marker = ctx.marker
    manager = ctx.members[Role.COMMUNICATIONS_MANAGER]
    ambassador = ctx.members[Role.AMBASSADOR]
    link = f"https://example.org/teilen-{marker.lower()}"
    text = f"Teilenswert {marker}: {link}"
    post = make_post(manager, title=f"Zum Teilen {marker}", text=text, link_url=link)
    PostVariant.objects.create(post=post, network=PostNetwork.MASTODON, text=text)
    # Approved as the approval action leaves it (the publishing seed does the same).
    post.status = PostStatus.APPROVED
    post.approved_revision = post.revision
    post.save(update_fields=["status", "approved_revision"])
    topics = [ctx.made["plan.topic"]] if "plan.topic" in ctx.made else []
    audiences = [ctx.made["plan.audience"]] if "plan.audience" in ctx.made else []
    item = actions.offer_for_sharing(manager, post, topics, audiences, f"Hinweis {marker}")
    ctx.made["advocacy.item"] = item
    ctx.made["advocacy.account_share"] = actions.share_to_account(
        ambassador, item, ctx.made["publishing.personal_account"], f"Mein Tipp {marker}: {link}"
    )
    ctx.made["advocacy.copied_share"] = actions.copy_for_sharing(ambassador, item, PostNetwork.BLUESKY, "")
    # Everyone who shares has a share of their own (the page of a share opens for its owner only).
    sharers = [ctx.admin] + [
        ctx.members[role]
        for role in (Role.ADMIN, Role.QUALITY_OFFICER, Role.COMMUNICATIONS_MANAGER, Role.BUDDY)
    ]
    for member in sharers:
        actions.copy_for_sharing(member, item, PostNetwork.BLUESKY, f"Empfehlung {marker}")
