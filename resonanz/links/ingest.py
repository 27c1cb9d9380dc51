"""Ingestion: the click logs into the database, exactly once, with the daily rollups.

Each log file is read from its stored position (``ClickLogPosition``); only complete lines are taken
(a line the writer has not finished — or a torn last line — waits for the next run). One transaction
stores a batch of clicks, adds them to the daily rollups, rebuilds the reach figures of the
(organization, day)s it touched (``reach.rollups``) and moves the position past them. A click's
``(log_name, offset)`` is unique and a batch skips the lines stored before, so a run that stored clicks
and died before its position moved stores (and counts) none of them twice when it runs again; a
concurrent run inserting the same lines fails on the constraint and rolls its batch back.

Afterwards the files read to the end are deleted when nobody writes to them any more: files of this
host's processes that are gone, and files of any host (several web servers may share the folder) that
were started before yesterday and have not been written to for an hour — a serving process starts a
new file each UTC day (``links.clicklog``), so it never writes to such a file again. The visitor
salts of earlier days are forgotten (``links.visitors``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from resonanz.links.clicklog import (
    SUFFIX,
    ClickLine,
    host_name,
    log_directory,
    log_started_day,
    parse_log_name,
)
from resonanz.links.models import (
    AgentClass,
    Click,
    ClickLogPosition,
    DailyClickRollup,
    ReferrerClass,
    TrackedLink,
)
from resonanz.links.visitors import forget_old_salts
from resonanz.reach.rollups import refresh_days

logger = logging.getLogger(__name__)

BATCH_BYTES = 1 << 20  # about 7,000 lines per transaction
QUIET_SECONDS = 3600  # an old day's log is deleted only when it has not been written to for this long


@dataclass
class IngestResult:
    files: int = 0
    lines: int = 0
    stored: int = 0
    skipped: int = 0  # malformed lines and clicks of links deleted since
    deleted_files: list[str] = field(default_factory=list)


class PositionMoved(Exception):
    """Another ingestion moved the position first: this batch is rolled back, that one stored it."""


def _batch(path: Path, offset: int) -> tuple[list[tuple[int, bytes]], int]:
    """Complete lines from ``offset`` on, each with its own offset, and the offset after the last."""
    with path.open("rb") as handle:
        handle.seek(offset)
        data = handle.read(BATCH_BYTES)
    end = data.rfind(b"\n")
    if end < 0:
        if len(data) == BATCH_BYTES:  # one absurd line longer than a batch: skip past it
            return [(offset, data)], offset + len(data)
        return [], offset
    lines: list[tuple[int, bytes]] = []
    start = 0
    while start <= end:
        stop = data.index(b"\n", start)
        lines.append((offset + start, data[start:stop]))
        start = stop + 1
    return lines, offset + end + 1


class NewClick(NamedTuple):
    """A click read from a log line, in the columns of ``Click`` (inserted without model instances)."""

    link_id: int
    organization_id: int
    occurred_at: dt.datetime
    day: dt.date
    visitor_hash: str
    referrer_class: str
    agent_class: str
    is_bot: bool
    log_name: str
    offset: int


_REFERRER_CLASSES = frozenset(ReferrerClass.values)
_AGENT_CLASSES = frozenset(AgentClass.values)


def _clicks(log_name: str, lines: list[tuple[int, bytes]], result: IngestResult) -> list[NewClick]:
    parsed: list[tuple[int, ClickLine]] = []
    for offset, raw in lines:
        try:
            line = ClickLine.decode(raw)
        except (ValueError, UnicodeDecodeError):
            logger.warning("links: skipped a malformed line at %s:%s", log_name, offset)
            result.skipped += 1
            continue
        if line.referrer_class not in _REFERRER_CLASSES or line.agent_class not in _AGENT_CLASSES:
            result.skipped += 1
            continue
        parsed.append((offset, line))
    owners = dict(
        TrackedLink.objects.filter(pk__in={line.link_id for _offset, line in parsed}).values_list(
            "pk", "organization_id"
        )
    )
    clicks = []
    for offset, line in parsed:
        if owners.get(line.link_id) != line.organization_id:  # the link was deleted meanwhile
            result.skipped += 1
            continue
        clicks.append(
            NewClick(
                link_id=line.link_id,
                organization_id=line.organization_id,
                occurred_at=dt.datetime.fromtimestamp(line.micros / 1_000_000, dt.UTC),
                day=line.day,
                visitor_hash=line.visitor_hash[:64],
                referrer_class=line.referrer_class,
                agent_class=line.agent_class,
                is_bot=line.is_bot,
                log_name=log_name,
                offset=offset,
            )
        )
    return clicks


def _add_to_rollups(clicks: list[NewClick]) -> None:
    """Add newly stored clicks to the rollups of their (link, day)s. Runs before they are inserted: a
    visitor counts as new when no earlier click of that link and day has the same hash."""
    groups: dict[tuple[int, dt.date], list[NewClick]] = defaultdict(list)
    for click in clicks:
        groups[(click.link_id, click.day)].append(click)
    for (link_id, day), group in groups.items():
        people = {click.visitor_hash for click in group if not click.is_bot}
        known = set(
            Click.objects.filter(link_id=link_id, day=day, is_bot=False, visitor_hash__in=people)
            .values_list("visitor_hash", flat=True)
            .distinct()
        )
        bots = sum(click.is_bot for click in group)
        added = {
            "clicks": F("clicks") + (len(group) - bots),
            "unique_visitors": F("unique_visitors") + len(people - known),
            "bot_hits": F("bot_hits") + bots,
        }
        if not DailyClickRollup.objects.filter(link_id=link_id, day=day).update(**added):
            DailyClickRollup.objects.create(
                link_id=link_id,
                organization_id=group[0].organization_id,
                day=day,
                clicks=len(group) - bots,
                unique_visitors=len(people - known),
                bot_hits=bots,
            )


def _insert(clicks: list[NewClick]) -> None:
    """One multi-row INSERT per chunk: model instances cost more than the database does here."""
    ops = connection.ops
    table = ops.quote_name(Click._meta.db_table)
    columns = ", ".join(ops.quote_name(name) for name in NewClick._fields)  # link_id, … are the columns
    rows = [
        (
            click.link_id,
            click.organization_id,
            ops.adapt_datetimefield_value(click.occurred_at),
            ops.adapt_datefield_value(click.day),
            click.visitor_hash,
            click.referrer_class,
            click.agent_class,
            click.is_bot,
            click.log_name,
            click.offset,
        )
        for click in clicks
    ]
    placeholders = ", ".join(["%s"] * len(NewClick._fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608


def store_batch(
    log_name: str, old: int, new: int, clicks: list[NewClick], *, move_position: bool = True
) -> int:
    """Store the clicks of one batch not stored before, add them to the rollups and move the position
    from ``old`` to ``new``, all in one transaction. ``move_position=False`` stops before the move, as
    a run that died there would (only possible when the steps are not in one transaction)."""
    with transaction.atomic():
        stored_before = set(
            Click.objects.filter(log_name=log_name, offset__gte=old, offset__lt=new).values_list(
                "offset", flat=True
            )
        )
        fresh = [click for click in clicks if click.offset not in stored_before]
        _add_to_rollups(fresh)
        # A concurrent run inserting the same lines fails here on the unique (log_name, offset), and
        # this whole batch rolls back.
        _insert(fresh)
        # The dashboards' figures of the (organization, day)s this batch touched, in this transaction:
        # stored with these clicks or not at all.
        refresh_days({(click.organization_id, click.day) for click in fresh})
        if move_position:
            moved = ClickLogPosition.objects.filter(log_name=log_name, offset=old).update(offset=new)
            if moved != 1:
                raise PositionMoved(log_name)
    return len(fresh)


def ingest_file(path: Path, result: IngestResult) -> None:
    log_name = path.name
    position, _created = ClickLogPosition.objects.get_or_create(log_name=log_name)
    offset = position.offset
    while True:
        lines, new = _batch(path, offset)
        if new == offset:
            return
        result.lines += len(lines)
        try:
            result.stored += store_batch(log_name, offset, new, _clicks(log_name, lines, result))
        except (PositionMoved, IntegrityError):
            logger.info("links: %s is being ingested elsewhere", log_name)
            return
        offset = new


def _process_is_gone(name: str) -> bool:
    parsed = parse_log_name(name)
    if parsed is None:
        return False
    host, pid = parsed
    if host != host_name():
        return False  # another machine's process: only that machine can tell
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    """A process that ended but was not yet reaped writes nothing more."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def _no_longer_written(path: Path, today: dt.date) -> bool:
    """Its writer is gone, or (any host's) it is an old day's file nobody has touched for a while."""
    if _process_is_gone(path.name):
        return True
    started = log_started_day(path.name)
    if started is None or started >= today - dt.timedelta(days=1):  # a day's margin for clocks apart
        return False
    return time.time() - path.stat().st_mtime > QUIET_SECONDS


def _delete_finished(path: Path, today: dt.date, result: IngestResult) -> None:
    if not _no_longer_written(path, today):
        return
    position = ClickLogPosition.objects.filter(log_name=path.name).values_list("offset", flat=True).first()
    if position is None or position != path.stat().st_size:
        return
    path.unlink()
    ClickLogPosition.objects.filter(log_name=path.name).delete()
    result.deleted_files.append(path.name)


def ingest(directory: Path | None = None, *, today: dt.date | None = None) -> IngestResult:
    """Ingest every click log of the data directory; delete the finished ones."""
    folder = directory or log_directory(settings.DATA_DIR)
    day = today or dt.datetime.now(dt.UTC).date()
    result = IngestResult()
    paths = sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []
    for path in paths:
        result.files += 1
        ingest_file(path, result)
        _delete_finished(path, day, result)
    forget_old_salts(day)
    return result
