"""The delivery worker: due deliveries are claimed, sent once and their outcome recorded (DESIGN.md §5, §8).

One delivery is one step:

1. ``claim``: a conditional UPDATE ``scheduled → sending`` with a fresh claim token; only the worker
   whose UPDATE matched goes on, so two workers never send the same row. ``claim_due`` takes a small
   batch of due rows this way in one UPDATE (on PostgreSQL chosen with ``FOR UPDATE SKIP LOCKED``, so
   two workers take different rows without waiting for each other); each row is then sent on its own.
2. ``prepare``: re-check what scheduling checked, reading the row afresh (this worker still holds the
   claim, the post is still approved in the delivery's revision, the account still connected, not too
   late), write the ``DeliveryAttempt``.
3. ``call``: the connector, outside any transaction, with the delivery's idempotency key.
4. ``record``: the outcome, with an UPDATE guarded by the claim token (a sweep that took the row over
   wins; this worker's late answer then changes nothing).

A worker that dies between 1 and 4 leaves the row in ``sending``. ``sweep`` takes such rows over after
``RESONANZ_PUBLISHING_STALE_MINUTES`` and asks the network (``connector.find``): found → published;
surely not there → scheduled again; the network cannot tell (or has no ``find``) → needs attention,
for a person to check. Nothing is ever sent again on a guess.

Rows of a batch not yet started when the worker is asked to stop, or when the batch has taken longer
than a quarter of the stale time, are given back (``sending → scheduled`` under the claim token): this
claim never called the network for them. A worker killed in the middle of a batch leaves its unsent
rows to the sweep like the one it was sending.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import close_old_connections, connection, transaction
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from resonanz.content.models import PostImage, PostStatus
from resonanz.core import audit
from resonanz.publishing.actions.account_expiry import mark_account_expired
from resonanz.publishing.connectors.base import (
    AuthExpired,
    Connector,
    Image,
    Message,
    Outcome,
    Permanent,
    Published,
    Transient,
    Unknown,
)
from resonanz.publishing.connectors.registry import connector_for
from resonanz.publishing.credentials import credentials_of
from resonanz.publishing.evidence import link_published
from resonanz.publishing.models import (
    AccountStatus,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    NetworkAccount,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_FIRST = dt.timedelta(minutes=1)
BACKOFF_MAX = dt.timedelta(hours=1)
RETRY_AFTER_MAX = dt.timedelta(days=1)
BATCH = 50  # due rows looked at per query
CLAIM_BATCH = 20  # due rows one worker claims at once
IDLE_SECONDS = 5.0
TIDY_SECONDS = 30.0  # a busy worker checks its database connection this often (an idle one every round)

ConnectorFor = Callable[[str], Connector]


def late_after() -> dt.timedelta:
    return dt.timedelta(hours=settings.RESONANZ_PUBLISHING_LATE_AFTER_HOURS)


def stale_after() -> dt.timedelta:
    return dt.timedelta(minutes=settings.RESONANZ_PUBLISHING_STALE_MINUTES)


@dataclasses.dataclass
class Claimed:
    delivery: Delivery
    token: uuid.UUID
    now: dt.datetime


@dataclasses.dataclass
class Stats:
    """What a worker did: deliveries it claimed, its wall time sending them, and the part of it spent in
    the connectors' ``publish`` (the network); the rest is the worker's own overhead."""

    claimed: int = 0
    seconds: float = 0.0
    network_seconds: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "claimed": self.claimed,
            "seconds": round(self.seconds, 4),
            "network_seconds": round(self.network_seconds, 4),
        }


@dataclasses.dataclass
class Prepared:
    claimed: Claimed
    attempt: DeliveryAttempt
    connector: Connector
    credentials: Any
    message: Message


# ---------------------------------------------------------------- 1. claim


# ---------------------------------------------------------------- durability of commits
#
# Only one commit makes sending safe: the claim (``scheduled → sending``), which must be on disk before any
# network call, because after a crash of the database server the row must still say ``sending`` (so the
# sweep asks the network instead of sending again). Every later commit of a delivery step (the attempt,
# the outcome, a row given back) may be lost in such a crash without harm: the durable claim is still
# there, and the sweep settles the row by asking the network. So while a worker sends a batch, PostgreSQL
# does not wait for the disk on commit (``synchronous_commit`` off for the session), except for the claim
# (``SET LOCAL synchronous_commit TO ON``). A durable commit also writes every earlier commit to the disk.

_state = threading.local()  # per thread, like Django's connections


@contextlib.contextmanager
def relaxed_commits() -> Iterator[None]:
    """Commits of the steps after the claim do not wait for the disk (PostgreSQL; see above)."""
    if connection.vendor != "postgresql" or getattr(_state, "relaxed", False) or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    _state.relaxed = True
    try:
        yield
    finally:
        _state.relaxed = False
        if connection.connection is not None:  # not when the connection was closed meanwhile
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO DEFAULT")


def _durable_claim() -> None:
    """Inside the claim's transaction: this commit waits for the disk whatever the session says."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO ON")


