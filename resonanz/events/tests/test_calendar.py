"""The calendar feed: RFC 5545 text, the private token, revocation and bounded work."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member
from resonanz.events import actions
from resonanz.events.calendar import CalendarEntry, escape_text, fold, render_ics
from resonanz.events.models import CalendarFeed
from resonanz.events.tests.factories import make_event, manager_of


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character() -> None:
    line = "SUMMARY:" + "Übung " * 40
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == line


def test_text_values_are_escaped() -> None:
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"


def test_the_calendar_is_crlf_terminated_with_utc_times_and_stable_uids() -> None:
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    entry = CalendarEntry("event-7@muster.resonanz", start, start + dt.timedelta(hours=2), "Kurs; Tag 1")
    text = render_ics([entry], "Muster", now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "DTSTART:20260302T080000Z\r\n" in text
    assert "DTSTAMP:20260101T000000Z\r\n" in text
    assert "SUMMARY:Kurs\\; Tag 1\r\n" in text
    assert "UID:event-7@muster.resonanz\r\n" in text


def test_the_feed_lists_the_persons_events_without_signing_in(org: Organization, client: Client) -> None:
    manager = manager_of(org)
    mine = make_event(manager, title="Social Media Manager, Modul 3")
    other = make_event(manager, in_days=12, title="Fremdes Treffen")
    person = make_member(org)
    actions.register_for_event(person, mine)
    feed, token = actions.create_calendar_feed(person)

    response = client.get(f"/feeds/calendar/{token}.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "Social Media Manager\\, Modul 3" in body
    assert other.title not in body
    assert f"UID:event-{mine.pk}@" in body
    assert token not in CalendarFeed.objects.values_list("token_hash", flat=True)  # only a hash is kept
    assert feed.token_hash != token


def test_a_revoked_replaced_or_unknown_feed_is_a_404(org: Organization, client: Client) -> None:
    person = make_member(org)
    _feed, first = actions.create_calendar_feed(person)
    _feed, second = actions.create_calendar_feed(person)
    assert client.get(f"/feeds/calendar/{first}.ics").status_code == 404
    assert client.get(f"/feeds/calendar/{second}.ics").status_code == 200
    actions.revoke_calendar_feed(person)
    assert client.get(f"/feeds/calendar/{second}.ics").status_code == 404
    assert client.get("/feeds/calendar/erfunden.ics").status_code == 404
    assert client.get(f"/feeds/calendar/{'x' * 5000}.ics").status_code == 404


def test_the_feed_of_a_member_who_left_is_a_404(org: Organization, client: Client) -> None:
    person = make_member(org)
    _feed, token = actions.create_calendar_feed(person)
    type(person).objects.filter(pk=person.pk).update(is_active=False)
    assert client.get(f"/feeds/calendar/{token}.ics").status_code == 404
