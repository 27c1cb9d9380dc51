"""Diffs between versions: rows paired by row_key, compared field by field."""

from __future__ import annotations

import pytest

from resonanz.core.models import Organization
from resonanz.plan import actions
from resonanz.plan.diff import diff_versions
from resonanz.plan.models import Channel
from resonanz.plan.tests.factories import (
    complete_row_values,
    english_messages,  # noqa: F401  (a fixture)
    make_plan_people,
    make_published_plan,
)

pytestmark = pytest.mark.usefixtures("english_messages")


def test_it_reports_added_removed_and_changed_rows_field_by_field(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    plan, published = make_published_plan(org, editor, officer, rows=3)
    draft = actions.start_new_draft(editor, plan, "Bluesky statt X")
    first, second, third = list(draft.rows.order_by("position"))
    bluesky = Channel.objects.get(organization=org, name="Bluesky")
    actions.update_row(editor, first, description="Neu formuliert", channels=[bluesky])
    actions.delete_row(editor, second)
    added = actions.add_row(editor, draft, **complete_row_values(org, editor, description="Neue Zeile"))

    result = diff_versions(published, draft)

    by_status = {row.status: row for row in result.rows if row.status != "changed"}
    assert by_status["added"].row_key == str(added.row_key)
    assert by_status["removed"].row_key == str(second.row_key)
    changed = result.changed
    assert [row.row_key for row in changed] == [str(first.row_key)]
    fields = {change.field: (change.old, change.new) for change in changed[0].changes}
    assert fields == {
        "description": ("Zeile 1", "Neu formuliert"),
        "channels": (["LinkedIn"], ["Bluesky"]),
    }
    assert str(third.row_key) not in {row.row_key for row in result.rows}


def test_identical_versions_have_an_empty_diff(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    plan, published = make_published_plan(org, editor, officer, rows=2)
    draft = actions.start_new_draft(editor, plan, "Nur Durchsicht")

    assert diff_versions(published, draft).is_empty


def test_reordering_alone_is_no_change_of_content(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    plan, published = make_published_plan(org, editor, officer, rows=2)
    draft = actions.start_new_draft(editor, plan, "Reihenfolge")
    rows = list(draft.rows.order_by("position"))
    actions.reorder_rows(editor, draft, [rows[1].pk, rows[0].pk])

    assert diff_versions(published, draft).is_empty
    assert [r.description for r in draft.rows.order_by("position")] == ["Zeile 2", "Zeile 1"]
