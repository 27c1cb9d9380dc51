"""Why the quality app processes personal data and how long it keeps it (see ``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

NONCONFORMITY_RECORDS = Purpose(
    "nonconformity_records",
    _(
        "recording incidents and nonconformities, who handles them, their corrective actions and the "
        "results (ISO 9001 clause 10.2.2)"
    ),
)
WITH_THE_INCIDENT = Retention(
    "with_the_incident",
    _("as long as the incident is kept as retained documented information (ISO 9001 clause 10.2.2)"),
)
