from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from resonanz.core.demo import DEMO_LOGINS, DEMO_PASSWORD, load_demo
from resonanz.core.management.commands.serve import default_threads, granian_command
from resonanz.core.models import WorkerHeartbeat


def demo_login_lines() -> list[str]:
    """The demo logins with the role names the app shows (``core.roles``), in German: one set of names."""
    with translation.override("de"):
        names = {login.role: str(login.role.label) for login in DEMO_LOGINS}
    width = max(len(name) for name in names.values())
    return [
        f"  {names[login.role]:<{width}}  {login.email}  Passwort: {DEMO_PASSWORD}" for login in DEMO_LOGINS
    ]


class Command(BaseCommand):
    help = "Prepare the demo (SQLite in the data directory), then run web server and worker until Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        self.stdout.write(f"resonanz demo · data in {settings.DATA_DIR}")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("compiletranslations", verbosity=0)
        self.stdout.write("loading the demo organizations (first run only) …")
        load_demo(self.stdout.write)

        python = sys.executable
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        since = timezone.now()
        worker = subprocess.Popen([python, "-m", "resonanz.cli", "worker"], env=env)  # noqa: S603
        serve = granian_command(options["host"], options["port"], default_threads(), 1)
        web = subprocess.Popen(serve, env=env)  # noqa: S603
        children = [web, worker]
        stopping = False

        def stop(signum: int, _frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            self._wait_until_ready(options["port"], since, children, lambda: stopping)
            shown_host = "127.0.0.1" if options["host"] in ("0.0.0.0", "::") else options["host"]  # noqa: S104
            url = f"http://{shown_host}:{options['port']}/"
            self.stdout.write("")
            self.stdout.write(
                f"resonanz läuft / is running: {url}   (ready after {time.monotonic() - started:.1f} s)"
            )
            self.stdout.write(f"Demo-Anmeldungen / demo logins (Passwort / password: {DEMO_PASSWORD}):")
            for line in demo_login_lines():
                self.stdout.write(line)
            self.stdout.write("Beenden mit Strg+C / stop with Ctrl-C")
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.3)
        finally:
            self._stop(children)
        failed = [child for child in children if child.returncode not in (0, -2, -15, None)]
        if failed and not stopping:
            raise CommandError("the web server or the worker stopped unexpectedly; see the messages above")
        self.stdout.write("resonanz demo stopped.")

    def _wait_until_ready(
        self, port: int, since: Any, children: list[subprocess.Popen[bytes]], stopping: Any
    ) -> None:
        import socket

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not stopping():
            if any(child.poll() is not None for child in children):
                raise CommandError("the web server or the worker could not start; see the messages above")
            beat = WorkerHeartbeat.objects.filter(beat_at__gte=since).exists()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    listening = True
            except OSError:
                listening = False
            if beat and listening:
                return
            time.sleep(0.2)
        if not stopping():
            raise CommandError(f"nothing answered on port {port} within 60 seconds")

    def _stop(self, children: list[subprocess.Popen[bytes]]) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        deadline = time.monotonic() + 10
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
