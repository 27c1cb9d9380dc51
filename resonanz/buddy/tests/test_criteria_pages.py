"""The criteria pages: per network, add, change, move, deactivate, delete only while unused; managers only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from resonanz.buddy import actions
from resonanz.buddy.models import ProfileCheck, ProfileCheckCriterion
from resonanz.buddy.tests.factories import make_buddy, make_opt_in, manager_of
from resonanz.core import actions as core_actions
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member


def _client(member: Membership) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


def _linkedin(org: Organization) -> list[ProfileCheckCriterion]:
    return list(
        ProfileCheckCriterion.objects.filter(organization=org, network="linkedin").order_by("position", "pk")
    )


def _base(org: Organization) -> str:
    return f"/o/{org.slug}/buddy/criteria/"


def test_the_list_shows_each_networks_criteria_with_their_share_and_labelled_buttons(
    org: Organization,
) -> None:
    manager = manager_of(org)
    page = _client(manager).get(_base(org))
    html = page.content.decode()

    assert page.status_code == 200
    assert 'id="network-linkedin"' in html and 'id="network-bluesky"' in html
    headline = ProfileCheckCriterion.objects.get(organization=org, network="linkedin", key="headline")
    assert headline.label in html
    assert f"{_base(org)}{headline.pk}/" in html  # the label leads to its edit page
    assert "„Überschrift nennt die eigene Expertise“ nach oben verschieben" in html  # a named button
    assert "Anteil an der Bewertung" in html


def test_a_manager_adds_and_changes_a_criterion(org: Organization) -> None:
    manager = manager_of(org)
    client = _client(manager)

    added = client.post(_base(org), {"network": "mastodon", "label": "Verifizierte Website", "weight": 7})
    criterion = ProfileCheckCriterion.objects.get(
        organization=org, network="mastodon", label="Verifizierte Website"
    )
    assert added.status_code == 302 and added["Location"].endswith("#network-mastodon")

    edit = f"{_base(org)}{criterion.pk}/"
    assert client.get(edit).status_code == 200
    saved = client.post(edit, {"label": "Verifizierte eigene Website", "weight": 12, "is_active": "on"})
    criterion.refresh_from_db()
    assert saved.status_code == 302
    assert (criterion.label, criterion.weight, criterion.is_active) == (
        "Verifizierte eigene Website",
        12,
        True,
    )
    assert AuditRecord.objects.filter(organization=org, action="buddy.criterion_updated").count() == 1

    refused = client.post(edit, {"label": "x", "weight": 500, "is_active": "on"})
    criterion.refresh_from_db()
    assert refused.status_code == 400 and "100" in refused.content.decode() and criterion.weight == 12


def test_moving_a_criterion_swaps_it_with_its_neighbour(org: Organization) -> None:
    manager = manager_of(org)
    client = _client(manager)
    first, second = _linkedin(org)[:2]

    client.post(f"{_base(org)}{second.pk}/move/", {"direction": "up"})

    assert [c.pk for c in _linkedin(org)[:2]] == [second.pk, first.pk]
    assert AuditRecord.objects.filter(organization=org, action="buddy.criterion_moved").count() == 1
    client.post(f"{_base(org)}{second.pk}/move/", {"direction": "up"})  # first already: nothing changes
    assert [c.pk for c in _linkedin(org)[:2]] == [second.pk, first.pk]
    assert AuditRecord.objects.filter(organization=org, action="buddy.criterion_moved").count() == 1
    assert client.post(f"{_base(org)}{second.pk}/move/", {"direction": "sideways"}).status_code == 302


def test_a_used_criterion_is_deactivated_never_deleted_and_past_scores_stay(org: Organization) -> None:
    manager = manager_of(org)
    buddy = make_buddy(manager)
    pair = actions.pin_pair(manager, buddy, make_opt_in(org), reason="Start")
    check = actions.record_profile_check(
        buddy.membership, pair, network="linkedin", passed=["photo", "headline"]
    )
    photo = ProfileCheckCriterion.objects.get(organization=org, network="linkedin", key="photo")
    unused = actions.create_criterion(manager, network="mastodon", label="Eigene Beiträge", weight=5)
    client = _client(manager)
    assert photo.in_use and not unused.in_use
    page = client.get(_base(org)).content.decode()
    assert f"{_base(org)}{unused.pk}/delete/" in page and f"{_base(org)}{photo.pk}/delete/" not in page

    refused = client.post(f"{_base(org)}{photo.pk}/delete/", follow=True)
    assert ProfileCheckCriterion.objects.filter(pk=photo.pk).exists()
    assert "deaktivieren" in refused.content.decode()

    client.post(f"{_base(org)}{photo.pk}/active/", {"active": "0"})
    photo.refresh_from_db()
    assert not photo.is_active
    stored = ProfileCheck.objects.get(pk=check.pk)
    assert stored.score == check.score and any(r["key"] == "photo" for r in stored.results)
    later = actions.record_profile_check(buddy.membership, pair, network="linkedin", passed=["headline"])
    assert all(r["key"] != "photo" for r in later.results)
    client.post(f"{_base(org)}{photo.pk}/active/", {"active": "1"})
    photo.refresh_from_db()
    assert photo.is_active

    client.post(f"{_base(org)}{unused.pk}/delete/")
    assert not ProfileCheckCriterion.objects.filter(pk=unused.pk).exists()
    assert AuditRecord.objects.filter(organization=org, action="buddy.criterion_deleted").count() == 1


@pytest.mark.parametrize("suffix", ["", "move/", "active/", "delete/"])
def test_another_organizations_criterion_is_a_404(
    org: Organization, other_org: Organization, suffix: str
) -> None:
    foreign = _linkedin(other_org)[0]
    client = _client(manager_of(org))
    data = {"direction": "up", "active": "0"}

    answer = (
        client.post(f"{_base(org)}{foreign.pk}/{suffix}", data)
        if suffix
        else client.get(f"{_base(org)}{foreign.pk}/")
    )

    assert answer.status_code == 404
    assert client.get(f"{_base(other_org)}").status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active and ProfileCheckCriterion.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("roles", [["buddy"], ["ambassador"], ["works_council"]])
def test_other_roles_are_refused(org: Organization, roles: list[str]) -> None:
    criterion = _linkedin(org)[0]
    client = _client(make_member(org, roles))

    assert client.get(_base(org)).status_code == 403
    assert client.get(f"{_base(org)}{criterion.pk}/").status_code == 403
    assert client.post(f"{_base(org)}{criterion.pk}/active/", {"active": "0"}).status_code == 403
    assert client.post(f"{_base(org)}{criterion.pk}/delete/").status_code == 403
    criterion.refresh_from_db()
    assert criterion.is_active


def test_the_api_moves_and_deletes_an_unused_criterion_and_refuses_a_used_one(org: Organization) -> None:
    manager = manager_of(org)
    _token, plain = core_actions.create_api_token(manager, name="Test", scope="write")
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {plain}", "HTTP_ACCEPT_LANGUAGE": "en"}
    client = Client()
    buddy = make_buddy(manager)
    pair = actions.pin_pair(manager, buddy, make_opt_in(org), reason="Start")
    actions.record_profile_check(buddy.membership, pair, network="bluesky", passed=[])
    used = ProfileCheckCriterion.objects.filter(organization=org, network="bluesky").first()
    assert used is not None
    unused = actions.create_criterion(manager, network="mastodon", label="Website", weight=5)
    api = "/api/v1/buddy/criteria/"

    moved = client.post(
        f"{api}{used.pk}/move", data=json.dumps({"up": False}), content_type="application/json", **headers
    )
    assert moved.status_code == 200 and moved.json()["in_use"] is True
    refused = client.delete(f"{api}{used.pk}", **headers)
    assert refused.status_code == 422 and "Deactivate it instead" in refused.json()["detail"]
    assert client.delete(f"{api}{unused.pk}", **headers).status_code == 204
    assert not ProfileCheckCriterion.objects.filter(pk=unused.pk).exists()
    assert ProfileCheckCriterion.objects.filter(pk=used.pk).exists()
