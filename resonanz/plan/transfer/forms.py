"""Forms of the plan's import pages: the shared upload form and the column mapping for the plan's fields."""

from __future__ import annotations

from typing import Any

from resonanz.core.imports import forms as import_forms
from resonanz.core.imports.forms import UploadForm as UploadForm
from resonanz.plan.models import ImportJob
from resonanz.plan.transfer.columns import COLUMN_SET


class MappingForm(import_forms.MappingForm):
    """One choice per field of the plan: which column of the file holds it, if any."""

    def __init__(self, *args: Any, job: ImportJob, **kwargs: Any) -> None:
        super().__init__(*args, job=job, columns=COLUMN_SET, **kwargs)
