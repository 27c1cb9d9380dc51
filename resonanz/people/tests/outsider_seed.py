"""Seeder for the outsider walk: profiles with topics and social profiles, and a leaver."""

from __future__ import annotations

from resonanz.core import actions as core_actions
from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.people.actions import leavers, profiles
from resonanz.people.models import Network, ProgramRole


@outsider_seeder
def seed_people(ctx: SeedContext) -> None:
    """Every role's member gets a profile; the buddy and the administrator a social profile each."""
    admin, marker = ctx.admin, ctx.marker
    topic = ctx.made["plan.topic"]
    profiles.update_profile(
        admin, admin, languages=["de", "en"], time_zone="Europe/Berlin", expertise_topics=[topic.pk]
    )
    ctx.made["people.admin_social"] = profiles.add_social_profile(
        admin, admin, network=Network.LINKEDIN, handle=f"https://www.linkedin.com/in/leitung-{marker.lower()}"
    )
    for role, member in ctx.members.items():
        if role in (Role.AUDITOR, Role.WORKS_COUNCIL):
            continue
        profiles.update_profile(member, member, languages=["de"], expertise_topics=[topic.pk])
    buddy = ctx.members[Role.BUDDY]
    profiles.update_profile(admin, buddy, program_role=ProgramRole.BUDDY)
    ctx.made["people.social_profile"] = profiles.add_social_profile(
        buddy, buddy, network=Network.MASTODON, handle=f"@buddy-{marker.lower()}@social.example"
    )
    ctx.made["people.profile"] = buddy.profile
    leaver = core_actions.add_member(
        admin,
        ctx.organization,
        email=f"gegangen.{marker.lower()}@{ctx.organization.slug}.example",
        full_name=f"Gegangen {marker}",
        roles=[Role.AMBASSADOR],
        job_title=f"Früher {marker}",
        send_invitation=False,
    )
    profiles.update_profile(admin, leaver, languages=["fr"])
    ctx.made["people.leaver"] = leavers.deactivate_leaver(admin, leaver)


@outsider_seeder
def seed_people_import(ctx: SeedContext) -> None:
    """A people import waiting for its column mapping (``PeopleImportJob``)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from resonanz.people.actions import imports

    marker = ctx.marker
    upload = SimpleUploadedFile(
        f"personal-{marker}.csv",
        f"E-Mail;Vorname;Nachname\r\nneu.{marker.lower()}@example.com;Neu;{marker}\r\n".encode(),
        content_type="text/csv",
    )
    job = imports.upload_people_import(ctx.admin, upload)
    imports.read_people_upload(job.pk)
    job.refresh_from_db()
    ctx.made["people.import_job"] = job
