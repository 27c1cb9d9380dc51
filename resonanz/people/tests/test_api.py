"""The people API: lists and profiles for VIEW_PEOPLE, one's own profile for TAKE_PART, changes for
MANAGE_PEOPLE; nothing for the works council; foreign ids are 404 or 422."""

from __future__ import annotations

import pytest
from django.test import Client

from resonanz.core.models import Organization
from resonanz.core.tests.test_api import assert_problem, call, token_for
from resonanz.people.actions import profiles
from resonanz.people.models import Network, Profile, SocialProfile
from resonanz.people.tests.factories import Staff, make_staff


@pytest.fixture
def staff(org: Organization) -> Staff:
    return make_staff(org)


def test_my_profile_is_read_and_changed(staff: Staff, client: Client) -> None:
    token = token_for(staff.ambassador)
    empty = call(client, "GET", "/people/me/profile", token).json()
    assert empty["languages"] == [] and empty["program_role"] == "none"

    changed = call(
        client,
        "PATCH",
        "/people/me/profile",
        token,
        {"languages": ["EN", "de"], "expertise_topic_ids": [staff.topic.pk]},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["languages"] == ["de", "en"]
    assert changed.json()["expertise_topics"] == [{"id": staff.topic.pk, "name": "Nachhaltigkeit"}]


def test_a_foreign_topic_id_is_a_translated_422(
    staff: Staff, other_org: Organization, client: Client
) -> None:
    foreign = make_staff(other_org)
    response = call(
        client,
        "PATCH",
        "/people/me/profile",
        token_for(staff.ambassador),
        {"expertise_topic_ids": [foreign.topic.pk]},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    body = assert_problem(response, 422)
    assert "Thema" in response.content.decode() or body["errors"]
    assert not Profile.objects.filter(membership=staff.ambassador).exists()


def test_a_member_cannot_set_their_own_programme_role(staff: Staff, client: Client) -> None:
    response = call(client, "PATCH", "/people/me/profile", token_for(staff.buddy), {"program_role": "coach"})
    assert_problem(response, 422)
    assert not Profile.objects.filter(membership=staff.buddy, program_role="coach").exists()


def test_the_list_filters_and_pages(staff: Staff, client: Client) -> None:
    profiles.update_profile(staff.admin, staff.buddy, languages=["fr"], program_role="buddy")
    token = token_for(staff.buddy)
    everyone = call(client, "GET", "/people/profiles?limit=2", token).json()
    assert everyone["count"] == 5 and len(everyone["items"]) == 2
    buddies = call(client, "GET", "/people/profiles?program_role=buddy", token).json()
    assert [item["full_name"] for item in buddies["items"]] == ["Bernd Buddy"]
    french = call(client, "GET", "/people/profiles?language=fr", token).json()
    assert [item["membership_id"] for item in french["items"]] == [staff.buddy.pk]
    odd = call(client, "GET", "/people/profiles?topic=%27%C2%B2%27&unit=Nirgendwo", token)
    assert odd.status_code == 200 and odd.json()["count"] == 5  # odd values are ignored
    assert_problem(call(client, "GET", "/people/profiles?unit=%00", token), 422)


def test_the_works_council_and_ambassadors_read_no_colleagues(staff: Staff, client: Client) -> None:
    council = token_for(staff.council)
    for method, path in [
        ("GET", "/people/profiles"),
        ("GET", f"/people/profiles/{staff.buddy.pk}"),
        ("GET", "/people/me/profile"),
    ]:
        assert_problem(call(client, method, path, council), 403)
    assert_problem(
        call(client, "GET", f"/people/profiles/{staff.buddy.pk}", token_for(staff.ambassador)), 403
    )


def test_the_administrator_changes_a_profile_and_marks_a_leaver(staff: Staff, client: Client) -> None:
    token = token_for(staff.admin)
    changed = call(client, "PATCH", f"/people/profiles/{staff.buddy.pk}", token, {"program_role": "buddy"})
    assert changed.json()["program_role"] == "buddy"
    left = call(client, "POST", f"/people/profiles/{staff.ambassador.pk}/leave", token)
    assert left.status_code == 200 and left.json()["is_active"] is False
    assert_problem(call(client, "POST", f"/people/profiles/{staff.admin.pk}/leave", token), 422)


def test_social_profiles_are_added_and_removed_own_only(staff: Staff, client: Client) -> None:
    token = token_for(staff.ambassador)
    added = call(
        client,
        "POST",
        f"/people/profiles/{staff.ambassador.pk}/social-profiles",
        token,
        {"network": "linkedin", "handle": "https://linkedin.com/in/clara"},
    )
    assert added.status_code == 201, added.content
    again = call(
        client,
        "POST",
        f"/people/profiles/{staff.ambassador.pk}/social-profiles",
        token,
        {"network": "linkedin", "handle": "https://linkedin.com/in/clara"},
    )
    assert_problem(again, 422)
    assert_problem(
        call(
            client,
            "POST",
            f"/people/profiles/{staff.buddy.pk}/social-profiles",
            token,
            {"network": "x", "handle": "@b"},
        ),
        404,
    )
    others = profiles.add_social_profile(staff.buddy, staff.buddy, network=Network.X, handle="@bernd")
    assert_problem(call(client, "DELETE", f"/people/social-profiles/{others.pk}", token), 404)
    assert call(client, "DELETE", f"/people/social-profiles/{added.json()['id']}", token).status_code == 204
    assert list(SocialProfile.objects.values_list("handle", flat=True)) == ["@bernd"]


def test_another_organizations_person_is_not_found(
    staff: Staff, other_org: Organization, client: Client
) -> None:
    foreign = make_staff(other_org)
    token = token_for(staff.admin)
    assert_problem(call(client, "GET", f"/people/profiles/{foreign.buddy.pk}", token), 404)
    assert_problem(
        call(client, "PATCH", f"/people/profiles/{foreign.buddy.pk}", token, {"languages": ["de"]}), 404
    )
    assert_problem(call(client, "POST", f"/people/profiles/{foreign.buddy.pk}/leave", token), 404)
