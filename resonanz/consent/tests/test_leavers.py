"""A member who leaves loses their consents: withdrawn by an audited action, not merely ignored."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import translation

from resonanz.consent import actions
from resonanz.consent.ledger import consenting, has_consent
from resonanz.consent.models import Consent, ConsentPurpose
from resonanz.core import actions as core_actions
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.people.actions.leavers import deactivate_leaver

PA = ConsentPurpose.PERSON_ANALYTICS
LB = ConsentPurpose.LEADERBOARD


@pytest.fixture
def person(member_factory: Callable[..., Membership], org: Organization) -> Membership:
    person = member_factory(org, ["ambassador"])
    actions.give_consent(person, PA)
    actions.give_consent(person, LB)
    return person


def test_a_leaver_marked_in_people_has_every_consent_withdrawn_with_the_reason(
    person: Membership, admin_member: Membership
) -> None:
    with translation.override("de"):
        deactivate_leaver(admin_member, person)

    assert not Consent.objects.filter(membership=person, withdrawn_at__isnull=True).exists()
    records = AuditRecord.objects.filter(organization=person.organization, action="consent.withdrawn_leaver")
    assert sorted(record.after["purpose"] for record in records if record.after) == sorted([LB, PA])
    assert {record.actor_id for record in records} == {admin_member.user_id}
    # Stored in the language the leaving was recorded in.
    assert {record.after["reason"] for record in records if record.after} == {
        "Hat die Organisation verlassen."
    }


def test_a_deactivated_member_who_comes_back_must_consent_again(
    person: Membership, admin_member: Membership
) -> None:
    core_actions.set_member_active(admin_member, person, False)
    core_actions.set_member_active(admin_member, person, True)

    person.refresh_from_db()
    assert not has_consent(person, PA)
    assert person.pk not in consenting(person.organization_id, LB), "not back on the leaderboard"
    assert Consent.objects.filter(membership=person).count() == 2, "the history stays"


def test_it_refuses_to_end_the_consents_of_an_active_member(person: Membership) -> None:
    with translation.override("de"), pytest.raises(ActionRefused) as refused:
        actions.end_consents_of_leaver(None, person)

    assert "ist noch Mitglied" in " ".join(refused.value.messages)
    assert Consent.objects.filter(membership=person, withdrawn_at__isnull=True).count() == 2
