"""Planned versus executed, marking occurrences as done (with a file), and downloading evidence files."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.attachments import MAX_ATTACHMENT_BYTES
from resonanz.plan.models import Evidence, WhenKind
from resonanz.plan.tests.factories import complete_row_values
from resonanz.plan.tests.page_helpers import Office, de, make_office, signed_in

BERLIN = dt.timezone(dt.timedelta(hours=1))
# Every second Tuesday at 09:00 from 6 January 2026: 6 and 20 January, 3 February, 17 February, …
NOW = dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC)


@pytest.fixture
def office(org: Organization) -> Office:
    with time_machine.travel(NOW - dt.timedelta(days=60), tick=False):
        return make_office(org, rows=1)


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _row(office: Office) -> Any:
    return office.published.rows.get()


def test_the_page_counts_planned_and_executed_occurrences(office: Office, frozen: Any) -> None:
    row = _row(office)
    actions.mark_occurrence_done(
        office.manager, row, planned_for=dt.datetime(2026, 1, 6, 9, tzinfo=BERLIN), note="erledigt"
    )

    response = signed_in(office.ambassador).get(
        office.url(f"{office.plan.pk}/execution/"), {"start": "2026-01-01", "end": "2026-02-28"}
    )
    text = response.content.decode()

    assert response.status_code == 200
    # Planned 6.1., 20.1., 3.2., 17.2.: one done, two missed, one still to come.
    assert text.count("occurrence occurrence-done") == 1
    assert text.count("occurrence occurrence-missed") == 2
    assert text.count("occurrence occurrence-upcoming") == 1
    assert '<div class="stat-figure">4</div>' in text and '<div class="stat-figure">33 %</div>' in text
    assert de("Mark as done") not in text, "an ambassador records nothing"


def test_a_bad_period_is_refused_with_a_message(office: Office, frozen: Any) -> None:
    client = signed_in(office.manager)

    backwards = client.get(
        office.url(f"{office.plan.pk}/execution/"), {"start": "2026-03-01", "end": "2026-01-01"}
    )
    too_long = client.get(
        office.url(f"{office.plan.pk}/execution/"), {"start": "2024-01-01", "end": "2026-01-01"}
    )
    garbage = client.get(office.url(f"{office.plan.pk}/execution/"), {"start": "gestern", "end": ""})

    assert backwards.status_code == 400
    assert de("The end of the period lies before its start.") in backwards.content.decode()
    assert too_long.status_code == 400
    assert de("Choose a period of at most one year.") in too_long.content.decode()
    assert garbage.status_code == 400


def test_a_buddy_marks_an_occurrence_as_done_with_a_note_and_a_file(
    committing_db: None, office: Office, frozen: Any
) -> None:
    row = _row(office)
    client = signed_in(office.buddy)
    planned = "2026-01-20T09:00:00+01:00"

    form = client.get(office.url(f"rows/{row.pk}/done/"), {"planned_for": planned})
    upload = SimpleUploadedFile("protokoll.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    response = client.post(
        office.url(f"rows/{row.pk}/done/"),
        {"planned_for": planned, "note": "Im Intranet erschienen", "attachment": upload},
    )

    assert form.status_code == 200 and f'value="{planned}" selected' in form.content.decode()
    assert response.status_code == 302
    assert response["Location"] == office.url(f"{office.plan.pk}/execution/")
    evidence = Evidence.objects.get(row_key=row.row_key)
    assert evidence.planned_for == dt.datetime.fromisoformat(planned)
    assert evidence.note == "Im Intranet erschienen" and evidence.recorded_by == office.buddy
    download = signed_in(office.auditor).get(office.url(f"evidence/{evidence.pk}/file/"))
    assert download.status_code == 200
    assert (
        download["Content-Disposition"].startswith("attachment;")
        and "protokoll.pdf" in download["Content-Disposition"]
    )
    assert download.getvalue() == b"%PDF-1.4 minutes"


def test_marking_the_same_occurrence_again_says_it_is_done_already(office: Office, frozen: Any) -> None:
    row = _row(office)
    client = signed_in(office.buddy)
    planned = "2026-01-20T09:00:00+01:00"
    client.post(office.url(f"rows/{row.pk}/done/"), {"planned_for": planned, "note": "erledigt"})

    again = client.post(office.url(f"rows/{row.pk}/done/"), {"planned_for": planned, "note": "nochmal"})

    assert again.status_code == 400
    assert "bereits als erledigt markiert" in again.content.decode()
    assert planned not in again.content.decode().split("<main", 1)[1].split("<select", 1)[0]
    assert Evidence.objects.filter(row_key=row.row_key).count() == 1


def test_a_file_over_ten_megabytes_is_refused_and_nothing_is_written(office: Office, frozen: Any) -> None:
    row = _row(office)
    upload = SimpleUploadedFile("video.mp4", b"0" * (MAX_ATTACHMENT_BYTES + 1), content_type="video/mp4")

    response = signed_in(office.manager).post(
        office.url(f"rows/{row.pk}/done/"), {"planned_for": "2026-01-20T09:00:00+01:00", "attachment": upload}
    )

    assert response.status_code == 400
    assert de("The file is larger than 10 MB.") in response.content.decode()
    assert not Evidence.objects.exists()


def test_an_occurrence_that_was_not_planned_or_is_done_already_is_refused(
    office: Office, frozen: Any
) -> None:
    row = _row(office)
    client = signed_in(office.manager)
    done = {"planned_for": "2026-01-06T09:00:00+01:00", "note": "Protokoll"}
    client.post(office.url(f"rows/{row.pk}/done/"), done)

    again = client.post(office.url(f"rows/{row.pk}/done/"), done)
    invented = client.post(
        office.url(f"rows/{row.pk}/done/"), {"planned_for": "2026-01-07T09:00:00+01:00", "note": "x"}
    )

    assert again.status_code == 400 and invented.status_code == 400
    assert Evidence.objects.count() == 1
    assert '<option value="2026-01-06T09:00:00+01:00"' not in again.content.decode()


def test_an_occasion_of_a_trigger_row_is_recorded_at_local_time(office: Office, frozen: Any) -> None:
    draft = actions.start_new_draft(office.manager, office.plan, "Anlass")
    trigger = actions.add_row(
        office.manager,
        draft,
        **complete_row_values(
            office.organization,
            office.manager,
            when_kind=WhenKind.TRIGGER,
            rrule="",
            start_date=None,
            trigger="Nach jeder Messe",
        ),
    )

    response = signed_in(office.manager).post(
        office.url(f"rows/{trigger.pk}/done/"), {"occurred_at": "2026-02-09T14:30", "note": "Messe Essen"}
    )

    assert response.status_code == 302
    evidence = Evidence.objects.get(row_key=trigger.row_key)
    assert evidence.planned_for is None
    assert evidence.occurred_at == dt.datetime(2026, 2, 9, 14, 30, tzinfo=BERLIN)


@pytest.mark.parametrize("roles", [["ambassador"], ["auditor"], ["works_council"], ["admin"]])
def test_members_who_do_not_record_evidence_get_403(office: Office, frozen: Any, roles: list[str]) -> None:
    row = _row(office)
    client = signed_in(make_member(office.organization, roles))

    page = client.get(office.url(f"rows/{row.pk}/done/"))
    post = client.post(office.url(f"rows/{row.pk}/done/"), {"planned_for": "2026-01-06T09:00:00+01:00"})

    assert (page.status_code, post.status_code) == (403, 403)
    assert not Evidence.objects.exists()


def test_evidence_of_another_organization_is_not_found(
    office: Office, frozen: Any, other_org: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    row = _row(office)
    upload = SimpleUploadedFile("a.txt", b"geheim")
    with django_capture_on_commit_callbacks(execute=True):
        evidence = actions.mark_occurrence_done(
            office.manager, row, planned_for=dt.datetime(2026, 1, 6, 9, tzinfo=BERLIN), attachment=upload
        )
    stranger = make_member(other_org, ["quality_officer"])

    response = signed_in(stranger).get(f"/o/{other_org.slug}/plan/evidence/{evidence.pk}/file/")
    done = signed_in(stranger).get(f"/o/{other_org.slug}/plan/rows/{row.pk}/done/")
    own = signed_in(office.auditor).get(office.url(f"evidence/{evidence.pk}/file/"))

    assert response.status_code == 404 and done.status_code == 404
    assert own.status_code == 200
