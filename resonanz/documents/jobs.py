"""PDFs made by the worker, with a database row as the truth about each (``DocumentJob``).

The web asks for a document (``request_pdf``); the worker takes the job with a conditional UPDATE,
so two workers never make the same PDF (``run_job``); the web then finds the finished PDF under the
document's digest (``kept_pdf``). A finished PDF is kept for a day: exports of an unchanged
version that day get it at once. ``prune_jobs`` fails jobs whose worker died and forgets old ones.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from resonanz.documents.models import DocumentJob, JobStatus
from resonanz.documents.rendering import Document, compile_pdf

logger = logging.getLogger(__name__)

# A failed job is made again when someone asks again, up to this many attempts in all.
MAX_ATTEMPTS = 3
# A job rendering this long has lost its worker (a 2,000-row plan takes seconds).
STALE_AFTER = dt.timedelta(minutes=15)
# A finished PDF is kept this long; the PDFs name their export date, so a day is the useful life.
KEEP_FOR = dt.timedelta(days=1)
FOLDER = "documents"


def _payload(document: Document) -> dict[str, object]:
    return {
        "data": document.data,
        "language": document.language,
        "images": {name: svg.decode("utf-8") for name, svg in document.images.items()},
    }


def document_of(job: DocumentJob) -> Document:
    """The document a job was asked to make, as ``request_pdf`` stored it."""
    payload = job.payload
    images = {str(name): str(svg).encode("utf-8") for name, svg in payload.get("images", {}).items()}
    return Document(job.template, payload["data"], str(payload["language"]), images)


def read(job: DocumentJob) -> bytes:
    with default_storage.open(job.stored_file, "rb") as stored:
        content: bytes = stored.read()
    return content


def kept_pdf(organization_id: int, subject: str, document: Document) -> bytes | None:
    """The finished PDF of ``document``, if the worker made it (today), else None."""
    job = DocumentJob.objects.filter(
        organization_id=organization_id, subject=subject, digest=document.digest, status=JobStatus.DONE
    ).first()
    if job is None:
        return None
    try:
        return read(job)
    except FileNotFoundError:  # the file went missing: forget the job, the PDF is made again
        logger.warning("the kept PDF %s is missing", job.stored_file)
        DocumentJob.objects.filter(pk=job.pk).delete()
        return None


def request_pdf(organization_id: int, subject: str, document: Document) -> DocumentJob:
    """Have the worker make ``document`` unless it is made, being made or has failed too often.

    Returns the job as it is after asking (with an immediate queue it may be done already).
    """
    try:
        with transaction.atomic():
            job = DocumentJob.objects.create(
                organization_id=organization_id,
                subject=subject,
                template=document.template,
                digest=document.digest,
                payload=_payload(document),
            )
    except IntegrityError:  # asked before: by this member, another one, or a request at the same time
        job = DocumentJob.objects.get(
            organization_id=organization_id, subject=subject, digest=document.digest
        )
        if job.status != JobStatus.FAILED or job.attempts >= MAX_ATTEMPTS:
            return job
        # Asked again after a failure: one more attempt, queued by one request only.
        requeued = DocumentJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
            status=JobStatus.QUEUED, payload=_payload(document), error="", updated_at=timezone.now()
        )
        if not requeued:
            job.refresh_from_db()
            return job
    _enqueue(job.pk)
    job.refresh_from_db()
    return job


def _enqueue(job_id: int) -> None:
    from resonanz.documents.tasks import render_document_task

    # After the commit: a worker must find the row when the message arrives.
    transaction.on_commit(lambda: render_document_task(job_id))


def job_state(organization_id: int, subject: str, digest: str) -> str:
    """``ready``, ``running`` or ``failed`` (also for a job that does not exist)."""
    status = (
        DocumentJob.objects.filter(organization_id=organization_id, subject=subject, digest=digest)
        .values_list("status", flat=True)
        .first()
    )
    if status == JobStatus.DONE:
        return "ready"
    if status in (JobStatus.QUEUED, JobStatus.RENDERING):
        return "running"
    return "failed"


def run_job(job_id: int) -> bool:
    """The worker's step: take a queued job (only one worker gets it), make its PDF, keep it.

    Returns whether this worker took the job. A failure is recorded on the job, not raised: the
    next request for the same document tries again (``MAX_ATTEMPTS``).
    """
    now = timezone.now()
    claimed = DocumentJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RENDERING, attempts=F("attempts") + 1, updated_at=now
    )
    if not claimed:
        return False
    job = DocumentJob.objects.get(pk=job_id)
    stored = ""
    try:
        pdf = compile_pdf(document_of(job))
        stored = default_storage.save(f"{FOLDER}/{job.organization_id}/{job.digest}.pdf", ContentFile(pdf))
    except Exception as error:  # recorded on the row: the page shows the failure, a new request retries
        logger.exception("could not make the PDF of %s", job)
        _finish(job, status=JobStatus.FAILED, error=str(error)[:2000])
        return True
    if not _finish(job, status=JobStatus.DONE, stored_file=stored, size=len(pdf)):
        default_storage.delete(stored)  # the job was given up or forgotten meanwhile
    return True


def _finish(job: DocumentJob, **values: object) -> bool:
    now = timezone.now()
    return bool(
        DocumentJob.objects.filter(pk=job.pk, status=JobStatus.RENDERING).update(
            payload={}, finished_at=now, updated_at=now, **values
        )
    )


def forget(subject: str) -> None:
    """Drop every job of ``subject`` and its file (the benchmark measures a first export this way)."""
    _delete(DocumentJob.objects.filter(subject=subject))


def prune_jobs() -> None:
    """Fail jobs whose worker or queue message was lost; forget finished ones after ``KEEP_FOR``."""
    now = timezone.now()
    DocumentJob.objects.filter(
        status__in=(JobStatus.QUEUED, JobStatus.RENDERING), updated_at__lt=now - STALE_AFTER
    ).update(
        status=JobStatus.FAILED, payload={}, error="no worker finished it", finished_at=now, updated_at=now
    )
    _delete(DocumentJob.objects.filter(finished_at__lt=now - KEEP_FOR))


def _delete(jobs: QuerySet[DocumentJob]) -> None:
    for job_id, stored in list(jobs.values_list("pk", "stored_file")):
        if DocumentJob.objects.filter(pk=job_id).delete()[0] and stored:
            default_storage.delete(stored)
