from __future__ import annotations

import datetime as dt

from django.db import models

from resonanz.core.personal_data import declare

# Each start of a worker process writes its own row (host and process id), so restarts and scaled-down
# machines would pile up rows for ever. A worker not heard of for this long is gone; /healthz needs
# only the newest beat (it fails after three minutes), so a day keeps every row it could ever use.
HEARTBEAT_RETENTION = dt.timedelta(days=1)


@declare(not_personal=("worker", "beat_at"))  # a worker is a host name and a process id
class WorkerHeartbeat(models.Model):
    """The newest sign of life of each job worker; /healthz reads it. One row per worker name."""

    worker = models.CharField(max_length=120, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.worker
