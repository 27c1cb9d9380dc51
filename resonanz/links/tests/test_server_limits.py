"""Absurd requests to the real server: huge headers, header floods and very long paths get a fast 4xx
before any Python runs (granian's limits as ``resonanz serve`` sets them), and no click is logged."""

from __future__ import annotations

import contextlib
import socket
import time
from pathlib import Path

import pytest

from resonanz.links.tests.clicking import BROWSER
from resonanz.links.tests.serving import log_lines, make_site, serving

# Uses no test database (its own SQLite installation, or none): run once, in the SQLite run.
pytestmark = pytest.mark.single_run


def exchange(port: int, head: bytes) -> tuple[int, float]:
    """Send a request head; the status code of the answer and the seconds it took."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        with contextlib.suppress(OSError):  # the server may answer and close before reading it all
            client.sendall(head)
        answer = client.recv(200)
    return int(answer.split(b" ", 2)[1]), time.monotonic() - started


def test_huge_heads_get_a_fast_4xx_and_nothing_is_logged(tmp_path: Path) -> None:
    site = make_site(tmp_path / "data")
    start = f"GET /r/{site.code} HTTP/1.1\r\nHost: localhost\r\nUser-Agent: {BROWSER}\r\n".encode()
    with serving(site, workers=1, threads=2) as port:
        cases = {
            "one 150 KB header": (start + b"X-Big: " + b"a" * 150_000 + b"\r\n\r\n", {431}),
            "5000 headers": (start + b"".join(b"X-H%d: v\r\n" % n for n in range(5000)) + b"\r\n", {431}),
            "a 100 KB path": (
                f"GET /r/{site.code}{'a' * 100_000} HTTP/1.1\r\nHost: x\r\n\r\n".encode(),
                {414, 431},
            ),
            "a 100 KB path elsewhere": (
                f"GET /{'a' * 100_000} HTTP/1.1\r\nHost: x\r\n\r\n".encode(),
                {414, 431},
            ),
            "a 20 KB path": (f"GET /r/{site.code}{'a' * 20_000} HTTP/1.1\r\nHost: x\r\n\r\n".encode(), {404}),
            "a 60 KB forwarded header": (
                start + b"X-Forwarded-For: " + b"1.2.3.4," * 7000 + b"\r\n\r\n",
                {302},
            ),
        }
        for name, (head, expected) in cases.items():
            status, seconds = exchange(port, head)
            assert status in expected, (name, status)
            assert seconds < 2, (name, seconds)
        assert len(log_lines(site)) == 1  # only the one redirect that was answered with 302
        status, _seconds = exchange(port, start + b"\r\n")
        assert status == 302
        assert len(log_lines(site)) == 2
