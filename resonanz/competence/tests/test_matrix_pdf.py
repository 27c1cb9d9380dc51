"""The training matrix as PDF: small ones during the request, large ones by the worker while the page
waits (the plan's mechanism, ``documents.deferred`` and ``documents.waiting``), the API's 202."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from resonanz.competence.actions import exports as export_actions
from resonanz.competence.tests.factories import PRIVACY, certify, competence_named, quality_officer
from resonanz.competence.tests.test_api import Caller
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.documents import deferred, jobs
from resonanz.documents.models import DocumentJob
from resonanz.documents.rendering import Document, DocumentError

pytestmark = pytest.mark.django_db
Clients = Callable[[Membership], Client]


def _url(org: Organization, query: str = "") -> str:
    return f"/o/{org.slug}/competence/matrix/export.pdf" + (f"?{query}" if query else "")


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The matrix of three people (and the officer) is "large"; the jobs handed to the worker."""
    monkeypatch.setattr(export_actions, "PDF_SYNC_PEOPLE", 2)
    taken: list[int] = []
    monkeypatch.setattr("resonanz.documents.tasks.render_document_task", taken.append)
    return taken


def _people(org: Organization) -> None:
    """Three people who hold the privacy basics."""
    for name in ("Anna Vertrieb", "Ben Vertrieb", "Cora Technik"):
        certify(make_member(org, full_name=name), competence_named(org, PRIVACY), dt.date(2026, 1, 1))


def test_a_small_matrix_is_made_during_the_request_and_nothing_is_kept(
    org: Organization, client_for: Clients
) -> None:
    _people(org)
    response = client_for(quality_officer(org)).get(_url(org))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert not DocumentJob.objects.exists()


def test_a_large_matrix_is_made_by_the_worker_while_the_page_waits(
    org: Organization, client_for: Clients, queued: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    """GIVEN more people than are made in the request WHEN the PDF is asked for THEN the page waits
    (202) and polls with the token, one job is queued however often it is asked, nothing is recorded
    until the file is delivered, and the download keeps the filters."""
    _people(org)
    client = client_for(quality_officer(org))
    german = {"Accept-Language": "de"}
    with django_capture_on_commit_callbacks(execute=True):
        waiting = client.get(_url(org, "status=held"), headers=german)
        asked_again = client.get(_url(org, "status=held"), headers=german)

    assert waiting.status_code == asked_again.status_code == 202
    assert "Das PDF dieser umfangreichen Qualifikationsmatrix wird erstellt." in waiting.content.decode()
    assert len(queued) == 1, "one job, however often it is asked for"
    token = waiting.context["token"]
    assert asked_again.context["token"] == token
    assert waiting.context["wait"].token_url == _url(org, f"status=held&token={token}")
    poll = client.get(_url(org, f"status=held&token={token}"), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in poll.content.decode()
    assert not AuditRecord.objects.filter(action="competence.matrix_exported").exists(), "nothing delivered"

    assert jobs.run_job(queued[0])  # what the worker does
    ready = client.get(_url(org, f"status=held&token={token}"), headers={"HX-Request": "true"})
    assert "hx-trigger" not in ready.content.decode() and "PDF herunterladen" in ready.content.decode()
    download = client.get(_url(org, f"status=held&token={token}"))
    assert download.status_code == 200 and download.content.startswith(b"%PDF-")
    assert download["Content-Disposition"].startswith('attachment; filename="qualifikationsmatrix-')
    record = AuditRecord.objects.get(action="competence.matrix_exported")
    assert record.after is not None and record.after["status"] == "held" and record.after["people"] == 3
    assert client.get(_url(org, "token=../../etc")).context["state"] == "failed", "a bad token is no path"


def test_the_token_names_nothing_in_another_organization(
    org: Organization,
    other_org: Organization,
    client_for: Clients,
    queued: list[int],
    django_capture_on_commit_callbacks: Any,
) -> None:
    _people(org)
    with django_capture_on_commit_callbacks(execute=True):
        token = client_for(quality_officer(org)).get(_url(org)).context["token"]
    assert jobs.run_job(queued[0])
    stranger = client_for(quality_officer(other_org))
    answer = stranger.get(_url(other_org, f"token={token}"), headers={"HX-Request": "true"})
    assert answer.context["state"] == "failed", "another organization's job is not found"
    assert stranger.get(_url(org, f"token={token}")).status_code == 404


def test_a_failed_pdf_says_so_and_is_tried_again_when_asked(
    org: Organization,
    client_for: Clients,
    queued: list[int],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _people(org)

    def broken(document: Document) -> bytes:
        raise DocumentError("competence/pdf/matrix.typ: out of memory")

    monkeypatch.setattr(jobs, "compile_pdf", broken)
    client = client_for(quality_officer(org))
    with django_capture_on_commit_callbacks(execute=True):
        token = client.get(_url(org)).context["token"]
    jobs.run_job(queued[0])
    failed = client.get(_url(org, f"token={token}"), headers={"HX-Request": "true", "Accept-Language": "de"})
    assert failed.context["state"] == "failed" and "alert-danger" in failed.content.decode()
    assert "XLSX-Export" in failed.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.get(_url(org))
    assert retried.status_code == 202 and len(queued) == 2, "asked again: queued again"
    assert DocumentJob.objects.get().status == "queued"


def test_the_kept_pdf_is_deleted_a_day_later(
    org: Organization, client_for: Clients, queued: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    _people(org)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(quality_officer(org)).get(_url(org))
    jobs.run_job(queued[0])
    stored = DocumentJob.objects.get().stored_file
    assert stored
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, hours=1)):
        jobs.prune_jobs()
    assert not DocumentJob.objects.exists()
    assert not default_storage.exists(stored)


def test_the_api_answers_202_with_retry_after_then_the_file_and_503_when_it_fails(
    org: Organization,
    queued: list[int],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _people(org)
    caller = Caller(quality_officer(org))
    with django_capture_on_commit_callbacks(execute=True):
        pending = caller.get("/matrix/export", format="pdf")
    assert pending.status_code == 202 and pending["Retry-After"] == "3"
    assert pending.json()["status"] == "pending"
    assert jobs.run_job(queued[0])
    done = caller.get("/matrix/export", format="pdf")
    assert done.status_code == 200 and done.content.startswith(b"%PDF-")

    def broken(document: Document) -> bytes:
        raise DocumentError("competence/pdf/matrix.typ: out of memory")

    monkeypatch.setattr(deferred, "compile_pdf", broken)
    monkeypatch.setattr(export_actions, "PDF_SYNC_PEOPLE", 1000)
    certify(make_member(org), competence_named(org, PRIVACY), dt.date(2026, 2, 1))  # another matrix
    failed = caller.get("/matrix/export", format="pdf")
    assert failed.status_code == 503 and failed["Content-Type"] == "application/problem+json"
    assert "XLSX" in failed.json()["detail"]
