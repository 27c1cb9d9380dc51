"""The share library's API: the library, offering, withdrawing, sharing and one's own shares."""

from __future__ import annotations

from resonanz.advocacy.models import Share, ShareableItem
from resonanz.content.models import Post
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import ApiCaller, make_member
from resonanz.publishing.models import Delivery, NetworkAccount


def test_a_manager_offers_and_an_ambassador_copies(
    manager: Membership, ambassador: Membership, post: Post
) -> None:
    offered = ApiCaller(manager, "/api/v1/advocacy").send(
        "post", "/items", {"post_id": post.pk, "note": "Gern"}
    )
    assert offered.status_code == 201, offered.content
    item_id = offered.json()["id"]
    assert {text["network"] for text in offered.json()["suggested_texts"]} == {
        "bluesky",
        "linkedin",
        "mastodon",
    }

    caller = ApiCaller(ambassador, "/api/v1/advocacy")
    listed = caller.get("/items")
    assert listed.json()["count"] == 1 and listed.json()["items"][0]["id"] == item_id
    shared = caller.send("post", f"/items/{item_id}/shares", {"kind": "copied", "network": "linkedin"})
    assert shared.status_code == 201, shared.content
    assert "/r/" in shared.json()["short_url"] and shared.json()["delivery_id"] is None
    mine = caller.get("/shares/mine").json()
    assert mine["count"] == 1 and mine["items"][0]["network"] == "linkedin"


def test_a_read_token_reads_the_library_and_ones_own_shares_but_shares_nothing(
    ambassador: Membership, item: ShareableItem
) -> None:
    reader = ApiCaller(ambassador, "/api/v1/advocacy", scope="read")

    listed = reader.get("/items")
    assert listed.status_code == 200, listed.content
    assert [found["id"] for found in listed.json()["items"]] == [item.pk]
    assert reader.get(f"/items/{item.pk}").status_code == 200
    assert reader.get("/shares/mine").status_code == 200
    refused = reader.send("post", f"/items/{item.pk}/shares", {"kind": "copied", "network": "linkedin"})
    assert refused.status_code == 403
    assert not Share.objects.exists()


def test_sharing_to_the_own_account_through_the_api(
    ambassador: Membership, item: ShareableItem, own_account: NetworkAccount
) -> None:
    caller = ApiCaller(ambassador, "/api/v1/advocacy")
    body = {"kind": "account", "network_account_id": own_account.pk, "text": "Lesenswert"}

    first = caller.send("post", f"/items/{item.pk}/shares", body)
    again = caller.send("post", f"/items/{item.pk}/shares", body)

    assert first.status_code == 201 and first.json()["delivery_status"] == "scheduled"
    assert again.status_code == 422 and again["Content-Type"] == "application/problem+json"
    assert "bereits auf Mastodon geteilt" in again.json()["detail"]
    assert Delivery.objects.count() == 1


def test_bad_input_is_a_problem_not_a_500(
    ambassador: Membership, item: ShareableItem, manager: Membership
) -> None:
    caller = ApiCaller(ambassador, "/api/v1/advocacy")
    for body in (
        {"kind": "account"},
        {"kind": "account", "network_account_id": 99999},
        {"kind": "copied", "network": "myspace"},
        {"kind": "copied"},
        {"kind": "teleport"},
        {"kind": "copied", "network": "linkedin", "extra": 1},
        {"kind": "copied", "network": "linkedin", "text": "x" * 20_000},
    ):
        response = caller.send("post", f"/items/{item.pk}/shares", body)
        assert response.status_code in (400, 422), (body, response.status_code)
    offer = ApiCaller(manager, "/api/v1/advocacy")
    assert offer.send("post", "/items", {"post_id": item.post_id, "topic_ids": [2**40]}).status_code in (
        400,
        422,
    )
    assert not Share.objects.exists()


def test_withdrawing_through_the_api(
    manager: Membership, item: ShareableItem, ambassador: Membership
) -> None:
    response = ApiCaller(manager, "/api/v1/advocacy").send("post", f"/items/{item.pk}/withdraw")

    assert response.status_code == 200 and response.json()["withdrawn_at"] is not None
    assert ApiCaller(ambassador, "/api/v1/advocacy").get("/items").json()["count"] == 0


def test_an_ambassador_may_not_offer_and_an_outsider_finds_nothing(
    ambassador: Membership, item: ShareableItem, post: Post, other_org: Organization
) -> None:
    assert (
        ApiCaller(ambassador, "/api/v1/advocacy").send("post", "/items", {"post_id": post.pk}).status_code
        == 403
    )
    outsider = ApiCaller(make_member(other_org, ["communications_manager"]), "/api/v1/advocacy")
    assert outsider.get(f"/items/{item.pk}").status_code == 404
    assert outsider.send("post", f"/items/{item.pk}/withdraw").status_code == 404
    assert outsider.send("post", "/items", {"post_id": post.pk}).status_code == 404
    assert outsider.get("/items").json()["count"] == 0
