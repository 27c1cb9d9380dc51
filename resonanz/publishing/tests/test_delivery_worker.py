"""The delivery worker: due rows are claimed once, re-checked, sent once and their outcome recorded.

Outcomes the real servers cannot be made to give on demand (a 429, an expired password, a lost answer)
come from a scripted connector; exactly-once is shown against the reference Bluesky PDS, including a
worker process killed with SIGKILL around the network call.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import signal
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from resonanz.content.models import Post, PostNetwork
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
from resonanz.publishing.fakes.webhook import WebhookReceiver
from resonanz.publishing.models import (
    AccountStatus,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    NetworkAccount,
)
from resonanz.publishing.tasks import send_due_deliveries
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


def test_the_attempt_is_on_record_before_the_network_is_called(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    """A worker killed during the call leaves an open attempt behind (started, never finished)."""
    delivery = schedule(manager, post, account)
    seen: list[tuple[Any, ...]] = []

    class Watching(Scripted):
        def publish(self, credentials: Credentials, message: Message) -> Published:
            seen.extend(
                DeliveryAttempt.objects.filter(delivery=delivery).values_list("finished_at", "outcome")
            )
            return super().publish(credentials, message)

    worker.send_due(connectors=Watching([out()]))

    assert seen == [(None, "")]
    assert DeliveryAttempt.objects.get(delivery=delivery).outcome == "published"


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


def test_an_expired_password_fails_the_delivery_marks_the_account_and_tells_its_owner(
    manager: Membership, post: Post, account: NetworkAccount, django_capture_on_commit_callbacks: Any
) -> None:
    delivery = schedule(manager, post, account)
    with django_capture_on_commit_callbacks(execute=True):
        worker.send_due(connectors=Scripted([AuthExpired("auth_expired", "401")]))

    assert (_fresh(delivery).status, _fresh(delivery).failure_code) == ("failed", "auth_expired")
    stored = NetworkAccount.objects.get(pk=account.pk)
    assert (stored.status, stored.expiry_reminded_at is not None) == (AccountStatus.EXPIRED, True)
    assert AuditRecord.objects.filter(action="publishing.account_expired").count() == 1
    [message] = mail.outbox  # the owner is told once, by the same action the expiry check uses
    assert message.to == [manager.user.email]


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


# ---------------------------------------------------------------- batches


def _accounts(manager: Membership, count: int) -> list[NetworkAccount]:
    return [make_account(manager, identifier=f"konto{number}.test") for number in range(count)]


def test_a_batch_claim_takes_due_rows_once_and_leaves_the_rest(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    """GIVEN due rows, one not yet due and one a person cancelled WHEN two batches are claimed
    THEN the batches are disjoint, hold only due scheduled rows, each row counts one attempt."""
    due = [schedule(manager, post, other) for other in [account, *_accounts(manager, 4)]]
    later = schedule(manager, post, make_account(manager, identifier="spaeter.test"))
    Delivery.objects.filter(pk=later.pk).update(due_at=timezone.now() + dt.timedelta(hours=1))
    Delivery.objects.filter(pk=due[4].pk).update(status=DeliveryStatus.CANCELLED)

    first = worker.claim_due(timezone.now(), limit=3)
    second = worker.claim_due(timezone.now(), limit=3)

    assert [claimed.delivery.pk for claimed in first] == [row.pk for row in due[:3]]
    assert [claimed.delivery.pk for claimed in second] == [due[3].pk]
    assert worker.claim_due(timezone.now()) == []
    assert {_fresh(row).status for row in due[:4]} == {DeliveryStatus.SENDING}
    assert {_fresh(row).attempts for row in due[:4]} == {1}
    assert (_fresh(later).status, _fresh(due[4]).status) == ("scheduled", "cancelled")
    assert first[0].token != second[0].token


def test_two_workers_claiming_batches_at_once_never_share_a_row(
    committing_db: None, manager: Membership, post: Post, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN 12 due rows WHEN two workers, each on its own connection, claim batches of 4 at the
    same moment until nothing is left THEN every row is claimed by exactly one of them."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; the race needs PostgreSQL")
    rows = [schedule(manager, post, other) for other in _accounts(manager, 12)]
    both_ready = threading.Barrier(2, timeout=20)
    taken: list[list[int]] = [[], []]

    def run(index: int) -> None:
        try:
            both_ready.wait()
            while batch := worker.claim_due(timezone.now(), limit=4):
                taken[index] += [claimed.delivery.pk for claimed in batch]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not set(taken[0]) & set(taken[1])
    assert sorted(taken[0] + taken[1]) == sorted(row.pk for row in rows)
    assert {_fresh(row).attempts for row in rows} == {1}


def test_a_stopping_worker_gives_back_the_rows_it_has_not_started(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    """GIVEN a batch of three due rows WHEN the worker is asked to stop after the first THEN the first
    is published, the other two are scheduled again untouched (no attempt) and sent by the next round."""
    rows = [schedule(manager, post, other) for other in [account, *_accounts(manager, 2)]]
    network = Scripted([out(1), out(2), out(3)])
    asked: list[bool] = []

    def stopping() -> bool:
        asked.append(True)
        return len(asked) > 1

    assert worker.send_due(connectors=network, stopping=stopping) == 1

    assert _fresh(rows[0]).status == DeliveryStatus.PUBLISHED
    for row in rows[1:]:
        given_back = _fresh(row)
        assert (given_back.status, given_back.attempts, given_back.claim_token) == ("scheduled", 0, None)
        assert not DeliveryAttempt.objects.filter(delivery=row).exists()
    assert worker.send_due(connectors=network) == 2
    assert {_fresh(row).status for row in rows} == {DeliveryStatus.PUBLISHED}
    assert len(network.published) == 3


def test_a_batch_that_ran_out_of_time_gives_its_rows_back(
    manager: Membership, post: Post, account: NetworkAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a stale time so short that no time is left for the batch THEN nothing is sent and every row
    is scheduled again (the sweep could otherwise take a row this worker is about to send)."""
    rows = [schedule(manager, post, other) for other in [account, *_accounts(manager, 2)]]
    monkeypatch.setattr(worker, "stale_after", lambda: dt.timedelta(0))
    network = Scripted([out()])

    assert worker.send_due(connectors=network) == 0

    assert network.published == []
    assert {(_fresh(row).status, _fresh(row).attempts) for row in rows} == {("scheduled", 0)}


