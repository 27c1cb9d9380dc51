"""Publishing test data: approved posts (through the approval action) and connected accounts.

Until the accounts helper's connect actions land, accounts are made here directly, in the state a
connect action leaves them: connected, with the secret encrypted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from resonanz.content.actions.approval import approve_post
from resonanz.content.models import Post, PostNetwork, PostVariant
from resonanz.content.tests.factories import make_post
from resonanz.core import crypto
from resonanz.core.models import Membership
from resonanz.publishing.actions.deliveries import schedule_post
from resonanz.publishing.models import AccountKind, Delivery, NetworkAccount


def approved_post(
    author: Membership, approver: Membership, text: str = "Wir stellen ein.", **fields: Any
) -> Post:
    """A post with a Bluesky, Mastodon and webhook variant, approved by ``approver``."""
    post = make_post(author, text=text, **fields)
    for network in (PostNetwork.MASTODON, PostNetwork.WEBHOOK):
        PostVariant.objects.create(post=post, network=network, text=text)
    approve_post(approver, post)
    post.refresh_from_db()
    return post


def make_account(
    member: Membership,
    network: str = PostNetwork.BLUESKY,
    *,
    identifier: str = "firma.test",
    secret: str = "app-password",  # noqa: S107 - a test account's password
    base_url: str = "https://pds.example",
    personal: bool = False,
) -> NetworkAccount:
    return NetworkAccount.objects.create(
        organization=member.organization,
        network=network,
        kind=AccountKind.PERSONAL if personal else AccountKind.COMPANY,
        membership=member if personal else None,
        base_url=base_url,
        identifier=identifier,
        display_name=identifier,
        secret_encrypted=crypto.encrypt(secret),
        connected_by=member,
        connected_at=timezone.now(),
    )


def schedule(
    member: Membership, post: Post, account: NetworkAccount, due_at: dt.datetime | None = None
) -> Delivery:
    (delivery,) = schedule_post(member, post, [account], due_at or timezone.now())
    return delivery
