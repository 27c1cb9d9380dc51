"""The reference Bluesky PDS (with its PLC directory) on 127.0.0.1, for tests that publish for real.

Use the session fixture ``bluesky_pds`` (registered in resonanz/publishing/tests/conftest.py; another
app's tests get it with ``from resonanz.publishing.tests.conftest import bluesky_pds``)::

    def test_something(bluesky_pds: BlueskyPds) -> None:
        handle, app_password = bluesky_pds.create_account()      # e.g. "r3f9c2a71d.test"
        credentials = bluesky_pds.credentials(handle, app_password)  # Credentials(network="bluesky", …)
        bluesky_pds.url          # "http://127.0.0.1:PORT" (the PDS; Credentials.base_url)
        bluesky_pds.plc_url      # its PLC directory
        bluesky_pds.record(handle, "app.bsky.feed.post", rkey)   # a record as JSON, or None
        bluesky_pds.records(handle, "app.bsky.feed.post")        # all records of that collection

``create_account(handle=None)`` makes an account (handles end in ``.test``; a name without the suffix
gets it; the part before it: letters and digits, 3 to 18) and an app password for it, and returns
``(handle, app_password)``: what an employee hands to resonanz. ``account_password(handle)`` is the main
password, for tests that need it.

The server comes from ``scripts/bluesky-pds`` (Node 22 and @atproto/pds from npm, cached in
``.cache/bluesky-pds/``; the first use builds it, about 2 to 4 minutes, later starts take 3 to 8 s).
Each test process (pytest-xdist worker) starts its own server with its data in a temporary folder; the
build is locked, so parallel workers wait for one build. Under ``CI=true`` or
``RESONANZ_REQUIRE_SERVICES=1`` a server that cannot be built or started fails the tests; elsewhere a
machine without npm or without the npm registry skips them, saying why.
"""

from __future__ import annotations

import dataclasses
import json
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from resonanz.publishing.connectors.base import Credentials

PROJECT = Path(__file__).resolve().parents[3]
SCRIPT = PROJECT / "scripts" / "bluesky-pds"
BUILD_TIMEOUT = 900.0  # a cold build: Node, ~680 npm packages, better-sqlite3 compiled
START_TIMEOUT = 120.0  # 3 to 8 s on a quiet machine, over 30 s on a loaded one
CANNOT_BUILD_HERE = 3  # scripts/bluesky-pds: no npm, not linux-x64, registry unreachable


def services_required() -> bool:
    return os.environ.get("CI") == "true" or bool(os.environ.get("RESONANZ_REQUIRE_SERVICES"))


class PdsUnavailable(Exception):
    """The server could not be built or started; ``here`` when it is this machine's lack (no npm)."""

    def __init__(self, message: str, *, here: bool = False) -> None:
        super().__init__(message)
        self.here = here


@dataclasses.dataclass
class BlueskyPds:
    url: str
    plc_url: str
    admin_password: str
    process: subprocess.Popen[bytes]
    data_dir: str
    log_path: str
    passwords: dict[str, str] = dataclasses.field(default_factory=dict)

    def create_account(self, handle: str | None = None) -> tuple[str, str]:
        """A new account with an app password: ``(handle, app_password)``."""
        handle = handle or f"r{uuid.uuid4().hex[:10]}"
        if not handle.endswith(".test"):
            handle = f"{handle}.test"
        password = f"pw-{uuid.uuid4().hex}"
        name = handle.removesuffix(".test")
        created = self._post(
            "com.atproto.server.createAccount",
            {"handle": handle, "email": f"{name}@example.test", "password": password},
        )
        session = self._post(
            "com.atproto.server.createAppPassword",
            {"name": "resonanz"},
            token=created["accessJwt"],
        )
        self.passwords[handle] = password
        return handle, str(session["password"])

    def account_password(self, handle: str) -> str:
        return self.passwords[handle]

    def credentials(self, handle: str, app_password: str) -> Credentials:
        return Credentials(network="bluesky", base_url=self.url, identifier=handle, secret=app_password)

    def record(self, repo: str, collection: str, rkey: str) -> dict[str, Any] | None:
        """A record as the PDS stores it (``{"uri", "cid", "value"}``), or None."""
        response = httpx.get(
            f"{self.url}/xrpc/com.atproto.repo.getRecord",
            params={"repo": repo, "collection": collection, "rkey": rkey},
            timeout=10,
        )
        if response.status_code == 400 and response.json().get("error") == "RecordNotFound":
            return None
        response.raise_for_status()
        found: dict[str, Any] = response.json()
        return found

    def records(self, repo: str, collection: str) -> list[dict[str, Any]]:
        response = httpx.get(
            f"{self.url}/xrpc/com.atproto.repo.listRecords",
            params={"repo": repo, "collection": collection, "limit": 100},
            timeout=10,
        )
        response.raise_for_status()
        records: list[dict[str, Any]] = response.json()["records"]
        return records

    def blob(self, did: str, cid: str) -> bytes:
        response = httpx.get(
            f"{self.url}/xrpc/com.atproto.sync.getBlob", params={"did": did, "cid": cid}, timeout=10
        )
        response.raise_for_status()
        return response.content

    def _post(self, method: str, body: dict[str, Any], *, token: str = "") -> dict[str, Any]:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = httpx.post(f"{self.url}/xrpc/{method}", json=body, headers=headers, timeout=30)
        if response.status_code != 200:
            raise AssertionError(f"{method}: {response.status_code} {response.text[:300]}")
        answer: dict[str, Any] = response.json()
        return answer

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process.stdin:
            self.process.stdin.close()
        if self.process.stdout:
            self.process.stdout.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)


