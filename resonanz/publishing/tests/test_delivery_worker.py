"""The delivery worker: due rows are claimed once, re-checked, sent once and their outcome recorded.

Outcomes the real servers cannot be made to give on demand (a 429, an expired password, a lost answer)
come from a scripted connector; exactly-once is shown against the reference Bluesky PDS, including a
worker process killed with SIGKILL around the network call.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import signal
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from resonanz.content.models import Post
from resonanz.content.revisions import new_revision
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan.models import Evidence
from resonanz.plan.tests.factories import make_plan
from resonanz.publishing import delivery as worker
from resonanz.publishing.connectors.base import (
    AuthExpired,
    Credentials,
    Message,
    Outcome,
    Permanent,
    Published,
    Transient,
    Unknown,
)
from resonanz.publishing.connectors.registry import connector_for
from resonanz.publishing.models import (
    AccountStatus,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    NetworkAccount,
)
from resonanz.publishing.tests.bluesky_pds import BlueskyPds
from resonanz.publishing.tests.factories import approved_post, make_account, schedule

POST = "app.bsky.feed.post"


@dataclasses.dataclass
class Scripted:
    """A connector that answers ``publish`` from a script and counts what it was asked."""

    answers: list[Published | Outcome]
    found: Published | Outcome | None = None
    can_find: bool = True
    network: str = "bluesky"
    published: list[Message] = dataclasses.field(default_factory=list)
    finds: int = 0

    def verify(self, credentials: Credentials) -> Any:
        raise NotImplementedError

    def publish(self, credentials: Credentials, message: Message) -> Published:
        self.published.append(message)
        answer = self.answers.pop(0)
        if isinstance(answer, Outcome):
            raise answer
        return answer

    def find(self, credentials: Credentials, message: Message, *, since: dt.datetime) -> Published | None:
        self.finds += 1
        if isinstance(self.found, Outcome):
            raise self.found
        return self.found

    def delete(self, credentials: Credentials, remote_id: str) -> None:
        raise NotImplementedError

    def __call__(self, network: str) -> Scripted:
        return self


def out(number: int = 1) -> Published:
    return Published(remote_id=f"at://did:plc:x/{POST}/{number}", url=f"https://bsky.app/post/{number}")


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


def _fresh(delivery: Delivery) -> Delivery:
    return Delivery.objects.get(pk=delivery.pk)


# ---------------------------------------------------------------- outcomes


def test_a_due_delivery_is_published_once_and_recorded(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    delivery = schedule(manager, post, account)
    network = Scripted([out()])

    assert worker.send_due(connectors=network) == 1
    assert worker.send_due(connectors=network) == 0

    delivery = _fresh(delivery)
    assert (delivery.status, delivery.remote_id, delivery.attempts) == ("published", out().remote_id, 1)
    assert delivery.claim_token is None and delivery.published_at is not None
    assert [message.idempotency_key for message in network.published] == [str(delivery.idempotency_key)]
    assert DeliveryAttempt.objects.get(delivery=delivery).outcome == "published"
    assert AuditRecord.objects.filter(action="publishing.delivery_published", actor=None).count() == 1


def test_a_delivery_not_yet_due_waits(manager: Membership, post: Post, account: NetworkAccount) -> None:
    schedule(manager, post, account, timezone.now() + dt.timedelta(hours=1))
    network = Scripted([out()])
    assert worker.send_due(connectors=network) == 0
    assert worker.send_due(timezone.now() + dt.timedelta(hours=2), connectors=network) == 1


def test_it_rejects_unapproved_post_edited_after_scheduling(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    """GIVEN a scheduled delivery WHEN the post is edited (approval withdrawn) THEN nothing is sent."""
    delivery = schedule(manager, post, account)
    locked = Post.objects.get(pk=post.pk)
    new_revision(locked, manager, ["text"])
    network = Scripted([out()])

    held = _fresh(delivery)  # held at once, in the editing transaction
    assert (held.status, held.failure_code) == ("failed", "not_approved")
    assert AuditRecord.objects.filter(action="publishing.delivery_held", actor=manager.user).count() == 1

    worker.send_due(connectors=network)
    assert network.published == []


def test_the_worker_rechecks_approval_before_sending(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    """GIVEN a delivery whose post lost its approval without the edit hook (a direct change)
    WHEN it is due THEN the worker's own check keeps it from going out."""
    delivery = schedule(manager, post, account)
    Post.objects.filter(pk=post.pk).update(status="draft", revision=post.revision + 1)
    network = Scripted([out()])

    worker.send_due(connectors=network)

    assert (_fresh(delivery).status, _fresh(delivery).failure_code) == ("failed", "not_approved")
    assert network.published == []


def test_too_late_is_not_sent(manager: Membership, post: Post, account: NetworkAccount) -> None:
    delivery = schedule(manager, post, account)
    network = Scripted([out()])
    worker.send_due(timezone.now() + dt.timedelta(hours=25), connectors=network)
    assert (_fresh(delivery).status, _fresh(delivery).failure_code) == ("failed", "too_late")
    assert network.published == []


