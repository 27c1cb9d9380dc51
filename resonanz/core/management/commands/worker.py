from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from resonanz.core.file_store import FileStoreUnavailable, check_file_store
from resonanz.core.tasks import beat


def pending_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = "Run the job worker (Huey consumer). SIGINT finishes running jobs, SIGTERM stops at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=2, help="worker threads (1–32)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["workers"] <= 32:
            raise CommandError("--workers: use 1 to 32 threads")
        try:
            pending = pending_migrations()
        except DatabaseError as error:
            raise CommandError(f"cannot reach the database: {error}") from None
        if pending:
            # Jobs would fail one by one on missing tables; say what to do instead.
            raise CommandError(f"the database lacks {pending} migration(s); run 'resonanz migrate' first")
        try:
            check_file_store()  # jobs store imports and PDFs: a wrong bucket should stop us here
        except FileStoreUnavailable as error:
            raise CommandError(str(error)) from None
        try:
            beat()  # /healthz sees the worker from its first second, not a minute later
            call_command(
                "run_huey", workers=options["workers"], worker_type="thread", verbosity=options["verbosity"]
            )
        except KeyboardInterrupt:
            # Ctrl-C before the consumer has taken over SIGINT (it then finishes running jobs itself):
            # no job has started yet, so stopping here is the clean stop.
            self.stdout.write("worker stopped before it started any job")
