"""The delivery pages: the overview, one post's deliveries with the schedule form, and the row actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from resonanz.content.models import Post
from resonanz.content.tests.factories import make_post
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.publishing.models import Correction, Delivery, DeliveryStatus, NetworkAccount
from resonanz.publishing.tests.factories import approved_post, make_account, schedule


@pytest.fixture
def manager(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], full_name="Mara Manager")


@pytest.fixture
def approver(org: Organization) -> Membership:
    return make_member(org, ["quality_officer"], full_name="Quentin Qualität")


@pytest.fixture
def post(manager: Membership, approver: Membership) -> Post:
    return approved_post(manager, approver, title="Sommerfest")


@pytest.fixture
def account(manager: Membership) -> NetworkAccount:
    return make_account(manager, identifier="firma.test")


def _client(member: Membership) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(member.user)
    return client


def _base(member: Membership) -> str:
    return f"/o/{member.organization.slug}/publishing/deliveries/"


def test_a_manager_schedules_a_post_with_the_form(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    client = _client(manager)
    page = client.get(f"{_base(manager)}posts/{post.pk}/").content.decode()
    assert "Zustellungen" in page and "firma.test" in page

    due = (timezone.localtime() + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"{_base(manager)}posts/{post.pk}/schedule/", {"accounts": [account.pk], "due_at": due}
    )

    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert (delivery.account, delivery.status) == (account, DeliveryStatus.SCHEDULED)


def test_a_refused_schedule_shows_the_reason_in_german(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    schedule(manager, post, account)
    response = _client(manager).post(
        f"{_base(manager)}posts/{post.pk}/schedule/", {"accounts": [account.pk], "due_at": "2026-05-01T09:00"}
    )
    assert response.status_code == 400
    assert "bereits eingeplant" in response.content.decode()


def test_the_overview_lists_deliveries_with_the_translated_reason(
    manager: Membership,
    post: Post,
    account: NetworkAccount,
    django_assert_max_num_queries: Any,
) -> None:
    delivery = schedule(manager, post, account)
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, failure_code="too_long")
    for number in range(5):
        schedule(manager, post, make_account(manager, identifier=f"konto{number}.test"))

    client = _client(manager)
    client.get(_base(manager))  # the session settles on the first request
    with django_assert_max_num_queries(10):  # one query for the rows, however many there are
        page = client.get(_base(manager)).content.decode()

    assert "Sommerfest" in page
    assert "Der Text ist für dieses Netzwerk zu lang." in page
    assert "Erneut versuchen" in page
    failed_only = _client(manager).get(_base(manager), {"status": "failed"}).content.decode()
    assert "konto1.test" not in failed_only and "firma.test" in failed_only
    assert _client(manager).get(_base(manager), {"status": "<script>"}).status_code == 200


def test_cancel_retry_resolve_and_correct_through_the_pages(
    manager: Membership, approver: Membership, post: Post, account: NetworkAccount
) -> None:
    delivery = schedule(manager, post, account)
    client = _client(manager)
    page = client.get(f"{_base(manager)}posts/{post.pk}/").content.decode()
    # A scheduled delivery is called off ("Absagen"); "Abbrechen" is for leaving a form.
    assert ">Absagen</button>" in page and ">Abbrechen</button>" not in page

    assert client.post(f"{_base(manager)}{delivery.pk}/cancel/").status_code == 302
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.CANCELLED
    again = client.post(f"{_base(manager)}{delivery.pk}/cancel/")
    assert again.status_code == 400 and "nicht abgesagt werden" in again.content.decode()

    attention = schedule(manager, post, account)
    Delivery.objects.filter(pk=attention.pk).update(status=DeliveryStatus.NEEDS_ATTENTION)
    url = "https://bsky.app/profile/firma.test/post/3kabc"
    assert (
        client.post(f"{_base(manager)}{attention.pk}/resolve/", {"outcome": "found", "url": url}).status_code
        == 302
    )
    assert Delivery.objects.get(pk=attention.pk).remote_url == url

    corrected = _client(approver).post(
        f"{_base(manager)}{attention.pk}/correct/",
        {"what_was_wrong": "Falsches Datum", "correction": "kept", "what_was_done": "Hinweis ergänzt"},
    )
    assert corrected.status_code == 302
    assert Correction.objects.get().delivery_id == attention.pk


def test_readers_see_no_forms_and_outsiders_see_nothing(
    org: Organization, other_org: Organization, manager: Membership, post: Post, account: NetworkAccount
) -> None:
    delivery = schedule(manager, post, account)
    auditor = make_member(org, ["auditor"])
    stranger = make_member(other_org, ["communications_manager"])

    page = _client(auditor).get(f"{_base(manager)}posts/{post.pk}/").content.decode()
    assert "firma.test" in page and "/publishing/deliveries/" + str(delivery.pk) not in page
    assert _client(auditor).post(f"{_base(manager)}{delivery.pk}/cancel/").status_code == 403

    assert _client(stranger).get(f"{_base(manager)}posts/{post.pk}/").status_code == 404
    foreign = f"/o/{other_org.slug}/publishing/deliveries/"
    assert _client(stranger).get(f"{foreign}posts/{post.pk}/").status_code == 404
    assert _client(stranger).post(f"{foreign}{delivery.pk}/cancel/").status_code == 404
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SCHEDULED


def test_an_approved_posts_page_links_to_scheduling_for_those_who_schedule(
    manager: Membership, approver: Membership, post: Post, org: Organization
) -> None:
    schedule_link = f'href="{_base(manager)}posts/{post.pk}/">Einplanen</a>'
    buddy = make_member(org, ["buddy"], full_name="Berta Buddy")
    in_review = make_post(manager, title="Noch in Prüfung")

    def post_page(member: Membership, shown: Post) -> str:
        response = _client(member).get(f"/o/{org.slug}/content/posts/{shown.pk}/")
        assert response.status_code == 200
        return response.content.decode()

    assert schedule_link in post_page(manager, post)
    assert "Einplanen</a>" not in post_page(manager, in_review), "only an approved post is scheduled"
    assert "Einplanen</a>" not in post_page(buddy, post), "a buddy writes posts but does not schedule"
