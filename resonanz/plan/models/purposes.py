"""Why the plan app processes personal data and how long it keeps it (see ``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

PLAN = Purpose(
    "communication_plan",
    _("documenting, approving and publishing the communication plan (ISO 9001 7.4, 7.5)"),
)
EVIDENCE = Purpose("plan_evidence", _("evidencing that planned communication took place"))
REVIEWS = Purpose("plan_reviews", _("reminding plan owners of due reviews"))
IMPORT = Purpose("plan_import", _("importing an existing communication matrix from a spreadsheet"))

WITH_THE_PLAN = Retention("communication_plan", _("as long as the plan is kept as documented information"))
IMPORT_JOB = Retention(
    "plan_import",
    _("as long as the import is listed; the uploaded file is deleted when the import has finished or failed"),
)
