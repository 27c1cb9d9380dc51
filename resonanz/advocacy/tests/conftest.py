from __future__ import annotations

import pytest

from resonanz.advocacy import actions
from resonanz.advocacy.models import ShareableItem
from resonanz.content.actions.approval import approve_post
from resonanz.content.models import Post, PostNetwork, PostVariant
from resonanz.content.tests.factories import make_post
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.publishing.models import NetworkAccount
from resonanz.publishing.tests.factories import make_account

LINK = "https://example.org/studie"
TEXT = f"Unsere neue Studie ist da: {LINK}"


@pytest.fixture
def manager(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], full_name="Mara Manager")


@pytest.fixture
def approver(org: Organization) -> Membership:
    return make_member(org, ["quality_officer"], full_name="Quentin Qualität")


@pytest.fixture
def ambassador(org: Organization) -> Membership:
    return make_member(org, ["ambassador"], full_name="Anna Botschafterin")


def approved(author: Membership, approver: Membership, *, text: str = TEXT, link: str = LINK) -> Post:
    """A post with a Bluesky, Mastodon and LinkedIn text, approved through the approval action."""
    post = make_post(author, title="Studie 2026", text=text, link_url=link)
    for network in (PostNetwork.MASTODON, PostNetwork.LINKEDIN):
        PostVariant.objects.create(post=post, network=network, text=text)
    approve_post(approver, post)
    post.refresh_from_db()
    assert post.is_approved
    return post


@pytest.fixture
def post(manager: Membership, approver: Membership) -> Post:
    return approved(manager, approver)


@pytest.fixture
def item(manager: Membership, post: Post) -> ShareableItem:
    return actions.offer_for_sharing(manager, post, note="Gern teilen")


@pytest.fixture
def own_account(ambassador: Membership) -> NetworkAccount:
    return make_account(
        ambassador, PostNetwork.MASTODON, identifier="anna", base_url="https://social.example", personal=True
    )
