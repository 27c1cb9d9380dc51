"""The periodic review's history: every review is kept (when, who, outcome, comment), not only the last."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from resonanz.core.errors import ActionRefused
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.core.tests.tampering import flush_past_triggers
from resonanz.plan import actions
from resonanz.plan.actions.exports import export_version
from resonanz.plan.models import PlanReview, ReviewOutcome
from resonanz.plan.tests.factories import make_plan_people, make_published_plan
from resonanz.plan.tests.test_api import Caller
from resonanz.plan.tests.test_export import pdf_text

JAN = dt.datetime(2026, 1, 15, 10, 0, tzinfo=dt.UTC)
FEB = dt.datetime(2027, 2, 1, 12, 0, tzinfo=dt.UTC)
MAR = dt.datetime(2027, 3, 3, 12, 0, tzinfo=dt.UTC)


def _history(org: Organization):  # type: ignore[no-untyped-def]
    editor, officer = make_plan_people(org)
    with time_machine.travel(JAN, tick=False):
        plan, first = make_published_plan(org, editor, officer)
    with time_machine.travel(FEB, tick=False):
        actions.mark_plan_reviewed(editor, plan, "Passt weiterhin.")
    with time_machine.travel(MAR, tick=False):
        draft = actions.start_new_draft(editor, plan, "Neuer Kanal")
        actions.submit_for_review(editor, draft)
        actions.approve_version(officer, draft)
        second = actions.publish_version(officer, draft)
    plan.refresh_from_db()
    return editor, officer, plan, first, second


def test_every_review_is_kept_with_its_outcome(org: Organization) -> None:
    editor, officer, plan, first, second = _history(org)

    reviews = list(PlanReview.objects.filter(plan=plan).order_by("reviewed_at"))

    assert [(r.reviewed_at, r.reviewer, r.outcome, r.version, r.comment) for r in reviews] == [
        (JAN, officer, ReviewOutcome.NEW_VERSION, first, ""),
        (FEB, editor, ReviewOutcome.UNCHANGED, None, "Passt weiterhin."),
        (MAR, officer, ReviewOutcome.NEW_VERSION, second, ""),
    ]
    assert reviews[1].reviewer_name == editor.user.full_name
    assert plan.last_reviewed_at == MAR


def test_a_refused_review_adds_nothing(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    plan = actions.create_plan(editor, identifier="KP-09", title="Ohne Veröffentlichung")

    with pytest.raises(ActionRefused) as refused:
        actions.mark_plan_reviewed(editor, plan, "zu früh")

    with override("de"):
        assert "veröffentlichen Sie eine Version" in str(refused.value.messages[0])

    assert not PlanReview.objects.exists()


def test_the_versions_page_the_settings_page_and_the_pdf_show_the_history(
    org: Organization, client_for: Callable[[Membership], Client]
) -> None:
    editor, officer, plan, _first, second = _history(org)

    page = client_for(officer).get(reverse("plan:plan_versions", args=[org.slug, plan.pk]))
    settings = client_for(editor).get(reverse("plan:plan_settings", args=[org.slug, plan.pk]))
    with override("de"):
        text = pdf_text(export_version(officer, second, "pdf").content)

    html = page.content.decode()
    assert "Passt weiterhin." in html and "Regelmäßige Überprüfungen" in html
    assert "führte zu Version 2" in html and "unverändert" in html
    assert "Passt weiterhin." in settings.content.decode()
    assert (
        "Regelmäßige Überprüfungen" in text and "Passt weiterhin." in text and "führte zu Version 2" in text
    )


def test_the_api_lists_the_history_for_members_who_read_every_version(org: Organization) -> None:
    _editor, officer, plan, _first, _second = _history(org)

    answer = Caller(officer).get(f"/plans/{plan.pk}/reviews")
    refused = Caller(make_member(org, ["ambassador"])).get(f"/plans/{plan.pk}/reviews")

    assert answer.status_code == 200, answer.content
    items = answer.json()["items"]
    assert [(item["outcome"], item["version"], item["comment"]) for item in items] == [
        ("new_version", 2, ""),
        ("unchanged", None, "Passt weiterhin."),
        ("new_version", 1, ""),
    ]
    assert refused.status_code == 403


# ---------------------------------------------------------------- the upgrade

BEFORE = [("plan", "0011_import_reading")]


@pytest.fixture
def migrating_db(transactional_db: None) -> Iterator[None]:
    yield
    flush_past_triggers()


def test_the_upgrade_carries_the_reviews_it_can_find_into_the_history(migrating_db: None) -> None:
    """GIVEN plans reviewed before the history was kept (a publication, a review in the audit trail,
    and a last review found nowhere else) WHEN the database is upgraded THEN each becomes an entry."""
    old = MigrationExecutor(connection)
    old.migrate(BEFORE)
    state = old.loader.project_state(BEFORE).apps
    organization = state.get_model("core", "Organization").objects.create(name="Alt GmbH", slug="alt")
    users = state.get_model("core", "User").objects
    memberships = state.get_model("core", "Membership").objects
    author, approver = (
        memberships.create(
            organization=organization, user=users.create(email=f"{name}@alt.example", full_name=name)
        )
        for name in ("Anna Autorin", "Frieda Freigabe")
    )
    plans = state.get_model("plan", "CommunicationPlan").objects
    plan = plans.create(
        organization=organization, identifier="KP-01", title="Alter Plan", owner=author, last_reviewed_at=FEB
    )
    lost = plans.create(
        organization=organization, identifier="KP-02", title="Ohne Spur", owner=author, last_reviewed_at=MAR
    )
    versions = state.get_model("plan", "PlanVersion").objects
    version = versions.create(plan=plan, number=1, author=author)
    versions.filter(pk=version.pk).update(
        status="published",
        approver=approver,
        approved_at=JAN,
        published_at=JAN,
        publisher=approver,
        publisher_name="Frieda Freigabe",
    )
    state.get_model("core", "AuditRecord").objects.create(
        organization=organization,
        seq=1,
        created_at=FEB,
        actor_id=approver.user_id,
        actor_name="Frieda Freigabe",
        action="plan.reviewed",
        object_type="plan.communicationplan",
        object_id=str(plan.pk),
        after={"note": "Passt."},
        prev_hash="0" * 64,
        hash="1" * 64,
        hash_version=2,
    )

    latest = MigrationExecutor(connection)
    latest.migrate(latest.loader.graph.leaf_nodes())

    found = [
        (r.plan_id, r.reviewed_at, r.reviewer_id, r.reviewer_name, r.outcome, r.version_id, r.comment)
        for r in PlanReview.objects.order_by("plan_id", "reviewed_at")
    ]
    assert found == [
        (plan.pk, JAN, approver.pk, "Frieda Freigabe", "new_version", version.pk, ""),
        (plan.pk, FEB, approver.pk, "Frieda Freigabe", "unchanged", None, "Passt."),
        (lost.pk, MAR, None, "", "unchanged", None, ""),
    ]
