"""Channels, audiences and topics: defaults per language, unique names, deactivation, audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Organization
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.plan import actions
from resonanz.plan.models import Audience, Channel, ChannelKind, Topic
from resonanz.plan.tests.factories import english_messages  # noqa: F401  (a fixture)

pytestmark = pytest.mark.usefixtures("english_messages")


def test_a_new_organization_gets_defaults_in_its_language(db: None) -> None:
    german = make_organization("Deutsch GmbH")
    english = make_organization("English Ltd", default_language="en")

    assert Channel.objects.filter(organization=german, name="Unternehmensblog").exists()
    assert Audience.objects.filter(organization=german, name="Betriebsrat").exists()
    assert Topic.objects.filter(organization=german, name="Krisenkommunikation").exists()
    assert Channel.objects.filter(organization=english, name="Company blog").exists()
    assert Audience.objects.filter(organization=english, name="Works council").exists()
    assert not Channel.objects.filter(organization=english, name="Unternehmensblog").exists()


def test_names_are_unique_per_organization_ignoring_case(org: Organization, other_org: Organization) -> None:
    manager = make_member(org, ["communications_manager"])

    with pytest.raises(ActionRefused) as refused:
        actions.create_channel(manager, name="linkedin", kind=ChannelKind.SOCIAL_NETWORK)

    assert "exists already" in refused.value.messages[0]
    # Another organization's LinkedIn does not count.
    assert Channel.objects.filter(organization=other_org, name="LinkedIn").exists()


def test_it_creates_updates_and_deactivates_with_an_audit_trail(org: Organization) -> None:
    manager = make_member(org, ["communications_manager"])
    topic = actions.create_topic(manager, name="Nachhaltigkeit", description="CO₂-Bilanz")
    actions.update_topic(manager, topic, description="CO₂-Bilanz und Lieferkette")
    actions.deactivate_topic(manager, topic)

    topic.refresh_from_db()
    assert not topic.is_active
    records = AuditRecord.objects.filter(organization=org, object_type="plan.topic").order_by("seq")
    assert [r.action for r in records] == [
        "plan.topic_created",
        "plan.topic_updated",
        "plan.topic_deactivated",
    ]
    assert records[1].before["description"] == "CO₂-Bilanz"  # type: ignore[index]


def test_renaming_to_a_taken_name_is_refused(org: Organization) -> None:
    manager = make_member(org, ["communications_manager"])
    audience = Audience.objects.get(organization=org, name="Presse")
    with pytest.raises(ActionRefused):
        actions.update_audience(manager, audience, name="KUNDEN")
    audience.refresh_from_db()
    assert audience.name == "Presse"


def test_an_auditor_cannot_change_reference_data(org: Organization) -> None:
    auditor = make_member(org, ["auditor"])
    with pytest.raises(PermissionDenied):
        actions.create_audience(auditor, name="Investoren")
    assert not Audience.objects.filter(name="Investoren").exists()


def test_a_channel_owner_must_belong_to_the_organization(org: Organization, other_org: Organization) -> None:
    manager = make_member(org, ["communications_manager"])
    outsider = make_member(other_org, ["admin"])
    with pytest.raises(ActionRefused):
        actions.create_channel(manager, name="Podcast", kind=ChannelKind.OWNED_MEDIUM, owner=outsider)
