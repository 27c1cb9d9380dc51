"""The plan's version page and matrix page show competence gaps to editors: a badge on the row and
who lacks what (an expired certificate named as such)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from resonanz.competence import actions
from resonanz.competence.gating import Violation
from resonanz.competence.plan_gaps import gap_text
from resonanz.competence.tests.factories import LINKEDIN, certify, competence_named, quality_officer
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions as plan_actions
from resonanz.plan.models import Channel, PlanVersion
from resonanz.plan.tests.factories import complete_row_values, make_plan_people

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


def _published(
    org: Organization, senders: list[Membership], rows: int = 1
) -> tuple[Membership, Membership, PlanVersion]:
    """A published plan whose rows go out on LinkedIn from ``senders``, with LinkedIn requiring a
    competence; its editor and approver."""
    editor, approver = make_plan_people(org)
    linkedin = Channel.objects.get(organization=org, name="LinkedIn")
    actions.require_for_channel(
        quality_officer(org), channel=linkedin, competence=competence_named(org, LINKEDIN)
    )
    plan = plan_actions.create_plan(editor, identifier="KP-9", title="Plan")
    draft = plan.versions.get()
    for number in range(rows):
        values = complete_row_values(
            org, editor, description=f"Beitrag {number}", channels=[linkedin], senders=senders
        )
        plan_actions.add_row(editor, draft, **values)
    plan_actions.submit_for_review(editor, draft)
    plan_actions.approve_version(approver, draft)
    return editor, approver, plan_actions.publish_version(approver, draft)


def _matrix_page(client: Client, version: PlanVersion) -> str:
    url = f"/o/{version.plan.organization.slug}/plan/{version.plan_id}/"
    return client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()


def test_the_version_page_and_the_matrix_page_show_gaps_to_editors_and_approvers_with_names(
    org: Organization, client_for: Clients
) -> None:
    lacking = make_member(org, full_name="Paul Ohnezertifikat")
    holder = make_member(org, full_name="Hanna Zertifiziert")
    certify(holder, competence_named(org, LINKEDIN), dt.date(2026, 1, 1))
    editor, approver, version = _published(org, [lacking, holder])
    version_url = f"/o/{org.slug}/plan/versions/{version.pk}/"
    for reader in (editor, approver):
        client = client_for(reader)
        version_page = client.get(version_url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        for text in (version_page, _matrix_page(client, version)):
            assert "Absendende ohne geforderte Kompetenz" in text
            assert f"Zeile 1: Paul Ohnezertifikat fehlt „{LINKEDIN}“, gefordert für LinkedIn" in text
            assert "Hanna Zertifiziert fehlt" not in text
            assert 'class="badge text-bg-warning"' in text


def test_readers_who_neither_edit_nor_approve_and_the_works_council_see_no_gaps(
    org: Organization, client_for: Clients
) -> None:
    _editor, _approver, version = _published(org, [make_member(org, full_name="Paul Ohnezertifikat")])
    for roles in (["ambassador"], ["works_council"], ["auditor"]):
        text = _matrix_page(client_for(make_member(org, roles)), version)
        assert "Absendende ohne geforderte Kompetenz" not in text
        assert "Paul Ohnezertifikat" not in text or roles != ["works_council"]
        assert "fa-triangle-exclamation" not in text


def test_without_the_names_capability_a_gap_names_no_one() -> None:
    violation = Violation(1, 2, "Paul Ohnezertifikat", 3, LINKEDIN, 4, "LinkedIn")
    expired = Violation(1, 2, "Paul Ohnezertifikat", 3, LINKEDIN, 4, "LinkedIn", dt.date(2026, 11, 30))
    with translation.override("de"):
        missing = gap_text(violation, names=False)

        hidden = gap_text(expired, names=False)
    assert missing == f"eine absendende Person fehlt „{LINKEDIN}“, gefordert für LinkedIn"
    assert "Paul" not in hidden
    assert "30.11.2026" in hidden


def test_the_plan_matrix_page_costs_the_same_queries_for_few_and_many_rows(
    org: Organization, client_for: Clients
) -> None:
    senders = [make_member(org) for _number in range(3)]
    editor, _approver, few_rows = _published(org, senders, rows=2)
    client = client_for(editor)
    _matrix_page(client, few_rows)
    with CaptureQueriesContext(connection) as few:
        assert _matrix_page(client, few_rows).count("fa-triangle-exclamation") >= 3
    # A new version with 30 rows, each with its own senders, published.
    draft = plan_actions.start_new_draft(editor, few_rows.plan, change_reason="Mehr Zeilen")
    linkedin = Channel.objects.get(organization=org, name="LinkedIn")
    for number in range(30):
        values = complete_row_values(
            org, editor, description=f"Mehr {number}", channels=[linkedin], senders=[make_member(org)]
        )
        plan_actions.add_row(editor, draft, **values)
    plan_actions.submit_for_review(editor, draft)
    many_rows = plan_actions.publish_version(_approver, plan_actions.approve_version(_approver, draft))
    with CaptureQueriesContext(connection) as many:
        assert _matrix_page(client, many_rows).count("fa-triangle-exclamation") >= 33
    assert len(many) <= len(few)


def test_an_expired_certificate_is_named_as_such_on_the_version_and_the_matrix_page(
    org: Organization, client_for: Clients
) -> None:
    today = timezone.localdate()
    ran_out = today - dt.timedelta(days=10)
    sender = make_member(org, full_name="Erika Abgelaufen")
    certify(sender, competence_named(org, LINKEDIN), ran_out - dt.timedelta(days=365), ran_out)
    editor, _approver, version = _published(org, [sender])
    client = client_for(editor)
    expected = (
        f"Das Zertifikat von Erika Abgelaufen für „{LINKEDIN}“ ist am {ran_out:%d.%m.%Y} abgelaufen "
        "und zählt nicht mehr für LinkedIn"
    )
    version_page = client.get(
        f"/o/{org.slug}/plan/versions/{version.pk}/", HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert expected in version_page
    assert expected in _matrix_page(client, version)
    assert "Erika Abgelaufen fehlt" not in version_page
