"""The reach part of the demo: two months of shares from the share library and the clicks on their links.

About fifty ambassadors of the consultancy (the demo's ambassador and buddy among them) shared the
library's posts over the last 60 days, some to their own accounts (with the follower count the network
reported, for the estimated reach), some by copying the text; the communications team added two
corporate links to the same posts. Every link is made by the links app's actions. The clicks are
written as click-log lines, as the redirect writes them, and ingested by the real ingestion
(``links.ingest``), which builds the per-link rollups and the reach figures (``reach.rollups``): the
dashboards, one's own figures and the metrics show what they would after two months.

Deterministic (one seeded generator; dates relative to today) and quick: shares, accounts and
deliveries are written with ``bulk_create``; the own accounts are recorded as disconnected, so no job
tries to reach the made-up servers. Registered in ``core.demo.DEMO_LOADERS`` after the share library's
part (``advocacy.demo``); only the consultancy gets it, and only once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import tempfile
from pathlib import Path

from django.utils import timezone

from resonanz.advocacy.models import Share, ShareableItem, ShareKind, SuggestedText
from resonanz.advocacy.share_texts import final_text
from resonanz.content.models.posts import MAX_VARIANT_CHARS
from resonanz.core.demo import CONSULTANCY_SLUG, DOMAIN
from resonanz.core.models import Membership, Organization
from resonanz.core.roles import Role
from resonanz.core.text import member_name
from resonanz.links import actions as link_actions
from resonanz.links.clicklog import encode_line
from resonanz.links.ingest import ingest
from resonanz.links.models import ClickLogPosition, DailyClickRollup, TrackedLink
from resonanz.links.short_urls import short_url
from resonanz.publishing.models import AccountKind, AccountStatus, Delivery, DeliveryStatus, NetworkAccount

SEED = 1616
DAYS = 60
SHARERS = 48
THROUGH_ACCOUNT = 0.6  # the rest copied the text
SERVERS = {"mastodon": "https://social.rheinblick.example", "bluesky": "https://bsky.social"}
# How a link's clicks spread over the days after it was shared (the day itself first).
DECAY = (0.55, 0.25, 0.12, 0.08)
BOT_AGENT = "bot"


def register() -> None:
    from resonanz.core.demo import DEMO_LOADERS

    if load_reach_demo not in DEMO_LOADERS:
        DEMO_LOADERS.append(load_reach_demo)


def _sharers(organization: Organization, rng: random.Random) -> list[Membership]:
    """The demo's ambassador and buddy first (their own figures show), then ambassadors drawn at random."""
    first = list(
        Membership.objects.filter(
            organization=organization, user__email__in=[f"botschafterin@{DOMAIN}", f"buddy@{DOMAIN}"]
        )
        .select_related("user", "organization")
        .order_by("pk")
    )
    others = list(
        Membership.objects.filter(
            organization=organization, is_active=True, role_assignments__role=Role.AMBASSADOR
        )
        .exclude(pk__in=[person.pk for person in first])
        .select_related("user", "organization")
        .distinct()
        .order_by("pk")
    )
    return first + rng.sample(others, min(len(others), SHARERS - len(first)))


class _Clicks:
    """Click-log lines, as the redirect writes them (``links.clicklog``)."""

    def __init__(self, organization: Organization, rng: random.Random, now: dt.datetime) -> None:
        self.organization_id = organization.pk
        self.rng = rng
        self.now = now
        self.lines: list[bytes] = []

    def add(self, link: TrackedLink, shared_at: dt.datetime, clicks: int, bots: int) -> None:
        for _bot in range(bots):  # link previews fetched when the post appears
            self._line(link, shared_at + dt.timedelta(seconds=self.rng.randint(5, 300)), True, "bot")
        visitors: list[str] = []
        for _click in range(clicks):
            offset = self.rng.choices(range(len(DECAY)), DECAY)[0]
            moment = shared_at + dt.timedelta(days=offset, minutes=self.rng.randint(3, 900))
            if moment >= self.now:
                continue
            self._line(link, moment, False, self.rng.choice(("desktop", "mobile", "mobile")), visitors)

    def _line(
        self, link: TrackedLink, moment: dt.datetime, bot: bool, agent: str, visitors: list[str] | None = None
    ) -> None:
        if visitors and self.rng.random() < 0.1:
            visitor = self.rng.choice(visitors)  # the same visitor again
        else:
            seed = f"{link.pk}-{len(self.lines)}-{self.rng.random()}".encode()
            visitor = hashlib.sha256(seed).hexdigest()
            if visitors is not None:
                visitors.append(visitor)
        referrer = "network" if self.rng.random() < 0.8 else self.rng.choice(("direct", "other", "search"))
        micros = int(moment.timestamp() * 1_000_000)
        day = moment.astimezone(dt.UTC).date().isoformat()
        self.lines.append(
            encode_line(link.pk, self.organization_id, micros, day, visitor, referrer, agent, bot)
        )

    def ingest(self, today: dt.date) -> None:
        """Through the real ingestion: the clicks, the per-link rollups and the reach figures."""
        with tempfile.TemporaryDirectory() as folder:
            name = f"demo-0-{today:%Y%m%d}T000000000000.log"
            Path(folder, name).write_bytes(b"".join(self.lines))
            ingest(Path(folder), today=today)
            ClickLogPosition.objects.filter(log_name=name).delete()  # the file is gone with the folder


