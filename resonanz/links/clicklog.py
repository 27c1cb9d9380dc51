"""The click log: one line per answered redirect, appended by the serving process, read by ingestion.

Each process appends to a file of its own, ``<data>/clicks/<host>-<pid>-<start>.log``, opened with
``O_APPEND``, and starts a new one on each UTC day: a file started on an earlier day than yesterday is
never written again, so ingestion on any host may delete it once it has read it to the end (the logs
of several web servers can share one folder). A line is written with one ``os.write`` before the
redirect is answered, so it is in the kernel's page cache when the client gets its 302: a process
killed with SIGKILL loses no answered click (a crash of the whole machine may lose what the kernel had
not yet written to disk).

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
MICROS_PER_DAY = 86_400_000_000


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
        return encode_line(
            self.link_id,
            self.organization_id,
            self.micros,
            self.day.isoformat(),
            self.visitor_hash,
            self.referrer_class,
            self.agent_class,
            self.is_bot,
        )

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


def encode_line(
    link_id: int,
    organization_id: int,
    micros: int,
    day: str,
    visitor_hash: str,
    referrer_class: str,
    agent_class: str,
    is_bot: bool,
) -> bytes:
    """One click line (``day`` as ISO date); the redirect builds it without a ``ClickLine``."""
    return (
        f"{link_id}\t{organization_id}\t{micros}\t{day}\t{visitor_hash}\t{referrer_class}\t"
        f"{agent_class}\t{1 if is_bot else 0}\n"
    ).encode("ascii")


def host_name() -> str:
    return socket.gethostname().replace("-", "_").replace("/", "_") or "host"


class ClickLog:
    """The open log file of this process and UTC day (a new one after a fork or when the day changes).

    The file of the previous day stays open until the next change of day: a thread that took its
    descriptor just before the change still writes to an open file (never to a reused number)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.Lock()
        self._fd = -1
        self._previous_fd = -1
        self._key = (0, 0)  # (pid, UTC day number) of ``_fd``

    def _open(self, day_number: int) -> int:
        with self._lock:
            pid = os.getpid()
            if self._key != (pid, day_number):
                self.directory.mkdir(parents=True, exist_ok=True)
                started = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
                path = self.directory / f"{host_name()}-{pid}-{started}{SUFFIX}"
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o640)
                if self._key[0] == pid:  # a new day in the same process (after a fork: the parent's)
                    if self._previous_fd >= 0:
                        os.close(self._previous_fd)
                    self._previous_fd = self._fd
                else:
                    self._previous_fd = -1
                self._fd, self._key = fd, (pid, day_number)
            return self._fd

    def write(self, data: bytes, day_number: int) -> None:
        """Append one encoded line of the UTC day ``day_number`` (days since the epoch)."""
        fd = self._fd
        if self._key != (os.getpid(), day_number):
            fd = self._open(day_number)
        # One write of one short line on an O_APPEND descriptor: the kernel puts it at the end of the
        # file as a whole, so lines of the process's threads never interleave; once ``os.write``
        # returns, the line is in the kernel and survives a SIGKILL of this process.
        if os.write(fd, data) != len(data):  # a full disk: end the torn line so that the next one is whole
            os.write(fd, b"\n")
            raise OSError("the click log is full")

    def append(self, line: ClickLine) -> None:
        self.write(line.encode(), line.micros // MICROS_PER_DAY)

    def close(self) -> None:
        with self._lock:
            if self._key[0] == os.getpid():
                for fd in (self._fd, self._previous_fd):
                    if fd >= 0:
                        os.close(fd)
            self._fd, self._previous_fd, self._key = -1, -1, (0, 0)


def parse_log_name(name: str) -> tuple[str, int] | None:
    """(host, pid) of a log file's name, or ``None`` for a name that is not one."""
    if not name.endswith(SUFFIX):
        return None
    parts = name[: -len(SUFFIX)].rsplit("-", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    return parts[0], int(parts[1])


def log_started_day(name: str) -> dt.date | None:
    """The UTC day a log file was started (from its name), or ``None`` for a name that is not one."""
    if parse_log_name(name) is None:
        return None
    started = name[: -len(SUFFIX)].rsplit("-", 1)[1]
    try:
        return dt.datetime.strptime(started[:8], "%Y%m%d").date()
    except ValueError:
        return None
