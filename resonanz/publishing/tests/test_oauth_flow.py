"""The OAuth round trip's session record: used once, only in time, secrets encrypted."""

from __future__ import annotations

import time
from typing import Any

import pytest

from resonanz.core import crypto
from resonanz.publishing import oauth_flow
from resonanz.publishing.oauth_flow import Pending


def _pending(state: str = "s1", started: float | None = None, **fields: Any) -> Pending:
    return Pending(
        state=state,
        network="x",
        kind="personal",
        member_id=7,
        started=time.time() if started is None else started,
        **fields,
    )


def test_a_state_is_taken_once() -> None:
    session: dict[str, Any] = {}
    oauth_flow.remember(session, _pending(verifier_encrypted=crypto.encrypt("verifier-1")))

    taken = oauth_flow.take(session, "s1")

    assert taken is not None and taken.verifier == "verifier-1"
    assert "verifier-1" not in str(session) and "verifier-1" not in repr(taken)
    assert oauth_flow.take(session, "s1") is None


def test_an_old_or_unknown_state_is_refused() -> None:
    session: dict[str, Any] = {}
    oauth_flow.remember(session, _pending(started=time.time() - oauth_flow.LIFETIME - 1))

    assert oauth_flow.take(session, "s1") is None
    for state in (None, "", "x" * 500, ["s1"], "unknown"):
        assert oauth_flow.take(session, state) is None


@pytest.mark.django_db
def test_a_session_keeps_only_the_latest_flows() -> None:
    session: dict[str, Any] = {}
    for number in range(oauth_flow.MAX_PENDING + 3):
        oauth_flow.remember(session, _pending(state=f"s{number}", started=1000.0 + number))

    assert len(session[oauth_flow.SESSION_KEY]) == oauth_flow.MAX_PENDING
    assert "s0" not in session[oauth_flow.SESSION_KEY]