def _due(now: dt.datetime) -> QuerySet[Delivery]:
    """Rows still scheduled and due at ``now`` (the partial index ``publishing_delivery_due``)."""
    return Delivery.objects.filter(status=DeliveryStatus.SCHEDULED, due_at__lte=now).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def _claiming(token: uuid.UUID, now: dt.datetime) -> dict[str, Any]:
    return {
        "status": DeliveryStatus.SENDING,
        "claim_token": token,
        "claimed_at": now,
        "attempts": F("attempts") + 1,
        "updated_at": now,
    }


def _with_what_sending_needs(rows: QuerySet[Delivery]) -> QuerySet[Delivery]:
    return rows.select_related("organization", "account", "post").prefetch_related(
        Prefetch("post__images", queryset=PostImage.objects.order_by("position", "pk"))
    )


def due_ids(now: dt.datetime, limit: int = BATCH) -> list[int]:
    """Due rows still scheduled, oldest first."""
    return list(_due(now).order_by("due_at", "pk").values_list("pk", flat=True)[:limit])


def claim(delivery_id: int, now: dt.datetime) -> Claimed | None:
    """Take the row ``scheduled → sending``; None when another worker (or a person) was quicker."""
    token = uuid.uuid4()
    with transaction.atomic():
        _durable_claim()
        taken = _due(now).filter(pk=delivery_id).update(**_claiming(token, now))
    if taken != 1:
        return None
    delivery = _with_what_sending_needs(Delivery.objects.all()).get(pk=delivery_id)
    return Claimed(delivery, token, now)


