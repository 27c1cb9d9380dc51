"""A share to one's own account is a delivery like any other: the worker sends it once, with the text
the ambassador chose, and an edit of the post holds it."""

from __future__ import annotations

from resonanz.advocacy import actions
from resonanz.advocacy.models import ShareableItem
from resonanz.content.actions.posts import update_post
from resonanz.content.models import Post
from resonanz.core.models import Membership
from resonanz.publishing import delivery as worker
from resonanz.publishing.models import Delivery, DeliveryStatus, NetworkAccount
from resonanz.publishing.tests.test_delivery_worker import Scripted, out


def test_the_worker_publishes_a_share_once_with_the_personal_text(
    ambassador: Membership, item: ShareableItem, own_account: NetworkAccount
) -> None:
    share = actions.share_to_account(ambassador, item, own_account, "Meine Empfehlung")
    network = Scripted([out(), out(2)], network="mastodon")

    assert worker.send_due(connectors=network) == 1
    assert worker.send_due(connectors=network) == 0

    delivery = Delivery.objects.get(share=share)
    assert delivery.status == DeliveryStatus.PUBLISHED
    assert [message.text for message in network.published] == [share.text]
    assert share.text.startswith("Meine Empfehlung\n\nhttp://127.0.0.1:8000/r/")


def test_an_edit_of_the_post_holds_the_share_and_nothing_is_sent(
    manager: Membership, ambassador: Membership, item: ShareableItem, own_account: NetworkAccount, post: Post
) -> None:
    share = actions.share_to_account(ambassador, item, own_account, "")
    update_post(manager, post, "Studie 2026", {"bluesky": "Neu"})
    network = Scripted([out()], network="mastodon")

    worker.send_due(connectors=network)

    assert network.published == []
    assert Delivery.objects.get(share=share).status == DeliveryStatus.FAILED
