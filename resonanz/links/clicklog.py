"""The click log: one line per answered redirect, appended by the serving process, read by ingestion.

Each process appends to a file of its own, ``<data>/clicks/<host>-<pid>-<start>.log``, opened with
``O_APPEND``. A line is written with one ``os.write`` before the redirect is answered, so it is in the
kernel's page cache when the client gets its 302: a process killed with SIGKILL loses no answered click
(a crash of the whole machine may lose what the kernel had not yet written to disk).

A line is tab-separated: link id, organization id, time (microseconds since the epoch, UTC), UTC day,
visitor hash, referrer class, agent class, bot flag (1/0). Nothing else about the request is written.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

FIELD_COUNT = 8
SUFFIX = ".log"


def log_directory(data_dir: Path) -> Path:
    return data_dir / "clicks"


@dataclass(frozen=True)
class ClickLine:
    link_id: int
    organization_id: int
    micros: int
    day: dt.date
    visitor_hash: str
    referrer_class: str
    agent_class: str
    is_bot: bool

    def encode(self) -> bytes:
        return (
            f"{self.link_id}\t{self.organization_id}\t{self.micros}\t{self.day.isoformat()}\t"
            f"{self.visitor_hash}\t{self.referrer_class}\t{self.agent_class}\t{int(self.is_bot)}\n"
        ).encode("ascii")

    @classmethod
    def decode(cls, line: bytes) -> ClickLine:
        """Parse one line (without its newline); ``ValueError`` for anything that is not a click line."""
        parts = line.decode("ascii").split("\t")
        if len(parts) != FIELD_COUNT or parts[7] not in ("0", "1"):
            raise ValueError("not a click line")
        return cls(
            link_id=int(parts[0]),
            organization_id=int(parts[1]),
            micros=int(parts[2]),
            day=dt.date.fromisoformat(parts[3]),
            visitor_hash=parts[4],
            referrer_class=parts[5],
            agent_class=parts[6],
            is_bot=parts[7] == "1",
        )


class ClickLog:
    """The open log file of this process (opened again after a fork: the pid is in its name)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.Lock()
        self._fd = -1
        self._pid = 0

    def _open(self) -> int:
        with self._lock:
            pid = os.getpid()
            if self._pid != pid:
                self.directory.mkdir(parents=True, exist_ok=True)
                started = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
                host = socket.gethostname().replace("-", "_").replace("/", "_") or "host"
                path = self.directory / f"{host}-{pid}-{started}{SUFFIX}"
                self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o640)
                self._pid = pid
            return self._fd

    def append(self, line: ClickLine) -> None:
        fd = self._fd if self._pid == os.getpid() else self._open()
        # One write of one short line on an O_APPEND descriptor: the kernel puts it at the end of the
        # file as a whole, so lines of the process's threads never interleave.
        os.write(fd, line.encode())

    def close(self) -> None:
        with self._lock:
            if self._fd >= 0 and self._pid == os.getpid():
                os.close(self._fd)
            self._fd, self._pid = -1, 0


def parse_log_name(name: str) -> tuple[str, int] | None:
    """(host, pid) of a log file's name, or ``None`` for a name that is not one."""
    if not name.endswith(SUFFIX):
        return None
    parts = name[: -len(SUFFIX)].rsplit("-", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    return parts[0], int(parts[1])