def claim_due(now: dt.datetime, limit: int | None = None) -> list[Claimed]:
    """Take up to ``limit`` due rows ``scheduled → sending`` with one claim token, oldest first.

    The UPDATE is conditional like ``claim``'s: a row another worker or a person changed meanwhile is
    not taken. On PostgreSQL the rows are chosen ``FOR UPDATE SKIP LOCKED`` in the same transaction, so
    two workers take disjoint batches instead of queueing on the same rows; on SQLite the immediate
    transaction holds the database's only write lock from the choice to the UPDATE.
    """
    token = uuid.uuid4()
    with transaction.atomic():
        _durable_claim()
        due = _due(now).order_by("due_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[: limit or CLAIM_BATCH])
        if not ids or not _due(now).filter(pk__in=ids).update(**_claiming(token, now)):
            return []
    rows = Delivery.objects.filter(status=DeliveryStatus.SENDING, claim_token=token).order_by("due_at", "pk")
    return [Claimed(delivery, token, now) for delivery in _with_what_sending_needs(rows)]


def release(claims: list[Claimed]) -> int:
    """Give back claimed rows whose network call this worker never started (``sending → scheduled``)."""
    if not claims:
        return 0
    now = timezone.now()
    by_token: dict[uuid.UUID, list[int]] = {}
    for claimed in claims:
        by_token.setdefault(claimed.token, []).append(claimed.delivery.pk)
    released = 0
    for token, ids in by_token.items():
        released += Delivery.objects.filter(
            pk__in=ids, status=DeliveryStatus.SENDING, claim_token=token
        ).update(
            status=DeliveryStatus.SCHEDULED,
            claim_token=None,
            claimed_at=None,
            attempts=F("attempts") - 1,
            updated_at=now,
        )
    return released


# ---------------------------------------------------------------- 2. prepare


CLAIM_LOST = "claim_lost"


def _not_sendable(claimed: Claimed) -> str:
    """Why the claimed delivery must not go out now (a failure code), or "".

    Reads the row, its post and account afresh in one query (a batch may have been claimed a moment
    ago): ``CLAIM_LOST`` when this worker no longer holds the row (a sweep took it over).
    """
    delivery = claimed.delivery
    fresh = (
        Delivery.objects.filter(pk=delivery.pk)
        .values_list(
            "status",
            "claim_token",
            "post__status",
            "post__revision",
            "post__approved_revision",
            "account__status",
        )
        .first()
    )
    if fresh is None:
        return CLAIM_LOST
    status, token, post_status, revision, approved_revision, account_status = fresh
    if status != DeliveryStatus.SENDING or token != claimed.token:
        return CLAIM_LOST
    approved = post_status == PostStatus.APPROVED and approved_revision == revision
    if not approved or revision != delivery.revision:
        return "not_approved"
    if account_status != AccountStatus.CONNECTED:
        return "account_not_connected"
    if claimed.now - delivery.due_at > late_after():
        return "too_late"
    return ""


def message_for(delivery: Delivery) -> Message:
    """What to publish: the delivery's copied text, the post's language, link and images."""
    post = delivery.post
    images = []
    for image in sorted(post.images.all(), key=lambda image: (image.position, image.pk)):
        with default_storage.open(image.file, "rb") as stored:
            images.append(Image(data=stored.read(), mime_type=image.mime_type, alt_text=image.alt_text))
    link = post.link_url if post.link_url and post.link_url in delivery.text else ""
    return Message(
        text=delivery.text,
        language=post.language,
        link=link,
        images=tuple(images),
        idempotency_key=str(delivery.idempotency_key),
    )


def _open_attempt(claimed: Claimed) -> DeliveryAttempt:
    """The attempt row, written before the call as the record that a call was made.

    Within ``relaxed_commits`` its commit does not wait for the disk: what makes sending safe is the
    claim, committed durably before. The row is visible at once and reaches the disk with the next
    durable commit; only a crash of the database server in between loses it, and the row then still
    stands in ``sending`` for the sweep.
    """
    return DeliveryAttempt.objects.create(
        delivery=claimed.delivery, claim_token=claimed.token, started_at=timezone.now()
    )


def prepare(claimed: Claimed, connectors: ConnectorFor = connector_for) -> Prepared | None:
    """Re-check and write the attempt; None when the delivery was finished without calling the network."""
    delivery = claimed.delivery
    code = _not_sendable(claimed)
    if code == CLAIM_LOST:
        logger.warning("delivery %s: claim lost before sending", delivery.pk)
        return None
    if code:
        _finish(claimed, DeliveryStatus.FAILED, code=code, detail="not sent")
        return None
    try:
        connector = connectors(delivery.network)
        credentials = credentials_of(delivery.account)
        message = message_for(delivery)
    except LookupError:
        _finish(claimed, DeliveryStatus.FAILED, code="no_connector")
        return None
    except ValueError:  # the stored secret cannot be decrypted with the configured key
        _finish(claimed, DeliveryStatus.FAILED, code="unreadable_credentials")
        return None
    except OSError as error:  # an image is missing from the storage
        _finish(claimed, DeliveryStatus.FAILED, code="invalid", detail=f"image: {type(error).__name__}")
        return None
    return Prepared(claimed, _open_attempt(claimed), connector, credentials, message)


# ---------------------------------------------------------------- 3. call


def call(prepared: Prepared, stats: Stats | None = None) -> Published | Outcome:
    """Publish through the connector; never raises (an unexpected error may have published: Unknown)."""
    started = time.perf_counter()
    try:
        return prepared.connector.publish(prepared.credentials, prepared.message)
    except Outcome as outcome:
        return outcome
    except Exception as error:  # a connector bug must not leave the row unrecorded
        logger.exception("delivery %s: connector failed", prepared.claimed.delivery.pk)
        return Unknown("error", type(error).__name__)
    finally:
        if stats is not None:
            stats.network_seconds += time.perf_counter() - started


# ---------------------------------------------------------------- 4. record


def _finish(
    claimed: Claimed,
    status: str,
    *,
    code: str = "",
    detail: str = "",
    published: Published | None = None,
    next_attempt_at: dt.datetime | None = None,
    attempt: tuple[DeliveryAttempt, Published | Outcome] | None = None,
) -> bool:
    """Move the claimed row to ``status`` if this worker still holds it; write the audit record.

    ``attempt``: the attempt and the network's answer, recorded in the same transaction (whether or
    not the claim still holds: the call was made)."""
    delivery = claimed.delivery
    now = timezone.now()
    changes: dict[str, Any] = {"status": status, "updated_at": now, "failure_code": code}
    changes["failure_detail"] = detail[:500]
    if status != DeliveryStatus.SENDING:
        changes["claim_token"] = None
    if published is not None:
        changes.update(
            remote_id=published.remote_id[:500],
            remote_url=published.url[:1000],
            published_at=published.published_at or now,
        )
    if status == DeliveryStatus.SCHEDULED:
        changes["next_attempt_at"] = next_attempt_at
    with transaction.atomic():
        if attempt is not None:
            _close_attempt(*attempt)
        held = Delivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.SENDING, claim_token=claimed.token
        )
        if held.update(**changes) != 1:
            logger.warning("delivery %s: claim lost before recording %s", delivery.pk, status)
            return False
        # The row now holds exactly these values (the other fields are this claim's, unchanged since):
        # no need to read it back.
        for name, value in changes.items():
            setattr(delivery, name, value)
        audit.record(
            delivery.organization,
            None,
            f"publishing.delivery_{status}",
            delivery,
            after={
                "status": status,
                "code": code,
                "attempts": delivery.attempts,
                "remote_id": delivery.remote_id,
                "next_attempt_at": audit.to_json(next_attempt_at),
            },
            personal=("remote_id",),
        )
    if status == DeliveryStatus.PUBLISHED:
        try:
            link_published(delivery)
        except Exception:  # the post is out; missing evidence must not undo that
            logger.exception("delivery %s: linking the plan evidence failed", delivery.pk)
    return True


