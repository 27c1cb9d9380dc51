"""A row keeps only the when fields of its kind, whoever changes it: action, API or raw SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from resonanz.core.models import Organization
from resonanz.core.tests.tampering import flush_past_triggers
from resonanz.plan import actions
from resonanz.plan.models import PlanRow, WhenKind
from resonanz.plan.tests.factories import make_plan, make_plan_people
from resonanz.plan.tests.test_api import Caller


def _timing(row: PlanRow) -> tuple[str, str, dt.date | None, dt.time | None, str]:
    row.refresh_from_db()
    return row.when_kind, row.rrule, row.start_date, row.start_time, row.trigger


def test_changing_the_kind_empties_the_when_fields_the_new_kind_does_not_use(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, _draft, (row,) = make_plan(org, editor)

    actions.update_row(editor, row, when_kind=WhenKind.TRIGGER, trigger="Beschwerde eingegangen")
    assert _timing(row) == ("trigger", "", None, None, "Beschwerde eingegangen")

    actions.update_row(editor, row, when_kind=WhenKind.FIXED, start_date=dt.date(2026, 3, 2))
    assert _timing(row) == ("fixed", "", dt.date(2026, 3, 2), None, "")

    actions.update_row(editor, row, when_kind="", rrule="FREQ=DAILY")
    assert _timing(row) == ("", "", None, None, "")


def test_a_rule_sent_with_a_fixed_date_is_not_kept(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor)

    row = actions.add_row(
        editor,
        draft,
        when_kind=WhenKind.FIXED,
        rrule="FREQ=DAILY",
        start_date=dt.date(2026, 5, 4),
        trigger="x",
    )

    assert _timing(row) == ("fixed", "", dt.date(2026, 5, 4), None, "")


def test_the_api_leaves_no_old_rule_when_a_row_becomes_a_trigger(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, _draft, (row,) = make_plan(org, editor)

    response = Caller(editor).send(
        "patch", f"/rows/{row.pk}", {"when_kind": "trigger", "trigger": "Neue Zertifizierung"}
    )

    assert response.status_code == 200, response.content
    assert (response.json()["rrule"], response.json()["start_date"]) == ("", None)
    assert _timing(row) == ("trigger", "", None, None, "Neue Zertifizierung")


@pytest.mark.parametrize(
    "leftover",
    [
        {"trigger": "Beschwerde"},
        {"when_kind": WhenKind.FIXED},
        {"when_kind": WhenKind.TRIGGER, "trigger": "x"},
    ],
)
def test_the_database_refuses_when_fields_that_do_not_fit_the_kind(
    org: Organization, leftover: dict[str, str]
) -> None:
    editor, _officer = make_plan_people(org)
    _plan, _draft, (row,) = make_plan(org, editor)  # recurring, with rule, date and time

    with pytest.raises(IntegrityError), transaction.atomic():
        PlanRow.objects.filter(pk=row.pk).update(**leftover)


# ---------------------------------------------------------------- the upgrade

BEFORE = [("plan", "0006_version_contributors")]


@pytest.fixture
def migrating_db(transactional_db: None) -> Iterator[None]:
    yield
    flush_past_triggers()


def test_the_upgrade_empties_leftovers_of_published_rows_and_keeps_them_frozen(migrating_db: None) -> None:
    """GIVEN a published row that kept a trigger and a rule from an earlier kind
    WHEN the database is upgraded
    THEN the leftovers are gone, and the published row still cannot be changed."""
    old = MigrationExecutor(connection)
    old.migrate(BEFORE)
    state = old.loader.project_state(BEFORE).apps
    organization = state.get_model("core", "Organization").objects.create(name="Alt GmbH", slug="alt")
    users = state.get_model("core", "User").objects
    memberships = state.get_model("core", "Membership").objects
    author, approver = (
        memberships.create(organization=organization, user=users.create(email=f"{name}@alt.example"))
        for name in ("autor", "freigabe")
    )
    plan = state.get_model("plan", "CommunicationPlan").objects.create(
        organization=organization, identifier="KP-01", title="Plan", owner=author
    )
    version = state.get_model("plan", "PlanVersion").objects.create(plan=plan, number=1, author=author)
    rows = state.get_model("plan", "PlanRow").objects
    stale = rows.create(
        version=version, when_kind="fixed", rrule="FREQ=DAILY", trigger="alt", start_date=dt.date(2026, 1, 5)
    )
    now = timezone.now()
    state.get_model("plan", "PlanVersion").objects.filter(pk=version.pk).update(
        status="published", approver=approver, approved_at=now, published_at=now
    )

    latest = MigrationExecutor(connection)
    latest.migrate(latest.loader.graph.leaf_nodes())

    row = PlanRow.objects.get(pk=stale.pk)
    assert (row.when_kind, row.rrule, row.start_date, row.trigger) == ("fixed", "", dt.date(2026, 1, 5), "")
    with pytest.raises(DatabaseError), transaction.atomic():
        PlanRow.objects.filter(pk=row.pk).update(description="heimlich geändert")
