"""Why the documents app processes personal data and how long it keeps it (see ``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

DOCUMENTS = Purpose("documents", _("making the PDF documents members export (plans, reports)"))

WHILE_MADE_AND_A_DAY = Retention(
    "document_job", _("while the document is made and for a day after; then the job and its file are deleted")
)
