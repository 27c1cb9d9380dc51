"""The events API: events, registrations, attendance, policies, acknowledgements, the calendar feed."""

from __future__ import annotations

import functools

from django.test import Client

from resonanz.core.models import Organization
from resonanz.core.tests.factories import ApiCaller, make_member
from resonanz.events import actions
from resonanz.events.tests.factories import make_event, manager_of, start_now

API = "/api/v1/events"
Caller = functools.partial(ApiCaller, api=API, language="de")


def test_a_round_trip_from_creating_an_event_to_attendance(org: Organization) -> None:
    manager = Caller(manager_of(org))
    created = manager.send(
        "post",
        "/events",
        {
            "title": "LinkedIn-Workshop",
            "kind": "workshop",
            "starts_at": "2030-05-04T09:00:00+02:00",
            "ends_at": "2030-05-04T12:00:00+02:00",
            "capacity": 1,
            "online_url": "https://meet.example/abc",
        },
    )
    assert created.status_code == 201, created.content
    event_id = created.json()["id"]
    first, second = Caller(make_member(org)), Caller(make_member(org))
    assert first.send("post", f"/events/{event_id}/registrations").json()["status"] == "registered"
    queued = second.send("post", f"/events/{event_id}/registrations").json()
    assert queued["status"] == "waiting"
    again = second.send("post", f"/events/{event_id}/registrations")
    assert again.status_code == 422 and "bereits angemeldet" in again.content.decode()

    assert manager.get(f"/events/{event_id}").json()["waiting"] == 1
    assert [r["status"] for r in manager.get(f"/events/{event_id}/registrations").json()["items"]] == [
        "registered",
        "waiting",
    ]
    assert second.get(f"/events/{event_id}/registrations").status_code == 403
    assert len(second.get("/registrations").json()["items"]) == 1

    mine = first.get("/registrations").json()["items"][0]
    assert first.send("post", f"/registrations/{mine['id']}/cancel").json()["status"] == "cancelled"
    assert second.get("/registrations").json()["items"][0]["status"] == "registered"

    from resonanz.events.models import Event

    start_now(Event.objects.get(pk=event_id))
    attended = manager.send("post", f"/registrations/{queued['id']}/attendance", {"status": "attended"})
    assert attended.json()["status"] == "attended"


def test_odd_event_bodies_are_refused_with_422(org: Organization) -> None:
    manager = Caller(manager_of(org))
    base = {
        "title": "X",
        "starts_at": "2030-05-04T09:00:00Z",
        "ends_at": "2030-05-04T10:00:00Z",
        "capacity": 3,
    }
    for change in (
        {"capacity": 0},
        {"ends_at": "2030-05-04T08:00:00Z"},
        {"online_url": "ftp://x"},
        {"kind": "party"},
        {"starts_at": 12},
    ):
        response = manager.send("post", "/events", {**base, **change})
        assert response.status_code == 422, (change, response.content)


def test_policies_and_acknowledgements_through_the_api(org: Organization) -> None:
    officer = Caller(make_member(org, ["quality_officer"]))
    draft = officer.send(
        "post",
        "/policies",
        {"kind": "quality_policy", "title": "Qualitätspolitik", "version_label": "1", "text": "…"},
    ).json()
    person = Caller(make_member(org))
    assert person.get(f"/policies/{draft['id']}").status_code == 404
    officer.send("post", f"/policies/{draft['id']}/publish")
    acknowledged = person.send("post", f"/policies/{draft['id']}/acknowledgements")
    assert acknowledged.status_code == 201 and acknowledged.json()["version_label"] == "1"
    assert person.send("post", f"/policies/{draft['id']}/acknowledgements").status_code == 422
    assert officer.send("patch", f"/policies/{draft['id']}", {"text": "neu"}).status_code == 422
    names = [
        item["name"] for item in officer.get(f"/policies/{draft['id']}/acknowledgements").json()["items"]
    ]
    assert len(names) == 1


def test_a_foreign_policy_cannot_be_superseded(org: Organization, other_org: Organization) -> None:
    foreign_officer = make_member(other_org, ["quality_officer"])
    foreign = actions.publish_policy(
        foreign_officer, actions.create_policy(foreign_officer, title="Fremd", version_label="1", text="…")
    )
    officer = Caller(make_member(org, ["quality_officer"]))
    response = officer.send(
        "post", "/policies", {"title": "x", "version_label": "2", "text": "y", "supersedes_id": foreign.pk}
    )
    assert response.status_code == 404


def test_the_calendar_feed_is_created_and_revoked(org: Organization) -> None:
    person = Caller(make_member(org))
    make_event(manager_of(org))
    url = person.send("post", "/calendar-feed").json()["url"]
    path = url.split("testserver", 1)[1]
    assert Client().get(path).status_code == 200
    assert person.send("delete", "/calendar-feed").status_code == 204
    assert Client().get(path).status_code == 404
