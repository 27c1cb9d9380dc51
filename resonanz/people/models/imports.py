"""An import of people from an HR export: uploaded, mapped, checked, then imported (``core.imports``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from resonanz.core.imports.models import ImportJobBase, declare_import_job
from resonanz.people.models.purposes import IMPORT, IMPORT_JOB


@declare_import_job(
    IMPORT, IMPORT_JOB, free_text=("summary",), not_personal=("invite", "missing_are_leavers")
)
class PeopleImportJob(ImportJobBase):
    """One HR export on its way into the organization's people (see ``resonanz.people.actions.imports``).

    ``summary`` holds the dry run's figures (new, updated, unchanged, leavers) and the members who would
    leave because the file lacks them; ``invite`` and ``missing_are_leavers`` are the member's options.
    """

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="people_import_jobs"
    )
    invite = models.BooleanField(_("invite new people by e-mail"), default=False)
    missing_are_leavers = models.BooleanField(_("members missing from the file have left"), default=False)
    summary = models.JSONField(default=dict, blank=True)

    class Meta(ImportJobBase.Meta):
        verbose_name = _("people import")
        verbose_name_plural = _("people imports")
