"""The demo that `make demo` loads: built through the guarded actions, as a newcomer's first run does."""

from __future__ import annotations

import pytest

from resonanz.core.demo import DEMO_LOGINS, load_demo
from resonanz.core.models import AuditRecord, Membership, Organization


@pytest.mark.django_db
def test_the_demo_loads_through_the_actions_and_every_login_gets_in() -> None:
    consultancy = load_demo(stdout=lambda line: None)

    assert consultancy.name == "Rheinblick Consulting GmbH"
    members = Membership.objects.filter(organization=consultancy, is_active=True)
    for login in DEMO_LOGINS:
        assert members.filter(user__email=login.email).exists(), login.email
    assert AuditRecord.objects.filter(organization=consultancy).exists()
    assert load_demo(stdout=lambda line: None) == consultancy, "a second run keeps the data"
    assert Organization.objects.filter(slug=consultancy.slug).count() == 1
