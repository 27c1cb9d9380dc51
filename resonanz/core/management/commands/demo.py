from __future__ import annotations

import contextlib
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

# After Ctrl-C the web server and the worker get this long to stop on their own; what is left of them
# then is killed. Well inside the 15 seconds a person waits before reaching for kill.
STOP_GRACE_SECONDS = 6.0
# granian's own limit for a web worker that does not stop (it stops the rest cleanly before the grace ends).
WEB_WORKER_KILL_SECONDS = 3


def start_child(argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start a child in a process group of its own, which ``stop_children`` stops as a whole.

    Ctrl-C then reaches only the demo, which stops each group: a process the child started itself (the
    granian worker) can never outlive it.
    """
    return subprocess.Popen(argv, env=env, start_new_session=True)  # noqa: S603


def _signal_group(child: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group is gone already
        os.killpg(child.pid, signum)


def stop_children(children: list[subprocess.Popen[bytes]], grace: float = STOP_GRACE_SECONDS) -> None:
    """SIGINT to each child's group, up to ``grace`` seconds to stop, then SIGKILL to whatever is left."""
    for child in children:
        if child.poll() is None:
            _signal_group(child, signal.SIGINT)
    deadline = time.monotonic() + grace
    for child in children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
    for child in children:
        if child.poll() is None:
            what = " ".join(str(part) for part in child.args[-1:])  # type: ignore[index]
            sys.stderr.write(f"{what} (pid {child.pid}) did not stop within {grace:g} s and is killed.\n")
        _signal_group(child, signal.SIGKILL)  # also a grandchild left behind by a child that did stop
        child.wait()


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
        mail_note = ""
        if "EMAIL_URL" not in os.environ:
            # Mails the demo sends (reminders, invitations) go to files: printed among the output, a
            # recipient's address could be taken for one of the demo logins listed below.
            mail_directory = settings.DATA_DIR / "mail"
            env["EMAIL_URL"] = mail_directory.as_uri()
            mail_note = f"E-Mails der Demo / demo e-mails: {mail_directory}"
        since = timezone.now()
        serve = granian_command(
            options["host"], options["port"], default_threads(), 1, kill_seconds=WEB_WORKER_KILL_SECONDS
        )
        children: list[subprocess.Popen[bytes]] = []
        stopping = False

        def stop(signum: int, _frame: object) -> None:
            nonlocal stopping
            stopping = True

        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, stop)
        try:
            children.append(start_child(serve, env))
            children.append(start_child([python, "-m", "resonanz.cli", "worker"], env))
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
            if mail_note:
                self.stdout.write(mail_note)
            self.stdout.write("Beenden mit Strg+C / stop with Ctrl-C")
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.3)
        finally:
            stop_children(children)
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
