"""The row every import job is: an app's concrete job (the plan's ``ImportJob``, the people import's
``PeopleImportJob``) inherits these fields and adds what it imports into.

The row is the truth about an import's progress: the worker claims it with a conditional UPDATE, the
page polls it. The uploaded file lives in the default storage under ``stored_file`` until the import is
done, has failed or is discarded. ``problems`` holds the dry run's row-level findings (already in the
language of the member who started it); the counts cover all of them, the list at most
``checking.MAX_LISTED_PROBLEMS``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, Purpose, Retention, declare

M = TypeVar("M", bound=models.Model)


class ImportStatus(models.TextChoices):
    READING = "reading", _("being read")
    UPLOADED = "uploaded", _("waiting for the column mapping")
    CHECKING = "checking", _("being checked")
    CHECKED = "checked", _("checked")
    QUEUED = "queued", _("waiting to be imported")
    IMPORTING = "importing", _("being imported")
    DONE = "done", _("imported")
    FAILED = "failed", _("failed")


# A job in one of these states still has its uploaded file in storage.
ACTIVE_IMPORT_STATUSES = (
    ImportStatus.READING,
    ImportStatus.UPLOADED,
    ImportStatus.CHECKING,
    ImportStatus.CHECKED,
    ImportStatus.QUEUED,
    ImportStatus.IMPORTING,
)
RUNNING_IMPORT_STATUSES = (
    ImportStatus.READING,
    ImportStatus.CHECKING,
    ImportStatus.QUEUED,
    ImportStatus.IMPORTING,
)
FILE_FORMATS = ("xlsx", "csv")
# The fields of ``ImportJobBase`` that hold no personal data (see ``declare_import_job``).
_NOT_PERSONAL_FIELDS = (
    "organization",
    "file_name",
    "file_format",
    "file_size",
    "language",
    "headers",
    "mapping",
    "status",
    "total_rows",
    "processed_rows",
    "valid_rows",
    "imported_rows",
    "error_count",
    "warning_count",
    "error",
    "created_at",
    "updated_at",
    "finished_at",
)


def declare_import_job(
    purpose: Purpose,
    retention: Retention,
    *,
    free_text: tuple[str, ...] = (),
    not_personal: tuple[str, ...] = (),
) -> Callable[[type[M]], type[M]]:
    """The personal-data declaration of a concrete import job: who started it, and the uploaded file
    and the findings (which quote the file), kept for ``purpose`` as long as ``retention`` says; plus
    the fields the concrete job adds (``free_text`` personal, ``not_personal`` not)."""
    return declare(
        PersonalData(
            ("created_by",),
            category=Category.ACTIVITY,
            purpose=purpose,
            basis=LawfulBasis.CONTRACT,
            retention=retention,
        ),
        PersonalData(
            ("stored_file", "problems", *free_text),
            category=Category.FREE_TEXT,
            purpose=purpose,
            basis=LawfulBasis.CONTRACT,
            retention=retention,
        ),
        not_personal=(*not_personal, *_NOT_PERSONAL_FIELDS),
    )


class ImportJobBase(models.Model):
    """One spreadsheet on its way in: uploaded, read, mapped, checked, then imported (or failed)."""

    # Each concrete job declares ``organization`` (a foreign key to core.Organization, CASCADE) with a
    # related name of its own: a "%(app_label)s" there would reach the migrations unresolved.
    organization: models.ForeignKey[Any, Any]
    organization_id: int
    created_by = models.ForeignKey(
        "core.Membership", verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4)
    file_size = models.PositiveIntegerField(_("size"), default=0)
    stored_file = models.CharField(max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=8, default="de")
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    imported_rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="%(app_label)s_import_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(file_format__in=FILE_FORMATS), name="%(app_label)s_import_format_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "updated_at"], name="%(app_label)s_import_status_idx")]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_IMPORT_STATUSES

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [problem for problem in self.problems if problem["level"] == "error"]

    @property
    def warnings(self) -> list[dict[str, Any]]:
        return [problem for problem in self.problems if problem["level"] == "warning"]