def test_a_batch_row_the_sweep_took_over_is_not_sent(
    manager: Membership, post: Post, account: NetworkAccount
) -> None:
    """GIVEN a claimed batch WHEN a sweep takes one of its rows over before the worker reaches it
    THEN the worker does not send that row, and records nothing for it."""
    rows = [schedule(manager, post, other) for other in [account, *_accounts(manager, 1)]]
    first, second = worker.claim_due(timezone.now())
    Delivery.objects.filter(pk=second.delivery.pk).update(claim_token=uuid.uuid4())  # the sweep's token
    network = Scripted([out(1), out(2)])

    assert worker.send_claimed(first, network) == DeliveryStatus.PUBLISHED
    worker.send_claimed(second, network)

    assert len(network.published) == 1
    assert _fresh(rows[1]).status == DeliveryStatus.SENDING
    assert not DeliveryAttempt.objects.filter(delivery=rows[1]).exists()
    assert not AuditRecord.objects.filter(
        object_id=str(rows[1].pk), action__startswith="publishing.delivery_p"
    )


def test_a_batch_row_whose_post_lost_its_approval_after_the_claim_is_not_sent(
    manager: Membership, approver: Membership, account: NetworkAccount
) -> None:
    """The re-check reads the post when the row's turn comes, not when the batch was claimed."""
    posts = [approved_post(manager, approver, text=f"Beitrag {number}") for number in range(2)]
    rows = [schedule(manager, post, account) for post in posts]
    first, second = worker.claim_due(timezone.now())
    Post.objects.filter(pk=posts[1].pk).update(status="draft", revision=posts[1].revision + 1)
    network = Scripted([out(1), out(2)])

    worker.send_claimed(first, network)
    worker.send_claimed(second, network)

    assert len(network.published) == 1
    assert (_fresh(rows[1]).status, _fresh(rows[1]).failure_code) == ("failed", "not_approved")


