"""A web server killed with SIGKILL in the middle of a load loses no answered click and counts none twice.

Runs the real thing: ``resonanz migrate`` into a fresh SQLite database, granian started as ``resonanz
serve`` starts it, four clients sending requests without pause, the whole process group killed with
SIGKILL while they do, the server started again, more requests, another SIGKILL, then ``resonanz links
ingest``. Each request carries its own client address (X-Forwarded-For from the trusted local proxy
address), so its visitor hash marks it: every answered request's hash is in the database exactly once,
and every stored hash belongs to a request that was sent.
"""

from __future__ import annotations

import http.client
import json
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from resonanz.core.tests.processes import resonanz
from resonanz.links.tests.clicking import BROWSER
from resonanz.links.tests.serving import free_port, kill, make_site, start, wait_until_listening
from resonanz.links.visitors import visitor_hash

# Uses no test database (its own SQLite installation, or none): run once, in the SQLite run.
pytestmark = pytest.mark.single_run

CLIENTS = 4
PER_PHASE = 200


class Load:
    """Clients that send one request after another, each with an address of its own."""

    def __init__(self, port: int, code: str) -> None:
        self.port, self.code = port, code
        self.sent: set[str] = set()
        self.answered: set[str] = set()
        self.failed = 0
        self.bad: list[int] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._client, args=(n,)) for n in range(CLIENTS)]

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)

    def _client(self, number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        for count in range(65536):
            if self._stop.is_set():
                break
            address = f"10.{number}.{count >> 8}.{count & 255}"
            with self._lock:
                self.sent.add(address)
            try:
                connection.request(
                    "GET", f"/r/{self.code}", headers={"User-Agent": BROWSER, "X-Forwarded-For": address}
                )
                response = connection.getresponse()
                response.read()
            except (ConnectionError, OSError, http.client.HTTPException):
                with self._lock:
                    self.failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                time.sleep(0.05)
                continue
            with self._lock:
                if response.status == 302:
                    self.answered.add(address)
                else:
                    self.bad.append(response.status)
        connection.close()

    def wait_for(self, answered: int, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while len(self.answered) < answered:
            assert time.monotonic() < deadline, (len(self.answered), self.failed, self.bad[:5])
            time.sleep(0.02)


def test_every_answered_click_survives_a_sigkill_in_the_middle_of_a_load(tmp_path: Path) -> None:
    site = make_site(tmp_path / "data")
    port = free_port()
    server = start(site, port)
    try:
        wait_until_listening(site, port, server)
        with Load(port, site.code) as load:
            load.wait_for(PER_PHASE)
            kill(server)  # the clients are sending: requests are in flight
            failed_at_kill = load.failed
            server = start(site, port)
            wait_until_listening(site, port, server)
            load.wait_for(2 * PER_PHASE)
            kill(server)
    finally:
        kill(server)
    time.sleep(0.5)  # the workers, children of the killed server, are reaped by init

    ingested = resonanz("links", "ingest", env=site.env)

    assert ingested.returncode == 0, ingested.stderr
    assert load.bad == []
    assert load.failed > failed_at_kill >= 0  # requests failed while the server was down
    with sqlite3.connect(site.database) as db:
        (salt,) = db.execute("SELECT salt FROM links_visitorsalt").fetchone()
        stored = Counter(hashed for (hashed,) in db.execute("SELECT visitor_hash FROM links_click"))
        clicks, people = db.execute(
            "SELECT SUM(clicks), SUM(unique_visitors) FROM links_dailyclickrollup"
        ).fetchone()
    marker = {visitor_hash(bytes.fromhex(salt), address, "desktop"): address for address in load.sent}
    answered = {hashed for hashed, address in marker.items() if address in load.answered}
    assert len(answered) == len(load.answered) >= 2 * PER_PHASE
    assert answered - set(stored) == set()  # lost: none
    assert max(stored.values()) == 1  # counted twice: none
    assert set(stored) <= set(marker)  # every stored click was a request that was sent
    assert clicks == people == sum(stored.values()) == json.loads(ingested.stdout)["stored"]
    assert resonanz("links", "ingest", env=site.env).returncode == 0
    with sqlite3.connect(site.database) as db:
        assert db.execute("SELECT COUNT(*) FROM links_click").fetchone()[0] == sum(stored.values())
    assert (
        list((site.data / "clicks").glob("*.log")) == []
    )  # the killed processes' logs were read and removed
