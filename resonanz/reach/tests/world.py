"""Building reach figures for tests: ambassadors in units, their links, clicks through the real redirect
and the real ingestion."""

from __future__ import annotations

import itertools
from pathlib import Path

from resonanz.content.models import Campaign, Post
from resonanz.core import actions as core_actions
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.links import actions
from resonanz.links.hot import Redirector
from resonanz.links.ingest import ingest
from resonanz.links.models import TrackedLink
from resonanz.links.tests.clicking import call

BOT = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"
_addresses = itertools.count(1)


def ambassador(organization: Organization, unit: str, name: str = "") -> Membership:
    member = make_member(organization, ["ambassador"], **({"full_name": name} if name else {}))
    admin = Membership.objects.filter(organization=organization, role_assignments__role="admin").first()
    if admin is None:
        admin = make_member(organization, ["admin"], full_name="Ada Admin")
    return core_actions.update_member_details(admin, member, unit=unit)


def link_for(
    manager: Membership,
    person: Membership | None,
    *,
    campaign: Campaign | None = None,
    post: Post | None = None,
    network: str = "linkedin",
) -> TrackedLink:
    return actions.create_link(
        manager,
        target_url="https://example.org/beitrag",
        campaign=campaign,
        post=post,
        membership=person,
        network=network,
    )


def click(
    redirector: Redirector, link: TrackedLink, *, times: int = 1, bots: int = 0, same: bool = False
) -> None:
    """``times`` clicks by different visitors (or one visitor, ``same``), and ``bots`` preview fetches."""
    address = f"198.51.100.{next(_addresses) % 250 + 1}"
    for _ in range(times):
        if not same:
            address = f"198.51.{next(_addresses) % 250}.{next(_addresses) % 250 + 1}"
        call(redirector, f"/r/{link.code}", address=address)
    for _ in range(bots):
        call(redirector, f"/r/{link.code}", address="192.0.2.9", agent=BOT)


def ingest_all(folder: Path) -> None:
    ingest(folder)
