"""``resonanz monitoring replay FILE.jsonl --timezone TZ``: a stream through the real alarm code."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from resonanz.monitoring.alarm import AlarmDetector, Mention
from resonanz.monitoring.tests.streams import BERLIN, Stream
from resonanz.monitoring.tests.test_alarm import FIRST, TEST_DAY, at


def as_line(mention: Mention) -> dict[str, object]:
    return {
        "id": mention.id,
        "network": mention.network,
        "author": mention.author,
        "created_at": mention.created_at.isoformat(),
        "lang": mention.lang,
        "text": mention.text,
        "likes": 3,
    }


def replay(path: Path, *options: str) -> tuple[list[dict[str, object]], str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    error = None
    with translation.override("en"):
        try:
            call_command("monitoring", "replay", str(path), *options, stdout=out, stderr=err)
        except CommandError as raised:
            error = raised
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue(), error


def test_it_writes_the_alarms_the_detector_raises_for_the_stream(tmp_path: Path) -> None:
    stream = Stream()
    onset = at(TEST_DAY, 10, 30)
    storm = [m for hour in range(3) for m in stream.hour(onset + timedelta(hours=hour), 40, 0.7)]
    mentions = sorted([*stream.background(FIRST, 22), *storm], key=lambda mention: mention.created_at)
    path = tmp_path / "stream.jsonl"
    path.write_text("".join(json.dumps(as_line(m), ensure_ascii=False) + "\n" for m in mentions), "utf-8")
    detector = AlarmDetector(BERLIN)
    expected = [alarm.as_json() for m in mentions for alarm in detector.feed(m)]

    lines, errors, error = replay(path, "--timezone", "Europe/Berlin")

    assert error is None and errors == ""
    assert lines == expected and lines
    assert set(lines[0]) == {"at", "reason", "voices", "expected", "negative_share"}
    first = datetime.fromisoformat(str(lines[0]["at"]))
    assert onset <= first <= onset + timedelta(hours=2)


def test_bad_lines_are_reported_with_their_number_and_skipped(tmp_path: Path) -> None:
    good = {
        "id": "a",
        "network": "bsky",
        "author": "anna",
        "created_at": "2027-02-22T10:00:00+01:00",
        "lang": "de",
        "text": "Danke!",
    }
    lines = [
        good,
        {**good, "id": "b", "created_at": "2027-02-22T10:05:00"},
        {**good, "id": "c", "created_at": "gestern"},
        {key: value for key, value in good.items() if key != "author"},
        {**good, "id": "d", "created_at": "2027-02-22T08:59:00+01:00"},
        "nope",
        {**good, "id": "e", "lang": "fr", "created_at": "2027-02-22T10:20:00+01:00"},
    ]
    path = tmp_path / "stream.jsonl"
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines), "utf-8"
    )

    alarms, errors, error = replay(path)

    assert alarms == []
    assert errors.splitlines() == [
        "line 2: “created_at” has no time zone offset",
        "line 3: “created_at” is not an ISO 8601 time",
        "line 4: “author” must be a string",
        "line 5: earlier than the hour already counted (the stream must be in time order)",
        "line 6: not JSON (Expecting value)",
    ]
    assert error is not None and error.returncode == 1


def test_an_unknown_time_zone_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "stream.jsonl"
    path.write_text("", "utf-8")

    _, _, error = replay(path, "--timezone", "Europe/Nirgendwo")

    assert error is not None and error.returncode == 2
    assert "unknown time zone: Europe/Nirgendwo" in str(error)


@pytest.mark.parametrize("zone", ["../../etc/passwd", ""])
def test_a_time_zone_that_is_no_name_is_refused(tmp_path: Path, zone: str) -> None:
    path = tmp_path / "stream.jsonl"
    path.write_text("", "utf-8")

    _, _, error = replay(path, "--timezone", zone)

    assert error is not None and error.returncode == 2
