"""Giving and withdrawing consents and changing the switches: guarded, audited, refusing bad values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone, translation

from resonanz.consent import actions
from resonanz.consent.models import AnalyticsSettings, Consent, ConsentPurpose, ConsentText
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization

PA = ConsentPurpose.PERSON_ANALYTICS
LB = ConsentPurpose.LEADERBOARD


@pytest.fixture
def person(member_factory: Callable[..., Membership], org: Organization) -> Membership:
    return member_factory(org, ["ambassador"])


def _records(organization: Organization, code: str) -> list[AuditRecord]:
    return list(AuditRecord.objects.filter(organization=organization, action=code).order_by("seq"))


def test_giving_records_the_current_text_and_an_audit_record(person: Membership) -> None:
    ConsentText.objects.create(
        purpose=PA,
        version=2,
        text_de="Neu",
        text_en="New",
        published_at=timezone.now() - dt.timedelta(days=1),
    )
    ConsentText.objects.create(
        purpose=PA,
        version=3,
        text_de="Später",
        text_en="Later",
        published_at=timezone.now() + dt.timedelta(days=9),
    )

    consent = actions.give_consent(person, PA)

    assert consent.text.version == 2, "the latest published version, not one still to come"
    assert consent.organization_id == person.organization_id
    [record] = _records(person.organization, "consent.given")
    assert record.after is not None and record.after["text_version"] == 2
    assert record.after["purpose"] == PA


def test_giving_an_active_consent_again_changes_nothing(person: Membership) -> None:
    first = actions.give_consent(person, PA)
    again = actions.give_consent(person, "person_analytics")

    assert again.pk == first.pk
    assert Consent.objects.filter(membership=person).count() == 1
    assert len(_records(person.organization, "consent.given")) == 1


def test_withdrawing_closes_the_row_in_one_step_and_is_audited(person: Membership) -> None:
    given = actions.give_consent(person, LB)

    withdrawn = actions.withdraw_consent(person, LB)

    assert withdrawn is not None and withdrawn.pk == given.pk
    given.refresh_from_db()
    assert given.withdrawn_at is not None and given.withdrawn_at >= given.given_at
    [record] = _records(person.organization, "consent.withdrawn")
    assert record.before is not None and record.before["withdrawn_at"] is None
    assert record.after is not None and record.after["withdrawn_at"] is not None


def test_withdrawing_what_was_never_given_is_a_no_op(person: Membership) -> None:
    assert actions.withdraw_consent(person, LB) is None
    assert _records(person.organization, "consent.withdrawn") == []


@pytest.mark.parametrize("purpose", ["", "photo", "PERSON_ANALYTICS", None, 3, "person_analytics "])
def test_an_unknown_purpose_is_refused_in_german(person: Membership, purpose: object) -> None:
    with translation.override("de"), pytest.raises(ActionRefused) as refused:
        actions.give_consent(person, purpose)  # type: ignore[arg-type]
    assert refused.value.field == "purpose"
    assert "Einwilligung" in refused.value.messages[0]
    with pytest.raises(ActionRefused):
        actions.withdraw_consent(person, purpose)  # type: ignore[arg-type]


def test_a_purpose_without_a_published_text_is_refused(person: Membership) -> None:
    ConsentText.objects.filter(purpose=LB).update(published_at=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(ActionRefused):
        actions.give_consent(person, LB)
    assert not Consent.objects.exists()


@pytest.mark.parametrize("roles", [["auditor"], ["works_council"]])
def test_who_does_not_take_part_cannot_consent(
    member_factory: Callable[..., Membership], org: Organization, roles: list[str]
) -> None:
    outsider_role = member_factory(org, roles)
    with pytest.raises(PermissionDenied):
        actions.give_consent(outsider_role, PA)
    with pytest.raises(PermissionDenied):
        actions.withdraw_consent(outsider_role, PA)


def test_an_inactive_member_cannot_consent(person: Membership, admin_member: Membership) -> None:
    from resonanz.core import actions as core_actions

    core_actions.set_member_active(admin_member, person, False)
    person.refresh_from_db()
    with pytest.raises(PermissionDenied):
        actions.give_consent(person, PA)


def test_settings_are_stored_once_per_organization_and_audited(admin_member: Membership) -> None:
    actions.change_analytics_settings(
        admin_member, person_analytics=True, leaderboard=False, min_group_size=5
    )
    stored = actions.change_analytics_settings(
        admin_member, person_analytics=True, leaderboard=True, min_group_size=12
    )

    assert AnalyticsSettings.objects.filter(organization=admin_member.organization).count() == 1
    assert (stored.person_analytics, stored.leaderboard, stored.min_group_size) == (True, True, 12)
    assert stored.changed_by_id == admin_member.pk
    first, second = _records(admin_member.organization, "consent.analytics_settings_changed")
    assert first.before is None
    assert second.before == {"person_analytics": True, "leaderboard": False, "min_group_size": 5}
    assert second.after == {"person_analytics": True, "leaderboard": True, "min_group_size": 12}


def test_unchanged_settings_write_nothing(admin_member: Membership) -> None:
    actions.change_analytics_settings(
        admin_member, person_analytics=False, leaderboard=True, min_group_size=6
    )
    actions.change_analytics_settings(
        admin_member, person_analytics=False, leaderboard=True, min_group_size=6
    )
    assert len(_records(admin_member.organization, "consent.analytics_settings_changed")) == 1


@pytest.mark.parametrize(
    ("values", "field", "german"),
    [
        ({"min_group_size": 1}, "min_group_size", "von 2 bis 100"),
        ({"min_group_size": 101}, "min_group_size", "von 2 bis 100"),
        ({"min_group_size": -5}, "min_group_size", "von 2 bis 100"),
        ({"min_group_size": 10**30}, "min_group_size", "von 2 bis 100"),
        ({"min_group_size": "5"}, "min_group_size", "ganze Zahl"),
        ({"min_group_size": 5.0}, "min_group_size", "ganze Zahl"),
        ({"min_group_size": True}, "min_group_size", "ganze Zahl"),
        ({"person_analytics": "yes"}, "person_analytics", "ein oder aus"),
        ({"leaderboard": 1}, "leaderboard", "ein oder aus"),
        ({"leaderboard": None}, "leaderboard", "ein oder aus"),
    ],
)
def test_bad_settings_are_refused_in_german(
    admin_member: Membership, values: dict[str, object], field: str, german: str
) -> None:
    arguments: dict[str, object] = {"person_analytics": False, "leaderboard": False, "min_group_size": 5}
    arguments.update(values)
    with translation.override("de"), pytest.raises(ActionRefused) as refused:
        actions.change_analytics_settings(admin_member, **arguments)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert german in refused.value.messages[0]
    assert not AnalyticsSettings.objects.exists()


@pytest.mark.parametrize(
    "roles", [["quality_officer"], ["communications_manager"], ["data_protection_officer"], ["works_council"]]
)
def test_only_those_who_manage_the_organization_change_the_switches(
    member_factory: Callable[..., Membership], org: Organization, roles: list[str]
) -> None:
    with pytest.raises(PermissionDenied):
        actions.change_analytics_settings(
            member_factory(org, roles), person_analytics=True, leaderboard=True, min_group_size=5
        )
    assert not AnalyticsSettings.objects.exists()


def test_an_admin_of_another_organization_reaches_nothing(
    member_factory: Callable[..., Membership], other_org: Organization, person: Membership
) -> None:
    """The actions take no foreign objects: each acts on the actor's own organization and consents."""
    foreign_admin = member_factory(other_org, ["admin"])
    actions.change_analytics_settings(
        foreign_admin, person_analytics=True, leaderboard=True, min_group_size=5
    )
    actions.give_consent(foreign_admin, PA)

    assert not AnalyticsSettings.objects.filter(organization_id=person.organization_id).exists()
    assert not Consent.objects.filter(organization_id=person.organization_id).exists()
    with pytest.raises(Http404):
        from resonanz.core.guards import same_organization

        same_organization(foreign_admin, person.organization_id)
