"""Odd values in queries and forms get a translated 4xx, never a 500."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.models import Evidence, WhenKind
from resonanz.plan.tests.factories import complete_row_values
from resonanz.plan.tests.page_helpers import Office, de, make_office, signed_in
from resonanz.plan.tests.test_api import Caller

NOW = dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC)
FAR_DATE = de("Enter a date between %(earliest)s and %(latest)s.", earliest=1970, latest=2200)


@pytest.fixture
def office(org: Organization) -> Office:
    with time_machine.travel(NOW - dt.timedelta(days=60), tick=False):
        return make_office(org, rows=1)


@pytest.mark.parametrize("page", ["calendar", "execution", "people"])
@pytest.mark.parametrize("version", ["²", "٣", "9" * 5000, "99999999999999999999", "-1", "1e3"])
def test_a_version_that_is_no_plain_id_is_not_found(office: Office, page: str, version: str) -> None:
    response = signed_in(office.manager).get(office.url(f"{office.plan.pk}/{page}/"), {"version": version})

    assert response.status_code == 404


def test_a_plain_version_id_still_chooses_the_version(office: Office) -> None:
    draft = actions.start_new_draft(office.manager, office.plan, "Weiter")

    response = signed_in(office.manager).get(office.url(f"{office.plan.pk}/calendar/"), {"version": draft.pk})

    assert response.status_code == 200
    assert response.context["version"] == draft


@pytest.mark.parametrize(
    "query",
    [
        {"date_to": "9999-12-31"},
        {"date_from": "0001-01-01"},
        {"date_from": "0001-01-01", "date_to": "9999-12-31"},
    ],
)
@pytest.mark.parametrize("path", ["audit/", "audit/export.csv", "audit/export.json"])
def test_far_dates_in_the_audit_trail_are_refused_before_anything_is_sent(
    office: Office, path: str, query: dict[str, str]
) -> None:
    officer = signed_in(office.officer)

    response = officer.get(f"/o/{office.organization.slug}/{path}", query)

    assert response.status_code == 400
    body = response.getvalue()
    assert FAR_DATE in body.decode()


def _core_api(office: Office, path: str) -> Any:
    caller = Caller(office.officer)
    return Client().get("/api/v1" + path, **caller.headers)


@pytest.mark.parametrize(
    ("name", "value"), [("since", "1900-01-01T00:00:00"), ("until", "2900-12-31T23:00:00")]
)
def test_far_times_in_the_audit_api_are_refused(office: Office, name: str, value: str) -> None:
    response = _core_api(office, f"/audit-records?{name}={value}")

    assert response.status_code == 422
    assert "Enter a date between 1970 and 2200." in response.content.decode()


def test_the_audit_page_the_export_and_the_api_filter_alike(office: Office) -> None:
    """Parts of an action, an actor or an object type match on every way out of the trail."""
    officer = signed_in(office.officer)
    slug = office.organization.slug

    page = officer.get(f"/o/{slug}/audit/", {"action": "published", "object_type": "planvers"})
    export = officer.get(f"/o/{slug}/audit/export.json", {"action": "published", "object_type": "planvers"})
    api = _core_api(office, "/audit-records?action=published&object_type=planvers").json()

    records = list(page.context["page"])
    exported = export.getvalue().decode()
    assert [record.action for record in records] == ["plan.version_published"]
    assert exported.count('"plan.version_published"') == 1
    assert [item["action"] for item in api["items"]] == ["plan.version_published"]


def _trigger_row(office: Office) -> int:
    draft = actions.start_new_draft(office.manager, office.plan, "Anlass")
    values = complete_row_values(
        office.organization,
        office.manager,
        when_kind=WhenKind.TRIGGER,
        rrule="",
        start_date=None,
        trigger="Messe",
    )
    return actions.add_row(office.manager, draft, **values).pk


@pytest.mark.parametrize("occurred_at", ["0001-01-01T00:00", "9999-12-31T23:59", "1900-01-01T00:00"])
def test_a_far_occasion_is_refused_on_the_page(office: Office, occurred_at: str) -> None:
    row = _trigger_row(office)

    response = signed_in(office.manager).post(
        office.url(f"rows/{row}/done/"), {"occurred_at": occurred_at, "note": "x"}
    )

    assert response.status_code == 400
    assert FAR_DATE in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("field", ["planned_for", "occurred_at"])
def test_a_far_time_is_refused_by_the_api(office: Office, field: str) -> None:
    row = office.published.rows.get()
    body = {"planned_for": "2026-01-06T09:00:00+01:00", field: "1900-01-01T00:00:00+01:00"}

    response = Caller(make_member(office.organization, ["communications_manager"])).send(
        "post", f"/rows/{row.pk}/evidence", body
    )

    assert response.status_code == 422
    assert "Enter a date between 1970 and 2200." in response.content.decode()
