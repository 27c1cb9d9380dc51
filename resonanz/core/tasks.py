"""Periodic jobs of the core app."""

from __future__ import annotations

import os
import socket

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from resonanz.core.models import WorkerHeartbeat


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(name: str | None = None) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker=name or worker_name(), defaults={"beat_at": timezone.now()}
    )


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def heartbeat() -> None:
    """Tell /healthz that a worker is alive and takes jobs."""
    beat()
