"""Seeders for the outsider walk: a campaign, guideline rules and a post of the campaign, made through
the editor's actions."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from resonanz.content.actions.campaigns import create_campaign
from resonanz.content.actions.guidelines import add_guideline_rule
from resonanz.content.actions.images import add_image
from resonanz.content.models import RuleKind, Severity
from resonanz.content.tests.factories import make_post, png_bytes
from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder


@outsider_seeder
def seed_posts(ctx: SeedContext) -> None:
    marker = ctx.marker
    manager = ctx.members[Role.COMMUNICATIONS_MANAGER]
    campaign = create_campaign(manager, f"Kampagne {marker}", description=f"Ziel {marker}")
    ctx.made["content.campaign"] = campaign
    ctx.made["content.guideline_rule"] = add_guideline_rule(
        manager, RuleKind.CONFIDENTIAL_NAME, f"Projekt {marker}", Severity.BLOCK, f"Vertraulich {marker}"
    )
    add_guideline_rule(
        manager,
        RuleKind.REQUIRED_DISCLOSURE,
        f"#mitarbeiter{marker.lower().replace('-', '')}",
        Severity.WARN,
    )
    ctx.made["content.campaign_post"] = make_post(
        manager,
        title=f"Kampagnenbeitrag {marker}",
        text=f"Neues aus der Kampagne {marker}",
        campaign=campaign,
    )
    # A draft with an image (adding one makes a new revision, so not the post in review above).
    post = make_post(manager, title=f"Bildbeitrag {marker}", text=f"Ein Bild {marker}", checked=False)
    upload = SimpleUploadedFile(f"plakat-{marker}.png", png_bytes(), content_type="image/png")
    ctx.made["content.post_image"] = add_image(manager, post, upload, alt_text=f"Plakat {marker}")