def _close_attempt(attempt: DeliveryAttempt, result: Published | Outcome) -> None:
    attempt.finished_at = timezone.now()
    if isinstance(result, Published):
        attempt.outcome = "published"
    else:
        attempt.outcome = type(result).__name__.lower()
        attempt.code = result.code[:40]
        attempt.http_status = result.http_status
        attempt.detail = result.detail[:500]
    attempt.save(update_fields=["finished_at", "outcome", "code", "http_status", "detail"])


def backoff(attempts: int, retry_after: float | None) -> dt.timedelta:
    """How long to wait after a passing failure: the network's Retry-After, else doubling from a minute."""
    if retry_after is not None and retry_after > 0:
        return min(dt.timedelta(seconds=retry_after), RETRY_AFTER_MAX)
    doubled: dt.timedelta = BACKOFF_FIRST * (2 ** min(max(attempts - 1, 0), 16))
    return min(doubled, BACKOFF_MAX)


def _expire_account(account: NetworkAccount, detail: str) -> None:
    # One rule in one place: the action marks the account and tells its owner by e-mail.
    mark_account_expired(None, account, code=detail)


def record(prepared: Prepared, result: Published | Outcome) -> str:
    """Record what the network answered; the delivery's new status."""
    claimed = prepared.claimed
    delivery = claimed.delivery
    if isinstance(result, Published):
        _finish(claimed, DeliveryStatus.PUBLISHED, published=result, attempt=(prepared.attempt, result))
        return DeliveryStatus.PUBLISHED
    _close_attempt(prepared.attempt, result)
    if isinstance(result, Transient):
        return _again_later(claimed, result)
    if isinstance(result, AuthExpired):
        _expire_account(delivery.account, result.code)
        _finish(claimed, DeliveryStatus.FAILED, code="auth_expired", detail=result.detail)
        return DeliveryStatus.FAILED
    if isinstance(result, Permanent):
        _finish(claimed, DeliveryStatus.FAILED, code=result.code, detail=result.detail)
        return DeliveryStatus.FAILED
    # Unknown: the post may be out. Ask the network before anything else.
    return _resolve_by_finding(claimed, prepared.connector, prepared.credentials, prepared.message, result)


