"""A PDF made by the worker: the row is the truth about it, the file lives in the default storage."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.documents.purposes import DOCUMENTS, WHILE_MADE_AND_A_DAY


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RENDERING = "rendering", _("being made")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


@declare(
    # The document's data and the PDF made from it name the people of the plan (owners, approvers …).
    PersonalData(
        ("payload", "stored_file"),
        category=Category.FREE_TEXT,
        purpose=DOCUMENTS,
        basis=LawfulBasis.CONTRACT,
        retention=WHILE_MADE_AND_A_DAY,
    ),
    not_personal=(
        "organization",
        "subject",
        "template",
        "digest",
        "status",
        "size",
        "attempts",
        "error",
        "created_at",
        "updated_at",
        "finished_at",
    ),
)
class DocumentJob(models.Model):
    """One document on its way to a PDF, and afterwards that PDF kept for a day.

    A job is named by what it holds: ``subject`` (``plan.version:42``) and the ``digest`` of the
    template, language and data (``rendering.Document.digest``), unique per organization, so any
    member whose export would be the same gets the same file, and two requests queue it once.
    ``payload`` holds the document's data until the worker has made it. A worker takes a job by
    changing its status from queued to rendering in one conditional UPDATE (``jobs.run_job``).
    """

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="document_jobs"
    )
    subject = models.CharField(max_length=100)
    template = models.CharField(max_length=200)
    digest = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    payload = models.JSONField(default=dict, blank=True)
    stored_file = models.CharField(max_length=300, blank=True)
    size = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document job")
        verbose_name_plural = _("document jobs")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "subject", "digest"], name="documents_job_one_per_content"
            ),
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values), name="documents_job_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=JobStatus.DONE) | ~Q(stored_file=""), name="documents_job_done_has_file"
            ),
        ]
        indexes = [models.Index(fields=["status", "updated_at"], name="documents_job_status_idx")]

    def __str__(self) -> str:
        return f"{self.subject} {self.digest[:12]} ({self.status})"
