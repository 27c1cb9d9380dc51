"""Coaching sessions in the calendar feed: the buddy's and the colleague's upcoming sessions, in the
feed owner's language, without the session's notes or subject, with stable UIDs; bounded like events."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from resonanz.buddy import actions
from resonanz.buddy.calendar import session_entries
from resonanz.buddy.models import CoachingSession, Pair
from resonanz.buddy.tests.factories import make_buddy, make_opt_in, manager_of
from resonanz.core.models import Membership, Organization, User
from resonanz.core.tests.factories import make_member
from resonanz.events import actions as event_actions
from resonanz.events.calendar import HORIZON
from resonanz.people.actions.leavers import deactivate_leaver


def _pair(org: Organization) -> Pair:
    manager = manager_of(org)
    buddy = make_buddy(manager, full_name="Dr. Anna Winter")
    opt_in = make_opt_in(org, full_name="Jonas Berger")
    return actions.pin_pair(manager, buddy, opt_in, reason="Start")


def _session(pair: Pair, in_days: float, **values: object) -> CoachingSession:
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=in_days)
    return actions.add_session(pair.buddy, pair, starts_at=start, **values)


def _feed(client: Client, member: Membership) -> str:
    _feed_row, token = event_actions.create_calendar_feed(member)
    response = client.get(f"/feeds/calendar/{token}.ics")
    assert response.status_code == 200
    return response.content.decode()


def test_both_sides_of_a_pair_see_upcoming_sessions_in_their_language_without_notes(
    org: Organization, client: Client
) -> None:
    pair = _pair(org)
    upcoming = _session(pair, 3, topic="Profilüberschrift schärfen", notes="Vertraulich: Wechselgedanken")
    _session(pair, -3, topic="Erstes Gespräch")
    User.objects.filter(pk=pair.coachee.user_id).update(language="en")

    buddy_feed = _feed(client, pair.buddy)
    coachee_feed = _feed(client, Membership.objects.get(pk=pair.coachee_id))

    assert "SUMMARY:Coaching-Termin mit Jonas Berger\r\n" in buddy_feed
    assert "SUMMARY:Coaching session with your buddy Dr. Anna Winter\r\n" in coachee_feed
    uid = f"UID:buddy-session-{upcoming.pk}@{org.slug}.resonanz\r\n"
    assert uid in buddy_feed and uid in coachee_feed
    assert buddy_feed.count("BEGIN:VEVENT") == 1  # the past session is left out
    for feed in (buddy_feed, coachee_feed):
        assert "Vertraulich" not in feed and "Wechselgedanken" not in feed
        assert "Profilüberschrift" not in feed
    assert _feed(client, pair.buddy).count(uid) == 1  # the same UID on every read


def test_others_do_not_see_the_sessions_and_an_ended_pair_leaves_the_feed(
    org: Organization, client: Client
) -> None:
    pair = _pair(org)
    _session(pair, 2)
    assert "BEGIN:VEVENT" not in _feed(client, make_member(org))

    deactivate_leaver(make_member(org, ["admin"]), Membership.objects.get(pk=pair.coachee_id))

    assert "BEGIN:VEVENT" not in _feed(client, pair.buddy)


def test_the_source_is_bounded_by_the_period_and_the_limit(org: Organization) -> None:
    pair = _pair(org)
    for day in range(1, 6):
        _session(pair, day)
    _session(pair, HORIZON.days + 5)
    now = timezone.now()

    entries = session_entries(pair.buddy, now, now + HORIZON, 3)

    assert len(entries) == 3
    assert [entry.starts_at for entry in entries] == sorted(entry.starts_at for entry in entries)
    assert len(session_entries(pair.buddy, now, now + HORIZON, 100)) == 5