def _again_later(claimed: Claimed, result: Transient) -> str:
    if claimed.delivery.attempts >= MAX_ATTEMPTS:
        _finish(
            claimed, DeliveryStatus.FAILED, code="too_many_attempts", detail=f"{result.code}: {result.detail}"
        )
        return DeliveryStatus.FAILED
    later = timezone.now() + backoff(claimed.delivery.attempts, result.retry_after)
    _finish(claimed, DeliveryStatus.SCHEDULED, code=result.code, detail=result.detail, next_attempt_at=later)
    return DeliveryStatus.SCHEDULED


def _resolve_by_finding(
    claimed: Claimed, connector: Connector, credentials: Any, message: Message, outcome: Outcome
) -> str:
    """Published if the network has the post; scheduled again only if it surely has none; else a person."""
    if connector.can_find:
        since = claimed.delivery.claimed_at or claimed.now
        try:
            found = connector.find(credentials, message, since=since - dt.timedelta(minutes=5))
        except Outcome as error:
            outcome = error
        except Exception as error:  # whatever went wrong, a person decides
            logger.exception("delivery %s: find failed", claimed.delivery.pk)
            outcome = Unknown("error", type(error).__name__)
        else:
            if found is not None:
                _finish(claimed, DeliveryStatus.PUBLISHED, published=found)
                return DeliveryStatus.PUBLISHED
            return _again_later(claimed, Transient(outcome.code, outcome.detail))
    _finish(claimed, DeliveryStatus.NEEDS_ATTENTION, code=outcome.code or "crashed", detail=outcome.detail)
    return DeliveryStatus.NEEDS_ATTENTION


# ---------------------------------------------------------------- steps and the loop


def send_claimed(
    claimed: Claimed, connectors: ConnectorFor = connector_for, stats: Stats | None = None
) -> str:
    """Check, send and record one claimed delivery; the new status, or "" when the claim was lost."""
    prepared = prepare(claimed, connectors)
    if prepared is None:
        return str(Delivery.objects.values_list("status", flat=True).get(pk=claimed.delivery.pk))
    return record(prepared, call(prepared, stats))


def send_one(
    delivery_id: int, now: dt.datetime | None = None, connectors: ConnectorFor = connector_for
) -> str:
    """Claim, check, send and record one delivery; the new status, or "" when not claimed."""
    claimed = claim(delivery_id, now or timezone.now())
    if claimed is None:
        return ""
    return send_claimed(claimed, connectors)


def send_due(
    now: dt.datetime | None = None,
    connectors: ConnectorFor = connector_for,
    *,
    stopping: Callable[[], bool] | None = None,
    stats: Stats | None = None,
) -> int:
    """Claim a batch of due deliveries and send them one by one; how many this worker sent.

    Rows not started yet are given back when ``stopping()`` turns true or the batch has taken a quarter
    of the stale time (the sweep must never take a row this worker may still send)."""
    started = time.perf_counter()
    sent = 0
    with relaxed_commits():
        claims = claim_due(now or timezone.now())
        budget = stale_after().total_seconds() / 4
        for index, claimed in enumerate(claims):
            if (stopping is not None and stopping()) or time.perf_counter() - started > budget:
                release(claims[index:])
                break
            send_claimed(claimed, connectors, stats)
            sent += 1
    if stats is not None:
        stats.claimed += sent
        stats.seconds += time.perf_counter() - started
    return sent


