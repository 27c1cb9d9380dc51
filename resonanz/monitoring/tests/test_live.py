"""The live alarm over stored mentions: it fires on a shitstorm once, opens the incident with the playbook
and tells the on-call manager once; a quiet or viral-positive day raises nothing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks as Capture

from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.monitoring import alarm as alarms
from resonanz.monitoring.actions import import_mentions, update_monitoring_settings
from resonanz.monitoring.incidents import register_incident_opener
from resonanz.monitoring.live import check_all, check_organization
from resonanz.monitoring.models import MonitoringAlarm
from resonanz.monitoring.retention import delete_old_mentions
from resonanz.monitoring.tests.conftest import as_jsonl
from resonanz.monitoring.tests.streams import Stream
from resonanz.monitoring.tests.test_alarm import FIRST, TEST_DAY, at

ONSET = at(TEST_DAY, 10, 30)


class FakeOpener:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, organization: Organization, **kwargs: Any) -> str:
        self.calls.append({"organization": organization, **kwargs})
        return f"INC-{len(self.calls)}"


@pytest.fixture
def opener() -> Iterator[FakeOpener]:
    fake = FakeOpener()
    register_incident_opener(fake)
    yield fake
    register_incident_opener(None)


def store(member: Membership, *parts: Iterable[alarms.Mention]) -> list[alarms.Mention]:
    mentions = sorted((m for part in parts for m in part), key=lambda mention: mention.created_at)
    for start in range(0, len(mentions), 15_000):
        import_mentions(member, data=as_jsonl(mentions[start : start + 15_000]), file_name="stream.jsonl")
    return mentions


def shitstorm(stream: Stream) -> list[alarms.Mention]:
    return [m for hour in range(4) for m in stream.hour(ONSET + timedelta(hours=hour), 25 + 25 * hour, 0.7)]


def background(stream: Stream) -> list[alarms.Mention]:
    return list(stream.background(FIRST, 21, scale=1.0)) + list(stream.background(TEST_DAY, 1, scale=1.0))


def test_a_shitstorm_stored_as_mentions_raises_one_alarm_with_incident_and_notice(
    manager: Membership, org: Organization, opener: FakeOpener, django_capture_on_commit_callbacks: Capture
) -> None:
    on_call = make_member(
        org, ["communications_manager"], email="dienst@muster.example", full_name="Rufbereit"
    )
    update_monitoring_settings(
        manager, on_call=on_call, playbook=["Lage bewerten", "  Stellungnahme  abstimmen ", ""]
    )
    stream = Stream()
    mentions = store(manager, background(stream), shitstorm(stream))
    now = ONSET + timedelta(hours=2)

    with django_capture_on_commit_callbacks(execute=True):
        raised = check_organization(org, now)

    # The same alarms as the replay of the same mentions (what ``resonanz monitoring replay`` prints).
    replayed = [a for a in alarms.replay(iter(m for m in mentions if m.created_at <= now), org.zone)]
    live = [a for a in replayed if a.at >= now - timedelta(hours=6)]
    assert live, "the replay raises no alarm"
    assert [(a.at, a.reason) for a in raised] == [(a.at, a.reason) for a in live]
    assert ONSET <= raised[0].at <= ONSET + timedelta(hours=2)
    assert raised[0].incident_key == "INC-1"
    assert opener.calls[0]["source"] == "monitoring_alarm"
    assert opener.calls[0]["checklist"] == ["Lage bewerten", "Stellungnahme abstimmen"]
    assert opener.calls[0]["source_key"] == f"monitoring-alarm-{raised[0].pk}"
    assert [message.to for message in mail.outbox] == [["dienst@muster.example"]] * len(raised)
    assert "Shitstorm" in mail.outbox[0].subject
    assert AuditRecord.objects.filter(action="monitoring.alarm_raised").count() == len(raised)

    # The job runs again (and again a little later): nothing is opened twice, nobody told twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert check_organization(org, now) == []
        assert check_all(now + timedelta(minutes=5)) == 0
    assert MonitoringAlarm.objects.count() == len(raised)
    assert len(mail.outbox) == len(raised)
    assert len(opener.calls) == len(raised)


def test_a_quiet_day_and_a_viral_positive_day_raise_nothing(
    manager: Membership, org: Organization, opener: FakeOpener
) -> None:
    stream = Stream()
    viral = [m for hour in range(11, 18) for m in stream.hour(at(TEST_DAY, hour), 120, 0.08, "positive")]
    store(manager, background(stream), viral)

    for hour in range(9, 24, 3):
        assert check_organization(org, at(TEST_DAY, hour)) == []
    assert MonitoringAlarm.objects.count() == 0
    assert mail.outbox == []
    assert opener.calls == []


def test_without_an_on_call_manager_the_monitoring_managers_are_told(
    manager: Membership, org: Organization, django_capture_on_commit_callbacks: Capture
) -> None:
    make_member(org, ["ambassador"], email="nein@muster.example")
    stream = Stream()
    store(manager, background(stream), shitstorm(stream))

    with django_capture_on_commit_callbacks(execute=True):
        raised = check_organization(org, ONSET + timedelta(hours=2))

    assert raised and raised[0].incident_key  # the quality app opened the incident
    assert {address for message in mail.outbox for address in message.to} == {"leitung@muster.example"}


def test_alarms_older_than_the_live_window_are_history(manager: Membership, org: Organization) -> None:
    stream = Stream()
    store(manager, background(stream), shitstorm(stream))

    assert check_organization(org, ONSET + timedelta(days=2)) == []
    assert MonitoringAlarm.objects.count() == 0


def test_retention_deletes_old_mentions_and_logs_it(
    manager: Membership, org: Organization, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.MENTION_RETENTION_DAYS = 30
    stream = Stream()
    store(manager, stream.background(FIRST, 3))
    kept = store(manager, stream.background(TEST_DAY, 1))
    caplog.set_level("INFO")

    counts = delete_old_mentions(
        datetime.combine(TEST_DAY, datetime.min.time(), org.zone) + timedelta(days=15)
    )

    assert list(counts) == [org.pk] and counts[org.pk] > 0
    from resonanz.monitoring.models import Mention

    assert Mention.objects.count() == len(kept)
    assert f"deleted {counts[org.pk]} mentions" in caplog.text


def test_an_alarm_opens_one_quality_incident_with_the_crisis_playbook(
    manager: Membership, org: Organization, django_capture_on_commit_callbacks: Capture
) -> None:
    """Wired to the real quality app (no hook registered): the alarm's incident carries the playbook as a
    checklist to tick, and a re-run of the job opens no second incident."""
    from resonanz.quality.models import Incident, Source

    update_monitoring_settings(manager, on_call=None, playbook=["Lage bewerten", "Stellungnahme abstimmen"])
    stream = Stream()
    store(manager, background(stream), shitstorm(stream))
    now = ONSET + timedelta(hours=2)

    with django_capture_on_commit_callbacks(execute=True):
        raised = check_organization(org, now)
        assert check_organization(org, now) == []

    assert raised
    incidents = Incident.objects.filter(organization=org, source=Source.MONITORING_ALARM)
    assert incidents.count() == len(raised)
    incident = incidents.get(source_key=f"monitoring-alarm-{raised[0].pk}")
    assert raised[0].incident_key == str(incident.pk)
    assert [item["text"] for item in incident.checklist] == ["Lage bewerten", "Stellungnahme abstimmen"]
    assert not any(item["done"] for item in incident.checklist)