def test_a_429_with_retry_after_is_sent_again_after_that_time(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    delivery = schedule(manager, post, account)
    network = Scripted([Transient("rate_limited", "429", http_status=429, retry_after=600), out()])

    before = timezone.now()
    worker.send_due(connectors=network)
    waiting = _fresh(delivery)
    assert waiting.status == DeliveryStatus.SCHEDULED and waiting.failure_code == "rate_limited"
    assert waiting.next_attempt_at is not None
    assert waiting.next_attempt_at >= before + dt.timedelta(seconds=600)
    assert worker.send_due(waiting.next_attempt_at - dt.timedelta(seconds=1), connectors=network) == 0

    assert worker.send_due(waiting.next_attempt_at, connectors=network) == 1
    assert (_fresh(delivery).status, _fresh(delivery).attempts) == ("published", 2)


def test_passing_failures_stop_after_the_last_attempt(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    delivery = schedule(manager, post, account)
    network = Scripted([Transient("server_error", "503", http_status=503)] * worker.MAX_ATTEMPTS)
    when = timezone.now()
    for _ in range(worker.MAX_ATTEMPTS):
        worker.send_due(when, connectors=network)
        when += worker.BACKOFF_MAX
    assert (_fresh(delivery).status, _fresh(delivery).failure_code) == ("failed", "too_many_attempts")
    assert len(network.published) == worker.MAX_ATTEMPTS


def test_an_expired_password_fails_the_delivery_and_marks_the_account(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    delivery = schedule(manager, post, account)
    worker.send_due(connectors=Scripted([AuthExpired("auth_expired", "401")]))

    assert (_fresh(delivery).status, _fresh(delivery).failure_code) == ("failed", "auth_expired")
    assert NetworkAccount.objects.get(pk=account.pk).status == AccountStatus.EXPIRED
    assert AuditRecord.objects.filter(action="publishing.account_expired").count() == 1


def test_a_permanent_refusal_keeps_its_code(manager: Membership, post: Post, account: NetworkAccount) -> None:
    delivery = schedule(manager, post, account)
    worker.send_due(connectors=Scripted([Permanent("too_long", "301 graphemes")]))
    assert (_fresh(delivery).status, _fresh(delivery).failure_code) == ("failed", "too_long")


def test_an_unknown_outcome_asks_the_network_before_anything_else(
    manager: Membership, post: Post, account: NetworkAccount, approver: Membership
) -> None:
    found = schedule(manager, post, account)
    worker.send_due(connectors=Scripted([Unknown("timeout")], found=out(7)))
    assert (_fresh(found).status, _fresh(found).remote_id) == ("published", out(7).remote_id)

    other = make_account(manager, identifier="zweites.test")
    blind = schedule(manager, post, other)
    worker.send_due(connectors=Scripted([Unknown("timeout")], can_find=False))
    assert (_fresh(blind).status, _fresh(blind).failure_code) == ("needs_attention", "timeout")

    third = make_account(manager, identifier="drittes.test")
    unsure = schedule(manager, post, third)
    worker.send_due(connectors=Scripted([Unknown("timeout")], found=Unknown("unreachable")))
    assert _fresh(unsure).status == "needs_attention"


def test_a_published_delivery_is_evidence_for_its_plan_row(
    org: Organization, manager: Membership, approver: Membership, account: NetworkAccount
) -> None:
    _plan, _draft, (row,) = make_plan(org, manager)
    post = approved_post(manager, approver, plan_row=row, plan_row_key=row.row_key)
    delivery = schedule(manager, post, account)

    worker.send_due(connectors=Scripted([out()]))

    evidence = Evidence.objects.get(row_key=row.row_key)
    assert (evidence.object_id, evidence.kind) == (str(delivery.pk), "post")


# ---------------------------------------------------------------- the sweep


def _claimed_long_ago(delivery: Delivery) -> worker.Claimed:
    claimed = worker.claim(delivery.pk, timezone.now())
    assert claimed is not None
    long_ago = timezone.now() - worker.stale_after() - dt.timedelta(minutes=1)
    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=long_ago)
    return claimed


def test_the_sweep_settles_a_dead_workers_row_by_asking_the_network(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    delivery = schedule(manager, post, account)
    _claimed_long_ago(delivery)
    network = Scripted([], found=out(3))

    assert worker.sweep(connectors=network) == 1
    assert (_fresh(delivery).status, _fresh(delivery).remote_id) == ("published", out(3).remote_id)


def test_the_sweep_leaves_a_row_to_a_person_when_the_network_cannot_tell(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    delivery = schedule(manager, post, account)
    _claimed_long_ago(delivery)
    fresh_row = schedule(manager, post, make_account(manager, identifier="frisch.test"))
    worker.claim(fresh_row.pk, timezone.now())

    worker.sweep(connectors=Scripted([], can_find=False))

    assert (_fresh(delivery).status, _fresh(delivery).failure_code) == ("needs_attention", "crashed")
    assert _fresh(fresh_row).status == DeliveryStatus.SENDING  # not stale yet: its worker may be alive


def test_a_late_answer_of_a_swept_worker_changes_nothing(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    delivery = schedule(manager, post, account)
    claimed = _claimed_long_ago(delivery)
    worker.sweep(connectors=Scripted([], can_find=False))

    assert worker._finish(claimed, DeliveryStatus.PUBLISHED, published=out()) is False
    assert _fresh(delivery).status == DeliveryStatus.NEEDS_ATTENTION


# ---------------------------------------------------------------- two workers (PostgreSQL)


def test_two_workers_racing_for_one_row_publish_it_once(
    committing_db: None,
    manager: Membership,
    post: Post,
    account: NetworkAccount,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """GIVEN one due delivery WHEN two workers, each on its own connection, send it at the same moment
    THEN one claims and publishes it, the other finds nothing to do."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; the race needs PostgreSQL")
    delivery = schedule(manager, post, account)
    both_ready = threading.Barrier(2, timeout=20)
    network = Scripted([out(), out(2)])
    lock = threading.Lock()
    results: list[str] = []
    claim = worker.claim

    def claim_together(delivery_id: int, now: dt.datetime) -> worker.Claimed | None:
        both_ready.wait()
        return claim(delivery_id, now)

    def run() -> None:
        try:
            result = worker.send_one(delivery.pk, connectors=network)
            with lock:
                results.append(result)
        finally:
            connections.close_all()

    monkeypatch.setattr(worker, "claim", claim_together)
    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(results) == ["", "published"]
    assert len(network.published) == 1
    assert _fresh(delivery).attempts == 1


# ---------------------------------------------------------------- the real Bluesky server


@pytest.fixture
def bluesky(manager: Membership, bluesky_pds: BlueskyPds) -> NetworkAccount:
    handle, app_password = bluesky_pds.create_account()
    return make_account(manager, identifier=handle, secret=app_password, base_url=bluesky_pds.url)


def test_it_publishes_to_the_bluesky_server_exactly_once(
    manager: Membership, post: Post, bluesky: NetworkAccount, bluesky_pds: BlueskyPds
) -> None:
    delivery = schedule(manager, post, bluesky)

    assert worker.send_due() == 1
    assert worker.send_due() == 0
    # A person retrying after a lost answer cannot make a second post: the record key is the delivery's.
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SCHEDULED)
    worker.send_due()

    delivery = _fresh(delivery)
    records = bluesky_pds.records(bluesky.identifier, POST)
    assert delivery.status == DeliveryStatus.PUBLISHED
    assert [record["uri"] for record in records] == [delivery.remote_id]
    assert records[0]["value"]["text"] == "Wir stellen ein."
    assert delivery.remote_url.startswith("https://bsky.app/profile/")


def _killed_in_child(step: Callable[[], None]) -> None:
    """Run ``step`` in a forked worker process that is then killed with SIGKILL (it records nothing)."""
    pid = os.fork()
    if pid == 0:  # the child: no database work here, only the step and the kill
        try:
            step()
        finally:
            os.kill(os.getpid(), signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


@pytest.mark.parametrize("killed", ["after the call", "before the call"])
def test_a_worker_killed_around_the_call_never_posts_twice(
    killed: str, manager: Membership, post: Post, bluesky: NetworkAccount, bluesky_pds: BlueskyPds
) -> None:
    """GIVEN a claimed delivery WHEN its worker is killed (SIGKILL) just after or just before the network
    call, before recording THEN the sweep asks the PDS: found → published; surely absent → scheduled
    again and sent once. Either way the account has exactly one post."""
    delivery = schedule(manager, post, bluesky)
    claimed = worker.claim(delivery.pk, timezone.now())
    assert claimed is not None
    prepared = worker.prepare(claimed)
    assert prepared is not None

    if killed == "after the call":
        _killed_in_child(lambda: print(worker.call(prepared)))
    else:
        _killed_in_child(lambda: None)
    assert _fresh(delivery).status == DeliveryStatus.SENDING

    later = timezone.now() + worker.stale_after() + dt.timedelta(minutes=1)
    assert worker.sweep(later) == 1
    swept = _fresh(delivery)
    if killed == "after the call":
        assert swept.status == DeliveryStatus.PUBLISHED
    else:
        assert swept.status == DeliveryStatus.SCHEDULED and swept.next_attempt_at is not None
        worker.send_due(swept.next_attempt_at)
    worker.send_due(later + dt.timedelta(hours=1))

    delivery = _fresh(delivery)
    records = bluesky_pds.records(bluesky.identifier, POST)
    assert delivery.status == DeliveryStatus.PUBLISHED
    assert [record["uri"] for record in records] == [delivery.remote_id]


def test_the_connector_registry_gives_the_real_bluesky_connector() -> None:
    assert connector_for("bluesky").can_find
