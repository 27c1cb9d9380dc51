"""PDF jobs: one database row per document, taken by one worker only, kept for a day."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from resonanz.core.models import Organization
from resonanz.documents import jobs, rendering
from resonanz.documents.models import DocumentJob, JobStatus
from resonanz.documents.rendering import Document, DocumentError
from resonanz.documents.tests.conftest import sample_data

pytestmark = pytest.mark.usefixtures("sample_templates")
SUBJECT = "plan.version:1"


def sample(text: str = "Maßnahmen") -> Document:
    return Document("documents/sample.typ", sample_data(plain=text), "de")


@pytest.fixture
def queue(monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any) -> list[int]:
    """The job ids handed to the worker (after the commit), instead of running them."""
    queued: list[int] = []
    monkeypatch.setattr("resonanz.documents.tasks.render_document_task", queued.append)
    return queued


def ask(org: Organization, document: Document, capture: Callable[..., Any]) -> DocumentJob:
    with capture(execute=True):
        return jobs.request_pdf(org.pk, SUBJECT, document)


def test_asking_twice_for_the_same_document_queues_one_job(
    org: Organization, queue: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    first = ask(org, sample(), django_capture_on_commit_callbacks)
    again = ask(org, sample(), django_capture_on_commit_callbacks)
    other = ask(org, sample("Anderes"), django_capture_on_commit_callbacks)

    assert first.pk == again.pk and first.status == JobStatus.QUEUED
    assert queue == [first.pk, other.pk]
    assert DocumentJob.objects.count() == 2


def test_the_worker_makes_the_pdf_and_later_requests_get_it_kept(
    org: Organization, queue: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    job = ask(org, sample(), django_capture_on_commit_callbacks)
    assert jobs.kept_pdf(org.pk, SUBJECT, sample()) is None

    assert jobs.run_job(job.pk) is True

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.payload == {} and job.attempts == 1
    kept = jobs.kept_pdf(org.pk, SUBJECT, sample())
    assert kept is not None and kept.startswith(b"%PDF") and len(kept) == job.size
    assert default_storage.exists(job.stored_file)
    assert jobs.job_state(org.pk, SUBJECT, job.digest) == "ready"
    assert jobs.kept_pdf(org.pk, SUBJECT, sample("geändert")) is None, "other data, other PDF"
    assert jobs.kept_pdf(org.pk, "plan.version:2", sample()) is None, "same data, other subject"


def test_a_job_is_made_once_however_often_the_message_arrives(
    org: Organization,
    queue: list[int],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    job = ask(org, sample(), django_capture_on_commit_callbacks)
    real = rendering.compile_pdf
    second_delivery: list[bool] = []

    def compile_while_another_worker_tries(document: Document) -> bytes:
        second_delivery.append(jobs.run_job(job.pk))  # the same message, delivered again meanwhile
        return real(document)

    monkeypatch.setattr(jobs, "compile_pdf", compile_while_another_worker_tries)

    assert jobs.run_job(job.pk) is True
    assert second_delivery == [False], "the second worker found the job taken"
    assert jobs.run_job(job.pk) is False, "and a late delivery finds it done"
    assert DocumentJob.objects.get().attempts == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_moment_make_the_pdf_once(monkeypatch: pytest.MonkeyPatch) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time; the conditional UPDATE is tested above")
    from resonanz.core.tests.factories import make_organization

    org = make_organization("Parallel GmbH")
    job = DocumentJob.objects.create(
        organization=org,
        subject=SUBJECT,
        template="documents/sample.typ",
        digest="a" * 64,
        payload={"data": sample_data(), "language": "de", "images": {}},
    )
    compiled: list[str] = []

    def compile_once(document: Document) -> bytes:
        compiled.append("x")
        return b"%PDF-1.7 test"

    monkeypatch.setattr(jobs, "compile_pdf", compile_once)
    start = threading.Barrier(2)
    taken: list[bool] = []

    def worker() -> None:
        start.wait()
        try:
            taken.append(jobs.run_job(job.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(taken) == [False, True] and compiled == ["x"]
    assert DocumentJob.objects.get().status == JobStatus.DONE


def test_a_failed_job_is_tried_again_when_asked_again_up_to_a_limit(
    org: Organization,
    queue: list[int],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(document: Document) -> bytes:
        raise DocumentError("documents/sample.typ: error: unknown variable")

    monkeypatch.setattr(jobs, "compile_pdf", broken)
    job = ask(org, sample(), django_capture_on_commit_callbacks)
    for attempt in range(1, jobs.MAX_ATTEMPTS + 1):
        assert jobs.run_job(job.pk) is True
        job.refresh_from_db()
        assert (job.status, job.attempts, job.payload) == (JobStatus.FAILED, attempt, {})
        assert "unknown variable" in job.error
        assert jobs.job_state(org.pk, SUBJECT, job.digest) == "failed"
        job = ask(org, sample(), django_capture_on_commit_callbacks)

    assert job.status == JobStatus.FAILED, "after the last attempt it stays failed"
    assert queue == [job.pk] * jobs.MAX_ATTEMPTS
    assert job.stored_file == "" and not default_storage.exists(f"documents/{org.pk}/{job.digest}.pdf")


def test_pruning_fails_jobs_whose_worker_died_and_forgets_pdfs_after_a_day(
    org: Organization, queue: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    done = ask(org, sample("fertig"), django_capture_on_commit_callbacks)
    jobs.run_job(done.pk)
    done.refresh_from_db()
    stuck = ask(org, sample("hängt"), django_capture_on_commit_callbacks)
    DocumentJob.objects.filter(pk=stuck.pk).update(status=JobStatus.RENDERING)

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=20)):
        jobs.prune_jobs()
    stuck.refresh_from_db()
    assert stuck.status == JobStatus.FAILED and stuck.error
    assert DocumentJob.objects.filter(pk=done.pk).exists(), "a PDF of today is kept"

    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        jobs.prune_jobs()
    assert not DocumentJob.objects.exists()
    assert not default_storage.exists(done.stored_file)


def test_a_kept_pdf_whose_file_went_missing_is_made_anew(
    org: Organization, queue: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    job = ask(org, sample(), django_capture_on_commit_callbacks)
    jobs.run_job(job.pk)
    job.refresh_from_db()
    default_storage.delete(job.stored_file)

    assert jobs.kept_pdf(org.pk, SUBJECT, sample()) is None
    again = ask(org, sample(), django_capture_on_commit_callbacks)
    assert again.pk != job.pk and again.status == JobStatus.QUEUED


def test_a_job_given_up_while_rendering_leaves_no_file(
    org: Organization,
    queue: list[int],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    job = ask(org, sample(), django_capture_on_commit_callbacks)
    real = rendering.compile_pdf

    def slow(document: Document) -> bytes:
        jobs.forget(SUBJECT)  # e.g. the benchmark or a clean-up forgot the job meanwhile
        return real(document)

    monkeypatch.setattr(jobs, "compile_pdf", slow)
    jobs.run_job(job.pk)

    assert not DocumentJob.objects.exists()
    assert not default_storage.exists(f"documents/{org.pk}/{job.digest}.pdf")