def sweep_one(delivery_id: int, now: dt.datetime, connectors: ConnectorFor = connector_for) -> str:
    """Take over a row left in ``sending`` by a dead worker and settle it by asking the network."""
    row = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING).first()
    if row is None or row.claimed_at is None or now - row.claimed_at < stale_after():
        return ""
    token = uuid.uuid4()
    taken = Delivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.SENDING, claim_token=row.claim_token
    ).update(claim_token=token, updated_at=timezone.now())
    if taken != 1:
        return ""  # another sweeper took it, or the worker recorded after all
    delivery = Delivery.objects.select_related("organization", "account", "post").get(pk=delivery_id)
    claimed = Claimed(delivery, token, now)
    crashed = Unknown("crashed", "the worker stopped while sending")
    try:
        connector = connectors(delivery.network)
        credentials = credentials_of(delivery.account)
        message = message_for(delivery)
    except (LookupError, ValueError, OSError):
        _finish(claimed, DeliveryStatus.NEEDS_ATTENTION, code="crashed", detail=crashed.detail)
        return DeliveryStatus.NEEDS_ATTENTION
    if not connector.can_find:
        _finish(claimed, DeliveryStatus.NEEDS_ATTENTION, code="crashed", detail=crashed.detail)
        return DeliveryStatus.NEEDS_ATTENTION
    return _resolve_by_finding(claimed, connector, credentials, message, crashed)


def sweep(now: dt.datetime | None = None, connectors: ConnectorFor = connector_for) -> int:
    """Settle every row left in ``sending`` longer than allowed; how many were settled."""
    now = now or timezone.now()
    stale = list(
        Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lte=now - stale_after())
        .order_by("claimed_at", "pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    return sum(1 for delivery_id in stale if sweep_one(delivery_id, now, connectors))


class Worker:
    """``resonanz publishing work``: sweep, send what is due, sleep; stops cleanly on SIGTERM."""

    def __init__(self, *, idle_seconds: float = IDLE_SECONDS) -> None:
        self.idle_seconds = idle_seconds
        self.stopping = False
        self.stats = Stats()
        self._tidied_at = -TIDY_SECONDS

    def stop(self, signum: int = 0, frame: FrameType | None = None) -> None:
        self.stopping = True

    def is_stopping(self) -> bool:
        return self.stopping

    def run_once(self) -> int:
        # Drop a broken or aged connection (CONN_MAX_AGE) before a round; while busy, not before every
        # batch: SQLite's connection (CONN_MAX_AGE 0) would be closed and opened again each time.
        if time.monotonic() - self._tidied_at >= TIDY_SECONDS:
            close_old_connections()
            self._tidied_at = time.monotonic()
        settled = sweep()
        done = settled + send_due(stopping=self.is_stopping, stats=self.stats)
        if done == 0:
            self._tidied_at = -TIDY_SECONDS  # idle: tidy before the next round
        return done

    def drain(self, *, seconds: float | None = None) -> int:
        """Rounds until one finds nothing to do, the worker is stopped or ``seconds`` have passed;
        how many rows were sent or settled. No signal handlers: also for a job's thread."""
        deadline = None if seconds is None else time.monotonic() + seconds
        done = 0
        while not self.stopping and (deadline is None or time.monotonic() < deadline):
            round_done = self.run_once()
            if round_done == 0:
                break
            done += round_done
        return done

    def run(self, *, until_idle: bool = False) -> None:
        """Work until stopped; with ``until_idle``, until a round finds nothing to do."""
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        if until_idle:
            self.drain()
            return
        while not self.stopping:
            if self.run_once() == 0:
                deadline = time.monotonic() + self.idle_seconds
                while not self.stopping and time.monotonic() < deadline:
                    time.sleep(0.2)
