"""The share library's pages: the feed, an item with its share forms, one's own shares, management."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from resonanz.advocacy import actions
from resonanz.advocacy.models import Share, ShareableItem, ShareKind
from resonanz.advocacy.tests.conftest import approved
from resonanz.content.actions.guidelines import add_guideline_rule
from resonanz.content.models import Post, RuleKind, Severity
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.publishing.models import Delivery, NetworkAccount


def _client(member: Membership) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(member.user)
    return client


def _base(member: Membership) -> str:
    return f"/o/{member.organization.slug}/advocacy/"


def test_the_library_lists_what_can_be_shared_in_german(ambassador: Membership, item: ShareableItem) -> None:
    page = _client(ambassador).get(_base(ambassador)).content.decode()

    assert "Beiträge zum Teilen" in page and "Studie 2026" in page and "Gern teilen" in page


def test_the_library_page_asks_a_bounded_number_of_queries(
    manager: Membership, approver: Membership, ambassador: Membership
) -> None:
    client = _client(ambassador)
    actions.offer_for_sharing(manager, approved(manager, approver))
    client.get(_base(ambassador))  # the first visit remembers the organization (one UPDATE)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_base(ambassador)).status_code == 200
    for _ in range(8):
        actions.offer_for_sharing(manager, approved(manager, approver))
    with CaptureQueriesContext(connection) as many:
        assert client.get(_base(ambassador)).status_code == 200

    assert len(many) == len(few)


def test_the_library_filters_by_language_and_network(
    manager: Membership, approver: Membership, ambassador: Membership, item: ShareableItem
) -> None:
    english = approved(manager, approver)
    english.language = "en"
    english.title = "English study"
    english.save(update_fields=["language", "title"])
    actions.offer_for_sharing(manager, english)
    client = _client(ambassador)

    german_only = client.get(_base(ambassador), {"language": "de"}).content.decode()
    assert "Studie 2026" in german_only and "English study" not in german_only
    nothing = client.get(_base(ambassador), {"network": "x"}).content.decode()
    assert "Zurzeit gibt es nichts zu teilen." in nothing
    odd = client.get(_base(ambassador), {"topic": "abc", "language": "xx", "page": "999999999999"})
    assert odd.status_code == 200


def test_an_ambassador_copies_the_text_with_a_personal_link(
    ambassador: Membership, item: ShareableItem
) -> None:
    client = _client(ambassador)
    response = client.post(
        f"{_base(ambassador)}items/{item.pk}/share/", {"network": "linkedin", "text": "", "do": "copy"}
    )

    share = Share.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"shares/{share.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert "Text kopieren" in page and f"/r/{share.link.code}" in page  # type: ignore[union-attr]
    assert "advocacy/copy.js" in page
    mine = client.get(f"{_base(ambassador)}mine/").content.decode()
    assert "Meine geteilten Beiträge" in mine and "Studie 2026" in mine


def test_sharing_to_the_own_account_from_the_page(
    ambassador: Membership, item: ShareableItem, own_account: NetworkAccount
) -> None:
    client = _client(ambassador)
    page = client.get(f"{_base(ambassador)}items/{item.pk}/").content.decode()
    assert "Teilen" in page and "anna" in page

    response = client.post(
        f"{_base(ambassador)}items/{item.pk}/share/",
        {"network": "mastodon", "account": own_account.pk, "text": "Lesenswert", "do": "share"},
    )

    assert response.status_code == 302
    assert Share.objects.get().kind == ShareKind.ACCOUNT and Delivery.objects.count() == 1


def test_a_blocked_text_shows_the_findings_in_german_and_shares_nothing(
    manager: Membership, ambassador: Membership, item: ShareableItem
) -> None:
    add_guideline_rule(manager, RuleKind.FORBIDDEN_WORD, "unschlagbar", Severity.BLOCK)
    client = _client(ambassador)
    data = {"network": "linkedin", "text": "Unschlagbar!", "do": "check"}

    checked = client.post(f"{_base(ambassador)}items/{item.pk}/share/", data)
    assert (
        checked.status_code == 200
        and "Die Leitlinie verbietet das Wort „unschlagbar“" in checked.content.decode()
    )

    refused = client.post(f"{_base(ambassador)}items/{item.pk}/share/", data | {"do": "copy"})
    assert refused.status_code == 400
    assert "Der Text kann so nicht geteilt werden" in refused.content.decode()
    assert not Share.objects.exists()


def test_odd_share_input_is_a_400(ambassador: Membership, item: ShareableItem) -> None:
    client = _client(ambassador)
    url = f"{_base(ambassador)}items/{item.pk}/share/"
    for data in (
        {},
        {"network": "myspace", "do": "copy"},
        {"network": "linkedin", "do": "explode"},
        {"network": "mastodon", "do": "share"},  # no account
        {"network": "linkedin", "do": "copy", "text": "x" * 20_000},
    ):
        assert client.post(url, data).status_code == 400, data
    assert not Share.objects.exists()


def test_a_manager_offers_from_the_post_page_and_withdraws(manager: Membership, post: Post) -> None:
    client = _client(manager)
    post_page = client.get(f"/o/{manager.organization.slug}/content/posts/{post.pk}/").content.decode()
    assert "Zum Teilen anbieten" in post_page

    response = client.post(f"{_base(manager)}posts/{post.pk}/offer/", {"note": "Bitte teilen"})
    item = ShareableItem.objects.get()
    assert response.status_code == 302 and item.note == "Bitte teilen"

    listed = client.get(f"{_base(manager)}manage/").content.decode()
    assert "Beiträge zum Teilen verwalten" in listed and "Studie 2026" in listed
    assert client.post(f"{_base(manager)}items/{item.pk}/withdraw/").status_code == 302
    item.refresh_from_db()
    assert item.withdrawn_at is not None


def test_a_member_cannot_offer_or_manage(ambassador: Membership, post: Post) -> None:
    client = _client(ambassador)
    assert client.get(f"{_base(ambassador)}manage/").status_code == 403
    assert client.post(f"{_base(ambassador)}posts/{post.pk}/offer/").status_code == 403


def test_another_person_s_share_is_not_found(
    org: Organization, ambassador: Membership, item: ShareableItem
) -> None:
    share = actions.copy_for_sharing(ambassador, item, "linkedin", "")
    colleague = make_member(org, ["ambassador"])

    assert _client(colleague).get(f"{_base(colleague)}shares/{share.pk}/").status_code == 404


def test_an_outsider_sees_nothing(
    other_org: Organization, ambassador: Membership, item: ShareableItem
) -> None:
    share = actions.copy_for_sharing(ambassador, item, "linkedin", "")
    outsider = make_member(other_org, ["communications_manager"])
    client = _client(outsider)
    base = f"/o/{ambassador.organization.slug}/advocacy/"

    for url in ("", "mine/", f"items/{item.pk}/", f"shares/{share.pk}/", "manage/"):
        assert client.get(base + url).status_code == 404
    own = client.get(f"{_base(outsider)}items/{item.pk}/")
    assert own.status_code == 404


@pytest.mark.parametrize("role", ["data_protection_officer", "works_council"])
def test_roles_without_the_library_get_a_403(org: Organization, item: ShareableItem, role: str) -> None:
    member = make_member(org, [role])
    assert _client(member).get(_base(member)).status_code == 403
