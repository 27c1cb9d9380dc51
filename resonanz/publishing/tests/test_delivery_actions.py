"""Scheduling approved posts, and cancelling, rescheduling, retrying, resolving and correcting deliveries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone, translation

from resonanz.content.models import Post, PostNetwork, PostStatus
from resonanz.content.tests.factories import make_post
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.publishing.actions import corrections, deliveries
from resonanz.publishing.models import AccountStatus, Correction, Delivery, DeliveryStatus, NetworkAccount
from resonanz.publishing.tests.factories import approved_post, make_account, schedule


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def manager(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], full_name="Mara Manager")


@pytest.fixture
def approver(org: Organization) -> Membership:
    return make_member(org, ["quality_officer"], full_name="Quentin Qualität")


@pytest.fixture
def post(manager: Membership, approver: Membership) -> Post:
    return approved_post(manager, approver)


@pytest.fixture
def account(manager: Membership) -> NetworkAccount:
    return make_account(manager)


def _set_status(delivery: Delivery, status: str, **fields: Any) -> Delivery:
    # What the worker leaves behind (its own tests drive it for real).
    Delivery.objects.filter(pk=delivery.pk).update(status=status, **fields)
    delivery.refresh_from_db()
    return delivery


# ---------------------------------------------------------------- scheduling


def test_it_schedules_the_approved_text_of_the_accounts_network(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    due = timezone.now() + dt.timedelta(hours=2)

    (delivery,) = deliveries.schedule_post(manager, post, [account], due)

    assert delivery.status == DeliveryStatus.SCHEDULED
    assert delivery.text == "Wir stellen ein."
    assert delivery.revision == post.revision and delivery.network == PostNetwork.BLUESKY
    assert delivery.due_at == due and delivery.scheduled_by == manager
    record = AuditRecord.objects.filter(action="publishing.delivery_scheduled").get()
    assert record.object_id == str(delivery.pk)


def test_a_time_in_the_past_means_now(manager: Membership, post: Post, account: NetworkAccount) -> None:
    before = timezone.now()
    delivery = schedule(manager, post, account, before - dt.timedelta(days=3))
    assert delivery.due_at >= before


def test_it_rejects_unapproved_post(manager: Membership, account: NetworkAccount) -> None:
    draft = make_post(manager, status=PostStatus.DRAFT)
    with pytest.raises(ActionRefused) as refused:
        schedule(manager, draft, account)
    assert refused.value.code == "not_approved"
    assert not Delivery.objects.exists()


def test_it_refuses_a_network_the_post_has_no_text_for(
    manager: Membership, approver: Membership, account: NetworkAccount
) -> None:
    post = approved_post(manager, approver)
    linkedin = make_account(manager, PostNetwork.LINKEDIN, identifier="urn:li:organization:1")
    with translation.override("de"), pytest.raises(ActionRefused) as refused:
        deliveries.schedule_post(manager, post, [account, linkedin], timezone.now())
    assert refused.value.code == "no_variant"
    assert "LinkedIn" in str(refused.value.messages[0])
    assert not Delivery.objects.exists()  # all or nothing


def test_it_refuses_a_disconnected_account_and_another_persons_own_account(
    manager: Membership, post: Post, org: Organization
) -> None:
    expired = make_account(manager, identifier="abgelaufen.test")
    NetworkAccount.objects.filter(pk=expired.pk).update(status=AccountStatus.EXPIRED)
    colleague = make_member(org, ["communications_manager"])
    theirs = make_account(colleague, identifier="kollegin.test", personal=True)

    with pytest.raises(ActionRefused) as not_connected:
        schedule(manager, post, expired)
    with pytest.raises(ActionRefused) as personal:
        schedule(manager, post, theirs)

    assert (not_connected.value.code, personal.value.code) == ("not_connected", "personal")
    assert schedule(colleague, post, theirs).account == theirs  # the owner may


def test_it_schedules_a_post_to_an_account_once(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    schedule(manager, post, account)
    with pytest.raises(ActionRefused) as refused:
        schedule(manager, post, account)
    assert refused.value.code == "scheduled_already"


def test_it_bounds_the_number_of_accounts(manager: Membership, post: Post, account: NetworkAccount) -> None:
    with pytest.raises(ActionRefused):
        deliveries.schedule_post(manager, post, [], timezone.now())
    many = [
        make_account(manager, identifier=f"konto{number}.test")
        for number in range(deliveries.MAX_ACCOUNTS + 1)
    ]
    with pytest.raises(ActionRefused):
        deliveries.schedule_post(manager, post, many, timezone.now())


def test_odd_due_times_are_refused(manager: Membership, post: Post, account: NetworkAccount) -> None:
    for odd in (dt.datetime(2026, 5, 1, 9, 0), "morgen", dt.datetime(9999, 1, 1, tzinfo=dt.UTC)):
        with pytest.raises(ActionRefused):
            deliveries.schedule_post(manager, post, [account], odd)  # type: ignore[arg-type]


def test_only_schedulers_schedule_and_only_in_their_organization(
    org: Organization, other_org: Organization, post: Post, account: NetworkAccount
) -> None:
    ambassador = make_member(org, ["ambassador"])
    stranger = make_member(other_org, ["communications_manager"])
    with pytest.raises(PermissionDenied):
        schedule(ambassador, post, account)
    with pytest.raises(Http404):
        schedule(stranger, post, account)


# ---------------------------------------------------------------- changing a delivery


def test_cancel_and_reschedule_only_while_scheduled(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    delivery = schedule(manager, post, account)
    later = timezone.now() + dt.timedelta(days=1)

    moved = deliveries.reschedule_delivery(manager, delivery, later)
    cancelled = deliveries.cancel_delivery(manager, delivery)

    assert moved.due_at == later and cancelled.status == DeliveryStatus.CANCELLED
    with pytest.raises(ActionRefused):
        deliveries.cancel_delivery(manager, delivery)
    with pytest.raises(ActionRefused):
        deliveries.reschedule_delivery(manager, delivery, later)
    assert schedule(manager, post, account).status == DeliveryStatus.SCHEDULED  # a new row after cancel


def test_a_delivery_being_sent_cannot_be_cancelled(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    delivery = _set_status(schedule(manager, post, account), DeliveryStatus.SENDING, claim_token="0" * 32)
    with pytest.raises(ActionRefused) as refused:
        deliveries.cancel_delivery(manager, delivery)
    assert refused.value.code == "status_changed"


def test_retry_starts_a_failed_delivery_again(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    delivery = _set_status(
        schedule(manager, post, account), DeliveryStatus.FAILED, attempts=5, failure_code="x"
    )

    retried = deliveries.retry_delivery(manager, delivery)

    assert retried.status == DeliveryStatus.SCHEDULED
    assert (retried.attempts, retried.failure_code, retried.next_attempt_at) == (0, "", None)
    with pytest.raises(ActionRefused):
        deliveries.retry_delivery(manager, retried)


def test_a_failed_delivery_can_be_given_up_and_the_post_scheduled_again(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    failed = _set_status(schedule(manager, post, account), DeliveryStatus.FAILED, failure_code="not_approved")

    assert deliveries.cancel_delivery(manager, failed).status == DeliveryStatus.CANCELLED
    assert schedule(manager, post, account).status == DeliveryStatus.SCHEDULED
    published = _set_status(
        schedule(manager, post, make_account(manager, identifier="drei.test")),
        DeliveryStatus.PUBLISHED,
        remote_id="at://x",
    )
    with pytest.raises(ActionRefused):
        deliveries.cancel_delivery(manager, published)


def test_retry_refuses_when_the_post_is_no_longer_approved(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    delivery = _set_status(schedule(manager, post, account), DeliveryStatus.FAILED)
    Post.objects.filter(pk=post.pk).update(status=PostStatus.DRAFT, revision=post.revision + 1)
    with pytest.raises(ActionRefused) as refused:
        deliveries.retry_delivery(manager, delivery)
    assert refused.value.code == "not_approved"


def test_resolve_records_what_a_person_found(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    first = _set_status(schedule(manager, post, account), DeliveryStatus.NEEDS_ATTENTION)
    second_account = make_account(manager, identifier="zweites.test")
    second = _set_status(schedule(manager, post, second_account), DeliveryStatus.NEEDS_ATTENTION)

    with pytest.raises(ActionRefused) as bad_url:
        deliveries.resolve_delivery(manager, first, published=True, url="javascript:alert(1)")
    found = deliveries.resolve_delivery(
        manager, first, published=True, url="https://bsky.app/profile/x/post/1"
    )
    missing = deliveries.resolve_delivery(manager, second, published=False)

    assert bad_url.value.field == "url"
    assert (found.status, found.remote_url) == (DeliveryStatus.PUBLISHED, "https://bsky.app/profile/x/post/1")
    assert (missing.status, missing.failure_code) == (DeliveryStatus.FAILED, "not_published")
    with pytest.raises(ActionRefused):
        deliveries.resolve_delivery(manager, found, published=False)


# ---------------------------------------------------------------- corrections (8.7)


def _published(manager: Membership, post: Post, account: NetworkAccount) -> Delivery:
    return _set_status(
        schedule(manager, post, account),
        DeliveryStatus.PUBLISHED,
        remote_id="at://did:plc:abc/app.bsky.feed.post/3kabc",
        remote_url="https://bsky.app/profile/firma.test/post/3kabc",
        published_at=timezone.now(),
    )


def test_a_correction_keeps_the_post_with_a_note(
    manager: Membership, post: Post, account: NetworkAccount, approver: Membership
) -> None:
    delivery = _published(manager, post, account)

    with pytest.raises(ActionRefused) as no_note:
        corrections.record_correction(approver, delivery, what_was_wrong="Falsches Datum", correction="kept")
    correction = corrections.record_correction(
        approver, delivery, what_was_wrong="Falsches Datum", correction="kept", what_was_done="Hinweis"
    )

    assert no_note.value.field == "what_was_done"
    assert (correction.decided_by, correction.post_id, correction.action) == (approver, post.pk, "kept")
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.PUBLISHED
    assert AuditRecord.objects.filter(action="publishing.correction_recorded").count() == 1


def test_deleting_asks_the_network_and_records_only_when_it_deleted(
    manager: Membership,
    post: Post,
    account: NetworkAccount,
    approver: Membership,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from resonanz.publishing.connectors.base import Permanent

    delivery = _published(manager, post, account)
    calls: list[str] = []

    class Refusing:
        def delete(self, credentials: Any, remote_id: str) -> None:
            calls.append(remote_id)
            raise Permanent("forbidden", "no")

    class Deleting:
        def delete(self, credentials: Any, remote_id: str) -> None:
            calls.append(remote_id)

    monkeypatch.setattr(corrections, "connector_for", lambda network: Refusing())
    with pytest.raises(ActionRefused) as refused:
        corrections.record_correction(approver, delivery, what_was_wrong="Name falsch", correction="deleted")
    assert refused.value.code == "delete_failed" and not Correction.objects.exists()

    monkeypatch.setattr(corrections, "connector_for", lambda network: Deleting())
    corrections.record_correction(approver, delivery, what_was_wrong="Name falsch", correction="deleted")

    assert calls == [delivery.remote_id] * 2
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.DELETED
    with pytest.raises(ActionRefused) as again:
        corrections.record_correction(approver, delivery, what_was_wrong="Name falsch", correction="deleted")
    assert again.value.code == "not_published"


def test_only_correctors_correct(
    org: Organization, manager: Membership, post: Post, account: NetworkAccount
) -> None:
    delivery = _published(manager, post, account)
    with pytest.raises(PermissionDenied):
        corrections.record_correction(
            make_member(org, ["buddy"]), delivery, what_was_wrong="x", correction="kept", what_was_done="y"
        )
