"""The plan's version page shows competence gaps to editors: a badge on the row and who lacks what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from resonanz.competence import actions
from resonanz.competence.tests.factories import LINKEDIN, certify, competence_named, quality_officer
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions as plan_actions
from resonanz.plan.models import Channel, PlanVersion

pytestmark = pytest.mark.django_db
Clients = Callable[[Membership], Client]


def _draft(org: Organization, editor: Membership, senders: list[Membership], rows: int = 1) -> PlanVersion:
    plan = plan_actions.create_plan(editor, identifier="KP-1", title="Plan")
    draft = plan.versions.get()
    linkedin = Channel.objects.get(organization=org, name="LinkedIn")
    for number in range(rows):
        plan_actions.add_row(
            editor, draft, description=f"Beitrag {number}", channels=[linkedin], senders=senders
        )
    return draft


def test_an_editor_sees_who_lacks_the_competence_linkedin_requires(
    org: Organization, client_for: Clients
) -> None:
    officer = quality_officer(org)
    actions.require_for_channel(
        officer,
        channel=Channel.objects.get(organization=org, name="LinkedIn"),
        competence=competence_named(org, LINKEDIN),
    )
    editor = make_member(org, ["communications_manager"])
    lacking = make_member(org, full_name="Paul Ohnezertifikat")
    holder = make_member(org, full_name="Hanna Zertifiziert")
    certify(holder, competence_named(org, LINKEDIN), dt.date(2026, 1, 1))
    draft = _draft(org, editor, [lacking, holder])
    page = client_for(editor).get(f"/o/{org.slug}/plan/versions/{draft.pk}/", HTTP_ACCEPT_LANGUAGE="de")
    text = page.content.decode()
    assert "Absendende ohne geforderte Kompetenz" in text
    assert f"Paul Ohnezertifikat fehlt „{LINKEDIN}“, gefordert für LinkedIn" in text
    assert "Hanna Zertifiziert fehlt" not in text
    assert "fa-triangle-exclamation" in text


def test_without_requirements_nothing_is_shown_and_the_queries_stay_bounded(
    org: Organization, client_for: Clients
) -> None:
    officer = quality_officer(org)
    editor = make_member(org, ["communications_manager"])
    draft = _draft(org, editor, [make_member(org)], rows=3)
    client = client_for(editor)
    url = f"/o/{org.slug}/plan/versions/{draft.pk}/"
    assert "Absendende ohne" not in client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    actions.require_for_channel(
        officer,
        channel=Channel.objects.get(organization=org, name="LinkedIn"),
        competence=competence_named(org, LINKEDIN),
    )
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    linkedin = Channel.objects.get(organization=org, name="LinkedIn")
    for number in range(20):
        plan_actions.add_row(
            editor, draft, description=f"Mehr {number}", channels=[linkedin], senders=[make_member(org)]
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("fa-triangle-exclamation") >= 23
    assert len(many) <= len(few)
