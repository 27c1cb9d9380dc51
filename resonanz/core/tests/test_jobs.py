"""Jobs: which Huey the settings choose, and the heartbeat going through a real queue as a worker runs it.

The test settings make Huey immediate, which would hide serialization and storage. So the queue tests
build a non-immediate Huey of the configured kind (Redis when ``REDIS_URL`` is set, else SQLite in a
temporary file), enqueue the heartbeat, then dequeue and execute it the way the consumer does.
"""

from __future__ import annotations

import datetime as dt
import os
import runpy
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from huey import Huey, RedisHuey, SqliteHuey
from huey.contrib.djhuey import HUEY

from resonanz.core.models import WorkerHeartbeat
from resonanz.core.tasks import heartbeat, worker_name

SETTINGS_FILE = Path(settings.BASE_DIR) / "settings.py"
CONFIG_VARIABLES = ("REDIS_URL", "DATABASE_URL", "RESONANZ_TESTING", "RESONANZ_PRODUCTION", "SECRET_KEY")


def _settings_with(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **values: str) -> dict[str, Any]:
    """Read settings.py afresh under the given environment (the running settings stay untouched)."""
    for name in CONFIG_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RESONANZ_DATA_DIR", str(tmp_path))
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_it_queues_jobs_in_sqlite_in_the_data_directory_without_redis(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    huey = _settings_with(monkeypatch, tmp_path, RESONANZ_TESTING="0")["HUEY"]

    assert huey["huey_class"] == "huey.SqliteHuey"
    assert huey["filename"] == str(tmp_path / "huey.sqlite3")
    assert huey["immediate"] is False


def test_it_queues_jobs_in_redis_when_redis_url_is_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    redis_url = "redis://queue.internal:6379/2"
    huey = _settings_with(monkeypatch, tmp_path, RESONANZ_TESTING="0", REDIS_URL=redis_url)["HUEY"]

    assert huey["huey_class"] == "huey.RedisHuey"
    assert huey["url"] == redis_url
    assert huey["immediate"] is False


def test_it_runs_jobs_in_memory_under_test_without_redis(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    huey = _settings_with(monkeypatch, tmp_path, RESONANZ_TESTING="1")["HUEY"]

    assert huey["huey_class"] == "huey.MemoryHuey"
    assert huey["immediate"] is True


def test_it_refuses_a_queue_url_that_is_not_redis(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _settings_with(monkeypatch, tmp_path, REDIS_URL="http://127.0.0.1:6379/0")

    assert exit_info.value.code == 2


def _redis_or_skip(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        if os.environ.get("RESONANZ_REQUIRE_SERVICES"):
            pytest.fail(f"Redis at {url} is required for this run but not reachable: {error}")
        pytest.skip(f"Redis at {url} is not reachable: {error}")


@pytest.fixture
def worker_queue(tmp_path: Path) -> Iterator[Huey]:
    """A non-immediate Huey of the kind the settings configure, private to this test."""
    if os.environ.get("RESONANZ_REQUIRE_SERVICES") and not settings.REDIS_URL:
        pytest.fail("RESONANZ_REQUIRE_SERVICES is set, so this run must have REDIS_URL")
    # A name of its own: parallel test workers share the Redis database but not the queue.
    name = f"resonanz-test-{uuid.uuid4().hex[:12]}"
    queue: Huey
    if settings.REDIS_URL:
        _redis_or_skip(settings.REDIS_URL)
        queue = RedisHuey(name, url=settings.REDIS_URL, immediate=False)
    else:
        queue = SqliteHuey(name, filename=str(tmp_path / "huey.sqlite3"), immediate=False)
    # The consumer knows tasks by their registered class; give this queue the very class of the app.
    queue._registry.register(heartbeat.task_class)
    yield queue
    queue.flush()


def _is_configured_kind(queue: Huey) -> bool:
    return isinstance(queue, RedisHuey if settings.REDIS_URL else SqliteHuey)


@pytest.mark.django_db
def test_a_worker_runs_the_queued_heartbeat_and_records_it(worker_queue: Huey) -> None:
    assert _is_configured_kind(worker_queue)
    before = timezone.now()

    worker_queue.enqueue(heartbeat.s())

    assert worker_queue.pending_count() == 1
    assert not WorkerHeartbeat.objects.exists(), "enqueueing must not run the job"

    task = worker_queue.dequeue()  # what the consumer's worker does: take one message ...
    assert task is not None
    assert type(task) is heartbeat.task_class
    worker_queue.execute(task)  # ... and run it

    assert worker_queue.pending_count() == 0
    row = WorkerHeartbeat.objects.get()
    assert row.worker == worker_name()
    assert before <= row.beat_at <= timezone.now()


@pytest.mark.django_db
def test_a_second_heartbeat_of_the_same_worker_updates_its_row(worker_queue: Huey) -> None:
    worker_queue.enqueue(heartbeat.s())
    worker_queue.enqueue(heartbeat.s())

    first, second = worker_queue.dequeue(), worker_queue.dequeue()
    worker_queue.execute(first)
    beat_at = WorkerHeartbeat.objects.get().beat_at
    worker_queue.execute(second)

    assert WorkerHeartbeat.objects.count() == 1
    assert WorkerHeartbeat.objects.get().beat_at >= beat_at


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2025, 1, 1, 0, 0),
        dt.datetime(2025, 3, 30, 2, 17),  # the night the clocks go forward in Germany
        dt.datetime(2025, 6, 15, 13, 37),
        dt.datetime(2025, 12, 31, 23, 59),
    ],
)
def test_the_heartbeat_is_a_periodic_task_due_every_minute(moment: dt.datetime) -> None:
    due = {task.name for task in HUEY.read_periodic(moment)}

    assert "heartbeat" in due


def test_the_heartbeat_is_registered_with_the_configured_huey() -> None:
    assert heartbeat.huey is HUEY
    assert any(type(task) is heartbeat.task_class for task in HUEY._registry.periodic_tasks)
