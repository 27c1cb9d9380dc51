"""Reference data pages (channels, audiences, topics), the plan's settings and the start page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.models import Audience, Channel, Topic
from resonanz.plan.tests.page_helpers import Office, de, make_office, signed_in


@pytest.fixture
def office(org: Organization) -> Office:
    return make_office(org, rows=1)


@pytest.mark.parametrize(
    ("kind", "model", "data"),
    [
        (
            "channels",
            Channel,
            {"name": "Podcast", "kind": "owned_medium", "direction": "external", "owner": ""},
        ),
        ("audiences", Audience, {"name": "Investoren", "direction": "external", "expectations": "Zahlen"}),
        ("topics", Topic, {"name": "Nachhaltigkeit", "description": "ESG-Bericht"}),
    ],
)
def test_an_editor_adds_edits_and_deactivates_an_entry(
    office: Office, kind: str, model: type[Channel | Audience | Topic], data: dict[str, str]
) -> None:
    client = signed_in(office.manager)

    listing = client.get(office.url(f"{kind}/"))
    added = client.post(office.url(f"{kind}/"), data)
    item = model.objects.get(organization=office.organization, name=data["name"])
    edited = client.post(office.url(f"{kind}/{item.pk}/"), {**data, "name": data["name"] + " neu"})
    deactivated = client.post(office.url(f"{kind}/{item.pk}/active/"), {"active": "0"})

    assert listing.status_code == 200
    assert added.status_code == 302 and edited.status_code == 302 and deactivated.status_code == 302
    item.refresh_from_db()
    assert item.name == data["name"] + " neu" and not item.is_active
    reactivated = client.post(office.url(f"{kind}/{item.pk}/active/"), {"active": "1"})
    item.refresh_from_db()
    assert reactivated.status_code == 302 and item.is_active


@pytest.mark.parametrize("garbage", [{"active": "vielleicht"}, {"active": ""}, {}])
def test_a_switch_that_is_neither_on_nor_off_changes_nothing(office: Office, garbage: dict[str, str]) -> None:
    channel = Channel.objects.filter(organization=office.organization, is_active=True).first()
    assert channel is not None

    response = signed_in(office.manager).post(office.url(f"channels/{channel.pk}/active/"), garbage)

    assert response.status_code == 400
    assert "ob der Eintrag aktiv sein soll" in response.content.decode()
    channel.refresh_from_db()
    assert channel.is_active


def test_a_taken_name_is_refused_with_a_translated_message(office: Office) -> None:
    before = Channel.objects.filter(organization=office.organization).count()

    response = signed_in(office.manager).post(
        office.url("channels/"), {"name": "linkedin", "kind": "social_network", "direction": "external"}
    )

    assert response.status_code == 400
    assert de("“%(name)s” exists already.", name="linkedin") in response.content.decode()
    assert Channel.objects.filter(organization=office.organization).count() == before


def test_a_deactivated_channel_is_no_longer_offered_for_new_rows(office: Office) -> None:
    podcast = actions.create_channel(office.manager, name="Podcast", kind="owned_medium")
    actions.deactivate_channel(office.manager, podcast)
    draft = actions.start_new_draft(office.manager, office.plan, "Neu")

    form = signed_in(office.manager).get(office.url(f"versions/{draft.pk}/rows/new/")).content.decode()

    assert f'value="{podcast.pk}"' not in form


@pytest.mark.parametrize("roles", [["ambassador"], ["auditor"], ["admin"], ["buddy"]])
def test_every_member_reads_the_reference_data_and_only_editors_change_it(
    office: Office, roles: list[str]
) -> None:
    channel = Channel.objects.filter(organization=office.organization).first()
    assert channel is not None
    audience = Audience.objects.filter(organization=office.organization).exclude(expectations="").first()
    assert audience is not None
    client = signed_in(make_member(office.organization, roles))

    listing = client.get(office.url("audiences/"))
    answers = [
        client.get(office.url(f"channels/{channel.pk}/")).status_code,
        client.post(office.url("topics/"), {"name": "Heimlich"}).status_code,
        client.post(office.url(f"channels/{channel.pk}/active/"), {"active": "0"}).status_code,
    ]

    assert listing.status_code == 200
    page = listing.content.decode()
    assert audience.name in page and audience.expectations[:40] in page, "interested parties and their needs"
    assert 'name="name"' not in page and 'name="active"' not in page, "no add form, no switches for readers"
    assert answers == [403, 403, 403]
    channel.refresh_from_db()
    assert channel.is_active and not Topic.objects.filter(name="Heimlich").exists()


def test_the_settings_change_the_review_interval_and_record_a_review(office: Office) -> None:
    client = signed_in(office.officer)
    data = {"title": "Kommunikationsplan 2026", "owner": office.manager.pk, "review_interval_months": 6}

    saved = client.post(office.url(f"{office.plan.pk}/settings/"), data)
    bad = client.post(office.url(f"{office.plan.pk}/settings/"), {**data, "review_interval_months": 99})
    reviewed = client.post(office.url(f"{office.plan.pk}/review/"), {"note": "Alles aktuell"})

    assert saved.status_code == 302 and bad.status_code == 400 and reviewed.status_code == 302
    office.plan.refresh_from_db()
    assert office.plan.title == "Kommunikationsplan 2026" and office.plan.review_interval_months == 6


def test_creating_a_plan_leads_to_its_first_draft(office: Office) -> None:
    client = signed_in(office.manager)

    taken = client.post(
        office.url("new/"),
        {"identifier": "kp-01", "title": "Doppelt", "owner": office.manager.pk, "review_interval_months": 12},
    )
    created = client.post(
        office.url("new/"),
        {
            "identifier": "KP-02",
            "title": "Krisenplan",
            "owner": office.manager.pk,
            "review_interval_months": 12,
        },
    )

    assert taken.status_code == 400
    assert de("The identifier “%(identifier)s” is taken.", identifier="kp-01") in taken.content.decode()
    plan = office.organization.communication_plans.get(identifier="KP-02")
    assert created["Location"] == office.url(f"versions/{plan.versions.get().pk}/")
    assert signed_in(office.ambassador).get(office.url("new/")).status_code == 403


def test_the_start_page_shows_the_plan_and_warns_every_member_of_an_overdue_review(office: Office) -> None:
    page = signed_in(office.ambassador).get(f"/o/{office.organization.slug}/").content.decode()
    published_at = office.published.published_at
    assert published_at is not None
    day = published_at.astimezone(office.organization.zone).strftime("%d.%m.%Y")
    assert de("Version %(number)s, published on %(date)s", number=1, date=day) in page
    assert office.url(f"{office.plan.pk}/") in page
    assert "alert alert-warning d-flex" not in page

    due = office.plan.next_review_due
    assert due is not None
    with time_machine.travel(dt.datetime.combine(due + dt.timedelta(days=2), dt.time(12), tzinfo=dt.UTC)):
        overdue = signed_in(office.ambassador).get(f"/o/{office.organization.slug}/").content.decode()

    assert "KP-01" in overdue and "alert alert-warning d-flex" in overdue
    assert de("overdue") in overdue
