"""A PDF made during the request when it is small, else by the worker while the asker waits.

Every export that may grow large (a plan version, planned vs. executed, the training matrix) asks
``pdf_now_or_later`` with its ``subject`` (``plan.version:42``) and a ``now`` that its own measured
threshold decides. A PDF the worker made of the same document today is served at once; a small one
is made now; a large one is handed to the worker (``jobs.request_pdf``) and ``PdfPending`` raised
with the document's digest as the token that the waiting page polls (``pending_state``) and the
API's 202 answer stands for. The token names a job only within the asker's organization and
subject, and the file is only ever served to whoever builds the same document again (the export
re-checks their rights and records the download); ``jobs.prune_jobs`` deletes it after a day.
"""

from __future__ import annotations

import logging

from resonanz.documents import jobs
from resonanz.documents.models import JobStatus
from resonanz.documents.rendering import Document, DocumentError, compile_pdf

logger = logging.getLogger(__name__)


class PdfPending(Exception):
    """The PDF is being made by the worker; ``token`` (its digest) names it for the waiting page."""

    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.token = token


class PdfFailed(Exception):
    """The PDF could not be made (the reason is in the log); ``token`` names it, if it was a job."""

    def __init__(self, token: str = "") -> None:
        super().__init__(token)
        self.token = token


def valid_token(token: str) -> bool:
    """Whether ``token`` looks like a digest (64 hex digits): anything else names no job."""
    return len(token) == 64 and all(character in "0123456789abcdef" for character in token)


def pdf_now_or_later(organization_id: int, subject: str, document: Document, *, now: bool) -> bytes:
    """The PDF of ``document``: kept by the worker today, made now (``now``), or handed to the worker.

    Raises ``PdfPending`` while the worker makes it and ``PdfFailed`` when it cannot be made.
    """
    kept = jobs.kept_pdf(organization_id, subject, document)
    if kept is not None:
        return kept
    if now:
        try:
            return compile_pdf(document)
        except DocumentError as error:
            logger.exception("could not make the PDF of %s", subject)
            raise PdfFailed() from error
    job = jobs.request_pdf(organization_id, subject, document)
    if job.status == JobStatus.DONE:  # an immediate queue (the benchmark) has made it already
        return jobs.read(job)
    if job.status == JobStatus.FAILED:
        raise PdfFailed(document.digest)
    raise PdfPending(document.digest)


def pending_state(organization_id: int, subject: str, token: str) -> str:
    """``ready``, ``running`` or ``failed`` for the PDF the worker makes under ``token``."""
    if not valid_token(token):
        return "failed"
    return jobs.job_state(organization_id, subject, token)
