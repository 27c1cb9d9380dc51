"""The version life cycle: draft → in review → approved → published → superseded."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils import translation

from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.models import PlanRow, PlanVersion, VersionFrozen, VersionStatus
from resonanz.plan.tests.factories import (
    complete_row_values,
    english_messages,  # noqa: F401  (a fixture)
    make_plan,
    make_plan_people,
    make_published_plan,
)

pytestmark = pytest.mark.usefixtures("english_messages")


def test_it_publishes_a_plan_through_review(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    plan, draft, _rows = make_plan(org, editor, rows=2)

    actions.submit_for_review(editor, draft)
    actions.approve_version(officer, draft)
    published = actions.publish_version(officer, draft)

    assert published.status == VersionStatus.PUBLISHED
    assert published.approver == officer and published.author == editor
    plan.refresh_from_db()
    assert plan.next_review_due is not None and plan.last_reviewed_at is not None
    actions_logged = set(AuditRecord.objects.filter(organization=org).values_list("action", flat=True))
    assert {"plan.version_submitted", "plan.version_approved", "plan.version_published"} <= actions_logged


def test_it_refuses_approval_by_the_author(org: Organization) -> None:
    officer = make_member(org, ["quality_officer"])
    _plan, draft, _rows = make_plan(org, officer)
    actions.submit_for_review(officer, draft)

    with pytest.raises(ActionRefused) as refused:
        actions.approve_version(officer, draft)

    assert "someone else" in refused.value.messages[0]
    draft.refresh_from_db()
    assert draft.status == VersionStatus.IN_REVIEW and draft.approver is None


@pytest.mark.parametrize("contribution", ["started the draft", "changed a row"])
def test_whoever_worked_on_a_draft_cannot_approve_it_even_when_someone_else_submits(
    org: Organization, contribution: str
) -> None:
    editor, officer = make_plan_people(org)
    second_officer = make_member(org, ["quality_officer"])
    plan, _published = make_published_plan(org, editor, second_officer)
    starter = officer if contribution == "started the draft" else editor
    draft = actions.start_new_draft(starter, plan, "Neue Messe im Herbst")
    if contribution == "changed a row":
        row = draft.rows.first()
        assert row is not None
        actions.update_row(officer, row, notes="von der QB ergänzt")
    actions.submit_for_review(editor, draft)

    with pytest.raises(ActionRefused) as refused:
        actions.approve_version(officer, draft)

    assert refused.value.code == "own_version"
    assert refused.value.messages == [
        "You worked on this version, so someone else has to review and approve it."
    ]
    draft.refresh_from_db()
    assert draft.status == VersionStatus.IN_REVIEW
    assert actions.approve_version(second_officer, draft).approver == second_officer


def test_it_refuses_submission_naming_the_row_and_the_question(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor, rows=1)
    actions.add_row(editor, draft, **complete_row_values(org, editor, channels=[], trigger="", when_kind=""))

    with pytest.raises(actions.IncompleteRows) as refused, transaction.atomic():
        actions.submit_for_review(editor, draft)

    message = refused.value.messages[0]
    assert message.startswith("Row 2 ")
    assert "when" in message and "how" in message and "who" not in message
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_it_freezes_published_rows_in_actions_models_and_database(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    _plan, published = make_published_plan(org, editor, officer)
    row = published.rows.first()
    assert row is not None

    with pytest.raises(ActionRefused):
        actions.update_row(editor, row, description="geändert")
    with pytest.raises(VersionFrozen):
        row.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        PlanRow.objects.filter(pk=row.pk).update(description="heimlich geändert")
    with pytest.raises(DatabaseError), transaction.atomic():
        PlanVersion.objects.filter(pk=published.pk).update(status=VersionStatus.DRAFT)
    with pytest.raises(DatabaseError), transaction.atomic():
        row.audiences.clear()
    row.refresh_from_db()
    assert row.description == "Zeile 1"
    assert row.audiences.count() == 1


def test_a_new_draft_copies_rows_keys_and_relations(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    plan, published = make_published_plan(org, editor, officer, rows=3)

    draft = actions.start_new_draft(editor, plan, "Neue Kanäle")

    assert draft.number == 2 and draft.based_on == published and draft.status == VersionStatus.DRAFT
    old = list(published.rows.order_by("position"))
    new = list(draft.rows.order_by("position"))
    assert [r.row_key for r in old] == [r.row_key for r in new]
    assert [set(r.audiences.all()) for r in old] == [set(r.audiences.all()) for r in new]
    assert [set(r.channels.all()) for r in old] == [set(r.channels.all()) for r in new]
    assert {r.pk for r in old}.isdisjoint({r.pk for r in new})


def test_publishing_supersedes_the_previous_version(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    plan, first_version = make_published_plan(org, editor, officer)
    draft = actions.start_new_draft(editor, plan, "Überarbeitung")
    actions.submit_for_review(editor, draft)
    actions.approve_version(officer, draft)

    actions.publish_version(officer, draft)

    first_version.refresh_from_db()
    assert first_version.status == VersionStatus.SUPERSEDED and first_version.superseded_at is not None
    assert plan.versions.filter(status=VersionStatus.PUBLISHED).get().number == 2


def test_an_ambassador_cannot_edit_the_plan(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor)
    ambassador = make_member(org, ["ambassador"])

    with pytest.raises(PermissionDenied):
        actions.add_row(ambassador, draft, description="x")


def test_the_refusal_reads_naturally_in_german(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor, rows=1)
    actions.add_row(editor, draft, **complete_row_values(org, editor, channels=[]))

    with translation.override("de"), pytest.raises(actions.IncompleteRows) as refused:
        actions.submit_for_review(editor, draft)
    with translation.override("de"):
        message = refused.value.messages[0]

    assert message.startswith("Zeile 2 ")
    assert "wie" in message and "mindestens einen Kanal wählen" in message
