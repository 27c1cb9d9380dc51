"""A web server killed with SIGKILL loses no answered click: granian serves, is killed, ingestion counts.

Runs the real thing: ``resonanz migrate`` into a fresh SQLite database, granian started as ``resonanz
serve`` starts it (``granian_command``), N requests answered with 302, the whole process group killed
with SIGKILL, then ``resonanz links ingest`` — and every answered click is in the database, once.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

from resonanz.core.management.commands.serve import granian_command
from resonanz.core.tests.processes import PYTHON, clean_env, resonanz, run

REQUESTS = 300

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_every_answered_click_survives_a_sigkill_of_the_web_server(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    database = data / "kill.sqlite3"
    env = clean_env(data, DATABASE_URL=f"sqlite:///{database}")
    assert resonanz("migrate", "--no-input", env=env).returncode == 0
    made = run([PYTHON, "-c", MAKE_LINK], {**env, "DJANGO_SETTINGS_MODULE": "resonanz.settings"})
    assert made.returncode == 0, made.stderr
    code = made.stdout.strip()
    port = free_port()
    with (data / "granian.log").open("w") as output:
        server = subprocess.Popen(
            granian_command("127.0.0.1", port, threads=4, workers=2, kill_seconds=3),
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the kill below reaches every worker
        )
    answered = 0
    try:
        deadline = time.monotonic() + 60
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while answered < REQUESTS:
            try:
                connection.request("GET", f"/r/{code}", headers={"User-Agent": "Mozilla/5.0 (X11; Linux)"})
                response = connection.getresponse()
                response.read()
            except (ConnectionError, OSError):
                assert time.monotonic() < deadline, (data / "granian.log").read_text()
                assert server.poll() is None, (data / "granian.log").read_text()
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                time.sleep(0.2)
                continue
            assert response.status == 302, response.status
            assert response.getheader("Location") == "https://example.org/ziel?utm_source=test"
            answered += 1
        connection.close()
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
    time.sleep(0.5)  # the workers, children of the killed server, are reaped by init

    ingested = resonanz("links", "ingest", env=env)

    assert ingested.returncode == 0, ingested.stderr
    summary = json.loads(ingested.stdout)
    assert summary["stored"] == answered == REQUESTS
    with sqlite3.connect(database) as db:
        (clicks,) = db.execute("SELECT COUNT(*) FROM links_click").fetchone()
        (rolled,) = db.execute("SELECT SUM(clicks) FROM links_dailyclickrollup").fetchone()
    assert clicks == rolled == REQUESTS
    assert resonanz("links", "ingest", env=env).returncode == 0
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT COUNT(*) FROM links_click").fetchone()[0] == REQUESTS
    assert list((data / "clicks").glob("*.log")) == []  # the killed processes' logs were read and removed
