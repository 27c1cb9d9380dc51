"""Rows of a draft: values are checked, other organizations' entries refused, nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest

from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.access import rows_of
from resonanz.plan.models import Audience, Channel, PlanRow
from resonanz.plan.tests.factories import (
    complete_row_values,
    english_messages,  # noqa: F401  (a fixture)
    make_plan,
    make_plan_people,
)

pytestmark = pytest.mark.usefixtures("english_messages")


def test_an_invalid_recurrence_is_refused_and_nothing_changes(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, _draft, (row,) = make_plan(org, editor)

    with pytest.raises(ActionRefused) as refused:
        actions.update_row(editor, row, rrule="FREQ=MINUTELY", description="geändert")

    assert refused.value.field == "rrule"
    row.refresh_from_db()
    assert row.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" and row.description == "Zeile 1"


def test_entries_of_another_organization_are_refused(org: Organization, other_org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor)
    foreign = Channel.objects.filter(organization=other_org).first()
    assert foreign is not None

    with pytest.raises(ActionRefused) as refused:
        actions.add_row(editor, draft, **complete_row_values(org, editor, channels=[foreign.pk]))

    assert refused.value.field == "channels"
    assert draft.rows.count() == 1


def test_a_deactivated_audience_stays_on_a_row_but_cannot_be_added(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, _draft, (row,) = make_plan(org, editor)
    current = row.audiences.get()
    press = Audience.objects.get(organization=org, name="Presse")
    actions.deactivate_audience(editor, current)
    actions.deactivate_audience(editor, press)

    actions.update_row(editor, row, audiences=[current], description="bleibt")
    with pytest.raises(ActionRefused):
        actions.update_row(editor, row, audiences=[current, press])

    assert list(row.audiences.all()) == [current]


def test_languages_and_sender_roles_are_checked(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, _draft, (row,) = make_plan(org, editor)

    with pytest.raises(ActionRefused):
        actions.update_row(editor, row, sender_roles=["chef"])
    with pytest.raises(ActionRefused):
        actions.update_row(editor, row, languages=["deutsch!"])
    updated = actions.update_row(
        editor, row, languages=["DE", "en", "de"], sender_roles=["buddy", "ambassador"]
    )

    assert updated.languages == ["de", "en"]
    assert updated.sender_roles == ["ambassador", "buddy"]


def test_a_deactivated_member_cannot_become_owner(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    admin = make_member(org, ["admin"])
    leaver = make_member(org, ["ambassador"])
    from resonanz.core import actions as core_actions

    core_actions.set_member_active(admin, leaver, False)
    _plan, _draft, (row,) = make_plan(org, editor)
    with pytest.raises(ActionRefused):
        actions.update_row(editor, row, owner=leaver)


def test_changes_are_audited_with_before_and_after(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, _draft, (row,) = make_plan(org, editor)

    actions.update_row(editor, row, start_time=dt.time(10, 30))

    record = AuditRecord.objects.filter(organization=org, action="plan.row_updated").get()
    assert record.before["start_time"] == "09:00"  # type: ignore[index]
    assert record.after["start_time"] == "10:30"  # type: ignore[index]


def test_reorder_must_name_every_row_once(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, draft, rows = make_plan(org, editor, rows=3)

    with pytest.raises(ActionRefused):
        actions.reorder_rows(editor, draft, [rows[0].pk, rows[0].pk, rows[1].pk])
    actions.reorder_rows(editor, draft, [rows[2].pk, rows[0].pk, rows[1].pk])

    assert [r.pk for r in draft.rows.order_by("position")] == [rows[2].pk, rows[0].pk, rows[1].pk]


def test_the_matrix_query_count_does_not_grow_with_rows(org: Organization, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    editor, _officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor, rows=2)
    with django_assert_num_queries(4):
        few = [
            (r.topic, list(r.audiences.all()), list(r.channels.all()), list(r.senders.all()))
            for r in rows_of(draft)
        ]
    for n in range(10):
        actions.add_row(editor, draft, **complete_row_values(org, editor, description=f"mehr {n}"))
    with django_assert_num_queries(4):
        many = [(r.owner, list(r.audiences.all()), list(r.channels.all())) for r in rows_of(draft)]
    assert len(few) == 2 and len(many) == 12
    assert PlanRow.objects.filter(version=draft).count() == 12
