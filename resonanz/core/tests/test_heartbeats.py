"""Worker heartbeats: the rows of workers that are gone are pruned, and /healthz still tells the truth."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from huey.contrib.djhuey import HUEY

from resonanz.core.models import WorkerHeartbeat
from resonanz.core.models.heartbeat import HEARTBEAT_RETENTION
from resonanz.core.tasks import beat, prune_heartbeats, prune_worker_heartbeats
from resonanz.core.views.health import HEARTBEAT_MAX_AGE

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def workers() -> list[str]:
    return sorted(WorkerHeartbeat.objects.values_list("worker", flat=True))


def worker_check(client: Client) -> tuple[int, dict[str, object]]:
    response = client.get("/healthz")
    return response.status_code, response.json()["checks"]["worker"]


def test_workers_silent_for_longer_than_a_day_are_pruned_and_the_living_stay(db: None) -> None:
    with time_machine.travel(START, tick=False) as clock:
        beat("web-1:101")  # restarted the next morning under a new process id
        beat("web-1:102")
        clock.shift(dt.timedelta(hours=2))
        beat("web-2:201")
        clock.shift(HEARTBEAT_RETENTION - dt.timedelta(hours=2))
        beat("web-1:103")
        assert prune_heartbeats() == 0, "exactly a day of silence is not yet gone"

        clock.shift(dt.timedelta(seconds=1))
        assert prune_heartbeats() == 2

    assert workers() == ["web-1:103", "web-2:201"]


def test_a_second_worker_pruning_at_the_same_time_finds_nothing_left(db: None) -> None:
    with time_machine.travel(START, tick=False) as clock:
        beat("gone:1")
        clock.shift(HEARTBEAT_RETENTION + dt.timedelta(minutes=1))
        beat("alive:2")

        assert (prune_heartbeats(), prune_heartbeats()) == (1, 0)
    assert workers() == ["alive:2"]


def test_the_newest_heartbeat_is_kept_so_healthz_still_says_when_a_worker_was_last_seen(
    db: None, client: Client
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        beat("old:1")
        clock.shift(dt.timedelta(minutes=5))
        beat("last:2")
        clock.shift(dt.timedelta(days=3))

        assert prune_heartbeats() == 1
        status, check = worker_check(client)

    assert workers() == ["last:2"]
    assert status == 503
    assert check == {
        "ok": False,
        "last_heartbeat": (START + dt.timedelta(minutes=5)).isoformat(),
        "age_seconds": 3 * 24 * 3600,
    }


def test_healthz_answers_as_before_once_stale_workers_are_pruned(db: None, client: Client) -> None:
    with time_machine.travel(START, tick=False) as clock:
        beat("gone:1")
        clock.shift(HEARTBEAT_RETENTION + dt.timedelta(hours=1))
        beat("alive:2")
        before = worker_check(client)

        prune_worker_heartbeats.call_local()
        after = worker_check(client)
        clock.shift(HEARTBEAT_MAX_AGE + dt.timedelta(seconds=1))
        silent = worker_check(client)

    assert workers() == ["alive:2"]
    assert (
        before == after == (200, {"ok": True, "last_heartbeat": after[1]["last_heartbeat"], "age_seconds": 0})
    )
    assert silent[0] == 503 and silent[1]["ok"] is False


@pytest.mark.parametrize("minute", [0, 40, 42, 59])
def test_pruning_is_an_hourly_job(minute: int) -> None:
    due_at = {task.name for task in HUEY.read_periodic(dt.datetime(2026, 3, 2, 9, 41))}
    due_else = {task.name for task in HUEY.read_periodic(dt.datetime(2026, 3, 2, 9, minute))}

    assert "prune_worker_heartbeats" in due_at
    assert "prune_worker_heartbeats" not in due_else
