"""People pages: the directory (search, filters, paging, bounded queries, phones), profiles, "My profile",
editing another person's profile, social profiles and the leaver button."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.people.actions import profiles
from resonanz.people.models import Network, Profile, SocialProfile
from resonanz.people.tests.factories import Staff, make_staff
from resonanz.people.views.directory import PEOPLE_PER_PAGE
from resonanz.plan.tests.page_helpers import signed_in


@pytest.fixture
def staff(org: Organization) -> Staff:
    return make_staff(org)


def _url(staff: Staff, path: str = "") -> str:
    return f"/o/{staff.organization.slug}/people/{path}"


def _names(html: str) -> list[str]:
    return re.findall(r'data-label="Name"><a href="[^"]+">([^<]+)</a>', html)


def test_the_directory_searches_by_name_job_title_unit_and_topic(staff: Staff) -> None:
    profiles.update_profile(
        staff.admin, staff.ambassador, expertise_topics=[staff.topic.pk], languages=["fr"]
    )
    client = signed_in(staff.buddy)

    assert _names(client.get(_url(staff, "directory/"), {"q": "Clara"}).content.decode()) == [
        "Clara Botschafterin"
    ]
    by_topic = client.get(_url(staff, "directory/"), {"q": "nachhaltig"}).content.decode()
    assert _names(by_topic) == ["Clara Botschafterin"]
    assert _names(client.get(_url(staff, "directory/"), {"topic": staff.topic.pk}).content.decode()) == [
        "Clara Botschafterin"
    ]
    assert _names(client.get(_url(staff, "directory/"), {"language": "fr"}).content.decode()) == [
        "Clara Botschafterin"
    ]
    assert "Nobody matches" in client.get(_url(staff, "directory/"), {"q": "Niemand"}).content.decode() or (
        "Niemand passt" in client.get(_url(staff, "directory/"), {"q": "Niemand"}).content.decode()
    )


@pytest.mark.parametrize(
    "query",
    [
        {"topic": "'²'"},
        {"topic": "9" * 40},
        {"topic": "-1"},
        {"unit": "\x00"},
        {"language": "klingonisch"},
        {"program_role": "kaiser"},
        {"page": "9999999999999999999999"},
        {"q": "x" * 5000},
    ],
)
def test_odd_filter_values_are_ignored(staff: Staff, query: dict[str, str]) -> None:
    response = signed_in(staff.buddy).get(_url(staff, "directory/"), query)
    # A NUL is refused by the middleware (400) before the page sees it; the rest are ignored.
    assert response.status_code == (400 if "\x00" in "".join(query.values()) else 200)


def test_the_directory_pages_25_people_in_a_fixed_number_of_queries(staff: Staff, org: Organization) -> None:
    for number in range(30):
        member = make_member(org, ["ambassador"], full_name=f"Zora Kollegin {number:02d}")
        profiles.update_profile(member, member, languages=["de"], expertise_topics=[staff.topic.pk])
    client = signed_in(staff.buddy)
    client.get(_url(staff, "directory/"))
    with CaptureQueriesContext(connection) as first:
        page_one = client.get(_url(staff, "directory/")).content.decode()
    with CaptureQueriesContext(connection) as second:
        page_two = client.get(_url(staff, "directory/"), {"page": "2"}).content.decode()

    assert len(_names(page_one)) == PEOPLE_PER_PAGE
    assert len(_names(page_two)) == Membership.objects.filter(organization=org).count() - PEOPLE_PER_PAGE
    assert len(first) == len(second) < 20
    assert "table-stack" in page_one  # each row a card on a phone


def test_the_directory_is_not_for_ambassadors_or_the_works_council(staff: Staff) -> None:
    assert signed_in(staff.ambassador).get(_url(staff, "directory/")).status_code == 403
    assert signed_in(staff.council).get(_url(staff, "directory/")).status_code == 403
    assert signed_in(staff.council).get(_url(staff, "me/")).status_code == 403


def test_my_profile_saves_languages_topics_and_social_profiles(staff: Staff) -> None:
    client = signed_in(staff.ambassador)
    response = client.post(
        _url(staff, "me/"),
        {
            "form": "profile",
            "languages": "de, EN",
            "time_zone": "Europe/Berlin",
            "expertise_topics": [staff.topic.pk],
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(membership=staff.ambassador)
    assert profile.languages == ["de", "en"]
    assert profile.program_role == "none"  # not a field of one's own form

    client.post(
        _url(staff, "me/"), {"form": "social", "network": "linkedin", "handle": "https://linkedin.com/in/c"}
    )
    social = SocialProfile.objects.get(profile=profile)
    page = client.get(_url(staff, "me/")).content.decode()
    assert "https://linkedin.com/in/c" in page

    refused = client.post(
        _url(staff, "me/"), {"form": "social", "network": "x", "handle": "javascript:alert(1)"}
    )
    assert refused.status_code == 400
    client.post(_url(staff, "me/"), {"form": "remove", "social_profile_id": social.pk})
    assert not SocialProfile.objects.filter(pk=social.pk).exists()


def test_a_member_cannot_remove_a_colleagues_social_profile(staff: Staff) -> None:
    social = profiles.add_social_profile(staff.buddy, staff.buddy, network=Network.X, handle="@bernd")
    response = signed_in(staff.ambassador).post(
        _url(staff, "me/"), {"form": "remove", "social_profile_id": social.pk}
    )
    assert response.status_code == 404
    assert SocialProfile.objects.filter(pk=social.pk).exists()


@pytest.mark.parametrize("value", ["abc", "", "1" * 40, "\x00"])
def test_odd_social_profile_ids_are_not_found(staff: Staff, value: str) -> None:
    response = signed_in(staff.ambassador).post(
        _url(staff, "me/"), {"form": "remove", "social_profile_id": value}
    )
    assert response.status_code == 404


def test_a_foreign_topic_in_the_form_is_an_error_not_a_change(staff: Staff, other_org: Organization) -> None:
    foreign = make_staff(other_org)
    response = signed_in(staff.ambassador).post(
        _url(staff, "me/"),
        {"form": "profile", "time_zone": "Europe/Berlin", "expertise_topics": [foreign.topic.pk]},
    )
    assert response.status_code == 400
    assert not Profile.objects.filter(membership=staff.ambassador).exists()


def test_the_administrator_edits_a_colleague_including_the_programme_role(staff: Staff) -> None:
    client = signed_in(staff.admin)
    response = client.post(
        _url(staff, f"{staff.buddy.pk}/edit/"),
        {"form": "profile", "languages": "de", "time_zone": "Europe/Berlin", "program_role": "buddy"},
    )
    assert response.status_code == 302
    assert Profile.objects.get(membership=staff.buddy).program_role == "buddy"
    assert signed_in(staff.buddy).get(_url(staff, f"{staff.ambassador.pk}/edit/")).status_code == 403


def test_a_profile_page_shows_the_person_and_the_leaver_button_to_the_administrator(staff: Staff) -> None:
    profiles.add_social_profile(
        staff.ambassador, staff.ambassador, network=Network.LINKEDIN, handle="https://l.example/c"
    )
    seen_by_admin = signed_in(staff.admin).get(_url(staff, f"{staff.ambassador.pk}/")).content.decode()
    seen_by_buddy = signed_in(staff.buddy).get(_url(staff, f"{staff.ambassador.pk}/")).content.decode()

    assert "Clara Botschafterin" in seen_by_buddy and "https://l.example/c" in seen_by_buddy
    assert f"{staff.ambassador.pk}/leave/" in seen_by_admin
    assert f"{staff.ambassador.pk}/leave/" not in seen_by_buddy


def test_the_leaver_button_asks_first_then_deactivates(staff: Staff) -> None:
    client = signed_in(staff.admin)
    confirm = client.get(_url(staff, f"{staff.ambassador.pk}/leave/"))
    assert confirm.status_code == 200
    staff.ambassador.refresh_from_db()
    assert staff.ambassador.is_active

    assert client.post(_url(staff, f"{staff.ambassador.pk}/leave/")).status_code == 302
    staff.ambassador.refresh_from_db()
    assert not staff.ambassador.is_active
    # Colleagues no longer find the leaver; the administrator still can.
    assert signed_in(staff.buddy).get(_url(staff, f"{staff.ambassador.pk}/")).status_code == 404
    assert client.get(_url(staff, f"{staff.ambassador.pk}/")).status_code == 200


def test_the_hub_leads_to_the_directory_and_my_profile(staff: Staff) -> None:
    hub = signed_in(staff.buddy).get(_url(staff)).content.decode()
    assert _url(staff, "directory/") in hub and _url(staff, "me/") in hub
    ambassador_hub = signed_in(staff.ambassador).get(_url(staff)).content.decode()
    assert _url(staff, "directory/") not in ambassador_hub and _url(staff, "me/") in ambassador_hub
