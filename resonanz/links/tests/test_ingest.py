"""Ingestion of the click logs: exactly once, through crashes and torn lines; rollups; retention."""

from __future__ import annotations

import datetime as dt
import json
import logging
import subprocess
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member
from resonanz.links import actions
from resonanz.links.clicklog import ClickLine
from resonanz.links.hot import Redirector
from resonanz.links.ingest import IngestResult, _batch, _clicks, ingest, store_batch
from resonanz.links.models import Click, ClickLogPosition, DailyClickRollup, TrackedLink, VisitorSalt
from resonanz.links.retention import delete_old_clicks
from resonanz.links.tests.clicking import PHONE, call

BOT = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"


def click_some(redirector: Redirector, link: TrackedLink) -> None:
    """Five answered redirects: three by one visitor, one by another, one by a preview fetcher."""
    for _ in range(3):
        call(redirector, f"/r/{link.code}", address="198.51.100.1")
    call(redirector, f"/r/{link.code}", address="198.51.100.2", agent=PHONE)
    call(redirector, f"/r/{link.code}", address="198.51.100.3", agent=BOT)


def the_log(folder: Path) -> Path:
    (path,) = folder.glob("*.log")
    return path


def test_clicks_are_stored_once_however_often_ingestion_runs(
    redirector: Redirector, link: TrackedLink, log_folder: Path
) -> None:
    click_some(redirector, link)

    first = ingest(log_folder)
    second = ingest(log_folder)

    assert (first.stored, second.stored, second.lines) == (5, 0, 0)
    assert Click.objects.filter(link=link).count() == 5
    assert ClickLogPosition.objects.get().offset == the_log(log_folder).stat().st_size
    rollup = DailyClickRollup.objects.get(link=link)
    assert (rollup.clicks, rollup.unique_visitors, rollup.bot_hits) == (4, 2, 1)
    assert rollup.organization_id == link.organization_id


def test_a_crash_between_storing_and_moving_the_position_stores_nothing_twice(
    redirector: Redirector, link: TrackedLink, log_folder: Path
) -> None:
    """GIVEN a run that stored its batch and died before the position moved WHEN it runs again
    THEN each click is there once and the rollup counts each once."""
    click_some(redirector, link)
    path = the_log(log_folder)
    ClickLogPosition.objects.create(log_name=path.name)
    lines, end = _batch(path, 0)
    store_batch(path.name, 0, end, _clicks(path.name, lines, IngestResult()), move_position=False)
    assert Click.objects.count() == 5 and ClickLogPosition.objects.get().offset == 0

    again = ingest(log_folder)

    assert again.lines == 5 and again.stored == 0
    assert Click.objects.count() == 5
    assert DailyClickRollup.objects.get(link=link).clicks == 4


def test_a_torn_last_line_waits_for_the_next_run(
    redirector: Redirector, link: TrackedLink, log_folder: Path
) -> None:
    call(redirector, f"/r/{link.code}")
    path = the_log(log_folder)
    whole = path.read_bytes()
    call(redirector, f"/r/{link.code}")
    second = path.read_bytes()[len(whole) :]
    path.write_bytes(whole + second[:20])  # the writer was interrupted after 20 bytes

    assert ingest(log_folder).stored == 1
    assert ClickLogPosition.objects.get().offset == len(whole)

    path.write_bytes(whole + second)  # the rest arrives
    assert ingest(log_folder).stored == 1
    assert Click.objects.count() == 2


def test_malformed_lines_and_clicks_of_deleted_links_are_skipped(
    redirector: Redirector, link: TrackedLink, log_folder: Path
) -> None:
    call(redirector, f"/r/{link.code}")
    path = the_log(log_folder)
    good = ClickLine.decode(path.read_bytes().splitlines()[0])
    with path.open("ab") as handle:
        handle.write(b"nonsense\n\xff\xfe\t\n")
        handle.write(ClickLine(**{**good.__dict__, "link_id": 999_999}).encode())
        handle.write(ClickLine(**{**good.__dict__, "organization_id": 999_999}).encode())

    result = ingest(log_folder)

    assert (result.lines, result.stored, result.skipped) == (5, 1, 4)
    assert ClickLogPosition.objects.get().offset == path.stat().st_size


