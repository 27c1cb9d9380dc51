"""Calling the redirect (``links.hot``) as a WSGI server would, and a redirector writing to a folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resonanz.links.clicklog import ClickLog
from resonanz.links.hot import Redirector

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def make_redirector(folder: Path) -> Redirector:
    return Redirector(ClickLog(folder))


def call(
    redirector: Redirector,
    path: str,
    *,
    method: str = "GET",
    address: str = "203.0.113.7",
    agent: str = BROWSER,
    **headers: str,
) -> Answer:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "REMOTE_ADDR": address,
        "HTTP_USER_AGENT": agent,
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"] = int(status.split()[0])
        seen["headers"] = dict(headers)

    body = b"".join(redirector(environ, start_response))
    return Answer(seen["status"], seen["headers"], body)
