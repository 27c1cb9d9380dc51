"""Periodic jobs of the core app."""

from __future__ import annotations

import os
import socket

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from resonanz.core.checkpoints import write_due_checkpoints
from resonanz.core.models import WorkerHeartbeat
from resonanz.core.models.heartbeat import HEARTBEAT_RETENTION


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(name: str | None = None) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker=name or worker_name(), defaults={"beat_at": timezone.now()}
    )


def prune_heartbeats() -> int:
    """Forget workers silent for longer than ``HEARTBEAT_RETENTION``; returns how many were forgotten.

    The newest heartbeat always stays, so /healthz can still say when a worker was last seen even
    when every worker has been gone for days. Safe on several workers at once: a second delete of the
    same rows deletes nothing.
    """
    newest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("pk", flat=True).first()
    stale = WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - HEARTBEAT_RETENTION)
    if newest is not None:
        stale = stale.exclude(pk=newest)
    deleted, _by_model = stale.delete()
    return deleted


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def heartbeat() -> None:
    """Tell /healthz that a worker is alive and takes jobs."""
    beat()


@db_periodic_task(crontab(minute="41"))  # type: ignore[untyped-decorator]
def prune_worker_heartbeats() -> None:
    """Hourly: drop the heartbeats of workers that have been gone for a day."""
    prune_heartbeats()


@db_periodic_task(crontab(minute="*/15"))  # type: ignore[untyped-decorator]
def audit_checkpoints() -> None:
    """Every quarter of an hour: sign the head of every audit chain that grew since its last checkpoint.

    Several workers may run this at once: each checkpoint is claimed by its unique constraint.
    """
    write_due_checkpoints()
