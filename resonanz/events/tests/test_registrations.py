"""Registering, the waiting list, cancelling, attendance: the rules and what they refuse."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Organization
from resonanz.core.tests.factories import make_member
from resonanz.events import actions
from resonanz.events.models import Registration, RegistrationStatus
from resonanz.events.seats import waiting_rank
from resonanz.events.tests.factories import make_event, manager_of, start_now

W = RegistrationStatus


def test_a_full_event_puts_the_next_people_on_the_waiting_list_in_order(org: Organization) -> None:
    manager = manager_of(org)
    event = make_event(manager, capacity=2)
    people = [make_member(org) for _ in range(4)]
    registrations = [actions.register_for_event(person, event) for person in people]

    assert [r.status for r in registrations] == [W.REGISTERED, W.REGISTERED, W.WAITING, W.WAITING]
    assert [waiting_rank(r) for r in registrations] == [None, None, 1, 2]


def test_cancelling_a_place_moves_the_first_waiting_person_up(org: Organization) -> None:
    manager = manager_of(org)
    event = make_event(manager, capacity=1)
    first, second, third = (make_member(org) for _ in range(3))
    seated = actions.register_for_event(first, event)
    waiting = actions.register_for_event(second, event)
    last = actions.register_for_event(third, event)

    actions.cancel_registration(first, seated)

    waiting.refresh_from_db()
    last.refresh_from_db()
    assert waiting.status == W.REGISTERED and waiting.waiting_position is None
    assert last.status == W.WAITING and waiting_rank(last) == 1
    assert AuditRecord.objects.filter(
        action="events.registration_promoted", object_id=str(waiting.pk)
    ).exists()


def test_more_places_move_the_waiting_list_up(org: Organization) -> None:
    manager = manager_of(org)
    event = make_event(manager, capacity=1)
    actions.register_for_event(make_member(org), event)
    waiting = actions.register_for_event(make_member(org), event)

    actions.update_event(manager, event, capacity=2)

    waiting.refresh_from_db()
    assert waiting.status == W.REGISTERED


def test_a_second_registration_for_the_same_event_is_refused_in_german(org: Organization) -> None:
    event = make_event(manager_of(org))
    person = make_member(org)
    actions.register_for_event(person, event)
    with translation.override("de"), pytest.raises(ActionRefused) as refused:
        actions.register_for_event(person, event)
    assert "bereits angemeldet" in str(refused.value.messages[0])
    assert Registration.objects.filter(event=event, membership=person).count() == 1


def test_overlapping_registrations_of_one_person_are_refused(org: Organization) -> None:
    manager = manager_of(org)
    morning = make_event(manager, in_days=5, hours=3, title="Kurstermin 1")
    overlapping = make_event(manager, in_days=5.05, hours=2, title="Netzwerktreffen")
    later = make_event(manager, in_days=6, title="Webinar")
    person = make_member(org)
    actions.register_for_event(person, morning)

    with translation.override("de"), pytest.raises(ActionRefused) as refused:
        actions.register_for_event(person, overlapping)
    assert "„Kurstermin 1“" in str(refused.value.messages[0])
    assert actions.register_for_event(person, later).status == W.REGISTERED


def test_closed_past_and_cancelled_events_refuse_registration(org: Organization) -> None:
    manager = manager_of(org)
    person = make_member(org)
    closed = make_event(manager, registration_open=False)
    past = start_now(make_event(manager, in_days=3))
    cancelled = actions.cancel_event(manager, make_event(manager, in_days=4))
    for event in (closed, past, cancelled):
        with pytest.raises(ActionRefused):
            actions.register_for_event(person, event)
    assert not Registration.objects.filter(membership=person).exists()


def test_cancelling_an_event_cancels_its_registrations(org: Organization) -> None:
    manager = manager_of(org)
    event = make_event(manager, capacity=1)
    actions.register_for_event(make_member(org), event)
    actions.register_for_event(make_member(org), event)
    actions.cancel_event(manager, event)
    assert set(event.registrations.values_list("status", flat=True)) == {W.CANCELLED}


def test_someone_else_cannot_cancel_a_registration_but_the_manager_can(org: Organization) -> None:
    manager = manager_of(org)
    event = make_event(manager)
    registration = actions.register_for_event(make_member(org), event)
    with pytest.raises(PermissionDenied):
        actions.cancel_registration(make_member(org), registration)
    actions.cancel_registration(manager, registration)
    registration.refresh_from_db()
    assert registration.status == W.CANCELLED


def test_a_cancelled_registration_can_be_made_again(org: Organization) -> None:
    event = make_event(manager_of(org))
    person = make_member(org)
    actions.cancel_registration(person, actions.register_for_event(person, event))
    again = actions.register_for_event(person, event)
    assert again.status == W.REGISTERED
    assert Registration.objects.filter(event=event, membership=person).count() == 2


def test_attendance_is_recorded_only_from_the_start_on(org: Organization) -> None:
    manager = manager_of(org)
    event = make_event(manager)
    registration = actions.register_for_event(make_member(org), event)
    with pytest.raises(ActionRefused):
        actions.record_attendance(manager, registration, W.ATTENDED)

    start_now(event)
    actions.record_attendance(manager, registration, W.ATTENDED)
    registration.refresh_from_db()
    assert registration.status == W.ATTENDED
    with pytest.raises(ActionRefused):
        actions.record_attendance(manager, registration, "registered")


def test_a_person_on_the_waiting_list_cannot_attend(org: Organization) -> None:
    manager = manager_of(org)
    event = make_event(manager, capacity=1)
    actions.register_for_event(make_member(org), event)
    waiting = actions.register_for_event(make_member(org), event)
    start_now(event)
    with pytest.raises(ActionRefused):
        actions.record_attendance(manager, waiting, W.ATTENDED)


@pytest.mark.parametrize(
    "values",
    [
        {"online_url": "javascript:alert(1)"},
        {"capacity": 0},
        {"capacity": "viele"},
        {"kind": "party"},
        {"title": "\x00 "},
        {"hours": -1},
        {"hours": 24 * 30},
    ],
    ids=str,
)
def test_odd_event_values_are_refused(org: Organization, values: dict[str, object]) -> None:
    manager = manager_of(org)
    hours = values.pop("hours", 2)
    with pytest.raises(ActionRefused):
        make_event(manager, hours=hours, **values)  # type: ignore[arg-type]


def test_an_event_in_the_year_9999_is_refused(org: Organization) -> None:
    manager = manager_of(org)
    with pytest.raises(ActionRefused):
        actions.create_event(
            manager, title="Fern", starts_at="9999-12-31T10:00", ends_at="9999-12-31T12:00", capacity=3
        )


def test_a_leaver_gives_back_future_places(org: Organization) -> None:
    from resonanz.events.actions.registrations import cancel_future_registrations_of

    manager = manager_of(org)
    event = make_event(manager, capacity=1)
    leaver = make_member(org)
    actions.register_for_event(leaver, event)
    waiting = actions.register_for_event(make_member(org), event)

    assert cancel_future_registrations_of(leaver) == 1

    waiting.refresh_from_db()
    assert waiting.status == W.REGISTERED
    assert not Registration.objects.filter(membership=leaver, status=W.REGISTERED).exists()


def test_a_member_who_leaves_gives_back_future_places_through_the_leaving_action(org: Organization) -> None:
    from resonanz.people.actions.leavers import deactivate_leaver

    manager = manager_of(org)
    event = make_event(manager, capacity=1)
    leaver = make_member(org)
    actions.register_for_event(leaver, event)
    waiting = actions.register_for_event(make_member(org), event)

    deactivate_leaver(make_member(org, roles=("admin",)), leaver)

    waiting.refresh_from_db()
    assert waiting.status == W.REGISTERED
    assert not Registration.objects.filter(membership=leaver, status__in=[W.REGISTERED, W.WAITING]).exists()