def _tail(path: str, lines: int = 15) -> str:
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])


def build() -> None:
    """Build the cache (once; waits while another process builds). Raises PdsUnavailable."""
    if shutil.which("bash") is None or shutil.which("flock") is None:
        raise PdsUnavailable("bash and flock are needed to build the local Bluesky server", here=True)
    try:
        done = subprocess.run(
            ["bash", str(SCRIPT), "install"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=BUILD_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PdsUnavailable(f"building the local Bluesky server took over {BUILD_TIMEOUT:.0f} s") from None
    if done.returncode != 0:
        output = (done.stdout + done.stderr).decode(errors="replace").strip().splitlines()
        raise PdsUnavailable(
            f"scripts/bluesky-pds install failed ({done.returncode}):\n" + "\n".join(output[-15:]),
            here=done.returncode == CANNOT_BUILD_HERE,
        )


def start(*, rate_limits: bool = False) -> BlueskyPds:
    """Build if needed and start one PDS + PLC; ``rate_limits`` turns on the PDS's own rate limits."""
    build()
    data_dir = tempfile.mkdtemp(prefix="bluesky-pds-")
    log_path = str(Path(data_dir) / "server.log")
    env = {**os.environ, "TMPDIR": data_dir, "BLUESKY_PDS_REMOVE_ON_EXIT": data_dir}
    env.pop("NODE_OPTIONS", None)
    if rate_limits:
        env["BLUESKY_PDS_RATE_LIMITS"] = "1"
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            ["bash", str(SCRIPT), "run"],
            stdin=subprocess.PIPE,  # the server stops when this closes, i.e. when the test process ends
            stdout=subprocess.PIPE,
            stderr=log_file,
            env=env,
        )
    assert process.stdout is not None
    line = b""
    deadline = time.monotonic() + START_TIMEOUT
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while not line.endswith(b"\n") and time.monotonic() < deadline and process.poll() is None:
            if selector.select(timeout=0.2):
                chunk = os.read(process.stdout.fileno(), 4096)
                if not chunk:
                    break
                line += chunk
    try:
        info = json.loads(line)
    except ValueError:
        info = None
    if not isinstance(info, dict) or "pds" not in info:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
        message = f"the local Bluesky server did not start within {START_TIMEOUT:.0f} s:\n{_tail(log_path)}"
        shutil.rmtree(data_dir, ignore_errors=True)
        raise PdsUnavailable(message)
    return BlueskyPds(
        url=str(info["pds"]),
        plc_url=str(info["plc"]),
        admin_password=str(info["admin_password"]),
        process=process,
        data_dir=data_dir,
        log_path=log_path,
    )


def start_or_skip(*, rate_limits: bool = False) -> BlueskyPds:
    """``start``; a failure fails the test under CI and skips it elsewhere when this machine cannot build."""
    try:
        return start(rate_limits=rate_limits)
    except PdsUnavailable as exc:
        if exc.here and not services_required():
            pytest.skip(f"no local Bluesky server: {exc}")
        pytest.fail(f"the local Bluesky server is required here: {exc}", pytrace=False)
