"""Who reads evidence: the roles that record or check execution; the others see only what ran.

Evidence names who recorded it and carries free notes and files about people's work. The works council
promises aggregates only, the ambassador the published plan, the data-protection officer the audit trail
and aggregates: none of them reads a note, a recorder or a file (pages, downloads and the API alike).
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse

from resonanz.core import actions as core_actions
from resonanz.core.models import AuditRecord, Organization
from resonanz.core.roles import CAPABILITIES, Capability, Role
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.models import Evidence
from resonanz.plan.tests.factories import make_plan_people, make_published_plan

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NOTE = "Frau Beispiel hat die Runde vergessen, Herr Muster sprang ein"
READERS = {Role.QUALITY_OFFICER, Role.COMMUNICATIONS_MANAGER, Role.BUDDY, Role.AUDITOR}
NOT_READERS = set(Role) - READERS


def test_exactly_the_roles_that_record_or_check_execution_read_evidence() -> None:
    readers = {role for role in Role if Capability.VIEW_EVIDENCE in CAPABILITIES[role]}
    assert readers == READERS
    for role in Role:
        if Capability.RECORD_EVIDENCE in CAPABILITIES[role]:
            assert Capability.VIEW_EVIDENCE in CAPABILITIES[role], f"{role} records what it cannot read"


@pytest.fixture
def evidence(org: Organization) -> Evidence:
    editor, officer = make_plan_people(org)
    _plan, version = make_published_plan(org, editor, officer, rows=1)
    row = version.rows.get()
    upload = SimpleUploadedFile("protokoll.pdf", b"%PDF-1.4 Protokoll", content_type="application/pdf")
    assert row.start_date is not None and row.start_time is not None
    planned = dt.datetime.combine(row.start_date, row.start_time, tzinfo=BERLIN)
    # The file is stored on commit, which the test's transaction never reaches: run that step here.
    with (
        time_machine.travel(planned + dt.timedelta(days=1), tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        return actions.mark_occurrence_done(editor, row, planned_for=planned, note=NOTE, attachment=upload)


def _api(member_role: Role, org: Organization, path: str) -> tuple[int, str]:
    member = make_member(org, [member_role])
    _token, plain = core_actions.create_api_token(member, name="Test", scope="read")
    response = Client().get("/api/v1/plan" + path, HTTP_AUTHORIZATION=f"Bearer {plain}")
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("role", sorted(NOT_READERS))
def test_the_api_gives_no_evidence_to_roles_that_promise_less(
    role: Role, org: Organization, evidence: Evidence
) -> None:
    listed, listed_body = _api(role, org, "/evidence")
    one, one_body = _api(role, org, f"/evidence/{evidence.pk}")

    assert listed == 403 and one in (403, 404)
    assert NOTE not in listed_body + one_body


@pytest.mark.parametrize("role", sorted(READERS))
def test_the_api_gives_evidence_to_the_roles_that_read_it(
    role: Role, org: Organization, evidence: Evidence
) -> None:
    status, body = _api(role, org, f"/evidence/{evidence.pk}")

    assert status == 200 and json.loads(body)["note"] == NOTE


@pytest.mark.parametrize("role", sorted(NOT_READERS))
def test_pages_show_no_note_and_no_file_to_roles_that_promise_less(
    role: Role, org: Organization, evidence: Evidence
) -> None:
    client = Client()
    client.force_login(make_member(org, [role]).user)
    file_url = reverse("plan:plan_evidence_file", args=[org.slug, evidence.pk])

    download = client.get(file_url)
    execution = client.get(
        reverse("plan:plan_execution", args=[org.slug, evidence.plan_id]),
        {"start": evidence.occurred_at.date().isoformat(), "end": evidence.occurred_at.date().isoformat()},
    )

    assert download.status_code in (403, 404)
    page = execution.content.decode()
    assert execution.status_code == 200 and "circle-check" in page, "that it ran is an aggregate: shown"
    assert NOTE[:30] not in page and file_url not in page


def test_the_auditor_reads_the_note_and_downloads_the_file(org: Organization, evidence: Evidence) -> None:
    client = Client()
    client.force_login(make_member(org, [Role.AUDITOR]).user)
    file_url = reverse("plan:plan_evidence_file", args=[org.slug, evidence.pk])
    day = evidence.occurred_at.date().isoformat()

    execution = client.get(
        reverse("plan:plan_execution", args=[org.slug, evidence.plan_id]), {"start": day, "end": day}
    )
    download = client.get(file_url)

    assert NOTE[:30] in execution.content.decode() and file_url in execution.content.decode()
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 Protokoll"  # type: ignore[attr-defined]


def test_each_download_of_a_file_is_recorded(org: Organization, evidence: Evidence) -> None:
    auditor = make_member(org, [Role.AUDITOR])
    client = Client()
    client.force_login(auditor.user)

    client.get(reverse("plan:plan_evidence_file", args=[org.slug, evidence.pk]))

    record = AuditRecord.objects.filter(organization=org).order_by("seq").last()
    assert record is not None and record.action == "plan.evidence_downloaded"
    assert record.actor == auditor.user and record.object_id == str(evidence.pk)
    assert record.after == {"file": "protokoll.pdf"}


def test_a_refused_download_records_nothing(org: Organization, evidence: Evidence) -> None:
    client = Client()
    client.force_login(make_member(org, [Role.WORKS_COUNCIL]).user)
    before = AuditRecord.objects.filter(organization=org).count()

    client.get(reverse("plan:plan_evidence_file", args=[org.slug, evidence.pk]))

    assert AuditRecord.objects.filter(organization=org).count() == before
