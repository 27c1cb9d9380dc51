"""Fixtures of the publishing tests: the local Bluesky server (see bluesky_pds.py for its API)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from resonanz.publishing.tests.bluesky_pds import BlueskyPds, start_or_skip


@pytest.fixture(scope="session")
def bluesky_pds() -> Iterator[BlueskyPds]:
    """The reference Bluesky PDS on 127.0.0.1, one per test process: ``url``, ``create_account()``."""
    server = start_or_skip()
    yield server
    server.stop()
