"""The buddy pages: who sees what (consent, private notes, figures without names, the DPO's view)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from resonanz.buddy import actions
from resonanz.buddy.aggregates import shown, unit_figures
from resonanz.buddy.models import Pair
from resonanz.buddy.tests.factories import make_buddy, make_opt_in, manager_of
from resonanz.core.models import AuditRecord, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan.tests.factories import english_messages  # noqa: F401  (a fixture)

pytestmark = pytest.mark.usefixtures("english_messages")


def _client(member: object) -> Client:
    client = Client()
    client.force_login(member.user)  # type: ignore[attr-defined]
    return client


def _paired(org: Organization, *, share: bool) -> tuple[object, object, Pair]:
    manager = manager_of(org)
    buddy = make_buddy(manager)
    colleague = make_opt_in(org, share=share, full_name="Clara Coachee")
    pair = actions.pin_pair(manager, buddy, colleague, reason="Start")
    actions.update_coaching_plan(colleague.membership, pair, goals="Mehr Reichweite für Kreislaufwirtschaft")
    actions.add_session(
        buddy.membership, pair, starts_at=timezone.now() + dt.timedelta(days=1), notes="Nur für uns beide"
    )
    return manager, buddy, pair


def test_managers_see_goals_only_with_consent_and_never_the_session_notes(org: Organization) -> None:
    manager, _buddy, private = _paired(org, share=False)
    url = f"/o/{org.slug}/buddy/pairs/{private.pk}/"
    page = _client(manager).get(url).content.decode()
    assert "Clara Coachee" in page
    assert "Mehr Reichweite" not in page
    assert "nicht eingewilligt" in page  # the page tells why (in the reader's German)

    shared_manager, _other, shared = _paired(org, share=True)
    page = _client(shared_manager).get(f"/o/{org.slug}/buddy/pairs/{shared.pk}/").content.decode()
    assert "Mehr Reichweite" in page
    assert "Nur für uns beide" not in page


def test_the_colleague_and_the_buddy_read_the_notes_others_get_a_404(org: Organization) -> None:
    _manager, buddy, pair = _paired(org, share=False)
    colleague_page = _client(pair.coachee).get(f"/o/{org.slug}/buddy/coaching/").content.decode()
    assert "Nur für uns beide" in colleague_page and "Mehr Reichweite" in colleague_page
    buddy_page = _client(buddy.membership).get(f"/o/{org.slug}/buddy/coaching/?pair={pair.pk}")  # type: ignore[attr-defined]
    assert buddy_page.status_code == 200 and "Nur für uns beide" in buddy_page.content.decode()
    stranger = make_member(org, ["buddy"])
    assert _client(stranger).get(f"/o/{org.slug}/buddy/coaching/?pair={pair.pk}").status_code == 404
    assert _client(stranger).get(f"/o/{org.slug}/buddy/coaching/?pair=x%00").status_code in (400, 404)


def test_a_buddy_sees_the_coachee_and_records_a_check_through_the_page(org: Organization) -> None:
    _manager, buddy, pair = _paired(org, share=False)
    client = _client(buddy.membership)  # type: ignore[attr-defined]
    listing = client.get(f"/o/{org.slug}/buddy/coachees/").content.decode()
    assert "Clara Coachee" in listing

    response = client.post(
        f"/o/{org.slug}/buddy/pairs/{pair.pk}/checks/",
        {"network": "linkedin", "passed": ["photo", "about"], "recommendations": "Banner ergänzen"},
    )
    assert response.status_code == 302
    assert pair.checks.get().score == 30


def test_the_works_council_sees_counts_per_unit_with_small_numbers_hidden(org: Organization) -> None:
    manager = manager_of(org)
    buddy = make_buddy(manager, capacity=10)
    for _ in range(6):
        make_opt_in(org, unit="Beratung")
    lonely = make_opt_in(org, unit="Einkauf", full_name="Einzige Person")
    actions.run_matching(manager)
    units, total = unit_figures(org)
    by_unit = {row.unit: row for row in units}
    assert by_unit["Beratung"].cells[1:3] == ["6", "6"]
    assert by_unit["Einkauf"].cells[1:3] == ["< 5", "< 5"]
    assert shown(4) == "< 5" and shown(5) == "5"
    assert total.counts["pairs"] == 7 and buddy.capacity == 10

    council = make_member(org, ["works_council"])
    page = _client(council).get(f"/o/{org.slug}/buddy/figures/").content.decode()
    assert "Einkauf" in page and "&lt; 5" in page
    assert "Einzige Person" not in page and str(lonely.membership) not in page
    assert _client(council).get(f"/o/{org.slug}/buddy/pairs/{Pair.objects.first().pk}/").status_code == 403  # type: ignore[union-attr]


def test_the_dpo_sees_what_is_stored_about_a_person(org: Organization) -> None:
    _manager, _buddy, pair = _paired(org, share=False)
    dpo = make_member(org, ["data_protection_officer"])
    page = (
        _client(dpo).get(f"/o/{org.slug}/buddy/personal-data/?membership={pair.coachee_id}").content.decode()
    )
    assert "Clara Coachee" in page and "Coaching-Termine" in page and "1 zu dieser Person" in page
    assert _client(dpo).get(f"/o/{org.slug}/buddy/personal-data/?membership=99999999").status_code == 404


def test_a_capacity_override_through_the_page_needs_the_flag(org: Organization) -> None:
    manager = manager_of(org)
    buddy = make_buddy(manager, capacity=0)
    colleague = make_opt_in(org)
    client = _client(manager)
    url = f"/o/{org.slug}/buddy/pairs/pin/"
    data = {"buddy_profile": buddy.pk, "coaching_opt_in": colleague.pk, "reason": "Wunsch"}
    refused = client.post(url, data, follow=True).content.decode()
    assert "Kapazität von 0" in refused and not Pair.objects.exists()

    client.post(url, {**data, "over_capacity": "on"})
    assert Pair.objects.get().over_capacity
    assert AuditRecord.objects.filter(organization=org, action="buddy.pair_pinned").count() == 1
