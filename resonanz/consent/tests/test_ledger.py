"""The ledger and the switches: what other apps ask before they show figures about a person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from resonanz.consent import actions
from resonanz.consent.ledger import consenting, has_consent
from resonanz.consent.models import Consent, ConsentPurpose, ConsentText
from resonanz.consent.switches import AnalyticsSwitches, switches_for
from resonanz.core import actions as core_actions
from resonanz.core.models import Membership, Organization

PA = ConsentPurpose.PERSON_ANALYTICS
LB = ConsentPurpose.LEADERBOARD


@pytest.fixture
def person(member_factory: Callable[..., Membership], org: Organization) -> Membership:
    return member_factory(org, ["ambassador"])


def test_the_version_one_texts_exist_in_both_languages(db: None) -> None:
    for purpose in ConsentPurpose:
        text = ConsentText.objects.get(purpose=purpose, version=1)
        assert "widerrufen" in text.text_de and "jederzeit" in text.text_de
        assert "withdraw" in text.text_en and "at any time" in text.text_en
        assert text.published_at <= timezone.now()


def test_nobody_has_consented_at_first(person: Membership) -> None:
    assert not has_consent(person, PA)
    assert consenting(person.organization_id, PA) == set()


def test_a_given_consent_counts_for_its_purpose_only(person: Membership) -> None:
    actions.give_consent(person, PA)

    assert has_consent(person, PA)
    assert not has_consent(person, LB)
    assert consenting(person.organization_id, PA) == {person.pk}
    assert consenting(person.organization_id, LB) == set()


def test_a_withdrawal_takes_effect_at_once(person: Membership) -> None:
    actions.give_consent(person, PA)
    actions.withdraw_consent(person, PA)

    assert not has_consent(person, PA)
    assert consenting(person.organization_id, PA) == set()


def test_a_second_active_consent_is_refused_by_the_database_even_past_the_action(person: Membership) -> None:
    given = actions.give_consent(person, PA)

    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(
            organization_id=person.organization_id,
            membership=person,
            purpose=PA,
            text=given.text,
            given_at=timezone.now(),
        )


def test_a_withdrawn_consent_and_a_new_one_live_side_by_side(person: Membership) -> None:
    first = actions.give_consent(person, PA)
    actions.withdraw_consent(person, PA)
    second = actions.give_consent(person, PA)

    assert second.pk != first.pk
    first.refresh_from_db()
    assert first.withdrawn_at is not None and second.withdrawn_at is None
    assert Consent.objects.filter(membership=person, purpose=PA).count() == 2


def test_a_withdrawal_before_the_consent_was_given_is_refused_by_the_database(person: Membership) -> None:
    given = actions.give_consent(person, PA)

    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.filter(pk=given.pk).update(withdrawn_at=given.given_at - dt.timedelta(seconds=1))


def test_an_unknown_purpose_is_refused_by_the_database(person: Membership) -> None:
    given = actions.give_consent(person, PA)

    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.filter(pk=given.pk).update(purpose="photo_of_the_cat")


def test_consenting_is_one_query_and_keeps_to_its_organization(
    member_factory: Callable[..., Membership],
    org: Organization,
    other_org: Organization,
    django_assert_num_queries: object,
) -> None:
    mine = [member_factory(org) for _ in range(4)]
    foreign = member_factory(other_org)
    for person in mine[:3]:
        actions.give_consent(person, PA)
    actions.give_consent(foreign, PA)
    actions.give_consent(mine[3], LB)

    with django_assert_num_queries(1):  # type: ignore[operator]
        found = consenting(org.pk, PA)

    assert found == {person.pk for person in mine[:3]}
    assert consenting(other_org.pk, PA) == {foreign.pk}


def test_has_consent_is_one_query(person: Membership, django_assert_num_queries: object) -> None:
    actions.give_consent(person, PA)
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert has_consent(person, PA)


def test_a_deactivated_member_no_longer_counts(person: Membership, admin_member: Membership) -> None:
    actions.give_consent(person, LB)
    core_actions.set_member_active(admin_member, person, False)
    person.refresh_from_db()

    assert not has_consent(person, LB)
    assert consenting(person.organization_id, LB) == set()


def test_switches_default_to_works_council_mode(org: Organization) -> None:
    switches = switches_for(org)

    assert switches == AnalyticsSwitches(person_analytics=False, leaderboard=False, min_group_size=5)
    assert switches.works_council_mode


def test_switches_are_what_the_organization_stored_and_only_for_it(
    admin_member: Membership, other_org: Organization
) -> None:
    actions.change_analytics_settings(
        admin_member, person_analytics=True, leaderboard=False, min_group_size=8
    )

    assert switches_for(admin_member.organization) == AnalyticsSwitches(True, False, 8)
    assert switches_for(admin_member.organization_id) == AnalyticsSwitches(True, False, 8)
    assert not switches_for(admin_member.organization).works_council_mode
    assert switches_for(other_org) == AnalyticsSwitches(False, False, 5)


def test_switches_are_frozen(org: Organization) -> None:
    from dataclasses import FrozenInstanceError

    with pytest.raises(FrozenInstanceError):
        switches_for(org).leaderboard = True  # type: ignore[misc]
