"""The content hub: each role finds the content and publishing pages open to it, and only those."""

from __future__ import annotations

from django.test import Client

from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member


def _hub(member: Membership) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(member.user)
    page = client.get(f"/o/{member.organization.slug}/content/")
    assert page.status_code == 200
    return page.content.decode()


def test_the_communications_manager_finds_writing_approval_calendar_and_deliveries(org: Organization) -> None:
    html = _hub(make_member(org, ["communications_manager"]))
    slug = org.slug
    for path in (
        "content/approval/",
        "publishing/calendar/",
        "publishing/deliveries/",
        "content/approval/rules/",
    ):
        assert f'href="/o/{slug}/{path}"' in html, path
    assert "Redaktionskalender" in html and "Wartet auf meine Freigabe" in html
    assert 'href="/o/' + slug + '/content/"' in html  # the main navigation's "Inhalte"


def test_the_works_council_is_told_nothing_here_is_open_to_it(org: Organization) -> None:
    html = _hub(make_member(org, ["works_council"]))
    assert "publishing/calendar/" not in html and "content/approval/" not in html
    assert "Rolle" in html


def test_an_ambassador_finds_no_approval_and_no_calendar(org: Organization) -> None:
    html = _hub(make_member(org, ["ambassador"]))
    assert "content/approval/" not in html and "publishing/calendar/" not in html


def test_the_people_hub_still_shows_its_own_areas_only(org: Organization) -> None:
    member = make_member(org, ["communications_manager"])
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(member.user)
    html = client.get(f"/o/{org.slug}/people/").content.decode()
    assert '<h1 class="h3 mb-3">Personen</h1>' in html or "Personen" in html
    assert "publishing/calendar/" not in html
