"""Profile actions: own profile with TAKE_PART, anyone's with MANAGE_PEOPLE; values normalised and bounded;
foreign topic ids refused; every write recorded; a leaver sends ``member_left``."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from resonanz.core import actions as core_actions
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Organization
from resonanz.core.signals import member_left
from resonanz.people.actions import leavers, profiles
from resonanz.people.models import MAX_LANGUAGES, MAX_SOCIAL_PROFILES, Network, Profile, SocialProfile
from resonanz.people.tests.factories import Staff, make_staff
from resonanz.plan import actions as plan_actions


@pytest.fixture
def staff(org: Organization) -> Staff:
    return make_staff(org)


def _records(org: Organization, action: str) -> int:
    return AuditRecord.objects.filter(organization=org, action=action).count()


def test_a_member_changes_their_own_profile_normalised_and_recorded(staff: Staff) -> None:
    profile = profiles.update_profile(
        staff.ambassador,
        staff.ambassador,
        languages=["EN", "de", "en"],
        time_zone=" Europe/Vienna ",
        expertise_topics=[staff.topic.pk],
    )

    assert profile.languages == ["de", "en"]
    assert profile.time_zone == "Europe/Vienna"
    assert list(profile.expertise_topics.all()) == [staff.topic]
    record = AuditRecord.objects.filter(action="people.profile_changed").get()
    assert record.after is not None
    assert record.after["languages"] == ["de", "en"]
    assert record.after["expertise_topics"] == ["Nachhaltigkeit"]


def test_a_member_cannot_change_a_colleagues_profile_but_the_administrator_can(staff: Staff) -> None:
    with pytest.raises(PermissionDenied):
        profiles.update_profile(staff.buddy, staff.ambassador, languages=["fr"])
    assert not Profile.objects.filter(membership=staff.ambassador).exists()

    profiles.update_profile(staff.admin, staff.ambassador, languages=["fr"])
    assert Profile.objects.get(membership=staff.ambassador).languages == ["fr"]


def test_only_the_administrator_sets_the_programme_role(staff: Staff) -> None:
    with pytest.raises(PermissionDenied):
        profiles.update_profile(staff.buddy, staff.buddy, program_role="coach")

    profiles.update_profile(staff.admin, staff.buddy, program_role="coach")
    assert Profile.objects.get(membership=staff.buddy).program_role == "coach"
    with pytest.raises(ActionRefused):
        profiles.update_profile(staff.admin, staff.buddy, program_role="kaiser")


def test_the_works_council_has_no_profile_to_change(staff: Staff) -> None:
    with pytest.raises(PermissionDenied):
        profiles.update_profile(staff.council, staff.council, languages=["de"])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"languages": ["deutsch"]}, "languages"),
        ({"languages": ["xx"]}, "languages"),
        ({"languages": [1]}, "languages"),
        ({"languages": "de; xx"}, "languages"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"time_zone": "../../etc/passwd"}, "time_zone"),
        ({"time_zone": "Europe/Berlin\x00"}, "time_zone"),
        ({"expertise_topics": ["1"]}, "expertise_topics"),
        ({"expertise_topics": [999_999_999]}, "expertise_topics"),
        ({"colour": "blau"}, None),
    ],
)
def test_odd_values_are_refused_with_a_reason_and_nothing_is_stored(
    staff: Staff, changes: dict[str, Any], field: str | None
) -> None:
    with pytest.raises(ActionRefused) as refused:
        profiles.update_profile(staff.ambassador, staff.ambassador, **changes)
    assert refused.value.field == field
    assert not Profile.objects.filter(membership=staff.ambassador).exists()


def test_more_languages_than_allowed_are_refused(staff: Staff) -> None:
    codes = ["de", "en", "fr", "es", "it", "nl", "pl", "pt", "sv", "da", "fi", "no"]
    assert len(codes) > MAX_LANGUAGES
    with pytest.raises(ActionRefused, match=str(MAX_LANGUAGES)):
        profiles.update_profile(staff.ambassador, staff.ambassador, languages=codes)


def test_another_organizations_topic_is_refused_like_an_unknown_one(
    staff: Staff, other_org: Organization
) -> None:
    foreign = make_staff(other_org)
    with pytest.raises(ActionRefused) as refused:
        profiles.update_profile(staff.ambassador, staff.ambassador, expertise_topics=[foreign.topic.pk])
    assert refused.value.field == "expertise_topics"
    assert str(foreign.topic.pk) in str(refused.value.messages[0])


def test_an_inactive_topic_is_refused(staff: Staff) -> None:
    plan_actions.deactivate_topic(staff.topic_editor, staff.topic)
    with pytest.raises(ActionRefused):
        profiles.update_profile(staff.ambassador, staff.ambassador, expertise_topics=[staff.topic.pk])


def test_another_organizations_member_is_not_found(staff: Staff, other_org: Organization) -> None:
    foreign = make_staff(other_org)
    with pytest.raises(Http404):
        profiles.update_profile(staff.admin, foreign.ambassador, languages=["de"])
    with pytest.raises(Http404):
        leavers.deactivate_leaver(staff.admin, foreign.ambassador)


def test_social_profiles_are_validated_unique_bounded_and_recorded(staff: Staff) -> None:
    me = staff.ambassador
    added = profiles.add_social_profile(
        me, me, network=Network.LINKEDIN, handle="https://linkedin.com/in/clara"
    )
    assert _records(staff.organization, "people.social_profile_added") == 1

    with pytest.raises(ActionRefused, match=r"bereits|already"):
        profiles.add_social_profile(me, me, network=Network.LINKEDIN, handle="HTTPS://LINKEDIN.COM/in/CLARA")
    for handle in ("javascript:alert(1)", "clara", "@", "https://", "ftp://x.example/clara", "@a b"):
        with pytest.raises(ActionRefused):
            profiles.add_social_profile(me, me, network=Network.X, handle=handle)
    with pytest.raises(ActionRefused):
        profiles.add_social_profile(me, me, network="myspace", handle="@clara")

    for number in range(MAX_SOCIAL_PROFILES - 1):
        profiles.add_social_profile(me, me, network=Network.OTHER, handle=f"@clara{number}")
    with pytest.raises(ActionRefused, match=str(MAX_SOCIAL_PROFILES)):
        profiles.add_social_profile(me, me, network=Network.OTHER, handle="@eine-zu-viel")
    assert SocialProfile.objects.filter(profile__membership=me).count() == MAX_SOCIAL_PROFILES

    with pytest.raises(PermissionDenied):
        profiles.remove_social_profile(staff.buddy, added)
    profiles.remove_social_profile(me, added)
    assert not SocialProfile.objects.filter(pk=added.pk).exists()
    assert _records(staff.organization, "people.social_profile_removed") == 1


def test_a_mastodon_handle_with_its_server_is_accepted(staff: Staff) -> None:
    social = profiles.add_social_profile(
        staff.buddy, staff.buddy, network=Network.MASTODON, handle=" @bernd@social.example "
    )
    assert social.handle == "@bernd@social.example"


def test_a_leaver_is_deactivated_recorded_and_announced(staff: Staff) -> None:
    heard: list[dict[str, Any]] = []

    def listen(**kwargs: Any) -> None:
        heard.append(kwargs)

    member_left.connect(listen)
    try:
        with pytest.raises(PermissionDenied):
            leavers.deactivate_leaver(staff.buddy, staff.ambassador)
        leavers.deactivate_leaver(staff.admin, staff.ambassador)
        leavers.deactivate_leaver(staff.admin, staff.ambassador)  # a second click changes nothing
    finally:
        member_left.disconnect(listen)

    staff.ambassador.refresh_from_db()
    assert not staff.ambassador.is_active
    assert [call["membership"].pk for call in heard] == [staff.ambassador.pk]
    assert heard[0]["actor"] == staff.admin
    assert _records(staff.organization, "people.member_left") == 1


def test_the_administrator_cannot_mark_themselves_as_leaver(staff: Staff) -> None:
    with pytest.raises(ActionRefused):
        leavers.deactivate_leaver(staff.admin, staff.admin)


def test_cores_member_deactivation_also_announces_the_leaver(staff: Staff) -> None:
    heard: list[int] = []

    def listen(membership: Any, **kwargs: Any) -> None:
        heard.append(membership.pk)

    member_left.connect(listen)
    try:
        core_actions.set_member_active(staff.admin, staff.buddy, False)
        core_actions.set_member_active(staff.admin, staff.buddy, True)
    finally:
        member_left.disconnect(listen)
    assert heard == [staff.buddy.pk]
