"""Sharing at a chosen moment through the share library's actions, for the figures' tests."""

from __future__ import annotations

import datetime as dt

import time_machine

from resonanz.advocacy import actions
from resonanz.advocacy.models import Share, ShareableItem
from resonanz.content.models import PostNetwork
from resonanz.core.models import Membership
from resonanz.publishing.models import NetworkAccount
from resonanz.publishing.tests.factories import make_account


def share_at(
    moment: dt.datetime,
    person: Membership,
    item: ShareableItem,
    network: str = PostNetwork.MASTODON,
    *,
    followers: int | None = None,
) -> Share:
    """``person`` shares ``item`` at ``moment``: to an own account with ``followers`` (the count the
    network reported), or, with ``followers=None``, by copying the text (no follower count)."""
    with time_machine.travel(moment, tick=False):
        if followers is None:
            return actions.copy_for_sharing(person, item, network)
        account = make_account(
            person, network, identifier=f"p{person.pk}", base_url="https://social.example", personal=True
        )
        NetworkAccount.objects.filter(pk=account.pk).update(followers_count=followers)
        account.refresh_from_db()
        return actions.share_to_account(person, item, account)