@pytest.mark.parametrize("network_can_find", [True, False])
def test_a_worker_killed_in_the_middle_of_a_batch_never_posts_twice(
    network_can_find: bool,
    manager: Membership,
    post: Post,
    bluesky: NetworkAccount,
    bluesky_pds: BlueskyPds,
) -> None:
    """GIVEN a batch of three claimed rows WHEN the worker is killed (SIGKILL) right after the first
    row's network call, before recording anything THEN the sweep settles all three: with a network that
    can be asked, the first is published (found), the two never sent are scheduled again and sent once
    each; with one that cannot (a webhook), all three go to a person. Never a second post."""
    others = [
        make_account(manager, identifier=handle, secret=password, base_url=bluesky_pds.url)
        for handle, password in (bluesky_pds.create_account(), bluesky_pds.create_account())
    ]
    accounts = [bluesky, *others]
    rows = [schedule(manager, post, target) for target in accounts]
    claims = worker.claim_due(timezone.now())
    assert [claimed.delivery.pk for claimed in claims] == [row.pk for row in rows]
    prepared = worker.prepare(claims[0])
    assert prepared is not None

    _killed_in_child(lambda: print(worker.call(prepared)))
    assert {_fresh(row).status for row in rows} == {DeliveryStatus.SENDING}

    later = timezone.now() + worker.stale_after() + dt.timedelta(minutes=1)
    real = connector_for("bluesky")
    blind = Scripted([], can_find=False)
    assert worker.sweep(later, connectors=(lambda network: real) if network_can_find else blind) == 3
    if network_can_find:
        assert [_fresh(row).status for row in rows] == ["published", "scheduled", "scheduled"]
        worker.send_due(later + dt.timedelta(hours=1))
        assert {_fresh(row).status for row in rows} == {DeliveryStatus.PUBLISHED}
    else:
        assert {(_fresh(row).status, _fresh(row).failure_code) for row in rows} == {
            ("needs_attention", "crashed")
        }
    for target, row in zip(accounts, rows, strict=True):
        records = bluesky_pds.records(target.identifier, POST)
        if network_can_find or row == rows[0]:
            assert [record["uri"] for record in records] == [_fresh(row).remote_id or records[0]["uri"]]
        else:
            assert records == []


@pytest.fixture
def receiver(settings: Any) -> Iterator[WebhookReceiver]:
    settings.RESONANZ_WEBHOOK_ALLOW_PRIVATE = True  # the receiver listens on 127.0.0.1
    with WebhookReceiver("s3cret") as fake:
        yield fake


def _to_receiver(manager: Membership, post: Post, receiver: WebhookReceiver, count: int) -> list[Delivery]:
    accounts = [
        make_account(
            manager,
            PostNetwork.WEBHOOK,
            identifier=f"{receiver.base_url}/{number}",
            secret="s3cret",
            base_url=f"{receiver.base_url}/{number}",
        )
        for number in range(count)
    ]
    return [schedule(manager, post, target) for target in accounts]


def test_the_work_command_until_idle_sends_what_is_due_and_says_so(
    committing_db: None, manager: Membership, post: Post, receiver: WebhookReceiver
) -> None:
    """``resonanz publishing work --until-idle`` (what the delivery bench runs): sends every due row
    once, to a real webhook receiver, then reports what it did as one JSON line. (Committing: the
    worker tidies its connection between rounds, as it does outside a test transaction.)"""
    rows = _to_receiver(manager, post, receiver, 3)
    output = io.StringIO()

    call_command("publishing", "work", "--until-idle", stdout=output)

    report = json.loads(output.getvalue().strip().splitlines()[-1])
    assert report["claimed"] == 3
    assert report["seconds"] >= report["network_seconds"] > 0
    assert {_fresh(row).status for row in rows} == {DeliveryStatus.PUBLISHED}
    assert sorted(receiver.by_key) == sorted(str(row.idempotency_key) for row in rows)
    assert receiver.duplicates == 0


def test_the_minutely_job_sends_batch_after_batch_until_nothing_is_due(
    committing_db: None,
    manager: Membership,
    post: Post,
    receiver: WebhookReceiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(worker, "CLAIM_BATCH", 2)
    rows = _to_receiver(manager, post, receiver, 5)

    send_due_deliveries.call_local()

    assert {_fresh(row).status for row in rows} == {DeliveryStatus.PUBLISHED}
    assert len(receiver.deliveries) == len(receiver.by_key) == 5


def test_only_the_claim_waits_for_the_disk_while_a_batch_is_sent(
    committing_db: None,
    manager: Membership,
    post: Post,
    account: NetworkAccount,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On PostgreSQL the claim commits durably (``synchronous_commit`` on in its transaction); the
    steps after it, the network call among them, run with it off; afterwards the session is as before."""
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's; SQLite commits one way")
    schedule(manager, post, account)
    seen: dict[str, str] = {}

    def setting() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return str(cursor.fetchone()[0])

    claim_due = worker.claim_due

    def watched_claim(now: dt.datetime, limit: int | None = None) -> list[worker.Claimed]:
        claims = claim_due(now, limit)
        seen["after_claim"] = setting()
        return claims

    class Watching(Scripted):
        def publish(self, credentials: Credentials, message: Message) -> Published:
            seen["during_call"] = setting()
            return super().publish(credentials, message)

    original = worker._durable_claim

    def durable_claim() -> None:
        original()
        seen["in_claim"] = setting()

    monkeypatch.setattr(worker, "_durable_claim", durable_claim)
    monkeypatch.setattr(worker, "claim_due", watched_claim)
    before = setting()

    assert worker.send_due(connectors=Watching([out()])) == 1

    assert seen == {"in_claim": "on", "after_claim": "off", "during_call": "off"}
    assert setting() == before == "on"
