"""The import says up front when its target version can no longer change, and warns about rows that
leave "when" or the approver open."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from resonanz.core.models import Membership, Organization
from resonanz.plan import actions
from resonanz.plan.models import ImportStatus, PlanVersion
from resonanz.plan.tests.factories import complete_row_values, make_plan, make_plan_people
from resonanz.plan.tests.test_import import GERMAN_HEADER, csv_upload, good_line, run_check


@pytest.fixture
def people(org: Organization) -> tuple[Membership, Membership]:
    return make_plan_people(org)


@pytest.fixture
def draft(org: Organization, people: tuple[Membership, Membership]) -> PlanVersion:
    _plan, version, _rows = make_plan(org, people[0], rows=0)
    return version


def test_the_dry_run_of_a_frozen_version_says_so_and_offers_no_import(
    org: Organization,
    people: tuple[Membership, Membership],
    draft: PlanVersion,
    client_for: Callable[..., Client],
) -> None:
    """GIVEN a checked import into version 1 WHEN version 1 is submitted (and so frozen) THEN the job
    page says so in German, offers no import button, and a click on confirm is refused, nothing stored."""
    editor, officer = people
    job = run_check(editor, draft, csv_upload([GERMAN_HEADER, good_line(editor)]))
    client = client_for(editor)
    job_url = reverse("plan:plan_import_job", args=[org.slug, job.pk])
    confirm_url = reverse("plan:plan_import_confirm", args=[org.slug, job.pk])
    assert f'action="{confirm_url}"' in client.get(job_url).content.decode()

    actions.add_row(editor, draft, **complete_row_values(org, editor))
    actions.submit_for_review(editor, draft)
    actions.approve_version(officer, draft)
    actions.publish_version(officer, draft)
    page = client.get(job_url).content.decode()
    clicked = client.post(confirm_url)

    assert "Version 1 hat den Status „veröffentlicht“ und kann nicht mehr geändert werden" in page
    assert f'action="{confirm_url}"' not in page and "in Version 1 importieren" not in page
    assert reverse("plan:plan_new_draft", args=[org.slug, draft.plan_id]) in page
    assert clicked.status_code == 302
    shown = [str(message) for message in get_messages(clicked.wsgi_request)]
    assert len(shown) == 1 and "kann nicht mehr geändert werden" in shown[0]
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and draft.rows.count() == 1


def test_the_dry_run_warns_about_a_row_without_when_or_approver(
    people: tuple[Membership, Membership], draft: PlanVersion
) -> None:
    editor, _officer = people
    no_when = good_line(editor, "Ohne Zeitpunkt")
    no_when[2] = no_when[3] = no_when[4] = ""
    no_approver = good_line(editor, "Ohne Freigabe")
    no_approver[10] = ""

    job = run_check(editor, draft, csv_upload([GERMAN_HEADER, no_when, no_approver, good_line(editor)]))

    assert (job.error_count, job.valid_rows) == (0, 3)
    warnings = [(p["line"], p["column"], p["message"]) for p in job.problems if p["level"] == "warning"]
    assert len(warnings) == 2, warnings
    (when_line, when_column, when_text), (approver_line, approver_column, approver_text) = warnings
    assert (when_line, when_column) == (2, GERMAN_HEADER[2]) and "„Wann“" in when_text
    assert (approver_line, approver_column) == (3, "Freigabe") and "Freigabe" in approver_text
