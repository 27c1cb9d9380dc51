"""The real server for tests: a migrated SQLite data folder with one tracked link, granian started as
``resonanz serve`` starts it (``granian_command``) in a process group of its own."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from resonanz.core.management.commands.serve import granian_command
from resonanz.core.tests.processes import PYTHON, clean_env, resonanz, run

TARGET = "https://example.org/ziel"

MAKE_LINK = """
import django
django.setup()
from resonanz.core import actions as core
from resonanz.links.actions import create_link
organization = core.create_organization(None, name="Klick GmbH", slug="klick")
manager = core.add_member(None, organization, email="k@klick.example", full_name="K", roles=["admin",
    "communications_manager"], password="korrekt-Pferd-Batterie-9", send_invitation=False)
print(create_link(manager, target_url="https://example.org/ziel", utm_source="test").code)
"""


@dataclass
class Site:
    data: Path
    database: Path
    env: dict[str, str]
    code: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def make_site(data: Path) -> Site:
    data.mkdir(parents=True, exist_ok=True)
    database = data / "links.sqlite3"
    env = clean_env(data, DATABASE_URL=f"sqlite:///{database}")
    migrated = resonanz("migrate", "--no-input", env=env)
    assert migrated.returncode == 0, migrated.stderr
    made = run([PYTHON, "-c", MAKE_LINK], {**env, "DJANGO_SETTINGS_MODULE": "resonanz.settings"})
    assert made.returncode == 0, made.stderr
    return Site(data, database, env, made.stdout.strip())


def start(site: Site, port: int, *, threads: int = 4, workers: int = 2) -> subprocess.Popen[bytes]:
    with (site.data / "granian.log").open("a") as output:
        return subprocess.Popen(
            granian_command("127.0.0.1", port, threads=threads, workers=workers, kill_seconds=3),
            env=site.env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a kill of the group reaches every worker
        )


def wait_until_listening(site: Site, port: int, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        assert server.poll() is None, (site.data / "granian.log").read_text()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            assert time.monotonic() < deadline, (site.data / "granian.log").read_text()
            time.sleep(0.2)


def kill(server: subprocess.Popen[bytes]) -> None:
    """SIGKILL to the server's whole process group (main process and workers)."""
    with suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=30)


@contextmanager
def serving(site: Site, **options: int) -> Iterator[int]:
    port = free_port()
    server = start(site, port, **options)
    try:
        wait_until_listening(site, port, server)
        yield port
    finally:
        kill(server)


def log_lines(site: Site) -> list[bytes]:
    return [
        line
        for path in sorted((site.data / "clicks").glob("*.log"))
        for line in path.read_bytes().splitlines()
    ]