def test_rollups_match_the_raw_clicks_per_link_and_day(
    redirector: Redirector, link: TrackedLink, manager: object, log_folder: Path
) -> None:
    other = actions.create_link(manager, target_url="https://example.org/b")  # type: ignore[arg-type]
    with time_machine.travel(dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC)):
        click_some(redirector, link)
        call(redirector, f"/r/{other.code}", address="198.51.100.9")
    ingest(log_folder)
    with time_machine.travel(dt.datetime(2027, 3, 2, 12, tzinfo=dt.UTC)):
        call(redirector, f"/r/{link.code}", address="198.51.100.1")  # a new day: a new visitor hash
        call(redirector, f"/r/{link.code}", address="198.51.100.1")
        ingest(log_folder)

    rollups = {
        (row.link_id, row.day): (row.clicks, row.unique_visitors, row.bot_hits)
        for row in DailyClickRollup.objects.all()
    }
    assert rollups == {
        (link.pk, dt.date(2027, 3, 1)): (4, 2, 1),
        (other.pk, dt.date(2027, 3, 1)): (1, 1, 0),
        (link.pk, dt.date(2027, 3, 2)): (2, 1, 0),
    }
    for (link_id, day), (clicks, visitors, bots) in rollups.items():
        raw = Click.objects.filter(link_id=link_id, day=day)
        assert raw.filter(is_bot=False).count() == clicks and raw.filter(is_bot=True).count() == bots
        assert raw.filter(is_bot=False).values("visitor_hash").distinct().count() == visitors


def test_yesterday_s_salt_is_forgotten_by_the_next_ingestion(
    redirector: Redirector, link: TrackedLink, log_folder: Path
) -> None:
    with time_machine.travel(dt.datetime(2027, 3, 1, 23, 59, tzinfo=dt.UTC)):
        call(redirector, f"/r/{link.code}")
    assert list(VisitorSalt.objects.values_list("day", flat=True)) == [dt.date(2027, 3, 1)]

    with time_machine.travel(dt.datetime(2027, 3, 2, 0, 1, tzinfo=dt.UTC)):
        ingest(log_folder)
        call(redirector, f"/r/{link.code}")

    assert list(VisitorSalt.objects.values_list("day", flat=True)) == [dt.date(2027, 3, 2)]
    assert redirector.salt._day == dt.date(2027, 3, 2)  # the process holds only today's salt


def test_a_finished_log_of_a_process_that_is_gone_is_deleted(link: TrackedLink, log_folder: Path) -> None:
    gone = subprocess.run(["true"], check=True)
    del gone
    finished = subprocess.Popen(["true"])
    finished.wait()
    import socket

    from resonanz.links.clicklog import ClickLog

    host = socket.gethostname().replace("-", "_").replace("/", "_")
    log_folder.mkdir(parents=True)
    redirector = Redirector(ClickLog(log_folder))
    call(redirector, f"/r/{link.code}")
    redirector.log.close()
    own = the_log(log_folder)
    dead = log_folder / f"{host}-{finished.pid}-20270301T000000000000.log"
    own.rename(dead)
    call(redirector, f"/r/{link.code}")  # this (living) process's log stays
    redirector.log.close()

    result = ingest(log_folder)

    assert result.stored == 2 and result.deleted_files == [dead.name]
    assert not dead.exists() and len(list(log_folder.glob("*.log"))) == 1
    assert list(ClickLogPosition.objects.values_list("log_name", flat=True)) != [dead.name]