def load_reach_demo(organization: Organization, members: list[Membership]) -> None:
    if (
        organization.slug != CONSULTANCY_SLUG
        or DailyClickRollup.objects.filter(organization=organization).exists()
    ):
        return
    items = list(
        ShareableItem.objects.filter(organization=organization, withdrawn_at__isnull=True)
        .select_related("post", "post__campaign", "organization")
        .order_by("pk")
    )
    manager = (
        Membership.objects.filter(organization=organization, user__email=f"kommunikation@{DOMAIN}")
        .select_related("organization")
        .first()
    )
    if not items or manager is None:
        return
    rng = random.Random(SEED)
    now = timezone.now()
    # The library has been open for two months.
    ShareableItem.objects.filter(pk__in=[item.pk for item in items]).update(
        offered_at=now - dt.timedelta(days=DAYS + 2)
    )
    suggested = {
        (item_id, network): text
        for item_id, network, text in SuggestedText.objects.filter(item__in=items).values_list(
            "item_id", "network", "text"
        )
    }
    taken = set(
        Share.objects.filter(organization=organization).values_list("item_id", "membership_id", "network")
    )
    clicks = _Clicks(organization, rng, now)
    accounts: dict[tuple[int, str], NetworkAccount] = {}
    planned: list[tuple[Membership, ShareableItem, str, dt.datetime, TrackedLink, int | None]] = []
    for person in _sharers(organization, rng):
        for _share in range(rng.choice((1, 1, 2, 2, 3))):
            item = rng.choice(items)
            network = rng.choices(("linkedin", "mastodon", "bluesky"), (6, 2, 2))[0]
            if (item.pk, network) not in suggested or (item.pk, person.pk, network) in taken:
                continue
            taken.add((item.pk, person.pk, network))
            shared_at = now - dt.timedelta(minutes=rng.randint(90, DAYS * 24 * 60))
            link = link_actions.create_share_link(person, post=item.post, network=network)
            followers: int | None = None
            if rng.random() < THROUGH_ACCOUNT:
                followers = min(12_000, int(rng.lognormvariate(5.8, 0.9)))
            planned.append((person, item, network, shared_at, link, followers))
            reach = followers if followers is not None else rng.randint(80, 600)
            clicks.add(
                link, shared_at, int(reach * rng.uniform(0.004, 0.025)) + rng.randint(0, 4), rng.randint(1, 3)
            )
    for person, _item, network, _at, _link, followers in planned:
        if followers is not None and (person.pk, network) not in accounts:
            accounts[(person.pk, network)] = NetworkAccount(
                organization=organization,
                network=network,
                kind=AccountKind.PERSONAL,
                membership=person,
                base_url=SERVERS.get(network, ""),
                identifier=f"{person.user.email.split('@')[0]}-{network}",
                display_name=member_name(person),
                status=AccountStatus.DISCONNECTED,
                connected_by=person,
                connected_at=now - dt.timedelta(days=DAYS + 5),
                followers_count=followers,
                followers_counted_at=now - dt.timedelta(days=DAYS + 5),
            )
    NetworkAccount.objects.bulk_create(accounts.values())
    saved = {
        (account.membership_id, account.network): account
        for account in NetworkAccount.objects.filter(organization=organization, kind=AccountKind.PERSONAL)
    }
    shares: list[Share] = []
    deliveries: list[Delivery] = []
    for number, (person, item, network, shared_at, link, followers) in enumerate(planned):
        text = final_text(
            "", suggested[(item.pk, network)], item.post.link_url, short_url(link), MAX_VARIANT_CHARS
        )
        share = Share(
            organization=organization,
            item=item,
            post=item.post,
            membership=person,
            network=network,
            kind=ShareKind.COPIED,
            text=text,
            link=link,
        )
        if followers is not None:
            account = saved[(person.pk, network)]
            delivery = Delivery(
                organization=organization,
                post=item.post,
                account=account,
                network=network,
                revision=item.revision,
                text=text,
                due_at=shared_at,
                status=DeliveryStatus.PUBLISHED,
                remote_id=f"demo-{SEED}-{number}",
                published_at=shared_at,
                scheduled_by=person,
                scheduled_by_name=member_name(person),
            )
            deliveries.append(delivery)
            share.kind, share.delivery, share.followers = ShareKind.ACCOUNT, delivery, followers
        shares.append(share)
    Delivery.objects.bulk_create(deliveries)
    for share in shares:
        if share.delivery is not None:
            share.delivery_id = share.delivery.pk
    created = Share.objects.bulk_create(shares)
    for share, (_person, _item, _network, shared_at, _link, _followers) in zip(created, planned, strict=True):
        share.created_at = shared_at  # when it was shared (``bulk_create`` stamped now)
    Share.objects.bulk_update(created, ["created_at"])
    # The communications team's own links to the same posts (corporate accounts, the same content).
    for item in items[:2]:
        link = link_actions.create_link(
            manager,
            target_url=item.post.link_url,
            utm_source="linkedin",
            utm_medium="social",
            campaign=item.post.campaign,
            post=item.post,
            network="linkedin",
        )
        for week in range(DAYS // 7):
            clicks.add(link, now - dt.timedelta(days=DAYS - 7 * week), rng.randint(15, 45), rng.randint(1, 2))
    clicks.ingest(now.astimezone(dt.UTC).date())
