"""/healthz: database, pending migrations and the newest worker heartbeat, as JSON."""

from __future__ import annotations

import datetime as dt

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from resonanz.core.models import WorkerHeartbeat

HEARTBEAT_MAX_AGE = dt.timedelta(minutes=3)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, dict[str, object]] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True, "vendor": connection.vendor}
    except DatabaseError as error:
        checks["database"] = {"ok": False, "error": type(error).__name__}
        return JsonResponse({"status": "fail", "checks": checks}, status=503)

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    checks["migrations"] = {"ok": not pending, "pending": len(pending)}

    newest = WorkerHeartbeat.objects.order_by("-beat_at").first() if not pending else None
    if newest is None:
        checks["worker"] = {"ok": False, "last_heartbeat": None}
    else:
        age = timezone.now() - newest.beat_at
        checks["worker"] = {
            "ok": age <= HEARTBEAT_MAX_AGE,
            "last_heartbeat": newest.beat_at.isoformat(),
            "age_seconds": int(age.total_seconds()),
        }
    healthy = all(bool(check["ok"]) for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )
