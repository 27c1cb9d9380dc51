"""The events and policy pages: what each person sees and can do; outsiders get 404."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.events import actions
from resonanz.events.models import CalendarFeed, Event, PolicyDocument, RegistrationStatus
from resonanz.events.tests.factories import make_event, manager_of, start_now

Login = Callable[[Membership], Client]


def test_a_colleague_registers_and_sees_the_waiting_position(org: Organization, client_for: Login) -> None:
    manager = manager_of(org)
    event = make_event(manager, capacity=1, title="Meet-up Düsseldorf")
    actions.register_for_event(make_member(org), event)
    person = make_member(org)
    client = client_for(person)

    listing = client.get(f"/o/{org.slug}/events/", HTTP_ACCEPT_LANGUAGE="de")
    assert "Meet-up Düsseldorf" in listing.content.decode()
    response = client.post(f"/o/{org.slug}/events/{event.pk}/register/", follow=True)

    assert "Sie stehen auf der Warteliste, an Position 1." in response.content.decode()
    assert event.registrations.get(membership=person).status == RegistrationStatus.WAITING


def test_only_the_manager_sees_participants_and_records_attendance(
    org: Organization, client_for: Login
) -> None:
    manager = manager_of(org)
    event = make_event(manager)
    person = make_member(org, full_name="Dr. Anna Winter")
    registration = actions.register_for_event(person, event)
    start_now(event)

    assert (
        "Dr. Anna Winter"
        not in client_for(make_member(org)).get(f"/o/{org.slug}/events/{event.pk}/").content.decode()
    )
    manager_client = client_for(manager)
    assert "Dr. Anna Winter" in manager_client.get(f"/o/{org.slug}/events/{event.pk}/").content.decode()
    manager_client.post(
        f"/o/{org.slug}/events/registrations/{registration.pk}/attendance/", {"status": "attended"}
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED
    denied = client_for(person).post(
        f"/o/{org.slug}/events/registrations/{registration.pk}/attendance/", {"status": "no_show"}
    )
    assert denied.status_code == 403


def test_the_manager_creates_an_event_through_the_form(org: Organization, client_for: Login) -> None:
    manager = manager_of(org)
    response = client_for(manager).post(
        f"/o/{org.slug}/events/new/",
        {
            "title": "Social Media Manager – Präsenztag",
            "kind": "training_date",
            "starts_at": "2030-03-02T09:00",
            "ends_at": "2030-03-02T17:00",
            "place": "Köln, Raum Rhein",
            "capacity": "20",
            "registration_open": "on",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(organization=org)
    assert event.capacity == 20 and event.place == "Köln, Raum Rhein"


def test_an_event_form_with_the_end_before_the_start_says_why(org: Organization, client_for: Login) -> None:
    response = client_for(manager_of(org)).post(
        f"/o/{org.slug}/events/new/",
        {
            "title": "X",
            "kind": "webinar",
            "starts_at": "2030-03-02T09:00",
            "ends_at": "2030-03-02T08:00",
            "capacity": "5",
        },
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400
    assert "nach ihrem Beginn enden" in response.content.decode()
    assert not Event.objects.exists()


def test_read_and_understood_records_the_acknowledgement(org: Organization, client_for: Login) -> None:
    officer = make_member(org, ["quality_officer"])
    document = actions.publish_policy(
        officer,
        actions.create_policy(officer, title="Qualitätspolitik", version_label="2026", text="Kunden zuerst."),
    )
    person = make_member(org)
    client = client_for(person)
    page = client.get(
        f"/o/{org.slug}/events/policies/{document.pk}/", HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Gelesen und verstanden" in page

    client.post(f"/o/{org.slug}/events/policies/{document.pk}/acknowledge/")

    assert document.acknowledgements.filter(membership=person, version_label="2026").exists()
    start = client.get(f"/o/{org.slug}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Veranstaltungen und Richtlinien" in start


def test_the_overview_names_who_has_not_acknowledged_and_the_works_council_sees_counts(
    org: Organization, client_for: Login
) -> None:
    officer = make_member(org, ["quality_officer"])
    document = actions.publish_policy(
        officer, actions.create_policy(officer, title="Leitlinie", version_label="1", text="…")
    )
    make_member(org, full_name="Bernd Säumig")
    overview = client_for(make_member(org, ["auditor"])).get(
        f"/o/{org.slug}/events/policies/{document.pk}/acknowledgements/"
    )
    assert "Bernd Säumig" in overview.content.decode()
    council = client_for(make_member(org, ["works_council"]))
    counts = council.get(f"/o/{org.slug}/events/policies/awareness/")
    assert counts.status_code == 200
    assert "Bernd Säumig" not in counts.content.decode()
    assert council.get(f"/o/{org.slug}/events/policies/{document.pk}/acknowledgements/").status_code == 403


def test_drafts_are_hidden_from_colleagues(org: Organization, client_for: Login) -> None:
    officer = make_member(org, ["quality_officer"])
    draft = actions.create_policy(officer, title="Entwurf", version_label="0.1", text="…")
    assert client_for(make_member(org)).get(f"/o/{org.slug}/events/policies/{draft.pk}/").status_code == 404
    assert client_for(officer).get(f"/o/{org.slug}/events/policies/{draft.pk}/").status_code == 200


def test_outsiders_get_404_for_events_and_policies(
    org: Organization, other_org: Organization, client_for: Login
) -> None:
    event = make_event(manager_of(org))
    officer = make_member(org, ["quality_officer"])
    document = actions.publish_policy(
        officer, actions.create_policy(officer, title="L", version_label="1", text="…")
    )
    outsider = client_for(make_member(other_org, ["communications_manager", "quality_officer"]))
    assert outsider.get(f"/o/{other_org.slug}/events/{event.pk}/").status_code == 404
    assert outsider.post(f"/o/{other_org.slug}/events/{event.pk}/register/").status_code == 404
    assert outsider.get(f"/o/{other_org.slug}/events/policies/{document.pk}/").status_code == 404
    assert not PolicyDocument.objects.filter(organization=other_org).exists()


def test_the_feed_page_shows_the_address_once(org: Organization, client_for: Login) -> None:
    person = make_member(org)
    client = client_for(person)
    created = client.post(f"/o/{org.slug}/events/calendar/", {"do": "create"}).content.decode()
    assert "/feeds/calendar/" in created
    again = client.get(f"/o/{org.slug}/events/calendar/").content.decode()
    assert "/feeds/calendar/" not in again
    client.post(f"/o/{org.slug}/events/calendar/", {"do": "revoke"})
    assert not CalendarFeed.objects.filter(membership=person, revoked_at__isnull=True).exists()
