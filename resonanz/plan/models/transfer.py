"""An import of an existing matrix from a spreadsheet: uploaded, mapped, checked, then imported."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from resonanz.core.imports.models import ACTIVE_IMPORT_STATUSES as ACTIVE_IMPORT_STATUSES
from resonanz.core.imports.models import ImportJobBase, declare_import_job
from resonanz.core.imports.models import ImportStatus as ImportStatus
from resonanz.plan.models.purposes import IMPORT, IMPORT_JOB


@declare_import_job(IMPORT, IMPORT_JOB, not_personal=("version",))
class ImportJob(ImportJobBase):
    """One spreadsheet on its way into a draft (see ``resonanz.core.imports.models``)."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="plan_import_jobs"
    )
    version = models.ForeignKey(
        "plan.PlanVersion", verbose_name=_("draft"), on_delete=models.CASCADE, related_name="import_jobs"
    )

    class Meta(ImportJobBase.Meta):
        pass
