"""People racing for the last place: PostgreSQL never seats more than the capacity."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member
from resonanz.events import actions
from resonanz.events.models import Registration, RegistrationStatus
from resonanz.events.tests.factories import make_event, manager_of


@pytest.mark.parametrize("racers", [2, 4])
def test_racing_for_the_last_place_seats_one_and_queues_the_others(
    committing_db: None, org: Organization, racers: int
) -> None:
    """GIVEN an event with one place left
    WHEN several people register at the same moment, each on their own database connection
    THEN exactly one gets the place and the others are queued with distinct positions."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; the race needs PostgreSQL")
    manager = manager_of(org)
    event = make_event(manager, capacity=2)
    actions.register_for_event(make_member(org), event)
    people = [make_member(org) for _ in range(racers)]
    start = threading.Barrier(racers, timeout=20)
    errors: list[BaseException] = []

    def register(person: object) -> None:
        try:
            start.wait()
            actions.register_for_event(person, event)  # type: ignore[arg-type]
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.REGISTERED) == 2
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITING)
    assert waiting.count() == racers - 1
    assert len(set(waiting.values_list("waiting_position", flat=True))) == racers - 1


def test_cancel_and_register_at_once_never_exceed_the_capacity(
    committing_db: None, org: Organization
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; the race needs PostgreSQL")
    manager = manager_of(org)
    event = make_event(manager, capacity=1)
    seated_person = make_member(org)
    seated = actions.register_for_event(seated_person, event)
    queued = actions.register_for_event(make_member(org), event)
    newcomer = make_member(org)
    start = threading.Barrier(2, timeout=20)
    errors: list[BaseException] = []

    def run(step: object) -> None:
        try:
            start.wait()
            step()  # type: ignore[operator]
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    steps = [
        lambda: actions.cancel_registration(seated_person, seated),
        lambda: actions.register_for_event(newcomer, event),
    ]
    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED).count() == 1
    queued.refresh_from_db()
    assert queued.status == RegistrationStatus.REGISTERED  # the queue moves up before a newcomer
