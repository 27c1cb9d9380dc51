from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """The newest sign of life of each job worker; /healthz reads it. One row per worker name."""

    worker = models.CharField(max_length=120, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.worker
