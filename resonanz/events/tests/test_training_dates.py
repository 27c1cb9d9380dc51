"""Events as dates of a training: the link is set through the action, form and API within the
organization only, and the training page lists each date with who attended it (evidence for 7.2)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from resonanz.competence import actions as competence_actions
from resonanz.competence.models import Training
from resonanz.competence.tests.factories import quality_officer
from resonanz.core import actions as core_actions
from resonanz.core.errors import ActionRefused
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.events import actions
from resonanz.events.models import Event
from resonanz.events.tests.factories import make_event, manager_of, start_now

Login = Callable[[Membership], Client]


def make_training(organization: Organization, title: str = "Social Media Manager – Lehrgang") -> Training:
    return competence_actions.create_training(
        quality_officer(organization), title=title, format="in_house_course", starts_on=dt.date(2026, 2, 2)
    )


def _api(member: Membership, method: str, path: str, body: object = None) -> object:
    _token, plain = core_actions.create_api_token(member, name="Test", scope="write")
    call = getattr(Client(), method)
    return call(
        f"/api/v1/events{path}",
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {plain}",
        HTTP_ACCEPT_LANGUAGE="de",
    )


def test_an_event_becomes_a_date_of_a_training_and_is_detached_again(org: Organization) -> None:
    manager = manager_of(org)
    training = make_training(org)

    event = make_event(manager, training=training.pk)
    assert event.training_id == training.pk
    actions.update_event(manager, event, training=None)

    event.refresh_from_db()
    assert event.training_id is None


def test_a_training_of_another_organization_is_refused_in_the_users_language(
    org: Organization, other_org: Organization
) -> None:
    manager = manager_of(org)
    foreign = make_training(other_org)
    event = make_event(manager)

    for value in (foreign, foreign.pk, str(foreign.pk), 2**70, "abc", True):
        with translation.override("de"), pytest.raises(ActionRefused) as refused:
            actions.update_event(manager, event, training=value)
        assert refused.value.field == "training"
        assert "Wählen Sie eine Schulung Ihrer Organisation." in refused.value.messages
    event.refresh_from_db()
    assert event.training_id is None
    assert not Event.objects.filter(training=foreign).exists()


def test_the_api_sets_filters_and_clears_the_training(org: Organization, other_org: Organization) -> None:
    manager = manager_of(org)
    training = make_training(org)
    start = (dt.datetime.now(dt.UTC) + dt.timedelta(days=20)).replace(microsecond=0)
    body = {
        "title": "Modul 4: Community-Management",
        "kind": "training_date",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=6)).isoformat(),
        "capacity": 20,
        "training_id": training.pk,
    }
    created = _api(manager, "post", "/events", body)
    assert created.status_code == 201, created.content  # type: ignore[attr-defined]
    event_id = created.json()["id"]  # type: ignore[attr-defined]
    assert created.json()["training_id"] == training.pk  # type: ignore[attr-defined]
    make_event(manager, title="Ohne Schulung")

    listed = _api(manager, "get", f"/events?training_id={training.pk}")
    assert [item["id"] for item in listed.json()["items"]] == [event_id]  # type: ignore[attr-defined]

    foreign = _api(manager, "patch", f"/events/{event_id}", {"training_id": make_training(other_org).pk})
    assert foreign.status_code == 422  # type: ignore[attr-defined]
    assert "Wählen Sie eine Schulung Ihrer Organisation." in foreign.content.decode()  # type: ignore[attr-defined]

    cleared = _api(manager, "patch", f"/events/{event_id}", {"training_id": None})
    assert cleared.status_code == 200 and cleared.json()["training_id"] is None  # type: ignore[attr-defined]
    refused_null = _api(manager, "patch", f"/events/{event_id}", {"title": None})
    assert refused_null.status_code == 422  # type: ignore[attr-defined]


def test_the_form_offers_the_organizations_trainings_and_the_event_page_links_the_training(
    org: Organization, other_org: Organization, client_for: Login
) -> None:
    manager = manager_of(org)
    training = make_training(org)
    foreign = make_training(other_org, title="Fremder Lehrgang")
    event = make_event(manager, title="Modul 1")
    client = client_for(manager)

    form = client.get(f"/o/{org.slug}/events/{event.pk}/edit/").content.decode()
    assert training.title in form and foreign.title not in form
    values = {
        "title": "Modul 1",
        "kind": "training_date",
        "starts_at": event.starts_at.astimezone(org.zone).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": event.ends_at.astimezone(org.zone).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "10",
        "registration_open": "on",
        "training": str(foreign.pk),
    }
    refused = client.post(f"/o/{org.slug}/events/{event.pk}/edit/", values)
    assert refused.status_code == 400
    saved = client.post(f"/o/{org.slug}/events/{event.pk}/edit/", {**values, "training": str(training.pk)})
    assert saved.status_code == 302
    event.refresh_from_db()
    assert event.training_id == training.pk

    page = client.get(f"/o/{org.slug}/events/{event.pk}/").content.decode()
    assert f'href="/o/{org.slug}/competence/trainings/{training.pk}/"' in page
    colleague_page = client_for(make_member(org)).get(f"/o/{org.slug}/events/{event.pk}/").content.decode()
    assert training.title in colleague_page
    assert f"/competence/trainings/{training.pk}/" not in colleague_page  # no training page for them


def test_the_training_page_lists_its_dates_and_who_attended_each(
    org: Organization, client_for: Login
) -> None:
    manager = manager_of(org)
    training = make_training(org)
    first = make_event(manager, title="Modul 1: Strategie", training=training.pk)
    second = make_event(manager, in_days=12, title="Modul 2: Recht", training=training.pk)
    make_event(manager, in_days=14, title="Anderer Workshop")
    came = make_member(org, full_name="Dr. Lena Vogt")
    stayed_away = make_member(org, full_name="Jonas Berger")
    came_registration = actions.register_for_event(came, first)
    away_registration = actions.register_for_event(stayed_away, first)
    actions.register_for_event(came, second)
    start_now(first)
    actions.record_attendance(manager, came_registration, "attended")
    actions.record_attendance(manager, away_registration, "no_show")

    response = client_for(manager).get(
        f"/o/{org.slug}/competence/trainings/{training.pk}/", HTTP_ACCEPT_LANGUAGE="de"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Modul 1: Strategie" in page and "Modul 2: Recht" in page
    assert "Anderer Workshop" not in page
    section = page[page.index("Termine und Teilnahme") :]
    assert "Dr. Lena Vogt" in section
    assert "Jonas Berger" not in section
    assert "1 von 2 teilgenommen" in section
    assert f'href="/o/{org.slug}/events/{first.pk}/"' in section


def test_the_training_page_does_bounded_work_whatever_the_number_of_dates(
    org: Organization, client_for: Login, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    manager = manager_of(org)
    training = make_training(org)
    for day in range(3):
        event = make_event(manager, in_days=10 + day, title=f"Termin {day}", training=training.pk)
        actions.register_for_event(make_member(org), event)
    client = client_for(manager)
    url = f"/o/{org.slug}/competence/trainings/{training.pk}/"
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for day in range(3, 9):
        event = make_event(manager, in_days=10 + day, title=f"Termin {day}", training=training.pk)
        actions.register_for_event(make_member(org), event)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
