from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resonanz.core.file_store import FileStoreUnavailable, check_file_store
from resonanz.environment import ConfigurationError, Environment

# How long granian waits for a worker that does not stop after a request to stop, before it kills it.
WORKERS_KILL_SECONDS = 20
HEAD_BYTES = 65536


def granian_command(
    host: str, port: int, threads: int, workers: int, kill_seconds: int = WORKERS_KILL_SECONDS
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        # WSGI handlers run on blocking threads; say how many instead of relying on a default.
        "--blocking-threads",
        str(threads),
        # No --backpressure: granian counts open connections against it, idle keep-alive ones too,
        # so a limit as low as the thread count let a few browser tabs stall every other visitor.
        # Requests beyond the threads wait for a free one instead.
        "--no-ws",
        # The request line and headers must fit in 64 KiB (granian's default is 408 KiB): a larger head
        # gets 431 or 414 from granian before any Python runs. Bodies are read in chunks, not limited.
        "--http1-buffer-size",
        str(HEAD_BYTES),
        # A worker stuck in a request must not keep the server from stopping.
        "--workers-kill-timeout",
        str(kill_seconds),
        "--log-level",
        "warning",
        "resonanz.wsgi:application",
    ]


def default_threads() -> int:
    return max(2, 2 * (os.cpu_count() or 1))


class Command(BaseCommand):
    help = "Run the web server (granian, WSGI interface)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=None, help="default: $PORT, else 8000")
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument(
            "--threads", type=int, default=default_threads(), help="blocking threads per worker process"
        )
        parser.add_argument("--workers", type=int, default=1, help="worker processes")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["port"] is None:
            try:
                options["port"] = Environment.from_os().integer("PORT", 8000, minimum=1, maximum=65535)
            except ConfigurationError as error:
                raise CommandError(str(error)) from None
        for option, low, high in (("port", 1, 65535), ("threads", 1, 256), ("workers", 1, 64)):
            if not low <= options[option] <= high:
                raise CommandError(f"--{option}: use a number from {low} to {high}")
        try:
            check_file_store()  # before the first upload finds out
        except FileStoreUnavailable as error:
            raise CommandError(str(error)) from None
        command = granian_command(options["host"], options["port"], options["threads"], options["workers"])
        sys.stdout.flush()
        os.execv(command[0], command)  # noqa: S606  (replace this process with granian)
