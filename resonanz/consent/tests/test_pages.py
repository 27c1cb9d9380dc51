"""The "My consents" page and the analytics section of the organization's settings."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from resonanz.consent import actions
from resonanz.consent.ledger import has_consent
from resonanz.consent.models import AnalyticsSettings, ConsentPurpose
from resonanz.consent.switches import switches_for
from resonanz.core.models import Membership, Organization

PA = ConsentPurpose.PERSON_ANALYTICS
LB = ConsentPurpose.LEADERBOARD


@pytest.fixture
def person(member_factory: Callable[..., Membership], org: Organization) -> Membership:
    return member_factory(org, ["ambassador"])


def _url(member: Membership, name: str) -> str:
    return reverse(name, args=[member.organization.slug])


def test_the_page_shows_each_purpose_with_its_text_and_one_button(
    person: Membership, client_for: Callable[[Membership], Client]
) -> None:
    page = client_for(person).get(_url(person, "consent:consent_mine"))

    body = page.content.decode()
    assert page.status_code == 200
    assert "Meine Einwilligungen" in body
    assert "Verantwortliche dürfen meine persönlichen Reichweitenzahlen sehen" in body
    assert "Ich erscheine in der Bestenliste" in body
    assert "jederzeit mit Wirkung für die Zukunft widerrufen" in body
    assert body.count("Einwilligung erteilen") == 2
    assert "Einwilligung widerrufen</button>" not in body
    assert body.count("derzeit ausgeschaltet") == 2, "both switches are off by default"


def test_giving_and_withdrawing_take_one_click_each(
    person: Membership, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(person)

    given = client.post(_url(person, "consent:consent_give"), {"purpose": LB}, follow=True)
    assert has_consent(person, LB)
    body = given.content.decode()
    assert "Ihre Einwilligung wurde gespeichert" in body
    assert "Erteilt am" in body and body.count("Einwilligung widerrufen</button>") == 1

    withdrawn = client.post(_url(person, "consent:consent_withdraw"), {"purpose": LB}, follow=True)
    assert not has_consent(person, LB)
    body = withdrawn.content.decode()
    assert "Sie gilt ab sofort nicht mehr" in body
    assert "Zuletzt widerrufen am" in body and "Frühere Einwilligungen" in body


@pytest.mark.parametrize("purpose", ["", "photo", "x" * 5000])
def test_an_unknown_purpose_gets_a_german_400(
    person: Membership, client_for: Callable[[Membership], Client], purpose: str
) -> None:
    answer = client_for(person).post(_url(person, "consent:consent_give"), {"purpose": purpose})
    assert answer.status_code == 400
    assert "Diese Einwilligung ist unbekannt" in answer.content.decode()


def test_giving_needs_a_post(person: Membership, client_for: Callable[[Membership], Client]) -> None:
    assert client_for(person).get(_url(person, "consent:consent_give")).status_code == 405
    assert not has_consent(person, PA)


def test_an_outsider_gets_404_and_the_works_council_403(
    person: Membership,
    member_factory: Callable[..., Membership],
    other_org: Organization,
    org: Organization,
    client_for: Callable[[Membership], Client],
) -> None:
    outsider = client_for(member_factory(other_org, ["admin"]))
    assert outsider.get(_url(person, "consent:consent_mine")).status_code == 404
    assert outsider.post(_url(person, "consent:consent_give"), {"purpose": PA}).status_code == 404
    council = client_for(member_factory(org, ["works_council"]))
    assert council.get(_url(person, "consent:consent_mine")).status_code == 403


def test_the_settings_page_has_the_analytics_section_in_works_council_mode(
    admin_member: Membership, client_for: Callable[[Membership], Client]
) -> None:
    page = client_for(admin_member).get(_url(admin_member, "organization-settings"))

    body = page.content.decode()
    assert page.status_code == 200
    assert "Auswertungen und Datenschutz" in body
    assert "Voreingestellt ist der Betriebsratsmodus" in body
    assert "Derzeit: Betriebsratsmodus (keine Zahlen" in body
    assert 'name="analytics-min_group_size"' in body and 'value="5"' in body
    assert _url(admin_member, "consent:consent_analytics") in body


def test_the_admin_switches_on_from_the_settings_page(
    admin_member: Membership, client_for: Callable[[Membership], Client]
) -> None:
    answer = client_for(admin_member).post(
        _url(admin_member, "consent:consent_analytics"),
        {"analytics-person_analytics": "on", "analytics-min_group_size": "7"},
    )

    assert answer.status_code == 302
    assert answer["Location"] == _url(admin_member, "organization-settings")
    switches = switches_for(admin_member.organization)
    assert (switches.person_analytics, switches.leaderboard, switches.min_group_size) == (True, False, 7)


@pytest.mark.parametrize(
    ("size", "german"), [("1", "von 2 bis 100"), ("abc", "ganze Zahl"), ("", "erforderlich")]
)
def test_a_bad_group_size_is_refused_in_german(
    admin_member: Membership, client_for: Callable[[Membership], Client], size: str, german: str
) -> None:
    answer = client_for(admin_member).post(
        _url(admin_member, "consent:consent_analytics"), {"analytics-min_group_size": size}
    )
    assert answer.status_code == 400
    assert german in answer.content.decode()
    assert not AnalyticsSettings.objects.exists()


def test_only_who_manages_the_organization_reaches_the_switches(
    org: Organization,
    member_factory: Callable[..., Membership],
    other_org: Organization,
    client_for: Callable[[Membership], Client],
) -> None:
    url = reverse("consent:consent_analytics", args=[org.slug])
    data = {"analytics-leaderboard": "on", "analytics-min_group_size": "5"}
    assert client_for(member_factory(org, ["data_protection_officer"])).post(url, data).status_code == 403
    assert client_for(member_factory(other_org, ["admin"])).post(url, data).status_code == 404
    assert not AnalyticsSettings.objects.exists()


def test_the_switch_state_shows_on_my_consents(
    admin_member: Membership, person: Membership, client_for: Callable[[Membership], Client]
) -> None:
    actions.change_analytics_settings(
        admin_member, person_analytics=True, leaderboard=False, min_group_size=5
    )
    body = client_for(person).get(_url(person, "consent:consent_mine")).content.decode()
    assert body.count("derzeit ausgeschaltet") == 1