def test_retention_deletes_old_raw_clicks_keeps_rollups_and_logs_counts_per_organization(
    link: TrackedLink,
    other_org: Organization,
    log_folder: Path,
    caplog: pytest.LogCaptureFixture,
    settings: object,
) -> None:
    other = actions.create_link(
        make_member(other_org, ["communications_manager"]), target_url="https://b.example/"
    )
    from resonanz.links.clicklog import ClickLog

    redirector = Redirector(ClickLog(log_folder))
    with time_machine.travel(dt.datetime(2027, 1, 1, 12, tzinfo=dt.UTC)):
        call(redirector, f"/r/{link.code}")
        call(redirector, f"/r/{link.code}")
        call(redirector, f"/r/{other.code}")
        ingest(log_folder)
    with time_machine.travel(dt.datetime(2027, 3, 30, 12, tzinfo=dt.UTC)):
        call(redirector, f"/r/{link.code}")
        ingest(log_folder)
    redirector.log.close()

    with caplog.at_level(logging.INFO, logger="resonanz.links.retention"):
        deleted = delete_old_clicks(dt.date(2027, 4, 5))  # 90 days back: 2027-01-05

    assert deleted == {link.organization_id: 2, other_org.pk: 1}
    assert Click.objects.count() == 1
    assert DailyClickRollup.objects.count() == 3
    assert f"deleted 2 raw clicks before 2027-01-05 of organization {link.organization_id}" in caplog.text


def test_the_command_ingests_and_reports_as_json(
    link: TrackedLink, tmp_path: Path, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resonanz.links.clicklog import ClickLog

    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    redirector = Redirector(ClickLog(tmp_path / "clicks"))
    call(redirector, f"/r/{link.code}")
    redirector.log.close()
    out = StringIO()

    call_command("links", "ingest", stdout=out)

    assert json.loads(out.getvalue()) == {
        "files": 1,
        "lines": 1,
        "stored": 1,
        "skipped": 0,
        "deleted_files": 0,
    }
    out = StringIO()
    call_command("links", "retention", stdout=out)
    assert json.loads(out.getvalue()) == {"deleted": {}}


def test_finished_logs_of_old_days_are_deleted_whatever_host_wrote_them(
    link: TrackedLink, log_folder: Path
) -> None:
    import os
    import time

    from resonanz.links.clicklog import ClickLog, host_name

    log_folder.mkdir(parents=True)
    redirector = Redirector(ClickLog(log_folder))
    call(redirector, f"/r/{link.code}")
    redirector.log.close()
    line = the_log(log_folder).read_bytes()
    the_log(log_folder).unlink()
    today = dt.datetime.now(dt.UTC).date()
    old = (today - dt.timedelta(days=2)).strftime("%Y%m%d")
    hour_ago = time.time() - 2 * 3600
    files = {
        # another web server's log of two days ago, untouched for two hours: finished
        "old_other": (f"web_2-4242-{old}T101010000000.log", hour_ago),
        # this host's living process (this one) started it two days ago: it writes to today's file now
        "old_own_living": (f"{host_name()}-{os.getpid()}-{old}T101010000000.log", hour_ago),
        # another web server's log of today: its process may still append
        "today_other": (f"web_2-4242-{today.strftime('%Y%m%d')}T000001000000.log", hour_ago),
        # written to a minute ago although started two days ago (a writer of an older version): kept
        "old_other_recent": (f"web_3-77-{old}T101010000000.log", time.time() - 60),
    }
    for name, mtime in files.values():
        path = log_folder / name
        path.write_bytes(line)
        os.utime(path, (mtime, mtime))

    result = ingest(log_folder)

    assert result.stored == 4
    assert sorted(result.deleted_files) == sorted([files["old_other"][0], files["old_own_living"][0]])
    assert sorted(path.name for path in log_folder.glob("*.log")) == sorted(
        [files["today_other"][0], files["old_other_recent"][0]]
    )
    assert ingest(log_folder).stored == 0  # the positions of the deleted files went with them


def test_a_half_read_old_log_of_another_host_is_not_deleted(link: TrackedLink, log_folder: Path) -> None:
    import os
    import time

    from resonanz.links.clicklog import ClickLog

    log_folder.mkdir(parents=True)
    redirector = Redirector(ClickLog(log_folder))
    call(redirector, f"/r/{link.code}")
    redirector.log.close()
    line = the_log(log_folder).read_bytes()
    the_log(log_folder).unlink()
    old = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=3)).strftime("%Y%m%d")
    path = log_folder / f"web_2-4242-{old}T101010000000.log"
    path.write_bytes(line + line[:10])  # a torn last line: not read to the end
    os.utime(path, (time.time() - 7200, time.time() - 7200))

    result = ingest(log_folder)

    assert result.stored == 1 and result.deleted_files == [] and path.exists()
