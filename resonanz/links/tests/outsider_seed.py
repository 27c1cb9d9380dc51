"""Seeder for the outsider walk: a tracked link, its clicks (through the log), a rollup, a log position."""

from __future__ import annotations

import tempfile
from pathlib import Path

from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.links import actions
from resonanz.links.ingest import ingest
from resonanz.links.models import ClickLogPosition, DailyClickRollup, VisitorSalt
from resonanz.links.tests.clicking import call, make_redirector


@outsider_seeder
def seed_links(ctx: SeedContext) -> None:
    manager = ctx.members[Role.COMMUNICATIONS_MANAGER]
    link = actions.create_link(
        manager,
        target_url=f"https://example.org/{ctx.marker.lower()}",
        utm_source="linkedin",
        utm_content=f"beitrag-{ctx.marker}",
        campaign=ctx.made.get("content.campaign"),
        post=ctx.made.get("content.campaign_post"),
        membership=ctx.members[Role.AMBASSADOR],
        network="linkedin",
    )
    with tempfile.TemporaryDirectory() as folder:
        redirector = make_redirector(Path(folder))
        call(redirector, f"/r/{link.code}")
        call(redirector, f"/r/{link.code}", agent="LinkedInBot/1.0 (compatible; Mozilla/5.0)")
        redirector.log.close()
        # The log's name carries the marker (it is the one text a click row has); its "host" is not
        # this machine, so ingestion keeps the file's position.
        (written,) = Path(folder).glob("*.log")
        written.rename(written.with_name(f"seed_{ctx.marker}-1-{written.name.rsplit('-', 1)[1]}"))
        ingest(Path(folder))
    ctx.made.update(
        {
            "links.link": link,
            "links.rollup": DailyClickRollup.objects.get(link=link),
            "links.position": ClickLogPosition.objects.order_by("-pk").first(),
            "links.salt": VisitorSalt.objects.order_by("-day").first(),
        }
    )
